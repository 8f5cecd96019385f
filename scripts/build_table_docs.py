"""Write docs/tables.md (the store's and exports' columns) from factdesk.store.tables.TABLES.

python scripts/build_table_docs.py
"""

from __future__ import annotations

from pathlib import Path

from factdesk.store.tables import tables_markdown


def main() -> None:
    path = Path(__file__).resolve().parents[1] / "docs" / "tables.md"
    path.write_text(tables_markdown(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
