"""Times: TIMEX3 expressions (DATE, TIME, DURATION, SET) normalised against the publication date.

Detection is hand-written rules over the text, as in HeidelTime: one table of
regular expressions, compiled once, each with a builder that turns a match into
an expression. Overlapping matches keep the longest. Spans follow TimeML: a
leading preposition ("on Friday") is left out, a determiner ("the past two
days") and a modifier ("early March", "nearly two years") are kept.

Normalisation is split in two so that a pipeline run without per-document
context can still be anchored later. The component stores, per expression, a
small anchoring spec (``anchor``, ``n``, ``offset``, ``day``, ``unit``,
``suffix``) plus the tense of the governing verb; :func:`resolve` turns that
spec and a publication date (the document creation time, DCT) into the TIMEX3
``value``. Absolute expressions ("October 7, 2023") carry their value in
``fixed`` and need no date; anchored ones stay unresolved (``None``) without one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Literal, TypedDict

from spacy.language import Language
from spacy.tokens import Doc

from factdesk.extract.base import SafeComponent

FACTORY = "factdesk_times_v1"

TimeType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "present", "future"]


class TimeData(TypedDict):
    """One expression as stored on ``doc._.fd_times`` (plain data, so docs pickle).

    ``fixed`` is the value of an absolute expression; otherwise ``anchor`` names
    how :func:`resolve` computes it from the DCT. ``value`` is the value resolved
    against ``doc._.fd_published`` when the component ran (None without one).
    """

    start: int
    end: int
    type: TimeType
    fixed: str | None
    anchor: str | None
    n: int
    offset: int
    day: int
    unit: str
    suffix: str
    mod: str | None
    tense: Tense | None
    value: str | None


if not Doc.has_extension("fd_times"):
    Doc.set_extension("fd_times", default=None)
if not Doc.has_extension("fd_published"):
    Doc.set_extension("fd_published", default=None)


# --- vocabulary -------------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_CODES = ("SP", "SU", "FA", "WI")  # in calendar order; a spec's ``n`` indexes this
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)} | _TENS | {"a": 1, "an": 1, "a hundred": 100}
VAGUE = {"several", "a few", "few", "many", "some", "a number of", "numerous"}
COUPLE = {"a couple of", "couple of", "a couple"}
# unit word -> (is a time-of-day unit, TimeML code, years per unit for decades/centuries)
UNITS: dict[str, tuple[bool, str]] = {
    "second": (True, "S"), "minute": (True, "M"), "hour": (True, "H"), "day": (False, "D"),
    "week": (False, "W"), "month": (False, "M"), "year": (False, "Y"), "decade": (False, "DE"),
    "century": (False, "CE"), "quarter": (False, "Q"),
}  # fmt: skip
MODIFIERS = {
    "about": "APPROX", "around": "APPROX", "roughly": "APPROX", "approximately": "APPROX", "some": "APPROX",
    "nearly": "EQUAL_OR_LESS", "almost": "LESS_THAN", "less than": "LESS_THAN", "more than": "MORE_THAN",
    "at least": "EQUAL_OR_MORE", "no more than": "EQUAL_OR_LESS", "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
}  # fmt: skip
POINT_MODS = {"early": "START", "late": "END", "mid": "MID", "middle": "MID", "end": "END", "beginning": "START",
              "start": "START", "close": "END"}  # fmt: skip

# --- pattern pieces ---------------------------------------------------------------------------

_MONTH_FULL = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[5-9]\d\d|20\d\d)"
_NUMWORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen)"
)
_NUM = (
    rf"(?:\d+(?:\.\d+)?|{_NUMWORD}|a hundred|an?|several|a few|few|many|a number of|numerous"
    r"|a couple of|couple of)"
)
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|century|centurie|quarter)"
_DMOD = (
    r"(?:about|around|roughly|approximately|nearly|almost|less than|more than|at least|no more than|at most"
    r"|up to|no less than)"
)
_PDAY = r"(?:morning|afternoon|evening|night)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_PMOD = r"(?:early|late|mid|the (?:end|beginning|start|middle|close) of)"

B = r"(?<![\w-])"  # word start (hyphens count as inside a word: "year-earlier")
E = r"(?![\w])"

Builder = Callable[[re.Match[str]], "Spec | None"]


class Spec(TypedDict, total=False):
    """What a pattern's builder returns; missing keys take :data:`_DEFAULTS`."""

    type: TimeType
    fixed: str | None
    anchor: str | None
    n: int
    offset: int
    day: int
    unit: str
    suffix: str
    mod: str | None
    start: int  # optional: trim the match (group start) for the span
    end: int


def _g(m: re.Match[str], name: str) -> str:
    """A named group's text, empty when the group is absent or did not take part."""
    return m.groupdict().get(name) or ""


def _num(word: str) -> int | None:
    """A number word or numeral as an int; None for vague amounts ("several")."""
    w = word.lower().replace("-", " ").strip()
    if w in COUPLE:
        return 2
    if w in VAGUE:
        return None
    if re.fullmatch(r"\d+", w):
        return int(w)
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = w.split()
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in NUMBER_WORDS:
        return _TENS[parts[0]] + NUMBER_WORDS[parts[1]]
    return None


def _unit(word: str) -> str:
    w = word.lower().rstrip("s")
    if w.endswith("centurie") or w == "century":
        return "century"
    return w


def duration_value(amount: int | None, unit: str) -> str:
    """ISO 8601 / TimeML duration: ``P2D``, ``PT3H``, ``PXY``, decades as years."""
    is_time, code = UNITS[unit]
    if amount is not None and unit == "decade":
        return f"P{amount * 10}Y"
    if amount is not None and unit == "century":
        return f"P{amount * 100}Y"
    return f"P{'T' if is_time else ''}{'X' if amount is None else amount}{code}"


def _mod(text: str | None) -> str | None:
    if not text:
        return None
    return MODIFIERS.get(" ".join(text.lower().split()))


def _point_mod(text: str | None) -> str | None:
    if not text:
        return None
    words = text.lower().replace("-", " ").split()
    for w in words:
        if w in POINT_MODS:
            return POINT_MODS[w]
    return None


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _rel(word: str | None) -> int:
    """The offset a relative word asks for: last -1, next +1, this 0."""
    words = (word or "").lower().split()
    w = words[-1] if words else ""
    if w in {"last", "past", "previous", "preceding"}:
        return -1
    if w in {"next", "coming", "following"}:
        return 1
    return 0


# --- builders ---------------------------------------------------------------------------------


def _full_date(m: re.Match[str]) -> Spec:
    month, day, year = _month(_g(m, "month")), int(re.sub(r"\D", "", _g(m, "day"))), int(_g(m, "year"))
    return {"fixed": f"{year:04d}-{month:02d}-{day:02d}"}


def _iso_date(m: re.Match[str]) -> Spec:
    return {"fixed": m.group(0)}


def _month_year(m: re.Match[str]) -> Spec:
    return {"fixed": f"{int(_g(m, 'year')):04d}-{_month(_g(m, 'month')):02d}", "mod": _point_mod(_g(m, "pmod"))}


def _month_day(m: re.Match[str]) -> Spec:
    return {"anchor": "monthname", "n": _month(_g(m, "month")), "day": int(re.sub(r"\D", "", _g(m, "day")))}


def _month_alone(m: re.Match[str]) -> Spec:
    rel = _g(m, "rel").lower()
    spec: Spec = {
        "anchor": "monthname",
        "n": _month(_g(m, "month")),
        "offset": _rel(rel),
        "mod": _point_mod(_g(m, "pmod")),
    }
    if rel == "this":
        spec["unit"] = "this"  # "this September": the DCT's year, whatever the tense
    return spec


def _weekday(m: re.Match[str]) -> Spec:
    spec: Spec = {"anchor": "weekday", "n": WEEKDAYS[_g(m, "wd").lower()], "offset": _rel(_g(m, "rel"))}
    part = _g(m, "part")
    if part:
        spec["type"] = "TIME"
        spec["suffix"] = "T" + PARTS_OF_DAY[part.lower()]
    return spec


def _weekday_set(m: re.Match[str]) -> Spec:
    part = _g(m, "part")
    suffix = "T" + PARTS_OF_DAY[part.lower().rstrip("s")] if part else ""
    return {"type": "SET", "fixed": f"XXXX-WXX-{WEEKDAYS[_g(m, 'wd').lower()]}{suffix}"}


_DAY_WORDS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


def _day_word(m: re.Match[str]) -> Spec:
    word = _g(m, "word").lower()
    spec: Spec = {"anchor": "day", "offset": _DAY_WORDS[word]}
    part = _g(m, "part")
    if word == "tonight":
        part = "night"
    if part:
        spec["type"] = "TIME"
        spec["suffix"] = "T" + PARTS_OF_DAY[part.lower()]
    elif _g(m, "pmod"):
        spec["mod"] = _point_mod(_g(m, "pmod"))
    return spec


def _this_part(m: re.Match[str]) -> Spec:
    word = _g(m, "rel").lower()
    part = _g(m, "part").lower()
    offset = -1 if word == "last" else 0
    return {"type": "TIME", "anchor": "day", "offset": offset, "suffix": "T" + PARTS_OF_DAY[part]}


def _relative_unit(m: re.Match[str]) -> Spec | None:
    """this/last/next week, earlier this month, late last year, the end of the year, …"""
    unit = _g(m, "unit").lower()
    rel = (_g(m, "rel") or "").lower()
    offset = _rel(rel)
    mod = _point_mod(_g(m, "pmod"))
    if unit == "weekend":
        return {"anchor": "weekend", "offset": offset, "mod": mod}
    if unit == "year" and rel == "the" and re.match(r" (?:ended|ending|ends)\b", m.string[m.end() : m.end() + 8]):
        return {"type": "DURATION", "fixed": "P1Y"}
    if unit == "year" and rel.endswith("past"):
        return {"anchor": "year", "offset": -1, "mod": mod}
    if unit == "period":
        if rel != "the latest":
            return None
        return {"anchor": "quarter", "offset": -1}
    if rel in {"the current", "the latest", "the"} and unit == "quarter":
        return {"anchor": "quarter", "offset": 0 if rel == "the current" else -1, "mod": mod}
    return {"anchor": unit, "offset": offset, "mod": mod}


def _year_before(m: re.Match[str]) -> Spec:
    """the year-earlier quarter, the year-ago period: the same stretch one year back."""
    if _g(m, "what").lower() == "quarter" or _g(m, "ord"):
        if _g(m, "ord"):
            return {"anchor": "quarter_n", "n": ORDINALS[_g(m, "ord").lower()], "offset": -1}
        return {"anchor": "quarter", "offset": -5}
    if "month" in _g(m, "what").lower():
        return {"type": "DURATION", "fixed": "P9M" if "nine" in _g(m, "what").lower() else "P6M"}
    return {"anchor": "year", "offset": -1, "unit": "year-before"}


def _quarter(m: re.Match[str]) -> Spec:
    n = ORDINALS[_g(m, "ord").lower()]
    if _g(m, "year"):
        return {"fixed": f"{_g(m, 'year')}-Q{n}"}
    return {"anchor": "quarter_n", "n": n, "offset": _rel(_g(m, "rel"))}


def _half(m: re.Match[str]) -> Spec:
    n = 1 if _g(m, "ord").lower() in {"first", "1st"} else 2
    if _g(m, "year"):
        return {"fixed": f"{_g(m, 'year')}-H{n}"}
    return {"anchor": "half_n", "n": n}


def _fiscal(m: re.Match[str]) -> Spec:
    return {"fixed": _g(m, "year")}


def _season(m: re.Match[str]) -> Spec | None:
    season = SEASONS[_g(m, "season").lower()]
    if _g(m, "year"):
        return {"fixed": f"{_g(m, 'year')}-{season}", "mod": _point_mod(_g(m, "pmod"))}
    rel = (_g(m, "rel") or "").lower()
    if _g(m, "season").lower() in {"fall", "spring"} and not rel and not _g(m, "pmod"):
        return None  # bare "fall"/"spring" is usually the verb or a water spring
    offset = _rel(rel.split()[-1]) if rel else 0
    return {"anchor": "season", "n": SEASON_CODES.index(season), "offset": offset,
            "day": 1 if rel else 0, "mod": _point_mod(_g(m, "pmod"))}  # fmt: skip


def _year(m: re.Match[str]) -> Spec:
    return {"fixed": _g(m, "year"), "mod": _point_mod(_g(m, "pmod"))}


def _decade(m: re.Match[str]) -> Spec:
    digits = _g(m, "dec")
    if digits.isdigit():
        value = digits[:3]
    elif digits.startswith("'"):
        value = "19" + digits[1]
    else:
        value = "19" + str(_TENS[digits.lower().rstrip("s").replace("ie", "y")] // 10)
    return {"fixed": value, "mod": _point_mod(_g(m, "pmod"))}


def _ago(m: re.Match[str]) -> Spec:
    amount = _num(_g(m, "num"))
    unit = _unit(_g(m, "unit"))
    mod = _mod(_g(m, "dmod"))
    direction = _g(m, "dir").lower()
    if direction in {"earlier", "later"} and unit not in {"year", "decade", "century"}:
        # "three days later" counts from an event in the story, not from the DCT.
        return {"type": "DURATION", "fixed": duration_value(amount, unit), "mod": mod}
    sign = 1 if direction in {"later", "from now", "hence"} else -1
    if amount is None:
        return {"fixed": "FUTURE_REF" if sign > 0 else "PAST_REF", "mod": mod}
    if amount == 1 and unit == "year" and sign < 0 and not mod:
        return {"anchor": "year", "offset": -1, "unit": "year-before"}
    return {"anchor": "ago", "n": amount * sign, "unit": unit, "mod": mod}


_RATE_BEFORE = re.compile(
    r"(?:\d|%|percent|cents?|dollars?|million|billion|times|seats|flights|shares|" r"yen|pounds?|marks?|francs?)[ ,]*$",
    re.I,
)


def _duration(m: re.Match[str]) -> Spec | None:
    amount = _num(_g(m, "num"))
    unit = _unit(_g(m, "unit"))
    num = _g(m, "num").lower()
    if unit in {"second", "quarter"} and (num in {"a", "an", "one"} or "-" in m.group(0) and unit == "quarter"):
        return None  # "a second group", "a quarter of", "three-quarters": not times
    if num in {"a", "an"} and _RATE_BEFORE.search(m.string[max(0, m.start() - 30) : m.start()]):
        return None  # "$1.76 a year", "four flights a week": rates, not stretches of time
    mod = _mod(_g(m, "dmod"))
    if _g(m, "num").lower() in COUPLE and mod is None:
        mod = "APPROX"
    return {"type": "DURATION", "fixed": duration_value(amount, unit), "mod": mod}


def _bare_plural(m: re.Match[str]) -> Spec:
    return {"type": "DURATION", "fixed": duration_value(None, _unit(_g(m, "unit")))}


def _refs(m: re.Match[str]) -> Spec:
    word = " ".join(m.group(0).lower().split())
    if word in {"now", "right now", "currently", "these days", "nowadays", "at present", "presently"}:
        return {"fixed": "PRESENT_REF"}
    if word in {"the future", "future", "soon", "the coming months", "coming months", "coming weeks", "coming years",
                "the coming weeks", "the coming years", "the near future", "coming days",
                "the coming days"}:  # fmt: skip
        return {"fixed": "FUTURE_REF"}
    return {"fixed": "PAST_REF"}


def _every(m: re.Match[str]) -> Spec:
    unit = _g(m, "unit").lower()
    if unit in WEEKDAYS:
        return {"type": "SET", "fixed": f"XXXX-WXX-{WEEKDAYS[unit]}"}
    if unit in PARTS_OF_DAY:
        return {"type": "SET", "fixed": f"TXX{PARTS_OF_DAY[unit]}"}
    amount = _num(_g(m, "num")) if _g(m, "num") else 1
    return {"type": "SET", "fixed": duration_value(amount, _unit(unit))}


_ADVERB_SETS = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
    "hourly": "PT1H", "nightly": "TNI",
}  # fmt: skip


def _adverb_set(m: re.Match[str]) -> Spec:
    return {"type": "SET", "fixed": _ADVERB_SETS[m.group(0).lower()]}


def _clock(m: re.Match[str]) -> Spec:
    hour = int(_g(m, "h"))
    minute = int(_g(m, "min") or 0)
    ampm = (_g(m, "ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return {"type": "TIME", "fixed": None}
    return {"type": "TIME", "anchor": "day", "offset": 0, "suffix": f"T{hour:02d}:{minute:02d}"}


def _month_of_year(m: re.Match[str]) -> Spec:
    return {"anchor": "month_of_year", "n": _month(_g(m, "month")), "offset": _rel(_g(m, "rel"))}


def _spoken_year(m: re.Match[str]) -> Spec | None:
    words = _g(m, "spoken").lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = _num(" ".join(words[3:])) if len(words) > 3 else 0
        return None if rest is None else {"fixed": f"{2000 + rest:04d}"}
    century = {"nineteen": 19, "twenty": 20}[words[0]]
    rest = _num(" ".join(words[1:]))
    if rest is None or rest < 10:
        return None
    return {"fixed": f"{century}{rest:02d}"}


def _clock_day(m: re.Match[str]) -> Spec:
    """ "10 p.m. Wednesday", "noon Saturday": a clock time on a named day."""
    if _g(m, "noon"):
        hhmm = "12:00" if _g(m, "noon").lower() == "noon" else "24:00"
    else:
        hour, minute = int(_g(m, "h")), int(_g(m, "min") or 0)
        ampm = _g(m, "ampm").lower().replace(".", "")
        hour = hour + 12 if ampm == "pm" and hour < 12 else (0 if ampm == "am" and hour == 12 else hour)
        hhmm = f"{hour:02d}:{minute:02d}"
    day = _g(m, "wd").lower()
    if day in WEEKDAYS:
        return {"type": "TIME", "anchor": "weekday", "n": WEEKDAYS[day], "suffix": f"T{hhmm}"}
    return {"type": "TIME", "anchor": "day", "offset": _DAY_WORDS[day], "suffix": f"T{hhmm}"}


def _noon(m: re.Match[str]) -> Spec:
    return {
        "type": "TIME",
        "anchor": "day",
        "offset": 0,
        "suffix": "T12:00" if m.group(0).lower() == "noon" else "T24:00",
    }


# (pattern, builder) in no particular order: overlaps are settled by length.
_RULES: list[tuple[str, Builder]] = [
    # absolute calendar dates
    (rf"{B}(?:{_WEEKDAY},? )?(?P<month>{_MONTH_ANY}) (?P<day>{_DAY}),? (?P<year>{_YEAR}){E}", _full_date),
    (rf"{B}(?:{_WEEKDAY},? )?(?P<day>{_DAY}) (?P<month>{_MONTH_ANY}),? (?P<year>{_YEAR}){E}", _full_date),
    (r"(?<![\w-])(?:1[5-9]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\w-])", _iso_date),
    (rf"{B}(?:(?P<pmod>{_PMOD}) )?(?P<month>{_MONTH_FULL}),?(?: of)? (?P<year>{_YEAR}){E}", _month_year),
    (rf"{B}(?:{_WEEKDAY},? )?(?P<month>{_MONTH_ANY}) (?P<day>{_DAY}){E}(?!,? ?\d)", _month_day),
    (rf"{B}(?:{_WEEKDAY},? )?(?P<day>{_DAY}) (?P<month>{_MONTH_FULL}){E}(?! ?\d)", _month_day),
    (
        rf"{B}(?:(?P<pmod>{_PMOD})[ -])?(?:(?P<rel>last|next|this|(?-i:[Tt]his past)) )?"
        rf"(?P<month>{_MONTH_FULL}){E}(?! \d)",
        _month_alone,
    ),
    # weekdays
    (
        rf"{B}(?:(?P<rel>last|next|this|this past|this coming|past|coming) )?(?P<wd>{_WEEKDAY})"
        rf"(?: (?P<part>{_PDAY}))?{E}",
        _weekday,
    ),
    (rf"{B}(?:every|each) (?P<wd>{_WEEKDAY})(?: (?P<part>{_PDAY}))?{E}", _weekday_set),
    (rf"{B}(?P<wd>{_WEEKDAY})(?:s| (?P<part>{_PDAY}s)){E}", _weekday_set),
    # day words
    (rf"{B}(?:(?P<pmod>early|late) )?(?P<word>today|yesterday|tomorrow|tonight)(?: (?P<part>{_PDAY}))?{E}", _day_word),
    (rf"{B}(?P<rel>this|last) (?P<part>morning|afternoon|evening|night){E}", _this_part),
    # this/last/next week, earlier this month, the end of the year, the weekend, the current quarter
    (
        rf"{B}(?:(?P<pmod>{_PMOD}|earlier|later)[ -])?(?P<rel>this|last|next|the current|the latest|the coming|"
        r"the past|this past|the previous|the full|the)(?: fiscal)?[ -]"
        r"(?P<unit>week|weekend|month|year|quarter|decade|century|period)"
        r"(?!-|\w)(?! (?:ago|before|earlier|\d))",
        _relative_unit,
    ),
    (rf"{B}(?:(?P<pmod>{_PMOD}|earlier|later) )(?P<rel>)(?P<unit>year|month|week){E}", _relative_unit),
    (
        rf"{B}(?:the )?(?:comparable )?year[- ](?:earlier|ago)(?: (?P<ord>first|second|third|fourth))?"
        r"[ -](?P<what>quarter|period|nine months|six months)(?![\w-])",
        _year_before,
    ),
    (
        rf"{B}year[- ](?:earlier|ago)(?![\w-])(?! (?:quarter|period))",
        lambda m: {"anchor": "year", "offset": -1, "unit": "year-before"},
    ),
    (rf"{B}(?P<month>{_MONTH_FULL}) (?P<rel>this|last|next) year{E}", _month_of_year),
    (r"(?<![\w-])year[- ]end(?![\w-])", lambda m: {"anchor": "year", "suffix": "-12-31"}),
    (
        rf"{B}(?:the year )?(?P<spoken>(?:nineteen|twenty)[ -]{_NUMWORD}|two thousand(?: and {_NUMWORD})?){E}",
        _spoken_year,
    ),
    (
        rf"{B}(?:(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))? ?(?P<ampm>[ap]\.m\.|[ap]m)|(?P<noon>noon|midnight))"
        rf"(?: (?:[ECMP][SD]T|GMT|local time))?,? (?:on )?(?P<wd>{_WEEKDAY}|today|yesterday|tomorrow){E}",
        _clock_day,
    ),
    # quarters, halves, fiscal years
    (
        rf"{B}(?:(?:the|its|a|this year's|last year's|next year's|(?P<rel>last|next|this)) )?(?:fiscal[- ])?"
        rf"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter"
        rf"(?:(?: of| of fiscal|,)? (?P<year>{_YEAR}))?(?![\w-])",
        _quarter,
    ),
    (
        rf"{B}(?:the )?(?P<year>{_YEAR}) (?:fiscal )?(?P<ord>first|second|third|fourth)[- ]quarter{E}",
        _quarter,
    ),
    (
        rf"{B}(?:the )?(?P<ord>first|second|last|1st|2nd)[- ]half(?: of (?:fiscal )?(?P<year>{_YEAR}))?{E}",
        _half,
    ),
    (rf"{B}fiscal(?: year)? (?P<year>{_YEAR}){E}", _fiscal),
    # seasons
    (
        rf"{B}(?:(?P<pmod>{_PMOD}) )?(?:(?P<rel>this|last|next|the|this past|this coming)[ ])?(?P<season>{_SEASON})"
        rf"(?:(?: of)? (?P<year>{_YEAR}))?{E}",
        _season,
    ),
    # years and decades
    (rf"{B}(?:(?P<pmod>{_PMOD})[ -])?(?:the year )?(?P<year>{_YEAR}){E}(?![-/.,]\d|%| ?percent)", _year),
    (
        rf"{B}(?:the )?(?:(?P<pmod>{_PMOD})[ -])?(?P<dec>1[5-9]\d0|20[0-2]0|'[0-9]0)'?s{E}",
        _decade,
    ),
    (
        rf"{B}the (?:(?P<pmod>{_PMOD})[ -])?"
        rf"(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties){E}",
        _decade,
    ),  # fmt: skip
    # N units ago / later
    (
        rf"{B}(?:(?P<dmod>{_DMOD}) )?(?P<num>{_NUM})[ -](?P<unit>{_UNIT})s?"
        r" (?P<dir>ago|earlier|later|from now|hence)(?!\w)",
        _ago,
    ),
    # durations: two days, the past two days, a two-year, the first nine months, nearly forty years
    (
        rf"{B}(?:(?P<dmod>{_DMOD}) )?(?:(?:the|a|an) (?:(?:past|last|next|first|previous|coming|following|latest|"
        rf"final|remaining|same|initial) )?(?:(?:few|several) )?)?(?P<num>{_NUM})[ -](?:more )?(?P<unit>{_UNIT})s?"
        r"(?:[ -]long)?(?!-old|\w| old| or so)",
        _duration,
    ),
    (
        rf"{B}(?:(?P<dmod>{_DMOD}) )?(?:(?:the|a) )?(?:(?:past|last|next|first) )?"
        rf"(?P<num>{_NUM}) (?P<unit>{_UNIT})s or so{E}",
        _duration,
    ),  # fmt: skip
    (
        rf"{B}(?:the (?:past|last|next|previous|coming|following) )?(?P<num>several|few|a few) (?P<unit>{_UNIT})s{E}",
        _duration,
    ),
    (r"(?<![\w-])(?P<unit>decade|centurie)s(?:-long)?(?![\w-])", _bare_plural),
    (r"(?<![\w-])(?:recent|(?:the )?coming) (?P<unit>month|week|day)s(?![\w-])", _bare_plural),
    (r"(?<![\w$-])(?<!\d )(?<!\d\d )(?P<unit>year|month|week|day|hour)s(?![\w-])(?! ago| of\b)", _bare_plural),
    # present, past, future references
    (
        r"(?<![\w-])(?<!as )(?:right now|now|currently|these days|nowadays|presently|recently|lately"
        r"|the (?:near )?future|soon(?! after| as| thereafter)|the past|recent (?:years|decades)"
        r"|(?:the )?coming (?:months|years))(?![\w-])",
        _refs,
    ),
    # sets
    (
        rf"{B}(?:every|each|per) (?:(?P<num>{_NUMWORD}|\d+|other) )?"
        rf"(?P<unit>{_UNIT}|{_WEEKDAY}|morning|night|evening)s?{E}",
        _every,
    ),  # fmt: skip
    (r"(?<![\w-])(?:daily|weekly|monthly|annually|yearly|hourly|nightly)(?![\w-])", _adverb_set),
    # clock times
    (r"(?<![\w:.])(?P<h>[01]?\d|2[0-3])(?::(?P<min>[0-5]\d))? ?(?P<ampm>[ap]\.m\.|[ap]m)(?![\w])", _clock),
    (r"(?<![\w-])(?:noon|midnight)(?![\w-])", _noon),
]

_COMPILED: list[tuple[re.Pattern[str], Builder]] = [(re.compile(p, re.IGNORECASE), b) for p, b in _RULES]

_DEFAULTS: TimeData = {
    "start": 0, "end": 0, "type": "DATE", "fixed": None, "anchor": None, "n": 0, "offset": 0, "day": 0,
    "unit": "", "suffix": "", "mod": None, "tense": None, "value": None,
}  # fmt: skip


# Every rule's match holds one of these words (or a year or a clock time). Running the rules only over
# windows around them, instead of over the whole text, makes the component about twice as
# fast; tests/test_times.py checks that the windows change no result on real corpora.
_TRIGGER = re.compile(
    rf"(?:1[5-9]|20)\d\d|\d ?[ap]\.?m\b|\d:\d\d|'\d0s|{_MONTH_FULL}|{_MONTH_ABBR}|"
    rf"\b(?:{_WEEKDAY}s?|{_UNIT}s?|centuries|weekends?|period|{_PDAY}s?|{_SEASON}|"
    r"today|yesterday|tomorrow|tonight|now|currently|these days|nowadays|presently|recently|lately|future|soon|"
    r"past|coming|every|each|daily|weekly|monthly|annually|yearly|hourly|nightly|noon|midnight|fiscal|half|"
    r"nineteen|twenty|thousand|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.IGNORECASE,
)
_WINDOW = 45  # characters kept on each side of a trigger: longer than any rule reaches from one


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of ``text`` around trigger words, where a time expression can be."""
    merged: list[tuple[int, int]] = []
    for m in _TRIGGER.finditer(text):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _snap(text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Windows widened to whitespace, so that no window cuts a word (a rule may end on a word edge)."""
    snapped: list[tuple[int, int]] = []
    for start, end in windows:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if snapped and start <= snapped[-1][1]:
            snapped[-1] = (snapped[-1][0], max(snapped[-1][1], end))
        else:
            snapped.append((start, end))
    return snapped


def find_times(text: str, *, windowed: bool = True) -> list[TimeData]:
    """Every temporal expression in ``text``: non-overlapping, longest match first, in text order."""
    found: list[TimeData] = []
    windows = _snap(text, _windows(text)) if windowed else [(0, len(text))]
    for pattern, build in _COMPILED:
        for window_start, window_end in windows:
            for m in pattern.finditer(text, window_start, window_end):
                spec = build(m)
                if spec is None:
                    continue
                item: TimeData = {**_DEFAULTS, **spec}
                item["start"] = spec.get("start", m.start())
                item["end"] = spec.get("end", m.end())
                found.append(item)
    found.sort(key=lambda t: (t["start"] - t["end"], t["start"]))
    taken: list[TimeData] = []
    # Characters already claimed by a longer match: linear in the text, where comparing each
    # candidate with every kept match was quadratic (a minute on a date-dense 175 kB text).
    used = bytearray(len(text))
    for cand in found:
        if not any(used[cand["start"] : cand["end"]]):
            used[cand["start"] : cand["end"]] = b"\x01" * (cand["end"] - cand["start"])
            taken.append(cand)
    taken.sort(key=lambda t: t["start"])
    return taken


# --- tense ------------------------------------------------------------------------------------

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "going"}
_PLAN_VERBS = {"plan", "schedule", "set", "expect", "intend", "prepare", "aim", "due", "slate", "hope", "want"}


def governing_tense(doc: Doc, start: int, end: int) -> Tense | None:
    """Tense of the verb that governs the expression (past / present / future), from the parse."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(5):
        if token.pos_ in {"VERB", "AUX"}:
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    # "set to resume Monday", "scheduled to close Monday", "planned a demonstration on Saturday",
    # "is to resume trading Tuesday": a plan points forward whatever the tense of its verb.
    if token.lemma_.lower() in {"plan", "schedule"}:
        return "future"
    if token.dep_ == "xcomp" and any(c.lower_ == "to" for c in token.children):
        head = token.head.lemma_.lower()
        if head in _PLAN_VERBS or (head == "be" and token.head.tag_ in {"VBZ", "VBP"}):
            return "future"
    auxes = [c for c in token.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ in _FUTURE_AUX for a in auxes):
        return "future"
    if any(a.tag_ == "MD" and a.lower_ not in {"could", "might"} for a in auxes):
        return "future"
    if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if token.tag_ == "VBN" and any(a.lower_ in {"has", "have", "'ve", "had"} for a in auxes):
        return "past"
    if token.tag_ in {"VBZ", "VBP"} or any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
        return "present"
    return None


_FUTURE_CUE = re.compile(
    r"(?:as early as|as soon as|as late as|until|till|starting|beginning|scheduled for|expected|due|effective|payable)"
    r"(?: on)? $",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(r"(?:since|ago|as of|ended|earlier|before)(?: on)? $", re.IGNORECASE)


def cue_tense(text: str, start: int) -> Tense | None:
    """A tense implied by the words just before an expression ("as early as", "since")."""
    before = text[max(0, start - 25) : start]
    if _FUTURE_CUE.search(before):
        return "future"
    if _PAST_CUE.search(before):
        return "past"
    return None


# --- resolution -------------------------------------------------------------------------------


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _pick_year(n: int, current: int, offset: int, tense: Tense | None, year: int, size: int = 12) -> int:
    """Year of month/quarter ``n`` (of ``size`` per year) when the DCT's is ``current``.

    "last April" is a year back, "next April" a year ahead; otherwise a past tense
    takes the latest one on or before the DCT, a future tense the first one on or
    after it, and no tense the nearest one.
    """
    if offset < 0:
        return year - 1 if n >= current else year
    if offset > 0:
        return year if n > current else year + 1
    if tense == "past":
        return year if n <= current else year - 1
    if tense == "future":
        return year if n >= current else year + 1
    # News reports mostly the past; only the next few months count as ahead.
    if 1 <= (n - current) % size <= size // 3:
        return year if n > current else year + 1
    return year if n <= current else year - 1


def _compute(expr: TimeData, dct: dt.date) -> str | None:
    anchor, n, offset, tense = expr["anchor"], expr["n"], expr["offset"], expr["tense"]
    if anchor == "day":
        return (dct + dt.timedelta(days=offset)).isoformat() + expr["suffix"]
    if anchor == "week":
        return _week(dct + dt.timedelta(weeks=offset)) + expr["suffix"]
    if anchor == "month":
        y, mo = _add_months(dct.year, dct.month, offset)
        return f"{y:04d}-{mo:02d}"
    if anchor == "year":
        return f"{dct.year + offset:04d}" + expr["suffix"]
    if anchor == "month_of_year":
        return f"{dct.year + offset:04d}-{n:02d}"
    if anchor == "quarter":
        y, q = divmod(dct.year * 4 + (dct.month - 1) // 3 + offset, 4)
        return f"{y:04d}-Q{q + 1}"
    if anchor == "decade":
        return f"{dct.year // 10 + offset:03d}"
    if anchor == "century":
        return f"{dct.year // 100 + offset:02d}"
    if anchor == "weekday":
        back = (dct.isoweekday() - n) % 7
        if offset < 0 or (offset == 0 and tense != "future"):
            day = dct - dt.timedelta(days=back if offset == 0 or back else 7)
        else:
            ahead = (n - dct.isoweekday()) % 7
            day = dct + dt.timedelta(days=ahead if offset == 0 or ahead else 7)
        return day.isoformat() + expr["suffix"]
    if anchor == "monthname":
        if expr["unit"] == "this":
            year = dct.year
        elif expr["day"]:
            # Day-exact dates: the nearest such date unless the tense clearly points away.
            year = dct.year
            try:
                this_year = dt.date(year, n, expr["day"])
            except ValueError:
                return None
            # Without a tense, a date up to three months ahead is ahead, otherwise it is past.
            if tense != "future" and this_year > dct + dt.timedelta(days=92 if tense != "past" else 7):
                year -= 1
            elif tense != "past" and this_year < dct - dt.timedelta(days=240 if tense != "future" else 7):
                year += 1
            return f"{year:04d}-{n:02d}-{expr['day']:02d}"
        else:
            year = _pick_year(n, dct.month, offset, tense, dct.year)
        return f"{year:04d}-{n:02d}"
    if anchor == "quarter_n":
        # offset counts years back or ahead of the usual pick ("the year-earlier third quarter").
        # Companies report a quarter after it ends: a quarter not yet begun is last year's.
        current = (dct.month - 1) // 3 + 1
        year = (dct.year if n <= current or tense == "future" else dct.year - 1) + offset
        return f"{year:04d}-Q{n}"
    if anchor == "half_n":
        return f"{dct.year:04d}-H{n}"
    if anchor == "season":
        code = SEASON_CODES[n]
        begins = [3, 6, 9, 12]  # first month of SP, SU, FA, WI
        latest = dt.date(dct.year if dct.month >= begins[n] else dct.year - 1, begins[n], 1)
        in_it = (dct.year * 12 + dct.month) - (latest.year * 12 + latest.month) < 3
        if expr["day"] and offset == 0:
            year = dct.year  # "this summer"
        elif offset < 0:
            year = latest.year - 1 if in_it else latest.year
        elif offset > 0 or tense == "future":
            year = latest.year + 1 if offset > 0 or not in_it else latest.year
        else:
            year = latest.year
        return f"{year:04d}-{code}"
    if anchor == "weekend":
        saturday = dct - dt.timedelta(days=(dct.isoweekday() - 6) % 7)
        if offset > 0 or (offset == 0 and tense == "future"):
            saturday += dt.timedelta(days=7)
        elif offset < 0 and dct.isoweekday() >= 6:
            saturday -= dt.timedelta(days=7)
        return _week(saturday) + "-WE"
    if anchor == "ago":
        unit, amount = expr["unit"], n
        if unit in {"day", "week"}:
            days = amount * (7 if unit == "week" else 1)
            return (dct + dt.timedelta(days=days)).isoformat()
        if unit == "month":
            y, mo = _add_months(dct.year, dct.month, amount)
            return f"{y:04d}-{mo:02d}"
        if unit == "year":
            return f"{dct.year + amount:04d}"
        if unit == "decade":
            return f"{dct.year + 10 * amount:04d}"
        if unit == "century":
            return f"{dct.year // 100 + amount:02d}"
        if unit == "quarter":
            y, q = divmod(dct.year * 4 + (dct.month - 1) // 3 + amount, 4)
            return f"{y:04d}-Q{q + 1}"
        return None  # hours/minutes ago: the time of day is not known
    return None


def resolve(expr: TimeData, published: dt.date | str | None) -> tuple[str | None, str | None]:
    """The TIMEX3 (value, mod) of an expression, anchored on the publication date.

    Absolute expressions need no date; anchored ones without one stay unresolved
    (value None), never guessed.
    """
    if expr["anchor"] is None:
        return expr["fixed"], expr["mod"]
    if published is None:
        return None, expr["mod"]
    dct = dt.date.fromisoformat(published[:10]) if isinstance(published, str) else published
    return _compute(expr, dct), expr["mod"]


# --- component --------------------------------------------------------------------------------


_TENSED = {"weekday", "monthname", "quarter_n", "season", "weekend"}
_QUARTERLY = re.compile(r"\b(?:quarter|quarterly)\b.{0,80}\b(?:net|earn|profit|loss|revenue|sales|share)", re.I | re.S)


class TimeExtractor(SafeComponent):
    """spaCy component: parsed doc -> ``doc._.fd_times``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def process(self, doc: Doc) -> None:
        text = doc.text  # Doc.text joins every token on each access: read it once
        published = doc._.fd_published
        found = find_times(text)
        # In an earnings report "a year ago" means the same quarter a year before.
        quarterly = _QUARTERLY.search(text) is not None
        for expr in found:
            if expr["anchor"] in _TENSED and expr["offset"] == 0:
                expr["tense"] = cue_tense(text, expr["start"])
                # A verb's tense says little about a day-exact date ("has set Nov. 10 as the deadline").
                if expr["tense"] is None and not (expr["anchor"] == "monthname" and expr["day"]):
                    expr["tense"] = governing_tense(doc, expr["start"], expr["end"])
            if quarterly and expr["unit"] == "year-before":
                expr["anchor"], expr["offset"] = "quarter", -5
            expr["value"] = resolve(expr, published)[0]
        doc._.fd_times = found


@Language.factory(
    FACTORY,
    requires=["token.dep", "token.tag", "token.pos"],
    assigns=["doc._.fd_times"],
    default_config={},
)
def make_time_extractor(nlp: Language, name: str) -> TimeExtractor:
    return TimeExtractor(nlp, name)
