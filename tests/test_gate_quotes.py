"""Quality gate: factdesk's quotes on PolNeAR dev, with pinned floors.

A change may raise a floor, never lower it. Targets (issue 3): exact F1 source 80,
cue 75, content 65; token-overlap content F1 80.
"""

from __future__ import annotations

import pytest

from factdesk.evaluate.polnear import Scores
from factdesk.evaluate.runs import eval_quotes
from tests.conftest import SHARED

# F1 floors in percent, from the dev run of the shipped model (see the model's meta.json).
FLOORS = {
    "exact/source": 76.9,
    "exact/cue": 71.5,
    "exact/content": 56.9,
    "token/source": 76.8,
    "token/cue": 64.2,
    "token/content": 84.9,
    "quote-exact/content": 75.6,
    "lenient/content-found": 85.1,
    "lenient/speaker-accuracy": 89.1,
}


@pytest.fixture(scope="module")
def dev_scores() -> Scores:
    split = SHARED / "eval" / "polnear" / "dev"
    if not split.exists():
        pytest.fail(f"{split} is missing: the gate reads PolNeAR dev from ../shared or $FACTDESK_SHARED")
    return eval_quotes(split)


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_floor(dev_scores: Scores, metric: str) -> None:
    rows = {name: f for name, _p, _r, f in dev_scores.as_table()}
    assert rows[metric] >= FLOORS[metric], f"{metric} F1 {rows[metric]:.2f} fell below its floor {FLOORS[metric]}"


def test_every_dev_document_scored(dev_scores: Scores) -> None:
    assert dev_scores.documents == 84
    assert any("annotator" in note for note in dev_scores.notes)


def test_eval_command_prints_the_table() -> None:
    from click.testing import CliRunner

    from factdesk.cli import main

    split = SHARED / "eval" / "polnear" / "dev"
    result = CliRunner().invoke(main, ["eval", "quotes", "--polnear", str(split), "--limit", "3"])
    assert result.exit_code == 0, result.output
    for name in ("exact/source", "exact/cue", "exact/content", "token/content", "lenient/speaker-accuracy"):
        assert name in result.output
