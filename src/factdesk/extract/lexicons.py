"""Word lists shared by the extractors.

Hand-written because no maintained library carries news-specific name
variants; kept short and explicit so a reviewer can check every entry.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Name variants that share no letters-in-order with each other (initials catch the rest).
# Keyed by a normalised mention; values are the canonical key of the entity.
ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "u.s.": "united states",
    "u.s.a.": "united states",
    "united states of america": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "un": "united nations",
    "u.n.": "united nations",
    "eu": "european union",
    "e.u.": "european union",
    "idf": "israel defense forces",
    "israeli military": "israel defense forces",
    "israel defence forces": "israel defense forces",
    "nato": "north atlantic treaty organization",
    "who": "world health organization",
    "unicef": "united nations children's fund",
    "uae": "united arab emirates",
    "drc": "democratic republic of the congo",
    "dprk": "north korea",
    "pa": "palestinian authority",
    "rsf": "rapid support forces",
    "saf": "sudanese armed forces",
}

# Words before a surname that do not make it part of another name ("President Trump").
TITLES: frozenset[str] = frozenset(
    """
    mr mrs ms miss dr prof president vice minister premier prime chancellor king queen prince
    princess sheikh emir general gen lt col colonel major maj captain capt sergeant sgt admiral
    adm commander senator sen rep representative governor gov mayor judge justice secretary
    ambassador envoy spokesman spokeswoman spokesperson pope cardinal bishop rabbi imam father
    sister brother former acting deputy lord lady sir dame chief director officer agent
    """.split()
)

# Function words skipped when forming an organisation's initials ("United Nations" -> UN).
INITIALS_SKIP: frozenset[str] = frozenset({"of", "for", "the", "and", "&", "in", "on", "to", "de", "du", "la"})

# spaCy labels that name things factdesk tracks as entities (numbers and dates are other extractors').
ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

# Labels that may stand for the same thing across spaCy's confusions.
LABEL_FAMILY: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "EVENT": "event",
    "PRODUCT": "thing",
    "WORK_OF_ART": "thing",
    "LAW": "thing",
    "LANGUAGE": "thing",
}


@lru_cache(maxsize=1)
def name_detector() -> Any:
    """gender-guesser's detector over its name dictionary (loaded once: it reads ~40,000 names)."""
    from gender_guesser.detector import Detector

    return Detector(case_sensitive=False)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-cased given names (about 40,000, from gender-guesser's name dictionary)."""
    names: dict[str, object] = getattr(name_detector(), "names", {})
    return frozenset(name.lower() for name in names)
