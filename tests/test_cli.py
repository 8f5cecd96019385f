"""The CLI on the seed in every format, and the HTML page's escaping."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from factdesk.about import __version__
from factdesk.cli import main
from factdesk.record import Record, json_schema
from tests.conftest import SEED_ENTITY_NAMES, SEED_TEXT

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and __version__ in out


def test_seed_json_validates_and_lists_entities(seed_text: str) -> None:
    code, out, err = run("analyze", str(SEED_TEXT), "--published", "2025-03-21", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, json_schema())
    record = Record.model_validate(data)
    assert record.document.published == "2025-03-21"
    assert record.text == seed_text
    assert record.check_offsets(seed_text) == []
    names = {e.name for e in record.entities}
    assert set(SEED_ENTITY_NAMES) <= names


def test_seed_text_report() -> None:
    code, out, _ = run("analyze", str(SEED_TEXT), "--published", "2025-03-21")
    assert code == 0
    assert "Yoav Gallant" in out and "published: 2025-03-21" in out and "Entities" in out


def test_seed_jsonl_and_out_file(tmp_path: Path) -> None:
    target = tmp_path / "seed.jsonl"
    code, out, _ = run("analyze", str(SEED_TEXT), "--format", "jsonl", "--out", str(target))
    assert code == 0 and out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["entities"]
    assert not list(tmp_path.glob("*.partial"))


def test_seed_html_highlights_every_mention(seed_record: Record) -> None:
    code, out, _ = run("analyze", str(SEED_TEXT), "--format", "html")
    assert code == 0
    assert out.startswith("<!doctype html>") and "Content-Security-Policy" in out
    # Each entity mention is marked at least once (overlapping spans split into pieces).
    for entity in seed_record.entities:
        assert out.count(f'title="{entity.id} ') >= len(entity.mentions), entity.name
    assert out.count('class="quote"') >= len(seed_record.quotes)
    assert "<script" not in out
    # The visible text, with the markup removed, is the article text, escaped.
    body = re.search(r'<div class="text">(.*?)</div>', out, re.S)
    assert body is not None
    import html as html_module

    assert html_module.unescape(re.sub(r"<[^>]+>", "", body.group(1))) == SEED_TEXT.read_text(encoding="utf-8")


def test_seed_html_lists_claims_and_times() -> None:
    code, out, _ = run("analyze", str(SEED_TEXT), "--published", "2025-03-21", "--format", "html")
    assert code == 0
    assert "<h2>Claims</h2>" in out and "<h2>Times</h2>" in out
    assert "in the past two days (P2D)" in out  # a claim's period with its normalised value
    assert "<td>2025-W12</td>" in out  # "earlier this week"


def test_html_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = (
        'President Joe Biden said <script>alert("x")</script> and <img src=x onerror=alert(1)> '
        "while Hamas denied it in Gaza on Monday, officials in Washington said. "
        'At least 5 <b onmouseover="x">people</b> were killed on Friday, police said.'
    )
    path = tmp_path / "hostile.txt"
    path.write_text(hostile, encoding="utf-8")
    code, out, _ = run("analyze", str(path), "--format", "html")
    assert code == 0
    assert "<script>" not in out and "<img" not in out and "<b " not in out
    assert "&lt;script&gt;" in out
    code, out, _ = run("analyze", str(path), "--format", "text")
    assert code == 0 and "Joe Biden" in out


def test_rich_markup_in_text_is_not_interpreted(tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text(
        "[bold red]Hamas[/] said [link=http://x]click[/link] in Gaza on Monday, officials said.", encoding="utf-8"
    )
    code, out, err = run("analyze", str(path), "--format", "text")
    assert code == 0, err


def test_corpus_json_array(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "two.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": f"d{i}", "date": "2025-03-21", "text": seed_text}) for i in range(2)) + "\n",
        encoding="utf-8",
    )
    code, out, err = run("analyze", str(path), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert [d["document"]["id"] for d in data] == ["d0", "d1"]
    assert "2 analysed, 0 failed" in err


def test_entry_point_runs_as_a_process() -> None:
    script = Path(sys.executable).parent / "factdesk"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "factdesk.cli"]
    done = subprocess.run(
        [*command, "analyze", str(SEED_TEXT), "--published", "2025-03-21", "--format", "json", "--no-text"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["text"] is None and data["entities"]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "html"])
def test_every_format_on_the_example(fmt: str) -> None:
    code, out, err = run(
        "analyze", str(ROOT / "examples" / "ceasefire-talks.txt"), "--published", "2025-03-21", "--format", fmt
    )
    assert code == 0, err
    assert "Steve Witkoff" in out
