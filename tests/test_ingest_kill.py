"""``factdesk ingest`` killed with SIGKILL mid-run, then run again: every document stored
exactly once, nothing half-written, the file intact.

Slow by nature (it analyses 2,000 Reuters articles in a subprocess with two workers, about
two to three minutes on two cores); everything else about the store is in test_store.py."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

from factdesk.inputs import sha256_text
from factdesk.store.tables import TABLES
from tests.conftest import CORPORA, ROOT

# The minimum: 2,000 documents (the first lines of the corpus; some have no body and
# become error records). The kill comes once a few hundred are stored.
LINES = 2000
KILL_AT = 300
FIRST_RUN_LIMIT = 240.0  # seconds to reach KILL_AT before the test gives up
SECOND_RUN_LIMIT = 600.0
FLAT = [name for name in TABLES if name not in ("documents", "errors")]


def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5.0)


def _documents_stored(db: Path) -> int:
    """Documents committed so far, or -1 while the store is not there yet."""
    if not db.exists():
        return -1
    try:
        connection = _read_only(db)
        try:
            return int(connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error:  # not created yet, or mid-migration
        return -1


def _group(pgid: int) -> list[int]:
    """Living (not zombie) processes of a process group."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(stat.parent.name))
    return members


def _check_consistent(db: Path) -> dict[str, int]:
    """Rows per table, after checking that the file and its rows hang together."""
    connection = _read_only(db)
    try:

        def one(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {name: one(f"SELECT COUNT(*) FROM {name}") for name in [*TABLES, "documents_fts", "quotes_fts"]}
        # Every document has its full-text row, every quote its own, and nothing else is there.
        assert counts["documents_fts"] == counts["documents"]
        assert one("SELECT COUNT(*) FROM documents d JOIN documents_fts f ON f.rowid = d.rowid") == counts["documents"]
        assert counts["quotes_fts"] == counts["quotes"]
        assert one("SELECT COUNT(*) FROM quotes q JOIN quotes_fts f ON f.rowid = q.rowid") == counts["quotes"]
        # No orphan rows: each row's document is stored, and it holds as many rows as its record says.
        for name in FLAT:
            assert one(f"SELECT COUNT(*) FROM {name} WHERE doc NOT IN (SELECT rowid FROM documents)") == 0, name
        for name in ("entities", "quotes", "claims", "roles"):
            assert one(f"SELECT SUM({name}) FROM documents") == counts[name] or counts["documents"] == 0, name
        assert one("SELECT COUNT(DISTINCT sha256) FROM documents") == counts["documents"]
        assert one("SELECT COUNT(*) FROM errors e JOIN documents d ON d.sha256 = e.sha256") == 0
        return counts
    finally:
        connection.close()


def test_ingest_killed_then_rerun_stores_every_document_once(tmp_path: Path) -> None:
    reuters = CORPORA / "reuters-21578.jsonl"
    assert reuters.exists(), f"{reuters} is missing: the tests read factdesk's shared data from ../shared"
    with reuters.open(encoding="utf-8") as source:
        lines = list(islice(source, LINES))
    assert len(lines) == LINES
    corpus = tmp_path / "reuters.jsonl"
    corpus.write_text("".join(lines), encoding="utf-8")
    texts = [json.loads(line).get("text") for line in lines]
    hashes = {sha256_text(t) for t in texts if isinstance(t, str) and t.strip()}
    no_text = sum(1 for t in texts if not (isinstance(t, str) and t.strip()))
    assert no_text > 0 and len(hashes) + no_text < LINES  # the sample has empty bodies and repeats

    db = tmp_path / "desk.db"
    command = [sys.executable, "-m", "factdesk.cli", "ingest", str(corpus), "--db", str(db), "-q", "--workers", "2"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p),
    }

    started = time.monotonic()
    with (tmp_path / "first.log").open("wb") as log:
        # Its own process group, so that spaCy's worker processes die with it.
        first = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        try:
            while _documents_stored(db) < KILL_AT:
                assert first.poll() is None, (tmp_path / "first.log").read_text(encoding="utf-8", errors="replace")
                assert time.monotonic() - started < FIRST_RUN_LIMIT, "the first run stored too little too slowly"
                time.sleep(0.1)
            # The CLI and spaCy's two worker processes, all in the CLI's process group.
            assert len(_group(first.pid)) >= 3
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert first.returncode == -signal.SIGKILL
    deadline = time.monotonic() + 10
    while _group(first.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group(first.pid) == [], "worker processes outlived the kill"

    # Killed mid-run: whole batches only, and fewer than all.
    partial = _check_consistent(db)
    assert KILL_AT <= partial["documents"] < len(hashes)

    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=SECOND_RUN_LIMIT)
    assert second.returncode == 0, second.stderr
    elapsed = time.monotonic() - started

    counts = _check_consistent(db)
    assert second.stdout.startswith(f"{counts['documents'] - partial['documents']:,} stored, ")
    connection = _read_only(db)
    try:
        stored = {str(r[0]) for r in connection.execute("SELECT sha256 FROM documents")}
        failed = [(r[0], r[1]) for r in connection.execute("SELECT sha256, code FROM errors")]
    finally:
        connection.close()
    # Every distinct input once: each text stored as a document or recorded as failed, each
    # line without a text recorded as failed, nothing twice.
    assert counts["documents"] + counts["errors"] == len(hashes) + no_text
    assert stored | {sha for sha, _ in failed if sha} == hashes
    assert len([sha for sha, _ in failed if sha is None]) == no_text
    assert {code for sha, code in failed if sha is None} == {"empty"}
    assert counts["documents"] > 0.9 * len(hashes)
    assert elapsed < SECOND_RUN_LIMIT
