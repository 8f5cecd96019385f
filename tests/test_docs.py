"""Docs as tests: every CLI command has help with an example and appears in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from factdesk.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "factdesk") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(main)


def test_there_are_commands() -> None:
    assert {"factdesk analyze", "factdesk schema", "factdesk info"} <= {p for p, _ in COMMANDS}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_is_documented(path: str, command: click.Command) -> None:
    assert command.help and "Example" in command.help, f"{path} --help has no example"
    assert re.search(rf"`{re.escape(path)}\b", README), f"{path} is not in README.md"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{path} {param.opts[0]} has no help"


def test_readme_has_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_table_docs_are_current() -> None:
    from factdesk.store.tables import tables_markdown

    assert (ROOT / "docs" / "tables.md").read_text(encoding="utf-8") == tables_markdown(), (
        "run scripts/build_table_docs.py"
    )
