"""Entities: spaCy's named entities, cleaned and clustered within the document.

"Yoav Gallant" … "Gallant" become one entity, "the United Nations" / "the UN"
another. spaCy's small model misses or mislabels some mentions ("Trump" as ORG,
"the UN Dorothy Shea" as one ORG, a bare "Gallant" not tagged at all), so after
clustering the component splits fused spans and finds untagged repeats of names
it already knows. Coreference models for English need downloads; this is the
part of coreference that rules do reliably.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from typing import Any, TypedDict

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factdesk.extract.base import SafeComponent
from factdesk.extract.lexicons import (
    ALIASES,
    ENTITY_LABELS,
    INITIALS_SKIP,
    LABEL_FAMILY,
    ROLE_HEADS,
    TITLES,
    given_names,
    name_detector,
)

FACTORY = "factdesk_entities_v1"


class EntityData(TypedDict):
    """One entity as stored on ``doc._.fd_entities`` (plain data, so docs pickle)."""

    id: str
    name: str
    type: str
    mentions: list[list[int]]  # [start_char, end_char], sorted


if not Doc.has_extension("fd_entities"):
    Doc.set_extension("fd_entities", default=None)

_DETERMINERS = {"the", "a", "an"}
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def normalise(text: str) -> str:
    """A comparison key for a name: case-folded, straight apostrophes, single spaces."""
    text = text.translate(_APOSTROPHES).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text


def canonical_key(text: str) -> str:
    key = normalise(text)
    return ALIASES.get(key, ALIASES.get(key.replace(".", ""), key))


def initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w and w.lower() not in INITIALS_SKIP and w[0].isupper())


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper()


_PLACE_WORDS = frozenset({"in", "into", "near", "across", "inside", "outside", "throughout", "around"})


class _Mention:
    __slots__ = ("start", "end", "label", "words", "text", "after_place_word", "placed", "titled")

    def __init__(self, span: Span, label: str) -> None:
        self.start = span.start_char
        self.end = span.end_char
        self.label = label
        self.text = span.text
        self.words = [t.text for t in span if not t.is_punct or t.text in {"&", "."}]
        # "in Afrin": used as a place here; see _cluster.
        self.after_place_word = span.start > 0 and span.doc[span.start - 1].lower_ in _PLACE_WORDS
        self.placed = False  # set in _cluster: the name is used as a place somewhere in the text
        # "Lord Carlile", "Mr. Ellwood": a title the model left out of the name.
        self.titled = span.start > 0 and span.doc[span.start - 1].lower_.rstrip(".") in TITLES


_PERSON_TITLES = TITLES | ROLE_HEADS


def _initial_a(doc: Doc, start: int, end: int) -> bool:
    """ "A K Saseendran": a capital A before another initial is a name's initial, not an article."""
    following = doc[start + 1] if start + 1 < end else None
    if doc[start].text != "A" or following is None:
        return False
    return len(following.text.rstrip(".")) == 1 and following.is_upper


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and trailing possessives/punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    if start > 0 and _initial_a(doc, start - 1, end):
        start -= 1  # the model leaves the first of two initials out as an article
    while start < end and (
        doc[start].lower_ in _DETERMINERS
        or doc[start].is_punct
        or doc[start].is_space
        # "’s MAGA": the owner's marker the model took into the name
        or doc[start].tag_ == "POS"
        or doc[start].lower_ in ("'s", "’s")
    ):
        if _initial_a(doc, start, end):
            break
        start += 1
    # The model sometimes takes a title into a name ("Treasurer Paul Keating"); the name is the rest.
    while (
        span.label_ == "PERSON"
        and end - start > 2
        and doc[start].is_title
        and doc[start].lower_.rstrip(".") in _PERSON_TITLES
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS"
        or doc[end - 1].text in {"'s", "’s", "'", "’"}
        or (doc[end - 1].is_punct and doc[end - 1].text != ".")
        or doc[end - 1].is_space
    ):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _split_fused(span: Span, label: str) -> list[tuple[Span, str]]:
    """Split "the UN Dorothy Shea" (one ORG) into ORG "UN" and PERSON "Dorothy Shea".

    The tail must start with a known given name and follow an acronym or an
    organisation word, so "UN Security Council" stays whole.
    """
    if label not in {"ORG", "GPE", "NORP"} or len(span) < 3:
        return [(span, label)]
    names = given_names()
    for i in range(1, len(span) - 1):
        tail = span[i:]
        if (
            span[i].text.lower() in names
            and all(t.is_title and t.is_alpha for t in tail)
            and len(tail) <= 3
            and _is_acronym(span[i - 1].text)
        ):
            return [(span[:i], label), (tail, "PERSON")]
        # "Speaking to the Telegraph, Hussen Abase, …": a comma inside the span parts the two.
        if (
            label == "ORG"
            and span[i - 1].text == ","
            and 2 <= len(tail) <= 3
            and all(t.is_title and t.is_alpha for t in tail)
            and i - 1 >= 1
        ):
            return [(span[: i - 1], label), (tail, "PERSON")]
    return [(span, label)]


_MODIFIER_DEPS = {"amod", "compound", "npadvmod", "nmod", "punct"}


def _extend_description(span: Span) -> Span:
    """ "health ministry" -> "Hamas-run health ministry": an organisation named by a
    common noun keeps the modifiers that say whose it is."""
    if not span[0].is_lower:
        return span
    start = span.start
    inside = set(range(span.start, span.end))
    while start > 0:
        prev = span.doc[start - 1]
        if prev.dep_ not in _MODIFIER_DEPS or prev.head.i not in inside or prev.is_space:
            break
        if prev.dep_ == "punct" and prev.text not in {"-", "‑"}:
            break
        start -= 1
        inside.add(start)
    return span.doc[start : span.end]


# Second words that make "<given name> <word>" an organisation or a thing, not a person.
_NOT_SURNAMES = frozenset(
    """
    department platforms news financial foundation summit dynasty plan farm company state match nation first
    times post journal press institute university college center centre council bank group party army front
    forces movement union league club fund trust network media capital partners holdings airlines motors
    industries international global energy ministry agency court committee commission office service
    """.split()
)


# Lower-case particles between a given name and a surname ("Staffan de Mistura").
_NAME_PARTICLES = frozenset("de da di del della van von al el bin ben le la du".split())


def _person_taken_for_org(span: Span) -> bool:
    """ "Elif Sarican", "Nikki Haley", "Vince Cable" tagged ORG: two capitalised words, the first a
    given name of a known gender, the second no organisation word, and no "the" or place
    preposition before ("the Al Aqsa mosque", "in Santa Fe")."""
    if _described_as_a_person(span):
        return True
    if len(span) == 3 and span[1].is_lower and span[1].text in _NAME_PARTICLES:
        # "Staffan de Mistura": a given name, a particle and a surname.
        name = [span[0], span[2]]
    else:
        name = list(span)
    if len(name) != 2 or not all(t.is_title and t.is_alpha for t in name):
        return False
    if name[1].lower_ in _NOT_SURNAMES or name[0].lower_ not in given_names():
        return False
    if name_detector().get_gender(name[0].text) not in ("male", "female"):
        return False
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    return before not in {"the", "in", "at", "to", "from", "into", "near", "of"}


def _described_as_a_person(span: Span) -> bool:
    """A name of up to four capitalised words described as a person, whatever the model tagged it
    ("Hevda, a woman in her late 30s", "Abu Mukhtar, an unemployed 48-year-old Idlib resident",
    "Elyas, 25,")."""
    if not (1 <= len(span) <= 4 and all(t.is_title and t.is_alpha for t in span)):
        return False
    return _named_for_a_role(span) or _given_an_age(span)


def _given_an_age(span: Span) -> bool:
    """ "Elyas, 25, from Hasaka, said": a name followed by an age set off by commas."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text != "," or doc[span.end + 2].text not in (",", "."):
        return False
    age = doc[span.end + 1]
    return age.is_digit and 0 < int(age.text) < 110


_PERSON_APPOSITIVES = frozenset(
    "woman man girl boy mother father wife husband sister brother daughter son widow doctor nurse teacher "
    "student farmer resident fighter soldier volunteer activist lawyer journalist".split()
)


def _named_for_a_role(span: Span) -> bool:
    """ "The Turkish president, Recep Tayyip Erdoğan, vowed": a name in apposition to a person's
    role, or one a person noun is in apposition to (which the small model may tag ORG), is a person's."""
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in ROLE_HEADS and root.head.i < span.start:
        return len(span) > 1
    # "Hevda, a woman in her late 30s, led a small base": described as a person.
    return any(c.dep_ == "appos" and c.i > root.i and c.lemma_.lower() in _PERSON_APPOSITIVES for c in root.children)


# Arabic words that open the names of armed groups and bodies (army, corps, brigade, front,
# movement, committee, battalions, companies, supporters, free men), which the small model
# tags as persons: "Jaish al-Islam", "Ahrar al-Sham", "Hayat Tahrir al-Sham", "Ansar Allah".
_GROUP_HEADS = frozenset(
    "jaish jaysh faylaq liwa jabhat jabhet harakat harakah hayat hay'at ahrar kataib katibat saraya ansar "
    "asaib tahrir jund".split()
)


# Arabic words that open place names (hill, cape, monastery, bridge, village, spring, gate, inn,
# house, valley, mountain), which the small model tags as persons.
_PLACE_HEADS = frozenset("tel tell tal ras deir dayr jisr kafr kfar ain bab khan beit bayt wadi jabal jebel".split())


def _candidate_mentions(doc: Doc) -> list[_Mention]:
    mentions: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        trimmed = _trim(ent)
        if trimmed is not None and ent.label_ == "ORG":
            trimmed = _extend_description(trimmed)
        if trimmed is None:
            continue
        kind = "PERSON" if ent.label_ == "ORG" and _person_taken_for_org(trimmed) else ent.label_
        if kind in ("PERSON", "GPE") and trimmed[0].lower_ in _GROUP_HEADS and len(trimmed) > 1:
            kind = "ORG"  # "Jaish al-Islam" (Army of Islam), "Faylaq al-Rahman", "Liwa al-Quds"
        elif kind == "PERSON" and trimmed[0].lower_ in _PLACE_HEADS and len(trimmed) > 1:
            kind = "GPE"  # "Tel Hamis", "Khan Younis", "Deir Ezzor", "Ras al-Ain"
        if ent.label_ == "NORP" and len(trimmed) > 1 and _described_as_a_person(trimmed):
            kind = "PERSON"  # one word tagged NORP is a people ("Kurds")
        for part, label in _split_fused(trimmed, kind):
            trimmed_part = _trim(part)
            if trimmed_part is not None and any(t.is_alpha for t in trimmed_part):
                mentions.append(_Mention(trimmed_part, label))
    return mentions


class _Cluster:
    def __init__(self, mention: _Mention) -> None:
        self.mentions: list[_Mention] = [mention]
        self.keys: set[str] = {canonical_key(mention.text)}
        self.family = LABEL_FAMILY.get(mention.label, "thing")

    @property
    def best(self) -> _Mention:
        # The longest proper name: most words, then most characters, then first seen.
        return max(self.mentions, key=lambda m: (len(m.words), len(m.text), -m.start))

    def add(self, mention: _Mention) -> None:
        self.mentions.append(mention)
        self.keys.add(canonical_key(mention.text))

    def label(self) -> str:
        best = self.best
        if self.family == "person" or any(m.label == "PERSON" and len(m.words) > 1 for m in self.mentions):
            return "PERSON"
        return best.label

    def person_words(self) -> list[str]:
        return [w for w in self.best.words if w not in {"."}]


def _matches_person(mention: _Mention, cluster: _Cluster) -> bool:
    """ "Gallant" or "Yoav" in "Yoav Gallant": a surname or part of a full name."""
    if cluster.family != "person" or len(cluster.best.words) < 2:
        return False
    if mention.label not in {"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "GPE"}:
        return False
    full = [normalise(w) for w in cluster.person_words()]
    words = [normalise(w) for w in mention.words]
    if len(words) >= len(full):
        return False
    if mention.label == "PERSON" and len(words) >= 2 and words[0] == full[0] and words[-1] == full[-1]:
        return True  # "Neil Prakash" for "Neil Christopher Prakash": the middle name left out
    if words == full[-len(words) :]:
        # The small model tags an unfamiliar surname as a place too ("according to Abusada"
        # after "Mkhaimar Abusada"); a one-word place that is a person's surname is the person,
        # unless the text uses it as a place ("in Afrin" beside a misread "Inside Afrin").
        if mention.label != "GPE":
            return True
        first = cluster.person_words()[0]
        # Not for a "person" the model made of a phrase ("Inside Baghouz", "theHamedan Air Base…").
        name_like = first[:1].isupper() and first.lower() not in _PLACE_WORDS | STOP_WORDS
        return len(words) == 1 and not mention.placed and name_like
    # A first name alone only for persons ("Kamala"); an org-labelled token only when it is a
    # given name, which the small model often tags as an organisation ("says Dirk" beside
    # "Dirk Campbell"), or a capitalised word no acronym ("Ruaa says" beside "Ruaa Abu Rashed").
    if words != full[: len(words)]:
        return False
    if mention.label == "PERSON":
        return True
    if len(words) != 1:
        return False
    word = mention.words[0]
    return word.lower() in given_names() or (mention.label == "ORG" and word.istitle() and not _is_acronym(word))


def _matches_acronym(mention: _Mention, cluster: _Cluster) -> bool:
    if not _is_acronym(mention.text) or cluster.family not in {"org", "place", "group"}:
        return False
    acronym = mention.text.replace(".", "")
    return any(len(m.words) > 1 and initials(m.words) == acronym for m in cluster.mentions)


def _matches_head(mention: _Mention, cluster: _Cluster) -> bool:
    """ "Strip" for "Gaza Strip", "Authority" for "Palestinian Authority"."""
    if len(mention.words) != 1 or cluster.family not in {"org", "place"}:
        return False
    if LABEL_FAMILY.get(mention.label) not in {"org", "place"}:
        return False
    return any(len(m.words) > 1 and normalise(m.words[-1]) == normalise(mention.words[0]) for m in cluster.mentions)


def _matches_demonym(mention: _Mention, cluster: _Cluster) -> bool:
    if cluster.family != "group" or LABEL_FAMILY.get(mention.label) != "group":
        return False
    key = normalise(mention.text)
    return any(k.rstrip("s") == key.rstrip("s") for k in cluster.keys)


def _places_taken_for_persons(mentions: list[_Mention]) -> None:
    """Relabel one-word PERSON mentions of a name the model also tags as a place.

    The small model tags unfamiliar places as PERSON in some sentences and GPE in others
    ("in Rojava" / "the rest of Rojava"); apart, they make two entities, and a pronoun
    ("she says") resolves to the "person". A one-word name that is no given name and is
    a place somewhere in the text is a place throughout ("Jordan", a given name, is left).
    """
    places = {
        canonical_key(m.text): m.label for m in mentions if LABEL_FAMILY.get(m.label) == "place" and len(m.words) == 1
    }
    for mention in mentions:
        if mention.label != "PERSON" or len(mention.words) != 1:
            continue
        place = places.get(canonical_key(mention.text))
        if place is not None and mention.words[0].lower() not in given_names():
            mention.label = place


# What the small model tags a one-word surname as, beside PERSON, in other sentences.
_PERSON_MISTAKEN_AS = frozenset({"ORG", "WORK_OF_ART", "PRODUCT"})


def _persons_taken_for_things(mentions: list[_Mention]) -> None:
    """Relabel one-word mentions of a surname the model tags PERSON elsewhere.

    The small model tags "Carlile" PERSON after "Lord", a work of art in "said Carlile", an
    organisation in "Carlile believes": three entities, none of which the untagged mentions can
    join. A one-word name tagged PERSON more often than ORG (a PERSON after a title counting three
    times: "President Trump" outweighs two "Trump" tagged ORG) is a person throughout; "Hamas"
    tagged PERSON once among many ORGs stays an organisation.
    """
    votes: dict[str, int] = {}
    for mention in mentions:
        if len(mention.words) != 1:
            continue
        key = canonical_key(mention.text)
        if mention.label == "PERSON":
            votes[key] = votes.get(key, 0) + 1 + 2 * mention.titled
        elif mention.label == "ORG":
            votes[key] = votes.get(key, 0) - 1
    for mention in mentions:
        if (
            mention.label in _PERSON_MISTAKEN_AS
            and len(mention.words) == 1
            and votes.get(canonical_key(mention.text), 0) > 0
            and not _is_acronym(mention.text)
        ):
            mention.label = "PERSON"


def _cluster(mentions: list[_Mention]) -> list[_Cluster]:
    _places_taken_for_persons(mentions)
    _persons_taken_for_things(mentions)
    used_as_place = {canonical_key(m.text) for m in mentions if m.after_place_word}
    for mention in mentions:
        mention.placed = canonical_key(mention.text) in used_as_place
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    # Longest names first, so "Yoav Gallant" exists before "Gallant" looks for it.
    for mention in sorted(mentions, key=lambda m: (-len(m.words), -len(m.text), m.start)):
        family = LABEL_FAMILY.get(mention.label, "thing")
        key = canonical_key(mention.text)
        found = by_key.get((family, key))
        if found is None and family in {"org", "place"}:
            # spaCy swaps ORG and GPE for the same name ("Hamas", "UN"); the key decides.
            other = "place" if family == "org" else "org"
            found = by_key.get((other, key))
        if found is None:
            for test in (_matches_person, _matches_acronym, _matches_head, _matches_demonym):
                hits = [c for c in clusters if test(mention, c)]
                if len(hits) == 1:
                    found = hits[0]
                    break
                if len(hits) > 1:
                    break  # ambiguous ("Smith" with two Smiths): keep it apart
        if found is None:
            found = _Cluster(mention)
            clusters.append(found)
        else:
            found.add(mention)
        by_key.setdefault((found.family, key), found)
    return clusters


def _token_starts(doc: Doc) -> dict[int, Token]:
    return {t.idx: t for t in doc}


def _find_repeats(doc: Doc, clusters: list[_Cluster]) -> None:
    """Add untagged mentions of names a cluster already holds (whole words, same case)."""
    forms: dict[str, list[_Cluster]] = {}
    for cluster in clusters:
        surfaces = {m.text for m in cluster.mentions}
        if cluster.family == "person" and len(cluster.best.words) > 1:
            surfaces.add(cluster.best.words[-1])
            # Profiles name their subject by the first name ("Ruaa says" after "Ruaa Abu Rashed"),
            # whether or not the small model knows it for one.
            first = cluster.person_words()[0]
            bare = first.lower().rstrip(".")
            if bare not in _PERSON_TITLES and bare not in STOP_WORDS:
                surfaces.add(first)
        for surface in surfaces:
            if len(surface) >= 3 and surface[0].isupper():
                forms.setdefault(surface, []).append(cluster)
    if not forms:
        return
    starts = _token_starts(doc)
    pattern = re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])"
    )
    # Sorted, with the longest mention's length: only mentions starting within that distance
    # before a match can overlap it (checking all of them made long documents quadratic).
    bounds = sorted((m.start, m.end) for c in clusters for m in c.mentions)
    longest = max((e - s for s, e in bounds), default=0)
    for match in pattern.finditer(doc.text):
        start, end = match.span()
        owners = forms[match.group(1)]
        if len(owners) != 1:
            continue
        # A longer known name may enclose shorter mentions ("Hamas-run health ministry"
        # around "Hamas"), but never cut one in two or repeat one.
        near = bounds[bisect_left(bounds, (start - longest, -1)) : bisect_left(bounds, (end, -1))]
        if any(s < end and start < e and not (start <= s and e <= end and (s, e) != (start, end)) for s, e in near):
            continue
        token = starts.get(start)
        if token is None:
            continue
        span = doc.char_span(start, end)
        if span is None:
            continue
        # Part of a longer capitalised name ("Melania Trump", "Trump Tower")? Then not ours.
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if prev is not None and prev.is_title and not prev.is_sent_start and prev.lower_.rstrip(".") not in TITLES:
            continue
        if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
            continue
        owner = owners[0]
        label = "PERSON" if owner.family == "person" else owner.best.label
        mention = _Mention(span, label)
        owner.add(mention)
        insort(bounds, (start, end))
        longest = max(longest, end - start)


def cluster_entities(doc: Doc) -> list[EntityData]:
    """The document's entities, each with every mention found."""
    clusters = _cluster(_candidate_mentions(doc))
    _find_repeats(doc, clusters)
    clusters.sort(key=lambda c: min(m.start for m in c.mentions))
    entities: list[EntityData] = []
    for number, cluster in enumerate(clusters, start=1):
        mentions = sorted(cluster.mentions, key=lambda m: m.start)
        best = cluster.best
        entities.append(
            EntityData(
                id=f"E{number}",
                name=re.sub(r"\s+", " ", best.text).strip(),
                type=cluster.label(),
                mentions=[[m.start, m.end] for m in mentions],
            )
        )
    return entities


class EntityClusterer(SafeComponent):
    """spaCy component: ``doc.ents`` -> ``doc._.fd_entities``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        doc._.fd_entities = cluster_entities(doc)


@Language.factory(
    FACTORY,
    requires=["doc.ents", "token.pos", "token.is_sent_start"],
    assigns=["doc._.fd_entities"],
    default_config={},
)
def make_entity_clusterer(nlp: Language, name: str) -> EntityClusterer:
    return EntityClusterer(nlp, name)


def entity_at(entities: list[EntityData], start: int, end: int) -> EntityData | None:
    """The entity one of whose mentions overlaps ``[start, end)``, if any."""
    for entity in entities:
        for m_start, m_end in entity["mentions"]:
            if m_start < end and start < m_end:
                return entity
    return None


def as_plain(entities: Any) -> list[EntityData]:
    """The extension value, or an empty list when the component did not run."""
    return list(entities or [])
