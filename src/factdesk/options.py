"""The options object that produced a record (kept apart from the record itself)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_MAX_CHARS = 1_000_000
DEFAULT_MAX_BYTES = 10_000_000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        return default


@dataclass(frozen=True)
class Options:
    """How factdesk reads and analyses documents.

    ``max_chars`` bounds the analysed text and ``max_bytes`` the raw input read
    from a file, URL or stdin (HTML is larger than its text). Both can also be
    set with ``FACTDESK_MAX_CHARS`` / ``FACTDESK_MAX_BYTES``.
    """

    max_chars: int = field(default_factory=lambda: _env_int("FACTDESK_MAX_CHARS", DEFAULT_MAX_CHARS))
    max_bytes: int = field(default_factory=lambda: _env_int("FACTDESK_MAX_BYTES", DEFAULT_MAX_BYTES))
    check_language: bool = True
    # Below this many letters language identification is unreliable: analyse as English, warn.
    min_language_letters: int = 40
    include_text: bool = True
    fetch_timeout: float = 20.0
    batch_size: int = 16
    # The knowledge base roles are checked against: a path, or None for $FACTDESK_KB / the user's
    # data directory when a KB was imported there, else the starter KB shipped with factdesk.
    kb_path: str | None = None
    check_roles: bool = True
