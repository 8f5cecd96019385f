"""Every span slices the analysed text exactly, on the seed and on 200 corpus articles."""

from __future__ import annotations

from itertools import chain

import factdesk
from factdesk.record import ErrorRecord, Record
from tests.conftest import corpus_lines


def test_offsets_on_200_corpus_articles() -> None:
    docs = list(
        chain(
            corpus_lines("cnn-2024.jsonl", 100),
            corpus_lines("guardian-syria.jsonl", 50),
            corpus_lines("reuters-21578.jsonl", 50),
        )
    )
    assert len(docs) == 200
    results = list(factdesk.analyze_many(docs))
    assert len(results) == 200
    analysed = [r for r in results if isinstance(r, Record)]
    errors = [r for r in results if isinstance(r, ErrorRecord)]
    # Reuters has some empty bodies: they must come back as "empty" errors, nothing else.
    assert all(e.error.code == "empty" for e in errors), [e.error for e in errors]
    assert len(analysed) >= 180
    spans = 0
    for doc, result in zip(docs, results, strict=True):
        if isinstance(result, Record):
            assert result.document.id == doc["id"]
            assert result.text == doc["text"]
            assert result.check_offsets(doc["text"]) == []
            spans += len(result.spans())
    assert spans > 5000


def test_analyze_many_in_two_processes_matches_one() -> None:
    docs = list(corpus_lines("cnn-2024.jsonl", 12))
    one = [r.model_dump() for r in factdesk.analyze_many(docs, n_process=1)]
    two = [r.model_dump() for r in factdesk.analyze_many(docs, n_process=2)]
    assert one == two
