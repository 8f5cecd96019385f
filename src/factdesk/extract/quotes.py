"""Quotes and attribution: who said (or thinks) what, with source, cue and content spans.

A bidirectional LSTM, trained on PolNeAR train (``training/attribution.py``),
tags each token as part of a source, a cue or a content (BIO); a constrained
Viterbi pass keeps the tags well formed, and the spans are linked into
attributions by sentence and distance: each content and each source joins the
nearest cue. Spans follow PolNeAR's definitions. Speakers are resolved to
entities afterwards (:mod:`factdesk.extract.speakers`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypedDict

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc

from factdesk.extract.attribution_features import TAGS, chunks, token_features, with_word_ids
from factdesk.extract.base import SafeComponent
from factdesk.extract.entities import EntityData
from factdesk.extract.speakers import SpeakerResolver

FACTORY = "factdesk_quotes_v1"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"

Pieces = list[tuple[int, int]]


@dataclass
class RawAttribution:
    """One attribution in character offsets; each part is a list of (start, end) pieces."""

    source: Pieces = field(default_factory=list)
    cue: Pieces = field(default_factory=list)
    content: Pieces = field(default_factory=list)


class QuoteData(TypedDict):
    """One quote as stored on ``doc._.fd_quotes`` (plain data, so docs pickle)."""

    kind: str
    source: list[list[int]]
    cue: list[list[int]]
    content: list[list[int]]
    speaker_entities: list[str]
    speaker_names: list[str]
    speaker_how: str


if not Doc.has_extension("fd_quotes"):
    Doc.set_extension("fd_quotes", default=None)

_B = {label: TAGS.index(f"B-{label}") for label in ("SRC", "CUE", "CON")}
_I = {label: TAGS.index(f"I-{label}") for label in ("SRC", "CUE", "CON")}


def _transition_mask() -> NDArray[np.float32]:
    """log-space penalties: I-X may only follow B-X or I-X."""
    n = len(TAGS)
    mask = np.zeros((n, n), dtype=np.float32)
    for label in ("SRC", "CUE", "CON"):
        inside = _I[label]
        for prev in range(n):
            if prev not in (_B[label], _I[label]):
                mask[prev, inside] = -1e4
    return mask


_MASK = _transition_mask()
_START_FORBIDDEN = np.array([-1e4 if t.startswith("I-") else 0.0 for t in TAGS], dtype=np.float32)


def viterbi(probs: NDArray[np.float32]) -> list[int]:
    """The best well-formed tag sequence for per-token probabilities."""
    n = probs.shape[0]
    if n == 0:
        return []
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    score = logp[0] + _START_FORBIDDEN
    back = np.zeros((n, len(TAGS)), dtype=np.int32)
    for i in range(1, n):
        cand = score[:, None] + _MASK  # prev x next
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[i]
    best = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        best.append(int(back[i, best[-1]]))
    best.reverse()
    return best


def tag_spans(tags: Sequence[int]) -> list[tuple[str, int, int]]:
    """(label, first token, end token) runs of B-X I-X*."""
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for i, tag in enumerate(tags):
        name = TAGS[tag]
        if name.startswith("B-") or name == "O":
            if current is not None:
                spans.append((current[0], current[1], i))
                current = None
            if name.startswith("B-"):
                current = (name[2:], i)
    if current is not None:
        spans.append((current[0], current[1], len(tags)))
    return spans


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def link(
    spans: list[tuple[str, int, int]], sent_of: Sequence[int], token_chars: Sequence[tuple[int, int]]
) -> list[RawAttribution]:
    """Group tagged spans into attributions around their cues."""
    cues = [(s, e) for label, s, e in spans if label == "CUE"]
    sources = [(s, e) for label, s, e in spans if label == "SRC"]
    contents = [(s, e) for label, s, e in spans if label == "CON"]
    by_cue: dict[int, RawAttribution] = {i: RawAttribution() for i in range(len(cues))}
    orphans: list[RawAttribution] = []

    def chars(span: tuple[int, int]) -> tuple[int, int]:
        return token_chars[span[0]][0], token_chars[span[1] - 1][1]

    def sentences(span: tuple[int, int]) -> set[int]:
        return {sent_of[span[0]], sent_of[span[1] - 1]}

    for index, cue in enumerate(cues):
        by_cue[index].cue.append(chars(cue))
    for content in contents:
        sents = sentences(content)
        near = [i for i, cue in enumerate(cues) if sentences(cue) & sents]
        if not near:
            # A quote in the sentence after (or before) its cue: "He said: ¶ “…”".
            wider = {s + d for s in sents for d in (-1, 1)}
            near = [i for i, cue in enumerate(cues) if sentences(cue) & wider]
        if near:
            best = min(near, key=lambda i: (_gap(cues[i], content), i))
            by_cue[best].content.append(chars(content))
        else:
            orphans.append(RawAttribution(content=[chars(content)]))
    for index, cue in enumerate(cues):
        same = [src for src in sources if sentences(src) & sentences(cue)]
        if same:
            best_src = min(same, key=lambda src: (_gap(src, cue), src[0]))
            by_cue[index].source.append(chars(best_src))
    result = [by_cue[i] for i in range(len(cues))] + orphans
    for attribution in result:
        attribution.content.sort()
    return result


class AttributionTagger:
    """The trained tagger: features -> tags -> linked attributions."""

    def __init__(self, model: Any, cue_prior: dict[str, float], word_ids: bool = False) -> None:
        self.model = model
        self.cue_prior = cue_prior
        self.word_ids = word_ids

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> AttributionTagger:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        prior = json.loads((path / "cue_prior.json").read_text(encoding="utf-8"))
        from factdesk.extract.attribution_features import feature_width

        embed = int(meta.get("embed", 0))
        model = _build(
            feature_width(),
            int(meta["hidden"]),
            int(meta["depth"]),
            0.0,
            embed,
            int(meta.get("rows", 5000)),
            str(meta.get("encoder", "lstm")),
            int(meta.get("window", 2)),
        )
        width = feature_width() + (1 if embed else 0)
        model.initialize(X=[np.zeros((2, width), dtype=np.float32)])
        model.from_disk(path / "model.bin")
        return cls(model, prior, word_ids=bool(embed))

    def predict_tags(self, feats: NDArray[np.float32], ranges: list[tuple[int, int]]) -> list[int]:
        tags: list[int] = [0] * feats.shape[0]
        if not ranges:
            return tags
        xs = [np.ascontiguousarray(feats[s:e]) for s, e in ranges]
        probs = self.model.predict(xs)
        for (start, _end), p in zip(ranges, probs, strict=True):
            for offset, tag in enumerate(viterbi(np.asarray(p))):
                tags[start + offset] = tag
        return tags

    def attributions_from_features(
        self,
        text: str,
        feats: NDArray[np.float32],
        token_chars: Sequence[tuple[int, int]],
        ranges: list[tuple[int, int]],
        sent_of: Sequence[int],
    ) -> list[RawAttribution]:
        tags = self.predict_tags(feats, ranges)
        return link(tag_spans(tags), sent_of, token_chars)

    def __call__(self, doc: Doc) -> list[RawAttribution]:
        if len(doc) == 0:
            return []
        feats = token_features(doc, self.cue_prior)
        if self.word_ids:
            feats = with_word_ids(feats, [t.text for t in doc])
        token_chars = [(t.idx, t.idx + len(t.text)) for t in doc]
        sent_of = [0] * len(doc)
        for number, sent in enumerate(doc.sents):
            for i in range(sent.start, sent.end):
                sent_of[i] = number
        found = self.attributions_from_features(doc.text, feats, token_chars, chunks(doc), sent_of)
        for attribution in found:
            if attribution.cue and not attribution.source:
                attribution.source = subject_of_cue(doc, attribution)
        return found


_SUBJECTS = {"nsubj", "nsubjpass"}
# Links from a participle or infinitive cue up to the verb whose subject speaks:
# "Israel has blocked …, citing concerns", "Hamas has dismissed …, insisting that".
_CLIMB = {"advcl", "xcomp", "conj", "pcomp"}


def subject_of_cue(doc: Doc, attribution: RawAttribution) -> Pieces:
    """The grammatical subject of a cue the tagger left without a source."""
    start, end = attribution.cue[0]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    token = span.root
    taken = [(s, e) for s, e in attribution.content]
    for _ in range(3):
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                subtree = list(child.subtree)
                s_char = subtree[0].idx
                e_char = subtree[-1].idx + len(subtree[-1].text)
                if child.pos_ in {"PRON"} and child.lower_ in {"that", "which", "who"}:
                    return []
                if any(s_char < ce and cs < e_char for cs, ce in taken):
                    return []
                return [(s_char, e_char)]
        if token.dep_ not in _CLIMB or token.head is token:
            return []
        token = token.head
    return []


def _word_embedding(n_in: int, width: int, rows: int) -> Any:
    """Prepends the tagger's own word vectors: the last input column holds word ids.

    The base model's vectors are tuned for tagging and parsing; words that cue
    attribution ("insisted", "according") get vectors of their own here.
    """
    from thinc.api import HashEmbed, Model

    embed = HashEmbed(nO=width, nV=rows, column=0, seed=17)

    def forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Any]:
        ids = model.ops.xp.ascontiguousarray(X[:, -1:]).astype("uint64")
        vectors, backprop_embed = embed(ids, is_train)
        Y = model.ops.xp.hstack((X[:, :-1], vectors))

        def backprop(dY: Any) -> Any:
            backprop_embed(model.ops.xp.ascontiguousarray(dY[:, n_in:]))
            return model.ops.alloc2f(*X.shape)

        return Y, backprop

    def init(model: Any, X: Any = None, Y: Any = None) -> None:
        embed.initialize()

    return Model("word_embedding", forward, init=init, layers=[embed], dims={"nI": n_in + 1, "nO": n_in + width})


def _build(
    n_in: int,
    hidden: int,
    depth: int,
    dropout: float,
    embed: int = 0,
    rows: int = 5000,
    encoder: str = "lstm",
    window: int = 2,
) -> Any:
    """The tagger: features (+ own word vectors) -> Maxout -> encoder -> softmax over BIO tags.

    ``lstm``: a bidirectional LSTM over the whole chunk; ``cnn``: residual
    window convolutions (faster, context ``depth * window`` tokens each side).
    """
    from thinc.api import LSTM, Maxout, Softmax, chain, expand_window, residual, with_array, with_padded

    first = with_array(Maxout(nO=hidden, nI=n_in + embed, nP=2, dropout=dropout, normalize=True))
    if embed:
        first = chain(with_array(_word_embedding(n_in, embed, rows)), first)
    if encoder == "cnn":
        layers = [
            residual(
                chain(
                    expand_window(window_size=window),
                    Maxout(nO=hidden, nI=hidden * (2 * window + 1), nP=3, dropout=dropout, normalize=True),
                )
            )
            for _ in range(depth)
        ]
        body = with_array(chain(*layers)) if len(layers) > 1 else with_array(layers[0])
    else:
        body = with_padded(LSTM(nO=hidden, nI=hidden, bi=True, depth=depth, dropout=dropout))
    return chain(first, body, with_array(Softmax(nO=len(TAGS), nI=hidden)))


@lru_cache(maxsize=1)
def default_tagger() -> AttributionTagger:
    return AttributionTagger.load()


_QUOTE_CHARS = "\"“”‘’«»"


def quote_kind(text: str, content: Pieces) -> str:
    """direct: the content is all inside quotation marks; mixed: partly; indirect: none."""
    inside = outside = 0
    for start, end in content:
        piece = text[start:end]
        before = text[max(0, start - 2) : start]
        after = text[end : end + 2]
        bare = piece.strip(" ,.;:" + _QUOTE_CHARS)
        if not bare:
            continue
        marks = sum(piece.count(c) for c in _QUOTE_CHARS)
        opened = any(c in _QUOTE_CHARS for c in before) or piece.lstrip()[:1] in _QUOTE_CHARS
        closed = any(c in _QUOTE_CHARS for c in after) or piece.rstrip(" ,.;:")[-1:] in _QUOTE_CHARS
        if opened and closed and marks <= 2:
            inside += 1
        elif marks or opened or closed:
            return "mixed"
        else:
            outside += 1
    if inside and not outside:
        return "direct"
    if inside and outside:
        return "mixed"
    return "indirect"


class QuoteExtractor(SafeComponent):
    """spaCy component: parsed doc -> ``doc._.fd_quotes``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        entities: list[EntityData] = list(doc._.fd_entities or [])
        resolver = SpeakerResolver(doc, entities)
        found: list[QuoteData] = []
        for attribution in default_tagger()(doc):
            if not attribution.content:
                continue
            speaker = resolver.resolve(attribution.source)
            found.append(
                QuoteData(
                    kind=quote_kind(doc.text, attribution.content),
                    source=[list(p) for p in attribution.source],
                    cue=[list(p) for p in attribution.cue],
                    content=[list(p) for p in attribution.content],
                    speaker_entities=speaker.entities,
                    speaker_names=speaker.names,
                    speaker_how=speaker.how,
                )
            )
        # Pronouns and descriptions that name an entity become its mentions too.
        for entity in entities:
            extra = resolver.added.get(entity["id"])
            if extra:
                known = {tuple(m) for m in entity["mentions"]}
                merged = sorted(known | set(extra))
                entity["mentions"] = [list(m) for m in merged]
                entity["mention_labels"] = ["" for _ in merged]
        doc._.fd_entities = entities
        doc._.fd_quotes = found


@Language.factory(
    FACTORY,
    requires=["doc.tensor", "token.dep", "token.pos", "token.lemma", "token.is_sent_start", "doc._.fd_entities"],
    assigns=["doc._.fd_quotes", "doc._.fd_entities"],
    default_config={},
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)
