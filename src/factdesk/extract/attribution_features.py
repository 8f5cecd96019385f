"""Token features for the attribution tagger, shared by training and inference.

The tagger reads, per token: the base model's contextual vector (``doc.tensor``,
what en_core_web_sm's tok2vec computed for its tagger and parser), the token's
dependency label, its head's label and coarse part of speech, whether it sits
inside quotation marks, and how often its lemma (and its head's) was a cue in
the training data. The dependency and quote features carry the long-range
structure (which clause a token belongs to, whether a quote is open) that a
local vector alone does not.

Version 2 adds where a token sits relative to the nearest likely cue above it
in the parse tree: that cue's prior, the dependency label of the branch leading
down to the token ("ccomp": inside what was said; "nsubj": the one who said it),
how far up the cue is, and whether the token is the first or last token of that
branch. PolNeAR's content spans are mostly such branches whole ("that" included),
so the branch edges are where exact spans begin and end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, HEAD, IDX, IS_QUOTE, LEMMA, LENGTH, POS, SENT_START
from spacy.tokens import Doc

FEATURES_VERSION = 2
# A lemma whose cue prior reaches this is a likely cue: the tree features look for such verbs,
# and the quotes and claims components' rules take them for words of saying.
SPEECH_MIN_PRIOR = 0.3
# The branch labels the tree features tell apart; any other label is the last slot.
BRANCH_DEPS: tuple[str, ...] = tuple("nsubj nsubjpass ccomp xcomp dobj advcl prep agent parataxis conj".split())
_TREE_WIDTH = 3 + (len(BRANCH_DEPS) + 1) + 2  # priors and distance, branch label, edges
_MAX_DEPTH = 64

DEP_LABELS: tuple[str, ...] = tuple(
    (
        "ROOT acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj csubj "
        "csubjpass dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj nsubjpass nummod oprd "
        "parataxis pcomp pobj poss preconj predet prep prt punct quantmod relcl xcomp"
    ).split()
)
POS_TAGS: tuple[str, ...] = tuple(
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X SPACE".split()
)
TAGS: tuple[str, ...] = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")

_DEP_INDEX = {label: i for i, label in enumerate(DEP_LABELS)}
_POS_INDEX = {label: i for i, label in enumerate(POS_TAGS)}
# Opening and closing marks; a straight quote toggles.
_OPEN = {"“", "‘‘", "``", "«"}
# "’’": two right single marks closing a double quote, as some wire copy writes it.
_CLOSE = {"”", "''", "’’", "»"}
_STRAIGHT = {'"'}

_EXTRA = 8
VECTOR_WIDTH = 96


def feature_width(vector_width: int = VECTOR_WIDTH, version: int = FEATURES_VERSION) -> int:
    base = vector_width + 2 * len(DEP_LABELS) + len(POS_TAGS) + _EXTRA
    return base + (_TREE_WIDTH if version >= 2 else 0)


def subtree_edges(heads: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Each token's subtree's first and last token (``Token.left_edge``/``right_edge``), vectorised.

    Every token pushes its index up to all its ancestors, one tree level per numpy step,
    rather than a Python walk per token.
    """
    n = heads.shape[0]
    index = np.arange(n)
    left, right = index.copy(), index.copy()
    current = index.copy()
    for _ in range(_MAX_DEPTH):
        parent = heads[current]
        active = parent != current
        if not active.any():
            break
        np.minimum.at(left, parent[active], index[active])
        np.maximum.at(right, parent[active], index[active])
        current = np.where(active, parent, current)
    return left, right


def tree_features(
    heads: NDArray[np.int64],
    dep_codes: NDArray[Any],
    prior: NDArray[np.float32],
    is_verb: NDArray[np.bool_],
    strings: Any,
) -> NDArray[np.float32]:
    """(tokens × tree width): each token's place below the nearest likely cue above it.

    Only verbs count as cues here: nouns such as "talks" have a middling prior but head
    no reported speech.

    Columns: the nearest such cue's prior, the highest prior of any ancestor, the
    distance up to the cue (/10, at most 1), the branch's label (one-hot over
    :data:`BRANCH_DEPS` and "other"), and whether the token opens or closes that branch.
    """
    n = heads.shape[0]
    out = np.zeros((n, _TREE_WIDTH), dtype=np.float32)
    if n == 0:
        return out
    child = np.arange(n)
    current = heads.copy()
    found = np.zeros(n, dtype=bool)
    branch = np.full(n, -1, dtype=np.int64)
    for step in range(1, _MAX_DEPTH + 1):
        active = current != child
        if not active.any():
            break
        p = prior[current]
        hit = active & ~found & (p >= SPEECH_MIN_PRIOR) & is_verb[current]
        out[hit, 0] = p[hit]
        out[hit, 2] = min(step, 10) / 10
        branch[hit] = child[hit]
        found |= hit
        out[:, 1] = np.where(active, np.maximum(out[:, 1], p), out[:, 1])
        child = np.where(active, current, child)
        current = np.where(active, heads[current], current)
    rows = np.flatnonzero(found)
    if rows.size:
        codes = {int(strings[label]): k for k, label in enumerate(BRANCH_DEPS) if label in strings}
        labels = np.array([codes.get(int(c), len(BRANCH_DEPS)) for c in dep_codes[branch[rows]]], dtype=np.int64)
        out[rows, 3 + labels] = 1.0
        left, right = subtree_edges(heads)
        out[rows, 3 + len(BRANCH_DEPS) + 1] = (rows == left[branch[rows]]).astype(np.float32)
        out[rows, 3 + len(BRANCH_DEPS) + 2] = (rows == right[branch[rows]]).astype(np.float32)
    return out


class TokenText:
    """Each token's text and trailing whitespace, sliced from the doc's text read once.

    Iterating a Doc creates a Python ``Token`` per token, and ``Doc.text`` joins
    every token on each access; reading offsets with ``Doc.to_array`` and slicing
    one string gives the same strings for a fraction of the cost.
    """

    def __init__(self, doc: Doc, text: str | None = None) -> None:
        self.text = doc.text if text is None else text
        n = len(doc)
        cols = doc.to_array([IDX, LENGTH]).astype(np.int64).reshape(n, 2)
        self.starts: list[int] = cols[:, 0].tolist()
        self.ends: list[int] = (cols[:, 0] + cols[:, 1]).tolist()
        self.words: list[str] = [self.text[s:e] for s, e in zip(self.starts, self.ends, strict=True)]

    @property
    def spaces(self) -> list[str]:
        """Whitespace after each token: the gap up to the next token (or the end of the text)."""
        nexts = self.starts[1:] + [len(self.text)]
        return [self.text[e:s] for e, s in zip(self.ends, nexts, strict=True)]

    @property
    def chars(self) -> list[tuple[int, int]]:
        return list(zip(self.starts, self.ends, strict=True))


def quote_state(
    doc: Doc, texts: Sequence[str] | None = None, spaces: Sequence[str] | None = None
) -> NDArray[np.float32]:
    """1 for tokens inside quotation marks (the marks included), else 0.

    A quote left open at a paragraph break stays open only if the next paragraph
    opens with a quote mark (the newspaper convention for quotes over paragraphs).
    ``texts`` and ``spaces`` (each token's text and trailing whitespace) may be
    given by a caller that already has them, to spare iterating the doc.
    """
    words = list(texts) if texts is not None else [t.text for t in doc]
    if not any(w.isspace() for w in words):
        spaces = [""] * len(words)
    elif spaces is None:
        spaces = [t.whitespace_ for t in doc]
    inside = np.zeros(len(words), dtype=np.float32)
    open_ = False
    for i, text in enumerate(words):
        if "\n" in text or (text.isspace() and "\n" in spaces[i] + text):
            nxt = words[i + 1] if i + 1 < len(words) else None
            if not (nxt is not None and (nxt in _OPEN or nxt in _STRAIGHT)):
                open_ = False
            continue
        if text in _OPEN:
            open_ = True
            inside[i] = 1.0
        elif text in _CLOSE:
            inside[i] = 1.0
            open_ = False
        elif text in _STRAIGHT:
            inside[i] = 1.0
            open_ = not open_
        elif open_:
            inside[i] = 1.0
    return inside


def _lookup(codes: NDArray[Any], table: Mapping[int, float]) -> NDArray[np.float32]:
    """Map spaCy string hashes to values through their distinct codes (vectorised)."""
    unique, inverse = np.unique(codes, return_inverse=True)
    values = np.array([table.get(int(u), 0.0) for u in unique], dtype=np.float32)
    return values[inverse.reshape(-1)]


def token_features(
    doc: Doc,
    cue_prior: Mapping[str, float],
    tokens: TokenText | None = None,
    prior_by_hash: dict[int, float] | None = None,
    version: int = FEATURES_VERSION,
    quoted: NDArray[np.float32] | None = None,
) -> NDArray[np.float32]:
    """A (tokens × :func:`feature_width`) matrix for one processed doc.

    Computed from ``Doc.to_array`` columns rather than per-token attribute access,
    which creates a Python ``Token`` per read and dominated the component's time.
    ``tokens`` may be passed by a caller that made it already; ``prior_by_hash``
    is a cache of ``cue_prior`` by lemma hash that a caller keeps across docs
    (a hash always names the same string, so entries never go stale).
    """
    n = len(doc)
    tensor = doc.tensor
    width = tensor.shape[1] if getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == n else 0
    if width == 0:
        # The base model's tok2vec did not run (a blank pipeline in a unit test): zeros.
        tensor = np.zeros((n, VECTOR_WIDTH), dtype=np.float32)
        width = VECTOR_WIDTH
    out = np.zeros((n, feature_width(width, version)), dtype=np.float32)
    if n == 0:
        return out
    out[:, :width] = tensor
    dep0 = width
    head0 = dep0 + len(DEP_LABELS)
    pos0 = head0 + len(DEP_LABELS)
    extra0 = pos0 + len(POS_TAGS)
    strings = doc.vocab.strings
    cols = doc.to_array([DEP, HEAD, POS, LEMMA, SENT_START, IS_QUOTE])
    rows = np.arange(n)
    heads = rows + cols[:, 1].astype(np.int64)
    dep_index = {int(strings[label]): float(i) for i, label in enumerate(DEP_LABELS) if label in strings}
    dep_of = _lookup(cols[:, 0], {k: v + 1 for k, v in dep_index.items()}).astype(np.int64) - 1
    has_dep = dep_of >= 0
    out[rows[has_dep], dep0 + dep_of[has_dep]] = 1.0
    head_dep = dep_of[heads]
    has_head = head_dep >= 0
    out[rows[has_head], head0 + head_dep[has_head]] = 1.0
    pos_index = {int(strings[tag]): float(i + 1) for i, tag in enumerate(POS_TAGS) if tag in strings}
    pos_of = _lookup(cols[:, 2], pos_index).astype(np.int64) - 1
    has_pos = pos_of >= 0
    out[rows[has_pos], pos0 + pos_of[has_pos]] = 1.0
    if tokens is None:
        tokens = TokenText(doc)
    texts = tokens.words
    out[:, extra0 + 0] = quote_state(doc, texts, tokens.spaces) if quoted is None else quoted
    out[:, extra0 + 1] = cols[:, 5].astype(np.float32)
    lemmas = cols[:, 3]
    cache = {} if prior_by_hash is None else prior_by_hash
    unique, inverse = np.unique(lemmas, return_inverse=True)
    values: list[float] = []
    for code in unique.tolist():
        value = cache.get(code)
        if value is None:
            # Looking the string up and lowercasing it was most of this step's cost: once per lemma.
            value = cache[code] = cue_prior.get(strings[code].lower(), 0.0)
        values.append(value)
    lemma_prior = np.array(values, dtype=np.float32)[inverse.reshape(-1)]
    out[:, extra0 + 2] = lemma_prior
    out[:, extra0 + 3] = lemma_prior[heads]
    starts = (cols[:, 4].astype(np.int64) == 1).astype(np.float32)
    out[:, extra0 + 4] = starts
    ends = np.ones(n, dtype=np.float32)
    ends[:-1] = starts[1:]
    out[:, extra0 + 5] = ends
    out[:, extra0 + 6] = np.sign(heads - rows).astype(np.float32)
    out[:, extra0 + 7] = np.array([1.0 if t[:1].isupper() else 0.0 for t in texts], dtype=np.float32)
    if version >= 2:
        is_verb = has_pos & (pos_of == _POS_INDEX["VERB"])
        out[:, extra0 + _EXTRA :] = tree_features(heads, cols[:, 0], lemma_prior, is_verb, strings)
    return out


def sentence_starts(doc: Doc) -> list[int]:
    """The first token of each sentence, as ``doc.sents`` gives them.

    Read from the SENT_START column, since ``doc.sents`` makes a Span per
    sentence and the component needs the boundaries several times per doc.
    """
    if len(doc) == 0:
        return []
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        # A custom hook decides, or there are no boundaries (doc.sents raises): defer to it.
        return [sent.start for sent in doc.sents]
    flags = doc.to_array([SENT_START]).reshape(-1)
    # doc.sents starts a sentence at token 0 and wherever sent_start is 1 after it.
    return [0] + [int(i) for i in np.nonzero(flags[1:] == 1)[0] + 1]


def sentence_index(doc: Doc, starts: Sequence[int] | None = None) -> list[int]:
    """The number of the sentence each token is in (``starts``: :func:`sentence_starts`, if known)."""
    if starts is None:
        starts = sentence_starts(doc)
    index = [0] * len(doc)
    bounds = [*starts, len(doc)]
    for number in range(len(starts)):
        start, end = bounds[number], bounds[number + 1]
        index[start:end] = [number] * (end - start)
    return index


def chunks(doc: Doc, max_tokens: int = 250, starts: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """Token ranges of whole sentences, each at most ``max_tokens`` long where possible.

    The tagger runs per chunk, in training and inference alike, so the LSTM
    sees sequences of the same kind in both. ``starts``: :func:`sentence_starts`, if known.
    """
    if starts is None:
        starts = sentence_starts(doc)
    ends = [*starts[1:], len(doc)]
    ranges: list[tuple[int, int]] = []
    start = 0
    last_end = 0
    for sent_end in ends:
        if sent_end - start > max_tokens and last_end > start:
            ranges.append((start, last_end))
            start = last_end
        last_end = sent_end
        while last_end - start > max_tokens * 2:  # one very long "sentence": cut it
            ranges.append((start, start + max_tokens))
            start += max_tokens
    if last_end > start:
        ranges.append((start, last_end))
    return ranges
