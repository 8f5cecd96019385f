"""Static checks that are part of the suite: mypy (strict) and ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_mypy_strict() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff() -> None:
    done = _run("ruff", "check", "src", "tests", "benchmarks", "training", "scripts")
    assert done.returncode == 0, done.stdout + done.stderr
