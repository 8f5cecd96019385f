"""The store's interface: what ingest, queries and export need from a backend.

SQLite (:mod:`factdesk.store.sqlite`) is the embedded default. A team backend (PostgreSQL)
implements the same methods; nothing above this layer knows which one it talks to.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from factdesk.record import ErrorRecord, Record

Result = Record | ErrorRecord


@dataclass
class AddSummary:
    """What one :meth:`Store.add` call did."""

    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimQuery:
    """Filters for :meth:`Store.claims`; text filters match case-insensitively inside the field."""

    category: str | None = None
    source: str | None = None
    subject: str | None = None
    since: str | None = None  # publication date, inclusive (YYYY-MM-DD)
    until: str | None = None
    limit: int = 100


@dataclass(frozen=True)
class QuoteQuery:
    """Filters for :meth:`Store.quotes`: ``speaker`` inside the speaker's name, ``text`` full-text in the content."""

    speaker: str | None = None
    text: str | None = None
    limit: int = 100


class Store(abc.ABC):
    """A corpus store: documents with everything factdesk read in them."""

    @abc.abstractmethod
    def known(self, hashes: Iterable[str]) -> set[str]:
        """The text hashes among ``hashes`` whose documents are stored already (failed ones are not)."""

    @abc.abstractmethod
    def add(self, results: Sequence[Result]) -> AddSummary:
        """Store records and error records in one transaction: all of them or none."""

    @abc.abstractmethod
    def search(self, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Documents whose title or text match ``text`` (full text, every word), best first."""

    @abc.abstractmethod
    def claims(self, query: ClaimQuery) -> list[dict[str, Any]]:
        """Claims matching the filters, newest documents first."""

    @abc.abstractmethod
    def quotes(self, query: QuoteQuery) -> list[dict[str, Any]]:
        """Quotes matching the filters, newest documents first."""

    @abc.abstractmethod
    def record(self, doc_id: str) -> Record:
        """The stored record of a document, by id or text hash (raises DocumentNotFoundError)."""

    @abc.abstractmethod
    def table(self, name: str) -> Iterator[dict[str, Any]]:
        """Every row of one flat table (see :data:`factdesk.store.tables.TABLES`), for export."""

    @abc.abstractmethod
    def counts(self) -> dict[str, int]:
        """Rows per table."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the backend's resources."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
