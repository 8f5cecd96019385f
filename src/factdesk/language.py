"""Language identification, so non-English text is flagged, not analysed as English.

py3langid ships its model inside the package (no download) and is fast enough
to run on every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# Enough text to decide; more only costs time.
_SAMPLE_CHARS = 3000


@dataclass(frozen=True)
class LanguageGuess:
    language: str | None
    score: float | None
    reliable: bool


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, *, min_letters: int = 40) -> LanguageGuess:
    """The most likely language of ``text`` and how sure we are."""
    sample = text[:_SAMPLE_CHARS]
    letters = len(_LETTERS.findall(sample))
    if letters < min_letters:
        return LanguageGuess(language=None, score=None, reliable=False)
    language, score = _identifier().classify(sample)
    return LanguageGuess(language=str(language), score=round(float(score), 4), reliable=True)


def is_english(guess: LanguageGuess) -> bool:
    """Unreliable or low-confidence guesses count as English: only a clear other
    language stops analysis (short English headlines are often misread)."""
    if not guess.reliable or guess.language in (None, "en"):
        return True
    return guess.score is not None and guess.score < 0.9
