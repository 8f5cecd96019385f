"""Score numeric claims against factdesk's claims gold set (``eval-data/claims``).

Gold: one JSON file per article (``{"id", "claims": [...]}``, see the annotation
guide ``../shared/annotation/claims-and-quotes.md``) with ``num_start``/``num_end``
offsets of each number into the article's text; the texts come from a JSONL corpus.

Matching, per document: a predicted claim and a gold claim pair up when their
number spans overlap; pairs are made one to one, largest overlap first. Then

- detection P/R/F1: paired claims over predicted / gold claims;
- (category, value) P/R/F1: a pair counts when category and value are equal;
- the same with the source: the pair must also agree on who the figure is
  attributed to (both null, or names that match leniently, see :func:`same_source`);
- hedge accuracy: over pairs with the right (category, value), the share whose
  ``low`` and ``high`` both equal the gold's.

Counts are summed over documents before the ratios are taken (micro average).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdesk.errors import InputNotFoundError, MalformedRecordError
from factdesk.evaluate.metrics import f1, ratio

__all__ = [
    "ClaimScores",
    "GoldClaim",
    "GoldDoc",
    "PredictedClaim",
    "read_gold",
    "same_source",
    "score",
]


@dataclass(frozen=True)
class GoldClaim:
    category: str
    value: float
    low: float | None
    high: float | None
    source: str | None
    num_start: int
    num_end: int


@dataclass(frozen=True)
class PredictedClaim:
    category: str
    value: float | None
    low: float | None
    high: float | None
    source: str | None
    num_start: int
    num_end: int
    # Other names the source goes by (its mention as written), tried when the name does not match.
    source_aliases: tuple[str, ...] = ()


@dataclass
class GoldDoc:
    id: str
    claims: list[GoldClaim]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def read_gold(directory: Path) -> list[GoldDoc]:
    """Every ``*.json`` gold file in ``directory``, sorted by article id."""
    files = sorted(directory.glob("*.json"))
    if not files:
        raise InputNotFoundError(f"no gold files (*.json) in {directory}; pass a folder such as eval-data/claims/dev")
    docs: list[GoldDoc] = []
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            claims = [
                GoldClaim(
                    category=str(c["category"]),
                    value=float(c["value"]),
                    low=_number(c.get("low")),
                    high=_number(c.get("high")),
                    source=c.get("source"),
                    num_start=int(c["num_start"]),
                    num_end=int(c["num_end"]),
                )
                for c in data.get("claims", [])
            ]
            docs.append(GoldDoc(id=str(data["id"]), claims=claims))
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedRecordError(f"{path}: not a claims gold file ({exc})", source=str(path)) from exc
    return sorted(docs, key=lambda d: d.id)


# Names of the same party that share no words ("IDF" and "Israeli military").
_SOURCE_ALIASES: dict[str, str] = {
    "idf": "israel defense forces",
    "israeli military": "israel defense forces",
    "israeli army": "israel defense forces",
    "israel defence forces": "israel defense forces",
    "un": "united nations",
    "u.n.": "united nations",
    "ocha": "united nations ocha",
    "unrwa": "united nations unrwa",
    "wfp": "world food programme",
    "mda": "magen david adom",
    "centcom": "us central command",
    "sohr": "syrian observatory for human rights",
    "cpj": "committee to protect journalists",
    "unicef": "united nations unicef children fund",
    "unhcr": "united nations unhcr",
    "hts": "hayat tahrir al sham",
    "sdf": "syrian democratic forces",
    "islamic state": "isis",
    "isil": "isis",
    "daesh": "isis",
    "icrc": "international committee of the red cross",
    "irna": "islamic republic news agency",
    "ina": "iraqi news agency",
    "kuna": "kuwait news agency",
}
_STOP = frozenset(
    {"the", "of", "a", "an", "and", "s", "for", "in", "run", "led", "its", "their", "official", "officials"}
)


def _words(name: str, stop: frozenset[str] = _STOP) -> set[str]:
    lowered = name.lower().replace("’", "'")
    lowered = _SOURCE_ALIASES.get(lowered.strip(" .,"), lowered)
    words: set[str] = set()
    for word in re.findall(r"[a-z0-9.]+", lowered):
        word = word.strip(".")
        words.update(re.findall(r"[a-z0-9]+", _SOURCE_ALIASES.get(word, word)))
    words -= stop
    # "Israeli" and "Israel", "Palestinian" and "Palestine", "Ukrainian" and "Ukraine" are one party here.
    return {re.sub(r"(ian|i|n|ese)$", "", w) if len(w) > 5 else w for w in words}


def same_source(gold: str | None, predicted: str | None, aliases: Iterable[str] = ()) -> bool:
    """Lenient source match: both null, or names sharing at least half the words of the shorter.

    "Gaza Ministry of Health" matches "the Hamas-run health ministry"; "Royal Oman
    Police" matches "police"; "Israel Defense Forces" matches "the IDF" (aliases).
    """
    if gold is None or predicted is None:
        return gold is None and predicted is None
    gold_words = _words(gold)
    gold_all = _plural_free(_words(gold, stop=frozenset()))
    for name in (predicted, *aliases):
        theirs, words = gold_words, _words(name)
        if not theirs or not words:
            # A name of stop words only ("officials") is compared by all its words.
            theirs, words = gold_all, _plural_free(_words(name, stop=frozenset()))
        if not theirs or not words:
            continue
        shared = len(theirs & words)
        if shared and shared * 2 >= min(len(theirs), len(words)):
            return True
    return False


def _plural_free(words: set[str]) -> set[str]:
    """ "official" and "officials" alike."""
    return {w[:-1] if len(w) > 4 and w.endswith("s") else w for w in words}


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


@dataclass
class ClaimScores:
    """Summed counts; the figures are properties."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    category_value: int = 0
    with_source: int = 0
    hedge_right: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)  # category -> [gold, predicted, right]

    def prf(self, right: int) -> tuple[float, float, float]:
        p = ratio(right, self.predicted)
        r = ratio(right, self.gold)
        return p, r, f1(p, r)

    @property
    def hedge_accuracy(self) -> float:
        return ratio(self.hedge_right, self.category_value)

    def add(self, other: ClaimScores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.category_value += other.category_value
        self.with_source += other.with_source
        self.hedge_right += other.hedge_right
        for category, counts in other.by_category.items():
            mine = self.by_category.setdefault(category, [0, 0, 0])
            for i, n in enumerate(counts):
                mine[i] += n

    def as_table(self) -> list[tuple[str, float, float, float]]:
        """(measure, precision, recall, F1) rows, in percent."""
        rows = []
        for name, right in (
            ("number detected", self.matched),
            ("category + value", self.category_value),
            ("category + value + source", self.with_source),
        ):
            p, r, f = self.prf(right)
            rows.append((name, 100 * p, 100 * r, 100 * f))
        return rows

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "predicted": self.predicted}
        for name, p, r, f in self.as_table():
            key = name.replace(" + ", "_").replace(" ", "_")
            out[key] = {"precision": round(p, 2), "recall": round(r, 2), "f1": round(f, 2)}
        out["hedge_accuracy"] = round(100 * self.hedge_accuracy, 2)
        out["by_category"] = {
            c: {"gold": g, "predicted": p, "right": r} for c, (g, p, r) in sorted(self.by_category.items())
        }
        return out


def _overlap(g: GoldClaim, p: PredictedClaim) -> int:
    return max(0, min(g.num_end, p.num_end) - max(g.num_start, p.num_start))


def pair(gold: list[GoldClaim], predicted: list[PredictedClaim]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index) of overlapping number spans, largest overlap first."""
    candidates = sorted(
        ((_overlap(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if _overlap(g, p) > 0),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


def score_doc(gold: list[GoldClaim], predicted: list[PredictedClaim]) -> ClaimScores:
    scores = ClaimScores(gold=len(gold), predicted=len(predicted))
    for claim in gold:
        scores.by_category.setdefault(claim.category, [0, 0, 0])[0] += 1
    for guess in predicted:
        scores.by_category.setdefault(guess.category, [0, 0, 0])[1] += 1
    for gi, pi in pair(gold, predicted):
        g, p = gold[gi], predicted[pi]
        scores.matched += 1
        if g.category == p.category and _same_value(g.value, p.value):
            scores.category_value += 1
            scores.by_category[g.category][2] += 1
            if same_source(g.source, p.source, p.source_aliases):
                scores.with_source += 1
            if _same_value(g.low, p.low) and _same_value(g.high, p.high):
                scores.hedge_right += 1
    return scores


def score(gold: list[GoldDoc], predict: Callable[[GoldDoc], list[PredictedClaim]]) -> ClaimScores:
    """Micro-averaged scores of ``predict`` over the gold documents."""
    total = ClaimScores()
    for doc in gold:
        total.add(score_doc(doc.claims, predict(doc)))
    return total


def read_corpus(paths: Iterable[Path], wanted: set[str]) -> Mapping[str, dict[str, Any]]:
    """The articles of the JSONL corpora whose ids are in ``wanted`` (id -> article)."""
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        try:
            with path.open(encoding="utf-8") as handle:
                for number, line in enumerate(handle, start=1):
                    if not line.strip():
                        continue
                    try:
                        article = json.loads(line)
                    except ValueError as exc:
                        raise MalformedRecordError(
                            f"{path}:{number}: not JSON ({exc})", source=f"{path}:{number}"
                        ) from exc
                    if isinstance(article, dict) and str(article.get("id")) in wanted:
                        found[str(article["id"])] = article
        except OSError as exc:
            raise InputNotFoundError(f"cannot read corpus {path}: {exc}", source=str(path)) from exc
    return found
