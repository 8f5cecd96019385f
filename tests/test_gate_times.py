"""Quality gate: factdesk's times on TBAQ-cleaned (TimeBank + AQUAINT, 256 documents), pinned floors.

A change may raise a floor, never lower it. Targets (issue 5): value F1 80, relaxed F1 90.
The full corpus is scored (about 50 s on one core).
"""

from __future__ import annotations

import pytest

from factdesk.evaluate.runs import eval_times
from factdesk.evaluate.timeml import TimeScores
from tests.conftest import SHARED

TBAQ = [SHARED / "eval" / "tempeval3" / "TimeBank", SHARED / "eval" / "tempeval3" / "AQUAINT"]

# Percent, just under the measured figures of this release.
FLOORS = {
    "strict_precision": 83.5,
    "strict_recall": 85.0,
    "strict_f1": 84.5,
    "relaxed_precision": 92.5,
    "relaxed_recall": 94.5,
    "relaxed_f1": 93.5,
    "type_accuracy": 94.5,
    "value_accuracy": 85.3,
    "value_f1": 80.0,
}


@pytest.fixture(scope="module")
def tbaq_scores() -> TimeScores:
    for folder in TBAQ:
        if not folder.exists():
            pytest.fail(f"{folder} is missing: the gate reads TBAQ from ../shared or $FACTDESK_SHARED")
    scores, _gold, _predicted = eval_times(TBAQ)
    return scores


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(tbaq_scores: TimeScores, metric: str) -> None:
    rows = dict(tbaq_scores.as_table())
    assert rows[metric] >= FLOORS[metric], f"{metric} {rows[metric]:.2f} fell below its floor {FLOORS[metric]}"


def test_every_document_and_timex_scored(tbaq_scores: TimeScores) -> None:
    assert tbaq_scores.n_gold == 1822


def test_eval_command_prints_the_table() -> None:
    from click.testing import CliRunner

    from factdesk.cli import main

    result = CliRunner().invoke(main, ["eval", "times", "--timeml", str(TBAQ[0]), "--limit", "3"])
    assert result.exit_code == 0, result.output
    for name in ("strict span", "relaxed span", "value accuracy", "value F1"):
        assert name in result.output
