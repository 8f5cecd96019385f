"""The embedded store: one SQLite file in WAL mode, with FTS5 over article text and quotes.

Each :meth:`SQLiteStore.add` is one transaction, and a document's identity is the SHA-256
of its text (``UNIQUE``), so an ingest killed at any moment leaves whole documents only,
and re-running it stores each remaining document exactly once. Every query is
parameterised; full-text queries are built from quoted terms, so article or user text
cannot inject FTS5 syntax.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from factdesk.errors import DocumentNotFoundError, StoreError
from factdesk.record import ErrorRecord, Record
from factdesk.store.base import AddSummary, ClaimQuery, QuoteQuery, Result, Store
from factdesk.store.tables import TABLES, document_row, rows

SCHEMA_VERSION = 2
_FLAT = [name for name in TABLES if name not in ("documents", "errors")]
# A flat table's own columns: doc_id and published are read through the documents table.
_FLAT_COLUMNS = {name: [c.name for c in TABLES[name] if c.name not in ("doc_id", "published")] for name in _FLAT}


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _table_sql(name: str) -> str:
    columns = [f'"{c.name}" {c.type}' for c in TABLES[name] if c.name not in ("doc_id", "published")]
    return f"CREATE TABLE {name} (doc INTEGER NOT NULL REFERENCES documents(rowid), {', '.join(columns)})"


def _schema_v1() -> list[str]:
    documents = ", ".join(f'"{c.name}" {c.type}' for c in TABLES["documents"] if c.name != "sha256")
    statements = [
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"CREATE TABLE documents (rowid INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, {documents}, "
        "record TEXT NOT NULL, ingested_at TEXT NOT NULL DEFAULT (datetime('now')))",
        "CREATE INDEX documents_id ON documents (doc_id)",
        "CREATE INDEX documents_published ON documents (published)",
        "CREATE TABLE errors (rowid INTEGER PRIMARY KEY, input_key TEXT NOT NULL UNIQUE, input TEXT, doc_id TEXT, "
        "sha256 TEXT, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL DEFAULT (datetime('now')))",
        "CREATE INDEX errors_sha ON errors (sha256)",
        # FTS5 tables keep their own copy of the text: snippets need it, and records hold text as JSON.
        "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text)",
        "CREATE VIRTUAL TABLE quotes_fts USING fts5(content)",
    ]
    for name in _FLAT:
        statements.append(_table_sql(name))
        statements.append(f"CREATE INDEX {name}_doc ON {name} (doc)")
    statements += [
        "CREATE INDEX claims_category ON claims (category)",
        "CREATE INDEX claims_source ON claims (source COLLATE NOCASE)",
        "CREATE INDEX quotes_speaker ON quotes (speaker COLLATE NOCASE)",
    ]
    return statements


def _schema_v2() -> list[str]:
    """Declare the quotes table's rowid as INTEGER PRIMARY KEY.

    The quote full-text rows are keyed by the quote's rowid; an undeclared rowid may be
    renumbered by VACUUM, which would pair quotes with another quote's text. Rebuilding the
    table keeps every rowid as it is."""
    create = _table_sql("quotes").replace(
        "CREATE TABLE quotes (", "CREATE TABLE quotes_v2 (rowid INTEGER PRIMARY KEY, "
    )
    listed = _quoted(["rowid", "doc", *_FLAT_COLUMNS["quotes"]])
    return [
        create,
        f"INSERT INTO quotes_v2 ({listed}) SELECT {listed} FROM quotes",
        "DROP TABLE quotes",
        "ALTER TABLE quotes_v2 RENAME TO quotes",
        "CREATE INDEX quotes_doc ON quotes (doc)",
        "CREATE INDEX quotes_speaker ON quotes (speaker COLLATE NOCASE)",
    ]


# Migrations by the version they bring the file to; the pending ones run in one transaction.
MIGRATIONS: dict[int, list[str]] = {1: _schema_v1(), 2: _schema_v2()}

_WORD = re.compile(r"\w+", re.UNICODE)

# The insert statements, built once from TABLES: a flat row is (doc, *columns), quotes with an explicit rowid.
_DOCUMENT_COLUMNS = [c.name for c in TABLES["documents"]]
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({_quoted(_DOCUMENT_COLUMNS)}, record) "
    f"VALUES ({', '.join('?' * len(_DOCUMENT_COLUMNS))}, ?) ON CONFLICT (sha256) DO NOTHING"
)
_INSERT_FLAT = {
    name: f"INSERT INTO {name} ({'rowid, ' if name == 'quotes' else ''}doc, "
    f"{_quoted(columns)}) "
    f"VALUES ({'?, ' if name == 'quotes' else ''}?, {', '.join('?' * len(columns))})"
    for name, columns in _FLAT_COLUMNS.items()
}


class _Batch:
    """The rows of one :meth:`SQLiteStore.add` call, written per table with ``executemany``
    inside its transaction (one statement per table instead of one per row).

    Quotes get their rowid here, so that the quote and its full-text row share it: the
    transaction holds the write lock (``BEGIN IMMEDIATE``), so no other writer can take one."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _FLAT}
        self.documents_fts: list[tuple[int, str, str]] = []
        self.quotes_fts: list[tuple[int, str]] = []
        self.next_quote: int | None = None

    def add(self, doc: int, record: Record) -> None:
        self.documents_fts.append((doc, record.document.title or "", record.text or ""))
        for table, values in rows(record):
            row = (doc, *[values[c] for c in _FLAT_COLUMNS[table]])
            if table == "quotes":
                if self.next_quote is None:
                    self.next_quote = int(self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM quotes").fetchone()[0])
                self.next_quote += 1
                row = (self.next_quote, *row)
                self.quotes_fts.append((self.next_quote, values["content"]))
            self.rows[table].append(row)

    def flush(self) -> None:
        if self.documents_fts:
            self.db.executemany("INSERT INTO documents_fts (rowid, title, text) VALUES (?, ?, ?)", self.documents_fts)
        for table, values in self.rows.items():
            if values:
                self.db.executemany(_INSERT_FLAT[table], values)
        if self.quotes_fts:
            self.db.executemany("INSERT INTO quotes_fts (rowid, content) VALUES (?, ?)", self.quotes_fts)


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word of ``text`` as a quoted term (all must match).

    Quoting each term means no user or article text is read as FTS5 syntax (AND, NEAR, *, ^, ")."""
    words = _WORD.findall(text)
    if not words:
        raise ValueError("the search text has no words")
    return " ".join(f'"{w}"' for w in words[:32])


class SQLiteStore(Store):
    """The store in one SQLite file (``factdesk.db`` by default)."""

    def __init__(self, path: str | Path, *, timeout: float = 30.0, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(
                f"no store at {self.path}; create one with 'factdesk ingest PATH' or give --db", source=str(self.path)
            )
        try:
            if self.path.parent and not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            # Before anything is written: a damaged file, another program's database or a newer
            # store is refused untouched.
            version = self._checked_version()
            self.db.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a power cut may lose the last transactions, never corrupt the file
            # or half-write one; a killed process loses nothing that was committed.
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            if version < SCHEMA_VERSION:  # a new file gets the schema; a store is opened without writing
                self._migrate()
        except (sqlite3.DatabaseError, OSError, StoreError) as exc:
            db = getattr(self, "db", None)
            if db is not None:
                db.close()
            if isinstance(exc, StoreError):
                raise
            if isinstance(exc, sqlite3.DatabaseError):
                raise _store_error(exc, self.path) from exc
            raise StoreError(f"cannot create the store: {exc}", source=str(self.path)) from exc

    def _version(self) -> int:
        """The file's store schema version: 0 for an empty file; StoreError for another SQLite file."""
        tables = {str(r[0]) for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return 0
        row = None
        if {"meta", "documents"} <= tables:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            # Another program's database (a factdesk KB, say): never write the store's tables into it.
            raise StoreError(
                "the file is an SQLite database but not a factdesk store; give another --db",
                source=str(self.path),
            )
        return int(row[0])

    def _checked_version(self) -> int:
        version = self._version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {version}, newer than this factdesk's {SCHEMA_VERSION}; "
                "upgrade factdesk",
                source=str(self.path),
            )
        return version

    def _migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # Again under the write lock: another process may have created the store meanwhile.
            version = self._version()
            for target in sorted(v for v in MIGRATIONS if v > version):
                for statement in MIGRATIONS[target]:
                    self.db.execute(statement)
                self.db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(target),),
                )
            self.db.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        # SQLite rolls some failures back itself (a full disk, for one); a second ROLLBACK would
        # fail and hide the error that matters.
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    @property
    def schema_version(self) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0])

    # -- writing -------------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(h for h in hashes if h))
        found: set[str] = set()
        try:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                # Documents only: one that failed is analysed again on the next ingest (the
                # extractor may have been fixed); its error record is replaced or cleared then.
                cursor = self.db.execute(f"SELECT sha256 FROM documents WHERE sha256 IN ({marks})", chunk)
                found.update(str(r[0]) for r in cursor)
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from exc
        return found

    def add(self, results: Sequence[Result]) -> AddSummary:
        summary = AddSummary()
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                batch = _Batch(self.db)
                for result in results:
                    if isinstance(result, Record):
                        self._add_record(result, summary, batch)
                    else:
                        self._add_error(result, summary)
                batch.flush()
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from exc
        return summary

    def _add_record(self, record: Record, summary: AddSummary, batch: _Batch) -> None:
        row = document_row(record)
        cursor = self.db.execute(_INSERT_DOCUMENT, [*[row[c] for c in _DOCUMENT_COLUMNS], record.to_json()])
        if cursor.rowcount == 0:
            summary.duplicates += 1
            return
        doc = cursor.lastrowid
        assert doc is not None
        batch.add(doc, record)
        self.db.execute("DELETE FROM errors WHERE sha256 = ?", (record.document.text_sha256,))
        summary.stored += 1

    def _add_error(self, error: ErrorRecord, summary: AddSummary) -> None:
        sha = error.document.text_sha256 if error.document and error.document.text_sha256 else None
        doc_id = error.document.id if error.document else None
        key = sha or error.input or doc_id or error.error.message
        self.db.execute(
            "INSERT INTO errors (input_key, input, doc_id, sha256, code, message) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (input_key) DO UPDATE SET code = excluded.code, message = excluded.message",
            (key, error.input, doc_id, sha, error.error.code, error.error.message),
        )
        summary.failed += 1
        summary.reasons[error.error.code] = summary.reasons.get(error.error.code, 0) + 1

    # -- reading -------------------------------------------------------------

    def _select(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        try:
            return [dict(row) for row in self.db.execute(sql, params)]
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from exc

    def search(self, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
        return self._select(
            "SELECT d.doc_id, d.published, d.title, snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts) LIMIT ?",
            (fts_query(text), limit),
        )

    def claims(self, query: ClaimQuery) -> list[dict[str, Any]]:
        where, params = ["1 = 1"], []
        if query.category:
            where.append("c.category = ?")
            params.append(query.category)
        for field, value in (("source", query.source), ("subject", query.subject)):
            if value:
                where.append(f"c.{field} LIKE ? ESCAPE '\\' COLLATE NOCASE")
                params.append(f"%{_like(value)}%")
        if query.since:
            where.append("d.published >= ?")
            params.append(query.since)
        if query.until:
            where.append("d.published <= ?")
            params.append(query.until)
        return self._select(
            "SELECT d.doc_id, d.published, c.claim_id, c.category, c.value, c.low, c.high, c.qualifier, c.subject, "
            "c.source, c.period, c.location, c.evidence FROM claims c JOIN documents d ON d.rowid = c.doc "
            f"WHERE {' AND '.join(where)} ORDER BY d.published DESC, d.rowid, c.rowid LIMIT ?",
            [*params, query.limit],
        )

    def quotes(self, query: QuoteQuery) -> list[dict[str, Any]]:
        where, params = ["1 = 1"], []
        join = ""
        if query.speaker:
            where.append("q.speaker LIKE ? ESCAPE '\\' COLLATE NOCASE")
            params.append(f"%{_like(query.speaker)}%")
        if query.text:
            join = "JOIN quotes_fts ON quotes_fts.rowid = q.rowid"
            where.append("quotes_fts MATCH ?")
            params.append(fts_query(query.text))
        return self._select(
            "SELECT d.doc_id, d.published, q.quote_id, q.kind, q.speaker, q.cue, q.content "
            f"FROM quotes q JOIN documents d ON d.rowid = q.doc {join} "
            f"WHERE {' AND '.join(where)} ORDER BY d.published DESC, d.rowid, q.rowid LIMIT ?",
            [*params, query.limit],
        )

    def record(self, doc_id: str) -> Record:
        found = self._select(
            "SELECT record FROM documents WHERE doc_id = ? OR sha256 = ? ORDER BY rowid LIMIT 1", (doc_id, doc_id)
        )
        if not found:
            raise DocumentNotFoundError(
                f"no stored document has the id {doc_id!r}; 'factdesk search WORDS' finds ids", source=str(self.path)
            )
        return Record.model_validate_json(found[0]["record"])

    def table(self, name: str) -> Iterator[dict[str, Any]]:
        if name not in TABLES:
            raise ValueError(f"no table {name!r}; tables: {', '.join(TABLES)}")
        columns = [c.name for c in TABLES[name]]
        if name in ("documents", "errors"):
            sql = f"SELECT {_quoted(columns)} FROM {name} ORDER BY rowid"
        else:
            picked = ", ".join(f't."{c}"' for c in _FLAT_COLUMNS[name])
            sql = (
                f"SELECT d.doc_id, d.published, {picked} FROM {name} t JOIN documents d ON d.rowid = t.doc "
                "ORDER BY t.doc, t.rowid"
            )
        try:
            for row in self.db.execute(sql):
                yield dict(row)
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from exc

    def counts(self) -> dict[str, int]:
        try:
            return {
                name: int(self.db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])  # names from TABLES only
                for name in TABLES
            }
        except sqlite3.DatabaseError as exc:
            raise _store_error(exc, self.path) from exc

    def close(self) -> None:
        self.db.close()


def _like(value: str) -> str:
    """``value`` with LIKE's wildcards escaped, so user text matches literally."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _store_error(exc: sqlite3.DatabaseError, path: Path) -> StoreError:
    message = str(exc)
    if "locked" in message or "busy" in message:
        hint = "another process holds the store; wait for it or use another --db"
    elif "full" in message:
        hint = "the disk (or the store's size limit) is full; nothing of the last batch was written"
    elif "not a database" in message or "malformed" in message or "corrupt" in message:
        hint = "the file is not a factdesk store or is damaged; restore it or start a new one with --db"
    else:
        hint = "see the SQLite message"
    return StoreError(f"{message} ({hint})", source=str(path))


def open_store(path: str | Path, *, create: bool = True, timeout: float = 30.0) -> SQLiteStore:
    """The store at ``path``, created with its schema when new (unless ``create`` is false)."""
    return SQLiteStore(path, create=create, timeout=timeout)
