"""Every span slices the analysed text exactly, on the seed and on 200 corpus articles; a batch
in two processes gives what one gives, and loses nothing when a worker process fails."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from itertools import chain, count

import pytest
from spacy.tokens import Doc

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


def test_a_worker_process_that_fails_loses_no_document(monkeypatch: pytest.MonkeyPatch) -> None:
    # A doc spaCy cannot send back from a worker process fails that worker's whole batch; spaCy's
    # default then hung the run. The lost documents are parsed again in this process, in order.
    from factdesk.extract import claims

    found = claims.find_claims

    def unsendable(doc: Doc) -> list[claims.ClaimData]:
        if "POISON" in doc.text:
            doc.user_data["unsendable"] = object()  # msgpack cannot serialise it
        return found(doc)

    monkeypatch.setattr(claims, "find_claims", unsendable)  # the workers are forked with it
    docs = [{"id": f"d{i}", "text": f"Three people were killed in raid {i}, officials said."} for i in range(9)]
    docs[4]["text"] = "POISON. Two rockets were fired at the town."
    signal.signal(signal.SIGALRM, _took_too_long)
    signal.alarm(300)
    try:
        two = [r.model_dump() for r in factdesk.analyze_many(docs, n_process=2, batch_size=2)]
    finally:
        signal.alarm(0)
    one = [r.model_dump() for r in factdesk.analyze_many(docs, n_process=1, batch_size=2)]
    assert [r["document"]["id"] for r in two] == [d["id"] for d in docs]
    assert two == one
    assert [c["value"] for c in two[4]["claims"]] == [2.0]


def _took_too_long(signum: int, frame: object) -> None:
    raise TimeoutError("analyze_many hung after a worker process failed")


def _endless_long_documents() -> Iterator[dict[str, str]]:
    # Long enough that a worker's batch of docs, as bytes, overfills a pipe: a worker then waits
    # in send until the parent reads, which is how an abandoned stream used to hang.
    body = " ".join(f"Three people were killed in raid {j}, officials said on Monday." for j in range(150))
    for i in count():
        yield {"id": f"d{i}", "text": body}


def test_a_two_process_stream_left_early_stops_its_workers() -> None:
    # Run in a child process with a timeout, so that a hang fails the test instead of the suite:
    # spaCy's pipe, abandoned, joins workers waiting to send docs nobody reads, and multiprocessing
    # joins live workers at exit, before an abandoned stream is closed.
    script = (
        "import itertools, multiprocessing, factdesk\n"
        "from tests.test_offsets import _endless_long_documents\n"
        "stream = factdesk.analyze_many(_endless_long_documents(), n_process=2, batch_size=2)\n"
        "print([r.document.id for r in itertools.islice(stream, 3)])\n"
        "stream.close()\n"
        "print(multiprocessing.active_children())\n"
        "unfinished = factdesk.analyze_many(_endless_long_documents(), n_process=2, batch_size=2)\n"
        "print([r.document.id for r in itertools.islice(unfinished, 2)])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n") == ["['d0', 'd1', 'd2']", "[]", "['d0', 'd1']", ""]
