"""The corpus store: ingest results, query them, export flat tables.

``base.Store`` is the interface; ``sqlite.SQLiteStore`` the embedded default.
"""

from factdesk.store.base import AddSummary, ClaimQuery, QuoteQuery, Store
from factdesk.store.sqlite import SQLiteStore, open_store

DEFAULT_DB = "factdesk.db"

__all__ = ["DEFAULT_DB", "AddSummary", "ClaimQuery", "QuoteQuery", "SQLiteStore", "Store", "open_store"]
