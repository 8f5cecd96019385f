"""Batch analysis on Dask: partitions of the input analysed on workers, written as Parquet.

The input (JSONL corpora, folders of text or HTML, Parquet files with a ``text`` column)
is cut into partitions of ``partition_size`` documents. Each partition is one Dask task:
it reads its documents, runs :func:`factdesk.api.analyze_many` (the pipeline is loaded
once per worker process and cached there), and writes one Parquet file per table under
``OUT/<table>/part-<partition>.parquet``, then a marker ``OUT/_partitions/<id>.json``.
Files appear by atomic rename and the marker is written last, so a partition is either
done (marker present: a rerun skips it) or redone whole (a killed worker's task is retried
by Dask and overwrites its own files): no document is lost or written twice.

Dask is the engine (no home-made scheduler): ``engine="local"`` starts a
``dask.distributed.LocalCluster`` on this machine's cores; ``engine="dask"`` connects to a
running scheduler by address.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from factdesk.api import analyze_many
from factdesk.errors import EXIT_CODES, FactdeskError, InputNotFoundError
from factdesk.inputs import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    InputDocument,
    read_file,
    read_jsonl,
)
from factdesk.options import Options
from factdesk.record import DocumentInfo, ErrorInfo, ErrorRecord, Record
from factdesk.store.export import arrow_schema
from factdesk.store.tables import TABLES, document_row, rows

# The tables a batch writes: the flat tables, the errors, and the full records (for the store).
BATCH_TABLES = ("documents", "entities", "quotes", "claims", "times", "events", "roles", "errors", "records")
RECORD_COLUMNS = [("doc_id", "TEXT"), ("sha256", "TEXT"), ("record", "TEXT")]
MARKERS = "_partitions"
PARQUET_SUFFIXES = frozenset({".parquet"})


@dataclass(frozen=True)
class Partition:
    """A slice of one input: lines of a JSONL file, rows of a Parquet file, or a list of files."""

    id: str
    kind: str  # jsonl, parquet, files
    source: str
    offset: int = 0  # byte offset (jsonl) or first row (parquet)
    first_line: int = 1
    count: int = 0  # lines (jsonl), rows (parquet) or files
    files: tuple[str, ...] = ()


@dataclass
class PartitionResult:
    id: str
    documents: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this worker process's CPU time for the partition (steadier than seconds)
    worker_pid: int = 0
    peak_rss_mb: float = 0.0


@dataclass
class BatchSummary:
    partitions: int = 0
    skipped: int = 0  # done in an earlier run
    done: int = 0
    documents: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    results: list[PartitionResult] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # partitions that failed after their retries, and why

    @property
    def docs_per_second(self) -> float:
        return (self.documents + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------- planning


def _partition_id(kind: str, source: Path, offset: int, count: int, extra: str = "") -> str:
    # The input's size is in the id: a changed file gets new partitions instead of stale markers.
    size = source.stat().st_size if source.is_file() else 0
    key = f"{kind}|{source.resolve()}|{size}|{offset}|{count}|{extra}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _plan_jsonl(path: Path, size: int) -> Iterator[Partition]:
    offset, first_line, lines = 0, 1, 0
    position = 0
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            if lines == 0:
                offset, first_line = position, number
            position += len(raw)
            lines += 1
            if lines == size:
                yield Partition(
                    _partition_id("jsonl", path, offset, lines), "jsonl", str(path), offset, first_line, lines
                )
                lines = 0
    if lines:
        yield Partition(_partition_id("jsonl", path, offset, lines), "jsonl", str(path), offset, first_line, lines)


def _plan_parquet(path: Path, size: int) -> Iterator[Partition]:
    import pyarrow.parquet as pq

    rows_total = pq.ParquetFile(str(path)).metadata.num_rows
    for start in range(0, rows_total, size):
        count = min(size, rows_total - start)
        yield Partition(_partition_id("parquet", path, start, count), "parquet", str(path), start, 1, count)


def _plan_files(files: list[Path], size: int, root: Path) -> Iterator[Partition]:
    for start in range(0, len(files), size):
        chunk = tuple(str(f) for f in files[start : start + size])
        extra = "|".join(chunk)
        yield Partition(
            _partition_id("files", root, start, len(chunk), extra), "files", str(root), start, 1, len(chunk), chunk
        )


def plan(inputs: Iterable[str], partition_size: int = 200) -> list[Partition]:
    """The partitions of ``inputs`` (paths to JSONL or Parquet files, text/HTML files, folders)."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    partitions: list[Partition] = []
    loose: list[Path] = []
    for spec in inputs:
        path = Path(spec)
        if path.is_dir():
            wanted = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | PARQUET_SUFFIXES
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted)
            partitions += plan(
                [str(p) for p in found if p.suffix.lower() in JSONL_SUFFIXES | PARQUET_SUFFIXES], partition_size
            )
            files = [p for p in found if p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES]
            partitions += _plan_files(files, partition_size, path)
        elif path.is_file() and path.suffix.lower() in JSONL_SUFFIXES:
            partitions += _plan_jsonl(path, partition_size)
        elif path.is_file() and path.suffix.lower() in PARQUET_SUFFIXES:
            partitions += _plan_parquet(path, partition_size)
        elif path.is_file():
            loose.append(path)
        else:
            raise InputNotFoundError("no such file or folder", source=spec)
    if loose:
        partitions += _plan_files(loose, partition_size, Path("."))
    return partitions


# ---------------------------------------------------------------- one partition, on a worker


def _parquet_documents(p: Partition) -> Iterator[InputDocument | FactdeskError]:
    import pyarrow.parquet as pq

    table = pq.read_table(p.source)
    if "text" not in table.column_names:
        yield InputNotFoundError("the Parquet file has no 'text' column", source=p.source)
        return
    for number, row in enumerate(table.slice(p.offset, p.count).to_pylist(), start=p.offset):
        text = row.get("text")
        if not isinstance(text, str):
            continue
        yield InputDocument(
            text=text,
            id=str(row["id"]) if row.get("id") is not None else None,
            title=row.get("title"),
            source=row.get("source"),
            url=row.get("url"),
            origin=f"{p.source}:row{number}",
        )


def read_partition(p: Partition, options: Options) -> Iterator[InputDocument | FactdeskError]:
    """The documents of a partition, errors in place of bad ones."""
    if p.kind == "jsonl":
        yield from read_jsonl(Path(p.source), options, offset=p.offset, first_line=p.first_line, max_lines=p.count)
    elif p.kind == "parquet":
        yield from _parquet_documents(p)
    else:
        for file in p.files:
            yield from read_file(Path(file), options)


def _arrow_schema(table: str) -> Any:
    return arrow_schema(RECORD_COLUMNS if table == "records" else [(c.name, c.type) for c in TABLES[table]])


def _write_parquet(path: Path, table: str, data: list[dict[str, Any]]) -> None:
    """Write rows to ``path`` atomically (a temporary name, then rename)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    schema = _arrow_schema(table)
    pq.write_table(pa.Table.from_pylist(data, schema=schema), str(partial))
    os.replace(partial, path)


def _error_row(error: ErrorRecord) -> dict[str, Any]:
    return {
        "input": error.input,
        "doc_id": error.document.id if error.document else None,
        "sha256": error.document.text_sha256 if error.document else None,
        "code": error.error.code,
        "message": error.error.message,
    }


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_partition(p: Partition, out_dir: str, options: Options) -> PartitionResult:
    """Analyse one partition and write its tables, then its marker (runs on a Dask worker)."""
    started = time.perf_counter()
    cpu_started = time.process_time()
    out = Path(out_dir)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in BATCH_TABLES}
    result = PartitionResult(p.id, worker_pid=os.getpid())
    for item in analyze_many(read_partition(p, options), options=options):
        if isinstance(item, Record):
            result.documents += 1
            result.words += len((item.text or "").split())
            tables["documents"].append(document_row(item))
            tables["records"].append(
                {"doc_id": item.document.id, "sha256": item.document.text_sha256, "record": item.to_json()}
            )
            for name, row in rows(item):
                if name in tables:
                    tables[name].append(row)
        else:
            result.failed += 1
            tables["errors"].append(_error_row(item))
    for name, data in tables.items():
        _write_parquet(out / name / f"part-{p.id}.parquet", name, data)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    result.peak_rss_mb = _peak_rss_mb()
    marker = out / MARKERS / f"{p.id}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    partial = marker.with_name(f".{marker.name}.{uuid.uuid4().hex}.tmp")
    partial.write_text(json.dumps({"partition": asdict(p), "result": asdict(result)}), encoding="utf-8")
    os.replace(partial, marker)  # the partition's commit
    return result


def done_partitions(out_dir: Path) -> set[str]:
    """Ids of the partitions a previous run finished."""
    folder = out_dir / MARKERS
    return {f.stem for f in folder.glob("*.json")} if folder.is_dir() else set()


# Dask's worker housekeeping, slowed down for long CPU-bound tasks: the statistical profiler
# (stack samples every 10 ms, for the dashboard, which a LocalCluster here does not serve), the
# event-loop tick (20 ms) and the memory and system monitors each take the GIL from the task
# thread; measured on this pipeline, a partition ran 25-30% slower in a worker with the defaults
# than in a plain process, and 0-10% slower with these.
WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.worker.profile.interval": "10s",
    "distributed.worker.profile.cycle": "100s",
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def _warm() -> int:
    """Load the pipeline in this worker process (once: it is cached there)."""
    from factdesk.pipeline import get_pipeline

    get_pipeline()
    return os.getpid()


# ---------------------------------------------------------------- the driver


def run_batch(
    inputs: Iterable[str],
    out_dir: str | Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = 200,
    options: Options | None = None,
    progress: Callable[[BatchSummary], None] | None = None,
    client: Any = None,
) -> BatchSummary:
    """Analyse ``inputs`` on Dask and write partitioned Parquet tables to ``out_dir``.

    Partitions finished by an earlier run are skipped. ``engine="local"`` starts a
    LocalCluster of ``workers`` processes (default: this machine's cores);
    ``engine="dask"`` connects to ``scheduler``; ``client`` passes an existing Dask client.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    options = options or Options(include_text=True)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.rglob(".*.tmp"):  # files of tasks killed mid-write
        stale.unlink(missing_ok=True)
    partitions = plan(inputs, partition_size)
    finished = done_partitions(out)
    todo = [p for p in partitions if p.id not in finished]
    summary = BatchSummary(partitions=len(partitions), skipped=len(partitions) - len(todo))
    if not todo:
        return summary
    cluster = None
    own_client = client is None
    if client is None:
        if engine == "local":
            import dask

            # The workers get the config in force when they start.
            with dask.config.set(WORKER_CONFIG):
                cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            client = Client(cluster)
        elif engine == "dask":
            if not scheduler:
                raise ValueError("engine 'dask' needs a scheduler address (--scheduler tcp://HOST:8786)")
            client = Client(scheduler)
        else:
            raise ValueError("engine must be 'local' or 'dask'")
    started = time.perf_counter()
    try:
        client.run(_warm)
        # pure=False: a retried partition must run again, not come from a cache.
        futures = client.map(run_partition, todo, out_dir=str(out), options=options, pure=False, retries=3)
        for future in as_completed(futures):
            try:
                result: PartitionResult = future.result()
            except Exception as exc:  # a partition that cannot be read: report it, finish the rest
                summary.broken.append(f"{type(exc).__name__}: {exc}")
                continue
            summary.done += 1
            summary.documents += result.documents
            summary.failed += result.failed
            summary.words += result.words
            summary.results.append(result)
            summary.seconds = time.perf_counter() - started
            if progress is not None:
                progress(summary)
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
    summary.seconds = time.perf_counter() - started
    return summary


# ---------------------------------------------------------------- batch output into the store


def read_batch_results(out_dir: str | Path, *, chunk: int = 500) -> Iterator[list[Record | ErrorRecord]]:
    """The records and error records of a batch output folder, in chunks (for the store)."""
    import pyarrow.parquet as pq

    out = Path(out_dir)
    if not (out / MARKERS).is_dir():
        raise InputNotFoundError(f"{out} is not a factdesk batch output (no {MARKERS} folder)", source=str(out))
    for marker in sorted((out / MARKERS).glob("*.json")):
        part = marker.stem
        items: list[Record | ErrorRecord] = []
        records = out / "records" / f"part-{part}.parquet"
        if records.exists():
            for row in pq.read_table(str(records)).to_pylist():
                items.append(Record.model_validate_json(row["record"]))
        errors = out / "errors" / f"part-{part}.parquet"
        if errors.exists():
            for row in pq.read_table(str(errors)).to_pylist():
                document = DocumentInfo(id=row["doc_id"] or "", text_sha256=row["sha256"]) if row["sha256"] else None
                code = str(row["code"])
                items.append(
                    ErrorRecord(
                        document=document,
                        input=row["input"],
                        error=ErrorInfo(code=code, message=str(row["message"]), exit_code=EXIT_CODES.get(code, 1)),
                    )
                )
        for start in range(0, len(items), chunk):
            yield items[start : start + chunk]
