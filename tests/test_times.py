"""Times: TIMEX3 detection and normalisation on hand-written texts, the seed, and resolve() alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import factdesk
from factdesk.extract.times import find_times, resolve
from factdesk.record import Record, Time

PUBLISHED = "2025-03-21"  # a Friday, ISO week 12


def _times(text: str, published: str | None = PUBLISHED) -> list[Time]:
    return factdesk.analyze(text, published=published, options=factdesk.Options(check_language=False)).times


def _find(times: list[Time], words: str) -> Time:
    hits = [t for t in times if words in t.span.text or t.span.text in words]
    assert hits, (words, [(t.span.text, t.value) for t in times])
    return hits[0]


@pytest.mark.parametrize(
    ("text", "words", "type_", "value", "mod"),
    [
        ("The ministers met on Monday in Cairo.", "Monday", "DATE", "2025-03-17", None),
        ("The ministers will meet on Monday in Cairo.", "Monday", "DATE", "2025-03-24", None),
        ("The sale is scheduled to close Monday.", "Monday", "DATE", "2025-03-24", None),
        ("Talks are set to resume Tuesday in Doha.", "Tuesday", "DATE", "2025-03-25", None),
        ("Protesters planned a march on Saturday.", "Saturday", "DATE", "2025-03-22", None),
        ("Trading is to resume Wednesday.", "Wednesday", "DATE", "2025-03-26", None),
        ("The envoy arrived on Monday.", "Monday", "DATE", "2025-03-17", None),
        ("The ministers met on Friday in Cairo.", "Friday", "DATE", "2025-03-21", None),
        ("Fighting resumed earlier this week in the north.", "earlier this week", "DATE", "2025-W12", None),
        ("The talks collapsed last week.", "last week", "DATE", "2025-W11", None),
        ("The envoy is travelling this week.", "this week", "DATE", "2025-W12", None),
        ("Prices have doubled since January.", "January", "DATE", "2025-01", None),
        ("The offensive began in early March.", "early March", "DATE", "2025-03", "START"),
        ("The offensive began in late January.", "late January", "DATE", "2025-01", "END"),
        ("The offensive began in mid-February.", "mid-February", "DATE", "2025-02", "MID"),
        ("Shelling continued over the past two days.", "the past two days", "DURATION", "P2D", None),
        ("The port was closed last year.", "last year", "DATE", "2024", None),
        ("The port was closed two weeks ago.", "two weeks ago", "DATE", "2025-03-07", None),
        ("Explosions were heard on Monday night.", "Monday night", "TIME", "2025-03-17TNI", None),
        ("The attack of October 7, 2023 started the war.", "October 7, 2023", "DATE", "2023-10-07", None),
        ("The camp has existed since the 1990s.", "the 1990s", "DATE", "199", None),
        ("Aid convoys arrive every Friday.", "every Friday", "SET", "XXXX-WXX-5", None),
        ("The council meets today.", "today", "DATE", "2025-03-21", None),
        ("The council met yesterday.", "yesterday", "DATE", "2025-03-20", None),
        ("The council meets tonight.", "tonight", "TIME", "2025-03-21TNI", None),
        ("The crossing is now closed.", "now", "DATE", "PRESENT_REF", None),
        ("Attacks have grown in recent years.", "recent years", "DATE", "PAST_REF", None),
        ("Exports fell in the third quarter.", "the third quarter", "DATE", "2024-Q3", None),
        ("Exports fell in the first quarter of 2024.", "the first quarter of 2024", "DATE", "2024-Q1", None),
        ("Exports fell in fiscal 2023.", "fiscal 2023", "DATE", "2023", None),
        ("The siege lasted through the winter of 2023.", "the winter of 2023", "DATE", "2023-WI", None),
        ("The siege began last summer.", "last summer", "DATE", "2024-SU", None),
        ("The town was rebuilt in 2015.", "2015", "DATE", "2015", None),
        ("The truce held for two years.", "two years", "DURATION", "P2Y", None),
        ("The conflict has gone on for decades.", "decades", "DURATION", "PXDE", None),
        ("The conflict has gone on for nearly forty years.", "nearly forty years", "DURATION", "P40Y", "EQUAL_OR_LESS"),
        ("The vote is due next year.", "next year", "DATE", "2026", None),
        ("The guns fell silent over the weekend.", "the weekend", "DATE", "2025-W11-WE", None),
        ("The ceasefire ends at 10 p.m. Sunday.", "10 p.m. Sunday", "TIME", "2025-03-16T22:00", None),
        ("Villagers say the river floods daily.", "daily", "SET", "P1D", None),
    ],
)
def test_case(text: str, words: str, type_: str, value: str, mod: str | None) -> None:
    found = _find(_times(text), words)
    assert (found.type, found.value, found.mod) == (type_, value, mod), found


def test_spans_leave_out_the_preposition() -> None:
    times = _times("The ministers met on Friday and since January.")
    assert [t.span.text for t in times] == ["Friday", "January"]


def test_ids_are_numbered() -> None:
    times = _times("They met on Monday and again on Tuesday.")
    assert [t.id for t in times] == ["T1", "T2"]


def test_unanchored_expressions_stay_unresolved() -> None:
    times = _times("The ministers met on Monday, two days after the attack of October 7, 2023.", published=None)
    monday = _find(times, "Monday")
    assert monday.value is None
    assert _find(times, "October 7, 2023").value == "2023-10-07"
    assert _find(times, "two days").value == "P2D"


def test_not_times() -> None:
    text = "Prices rose 4 percent, or $1.76 a year; a second convoy came. Leaves fall. Stocks may rise."
    assert _times(text) == []


def test_resolve_alone() -> None:
    [monday] = find_times("Monday")
    assert resolve(monday, None) == (None, None)
    assert resolve(monday, dt.date(2025, 3, 21)) == ("2025-03-17", None)
    assert resolve(monday, "2025-03-24") == ("2025-03-24", None)
    [early] = find_times("early March")
    assert resolve(early, "2025-03-21") == ("2025-03", "START")


def test_published_on_the_doc(nlp: Any) -> None:
    text = "The ministers met on Monday."
    made = nlp.make_doc(text)
    made._.fd_published = dt.date(2025, 3, 21)
    for _name, proc in nlp.pipeline:
        made = proc(made)
    [monday] = made._.fd_times
    assert monday["value"] == "2025-03-17"


def test_seed_times(seed_record: Record, seed_gold: dict[str, Any]) -> None:
    found = 0
    misses = []
    for gold in seed_gold["times"]:
        span = gold["evidence"]
        hits = [t for t in seed_record.times if t.span.start < span["end"] and span["start"] < t.span.end]
        ok = [t for t in hits if t.value == gold["value"] and t.type == gold["type"] and t.mod == gold.get("mod")]
        if ok:
            found += 1
        else:
            misses.append((gold["text"], gold["value"], [(t.span.text, t.type, t.value, t.mod) for t in hits]))
    assert found == len(seed_gold["times"]) == 7, misses


@pytest.mark.parametrize("season", ["spring", "summer", "autumn", "fall", "winter"])
def test_every_season_resolves(season: str) -> None:
    found = _find(_times(f"The offensive began last {season}."), season)
    assert found.value is not None and found.value.startswith("2024-"), found


def test_windows_change_nothing() -> None:
    """Rules run only around trigger words; on real articles that finds exactly what running them
    over the whole text finds."""
    from tests.conftest import corpus_lines

    texts = [d["text"] for name in ("cnn-2024.jsonl", "guardian-syria.jsonl") for d in corpus_lines(name, 150)]
    texts += [d["text"] for d in corpus_lines("reuters-21578.jsonl", 300)]
    assert len(texts) == 600
    for text in texts:
        assert find_times(text) == find_times(text, windowed=False)
