"""Speaker resolution: which entity a quote's source span stands for.

English coreference models need downloads, so this resolves the cases news
attribution needs by rules over the parse and the document's entity clusters:

- a source span that contains entity mentions: its head mention ("Acting US
  Ambassador to the UN Dorothy Shea" -> Dorothy Shea), or every conjunct of a
  coordination ("the Palestinian Authority and Hamas" -> both);
- a personal pronoun ("he", "she", "they", "it"): the nearest preceding entity
  of a fitting type, preferring subjects and the sources of attributions just
  before ("…, according to Abusada. “…” he said."), checking a person's gender
  from the first name where it is known, preferring name-shaped persons to stray
  PERSON tags of the small model, and counting proper-noun subjects the entity
  recogniser missed; a resolved pronoun becomes a mention later pronouns reach;
- a description ("the militant group", "the spokesperson", "the ministry"):
  a person whose own description uses that noun ("Sam Rose, a spokesperson
  for …"), the one sharing most of its words among several ("the Israeli prime
  minister"), an earlier source left as written with the same head noun ("the
  adviser"), an organisation whose name holds the noun ("the department"), else
  the nearest preceding entity of the fitting type;
- a statement as source ("the statement continued"): its party ("the statement
  from the Forum") or the source just before it.

Speakers are resolved in text order. What cannot be resolved stays as written
("a resident"), without a relative clause that names nobody. Measured by
``factdesk eval speakers`` on the claims gold set's direct quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, POS
from spacy.tokens import Doc, Span, Token

from factdesk.extract.entities import EntityData
from factdesk.extract.lexicons import PEOPLE_NOUNS, TITLES, given_names, name_detector

PERSON_PRONOUNS = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
GROUP_PRONOUNS = {"they", "them", "their", "it", "its"}
_GENDERED = {
    **dict.fromkeys("woman girl mother sister daughter wife grandmother aunt niece spokeswoman".split(), "female"),
    **dict.fromkeys("man boy father brother son husband grandfather uncle nephew spokesman".split(), "male"),
}
# The sentences that open an article, where a feature introduces an unnamed protagonist.
_OPENING = 3
# What someone said, as a noun a relative clause can hang on ("comments by X, in which he said").
_REMARKS = frozenset("comment remark speech interview statement address testimony post tweet".split())
_TITLE_GENDERS = {
    **dict.fromkeys("mrs ms miss lady dame queen princess sister mother wife daughter aunt".split(), "female"),
    **dict.fromkeys("mr sir lord king prince brother father husband son uncle".split(), "male"),
}
# Head nouns of descriptions, and the entity types they can stand for.
PERSON_NOUNS = frozenset(
    """
    spokesperson spokesman spokeswoman official minister president envoy ambassador leader chief commander
    general secretary senator governor mayor premier chancellor diplomat negotiator adviser advisor aide
    director head chairman chairwoman chair lawmaker representative prosecutor judge candidate nominee
    admiral colonel lieutenant sergeant brigadier captain
    peer mp congressman congresswoman councillor councilman officer analyst economist researcher professor
    cleric emir sheikh king queen prince founder executive
    """.split()
)
ORG_NOUNS = frozenset(
    """
    group organization organisation movement militia faction party government ministry army military agency
    body authority authorities administration campaign committee council office department force forces
    company firm network coalition alliance rebels militants insurgents court commission bureau union
    agency service team mission
    """.split()
)
# Last words of organisation names, for a proper-noun subject the recogniser missed.
_ORG_HEADS = ORG_NOUNS | frozenset(
    "forum institute centre center foundation observatory watch fund society association league front brigade "
    "brigades command ministry navy police guard".split()
)
# Heads of sources that are documents: the party behind them speaks.
STATEMENT_NOUNS = frozenset(
    "statement release letter post tweet message communique communiqué notice announcement invitation".split()
)
_SPOKESPERSONS = frozenset({"spokesperson", "spokesman", "spokeswoman"})
# Documents that speak for whoever issued them, named once ("Another WHO email …", "a report by the
# committee"): "the email said" is the issuer's.
DOCUMENT_NOUNS = frozenset({"email", "memo", "document", "report", "letter", "statement", "release", "communique"})
# An inquiry and the report of it are one document: "A 1970 investigation by the House Armed
# Services Committee details …. “…,” the report stated."
_FINDINGS = frozenset({"report", "investigation", "inquiry", "study", "review", "probe"})
# How far back (sentences) an issued document is looked for: a release cited near the top is still
# "the release" eleven one-sentence paragraphs down (8 fell short of a CNN story on dev).
_ISSUED_REACH = 20
GPE_NOUNS = frozenset({"country", "state", "nation", "government", "kingdom", "republic", "city"})
ORG_TYPES = {"ORG", "GPE", "NORP"}


_SAYING = frozenset({"say", "tell", "add", "state", "note", "write", "confirm", "explain", "warn"})


def _subject_of_saying(appositive: Token) -> bool:
    """ "… of former President Donald Trump, a US intelligence official said Monday": a phrase the
    parser set in apposition to an object that a verb of saying follows with no comma between is
    that verb's subject, not a description of the name."""
    after = appositive.right_edge.i + 1
    doc = appositive.doc
    # Only after a name that is some other word's object: a subject's second comma is often left
    # out ("Aram Kochar, a Kurdish military official said Isis fighters were wary …").
    if appositive.head.dep_ not in ("pobj", "dobj", "dative"):
        return False
    return after < len(doc) and doc[after].pos_ == "VERB" and doc[after].lemma_.lower() in _SAYING


def _of_time(preposition: Token) -> bool:
    """ "a Dollywood park statement from Sunday night": a preposition giving a time, not an issuer."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition.children)


@dataclass
class Speaker:
    """Who a source span stands for; ``entities`` empty when unresolved."""

    entities: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    how: str = "as_written"  # mention | coordination | pronoun | description | relative | as_written


_RELATIVE_TAIL = re.compile(r",\s*(?:who|whom|whose|which)\b")
# How many sentences back an antecedent is looked for; a gendered pronoun ("she says") with
# nothing that near may reach further, for a subject.
_NEAR = 2
_FAR = 8


class SpeakerResolver:
    """Resolves source spans of one document against its entity clusters."""

    def __init__(
        self,
        doc: Doc,
        entities: Sequence[EntityData],
        text: str | None = None,
        quoted: Sequence[tuple[int, int]] = (),
        reported: Sequence[Sequence[int]] = (),
    ) -> None:
        self.doc = doc
        # Doc.text joins every token on each access: read it once, or take it from a caller that has.
        self.text = doc.text if text is None else text
        self.entities = {e["id"]: e for e in entities}
        # Every mention as (start char, end char, entity id), in text order.
        self.mentions: list[tuple[int, int, str]] = sorted(
            (start, end, e["id"]) for e in entities for start, end in e["mentions"]
        )
        # A "sentence" of punctuation only (the parser may split a closing quotation mark off,
        # 'positions."' ) does not count as a sentence between a pronoun and its antecedent.
        sentences = [sent for sent in doc.sents if any(t.is_alpha for t in sent)]
        self.sentence_starts = [sent.start_char for sent in sentences]
        # The sentences that open the article, where a feature introduces an unnamed protagonist.
        self.opening = doc[: sentences[_OPENING].start] if len(sentences) > _OPENING else doc[:]
        self.role_words = self._role_words()
        # "The Iranian news agency IRNA": the words that describe each organisation, for "the agency".
        self.org_words = self._role_words({"ORG"})
        self.added: dict[str, list[tuple[int, int]]] = {}
        # The genders of the pronouns resolved to each person so far.
        self.pronoun_genders: dict[str, set[str]] = {}
        self._surname_cache: set[str] | None = None
        self._title_cache: dict[str, list[str]] = {}
        # Sources resolved so far, in the order resolve() was called (text order).
        self.sources: list[tuple[Span, Speaker]] = []
        # The content pieces of every attribution in the document: what someone is reported to say.
        self.reported = [(p[0], p[1]) for p in reported]
        self._add_unrecognised_subjects()
        # Character ranges inside quotation marks, in text order (the quotes component's
        # ``quoted_runs``): the words of someone quoted.
        self.quoted = sorted(quoted)

    # ------------------------------------------------------------ lookups

    def _mentions_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [m for m in self.mentions if m[0] >= start and m[1] <= end]

    def _mentions_at(self, at: int) -> list[tuple[int, int, str]]:
        """The mentions whose span holds the character at ``at``."""
        return [m for m in self.mentions if m[0] <= at < m[1]]

    def _role_words(self, types: frozenset[str] | set[str] = frozenset({"PERSON"})) -> dict[str, set[str]]:
        """Words that describe each person (or entity of ``types``) in the text, from appositives and
        premodifiers ("Sam Rose, a spokesperson for UNRWA"; "Israeli Prime Minister Benjamin Netanyahu")."""
        words: dict[str, set[str]] = {}
        for start, end, entity_id in self.mentions:
            entity = self.entities[entity_id]
            if entity["type"] not in types:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            found = words.setdefault(entity_id, set())
            root = span.root
            for child in root.children:
                if child.dep_ == "appos" and not _subject_of_saying(child):
                    found.update(_describing(t) for t in child.subtree if _is_describing(t) and not _owner(t, child))
            # "US envoy Steve Witkoff", "Defence Minister Israel Katz": words before the name.
            i = span.start - 1
            while i >= 0 and self.doc[i].dep_ in {"compound", "amod", "nmod", "poss", "case"}:
                if self.doc[i].dep_ == "case":
                    break  # "the former president Trump's MAGA": what comes before belongs to the owner
                if _is_describing(self.doc[i]):
                    found.add(_describing(self.doc[i]))
                i -= 1
            if root.head.dep_ == "appos" or root.dep_ == "appos":
                head = root.head
                found.update(
                    _describing(t)
                    for t in head.subtree
                    if _is_describing(t) and t.i < span.start and not _owner(t, head)
                )
            found.discard("")
        return words

    def _add_unrecognised_subjects(self) -> None:
        """Proper-noun subjects the entity recogniser missed ("Jan Lukas, a German volunteer …,
        paid tribute …"; "the Hostages and Missing Families Forum urged …") become candidates
        for a pronoun after them, under ids that start with ``~`` and never reach the record."""
        covered = [(start, end) for start, end, _id in self.mentions]
        starts = [start for start, _end in covered]
        found: list[tuple[int, int, str]] = []
        # Proper-noun subjects picked from the token arrays: making a Token for every word of
        # a long article costs more than the rest of this.
        strings = self.doc.vocab.strings
        deps, pos = self.doc.to_array([DEP, POS]).T
        subjects = np.isin(deps, [strings["nsubj"], strings["nsubjpass"]])
        for i in np.flatnonzero(subjects & (pos == strings["PROPN"])):
            token = self.doc[int(i)]
            if not _capitalised_name(token):
                continue
            first = token.i
            while first > 0 and _capitalised_name(self.doc[first - 1]):
                first -= 1
            last = token.i
            # "the Hostages and Missing Families Forum": the parser makes a name with "and" a coordination.
            while last + 1 <= token.right_edge.i and (
                _capitalised_name(self.doc[last + 1]) or self.doc[last + 1].lower_ in ("and", "of", "for")
            ):
                last += 1
            while not _capitalised_name(self.doc[last]):
                last -= 1
            phrase = self.doc[first : last + 1]
            k = bisect.bisect_right(starts, phrase.end_char) - 1
            if k >= 0 and any(covered[j][1] > phrase.start_char for j in range(max(0, k - 3), k + 1)):
                continue  # part of a recognised mention
            words = phrase.text.split()
            if words[-1].lower() in PERSON_NOUNS:
                continue  # a title ("Foreign Minister, Israel Katz,"): the name is in the appositive
            if words[-1].lower() in _ORG_HEADS:
                kind = "ORG"
            elif len(words) >= 2 or _gender_of(words[0].lower()) is not None:
                kind = "PERSON"
            else:
                continue
            entity_id = f"~{len(found)}"
            self.entities[entity_id] = EntityData(
                id=entity_id, name=phrase.text, type=kind, mentions=[[phrase.start_char, phrase.end_char]]
            )
            found.append((phrase.start_char, phrase.end_char, entity_id))
        for mention in found:
            bisect.insort(self.mentions, mention)

    def _sentence_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, char) - 1)

    def _in_quotation(self, start: int, end: int) -> bool:
        """Whether a mention is inside quotation marks (the words of someone quoted)."""
        i = bisect.bisect_right(self.quoted, (start, len(self.text))) - 1
        return i >= 0 and self.quoted[i][0] <= start and end <= self.quoted[i][1]

    def _preceding(self, before: int, types: set[str], gender: str | None = None) -> str | None:
        """The entity a pronoun or description at ``before`` refers back to.

        Candidates are mentions of a fitting type in this and the two previous
        sentences; a subject in this or the previous sentence wins (the topic
        of the discourse), else the nearest mention. With none, a gendered
        pronoun takes the last subject up to eight sentences back.
        """
        here = self._sentence_of(self._before_quotation(before))
        reach = _FAR if gender is not None else _NEAR
        candidates: list[tuple[str, bool, int]] = []
        subjects: list[tuple[int, str, Span]] = []  # each subject mention near, latest first
        said_before: set[str] = set()  # entities that spoke in an attribution within reach
        persons: set[str] = set()  # entities the text shows to be people ("Dalil, …, who sat")
        for start, end, entity_id in reversed(self.mentions):
            if end > before:
                continue
            sentence = self._sentence_of(start)
            if here - sentence > reach:
                break
            entity = self.entities[entity_id]
            if entity["type"] not in types:
                continue
            if gender and entity["type"] == "PERSON" and not self._gender_fits(entity, gender):
                continue
            if gender and self._in_quotation(start, end):
                # "“Shocking images from … Majdal Shams. …,” he said.": "he" is not someone named
                # in what is quoted.
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.root.dep_ in ("dobj", "dative") and span.root.head.lemma_ == "tell":
                continue  # "COGAT told CNN …. It did not …": the one told is not the one who goes on
            if span is not None and span.root.dep_ == "dobj" and span.root.head.lemma_ == "ask" and gender:
                if sentence == here and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in span.root.head.children):
                    # "When I asked Ricardo about their comments, he dismissed them": the one
                    # asked answers.
                    return entity_id
            # A subject is the topic; so is the source of an attribution ("…, according to Abusada").
            spoke = any(
                s.start_char <= start and end <= s.end_char and entity_id in speaker.entities
                for s, speaker in self.sources[-3:]
            )
            if spoke:
                said_before.add(entity_id)
            # The agent of a passive is its subject in all but form: "His statement was echoed by Johnson."
            agent = span is not None and span.root.dep_ == "pobj" and span.root.head.dep_ == "agent"
            # One introduced by a relative clause is a topic too: "as they did to Dalil, from the
            # Turkish city of Batman, who sat alongside Hazam" (the parser may hang the clause elsewhere).
            # Not the object of "she" when "she" is resolved: "she met Campbell, who was …. “…,”
            # she says" goes on with the one who met.
            introduced = bool(_INTRODUCED.match(self.text, end)) and not (
                gender is not None and span is not None and _object_of_pronoun(span, gender)
            )
            if introduced:
                persons.add(entity_id)
            if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"} and here - sentence <= 1:
                subjects.append((start, entity_id, span))
            is_subject = span is not None and (span.root.dep_ in {"nsubj", "nsubjpass"} or agent or spoke or introduced)
            candidates.append((entity_id, is_subject, sentence))
        if gender is not None:
            # The small model tags many a place or garment as a person ("keffiyeh", "al-Nakba"):
            # "he"/"she" refers to one only when no name-shaped person is in reach.
            named = [c for c in candidates if self._name_shaped(self.entities[c[0]]) or c[0] in persons]
            candidates = named or candidates
        near = [c for c in candidates if here - c[2] <= _NEAR]
        # "According to Hisham al-Hashimi, Baghdadi is the last man standing. “…,” he said.": the
        # one who spoke beats the subject of what was said.
        close = {entity_id for entity_id, _is_subject, sentence in near if here - sentence <= 1}
        for source, speaker in reversed(self.sources[-3:]):
            spoke_here = [e for e in speaker.entities if e in said_before and e in close]
            if spoke_here:
                # "France has said it will take back its citizens, but the UK has been more
                # resistant: it says …": a subject named after the speaker, in the article's own
                # words (not in what anyone is reported to say: a resolver given no contents
                # keeps to the speaker), is the one the story turned to.
                turned_to = next(
                    (
                        e
                        for start, e, mention in subjects
                        if e not in speaker.entities
                        and start >= source.end_char
                        and self.reported
                        and not self._reported_at(start)
                        and not self._in_quotation(start, start + 1)
                        and not _opens_subordinate_clause(mention)
                    ),
                    None,
                )
                return turned_to or spoke_here[0]  # the latest speaker, not the nearest one named
        for entity_id, is_subject, sentence in near:
            if is_subject and here - sentence <= 1:
                return entity_id
        # "OCHA reported that … \n “This means … . It also …,” it said.": the one who spoke just
        # before goes on speaking, over places named in between.
        for entity_id, _is_subject, _sentence in near:
            if entity_id in said_before:
                return entity_id
        if near:
            return near[0][0]
        # Nothing in reach: a profile's "she says" after a long quotation still means the
        # person it is about, so the last one who was a subject further back is taken.
        return next((entity_id for entity_id, is_subject, _sentence in candidates if is_subject), None)

    def _reported_at(self, at: int) -> bool:
        """Whether the character at ``at`` is in the content of an attribution."""
        return any(start <= at < end for start, end in self.reported)

    def _before_quotation(self, at: int) -> int:
        """Where the quotation that a pronoun at ``at`` signs off begins ("“…. …. …” she said"),
        else ``at``: the reach back to the antecedent is counted from the words before the quote,
        not through the sentences of the quote itself."""
        i = bisect.bisect_right(self.quoted, (at, 0)) - 1
        if i < 0:
            return at
        start, end = self.quoted[i]
        between = self.text[end:at]
        near = len(between) <= 4 and not any(c.isalnum() for c in between)
        return start if near and signed_off(self.text, end) else at

    def _name_shaped(self, entity: EntityData) -> bool:
        """Whether a person entity's name looks like one: two words or more, or a known given name."""
        words = entity["name"].split()
        if len(words) >= 2 or (bool(words) and _gender_of(words[0].lower()) is not None):
            return True
        # "Matar" beside "Amer Matar" and "Muhammad Nour Matar": a surname the recogniser could not
        # give to one of them is still a person's name.
        if bool(words) and words[0] in self._surnames():
            return True
        # "President Trump", "Lord Carlile": a title before one of its mentions.
        return any(title in TITLES for title in self._titles(entity))

    def _titles(self, entity: EntityData) -> list[str]:
        """The word before each of the entity's mentions, lowercased: its titles, if any ("lord",
        "mrs"). Asked per candidate of every pronoun, so kept (the mentions do not change)."""
        titles = self._title_cache.get(entity["id"])
        if titles is None:
            words = (self.text[max(0, start - 20) : start].split() for start, _end in entity["mentions"])
            titles = [before[-1].lower().rstrip(".") if before else "" for before in words]
            self._title_cache[entity["id"]] = titles
        return titles

    def _surnames(self) -> set[str]:
        if self._surname_cache is None:
            self._surname_cache = {
                e["name"].split()[-1]
                for e in self.entities.values()
                if e["type"] == "PERSON" and len(e["name"].split()) >= 2
            }
        return self._surname_cache

    def _gender_fits(self, entity: EntityData, gender: str) -> bool:
        first = entity["name"].split()[0].lower() if entity["name"] else ""
        known = _gender_of(first) or _TITLE_GENDERS.get(first.rstrip("."))  # "Mrs Zakharova"
        if known is None:
            # A first name of no known gender ("Runner Almasri", the model's word for the sport
            # joined to the name): the pronouns she was already given tell it, or a title ("his
            # sister Ghena", "Mrs Begum").
            told = self.pronoun_genders.get(entity["id"], set())
            told = told or {_TITLE_GENDERS[t] for t in self._titles(entity) if t in _TITLE_GENDERS}
            known = next(iter(told)) if len(told) == 1 else None
        return known is None or known == gender

    # ------------------------------------------------------------ resolution

    def resolve(self, pieces: Sequence[Sequence[int]]) -> Speaker:
        """The speaker of a source given as (start, end) character pieces.

        Call it in text order: a description ("the statement", "the adviser") can refer to a
        source resolved before it.
        """
        speaker = self._resolve(pieces)
        if not speaker.entities and len(pieces) == 1:
            # "35-year-old Barwa Darwish, who came to Jinwar with …": a long relative clause can
            # throw the parse of the whole; the words before it name the speaker.
            tail = _RELATIVE_TAIL.search(self.text, pieces[0][0], pieces[0][1])
            if tail is not None and tail.start() > pieces[0][0]:
                named = self._resolve([(pieces[0][0], tail.start())])
                if named.entities:
                    speaker = named
        if not speaker.entities:
            # "one friend, who prefers not to be named": the name as written stops before the
            # relative clause (the source span keeps it, as PolNeAR's do).
            speaker.names = [_without_relative(name) for name in speaker.names]
        if pieces and (speaker.entities or speaker.names):
            start = min(p[0] for p in pieces)
            end = max(p[1] for p in pieces)
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                self.sources.append((span, speaker))
        return speaker

    def _resolve(self, pieces: Sequence[Sequence[int]]) -> Speaker:
        if not pieces:
            return Speaker()
        start = min(p[0] for p in pieces)
        end = max(p[1] for p in pieces)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        text = self.text[start:end]
        if span is None:
            return Speaker(names=[text])
        first = span[0]
        relative = first.tag_ in ("WP", "WDT") and not first.text.isupper()  # not the WHO
        if len(span) > 1 and relative and first.dep_ in ("nsubj", "nsubjpass"):
            # "Richard Barrett, who was formerly head of the United Nations … monitoring team and is
            # now director of …, said": the tagger took the whole relative clause for the source.
            return self._relative(span[:1], first.text)
        inside = self._mentions_in(span.start_char, span.end_char)
        if (
            inside
            and span.root.lemma_.lower() in STATEMENT_NOUNS
            and any(
                c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and not _of_time(c) for c in span.root.children
            )
        ):
            return self._statement(span, text)  # "the statement from the Forum": the Forum's
        if inside and span.root.lemma_.lower() in STATEMENT_NOUNS | DOCUMENT_NOUNS:
            issuer = self._issued_by_modifier(span.root, inside)
            if issuer is not None:
                return issuer  # "the OAS report", "the IDF statement", "Hamas’s statement"
        if inside:
            return self._from_mentions(span, inside)
        words = [t for t in span if not t.is_punct]
        if len(words) == 1 and words[0].lower_ in {"which", "who", "that"}:
            return self._relative(span, text)
        if len(words) == 1 and words[0].lower_ in PERSON_PRONOUNS:
            # "…, the spokesman said. “…,” he said.": the unnamed one who just spoke goes on
            # speaking, over a namesake of the right gender further back.
            gender = PERSON_PRONOUNS[words[0].lower_]

            def a_person(root: Token) -> bool:
                # "A resident of Caracas who did not want to be identified told CNN …. “…,” he told
                # CNN.": a role or a person noun in the singular, of no other gender than the pronoun.
                if root.pos_ == "PRON":
                    # "A former Russian admiral told Interfax … he believed …. “…,” he said.": the
                    # pronoun before already went on with the unnamed one.
                    return PERSON_PRONOUNS.get(root.lower_) == gender
                if root.pos_ != "NOUN" or root.tag_ != "NN":
                    return False
                if _GENDERED.get(root.lower_, gender) != gender:
                    return False
                if root.lower_ in PERSON_NOUNS:
                    return True
                # Other person nouns only unnamed ones: "the teenager" refers back to someone named.
                indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children)
                return indefinite and root.lemma_.lower() in PEOPLE_NOUNS

            author = self._author_of_remarks(span[0], gender)
            if author is not None:
                return self._pronoun(author, span, text)
            unnamed = self._unnamed_just_before(span, _NEAR, a_person)
            between = self._mentions_in(self._last_source_end(), span.start_char)
            if unnamed is not None and not any(self.entities[m[2]]["type"] == "PERSON" for m in between):
                return unnamed
            found = self._preceding(span.start_char, {"PERSON"}, PERSON_PRONOUNS[words[0].lower_])
            if found is None:
                protagonist = self._opening_protagonist(span, gender)
                if protagonist is not None:
                    return protagonist
                found = self._speaker_of_misread_gender(span, gender)
            return self._pronoun(found, span, text)
        if len(words) == 1 and words[0].lower_ in GROUP_PRONOUNS:
            # "they" is people or a body, rarely a country by its name ("it" is).
            types = ORG_TYPES - {"GPE"} if words[0].lower_ in ("they", "them", "their") else ORG_TYPES
            recent = self._last_source(span, _NEAR)
            if words[0].lower_ == "it" and recent is not None:
                # "“…,” the statement from X and Y continued. “…” it added.": the statement goes on.
                last, speaker = recent
                if last.root.lemma_.lower() in STATEMENT_NOUNS and (speaker.entities or speaker.names):
                    return Speaker(entities=list(speaker.entities), names=list(speaker.names), how="pronoun")
            if words[0].lower_ == "they":
                # "the lawyers representing her said … . “…,” they said.": the unnamed people who
                # just spoke go on speaking.
                people = self._unnamed_just_before(span, 1, lambda r: r.tag_ == "NNS")
                if people is not None:
                    return people
                joint = self._joint_subject(span)
                if joint is not None:
                    return joint
            found = self._preceding(span.start_char, types)
            if found is None and recent is not None and words[0].lower_ == "it":
                # "COGAT told CNN …. It did not …": a name the model did not tag, which just spoke.
                last, speaker = recent
                named = bool(speaker.names) and speaker.names[0].lower() not in GROUP_PRONOUNS
                if last.root.pos_ in ("PROPN", "PRON") and named and not speaker.entities:
                    return Speaker(names=list(speaker.names), how="pronoun")
            if found is None:
                # "The government says that … . They estimate that …": with no named body in reach,
                # the unnamed body that spoke in the sentence before.
                body = self._unnamed_just_before(span, 1, lambda r: r.pos_ == "NOUN" and r.lower_ in ORG_NOUNS)
                if body is not None:
                    return body
            elif words[0].lower_ == "it" and self._only_spoken_of(found, span):
                # "Israel's military said …, though officials have vowed to eliminate Hamas. It
                # later said …": an unnamed body among the last sources goes on speaking.
                body = self._unnamed_just_before(
                    span, 1, lambda r: r.pos_ == "NOUN" and r.lower_ in ORG_NOUNS and r.tag_ == "NN", among=3
                )
                if body is not None:
                    return body
            return self._pronoun(found, span, text)
        return self._description(span, text)

    def _last_source(self, span: Span, reach: int) -> tuple[Span, Speaker] | None:
        """The last source resolved, if it is in ``span``'s sentence or up to ``reach`` before."""
        if not self.sources:
            return None
        last = self.sources[-1]
        if not 0 <= self._sentence_of(span.start_char) - self._sentence_of(last[0].start_char) <= reach:
            return None
        return last

    def _unnamed_just_before(
        self, span: Span, reach: int, fits: Callable[[Token], bool], among: int = 1
    ) -> Speaker | None:
        """The latest of the last ``among`` sources that is written as it is, naming no entity,
        recent (in ``span``'s sentence or up to ``reach`` before) and headed by a word that
        ``fits``: a pronoun right after an unnamed speaker goes on with that speaker."""
        here = self._sentence_of(span.start_char)
        for last, speaker in reversed(self.sources[-among:]):
            if not 0 <= here - self._sentence_of(last.start_char) <= reach:
                return None
            if speaker.entities or len(speaker.names) != 1 or not fits(last.root):
                continue
            if speaker.names[0].lower() in PERSON_PRONOUNS or speaker.names[0].lower() in GROUP_PRONOUNS:
                continue  # a pronoun left unresolved names nobody to go on with
            return Speaker(names=list(speaker.names), how="pronoun")
        return None

    def _last_person_speaker(self, span: Span) -> str | None:
        """The person entity of the last source, if no other person is named since, within reach."""
        if not self.sources:
            return None
        last, speaker = self.sources[-1]
        if len(speaker.entities) != 1 or self.entities[speaker.entities[0]]["type"] != "PERSON":
            return None
        if self._sentence_of(span.start_char) - self._sentence_of(last.start_char) > _FAR:
            return None
        between = self._mentions_in(last.end_char, span.start_char)
        if any(self.entities[m[2]]["type"] == "PERSON" and m[2] != speaker.entities[0] for m in between):
            return None
        return speaker.entities[0]

    def _only_spoken_of(self, entity_id: str, span: Span) -> bool:
        """Whether the entity's last mention before ``span`` is no subject and lies in what someone
        is reported to say ("officials have vowed to eliminate Hamas")."""
        last = max((m for m in self.entities[entity_id]["mentions"] if m[1] <= span.start_char), default=None)
        if last is None or not self._reported_at(last[0]):
            return False
        mention = self.doc.char_span(last[0], last[1], alignment_mode="expand")
        return mention is not None and mention.root.dep_ not in ("nsubj", "nsubjpass")

    def _joint_subject(self, span: Span) -> Speaker | None:
        """The named parties a coordinated subject in this or the sentence before ends with, for
        "they": "His co-defendants, Wael Hana and Fred Daibes, were also found guilty …. They
        declined to comment"; not a subject inside a quotation."""
        here = self._sentence_of(span.start_char)
        start = self.sentence_starts[max(0, here - 1)]
        for token in reversed(self.doc[: span.start]):
            if token.idx < start:
                return None
            if token.dep_ not in ("nsubj", "nsubjpass") or self._in_quotation(token.idx, token.idx + 1):
                continue
            subject = self.doc[token.left_edge.i : token.right_edge.i + 1]
            # Mentions the subject overlaps: the parser may leave part of a name out of it.
            touched = [m for m in self.mentions if m[0] < subject.end_char and subject.start_char < m[1]]
            chain = _named_in_coordination(self.text, touched)
            parties = [i for i in chain if self.entities[i]["type"] in ORG_TYPES | {"PERSON"}]
            # The subject's own head is one of them: not "Mount Sinjar, a massif between Iraq and Syria".
            heads = [m[2] for m in touched if m[0] <= token.idx < m[1]]
            if len(parties) > 1 and len(parties) == len(chain) and any(h in parties for h in heads):
                return Speaker(entities=parties, names=[self.entities[i]["name"] for i in parties], how="pronoun")
            return None  # the nearest subject is no coordination of parties
        return None

    def _speaker_of_misread_gender(self, span: Span, gender: str) -> str | None:
        """With no one of the pronoun's gender in reach, the person who just spoke when only the
        given-name list said otherwise: "Ilham Ahmed said: “…” … she said" (the list has Ilham as a
        man's name); not one whose pronouns or title in the text tell the other gender."""
        if not self.sources or len(self.sources[-1][1].entities) != 1:
            return None
        last, speaker = self.sources[-1]
        here = self._sentence_of(span.start_char)
        if self._sentence_of(last.start_char) == here:
            return None  # "When Anna Campbell told her father …, he made a joke": someone else in her sentence
        # The speaker's own quotation after the source ("Ahmed said: “…. …. …”") is not counted.
        said_to = last.end_char
        for start, end in self.quoted:
            gap = self.text[said_to:start]
            if start >= said_to and len(gap) <= 16 and not any(c in gap for c in ".?!") and end <= span.start_char:
                said_to = end
        if here - self._sentence_of(said_to) > 1:
            return None
        entity = self.entities[speaker.entities[0]]
        if entity["type"] != "PERSON" or not self._name_shaped(entity):
            return None
        told = self.pronoun_genders.get(entity["id"], set())
        told = told | {_TITLE_GENDERS[t] for t in self._titles(entity) if t in _TITLE_GENDERS}
        return entity["id"] if told <= {gender} else None

    def _last_source_end(self) -> int:
        return self.sources[-1][0].end_char if self.sources else 0

    def _note(self, entity_id: str, span: Span) -> None:
        """Record a resolved pronoun or description as a mention of its entity, which later
        pronouns can then refer back to: a run of "she said" keeps its speaker however long."""
        self.added.setdefault(entity_id, []).append((span.start_char, span.end_char))
        bisect.insort(self.mentions, (span.start_char, span.end_char, entity_id))

    def _pronoun(self, entity_id: str | None, span: Span, text: str) -> Speaker:
        if entity_id is None:
            return Speaker(names=[text])
        self._note(entity_id, span)
        if text.lower() in PERSON_PRONOUNS:
            self.pronoun_genders.setdefault(entity_id, set()).add(PERSON_PRONOUNS[text.lower()])
        if _unrecognised(entity_id):
            return Speaker(names=[self.entities[entity_id]["name"]], how="pronoun")
        return Speaker(entities=[entity_id], names=[self.entities[entity_id]["name"]], how="pronoun")

    def _from_mentions(self, span: Span, inside: list[tuple[int, int, str]]) -> Speaker:
        unrecognised = [m for m in inside if _unrecognised(m[2]) and m[0] <= span.root.idx < m[1]]
        inside = [m for m in inside if not _unrecognised(m[2])]
        if unrecognised and not any(s <= span.root.idx < e for s, e, _i in inside):
            # "Maya Foa, director of Reprieve, …": the head is a name the recogniser missed;
            # the organisation in its description is not the speaker.
            return Speaker(names=[self.entities[unrecognised[0][2]]["name"]])
        if not inside:
            return self._description(span, self.text[span.start_char : span.end_char])
        ids: list[str] = []
        for _start, _end, entity_id in inside:
            if entity_id not in ids:
                ids.append(entity_id)
        if len(ids) > 1 and _is_coordination(span):
            # Joint speakers: every conjunct that is an entity mention.
            conjuncts = _conjunct_tokens(span)
            joint = [i for s, e, i in inside if any(s <= t.idx < e for t in conjuncts)]
            joint = list(dict.fromkeys(joint))
            if len(joint) > 1:
                return Speaker(entities=joint, names=[self.entities[i]["name"] for i in joint], how="coordination")
        root = _subject_head(span)

        def holding(token: Token) -> str | None:
            return _longest_holding(inside, token)

        chosen = holding(root)
        if chosen is None:
            # "Israel's Defence Minister, Yoav Gallant": the appositive names the speaker.
            for child in root.children:
                # "The UN refugee agency, UNHCR, says": the parser may hang the name set off by
                # commas as an adverbial noun.
                set_off = child.dep_ == "npadvmod" and child.pos_ == "PROPN"
                set_off = set_off and child.i > 0 and child.nbor(-1).text == ","
                if (child.dep_ == "appos" or set_off) and holding(child) is not None:
                    chosen = holding(child)
                    break
        if chosen is None and root.pos_ == "NOUN":
            # "The US special envoy for Syria, James Jeffrey,": a person's name set off at the end
            # of a description is the speaker, however the parser hung it.
            start, end, last = max(inside)
            after = self.text[end : span.end_char]
            named = {i for _s, _e, i in inside if self.entities[i]["type"] == "PERSON"}
            if (
                named == {last}  # not "his adviser, John Bolton, and secretary of state, Mike Pompeo"
                and root.lemma_.lower() not in ORG_NOUNS | GPE_NOUNS  # "the government of its president, X"
                and self.text[max(0, start - 8) : start].rstrip().endswith(",")
                and start > span.start_char
                and not after.strip(" ,")
            ):
                chosen = last
        if chosen is None and (root.pos_ == "NOUN" or root.is_lower):
            # "the Hamas-run health ministry in Gaza": the names only modify a description. One
            # of a person may still name someone met before ("the Israeli prime minister").
            text = self.text[span.start_char : span.end_char]
            if _name_given(root) is not None:
                # "the 26-year-old, who called himself Abu Saad": the name the speaker goes by.
                return self._description(span, text)
            # Not one anchored by a complement of its own ("the spokesperson for António Guterres").
            if root.lemma_.lower() in PERSON_NOUNS and not any(c.dep_ == "prep" for c in root.children):
                described = self._description(span, text)
                # "Unlike Donald Trump, …, the SDF spokesman described …": an organisation's
                # spokesman is a person known in that role, not whoever was named last.
                noun = root.lemma_.lower()
                for_a_body = noun in _SPOKESPERSONS and any(self.entities[i]["type"] == "ORG" for _s, _e, i in inside)
                if described.entities and (
                    not for_a_body or all(noun in self.role_words.get(i, set()) for i in described.entities)
                ):
                    return described
            return Speaker(names=[text])
        if chosen is None and _capitalised_name(root) and inside[0][0] > root.idx:
            # "IRNA, monitored by the BBC in London, said": a name the recogniser missed heads the
            # source; the names after it only describe it.
            name = [t for t in root.lefts if t.dep_ == "compound" and t.i >= span.start] + [root]
            return Speaker(names=[self.text[name[0].idx : root.idx + len(root.text)]])
        if chosen is None:
            persons = [i for i in ids if self.entities[i]["type"] == "PERSON"]
            chosen = persons[0] if persons else ids[0]
        return Speaker(entities=[chosen], names=[self.entities[chosen]["name"]], how="mention")

    def _relative(self, span: Span, text: str) -> Speaker:
        """ "the ministry, which said …": the speaker is the relative pronoun's antecedent."""
        verb = span.root.head
        if verb.dep_ != "relcl" or verb.head is verb:
            return Speaker(names=[text])
        antecedent = verb.head
        if span.root.lower_ == "who" and antecedent.dep_ == "pobj" and antecedent.head.dep_ == "prep":
            # "Yair Lapid of the opposition Labor party, who wrote on X": "who" is the person the
            # "of" phrase describes, when a person is named there.
            owner = antecedent.head.head
            if any(self.entities[m[2]]["type"] == "PERSON" for m in self._mentions_at(owner.idx)):
                antecedent = owner
        left = antecedent.left_edge.i
        phrase = self.doc[left : antecedent.i + 1]
        while len(phrase) > 1 and (phrase[-1].is_punct or phrase[-1].is_space):
            phrase = phrase[:-1]
        for child in antecedent.children:
            # Keep "in Gaza" after the noun, stop before the relative clause itself.
            if child.dep_ == "prep" and child.i > antecedent.i and child.i < verb.i:
                phrase = self.doc[left : child.right_edge.i + 1]
        resolved = self._resolve([(phrase.start_char, phrase.end_char)])
        if resolved.entities:
            resolved.how = "relative"
        return resolved

    def _description(self, span: Span, text: str) -> Speaker:
        head = span.root
        noun = head.lemma_.lower()
        alias = _name_given(head)
        if alias is not None:
            # "said the 26-year-old, who called himself Abu Saad": the name the speaker goes by.
            named = self._mentions_in(alias.start_char, alias.end_char)
            if named:
                return self._described(named[0][2], span)
            return Speaker(names=[alias.text], how="description")
        if noun in DOCUMENT_NOUNS and head.tag_ == "NN":
            issuer = self._issuer(span)
            if issuer is not None:
                return self._described(issuer, span)
        if noun in STATEMENT_NOUNS:
            return self._statement(span, text)
        # "his mother" is as definite as "the mother" (a possessive name, "Egypt's foreign minister",
        # is not: the ministers met before may be other countries').
        definite = any(
            t.lower_ in {"the", "this", "that"} or (t.dep_ == "poss" and t.pos_ == "PRON") for t in span if t.i < head.i
        )
        if not definite:
            return Speaker(names=[text])  # "a resident", "officials": not a reference back
        if noun in _SPOKESPERSONS:
            body = self._body_just_spoken(span)
            if body is not None:
                return self._described(body, span)
        earlier = self._earlier_source(span, noun) or self._earlier_subject(span, head, noun)
        if earlier is not None:
            return earlier
        if head.tag_ == "NNS" and noun not in ORG_NOUNS and noun not in GPE_NOUNS:
            return Speaker(names=[text])  # "the activists said": several people, not one named before
        described = [i for i, words in self.role_words.items() if noun in words]
        before = [i for i in described if self._first_mention(i) < span.start_char]
        # A body's noun ("the government", "the choir") describes no person, whatever words a
        # person's description shares with it.
        if noun in PERSON_NOUNS or (before and noun not in ORG_NOUNS and noun not in GPE_NOUNS):
            if len(before) == 1:
                return self._described(before[0], span)
            # "the Israeli prime minister" among several ministers: the one whose own description
            # shares most of its words.
            modifiers = {t.lemma_.lower() for t in span if t.i < head.i and _is_describing(t)}
            scored = sorted(((len(modifiers & self.role_words[i]), i) for i in before), reverse=True)
            if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
                return self._described(scored[0][1], span)
            found = self._before_own_words(span, {"PERSON"}, subjects=False)
            if found and (not described or found in described):
                return self._described(found, span)
            # "“…,” Guterres said. [two sentences] “…” the secretary general said.": past a long
            # stretch with no person in it, the person who spoke last is the one described.
            last = self._last_person_speaker(span)
            if last is not None and (not described or last in described):
                return self._described(last, span)
            return Speaker(names=[text])
        if noun in ORG_NOUNS or noun in GPE_NOUNS:
            same = self._named_exactly(span)
            if same is not None:
                return self._described(same, span)  # "The state department", named so elsewhere
            types = {"ORG"} if noun in ORG_NOUNS and noun not in GPE_NOUNS else {"ORG", "GPE"}
            if noun in {"group", "movement", "militia", "faction", "rebels", "militants", "insurgents"}:
                types = {"ORG", "NORP"}
            found = (
                self._named_with(noun, span.start_char, types)
                or self._described_as(noun, span.start_char)
                or self._before_own_words(span, types, subjects=True)
            )
            # "The prime minister's office" is not the Foreign Office named before: an owner says
            # which body, and the body's name must hold it ("the sheriff's office", Benton County
            # Sheriff's Office); a country owns any ("the country's top court").
            owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
            if found and owner is not None and owner.lemma_.lower() not in GPE_NOUNS:
                found = found if owner.lemma_.lower() in self.entities[found]["name"].lower() else None
            if found:
                return self._described(found, span)
        return Speaker(names=[text])

    def _before_own_words(self, span: Span, types: set[str], *, subjects: bool) -> str | None:
        """The entity a description refers back to, not one named earlier in its own sentence,
        which is (for a source at the end) what it says: "… at the Detroit Metropolitan Airport
        …, the agency said", "Crooks did not appear to have …, the official said". A body that
        is the subject there may speak of itself ("The FBI is investigating …, the agency said");
        a person is not named in their own words and then described."""
        found = self._preceding(span.start_char, types)
        if found is None:
            return None
        here = self._sentence_of(span.start_char)
        last = max((m for m in self.entities[found]["mentions"] if m[1] <= span.start_char), default=None)
        if last is None or self._sentence_of(last[0]) != here:
            return found
        mention = self.doc.char_span(last[0], last[1], alignment_mode="expand")
        if subjects and mention is not None and mention.root.dep_ in ("nsubj", "nsubjpass"):
            return found
        return self._preceding(self.sentence_starts[here], types)

    def _body_just_spoken(self, span: Span) -> str | None:
        """The organisation or state that spoke in this or the sentence before: "…, the US State
        Department said. “…” the spokesperson said." speaks for it (an unnamed spokesperson, not one
        named further back)."""
        recent = self._last_source(span, 1)
        if recent is None:
            return None
        last_span, last = recent
        if len(last.entities) != 1 or self.entities[last.entities[0]]["type"] not in ("ORG", "GPE"):
            return None
        named = self._mentions_in(last_span.end_char, span.start_char)
        if any(self.entities[m[2]]["type"] == "PERSON" for m in named):
            return None  # someone named in between may be the one described
        return last.entities[0]

    def _issuer(self, span: Span) -> str | None:
        """The party that issued the document "the email" stands for: the nearest earlier mention
        of such a document naming its issuer ("Another WHO email sent a few days later", "a
        Pentagon statement", "a report by the House Armed Services Committee")."""
        head = span.root
        if not any(t.lower_ in ("the", "this", "that") for t in span if t.i < head.i):
            return None
        noun = head.lemma_.lower()
        first_sentence = self.sentence_starts[max(0, self._sentence_of(span.start_char) - _ISSUED_REACH)]
        for token in reversed(self.doc[: span.start]):
            if token.idx < first_sentence:
                return None
            lemma = token.lemma_.lower()
            same = lemma == noun or (lemma in _FINDINGS and noun in _FINDINGS)
            if not same or token.pos_ != "NOUN":
                continue
            parts = [c for c in token.children if c.dep_ in ("compound", "poss", "nmod") and c.i < token.i]
            # "a report by the committee"; "a statement issued by foreign ministry spokesperson X"
            preps = [c for c in token.children if c.lower_ in ("by", "from", "of")]
            preps += [p for c in token.children if c.dep_ == "acl" for p in c.children if p.dep_ == "agent"]
            parts += [g for c in preps for g in c.children if g.dep_ == "pobj"]
            for part in parts:
                found = self._mentions_in(part.left_edge.idx, part.right_edge.idx + len(part.right_edge.text))
                # A name the parser split ("Carrier Strike Group 2", its "2" hung elsewhere) still holds the part.
                found = found or self._mentions_at(part.idx)
                if found and self.entities[found[-1][2]]["type"] in ("ORG", "GPE", "NORP", "PERSON"):
                    return found[-1][2]
        return None

    def _named_exactly(self, span: Span) -> str | None:
        """The body whose name is the description's words, wherever the model found it named so
        ("The state department says …", untagged here, tagged further on)."""
        words = " ".join(t.lower_ for t in span if t.dep_ != "det" and not t.is_punct)
        if " " not in words:
            return None  # "the court" alone names no court: the model's "Court" is a stray
        found = [
            i
            for i, entity in self.entities.items()
            if entity["type"] in ORG_TYPES and entity["name"].lower() == words and not _unrecognised(i)
        ]
        return found[0] if len(found) == 1 else None

    def _named_with(self, noun: str, before: int, types: set[str]) -> str | None:
        """The last entity before ``before`` whose name holds the noun: "the department" after
        the US State Department, "the ministry" after the Health Ministry."""
        for start, _end, entity_id in reversed(self.mentions):
            if start >= before or _unrecognised(entity_id):
                continue
            entity = self.entities[entity_id]
            if entity["type"] in types and noun in entity["name"].lower().split():
                return entity_id
        return None

    def _described_as(self, noun: str, before: int) -> str | None:
        """The last organisation before ``before`` described by the noun: "the agency" after "the
        Iranian news agency IRNA"."""
        for start, _end, entity_id in reversed(self.mentions):
            if start < before and noun in self.org_words.get(entity_id, ()):
                return entity_id
        return None

    def _author_of_remarks(self, pronoun: Token, gender: str) -> str | None:
        """ "comments by … Yoav Gallant back in June 2023, in which he said …": the pronoun of a
        relative clause on someone's remarks is their author, however recent another speaker."""
        verb = pronoun.head
        if pronoun.dep_ != "nsubj" or verb.dep_ != "relcl" or verb.head.lemma_.lower() not in _REMARKS:
            return None
        remarks = verb.head
        authors = [c for c in remarks.children if c.dep_ == "poss"]
        authors += [g for c in remarks.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children]
        for author in authors:
            held = [m for m in self._mentions_at(author.idx) if self.entities[m[2]]["type"] == "PERSON"]
            if held and self._gender_fits(self.entities[held[0][2]], gender):
                return held[0][2]
        return None

    def _issued_by_modifier(self, document: Token, inside: list[tuple[int, int, str]]) -> Speaker | None:
        """The party named as a document's modifier ("the OAS report", "Hamas’s statement") issued it."""
        for child in document.children:
            if child.dep_ not in ("compound", "poss") or child.i > document.i:
                continue
            entity_id = _longest_holding(inside, child)
            if entity_id is not None:
                return Speaker(entities=[entity_id], names=[self.entities[entity_id]["name"]], how="description")
        return None

    def _statement(self, span: Span, text: str) -> Speaker:
        """A statement as source: "the statement from the Forum" is the Forum's; "the statement
        continued", "a statement read" go on with the source just before."""
        for child in span.root.children:
            if (
                child.dep_ == "prep"
                and child.lower_ in ("from", "by", "of")
                and child.i < span.end
                and not _of_time(child)
            ):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.right_edge.i < span.end:
                    party = self.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
                    found = self._resolve([(party.start_char, party.end_char)])
                    found.how = "description"
                    return found
        if self.sources:
            last_span, last = self.sources[-1]
            if self._sentence_of(span.start_char) - self._sentence_of(last_span.start_char) <= _NEAR:
                return Speaker(entities=list(last.entities), names=list(last.names), how="description")
        return Speaker(names=[text])

    def _earlier_source(self, span: Span, noun: str) -> Speaker | None:
        """ "the adviser" after "…, a senior Trump campaign adviser said": an earlier source left
        as written, with the same head noun in the same number, is the one described again."""
        for earlier_span, earlier in reversed(self.sources):
            if earlier_span.start_char >= span.start_char:
                continue
            root = earlier_span.root
            # "a National Security Council Spokesperson said" (capitalised, maybe tagged as a body):
            # still the role, unnamed.
            plural = root.tag_ in ("NNS", "NNPS")
            same_number = plural == (span.root.tag_ in ("NNS", "NNPS"))
            if root.lemma_.lower() == noun and root.pos_ in ("NOUN", "PROPN") and same_number:
                named_since = [
                    i
                    for i, words in self.role_words.items()
                    if noun in words
                    and any(earlier_span.start_char < m[0] < span.start_char for m in self.entities[i]["mentions"])
                ]
                if named_since:
                    return None  # "Aram Kochar, the official, …" named the one described after that source
                if len(earlier.entities) == 1:
                    return self._described(earlier.entities[0], span)  # a mention of it, for a pronoun after
                return Speaker(entities=list(earlier.entities), names=list(earlier.names), how="description")
        return None

    def _earlier_subject(self, span: Span, head: Token, noun: str) -> Speaker | None:
        """ "The Syrian rebel commander stared at … . “…,” the rebel commander said": an unnamed
        subject described alike in the article's opening sentences (same head, its words among the
        earlier ones), with no one named for that role since, is the one described again, as first
        written. (Further in, "the Ohio senator" is more often someone named before.)"""
        words = {t.lemma_.lower() for t in head.lefts if t.dep_ in ("amod", "compound")}
        for token in reversed(self.doc[: min(span.start, self.opening.end)]):
            if token.lemma_.lower() != noun or token.tag_ != head.tag_ or not self._unnamed_subject(token):
                continue
            before = {t.lemma_.lower() for t in token.lefts if t.dep_ in ("amod", "compound")}
            if not words <= before:
                continue
            named_since = [
                i
                for i, role in self.role_words.items()
                if noun in role and any(token.idx < m[0] < span.start_char for m in self.entities[i]["mentions"])
            ]
            if named_since:
                return None
            return Speaker(names=[self._as_written(token)], how="description")
        return None

    def _opening_protagonist(self, span: Span, gender: str) -> Speaker | None:
        """ "The Syrian rebel commander stared at … . “…,” he said": with no one named in reach, a
        pronoun right after an unnamed person a feature opens with is that person."""
        if self._sentence_of(span.start_char) > _OPENING:
            return None
        for token in self.doc[: min(span.start, self.opening.end)]:
            noun = token.lemma_.lower()
            if token.tag_ != "NN" or not self._unnamed_subject(token):
                continue
            if noun not in PERSON_NOUNS and noun not in PEOPLE_NOUNS or _GENDERED.get(noun, gender) != gender:
                continue
            return Speaker(names=[self._as_written(token)], how="pronoun")
        return None

    def _unnamed_subject(self, token: Token) -> bool:
        """A definite noun subject naming no entity: "The Syrian rebel commander stared at …" (the
        parser may make it a noun with a clause on it, the root)."""
        return (
            token.pos_ == "NOUN"
            and token.dep_ in ("nsubj", "nsubjpass", "ROOT")
            and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            and not self._mentions_at(token.idx)
        )

    def _as_written(self, head: Token) -> str:
        """A description as first written, up to its head, for a speaker named by it."""
        phrase = self.text[head.left_edge.idx : head.idx + len(head.text)]
        return phrase[:1].lower() + phrase[1:]

    def _described(self, entity_id: str, span: Span) -> Speaker:
        self._note(entity_id, span)
        if _unrecognised(entity_id):
            return Speaker(names=[self.entities[entity_id]["name"]], how="description")
        return Speaker(entities=[entity_id], names=[self.entities[entity_id]["name"]], how="description")

    def _first_mention(self, entity_id: str) -> int:
        return min(s for s, _e in self.entities[entity_id]["mentions"])


def _longest_holding(inside: Sequence[tuple[int, int, str]], token: Token) -> str | None:
    """The entity of the longest mention holding ``token`` ("Hamas-run health ministry" over "Hamas")."""
    found = [(end - start, entity_id) for start, end, entity_id in inside if start <= token.idx < end]
    return max(found)[1] if found else None


# Words that make the clause they open subordinate: "if Trump chose …", "whom Trump saw as …".
_SUBORDINATORS = frozenset(
    "if when whenever whom who whose which that as because while after before since although though unless "
    "until once where whereas".split()
)
_CLAUSE_BREAKS = frozenset({",", ";", ":", "–", "—", "-", "(", ")"})


def _opens_subordinate_clause(mention: Span) -> bool:
    """Whether the mention is the subject of a subordinate clause: a subordinating word before it,
    back to the last clause break, that hangs on the mention's own verb."""
    verb = mention.root.head
    for token in reversed(mention.doc[mention.sent.start : mention.start]):
        if token.text in _CLAUSE_BREAKS:
            return False
        # Only a word of the mention's own clause: in "the fury that erupted … about the way Harris
        # punctuated …", "that" opens another.
        if token.lower_ in _SUBORDINATORS and token.head.i == verb.i:
            return True
    return False


def _object_of_pronoun(span: Span, gender: str) -> bool:
    """Whether the span is the object of a verb (or of its preposition) whose subject is a
    pronoun of that gender."""
    verb = span.root.head
    if verb.dep_ == "prep":
        verb = verb.head
    return any(c.dep_ == "nsubj" and PERSON_PRONOUNS.get(c.lower_) == gender for c in verb.children)


# A person's name followed by a relative clause about them, maybe after a short description.
_INTRODUCED = re.compile(r",(?:[^,.;“”\"]{1,60},)? who\b")


def signed_off(text: str, end: int) -> bool:
    """Whether the quotation closing at ``end`` leaves its sentence open for the words that sign
    it off ("…,” she said", "…?” asked Waddah"); after "….” a new sentence begins."""
    return end >= 2 and text[end - 2] in ",?!"


_REFLEXIVES = frozenset({"himself", "herself", "themselves"})


def _name_given(head: Token) -> Span | None:
    """The name in "…, who called himself Abu Saad", "who gave her name as Umm Ahmed", "who asked
    to be identified only as Ahmed", said of a description."""
    for clause in head.children:
        if clause.dep_ != "relcl":
            continue
        lemma = clause.lemma_.lower()
        candidates: list[Token] = []
        if lemma in ("call", "name") and any(c.lower_ in _REFLEXIVES for c in clause.children if c.dep_ == "dobj"):
            candidates = [c for c in clause.children if c.dep_ in ("oprd", "xcomp", "attr", "dobj")]
        verbs = [clause, *(c for c in clause.children if c.dep_ == "xcomp")]
        if lemma == "give" and any(c.lower_ == "name" for c in clause.children if c.dep_ == "dobj"):
            verbs = [clause]
        elif lemma == "give" or not any(v.lemma_.lower() in ("identify", "name") for v in verbs[1:]):
            verbs = []
        candidates += [g for v in verbs for c in v.children if c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
        for name in candidates:
            if name.pos_ == "PROPN":
                first = min((t.i for t in name.lefts if t.pos_ == "PROPN" and t.dep_ == "compound"), default=name.i)
                return head.doc[first : name.i + 1]
    return None


def _subject_head(span: Span) -> Token:
    """The span's head; of several (the parser may hang a leading "CNN" of "CNN Political
    Analyst Barak Ravid" on the verb), the verb's subject."""
    if span.root.dep_ in ("nsubj", "nsubjpass", "ROOT"):
        return span.root
    heads = [t for t in span if not span.start <= t.head.i < span.end]
    # Not a relative pronoun the source ran on to: "the lawyer Philippe Sands who said".
    subjects = (t for t in heads if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ not in ("WP", "WDT"))
    return next(subjects, span.root)


def _owner(token: Token, phrase: Token) -> bool:
    """Whether ``token`` is in a possessor within ``phrase`` ("the choir" of "Fei Tang, the choir’s
    founder"): what the person belongs to, not what the person is. Anything before the owner's
    mark counts, however parsed ("the former president Trump’s campaign manager")."""
    marks = [t.i for t in phrase.subtree if t.dep_ == "case" and t.i < phrase.i]
    if marks and token.i < max(marks):
        return True
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == phrase.i:
            return False
        if ancestor.dep_ == "poss":
            return True
    return False


def _is_describing(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN", "ADJ")


def _describing(token: Token) -> str:
    """A describing word's lemma; a vice president or deputy minister is not "the president"."""
    if token.i > 0 and token.doc[token.i - 1].lower_ in ("vice", "deputy"):
        return ""
    return token.lemma_.lower()


def _capitalised_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def _without_relative(name: str) -> str:
    """A name as written without a relative clause that names nobody ("one friend, who prefers
    not to be named" -> "one friend"); one that names ("…, who uses the nom de guerre Adnan
    Afrini") is kept."""
    parts = _RELATIVE_TAIL.split(name, maxsplit=1)
    if len(parts) == 1 or any(word[:1].isupper() for word in parts[1].split()):
        return name
    return parts[0].rstrip(" ,") or name


def _unrecognised(entity_id: str) -> bool:
    return entity_id.startswith("~")


def _is_coordination(span: Span) -> bool:
    return any(t.dep_ == "cc" for t in span) and any(t.dep_ == "conj" for t in span)


def _named_in_coordination(text: str, inside: Sequence[tuple[int, int, str]]) -> list[str]:
    """The entities of the mentions that end a span joined by commas and "and" ("New Jersey
    businessmen Wael Hana and Fred Daibes" -> Wael Hana, Fred Daibes), or [] when it ends otherwise."""
    mentions = sorted(m for m in inside if not _unrecognised(m[2]))
    if not mentions:
        return []
    chain = [mentions[-1]]
    joined = False
    for mention in reversed(mentions[:-1]):
        gap = text[mention[1] : chain[-1][0]]
        if gap not in (", ", " and ", ", and "):
            break
        joined = joined or "and" in gap
        chain.append(mention)
    ids = list(dict.fromkeys(m[2] for m in reversed(chain)))
    return ids if joined and len(ids) > 1 else []


def _conjunct_tokens(span: Span) -> list[Token]:
    root = span.root
    tokens = [root]
    stack = [root]
    while stack:
        token = stack.pop()
        for child in token.children:
            if child.dep_ == "conj" and span.start <= child.i < span.end:
                tokens.append(child)
                stack.append(child)
    return tokens


def _gender_of(first_name: str) -> str | None:
    """'male' or 'female' when the given-name list is sure, else None."""
    if first_name not in given_names():
        return None
    guess = str(name_detector().get_gender(first_name.capitalize()))
    if guess == "male":
        return "male"
    if guess == "female":
        return "female"
    return None
