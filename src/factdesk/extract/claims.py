"""Numeric claims: tolls and counts, with what they count, their hedge, period, place and source.

A number becomes a claim when the parse ties it to a toll: a noun that is itself
counted ("three rockets", "251 hostages") or a predicate over the people counted
("430 Palestinians have been killed", "killed at least 13", "45 injured"). The
source comes from the attribution layer: a figure inside a quote's content is
the quote's speaker's; a figure outside every quote is the article's own (null).

Written by hand over spaCy's parse: no library ties numbers to what they count,
and the categories, hedges and sources follow factdesk's annotation guide
(``../shared/annotation/claims-and-quotes.md``).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TypedDict

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factdesk.extract.attribution_features import SPEECH_MIN_PRIOR, sentence_index
from factdesk.extract.base import SafeComponent
from factdesk.extract.entities import EntityData, as_plain
from factdesk.extract.lexicons import (
    ARMED_GROUP_WORDS,
    CAPITAL_STATES,
    FULL_MONTHS,
    LABEL_WORDS,
    MONTHS,
    NOT_TOLL_UNITS,
    PEOPLE_NOUNS,
    TOLL_NOUNS,
    TOLL_PREDICATES,
)
from factdesk.extract.quantities import VAGUE, Quantity, find_quantities
from factdesk.extract.quotes import QuoteData, default_tagger, is_action

FACTORY = "factdesk_claims_v1"


class ClaimSourceData(TypedDict):
    name: str
    entity: str | None
    span: list[int] | None


class ClaimData(TypedDict):
    """One claim as stored on ``doc._.fd_claims`` (plain data, so docs pickle)."""

    category: str
    value: int | float
    low: int | float | None
    high: int | float | None
    qualifier: str | None
    subject: str | None
    number: list[int]
    evidence: list[int]
    source: ClaimSourceData | None
    quote: int | None  # index into doc._.fd_quotes of the quote that attributes the figure
    period: list[int] | None
    location: list[int] | None


if not Doc.has_extension("fd_claims"):
    Doc.set_extension("fd_claims", default=None)

# Heads of a clause's core arguments: the predicate that says what happened to the counted.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "appos"})
# Children of a predicate that carry its meaning ("confirmed dead", "believed to be missing").
_COMPLEMENT_DEPS = frozenset({"acomp", "xcomp", "oprd", "attr", "ccomp", "advcl", "conj", "dobj"})
_MODIFIER_DEPS = frozenset({"acl", "relcl", "amod"})
# Words of aid; money needs one of the first kind close by, aid goods may have any in the sentence.
_AID_CORE = r"aid|humanitarian|assistance|relief|appeal|pledg\w*|donat\w*"
_AID_MONEY = re.compile(rf"\b({_AID_CORE})\b", re.IGNORECASE)
_AID_WORDS = re.compile(rf"\b({_AID_CORE}|food|shelter|supplies|reconstruction)\b", re.IGNORECASE)
# Money for politics is no aid, however it is given ("donated $5 million to … a super PAC").
_POLITICAL = re.compile(r"\b(?:PACs?|megadonors?|fundrais\w*|campaign (?:coffers|donations?|finance))\b")
_NOT_VIOLENT_ATTACKS = frozenset("heart panic anxiety asthma shark dog bear snake wolf animal".split())
# What tolls are not counted in, though a toll word may govern them ("destroyed 4 homes").
_THINGS = frozenset(
    "home house building residence structure vehicle car truck tank boat ship plane aircraft helicopter "
    "school hospital shop store road bridge acre hectare tree animal cattle sheep livestock bird dog "
    "document file page case charge count crime offence offense position village town city area territory "
    "base post checkpoint weapon wave round fire blaze wildfire storm flood brigade division battalion "
    "regiment platoon squadron fortification equipment weaponry jet warplane target location site venue".split()
)
# Currencies written after a number; wire copy abbreviates ("12 billion dlrs", "50 mln stg").
_MONEY_WORDS = frozenset(
    "dollars dollar dlrs dlr euros euro pounds stg yen francs marks lire rupees roubles rubles shekels yuan "
    "riyals dinars".split()
)
_WEIGHTS = frozenset({"pound", "lb", "kg", "kilogram"})
_SENTENCING = frozenset({"sentence", "condemn"})
_HUMAN_TOLLS = frozenset({"killed", "injured", "displaced", "detained", "missing", "hostages", "other_toll"})
_INTENDING = frozenset({"intend", "refuse", "plan", "want", "threaten", "vow", "decline"})
_TRADE_VERBS = frozenset({"buy", "purchase", "import", "export", "sell", "produce", "ship", "trade"})
# Causes that are no conflict or violence: "an earthquake that killed up to 1,000 people" is no claim.
_NATURAL_CAUSES = frozenset(
    "earthquake quake flood flooding storm hurricane cyclone typhoon tornado tsunami landslide mudslide avalanche "
    "drought heatwave eruption accident crash collision collapse "
    # diseases kill, but they are no violence: "the virus, which claims the lives of 1,300 children daily"
    "virus disease cholera malaria measles polio illness epidemic cancer "
    "rain rainfall monsoon heat heatstroke".split()
)
# What people may be buried under alive, trapped or missing rather than dead.
_RUBBLE = frozenset({"rubble", "debris", "ruin", "ruins", "wreckage", "snow", "mud", "landslide"})
# What people are treated for when they are the injured.
_WOUNDS = frozenset({"injury", "wound", "burn", "shrapnel", "gunshot", "fracture", "laceration", "bullet"})
_DETENTION_PLACES = frozenset({"prison", "jail", "detention", "custody", "cell", "gaol", "confinement"})
_OTHER_TOLL = frozenset(
    "need trap starve famine besiege malnourish malnutrition starvation neutralise neutralize hunger".split()
)
# Camps that hold no displaced people: "a military camp", "a training camp", "Camp David".
_NOT_SHELTER_CAMPS = frozenset(
    "military army training base summer boot holiday football grief music band sports sport youth science space "
    "day church bible scout dance art arts tennis basketball soccer baseball golf fitness".split()
)
_DETENTION_CAMPS = frozenset({"prison", "detention", "internment", "concentration", "labour", "labor", "prisoner"})
_CAMP_PREPS = frozenset({"in", "inside", "at", "into", "within", "of", "to"})
_LIVING = frozenset({"live", "shelter", "sleep", "stay", "house", "remain"})
# Words for an armed group's kin: "Isis families", "children born into Islamic State families".
_KIN_OF_FIGHTERS = frozenset({"family", "wife", "widow", "bride", "parent", "child"})
_TAKEN = frozenset({"take", "rush", "admit", "airlift", "bring", "evacuate", "transfer", "carry"})
_MOVED = frozenset({"transfer", "move", "bus", "relocate", "repatriate"})
_SWAPPED = frozenset({"free", "release", "trade", "swap", "exchange", "deport", "return", "hand"})
_LAUNCH_VERBS = frozenset({"fire", "launch", "release", "drop", "shoot"})
_ATTACKING = frozenset({"shell", "bomb", "strike", "attack", "raid", "bombard"})
_AID_VERBS = frozenset({"provide", "feed", "reach", "assist", "receive", "serve", "supply", "deliver", "distribute"})
_PERIOD_HEADS = frozenset(
    {"day", "week", "month", "year", "war", "conflict", "campaign", "start", "beginning", "offensive", "fighting",
     "outbreak", "attack", "hour", "night", "weekend", "invasion", "ceasefire", "truce", "operation"}
)  # fmt: skip
_PERIOD_PREPS = frozenset({"since", "during", "over", "in", "on", "throughout", "within", "after", "before", "until"})
_PLACE_PREPS = frozenset({"in", "across", "near", "at", "on", "from", "inside", "around", "throughout"})
_PRONOUN_OF = frozenset({"whom", "which", "them", "those", "these", "us"})


def _is_month(word: str) -> bool:
    """A month name as written: capitalised, so that the modal "may" is not May."""
    return word[:1].isupper() and word.lower().rstrip(".") in MONTHS


def _excluded(doc: Doc, text: str, quantity: Quantity, span: Span) -> bool:
    """Ages, years, dates, times, measures and labels: numbers that count no toll."""
    after = text[quantity.range_end or quantity.end : (quantity.range_end or quantity.end) + 16].lower()
    before = text[max(0, quantity.start - 12) : quantity.start].lower()
    # Ages and durations: "12-year-old", "six weeks", "seven-and-a-half years in prison".
    if re.match(r"(?:-and-a-half|\s+and\s+(?:a\s+)?half)?-?\s*(?:year|month|week|day|hour|minute)s?\b", after):
        return True
    if text[quantity.end : quantity.end + 1] == "/" or text[max(0, quantity.start - 1) : quantity.start] == "/":
        return True  # "9/11", "24/7"
    first = span.start - 1 if span.start >= 1 and doc[span.start - 1].lower_ in ("also", "now", "then") else span.start
    if (
        first >= 2
        and doc[first - 1].text == ","
        and doc[first - 2].pos_ == "PROPN"
        and span.end < len(doc)
        and doc[span.end].text == ","
    ):
        return True  # "Ismael Zambada, 76, was arrested", "Oliver Hall, also 24, who": an age in apposition
    if _said_of_a_person(span):
        return True  # "his kids, who must have been about three and five": ages
    # "71 deaths per 100,000", "204 deaths for every 100,000 women": a rate, not a count.
    if re.match(r"(?:\s+[\w-]+){0,2}\s+(?:per|for every)\s", text[quantity.end : quantity.end + 40], re.IGNORECASE):
        return True
    # "the Motown group the Four Tops": a number in a name.
    if (
        quantity.text.istitle()
        and quantity.text.isalpha()
        and not span[0].is_sent_start
        and span.end < len(doc)
        and doc[span.end].pos_ == "PROPN"
        and doc[span.end].is_title
        and doc[span.start - 1].lower_ == "the"
    ):
        return True
    # "one out of five displaced women": a ratio, not a count.
    if re.match(r"\s+out\s+of\s+\w", after) or re.search(r"\bout\s+of\s+$", before):
        return True
    wide = text[max(0, quantity.start - 30) : quantity.start].lower()
    if re.search(r"\bage[ds]?\s+(?:of\s+|from\s+|between\s+)?(?:\d+\s*(?:to|and|-|–)\s*)?$", wide) or re.match(
        r"\s*(%|:\d|\.\d)", after
    ):
        return True
    if (
        isinstance(quantity.value, int)
        and 1800 <= quantity.value <= 2100
        and re.fullmatch(r"\d{4}", quantity.text)
        and not quantity.qualifier
    ):
        return True
    # "May 12", "Resolution 2334": the word right before (a space apart, no comma) labels the number.
    prev_word = re.search(r"([\w.'-]+) ?$", text[max(0, quantity.start - 12) : quantity.start])
    # A full month name with a full stop ends the sentence before ("… in June. Thousands of …");
    # only an abbreviation ("Jan. 5") labels the number.
    label = prev_word.group(1) if prev_word else ""
    sentence_end = label.endswith(".") and label.rstrip(".").lower() in FULL_MONTHS
    if label and not sentence_end and (_is_month(label) or label.lower() in LABEL_WORDS):
        return True
    next_token = doc[span.end] if span.end < len(doc) else None
    if next_token is not None:
        word = next_token.lower_
        unit = word in NOT_TOLL_UNITS or next_token.lemma_.lower() in NOT_TOLL_UNITS
        # "19.4 million pounds of aid", "100 million pounds in aid": weight or sterling, of aid either way.
        of_aid = next_token.lemma_.lower() in _WEIGHTS and any(
            _AID_WORDS.fullmatch(t.text) for t in doc[span.end + 1 : span.end + 4]
        )
        # "shelled the city 40 times": a count of attacks (see classify).
        attacks = word == "times" and _attacks_counted(next_token)
        if (unit and not of_aid and not attacks) or _is_month(next_token.text):
            return True
        if word in ("of", "more", "others", "other") and span.end + 1 < len(doc):
            following = doc[span.end + 1]
            if following.lower_ in NOT_TOLL_UNITS or following.lemma_.lower() in NOT_TOLL_UNITS:
                return True
    if not re.fullmatch(r"one", quantity.text, re.IGNORECASE):
        return False
    # "one of the biggest threats", "one of the deadliest attacks": ranking, not counting.
    ranking = re.match(r"\s+of\s+(?:the|its|their|his|her|our)\s+(?:most|least|\w+est)\b", text[quantity.end :])
    # "no one", "any one": "one" counts nothing unless a toll governs it directly.
    return bool(ranking or re.search(r"\b(no|any|every|some)\s*$", before))


def _said_of_a_person(span: Span) -> bool:
    """A bare number that is what someone "is" or "was": an age ("who was 24"), or "one of"
    naming one among others ("Leake is one of …"). A toll is said of the counted, not of the
    number."""
    root = span.root
    while root.dep_ == "conj" and root.head.pos_ == "NUM":
        root = root.head
    if root.lower_ == "one" and root.dep_ == "appos" and root.head.pos_ == "PROPN":
        # "Anna Chapman, one of 10 Russian sleeper agents deported …": her among them
        return any(c.lower_ == "of" for c in root.children)
    if root.dep_ != "attr" or _lemma(root.head) != "be":
        return False
    subject = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if root.lower_ == "one" and any(c.lower_ == "of" for c in root.children):
        return True  # "Leake is one of at least a dozen US citizens": him among them
    if any(c.dep_ == "prep" or c.pos_ == "NOUN" for c in root.children):
        return False
    return subject.lower_ in ("who", "he", "she", "i", "they", "we")


def _of_object(doc: Doc, span: Span) -> Token | None:
    """Y in "dozens of Y", "three of whom": what a number with "of" counts."""
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        for child in doc[span.end].children:
            if child.dep_ == "pobj":
                return child
    return None


def _antecedent(token: Token) -> Token | None:
    """The noun a relative clause hangs on ("hostages, three of whom ...")."""
    for ancestor in token.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    # "launched 80 drones overnight, 60 of which were shot down": the parser may take the clause
    # for an adverbial one; the nearest plural noun before it is what it counts.
    for before in reversed(token.doc[max(token.sent.start, token.i - 8) : token.i]):
        if before.pos_ in ("NOUN", "PROPN") and before.tag_ in ("NNS", "NNPS"):
            return before
    return None


def _counted(doc: Doc, span: Span) -> tuple[Token | None, Token]:
    """(the noun a number counts or None, the token standing for the counted in the parse)."""
    root = span.root
    of_object = _of_object(doc, span)
    if (
        of_object is not None
        and of_object.pos_ == "PROPN"
        and root.head.pos_ == "NOUN"
        and root.head.i == of_object.i + 1
        and of_object.head.head.i == root.i
    ):
        return root.head, root.head  # "Dozens of Isis members": the name only says whose members
    if of_object is not None:
        if of_object.lower_ in _PRONOUN_OF:
            return _antecedent(of_object), root
        return of_object, of_object
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "det") and root.head.pos_ in ("NOUN", "PROPN"):
        if root.head.i > root.i:
            return root.head, root.head
    # "led two of seven strikes": the parser hangs the part on the whole's number.
    whole = root.head
    if (
        root.dep_ == "quantmod"
        and whole.like_num
        and whole.dep_ == "nummod"
        and whole.head.pos_ == "NOUN"
        and root.i + 1 < whole.i
        and doc[root.i + 1].lower_ == "of"
    ):
        return whole.head, whole.head
    return None, root


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _relative_about(clause: Token) -> bool:
    """Whether a relative clause says something of the noun itself ("people who died"), not of
    another subject ("children whose mother died")."""
    for child in clause.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            # "women whose fate is unknown": their fate is theirs.
            fate = _lemma(child) in ("fate", "whereabouts") and any(c.lower_ == "whose" for c in child.children)
            return child.lower_ in ("who", "that", "which") or fate
    # "Idlib's 3 million civilians, roughly half of whom fled": said of a part, however parsed.
    return not any(_of_whom(t) and t.head.head.lower_ not in ("all", "both", "each") for t in clause.subtree)


def _of_objects(word: Token) -> list[Token]:
    """The objects of a word's "of": "combatants" in "thousands of combatants"."""
    return [g for c in word.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]


def _of_whom(token: Token) -> bool:
    """ "whom" or "which" after "of" in the parse: a part of those named ("half of whom")."""
    return token.lower_ in ("whom", "which") and token.head.lower_ == "of"


def _does_to_others(verb: Token) -> bool:
    """A toll verb with an object: its subject does it to someone else."""
    return _lemma(verb) in _TRANSITIVE_TOLLS and any(c.dep_ == "dobj" for c in verb.children)


def _counts_people(noun: Token) -> bool:
    return _lemma(noun) in PEOPLE_NOUNS or _lemma(noun) in ("captive", "hostage", "prisoner", "detainee")


def _predicate_words(token: Token, depth: int = 0) -> list[Token]:
    """The words that say what happened to the counted ``token`` in the parse, nearest first."""
    found: list[Token] = []
    for child in token.children:
        if child.dep_ == "relcl" and not _relative_about(child):
            continue
        if child.dep_ in _MODIFIER_DEPS or (child.dep_ == "prep" and child.lower_ in ("in", "among", "inside")):
            acting = child.dep_ == "relcl" and any(c.dep_ == "nsubj" for c in child.children)
            # "the three men who killed 20 people", "four Britons who tortured their captives and
            # beheaded some": what the counted did to others, not what befell them.
            if not (acting and _does_to_others(child)):
                found.append(child)
            found.extend(
                c
                for c in child.children
                if c.dep_ in _COMPLEMENT_DEPS | {"pobj", "amod", "prep"}
                and not (acting and (_does_to_others(c) or (c.dep_ == "dobj" and _counts_people(c))))
            )
            for grand in child.children:
                found.extend(c for c in grand.children if c.dep_ in ("pobj", "amod", "acomp"))
    anchor = token
    # "the entire population – up to 1.9 million people – has been displaced": what is said of
    # the noun the figure stands beside is said of the figure.
    # Not for a number standing alone ("Jac Holmes, 24, one of the volunteers, died"): that names.
    if anchor.dep_ == "appos" and anchor.pos_ == "NOUN" and anchor.head.pos_ in ("NOUN", "PROPN") and depth < 3:
        found.extend(_predicate_words(anchor.head, depth + 1))
    # "including 286 children and more than 300 women": a conjunct shares what is said of the first.
    if anchor.dep_ == "conj" and anchor.head.dep_ not in _ARGUMENT_DEPS and depth < 3:
        found.extend(_predicate_words(anchor.head, depth + 1))
    # "10 civilians were killed and 45 injured": a conjunct shares its first conjunct's predicate.
    if anchor.dep_ == "conj" and anchor.head.dep_ in _ARGUMENT_DEPS:
        found.extend(t for t in anchor.children if t.pos_ in ("VERB", "ADJ"))
        anchor = anchor.head
    # "their forces had besieged a Syrian military base and up to 100,000 local people", the
    # second object parsed as a conjunct of the verb: the verb acts on it as on the first.
    if (
        anchor.dep_ == "conj"
        and anchor.pos_ == "NOUN"
        and anchor.head.pos_ == "VERB"
        and any(c.dep_ == "dobj" and c.i < anchor.i for c in anchor.head.children)
    ):
        found.append(anchor.head)
    # "home to 50,000 people": what the place is home to.
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "to" and _lemma(anchor.head.head) == "home":
        found.append(anchor.head.head)
    # "the sprawling camp of 39,000 people": the camp holds them.
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and _lemma(anchor.head.head) == "camp":
        found.append(anchor.head.head)
    # "illegals were traded for four people": the trade befalls both sides.
    if (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ == "for"
        and _lemma(anchor.head.head) in ("trade", "swap")
        and anchor.pos_ in ("NOUN", "PROPN")
        and _is_people(anchor)
    ):
        found.append(anchor.head.head)
    # "detained a total of 900 foreign fighters": what befell the total befell them.
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and _lemma(anchor.head.head) in _TOTALS and depth < 3:
        found.extend(_predicate_words(anchor.head.head, depth + 1))
    # "Wives and children of the militants, along with thousands of civilians, have fled"
    along = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "with" else None
    if along is not None and along.lower_ in ("along", "together") and along.head.pos_ == "NOUN" and depth < 3:
        found.extend(_predicate_words(along.head, depth + 1))
    # "killed ..., including the three perpetrators": the list hangs on the toll word,
    # or on the noun it details ("killed 12 people, including five children").
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("including", "among", "includes", "include"):
        head = anchor.head.head
        if head.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and head.i != token.i and depth < 3:
            found.extend(_predicate_words(head, depth + 1))
        else:
            found.append(head)
            found.extend(c for c in head.children if c.dep_ in ("acomp", "xcomp", "oprd", "amod"))
    # "Around a million of Idlib's inhabitants fled": the parser reads the hedge as a preposition
    # whose object is the figure; the figure is the verb's subject all the same.
    hedged = (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ in _HEDGE_PREPOSITIONS
        and anchor.head.i == anchor.left_edge.i - 1
        and anchor.head.head.pos_ == "VERB"
        and anchor.head.i < anchor.head.head.i
    )
    # "killing civilians by the dozens": the rate is the verb's toll.
    by_the = (
        anchor.dep_ == "pobj"
        and anchor.head.lower_ == "by"
        and anchor.head.dep_ != "agent"
        and anchor.head.head.pos_ == "VERB"
        and anchor.i > 0
        and anchor.doc[anchor.i - 1].lower_ == "the"
        and anchor.lower_ in VAGUE
    )
    if anchor.dep_ in _ARGUMENT_DEPS or (anchor.dep_ == "pobj" and anchor.head.dep_ == "agent") or hedged or by_the:
        head = anchor.head if anchor.dep_ != "pobj" else anchor.head.head
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i != anchor.i and any(_of_whom(g) for g in c.subtree)
            for c in head.children
        ):
            # "3 million people crammed into Idlib, at least half of whom have fled", parsed with
            # two subjects: the verb is said of the part.
            return found
        found.append(head)
        for child in head.children:
            # A coordinated clause with a subject of its own says nothing of ours:
            # "100 people were rescued and one person died".
            # So does a complement or adverbial clause: "three agencies confirmed that Baghdadi
            # was wounded", "as her family prepared to flee, she told her three sisters".
            own_subject = child.dep_ in ("conj", "ccomp", "advcl") and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in child.children
            )
            # A verb coordinated with the one whose object we count goes on with its subject:
            # "… teens captivated millions of young readers, has died at age 92".
            own_subject = own_subject or (child.dep_ == "conj" and child.pos_ == "VERB" and anchor.dep_ == "dobj")
            if child.dep_ in _COMPLEMENT_DEPS and child.i != anchor.i and not own_subject:
                found.append(child)
                found.extend(c for c in child.children if c.dep_ in ("acomp", "xcomp", "attr", "oprd", "dobj"))
                if _lemma(child) == "be":
                    # "are believed to be in Kurdish custody": where they are said to be.
                    found.extend(
                        g
                        for c in child.children
                        if c.dep_ == "prep" and c.lower_ in ("in", "under", "behind")
                        for g in c.children
                        if g.dep_ == "pobj"
                    )
                if _lemma(child) in ("subject", "subjected"):
                    # "25,000 women, children and elderly people were subject to forcible deportation"
                    found.extend(g for c in child.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj")
            if child.dep_ == "prep" and child.lower_ in ("at", "to"):
                # "putting thousands of Palestinians at risk of …", "exposes thousands to the risk of …"
                found.extend(c for c in child.children if c.dep_ == "pobj" and _lemma(c) == "risk")
            if child.dep_ == "prep" and child.lower_ == "into":
                found.extend(c for c in child.children if c.dep_ == "pobj")  # "delivered … into prisons"
            if child.dep_ == "prep" and child.lower_ == "to" and head.tag_ in ("VBN", "VBD"):
                # "25,000 people have been transferred to each camp" ("wrong to send the two men to
                # the US detention camp" sent no one)
                found.extend(c for c in child.children if c.dep_ == "pobj" and _lemma(c) == "camp")
            if child.dep_ == "prep" and child.lower_ in ("among", "in", "as", "under", "behind", "at", "inside"):
                found.extend(c for c in child.children if c.dep_ == "pobj")
                for pobj in child.children:
                    found.extend(c for c in pobj.children if c.dep_ == "amod")
                    if child.lower_ == "among":
                        # "one police officer was among those killed"
                        found.extend(c for c in pobj.children if c.dep_ == "acl" and c.tag_ == "VBN")
        if head.dep_ in ("xcomp", "conj", "advcl") and _lemma(head) in ("be", "remain", "believe"):
            found.append(head.head)
        if head.dep_ == "relcl" and any(c.lower_ == "where" for c in head.children):
            # "inside the displacement camps, where there are an estimated 3,500 children": the
            # place the clause is about.
            found.append(head.head)
    return found


# Where the displaced are: weaker than what befell them ("five people sheltering in the school were killed").
_SHELTERS = frozenset({"camp", "tent", "shelter"})
_TOTALS = frozenset({"total", "group", "batch", "maximum", "minimum", "family"})
_HEDGE_PREPOSITIONS = frozenset({"around", "about", "over", "under", "nearly", "some"})

_KIN = frozenset(
    "relative son daughter child brother sister parent mother father husband wife cousin uncle aunt "
    "grandchild grandson granddaughter grandparent grandmother grandfather nephew niece".split()
)


def _is_kin(noun: Token) -> bool:
    """A relative: "three sons", "eight family members" (a lost relative is a death; lost staff are not)."""
    lemma = _lemma(noun)
    if lemma == "member":
        return any(c.lower_ == "family" for c in noun.children)
    return lemma in _KIN


_TAKING_LIVES = frozenset({"claim", "cost", "lose", "take", "steal", "give", "sacrifice"})
_PLACE_NOUNS = frozenset(
    {
        "town",
        "city",
        "village",
        "area",
        "region",
        "country",
        "home",
        "house",
        "neighbourhood",
        "neighborhood",
        "camp",
        "enclave",
        "strip",
        "district",
        "province",
    }
)


_DRIVING = frozenset({"force", "drive", "chase", "push", "abandon", "flee"})
_SAFETY = frozenset({"safety", "refuge", "asylum", "sanctuary", "shelter"})
_WAR_WORDS = frozenset(
    "war conflict violence fighting persecution bombing bombardment shelling airstrike hostility hostilities".split()
)
_LOST_MEN = frozenset(
    {"man", "troop", "soldier", "fighter", "personnel", "serviceman", "officer", "militant", "combatant"}
)
_FORCES = frozenset({"troop", "soldier", "force", "fighter", "militant", "unit", "marine", "personnel"})
_CULPRITS = frozenset(
    "suspect gunman attacker assailant perpetrator shooter robber thief burglar kidnapper culprit".split()
)


def _is_place(token: Token) -> bool:
    # The small model leaves many a small town untagged ("left Baghuz"): a name no other type claims.
    untyped_name = token.pos_ == "PROPN" and not token.ent_type_
    if token.ent_type_ in ("GPE", "LOC", "FAC") or _lemma(token) in _PLACE_NOUNS or untyped_name:
        return True
    # Nor is it consistent: "driven out of Afrin" (tagged LANGUAGE) names the town it tags GPE elsewhere.
    return token.pos_ == "PROPN" and token.lower_ in _place_names(token.doc)


def _place_names(doc: Doc) -> frozenset[str]:
    """The one-word names the model tags as a place somewhere in ``doc`` (kept on the doc while
    :func:`find_claims` runs: asked per token)."""
    names = doc.user_data.get(_PLACE_NAMES_KEY)
    if names is None:
        names = frozenset(e.text.lower() for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC") and len(e) == 1)
        doc.user_data[_PLACE_NAMES_KEY] = names
    return names


_PLACE_NAMES_KEY = "factdesk.claims.place_names"


def _leaves_a_place(word: Token) -> bool:
    """People leaving a place in a war are displaced: "have left Baghuz", "streamed out of the
    town". Only with the place said, so "left the meeting" or "left 5 dead" count nothing."""
    lemma = _lemma(word)
    driven = lemma == "drive" and word.tag_ == "VBN"  # "100,000 civilians being driven out of Afrin"
    if word.pos_ != "VERB" or (lemma not in ("leave", "stream", "pour", "depart", "flood", "emerge") and not driven):
        return False
    # Not a named person's departure ("since Trump left the White House"), nor a relative clause
    # or a purpose that says why they went ("schoolgirls who left the UK to join Isis").
    if word.dep_ == "relcl" or any(
        (c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON") and c.lower_ not in ("they", "many"))
        # Troops that leave withdraw: "2,000 US troops will leave north-west Syria".
        or (c.dep_ == "nsubj" and _lemma(c) in _FORCES)
        or (c.dep_ in ("advcl", "xcomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        for c in word.children
    ):
        return False
    if lemma == "leave":
        return any(c.dep_ in ("dobj", "oprd") and _is_place(c) for c in word.children)
    for prep in word.children:
        if prep.dep_ in ("prep", "prt", "advmod") and prep.lower_ in ("out", "from"):
            objects = [c for c in prep.subtree if c.dep_ == "pobj"]
            if any(_is_place(c) for c in objects):
                return True
    return lemma == "depart" and any(c.dep_ == "dobj" and _is_place(c) for c in word.children)


# What may go with people "taken" who were seized: where from, when, how ("were then taken",
# "were taken from Israel into the strip", "forcibly taken overnight").
_TAKEN_HOW = frozenset("from into then later also reportedly allegedly forcibly away overnight".split())
# ... and where or when, said by a place or a date: "taken in Gaza", "taken on Saturday" (not "taken on a trip").
_TAKEN_WHERE_WHEN = frozenset("in on at during after".split())
_TAKEN_INTO = frozenset({"custody", "care", "account", "consideration", "hospital", "safety", "shelter"})
_STATE_CAPTORS = frozenset("police army troops soldiers forces authorities officers agents military guards".split())


def _taken_away(verb: Token) -> str | None:
    """People "taken", with nowhere they were taken to: seized. "Some 250 people were taken from
    Israel into the strip", "two passengers … were then taken" are hostages; taken by police or
    troops, detained. Not "taken to hospital", "taken for treatment", "taken ill", "taken part"."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    if verb.dep_ == "relcl" and not any(c.dep_ == "nummod" for c in verb.head.children) and verb.head.pos_ != "NUM":
        return None  # "the two young women's nephew, who was taken from his mother": the nephew was
    subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
    # "two passengers were taken", "dozens of villagers were taken"
    if not subjects or not all(_is_people(s) or any(_is_people(g) for g in _of_objects(s)) for s in subjects):
        return None
    captors: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "auxpass", "aux", "neg", "punct", "cc", "conj", "advcl", "mark"):
            continue
        if child.dep_ == "agent":
            captors += [g for g in child.children if g.dep_ == "pobj"]
            continue
        if child.lower_ == "according" or child.ent_type_ in ("DATE", "TIME"):
            continue
        if child.lower_ in _TAKEN_WHERE_WHEN:
            if not any(g.ent_type_ in ("DATE", "TIME") or _is_place(g) for g in child.children):
                return None
            continue
        if child.lower_ not in _TAKEN_HOW:
            return None
        if any(_lemma(g) in _TAKEN_INTO for g in child.children):
            return None  # "taken into custody" is read elsewhere; "taken into care" is no seizure
    if any(t.lower_ in _STATE_CAPTORS for c in captors for t in c.subtree):
        return "detained"
    return "hostages"


def _treated_as_wounded(treated: Token) -> bool:
    """Whether "treat" or "treatment" tells of the injured: treated for wounds ("Seven people were
    treated for shrapnel wounds", "received treatment for injuries"), or people treated, for
    nothing said, where the sentence tells of violence ("Medics treated 25 people after the
    blast"; not "treated 40 people for heat exhaustion", nor "treated them as spies")."""
    if any(c.lower_ in ("for", "with") and any(_lemma(g) in _WOUNDS for g in c.subtree) for c in treated.children):
        return True
    return (
        _lemma(treated) == "treat"
        and treated.pos_ == "VERB"
        and not any(c.lower_ in ("for", "with", "as", "like", "to") for c in treated.children)
        and _violence_told(treated)
        and any(_is_people(c) for c in treated.children if c.dep_ in ("dobj", "nsubjpass"))
    )


def _captor_is_armed_group(verb: Token) -> bool:
    """Whether the one who captured is an armed group (captives are hostages), not a state's force."""
    captors = [c for c in verb.children if c.dep_ == "nsubj"]
    captors += [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    return any(t.lower_ in ARMED_GROUP_WORDS for c in captors for t in c.subtree)


def _particle(verb: Token, particle: str) -> bool:
    """Whether a phrasal verb has this particle: "gunned down", "pointing out"."""
    return any(c.dep_ == "prt" and c.lower_ == particle for c in verb.children)


def _toll_of(word: Token) -> str | None:
    lemma = _lemma(word)
    lower = word.lower_
    if lower == "hurting" and not any(c.dep_ == "dobj" for c in word.children):
        return None  # "millions of Americans are hurting from rising prices": suffering, not wounds
    if lemma == "lose" and any(c.lower_ in ("lives", "life") or _is_kin(c) for c in word.children if c.dep_ == "dobj"):
        return "killed"  # "lost their lives", "they have lost eight family members", "she lost three sons"
    # "Isis lost more than 1,500 men in Kobane", "with the loss of more than 700 Libyan troops": a
    # force's losses are its dead (a breakdown, "3,000 men killed or wounded", is read first).
    if lemma == "lose":
        lost = [c for c in word.children if c.dep_ == "dobj"]
        # and what the object counts: "losing thousands of combatants"
        lost += [g for c in lost for p in c.children if p.lower_ == "of" for g in p.children]
        if any(_lemma(c) in _LOST_MEN for c in lost):
            return "killed"
    if lemma == "loss" and any(_lemma(g) in _LOST_MEN for g in _of_objects(word)):
        return "killed"
    if (
        lower == "lives"
        and (
            _lemma(word.head) in _TAKING_LIVES
            # "has claimed thousands of civilian lives"
            or (word.head.lower_ == "of" and _lemma(word.head.head.head) in _TAKING_LIVES)
            # "at the cost of half a million lives" (the parser may hang "lives" on "at")
            or (word.head.pos_ == "ADP" and any(_lemma(t) == "cost" for t in word.doc[max(0, word.i - 7) : word.i]))
        )
    ):
        return "killed"  # "the war has claimed 500 lives", "at the cost of half a million lives"
    if lemma == "take" and any(c.lower_ in ("hostage", "captive", "prisoner") for c in word.subtree):
        return "hostages" if any(c.lower_ in ("hostage", "captive") for c in word.subtree) else "detained"
    if lemma in ("hold", "keep") and any(c.lower_ in ("hostage", "captive", "captivity") for c in word.subtree):
        return "hostages"
    if lemma in ("hold", "keep", "lock") and any(_lemma(c) in _DETENTION_PLACES for c in word.subtree):
        return "detained"  # "held in prisons run by the SDF"
    if lemma in _DRIVING and any(_lemma(c) in ("home", "house", "refuge", "exile", "refugee") for c in word.subtree):
        # "forced from their homes", "forced into refuge", "forced out as refugees", "driven from
        # their homes", "have abandoned their homes"
        return "displaced"
    if lemma == "seek" and any(_lemma(c) in _SAFETY for c in word.children if c.dep_ == "dobj"):
        return "displaced"  # "another 1.2 million are seeking safety in Europe"
    if lemma == "burn":
        # "burned alive" kills; "burned by a gasoline bomb" is an injury done by someone; "buried
        # with two children who were burned in a fire" says neither.
        if any(t.lower_ == "alive" for t in word.subtree):
            return "killed"  # "alive" may hang on the victims: "burned alive five villagers"
        return "injured" if any(c.dep_ == "agent" for c in word.children) else None
    if any(c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in word.children):
        # "stabbed to death", "beaten to death"; "sentenced five men to death" kills no one yet.
        return None if lemma in _SENTENCING else "killed"
    if lemma in ("gun", "mow") and _particle(word, "down"):
        return "killed"  # "gunned down hundreds of unarmed civilians"
    if lemma == "wipe" and _particle(word, "out"):
        return "killed"  # "the airstrike wiped out a family of 11"
    if lemma in ("prevent", "stop", "block", "bar") and any(
        c.lower_ == "from" and any(_lemma(g) in ("leave", "flee", "escape") for g in c.children) for c in word.children
    ):
        return "other_toll"  # "militants were preventing more than 1,000 civilians from leaving": trapped
    if lemma == "pin" and _particle(word, "down"):
        return "other_toll"  # "up to 400,000 people have been pinned down by the air blitz"
    if lemma == "corner" and word.pos_ == "VERB":
        return "other_toll"  # "3 million people cornered in north-west Syria with nowhere to go": trapped
    if lower == "move" and word.head.lower_ == "on":
        return "displaced"  # "200,000 were on the move"
    if lower == "bars" and word.head.lower_ == "behind":
        return "detained"  # "at least 22 currently behind bars"
    if lemma == "condition":
        return "injured" if any(c.lower_ in ("critical", "serious", "stable") for c in word.children) else None
    if (lemma == "risk" and word.head.lower_ in ("at", "to")) or (lemma == "danger" and word.head.lower_ == "in"):
        # People put at risk or in danger (of disease, famine, attack) are a toll's scale; "I am
        # not going to put one life at risk" counts none.
        denied = any(c.dep_ == "neg" for t in (word.head.head, word.head.head.head) for c in t.children)
        return None if denied else "other_toll"
    if lower in ("siege", "blockade") and word.head.lower_ == "under":
        return "other_toll"  # "400,000 are under siege in eastern Ghouta", "living under a blockade"
    if lemma == "affect" and any(
        _lemma(g) in _WAR_WORDS for c in word.children if c.dep_ == "agent" for g in c.subtree
    ):
        return "other_toll"  # "4.4 million people have been directly affected by the continuing hostilities"
    if lemma == "shelter" and (word.pos_ == "VERB" or _lemma(word.head) in ("take", "seek")):
        return "displaced"  # "30,000 people are sheltering in UN schools" (a place: see classify)
    if lemma in ("cross", "escape", "pour", "stream", "flood") and _into_a_country(word):
        return "displaced"  # "10,000 people have crossed into Turkey", "60,000 Syrians have escaped to Jordan"
    if lemma == "escape" and any(_lemma(o) in _WAR_WORDS for o in _escaped(word)):
        return "displaced"  # "800,000 people escaping conflict and famine in South Sudan"
    if lemma == "capture" and _captor_is_armed_group(word):
        return "hostages"  # "Isis fighters captured Bafrin and her three brothers" (by the SDF: detained)
    if lemma in ("arrive", "arrival") and _about_a_camp(word):
        # "the camp's population had swollen before another 12,000 people arrived"; "… wives in
        # the camp is far higher than forecast. A total of 12,000 women and children have arrived"
        return "displaced"
    if _leaves_a_place(word):
        return "displaced"  # "20,000 civilians have left Baghuz", "thousands have streamed out of the town"
    if lemma == "custody" and word.head.lower_ == "of" and _lemma(word.head.head) == "chain":
        return None  # "samples from the three affected individuals under full chain of custody"
    if lemma == "round" and not (word.pos_ == "VERB" and _particle(word, "up")):
        return None  # "rounded up" detains; "the final round" does not
    if lower in ("unknown", "unclear") and any(
        c.dep_ == "nsubj" and _lemma(c) in ("fate", "whereabouts") for c in word.head.children
    ):
        return "missing"  # "at least 3,000 Yazidi women and girls whose fate is unknown"
    if lemma == "need" and any(c.dep_ == "auxpass" for c in word.children):
        return None  # "80 billion will be needed for defense": what is needed, not who needs it
    if lemma in _OTHER_TOLL:
        return "other_toll"
    if (
        lemma in _TAKEN
        and not _carries_the_dead(word)
        and _violence_told(word)
        and any(
            c.lower_ in ("to", "into") and any(_lemma(g) in ("hospital", "clinic") for g in c.children)
            for c in word.children
        )
    ):
        return "injured"  # "Two Americans and a German national were taken to hospital"
    if (
        lemma == "bring"
        and any(c.dep_ in ("prt", "advmod") and c.lower_ in ("back", "home") for c in word.children)
        and any(
            _is_people(c) and _lemma(c) not in _FORCES and _lemma(c) not in TOLL_NOUNS
            for c in word.children
            if c.dep_ in ("dobj", "nsubjpass")
        )
        and not any(_lemma(t) == "life" for t in word.subtree)
    ):
        # "the scheme, which brought back 21 women and more than 100 children": repatriated, as
        # "repatriate" says; troops brought home return from a front, hostages stay hostages.
        return "displaced"
    if lemma == "take":
        taken = _taken_away(word)
        if taken is not None:
            return taken
    moved_from = [g for c in word.children if c.lower_ == "from" for g in c.children] if lemma in _MOVED else []
    if any(_lemma(g) in _DETENTION_PLACES or _lemma(g) == "centre" and _held_there(g) for g in moved_from):
        return "detained"  # "transfer tens of thousands of suspected Isis fighters … from detention centres"
    if any(_lemma(g) == "camp" for g in moved_from):
        return "displaced"  # "as many as 20,000 Iraqis could be transferred from al-Hawl camp"
    if lemma in _SWAPPED and (_in_prisoner_exchange(word) or _traded_for_people(word)):
        # "The three were freed as part of a sweeping prisoner exchange", "one of 10 agents deported
        # from the US in a 2010 prisoner swap": those let go were held (as four rounds of gold read it).
        return "detained"
    if lower == "raped":  # (the model lemmatises it "rap") only those raped: "the four men … raped her" did it
        return "other_toll" if word.tag_ == "VBN" else None
    if lemma == "sentence" and word.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in word.children):
        return "detained"  # "13 of the accused were sentenced for between six and 10 years" (not "to death": above)
    if lemma in ("suffer", "case") and any(
        c.lower_ in ("from", "of") and any(_lemma(g) in _OTHER_TOLL for g in c.subtree) for c in word.children
    ):
        return "other_toll"  # "80 were suffering from the most severe form of malnutrition"
    if lemma in ("treat", "treatment") and _treated_as_wounded(word):
        return "injured"
    if (
        lemma == "bury"
        and word.pos_ == "VERB"
        and not any(_lemma(t) in _RUBBLE or t.lower_ == "alive" for t in word.subtree)
        and any(_is_people(c) and _lemma(c) not in TOLL_NOUNS for c in word.children if c.dep_ in ("dobj", "nsubjpass"))
    ):
        return "killed"  # "Some 40 people were buried in a mass grave": the dead (not those under rubble)
    if lemma == "home" and word.pos_ == "NOUN" and any(c.lower_ == "to" for c in word.children):
        # "Although home to 50,000 people, … the area" of Rukban camp: a camp's people, when a
        # camp is named in the sentence or the two before.
        return "displaced" if _about_a_camp(word) else None
    if lemma in _SHELTERS and _people_are_in(word):
        # People in a camp are displaced ("scattered in displacement camps", "housed in a nearby
        # camp"), or held ("a detention camp"); a place, so only when nothing else befell them
        # (see classify).
        kinds = {_lemma(c) for c in word.children if c.dep_ in ("amod", "compound")}
        if kinds & _DETENTION_CAMPS:
            return "detained"
        return None if kinds & _NOT_SHELTER_CAMPS else "displaced"
    as_a = word.dep_ == "pobj" and word.head.lower_ == "as"
    if (word.dep_ == "attr" or as_a) and TOLL_NOUNS.get(lemma) in ("hostages", "detained", "displaced"):
        # "more than 5.4 million are refugees", "they were hostages", "registered as refugees"
        return TOLL_NOUNS[lemma]
    if lemma in ("hold", "guard") and word.tag_ != "VBN" and _holds_people(word):
        return "hostages" if _captor_is_armed_group(word) else "detained"
    if (
        lemma == "hold"
        and word.tag_ == "VBN"
        and word.dep_ == "acl"
        and _is_people(word.head)
        and any(c.dep_ == "agent" for c in word.children)
    ):
        # "one of more than 25 foreigners held by Isis in Raqqa"
        return "hostages" if _captor_is_armed_group(word) else "detained"
    if lemma == "hold" and word.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in word.children):
        held = next((c for c in word.children if c.dep_ == "nsubjpass"), None)
        raised = [c for c in word.head.children if c.dep_ == "nsubjpass"] if word.dep_ == "xcomp" else []
        if held is None and len(raised) == 1:
            held = raised[0]  # "At least four British men are known to be held in Kurdish facilities"
        if held is not None and (_is_people(held) or any(_is_people(c) for c in held.subtree if c.dep_ == "pobj")):
            # "hundreds of foreign extremists are being held"; "the three hostages who were held" stay hostages.
            named = [*held.subtree, word.head] if word.dep_ == "relcl" else list(held.subtree)
            return "hostages" if any(TOLL_NOUNS.get(_lemma(t)) == "hostages" for t in named) else "detained"
    return TOLL_PREDICATES.get(lemma) or TOLL_PREDICATES.get(lower)


def _in_prisoner_exchange(word: Token) -> bool:
    """Whether the sentence of ``word`` names a prisoner exchange ("a prisoner swap", "the
    exchange of prisoners")."""
    for token in word.sent:
        if _lemma(token) in ("swap", "exchange") and token.pos_ == "NOUN":
            near = [*token.children, *(g for c in token.children if c.lower_ == "of" for g in c.children)]
            if any(_lemma(c) in ("prisoner", "detainee", "hostage", "captive") for c in near):
                return True
    return False


def _traded_for_people(verb: Token) -> bool:
    """ "nine other so-called illegals were traded for four people": people exchanged for people."""
    if _lemma(verb) not in ("trade", "swap"):
        return False
    # A noun, not a bare number: "swapping her twisting dismount for a flipping one" trades no one.
    return any(
        c.lower_ == "for" and any(g.pos_ in ("NOUN", "PROPN") and _is_people(g) for g in c.children)
        for c in verb.children
    )


def _people_are_in(shelter: Token) -> bool:
    """Whether a camp, tent or shelter is said as where people are."""
    if _lemma(shelter) != "camp":
        # "now living in tents": the shelter of the displaced, said with how they live.
        return shelter.dep_ == "pobj" and _lemma(shelter.head.head) in _LIVING
    # "in the camp", "the camp of 39,000 people", "the camp, where 2,000 people live"
    return shelter.pos_ == "NOUN" and (
        (shelter.dep_ == "pobj" and shelter.head.lower_ in _CAMP_PREPS)
        or any(
            c.lower_ == "of" or (c.dep_ == "relcl" and any(g.lower_ == "where" for g in c.children))
            for c in shelter.children
        )
    )


_HOLDING_PLACES = _DETENTION_PLACES | {"camp", "facility", "centre", "center"}


def _holds_people(verb: Token) -> bool:
    """A camp or prison holding people, or anyone guarding them: "the camps, which are holding
    tens of thousands of wives and children", "his forces are guarding some 1,800 women". A
    stadium that "can hold 60,000 people" holds no one."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # The people may be the object or what it counts: "holding tens of thousands of wives".
    if not any(
        _lemma(g) in PEOPLE_NOUNS or (g.pos_ == "PROPN" and g.tag_ == "NNPS" or g.ent_type_ == "NORP")
        for c in objects
        for g in c.subtree
        if g.pos_ in ("NOUN", "PROPN")
    ):
        return False
    if _lemma(verb) == "guard":
        return True
    holders = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        holders.append(verb.head)
    # "the Syrian Democratic Forces – who are holding the two Britons": a force holds them.
    forces = any(_lemma(t) in _FORCES or t.lower_ == "forces" for h in holders for t in h.subtree if t.i <= h.i)
    return any(_lemma(h) in _HOLDING_PLACES for h in holders) or forces or _captor_is_armed_group(verb)


def _attacks_counted(times: Token) -> bool:
    """Whether "N times" counts attacks: "shelled the city 40 times (overnight)"."""
    verb = times.head if times.head.pos_ == "VERB" else times.head.head
    return times.dep_ == "npadvmod" and verb.pos_ == "VERB" and _lemma(verb) in _ATTACKING


def _armed(noun: Token | None) -> bool:
    """Whether the counted are fighters: "fighters", "Isis members" (a member of a family is not)."""
    if noun is None:
        return False
    if _lemma(noun) in _FORCES:
        return True
    return _lemma(noun) == "member" and any(t.lower_ in ARMED_GROUP_WORDS for t in noun.subtree)


# Words that tell of violence in a sentence: taken to hospital "after the attack", not "for heat
# exhaustion" or "for other reasons".
_VIOLENCE = frozenset(
    "attack assault shoot shooting stab stabbing beat beating bomb bombing blast explosion strike airstrike "
    "shelling clash violence gunfire gunman raid riot ambush".split()
)


def _violence_told(word: Token) -> bool:
    """Whether the word's sentence tells of violence."""
    return any(_lemma(t) in _VIOLENCE or t.lower_ in _VIOLENCE for t in word.sent)


def _held_there(place: Token) -> bool:
    """ "detention centres", "holding centres": a place named as one where people are held."""
    return any(_lemma(c) in _DETENTION_PLACES or _lemma(c) == "holding" for c in place.children)


def _carries_the_dead(verb: Token) -> bool:
    """ "Five bodies were taken to hospital": the dead carried, not the wounded."""
    carried = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(TOLL_NOUNS.get(_lemma(t)) == "killed" for c in carried for t in c.subtree)


def _foreign(noun: Token | None) -> bool:
    """Whether the counted are described as foreigners ("foreign women", "born to Australian
    nationals") or as an armed group's kin ("children born into Islamic State families"); not
    those who fled it ("Syrians who fled Isis")."""
    if noun is None:
        return False
    for token in noun.subtree:
        if token.lower_ in ("foreign", "foreigners", "nationals"):
            return True
        group = token.lower_ in ARMED_GROUP_WORDS or (
            token.lower_ == "state" and token.i > 0 and token.nbor(-1).lower_ == "islamic"
        )
        # "Isis families", "born to Isis-affiliated families"
        if group and (_lemma(token.head) in _KIN_OF_FIGHTERS or _lemma(token.head.head) in _KIN_OF_FIGHTERS):
            return True
    return False


def _about_a_camp(word: Token) -> bool:
    """Whether a camp is named in the word's sentence or the two before ("… died en route to
    al-Hawl, or inside the camp itself. Most have perished … . About 240 children have arrived")."""
    sent = word.sent
    start = sent.start
    for _ in range(2):
        start = start if start == 0 else word.doc[start - 1].sent.start
    return any(_lemma(t) == "camp" for t in word.doc[start : sent.end])


def _into_a_country(verb: Token) -> bool:
    """Whether a verb of movement goes into or to a country ("crossed into Turkey", "escaped to
    Jordan"), said of people: troops that cross a border invade."""
    movers = [c for c in verb.children if c.dep_ == "nsubj"] + ([verb.head] if verb.dep_ in ("acl", "relcl") else [])
    if verb.pos_ != "VERB" or any(_lemma(m) in _FORCES for m in movers):
        return False  # "the hundred foreign fighters a month still crossing Turkey's border into Syria"
    goals = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("into", "to") for g in c.children]
    return any(g.dep_ == "pobj" and g.ent_type_ == "GPE" for g in goals)


def _escaped(verb: Token) -> list[Token]:
    """What is escaped: "escaping conflict", "escaped from the fighting"."""
    found = [c for c in verb.children if c.dep_ == "dobj"]
    return found + [g for c in verb.children if c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]


def _window_toll(doc: Doc, span: Span, sent: Span) -> tuple[str, Token] | None:
    """Fallback when the parse links nothing: a toll word just after the number, same clause."""
    sent_end = sent.end
    window = list(doc[span.end : min(sent_end, span.end + 8)])
    # "59 civilians, including 15 children, died": the parenthetical list is stepped over.
    for k in range(min(4, len(window) - 1)):
        if window[k].pos_ == "VERB":
            break
        if window[k].text == "," and window[k + 1].lower_ == "including":
            closing = next((t for t in doc[window[k + 1].i : sent_end] if t.text == ","), None)
            if closing is not None:
                window = window[:k] + list(doc[closing.i + 1 : min(sent_end, closing.i + 7)])
            break
    for token in window:
        if token.is_punct and token.text in ";:()—–" or token.like_num or token.lower_ == "whose":
            break
        if token.lower_ in ("whom", "which") and doc[token.i - 1].lower_ == "of":
            break  # "3 million civilians, roughly half of whom fled": what befell a part
        if token.lower_ == "case" and token.i > 0 and doc[token.i - 1].lower_ == "in":
            break  # "supplies for 30,000 in case of further displacement": what may come, not a toll
        category = _toll_of(token)
        if category == "other_toll":
            # Only "in need", and "trapped" or "besieged" said right of the counted ("tens of
            # thousands of people still trapped", which the parser hung elsewhere): other words of
            # that class are too loose without the parse.
            if token.lower_ == "need" and token.i > 0 and doc[token.i - 1].lower_ == "in":
                return category, token
            between = doc[span.end : token.i]
            if _lemma(token) in ("trap", "besiege") and all(
                t.lower_ == "of" or t.pos_ in ("ADV", "AUX") or _is_people(t) for t in between
            ):
                return category, token
        elif category and token.pos_ in ("VERB", "ADJ", "NOUN"):
            return category, token
        if token.pos_ == "VERB" and token.dep_ not in ("amod", "aux", "auxpass", "compound"):
            break  # another clause's verb: what follows is not said of this number
    return None


def _verb_before(doc: Doc, quantity: Quantity, sent: Span) -> tuple[str, Token] | None:
    """Fallback when the parse hangs the counted on another verb: a toll verb acting right before
    the number and its hedge ("an explosion that killed at least one person early Friday is being
    investigated", "injured at least eight others, the service said": the parser made the counted
    the main verb's subject)."""
    at = quantity.qualifier_start if quantity.qualifier_start is not None else quantity.start
    first = doc.char_span(at, at + 1, alignment_mode="expand")
    if first is None or first.start <= sent.start:
        return None
    verb = doc[first.start - 1]
    if verb.pos_ != "VERB" or verb.tag_ not in ("VBD", "VBZ", "VBP") or _lemma(verb) not in _TRANSITIVE_TOLLS:
        return None
    category = _toll_of(verb)
    return (category, verb) if category in ("killed", "injured", "detained", "hostages", "displaced") else None


def _after_a_dash(doc: Doc, quantity: Quantity, sent: Span) -> tuple[str, Token] | None:
    """A figure after a dash that sums up the toll just named: "those killed by Israeli airstrikes
    in Gaza – now more than 38,000 people in total"."""
    at = quantity.qualifier_start if quantity.qualifier_start is not None else quantity.start
    first = doc.char_span(at, at + 1, alignment_mode="expand")
    if first is None:
        return None
    i = first.start - 1
    while i > sent.start and doc[i].lower_ in ("now", "already", "so", "far", "by", "then", "some", "about"):
        i -= 1
    if i <= sent.start or doc[i].text not in ("–", "—", "-") or doc[i].whitespace_ == "":
        return None
    for token in reversed(doc[max(sent.start, i - 12) : i]):
        if token.like_num or token.text in ("–", "—", ";", ":"):
            return None  # a figure of its own before: a list, not a sum
        category = _toll_of(token)
        if category in ("killed", "injured", "displaced", "detained") and token.tag_ in ("VBN", "NNS", "NN"):
            # A counted toll ("at least 11 such child deaths – six in …") is broken down, not summed up.
            counted = any(t.like_num for t in doc[token.left_edge.i : token.i])
            return None if counted else (category, token)
    return None


def _breakdown_toll(doc: Doc, span: Span, sent: Span) -> tuple[str, Token] | None:
    """A figure in a breakdown by cause after a colon: "the causes of death as: 127 by aerial
    attacks, 105 by firearms …" counts the toll named before the colon."""
    if span.end >= sent.end or doc[span.end].lower_ != "by":
        return None
    colon = next((t for t in reversed(doc[sent.start : span.start]) if t.text == ":"), None)
    if colon is None:
        return None
    for token in reversed(doc[sent.start : colon.i]):
        category = _toll_of(token)
        if category in ("killed", "injured", "displaced", "detained"):
            return category, token
    return None


_AGGREGATES = frozenset({"toll", "number", "tally", "count", "total", "figure", "numbers", "figures", "population"})
_REACH_VERBS = frozenset(
    {"reach", "stand", "hit", "top", "exceed", "surpass", "pass", "cross", "be", "near", "climb", "rise"}
)


# Prepositions that put a toll at its figure: "rose to", "stands at", "between 21,000-22,000".
_TO_A_FIGURE = frozenset({"to", "at", "past", "of", "from", "above", "over", "near", "into", "between"})


def _aggregate(span: Span) -> tuple[str, Token] | None:
    """ "The death toll rose to 39,145", "bringing the number of journalists killed to 108":
    the figure is the value of a toll noun, whose own words say what it counts."""
    root = span.root
    if root.dep_ == "nummod" and root.head.dep_ == "pobj" and root.head.head.lower_ in ("to", "at"):
        # "the number of internal refugees … has more than doubled …, to 212,000 people"
        root = root.head if _is_people(root.head) else root
    if root.dep_ == "quantmod" and root.head.like_num and root.i > 0 and root.doc[root.i - 1].lower_ == "from":
        root = root.head  # "doubled in a week from 99,000 to 212,000": the first figure parsed as the second's modifier
    governor: Token | None = None
    if root.dep_ == "pobj" and root.head.lower_ in _TO_A_FIGURE:
        governor = root.head.head
    elif root.dep_ in ("dobj", "attr", "npadvmod", "advmod", "oprd"):
        governor = root.head
    if governor is not None and governor.pos_ in ("ADJ", "ADV") and governor.dep_ in ("acomp", "advmod"):
        governor = governor.head  # "the toll … is close to 250", "stands near 300"
    if governor is not None and governor.dep_ == "prep" and governor.lower_ in ("from", "to"):
        governor = governor.head  # "from 1.7 million to 1.9 million": the second hangs on "from"
    if governor is None:
        return None
    aggregate: Token | None = None
    if _lemma(governor) in _AGGREGATES or governor.lower_ in _AGGREGATES:
        aggregate = governor
    elif governor.dep_ in ("acl", "relcl") and (
        _lemma(governor.head) in _AGGREGATES or governor.head.lower_ in _AGGREGATES
    ):
        aggregate = governor.head  # "the number of journalists killed to 108" (parsed onto "killed")
    elif (
        governor.dep_ in ("acl", "relcl")
        and governor.head.dep_ == "pobj"
        and governor.head.head.lower_ == "of"
        and (_lemma(governor.head.head.head) in _AGGREGATES or governor.head.head.head.lower_ in _AGGREGATES)
    ):
        aggregate = governor.head.head.head  # "the number of people displaced … from 1.7 million"
    elif governor.pos_ in ("VERB", "AUX") or _lemma(governor) in _REACH_VERBS:
        # "The number of refugees … is likely to reach 21,000", "is expected to rise to": the
        # subject of the verb the rising verb is the complement of.
        while governor.dep_ == "xcomp" and not any(c.dep_.startswith("nsubj") for c in governor.children):
            governor = governor.head
            if governor.pos_ == "ADJ" and governor.dep_ == "acomp":
                governor = governor.head
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
                _lemma(child) in _AGGREGATES or child.lower_ in _AGGREGATES
            ):
                aggregate = child
                break
        if aggregate is None and _lemma(governor) in _REACH_VERBS - {"be", "stand"}:
            # "Civilian deaths topped 500", "Arrests reached 300": the toll noun is the subject.
            for child in governor.children:
                category = TOLL_NOUNS.get(_lemma(child)) if child.dep_ == "nsubj" else None
                if category and child.tag_ in ("NNS", "NNPS") and not any(c.like_num for c in child.children):
                    return category, child
    if aggregate is None:
        return None
    casualties = False
    for token in aggregate.subtree:
        if span.start <= token.i < span.end:
            continue
        category = _toll_of(token) or (TOLL_NOUNS.get(_lemma(token)) if token.i != aggregate.i else None)
        if category and category != "other_toll":
            return category, aggregate
        casualties = casualties or _lemma(token) == "casualty"
    if casualties:
        return "other_toll", aggregate  # "the number of casualties exceeded 1,000": dead and wounded
    if _lemma(aggregate) == "toll":
        return "killed", aggregate  # "the toll" alone, in conflict news, is the death toll
    if _lemma(aggregate) == "population" and _about_a_camp(aggregate):
        # "bringing the total population at al-Hawl to more than 65,000": a camp's people, as
        # "the camp of 39,000 people" counts them.
        return "displaced", aggregate
    if aggregate.head.pos_ == "VERB" and aggregate.dep_ == "dobj":
        # "more new arrivals took the number closer to a million": what brought the number there
        for subject in (c for c in aggregate.head.children if c.dep_ == "nsubj"):
            category = _toll_of(subject)
            if category and category != "other_toll":
                return category, subject
    return None


def _describes(word: Token, noun: Token) -> bool:
    """Whether ``word`` is inside a modifier of ``noun`` (an adjective or a relative clause)."""
    for ancestor in [word, *word.ancestors]:
        if ancestor.i == noun.i:
            return False
        if ancestor.head.i == noun.i:
            return ancestor.dep_ in ("amod", "relcl")
    return False


def _is_people(token: Token | None) -> bool:
    if token is None:
        return True
    lemma = _lemma(token)
    return (
        lemma in PEOPLE_NOUNS
        or token.lower_ in PEOPLE_NOUNS
        or token.ent_type_ == "NORP"
        or (token.pos_ == "PROPN" and token.tag_ == "NNPS")
        or token.lower_ in ("whom", "who", "more", "others")
    )


# Verbs whose subject in the active voice is the one who acts, not the one the toll counts.
_TRANSITIVE_TOLLS = frozenset(
    "kill injure wound hurt maim abduct kidnap detain arrest capture displace evacuate slay execute murder "
    "massacre assassinate behead shoot imprison jail slaughter".split()
)


def _is_agent(anchor: Token, root: Token, predicate: Token) -> bool:
    """Whether the counted is the active subject of a transitive toll verb (the perpetrator)."""
    if predicate.pos_ != "VERB" or _lemma(predicate) not in _TRANSITIVE_TOLLS:
        return False
    # Without an object the clause is elliptical and passive in meaning: "10 were killed and 45 injured".
    if not any(c.dep_ in ("dobj", "obj") for c in predicate.children):
        return False
    for token in (anchor, root):
        while token.dep_ == "conj" and token.head.i != token.i:
            token = token.head  # "she and five other soldiers …": the conjuncts share the subject's role
        if token.dep_ != "nsubj":
            continue
        # "five soldiers helped to evacuate civilians": the subject of a verb controls its xcomp,
        # and a participle's: "Two gunmen opened fire, killing 12 people".
        if token.head.i == predicate.i or (predicate.dep_ in ("xcomp", "advcl") and predicate.head.i == token.head.i):
            return True
    return False


def _own_figure(verb: Token) -> bool:
    """Whether a verb has a toll of its own: an object or passive subject ("and wounded hundreds
    more", "one was killed and another injured") or a number ("… and 45 injured"). An active
    subject is the agent both verbs share ("the blast killed and wounded dozens")."""
    for child in verb.children:
        if child.dep_ in ("nsubjpass", "dobj") and child.lower_ not in ("that", "who", "which"):
            return True
        if child.like_num or child.lower_ in ("another", "others"):
            return True
        if child.dep_ == "nsubj" and any(t.like_num or t.lower_ in VAGUE for t in child.subtree):
            return True  # "… and dozens wounded", parsed as an active subject
    return False


def _combined(predicate: Token, category: str) -> bool:
    """ "killed and wounded dozens", "millions fled, or were trapped": one figure for two tolls,
    which the guide counts as other_toll."""
    if category not in _HUMAN_TOLLS or predicate.pos_ != "VERB":
        return False
    others = [c for c in predicate.children if c.dep_ == "conj"]
    if predicate.dep_ == "conj":
        others.append(predicate.head)
    for other in others:
        if other.pos_ != "VERB":
            continue
        other_category = _toll_of(other)
        if other_category is None or other_category == category or _own_figure(other):
            continue
        if {category, other_category} <= {"killed", "injured"}:
            return True
        # Other pairs only as alternatives: "fled, or were trapped"; "detained and forcibly
        # disappeared", "kidnapped and held" say one fate twice.
        alternative = any(c.dep_ == "cc" and c.lower_ == "or" for c in (*predicate.children, *other.children))
        if other_category in _HUMAN_TOLLS and alternative:
            return True
    return False


def _clause_fate(anchor: Token) -> tuple[str, Token] | None:
    """The toll the clause says of a subject: its verb, or a complement of "be/remain"."""
    if anchor.dep_ not in ("nsubj", "nsubjpass"):
        return None
    verb = anchor.head
    for word in (verb, *(c for c in verb.children if c.dep_ in ("acomp", "attr", "xcomp", "oprd"))):
        category = _toll_of(word)
        if category is not None:
            return category, word
    return None


def _then_killed(predicate: Token) -> bool:
    """ "400 men were rounded up, shot or beheaded": a capture coordinated with a killing of the
    same people (no figure of its own) records their death, the toll the report is about."""
    if predicate.pos_ != "VERB":
        return False
    chain = [c for c in predicate.children if c.dep_ == "conj"]
    while chain:
        other = chain.pop()
        if other.pos_ == "VERB" and not _own_figure(other) and _toll_of(other) == "killed":
            return True
        chain.extend(c for c in other.children if c.dep_ == "conj")
    return False


def _describes_source(span: Span) -> bool:
    """Whether the figure is inside the source phrase of "according to X" ("according to two
    women who fled"), and not in what X said there ("according to the military, which said all
    89 drones were shot down")."""
    # "Two US officials also confirmed the capture": the figure counts who speaks.
    noun = span.root.head
    if (
        span.root.dep_ == "nummod"
        and noun.pos_ in ("NOUN", "PROPN")
        and noun.dep_ == "nsubj"
        and noun.head.pos_ == "VERB"
        and _lemma(noun.head) in _SPEECH
        # "injured at least eight others, the service said": a verb's object the parser misread
        and not (noun.left_edge.i > 0 and noun.doc[noun.left_edge.i - 1].pos_ == "VERB")
    ):
        return True
    for ancestor in span.root.ancestors:
        if ancestor.lower_ == "according":
            return True
        if ancestor.pos_ == "VERB" and _lemma(ancestor) in _SPEECH:
            return False
    return False


def _natural_cause(predicate: Token) -> bool:
    """Whether a toll word's cause is a disaster or an accident, not violence: "an earthquake
    that killed up to 1,000 people", "floods killed 40", "died in a car crash"."""
    if predicate.lower_ in ("lives", "life") and predicate.head.pos_ == "VERB":
        predicate = predicate.head  # "which claims the lives of …": the verb's subject took them
    causes = [c for c in predicate.children if c.dep_ in ("nsubj", "agent")]
    if not causes and predicate.dep_ == "conj":
        # "Malaria is preventable and curable but still killed around 608,000 people"
        causes = [c for c in predicate.head.children if c.dep_ == "nsubj"]
    if not causes and predicate.pos_ == "VERB":
        # "flash flooding and torrential rain have killed hundreds", parsed with no subject
        causes = [
            t for t in predicate.doc[max(predicate.sent.start, predicate.i - 5) : predicate.i] if t.pos_ == "NOUN"
        ]
    causes += [g for c in causes if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if predicate.dep_ == "relcl":
        causes.append(predicate.head)  # "an earthquake that killed …"
    # "died in a car crash", "die from heatstroke", "will die of the disease"
    # ("the risk of contracting polio" is no death of it)
    preps = [
        c for c in predicate.children if c.lower_ in ("in", "from") or (c.lower_ == "of" and predicate.pos_ == "VERB")
    ]
    causes += [g for c in preps for g in c.children if g.dep_ == "pobj"]
    causes += [g for c in causes for g in c.children if g.dep_ == "compound"]  # "tornado outbreaks"
    return any(_lemma(c) in _NATURAL_CAUSES for c in causes)


def _unrealised(predicate: Token) -> bool:
    """A toll verb that did not happen: "fighters who do not intend to surrender", "refused to
    surrender", "the two men were not yet in US military custody"."""
    if predicate.pos_ == "NOUN" and predicate.dep_ == "pobj" and predicate.head.head.pos_ in ("AUX", "VERB"):
        return any(c.dep_ == "neg" for c in predicate.head.head.children)
    if predicate.pos_ != "VERB":
        return False
    if any(c.dep_ == "neg" for c in predicate.children):
        return True  # "Britons who had travelled to Isis territory and had not been killed"
    if predicate.dep_ != "xcomp":
        return False
    head = predicate.head
    return _lemma(head) in _INTENDING or any(c.dep_ == "neg" for c in head.children)


def _paid_as_other(doc: Doc, span: Span) -> bool:
    """Money named as something other than aid right after it: "hundreds of thousands of dollars
    in fees" (an aid word elsewhere in the sentence does not make it aid)."""
    k = span.end
    if k < len(doc) and doc[k].lower_ in _MONEY_WORDS:
        k += 1
    elif k + 1 < len(doc) and doc[k].lower_ == "of" and doc[k + 1].lower_ in _MONEY_WORDS:
        k += 2
    if k >= len(doc) or doc[k].lower_ != "in":
        return False
    named = doc[k + 1 : k + 4]
    if any(_AID_WORDS.fullmatch(token.text) for token in named):
        return False
    noun = next((token for token in named if token.pos_ == "NOUN"), None)
    return noun is not None and not noun.ent_type_


def _aid_tonnage(noun: Token, sent: Span) -> bool:
    """Tonnes are aid when they are of aid goods ("200,000 metric tons of supplies") or an aid
    word core to the sentence says so; tonnes of a crop or a plant's capacity are not."""
    if noun.head.pos_ == "VERB" and _lemma(noun.head) in _TRADE_VERBS:
        return False  # "a pledge to buy four mln tonnes of wheat": trade, not aid
    goods = _of_objects(noun)
    return any(_AID_WORDS.fullmatch(g.text) for g in goods) or bool(_AID_MONEY.search(sent.text))


def classify(doc: Doc, quantity: Quantity, span: Span, sent: Span) -> tuple[str, Token | None, Token | None] | None:
    """(category, counted noun, toll word) of a number in sentence ``sent``, or None when it counts no toll."""
    if _describes_source(span):
        return None  # "according to two women who fled": the figure describes the source
    if span.end + 1 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ == "strong":
        return None  # "a 5,000-strong force": the size of a force, not a toll
    noun, anchor = _counted(doc, span)
    if noun is not None and any(_lemma(t) in ("threat", "hoax", "scare") for t in doc[span.end : noun.i + 4]):
        return None  # "calling in more than 20 bomb or shooting threats to schools" (however parsed)
    if (
        quantity.text.lower() == "one"
        and noun is not None
        and noun.dep_ == "pobj"
        and TOLL_NOUNS.get(_lemma(noun)) == "strikes"
    ):
        return None  # "one of several attacks": naming one of them, not counting
    aggregate = _aggregate(span)
    if aggregate is not None:
        return aggregate[0], None, aggregate[1]
    noun_category = TOLL_NOUNS.get(_lemma(noun)) or TOLL_NOUNS.get(noun.lower_) if noun is not None else None
    if noun is not None and noun_category == "strikes" and any(_lemma(c) in _NOT_VIOLENT_ATTACKS for c in noun.lefts):
        return None  # "two heart attacks", "69 unprovoked shark attacks"
    if noun is not None and _lemma(noun) == "weapon" and _lemma(noun.head) in _LAUNCH_VERBS:
        noun_category = "projectiles"  # "released 420 air-to-surface weapons"
    if noun is not None and noun_category is None and (noun.lower_ == "lives" or _lemma(noun) == "case"):
        # "claimed 500 lives" ("saved 40 lives" counts no toll); "68 cases of severe malnutrition"
        noun_category = _toll_of(noun)
    if noun is not None and _lemma(noun) == "seeker" and any(c.lower_ == "asylum" for c in noun.children):
        noun_category = "displaced"  # "received 40,000 asylum seekers"
    if noun_category == "killed" and noun is not None and _lemma(noun.head) in ("save", "prevent", "avert", "avoid"):
        return None  # "Up to 500,000 child deaths could be saved every year"
    if noun is not None and noun_category is None and noun.tag_ == "VBN" and noun.dep_ == "pobj":
        noun_category = TOLL_PREDICATES.get(_lemma(noun))  # "Ten of the killed have been identified"
    # "the bodies of five hostages", "the injuries of 48 officers", "the evacuation of 2,000
    # people": the outer noun says what happened to them.
    held = noun
    # "the deaths of Haniyeh and Shukr – two leaders of …": the number stands beside the names.
    while held is not None and held.dep_ in ("appos", "conj") and held.head.pos_ in ("NOUN", "PROPN"):
        held = held.head
    if (
        noun is not None
        and held is not None
        and held.dep_ == "pobj"
        and held.head.lower_ == "of"
        and held.head.head.pos_ == "NOUN"
    ):
        outer_word = held.head.head
        outer = TOLL_NOUNS.get(_lemma(outer_word)) or TOLL_NOUNS.get(outer_word.lower_) or _toll_of(outer_word)
        if outer in ("killed", "injured", "displaced", "detained", "missing") and (
            _is_people(noun) or noun_category in ("hostages", "killed")
        ):
            # "the deaths of 1,000 people in a building collapse": no conflict's toll
            return None if _natural_cause(outer_word) else (outer, noun, outer_word)
    predicate: Token | None = None
    predicate_category: str | None = None
    candidates = [anchor, *_predicate_words(anchor)]
    partitive = anchor.i != span.root.i and noun is not None and noun.dep_ == "pobj"
    if partitive:
        # "killed scores of civilians", "One of the unit was killed": the number heads the phrase.
        candidates += _predicate_words(span.root)
    naming = quantity.text.lower() == "one" and noun is not None
    camp: tuple[Token, str] | None = None
    for word in candidates:
        if word.i == anchor.i and noun is None:
            continue
        if naming and noun is not None and _describes(word, noun):
            continue  # "one wounded boy rested his head", "one man who suffered injuries": naming, not counting
        category = _toll_of(word)
        if category is not None and _lemma(word) in _SHELTERS:
            # A camp says where they are; what befell them comes first: "five people in the
            # refugee camp were killed".
            camp = camp or (word, category)
            continue
        if category is not None and (noun is None or word.i != noun.i):
            predicate, predicate_category = word, category
            break
    # Troops in a camp or a tent are not displaced.
    if predicate is None and camp is not None and _is_people(noun) and (noun is None or _lemma(noun) not in _FORCES):
        predicate, predicate_category = camp
    if predicate is not None and predicate.dep_ == "acl" and predicate.head.i == anchor.i:
        # "hundreds of people detained during Isis's reign remain unaccounted for", "five soldiers
        # wounded in the attack died": the participle says who they are; the clause what befell them.
        fate = _clause_fate(anchor)
        if fate is not None and fate[0] != predicate_category:
            predicate_category, predicate = fate
    if predicate is not None and (_natural_cause(predicate) or _unrealised(predicate)):
        return None
    if predicate is not None and _is_agent(anchor, span.root, predicate):
        # "two gunmen killed five people": the gunmen did the killing; they are not the toll.
        if noun_category not in ("strikes", "projectiles"):
            return None
        # "Three explosions occurred …, killing a pedestrian": the explosions count themselves.
        predicate, predicate_category = None, None
    if predicate is not None and predicate_category is not None and _combined(predicate, predicate_category):
        predicate_category = "other_toll"
    if predicate is not None and predicate_category in ("detained", "hostages") and _then_killed(predicate):
        predicate_category = "killed"
    if predicate_category is None and noun is None:
        found = _breakdown_toll(doc, span, sent)
        if found is not None:
            predicate_category, predicate = found
    if predicate_category is None and (noun is None or _is_people(noun)):
        found = _window_toll(doc, span, sent)
        if (
            found
            and not (quantity.text.lower() == "one" and found[1].i > span.end)
            and not (naming and noun is not None and _describes(found[1], noun))
        ):
            predicate_category, predicate = found
    if predicate_category is None and _is_people(noun):
        found = _after_a_dash(doc, quantity, sent)
        if found is not None:
            predicate_category, predicate = found
    if predicate_category is None and noun is not None and _is_people(noun):
        found = _verb_before(doc, quantity, sent)
        if found is not None:
            predicate_category, predicate = found
    if predicate is not None and _lemma(predicate) == "cross" and noun is not None and _lemma(noun) in _FORCES:
        return None  # "the hundred foreign fighters a month still crossing Turkey's border into Syria"
    fled_from = predicate is not None and _lemma(predicate) in ("flee", "escape")
    if (
        fled_from
        and predicate is not None
        and any(
            t.dep_ == "dobj" and t.head.i == predicate.i for t in (span.root, *([noun] if noun is not None else []))
        )
    ):
        return None  # "left the city to flee the millions of people coming to watch": what is fled
    if predicate_category == "displaced" and (_armed(noun) or (noun is not None and _lemma(noun) in _CULPRITS)):
        # "Dozens of Isis members have fled to towns along the Euphrates": a force moving; "the
        # two suspects fled": culprits escaping
        return None
    if predicate is not None and predicate_category == "displaced" and _lemma(predicate) == "camp" and _foreign(noun):
        # Foreigners in the camps of north-east Syria cannot leave: "Hundreds of children born to
        # foreign nationals remain in Syrian camps" are held there, as annotators mark them.
        predicate_category = "detained"
    if quantity.text.lower() == "one" and predicate is None:
        # "one of their former hostages", "even one single missile": naming, not counting.
        if noun is None or partitive or span.end < len(doc) and doc[span.end].lower_ in ("single", "more"):
            return None
    money_word = span.end < len(doc) and doc[span.end].lower_ in _MONEY_WORDS
    # "billions of dollars in humanitarian aid"
    money_word = money_word or (
        quantity.vague
        and span.end + 1 < len(doc)
        and doc[span.end].lower_ == "of"
        and doc[span.end + 1].lower_ in _MONEY_WORDS
    )
    follow = doc[span.end : span.end + 3]
    in_aid = (
        len(follow) >= 2
        and follow[0].lower_ in ("in", "of", "worth")
        and any(_AID_WORDS.fullmatch(t.text) for t in follow[1:])
    )
    if quantity.currency or money_word or (in_aid and quantity.value >= 1000):
        # Money is aid only with an aid word close by ("$1.7 billion in military aid"), and
        # only in the sums aid comes in: "$9.99" or a budget line is not.
        near = doc[max(sent.start, span.start - 8) : min(sent.end, span.end + 8)].text
        # "provided the money market with 37 mln stg assistance": a central bank's operations.
        # "the pier which cost $230 million": a price, whatever the aid it served.
        priced = any(_lemma(t) == "cost" and t.pos_ == "VERB" for t in (span.root.head, span.root.head.head))
        # "Ankara pledged $3.5bn (£2.75bn) to buy US patriot missiles": a purchase, not aid.
        priced = priced or any(
            _lemma(t) in _TRADE_VERBS and t.i > 0 and doc[t.i - 1].lower_ == "to" for t in doc[span.end : span.end + 7]
        )
        # "market" operations; "Adelson donated $5 million to Preserve America, a super PAC".
        # The sentence before may say whose money it is ("… received $10 million from Ken Griffin,
        # a prolific GOP megadonor. Singer gave $10 million, and Adelson donated $5 million").
        context = (doc[sent.start - 1].sent.text + " " if sent.start > 0 else "") + sent.text
        aid_near = bool(_AID_MONEY.search(near)) and "market" not in near.lower() and not _POLITICAL.search(context)
        if quantity.value >= 10_000 and aid_near and not priced and not _paid_as_other(doc, span):
            return "aid", noun, predicate
        return None
    if predicate_category and (
        _is_people(noun)
        or (partitive and noun is not None and _lemma(noun) not in _THINGS)
        or noun_category in ("hostages", "displaced", "detained", "killed", "injured")
        # "mercenaries were killed", "rallygoers who were wounded": a human toll word says the
        # noun counts people, whatever the noun; only things are left out.
        or (
            noun is not None
            and noun.pos_ in ("NOUN", "PROPN")
            and _lemma(noun) not in _THINGS
            and noun_category is None
        )
    ):
        return predicate_category, noun, predicate
    if noun_category:
        if noun_category == "aid" and not _AID_WORDS.search(sent.text):
            return None
        if noun is not None and _lemma(noun) in ("tonne", "ton") and not _aid_tonnage(noun, sent):
            return None  # "a capacity of 63,000 tonnes", "26.3 mln tonnes of rice" grown: goods, not aid
        return noun_category, noun, predicate
    giver = noun.head if noun is not None else None
    if giver is not None and noun is not None and noun.dep_ == "pobj" and giver.lower_ == "to":
        giver = giver.head  # "delivered food to 1.2 million people"
    if noun is not None and giver is not None and _is_people(noun) and giver.pos_ == "VERB":
        if _lemma(giver) in _AID_VERBS and _AID_WORDS.search(sent.text):
            return "aid", noun, giver
    if noun is not None and noun.lower_ == "times" and _attacks_counted(noun):
        return "strikes", None, noun.head  # "Russian forces shelled the city 40 times overnight"
    return None


def _subject(noun: Token | None, category: str, span: Span) -> str | None:
    """Who or what is counted, as written ("Palestinians", "US soldiers", "rockets")."""
    if noun is None:
        return "people" if category not in ("projectiles", "strikes", "aid") else None
    words = [
        t
        for t in noun.lefts
        if t.dep_ in ("compound", "amod")
        and not t.like_num
        and t.i > span.end - 1
        and t.lower_ not in ("more", "other")
    ]
    start = min([noun.i, *(t.i for t in words)])
    return noun.doc[start : noun.i + 1].text


def _evidence(quantity: Quantity, span: Span, sent: Span, noun: Token | None, predicate: Token | None) -> list[int]:
    starts = [quantity.start, span.start_char]
    ends = [quantity.end, span.end_char]
    if quantity.qualifier_start is not None and quantity.qualifier_end is not None:
        starts.append(quantity.qualifier_start)
        ends.append(quantity.qualifier_end)
    for token in (noun, predicate):
        # Only words in the number's own sentence, close by, belong to its minimal phrase.
        if token is not None and sent.start <= token.i < sent.end and abs(token.i - span.root.i) <= 12:
            starts.append(token.idx)
            ends.append(token.idx + len(token.text))
    return [min(starts), max(ends)]


_SOURCE_WRAPPER = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:latest\s+|new\s+|official\s+|preliminary\s+)?"
    r"(?:data|figures|statistics|numbers|tall(?:y|ies)|counts?|estimates?|reports?|statements?|assessments?)"
    r"\s+(?:(?:compiled|gathered|collected|published|released|issued)\s+)?(?:from|by|of)\s+",
    re.IGNORECASE,
)
_SOURCE_KIND = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:(?:latest|new|official|preliminary|fresh)\s+)?(.+?)\s+"
    r"(?:statement|report|data|figures|tally|tallies|assessment|estimate|count)s?$",
    re.IGNORECASE,
)

# One speaking for a group: the group is the party ("one of the officials" -> "the officials").
_PARTITIVE = re.compile(r"^(?:one|two|three|some|several|many|most|each|all|both)\s+of\s+(?=\w)", re.IGNORECASE)


def source_name(written: str) -> str:
    """The party behind a source as written: "data from Netanyahu's office" -> "Netanyahu's office",
    "A CentCom statement" -> "CentCom"."""
    name = _ISSUED_DAY.sub("", _ISSUED_WHEN.sub("", written.strip(" ,;:"))).strip(" ,;:")
    name = _PARTITIVE.sub("", name)
    name = _SOURCE_WRAPPER.sub("", name)
    kind = _SOURCE_KIND.match(name)
    if kind:
        name = kind.group(1)
    return name


# What follows a document's issuer tells when or where it came out, not who is behind it:
# "a report by Laboratorio de Paz released Monday" -> "Laboratorio de Paz".
_ISSUED_WHEN = re.compile(
    r"\s+(?:released|published|issued|posted|seen|obtained|shared|made public)\b(?!.*\b(?:by|from)\b).*$",
    re.IGNORECASE,
)
# "figures released by the UN on Monday" -> "the UN".
_ISSUED_DAY = re.compile(
    r",?\s+(?:on\s+|from\s+|late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)"
    r"(?:\s+(?:morning|afternoon|evening|night))?$"
)


# Written sources that name no party: an unresolved pronoun or a bare quantifier.
_NOT_A_PARTY = frozenset(
    "he she it they we i you him her them few many some others several most all both who which that".split()
)


def _speech_cue(doc: Doc, quote: QuoteData) -> bool:
    """Whether an indirect attribution's cue is a word of saying: only those attribute a figure."""
    prior = default_tagger().cue_prior
    tokens = _cue_tokens(doc, quote)
    # Every word of the cue is read before any says yes: in "also claimed responsibility" the
    # adverb is a frequent cue word, but the verb's use reports nothing.
    for token in tokens:
        lemma = _lemma(token)
        if _not_a_report(token):
            return False
        if lemma in _GIVING:
            return False  # "ministers gathered to pledge as much as $5bn": an act, whose sum the article reports
        if lemma in _COMMITTING:
            return False  # "Tehran has vowed vengeance for the incident, in which seven were killed"
    for token in tokens:
        lemma = _lemma(token)
        if lemma in _SPEECH or token.lower_ == "according" or prior.get(lemma, 0.0) >= SPEECH_MIN_PRIOR:
            return True
    return False


def _cue_tokens(doc: Doc, quote: QuoteData) -> list[Token]:
    return [
        token
        for start, end in quote["cue"]
        if (cue := doc.char_span(start, end, alignment_mode="expand")) is not None
        for token in cue
    ]


def _says(doc: Doc, quote: QuoteData) -> bool:
    """Whether a quote's cue has a word of saying proper ("said", "reported"; not "responded with")."""
    return any(_lemma(t) in _SPEECH or t.lower_ == "according" for t in _cue_tokens(doc, quote))


def _unspoken(doc: Doc, quote: QuoteData) -> bool:
    """ "Moscow, which would have complained bitterly if 200 of its citizens had been killed": a
    cue in the conditional perfect tells what was not said. PolNeAR's annotators still mark some
    such attributions, so the quotes keep them; a figure in one has no source."""
    if len(quote["cue"]) != 1:
        return False
    cue = doc.char_span(quote["cue"][0][0], quote["cue"][0][1], alignment_mode="expand")
    if cue is None or cue.root.tag_ != "VBN":
        return False
    auxiliaries = [c.lower_ for c in cue.root.children if c.dep_ == "aux"]
    return "have" in auxiliaries and any(a in auxiliaries for a in ("would", "could", "might"))


class _Pieces:
    """Character ranges, each with a payload index, sorted for fast lookup by position.

    Built once per document: scanning every quote or mention for every figure was quadratic.
    """

    def __init__(self, pieces: list[tuple[int, int, int]]) -> None:
        self.pieces = sorted(pieces)
        self.starts = [p[0] for p in self.pieces]
        # The furthest end among pieces[0..i]: once it falls short, no earlier piece reaches.
        self.reach: list[int] = []
        furthest = -1
        for piece in self.pieces:
            furthest = max(furthest, piece[1])
            self.reach.append(furthest)

    def _before(self, i: int, limit: int) -> list[tuple[int, int, int]]:
        found = []
        while i >= 0 and self.reach[i] > limit:
            found.append(self.pieces[i])
            i -= 1
        return found

    def holding(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Pieces that contain ``[start, end)``."""
        candidates = self._before(bisect_right(self.starts, start) - 1, end - 1)
        return [p for p in candidates if p[0] <= start and end <= p[1]]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Pieces that share a character with ``[start, end)``, latest start first."""
        return self._before(bisect_left(self.starts, end) - 1, start)


def _attributing(doc: Doc, quotes: list[QuoteData]) -> _Pieces:
    """The content pieces of the quotes that can attribute a figure."""
    pieces: list[tuple[int, int, int]] = []
    text = doc.text
    for index, quote in enumerate(quotes):
        if is_action(doc, [(a, b) for a, b in quote["content"]], [(a, b) for a, b in quote["cue"]]):
            continue
        if quote["kind"] in ("indirect", "mixed") and not _opens_quotation(text, quote) and not _speech_cue(doc, quote):
            continue
        pieces.extend((a, b, index) for a, b in quote["content"] if _near_cue(doc, text, quote, a, b))
    return _Pieces(pieces)


_QUOTE_MARKS = '"“”'


def _opens_quotation(text: str, quote: QuoteData) -> bool:
    """Whether the cue introduces a quotation with a colon: the words are the speaker's own,
    whatever the verb ("Trump tweeted: “… take back over 800 Isis fighters …”"), as in a direct
    quote (a quotation that is a name, "nicknamed “the Beatles”", is not introduced so)."""
    if not quote["content"] or not quote["cue"]:
        return False
    opening, cue_end = quote["content"][0][0], quote["cue"][-1][1]
    introduced = 0 <= opening - cue_end <= 3 and ":" in text[cue_end - 1 : opening]
    return introduced and text[opening : opening + 1] in ('"', "“")


def _near_cue(doc: Doc, text: str, quote: QuoteData, start: int, end: int) -> bool:
    """Whether a content piece can carry its cue's source to a figure: one in the cue's sentence,
    or one in quotation marks (a quotation running on). An unquoted piece in a later sentence is
    the linker's guess ("Ankara hopes to dislodge … . Ankara has been pounding … and thousands of
    people have reportedly fled": no report of the second sentence)."""
    if not quote["cue"]:
        return True
    if any(mark in text[max(0, start - 2) : min(len(text), end + 2)] for mark in _QUOTE_MARKS):
        return True
    first = doc.char_span(start, end, alignment_mode="expand")
    cue = doc.char_span(quote["cue"][0][0], quote["cue"][0][1], alignment_mode="expand")
    if first is None or cue is None:
        return True
    return first[0].sent.start == cue[0].sent.start or first[-1].sent.start == cue[0].sent.start


def _source(
    contents: _Pieces, quotes: list[QuoteData], start: int, end: int
) -> tuple[ClaimSourceData | None, int | None]:
    """The speaker of the quote whose content holds the figure, and that quote's index.

    (None, None): the figure is in the article's own voice.
    """
    best: QuoteData | None = None
    best_index: int | None = None
    best_width = 0
    for piece_start, piece_end, index in contents.holding(start, end):
        if not (quotes[index]["source"] or quotes[index]["speaker_names"]):
            continue  # a quotation nobody is given for says nothing of who gave the figure; an outer one may
        width = piece_end - piece_start
        # The innermost quote wins: a figure in "X said Y said Z" is Y's.
        if (
            best is None
            or width < best_width
            or (width == best_width and best_index is not None and index < best_index)
        ):
            best, best_index, best_width = quotes[index], index, width
    if best is None or not (best["source"] or best["speaker_names"]):
        return None, None
    piece = best["source"][0] if best["source"] else None
    found = _quote_source(best, list(piece) if piece else None)
    return (found, best_index) if found else (None, None)


def _state_of(name: str) -> str:
    """A capital speaking is its state's government ("Baghdad said" -> "Iraq"); other names stay."""
    return CAPITAL_STATES.get(name.strip(" ,;:").lower().replace("’", "'"), name)


def _quote_source(quote: QuoteData, span: list[int] | None) -> ClaimSourceData | None:
    """A quote's speaker as a claim's source: the resolved entity, or the party as written
    ("data from Netanyahu's office" -> "Netanyahu's office"); None when it names nobody ("he")."""
    if quote["speaker_entities"]:
        name = " and ".join(quote["speaker_names"])
        entity = quote["speaker_entities"][0] if len(quote["speaker_entities"]) == 1 else None
    else:
        name = source_name(quote["speaker_names"][0]) if quote["speaker_names"] else ""
        entity = None
    if name.lower() in _NOT_A_PARTY or (not quote["speaker_entities"] and not _names_a_party(name)):
        return None
    return ClaimSourceData(name=_state_of(name.strip(" ,;:")), entity=entity, span=span)


# A speaker as written that is a clause, not a party: "Yes, there have been repeated attacks …".
_CLAUSE = re.compile(r"^(?:yes|no|but|and|so)\b|\bthere (?:is|are|was|were|have|has|had)\b", re.IGNORECASE)


def _names_a_party(name: str) -> bool:
    """Whether a speaker as written, resolved to no entity, can be a figure's source: not an
    article or a lone participle the tagger took for a source ("the", "Belying")."""
    words = name.strip(" ,;:").split()
    if not words:
        return False
    if all(w.lower() in ("the", "a", "an", "this", "that", "these", "those") for w in words):
        return False
    if _CLAUSE.search(" ".join(words)):
        return False  # a clause the tagger took for a source ("Yes, there have been repeated attacks … : but note")
    return not (len(words) == 1 and words[0].lower().endswith("ing") and len(words[0]) > 5)


# Verbs of commitment: what follows is an intention, and a figure in it is the article's description.
_COMMITTING = frozenset({"vow", "promise", "threaten", "swear"})
_GIVING = frozenset({"pledge", "donate", "give", "offer", "allocate", "provide", "grant"})
# Words of reporting proper, for a participle that names its reporter ("the agency reporting 32 deaths").
_REPORTING = frozenset({"report", "say", "claim", "announce", "estimate", "confirm", "state", "cite"})
_SPEECH = frozenset(
    "say tell report announce add state confirm claim estimate write note warn insist allege record document "
    "count tally put conclude".split()
)
# Verbs of opinion report a figure only in the clause they govern ("Aid agencies fear that as many as
# 700,000 people could be displaced"; not "residents fear for 20 missing relatives").
_OPINION = frozenset({"believe", "fear", "predict"})


def _not_a_report(verb: Token) -> bool:
    """A word of saying used so that its subject reports nothing."""
    if verb.tag_ == "VBN" and any(c.dep_ in ("auxpass", "xcomp") for c in verb.children):
        # "the four men are accused of …", "with Iran's proxy estimated to have 150,000 missiles":
        # the subject is spoken of, not speaking
        return True
    # "Isis claimed responsibility for an attack that killed six", "unrest which has claimed some
    # 2,400 lives": an act, not a report
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    # "which has claimed thousands of civilian lives"
    objects += [g for o in objects for g in _of_objects(o)]
    if _lemma(verb) == "believe" and any(c.dep_ == "xcomp" for c in verb.children):
        return True  # "The Park Fire, believed to be the result of arson, forced thousands to flee"
    if _lemma(verb) == "say" and any(o.lower_ == "names" for o in objects):
        return True  # "Herman Lopez then said the names of all 13 service members": reading names out
    return any(o.lower_ in ("responsibility", "credit", "lives", "life") for o in objects)


def _reporting_clause(span: Span, sent: Span) -> Span | None:
    """The source phrase of "according to X" or of a speech verb the figure's clause hangs on
    ("…were killed, said the Syrian Observatory"), read from the parse when no quote holds it."""
    for token in sent:
        if token.lower_ == "according":
            to = next((c for c in token.children if c.lower_ == "to"), None)
            pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
            if pobj is not None and not pobj.left_edge.i <= span.root.i <= pobj.right_edge.i:
                return sent.doc[pobj.left_edge.i : pobj.right_edge.i + 1]
        tallier = _tallier(token)
        if tallier is not None and not token.left_edge.i <= span.root.i <= token.right_edge.i:
            # A possessor's own words only: "the army" of "the army's tally".
            end = tallier.i + 1 if tallier.dep_ == "poss" else tallier.right_edge.i + 1
            return sent.doc[tallier.left_edge.i : end]
    in_scene = False
    path = span.root  # the child of the ancestor on the way up
    for ancestor in span.root.ancestors:
        child, path = path, ancestor
        # A scene set before the words ("Sitting in front of a banner bearing the pictures of two
        # volunteers, he says: …") is the article's telling, however the parser hangs it after.
        scene = ancestor.dep_ == "advcl" and ancestor.tag_ in ("VBG", "VBN") and ancestor.i < ancestor.head.i
        in_scene = in_scene or (scene and not any(c.dep_ == "mark" for c in ancestor.children))
        # "In formally designating the two captured men as terrorists, the department said …"
        in_scene = in_scene or (
            ancestor.dep_ == "pcomp" and ancestor.tag_ == "VBG" and ancestor.head.i < ancestor.head.head.i
        )
        pointing_out = _lemma(ancestor) == "point" and _particle(ancestor, "out")
        estimator = _estimate_of(ancestor) if ancestor.i < span.root.i else None
        if estimator is not None and not in_scene:
            return sent.doc[estimator.left_edge.i : estimator.i + 1]
        if (
            (_lemma(ancestor) not in _SPEECH and not pointing_out and _lemma(ancestor) not in _OPINION)
            or ancestor.pos_ != "VERB"
            or _not_a_report(ancestor)
        ):
            continue
        if _lemma(ancestor) in _OPINION and child.dep_ != "ccomp":
            continue
        if in_scene:
            return None
        if any(t.text == ";" and t.head.i == ancestor.i for t in sent.doc[span.root.i : ancestor.i]):
            # "The two men are held in solitary confinement; they said …": a clause of its own
            # before a semicolon, which the parser hangs on the next clause's verb.
            continue
        subject = next((c for c in ancestor.children if c.dep_ == "nsubj"), None)
        if subject is None:
            subject = _quoted_as_saying(ancestor)
        if (
            subject is None
            and ancestor.tag_ == "VBG"
            and ancestor.dep_ == "acl"
            and ancestor.head.pos_ != "VERB"
            and _lemma(ancestor) in _REPORTING
        ):
            # "the Agence France-Presse news agency reporting 32 deaths": the noun it describes.
            head = ancestor.head
            if not head.left_edge.i <= span.root.i <= head.i:
                return sent.doc[head.left_edge.i : head.i + 1]
        if subject is None and ancestor.tag_ == "VBG" and ancestor.dep_ == "advcl":
            # "CPJ joined the criticism, pointing out … at least 22 behind bars": the participle's
            # subject is its clause's.
            subject = next((c for c in ancestor.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.left_edge.i <= span.root.i <= subject.right_edge.i:
            continue
        return sent.doc[subject.left_edge.i : subject.right_edge.i + 1]
    # "…killed 60 mercenaries in Syria, Russia's defence ministry said": the parser often hangs a
    # clause-final speech verb on the clause as a conjunct rather than above it.
    for token in sent:
        if token.i > span.root.i and token.dep_ == "conj" and _lemma(token) in _SPEECH and token.pos_ == "VERB":
            if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children):
                continue  # "…, and some Syrians say the war is over": it says something else
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.left_edge.i > span.root.i:
                return sent.doc[subject.left_edge.i : subject.right_edge.i + 1]
        named = _name_before_verb_read_as_noun(token)
        if named is not None and token.i > span.root.i:
            return named
    return None


def _name_before_verb_read_as_noun(token: Token) -> Span | None:
    """ "…are being housed in camps, Unicef estimates, with many …": the parser reads a clause-final
    "estimates" or "reports" after a name as a plural noun; between commas (or before the full
    stop) it is the name's verb of saying."""
    if token.lower_ not in ("estimates", "reports") or token.tag_ != "NNS":
        return None
    doc = token.doc
    names = [c for c in token.children if c.dep_ == "compound" and c.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")]
    if not names or token.i + 1 >= len(doc) or doc[token.i + 1].text not in (",", "."):
        return None
    start = min(c.left_edge.i for c in names)
    if start == 0 or doc[start - 1].text != ",":
        return None
    return doc[start : token.i]


# Participles with which the writer glosses what someone said: "she added, referencing the day
# when militants killed about 1,200 people", "naming the eight hostages".
_GLOSSING = frozenset({"reference", "refer", "allude", "name"})


def _gloss(span: Span) -> Token | None:
    """The participle of the writer's gloss on a speaker's words that holds a figure: the speaker
    said nothing of it."""
    return next(
        (
            a
            for a in span.root.ancestors
            if a.tag_ == "VBG" and a.dep_ == "advcl" and a.head.pos_ == "VERB" and _lemma(a) in _GLOSSING
        ),
        None,
    )


_ESTIMATES = frozenset({"estimate", "assessment", "calculation", "belief", "view"})
_TALLIES = frozenset({"estimate", "count", "tally", "reckoning", "calculation"})


def _tallier(prep: Token) -> Token | None:
    """Whose count a figure is by "by the estimates of war monitors", "by the army's tally",
    "in the estimate of the UN" ("by some estimates" names no one)."""
    if prep.lower_ not in ("by", "in") or prep.dep_ != "prep":
        return None
    tally = next((c for c in prep.children if c.dep_ == "pobj" and _lemma(c) in _TALLIES), None)
    if tally is None:
        return None
    owner = next((c for c in tally.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    return next(iter(_of_objects(tally)), None)


def _estimate_of(verb: Token) -> Token | None:
    """ "The best estimate of senior aid officials … is that up to 3,000 children …": whose
    estimate it is, as the subject of "is"."""
    if _lemma(verb) != "be":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or _lemma(subject) not in _ESTIMATES:
        return None
    return next(iter(_of_objects(subject)), None)


def _quoted_as_saying(verb: Token) -> Token | None:
    """ "Bloomberg quoted Russian sources as saying …": the ones quoted are the source."""
    marker = verb.head
    if verb.dep_ != "pcomp" or marker.lower_ != "as" or _lemma(marker.head) not in ("quote", "cite"):
        return None
    return next((c for c in marker.head.children if c.dep_ == "dobj"), None)


def _continues_report(span: Span, predicate: Token | None) -> bool:
    """Whether a figure's sentence reads as more of a report just attributed: "a further …",
    "another …", or the reported past perfect ("… had died")."""
    if _adds_to(span):
        return True
    return predicate is not None and any(c.dep_ == "aux" and c.lower_ == "had" for c in predicate.children)


def _restates(noun: Token | None, predicate: Token | None) -> bool:
    """Whether a figure is the value of a toll noun its sentence opens with ("The number of
    refugees rose to …", "The death toll stands at …"), restating a count just reported."""
    return (
        noun is None
        and predicate is not None
        and _lemma(predicate) in _AGGREGATES
        and predicate.dep_ in ("nsubj", "nsubjpass")
        and predicate.i - predicate.sent.start <= 3
    )


def _adds_to(span: Span) -> bool:
    """ "A further …", "another …": a figure said as more of what was just reported."""
    doc = span.doc
    return any(t.lower_ in ("further", "another", "additional") for t in doc[max(0, span.start - 2) : span.start])


def _report_before(
    text: str, quotes: list[QuoteData], sents: list[Span], here: int
) -> tuple[ClaimSourceData | None, int | None]:
    """The attribution whose cue ends the sentence before (``…, the agency added.``), when its
    speaker names a party."""
    if here == 0:
        return None, None
    before = sents[here - 1]
    for index in range(len(quotes) - 1, -1, -1):
        quote = quotes[index]
        if not quote["cue"] or not quote["content"]:
            continue
        cue_start, cue_end = quote["cue"][-1]
        if not before.start_char <= cue_start < before.end_char:
            continue
        # The cue closes the sentence: what follows it is punctuation at most.
        if text[cue_end : before.end_char].strip(' .,;:\n"”’') or quote["content"][-1][1] > before.end_char:
            continue
        source = quote["source"][0] if quote["source"] else None
        found = _quote_source(quote, list(source) if source else None)
        return (found, index) if found else (None, None)
    return None, None


def _inside(phrase: Span, pieces: list[list[int]]) -> bool:
    return any(start <= phrase.start_char and phrase.end_char <= end for start, end in pieces)


def _clause_source(
    quotes: list[QuoteData],
    entities: list[EntityData],
    sources: _Pieces,
    mentions: _Pieces,
    span: Span,
    sent: Span,
) -> tuple[ClaimSourceData | None, int | None]:
    phrase = _reporting_clause(span, sent)
    if phrase is None:
        return None, None
    start, end = phrase.start_char, phrase.end_char
    # A quote whose source is this phrase has the speaker resolved ("it" -> the ministry).
    overlapping = sources.overlapping(start, end)
    if overlapping:
        index = min(p[2] for p in overlapping)
        found = _quote_source(quotes[index], [start, end])
        return (found, index) if found else (None, None)
    if phrase.root.pos_ == "PRON":
        return None, None  # an unresolved pronoun names nobody
    return _party(phrase, entities, mentions), None


def _party(
    phrase: Span, entities: list[EntityData], mentions: _Pieces, *, as_written: bool = True
) -> ClaimSourceData | None:
    """A party phrase as a figure's source: the entity its head names, else the phrase as written
    (or None, when ``as_written`` is false)."""
    span = [phrase.start_char, phrase.end_char]
    root_start = phrase.root.idx
    hits = mentions.overlapping(root_start, root_start + len(phrase.root.text))
    if hits:
        entity = entities[min(p[2] for p in hits)]
        whole = phrase.text.strip(" ,;:").lower() == entity["name"].lower()
        return ClaimSourceData(
            name=_state_of(entity["name"]) if whole else entity["name"], entity=entity["id"], span=span
        )
    return ClaimSourceData(name=source_name(phrase.text), entity=None, span=span) if as_written else None


def _period(span: Span, sent: Span, ents: list[Span], predicate: Token | None) -> list[int] | None:
    """The time phrase a figure is for ("in the past two days", "since the start of the war")."""
    anchors = [span.root.i] + ([predicate.i] if predicate is not None else [])
    best: tuple[int, int, int] | None = None
    for token in sent:
        if token.dep_ == "prep" and token.lower_ in _PERIOD_PREPS:
            pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            is_time = token.lower_ == "since" or pobj.ent_type_ in ("DATE", "TIME") or _lemma(pobj) in _PERIOD_HEADS
            if not is_time:
                continue
            start, end = token.i, pobj.right_edge.i + 1
        elif token.ent_type_ in ("DATE", "TIME") and token.ent_iob_ == "B":
            ent = next((e for e in ents if e.start == token.i), None)
            if ent is None or (ent.start > 0 and sent.doc[ent.start - 1].dep_ == "prep"):
                continue
            start, end = ent.start, ent.end
        else:
            continue
        if start <= span.start < end:
            continue
        distance = min(min(abs(a - start), abs(a - (end - 1))) for a in anchors)
        if best is None or distance < best[0]:
            best = (distance, start, end)
    if best is None or best[0] > 15:
        return None
    doc = sent.doc
    return [doc[best[1]].idx, doc[best[2] - 1].idx + len(doc[best[2] - 1].text)]


def _location(span: Span, sent: Span, ents: list[Span], predicate: Token | None) -> list[int] | None:
    """A place the figure is stated for: "in Gaza", "across southern Lebanon"."""
    anchors = [span.root.i] + ([predicate.i] if predicate is not None else [])
    best: tuple[int, Span] | None = None
    for ent in ents:
        if ent.label_ not in ("GPE", "LOC", "FAC"):
            continue
        before = sent.doc[ent.start - 1] if ent.start > sent.start else None
        if before is not None and before.lower_ == "the" and ent.start - 1 > sent.start:
            before = sent.doc[ent.start - 2]
        if before is None or before.lower_ not in _PLACE_PREPS:
            continue
        distance = min(min(abs(a - ent.start), abs(a - ent.end)) for a in anchors)
        if best is None or distance < best[0]:
            best = (distance, ent)
    if best is None or best[0] > 12:
        return None
    return [best[1].start_char, best[1].end_char]


_FRONTED_PART = re.compile(r"(?:Of|Among)\s+(?:the|those|these)\s", re.IGNORECASE)
_PART_AFTER = re.compile(r"\s+(?:of\s+(?:them|whom)|among\s+them)\b", re.IGNORECASE)
_PART_BEFORE = re.compile(
    r"\b(?:among|including|of)\s+(?:them|whom)\s*,?\s+(?:(?:over|more than|at least|about|some|nearly)\s+)?$"
    r"|\bincluding\s+(?:(?:over|more than|at least|about|some|nearly)\s+)?$",
    re.IGNORECASE,
)


_DOCUMENTING = frozenset({"document", "record", "register", "verify", "count", "tally", "log"})


def _documenter(
    doc: Doc,
    span: Span,
    noun: Token | None,
    sents: list[Span],
    sent_of: list[int],
    entities: list[EntityData],
    mentions: _Pieces,
) -> ClaimSourceData | None:
    """The one who documented a figure: named as the agent ("recorded by the OPCW"), or, for "Of
    the 804 deaths documented in April …" after "the VDC mainly documents shelling", the one the
    text has documenting just before."""
    held = noun if noun is not None else span.root
    # "dozens of chemical attacks have been recorded by the OPCW": the one who recorded them.
    for counted in (held, span.root):
        if counted.dep_ == "nsubjpass" and _lemma(counted.head) in _DOCUMENTING:
            by = [g for c in counted.head.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            if by:
                return _party(doc[by[0].left_edge.i : by[0].right_edge.i + 1], entities, mentions)
    verb = next(
        (
            c
            for c in held.children
            if c.dep_ == "acl"
            and c.tag_ == "VBN"
            and _lemma(c) in _DOCUMENTING
            and not any(g.dep_ == "agent" for g in c.children)
        ),
        None,
    )
    if verb is None:
        return None
    here = sent_of[span.start]
    for sent in reversed(sents[max(0, here - 3) : here + 1]):
        for token in reversed(sent):
            if token.i >= span.start or _lemma(token) != _lemma(verb) or token.pos_ != "VERB" or token.i == verb.i:
                continue
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            named = _party(doc[subject.left_edge.i : subject.right_edge.i + 1], entities, mentions, as_written=False)
            if named is not None:
                return named
    return None


def _appealer(doc: Doc, span: Span, entities: list[EntityData], mentions: _Pieces) -> ClaimSourceData | None:
    """ "The UN has launched an appeal for $3.3bn": the sum is the appealing party's figure."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "for":
        return None
    appeal = root.head.head
    if _lemma(appeal) != "appeal":
        return None
    verb = appeal if appeal.pos_ == "VERB" else appeal.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    return _party(doc[subject.left_edge.i : subject.right_edge.i + 1], entities, mentions)


def _elliptical(span: Span) -> bool:
    """A bare figure in a clause whose verb and noun are left out, as in a list after a figure:
    "Jordan houses 600,000 refugees, Lebanon 1 million, and Turkey has as many as 3 million"."""
    root = span.root
    # ("two dozen": the figure's own words are no noun it counts, whichever of them heads it)
    if (root.pos_ != "NUM" and root.lower_ not in ("dozen", "dozens", "hundreds", "thousands")) or any(
        c.pos_ == "NOUN" and not span.start <= c.i < span.end for c in root.children
    ):
        return False
    head = root.head
    if root.dep_ == "nummod" and head.pos_ == "PROPN" and head.ent_type_ in ("GPE", "LOC", "NORP"):
        return head.dep_ in ("appos", "conj")  # "…, Lebanon 1 million"
    # "… and Turkey has as many as 3 million": the verb of a conjoined clause takes the bare figure.
    if root.dep_ == "dobj" and head.dep_ == "conj" and _lemma(head) in ("have", "host", "house"):
        return True
    # "have killed more than 250, according to …, and two dozen on Wednesday alone"
    return root.dep_ == "conj" and head.pos_ == "VERB" and head.i < root.i


# A figure compared with the one before: "up from 65.6 million in 2016", "compared to 15,479 in …",
# "and 3,024 in 2017" after such a comparison.
_COMPARED = re.compile(
    r"\b(?:up|down|rising|falling|rose|fell) from(?: an?)?(?: estimated| about| around| some)?\s*$"
    r"|\bcompared (?:to|with)(?: an?)?(?: estimated| about| around| some)?\s*$"
    r"|\b(?:compared (?:to|with)|up from|down from) [^.;]*\band\s*$",
    re.IGNORECASE,
)


def find_claims(doc: Doc) -> list[ClaimData]:
    """Every toll figure in ``doc``, in text order."""
    try:
        return _find_claims(doc)
    finally:
        # The cache must not outlive the call: spaCy serialises user_data to send a doc between
        # processes, and a worker that fails to do so hangs ``nlp.pipe(n_process=2)``.
        doc.user_data.pop(_PLACE_NAMES_KEY, None)


def _find_claims(doc: Doc) -> list[ClaimData]:
    text = doc.text  # read once: spaCy rebuilds Doc.text on each access
    quotes: list[QuoteData] = list(doc._.fd_quotes or [])
    entities = as_plain(doc._.fd_entities)
    found: list[ClaimData] = []
    previous: tuple[int, str] | None = None  # (sentence start, category) of the last claim
    whole_end: int | None = None  # where the sentence's first figure ends
    last_sentence = -1  # the sentence number of the last claim found
    # Sentences and their entities, computed once: Span.sent and Span.ents scan the document on
    # each call, which made the component quadratic in the document's length.
    sents = list(doc.sents)
    sent_of = sentence_index(doc)
    contents = _attributing(doc, quotes)
    sources = _Pieces([(a, b, i) for i, q in enumerate(quotes) if q["speaker_names"] for a, b in q["source"]])
    mentions = _Pieces([(a, b, i) for i, e in enumerate(entities) for a, b in e["mentions"]])
    ents_of: dict[int, list[Span]] = {sent.start: [] for sent in sents}
    for ent in doc.ents:
        ents_of[sents[sent_of[ent.start]].start].append(ent)
    for quantity in find_quantities(text):
        span = doc.char_span(quantity.start, quantity.range_end or quantity.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        number_span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
        if number_span is None or _excluded(doc, text, quantity, span):
            continue
        sent = sents[sent_of[span.start]]
        classified = classify(doc, quantity, span, sent)
        part_of = (
            _PART_AFTER.match(text, quantity.end)
            or _PART_BEFORE.search(text, max(0, quantity.start - 60), quantity.start)
            # "Of the 804 deaths documented in April, 420 were named": parts of a figure put first.
            or (_FRONTED_PART.match(text, sent.start_char) and quantity.start > text.find(",", sent.start_char) > 0)
        )
        if classified is None and previous is not None and previous[0] == sent.start and _elliptical(span):
            classified = (previous[1], None, None)  # "Jordan houses 600,000 refugees, Lebanon 1 million"
        if (
            classified is None
            and previous is not None
            and previous[0] == sent.start
            and _COMPARED.search(text, max(sent.start_char, quantity.start - 90), quantity.start)
        ):
            # "… forced from their homes last year, up from 65.6 million in 2016": the same count
            # at another time.
            classified = (previous[1], None, None)
        continued_aid = classified is None and quantity.currency and previous == (sent.start, "aid")
        if continued_aid:
            classified = ("aid", None, None)  # "an appeal for $3.3bn for Syria, and $5.5bn for refugees"
        weak = classified is None or classified[2] is None
        if classified is None and previous is not None and previous[0] == sent.start and whole_end is not None:
            # "lost eight family members – parents, grandparents, two aunts, two brothers": people
            # listed after a dash or colon break the figure before down.
            listed, _anchor = _counted(doc, span)
            gap = text[whole_end : quantity.start]
            if listed is not None and (_is_people(listed) or _is_kin(listed)) and re.search(r"[–—:]| - ", gap):
                classified = (previous[1], listed, None)
        if part_of and weak and previous is not None and previous[0] == sent.start:
            # "87 people, 30 of them children": a part of the figure before, counted alike.
            classified = (previous[1], None, None)
        if classified is None:
            continue
        category, noun, predicate = classified
        if previous is None or previous[0] != sent.start:
            whole_end = quantity.end  # the sentence's first figure, which a list after a dash breaks down
        previous = (sent.start, category)
        evidence = _evidence(quantity, span, sent, noun, predicate)
        gloss = _gloss(span)
        if gloss is not None:
            # Only the gloss's own attribution: "referencing those killed … – now more than 38,000
            # people in total, according to the enclave's Ministry of Health".
            source, quote = _clause_source(quotes, entities, sources, mentions, span, sent)
            if source is not None and (source["span"] is None or source["span"][0] < gloss.idx):
                source, quote = None, None
        else:
            source, quote = _source(contents, quotes, quantity.start, quantity.end)
            if quote is not None and _unspoken(doc, quotes[quote]):
                source, quote = None, None  # "Moscow, which would have complained if 200 … had been killed"
            elif source is None:
                source, quote = _clause_source(quotes, entities, sources, mentions, span, sent)
            elif quote is not None:
                # "The New York Times said that Russian officials had estimated that dozens …": the
                # tagger takes the outer attribution (as PolNeAR does); the figure is the inner party's.
                inner = _reporting_clause(span, sent)
                # "Prothom Alo saying 19 people were killed and the AFP news agency reporting 32
                # deaths": a reporter named after the attribution's own words, before the figure.
                said = [p[1] for p in (*quotes[quote]["source"], *quotes[quote]["cue"]) if p[1] <= quantity.start]
                # Not a reporter before a figure whose own attribution comes after it: "…, the health
                # ministry added, leaving about 1,500 children displaced, according to Save the Children".
                between = inner is not None and bool(said) and max(said) <= inner.start_char
                between = between and inner is not None and inner.end_char <= quantity.start
                # "Security forces responded with a heavy clampdown, detaining more than 100 people,
                # according to police reports": the tagger's cue is no word of saying; the report is.
                according = inner is not None and inner.start >= 2 and doc[inner.start - 2].lower_ == "according"
                according = according and not _says(doc, quotes[quote])
                if inner is not None and (_inside(inner, quotes[quote]["content"]) or between or according):
                    nested, _ = _clause_source(quotes, entities, sources, mentions, span, sent)
                    if nested is not None:
                        source, quote = nested, None
        if source is None:
            source = _documenter(doc, span, noun, sents, sent_of, entities, mentions)
        if source is None and category == "aid":
            source = _appealer(doc, span, entities, mentions)
        last = found[-1] if found else None
        if source is None and continued_aid and last is not None:
            # "an appeal for $3.3bn for Syria, and $5.5bn for refugees": the second sum is the same appeal's.
            source, quote = last["source"], last["quote"]
        if source is None and part_of and last is not None and last_sentence == sent_of[span.start]:
            # "Of the 804 deaths documented by the VDC, 420 were named": a part has its whole's source.
            source, quote = last["source"], last["quote"]
        if source is None and _continues_report(span, predicate or sent.root):
            # "…, the agency added. Some 208 prisoners of war had been taken from the front.": the
            # reported past perfect goes on with the report that closed the sentence before.
            source, quote = _report_before(text, quotes, sents, sent_of[span.start])
        if (
            source is None
            and last is not None
            and last["source"] is not None
            # "According to the UN, 1.9 million people have been displaced. Another 300,000 are
            # trapped." (opening the sentence: "… before another 12,000 people arrived" adds to no report)
            and (last["category"] == category or (_adds_to(span) and span.start - sent.start <= 2))
            and (
                (last_sentence == sent_of[span.start] - 1 and _continues_report(span, predicate))
                # "new UN figures showed that tens of thousands … have continued to flee. The number
                # of internal refugees escaping more than doubled … to 212,000": the count restated.
                or (last_sentence >= sent_of[span.start] - 1 and _restates(noun, predicate))
            )
        ):
            # "Eight babies had died, a statement from Unicef said. A further seven children had
            # died …": the next sentence goes on with the same report, and with its source.
            source, quote = last["source"], last["quote"]
        found.append(
            ClaimData(
                category=category,
                value=quantity.value,
                low=quantity.low,
                high=quantity.high,
                qualifier=quantity.qualifier,
                subject=_subject(noun, category, span),
                number=[quantity.start, quantity.end],
                evidence=evidence,
                source=source,
                quote=quote,
                period=_period(span, sent, ents_of[sent.start], predicate),
                location=_location(span, sent, ents_of[sent.start], predicate),
            )
        )
        last_sentence = sent_of[span.start]
    return found


class ClaimExtractor(SafeComponent):
    """Pipeline component: fills ``doc._.fd_claims``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        doc._.fd_claims = find_claims(doc)


@Language.factory(
    FACTORY,
    requires=["token.dep", "token.pos", "token.lemma", "token.ent_type", "doc._.fd_quotes"],
    assigns=["doc._.fd_claims"],
    default_config={},
)
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor(nlp, name)
