"""TempEval-3 Task A: read TimeML gold files and score TIMEX3 extraction and normalisation.

Reading
    The document text is the content of ``<TEXT>`` with every tag removed and XML
    entities unescaped (``&amp;`` -> ``&``), including the leading newline after
    ``<TEXT>``. Each TIMEX3 inside ``<TEXT>`` becomes a :class:`Timex` whose
    ``start``/``end`` are character offsets into that text, so
    ``doc.text[t.start:t.end] == t.text``. The document creation time (the TIMEX3
    with ``functionInDocument="CREATION_TIME"``, normally inside ``<DCT>``) gives
    ``TimeMLDoc.dct`` (its value cut to ``YYYY-MM-DD``) and is never scored.
    TIMEX3 tags that cover no text (non-consuming or whitespace-only) are skipped,
    since there is no span to find; a TIMEX3 nested inside another (not allowed by
    TimeML) would be kept as a timex of its own. TBAQ-cleaned has neither.

Scoring (micro-averaged: counts are summed over all documents first)
    Alignment per document: predicted and gold timexes with identical offsets are
    paired first; the rest are paired by a maximum one-to-one matching over
    overlapping spans (largest overlap tried first). Each gold and each predicted
    timex is in at most one pair. This stands in for the id alignment that the
    official toolkit gets from TimeML-Normalizer.

    With G gold timexes, S predicted timexes, E exact-offset pairs and M aligned
    (overlapping) pairs:

    - strict P = E / S, strict R = E / G, strict F1 = 2PR / (P + R)
    - relaxed P = M / S, relaxed R = M / G, relaxed F1 = 2PR / (P + R)
    - type accuracy = (pairs with equal type) / M, value and mod accuracy likewise;
      a missing mod on both sides counts as equal
    - type F1 = relaxed F1 x type accuracy, value F1 = relaxed F1 x value accuracy

    As in the official ``evaluate_entities.py``: a ratio with a zero denominator is
    0, except that with no gold and no predicted timex at all every F1 is 1.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

from factdesk.evaluate.metrics import f1, ratio

__all__ = [
    "Mismatch",
    "TimeMLDoc",
    "TimeScores",
    "Timex",
    "align",
    "mismatches",
    "read_corpus",
    "read_timeml",
    "score",
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Timex:
    """A temporal expression: character span in the document text plus TIMEX3 attributes."""

    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimeMLDoc:
    """One TimeML document: creation date, plain text and its (scored) timexes."""

    doc_id: str
    dct: str  # ISO date YYYY-MM-DD
    text: str
    timexes: list[Timex] = field(default_factory=list)


def _timex_at(elem: ET.Element, start: int, end: int, text: str) -> Timex:
    return Timex(
        start=start,
        end=end,
        text=text,
        type=elem.get("type", ""),
        value=elem.get("value", ""),
        mod=elem.get("mod"),
    )


def _flatten(text_elem: ET.Element) -> tuple[str, list[Timex]]:
    """Concatenate the text of ``text_elem`` without tags and collect TIMEX3 spans."""
    parts: list[str] = []
    length = 0
    spans: list[tuple[ET.Element, int, int]] = []

    def walk(elem: ET.Element) -> None:
        nonlocal length
        start = length
        if elem.text:
            parts.append(elem.text)
            length += len(elem.text)
        for child in elem:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if elem is not text_elem and elem.tag == "TIMEX3" and elem.get("functionInDocument") != "CREATION_TIME":
            spans.append((elem, start, length))

    walk(text_elem)
    text = "".join(parts)
    # An empty TIMEX3 has no span a system could find, so it cannot be scored.
    timexes = [_timex_at(e, s, t, text[s:t]) for e, s, t in spans if text[s:t].strip()]
    # Nested tags finish inner-first; document order is what callers expect.
    timexes.sort(key=lambda t: (t.start, -t.end))
    return text, timexes


def read_timeml(path: Path) -> TimeMLDoc:
    """Read one TimeML (.tml) file; raise ValueError if it has no TEXT or no usable DCT."""
    root = ET.parse(path).getroot()
    doc_id = (root.findtext("DOCID") or "").strip() or path.stem

    creation = [t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"]
    if len(creation) != 1:
        raise ValueError(f"{path}: expected one CREATION_TIME TIMEX3, found {len(creation)}")
    dct = creation[0].get("value", "")[:10]
    if not _DATE.fullmatch(dct):
        raise ValueError(f"{path}: creation time value {creation[0].get('value')!r} is not a YYYY-MM-DD date")

    text_elem = root.find(".//TEXT")
    if text_elem is None:
        raise ValueError(f"{path}: no <TEXT> element")
    text, timexes = _flatten(text_elem)
    return TimeMLDoc(doc_id=doc_id, dct=dct, text=text, timexes=timexes)


def read_corpus(dirs: list[Path]) -> list[TimeMLDoc]:
    """Read every ``*.tml`` file of the given folders, folder by folder, files sorted by name."""
    docs: list[TimeMLDoc] = []
    for folder in dirs:
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: not a folder of TimeML files")
        docs.extend(read_timeml(path) for path in sorted(folder.glob("*.tml")))
    return docs


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def align(gold: list[Timex], predicted: list[Timex]) -> list[tuple[int, int]]:
    """Pair gold and predicted timexes one-to-one: exact spans first, then overlapping spans.

    Returns (gold index, predicted index) pairs sorted by gold index.
    """
    by_span: dict[tuple[int, int], list[int]] = defaultdict(list)
    for pi, p in enumerate(predicted):
        by_span[(p.start, p.end)].append(pi)
    gold_of: dict[int, int] = {}  # predicted index -> gold index
    exact: set[int] = set()
    for gi, g in enumerate(gold):
        # Exact pairs are fixed up front so an overlap cannot take a strict match's partner.
        free = [pi for pi in by_span.get((g.start, g.end), []) if pi not in gold_of]
        if free:
            gold_of[free[0]] = gi
            exact.add(gi)

    fixed = set(gold_of)
    candidates: dict[int, list[int]] = {}
    for gi, g in enumerate(gold):
        if gi in exact:
            continue
        hits = [pi for pi, p in enumerate(predicted) if pi not in fixed and _overlap(g, p) > 0]
        candidates[gi] = sorted(hits, key=lambda pi: -_overlap(g, predicted[pi]))

    def assign(gi: int, seen: set[int]) -> bool:
        # Augmenting path (Kuhn): a greedy choice must not cost another gold its only partner.
        for pi in candidates[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in gold_of or assign(gold_of[pi], seen):
                gold_of[pi] = gi
                return True
        return False

    for gi in candidates:
        assign(gi, set())
    return sorted(((gi, pi) for pi, gi in gold_of.items()), key=lambda pair: pair[0])


@dataclass
class TimeScores:
    """Summed TempEval-3 Task A counts; metrics are derived from them (fractions in 0..1)."""

    n_gold: int = 0
    n_predicted: int = 0
    strict_matches: int = 0
    relaxed_matches: int = 0
    type_correct: int = 0
    value_correct: int = 0
    mod_correct: int = 0

    @property
    def _nothing(self) -> bool:
        # Official convention: nothing to find and nothing found is a perfect score.
        return self.n_gold == 0 and self.n_predicted == 0

    @property
    def strict_precision(self) -> float:
        return ratio(self.strict_matches, self.n_predicted)

    @property
    def strict_recall(self) -> float:
        return ratio(self.strict_matches, self.n_gold)

    @property
    def strict_f1(self) -> float:
        return 1.0 if self._nothing else f1(self.strict_precision, self.strict_recall)

    @property
    def relaxed_precision(self) -> float:
        return ratio(self.relaxed_matches, self.n_predicted)

    @property
    def relaxed_recall(self) -> float:
        return ratio(self.relaxed_matches, self.n_gold)

    @property
    def relaxed_f1(self) -> float:
        return 1.0 if self._nothing else f1(self.relaxed_precision, self.relaxed_recall)

    @property
    def type_accuracy(self) -> float:
        return ratio(self.type_correct, self.relaxed_matches)

    @property
    def value_accuracy(self) -> float:
        return ratio(self.value_correct, self.relaxed_matches)

    @property
    def mod_accuracy(self) -> float:
        return ratio(self.mod_correct, self.relaxed_matches)

    @property
    def type_f1(self) -> float:
        return 1.0 if self._nothing else self.relaxed_f1 * self.type_accuracy

    @property
    def value_f1(self) -> float:
        return 1.0 if self._nothing else self.relaxed_f1 * self.value_accuracy

    def add(self, other: TimeScores) -> None:
        """Add another document's counts to these (micro-averaging)."""
        self.n_gold += other.n_gold
        self.n_predicted += other.n_predicted
        self.strict_matches += other.strict_matches
        self.relaxed_matches += other.relaxed_matches
        self.type_correct += other.type_correct
        self.value_correct += other.value_correct
        self.mod_correct += other.mod_correct

    def as_table(self) -> list[tuple[str, float]]:
        """Rows of (metric, value in percent), in the order the official scorer reports them."""
        return [
            ("strict_precision", 100 * self.strict_precision),
            ("strict_recall", 100 * self.strict_recall),
            ("strict_f1", 100 * self.strict_f1),
            ("relaxed_precision", 100 * self.relaxed_precision),
            ("relaxed_recall", 100 * self.relaxed_recall),
            ("relaxed_f1", 100 * self.relaxed_f1),
            ("value_f1", 100 * self.value_f1),
            ("type_f1", 100 * self.type_f1),
            ("value_accuracy", 100 * self.value_accuracy),
            ("type_accuracy", 100 * self.type_accuracy),
            ("mod_accuracy", 100 * self.mod_accuracy),
        ]

    def to_dict(self) -> dict[str, float | int]:
        """Counts (ints) and every metric of :meth:`as_table` (percent) in one flat dict."""
        counts: dict[str, float | int] = {
            "n_gold": self.n_gold,
            "n_predicted": self.n_predicted,
            "strict_matches": self.strict_matches,
            "relaxed_matches": self.relaxed_matches,
            "type_correct": self.type_correct,
            "value_correct": self.value_correct,
            "mod_correct": self.mod_correct,
        }
        return counts | dict(self.as_table())


def _check_spans(doc: TimeMLDoc, predicted: Iterable[Timex]) -> None:
    # A span outside the text means the predictor used other offsets; fail loudly, not score 0.
    for t in predicted:
        if not 0 <= t.start < t.end <= len(doc.text):
            raise ValueError(f"{doc.doc_id}: predicted span {t.start}-{t.end} is empty or outside the text")


def _score_doc(doc: TimeMLDoc, predicted: list[Timex]) -> TimeScores:
    pairs = align(doc.timexes, predicted)
    counts = TimeScores(n_gold=len(doc.timexes), n_predicted=len(predicted), relaxed_matches=len(pairs))
    for gi, pi in pairs:
        g, p = doc.timexes[gi], predicted[pi]
        counts.strict_matches += (g.start, g.end) == (p.start, p.end)
        counts.type_correct += g.type == p.type
        counts.value_correct += g.value == p.value
        counts.mod_correct += g.mod == p.mod
    return counts


def score(gold: list[TimeMLDoc], predict: Callable[[TimeMLDoc], list[Timex]]) -> TimeScores:
    """Run ``predict`` on every gold document and return micro-averaged TempEval-3 Task A scores."""
    total = TimeScores()
    for doc in gold:
        predicted = list(predict(doc))
        _check_spans(doc, predicted)
        total.add(_score_doc(doc, predicted))
    return total


MismatchKind = Literal["missed", "spurious", "wrong_span", "wrong_type", "wrong_value", "wrong_mod"]


@dataclass(frozen=True)
class Mismatch:
    """One scoring error in a document; ``gold`` is None for spurious, ``predicted`` None for missed."""

    doc_id: str
    kind: MismatchKind
    gold: Timex | None
    predicted: Timex | None


def mismatches(doc: TimeMLDoc, predicted: list[Timex]) -> list[Mismatch]:
    """List what a prediction got wrong in one document, aligned exactly as :func:`score` does.

    An aligned pair yields one item per wrong aspect (span not exact, type, value, mod).
    """
    pairs = align(doc.timexes, predicted)
    out: list[Mismatch] = []
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    out.extend(Mismatch(doc.doc_id, "missed", g, None) for gi, g in enumerate(doc.timexes) if gi not in matched_gold)
    for gi, pi in pairs:
        g, p = doc.timexes[gi], predicted[pi]
        if (g.start, g.end) != (p.start, p.end):
            out.append(Mismatch(doc.doc_id, "wrong_span", g, p))
        if g.type != p.type:
            out.append(Mismatch(doc.doc_id, "wrong_type", g, p))
        if g.value != p.value:
            out.append(Mismatch(doc.doc_id, "wrong_value", g, p))
        if g.mod != p.mod:
            out.append(Mismatch(doc.doc_id, "wrong_mod", g, p))
    out.extend(Mismatch(doc.doc_id, "spurious", None, p) for pi, p in enumerate(predicted) if pi not in matched_pred)

    def position(m: Mismatch) -> int:
        anchor = m.gold or m.predicted
        return anchor.start if anchor else 0

    out.sort(key=position)
    return out
