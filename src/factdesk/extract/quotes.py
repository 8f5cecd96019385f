"""Quotes and attribution: who said (or thinks) what, with source, cue and content spans.

A bidirectional LSTM, trained on PolNeAR train (``training/attribution.py``),
tags each token as part of a source, a cue or a content (BIO); a constrained
Viterbi pass, with tag-bigram priors counted on train, keeps the tags well
formed, and the spans are linked into attributions by sentence and distance:
each content and each source joins the nearest cue. Parse-based repairs follow
(nested attributions, clauses, addressees, quotations kept whole). Spans follow
PolNeAR's definitions. Speakers are resolved to entities afterwards
(:mod:`factdesk.extract.speakers`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, takewhile
from pathlib import Path
from typing import Any, Literal, TypedDict

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factdesk.extract.attribution_features import (
    FEATURES_VERSION,
    SPEECH_MIN_PRIOR,
    TAGS,
    TokenText,
    chunks,
    feature_width,
    quote_state,
    sentence_index,
    sentence_starts,
    token_features,
)
from factdesk.extract.base import SafeComponent
from factdesk.extract.entities import EntityData
from factdesk.extract.lexicons import TITLES
from factdesk.extract.lstm_inference import BiLSTM
from factdesk.extract.speakers import Speaker, SpeakerResolver, signed_off

FACTORY = "factdesk_quotes_v1"
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "attribution"

Pieces = list[tuple[int, int]]


@dataclass
class RawAttribution:
    """One attribution in character offsets; each part is a list of (start, end) pieces."""

    source: Pieces = field(default_factory=list)
    cue: Pieces = field(default_factory=list)
    content: Pieces = field(default_factory=list)


QuoteKind = Literal["direct", "indirect", "mixed"]


class QuoteData(TypedDict):
    """One quote as stored on ``doc._.fd_quotes`` (plain data, so docs pickle)."""

    kind: QuoteKind
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


_I_TAG = np.array([t.startswith("I-") for t in TAGS])
# Each tag's label number (O: -1), so that "I-X after B-X or I-X" is one vectorised comparison.
_LABEL_OF = np.array([-1 if t == "O" else ("SRC", "CUE", "CON").index(t[2:]) for t in TAGS])


def _well_formed(tags: NDArray[np.int64]) -> bool:
    if tags.shape[0] == 0:
        return True
    if _I_TAG[tags[0]]:
        return False
    inside = _I_TAG[tags[1:]]
    # An I-X is well placed when the tag before it has the same label, which only B-X and I-X have.
    return bool(np.all(~inside | (_LABEL_OF[tags[:-1]] == _LABEL_OF[tags[1:]])))


def viterbi(probs: NDArray[np.float32], transitions: NDArray[np.float32] | None = None) -> list[int]:
    """The best well-formed tag sequence for per-token probabilities.

    ``transitions``: log-probabilities of each tag after each other tag, added to the scores
    (weighted by the caller) so that the path prefers the tag sequences news text has.
    """
    return viterbi_many([probs], transitions)[0]


def viterbi_many(
    probs: Sequence[NDArray[np.float32]], transitions: NDArray[np.float32] | None = None
) -> list[list[int]]:
    """:func:`viterbi` for several chunks at once.

    The chunks are decoded together, one numpy step per position for all of them
    rather than per chunk, since the per-step numpy calls, not the arithmetic, were
    the cost. The arithmetic per chunk is the same float32 as decoding it alone, so
    the paths are the same. Without ``transitions``, a chunk whose greedy tags are
    well formed keeps them (they are then the best path) and only the others are decoded.
    """
    mask = _MASK if transitions is None else _MASK + transitions
    result: list[list[int]] = [[] for _ in probs]
    todo: list[int] = []
    for k, p in enumerate(probs):
        if p.shape[0] == 0:
            continue
        greedy = p.argmax(axis=1)
        if transitions is None and _well_formed(greedy):
            # The unconstrained best path is already well formed, so it is also the constrained best.
            result[k] = [int(t) for t in greedy]
        else:
            todo.append(k)
    if not todo:
        return result
    lengths = [probs[k].shape[0] for k in todo]
    longest = max(lengths)
    logp = np.zeros((len(todo), longest, len(TAGS)), dtype=np.float32)
    for row, k in enumerate(todo):
        logp[row, : lengths[row]] = np.log(np.clip(probs[k], 1e-9, 1.0))
    # Each chunk's final scores are taken at its own last position; padding after it is never read.
    last_at: dict[int, list[int]] = {}
    for row, length in enumerate(lengths):
        last_at.setdefault(length - 1, []).append(row)
    final = np.zeros((len(todo), len(TAGS)), dtype=np.float32)
    score = logp[:, 0] + _START_FORBIDDEN
    back = np.zeros((len(todo), longest, len(TAGS)), dtype=np.int32)
    for i in range(longest):
        if i > 0:
            cand = score[:, :, None] + mask  # chunk x prev x next
            back[:, i] = cand.argmax(axis=1)
            score = cand.max(axis=1) + logp[:, i]
        ending = last_at.get(i)
        if ending:
            final[ending] = score[ending]
    for row, k in enumerate(todo):
        pointers = back[row, : lengths[row]].tolist()
        best = [int(final[row].argmax())]
        for i in range(lengths[row] - 1, 0, -1):
            best.append(pointers[i][best[-1]])
        best.reverse()
        result[k] = best
    return result


def tag_spans(tags: Sequence[int]) -> list[tuple[str, int, int]]:
    """(label, first token, end token) runs of B-X I-X*."""
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    last = -2
    # Most tags are O: visit only the others; a gap between two of them is an O, which ends a span.
    for i in np.flatnonzero(np.asarray(tags, dtype=np.int64)).tolist():
        if current is not None and i != last + 1:
            spans.append((current[0], current[1], last + 1))
            current = None
        name = TAGS[tags[i]]
        if name.startswith("B-"):
            if current is not None:
                spans.append((current[0], current[1], i))
            current = (name[2:], i)
        last = i
    if current is not None:
        spans.append((current[0], current[1], last + 1))
    return spans


_ENDS_QUESTION_OR_EXCLAMATION = re.compile(r"[?!][\"\u201d']*\s*$")


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


_OPENS_QUOTATION = re.compile(r"\s*[“\"]")


def _opens_quoted_paragraph(text: str, start: int) -> bool:
    """Whether a content at ``start`` opens a paragraph (after a blank line) with a quotation
    mark. A single line break is not enough: "Name\n“…”" lists quote people by name."""
    before = text[max(0, start - 80) : start]
    gap = before[len(before.rstrip()) :]
    return gap.count("\n") >= 2 and bool(_OPENS_QUOTATION.match(text, start))


def link(
    spans: list[tuple[str, int, int]], sent_of: Sequence[int], token_chars: Sequence[tuple[int, int]], text: str = ""
) -> list[RawAttribution]:
    """Group tagged spans into attributions around their cues (``text`` is the document's,
    which tells a quotation ending in a question from one ending in a full stop)."""
    cues = [(s, e) for label, s, e in spans if label == "CUE"]
    sources = [(s, e) for label, s, e in spans if label == "SRC"]
    contents = [(s, e) for label, s, e in spans if label == "CON"]
    by_cue: dict[int, RawAttribution] = {i: RawAttribution() for i in range(len(cues))}
    orphans: list[RawAttribution] = []

    def chars(span: tuple[int, int]) -> tuple[int, int]:
        return token_chars[span[0]][0], token_chars[span[1] - 1][1]

    def sentences(span: tuple[int, int]) -> set[int]:
        return {sent_of[span[0]], sent_of[span[1] - 1]}

    def by_sentence(items: list[tuple[int, int]]) -> dict[int, list[int]]:
        # Which items touch each sentence, so that a lookup replaces a scan of all items per span.
        index: dict[int, list[int]] = {}
        for i, item in enumerate(items):
            for sentence in sentences(item):
                index.setdefault(sentence, []).append(i)
        return index

    def touching(index: dict[int, list[int]], sents: set[int]) -> list[int]:
        return sorted({i for s in sents for i in index.get(s, ())})

    cues_in = by_sentence(cues)
    sources_in = by_sentence(sources)
    for index, cue in enumerate(cues):
        by_cue[index].cue.append(chars(cue))
    # The cue each sentence's linked contents went to, for quotations running on past it.
    linked_in: dict[int, int] = {}
    for content in contents:
        sents = sentences(content)
        near = touching(cues_in, sents)
        if not near:
            # A content whose sentence has no cue continues the attribution of the sentence
            # before ("He said: ¶ “…”", and a quotation running on after '"…," said X.');
            # only without one there does it take the cue of the sentence after.
            after = touching(cues_in, {s + 1 for s in sents})
            # '“…?” he asks.': the parser ends the sentence at the question mark, so the cue
            # right after such a quotation is its own, whatever came before.
            end = chars(content)[1]
            if _ENDS_QUESTION_OR_EXCLAMATION.search(text, max(0, end - 8), end):
                # Also with the source between, on the same line: '“…!” Sen. John Barrasso, the
                # No. 3 Senate Republican, said.'
                between = [
                    src
                    for src in sources
                    if src[0] >= content[1] and _gap(content, src) <= 2 and "\n" not in text[end : chars(src)[0]]
                ]
                close = [
                    i
                    for i in after
                    if cues[i][0] >= content[1]
                    and (_gap(cues[i], content) <= 2 or any(0 <= cues[i][0] - src[1] <= 2 for src in between))
                ]
            else:
                close = []
            near = close or touching(cues_in, {s - 1 for s in sents})
            start = chars(content)[0]
            if not close and _OPENS_QUOTATION.match(text, start):
                # '“A,” says Farhan Dakheel of Yazda, which documents what the UN is calling a
                # genocide. “B …”': a quotation goes on with the cue that took the one before it,
                # not with a cue nearer to it that took none.
                quoting = [i for i in near if any(_OPENS_QUOTATION.match(text, a) for a, _b in by_cue[i].content)]
                near = quoting or near
            if not near and min(sents) - 1 in linked_in and _opens_quoted_paragraph(text, start):
                # '“A,” he said. “B.” ¶ “C.”': a paragraph of quotation goes on with the
                # attribution before it, however many sentences back its cue is.
                near = [linked_in[min(sents) - 1]]
            near = near or after
        if near:
            best = min(near, key=lambda i: (_gap(cues[i], content), i))
            by_cue[best].content.append(chars(content))
            for sentence in sents:
                linked_in[sentence] = best
        else:
            orphans.append(RawAttribution(content=[chars(content)]))
    for index, cue in enumerate(cues):
        same = [sources[j] for j in touching(sources_in, sentences(cue))]
        if same:
            best_src = min(same, key=lambda src: (_gap(src, cue), src[0]))
            by_cue[index].source.append(chars(best_src))
    result = [by_cue[i] for i in range(len(cues))] + orphans
    for attribution in result:
        attribution.content.sort()
    return result


@dataclass
class TaggerInput:
    """One doc's text, features, token offsets, sentence numbers and chunks for the tagger."""

    text: str
    feats: NDArray[np.float32]
    token_chars: list[tuple[int, int]]
    sent_of: list[int]
    ranges: list[tuple[int, int]]
    quoted: NDArray[np.float32]  # 1 for tokens inside quotation marks (see quote_state)


class AttributionTagger:
    """The trained tagger: features -> tags -> linked attributions."""

    def __init__(
        self, model: Any, cue_prior: dict[str, float], fast_lstm: bool = False, features_version: int = FEATURES_VERSION
    ) -> None:
        """``fast_lstm``: predict the LSTM layer with :class:`BiLSTM` rather than thinc's kernel.
        It copies the weights, so only a model that no longer trains may use it.
        ``features_version``: the features the model was trained on (its meta says)."""
        self.model = model
        self.features_version = features_version
        # Weighted log-probabilities of tag bigrams in the training data, if the model has them.
        self.transitions: NDArray[np.float32] | None = None
        self.cue_prior = cue_prior
        self.layers: tuple[Any, BiLSTM, Any] | None = None
        if fast_lstm:
            first, padded, last = model.layers
            self.layers = (first, BiLSTM(padded.layers[0]), last)
        self.prior_by_hash: dict[int, float] = {}  # cue_prior by lemma hash, filled as lemmas are met

    @classmethod
    def load(cls, path: Path = MODEL_DIR) -> AttributionTagger:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        prior = json.loads((path / "cue_prior.json").read_text(encoding="utf-8"))
        if meta.get("embed", 0) or meta.get("encoder", "lstm") != "lstm":
            raise ValueError(f"{path}: a model with its own word vectors or a CNN encoder is not supported")
        version = int(meta.get("features_version", 1))
        width = feature_width(version=version)
        model = _build(width, int(meta["hidden"]), int(meta["depth"]), 0.0)
        model.initialize(X=[np.zeros((2, width), dtype=np.float32)])
        model.from_disk(path / "model.bin")
        tagger = cls(model, prior, fast_lstm=True, features_version=version)
        weight = float(meta.get("transition_weight", 0.0))
        if weight and (path / "transitions.json").exists():
            tagger.use_transitions(json.loads((path / "transitions.json").read_text(encoding="utf-8")), weight)
        return tagger

    def use_transitions(self, table: Any, weight: float) -> None:
        """Decode with ``weight`` times the tag-bigram log-probabilities ``table`` (rows: previous tag)."""
        self.transitions = weight * np.asarray(table, dtype=np.float32)

    def predict_tags(self, feats: NDArray[np.float32], ranges: list[tuple[int, int]]) -> list[int]:
        return self.predict_many([(feats, ranges)])[0]

    def predict_many(self, docs: Sequence[tuple[NDArray[np.float32], list[tuple[int, int]]]]) -> list[list[int]]:
        """Tags for several docs, given as (features, chunk ranges), in one model call.

        The LSTM steps through its padded batch position by position, so one call
        over the chunks of many docs costs little more than the longest chunk
        alone; a call per doc pays that walk for every doc.
        """
        tags: list[list[int]] = [[0] * feats.shape[0] for feats, _ranges in docs]
        where = [(k, start) for k, (_feats, ranges) in enumerate(docs) for start, _end in ranges]
        if not where:
            return tags
        xs = [np.ascontiguousarray(feats[s:e], dtype=np.float32) for feats, ranges in docs for s, e in ranges]
        if self.layers is None:
            probs = self.model.predict(xs)
        else:
            # The same chain as the model (features -> Maxout -> BiLSTM -> Softmax), with the LSTM's
            # inference done here; the other layers are thinc's own.
            first, lstm, last = self.layers
            probs = last.predict(lstm.predict(first.predict(xs)))
        paths = viterbi_many([np.asarray(p) for p in probs], self.transitions)
        for (k, start), path in zip(where, paths, strict=True):
            tags[k][start : start + len(path)] = path
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

    def prepare(self, doc: Doc) -> TaggerInput:
        """What the tagger reads from a doc, computed once per doc."""
        tokens = TokenText(doc)  # reads Doc.text, which joins every token on each access, once
        starts = sentence_starts(doc)
        quoted = quote_state(doc, tokens.words, tokens.spaces)
        return TaggerInput(
            text=tokens.text,
            feats=token_features(doc, self.cue_prior, tokens, self.prior_by_hash, self.features_version, quoted),
            token_chars=tokens.chars,
            sent_of=sentence_index(doc, starts),
            ranges=chunks(doc, starts=starts),
            quoted=quoted,
        )

    def finish(self, doc: Doc, given: TaggerInput, tags: Sequence[int]) -> list[RawAttribution]:
        """Tags -> linked attributions, then the parse-based repairs."""
        if len(doc) == 0:
            return []
        found = link(tag_spans(tags), given.sent_of, given.token_chars, given.text)
        found = split_nested(doc, found, self.cue_prior)
        found = clip_to_clause(doc, found, self.cue_prior)
        found = split_at_named_subject(doc, found, self.cue_prior)
        found = separate_contents(doc, given.text, found, self.cue_prior)
        inherit_participle_sources(doc, found)
        own_participle_subjects(doc, found)
        size = len(given.text)
        for attribution in found:
            # The rules above cut spans; keep only well-formed, distinct pieces.
            for part in ("source", "cue", "content"):
                pieces: Pieces = getattr(attribution, part)
                setattr(attribution, part, sorted({(a, b) for a, b in pieces if 0 <= a < b <= size}))
        quoted = quoted_runs(given)
        split_off = [repair_spans(doc, given.text, attribution, quoted) for attribution in found]
        found = regroup(doc, given.text, found + [q for q in split_off if q is not None])
        found = in_the_words_of(given.text, unclaimed_quotations(doc, given.text, found, quoted))
        return transcript_turns(given.text, drop_repeated_contents(found))

    def __call__(self, doc: Doc) -> list[RawAttribution]:
        if len(doc) == 0:
            return []
        given = self.prepare(doc)
        return self.finish(doc, given, self.predict_tags(given.feats, given.ranges))


_SUBJECTS = {"nsubj", "nsubjpass"}


def repair_spans(
    doc: Doc, text: str, attribution: RawAttribution, quoted: Sequence[tuple[int, int]]
) -> RawAttribution | None:
    """The parse- and text-based repairs of one attribution's spans, in order; returns a quotation
    split off its content, if any (see :func:`cut_at_closed_quotation`)."""
    attribution.content = merge_overlapping(
        [snap_to_quotes(trim_dangling(doc, piece), quoted) for piece in attribution.content]
    )
    quotation = cut_at_closed_quotation(text, attribution)
    drop_addressee(doc, attribution)
    drop_scene(doc, text, attribution)
    extend_cue(doc, attribution)
    sign_with_dash(text, attribution)
    signed_after(doc, text, attribution)
    quoted_as_saying(doc, text, attribution)
    content_before_comma(doc, text, attribution)
    according_to_object(doc, text, attribution)
    according_to_sentence(doc, text, attribution)
    nothing_after_sign_off(text, attribution)
    name_after_title(text, attribution)
    whole_name_source(doc, text, attribution)
    antecedent_of_relative(doc, text, attribution)
    unwrap_source(doc, text, attribution)
    subject_after_cue(doc, text, attribution)
    source_edges(text, attribution)
    source_of_cue(doc, attribution)
    return quotation


def regroup(doc: Doc, text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """The repairs that part, merge or drop attributions, or move spans between them, in order."""
    found = detach_closed_quotations(text, split_back_to_back(text, found))
    found = bare_pieces_apart(split_at_sign_in(doc, text, found))
    found = drop_absorbed(absorb_with_clauses(doc, found))
    drop_crossing(found)
    according_to_takes_its_clause(doc, text, found)
    fill_signed_off(doc, text, found)
    own_subject_sources(doc, found)
    return found


def _chars(tokens: Sequence[Token] | Span) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def clip_to_clause(doc: Doc, found: list[RawAttribution], prior: dict[str, float]) -> list[RawAttribution]:
    """ "While A has suggested that X, B and C have rejected the idea": a cue in a
    subordinate clause cannot own content past that clause; the main clause,
    when its verb is a likely cue, is an attribution of its own."""
    result: list[RawAttribution] = []
    for attribution in found:
        result.append(attribution)
        if not attribution.cue or len(attribution.content) != 1:
            continue
        cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
        if cue is None:
            continue
        clause = cue.root
        while clause.dep_ in {"conj", "xcomp"} and clause.head is not clause:
            clause = clause.head
        if clause.dep_ != "advcl":
            continue
        subtree = list(clause.subtree)
        start, end = attribution.content[0]
        clause_end = _chars(subtree)[1]
        if end <= clause_end:
            continue
        last = subtree[-1]
        while last.i > subtree[0].i and (last.is_punct or last.is_space):
            last = doc[last.i - 1]
        attribution.content = [(start, _chars([last])[1])]
        main = clause.head
        if prior.get(main.lemma_.lower(), 0.0) < SPEECH_MIN_PRIOR or not (start < main.idx < end):
            continue
        subjects = [c for c in main.children if c.dep_ in _SUBJECTS]
        objects = [c for c in main.children if c.dep_ in {"dobj", "ccomp", "xcomp"}]
        if subjects and objects:
            result.append(
                RawAttribution(
                    source=[_chars(list(subjects[0].subtree))],
                    cue=[_chars([main])],
                    content=[_chars(list(objects[0].subtree))],
                )
            )
    return result


# "Trump described X as Y but stopped short of calling Z": a verb this likely a cue,
# governing a content piece the tagger gave to another cue, owns that piece.
_GOVERNOR_MIN_PRIOR = 0.15


def _governing_cue(doc: Doc, piece: tuple[int, int], prior: dict[str, float]) -> Token | None:
    """The likely cue verb (outside the piece) that governs it, within two steps up the parse."""
    span = doc.char_span(*piece, alignment_mode="contract")
    if span is None or len(span) == 0:
        return None
    token = span.root.head
    for _ in range(2):
        outside = not (span.start <= token.i < span.end)
        if outside and token.pos_ != "NOUN" and prior.get(token.lemma_.lower(), 0.0) >= _GOVERNOR_MIN_PRIOR:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


_CHAIN = {"xcomp", "pcomp", "prep", "acomp", "advcl", "advmod"}
# What may stand before a cue's verb, and so inside its chain: "was", "to", "not", "apparently".
_BEFORE_VERB = {"aux", "auxpass", "neg", "advmod"}
_CHAIN_FILL = _BEFORE_VERB | {"prt"}


def _cue_phrase(doc: Doc, governor: Token, content_start: int) -> tuple[int, int]:
    """The cue around a governing word as PolNeAR marks cues: up its verbal chain, with the
    auxiliaries, negation and adverbs right before the chain's verb and a preposition right
    after the governor ("was confirmed", "apparently disagrees with", "had to reject",
    "stopped short of calling"). A particle after it is left to :func:`extend_cue`, which
    every attribution goes through."""
    chain = {governor.i}
    top = governor
    # Climb only while the chain is written without gaps between its words.
    while top.dep_ in _CHAIN and top.head.i < top.i and top.head.pos_ in {"VERB", "AUX", "ADJ", "ADV", "ADP"}:
        between = range(top.head.i + 1, top.i)
        if any(doc[j].head.i not in chain | {top.head.i} or doc[j].dep_ not in _CHAIN_FILL for j in between):
            break
        top = top.head
        chain.add(top.i)
    if top.pos_ not in {"VERB", "AUX"}:
        top = governor
    first, last = top.i, governor.i
    while first > 0 and doc[first - 1].head.i == top.i and doc[first - 1].dep_ in _BEFORE_VERB:
        first -= 1
    if last + 1 < len(doc):
        after = doc[last + 1]
        attached = after.head.i == governor.i and after.dep_ == "prep"
        if attached and after.idx + len(after.text) <= content_start:
            last += 1
    return _chars(doc[first : last + 1])


_WORD_CHAR = re.compile(r"[^\W_]")


def _only_source_between(text: str, lo: int, hi: int, sources: Pieces) -> bool:
    """Whether the characters in [lo, hi) are the source and punctuation only, as in
    ``"A," he said, "B."`` around a split quote."""
    at = lo
    for a, b in sorted(sources):
        if b <= at or a >= hi:
            continue
        if _WORD_CHAR.search(text, at, max(at, a)):
            return False
        at = max(at, b)
    return _WORD_CHAR.search(text, at, hi) is None


def _wrapped(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two pieces are parted by a single line break only (a wire story's wrapped line)."""
    gap = text[a[1] : b[0]] if a[1] <= b[0] else text[b[1] : a[0]]
    return not gap.strip() and gap.count("\n") == 1


def separate_contents(
    doc: Doc, text: str, found: list[RawAttribution], prior: dict[str, float]
) -> list[RawAttribution]:
    """Give a cue at most one content piece on each side, the far one only when nothing but
    the source separates it from the cue (a split quote); another piece goes to the likely
    cue verb that governs it, as an attribution of its own.

    The linker gives every content piece to the nearest cue in its sentence, so when the
    tagger misses a cue ("stopped short of calling"), that cue's content joined its
    neighbour's: PolNeAR dev has 218 such two-piece contents where the gold has one piece.
    A piece no verb governs stays where the linker put it.
    """
    result: list[RawAttribution] = []
    for attribution in found:
        result.append(attribution)
        pieces = attribution.content
        if not attribution.cue or len(pieces) < 2:
            continue
        cue_start, cue_end = attribution.cue[0][0], attribution.cue[-1][1]
        cue = doc.char_span(cue_start, cue_end, alignment_mode="expand")
        by_distance = sorted((min(abs(p[0] - cue_end), abs(cue_start - p[1])), p[0], p) for p in pieces)
        nearest, *others = (p for _, _, p in by_distance)
        keep = [nearest]
        for piece in others:
            before = piece[1] <= cue_start
            if any(_wrapped(text, k, piece) for k in keep):
                # A hard-wrapped line ("Iran had seized\nseveral strategic heights"): one piece.
                keep.append(piece)
                continue
            if not any((k[1] <= cue_start) == before for k in keep):
                lo, hi = (piece[1], cue_start) if before else (cue_end, piece[0])
                if _only_source_between(text, lo, hi, attribution.source):
                    keep.append(piece)
                    continue
            verb = _governing_cue(doc, piece, prior)
            if verb is None or (cue is not None and cue.start <= verb.i < cue.end):
                keep.append(piece)
                continue
            result.append(RawAttribution(cue=[_cue_phrase(doc, verb, piece[0])], content=[piece]))
        attribution.content = sorted(keep)
    return result


# A speaker label opening a paragraph of a transcript: 'PENCE: Well, look, …', '"WALLACE: If I may'.
_TURN = re.compile(r"(?m)^[ \t]*([\"\u201c]?)([A-Z][A-Z.'\u2019 -]{1,30}[A-Z.]):[ \t]+(?=\S)")


def transcript_turns(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """Each turn of a transcript as an attribution: the label is the source, its colon the
    cue (as PolNeAR marks them) and what follows, to the next label, the content.

    A label counts only when it opens two or more paragraphs of the document, which leaves
    out one-off headings ("UPDATE:", "CLARIFICATION:"). A turn runs on into the following
    paragraphs while they open as its first did (with a quotation mark, or without one) and
    until the next label. What the tagger found inside a turn gives way to it.
    """
    labels = list(_TURN.finditer(text))
    if len(labels) < 2:
        return found
    uses = Counter(label.group(2) for label in labels)
    turns: list[RawAttribution] = []
    regions: list[tuple[int, int]] = []
    for n, label in enumerate(labels):
        if uses[label.group(2)] < 2:
            continue
        start = label.end()
        stop = labels[n + 1].start() if n + 1 < len(labels) else len(text)
        end = text.find("\n", start)
        end = stop if end < 0 else min(end, stop)
        # Following paragraphs belong to the turn while they open the way its first one did.
        while end < stop:
            rest = text[end:stop]
            opening = end + len(rest) - len(rest.lstrip())
            if opening >= stop or (text[opening] in '"\u201c') != bool(label.group(1)):
                break
            next_break = text.find("\n", opening)
            end = stop if next_break < 0 else min(next_break, stop)
        while end > start and text[end - 1].isspace():
            end -= 1
        colon = label.end(2)
        turns.append(RawAttribution(source=[label.span(2)], cue=[(colon, colon + 1)], content=[(start, end)]))
        regions.append((label.start(), end + 1))
    kept = [a for a in found if not any(lo <= p[0] and p[1] <= hi for p in a.content for lo, hi in regions)]
    return kept + turns


def _entity_spans(doc: Doc) -> list[tuple[int, int]]:
    return sorted((m[0], m[1]) for e in (doc._.fd_entities or []) for m in e["mentions"])


def split_at_named_subject(doc: Doc, found: list[RawAttribution], prior: dict[str, float]) -> list[RawAttribution]:
    """ "…rebuild the Strip, the Palestinian Authority and Hamas have rejected the idea":
    a content that runs past a comma into "<named subject> <cue verb>" holds a second
    attribution; the parse often misses it (the subject hangs off the object)."""
    starts = dict(_entity_spans(doc))
    result: list[RawAttribution] = []
    for attribution, _start, _end, span in _single_contents(doc, found, result):
        for token in span[1:]:
            if doc[token.i - 1].text != ",":
                continue
            i = token.i + (1 if token.lower_ == "the" else 0)
            subject_start = i
            subject_end = None
            while i < span.end and doc[i].idx in starts:
                mention_end = starts[doc[i].idx]
                while i < span.end and doc[i].idx < mention_end:
                    i += 1
                subject_end = i
                if i < span.end and doc[i].lower_ in {"and", ","}:
                    i += 1
                    if i < span.end and doc[i].lower_ == "the":
                        i += 1
                    continue
                break
            if subject_end is None:
                continue
            j = subject_end
            while j < span.end and doc[j].pos_ == "AUX":
                j += 1
            if j >= span.end or doc[j].pos_ != "VERB" or prior.get(doc[j].lemma_.lower(), 0.0) < SPEECH_MIN_PRIOR:
                continue
            if j + 1 >= span.end:
                continue
            head_end = token.i - 1
            while head_end > span.start and (doc[head_end - 1].is_punct or doc[head_end - 1].is_space):
                head_end -= 1
            if head_end <= span.start:
                continue
            attribution.content = [_chars(doc[span.start : head_end])]
            subject_first = doc[token.i] if token.lower_ == "the" else doc[subject_start]
            result.append(
                RawAttribution(
                    source=[_chars(doc[subject_first.i : subject_end])],
                    cue=[_chars(doc[subject_end : j + 1])],
                    content=[_chars(doc[j + 1 : span.end])],
                )
            )
            break
    return result


def inherit_participle_sources(doc: Doc, found: list[RawAttribution]) -> None:
    """ "X rejected the idea, calling it …": the participle's speaker is its verb's."""
    by_cue_root: dict[int, RawAttribution] = {}
    for attribution in found:
        if attribution.cue:
            cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
            if cue is not None:
                by_cue_root[cue.root.i] = attribution
    for attribution in found:
        if not attribution.cue:
            continue
        cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
        if cue is None:
            continue
        root = cue.root
        if root.tag_ != "VBG" or root.dep_ not in {"advcl", "xcomp", "conj"}:
            continue
        governor = by_cue_root.get(root.head.i)
        if governor is not None and governor is not attribution and governor.source:
            attribution.source = list(governor.source)


def own_participle_subjects(doc: Doc, found: list[RawAttribution]) -> None:
    """ "…, with Ben Wallace, the security minister, saying: “…”": a participle cue with a
    subject of its own is that subject's, not the clause's before it."""
    for attribution in found:
        if not attribution.cue:
            continue
        cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
        if cue is None or cue.root.tag_ != "VBG" or cue.root.lemma_.lower() == "accord":
            continue
        subject = next((c for c in cue.root.children if c.dep_ == "nsubj" and c.i < cue.root.i), None)
        subject = subject or _with_object_before(cue.root)
        # A name: "talk had been mounting about …" has a subject but no speaker.
        if subject is None or subject.pos_ != "PROPN":
            continue
        own = _chars(list(subject.subtree))
        overlaps = any(a < own[1] and own[0] < b for a, b in attribution.source + attribution.content)
        if not overlaps:
            attribution.source = [own]


_QUOTED_AS = re.compile(r"(?P<who>[^\"“”]{2,120}?),? (?P<as>as (?:saying|telling|stating|writing))\b,?\s*")


_QUOTED_BEFORE = re.compile(r"\b(?P<quoted>quot(?:ed|ing))\s+(?P<who>[^\"“”]{2,120}?),?\s+(?P<as>as)\s+$")


_QUOTED_IN_CUE = re.compile(
    r"\b(?P<quoted>quot(?:ed|ing))\s+(?P<who>[^\"“”,]{2,120}?),?\s+(?P<as>as\s+(?:saying|telling|stating|writing))"
)
# A title abbreviation the sentence splitter may cut from its name ("said Sgt. William Pekrul").
_NAME_AFTER = re.compile(r"\.?\s*((?:[A-Z][\w’'-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]+|[A-Z]\.)){0,3})")


_BULLET = re.compile(r"[•·▪►◦‣*]\s*")


def source_edges(text: str, attribution: RawAttribution) -> None:
    """PolNeAR's conventions at a source's edges, counted on its train split: a plain name leaves
    the comma after it out ("Trump" in "Trump, who …, said"; 912 of 917), a source with a
    description in apposition keeps it ("Scott Pruitt, the attorney general of Oklahoma,"; 1,059
    of 1,184); a leading "Even" is left out (29 of 37), and so is a list's bullet ("• Florida fire
    officials asked …")."""
    pieces = []
    for start, end in attribution.source:
        if text.startswith("Even ", start) and end - start > 5:
            start += 5
        bullet = _BULLET.match(text, start, end)
        if bullet and bullet.end() < end:
            start = bullet.end()
        written = text[start:end].rstrip()
        end = start + len(written)
        described = "," in written[:-1]
        if written.endswith(",") and not described:
            end -= 1
        elif described and not written.endswith(",") and text[end : end + 1] == ",":
            end += 1
        pieces.append((start, end))
    attribution.source = pieces


# Words that can begin neither a name nor a description.
_NO_NAME_START = ("ADV", "ADP", "NUM", "VERB", "AUX", "PART", "CCONJ")


def content_before_comma(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "… killed a 50-year-old man and injured at least eight others, Israel’s Magen David Adom
    (MDA) emergency service said": a source right after its content that begins with the end of
    the content's clause (words up to a comma) starts after that comma; the words go back to the
    content. A source with no content that begins so ("…, and one in Aragua and Tachira, the head of
    Foro Penal, Alfredo Romero, told reporters") starts after the comma too, and signs off the words
    before it (see :func:`fill_signed_off`)."""
    if len(attribution.source) == 1 and not attribution.content and attribution.cue:
        _source_after_clause_end(doc, text, attribution)
    if len(attribution.source) != 1 or len(attribution.content) != 1:
        return
    (start, end), (content_start, content_end) = attribution.source[0], attribution.content[0]
    if content_end > start or text[content_end:start].strip() or not attribution.cue:
        return
    comma = text.find(", ", start, end)
    if comma < 0 or attribution.cue[0][0] < end:
        return
    head = doc.char_span(start, comma, alignment_mode="expand")
    if head is None:
        return
    # The parser may hang those words on the verb of saying ("others" as its subject): a part
    # opening with no word that can begin a name or a description ("at least eight others") is
    # the content's too.
    hung = content_start <= head.root.head.idx < content_end
    # A name glued to a noun that ends the content ("near Mauritania's capital Nouakchott, the
    # International Organization for Migration said") names what that noun does; a source
    # that is a name never follows its content without a comma or a closing quotation mark.
    glued = (
        text[content_end - 1].isalnum()
        and head[0].pos_ == "PROPN"
        and head[0].i > 0
        and doc[head[0].i - 1].pos_ in ("NOUN", "PROPN")
        and doc[head[0].i - 1].idx < content_end
    )
    if not hung and not glued and head[0].pos_ not in _NO_NAME_START:
        return
    attribution.content = [(content_start, comma)]
    attribution.source = [(comma + 2, end)]


def _source_after_clause_end(doc: Doc, text: str, attribution: RawAttribution) -> None:
    start, end = attribution.source[0]
    comma = text.find(", ", start, end)
    if comma < 0 or attribution.cue[0][0] < end or not text[comma + 2 : end].strip(" ,"):
        return
    head = doc.char_span(start, comma, alignment_mode="expand")
    # A word that modifies a noun after it opens a description ("study co-author Enrico Mendes
    # Saggioro, an ecotoxicologist at the foundation, told CNN", "study" tagged a verb).
    if head is None or head[0].pos_ not in _NO_NAME_START or head[0].dep_ in ("compound", "amod", "nmod"):
        return
    # Only a source that begins after a clause of the sentence: one opening the sentence is a
    # subject, whatever its first word ("And four other House Democrats – …, Chuy Garcia; and …").
    before = text[head.sent.start_char : start]
    if len(before) >= 20 and "," in before:
        attribution.source = [(comma + 2, end)]


def own_subject_sources(doc: Doc, found: list[RawAttribution]) -> None:
    """ "Israel reports that …, while the Hamas-run health ministry in Gaza claims that …": when two
    attributions share a source, the one whose cue is not that source's verb takes its own verb's
    subject instead (the tagger did not mark it as a source, and linking gave the nearest one).
    Not when the other has no content: "…, Vance said, Biden backed a deal" is Vance's words
    with "backed" taken for their cue."""
    for attribution in found:
        if len(attribution.cue) != 1 or len(attribution.source) != 1:
            continue
        cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
        source = doc.char_span(*attribution.source[0], alignment_mode="expand")
        if cue is None or source is None or cue.root.pos_ != "VERB" or source.root.head.i == cue.root.i:
            continue
        subject = next((c for c in cue.root.children if c.dep_ == "nsubj" and c.i < cue.root.i), None)
        if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
            continue
        sharing = [
            other
            for other in found
            if other is not attribution
            and other.source == attribution.source
            and other.content
            and any(a <= source.root.head.idx < b for a, b in other.cue)
        ]
        own = _chars(list(subject.subtree))
        if sharing and (own[1] <= attribution.source[0][0] or attribution.source[0][1] <= own[0]):
            attribution.source = [own]


# After a cue that signs off its sentence, up to the next word: "…, the agency added. |Some".
_AFTER_SIGN_OFF = re.compile(r"[ \t\u00a0]*[.!?][\s\u00a0]+")


def nothing_after_sign_off(text: str, attribution: RawAttribution) -> None:
    """ "One battalion … suffered heavy losses, the agency added. Some 208 prisoners of war had been
    taken": a cue that closes its sentence signs off what came before it; an unquoted piece after
    it (which the tagger sometimes adds) is the next sentence's, not the attribution's. A quotation
    after it may go on with it ("…, he said. “…”")."""
    if len(attribution.cue) != 1 or len(attribution.content) < 2:
        return
    cue_end = attribution.cue[0][1]
    closed = _AFTER_SIGN_OFF.match(text, cue_end)
    if closed is None or not any(b <= attribution.cue[0][0] for _a, b in attribution.content):
        return

    # (The New York Times writes its marks as two apostrophes; the tagger may part a mark from
    # the words it opens.)
    def quoted(at: int) -> bool:
        return (
            is_quote_mark(text, at)
            or text[at] in "'`"
            or (at > 0 and (is_quote_mark(text, at - 1) or text[at - 1] in "'`"))
        )

    attribution.content = [(a, b) for a, b in attribution.content if a < closed.end() or quoted(a)]


def according_to_object(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "… a school in central Gaza that according to local authorities killed at least 22 people":
    the source of "according to" is the phrase it governs, and no more; the tagger may run it on into
    the clause after ("local authorities killed at least 22 people") or leave it in the content."""
    if len(attribution.cue) != 1 or not text[slice(*attribution.cue[0])].lower().startswith("according"):
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None or cue[0].lower_ != "according" or len(cue) != 2 or cue[1].lower_ != "to":
        return
    governed = next((c for c in cue[1].children if c.dep_ == "pobj"), None)
    if governed is None or governed.left_edge.i != cue.end:
        return
    last = governed.right_edge
    while last.i > governed.i and (last.is_punct or last.pos_ == "CCONJ"):
        last = doc[last.i - 1]
    if last.i + 1 < len(doc) and doc[last.i + 1].text == ")" and "(" in doc[governed.left_edge.i : last.i + 1].text:
        last = doc[last.i + 1]  # "(NCDM)": the parser hangs the closing bracket elsewhere
    start, end = governed.left_edge.idx, last.idx + len(last)
    if last.tag_ == "POS" or text[end : end + 1] in ("’", "'"):
        return  # "according to WADA’s President …", "Gonzales’ indictment": the parse cut an owner off
    phrase = text[start:end]
    if attribution.source == [(start, end)] or any(mark in phrase for mark in '“”"'):
        return
    holding = [(a, b) for a, b in attribution.source + attribution.content if a <= start and end <= b]
    if not holding:
        return
    if attribution.source and attribution.source[0] == holding[0] and not _runs_on(doc, end, holding[0][1]):
        return
    attribution.source = [(start, end)]
    kept = []
    for piece_start, piece_end in attribution.content:
        if piece_start < end and start < piece_end:
            # The words after the phrase stay the content's; those before it were never the cue's.
            piece_start = end
            while piece_start < piece_end and text[piece_start] in " ,":
                piece_start += 1
        if any(ch.isalnum() for ch in text[piece_start:piece_end]):
            kept.append((piece_start, piece_end))
    attribution.content = kept


def _runs_on(doc: Doc, end: int, source_end: int) -> bool:
    """Whether a source running past the phrase "according to" governs (ending at ``end``) runs
    on into what is no part of it: a clause ("local authorities killed at least 22 people"), a
    time or place ("at the time", "there"), bare punctuation ("his physician, and"); not a
    description in apposition or a coordinated source (", the Inspectorate of Government", "and
    one of the US instructors")."""
    extra = doc.char_span(end, source_end, alignment_mode="expand")
    words = [t for t in extra if not t.is_punct] if extra is not None else []
    if not words:
        return True
    first = words[0]
    appositive = extra is not None and extra[0].text == "," and first.pos_ in ("DET", "PROPN", "NOUN", "ADJ", "NUM")
    coordinated = first.pos_ == "CCONJ" and len(words) > 1
    return not (appositive or coordinated)


def according_to_sentence(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "There are almost 400,000 people still trapped there. Seven hundred have died …, but attacks
    this week have killed more than 250, according to the Syrian Observatory": what "according to"
    attributes before it is in its own sentence; an unquoted content running back over earlier
    sentences starts at the cue's sentence (PolNeAR dev has no such content, the tagger a few
    in news of our gold)."""
    if len(attribution.cue) != 1 or not text[slice(*attribution.cue[0])].lower().startswith("according to"):
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None:
        return
    begin = cue.sent.start_char
    kept = []
    for start, end in attribution.content:
        quoted = any(is_quote_mark(text, i) for i in range(start, end))
        if start < begin < end <= cue.start_char and not quoted:
            start = begin
        if end > begin or quoted:
            kept.append((start, end))
    if kept:
        attribution.content = kept


def according_to_takes_its_clause(doc: Doc, text: str, found: list[RawAttribution]) -> None:
    """ "The storms have destroyed many homes, the health ministry added, leaving about 1,500
    children displaced, according to Save the Children": the last piece of another attribution's
    content, right before a content-less "according to", is what that "according to" attributes;
    the sign-in before it keeps the words it follows."""
    for attribution in found:
        if attribution.content or len(attribution.cue) != 1:
            continue
        cue_start, _ = attribution.cue[0]
        if not text[cue_start:].lower().startswith("according to") or text[cue_start - 2 : cue_start] != ", ":
            continue
        for other in found:
            if other is attribution or len(other.content) < 2 or not other.cue:
                continue
            start, end = other.content[-1]
            before = other.content[-2][1]
            # The other's source and cue sign in between commas, before the last piece.
            signed_in = text[before : before + 1] == "," and text[start - 2 : start] == ", "
            signed_in = signed_in and all(before < a and b < start for a, b in other.source + other.cue)
            cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
            # Only a clause of the cue's own sentence (not "…, prosecutors said, after which he
            # transferred the drugs. He and the accomplice made four attempts …, according to the court").
            own = cue is not None and cue.sent.start_char <= start
            if end == cue_start - 2 and signed_in and other.source and own:
                attribution.content = [other.content[-1]]
                other.content = other.content[:-1]
                break


def fill_signed_off(doc: Doc, text: str, found: list[RawAttribution]) -> None:
    """ "One battalion … suffered 70 pct losses, the agency added.": a clause-final source and cue
    the tagger left without a content sign off the words before them, from the sentence's start
    to the comma, when no other attribution has taken any of those words."""
    taken = [piece for attribution in found for piece in attribution.content]
    for attribution in found:
        if attribution.content or len(attribution.source) != 1 or len(attribution.cue) != 1:
            continue
        (start, end), (cue_start, cue_end) = attribution.source[0], attribution.cue[0]
        if not end <= cue_start or text[start - 2 : start] != ", " or not _ENDS_SENTENCE.match(text, cue_end):
            continue
        sentence = doc.char_span(start, end, alignment_mode="expand")
        if sentence is None:
            continue
        begin, comma = sentence.sent.start_char, start - 2
        if comma - begin < 20 or any(a < comma and begin < b for a, b in taken):
            continue
        attribution.content = [(begin, comma)]


# What may follow a sign-off's cue to the end of its sentence ("…, the agency added." and
# "…, police said on Sunday.").
_ENDS_SENTENCE = re.compile(r"[^.!?\n“”\"]{0,30}[.!?]")


def name_after_title(text: str, attribution: RawAttribution) -> None:
    """A source that is a bare title abbreviation ("Sgt", "Sen.") runs on to the name after it."""
    if len(attribution.source) != 1:
        return
    start, end = attribution.source[0]
    written = text[start:end].rstrip()
    words = written.rstrip(".").split()
    # Only an abbreviation ("Sgt."): a full title may end a headline ("Retired General Reveals …").
    abbreviated = written.endswith(".") or text[end : end + 1] == "."
    if not words or words[-1].lower() not in TITLES or not abbreviated:
        return
    name = _NAME_AFTER.match(text, end)
    if name is not None and name.group(1):
        attribution.source = [(start, name.end(1))]


_TIMES = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY"})
# A relative clause set off by commas between a subject and its verb of saying.
_SET_OFF_RELATIVE = re.compile(r",\s+(?:which|who)\s[^;:“”\"]*?,\s+$")


def antecedent_of_relative(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "Industrial Equity, which is principally owned by Brierley Investments Ltd, a publicly held
    New Zealand company, said it bought …": a source the tagger found inside a relative clause that
    sits between the subject and the cue is that clause's antecedent (PolNeAR leaves the relative
    clause and the comma before it out: "Trump" in "Trump, who …, said")."""
    if len(attribution.source) != 1 or not attribution.cue:
        return
    start, end = attribution.source[0]
    cue_start = attribution.cue[0][0]
    if cue_start < end:
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None:
        return
    relative = _SET_OFF_RELATIVE.search(text, cue.sent.start_char, cue_start)
    if relative is None or not relative.start() < start or relative.end() != cue_start:
        return
    before = doc.char_span(relative.start() - 1, relative.start(), alignment_mode="expand")
    source = doc.char_span(start, end, alignment_mode="expand")
    if before is None or source is None or before[-1].pos_ not in ("PROPN", "NOUN"):
        return
    # Only a source the parse puts inside that relative clause, and a cue outside it: not the
    # relative pronoun itself ("Schumer, who … released a statement": PolNeAR marks "who"), nor a
    # name after a relative clause of the content's ("…airlines, which have computers at
    # thousands of gates …, David Kennedy, cofounder of …, told CNN").
    clause = doc.char_span(relative.start(), relative.end(), alignment_mode="expand")
    verbs = [t for t in clause if t.dep_ == "relcl"] if clause is not None else []
    if len(verbs) != 1 or source.root.lower_ in ("who", "which", "that"):
        return
    within = {t.i for t in verbs[0].subtree}
    if source.root.i not in within or cue.root.i in within:
        return
    # The antecedent is the noun the clause hangs on ("The People's Tribunal on Turkey, which …"),
    # its phrase up to the comma; not a time ("for nearly 20 years, who sold it …").
    antecedent = verbs[0].head
    if any(t.is_punct for t in doc[antecedent.i : before[-1].i]):
        antecedent = before[-1]  # the parser hung the clause further back ("… with Tapper, Haley, who …")
    if antecedent.i > before[-1].i or antecedent.pos_ not in ("PROPN", "NOUN") or antecedent.ent_type_ in _TIMES:
        return
    # "Many in the crowd, which the campaign said …, said": the phrase the antecedent ends.
    # "Noam Peri, daughter of Chaim Peri, who …, said": up through a description in apposition too
    # (a common noun; a name the parser set beside another is no description of it).
    phrase = antecedent
    while phrase.head.i < phrase.i and (
        (phrase.dep_ == "pobj" and phrase.head.dep_ == "prep") or (phrase.dep_ == "appos" and phrase.pos_ == "NOUN")
    ):
        phrase = phrase.head.head if phrase.dep_ == "pobj" else phrase.head
    first = phrase.left_edge.i
    while first < phrase.i and (doc[first].is_punct or doc[first].is_space):
        first += 1  # not a closing quotation mark the parser hung on the phrase
    attribution.source = [(doc[first].idx, before[-1].idx + len(before[-1]))]


def whole_name_source(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "according to the Committee to Protect Journalists; in Mexico …": a source that ends inside
    a name the model found runs to the name's end, and the content gives those words back."""
    if len(attribution.source) != 1:
        return
    start, end = attribution.source[0]
    # The name goes on past the source's end when the token there is inside an entity (read off the
    # token, not by walking every entity of the document for every attribution).
    after = doc.char_span(end, len(text), alignment_mode="contract")
    if after is None or len(after) == 0 or after[0].ent_iob_ != "I":
        return
    name = next((e for e in doc.ents if e.start <= after[0].i < e.end), None)
    if name is None or not start <= name.start_char < end:
        return
    if name.label_ not in ("ORG", "PERSON", "GPE", "NORP", "FAC") or "," in name.text:
        return
    # Only a name whose tail the tagger gave the content, and that takes in no cue (the model's
    # names run over a headline's words: "Obama Sees", "Washington Post Hit Piece Exploits").
    if any(a < name.end_char and name.start_char < b for a, b in attribution.cue):
        return
    if not any(end <= a < name.end_char for a, _ in attribution.content):
        return
    attribution.source = [(start, name.end_char)]
    kept = []
    for piece_start, piece_end in attribution.content:
        if piece_start < name.end_char and end <= piece_start:
            piece_start = name.end_char
            # The content resumes after the name and any punctuation that closes it.
            while piece_start < piece_end and not text[piece_start].isalnum() and text[piece_start] not in "“\"'‘":
                piece_start += 1
        if piece_start < piece_end:
            kept.append((piece_start, piece_end))
    attribution.content = kept


def quoted_as_saying(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "It quoted President Ali Khamenei as saying, “…”": the one quoted is the source, "as
    saying" part of the cue; the outlet that quotes is left out (as "according to" would be)."""
    if not attribution.cue or not attribution.content:
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None:
        return
    inside = _QUOTED_IN_CUE.search(text, cue.start_char, cue.end_char)
    if inside is not None:
        # The tagger took "quoted her as saying:" whole for the cue, with the outlet for the source.
        attribution.source = [inside.span("who")]
        attribution.cue = [inside.span("quoted"), inside.span("as")]
        return
    if cue.root.lemma_.lower() in ("say", "tell", "state", "write"):
        # The tagger may take "saying" alone for the cue, with no source or the outlet's.
        before = _QUOTED_BEFORE.search(text, cue.sent.start_char, cue.start_char)
        if before is not None:
            attribution.source = [before.span("who")]
            attribution.cue = [before.span("quoted"), (before.start("as"), cue.end_char)]
        return
    if cue.root.lemma_.lower() != "quote":
        return
    start, end = attribution.content[0]
    found = _QUOTED_AS.match(text, start, end)
    if found is None:
        return
    attribution.source = [found.span("who")]
    attribution.cue = [*attribution.cue, found.span("as")]
    rest = found.end()
    attribution.content = [(rest, end), *attribution.content[1:]] if rest < end else attribution.content[1:]


def unwrap_source(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "Adbul-Jabbar Mohsen, chief of the defence ministry\npolitical department, said": a source
    that starts on a wire story's wrapped line, inside a phrase begun on the line before, is that
    whole phrase (from the noun it describes)."""
    if len(attribution.source) != 1:
        return
    start, end = attribution.source[0]
    before = text[max(0, start - 40) : start].rstrip(" \t")
    # Only a line break inside a sentence: not a blank line, not after a sentence's end.
    if not before.endswith("\n") or before.endswith("\n\n") or before[:-1].rstrip().endswith((".", "!", "?", "”", '"')):
        return
    source = doc.char_span(start, end, alignment_mode="expand")
    if source is None:
        return
    top = source.root
    while top.dep_ in ("pobj", "prep", "appos", "compound", "amod") and top.head.i < top.i:
        top = top.head
    first = top.left_edge
    if first.idx < start and first.sent == source.root.sent and "\n\n" not in text[first.idx : start]:
        attribution.source = [(first.idx, end)]


def _with_object_before(verb: Token) -> Token | None:
    """X in "with X[, its description,] saying", which the parser may hang on "with"."""
    i = verb.i - 1
    while i >= 0 and verb.doc[i].is_punct:
        i -= 1
    if i < 0:
        return None
    token = verb.doc[i]
    described = False
    while token.dep_ in ("appos", "compound", "det", "amod", "punct") and token.head.i != token.i:
        described = described or token.dep_ == "appos"
        token = token.head
    if token.dep_ != "pobj" or token.head.lower_ != "with":
        return None
    # "filing a complaint with the board, claiming …": a comma that closes no description of X
    # ends the phrase; the participle is the clause's ("with Ben Wallace, the minister, saying").
    comma = verb.doc[verb.i - 1].text == ","
    return token if described or not comma else None


def drop_repeated_contents(found: list[RawAttribution]) -> list[RawAttribution]:
    """Drop a bare content (no source, no cue) that another attribution's content already holds:
    the tagger can find a quotation twice, once inside the attribution it continues."""
    held = [piece for a in found if a.source or a.cue for piece in a.content]

    def repeated(attribution: RawAttribution) -> bool:
        if attribution.source or attribution.cue or not attribution.content:
            return False
        return all(any(a <= start and end <= b for a, b in held) for start, end in attribution.content)

    return [a for a in found if not repeated(a)]


def drop_scene(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "Sitting in front of a banner …, he says: “My name is …”": an opening participle sets the
    scene of the words; the tagger sometimes takes it, or a part of it ("the pictures of two
    other international volunteers …"), for a second piece of what was said. (The parser may
    hang the participle elsewhere, so a piece after it and right before the source is taken
    to be in it.)"""
    if len(attribution.content) < 2 or not attribution.source:
        return
    source_start = min(a for a, _ in attribution.source)
    kept = []
    for piece in attribution.content:
        first = doc.char_span(piece[0], piece[1], alignment_mode="contract")
        between = text[piece[1] : source_start]
        opener = first.sent[0] if first is not None and len(first) > 0 else None
        scene = (
            first is not None
            and opener is not None
            and _opens_with_participle(opener)
            and opener.i <= first[0].i
            and piece[1] <= source_start
            and not between.strip(" ,")
        )
        # "The two men are held in solitary confinement; they said …": a clause closed by a
        # semicolon before the source is the narrator's, when the words follow the cue.
        closed = (
            piece[1] <= source_start
            and between.strip() == ";"
            and any(a > source_start for a, _ in attribution.content)
        )
        if not (scene or closed):
            kept.append(piece)
    if kept:
        attribution.content = kept


def _opens_with_participle(opener: Token) -> bool:
    """Whether a sentence opens with a participle ("Sitting in front of …", "Asked about …") or a
    preposition taking a gerund ("In formally designating the two men as terrorists, …")."""
    if opener.tag_ in ("VBG", "VBN"):
        return True
    following = opener.doc[opener.i + 1 : opener.i + 3]
    return opener.tag_ == "IN" and any(t.tag_ == "VBG" for t in following)


_DANGLING = {"while", "whereas", "but", "and", "as", "although", "though"}


def trim_dangling(doc: Doc, piece: tuple[int, int]) -> tuple[int, int]:
    """Drop a conjunction left hanging at the end of a content ("…, while")."""
    span = doc.char_span(piece[0], piece[1], alignment_mode="contract")
    if span is None or len(span) < 3:
        return piece
    end = span.end
    if doc[end - 1].lower_ not in _DANGLING:
        return piece
    end -= 1
    while end > span.start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= span.start:
        return piece
    return (piece[0], _chars([doc[end - 1]])[1])


def merge_overlapping(pieces: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces that overlap become one: snapping a piece to its closing quotation mark can run
    it over the next piece, which then lies inside it."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(pieces):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def quoted_runs(given: TaggerInput) -> list[tuple[int, int]]:
    """Character ranges of the text inside quotation marks, the marks included."""
    flags = np.concatenate(([0], (given.quoted > 0).astype(np.int8), [0]))
    edges = np.diff(flags)
    firsts = np.flatnonzero(edges == 1).tolist()
    lasts = (np.flatnonzero(edges == -1) - 1).tolist()
    return [(given.token_chars[a][0], given.token_chars[b][1]) for a, b in zip(firsts, lasts, strict=True)]


def snap_to_quotes(piece: tuple[int, int], runs: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """A content that ends inside a quotation runs to its closing mark: what is in quotation
    marks was said as one piece, and PolNeAR's content keeps it whole, while the tagger
    often stops a long quote early. (Moving the start back to an opening mark was tried and
    lost precision on PolNeAR dev: a content starting mid-quote is more often a second
    attribution than a cut-off one.)"""
    start, end = piece
    for run_start, run_end in runs:
        if run_start < end < run_end and start < run_end:
            end = run_end
    return (start, end)


_ADDRESSEES = {"dobj", "dative", "iobj"}
# Verbs whose object is the one told. Not "urge X to": PolNeAR keeps X in what was urged, as
# it does for "demand X make", "suggest X"; on PolNeAR dev only these verbs' objects were out.
_TELLING = {"tell", "inform", "assure", "reassure", "remind", "notify", "warn", "convince", "persuade", "advise"}


def drop_addressee(doc: Doc, attribution: RawAttribution) -> None:
    """ "told reporters on Monday that X": the one spoken to is no part of what was said
    (PolNeAR's content starts at "that"); the tagger often runs the content from the
    cue's object. Cut it where the cue's clausal complement begins, when the content
    opens at the object of a verb of telling."""
    if len(attribution.content) != 1 or len(attribution.cue) != 1:
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    content = doc.char_span(*attribution.content[0], alignment_mode="contract")
    if cue is None or content is None or len(content) < 3:
        return
    verb = cue.root
    if verb.lemma_.lower() not in _TELLING:
        return
    first = content[0]
    addressee = next((c for c in verb.children if c.dep_ in _ADDRESSEES and c.left_edge.i == first.i), None)
    if addressee is None:
        return
    said = [c for c in verb.children if c.dep_ == "ccomp" and c.left_edge.i > addressee.right_edge.i]
    if not said:
        return
    begin = said[0].left_edge
    if not content.start < begin.i < content.end - 1:
        return
    attribution.content = [(begin.idx, attribution.content[0][1])]


# A sentence ending inside quotation marks, then the next sentence's first word, unquoted.
_CLOSED_SENTENCE = re.compile(r"[.?!][\"”][ \t\u00a0]+(?=[A-Z])")


def cut_at_closed_quotation(text: str, attribution: RawAttribution) -> RawAttribution | None:
    """ "“… soon in Idlib and Hama.” The UN and other aid organisations have been denied access":
    the tagger sometimes runs a quotation's content on into the unquoted sentence after it. Cut
    the content at the closing mark. What it ran into is that sentence's subject: the source
    when the attribution goes on with a content of its own (" “… often.” Bahar, otherwise known
    as Umm Sayyaf, said she was not allowed …"), else no part of it (a cue and a source after
    the cut are then the next sentence's, dropped: "… families.” The plight of children … was
    underscored by the death of …"). When a source of its own follows in that sentence ("“….”
    The other day, she says, her mother came …"), the sentence is the attribution and the
    quotation is returned as a content of its own. On PolNeAR dev the one such content is right
    when cut."""
    if not attribution.content:
        return None
    start, end = attribution.content[0]
    found = _CLOSED_SENTENCE.search(text, start, end)
    if found is None or not is_quote_mark(text, start):
        return None
    cut = found.start() + 2
    if any(is_quote_mark(text, i) for i in range(cut, end)):
        return None
    last = max(b for _a, b in attribution.content)
    if len(attribution.content) > 1 and any(cut <= a and b <= last for a, b in attribution.source):
        attribution.content[0] = (found.end(), end)
        return RawAttribution(content=[(start, cut)])
    attribution.content[0] = (start, cut)
    if len(attribution.content) > 1 and not attribution.source and attribution.cue and attribution.cue[0][0] >= end:
        attribution.source = [(found.end(), end)]
    else:
        attribution.cue = [piece for piece in attribution.cue if piece[0] < cut]
        attribution.source = [piece for piece in attribution.source if piece[0] < cut]
    return None


# One quotation closing and the next opening right after it: "“… injured.” “Cleanse …”".
_BACK_TO_BACK = re.compile(r"[.?!,][\"”][ \t\u00a0]+(?=[\"“])")


def split_back_to_back(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """ "“We don’t have water for ablutions.” “Cleanse yourself with dirt,” a man replied": two
    quotations back to back are two turns (a quotation running over paragraphs does not close
    before the next opens), and a sign-off after them is the second's alone. The tagger sometimes
    takes both as one content; the first becomes a content of its own, without source or cue
    (a speaker before it may go on with it, see :func:`continued_speakers`)."""
    result: list[RawAttribution] = []
    for attribution in found:
        if attribution.content and is_quote_mark(text, attribution.content[0][0]):
            start, end = attribution.content[0]
            signed_after = all(piece[0] >= end for piece in [*attribution.source, *attribution.cue])
            turn = _BACK_TO_BACK.search(text, start, end)
            if turn is not None and signed_after and (attribution.source or attribution.cue):
                result.append(RawAttribution(content=[(start, turn.start() + 2)]))
                attribution.content[0] = (turn.end(), end)
        result.append(attribution)
    return result


def absorb_with_clauses(doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
    """ "The report shows that most have taken refuge in Dana, …, with nearly 60,000 people seeking
    shelter there": a "with" clause hung on a verb of a content is part of that content, not an
    attribution of its own (the tagger took "nearly 60,000 people" for a source and "seeking" for
    a cue); its words join the content."""
    contents = [(a, k) for a in found if a.cue for k in range(len(a.content))]
    result: list[RawAttribution] = []
    for attribution in found:
        if len(attribution.cue) == 1 and attribution.source:
            cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
            verb = cue.root if cue is not None else None
            with_ = verb.head if verb is not None and verb.dep_ == "pcomp" else None
            if with_ is not None and with_.lower_ == "with":
                owner = next(
                    (
                        (a, k)
                        for a, k in contents
                        if a is not attribution and a.content[k][0] <= with_.head.idx < a.content[k][1]
                    ),
                    None,
                )
                if owner is not None:
                    a, k = owner
                    end = with_.right_edge.idx + len(with_.right_edge.text)
                    a.content[k] = (a.content[k][0], max(a.content[k][1], end))
                    continue
        result.append(attribution)
    return result


def drop_absorbed(found: list[RawAttribution]) -> list[RawAttribution]:
    """ "The AFP news agency quoted her as saying: “…”": when the tagger also made "quoted" with
    "her as" an attribution of its own, and another took "quoted … as saying" for its cue, the
    first is only a part of the second."""

    def absorbed(x: RawAttribution) -> bool:
        for y in found:
            if y is x or len(y.cue) < 2 or not x.cue or not all(p in y.cue for p in x.cue):
                continue
            if all(y.cue[0][0] <= a and b <= y.cue[-1][1] for a, b in x.content):
                return True
        return False

    return [x for x in found if not absorbed(x)]


def drop_crossing(found: list[RawAttribution]) -> None:
    """ "The country has a right to defend itself, she said, while noting, “how it does so,
    matters.”": a source and cue inside another attribution's content ("The country has") with
    their content outside it cross that attribution rather than nest in it, which no PolNeAR
    attribution does (none on train or dev); they are no source or cue."""

    def inside(piece: tuple[int, int], pieces: Pieces) -> bool:
        return any(a <= piece[0] and piece[1] <= b for a, b in pieces)

    for x in found:
        if not x.source or not x.cue or not x.content:
            continue
        for y in found:
            if y is x or not all(inside(p, y.content) for p in [*x.source, *x.cue]):
                continue
            if not any(inside(p, y.content) for p in x.content):
                x.source, x.cue = [], []
                break


def split_at_sign_in(doc: Doc, text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """ "“… in years past.” Acknowledging the attack, the US military said: “US service members
    were killed …”": quotations the tagger took as one content with no source or cue, parted by
    someone saying something with a colon, are two; the one after is that speaker's."""
    result: list[RawAttribution] = []
    for attribution in found:
        result.append(attribution)
        if attribution.source or attribution.cue or len(attribution.content) < 2:
            continue
        for k in range(1, len(attribution.content)):
            end, start = attribution.content[k - 1][1], attribution.content[k][0]
            if not text[end:start].rstrip().endswith(":") or not is_quote_mark(text, start):
                continue
            between = doc.char_span(end, start, alignment_mode="contract")
            verb = next((t for t in reversed(between or []) if t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ")), None)
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None
            if verb is None or subject is None or subject.left_edge.idx < end:
                continue
            result.append(
                RawAttribution(
                    source=[_chars(list(subject.subtree))],
                    cue=[_chars([verb])],
                    content=attribution.content[k:],
                )
            )
            attribution.content = attribution.content[:k]
            break
    return result


def bare_pieces_apart(found: list[RawAttribution]) -> list[RawAttribution]:
    """The pieces of a content with neither source nor cue are nothing but neighbours: each stands
    alone, so that each may go on with the speaker just before it (see continued_speakers)."""
    alone: list[RawAttribution] = []
    for attribution in found:
        if attribution.source or attribution.cue:
            alone.append(attribution)
        else:
            alone.extend(RawAttribution(content=[piece]) for piece in attribution.content)
    return alone


def detach_closed_quotations(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """ "“… thank the entire team.”⏎⏎Ukrainian President Volodymyr Zelensky praised his country’s
    security forces": a quotation that ends its sentence with a full stop is not signed off by
    a source and cue after it (a sign-off follows a comma, "“…,” he said"). The tagger sometimes
    takes such a quotation as one of the next attribution's contents; it becomes a content of
    its own, without source or cue. Only for attributions with other contents (on PolNeAR dev
    one predicted content is so detached, and it was wrong as it stood)."""
    result: list[RawAttribution] = []
    for attribution in found:
        later = [piece[0] for piece in [*attribution.source, *attribution.cue]]
        if len(attribution.content) > 1 and later:
            for piece in list(attribution.content):
                start, end = piece
                closed = text[end - 2 : end] in (".”", '."') and is_quote_mark(text, start)
                if closed and all(at >= end for at in later) and re.match(r"\s+[A-Z]", text[end : end + 3]):
                    attribution.content.remove(piece)
                    result.append(RawAttribution(content=[piece]))
        result.append(attribution)
    return result


# "Israel has faced criticism over …": the one who faces, draws or comes under criticism is its
# target, not its source (PolNeAR leaves such cues without a source, or takes "from within his
# own party" as one).
_UNDERGOING = {"face", "draw", "attract", "receive", "come", "weather", "endure"}
_REPROACHES = {"criticism", "condemnation", "censure", "rebuke", "backlash", "outcry", "accusation", "scrutiny"}


def faces_reproach(doc: Doc, attribution: RawAttribution) -> bool:
    """Whether the attribution's cue is a reproach its verb's subject undergoes ("has faced sharp
    criticism over", "came under criticism for")."""
    if len(attribution.cue) != 1:
        return False
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    if cue is None:
        return False
    noun = next((t for t in cue if t.lemma_.lower() in _REPROACHES), None)
    if noun is None:
        return False
    verb = noun.head.head if noun.head.dep_ == "prep" else noun.head
    return verb.lemma_.lower() in _UNDERGOING and verb.i < noun.i


_CLOSED_ON_COMMA = re.compile(r"[,!?][”\"]\s*$")
_NOUN_PHRASE_STARTS = frozenset({"PROPN", "NOUN", "DET", "NUM", "ADJ"})


def subject_after_cue(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """ "“…,” says 35-year-old Barwa Darwish, who came to Jinwar with her seven children after …":
    a long subject after its cue, which the tagger took for more content, is the source: the
    words right after a cue that follows a quotation closed on a comma, outside quotation marks."""
    if attribution.source or len(attribution.cue) != 1 or not attribution.content:
        return
    cue_end = attribution.cue[0][1]
    piece = next((p for p in attribution.content if p[0] >= cue_end and not text[cue_end : p[0]].strip()), None)
    if piece is None or any(is_quote_mark(text, i) for i in range(piece[0], piece[1])):
        return
    # Right after a quotation closed on a comma ("…,” says X): what follows the verb is its
    # subject, however the parser hung it (here on a verb in the relative clause).
    if not _CLOSED_ON_COMMA.search(text, max(0, attribution.cue[0][0] - 4), attribution.cue[0][0]):
        return
    cue = doc.char_span(*attribution.cue[0], alignment_mode="expand")
    first = doc.char_span(piece[0], piece[1], alignment_mode="expand")
    if cue is None or cue.root.pos_ != "VERB" or first is None or first[0].pos_ not in _NOUN_PHRASE_STARTS:
        return
    attribution.content = [p for p in attribution.content if p != piece]
    attribution.source = [piece]


def source_of_cue(doc: Doc, attribution: RawAttribution) -> None:
    """A cue the tagger left without a source takes its verb's subject (:func:`subject_of_cue`),
    unless the cue is a reproach its subject undergoes: then a source that is that subject is
    dropped, and none is taken."""
    if not faces_reproach(doc, attribution):
        if attribution.cue and not attribution.source:
            attribution.source = _set_off_before_cue(doc, attribution) or subject_of_cue(doc, attribution)
        return
    attribution.source = [
        piece for piece in attribution.source if not _subject_of_undergoing(doc, piece, attribution.cue[0])
    ]


# A name set off by a comma right before a clause-final cue, with its description after it:
# ", A K Saseendran, the state’s minister for forest and wildlife, told CNN."
_SET_OFF_NAME = re.compile(
    r",\s+((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*(?:,\s+(?:the|a|an|[a-z]+’s|[A-Z][\w-]*’s)\s[^,;:“”\"]{2,100},)?)\s+$"
)


def _set_off_before_cue(doc: Doc, attribution: RawAttribution) -> Pieces:
    """The source of a cue the tagger left without one when the parse gives the cue a subject
    across the sentence ("At least two landslides hit Wayanad …, injuring about 100 people …, A K
    Saseendran, the state’s minister for forest and wildlife, told CNN": the parser hangs "told" on
    "hit"): a name set off by a comma right before the cue, which then ends its sentence."""
    cue_start, cue_end = attribution.cue[0]
    if attribution.content or not _ENDS_SENTENCE.match(doc.text, cue_end):
        return []
    cue = doc.char_span(cue_start, cue_end, alignment_mode="expand")
    if cue is None or cue.root.pos_ != "VERB":
        return []
    if any(c.dep_ in _SUBJECTS and c.i > cue.root.i for c in cue.root.children):
        return []  # "…, said the ministry": its subject follows
    sentence = cue.sent
    found = _SET_OFF_NAME.search(doc.text, sentence.start_char, cue_start)
    if found is None:
        return []
    start, end = found.span(1)
    subject = subject_of_cue(doc, attribution)
    # Only when the parse's subject is not the name itself or within it.
    if subject and start <= subject[0][0] < end:
        return []
    return [(start, end)]


def _subject_of_undergoing(doc: Doc, piece: tuple[int, int], cue: tuple[int, int]) -> bool:
    span = doc.char_span(*piece, alignment_mode="expand")
    # A source before the cue is the undergoing verb's subject; "from X" after it is kept.
    return span is not None and piece[1] <= cue[0] and span.root.dep_ in _SUBJECTS | {"ROOT"}


# "“…” ― Pamela Padilla": a quotation signed after a dash (vox pops, epigraphs), the name on
# the same line.
_SIGNED = re.compile(r"[”\"][ \t\u00a0]*([―—])[ \t\u00a0]*([^\n]{0,80})")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def _signature(line: str) -> int:
    """The length of the name at the start of ``line``: capitalised words, ending at a full stop
    after a word that is not an initial ("Carla Sanchez. Getty" -> "Carla Sanchez")."""
    end = 0
    for match in _NAME_WORD.finditer(line):
        word = match.group()
        if not word[0].isupper() or line[end : match.start()].strip():
            break
        if word.endswith(".") and len(word.rstrip(".")) > 1:
            return match.end() - 1
        end = match.end()
    return end


def sign_with_dash(text: str, attribution: RawAttribution) -> None:
    """A quotation the tagger found without a source or cue, signed "― Name" right after its
    closing mark: the name is the source, the dash the cue, and the content ends at the mark."""
    if attribution.source or attribution.cue or len(attribution.content) != 1:
        return
    start, end = attribution.content[0]
    match = _SIGNED.search(text, start, min(len(text), end + 100))
    if match is None or match.start() >= end:
        return
    length = _signature(match.group(2))
    if length == 0:
        return
    name_start = match.start(2)
    attribution.content = [(start, match.start() + 1)]
    attribution.cue = [match.span(1)]
    attribution.source = [(name_start, name_start + length)]


def signed_after(doc: Doc, text: str, attribution: RawAttribution) -> None:
    """A quotation left without source or cue, whose sentence goes on after the closing mark with
    a verb and its speaker ("“You are my people,” enthuses Waddah from Latakia", "“…,” she
    whispers"): a verb the tagger does not know as one of saying, in the place of "said"."""
    if attribution.source or attribution.cue or len(attribution.content) != 1:
        return
    start, end = attribution.content[0]
    # The tagger may run the content on over the words that sign it ("“You are my people,” enthuses
    # Waddah"): the quotation then ends at its own closing mark.
    closing = end
    if is_quote_mark(text, start):
        closing = next((i + 1 for i in range(start + 1, end) if text[i] in '”"'), end)
    signer = _signer(doc, text, closing)
    if signer is not None:
        attribution.content = [(start, closing)]
        attribution.cue, attribution.source = [signer[0]], [signer[1]]


def unclaimed_quotations(
    doc: Doc, text: str, found: list[RawAttribution], runs: Sequence[tuple[int, int]]
) -> list[RawAttribution]:
    """A quotation of four words or more that the tagger left out altogether, signed by its
    speaker right after it ("“Looking forward to … Peace in the Middle East!” Trump posted to
    Truth Social"): an attribution of its own."""
    contents = [p for a in found for p in a.content]
    added: list[RawAttribution] = []
    for start, end in runs:
        if len(text[start:end].split()) < 4 or any(a < end and start < b for a, b in contents):
            continue
        signer = _signer(doc, text, end)
        if signer is not None:
            added.append(RawAttribution(source=[signer[1]], cue=[signer[0]], content=[(start, end)]))
    return found + added


def _signer(doc: Doc, text: str, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(cue, source) of the words that sign off a quotation closing at ``end``: "…,” enthuses
    Waddah", "…,” screamed two women", "…,” she whispers", "…!” Trump posted"."""
    if end < 2 or not is_quote_mark(text, end - 1) or not signed_off(text, end):
        return None
    after = doc.char_span(end, min(len(text), end + 120), alignment_mode="expand")
    if after is None:
        return None
    words = [t for t in after if not t.is_space]
    if len(words) < 2:
        return None
    first = words[0]
    if first.lower_ == "according" and words[1].lower_ == "to" and len(words) > 2:
        # "“…,” according to the city’s Metropolitan Police.": the party, to the clause's end.
        party = list(takewhile(lambda t: not t.is_punct or t.text in "’'-", words[2:]))
        return (_chars(words[:2]), _chars(party)) if party else None
    if first.pos_ == "VERB" and first.tag_ in ("VBZ", "VBD"):
        # "enthuses Waddah from Latakia": the name right after the verb; "screamed two women, their
        # faces covered": the verb's subject after it, to the first comma.
        name = list(takewhile(lambda t: t.pos_ == "PROPN", words[1:]))
        # (The parser may make that subject the verb's "attr" or "dobj".)
        subject = next((c for c in first.children if c.dep_ in ("nsubj", "attr", "dobj") and c.i > first.i), None)
        # ("says 35-year-old Barwa Darwish": a name with words before it.)
        if not name and subject is not None and subject.pos_ in ("NOUN", "PROPN"):
            name = list(takewhile(lambda t: t.text != ",", first.doc[first.i + 1 : subject.right_edge.i + 1]))
        return (_chars([first]), _chars(name)) if name else None
    # "“…,” she whispers", "“…!” Trump posted to Truth Social": the speaker, then the verb.
    name = [first] if first.lower_ in ("he", "she", "they") else list(takewhile(lambda t: t.pos_ == "PROPN", words))
    if not name or len(words) <= len(name):
        return None
    verb = words[len(name)]
    if verb.pos_ == "VERB" and verb.tag_ in ("VBZ", "VBD") and name[-1].head.i == verb.i and name[-1].dep_ == "nsubj":
        return _chars([verb]), _chars(name)
    return None


# "In the words of the UK ambassador, “…”", "in one informant’s words: “…”": the one whose words
# they are, just before the opening mark.
_WORDS_OF = re.compile(
    r"\b(?P<in>[Ii]n) (?:(?P<the>the words of) (?P<name>[^,:;“”\"\n]{2,80}?)"
    r"|(?P<owner>[^,:;“”\"\n]{2,60}?)(?:’s?|'s?) (?P<words>words)),?:?\s*$"
)


def in_the_words_of(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """A quotation opened right after "in the words of X" or "in X’s words" is X’s. The tagger
    leaves it without a source, or links it to a cue of another sentence ("… in one informant’s
    words: “…” A fighter explains the rage thus: “…”"): then it is split off as X’s."""
    out: list[RawAttribution] = []
    for attribution in found:
        out.append(attribution)
        for piece in list(attribution.content):
            start = piece[0]
            match = _WORDS_OF.search(text, max(0, start - 120), start) if is_quote_mark(text, start) else None
            if match is None:
                continue
            if match.group("the"):
                source, cue = [match.span("name")], [(match.start("in"), match.end("the"))]
            else:
                source, cue = [match.span("owner")], [match.span("in"), match.span("words")]
            if attribution.content == [piece] and not attribution.source and not attribution.cue:
                attribution.source, attribution.cue = source, cue
            else:
                attribution.content.remove(piece)
                out.append(RawAttribution(source=source, cue=cue, content=[piece]))
    return out


def extend_cue(doc: Doc, attribution: RawAttribution) -> None:
    """ "pointed out": PolNeAR's cue takes the verb's particle; the tagger often stops at the
    verb. Only a particle right after the cue, and only if no other part of the attribution
    starts there. (A passive's "by", "endorsed by", is in the cue too, but taking it changed
    nothing on dev or train.)"""
    if len(attribution.cue) != 1:
        return
    start, end = attribution.cue[0]
    cue = doc.char_span(start, end, alignment_mode="expand")
    if cue is None or cue.end >= len(doc):
        return
    after = doc[cue.end]
    if after.head.i != cue[-1].i or after.dep_ != "prt":
        return
    taken = [*attribution.source, *attribution.content]
    if any(a <= after.idx < b for a, b in taken):
        return
    attribution.cue = [(start, after.idx + len(after.text))]


def _single_contents(
    doc: Doc, found: list[RawAttribution], result: list[RawAttribution]
) -> Iterator[tuple[RawAttribution, int, int, Span]]:
    """Each attribution with one content piece, as (attribution, start, end, span);
    every attribution is appended to ``result`` first, so a caller may add more after it."""
    for attribution in found:
        result.append(attribution)
        if len(attribution.content) != 1:
            continue
        start, end = attribution.content[0]
        span = doc.char_span(start, end, alignment_mode="contract")
        if span is not None:
            yield attribution, start, end, span


# "while Hamas maintains that …": with a that-clause of its own, a verb this likely a cue reports.
_THAT_CLAUSE_MIN_PRIOR = 0.1


def split_nested(doc: Doc, found: list[RawAttribution], prior: dict[str, float]) -> list[RawAttribution]:
    """Split "A reports that X, while B claims that Y" when the tagger ran it into one content.

    Inside a content piece, a clause (advcl or conj) headed by a likely cue verb
    with its own subject and complement is a second attribution: the first
    content stops before it, and the clause gives source, cue and content.
    """
    result: list[RawAttribution] = []
    for attribution, start, end, span in _single_contents(doc, found, result):
        for token in span:
            if token.dep_ not in {"advcl", "conj"} or token.pos_ != "VERB":
                continue
            likely = prior.get(token.lemma_.lower(), 0.0)
            if likely < _THAT_CLAUSE_MIN_PRIOR:
                continue
            subjects = [c for c in token.children if c.dep_ in _SUBJECTS and c.i >= span.start]
            complements = [c for c in token.children if c.dep_ in {"ccomp", "xcomp"} and c.i < span.end]
            if not subjects or not complements:
                continue
            # A verb of middling prior ("maintains", "hopes") reports only with a that-clause.
            if likely < SPEECH_MIN_PRIOR and not any(
                c.dep_ == "mark" and c.lower_ == "that" for c in complements[0].children
            ):
                continue
            clause = list(token.subtree)
            first = clause[0]
            if first.i <= span.start:
                continue
            head_end = first.i
            while head_end > span.start and (
                doc[head_end - 1].is_punct
                or doc[head_end - 1].is_space
                or doc[head_end - 1].dep_ in {"mark", "cc"}
                or doc[head_end - 1].lower_ in {"while", "whereas", "but", "and"}
            ):
                head_end -= 1
            if head_end <= span.start:
                continue
            complement_start, complement_end = _chars(list(complements[0].subtree))
            attribution.content = [(start, _chars(doc[span.start : head_end])[1])]
            result.append(
                RawAttribution(
                    source=[_chars(list(subjects[0].subtree))],
                    cue=[_chars([token])],
                    content=[(complement_start, min(end, complement_end))],
                )
            )
            break
    return result


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

    def in_content(piece: tuple[int, int]) -> bool:
        return any(piece[0] < end and start < piece[1] for start, end in taken)

    if token.pos_ == "NOUN":
        # "Donald Trump's claim that …": a noun cue's possessor is its source.
        for child in token.children:
            if child.dep_ == "poss" and child.i < token.i:
                owner = _chars(list(child.subtree))
                if not in_content(owner):
                    return [owner]
    for _ in range(3):
        for child in token.children:
            if child.dep_ in _SUBJECTS:
                subject = _chars(list(child.subtree))
                # "who said …" has "who" as its source (PolNeAR marks it so; the speaker
                # resolver takes it to its antecedent); "that" is too often no relative pronoun.
                if child.pos_ == "PRON" and child.lower_ == "that":
                    return []
                return [] if in_content(subject) else [subject]
        if token.dep_ not in _CLIMB or token.head.i == token.i:
            return []
        token = token.head
    return []


def _build(n_in: int, hidden: int, depth: int, dropout: float) -> Any:
    """The tagger: features -> Maxout -> bidirectional LSTM over the chunk -> softmax over BIO tags."""
    from thinc.api import LSTM, Maxout, Softmax, chain, with_array, with_padded

    return chain(
        with_array(Maxout(nO=hidden, nI=n_in, nP=2, dropout=dropout, normalize=True)),
        with_padded(LSTM(nO=hidden, nI=hidden, bi=True, depth=depth, dropout=dropout)),
        with_array(Softmax(nO=len(TAGS), nI=hidden)),
    )


@lru_cache(maxsize=1)
def default_tagger() -> AttributionTagger:
    return AttributionTagger.load()


_QUOTE_CHARS = '"“”‘’«»'
_QUOTE_CHAR = re.compile(f"[{_QUOTE_CHARS}]")


def is_quote_mark(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a quotation mark. U+2019 is far more often an apostrophe
    ("Israel’s", "don’t"): it closes a quote only outside a word and after an opening ‘ in
    the same paragraph."""
    char = text[i]
    if char not in _QUOTE_CHARS:
        return False
    if char == "‘":
        return not text[i + 1 : i + 2].isdigit()  # "‘90s"
    if char == "’":
        if text[i + 1 : i + 2] == "’" or (i > 0 and text[i - 1] == "’"):
            return True  # "’’" closing a double quote (“…,’’ she said)
        if text[i + 1 : i + 2].isalnum():
            return False
        opening = text.rfind("‘", max(0, i - 300), i)
        return opening >= 0 and "\n" not in text[opening:i]
    return True


def quote_kind(text: str, content: Pieces) -> QuoteKind:
    """direct: the content is all inside quotation marks; mixed: partly; indirect: none."""
    inside = outside = 0
    for start, end in content:
        piece = text[start:end]
        bare = piece.strip(" ,.;:" + _QUOTE_CHARS)
        if not bare:
            continue
        marks = [m.start() for m in _QUOTE_CHAR.finditer(text, start, end) if is_quote_mark(text, m.start())]
        marks = [m for m in marks if not (text[m] == "’" and m + 1 in marks and text[m + 1] == "’")]  # "’’" is one
        first = start + len(piece) - len(piece.lstrip())
        last = start + len(piece.rstrip(" ,.;:")) - 1
        opened = any(is_quote_mark(text, i) for i in range(max(0, start - 2), start)) or first in marks
        closed = any(is_quote_mark(text, i) for i in range(end, min(len(text), end + 2))) or last in marks
        if opened and closed and len(marks) <= 2:
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


def is_action(doc: Doc, content: Pieces, cue: Pieces) -> bool:
    """ "Hamas responded by launching three rockets": a cue followed by "by" and a gerund reports
    what someone did, not what they said. PolNeAR annotates such spans, so the quotes keep
    them; the claims component does not take their figures as attributed."""
    if not content or not cue:
        return False
    first = doc.char_span(*content[0], alignment_mode="expand")
    if first is None or len(first) == 0 or first[0].tag_ != "VBG":
        return False
    if first[0].i == 0 or doc[first[0].i - 1].lower_ != "by":
        return False
    # "responded by saying that …" is still speech.
    return default_tagger().cue_prior.get(first[0].lemma_.lower(), 0.0) < SPEECH_MIN_PRIOR


# Docs per tagger call in QuoteExtractor.pipe (16 -> 64 cut the quotes stage by about a third on
# a mix of wire stories and long articles).
TAGGER_BATCH = 64


class QuoteExtractor(SafeComponent):
    """spaCy component: parsed doc -> ``doc._.fd_quotes``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        tagger = default_tagger()
        given = tagger.prepare(doc)
        tags = tagger.predict_tags(given.feats, given.ranges)
        self.store(doc, given, tagger.finish(doc, given, tags))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """As calling the component on each doc, but the tagger runs once per batch (see
        :meth:`AttributionTagger.predict_many`); a failing doc is recorded on itself alone."""
        tagger = default_tagger()
        docs = iter(stream)
        # At least TAGGER_BATCH docs per tagger call whatever nlp.pipe's batch size: the LSTM's
        # walk over positions costs per call, nearly whatever the number of chunks in it.
        while batch := list(islice(docs, max(TAGGER_BATCH, batch_size))):
            ready: list[tuple[Doc, TaggerInput]] = []
            for doc in batch:
                try:
                    ready.append((doc, tagger.prepare(doc)))
                except Exception as exc:  # one bad document must not stop a batch
                    self.record_error(doc, exc)
            tags: list[list[int]] | None
            try:
                tags = tagger.predict_many([(given.feats, given.ranges) for _doc, given in ready])
            except Exception:
                tags = None  # tag each doc alone below, so that only the one at fault fails
            for k, (doc, given) in enumerate(ready):
                try:
                    doc_tags = tags[k] if tags is not None else tagger.predict_tags(given.feats, given.ranges)
                    self.store(doc, given, tagger.finish(doc, given, doc_tags))
                except Exception as exc:  # one bad document must not stop a batch
                    self.record_error(doc, exc)
            yield from batch

    def store(self, doc: Doc, given: TaggerInput, attributions: list[RawAttribution]) -> None:
        """Resolve speakers and write ``doc._.fd_quotes`` (and the mentions found) on the doc."""
        entities: list[EntityData] = list(doc._.fd_entities or [])
        text = given.text
        reported = [p for a in attributions for p in a.content]
        resolver = SpeakerResolver(doc, entities, text, quoted_runs(given), reported)
        found: list[QuoteData] = []
        # Speakers are resolved in text order: "the statement continued" goes on with the source before it.
        kept = [a for a in attributions if a.content or (a.cue and a.source)]
        ordered = sorted(kept, key=lambda a: min(p[0] for p in (a.source or a.cue or a.content)))
        speakers = {id(a): resolver.resolve(a.source) for a in ordered}
        continued_speakers(text, ordered, speakers)
        for attribution in kept:
            speaker = speakers[id(attribution)]
            found.append(
                QuoteData(
                    kind=quote_kind(text, attribution.content),
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
        doc._.fd_entities = entities
        doc._.fd_quotes = found


# What may stand between an attribution's last part and a quotation going on with it: the rest
# of that sentence ("enthuses Waddah| from Latakia. |“…”"; a longer description set off by a
# comma, "said Sgt. William Pekrul|, a World War II veteran nearing the age of 100 and recipient
# of two Bronze Stars and a Silver Star. |“…”"), no other sentence, no paragraph break.
_REST_OF_SENTENCE = re.compile(r"(?:,[^.!?\n“”\"]{0,160}|[^.!?\n“”\"]{0,40})[.!?]?[ \t\u00a0]*\n?[ \t\u00a0]*")


def continued_speakers(text: str, ordered: list[RawAttribution], speakers: dict[int, Speaker]) -> None:
    """A quotation with no source or cue of its own that opens the sentence after an attribution
    with a speaker ("“You are my people,” enthuses Waddah from Latakia. “You are
    extraordinary.”"; also after an indirect report) goes on with that speaker. Only the speaker
    is set: the source span stays empty, as PolNeAR leaves it."""
    previous: RawAttribution | None = None
    for attribution in ordered:
        speaker = speakers[id(attribution)]
        quoted = bool(attribution.content) and is_quote_mark(text, attribution.content[0][0])
        if quoted and not attribution.source and not attribution.cue and previous is not None:
            last = speakers[id(previous)]
            end = max(p[1] for p in previous.source + previous.cue + previous.content)
            gap = text[end : attribution.content[0][0]]
            if end <= attribution.content[0][0] and _REST_OF_SENTENCE.fullmatch(gap):
                speaker = Speaker(entities=list(last.entities), names=list(last.names), how="continued")
                speakers[id(attribution)] = speaker
        # A direct or an indirect report: "Granting a fair trial would, said Carlile, also help. “…”"
        previous = attribution if attribution.content and (speaker.entities or speaker.names) else None


@Language.factory(
    FACTORY,
    requires=["doc.tensor", "token.dep", "token.pos", "token.lemma", "token.is_sent_start", "doc._.fd_entities"],
    assigns=["doc._.fd_quotes", "doc._.fd_entities"],
    default_config={},
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor(nlp, name)
