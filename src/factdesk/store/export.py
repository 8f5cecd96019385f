"""Exporting the store's flat tables as JSON lines, CSV or Parquet, streamed table by table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factdesk.store.base import Store
from factdesk.store.tables import TABLES

FORMATS = ("jsonl", "csv", "parquet")
# The tables ``export`` writes unless told; mentions are the largest and rarely wanted flat.
DEFAULT_TABLES = ("documents", "quotes", "claims", "times", "events", "roles", "entities", "errors")
PARQUET_ROWS = 10_000  # rows per Parquet row group: memory stays bounded by one group


@dataclass(frozen=True)
class Exported:
    table: str
    path: Path
    rows: int


def arrow_schema(columns: Sequence[tuple[str, str]]) -> Any:
    """The Arrow schema of (name, SQL type) columns: TEXT, INTEGER and REAL as string, int64, float64."""
    import pyarrow as pa

    types = {"TEXT": pa.string(), "INTEGER": pa.int64(), "REAL": pa.float64()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in columns])


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_table(store: Store, table: str, fmt: str, out_dir: Path) -> Exported:
    """Write one table to ``out_dir/<table>.<fmt>``; a finished file replaces an older one."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}")
    columns = [c.name for c in TABLES[table]]
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{table}.{fmt}"
    partial = path.with_name(path.name + ".partial")
    count = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = arrow_schema([(c.name, c.type) for c in TABLES[table]])
        with pq.ParquetWriter(str(partial), schema) as writer:
            for chunk in _chunks(store.table(table), PARQUET_ROWS):
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
    else:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            if fmt == "csv":
                writer_csv = csv.DictWriter(handle, fieldnames=columns)
                writer_csv.writeheader()
                for row in store.table(table):
                    writer_csv.writerow(row)
                    count += 1
            else:
                for row in store.table(table):
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
    partial.replace(path)
    return Exported(table, path, count)


def export(store: Store, fmt: str, out_dir: Path, tables: Sequence[str] = DEFAULT_TABLES) -> list[Exported]:
    """Write each table of ``tables`` to ``out_dir`` in ``fmt``."""
    unknown = [t for t in tables if t not in TABLES]
    if unknown:
        raise ValueError(f"no table {unknown[0]!r}; tables: {', '.join(TABLES)}")
    return [export_table(store, table, fmt, out_dir) for table in tables]
