"""Which knowledge base a run checks roles against, opened once per process."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from factdesk.kb.starter import starter_kb
from factdesk.kb.store import KnowledgeBase, default_path
from factdesk.kb.verify import RoleChecker

_OPEN: dict[tuple[int, str], RoleChecker] = {}


def role_checker(kb_path: str | Path | None = None) -> RoleChecker:
    """The checker over ``kb_path`` (which must exist), else over the KB at the default path
    when one was imported there, else over the starter KB shipped with factdesk.

    Kept per process: SQLite connections must not cross a fork.
    """
    path = Path(kb_path) if kb_path is not None else default_path()
    if kb_path is None and not path.exists():
        key = (os.getpid(), "<starter>")
        factory: Callable[[], KnowledgeBase] = starter_kb
    else:
        key = (os.getpid(), str(path.resolve()))

        def factory() -> KnowledgeBase:
            return KnowledgeBase.open(path, create=False)

    if key not in _OPEN:
        _OPEN[key] = RoleChecker(factory())
    return _OPEN[key]
