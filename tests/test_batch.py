"""Batch analysis on a real dask.distributed LocalCluster: partitions, resumption, a killed worker."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from factdesk.batch import MARKERS, Partition, done_partitions, plan, read_partition, run_batch, run_partition
from factdesk.cli import main
from factdesk.options import Options
from factdesk.store import open_store

TEXTS = [
    "Israeli Prime Minister Benjamin Netanyahu said on Monday that 12 rockets were fired at Tel Aviv.",
    "At least 30 people were killed in the strike, the health ministry said on Tuesday.",
    "The UN agency said 1,200 families had been displaced from the north of the city.",
    "Talks resumed in Cairo on Wednesday, officials said, with no sign of a deal.",
    "Ukrainian President Volodymyr Zelensky said two drones were shot down overnight.",
    "The army said it had detained 15 suspects in raids across the West Bank.",
]


def write_corpus(path: Path, n: int, *, bad: bool = True) -> int:
    """A JSONL corpus of ``n`` distinct short articles (plus one bad line when ``bad``)."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            text = f"{TEXTS[i % len(TEXTS)]} Report number {i} of the day, filed by the desk."
            handle.write(json.dumps({"id": f"doc-{i}", "date": "2024-07-20", "text": text}) + "\n")
        if bad:
            handle.write("{not json\n")
    return n + (1 if bad else 0)


def table_rows(out: Path, table: str) -> list[dict[str, Any]]:
    files = sorted((out / table).glob("part-*.parquet"))
    return [row for f in files for row in pq.read_table(str(f)).to_pylist()]


def test_plan_covers_every_line_once(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = write_corpus(corpus, 23)
    parts = plan([str(corpus)], partition_size=5)
    assert [p.count for p in parts] == [5, 5, 5, 5, 4]
    assert sum(p.count for p in parts) == lines
    options = Options(check_language=False)
    ids = [getattr(d, "id", None) for p in parts for d in read_partition(p, options)]
    assert ids[:-1] == [f"doc-{i}" for i in range(23)] and ids[-1] is None  # the bad line is an error
    # Ids are stable across plans and change when the input does.
    assert [p.id for p in plan([str(corpus)], 5)] == [p.id for p in parts]
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "late", "text": "One more."}) + "\n")
    assert plan([str(corpus)], 5)[0].id != parts[0].id


def test_plan_folders_and_parquet(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(7):
        (folder / f"a{i}.txt").write_text(TEXTS[i % len(TEXTS)], encoding="utf-8")
    table = pa.table({"id": [f"p{i}" for i in range(9)], "text": [TEXTS[i % len(TEXTS)] for i in range(9)]})
    pq.write_table(table, str(tmp_path / "docs.parquet"))
    parts = plan([str(folder), str(tmp_path / "docs.parquet")], partition_size=4)
    assert [(p.kind, p.count) for p in parts] == [
        ("files", 4),
        ("files", 3),
        ("parquet", 4),
        ("parquet", 4),
        ("parquet", 1),
    ]
    options = Options(check_language=False)
    parquet_ids = [d.id for p in parts if p.kind == "parquet" for d in read_partition(p, options)]  # type: ignore[union-attr]
    assert parquet_ids == [f"p{i}" for i in range(9)]


def test_run_partition_writes_tables_then_marker_and_reruns_cleanly(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 4)
    part: Partition = plan([str(corpus)], partition_size=10)[0]
    out = tmp_path / "out"
    options = Options(check_language=False)
    first = run_partition(part, str(out), options)
    assert (first.documents, first.failed) == (4, 1)
    assert done_partitions(out) == {part.id}
    run_partition(part, str(out), options)  # a retried task overwrites its own files
    assert len(table_rows(out, "documents")) == 4
    assert len(table_rows(out, "errors")) == 1
    assert {r["category"] for r in table_rows(out, "claims")} >= {"projectiles", "killed"}
    assert not list(out.rglob("*.tmp"))


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from dask.distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(local)
    try:
        yield client
    finally:
        client.close()
        local.close()


def test_batch_on_two_workers_is_complete_and_resumable(cluster: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = write_corpus(corpus, 24)
    out = tmp_path / "out"
    options = Options(check_language=False)
    summary = run_batch([str(corpus)], out, partition_size=4, options=options, client=cluster)
    assert (summary.partitions, summary.done, summary.documents, summary.failed) == (7, 7, 24, 1)
    assert len({r.worker_pid for r in summary.results}) == 2  # both workers took partitions
    documents = table_rows(out, "documents")
    assert sorted(r["doc_id"] for r in documents) == sorted(f"doc-{i}" for i in range(24))
    assert len(documents) + len(table_rows(out, "errors")) == lines
    again = run_batch([str(corpus)], out, partition_size=4, options=options, client=cluster)
    assert (again.skipped, again.done) == (7, 0)
    # The batch output loads into the store, once.
    runner = CliRunner()
    db = tmp_path / "s.db"
    result = runner.invoke(main, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    runner.invoke(main, ["ingest", "--from-parquet", str(out), "--db", str(db)])
    with open_store(db) as store:
        counts = store.counts()
        assert (counts["documents"], counts["errors"]) == (24, 1)
        assert store.record("doc-3").document.published == "2024-07-20"


def test_a_killed_worker_loses_and_duplicates_nothing(cluster: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 40, bad=False)
    out = tmp_path / "out"
    options = Options(check_language=False)
    pids = list(cluster.run(os.getpid).values())
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["summary"] = run_batch([str(corpus)], out, partition_size=2, options=options, client=cluster)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while len(done_partitions(out)) < 3 and time.monotonic() < deadline and thread.is_alive():
        time.sleep(0.05)
    os.kill(pids[0], signal.SIGKILL)  # mid-run: the worker dies with a partition in hand
    thread.join(timeout=300)
    assert not thread.is_alive() and "error" not in outcome, outcome.get("error")
    assert len(done_partitions(out)) == 20
    ids = [r["doc_id"] for r in table_rows(out, "documents")]
    assert sorted(ids) == sorted(f"doc-{i}" for i in range(40))  # complete, no duplicates
    assert len(list((out / MARKERS).glob("*.json"))) == 20
