"""Numbers as news writes them: digits, words, vague quantities, hedges and ranges.

Hand-written because the libraries that parse number words (``word2number``,
``text2num``) neither keep character offsets nor read hedges ("more than 430"
-> low 431) or vague quantities ("tens of thousands"), which is what a claim
needs. Pure text in, plain data out: the claims component decides which of
these numbers count a toll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, int] = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
    "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000, "mn": 1_000_000,
    # Wire copy's abbreviations ("five mln barrels", "1.5 bln dlrs").
    "mln": 1_000_000, "bln": 1_000_000_000,
}  # fmt: skip

# Vague quantities, valued as the annotation guide says ("dozens" -> 24).
VAGUE: dict[str, int] = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "tens of thousands": 20_000,
    "hundreds of thousands": 200_000,
    "millions": 2_000_000,
    # Past the guide's list, by its pattern (two of the unit): "billions of dollars in aid".
    "tens of millions": 20_000_000,
    "hundreds of millions": 200_000_000,
    "billions": 2_000_000_000,
    # "several hundred" counts as "hundreds" does: "several" alone is no number (the guide).
    "several hundred": 200,
    "several thousand": 2_000,
    # "several dozen", "a few dozen" count as "dozens" do; a bare "dozen" after "the" is twelve.
    "several dozen": 24,
    "few dozen": 24,
}

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion|mln|bln"
# "twenty-five", "four million", "two hundred thousand", "a dozen", "two dozen", "a hundred".
_WORD_NUMBER = (
    rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?|an?)(?:\s+(?:{_SCALE_WORDS}|dozen))*"
    rf"|(?:{_SCALE_WORDS}|dozen)"  # "the dozen political prisoners released"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CURRENCY = r"(?:US\$|\$|£|€)"
_DIGIT_NUMBER = rf"{_CURRENCY}?(?:{_DIGITS})(?:(?:\s?(?:{_SCALE_WORDS})|bn|mn|m|k)\b)?"
_VAGUE = (
    r"tens\s+of\s+(?:thousands|millions)|hundreds\s+of\s+(?:thousands|millions)|several\s+hundred"
    r"|several\s+thousand|several\s+dozen|few\s+dozen|dozens|scores|hundreds|thousands|millions|billions"
)
_HALF = r"half\s+an?\s+(?:million|billion)"
# "two-thirds", "three-quarters": fractions are not counts (the guide), so their numerator is no number.
_FRACTION = r"-(?:thirds?|quarters?|fifths?|sixths?|tenths?|halfs?)\b|-off\b"  # and "a one-off strike"

NUMBER_RE = re.compile(
    rf"(?<![\w$£€.,-])(?:{_VAGUE}|{_HALF}|{_DIGIT_NUMBER}|(?:{_WORD_NUMBER}))(?![\w%]|,\d|\.\d|{_FRACTION})",
    re.IGNORECASE,
)

# Hedges before a number, longest first; the bound each one gives (see Quantity).
HEDGES_BEFORE: tuple[tuple[str, str], ...] = (
    ("no fewer than", "low"),
    ("no less than", "low"),
    ("at least", "low"),
    ("a minimum of", "low"),
    ("more than", "above"),
    ("upwards of", "above"),
    ("in excess of", "above"),
    ("over", "above"),
    ("past", "above"),
    # "the number … passed a million", "the toll has surpassed 1,000"
    ("passed", "above"),
    ("surpassed", "above"),
    ("exceeded", "above"),
    ("topped", "above"),
    ("fewer than", "below"),
    ("less than", "below"),
    ("under", "below"),
    ("nearly", "below"),
    ("almost", "below"),
    ("close to", "below"),
    ("closer to", "below"),
    ("just under", "below"),
    ("just shy of", "below"),
    ("up to", "high"),
    ("as many as", "high"),
    ("as much as", "high"),
    ("as much", "high"),
    ("at most", "high"),
    ("a maximum of", "high"),
    ("about", "approx"),
    ("around", "approx"),
    ("approximately", "approx"),
    ("roughly", "approx"),
    ("some", "approx"),
    ("an estimated", "approx"),
    ("estimated", "approx"),
    ("an approximate", "approx"),
    ("almost all of", "approx"),
    ("nearly all of", "approx"),
)
_HEDGE_RE = re.compile(
    r"(?:^|(?<=\W))(" + "|".join(re.escape(h) for h, _ in HEDGES_BEFORE) + r")\s+(?:(?:the|a)\s+)?$",
    re.IGNORECASE,
)
_HEDGE_KIND = {h: kind for h, kind in HEDGES_BEFORE}
_AFTER_RE = re.compile(r"\s+(or so|or more|or fewer|plus)\b", re.IGNORECASE)
_RANGE_RE = re.compile(r"\s*(?:to|-|–|and|or)\s*", re.IGNORECASE)
_OF_RE = re.compile(r"\s+of\b", re.IGNORECASE)


@dataclass
class Quantity:
    """A number as written: its span, value and the bounds its hedge implies."""

    start: int
    end: int
    text: str
    value: int | float
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str | None = None
    qualifier_start: int | None = None
    qualifier_end: int | None = None
    vague: bool = False
    currency: str | None = None
    # The other end of a range ("between 10 and 15" -> 15 on the first number).
    range_end: int | None = None


def parse_words(text: str) -> int | None:
    """The integer a run of number words stands for: "two hundred thousand" -> 200000."""
    words = re.split(r"[\s-]+", text.lower().strip())
    if not words or words == [""]:
        return None
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in ("a", "an"):
            current = max(current, 1)
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_number(text: str) -> tuple[int | float, bool, str | None] | None:
    """(value, vague, currency) of one number as written, or None."""
    raw = " ".join(text.split())
    lowered = raw.lower()
    if lowered in VAGUE:  # whitespace is already single spaces
        return VAGUE[lowered], True, None
    if re.fullmatch(_HALF, lowered):
        return (500_000_000 if lowered.endswith("billion") else 500_000), False, None
    currency = None
    match = re.match(_CURRENCY, raw)
    if match:
        currency = match.group(0)
        raw = raw[match.end() :]
        lowered = raw.lower()
    digits = re.match(rf"({_DIGITS})\s?([a-z]+)?$", lowered)
    if digits:
        # Decimal, so that "65.6 million" is 65,600,000 and not 65,599,999.99999999.
        exact = Decimal(digits.group(1).replace(",", ""))
        scale = digits.group(2)
        if scale:
            if scale not in SCALES:
                return None
            exact *= SCALES[scale]
        value: int | float = int(exact) if exact == exact.to_integral_value() else float(exact)
        return value, False, currency
    words = parse_words(lowered)
    if words is None:
        return None
    return words, False, currency


def _bounds(value: int | float, kind: str) -> tuple[int | float | None, int | float | None]:
    """low/high as the annotation guide sets them: "more than 430" -> low 431, "nearly 100" -> high 99."""
    whole = isinstance(value, int)
    if kind == "low":
        return value, None
    if kind == "above":
        return (value + 1 if whole else value), None
    if kind == "below":
        return None, (value - 1 if whole else value)
    if kind == "high":
        return None, value
    return None, None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number in ``text[start:end]`` with its hedge and range, in text order."""
    stop = len(text) if end is None else end
    found: list[Quantity] = []
    for match in NUMBER_RE.finditer(text, start, stop):
        written = match.group(0)
        # "a"/"an" alone is an article, not a number; with a scale it means one ("a dozen").
        if written.lower() in ("a", "an"):
            continue
        if re.match(r"an?\s", written, re.IGNORECASE) and not re.search(
            r"dozen|hundred|thousand|million|billion", written, re.IGNORECASE
        ):
            continue
        if re.match(r"0\d", written):
            continue  # "the 07.10 massacre", "007": a date or a code, never a count
        parsed = parse_number(written)
        if parsed is None:
            continue
        value, vague, currency = parsed
        quantity = Quantity(match.start(), match.end(), written, value, vague=vague, currency=currency)
        _hedge(text, quantity)
        found.append(quantity)
    return _ranges(text, found)


def _hedge(text: str, quantity: Quantity) -> None:
    before = text[max(0, quantity.start - 30) : quantity.start]
    match = _HEDGE_RE.search(before)
    if match:
        words = match.group(1)
        kind = _HEDGE_KIND[words.lower()]
        offset = quantity.start - len(before) + match.start(1)
        quantity.qualifier = text[offset : offset + len(words)]
        quantity.qualifier_start = offset
        quantity.qualifier_end = offset + len(words)
        quantity.low, quantity.high = _bounds(quantity.value, kind)
        return
    after = _AFTER_RE.match(text, quantity.end)
    if after:
        words = after.group(1).lower()
        quantity.qualifier = after.group(1)
        quantity.qualifier_start = after.start(1)
        quantity.qualifier_end = after.end(1)
        if words in ("or more", "plus"):
            quantity.low = quantity.value
        elif words == "or fewer":
            quantity.high = quantity.value
        return
    if quantity.vague:
        # "dozens of", "tens of thousands of": the vague word is its own hedge, as written.
        of = _OF_RE.match(text, quantity.end)
        span_end = of.end() if of else quantity.end
        quantity.qualifier = text[quantity.start : span_end]
        quantity.qualifier_start = quantity.start
        quantity.qualifier_end = span_end


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "between 10 and 15", "10 to 15", "10-15": one quantity valued at its low end, as the guide says.

    "from 1.7 million to 1.9 million" is a change between two figures, not a range: both stay.
    """
    consumed: set[int] = set()
    for index, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        if index in consumed:
            continue
        gap = text[first.end : second.start]
        if not _RANGE_RE.fullmatch(gap) or first.vague or second.vague:
            continue
        joiner = gap.strip().lower()
        before = text[max(0, first.start - 9) : first.start].lower()
        if joiner in ("and",) and not before.rstrip().endswith("between"):
            continue
        if joiner == "or" and not (first.value < second.value):
            continue
        if not first.value < second.value or re.search(r"\bfrom\s+$", before):
            continue
        consumed.add(index + 1)
        first.range_end = second.end
        first.low = first.value if first.low is None else first.low
        first.high = second.value
        if before.rstrip().endswith("between"):
            offset = first.start - len(before) + before.rstrip().rfind("between")
            first.qualifier = text[offset : offset + len("between")]
            first.qualifier_start = offset
            first.qualifier_end = offset + len("between")
    return [q for index, q in enumerate(found) if index not in consumed]
