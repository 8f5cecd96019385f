"""The claims scorer: pairing by number span, lenient sources, hedges, reading gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.errors import InputNotFoundError, MalformedRecordError
from factdesk.evaluate.claims import GoldClaim, PredictedClaim, pair, read_gold, same_source, score_doc


def _gold(
    category: str, value: float, start: int, end: int, *, source: str | None = None, low: float | None = None
) -> GoldClaim:
    return GoldClaim(category=category, value=value, low=low, high=None, source=source, num_start=start, num_end=end)


def _pred(
    category: str, value: float, start: int, end: int, *, source: str | None = None, low: float | None = None
) -> PredictedClaim:
    return PredictedClaim(
        category=category, value=value, low=low, high=None, source=source, num_start=start, num_end=end
    )


def test_perfect_prediction() -> None:
    gold = [_gold("killed", 430, 10, 13, source="Gaza Ministry of Health", low=431), _gold("projectiles", 3, 50, 55)]
    pred = [
        _pred("killed", 430, 10, 13, source="the Hamas-run health ministry", low=431),
        _pred("projectiles", 3, 50, 55),
    ]
    s = score_doc(gold, pred)
    assert s.prf(s.category_value) == (1.0, 1.0, 1.0)
    assert s.prf(s.with_source) == (1.0, 1.0, 1.0)
    assert s.hedge_accuracy == 1.0


def test_wrong_category_value_source_and_hedge_each_count() -> None:
    gold = [
        _gold("killed", 10, 0, 2),
        _gold("injured", 20, 10, 12),
        _gold("killed", 30, 20, 22, source="UN"),
        _gold("killed", 40, 30, 32, low=41),
    ]
    pred = [
        _pred("injured", 10, 0, 2),
        _pred("injured", 21, 10, 12),
        _pred("killed", 30, 20, 22),
        _pred("killed", 40, 30, 32, low=40),
        _pred("killed", 5, 60, 61),
    ]
    s = score_doc(gold, pred)
    assert (s.gold, s.predicted, s.matched) == (4, 5, 4)
    assert s.category_value == 2  # 30 and 40
    assert s.with_source == 1  # 30 lacks the UN
    assert s.hedge_right == 1  # 40's low is wrong
    p, r, f = s.prf(s.category_value)
    assert (p, r) == (2 / 5, 2 / 4)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_pairing_is_one_to_one_by_largest_overlap() -> None:
    gold = [_gold("killed", 1, 0, 10), _gold("killed", 2, 8, 12)]
    pred = [_pred("killed", 1, 0, 9)]
    assert pair(gold, pred) == [(0, 0)]


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        (None, None, True),
        ("UN", None, False),
        (None, "UN", False),
        ("United Nations", "the UN", True),
        ("Israel Defense Forces", "the IDF", True),
        ("Israel Defense Forces", "Israeli military", True),
        ("Royal Oman Police", "police", True),
        ("Gaza Ministry of Health", "Hamas-run health ministry", True),
        ("US Central Command", "CentCom", True),
        ("Unicef", "the UN children’s fund", True),
        ("Hayat Tahrir al-Sham", "HTS", True),
        ("Isis", "Islamic State", True),
        ("Isis", "the US state department", False),
        ("Israel", "Hamas", False),
        ("Gaza Ministry of Health", "Israeli military", False),
        # A name of stop words only is compared by all its words.
        ("officials", "Officials", True),
        ("officials", "official", True),
        ("officials", "police", False),
        ("IRNA", "the Islamic Republic News Agency", True),
    ],
)
def test_same_source(gold: str | None, predicted: str | None, same: bool) -> None:
    assert same_source(gold, predicted) is same


def test_same_source_tries_the_mention_as_written() -> None:
    assert same_source("Magen David Adom", "it", aliases=("Magen David Adom paramedics",))


def test_read_gold(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "id": "a",
                "claims": [
                    {
                        "category": "killed",
                        "value": 5,
                        "low": None,
                        "high": None,
                        "source": None,
                        "num_start": 0,
                        "num_end": 4,
                    }
                ],
            }
        )
    )
    docs = read_gold(tmp_path)
    assert docs[0].id == "a" and docs[0].claims[0].value == 5
    (tmp_path / "b.json").write_text("{not json")
    with pytest.raises(MalformedRecordError):
        read_gold(tmp_path)


def test_read_gold_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        read_gold(tmp_path)
