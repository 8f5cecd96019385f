"""Token features for the attribution tagger, shared by training and inference.

The tagger reads, per token: the base model's contextual vector (``doc.tensor``,
what en_core_web_sm's tok2vec computed for its tagger and parser), the token's
dependency label, its head's label and coarse part of speech, whether it sits
inside quotation marks, and how often its lemma (and its head's) was a cue in
the training data. The dependency and quote features carry the long-range
structure (which clause a token belongs to, whether a quote is open) that a
local vector alone does not.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

FEATURES_VERSION = 1

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
_CLOSE = {"”", "''", "»"}
_STRAIGHT = {'"'}

_EXTRA = 8
VECTOR_WIDTH = 96


def feature_width(vector_width: int = VECTOR_WIDTH) -> int:
    return vector_width + 2 * len(DEP_LABELS) + len(POS_TAGS) + _EXTRA


def quote_state(doc: Doc) -> NDArray[np.float32]:
    """1 for tokens inside quotation marks (the marks included), else 0.

    A quote left open at a paragraph break stays open only if the next paragraph
    opens with a quote mark (the newspaper convention for quotes over paragraphs).
    """
    inside = np.zeros(len(doc), dtype=np.float32)
    open_ = False
    for token in doc:
        text = token.text
        if "\n" in text or (token.is_space and "\n" in token.whitespace_ + text):
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if not (nxt is not None and (nxt.text in _OPEN or nxt.text in _STRAIGHT)):
                open_ = False
            continue
        if text in _OPEN:
            open_ = True
            inside[token.i] = 1.0
            continue
        if text in _CLOSE:
            inside[token.i] = 1.0
            open_ = False
            continue
        if text in _STRAIGHT:
            inside[token.i] = 1.0
            open_ = not open_
            continue
        if open_:
            inside[token.i] = 1.0
    return inside


def token_features(doc: Doc, cue_prior: Mapping[str, float]) -> NDArray[np.float32]:
    """A (tokens × :func:`feature_width`) matrix for one processed doc."""
    n = len(doc)
    tensor = doc.tensor
    width = tensor.shape[1] if getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == n else 0
    if width == 0:
        # The base model's tok2vec did not run (a blank pipeline in a unit test): zeros.
        tensor = np.zeros((n, VECTOR_WIDTH), dtype=np.float32)
        width = VECTOR_WIDTH
    out = np.zeros((n, feature_width(width)), dtype=np.float32)
    out[:, :width] = tensor
    dep0 = width
    head0 = dep0 + len(DEP_LABELS)
    pos0 = head0 + len(DEP_LABELS)
    extra0 = pos0 + len(POS_TAGS)
    quotes = quote_state(doc)
    for token in doc:
        i = token.i
        dep = _DEP_INDEX.get(token.dep_)
        if dep is not None:
            out[i, dep0 + dep] = 1.0
        head_dep = _DEP_INDEX.get(token.head.dep_)
        if head_dep is not None:
            out[i, head0 + head_dep] = 1.0
        pos = _POS_INDEX.get(token.pos_)
        if pos is not None:
            out[i, pos0 + pos] = 1.0
        out[i, extra0 + 0] = quotes[i]
        out[i, extra0 + 1] = 1.0 if token.is_quote else 0.0
        out[i, extra0 + 2] = cue_prior.get(token.lemma_.lower(), 0.0)
        out[i, extra0 + 3] = cue_prior.get(token.head.lemma_.lower(), 0.0)
        out[i, extra0 + 4] = 1.0 if token.is_sent_start else 0.0
        out[i, extra0 + 5] = 1.0 if token.i + 1 == n or doc[token.i + 1].is_sent_start else 0.0
        out[i, extra0 + 6] = 1.0 if token.head.i > i else (-1.0 if token.head.i < i else 0.0)
        out[i, extra0 + 7] = 1.0 if token.text[:1].isupper() else 0.0
    return out


WORD_ID_ROWS = 1 << 20


def word_id(text: str) -> float:
    """A stable id for a word form (crc32 of its lower case), small enough to be exact in float32."""
    return float(zlib.crc32(text.lower().encode("utf-8")) % WORD_ID_ROWS)


def with_word_ids(feats: NDArray[np.float32], words: Sequence[str]) -> NDArray[np.float32]:
    """The features with a last column of word ids, for the tagger's own word embeddings."""
    ids = np.array([word_id(w) for w in words], dtype=np.float32).reshape(-1, 1)
    return np.hstack((feats, ids)).astype(np.float32)


def chunks(doc: Doc, max_tokens: int = 250) -> list[tuple[int, int]]:
    """Token ranges of whole sentences, each at most ``max_tokens`` long where possible.

    The tagger runs per chunk, in training and inference alike, so the LSTM
    sees sequences of the same kind in both.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    last_end = 0
    for sent in doc.sents:
        if sent.end - start > max_tokens and last_end > start:
            ranges.append((start, last_end))
            start = last_end
        last_end = sent.end
        while last_end - start > max_tokens * 2:  # one very long "sentence": cut it
            ranges.append((start, start + max_tokens))
            start += max_tokens
    if last_end > start:
        ranges.append((start, last_end))
    return ranges
