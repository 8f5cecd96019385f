"""Write src/factdesk/kb/starter/entities.json (Wikidata dump layout) from facts.json.

python scripts/build_starter_kb.py
"""

from __future__ import annotations

from factdesk.kb.starter import entities_path, expected_dump


def main() -> None:
    path = entities_path()
    path.write_text(expected_dump(), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
