"""Quality gate: direct quotes and their resolved speakers on the claims-and-quotes gold set.

PolNeAR's speaker measure checks where the source span is; this one checks who it stands for
("he" -> Bill Burns), on the direct quotes of ``eval-data/claims`` (guide:
``../shared/annotation/claims-and-quotes.md``). Floors in percent, pinned just under the
figures of each dev folder; a change may raise a floor, never lower it. The test half is
scored for the notes only, never here.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from factdesk.cli import main
from factdesk.evaluate.runs import score_speakers
from factdesk.evaluate.speakers import SpeakerScores
from tests.conftest import CLAIMS_GOLD, GOLD_CORPORA

# metric -> floor: F1 of quotes found with the right speaker, and speaker accuracy over found quotes.
FLOORS_BY_FOLDER = {
    "dev": {"direct quote + speaker": 90.9, "speaker accuracy": 92.7},
    "dev2": {"direct quote + speaker": 88.6, "speaker accuracy": 90.9},
    "dev3": {"direct quote + speaker": 97.0, "speaker accuracy": 98.1},
    "dev4": {"direct quote + speaker": 91.6, "speaker accuracy": 94.3},
    "dev5": {"direct quote + speaker": 84.5, "speaker accuracy": 88.8},
    "dev6": {"direct quote + speaker": 91.4, "speaker accuracy": 94.0},
    "dev7": {"direct quote + speaker": 92.2, "speaker accuracy": 94.7},
    "dev8": {"direct quote + speaker": 90.3, "speaker accuracy": 92.4},
    "dev9": {"direct quote + speaker": 87.0, "speaker accuracy": 89.2},
    "dev10": {"direct quote + speaker": 89.8, "speaker accuracy": 93.9},
    "dev11": {"direct quote + speaker": 89.9, "speaker accuracy": 90.4},
    "dev12": {"direct quote + speaker": 85.1, "speaker accuracy": 91.2},
    "dev13": {"direct quote + speaker": 89.6, "speaker accuracy": 92.7},
}


@pytest.fixture(scope="module")
def speakers_of(claims_gold_run: Callable[[str], tuple[Any, Any]]) -> Callable[[str], SpeakerScores]:
    def scores(folder: str) -> SpeakerScores:
        return score_speakers(CLAIMS_GOLD / folder, claims_gold_run(folder)[1])

    return scores


@pytest.mark.parametrize(
    ("folder", "metric"), [(folder, metric) for folder, floors in FLOORS_BY_FOLDER.items() for metric in sorted(floors)]
)
def test_floor(speakers_of: Callable[[str], SpeakerScores], folder: str, metric: str) -> None:
    scores = speakers_of(folder)
    figures = {name: f for name, _p, _r, f in scores.as_table()}
    figures["speaker accuracy"] = 100 * scores.speaker_accuracy
    floor = FLOORS_BY_FOLDER[folder][metric]
    assert figures[metric] >= floor, f"{folder} {metric} {figures[metric]:.2f} fell below its floor {floor}"


def test_eval_command_prints_the_table(tmp_path: Path) -> None:
    # Two articles keep the command's run short; the gate above scores whole folders.
    for path in sorted((CLAIMS_GOLD / "dev").glob("*.json"))[:2]:
        shutil.copy(path, tmp_path / path.name)
    corpora = [a for c in GOLD_CORPORA for a in ("--corpus", str(c))]
    result = CliRunner().invoke(main, ["eval", "speakers", "--gold", str(tmp_path), *corpora])
    assert result.exit_code == 0, result.output
    for name in ("direct quote found", "direct quote + speaker", "speaker accuracy", "pronoun"):
        assert name in result.output
    as_json = CliRunner().invoke(main, ["eval", "speakers", "--gold", str(tmp_path), *corpora, "--json"])
    assert json.loads(as_json.output)["gold"] > 0
