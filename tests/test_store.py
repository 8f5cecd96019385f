"""The corpus store: SQLiteStore, ingest() and the store's CLI commands, with their faults
(a damaged file, a lock, a full disk, an extractor that crashes, bad input).

Inputs are short texts written here; the kill -9 test is in test_ingest_kill.py."""

from __future__ import annotations

import csv
import json
import random
import re
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from spacy.tokens import Doc

import factdesk
from factdesk.cli import main
from factdesk.errors import EXIT_CODES, DocumentNotFoundError, StoreError
from factdesk.extract.claims import ClaimExtractor
from factdesk.ingest import IngestSummary, ingest
from factdesk.inputs import sha256_text
from factdesk.record import (
    Claim,
    ClaimSource,
    DocumentInfo,
    EntityRef,
    ErrorInfo,
    ErrorRecord,
    Event,
    Quote,
    Record,
    Span,
)
from factdesk.store import ClaimQuery, QuoteQuery, SQLiteStore, open_store
from factdesk.store import sqlite as sqlite_store
from factdesk.store.export import DEFAULT_TABLES
from factdesk.store.tables import TABLES

# Short articles written for these tests: figures with sources, quotes, roles, dates, and one
# document whose title and text carry markup.
ARTICLES: list[dict[str, str]] = [
    {
        "id": "gaza-1",
        "date": "2024-07-01",
        "source": "Test Wire",
        "title": "Strikes in Gaza",
        "text": 'The Gaza health ministry said 45 Palestinians were killed on Tuesday. "We will not stop," '
        "Defence Minister Yoav Gallant said.",
    },
    {
        "id": "police-1",
        "date": "2023-05-10",
        "source": "Kabul Daily",
        "title": "Blast in Kabul",
        "text": "Police said 12 people were injured in the blast in Kabul on Monday. Dorothy Shea, the acting US "
        "ambassador to the UN, said the attack was unacceptable.",
    },
    {
        "id": "army-1",
        "date": "2025-03-21",
        "source": "Border News",
        "title": "Border clashes",
        "text": "The army said three soldiers were killed in clashes near the border on Sunday. The Health Ministry "
        "said 20 people were wounded.",
    },
    {
        "id": "hostile",
        "date": "2024-01-05",
        "title": "<script>alert(1)</script>",
        "text": "Protesters wrote <script>alert(1)</script> on a banner in Ramallah on Friday, police said. "
        '"The banner was removed," a spokesperson said.',
    },
]

# Two more, for the ingest tests (six documents in all).
EXTRA: list[dict[str, str]] = [
    {
        "id": "aid-1",
        "date": "2024-02-11",
        "title": "Aid convoy",
        "text": "Officials said 120 aid trucks crossed into the enclave on Sunday after weeks of delays at the "
        "crossing, and more were expected.",
    },
    {
        "id": "missing-1",
        "date": "2024-03-02",
        "title": "Flood",
        "text": "Rescue teams said at least 30 people were missing after the flood swept through the valley on "
        "Saturday night.",
    },
]


def write_jsonl(path: Path, items: Sequence[dict[str, Any] | str]) -> Path:
    lines = [item if isinstance(item, str) else json.dumps(item) for item in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def analysed() -> dict[str, Record]:
    """The articles' records, analysed once for the module."""
    found: dict[str, Record] = {}
    for result in factdesk.analyze_many(ARTICLES):
        assert isinstance(result, Record), result
        found[result.document.id] = result
    return found


def _span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span.of(text, start, start + len(piece))


def make_record(
    doc_id: str,
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    claims: Sequence[tuple[str, str, str | None, str | None]] = (),
    quotes: Sequence[tuple[str, str]] = (),
    events: Sequence[str] = (),
) -> Record:
    """A record built by hand: claims as (category, number as written, subject, source), quotes as
    (speaker, content as written), events as the action as written."""
    return Record(
        document=DocumentInfo(
            id=doc_id,
            title=title,
            published=published,
            language="en",
            text_sha256=sha256_text(text),
            chars=len(text),
        ),
        text=text,
        claims=[
            Claim(
                id=f"C{n}",
                category=category,  # type: ignore[arg-type]
                value=float(number) if number.isdigit() else None,
                subject=subject,
                number=_span(text, number),
                evidence=_span(text, number),
                source=ClaimSource(name=source) if source else None,
            )
            for n, (category, number, subject, source) in enumerate(claims, start=1)
        ],
        quotes=[
            Quote(id=f"Q{n}", kind="indirect", content=[_span(text, content)], speaker=EntityRef(name=speaker))
            for n, (speaker, content) in enumerate(quotes, start=1)
        ],
        events=[
            Event(id=f"V{n}", type="attack", actor=EntityRef(name="gunmen"), action=_span(text, action))
            for n, action in enumerate(events, start=1)
        ],
    )


def filler(n: int, *, size: int = 300) -> Record:
    """A plain record with a text of ``size`` words, unique by ``n``."""
    words = " ".join(f"word{n}x{i}" for i in range(size))
    return make_record(f"filler-{n}", f"Filler number {n}. {words}.", published="2024-01-01")


def error_record(code: str, *, text: str | None = None, where: str | None = None) -> ErrorRecord:
    document = DocumentInfo(id=f"err-{code}", text_sha256=sha256_text(text)) if text else None
    return ErrorRecord(
        document=document, input=where, error=ErrorInfo(code=code, message=f"{code} happened", exit_code=8)
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with open_store(tmp_path / "store.db") as opened:
        yield opened


@pytest.fixture
def filled(store: SQLiteStore, analysed: dict[str, Record]) -> SQLiteStore:
    store.add(list(analysed.values()))
    return store


def raw_counts(path: Path) -> dict[str, int]:
    """Rows per table, FTS tables included, read through a connection of its own."""
    db = sqlite3.connect(path)
    try:
        names = [*TABLES, "documents_fts", "quotes_fts"]
        return {name: int(db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]) for name in names}
    finally:
        db.close()


# ---------------------------------------------------------------- adding


def test_add_stores_a_record_once(store: SQLiteStore, analysed: dict[str, Record]) -> None:
    record = analysed["gaza-1"]
    first = store.add([record])
    assert (first.stored, first.duplicates, first.failed) == (1, 0, 0)
    counts = raw_counts(store.path)
    again = store.add([record])
    assert (again.stored, again.duplicates, again.failed) == (0, 1, 0)
    assert raw_counts(store.path) == counts
    assert counts["documents"] == counts["documents_fts"] == 1
    assert counts["quotes"] == counts["quotes_fts"] == len(record.quotes) == 2
    assert counts["claims"] == len(record.claims) and counts["roles"] == len(record.roles) == 1
    assert counts["mentions"] == sum(len(e.mentions) for e in record.entities)
    # The same text twice within one batch: stored once as well.
    other = analysed["army-1"]
    both = store.add([other, other])
    assert (both.stored, both.duplicates) == (1, 1)


def test_error_records_are_keyed_and_not_duplicated(store: SQLiteStore) -> None:
    hashed = error_record("not_english", text="Der Bundestag hat heute beschlossen.", where="c.jsonl:3")
    unhashed = error_record("empty", where="c.jsonl:4")
    summary = store.add([hashed, unhashed])
    assert (summary.stored, summary.failed, summary.reasons) == (0, 2, {"not_english": 1, "empty": 1})
    store.add([hashed, unhashed])
    rows = list(store.table("errors"))
    assert len(rows) == 2 and store.counts()["errors"] == 2
    by_code = {row["code"]: row for row in rows}
    assert by_code["not_english"]["sha256"] == sha256_text("Der Bundestag hat heute beschlossen.")
    assert by_code["not_english"]["input"] == "c.jsonl:3" and by_code["not_english"]["doc_id"] == "err-not_english"
    assert by_code["empty"]["sha256"] is None and by_code["empty"]["input"] == "c.jsonl:4"
    assert by_code["empty"]["message"] == "empty happened"


def test_known(store: SQLiteStore, analysed: dict[str, Record]) -> None:
    record = analysed["police-1"]
    failed_text = "Texto en español que no se analiza."
    store.add([record, error_record("not_english", text=failed_text, where="x:1")])
    stored_hash, failed_hash = record.document.text_sha256, sha256_text(failed_text)
    # More hashes than one lookup query takes, the stored ones among them.
    others = [sha256_text(f"other {i}") for i in range(1200)]
    # A failed document is not "known": the next ingest tries it again.
    assert store.known([*others[:700], stored_hash, *others[700:], failed_hash, "", stored_hash]) == {stored_hash}
    assert store.known([]) == set()
    assert store.known(others) == set()


def test_a_document_that_later_succeeds_leaves_no_error(store: SQLiteStore, analysed: dict[str, Record]) -> None:
    record = analysed["police-1"]
    failed = error_record("extraction", text=record.text or "", where="x:1")
    store.add([failed])
    assert store.counts()["errors"] == 1
    store.add([record])
    assert (store.counts()["errors"], store.counts()["documents"]) == (1 - 1, 1)


# ---------------------------------------------------------------- searching


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", text)}


def test_search_every_word_must_match_with_snippet(filled: SQLiteStore) -> None:
    found = filled.search("health ministry")
    assert {r["doc_id"] for r in found} == {"gaza-1", "army-1"}
    assert set(found[0]) == {"doc_id", "published", "title", "snippet"}
    for row in found:
        assert re.search(r"\[health\]", row["snippet"], re.I) and re.search(r"\[ministry\]", row["snippet"], re.I)
    assert [r["doc_id"] for r in filled.search("ministry Tuesday")] == ["gaza-1"]
    assert filled.search("ministry Kabul") == []  # no document has both words
    assert [r["doc_id"] for r in filled.search("clashes")] == ["army-1"]
    assert [r["doc_id"] for r in filled.search("BLAST")] == ["police-1"]  # case-insensitive
    assert [r["doc_id"] for r in filled.search("Border clashes", limit=1)] == ["army-1"]
    assert filled.search("Strikes") and filled.search("Strikes")[0]["title"] == "Strikes in Gaza"  # titles too


@pytest.mark.parametrize(
    "query",
    [
        '" OR 1=1 --',
        "NEAR(",
        "NEAR(ministry Kabul)",
        "ministry OR Kabul",
        "ministry*",
        '"ministry',
        "title:Kabul",
        "^ministry",
        "NOT ministry",
        "ministry AND",
        "'; DROP TABLE documents; --",
        "{title text}: Kabul",
        "said -",
    ],
)
def test_search_hostile_text_is_only_words(filled: SQLiteStore, analysed: dict[str, Record], query: str) -> None:
    before = filled.counts()
    found = {r["doc_id"] for r in filled.search(query)}
    wanted = _words(query)
    expected = {
        doc_id for doc_id, r in analysed.items() if wanted <= _words(f"{r.document.title or ''} {r.text or ''}")
    }
    assert found == expected
    assert filled.counts() == before


@pytest.mark.parametrize("query", ["*", "", "  ", '" -- ^ ( ) :', "("])
def test_search_without_words_is_a_value_error(filled: SQLiteStore, query: str) -> None:
    with pytest.raises(ValueError, match="no words"):
        filled.search(query)
    if query:  # an empty --text is no filter at all
        with pytest.raises(ValueError, match="no words"):
            filled.quotes(QuoteQuery(text=query))


# ---------------------------------------------------------------- claims and quotes


def _claims(store: SQLiteStore, **filters: Any) -> list[tuple[str, str]]:
    return [(r["doc_id"], r["claim_id"]) for r in store.claims(ClaimQuery(**filters))]


def test_claims_filters(filled: SQLiteStore) -> None:
    everything = filled.claims(ClaimQuery())
    assert len(everything) == 4
    assert [r["published"] for r in everything] == sorted((r["published"] for r in everything), reverse=True)
    assert _claims(filled, category="killed") == [("army-1", "C1"), ("gaza-1", "C1")]
    # Inside the source's name, case-insensitively.
    assert _claims(filled, source="MINISTRY") == [("army-1", "C2"), ("gaza-1", "C1")]
    assert _claims(filled, category="killed", source="ministry") == [("gaza-1", "C1")]
    assert _claims(filled, source="police") == [("police-1", "C1")]
    assert _claims(filled, subject="soldier") == [("army-1", "C1")]
    assert _claims(filled, since="2024-01-01") == [("army-1", "C1"), ("army-1", "C2"), ("gaza-1", "C1")]
    assert _claims(filled, until="2024-07-01") == [("gaza-1", "C1"), ("police-1", "C1")]
    assert _claims(filled, since="2024-07-01", until="2024-07-01") == [("gaza-1", "C1")]
    assert _claims(filled, category="aid") == []
    assert len(filled.claims(ClaimQuery(limit=2))) == 2
    row = filled.claims(ClaimQuery(source="gaza"))[0]
    assert row["value"] == 45 and row["category"] == "killed" and row["source"] == "The Gaza health ministry"
    assert row["subject"] == "Palestinians" and row["evidence"] == "45 Palestinians were killed"


def test_like_wildcards_in_user_text_are_literal(store: SQLiteStore) -> None:
    text = "Officials counted 10 dead, 20 dead, 30 dead and 40 dead."
    store.add(
        [
            make_record("w1", text, claims=[("killed", "10", "dead_men", "Health_Ministry")]),
            make_record("w2", text + " ", claims=[("killed", "20", "deadXmen", "HealthXMinistry")]),
            make_record("w3", text + "  ", claims=[("killed", "30", "dead 100%", "50% of officials")]),
            make_record("w4", text + "   ", claims=[("killed", "40", "dead\\men", "back\\slash office")]),
        ]
    )
    docs = lambda **f: sorted(r["doc_id"] for r in store.claims(ClaimQuery(**f)))  # noqa: E731
    assert docs(source="h_m") == ["w1"]
    assert docs(source="%") == ["w3"]
    assert docs(source="50%") == ["w3"]
    assert docs(source="%ministry") == []
    assert docs(source="\\") == ["w4"]
    assert docs(source="k\\s") == ["w4"]
    assert docs(subject="d_m") == ["w1"]
    assert docs(subject="dead_") == ["w1"]
    assert docs(subject="100%") == ["w3"]
    speakers = [make_record("s1", "It was fine, she said.", quotes=[("Ann_Lee", "It was fine")])]
    speakers.append(make_record("s2", "It was fine, he said.", quotes=[("AnnXLee", "It was fine")]))
    store.add(speakers)
    assert [r["doc_id"] for r in store.quotes(QuoteQuery(speaker="n_l"))] == ["s1"]
    assert store.quotes(QuoteQuery(speaker="%")) == []


def test_quotes_by_speaker_and_text(filled: SQLiteStore) -> None:
    def pick(query: QuoteQuery) -> list[tuple[str, str]]:
        return [(r["doc_id"], r["quote_id"]) for r in filled.quotes(query)]

    assert pick(QuoteQuery(speaker="gallant")) == [("gaza-1", "Q2")]
    assert pick(QuoteQuery(speaker="Dorothy Shea")) == [("police-1", "Q2")]
    assert pick(QuoteQuery(speaker="ministry")) == [("army-1", "Q2"), ("gaza-1", "Q1")]
    assert pick(QuoteQuery(text="unacceptable attack")) == [("police-1", "Q2")]
    assert pick(QuoteQuery(text="wounded")) == [("army-1", "Q2")]
    assert pick(QuoteQuery(text="killed")) == [("army-1", "Q1"), ("gaza-1", "Q1")]
    assert pick(QuoteQuery(speaker="army", text="killed")) == [("army-1", "Q1")]
    assert pick(QuoteQuery(speaker="gallant", text="killed")) == []
    assert pick(QuoteQuery(text='stop" OR "killed')) == []  # words, not FTS syntax: "stop or killed"
    row = filled.quotes(QuoteQuery(speaker="gallant"))[0]
    assert row["content"] == '"We will not stop,"' and row["cue"] == "said" and row["kind"] == "direct"


# ---------------------------------------------------------------- records and tables


def test_record_round_trip(filled: SQLiteStore, analysed: dict[str, Record]) -> None:
    for doc_id, record in analysed.items():
        assert filled.record(doc_id).model_dump() == record.model_dump()
        assert filled.record(record.document.text_sha256).model_dump() == record.model_dump()


def test_missing_document(filled: SQLiteStore) -> None:
    with pytest.raises(DocumentNotFoundError, match="no stored document"):
        filled.record("no-such-doc")
    with pytest.raises(DocumentNotFoundError):
        filled.record("' OR 1=1 --")


def test_every_table_has_rows_with_the_documented_columns(filled: SQLiteStore, analysed: dict[str, Record]) -> None:
    text = "Gunmen attacked a checkpoint near Jenin on Monday."
    filled.add(
        [make_record("ev-1", text, published="2024-05-06", events=["attacked"]), error_record("empty", where="f:1")]
    )
    counts = filled.counts()
    for name, columns in TABLES.items():
        rows = list(filled.table(name))
        assert rows, f"no rows in {name}"
        assert len(rows) == counts[name]
        for row in rows:
            assert list(row) == [c.name for c in columns], name
    event = next(iter(filled.table("events")))
    assert (event["doc_id"], event["published"], event["action"], event["actor"]) == (
        "ev-1",
        "2024-05-06",
        "attacked",
        "gunmen",
    )
    assert (event["start"], event["end"]) == (text.index("attacked"), text.index("attacked") + len("attacked"))
    documents = {row["doc_id"]: row for row in filled.table("documents")}
    gaza = analysed["gaza-1"]
    assert documents["gaza-1"]["sha256"] == gaza.document.text_sha256
    assert documents["gaza-1"]["quotes"] == len(gaza.quotes) and documents["gaza-1"]["chars"] == len(gaza.text or "")
    roles = [r for r in filled.table("roles") if r["doc_id"] == "gaza-1"]
    assert roles[0]["person"] == "Yoav Gallant" and roles[0]["role_text"] == "Defence Minister"
    assert counts["mentions"] == sum(len(e.mentions) for r in analysed.values() for e in r.entities)
    with pytest.raises(ValueError, match="no table"):
        list(filled.table("sqlite_master"))


# ---------------------------------------------------------------- the file: schema, damage, locks, a full disk


def test_schema_version_and_reopening_runs_no_migration(
    tmp_path: Path, analysed: dict[str, Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.db"
    with open_store(path) as first:
        assert first.schema_version == sqlite_store.SCHEMA_VERSION == 2
        first.add([analysed["gaza-1"]])
    # Reopening neither re-runs a migration (these would fail) nor needs the write lock.
    monkeypatch.setattr(sqlite_store, "MIGRATIONS", {1: ["THIS IS NOT SQL"], 2: ["NOR THIS"]})
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with open_store(path, timeout=0.2, create=False) as again:
            assert again.schema_version == 2
            assert again.counts()["documents"] == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_version_1_store_is_migrated_keeping_quotes_and_their_text(
    tmp_path: Path, analysed: dict[str, Record], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "store.db"
    with monkeypatch.context() as patch:  # a store as factdesk 1.x wrote it: quotes' rowid undeclared
        patch.setattr(sqlite_store, "SCHEMA_VERSION", 1)
        patch.setattr(sqlite_store, "MIGRATIONS", {1: sqlite_store.MIGRATIONS[1]})
        with open_store(path) as old:
            assert old.schema_version == 1
            old.add(list(analysed.values()))
            before = [dict(r) for r in old.table("quotes")]
            found = old.quotes(QuoteQuery(text="stop"))
    assert before and found
    db = sqlite3.connect(path)
    assert [r[1] for r in db.execute("PRAGMA table_info(quotes)") if r[5]] == []
    db.close()
    with open_store(path) as store:
        assert store.schema_version == 2
        assert [dict(r) for r in store.table("quotes")] == before
        assert store.quotes(QuoteQuery(text="stop")) == found
        store.add([analysed["gaza-1"]])  # already stored: nothing added, nothing broken
    db = sqlite3.connect(path)
    assert [r[1] for r in db.execute("PRAGMA table_info(quotes)") if r[5]] == ["rowid"]
    assert {r[1] for r in db.execute("PRAGMA index_list(quotes)")} >= {"quotes_doc", "quotes_speaker"}
    # With the rowid declared, VACUUM keeps every quote paired with its own full-text row.
    db.execute("VACUUM")
    mismatched = db.execute(
        "SELECT COUNT(*) FROM quotes q JOIN quotes_fts f ON f.rowid = q.rowid WHERE f.content != q.content"
    ).fetchone()[0]
    assert mismatched == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_store(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.close()
    with pytest.raises(StoreError, match=r"schema.* 3, newer than this factdesk.s 2; upgrade factdesk"):
        open_store(path)


def test_corrupt_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    junk = random.Random(7).randbytes(64 * 1024)
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="not a factdesk store or is damaged") as caught:
        open_store(path)
    assert caught.value.code == "store" and str(path) in str(caught.value)
    assert path.read_bytes() == junk
    # A file damaged after a valid header: SQLite's own header, then junk.
    damaged = tmp_path / "damaged.db"
    open_store(damaged).close()
    data = bytearray(damaged.read_bytes())
    data[100:] = random.Random(8).randbytes(len(data) - 100)
    damaged.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="not a factdesk store or is damaged"):
        with open_store(damaged) as broken:
            broken.counts()


def test_another_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "kb.sqlite"
    db = sqlite3.connect(path)
    with db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")  # as a factdesk KB has
        db.execute("CREATE TABLE items (id TEXT)")
    db.close()
    with pytest.raises(StoreError, match="not a factdesk store"):
        open_store(path)
    db = sqlite3.connect(path)
    assert {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == {"meta", "items"}
    assert db.execute("PRAGMA journal_mode").fetchone()[0] != "wal"
    db.close()


def test_locked_store(tmp_path: Path, analysed: dict[str, Record]) -> None:
    path = tmp_path / "store.db"
    with open_store(path) as setup:
        setup.add([analysed["gaza-1"]])
    before = raw_counts(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with open_store(path, timeout=0.2) as store:
        with pytest.raises(StoreError, match=r"database is locked \(another process holds the store"):
            store.add([analysed["police-1"], analysed["army-1"]])
        holder.execute("COMMIT")
        holder.close()
        assert raw_counts(path) == before
        summary = store.add([analysed["police-1"], analysed["army-1"], analysed["gaza-1"]])
        assert (summary.stored, summary.duplicates) == (2, 1)
        after = raw_counts(path)
        assert after["documents"] == after["documents_fts"] == 3
        assert (
            after["quotes"]
            == after["quotes_fts"]
            == sum(len(analysed[d].quotes) for d in ("gaza-1", "police-1", "army-1"))
        )


def test_full_disk_rolls_the_whole_batch_back(tmp_path: Path, analysed: dict[str, Record]) -> None:
    path = tmp_path / "store.db"
    with open_store(path) as store:
        store.add([analysed["gaza-1"], filler(0)])
        before = raw_counts(path)
        batch: list[Record | ErrorRecord] = [
            analysed["police-1"],
            analysed["army-1"],
            error_record("empty", where="batch:1"),
            *(filler(n) for n in range(1, 7)),
            analysed["hostile"],
        ]
        pages = int(store.db.execute("PRAGMA page_count").fetchone()[0])
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        # (The messages are matched whole: tmp_path holds the test's name.)
        with pytest.raises(StoreError, match=r"database or disk is full \(.*nothing of the last batch was written\)"):
            store.add(batch)
        assert not store.db.in_transaction
        assert raw_counts(path) == before
        assert store.known(r.document.text_sha256 for r in batch if isinstance(r, Record)) == set()
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.db.execute("PRAGMA max_page_count = 1073741823")
        summary = store.add(batch)
        assert (summary.stored, summary.failed, summary.duplicates) == (9, 1, 0)
        after = raw_counts(path)
        assert after["documents"] == after["documents_fts"] == before["documents"] + 9
        assert after["quotes"] == after["quotes_fts"]
        assert after["errors"] == before["errors"] + 1


# ---------------------------------------------------------------- ingest


def _ingest(path: Path, db: Path, **kwargs: Any) -> IngestSummary:
    with open_store(db) as store:
        return ingest([str(path)], store, **kwargs)


def test_ingest_is_idempotent(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [*ARTICLES, *EXTRA])
    db = tmp_path / "store.db"
    first = _ingest(corpus, db)
    assert (first.stored, first.already_stored, first.duplicates, first.failed) == (6, 0, 0, 0)
    counts = raw_counts(db)
    second = _ingest(corpus, db)
    assert (second.stored, second.already_stored, second.duplicates, second.failed) == (0, 6, 0, 0)
    assert raw_counts(db) == counts


def test_ingest_stores_a_repeated_text_once(tmp_path: Path) -> None:
    copy = {**ARTICLES[0], "id": "gaza-1-again", "title": "Same story, other id"}
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [ARTICLES[0], ARTICLES[1], copy])
    db = tmp_path / "store.db"
    summary = _ingest(corpus, db)
    assert (summary.stored, summary.duplicates, summary.already_stored) == (2, 1, 0)
    with open_store(db) as store:
        assert sorted(r["doc_id"] for r in store.table("documents")) == ["gaza-1", "police-1"]


def test_ingest_resumes_where_it_stopped(tmp_path: Path) -> None:
    everything = [*ARTICLES, *EXTRA]
    half = write_jsonl(tmp_path / "half.jsonl", everything[:3])
    whole = write_jsonl(tmp_path / "whole.jsonl", everything)
    db = tmp_path / "store.db"
    first = _ingest(half, db, batch_size=2)
    assert first.stored == 3
    second = _ingest(whole, db, batch_size=2)
    assert (second.stored, second.already_stored) == (3, 3)
    counts = raw_counts(db)
    assert counts["documents"] == counts["documents_fts"] == len(everything)
    with open_store(db) as store:
        assert {r["doc_id"] for r in store.table("documents")} == {a["id"] for a in everything}


def test_extractor_crash_becomes_an_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = ClaimExtractor.process

    def crashing(self: ClaimExtractor, doc: Doc) -> None:
        if "Zanzibarian" in doc.text:
            raise RuntimeError("claims extractor broke")
        original(self, doc)

    monkeypatch.setattr(ClaimExtractor, "process", crashing)
    marked = {**EXTRA[1], "id": "marked", "text": EXTRA[1]["text"] + " A Zanzibarian boat helped."}
    corpus = write_jsonl(tmp_path / "corpus.jsonl", [*ARTICLES[:3], marked, ARTICLES[3], EXTRA[0]])
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert re.search(r"5 stored, 0 already stored, 0 repeated in the input, 1 failed \(extraction 1\)", result.stdout)
    with open_store(db) as store:
        assert store.counts()["documents"] == 5
        errors = list(store.table("errors"))
        assert len(errors) == 1
        assert errors[0]["code"] == "extraction" and errors[0]["doc_id"] == "marked"
        assert errors[0]["sha256"] == sha256_text(marked["text"])
        assert errors[0]["input"] == f"{corpus}:4"
        assert "RuntimeError: claims extractor broke" in errors[0]["message"]
        with pytest.raises(DocumentNotFoundError):
            store.record("marked")
    # Run again with the extractor still broken: only the failed document is tried again, and
    # --strict says so; its error record is replaced, not doubled.
    again = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "-q", "--strict"])
    assert again.exit_code == 14, again.output
    assert "0 stored, 5 already stored, 0 repeated in the input, 1 failed" in again.stdout
    # Once the extractor is fixed, the next ingest stores it and clears its error record.
    monkeypatch.setattr(ClaimExtractor, "process", original)
    fixed = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "-q", "--strict"])
    assert fixed.exit_code == 0, fixed.output
    assert "1 stored, 5 already stored" in fixed.stdout
    with open_store(db) as store:
        assert (store.counts()["documents"], store.counts()["errors"]) == (6, 0)


def test_bad_input_becomes_error_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(EXTRA[0]["text"], encoding="utf-8")
    (folder / "b-empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "c-binary.txt").write_bytes(b"\x00\x01\x02binary\x00\xff" * 50)
    write_jsonl(
        folder / "d-corpus.jsonl",
        [ARTICLES[0], "{not json", {"id": "no-text"}, {"id": "empty-text", "text": ""}, '["a list"]', EXTRA[1]],
    )
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "-q", "--strict"])
    assert result.exit_code == EXIT_CODES["partial"]
    assert "3 stored" in result.stdout and "6 failed (binary 1, empty 2, malformed 3)" in result.stdout
    with open_store(db) as store:
        assert sorted(r["doc_id"] for r in store.table("documents")) == ["a-good", "gaza-1", "missing-1"]
        errors = {r["input"]: r["code"] for r in store.table("errors")}
    corpus = folder / "d-corpus.jsonl"
    assert errors == {
        str(folder / "b-empty.txt"): "empty",
        str(folder / "c-binary.txt"): "binary",
        f"{corpus}:2": "malformed",
        f"{corpus}:3": "malformed",
        f"{corpus}:4": "empty",
        f"{corpus}:5": "malformed",
    }
    # Again: nothing new, and the error records are not duplicated.
    counts = raw_counts(db)
    again = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db), "-q"])
    assert again.exit_code == 0 and "0 stored, 3 already stored" in again.stdout
    assert raw_counts(db) == counts


# ---------------------------------------------------------------- the CLI


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store filled by ``factdesk ingest`` from the articles."""
    folder = tmp_path_factory.mktemp("cli")
    corpus = write_jsonl(folder / "corpus.jsonl", ARTICLES)
    db = folder / "desk.db"
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        r"4 stored, 0 already stored, 0 repeated in the input, 0 failed in [\d.]+ s \([\d.]+ docs/s\) into "
        + re.escape(str(db))
        + "\n",
        result.stdout,
    )
    return db


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_search(cli_db: Path) -> None:
    code, out, err = cli("search", "health ministry", "--db", str(cli_db), "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["doc_id"] for r in rows} == {"gaza-1", "army-1"}
    code, out, _ = cli("search", "Kabul blast", "--db", str(cli_db))
    assert code == 0 and "police-1" in out and "[blast]" in out
    code, _, err = cli("search", "*", "--db", str(cli_db))
    assert code == 2 and "no words" in err


def test_cli_claims_and_quotes(cli_db: Path) -> None:
    code, out, err = cli(
        "claims", "--category", "killed", "--source", "ministry", "--db", str(cli_db), "--format", "json"
    )
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["doc_id"], r["value"], r["source"]) for r in rows] == [("gaza-1", 45, "The Gaza health ministry")]
    code, out, _ = cli("claims", "--since", "2024-01-01", "--db", str(cli_db), "--format", "csv")
    assert code == 0
    parsed = list(csv.DictReader(out.splitlines()))
    assert sorted(r["doc_id"] for r in parsed) == ["army-1", "army-1", "gaza-1"]
    code, _, err = cli("claims", "--since", "yesterday", "--db", str(cli_db))
    assert code == EXIT_CODES["bad_date"] and "YYYY-MM-DD" in err
    code, out, _ = cli("quotes", "--speaker", "Gallant", "--db", str(cli_db), "--format", "json")
    assert code == 0
    assert [(r["doc_id"], r["speaker"]) for r in json.loads(out)] == [("gaza-1", "Yoav Gallant")]
    code, out, _ = cli("quotes", "--speaker", "Shea", "--db", str(cli_db))
    assert code == 0 and "Dorothy Shea" in out and "unacceptable" in out


def test_cli_show_json_is_the_stored_record(cli_db: Path) -> None:
    with open_store(cli_db) as store:
        stored = store.record("gaza-1")
    code, out, err = cli("show", "gaza-1", "--db", str(cli_db), "--format", "json")
    assert code == 0, err
    assert Record.model_validate_json(out).model_dump() == stored.model_dump()
    assert stored.document.published == "2024-07-01" and stored.document.source == "Test Wire"
    code, _, err = cli("show", "nope", "--db", str(cli_db))
    assert code == EXIT_CODES["no_document"] and "no stored document" in err


def test_cli_show_html_escapes_article_text(cli_db: Path) -> None:
    code, out, err = cli("show", "hostile", "--db", str(cli_db), "--format", "html")
    assert code == 0, err
    assert "<script" not in out.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # The text's highlights may open or close inside the escaped tag ("&lt;<mark>script&gt;"):
    # read it without them.
    plain = re.sub(r"</?mark[^>]*>", "", out)
    assert plain.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2  # the title and the text


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_export(cli_db: Path, tmp_path: Path, fmt: str) -> None:
    out_dir = tmp_path / "export"
    code, out, err = cli("export", "--format", fmt, "--out", str(out_dir), "--db", str(cli_db))
    assert code == 0, err
    with open_store(cli_db) as store:
        counts = store.counts()
    written = sorted(p.name for p in out_dir.iterdir())
    assert written == sorted(f"{t}.{fmt}" for t in DEFAULT_TABLES)
    for table in DEFAULT_TABLES:
        columns = [c.name for c in TABLES[table]]
        path = out_dir / f"{table}.{fmt}"
        assert f"{table}: {counts[table]:,} rows -> {path}" in out
        if fmt == "parquet":
            import pyarrow.parquet as pq

            data = pq.read_table(path)
            assert data.schema.names == columns
            assert data.num_rows == counts[table]
            rows = data.to_pylist()
        elif fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                assert reader.fieldnames == columns
                rows = list(reader)
        else:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
            assert all(list(row) == columns for row in rows)
        assert len(rows) == counts[table]
    claims = {(r["doc_id"], r["claim_id"]): r for r in _rows(out_dir / f"claims.{fmt}", fmt)}
    assert float(claims[("gaza-1", "C1")]["value"]) == 45
    assert claims[("gaza-1", "C1")]["source"] == "The Gaza health ministry"
    code, _, err = cli("export", "--format", fmt, "--out", str(out_dir), "--table", "nope", "--db", str(cli_db))
    assert code == 2 and "no table" in err


def _rows(path: Path, fmt: str) -> list[dict[str, Any]]:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
        return rows
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(
    "command",
    [
        ["search", "ministry"],
        ["claims", "--category", "killed"],
        ["quotes", "--speaker", "Shea"],
        ["show", "gaza-1"],
        ["export", "--format", "csv", "--out", "{tmp}/export"],
    ],
)
def test_cli_queries_on_a_missing_store(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "missing.db"
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    code, out, err = cli(*args, "--db", str(db))
    assert code == EXIT_CODES["store"]
    assert f"no store at {db}" in err and "factdesk ingest" in err
    assert out == "" and not db.exists()
    assert not (tmp_path / "export").exists()


def test_cli_on_a_damaged_store(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    db.write_bytes(b"this is not a database at all" * 100)
    code, _, err = cli("search", "ministry", "--db", str(db))
    assert code == EXIT_CODES["store"] and "not a factdesk store or is damaged" in err
    code, _, err = cli("ingest", str(db), "--db", str(db), "-q")
    assert code == EXIT_CODES["store"]
