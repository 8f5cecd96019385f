"""The attribution tagger's training objective, checked against brute force on tiny inputs."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def training() -> ModuleType:
    spec = importlib.util.spec_from_file_location("attribution_training", ROOT / "training" / "attribution.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _path_score(emissions: np.ndarray, path: tuple[int, ...], bigram: np.ndarray, start: np.ndarray) -> float:
    steps = sum(bigram[a, b] for a, b in itertools.pairwise(path))
    return float(emissions[np.arange(len(path)), list(path)].sum() + start[path[0]] + steps)


def _brute_nll(emissions: np.ndarray, gold: np.ndarray, bigram: np.ndarray, start: np.ndarray) -> float:
    n_tags = bigram.shape[0]
    scores = [_path_score(emissions, p, bigram, start) for p in itertools.product(range(n_tags), repeat=len(gold))]
    return float(np.logaddexp.reduce(scores) - _path_score(emissions, tuple(gold), bigram, start))


def test_crf_loss_is_the_path_likelihood_and_its_gradients_are_right(training: ModuleType) -> None:
    rng = np.random.default_rng(0)
    n_tags = 3
    emissions = [rng.normal(size=(4, n_tags)), rng.normal(size=(2, n_tags)), rng.normal(size=(1, n_tags))]
    gold = [np.array([0, 1, 1, 2]), np.array([2, 0]), np.array([1])]
    trans = rng.normal(size=(n_tags, n_tags))
    fixed = np.zeros((n_tags, n_tags))
    fixed[0, 2] = -3.0  # a fixed penalty counts in every path's score but gets no gradient
    start = np.array([0.0, -1.0, 0.5])
    loss, grads, d_trans = training.crf_loss(emissions, gold, trans, fixed, start)
    expected = sum(_brute_nll(e, y, trans + fixed, start) for e, y in zip(emissions, gold, strict=True))
    assert loss == pytest.approx(expected, rel=1e-9)
    eps = 1e-6
    for b, (row, col) in ((0, (2, 1)), (1, (0, 2)), (2, (0, 0))):
        bumped = [e.copy() for e in emissions]
        bumped[b][row, col] += eps
        numeric = (training.crf_loss(bumped, gold, trans, fixed, start)[0] - loss) / eps
        assert grads[b][row, col] == pytest.approx(numeric, abs=1e-4)
    for row, col in ((0, 1), (1, 1), (2, 0)):
        bumped_trans = trans.copy()
        bumped_trans[row, col] += eps
        numeric = (training.crf_loss(emissions, gold, bumped_trans, fixed, start)[0] - loss) / eps
        assert d_trans[row, col] == pytest.approx(numeric, abs=1e-4)


def test_well_formed_bridges_untagged_whitespace_and_makes_a_stray_inside_tag_a_beginning(
    training: ModuleType,
) -> None:
    tags = training.TAGS
    y = np.array([tags.index(t) for t in ("O", "I-CON", "I-CON", "B-SRC", "I-CUE", "O", "B-CON", "O", "I-CON")])
    fixed = training.well_formed(y)
    expected = ["O", "B-CON", "I-CON", "B-SRC", "B-CUE", "O", "B-CON", "I-CON", "I-CON"]
    assert [tags[t] for t in fixed] == expected
