"""Ingest: analyse documents and store them, idempotent and resumable.

A document's identity is the SHA-256 of its text. Documents already in the store (or
already recorded as failed) are skipped before analysis, and each batch of results is
stored in one transaction, so an ingest killed at any moment (``kill -9``) and run again
ends with every document stored exactly once.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from factdesk.api import analyze_many
from factdesk.errors import FactdeskError
from factdesk.inputs import InputDocument, iter_inputs, sha256_text
from factdesk.options import Options
from factdesk.store.base import AddSummary, Store

# Hashes looked up in the store at a time (one query each), and results stored per transaction.
LOOKUP_CHUNK = 256
BATCH_SIZE = 32


@dataclass
class IngestSummary:
    """What an ingest did: stored, skipped (already stored, or repeated in the input), failed and why."""

    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def seen(self) -> int:
        return self.stored + self.already_stored + self.duplicates + self.failed

    @property
    def rate(self) -> float:
        """Documents analysed and stored per second."""
        return (self.stored + self.failed) / self.seconds if self.seconds > 0 else 0.0


def _documents(
    inputs: Iterable[str], options: Options, input_format: str, published: dt.date | None
) -> Iterator[InputDocument | FactdeskError]:
    for spec in inputs:
        for doc in iter_inputs(spec, options, input_format=input_format):
            if published is not None and isinstance(doc, InputDocument) and doc.published is None:
                doc.published = published
            yield doc


def _new_only(
    documents: Iterator[InputDocument | FactdeskError], store: Store, summary: IngestSummary
) -> Iterator[InputDocument | FactdeskError]:
    """The documents not stored yet, and each text once (a corpus may repeat a story)."""
    seen: set[str] = set()
    while True:
        chunk = list(itertools.islice(documents, LOOKUP_CHUNK))
        if not chunk:
            return
        hashes = {id(d): sha256_text(d.text) for d in chunk if isinstance(d, InputDocument) and d.text}
        known = store.known(hashes.values())
        for doc in chunk:
            digest = hashes.get(id(doc))
            # A text seen earlier in this run is a repeat even once its first copy is committed.
            if digest is not None and digest in seen:
                summary.duplicates += 1
            elif digest is not None and digest in known:
                summary.already_stored += 1
            else:
                if digest is not None:
                    seen.add(digest)
                yield doc


def _count(
    summary: IngestSummary,
    added: AddSummary,
    started: float,
    progress: Callable[[IngestSummary], None] | None,
    *,
    repeated: bool,
) -> None:
    """Add one store transaction's outcome to the summary; ``repeated`` says whether a document
    the store already had was repeated in this input (else it was stored by an earlier run)."""
    summary.stored += added.stored
    if repeated:
        summary.duplicates += added.duplicates
    else:
        summary.already_stored += added.duplicates
    summary.failed += added.failed
    for code, count in added.reasons.items():
        summary.reasons[code] = summary.reasons.get(code, 0) + count
    summary.seconds = time.perf_counter() - started
    if progress is not None:
        progress(summary)


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    options: Options | None = None,
    workers: int = 1,
    input_format: str = "auto",
    published: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Analyse every document of ``inputs`` (files, folders, JSONL corpora, URLs) not yet in
    ``store`` and store the results, ``batch_size`` per transaction."""
    options = options or Options()
    summary = IngestSummary()
    started = time.perf_counter()
    documents = _new_only(_documents(inputs, options, input_format, published), store, summary)
    results = analyze_many(documents, n_process=workers, options=options)
    while True:
        batch = list(itertools.islice(results, batch_size))
        if not batch:
            break
        # A repeated text found only at commit time (its first copy was stored meanwhile).
        _count(summary, store.add(batch), started, progress, repeated=True)
    summary.seconds = time.perf_counter() - started
    return summary


def ingest_batch_output(
    folders: Iterable[str], store: Store, *, progress: Callable[[IngestSummary], None] | None = None
) -> IngestSummary:
    """Load the records of ``factdesk batch`` output folders into the store (idempotent: what is
    stored already is counted, not added again)."""
    from factdesk.batch import read_batch_results

    summary = IngestSummary()
    started = time.perf_counter()
    for folder in folders:
        for chunk in read_batch_results(folder):
            _count(summary, store.add(chunk), started, progress, repeated=False)
    summary.seconds = time.perf_counter() - started
    return summary
