"""Role mentions: a person named with an office ("former US President Donald Trump",
"Israel's Defence Minister, Yoav Gallant", "Sam Rose, a spokesperson for UNRWA").

Written by hand over tokens rather than the dependency parse: the small model parses
title-name runs poorly ("Acting US Ambassador to the UN Dorothy Shea" comes out as one
ORG), while the shapes news uses for titles are few and regular. Three shapes:

- premodifier: ``[modifiers] [place] TITLE [of|to|for X] NAME``
- appositive before: ``ROLE, NAME,``
- appositive after: ``NAME, [a|the] ROLE,``

Checking a role against facts needs the publication date and a knowledge base, so it
happens when the record is built (:mod:`factdesk.kb.verify`); this component only finds
what the text states.
"""

from __future__ import annotations

from typing import TypedDict

from spacy.language import Language
from spacy.tokens import Doc, Token

from factdesk.extract.base import SafeComponent
from factdesk.extract.entities import EntityData, as_plain
from factdesk.extract.lexicons import OFFICE_WORDS, ROLE_HEADS, given_names
from factdesk.kb.titles import DEMONYMS, RANK_WORDS, RELATIVE_WORDS, ROLE_MODIFIERS

FACTORY = "factdesk_roles_v1"

if not Doc.has_extension("fd_roles"):
    Doc.set_extension("fd_roles", default=None)


class RoleData(TypedDict):
    """One stated role as stored on ``doc._.fd_roles`` (plain data, so docs pickle)."""

    start: int  # the role words, as written
    end: int
    person_start: int  # the person's name
    person_end: int
    modifiers: list[str]
    form: str  # premodifier, appositive
    jurisdiction: str | None  # the country or body before the title, as written ("US", "Israel")
    organisation: str | None  # what the title is of/for/to, when it names a body ("the UN", "UNRWA")


_DETERMINERS = frozenset({"the", "a", "an"})
_LINKS = frozenset({"of", "for", "to", "at", "on"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_PLACE_LABELS = frozenset({"GPE", "NORP", "ORG", "LOC"})
# Name particles that are not capitalised ("Bashar al-Assad", "Ursula von der Leyen").
_PARTICLES = frozenset({"al", "al-", "bin", "ibn", "von", "van", "der", "de", "da", "del", "la", "le", "-"})
# Tokens that end an appositive role after its last word.
_CLOSERS = frozenset({",", ".", ";", ":", "—", "–", "said", "says", "told", "who", "and"})


# The document's tokens without whitespace tokens: a line break inside "Chancellor of the\nExchequer"
# is no boundary (wire copy wraps lines mid-phrase).
Toks = list[Token]


def _is_head(token: Token) -> bool:
    return token.lower_.rstrip(".") in ROLE_HEADS


def _is_modifier(token: Token) -> bool:
    return token.lower_.rstrip("-") in ROLE_MODIFIERS


def _is_place(token: Token) -> bool:
    lower = token.lower_
    return lower in DEMONYMS or (token.ent_type_ in _PLACE_LABELS and not token.is_lower)


def _is_acronym(token: Token) -> bool:
    text = token.text.replace(".", "")
    return len(text) >= 2 and text.isupper() and text.isalpha()


def _title_word(toks: Toks, i: int, persons: set[int]) -> bool:
    """A word that may be part of a title (before its head or inside it)."""
    if i in persons:
        return False
    token = toks[i]
    lower = token.lower_.rstrip(".")
    if lower in ROLE_HEADS or lower in RANK_WORDS or lower in OFFICE_WORDS or _is_modifier(token):
        return True
    if _is_place(token) or _is_acronym(token):
        return True
    # Capitalised department words ("Defence", "Treasury", "Exchequer"), not names.
    return token.is_title and token.pos_ in ("PROPN", "NOUN", "ADJ") and lower not in given_names()


def _name_at(doc: Toks, i: int, persons: set[int], person_starts: dict[int, int]) -> tuple[int, int] | None:
    """The person's name starting at token ``i``: a PERSON mention, or a run of capitalised
    words that starts with a known given name (the model misses names after titles)."""
    if i >= len(doc):
        return None
    if i in person_starts:
        return i, person_starts[i]
    token = doc[i]
    if not token.is_title or token.lower_ not in given_names():
        return None
    j = i + 1
    while j < len(doc) and (doc[j].is_title or doc[j].lower_ in _PARTICLES or _is_initial(doc[j])):
        j += 1
    while j > i + 1 and doc[j - 1].lower_ in _PARTICLES:
        j -= 1
    return (i, j) if j >= i + 2 else None


def _is_initial(token: Token) -> bool:
    text = token.text
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def _title_left(doc: Toks, head: int, persons: set[int]) -> int:
    """Where the title ending at ``head`` starts, walking left over title words and
    possessive owners ("Israel's"); stops at determiners, verbs, punctuation, sentence starts."""
    start = head
    i = head - 1
    while i >= 0:
        token = doc[i]
        if doc[i + 1].is_sent_start:
            break
        if token.text in _POSSESSIVE and i > 0 and _is_place(doc[i - 1]):
            start = i - 1
            i -= 2
            continue
        # "Vice-President", "then-Defense Secretary"
        if token.text == "-" and i > 0 and _title_word(doc, i - 1, persons):
            start = i - 1
            i -= 2
            continue
        if not _title_word(doc, i, persons) or token.lower_ in _DETERMINERS:
            break
        start = i
        i -= 1
    return start


def _complement_right(doc: Toks, after: int, persons: set[int], person_starts: dict[int, int]) -> int:
    """End (exclusive) of a title's complement after ``after`` ("of State", "to the UN",
    "of the Exchequer"): a link word, an optional "the", and capitalised words that are no name."""
    end = after
    i = after
    while i < len(doc) and doc[i].lower_ in _LINKS:
        j = i + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        k = j
        while (
            k < len(doc)
            and k not in persons
            and _name_at(doc, k, persons, person_starts) is None
            and (doc[k].is_title or _is_acronym(doc[k]) or doc[k].lower_ in OFFICE_WORDS)
            and not doc[k].is_sent_start
        ):
            k += 1
        if k == j:
            break
        end = i = k
    return end


def _appositive_right(doc: Toks, start: int, persons: set[int]) -> tuple[int, int] | None:
    """``[a|the] ROLE`` after "NAME,": returns (head index, end) when a title head comes
    within the first few words and the phrase is closed by punctuation or a speech verb."""
    i = start
    if i < len(doc) and doc[i].lower_ in _DETERMINERS:
        i += 1
    head = None
    while i < len(doc) and i < start + 8:
        token = doc[i]
        if _is_head(token) and i not in persons:
            head = i
            i += 1
            # Adjacent heads ("prime minister"): the phrase goes on to the last.
            if i < len(doc) and _is_head(doc[i]):
                continue
            break
        if (
            token.text in _POSSESSIVE
            or token.text == "-"
            or _title_word(doc, i, persons)
            or token.lower_ in _DETERMINERS
        ):
            i += 1
            continue
        return None
    if head is None:
        return None
    end = head + 1
    depth = 0
    while i < len(doc) and i < head + 16:
        token = doc[i]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (token.lower_ in _CLOSERS or token.is_punct):
            break
        elif depth == 0 and not (
            token.lower_ in _LINKS
            or token.lower_ in _DETERMINERS
            or token.pos_ in ("PROPN", "NOUN", "ADJ")
            or _is_acronym(token)
        ):
            return None
        i += 1
        end = i
    if i >= len(doc) or not (doc[i].lower_ in _CLOSERS or doc[i].is_punct):
        return None
    while end > head + 1 and doc[end - 1].lower_ in _LINKS | _DETERMINERS:
        end -= 1
    return head, end


def _modifiers(doc: Toks, start: int, end: int) -> list[str]:
    found = [t.lower_.rstrip("-") for t in doc[start:end] if _is_modifier(t) or t.lower_ in RANK_WORDS]
    # "President-elect": the suffix is a modifier too.
    found += ["elect" for t in doc[start:end] if t.lower_ == "elect" and "elect" not in found]
    # "his secretary of state": the title is another person's, at that person's time.
    if start > 0 and doc[start - 1].lower_ in RELATIVE_WORDS:
        found.insert(0, doc[start - 1].lower_)
    return found


def _text(doc: Toks, start: int, end: int) -> str:
    return "".join(t.text_with_ws for t in doc[start:end]).strip()


def _where(doc: Toks, start: int, end: int) -> tuple[str | None, str | None]:
    """The place before the title ("US", "Israel's" -> Israel) and the body after it ("to the UN")."""
    heads = [i for i in range(start, end) if _is_head(doc[i])]
    if not heads:
        return None, None
    first_head = heads[0]
    places = [i for i in range(start, first_head) if _is_place(doc[i])]
    jurisdiction = _text(doc, places[0], places[-1] + 1) if places else None
    organisation = None
    links = [i for i in range(heads[-1] + 1, end) if doc[i].lower_ in _LINKS]
    if links:
        body = links[0] + 1
        if body < end and doc[body].lower_ == "the":
            body += 1
        if any(
            not doc[i].is_lower and (doc[i].ent_type_ in ("ORG", "GPE") or _is_acronym(doc[i]))
            for i in range(body, end)
        ):
            organisation = _text(doc, body, end)
    return jurisdiction, organisation


def find_roles(parsed: Doc, entities: list[EntityData]) -> list[RoleData]:
    """Every stated role in the doc with the person it is stated of."""
    doc: Toks = [t for t in parsed if not t.is_space]
    char_to_token = {t.idx: i for i, t in enumerate(doc)}
    end_to_token = {t.idx + len(t.text): i for i, t in enumerate(doc)}
    persons: set[int] = set()
    person_starts: dict[int, int] = {}
    for entity in entities:
        if entity["type"] != "PERSON":
            continue
        for start_char, end_char in entity["mentions"]:
            first, last = char_to_token.get(start_char), end_to_token.get(end_char)
            if first is None or last is None:
                continue
            person_starts[first] = last + 1
            persons.update(range(first, last + 1))
    roles: list[RoleData] = []
    taken: set[int] = set()

    def add(role_start: int, role_end: int, name: tuple[int, int], form: str) -> None:
        if name[0] in taken or role_end <= role_start:
            return
        taken.add(name[0])
        jurisdiction, organisation = _where(doc, role_start, role_end)
        roles.append(
            RoleData(
                start=doc[role_start].idx,
                end=doc[role_end - 1].idx + len(doc[role_end - 1].text),
                person_start=doc[name[0]].idx,
                person_end=doc[name[1] - 1].idx + len(doc[name[1] - 1].text),
                modifiers=_modifiers(doc, role_start, role_end),
                form=form,
                jurisdiction=jurisdiction,
                organisation=organisation,
            )
        )

    for head in range(len(doc)):
        token = doc[head]
        if not _is_head(token) or head in persons:
            continue
        if head + 2 < len(doc) and (_is_head(doc[head + 1]) or (doc[head + 1].text == "-" and _is_head(doc[head + 2]))):
            continue  # the last head of "Prime Minister", "Vice-President" carries the phrase
        start = _title_left(doc, head, persons)
        end = _complement_right(doc, head + 1, persons, person_starts)
        if end < len(doc) and doc[end].text in ("-", "–") and end + 1 < len(doc) and doc[end + 1].lower_ == "elect":
            end += 2
        name = _name_at(doc, end, persons, person_starts)
        if name is not None:
            add(start, end, name, "premodifier")
            continue
        # ROLE, NAME,  ("Israel's Defence Minister, Yoav Gallant, has ordered")
        if end + 1 < len(doc) and doc[end].text == ",":
            name = _name_at(doc, end + 1, persons, person_starts)
            if name is not None and name[1] < len(doc) and doc[name[1]].text in (",", ".", ";"):
                add(start, end, name, "appositive")
    # NAME, [a|the] ROLE,  ("Sam Rose, a spokesperson for the UN agency ... (UNRWA),")
    for first, after in sorted(person_starts.items()):
        if first in taken or after + 1 >= len(doc) or doc[after].text != ",":
            continue
        found = _appositive_right(doc, after + 1, persons)
        if found is not None:
            add(after + 1, found[1], (first, after), "appositive")
    roles.sort(key=lambda r: r["start"])
    return roles


class RoleFinder(SafeComponent):
    """spaCy component: ``doc._.fd_entities`` -> ``doc._.fd_roles``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        doc._.fd_roles = find_roles(doc, as_plain(doc._.fd_entities))


@Language.factory(
    FACTORY,
    requires=["doc._.fd_entities", "token.pos", "token.ent_type", "token.is_sent_start"],
    assigns=["doc._.fd_roles"],
    default_config={},
)
def make_role_finder(nlp: Language, name: str) -> RoleFinder:
    return RoleFinder(nlp, name)


def as_roles(value: object) -> list[RoleData]:
    """The extension value, or an empty list when the component did not run."""
    return list(value) if isinstance(value, list) else []
