"""SQLiteStore.add writes a batch's rows per table (executemany): quotes and their full-text
rows stay paired across batches, duplicates are skipped, and a failing batch leaves nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from factdesk.errors import StoreError
from factdesk.record import DocumentInfo, Entity, EntityRef, Quote, Record, Span
from factdesk.store import QuoteQuery, open_store
from factdesk.store import sqlite as store_sqlite


def _record(doc_id: str, speaker: str, said: str) -> Record:
    text = f"{speaker} said: \u201c{said}\u201d"
    start = text.index(said)
    return Record(
        document=DocumentInfo(
            id=doc_id,
            title=doc_id,
            published="2024-07-20",
            text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            chars=len(text),
        ),
        text=text,
        entities=[Entity(id="E1", name=speaker, type="PERSON", mentions=[Span.of(text, 0, len(speaker))])],
        quotes=[
            Quote(
                id="Q1",
                kind="direct",
                content=[Span.of(text, start, start + len(said))],
                cue=[Span.of(text, len(speaker) + 1, len(speaker) + 5)],
                speaker=EntityRef(entity="E1", name=speaker),
            )
        ],
    )


def test_batches_keep_quotes_and_their_text_paired(tmp_path: Path) -> None:
    first = [_record("a", "Alice Smith", "apples are red"), _record("b", "Bob Jones", "bananas are yellow")]
    second = [_record("c", "Carol White", "cherries are dark"), first[0]]
    with open_store(tmp_path / "s.db") as store:
        assert store.add([*first, first[1]]).stored == 2  # the repeat inside the batch is a duplicate
        summary = store.add(second)
        assert (summary.stored, summary.duplicates) == (1, 1)
        for word, speaker in (("apples", "Alice Smith"), ("bananas", "Bob Jones"), ("cherries", "Carol White")):
            found = store.quotes(QuoteQuery(text=word))
            assert [(q["speaker"], q["doc_id"]) for q in found] == [(speaker, speaker[0].lower())]
        assert store.counts()["quotes"] == 3
        assert store.counts()["mentions"] == 3
        assert [r["doc_id"] for r in store.table("quotes")] == ["a", "b", "c"]
        assert store.record("b") == first[1]


def test_a_failing_batch_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_rows = store_sqlite.rows

    def bad_rows(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
        for table, values in real_rows(record):
            if record.document.id == "b" and table == "mentions":
                values = {**values, "text": object()}  # SQLite cannot bind this: the flush fails
            yield table, values

    with open_store(tmp_path / "s.db") as store:
        monkeypatch.setattr(store_sqlite, "rows", bad_rows)
        with pytest.raises(StoreError):
            store.add([_record("a", "Alice Smith", "apples are red"), _record("b", "Bob Jones", "bananas")])
        assert all(count == 0 for count in store.counts().values())
        monkeypatch.setattr(store_sqlite, "rows", real_rows)
        assert store.add([_record("a", "Alice Smith", "apples are red")]).stored == 1
        assert [q["speaker"] for q in store.quotes(QuoteQuery(text="apples"))] == ["Alice Smith"]


def test_a_text_repeated_after_its_first_copy_was_committed_counts_as_repeated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from factdesk import ingest as ingest_module
    from factdesk.options import Options

    texts = ["The mayor opened a new bridge on Monday.", "Rain fell in the north.", "Prices rose again."]
    corpus = tmp_path / "c.jsonl"
    lines = [{"id": f"d{i}", "text": t} for i, t in enumerate([*texts, texts[0]])]
    corpus.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    # Two hashes looked up at a time and one document per commit: the repeat's lookup comes
    # after its first copy was stored.
    monkeypatch.setattr(ingest_module, "LOOKUP_CHUNK", 2)
    options = Options(batch_size=1, check_language=False, check_roles=False)
    with open_store(tmp_path / "s.db") as store:
        summary = ingest_module.ingest([str(corpus)], store, options=options, batch_size=1)
        assert (summary.stored, summary.duplicates, summary.already_stored) == (3, 1, 0)
        again = ingest_module.ingest([str(corpus)], store, options=options, batch_size=1)
        assert (again.stored, again.duplicates, again.already_stored) == (0, 0, 4)
