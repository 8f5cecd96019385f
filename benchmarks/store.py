"""The corpus store: ingest overhead over analysis alone, a full ingest, query latency.

Three parts, each optional, all figures from one process and one run:

1. Overhead. A sample of the corpora (CNN and Reuters in their corpus proportion, every
   k-th document with a body, interleaved) is analysed with ``analyze_many`` alone (results
   consumed and discarded) and ingested with ``ingest()`` into a fresh SQLite store, with
   the same worker count, best of ``--runs`` runs each, the order alternating between runs
   to spread drift. The ratio ingest/analyze time is the store's overhead. Because that
   difference of two long, noisy runs is small, the store's own cost is also timed alone:
   the sample's records, read back from the store, are added again to a fresh store in the
   same batches (best of 3), with the share of ``Record.to_json`` and of row building.
2. Full ingest (``--full``, default on) of cnn-2024.jsonl and reuters-21578.jsonl into
   ``--db`` (default: a temporary file), a progress line on stderr every ~30 s.
   ``--skip-ingest`` reuses an existing ``--db``; ``--limit N`` ingests the first N lines
   of each corpus only.
3. Query latency on that store: ~20 searches, ~20 claim queries, ~6 quote queries, each
   run once to warm up and then ``--repeats`` times; median and p95 per kind. A median over
   100 ms is flagged.

The machine is shared: absolute figures move with whatever else runs on it, ratios less.

    python benchmarks/store.py                                # all three parts, temp store
    python benchmarks/store.py --db /tmp/fd.db                # keep the store
    python benchmarks/store.py --no-full --sample 300         # the overhead part only, quick
    python benchmarks/store.py --skip-ingest --db /tmp/fd.db --sample 0   # queries only
    python benchmarks/store.py --limit 2000 --sample 0        # a partial ingest
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factdesk.ingest import IngestSummary

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("FACTDESK_SHARED", ROOT.parent / "shared")) / "corpora"
CNN = CORPORA / "cnn-2024.jsonl"
REUTERS = CORPORA / "reuters-21578.jsonl"
LATENCY_TARGET_MS = 100.0
OVERHEAD_TARGET = 0.10
PROGRESS_EVERY = 30.0

SEARCHES = [
    "ceasefire",
    "oil prices",
    "Gaza health ministry",
    "UNRWA",
    "interest rates",
    "hostages",
    "Federal Reserve",
    "Biden",
    "Trump campaign",
    "crude oil",
    "wheat exports",
    "OPEC",
    "dollar",
    "Hezbollah",
    "Ukraine",
    "Supreme Court",
    "trade deficit",
    "Bank of Japan",
    "Rafah",
    "Kamala Harris running mate",
]


def claim_queries() -> list[Any]:
    from factdesk.store import ClaimQuery

    return [
        ClaimQuery(),
        ClaimQuery(category="killed"),
        ClaimQuery(category="killed", source="health ministry"),
        ClaimQuery(category="injured"),
        ClaimQuery(category="hostages"),
        ClaimQuery(category="displaced"),
        ClaimQuery(category="detained"),
        ClaimQuery(category="missing"),
        ClaimQuery(category="aid"),
        ClaimQuery(subject="children"),
        ClaimQuery(subject="Palestinians"),
        ClaimQuery(category="killed", subject="children"),
        ClaimQuery(source="United Nations"),
        ClaimQuery(source="police"),
        ClaimQuery(source="Israel"),
        ClaimQuery(since="2024-07-20"),
        ClaimQuery(category="killed", since="2024-08-01", until="2024-08-31"),
        ClaimQuery(until="1987-03-31"),
        ClaimQuery(since="1987-01-01", until="1987-12-31"),
        ClaimQuery(subject="people", since="2024-01-01"),
        ClaimQuery(category="killed", source="ministry", since="2024-07-01", limit=1000),
    ]


def quote_queries() -> list[Any]:
    from factdesk.store import QuoteQuery

    return [
        QuoteQuery(speaker="Biden"),
        QuoteQuery(speaker="Netanyahu"),
        QuoteQuery(speaker="spokesman"),
        QuoteQuery(text="ceasefire"),
        QuoteQuery(text="oil prices"),
        QuoteQuery(speaker="Trump", text="election"),
    ]


# ---------------------------------------------------------------- inputs


def _has_body(line: bytes) -> bool:
    try:
        text = json.loads(line).get("text")
    except (ValueError, AttributeError):
        return False
    return isinstance(text, str) and bool(text.strip())


def _spaced(lines: list[bytes], n: int) -> list[bytes]:
    """``n`` of ``lines``, evenly spaced over the whole list."""
    if n >= len(lines):
        return lines
    step = len(lines) / n
    return [lines[int(i * step)] for i in range(n)]


def write_sample(out: Path, size: int) -> tuple[int, int]:
    """A JSONL sample of ``size`` documents with a body, CNN and Reuters in their corpus
    proportion, interleaved. Returns (CNN documents, Reuters documents)."""
    cnn = [line for line in CNN.read_bytes().splitlines() if _has_body(line)]
    reuters = [line for line in REUTERS.read_bytes().splitlines() if _has_body(line)]
    n_cnn = max(1, round(size * len(cnn) / (len(cnn) + len(reuters))))
    picked_cnn, picked_reuters = _spaced(cnn, n_cnn), _spaced(reuters, size - n_cnn)
    # Interleave by relative position so every batch mixes long CNN and short Reuters texts.
    keyed = [(i / len(picked_cnn), line) for i, line in enumerate(picked_cnn)]
    keyed += [(i / len(picked_reuters), line) for i, line in enumerate(picked_reuters)]
    keyed.sort(key=lambda pair: pair[0])
    out.write_bytes(b"".join(line + b"\n" for _, line in keyed))
    return len(picked_cnn), len(picked_reuters)


def write_head(corpus: Path, out: Path, limit: int) -> None:
    with corpus.open("rb") as stream:
        out.write_bytes(b"".join(islice(stream, limit)))


def text_words(inputs: Sequence[str]) -> dict[str, int]:
    """Words per distinct text (by SHA-256) of the documents ``ingest`` would read."""
    from factdesk.inputs import InputDocument, iter_inputs, sha256_text
    from factdesk.options import Options

    words: dict[str, int] = {}
    for spec in inputs:
        for doc in iter_inputs(spec, Options()):
            if isinstance(doc, InputDocument) and doc.text:
                words.setdefault(sha256_text(doc.text), len(doc.text.split()))
    return words


# ---------------------------------------------------------------- part 1: overhead


@dataclass
class Overhead:
    documents: int
    cnn: int
    reuters: int
    words: int
    workers: int
    analyze_s: list[float] = field(default_factory=list)
    ingest_s: list[float] = field(default_factory=list)
    analyze_cpu: list[float] = field(default_factory=list)
    ingest_cpu: list[float] = field(default_factory=list)
    stored: int = 0
    failed: int = 0
    store_only_s: float = 0.0
    to_json_s: float = 0.0
    rows_s: float = 0.0
    store_records: int = 0

    @property
    def ratio(self) -> float:
        return min(self.ingest_s) / min(self.analyze_s)

    @property
    def cpu_ratio(self) -> float:
        return min(self.ingest_cpu) / min(self.analyze_cpu)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the spaCy workers, once joined):
    less sensitive than wall time to other work on a shared machine, though not immune."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_analyze(sample: Path, workers: int) -> tuple[float, float]:
    from factdesk.api import analyze_many
    from factdesk.inputs import iter_inputs
    from factdesk.options import Options

    options = Options()
    cpu, start = cpu_seconds(), time.perf_counter()
    for _ in analyze_many(iter_inputs(str(sample), options), n_process=workers, options=options):
        pass
    return time.perf_counter() - start, cpu_seconds() - cpu


def time_ingest(sample: Path, db: Path, workers: int, batch_size: int) -> tuple[float, float, Any]:
    from factdesk.ingest import ingest
    from factdesk.store import open_store

    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    with open_store(db) as store:
        cpu, start = cpu_seconds(), time.perf_counter()
        summary = ingest([str(sample)], store, workers=workers, batch_size=batch_size)
        seconds = time.perf_counter() - start
    return seconds, cpu_seconds() - cpu, summary


def time_store_only(db: Path, scratch: Path, batch_size: int, runs: int = 3) -> tuple[float, float, float, int]:
    """The store's own cost for the records in ``db``: (add seconds, to_json seconds,
    row-building seconds, records), best of ``runs`` each."""
    from factdesk.record import Record
    from factdesk.store import open_store
    from factdesk.store.tables import document_row, rows

    source = open_store(db, create=False)
    try:
        records = [Record.model_validate_json(r[0]) for r in source.db.execute("SELECT record FROM documents")]
    finally:
        source.close()
    best_add = best_json = best_rows = float("inf")
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        with open_store(scratch) as store:
            start = time.perf_counter()
            for i in range(0, len(records), batch_size):
                store.add(records[i : i + batch_size])
            best_add = min(best_add, time.perf_counter() - start)
        start = time.perf_counter()
        for record in records:
            record.to_json()
        best_json = min(best_json, time.perf_counter() - start)
        start = time.perf_counter()
        for record in records:
            document_row(record)
            for _ in rows(record):
                pass
        best_rows = min(best_rows, time.perf_counter() - start)
    return best_add, best_json, best_rows, len(records)


def run_overhead(size: int, workers: int, runs: int, batch_size: int, tmp: Path) -> Overhead:
    from factdesk.api import analyze_many
    from factdesk.pipeline import get_pipeline

    sample = tmp / "sample.jsonl"
    n_cnn, n_reuters = write_sample(sample, size)
    words = sum(text_words([str(sample)]).values())
    result = Overhead(n_cnn + n_reuters, n_cnn, n_reuters, words, workers)
    get_pipeline()
    list(analyze_many(["Warm-up: the ministry said 12 people were killed on Monday."] * 4))
    db = tmp / "sample.db"
    for run in range(runs):
        order: list[str] = ["analyze", "ingest"] if run % 2 == 0 else ["ingest", "analyze"]
        for what in order:
            if what == "analyze":
                seconds, cpu = time_analyze(sample, workers)
                result.analyze_s.append(seconds)
                result.analyze_cpu.append(cpu)
            else:
                seconds, cpu, summary = time_ingest(sample, db, workers, batch_size)
                result.ingest_s.append(seconds)
                result.ingest_cpu.append(cpu)
                result.stored, result.failed = summary.stored, summary.failed
            print(
                f"  run {run + 1} {what:<8}{seconds:>9.1f} s  {result.documents / seconds:>7.1f} docs/s"
                f"  {cpu:>8.1f} CPU s",
                file=sys.stderr,
            )
    add_s, json_s, rows_s, n = time_store_only(db, tmp / "scratch.db", batch_size)
    result.store_only_s, result.to_json_s, result.rows_s, result.store_records = add_s, json_s, rows_s, n
    return result


# ---------------------------------------------------------------- part 2: full ingest


@dataclass
class Full:
    inputs: list[str]
    summary: IngestSummary  # what ingest() reported
    words: int
    db_bytes: int
    counts: dict[str, int]


def run_full(inputs: list[str], db: Path, workers: int, batch_size: int) -> Full:
    from factdesk.ingest import ingest
    from factdesk.store import open_store

    words = text_words(inputs)
    last = time.perf_counter()

    def progress(done: IngestSummary) -> None:
        nonlocal last
        now = time.perf_counter()
        if now - last >= PROGRESS_EVERY:
            last = now
            print(
                f"  [{done.seconds:7.0f} s] {done.stored:,} stored, {done.already_stored:,} already, "
                f"{done.duplicates:,} repeated, {done.failed:,} failed, {done.rate:.1f} docs/s",
                file=sys.stderr,
                flush=True,
            )

    with open_store(db) as store:
        known = store.known(words)
        new_words = sum(n for sha, n in words.items() if sha not in known)
        summary = ingest(inputs, store, workers=workers, batch_size=batch_size, progress=progress)
        counts = store.counts()
    return Full(inputs, summary, new_words, db_size(db), counts)


def db_size(db: Path) -> int:
    return sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())


# ---------------------------------------------------------------- part 3: queries


@dataclass
class Latency:
    kind: str
    label: str
    rows: int
    ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.ms)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]


def _label(query: Any) -> str:
    fields = {k: v for k, v in vars(query).items() if v is not None and not (k == "limit" and v == 100)}
    return ", ".join(f"{k}={v!r}" for k, v in fields.items()) or "(no filter)"


def run_queries(db: Path, repeats: int) -> list[Latency]:
    from factdesk.store import open_store

    found: list[Latency] = []
    with open_store(db, create=False) as store:
        plan: list[tuple[str, str, Callable[[], list[dict[str, Any]]]]] = []
        plan += [("search", repr(text), partial(store.search, text)) for text in SEARCHES]
        plan += [("claims", _label(q), partial(store.claims, q)) for q in claim_queries()]
        plan += [("quotes", _label(q), partial(store.quotes, q)) for q in quote_queries()]
        for kind, label, run in plan:
            count = len(run())  # warm-up
            times: list[float] = []
            for _ in range(repeats):
                start = time.perf_counter()
                run()
                times.append((time.perf_counter() - start) * 1000)
            found.append(Latency(kind, label, count, times))
    return found


# ---------------------------------------------------------------- report


def report(
    overhead: Overhead | None, full: Full | None, latencies: list[Latency], args: argparse.Namespace
) -> list[str]:
    lines: list[str] = []
    if latencies:
        lines.append(f"{'query':<8}{'':<62}{'rows':>6}{'median ms':>11}{'p95 ms':>9}")
        for lat in latencies:
            flag = "  SLOW" if lat.median > LATENCY_TARGET_MS else ""
            lines.append(
                f"{lat.kind:<8}{lat.label[:60]:<62}{lat.rows:>6}{lat.median:>11.1f}"
                f"{percentile(lat.ms, 0.95):>9.1f}{flag}"
            )
        lines.append("")
    lines.append("=" * 78)
    lines.append(f"{'figure':<52}{'value':>26}")
    lines.append("-" * 78)

    def row(name: str, value: str) -> None:
        lines.append(f"{name:<52}{value:>26}")

    if overhead is not None:
        o = overhead
        analyze, ingest_best = min(o.analyze_s), min(o.ingest_s)
        row(f"sample: documents (CNN + Reuters), workers {o.workers}", f"{o.documents:,} ({o.cnn} + {o.reuters})")
        row("sample: words", f"{o.words:,}")
        row("analyze_many alone: seconds (runs)", " / ".join(f"{s:.1f}" for s in o.analyze_s))
        row("ingest() into a fresh store: seconds (runs)", " / ".join(f"{s:.1f}" for s in o.ingest_s))
        row("analyze_many alone: docs/s (best)", f"{o.documents / analyze:.2f}")
        row("ingest(): docs/s (best)", f"{o.documents / ingest_best:.2f}")
        verdict = "ok" if o.ratio - 1 <= OVERHEAD_TARGET else "OVER 10%"
        row("ratio ingest/analyze (overhead), target <= 1.10", f"{o.ratio:.3f} ({o.ratio - 1:+.1%}) {verdict}")
        pairs = [i / a for i, a in zip(o.ingest_s, o.analyze_s, strict=True)]
        row("ratio per run pair (adjacent runs)", " / ".join(f"{r:.3f}" for r in pairs))
        row("ratio, median of run pairs", f"{statistics.median(pairs):.3f} ({statistics.median(pairs) - 1:+.1%})")
        row("CPU s, main + workers: analyze (runs)", " / ".join(f"{s:.1f}" for s in o.analyze_cpu))
        row("CPU s, main + workers: ingest (runs)", " / ".join(f"{s:.1f}" for s in o.ingest_cpu))
        row("CPU ratio ingest/analyze (best/best)", f"{o.cpu_ratio:.3f} ({o.cpu_ratio - 1:+.1%})")
        row(f"store alone: add {o.store_records:,} records, batch {args.batch_size}", f"{o.store_only_s:.2f} s")
        row("  of which Record.to_json / row building", f"{o.to_json_s:.2f} s / {o.rows_s:.2f} s")
        row("store alone / analyze (overhead if no overlap)", f"{o.store_only_s / analyze:.1%}")
        row("store alone: ms per document", f"{o.store_only_s / max(1, o.store_records) * 1000:.2f}")
    if full is not None:
        f, done = full, full.summary
        lines.append("-" * 78)
        reasons = ", ".join(f"{code} {n:,}" for code, n in sorted(done.reasons.items())) or "-"
        row("full ingest: inputs", ", ".join(Path(p).name for p in f.inputs)[:26])
        row(
            "stored / already / repeated / failed",
            f"{done.stored:,} / {done.already_stored:,} / {done.duplicates:,} / {done.failed:,}",
        )
        row("failed by reason", reasons[:26])
        if len(reasons) > 26:
            lines.append(f"  {reasons}")
        row("seconds", f"{done.seconds:,.0f} ({done.seconds / 60:.1f} min)")
        row("docs/s (stored + failed)", f"{done.rate:.2f}")
        row("words/s (analysed texts)", f"{f.words / done.seconds if done.seconds else 0:,.0f}")
        row("DB size (file + WAL)", f"{f.db_bytes / 1e6:,.1f} MB")
        row(
            "rows: documents / claims / quotes",
            f"{f.counts.get('documents', 0):,} / {f.counts.get('claims', 0):,} / {f.counts.get('quotes', 0):,}",
        )
    if latencies:
        lines.append("-" * 78)
        for kind in ("search", "claims", "quotes"):
            mine = [lat for lat in latencies if lat.kind == kind]
            if not mine:
                continue
            every = [ms for lat in mine for ms in lat.ms]
            slow = sum(1 for lat in mine if lat.median > LATENCY_TARGET_MS)
            row(
                f"{kind}: {len(mine)} queries, median / p95 / worst median ms",
                f"{statistics.median(every):.1f} / {percentile(every, 0.95):.1f} / "
                f"{max(lat.median for lat in mine):.1f}",
            )
            if slow:
                row(f"{kind}: queries with median > {LATENCY_TARGET_MS:.0f} ms", f"{slow} SLOW")
        overall = [lat.median for lat in latencies]
        row(
            "all queries: median of medians / worst median", f"{statistics.median(overall):.1f} / {max(overall):.1f} ms"
        )
    lines.append("=" * 78)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=1500, help="documents in the overhead sample (0: skip part 1)")
    parser.add_argument("--workers", type=int, default=2, help="analysis processes, for both parts")
    parser.add_argument("--runs", type=int, default=2, help="runs of each side in the overhead part (best is kept)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per store transaction")
    parser.add_argument(
        "--full", action=argparse.BooleanOptionalAction, default=True, help="the full ingest and queries"
    )
    parser.add_argument("--db", type=Path, help="store for the full ingest (default: a temporary file)")
    parser.add_argument("--skip-ingest", action="store_true", help="query an existing --db without ingesting")
    parser.add_argument("--limit", type=int, default=0, help="ingest only the first N lines of each corpus (0: all)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per query, after one warm-up")
    args = parser.parse_args(argv)
    if args.skip_ingest and not (args.db and args.db.exists()):
        parser.error("--skip-ingest needs an existing --db")

    with tempfile.TemporaryDirectory(prefix="factdesk-store-bench-") as scratch:
        tmp = Path(scratch)
        overhead = full = None
        latencies: list[Latency] = []
        if args.sample > 0:
            print(f"overhead: {args.sample:,} documents, {args.workers} workers, {args.runs} runs", file=sys.stderr)
            overhead = run_overhead(args.sample, args.workers, args.runs, args.batch_size, tmp)
        if args.full:
            db = args.db or tmp / "full.db"
            if not args.skip_ingest:
                inputs = [str(CNN), str(REUTERS)]
                if args.limit > 0:
                    inputs = []
                    for corpus in (CNN, REUTERS):
                        head = tmp / corpus.name
                        write_head(corpus, head, args.limit)
                        inputs.append(str(head))
                print(f"full ingest into {db} ({args.workers} workers)", file=sys.stderr, flush=True)
                full = run_full(inputs, db, args.workers, args.batch_size)
            print(f"queries on {db}", file=sys.stderr, flush=True)
            latencies = run_queries(db, args.repeats)
        print("\n".join(report(overhead, full, latencies, args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
