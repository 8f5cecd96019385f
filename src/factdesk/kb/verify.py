"""Checking a stated role against the knowledge base as of a date.

A verdict is ``supported``, ``contradicted`` or ``unknown``, and ``contradicted`` is only
given with evidence from the KB: the person's own term in that office ended before the
date or began after it (with who held the office on the date), or, for "former X", the
person held X on the date. Missing data, an ambiguous person or a vague title ("a
minister") never yield ``contradicted``: a false contradiction costs a fact-checker more
than a missed one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from factdesk.kb.store import Held, Item, KnowledgeBase
from factdesk.kb.titles import DEMONYMS, RANK_WORDS, RELATIVE_WORDS, title_words
from factdesk.kb.wikidata import WikiDate

Verdict = Literal["supported", "contradicted", "unknown"]
_QID = re.compile(r"^Q[1-9][0-9]*$")
# Titles made only of these words (and places) name no single office: never contradicted.
_GENERIC = frozenset(
    "minister official envoy diplomat lawmaker legislator representative adviser leader member negotiator "
    "spokesperson head chief senior top government cabinet politician".split()
)
_PLACE_WORDS = frozenset(word for country in DEMONYMS.values() for word in country.split())
_DEMONYM_ENDINGS = ("an", "ian", "ese", "i", "ish", "ean")
_PAST = frozenset({"former", "ex", "erstwhile", "previous", "onetime", "past"})
_HONORIFICS = frozenset(
    "president ambassador governor senator secretary judge justice general chancellor mayor representative speaker "
    "minister premier".split()
)
_THEN = frozenset({"then"})
_FUTURE = frozenset({"incoming", "elect", "designate"})


@dataclass(frozen=True)
class Fact:
    """A KB statement cited as evidence."""

    statement: str
    person: str
    person_id: str
    position: str
    position_id: str
    start: str | None
    end: str | None
    acting: bool
    origin: str


@dataclass
class Check:
    """The verdict on one stated role, with what it rests on."""

    verdict: Verdict
    reason: str
    evidence: list[str] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    person_id: str | None = None
    positions: list[tuple[str, str]] = field(default_factory=list)  # (id, label) the title matched


# How close to a change of office a title counts as no clear error (see _verdict).
RECENT_DAYS = 45


def _days(value: WikiDate, day: dt.date) -> int:
    """Days between a day-precise date and ``day`` (a coarser date counts as far away: it was
    already placed before or after the day by :func:`compare`)."""
    if value.precision < 11:
        return 10**6
    return abs((dt.date.fromisoformat(value.iso) - day).days)


def compare(value: WikiDate, day: dt.date) -> int | None:
    """-1, 0 or 1 as ``value`` is before, on or after ``day``; None when its precision cannot tell."""
    parts = [int(p) for p in value.iso.split("-")]
    if value.precision >= 11 and len(parts) == 3:
        other = dt.date(parts[0], parts[1], parts[2])
        return (other > day) - (other < day)
    mine = tuple(parts[:2]) if value.precision == 10 and len(parts) >= 2 else (parts[0],)
    theirs = (day.year, day.month)[: len(mine)]
    if mine == theirs:
        return None
    return 1 if mine > theirs else -1


def covers(held: Held, day: dt.date) -> bool | None:
    """Whether the statement's term includes ``day``: True, False, or None when the KB cannot tell."""
    start = compare(held.start, day) if held.start else None
    end = compare(held.end, day) if held.end else None
    if start == 1 or end == -1:
        return False
    if held.start is None or start is None:
        return None  # no (precise enough) start: the term cannot be placed
    if held.end is not None and end is None:
        return None
    return True


class PositionIndex:
    """Positions by the words of their names (label, aliases, and the place they apply to)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.bags: dict[str, list[frozenset[str]]] = {}
        self.by_word: dict[str, set[str]] = {}
        self.place_words: set[str] = set(_PLACE_WORDS)
        for position, name, place in kb.position_names():
            where = title_words(place) if place else frozenset()
            self.place_words.update(where)
            bag = title_words(name) | where
            self.bags.setdefault(position, []).append(bag)
            for word in bag:
                self.by_word.setdefault(word, set()).add(position)

    def _known(self, word: str) -> str:
        """The word, or the place name an unlisted demonym stands for ("Ruritanian" -> ruritania)
        when the KB knows a word it derives from."""
        if word in self.by_word or not word.endswith(_DEMONYM_ENDINGS):
            return word
        for cut in range(1, 4):
            stem = word[:-cut]
            for known in (stem, stem + "a", stem + "ia", stem + "e"):
                if len(known) >= 4 and known in self.by_word:
                    return known
        return word

    def is_vague(self, words: frozenset[str]) -> bool:
        """Whether a title names no single office ("Israeli minister", "a US official")."""
        return {self._known(word) for word in words} <= (_GENERIC | self.place_words)

    def match(self, words: frozenset[str]) -> list[str]:
        """Positions one of whose names has every word of the title, and no rank word
        ("deputy", "vice") the title lacks."""
        if not words:
            return []
        words = frozenset(self._known(word) for word in words)
        pools = [self.by_word.get(word, set()) for word in words]
        found = set.intersection(*pools) if pools else set()
        return sorted(p for p in found if any(words <= bag and (bag & RANK_WORDS) <= words for bag in self.bags[p]))


class RoleChecker:
    """Verdicts for stated roles against one KB (positions indexed once)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._index: PositionIndex | None = None

    @property
    def index(self) -> PositionIndex:
        if self._index is None:
            self._index = PositionIndex(self.kb)
        return self._index

    def people(self, names: Sequence[str]) -> list[Item]:
        """KB people called by the first of ``names`` that the KB knows. Items imported from
        Wikidata shadow same-named starter items that carry no Wikidata id."""
        for name in names:
            found = self.kb.find(name, kind="human")
            if found:
                wikidata = [item for item in found if _QID.match(item.id)]
                return wikidata or found
        return []

    def check(
        self,
        names: Sequence[str],
        role_text: str,
        modifiers: Sequence[str],
        as_of: dt.date | None,
        *,
        form: str | None = None,
        quoted: bool = False,
        historical: bool = False,
    ) -> Check:
        """The verdict on "``role_text`` ``names[0]``" as of ``as_of``.

        ``names`` are the person's names, best first (the entity's full name, then as written);
        ``form`` is how the role is written (premodifier, appositive); ``quoted`` says the role
        stands inside a direct quote (the speaker's words, not the article's); ``historical`` says
        its passage is about a time long before the date (a title there is the title of then).
        """
        words = title_words(role_text)
        positions = self.index.match(words)
        matched = [(p, self.kb.label(p)) for p in positions]
        if as_of is None:
            return Check(
                "unknown", "no_date", ["the article has no publication date to check against"], positions=matched
            )
        if not positions:
            return Check("unknown", "no_position", [f"no position in the knowledge base matches '{role_text}'"])
        people = self.people(names)
        if not people:
            return Check(
                "unknown", "no_person", [f"the knowledge base has no person named '{names[0]}'"], positions=matched
            )
        wanted = set(positions)
        terms = {person.id: [h for h in self.kb.statements(person.id) if h.value in wanted] for person in people}
        with_terms = [person for person in people if terms[person.id]]
        if len(with_terms) > 1:
            on_date = [p for p in with_terms if any(covers(h, as_of) for h in terms[p.id])]
            with_terms = on_date if len(on_date) == 1 else with_terms
        if len(with_terms) != 1:
            reason = "ambiguous_person" if with_terms or len(people) > 1 else "no_term"
            what = (
                f"{len(people)} people in the knowledge base are named '{names[0]}'"
                if reason == "ambiguous_person"
                else f"the knowledge base records no term of {people[0].label or names[0]} as {_labels(matched)}"
            )
            return Check("unknown", reason, [what], positions=matched)
        person = with_terms[0]
        verdict = self._verdict(person, terms[person.id], words, set(modifiers), as_of, matched)
        if verdict.verdict == "contradicted":
            # A title of another time is no claim about the date: one in a passage about the past
            # ("In 1974 ... his secretary of state, Henry Kissinger"), one relative to another
            # person ("his vice president"), or in a quote, and a bare honorific, which speakers
            # and writers keep for life ("President Trump", "Ambassador Haley").
            if historical:
                verdict.verdict, verdict.reason = "unknown", "historical_context"
            elif set(modifiers) & RELATIVE_WORDS:
                verdict.verdict, verdict.reason = "unknown", "relative_title"
            elif quoted:
                verdict.verdict, verdict.reason = "unknown", "quoted"
            elif verdict.reason == "not_in_office" and form == "premodifier" and words <= _HONORIFICS:
                verdict.verdict, verdict.reason = "unknown", "courtesy_title"
        return verdict

    def _verdict(
        self,
        person: Item,
        terms: list[Held],
        words: frozenset[str],
        modifiers: set[str],
        day: dt.date,
        matched: list[tuple[str, str]],
    ) -> Check:
        name = person.label or person.id
        held = [h for h in terms if covers(h, day) is True]
        unsure = [h for h in terms if covers(h, day) is None]
        before = [h for h in terms if h.end is not None and compare(h.end, day) == -1]
        after = [h for h in terms if h.start is not None and compare(h.start, day) == 1]
        on = day.isoformat()

        def check(verdict: Verdict, reason: str, cited: list[Held], evidence: list[str]) -> Check:
            return Check(verdict, reason, evidence, [self._fact(h, name) for h in cited], person.id, matched)

        if modifiers & _PAST:
            if held:
                return check(
                    "contradicted", "holds_office", held, [f"{name} held {self._term(h)} on {on}" for h in held]
                )
            if before:
                return check("supported", "term_ended", before, [f"{name} held {self._term(h)}" for h in before])
            return check(
                "unknown", "no_past_term", unsure, [f"no ended term of {name} as {_labels(matched)} before {on}"]
            )
        if modifiers & _THEN:
            earlier = [h for h in terms if h.start is not None and compare(h.start, day) in (-1, 0)]
            if earlier:
                return check("supported", "held_before", earlier, [f"{name} held {self._term(h)}" for h in earlier])
            return check("unknown", "no_past_term", unsure, [f"no term of {name} as {_labels(matched)} before {on}"])
        if modifiers & _FUTURE:
            if after:
                return check("supported", "term_to_begin", after, [f"{name} held {self._term(h)}" for h in after])
            return check("unknown", "no_future_term", held, [f"no term of {name} as {_labels(matched)} after {on}"])
        if held:
            return check("supported", "held_on_date", held, [f"{name} held {self._term(h)} on {on}" for h in held])
        if unsure:
            return check(
                "unknown",
                "dates_unclear",
                unsure,
                [f"the KB's dates for {self._term(h)} cannot place {on}" for h in unsure],
            )
        recent = [h for h in before if h.end and _days(h.end, day) <= RECENT_DAYS] + [
            h for h in after if h.start and _days(h.start, day) <= RECENT_DAYS
        ]
        if recent:
            # News goes on using a title for weeks around a change of office, and an article may
            # describe events from before it: a change this close to the date is no clear error.
            return check(
                "unknown",
                "recent_change",
                recent,
                [f"{name}'s term as {self._term(h)} changed within {RECENT_DAYS} days of {on}" for h in recent],
            )
        if self.index.is_vague(words):
            return check(
                "unknown", "vague_title", before + after, [f"'{' '.join(sorted(words))}' names no single office"]
            )
        evidence = [
            f"{name}'s term as {self._term(h)}"
            + (" had ended before" if h in before else " had not begun by")
            + f" {on}"
            for h in before + after
        ]
        for position in sorted({h.value for h in before + after}):
            for other in self.kb.holders(position):
                if other.item != person.id and covers(other, day) is True:
                    evidence.append(
                        f"on {on}, {self.kb.label(position)} was held by {self.kb.label(other.item)} "
                        f"(from {other.start.iso if other.start else '?'})"
                    )
        return check("contradicted", "not_in_office", before + after, evidence)

    def _term(self, held: Held) -> str:
        start = held.start.iso if held.start else "?"
        span = f"{start} to {held.end.iso}" if held.end else f"from {start}, no end recorded"
        acting = "acting " if held.acting else ""
        return f"{acting}{self.kb.label(held.value)} ({span})"

    def _fact(self, held: Held, person: str) -> Fact:
        return Fact(
            statement=held.id,
            person=person,
            person_id=held.item,
            position=self.kb.label(held.value),
            position_id=held.value,
            start=held.start.iso if held.start else None,
            end=held.end.iso if held.end else None,
            acting=held.acting,
            origin=held.origin,
        )


def _labels(matched: list[tuple[str, str]]) -> str:
    labels = [label for _, label in matched]
    return labels[0] if len(labels) == 1 else " or ".join(labels[:3]) + (" …" if len(labels) > 3 else "")
