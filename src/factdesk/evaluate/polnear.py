"""PolNeAR: read the brat attribution annotations and score attribution predictions.

Reading
    A split directory holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``.
    Annotator ids never contain ``_`` but article ids do, so the file stem is split at its
    *last* underscore. Each ``.ann`` file becomes one :class:`AnnotatedDoc`; a document
    annotated by several annotators therefore yields several of them.

    Offsets are Python ``str`` indices (Unicode code points) into the ``.txt`` file decoded
    as UTF-8 with no newline translation: on the shipped data every span's stored text
    equals the slice under that convention, while byte offsets would break thousands of
    spans (the articles contain curly quotes and dashes). A span's stored text is compared
    with the slice, its pieces joined by one space as brat writes them; any difference is
    recorded as a :class:`ReadIssue` (``strict=True`` raises instead). A span that crosses a
    line break continues on the following line(s) of the ``.ann`` file, so lines that do not
    start with an annotation id belong to the text of the line above; blank lines that merely
    separate annotations are dropped from that text.

    An attribution is an ``E`` line: ``E1<TAB>Attribution:T4 Source:T1 Cue:T2 Content:T3``.
    Its trigger (``Attribution`` or ``Attribution-no-source``) is a brat event anchor that
    annotators copied from the cue, sometimes carelessly (``"old"`` for ``"told"``), so the
    ``Cue`` argument is authoritative and the trigger is used only when there is no ``Cue``.
    brat numbers repeated arguments (``Content2`` is a second ``Content``: a quote split by
    its cue), so a numeric suffix is dropped and the pieces are merged into one part. An
    ``E`` line with a trigger and nothing else is skipped (it duplicates another relation's
    trigger). ``Discard``/``Discuss`` spans are checked like the others but not used, and
    ``#`` notes are skipped.

Scoring (micro: counts are summed over all documents before dividing)
    Each part (source, cue, content) is scored on its own. Spans are compared in a
    normal form: pieces sorted, stripped of surrounding whitespace, and joined when they
    overlap, touch or are separated only by whitespace, so that ``said about`` annotated as
    two pieces equals the same words as one piece. An absent part (empty span) is neither a
    prediction nor a gold item.

    - exact: a predicted part is correct when its normal form equals that of a gold part
      not yet matched (each gold part is matched at most once). P = correct / predicted
      parts, R = correct / gold parts.
    - token: tokens are maximal runs of word characters (``\\w+``), so whitespace and
      punctuation split them and are never tokens; a span covers a token when they share at
      least one character. Predicted and gold attributions are paired one-to-one, greedily
      by the number of shared content tokens (largest first; ties go to the pair sharing
      more source and cue tokens, then to document order); pairs sharing no content token
      are not made, except that an attribution with no content token (a few gold ones have
      no content) is then paired by shared source and cue tokens. For each part, overlap =
      tokens covered by both the predicted part and its paired gold part. P = sum of
      overlaps / sum of predicted part tokens, R = sum of overlaps / sum of gold part
      tokens (unpaired attributions add to the denominators only).
    - quote-exact, quote-token: the same on the direct-quote subset: gold attributions whose
      content text contains a double quotation mark (straight or curly) scored against the
      predictions whose content text contains one.
    - lenient/content-found: a gold attribution is found when some predicted content shares
      at least 30% of the gold content's characters (predictions may be reused). R = found /
      gold attributions with a content; P = predictions that find some gold / predictions
      with a content.
    - lenient/speaker-accuracy: for each found gold attribution that has a source, take the
      prediction sharing most content characters with it (ties: most source characters,
      then document order); the speaker is correct when its source shares at least one
      character with the gold source. Accuracy = correct / such attributions, reported in
      all three columns (P = R = F1). Gold attributions without a source count for
      content-found only.

    A document with several annotators is scored against each annotator's file and its
    counts are averaged over those files before summing, so every document weighs the same
    whatever its number of annotators (counts can then be fractional). The predictor sees
    only the text and is called once per document. A ratio with a zero denominator is 0.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "METRICS",
    "PARTS",
    "AnnotatedDoc",
    "Attribution",
    "Counts",
    "FATAL_ISSUES",
    "PolnearFormatError",
    "ReadIssue",
    "Scores",
    "Span",
    "gold_as_prediction",
    "normalize_span",
    "read_ann",
    "read_split",
    "score",
    "summarize",
    "tokenize",
]

Span = tuple[tuple[int, int], ...]
"""A possibly discontinuous span: (start, end) pieces, end exclusive; ``()`` when absent."""

Part = Literal["source", "cue", "content"]
PARTS: tuple[Part, ...] = ("source", "cue", "content")

METRICS: tuple[str, ...] = (
    *(f"{group}/{part}" for group in ("exact", "token", "quote-exact", "quote-token") for part in PARTS),
    "lenient/content-found",
    "lenient/speaker-accuracy",
)
"""Metric names in the order of :meth:`Scores.as_table`."""

# Double quotation marks only: the single curly quote U+2019 is far more often an apostrophe.
QUOTE_CHARS = frozenset('"\u201c\u201d\u201e\u201f')
LENIENT_MIN_SHARE = 0.3

IssueKind = Literal[
    "text_mismatch",  # stored span text differs from the slice of the .txt file
    "bad_offsets",  # a piece is empty, reversed or outside the text
    "bad_line",  # a line that cannot be parsed
    "missing_ref",  # an E argument names an undefined T
    "role_type_mismatch",  # an E argument role differs from the type of its T (the role is used)
    "unknown_role",  # an E argument role that is not Source/Cue/Content (ignored)
    "cue_from_trigger",  # no Cue argument: the trigger span was used as the cue
    "empty_relation",  # an E line with a trigger only (skipped)
    "unlinked_span",  # a Source/Cue/Content T that no E uses (not an attribution)
]
# Issues that mean the reader may have misread the data; strict reading refuses them.
FATAL_ISSUES: frozenset[str] = frozenset({"text_mismatch", "bad_offsets", "bad_line", "missing_ref"})

_ID_LINE = re.compile(r"([TREAMN]\d+|#\d*|\*)\t")
_T_FIELD = re.compile(r"(\S+) (\d+ \d+(?:;\d+ \d+)*)")
_WORD = re.compile(r"\w+")
_ROLE_PART: dict[str, Part] = {"Source": "source", "Cue": "cue", "Content": "content"}
_TRIGGERS = frozenset({"Attribution", "Attribution-no-source"})


class PolnearFormatError(ValueError):
    """Raised by strict reading when an annotation file cannot be trusted."""


@dataclass(frozen=True)
class Attribution:
    """One attribution relation; each part is a span (``()`` when the part is absent)."""

    source: Span = ()
    cue: Span = ()
    content: Span = ()

    def part(self, name: Part) -> Span:
        """The span of part ``name`` ("source", "cue" or "content")."""
        span: Span = getattr(self, name)
        return span


@dataclass(frozen=True)
class ReadIssue:
    """Something unexpected in an annotation file, with where it was found."""

    file: str
    ann_id: str
    kind: IssueKind
    detail: str


@dataclass
class AnnotatedDoc:
    """One annotator's attributions for one article."""

    doc_id: str
    text: str
    annotator: str
    attributions: list[Attribution]
    issues: list[ReadIssue] = field(default_factory=list)


# ---------------------------------------------------------------------------- reading


@dataclass
class _TextBound:
    type: str
    pieces: Span
    lines: list[str]  # stored text, one entry per physical line of the .ann file


def _read_text(path: Path) -> str:
    # Decode the bytes ourselves: text-mode reading would translate \r\n and shift offsets.
    return path.read_bytes().decode("utf-8")


def _check_span(tid: str, tb: _TextBound, text: str, file: str) -> list[ReadIssue]:
    for start, end in tb.pieces:
        if not 0 <= start < end <= len(text):
            return [ReadIssue(file, tid, "bad_offsets", f"{tb.type} piece {start}-{end}, text length {len(text)}")]
    expected = " ".join(text[start:end] for start, end in tb.pieces)
    stored = "\n".join(tb.lines)
    # Trailing newlines come from blank separator lines after a multi-line span, not from the span.
    if expected in (stored, stored.rstrip("\n")):
        return []
    return [ReadIssue(file, tid, "text_mismatch", f"{tb.type} {tb.pieces}: stored {stored!r} != text {expected!r}")]


def read_ann(ann_path: Path, text: str, *, doc_id: str = "", annotator: str = "") -> AnnotatedDoc:
    """Read one brat ``.ann`` file whose offsets point into ``text``."""
    file = ann_path.name
    issues: list[ReadIssue] = []
    spans: dict[str, _TextBound] = {}
    relations: list[tuple[str, list[str]]] = []
    last: _TextBound | None = None
    for number, line in enumerate(_read_text(ann_path).split("\n"), start=1):
        if not _ID_LINE.match(line):
            if last is not None:
                last.lines.append(line)  # continuation of a span text that crosses a line break
            elif line.strip():
                issues.append(ReadIssue(file, f"line {number}", "bad_line", line[:80]))
            continue
        last = None
        ann_id, _, rest = line.partition("\t")
        if ann_id.startswith("T"):
            kind_offsets, _, stored = rest.partition("\t")
            match = _T_FIELD.fullmatch(kind_offsets)
            if match is None:
                issues.append(ReadIssue(file, ann_id, "bad_line", line[:80]))
                continue
            pieces = tuple((int(a), int(b)) for a, b in (piece.split(" ") for piece in match.group(2).split(";")))
            last = spans[ann_id] = _TextBound(match.group(1), pieces, [stored])
        elif ann_id.startswith("E"):
            relations.append((ann_id, rest.split()))
        # Notes (#), attributes (A), normalisations (N) and the like carry nothing we score.
        else:
            last = _TextBound("", (), [])  # throwaway: collects the continuation lines of a note

    for tid, tb in spans.items():
        issues.extend(_check_span(tid, tb, text, file))

    attributions: list[Attribution] = []
    linked: set[str] = set()
    for eid, args in relations:
        parts: dict[Part, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
        trigger: Span = ()
        for arg in args:
            role, sep, tid = arg.partition(":")
            if not sep:
                issues.append(ReadIssue(file, eid, "bad_line", f"argument {arg!r}"))
                continue
            arg_span = spans.get(tid)
            if arg_span is None:
                issues.append(ReadIssue(file, eid, "missing_ref", f"{role}:{tid}"))
                continue
            if role in _TRIGGERS:
                trigger = arg_span.pieces
                continue
            base = role.rstrip("0123456789")  # brat numbers repeated roles: Content2 is a second Content
            part = _ROLE_PART.get(base)
            if part is None:
                issues.append(ReadIssue(file, eid, "unknown_role", f"{role}:{tid}"))
                continue
            if arg_span.type != base:
                issues.append(ReadIssue(file, eid, "role_type_mismatch", f"{role}:{tid} is a {arg_span.type}"))
            parts[part].extend(arg_span.pieces)
            linked.add(tid)
        if not any(parts.values()):
            issues.append(ReadIssue(file, eid, "empty_relation", "trigger only, skipped"))
            continue
        if not parts["cue"] and trigger:
            issues.append(ReadIssue(file, eid, "cue_from_trigger", f"{trigger}"))
            parts["cue"].extend(trigger)
        attributions.append(
            Attribution(
                source=tuple(sorted(set(parts["source"]))),
                cue=tuple(sorted(set(parts["cue"]))),
                content=tuple(sorted(set(parts["content"]))),
            )
        )
    for tid, tb in spans.items():
        if tb.type in _ROLE_PART and tid not in linked:
            issues.append(ReadIssue(file, tid, "unlinked_span", f"{tb.type} {tb.pieces}"))
    return AnnotatedDoc(doc_id, text, annotator, attributions, issues)


def read_split(split_dir: Path, *, strict: bool = False) -> dict[str, list[AnnotatedDoc]]:
    """Read a split directory: document id -> one :class:`AnnotatedDoc` per annotator file.

    Documents and annotators are in sorted order. With ``strict=True`` a span whose text
    does not match the article, bad offsets, an unparsable line or a dangling reference
    raise :class:`PolnearFormatError`; otherwise they are kept in ``AnnotatedDoc.issues``.
    """
    split_dir = Path(split_dir)
    ann_files = sorted((split_dir / "attributions").glob("*.ann"))
    if not ann_files:
        raise FileNotFoundError(f"no .ann files under {split_dir / 'attributions'}")
    docs: dict[str, list[AnnotatedDoc]] = {}
    texts: dict[str, str] = {}
    for ann_path in ann_files:
        doc_id, sep, annotator = ann_path.stem.rpartition("_")
        if not sep:
            raise PolnearFormatError(f"{ann_path.name}: expected <article>_<annotator>.ann")
        if doc_id not in texts:
            texts[doc_id] = _read_text(split_dir / "text" / f"{doc_id}.txt")
        doc = read_ann(ann_path, texts[doc_id], doc_id=doc_id, annotator=annotator)
        if strict:
            fatal = [issue for issue in doc.issues if issue.kind in FATAL_ISSUES]
            if fatal:
                raise PolnearFormatError(f"{fatal[0].file} {fatal[0].ann_id}: {fatal[0].kind}: {fatal[0].detail}")
        docs.setdefault(doc_id, []).append(doc)
    return docs


def summarize(gold: dict[str, list[AnnotatedDoc]]) -> dict[str, int]:
    """Counts that describe a split: documents, annotator files, attributions and their shapes."""
    files = [doc for docs in gold.values() for doc in docs]
    attributions = [a for doc in files for a in doc.attributions]
    issues = Counter(issue.kind for doc in files for issue in doc.issues)
    summary = {
        "documents": len(gold),
        "annotator_files": len(files),
        "multi_annotator_documents": sum(1 for docs in gold.values() if len(docs) > 1),
        "attributions": len(attributions),
        "no_source": sum(1 for a in attributions if not a.source),
        "no_cue": sum(1 for a in attributions if not a.cue),
        "no_content": sum(1 for a in attributions if not a.content),
        "discontinuous": sum(1 for a in attributions if any(len(a.part(p)) > 1 for p in PARTS)),
    }
    for part in PARTS:
        summary[f"discontinuous_{part}"] = sum(1 for a in attributions if len(a.part(part)) > 1)
    # Pieces split only by whitespace are one piece after normalisation: count real gaps too.
    summary["discontinuous_normalized"] = sum(
        1 for doc in files for a in doc.attributions if any(len(normalize_span(a.part(p), doc.text)) > 1 for p in PARTS)
    )
    summary.update({f"issues_{kind}": n for kind, n in sorted(issues.items())})
    return summary


# ---------------------------------------------------------------------------- span helpers


def normalize_span(span: Span, text: str) -> Span:
    """Sorted pieces, stripped of edge whitespace, joined across overlaps and whitespace-only gaps."""
    pieces: list[tuple[int, int]] = []
    for start, end in sorted(span):
        start, end = max(start, 0), min(end, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if pieces and (start <= pieces[-1][1] or text[pieces[-1][1] : start].isspace()):
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], end))
        else:
            pieces.append((start, end))
    return tuple(pieces)


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans: maximal runs of word characters; whitespace and punctuation separate them."""
    return [m.span() for m in _WORD.finditer(text)]


class _Tokens:
    """Find the tokens a span covers (shares at least one character with) by binary search."""

    def __init__(self, text: str) -> None:
        spans = tokenize(text)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def covered(self, span: Span) -> frozenset[int]:
        found: set[int] = set()
        for start, end in span:
            if start < end:
                # tokens ending after `start` and starting before `end`
                found.update(range(bisect_right(self.ends, start), bisect_left(self.starts, end)))
        return frozenset(found)


def _shared_chars(a: Span, b: Span) -> int:
    # Both spans are normalised (sorted, non-overlapping), so pairwise intersections add up.
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(span: Span) -> int:
    return sum(end - start for start, end in span)


def _has_quote(span: Span, text: str) -> bool:
    return any(ch in QUOTE_CHARS for start, end in span for ch in text[start:end])


# ---------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Counts:
    """Counts behind one metric: P = correct_pred / n_pred, R = correct_gold / n_gold.

    For exact and token metrics ``correct_pred == correct_gold`` (matched items or shared
    tokens); they differ for lenient content-found, where predictions may be reused.
    """

    correct_pred: float = 0.0
    n_pred: float = 0.0
    correct_gold: float = 0.0
    n_gold: float = 0.0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct_pred + other.correct_pred,
            self.n_pred + other.n_pred,
            self.correct_gold + other.correct_gold,
            self.n_gold + other.n_gold,
        )

    def scaled(self, factor: float) -> Counts:
        """All counts multiplied by ``factor`` (used to average over annotators)."""
        return Counts(
            self.correct_pred * factor, self.n_pred * factor, self.correct_gold * factor, self.n_gold * factor
        )

    @property
    def precision(self) -> float:
        return self.correct_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _matched(n: float) -> Counts:
    return Counts(n, 0.0, n, 0.0)


def _exact(gold: Sequence[Attribution], pred: Sequence[Attribution], text: str) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    for part in PARTS:
        gold_keys = Counter(k for k in (normalize_span(a.part(part), text) for a in gold) if k)
        pred_keys = Counter(k for k in (normalize_span(a.part(part), text) for a in pred) if k)
        correct = sum((gold_keys & pred_keys).values())  # multiset intersection: each gold used once
        out[part] = Counts(correct, sum(pred_keys.values()), correct, sum(gold_keys.values()))
    return out


def _token(gold: Sequence[Attribution], pred: Sequence[Attribution], tokens: _Tokens) -> dict[str, Counts]:
    gold_toks = [{p: tokens.covered(a.part(p)) for p in PARTS} for a in gold]
    pred_toks = [{p: tokens.covered(a.part(p)) for p in PARTS} for a in pred]
    candidates: list[tuple[int, int, int, int]] = []
    for i, pt in enumerate(pred_toks):
        for j, gt in enumerate(gold_toks):
            content = len(pt["content"] & gt["content"])
            rest = len(pt["source"] & gt["source"]) + len(pt["cue"] & gt["cue"])
            # An attribution without content tokens cannot be paired by content: pair it by source and cue.
            if content or (rest and not (pt["content"] and gt["content"])):
                candidates.append((-content, -rest, i, j))
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    shared = dict.fromkeys(PARTS, 0)
    for _, _, i, j in candidates:
        if i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        for part in PARTS:
            shared[part] += len(pred_toks[i][part] & gold_toks[j][part])
    return {
        part: Counts(
            shared[part],
            sum(len(t[part]) for t in pred_toks),
            shared[part],
            sum(len(t[part]) for t in gold_toks),
        )
        for part in PARTS
    }


def _lenient(gold: Sequence[Attribution], pred: Sequence[Attribution], text: str) -> tuple[Counts, Counts]:
    gold_n = [(normalize_span(a.content, text), normalize_span(a.source, text)) for a in gold]
    pred_n = [(normalize_span(a.content, text), normalize_span(a.source, text)) for a in pred]
    gold_n = [g for g in gold_n if g[0]]
    pred_n = [p for p in pred_n if p[0]]
    found = speaker_total = speaker_ok = 0
    pred_hits = [False] * len(pred_n)
    for g_content, g_source in gold_n:
        need = LENIENT_MIN_SHARE * _length(g_content)
        best, best_key = -1, (0, 0)
        for i, (p_content, p_source) in enumerate(pred_n):
            share = _shared_chars(p_content, g_content)
            if share >= need and share > 0:
                pred_hits[i] = True
                # Two attributions can share a content ("X, A and B said"): let the source break ties.
                key = (share, _shared_chars(p_source, g_source))
                if key > best_key:
                    best, best_key = i, key
        if best < 0:
            continue
        found += 1
        if g_source:
            speaker_total += 1
            speaker_ok += _shared_chars(pred_n[best][1], g_source) > 0
    pred_found = sum(pred_hits)
    content_found = Counts(pred_found, len(pred_n), found, len(gold_n))
    speaker = Counts(speaker_ok, speaker_total, speaker_ok, speaker_total)
    return content_found, speaker


def _quotes(attributions: Iterable[Attribution], text: str) -> list[Attribution]:
    return [a for a in attributions if _has_quote(a.content, text)]


def _doc_counts(
    gold: Sequence[Attribution], pred: Sequence[Attribution], text: str, tokens: _Tokens
) -> dict[str, Counts]:
    out: dict[str, Counts] = {}
    gold_q, pred_q = _quotes(gold, text), _quotes(pred, text)
    for group, g, p in (("exact", gold, pred), ("quote-exact", gold_q, pred_q)):
        out.update({f"{group}/{part}": c for part, c in _exact(g, p, text).items()})
    for group, g, p in (("token", gold, pred), ("quote-token", gold_q, pred_q)):
        out.update({f"{group}/{part}": c for part, c in _token(g, p, tokens).items()})
    out["lenient/content-found"], out["lenient/speaker-accuracy"] = _lenient(gold, pred, text)
    return out


@dataclass
class Scores:
    """Micro-averaged scores of a split; ``counts`` maps each name in :data:`METRICS` to its counts."""

    counts: dict[str, Counts]
    documents: int = 0
    annotator_files: int = 0
    multi_annotator_documents: int = 0
    notes: list[str] = field(default_factory=list)

    def as_table(self) -> list[tuple[str, float, float, float]]:
        """Rows (metric, P, R, F1) in percent, in :data:`METRICS` order."""
        return [
            (name, 100 * c.precision, 100 * c.recall, 100 * c.f1)
            for name in METRICS
            for c in (self.counts.get(name, Counts()),)
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: document counts, notes and, per metric, P/R/F1 (percent) and counts."""
        return {
            "documents": self.documents,
            "annotator_files": self.annotator_files,
            "multi_annotator_documents": self.multi_annotator_documents,
            "notes": list(self.notes),
            "metrics": {
                name: {
                    "precision": 100 * c.precision,
                    "recall": 100 * c.recall,
                    "f1": 100 * c.f1,
                    "correct_pred": c.correct_pred,
                    "n_pred": c.n_pred,
                    "correct_gold": c.correct_gold,
                    "n_gold": c.n_gold,
                }
                for name in METRICS
                for c in (self.counts.get(name, Counts()),)
            },
        }


def score(gold: dict[str, list[AnnotatedDoc]], predict: Callable[[str], list[Attribution]]) -> Scores:
    """Score ``predict`` (document text -> attributions) against ``gold`` (see the module docstring)."""
    totals = dict.fromkeys(METRICS, Counts())
    notes: list[str] = []
    multi = 0
    by_text: dict[str, list[str]] = {}
    for doc_id, docs in gold.items():
        if not docs:
            continue
        text = docs[0].text
        by_text.setdefault(text, []).append(doc_id)
        predicted = predict(text)
        tokens = _Tokens(text)
        doc_totals = dict.fromkeys(METRICS, Counts())
        for doc in docs:
            for name, counts in _doc_counts(doc.attributions, predicted, doc.text, tokens).items():
                doc_totals[name] = doc_totals[name] + counts
        if len(docs) > 1:
            multi += 1
        # Average over annotators so a doubly annotated document does not weigh double.
        for name, counts in doc_totals.items():
            totals[name] = totals[name] + counts.scaled(1 / len(docs))
    if multi:
        notes.append(
            f"{multi} document(s) have several annotators: each was scored against every annotator's "
            "file separately and its counts were averaged over those files before summing."
        )
    for ids in by_text.values():
        if len(ids) > 1:
            notes.append(
                f"documents {', '.join(ids)} have identical text, so a predictor (which sees only the "
                "text) gives them the same predictions."
            )
    return Scores(
        counts=totals,
        documents=sum(1 for docs in gold.values() if docs),
        annotator_files=sum(len(docs) for docs in gold.values()),
        multi_annotator_documents=multi,
        notes=notes,
    )


def gold_as_prediction(gold: dict[str, list[AnnotatedDoc]], annotator: int = 0) -> Callable[[str], list[Attribution]]:
    """An oracle predictor returning, for a document's text, the attributions of its ``annotator``-th file.

    Documents whose texts are identical cannot be told apart from the text; the first
    document id (in ``gold`` order) wins. An unknown text gets no attributions.
    """
    by_text: dict[str, list[Attribution]] = {}
    for docs in gold.values():
        if docs:
            doc = docs[min(annotator, len(docs) - 1)]
            by_text.setdefault(doc.text, list(doc.attributions))

    def predict(text: str) -> list[Attribution]:
        return list(by_text.get(text, []))

    return predict
