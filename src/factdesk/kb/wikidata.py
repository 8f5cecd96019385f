"""Reading Wikidata's entity JSON: one entity, ``Special:EntityData`` files and full dumps.

Only what role verification needs is kept: English labels and aliases, what an
item is (P31/P279), where a position applies (P1001/P17), and the statements
"position held" (P39) and "employer" (P108) with their start (P580), end (P582),
jurisdiction (P1001/P642) and nature (P5102, e.g. acting). Deprecated statements
are dropped, as Wikidata's own "truthy" views drop them.
"""

from __future__ import annotations

import bz2
import gzip
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from factdesk.errors import InputNotFoundError, MalformedRecordError

HUMAN = "Q5"
# Classes whose instances are positions; a position item is usually an instance of one
# of these (or of a subclass Wikidata users meet often: minister, ambassador, head of state).
POSITION_CLASSES = frozenset(
    {
        "Q4164871",  # position
        "Q294414",  # public office
        "Q83307",  # minister
        "Q121998",  # ambassador
        "Q48352",  # head of state
        "Q2285706",  # head of government
        "Q30461",  # president
        "Q14212",  # prime minister
        "Q599151",  # official
        "Q4175034",  # legislator
        "Q116",  # monarch
    }
)
STATEMENT_PROPERTIES = ("P39", "P108")
ITEM_LINKS = ("P31", "P279", "P1001", "P17")
# Values of "nature of statement" (P5102) / "object has role" (P3831) meaning "acting".
ACTING_VALUES = frozenset({"Q4676846", "Q111638431"})
ACTING_QUALIFIERS = ("P5102", "P3831")
JURISDICTION_QUALIFIERS = ("P1001", "P642")

_TIME = re.compile(r"^([+-]?)(\d{1,16})-(\d\d)-(\d\d)T")


@dataclass(frozen=True)
class WikiDate:
    """A Wikidata time value cut to its precision: ``2024-11-07`` (day), ``2024-11`` (month), ``2024`` (year)."""

    iso: str
    precision: int  # Wikidata's: 11 day, 10 month, 9 year (coarser values are kept as years)

    @classmethod
    def parse(cls, value: dict[str, Any]) -> WikiDate | None:
        match = _TIME.match(str(value.get("time", "")))
        if not match:
            return None
        sign, year, month, day = match.groups()
        if sign == "-":
            return None  # BCE terms say nothing about modern news
        precision = int(value.get("precision", 11))
        y = int(year)
        if precision >= 11 and month != "00" and day != "00":
            return cls(f"{y:04d}-{month}-{day}", 11)
        if precision >= 10 and month != "00":
            return cls(f"{y:04d}-{month}", 10)
        return cls(f"{y:04d}", 9)


@dataclass
class Statement:
    """One truthy statement "subject held position value" (P39) or "worked for" (P108)."""

    id: str
    subject: str
    property: str
    value: str
    start: WikiDate | None = None
    end: WikiDate | None = None
    jurisdiction: str | None = None
    acting: bool = False
    rank: str = "normal"


@dataclass
class Entity:
    """What factdesk keeps of one Wikidata item."""

    id: str
    label: str | None = None
    description: str | None = None
    aliases: list[str] = field(default_factory=list)
    links: dict[str, list[str]] = field(default_factory=dict)  # P31/P279/P1001/P17 -> item ids
    statements: list[Statement] = field(default_factory=list)

    @property
    def is_human(self) -> bool:
        return HUMAN in self.links.get("P31", [])

    @property
    def is_position(self) -> bool:
        classes = set(self.links.get("P31", [])) | set(self.links.get("P279", []))
        return bool(classes & POSITION_CLASSES) or (not self.is_human and "P1001" in self.links)

    @property
    def kind(self) -> str:
        if self.is_human:
            return "human"
        if self.is_position:
            return "position"
        return "item"


def _item_id(snak: dict[str, Any]) -> str | None:
    if snak.get("snaktype") != "value":
        return None
    value = snak.get("datavalue", {}).get("value")
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            return str(value["id"])
        if "numeric-id" in value:
            return f"Q{value['numeric-id']}"
    return None


def _time(snak: dict[str, Any]) -> WikiDate | None:
    if snak.get("snaktype") != "value":
        return None
    value = snak.get("datavalue", {}).get("value")
    return WikiDate.parse(value) if isinstance(value, dict) else None


def _first(qualifiers: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    found = qualifiers.get(prop, [])
    return [q for q in found if isinstance(q, dict)] if isinstance(found, list) else []


def _statement(subject: str, prop: str, claim: dict[str, Any]) -> Statement | None:
    rank = claim.get("rank", "normal")
    if rank == "deprecated":
        return None
    value = _item_id(claim.get("mainsnak", {}))
    if value is None:
        return None
    qualifiers = claim.get("qualifiers") or {}
    start = next((t for q in _first(qualifiers, "P580") if (t := _time(q))), None)
    end = next((t for q in _first(qualifiers, "P582") if (t := _time(q))), None)
    jurisdiction = next(
        (j for prop_id in JURISDICTION_QUALIFIERS for q in _first(qualifiers, prop_id) if (j := _item_id(q))), None
    )
    acting = any(_item_id(q) in ACTING_VALUES for prop_id in ACTING_QUALIFIERS for q in _first(qualifiers, prop_id))
    statement_id = str(claim.get("id") or f"{subject}${prop}${value}${start.iso if start else ''}")
    return Statement(statement_id, subject, prop, value, start, end, jurisdiction, acting, str(rank))


def _english(values: Any) -> str | None:
    if not isinstance(values, dict):
        return None
    for lang in ("en", "en-gb", "en-us", "mul"):
        entry = values.get(lang)
        if isinstance(entry, dict) and isinstance(entry.get("value"), str):
            return str(entry["value"])
    return None


def parse_entity(data: dict[str, Any]) -> Entity:
    """One Wikidata entity (the JSON of ``Special:EntityData`` or of one dump line)."""
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id:
        raise MalformedRecordError("a Wikidata entity needs a string 'id'")
    aliases: list[str] = []
    raw_aliases = data.get("aliases")
    if isinstance(raw_aliases, dict):
        for lang in ("en", "en-gb", "en-us", "mul"):
            for entry in raw_aliases.get(lang, []) or []:
                if isinstance(entry, dict) and isinstance(entry.get("value"), str) and entry["value"] not in aliases:
                    aliases.append(entry["value"])
    claims = data.get("claims") or {}
    if not isinstance(claims, dict):
        claims = {}
    links: dict[str, list[str]] = {}
    for prop in ITEM_LINKS:
        ids = [
            i
            for c in claims.get(prop, []) or []
            if isinstance(c, dict) and c.get("rank") != "deprecated" and (i := _item_id(c.get("mainsnak", {})))
        ]
        if ids:
            links[prop] = ids
    statements = [
        s
        for prop in STATEMENT_PROPERTIES
        for c in claims.get(prop, []) or []
        if isinstance(c, dict) and (s := _statement(entity_id, prop, c))
    ]
    label, description = _english(data.get("labels")), _english(data.get("descriptions"))
    return Entity(entity_id, label, description, aliases, links, statements)


def _open_text(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    if name.endswith(".bz2"):
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_entities(
    path: str | Path, *, on_malformed: Callable[[MalformedRecordError], None] | None = None
) -> Iterator[dict[str, Any]]:
    """Every entity in a Wikidata JSON file, streamed: a dump (a JSON array with one entity a line,
    plain, .gz or .bz2), JSON lines, an ``EntityData`` file (``{"entities": {...}}``) or one entity.

    Dumps are read line by line, so memory stays constant whatever the file's size. A line
    that is not an entity raises :class:`MalformedRecordError` naming its line, or, when
    ``on_malformed`` is given, is handed to it and skipped: one bad line should not cost
    an import hours into a dump. A file that cannot be read on (a truncated download)
    always raises.
    """
    file = Path(path)
    if not file.is_file():
        raise InputNotFoundError(f"no such file: {file}; give a Wikidata JSON file or dump")
    with _open_text(file) as handle:
        lines = _numbered(handle, file)
        number, first = next(((n, line) for n, line in lines if line.strip()), (0, ""))
        stripped = first.strip()
        if stripped in ("[", "]") or (stripped.startswith("{") and stripped.rstrip(",").endswith("}")):
            # Dump or JSON-lines layout: one entity per line.
            yield from _entity_lines(itertools.chain([(number, first)], lines), file, on_malformed)
            return
        # A pretty-printed document: small (an EntityData download), read it whole.
        document = first + "".join(line for _, line in lines)
    try:
        data = json.loads(document)
    except json.JSONDecodeError as exc:
        raise MalformedRecordError(f"not Wikidata JSON ({exc.msg} at line {exc.lineno})", source=str(file)) from exc
    entities = _entities_in(data)
    if entities is None:
        raise MalformedRecordError(
            "not Wikidata entity JSON: expected an entity, 'entities' or a list", source=str(file)
        )
    yield from entities


def _numbered(handle: IO[str], file: Path) -> Iterator[tuple[int, str]]:
    """The file's lines with their 1-based numbers; a read error says where the file broke off."""
    number = 0
    try:
        for number, line in enumerate(handle, 1):
            yield number, line
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise MalformedRecordError(
            f"cannot read on after line {number} ({exc}); is the file truncated or not what its name says?",
            source=str(file),
        ) from exc


def _entities_in(data: Any) -> list[dict[str, Any]] | None:
    """The entities a parsed document holds, or None when it is not Wikidata entity JSON."""
    if isinstance(data, dict) and isinstance(data.get("entities"), dict):
        return [e for e in data["entities"].values() if isinstance(e, dict)]
    if isinstance(data, dict) and "id" in data:
        return [data]
    if isinstance(data, list):
        return [e for e in data if isinstance(e, dict)]
    return None


def _entity_lines(
    lines: Iterator[tuple[int, str]], file: Path, on_malformed: Callable[[MalformedRecordError], None] | None
) -> Iterator[dict[str, Any]]:
    for number, line in lines:
        text = line.strip()
        if text in ("", "[", "]"):
            continue
        if text.endswith(","):
            text = text[:-1]
        try:
            entities = _entities_in(json.loads(text))
            problem = None if entities is not None else "is not a Wikidata entity"
        except json.JSONDecodeError as exc:
            entities, problem = None, f"is not JSON ({exc.msg} at column {exc.colno})"
        if entities is None:
            error = MalformedRecordError(f"line {number} {problem}", source=str(file))
            if on_malformed is None:
                raise error
            on_malformed(error)
            continue
        yield from entities
