"""TempEval-3 Task A reader and scorer (factdesk.evaluate.timeml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factdesk.evaluate.timeml import (
    TimeMLDoc,
    TimeScores,
    Timex,
    align,
    mismatches,
    read_corpus,
    read_timeml,
    score,
)
from tests.conftest import SHARED

TE3 = SHARED / "eval" / "tempeval3"


@pytest.fixture(scope="session")
def corpus() -> list[TimeMLDoc]:
    dirs = [TE3 / "TimeBank", TE3 / "AQUAINT"]
    for folder in dirs:
        if not folder.is_dir():
            pytest.fail(f"{folder} is missing: the tests read shared data from ../shared or $FACTDESK_SHARED")
    return read_corpus(dirs)


def test_reads_all_documents_with_dcts(corpus: list[TimeMLDoc]) -> None:
    assert len(corpus) == 256
    assert len({d.doc_id for d in corpus}) == 256
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.dct) for d in corpus)
    # TBAQ-cleaned: 1,243 TimeBank + 579 AQUAINT timexes in TEXT, creation times excluded.
    assert sum(len(d.timexes) for d in corpus) == 1822


def test_timex_text_is_the_text_slice(corpus: list[TimeMLDoc]) -> None:
    for doc in corpus:
        for t in doc.timexes:
            assert doc.text[t.start : t.end] == t.text, (doc.doc_id, t)
            assert t.text.strip() and t.type in {"DATE", "TIME", "DURATION", "SET"} and t.value
        assert [t.start for t in doc.timexes] == sorted(t.start for t in doc.timexes)


def test_reader_offsets_entities_and_empty_timex(tmp_path: Path) -> None:
    path = tmp_path / "X1.tml"
    path.write_text(
        '<?xml version="1.0" ?>\n<TimeML><DOCID>X1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="TIME" value="1998-08-07T06:18" functionInDocument="CREATION_TIME">'
        '08/07/1998</TIMEX3></DCT>\n<TEXT>\nA &amp; B <EVENT eid="e1">met</EVENT> '
        '<TIMEX3 tid="t1" type="DATE" value="1998-08-06" mod="START">early Thursday</TIMEX3>.'
        '<TIMEX3 tid="t2" type="DATE" value="1998" functionInDocument="NONE"></TIMEX3></TEXT></TimeML>',
        encoding="utf-8",
    )
    doc = read_timeml(path)
    assert doc.doc_id == "X1" and doc.dct == "1998-08-07"
    assert doc.text == "\nA & B met early Thursday."
    assert doc.timexes == [Timex(11, 25, "early Thursday", "DATE", "1998-08-06", "START")]


def _tiny() -> tuple[TimeMLDoc, list[Timex]]:
    text = "On Monday we met; we meet again next week, as in 2020."
    monday = text.index("Monday")
    next_week = text.index("next week")
    week = text.index("week")
    year = text.index("2020")
    gold = TimeMLDoc(
        doc_id="tiny",
        dct="2020-01-08",
        text=text,
        timexes=[
            Timex(monday, monday + 6, "Monday", "DATE", "2020-01-06", None),
            Timex(next_week, next_week + 9, "next week", "DATE", "2020-W03", None),
        ],
    )
    predicted = [
        Timex(monday, monday + 6, "Monday", "DATE", "2020-01-06", None),  # exact match
        Timex(week, week + 4, "week", "DATE", "2020-W04", None),  # partial overlap, wrong value
        Timex(year, year + 4, "2020", "DATE", "2020", None),  # spurious
    ]
    return gold, predicted


def test_tiny_case_exact_numbers() -> None:
    gold, predicted = _tiny()
    s = score([gold], lambda _doc: predicted)
    assert (s.n_gold, s.n_predicted, s.strict_matches, s.relaxed_matches) == (2, 3, 1, 2)
    assert s.strict_precision == pytest.approx(1 / 3)
    assert s.strict_recall == pytest.approx(1 / 2)
    assert s.strict_f1 == pytest.approx(0.4)
    assert s.relaxed_precision == pytest.approx(2 / 3)
    assert s.relaxed_recall == pytest.approx(1.0)
    assert s.relaxed_f1 == pytest.approx(0.8)
    assert s.value_accuracy == pytest.approx(0.5)
    assert s.value_f1 == pytest.approx(0.4)
    assert s.type_accuracy == pytest.approx(1.0)
    assert s.type_f1 == pytest.approx(0.8)
    assert s.mod_accuracy == pytest.approx(1.0)
    table = dict(s.as_table())
    assert table["strict_f1"] == pytest.approx(40.0) and table["relaxed_f1"] == pytest.approx(80.0)
    assert s.to_dict()["value_accuracy"] == pytest.approx(50.0) and s.to_dict()["n_gold"] == 2

    kinds = [
        (m.kind, m.gold.text if m.gold else None, m.predicted.text if m.predicted else None)
        for m in mismatches(gold, predicted)
    ]
    assert kinds == [
        ("wrong_span", "next week", "week"),
        ("wrong_value", "next week", "week"),
        ("spurious", None, "2020"),
    ]


def test_alignment_is_one_to_one_and_maximal() -> None:
    def t(start: int, end: int) -> Timex:
        return Timex(start, end, "x" * (end - start), "DATE", "X", None)

    # One prediction spanning two gold timexes matches only one of them.
    assert align([t(0, 6), t(7, 14)], [t(0, 14)]) == [(0, 0)]
    # Greedy largest-overlap would give gold 0 the wide prediction and leave gold 1 unmatched.
    assert align([t(0, 10), t(8, 12)], [t(2, 9), t(0, 2)]) == [(0, 1), (1, 0)]
    # Exact spans are paired before overlaps.
    assert align([t(0, 5), t(3, 8)], [t(3, 8), t(0, 5)]) == [(0, 1), (1, 0)]


def test_oracle_scores_100(corpus: list[TimeMLDoc]) -> None:
    s = score(corpus, lambda doc: list(doc.timexes))
    assert s.n_gold == s.n_predicted == s.strict_matches == s.relaxed_matches == 1822
    for metric, value in s.as_table():
        assert value == pytest.approx(100.0), metric
    assert all(not mismatches(doc, list(doc.timexes)) for doc in corpus)


def test_empty_predictor_scores_zero(corpus: list[TimeMLDoc]) -> None:
    s = score(corpus, lambda _doc: [])
    assert s.n_gold == 1822 and s.n_predicted == 0
    assert s.strict_recall == s.relaxed_recall == 0.0
    assert s.strict_f1 == s.relaxed_f1 == s.value_f1 == s.type_f1 == 0.0
    assert len(mismatches(corpus[0], [])) == len(corpus[0].timexes)


def test_nothing_to_find_and_bad_spans() -> None:
    empty = TimeMLDoc("e", "2000-01-01", "no dates here", [])
    assert TimeScores().relaxed_f1 == 1.0 and score([empty], lambda _d: []).value_f1 == 1.0
    with pytest.raises(ValueError, match="outside the text"):
        score([empty], lambda _d: [Timex(5, 50, "?", "DATE", "X", None)])
