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
MALFORMED_EXAMPLES = 20  # messages kept; a broken dump can have millions of bad lines, the count says how many


@dataclass
class ImportSummary:
    """What one import read and kept. Every record read is kept or skipped (``read == kept + skipped``);
    malformed records (lines that are not JSON, entities without an id) are among the skipped."""

    read: int = 0
    people: int = 0
    positions: int = 0
    other: int = 0
    statements: int = 0
    skipped: int = 0
    malformed: int = 0
    malformed_examples: list[str] = field(default_factory=list)  # the first few messages, for the report

    @property
    def kept(self) -> int:
        return self.people + self.positions + self.other

    def note_malformed(self, error: MalformedRecordError) -> None:
        """Count a record that could not be read and go on."""
        self.read += 1
        self.skipped += 1
        self.malformed += 1
        if len(self.malformed_examples) < MALFORMED_EXAMPLES:
            self.malformed_examples.append(str(error))


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
    summary: ImportSummary | None = None,
) -> ImportSummary:
    """Parse and store entities, ``batch_size`` per transaction; memory is bounded by one batch.
    Counts go to ``summary`` when given (so that a reader can count what it skipped there too)."""
    summary = summary if summary is not None else ImportSummary()
    pending: list[Entity] = []

    def flush() -> None:
        with kb.transaction():
            for entity in pending:
                kb.put_entity(entity, origin)
        pending.clear()
        if progress is not None:
            progress(summary)

    for data in entities:
        try:
            entity = parse_entity(data)
        except MalformedRecordError as exc:
            summary.note_malformed(exc)
            continue
        summary.read += 1
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
    downloads) keep every item; dumps keep people with positions, positions and jurisdictions.

    A line that is not an entity is counted in ``summary.malformed`` and skipped, not fatal:
    a dump takes hours and one bad line should not cost them. A file that breaks off
    (a truncated download) raises :class:`MalformedRecordError`; batches before it stay stored.
    """
    file = Path(path)
    if keep_all is None:
        keep_all = not _looks_like_dump(file)
    summary = ImportSummary()
    entities = iter_entities(file, on_malformed=summary.note_malformed)
    import_entities(
        kb,
        entities,
        origin or f"wikidata:{file.name}",
        keep_all=keep_all,
        batch_size=batch_size,
        progress=progress,
        summary=summary,
    )
    with kb.transaction():
        kb.set_meta(f"import:{file.name}", f"read={summary.read} kept={summary.kept} malformed={summary.malformed}")
    return summary


def _looks_like_dump(file: Path) -> bool:
    name = file.name.lower()
    return name.endswith((".gz", ".bz2")) or (file.is_file() and file.stat().st_size > 50_000_000)
