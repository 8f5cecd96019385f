"""Shared fixtures. Evaluation data is read from ../shared (or $FACTDESK_SHARED), never copied."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Tests check roles against the starter KB, never a KB a developer imported into their data directory.
os.environ["FACTDESK_KB"] = str(ROOT / ".pytest_cache" / "no-such-kb" / "kb.sqlite")
SHARED = Path(os.environ.get("FACTDESK_SHARED", ROOT.parent / "shared"))
SEED_TEXT = SHARED / "seed" / "gaza-2025-03-21.txt"
SEED_GOLD = SHARED / "seed" / "gold.json"
CORPORA = SHARED / "corpora"
# Entities the seed article must yield (issue 2's acceptance list).
SEED_ENTITY_NAMES = (
    "Yoav Gallant",
    "Hamas",
    "Steve Witkoff",
    "Sam Rose",
    "UNRWA",
    "United Nations",
    "Dorothy Shea",
    "Donald Trump",
)


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests read factdesk's shared data from ../shared or $FACTDESK_SHARED")
    return path


@pytest.fixture(scope="session")
def seed_text() -> str:
    return _require(SEED_TEXT).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_require(SEED_GOLD).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def seed_record(seed_text: str) -> Any:
    import factdesk

    return factdesk.analyze(seed_text, published="2025-03-21")


def corpus_lines(name: str, limit: int) -> Iterator[dict[str, Any]]:
    with _require(CORPORA / name).open(encoding="utf-8") as stream:
        for line in islice(stream, limit):
            yield json.loads(line)


@pytest.fixture(scope="session")
def nlp() -> Any:
    from factdesk.pipeline import get_pipeline

    return get_pipeline()


CLAIMS_GOLD = ROOT / "eval-data" / "claims"
GOLD_CORPORA = [CORPORA / "cnn-2024.jsonl", CORPORA / "guardian-syria.jsonl", CORPORA / "reuters-21578.jsonl"]


@pytest.fixture(scope="session")
def claims_gold_run() -> Callable[[str], Any]:
    """A claims gold folder's claim scores and records, each folder analysed once per session
    (the claims and the speakers gates read the same articles)."""
    from factdesk.evaluate.runs import eval_claims

    for corpus in GOLD_CORPORA:
        _require(corpus)
    cache: dict[str, Any] = {}

    def run(folder: str) -> Any:
        if folder not in cache:
            cache[folder] = eval_claims(CLAIMS_GOLD / folder, GOLD_CORPORA)
        return cache[folder]

    return run
