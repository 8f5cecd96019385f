"""Loading Wikidata entity JSON into the knowledge base, streamed, in batches of one transaction each."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdesk.errors import MalformedRecordError
from factdesk.kb.store import KnowledgeBase
from factdesk.kb.wikidata import Entity, iter_entities, parse_entity

# Items kept from a dump besides people and positions: places and bodies positions apply to,
# so that "Israel's" finds the jurisdiction of "Minister of Defense of Israel".
JURISDICTION_CLASSES = frozenset(
    {
        "Q6256",  # country
        "Q3624078",  # sovereign state
        "Q7275",  # state
        "Q484652",  # international organization
        "Q327333",  # government agency
    }
)


@dataclass
class ImportSummary:
    """What one import read and kept."""

    read: int = 0
    people: int = 0
    positions: int = 0
    other: int = 0
    statements: int = 0
    skipped: int = 0
    malformed: list[str] = field(default_factory=list)

    @property
    def kept(self) -> int:
        return self.people + self.positions + self.other


def wanted(entity: Entity, keep_all: bool = False) -> bool:
    """Whether a dump entity matters for role verification: people who held a position or
    worked somewhere, positions, and jurisdictions. ``keep_all`` keeps every item."""
    if keep_all:
        return True
    if entity.is_human:
        return bool(entity.statements)
    if entity.is_position:
        return True
    return bool(set(entity.links.get("P31", [])) & JURISDICTION_CLASSES)


def import_entities(
    kb: KnowledgeBase,
    entities: Iterable[dict[str, Any]],
    origin: str,
    *,
    keep_all: bool = False,
    batch_size: int = 2000,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Parse and store entities, ``batch_size`` per transaction; memory is bounded by one batch."""
    summary = ImportSummary()
    pending: list[Entity] = []

    def flush() -> None:
        with kb.transaction():
            for entity in pending:
                kb.put_entity(entity, origin)
        pending.clear()
        if progress is not None:
            progress(summary)

    for data in entities:
        summary.read += 1
        try:
            entity = parse_entity(data)
        except MalformedRecordError as exc:
            if len(summary.malformed) < 20:
                summary.malformed.append(str(exc))
            summary.skipped += 1
            continue
        if not wanted(entity, keep_all):
            summary.skipped += 1
            continue
        if entity.is_human:
            summary.people += 1
        elif entity.is_position:
            summary.positions += 1
        else:
            summary.other += 1
        summary.statements += len(entity.statements)
        pending.append(entity)
        if len(pending) >= batch_size:
            flush()
    if pending or progress is not None:
        flush()
    return summary


def import_file(
    kb: KnowledgeBase,
    path: str | Path,
    *,
    keep_all: bool | None = None,
    origin: str | None = None,
    batch_size: int = 2000,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Import a Wikidata JSON file or dump. Small files (single entities, ``EntityData``
    downloads) keep every item; dumps keep people with positions, positions and jurisdictions."""
    file = Path(path)
    if keep_all is None:
        keep_all = not _looks_like_dump(file)
    summary = import_entities(
        kb,
        iter_entities(file),
        origin or f"wikidata:{file.name}",
        keep_all=keep_all,
        batch_size=batch_size,
        progress=progress,
    )
    with kb.transaction():
        kb.set_meta(f"import:{file.name}", f"read={summary.read} kept={summary.kept}")
    return summary


def _looks_like_dump(file: Path) -> bool:
    name = file.name.lower()
    return name.endswith((".gz", ".bz2")) or (file.is_file() and file.stat().st_size > 50_000_000)
