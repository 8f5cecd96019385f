"""Scoring role verification on statements annotated in real articles (``eval-data/roles``).

The gold set lists role statements ("Israeli Prime Minister Benjamin Netanyahu") with the
verdict they deserve on the article's date. Annotation covers some statements per article,
not all, so mention detection is scored by recall; verdicts are scored on the statements
found, and false contradictions (a true statement called ``contradicted``) are counted and
listed: the figure that must stay at zero.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdesk.errors import InputNotFoundError, MalformedRecordError
from factdesk.evaluate.metrics import ratio
from factdesk.record import Record, Role


@dataclass(frozen=True)
class GoldRole:
    doc: str
    published: str
    person: tuple[int, int]
    role: tuple[int, int]
    role_text: str
    person_name: str
    expected: str
    split: str


@dataclass
class RoleScores:
    n_gold: int = 0
    found: int = 0
    correct: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    false_contradictions: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    all_roles: int = 0
    all_verdicts: Counter[str] = field(default_factory=Counter)
    contradicted: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 100 * ratio(self.found, self.n_gold)

    @property
    def verdict_accuracy(self) -> float:
        """Share of gold statements found with the expected verdict."""
        return 100 * ratio(self.correct, self.n_gold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": self.n_gold,
            "found": self.found,
            "recall": round(self.recall, 1),
            "verdict_accuracy": round(self.verdict_accuracy, 1),
            "verdicts_on_gold": dict(self.verdicts),
            "false_contradictions": len(self.false_contradictions),
            "false_contradiction_list": self.false_contradictions,
            "missed": self.missed,
            "all_roles": self.all_roles,
            "all_verdicts": dict(self.all_verdicts),
            "contradicted_roles": self.contradicted,
        }


def read_gold(path: Path, split: str | None = None) -> list[GoldRole]:
    """Statements from a ``statements.jsonl`` file, of one split when given."""
    if not path.is_file():
        raise InputNotFoundError(f"no roles gold file at {path}", source=str(path))
    gold: list[GoldRole] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            item = GoldRole(
                doc=str(data["doc"]),
                published=str(data["published"]),
                person=(int(data["person"]["start"]), int(data["person"]["end"])),
                role=(int(data["role"]["start"]), int(data["role"]["end"])),
                role_text=str(data["role"]["text"]),
                person_name=str(data.get("person_name") or data["person"]["text"]),
                expected=str(data.get("expected", "supported")),
                split=str(data.get("split", "dev")),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedRecordError(f"{path}:{number}: not a role statement ({exc})", source=str(path)) from exc
        if split is None or item.split == split:
            gold.append(item)
    return gold


def _overlaps(a: tuple[int, int], start: int, end: int) -> bool:
    return a[0] < end and start < a[1]


def _describe(doc: str, role: Role) -> str:
    evidence = "; ".join(role.evidence)
    return f"{doc}: {role.role_text} | {role.person.name} -> {role.verdict} ({evidence})"


def score(gold: Iterable[GoldRole], records: dict[str, Record]) -> RoleScores:
    """Recall of the statements, their verdicts, and every contradiction in the documents."""
    scores = RoleScores()
    gold = list(gold)
    for item in gold:
        scores.n_gold += 1
        record = records.get(item.doc)
        roles = record.roles if record else []
        match = next(
            (
                r
                for r in roles
                if r.person_span is not None
                and _overlaps(item.person, r.person_span.start, r.person_span.end)
                and _overlaps(item.role, r.span.start, r.span.end)
            ),
            None,
        )
        if match is None:
            scores.missed.append(f"{item.doc}: {item.role_text} | {item.person_name}")
            continue
        scores.found += 1
        scores.verdicts[match.verdict] += 1
        scores.correct += match.verdict == item.expected
        if match.verdict == "contradicted" and item.expected != "contradicted":
            scores.false_contradictions.append(_describe(item.doc, match))
    for doc in sorted({item.doc for item in gold}):
        record = records.get(doc)
        for role in record.roles if record else []:
            scores.all_roles += 1
            scores.all_verdicts[role.verdict] += 1
            if role.verdict == "contradicted":
                scores.contradicted.append(_describe(doc, role))
    return scores
