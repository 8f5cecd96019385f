"""Synthetic Wikidata JSON dumps for the import tests and ``benchmarks/kb_import.py``.

A dump here has the layout of Wikidata's ``latest-all.json``: a ``[`` line, one entity
JSON a line ending with ``,``, the last entity without the comma, and a ``]`` line.
Entities are built one at a time and written straight to the (optionally compressed)
file, so a dump of millions of entities is written in constant memory.

The mix is richer in what factdesk keeps than a real dump, where people who held a position
are well under 1%, so that storing is timed too: one entity in ten is a human with 1-4
"position held" (P39) statements, one in a hundred a position, one in two
hundred a country, and the rest other items (articles, taxa, places, films) that an import
must skip. Statements carry start/end qualifiers of day, month, year and decade
precision, some are deprecated, some acting (P5102) or scoped by P642/P1001. Labels in
several languages, aliases, descriptions, sitelinks, references and other claims give lines
of 1-3 kB for other items and 3-10 kB for people (a P39 statement with its qualifiers is
about 0.9 kB of Wikidata JSON by itself); 2 kB a line on average.

Kept here, not in the library (which must not carry generators) and not in ``benchmarks``
(which the tests must not import): the benchmark imports this module, so the dump it times
is exactly the dump the tests check the import against.
"""

from __future__ import annotations

import bz2
import gzip
import json
import random
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

FIRST_ID = 1_000_000  # entity i of a dump is Q(FIRST_ID + i)
ACTING = "Q4676846"
POSITION_CLASSES = ("Q4164871", "Q83307")  # position, minister
COUNTRY = "Q6256"
# What the other items are instances of: none of them is kept by a dump import.
OTHER_CLASSES = ("Q13442814", "Q16521", "Q486972", "Q11424", "Q4167836", "Q7187", "Q482994")
LANGUAGES = ("de", "fr", "es", "it", "nl", "pl", "pt", "ru", "ja", "zh", "ar", "sv", "tr", "he", "uk", "cs", "fi")
_SYLLABLES = ("an", "bel", "cor", "da", "el", "fen", "gar", "hu", "ir", "jo", "ka", "lu", "mar", "né", "os", "pé")
# Every word of two or three syllables, made once: one random choice a word keeps generation fast.
_WORDS = tuple((a + b).capitalize() for a in _SYLLABLES for b in _SYLLABLES) + tuple(
    (a + b + c).capitalize() for a in _SYLLABLES for b in _SYLLABLES for c in _SYLLABLES
)
_GREGORIAN = "http://www.wikidata.org/entity/Q1985727"


@dataclass
class DumpStats:
    """What a generated dump holds, counted as it was written: what an import must find."""

    entities: int = 0  # well-formed entity lines
    humans: int = 0
    people: int = 0  # humans with at least one statement that is not deprecated (the ones kept)
    positions: int = 0
    countries: int = 0
    others: int = 0
    statements: int = 0  # P39/P108 statements of kept people that are not deprecated
    deprecated: int = 0
    bytes: int = 0  # of the uncompressed file
    malformed: int = 0
    malformed_lines: tuple[int, ...] = ()  # 1-based line numbers in the uncompressed file

    @property
    def kept(self) -> int:
        return self.people + self.positions + self.countries

    def add(self, other: DumpStats) -> None:
        self.entities += other.entities
        self.humans += other.humans
        self.people += other.people
        self.positions += other.positions
        self.countries += other.countries
        self.others += other.others
        self.statements += other.statements
        self.deprecated += other.deprecated


def kind_of(index: int) -> str:
    """What entity ``index`` of a dump is: 10% humans, 1% positions, 0.5% countries, the rest other."""
    if index % 10 == 0:
        return "human"
    if index % 100 == 1:
        return "position"
    if index % 200 == 3:
        return "country"
    return "other"


def qid(index: int) -> str:
    return f"Q{FIRST_ID + index}"


class _Builder:
    """Builds entity ``i`` of a dump of ``size`` entities; links point at positions and countries of the same dump."""

    def __init__(self, size: int, seed: int, lean: bool = False) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.lean = lean  # only what an import reads: labels in English, the claims it looks at
        self.countries = max(0, (size - 3 + 199) // 200)  # indexes 3, 203, 403, ... below size
        self.positions = max(0, (size - 1 + 99) // 100)  # indexes 1, 101, 201, ...

    # -- values --------------------------------------------------------------

    def name(self, words: int = 2) -> str:
        return " ".join(self.rng.choices(_WORDS, k=words))

    def country(self) -> str:
        return qid(200 * self.rng.randrange(self.countries) + 3) if self.countries else "Q30"

    def position(self) -> str:
        return qid(100 * self.rng.randrange(self.positions) + 1) if self.positions else "Q11696"

    def guid(self, subject: str) -> str:
        bits = f"{self.rng.getrandbits(128):032x}"
        return f"{subject}${bits[:8]}-{bits[8:12]}-{bits[12:16]}-{bits[16:20]}-{bits[20:]}".upper()

    def snak_hash(self) -> str:
        return f"{self.rng.getrandbits(160):040x}"

    def item_snak(self, prop: str, value: str) -> dict[str, Any]:
        if self.lean:
            return {"snaktype": "value", "property": prop, "datavalue": {"value": {"id": value}}}
        return {
            "snaktype": "value",
            "property": prop,
            "hash": self.snak_hash(),
            "datavalue": {
                "value": {"entity-type": "item", "numeric-id": int(value[1:]), "id": value},
                "type": "wikibase-entityid",
            },
            "datatype": "wikibase-item",
        }

    def time_snak(self, prop: str, year: int) -> dict[str, Any]:
        """A date of day, month, year or decade precision, written as Wikidata writes each."""
        precision = self.rng.choices((11, 10, 9, 8), weights=(60, 15, 20, 5))[0]
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        if precision == 11:
            time = f"+{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
        elif precision == 10:
            time = f"+{year:04d}-{month:02d}-00T00:00:00Z"
        else:
            # Coarse dates come both ways in real data: zeroed month and day, or January 1st.
            time = f"+{year:04d}-00-00T00:00:00Z" if self.rng.random() < 0.7 else f"+{year:04d}-01-01T00:00:00Z"
        if self.lean:
            return {
                "snaktype": "value",
                "property": prop,
                "datavalue": {"value": {"time": time, "precision": precision}},
            }
        return {
            "snaktype": "value",
            "property": prop,
            "hash": self.snak_hash(),
            "datavalue": {
                "value": {
                    "time": time,
                    "timezone": 0,
                    "before": 0,
                    "after": 0,
                    "precision": precision,
                    "calendarmodel": _GREGORIAN,
                },
                "type": "time",
            },
            "datatype": "time",
        }

    def string_snak(self, prop: str, value: str) -> dict[str, Any]:
        return {
            "snaktype": "value",
            "property": prop,
            "hash": self.snak_hash(),
            "datavalue": {"value": value, "type": "string"},
            "datatype": "external-id",
        }

    def claim(
        self, subject: str, snak: dict[str, Any], rank: str = "normal", qualifiers: dict[str, list[Any]] | None = None
    ) -> dict[str, Any]:
        if self.lean:
            return {"mainsnak": snak, "id": self.guid(subject), "rank": rank, "qualifiers": qualifiers or {}}
        claim: dict[str, Any] = {"mainsnak": snak, "type": "statement", "id": self.guid(subject), "rank": rank}
        if qualifiers:
            claim["qualifiers"] = qualifiers
            claim["qualifiers-order"] = list(qualifiers)
        if self.rng.random() < 0.15:
            claim["references"] = [
                {
                    "hash": self.snak_hash(),
                    "snaks": {"P143": [self.item_snak("P143", "Q328")]},
                    "snaks-order": ["P143"],
                }
            ]
        return claim

    def terms(self, label: str, extra_languages: int) -> dict[str, Any]:
        languages = ["en", *self.rng.sample(LANGUAGES, 0 if self.lean else extra_languages)]
        return {lang: {"language": lang, "value": label} for lang in languages}

    # -- entities ------------------------------------------------------------

    def human(self, index: int, stats: DumpStats) -> dict[str, Any]:
        subject = qid(index)
        label = self.name()
        claims: dict[str, list[Any]] = {"P31": [self.claim(subject, self.item_snak("P31", "Q5"))]}
        kept = 0
        roles: list[dict[str, Any]] = []
        for _ in range(self.rng.randint(1, 4)):
            rank = self.rng.choices(("normal", "preferred", "deprecated"), weights=(80, 10, 10))[0]
            start = self.rng.randint(1950, 2024)
            qualifiers: dict[str, list[Any]] = {}
            if self.rng.random() < 0.9:
                qualifiers["P580"] = [self.time_snak("P580", start)]
            if self.rng.random() < 0.6:
                if self.rng.random() < 0.1:  # an end that is known to exist but not known
                    qualifiers["P582"] = [{"snaktype": "somevalue", "property": "P582", "hash": self.snak_hash()}]
                else:
                    qualifiers["P582"] = [self.time_snak("P582", min(start + self.rng.randint(0, 8), 2025))]
            if self.rng.random() < 0.05:
                qualifiers["P5102"] = [self.item_snak("P5102", ACTING)]
            scope = self.rng.random()
            if scope < 0.1:
                qualifiers["P642"] = [self.item_snak("P642", self.country())]
            elif scope < 0.2:
                qualifiers["P1001"] = [self.item_snak("P1001", self.country())]
            roles.append(self.claim(subject, self.item_snak("P39", self.position()), rank, qualifiers))
            if rank == "deprecated":
                stats.deprecated += 1
            else:
                kept += 1
        claims["P39"] = roles
        if self.rng.random() < 0.2:
            claims["P108"] = [self.claim(subject, self.item_snak("P108", qid(self.rng.randrange(self.size))))]
            kept += 1
        stats.humans += 1
        if kept:
            stats.people += 1
            stats.statements += kept
        if self.lean:
            return {"type": "item", "id": subject, "labels": self.terms(label, 0), "claims": claims}
        claims["P21"] = [self.claim(subject, self.item_snak("P21", self.rng.choice(("Q6581097", "Q6581072"))))]
        claims["P27"] = [
            self.claim(subject, self.item_snak("P27", self.country())) for _ in range(self.rng.randint(1, 2))
        ]
        claims["P569"] = [self.claim(subject, self.time_snak("P569", self.rng.randint(1900, 1990)))]
        claims["P106"] = [
            self.claim(subject, self.item_snak("P106", f"Q{self.rng.randint(30000, 90000)}"))
            for _ in range(self.rng.randint(1, 2))
        ]
        for prop in ("P214", "P227", "P646"):
            if self.rng.random() < 0.3:
                claims[prop] = [self.claim(subject, self.string_snak(prop, f"{self.rng.getrandbits(40):x}"))]
        aliases = {"en": [{"language": "en", "value": self.name(3)} for _ in range(self.rng.randint(0, 2))]}
        aliases["ru"] = [{"language": "ru", "value": self.name()}]
        wikis = ["enwiki", *self.rng.sample(("dewiki", "frwiki", "eswiki", "itwiki", "plwiki"), self.rng.randint(0, 3))]
        return {
            "type": "item",
            "id": subject,
            "labels": self.terms(label, self.rng.randint(1, 6)),
            "descriptions": {
                "en": {"language": "en", "value": f"politician, born {self.rng.randint(1900, 1990)}"},
                "de": {"language": "de", "value": "Politiker"},
                "fr": {"language": "fr", "value": "personnalité politique"},
            },
            "aliases": aliases,
            "claims": claims,
            "sitelinks": {w: {"site": w, "title": label, "badges": []} for w in wikis},
            "lastrevid": self.rng.randint(10**9, 2 * 10**9),
        }

    def position_item(self, index: int, stats: DumpStats) -> dict[str, Any]:
        subject = qid(index)
        label = f"Minister of {self.name(1)}"
        stats.positions += 1
        return {
            "type": "item",
            "id": subject,
            "labels": self.terms(label, self.rng.randint(1, 5)),
            "descriptions": {"en": {"language": "en", "value": "government position"}},
            "aliases": {"en": [{"language": "en", "value": f"{self.name(1)} minister"}]},
            "claims": {
                "P31": [self.claim(subject, self.item_snak("P31", self.rng.choice(POSITION_CLASSES)))],
                "P1001": [self.claim(subject, self.item_snak("P1001", self.country()))],
            },
            "sitelinks": {},
        }

    def country_item(self, index: int, stats: DumpStats) -> dict[str, Any]:
        subject = qid(index)
        label = self.name(1) + "ia"
        stats.countries += 1
        return {
            "type": "item",
            "id": subject,
            "labels": self.terms(label, self.rng.randint(5, 12)),
            "descriptions": {"en": {"language": "en", "value": "country"}},
            "aliases": {"en": [{"language": "en", "value": f"Republic of {label}"}]},
            "claims": {
                "P31": [self.claim(subject, self.item_snak("P31", COUNTRY))],
                "P17": [self.claim(subject, self.item_snak("P17", subject))],
            },
            "sitelinks": {"enwiki": {"site": "enwiki", "title": label, "badges": []}},
        }

    def other_item(self, index: int, stats: DumpStats) -> dict[str, Any]:
        subject = qid(index)
        label = self.name(self.rng.randint(2, 6))
        stats.others += 1
        claims: dict[str, list[Any]] = {
            "P31": [self.claim(subject, self.item_snak("P31", self.rng.choice(OTHER_CLASSES)))]
        }
        if self.lean:
            return {"type": "item", "id": subject, "labels": self.terms(label, 0), "claims": claims}
        if self.rng.random() < 0.5:
            claims["P17"] = [self.claim(subject, self.item_snak("P17", self.country()))]
        if self.rng.random() < 0.5:
            claims["P577"] = [self.claim(subject, self.time_snak("P577", self.rng.randint(1800, 2024)))]
        if self.rng.random() < 0.5:
            claims["P356"] = [self.claim(subject, self.string_snak("P356", f"10.{self.rng.getrandbits(32)}/x"))]
        return {
            "type": "item",
            "id": subject,
            "labels": self.terms(label, self.rng.randint(3, 10)),
            "descriptions": {"en": {"language": "en", "value": "scholarly article"}},
            "aliases": {},
            "claims": claims,
            "sitelinks": {},
        }

    def entity(self, index: int, stats: DumpStats) -> dict[str, Any]:
        kind = kind_of(index)
        if kind == "human":
            return self.human(index, stats)
        if kind == "position":
            return self.position_item(index, stats)
        if kind == "country":
            return self.country_item(index, stats)
        return self.other_item(index, stats)


def iter_dump_entities(size: int, seed: int = 0, *, lean: bool = False) -> Iterator[tuple[dict[str, Any], DumpStats]]:
    """The ``size`` entities of a synthetic dump, one at a time, each with what it adds to the counts.
    ``lean`` entities carry only what an import reads: English labels, and claims without hashes,
    datatypes or references (a tenth of the bytes, for tests that count entities, not bytes)."""
    builder = _Builder(size, seed, lean)
    for index in range(size):
        counts = DumpStats(entities=1)
        yield builder.entity(index, counts), counts


def _open_for_writing(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".gz"):
        # Level 6, gzip's own default: Python's default 9 costs far more time for a few percent.
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=6)
    if name.endswith(".bz2"):
        return bz2.open(path, "wt", encoding="utf-8")
    return path.open("w", encoding="utf-8")


def write_dump(
    path: str | Path,
    size: int,
    *,
    seed: int = 0,
    lean: bool = False,
    malformed: Collection[int] = (),
    leading_blank_lines: int = 0,
) -> DumpStats:
    """Write a dump of ``size`` entities to ``path`` (gzip for ``.gz``, bzip2 for ``.bz2``, else plain).

    Entities whose index is in ``malformed`` are written cut in half, as a broken line, and are
    not counted. ``leading_blank_lines`` puts empty lines before the ``[``. ``lean``: see
    :func:`iter_dump_entities`.
    """
    file = Path(path)
    total = DumpStats()
    bad_lines: list[int] = []
    line = leading_blank_lines + 1  # the '[' line
    with _open_for_writing(file) as out:
        out.write("\n" * leading_blank_lines + "[\n")
        for index, (entity, counts) in enumerate(iter_dump_entities(size, seed, lean=lean)):
            line += 1
            text = json.dumps(entity, ensure_ascii=False, separators=(",", ":"))
            if index in malformed:
                text = text[: len(text) // 2]
                bad_lines.append(line)
            else:
                total.add(counts)
            line_text = text + (",\n" if index < size - 1 else "\n")
            out.write(line_text)
            total.bytes += len(line_text.encode("utf-8"))
        out.write("]\n")
    total.bytes += leading_blank_lines + 4  # the bracket lines
    total.malformed = len(bad_lines)
    total.malformed_lines = tuple(bad_lines)
    return total
