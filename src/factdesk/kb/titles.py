"""The vocabulary of office titles, shared by the role finder and the position matcher.

Hand-written: Wikidata labels positions formally ("Minister of Defense of Israel") while
news writes "Israel's defence minister"; these lists bridge the two and are short enough
for a reviewer to check every entry.
"""

from __future__ import annotations

import re
import unicodedata

# Words before a title that qualify it; they change what the statement claims, not which office.
ROLE_MODIFIERS: frozenset[str] = frozenset(
    "former ex then acting interim outgoing incoming caretaker designate elect late erstwhile previous onetime".split()
)

# Possessives that make a title relative to another person ("his secretary of state").
RELATIVE_WORDS: frozenset[str] = frozenset({"his", "her", "their"})

# Office words that are part of the title ("deputy minister" is another office than "minister").
RANK_WORDS: frozenset[str] = frozenset("deputy vice assistant under associate shadow junior principal".split())

# Adjectives of place as news writes them, to the country (or body) they stand for.
DEMONYMS: dict[str, str] = {
    "american": "united states",
    "us": "united states",
    "u.s.": "united states",
    "british": "united kingdom",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "israeli": "israel",
    "palestinian": "palestine",
    "iranian": "iran",
    "iraqi": "iraq",
    "syrian": "syria",
    "lebanese": "lebanon",
    "jordanian": "jordan",
    "egyptian": "egypt",
    "saudi": "saudi arabia",
    "qatari": "qatar",
    "emirati": "united arab emirates",
    "yemeni": "yemen",
    "turkish": "turkey",
    "russian": "russia",
    "ukrainian": "ukraine",
    "chinese": "china",
    "japanese": "japan",
    "korean": "korea",
    "indian": "india",
    "pakistani": "pakistan",
    "afghan": "afghanistan",
    "french": "france",
    "german": "germany",
    "west german": "germany",
    "italian": "italy",
    "spanish": "spain",
    "dutch": "netherlands",
    "belgian": "belgium",
    "swiss": "switzerland",
    "swedish": "sweden",
    "norwegian": "norway",
    "danish": "denmark",
    "polish": "poland",
    "hungarian": "hungary",
    "greek": "greece",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "argentine": "argentina",
    "australian": "australia",
    "sudanese": "sudan",
    "malian": "mali",
    "libyan": "libya",
    "tunisian": "tunisia",
    "algerian": "algeria",
    "moroccan": "morocco",
    "kuwaiti": "kuwait",
    "omani": "oman",
    "bahraini": "bahrain",
    "kurdish": "kurdistan",
    "soviet": "soviet union",
    "belarusian": "belarus",
    "georgian": "georgia",
    "armenian": "armenia",
    "azerbaijani": "azerbaijan",
    "south african": "south africa",
    "saudi arabian": "saudi arabia",
    "south korean": "south korea",
    "north korean": "north korea",
    "nigerian": "nigeria",
    "ethiopian": "ethiopia",
    "kenyan": "kenya",
    "irish": "ireland",
    "philippine": "philippines",
    "indonesian": "indonesia",
    "venezuelan": "venezuela",
    "colombian": "colombia",
    "chilean": "chile",
    "peruvian": "peru",
    "cuban": "cuba",
    "un": "united nations",
    "u.n.": "united nations",
    "eu": "european union",
    "nato": "north atlantic treaty organization",
}

# Words and spellings that name the same thing in news and in Wikidata's labels.
_SAME: dict[str, str] = {
    "defence": "defense",
    "labour": "labor",
    "programme": "program",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "advisor": "adviser",
    "pm": "prime minister",
    "fed": "federal reserve",
    "america": "united states",
    "usa": "united states",
    "britain": "united kingdom",
    "england": "united kingdom",
    "ussr": "soviet union",
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "amb": "ambassador",
    "lt": "lieutenant",
    "congressman": "representative",
    "congresswoman": "representative",
    "un": "united nations",
    "eu": "european union",
    "nato": "north atlantic treaty organization",
}
# Words that say nothing about which office: function words and the modifiers.
_STOP = frozenset({"the", "a", "an", "of", "for", "to", "at", "on", "in", "and", "s"}) | ROLE_MODIFIERS
_TWO_WORD_DEMONYMS = tuple(k for k in DEMONYMS if " " in k)
_WORD = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*\.?")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def title_words(text: str) -> frozenset[str]:
    """The words that identify an office, as a set: "Israel's Defence Minister" and "Minister of
    Defense of Israel" both give {israel, defense, minister}; modifiers ("former", "acting") are dropped."""
    text = _fold(text).replace("'s ", " ").replace("-", " ")
    for two_words in _TWO_WORD_DEMONYMS:
        if two_words in text:
            text = text.replace(two_words, DEMONYMS[two_words])
    words: set[str] = set()
    for raw in _WORD.findall(text):
        key = raw.replace(".", "")  # "u.s." and "us" alike
        mapped = DEMONYMS.get(raw) or DEMONYMS.get(key) or _SAME.get(key) or key
        words.update(part for part in mapped.split() if part not in _STOP)
    return frozenset(words)
