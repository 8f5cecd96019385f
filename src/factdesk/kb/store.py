"""The knowledge base on disk: SQLite tables of items, names, links and statements.

One small class keeps SQL in one place. Every query is parameterised; names are
matched through a normalised key (case, accents and punctuation folded) so that
"Recep Tayyip Erdoğan" and "recep tayyip erdogan" meet.
"""

from __future__ import annotations

import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from factdesk.errors import KnowledgeBaseError
from factdesk.kb.wikidata import Entity, Statement, WikiDate

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    label TEXT,
    description TEXT,
    origin TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS names (
    item TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (item, key)
);
CREATE INDEX IF NOT EXISTS names_key ON names (key);
CREATE TABLE IF NOT EXISTS links (
    item TEXT NOT NULL,
    property TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (item, property, value)
);
CREATE INDEX IF NOT EXISTS links_value ON links (property, value);
CREATE TABLE IF NOT EXISTS statements (
    id TEXT PRIMARY KEY,
    item TEXT NOT NULL,
    property TEXT NOT NULL,
    value TEXT NOT NULL,
    start TEXT,
    start_precision INTEGER,
    "end" TEXT,
    end_precision INTEGER,
    jurisdiction TEXT,
    acting INTEGER NOT NULL DEFAULT 0,
    rank TEXT NOT NULL,
    origin TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_item ON statements (item, property);
CREATE INDEX IF NOT EXISTS statements_value ON statements (value, property);
"""

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"'s\b")


def name_key(name: str) -> str:
    """The key names are matched by: casefolded, accents and punctuation removed, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _POSSESSIVE.sub("", plain).replace("-", " ")
    return _SPACE.sub(" ", _PUNCT.sub("", plain.casefold())).strip()


def default_path() -> Path:
    """Where the KB lives unless told: ``$FACTDESK_KB``, else the user's data directory."""
    explicit = os.environ.get("FACTDESK_KB")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "factdesk" / "kb.sqlite"


@dataclass(frozen=True)
class Item:
    id: str
    kind: str
    label: str | None
    description: str | None
    origin: str


@dataclass(frozen=True)
class Held:
    """A statement as stored, with the item labels needed to explain a verdict."""

    id: str
    item: str
    property: str
    value: str
    start: WikiDate | None
    end: WikiDate | None
    jurisdiction: str | None
    acting: bool
    origin: str


class KnowledgeBase:
    """A SQLite knowledge base. Open with :meth:`open` (a file) or :meth:`memory`."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self.connection = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> KnowledgeBase:
        """The KB at ``path`` (default :func:`default_path`), created with its schema when ``create``."""
        file = Path(path) if path is not None else default_path()
        if not file.exists() and not create:
            raise KnowledgeBaseError(
                f"no knowledge base at {file}; create one with 'factdesk kb import FILE' or give --kb PATH"
            )
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(str(file), timeout=30.0)
            connection.execute("PRAGMA journal_mode=WAL")
            kb = cls(connection, file)
            kb._ensure_schema()
        except sqlite3.DatabaseError as exc:
            raise KnowledgeBaseError(f"cannot open the knowledge base {file}: {exc}; is it a factdesk KB?") from exc
        except OSError as exc:
            raise KnowledgeBaseError(f"cannot create the knowledge base {file}: {exc}") from exc
        return kb

    @classmethod
    def memory(cls) -> KnowledgeBase:
        """An empty KB in memory (tests, and the starter KB when no file exists)."""
        kb = cls(sqlite3.connect(":memory:", check_same_thread=False), None)
        kb._ensure_schema()
        return kb

    def _ensure_schema(self) -> None:
        with self.connection:
            self.connection.executescript(_SCHEMA)
            row = self.connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self.connection.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                )
            elif int(row[0]) > SCHEMA_VERSION:
                raise KnowledgeBaseError(
                    f"the knowledge base has schema version {row[0]}, newer than this factdesk's "
                    f"{SCHEMA_VERSION}; upgrade factdesk"
                )

    def close(self) -> None:
        self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Commit everything inside at once, or nothing."""
        with self.connection:
            yield

    # -- writing -------------------------------------------------------------

    def put_entity(self, entity: Entity, origin: str) -> None:
        """Insert or replace an item with its names, links and statements (call inside :meth:`transaction`)."""
        execute = self.connection.execute
        execute(
            "INSERT INTO items (id, kind, label, description, origin) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, label = excluded.label, "
            "description = excluded.description, origin = excluded.origin",
            (entity.id, entity.kind, entity.label, entity.description, origin),
        )
        execute("DELETE FROM names WHERE item = ?", (entity.id,))
        execute("DELETE FROM links WHERE item = ?", (entity.id,))
        # Statements of this item from an entity file are replaced as a whole: the file is the truth.
        execute("DELETE FROM statements WHERE item = ?", (entity.id,))
        self.add_names(entity.id, [n for n in [entity.label, *entity.aliases] if n])
        self.connection.executemany(
            "INSERT OR IGNORE INTO links (item, property, value) VALUES (?, ?, ?)",
            [(entity.id, prop, value) for prop, values in entity.links.items() for value in values],
        )
        self.put_statements(entity.statements, origin)

    def put_item(self, item_id: str, kind: str, label: str | None, origin: str) -> None:
        """Add an item known only by id and label (from SPARQL rows); an existing item keeps its data."""
        self.connection.execute(
            "INSERT INTO items (id, kind, label, description, origin) VALUES (?, ?, ?, NULL, ?) "
            "ON CONFLICT (id) DO UPDATE SET label = COALESCE(items.label, excluded.label)",
            (item_id, kind, label, origin),
        )
        if label:
            self.add_names(item_id, [label])

    def add_names(self, item_id: str, names: Iterable[str]) -> None:
        self.connection.executemany(
            "INSERT OR IGNORE INTO names (item, name, key) VALUES (?, ?, ?)",
            [(item_id, name, key) for name in names if (key := name_key(name))],
        )

    def add_link(self, item_id: str, prop: str, value: str) -> None:
        self.connection.execute(
            "INSERT OR IGNORE INTO links (item, property, value) VALUES (?, ?, ?)", (item_id, prop, value)
        )

    def put_statements(self, statements: Iterable[Statement], origin: str) -> None:
        self.connection.executemany(
            'INSERT OR REPLACE INTO statements (id, item, property, value, start, start_precision, "end", '
            "end_precision, jurisdiction, acting, rank, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    s.id,
                    s.subject,
                    s.property,
                    s.value,
                    s.start.iso if s.start else None,
                    s.start.precision if s.start else None,
                    s.end.iso if s.end else None,
                    s.end.precision if s.end else None,
                    s.jurisdiction,
                    int(s.acting),
                    s.rank,
                    origin,
                )
                for s in statements
            ],
        )

    def set_meta(self, key: str, value: str) -> None:
        self.connection.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- reading -------------------------------------------------------------

    def item(self, item_id: str) -> Item | None:
        row = self.connection.execute(
            "SELECT id, kind, label, description, origin FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        return None if row is None else Item(*row)

    def label(self, item_id: str) -> str:
        """The item's label, or its id when the KB has no label for it."""
        row = self.connection.execute("SELECT label FROM items WHERE id = ?", (item_id,)).fetchone()
        return str(row[0]) if row and row[0] else item_id

    def names(self, item_id: str) -> list[str]:
        rows = self.connection.execute("SELECT name FROM names WHERE item = ? ORDER BY name", (item_id,))
        return [str(r[0]) for r in rows]

    def find(self, name: str, kind: str | None = None) -> list[Item]:
        """Items whose label or alias matches ``name`` (normalised), of ``kind`` when given."""
        key = name_key(name)
        sql = (
            "SELECT DISTINCT items.id, items.kind, items.label, items.description, items.origin "
            "FROM names JOIN items ON items.id = names.item WHERE names.key = ?"
        )
        params: tuple[str, ...] = (key,)
        if kind is not None:
            sql += " AND items.kind = ?"
            params = (key, kind)
        return [Item(*row) for row in self.connection.execute(sql + " ORDER BY items.id", params)]

    def items_of_kind(self, kind: str) -> list[Item]:
        rows = self.connection.execute(
            "SELECT id, kind, label, description, origin FROM items WHERE kind = ? ORDER BY id", (kind,)
        )
        return [Item(*row) for row in rows]

    def links(self, item_id: str, prop: str) -> list[str]:
        rows = self.connection.execute(
            "SELECT value FROM links WHERE item = ? AND property = ? ORDER BY value", (item_id, prop)
        )
        return [str(r[0]) for r in rows]

    def statements(self, item_id: str, prop: str = "P39") -> list[Held]:
        """The item's statements of ``prop`` (deprecated ones were never stored)."""
        rows = self.connection.execute(
            'SELECT id, item, property, value, start, start_precision, "end", end_precision, jurisdiction, '
            "acting, origin FROM statements WHERE item = ? AND property = ? ORDER BY start",
            (item_id, prop),
        )
        return [_held(row) for row in rows]

    def holders(self, position: str, prop: str = "P39") -> list[Held]:
        """Every statement that someone held ``position``."""
        rows = self.connection.execute(
            'SELECT id, item, property, value, start, start_precision, "end", end_precision, jurisdiction, '
            "acting, origin FROM statements WHERE value = ? AND property = ? ORDER BY start",
            (position, prop),
        )
        return [_held(row) for row in rows]

    def position_names(self) -> Iterator[tuple[str, str, str | None]]:
        """(position id, one of its names, the label of the place it applies to) for every position."""
        rows = self.connection.execute(
            "SELECT names.item, names.name, places.label FROM items JOIN names ON names.item = items.id "
            "LEFT JOIN links ON links.item = items.id AND links.property IN ('P1001', 'P17') "
            "LEFT JOIN items AS places ON places.id = links.value WHERE items.kind = 'position'"
        )
        for item, name, place in rows:
            yield str(item), str(name), None if place is None else str(place)

    def counts(self) -> dict[str, int]:
        """How many items of each kind and how many statements the KB holds."""
        counts = {
            str(kind): int(n)
            for kind, n in self.connection.execute("SELECT kind, COUNT(*) FROM items GROUP BY kind ORDER BY kind")
        }
        counts["statements"] = int(self.connection.execute("SELECT COUNT(*) FROM statements").fetchone()[0])
        return counts


def _held(row: tuple[object, ...]) -> Held:
    sid, item, prop, value, start, start_p, end, end_p, jurisdiction, acting, origin = row
    return Held(
        id=str(sid),
        item=str(item),
        property=str(prop),
        value=str(value),
        start=WikiDate(str(start), int(str(start_p))) if start else None,
        end=WikiDate(str(end), int(str(end_p))) if end else None,
        jurisdiction=None if jurisdiction is None else str(jurisdiction),
        acting=bool(acting),
        origin=str(origin),
    )
