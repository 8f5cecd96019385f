"""The ratios every scorer shares: precision/recall as a guarded ratio, and F1."""

from __future__ import annotations


def ratio(num: float, den: float) -> float:
    """``num / den``, or 0 when there is nothing to divide by (as TempEval-3's scorer does)."""
    return num / den if den else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
