"""The ``factdesk kb`` commands and ``analyze --kb`` end to end, on temporary KB files."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from factdesk.cli import main
from factdesk.errors import EXIT_CODES
from factdesk.record import DocumentInfo, EntityRef, Record, Role, Span
from factdesk.render import render_html
from tests.conftest import SEED_TEXT
from tests.test_kb_sparql import FakeSparql, server  # noqa: F401  (the local SPARQL server fixture)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _entity_data(tmp_path: Path) -> Path:
    """A Special:EntityData download (pretty-printed), as a user saves it from Wikidata."""
    time = {"time": "+2019-05-20T00:00:00Z", "precision": 11}
    entity = {
        "type": "item",
        "id": "Q3874799",
        "labels": {"en": {"language": "en", "value": "Volodymyr Zelenskyy"}},
        "aliases": {"en": [{"language": "en", "value": "Volodymyr Zelensky"}]},
        "claims": {
            "P31": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q5"}}}, "rank": "normal"}],
            "P39": [
                {
                    "id": "Q3874799$1",
                    "rank": "normal",
                    "mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q9000"}}},
                    "qualifiers": {"P580": [{"snaktype": "value", "datavalue": {"value": time}}]},
                }
            ],
        },
    }
    position = {
        "type": "item",
        "id": "Q9000",
        "labels": {"en": {"language": "en", "value": "President of Ukraine"}},
        "claims": {"P31": [{"mainsnak": {"snaktype": "value", "datavalue": {"value": {"id": "Q30461"}}}}]},
    }
    path = tmp_path / "Q3874799.json"
    path.write_text(json.dumps({"entities": {"Q3874799": entity, "Q9000": position}}, indent=2), encoding="utf-8")
    return path


def test_import_show_info_and_analyze(tmp_path: Path) -> None:
    kb = tmp_path / "kb.sqlite"
    code, out, err = run("kb", "import", str(_entity_data(tmp_path)), "--kb", str(kb), "-q")
    assert code == 0, err
    assert "kept 1 people, 1 positions" in out
    code, out, _ = run("kb", "show", "volodymyr zelensky", "--kb", str(kb))
    assert code == 0 and "President of Ukraine: 2019-05-20 to (no end)" in out
    code, out, _ = run("kb", "show", "Yoav Gallant", "--kb", str(kb), "--format", "json")
    assert json.loads(out)[0]["positions"][0]["end"] == "2024-11-07"  # a new KB starts with the starter facts
    code, out, _ = run("kb", "info", "--kb", str(kb))
    assert code == 0 and str(kb) in out and "statements" in out
    text = tmp_path / "a.txt"
    text.write_text("Ukrainian President Volodymyr Zelensky met the press in Kyiv on Monday.", encoding="utf-8")
    code, out, err = run("analyze", str(text), "--published", "2024-07-20", "--kb", str(kb), "--format", "json")
    assert code == 0, err
    role = json.loads(out)["roles"][0]
    assert (role["verdict"], role["kb_person"]) == ("supported", "Q3874799")


def test_reimport_adds_nothing(tmp_path: Path) -> None:
    kb = tmp_path / "kb.sqlite"
    source = _entity_data(tmp_path)
    run("kb", "import", str(source), "--kb", str(kb), "-q", "--no-starter")
    _, first, _ = run("kb", "info", "--kb", str(kb))
    run("kb", "import", str(source), "--kb", str(kb), "-q", "--no-starter")
    _, second, _ = run("kb", "info", "--kb", str(kb))
    assert first == second and "statements: 1" in first


def test_sync_from_a_sparql_server(server: FakeSparql, tmp_path: Path) -> None:  # noqa: F811
    kb = tmp_path / "kb.sqlite"
    code, out, err = run(
        "kb", "sync", "--position", "Q13222899", "--endpoint", server.url, "--kb", str(kb), "--timeout", "5"
    )
    assert code == 0, err
    assert "synced" in out
    assert any("wd:Q13222899" in seen.query for seen in server.seen)
    code, out, _ = run("kb", "show", "Israel Katz", "--kb", str(kb))
    assert "Minister of Defense of Israel: 2024-11-07" in out


def test_sync_needs_a_position_or_country() -> None:
    code, _, err = run("kb", "sync")
    assert code == 2 and "--position" in err


def test_sync_rejects_bad_ids_before_any_request(tmp_path: Path) -> None:
    code, _, err = run(
        "kb", "sync", "--position", "Q1 } DROP", "--endpoint", "http://127.0.0.1:9/", "--kb", str(tmp_path / "k")
    )
    assert code == 2 and "not a Wikidata item id" in err
    assert not (tmp_path / "k").exists()


def test_missing_kb_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    code, _, err = run("analyze", str(SEED_TEXT), "--kb", str(missing))
    assert code == EXIT_CODES["kb"]
    assert "factdesk kb import" in err


def test_corrupt_kb_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"this is not a database" * 100)
    code, _, err = run("kb", "info", "--kb", str(broken))
    assert code == EXIT_CODES["kb"] and "cannot open" in err


def test_html_escapes_role_evidence() -> None:
    text = "US envoy Steve Witkoff spoke."
    role = Role(
        id="R1",
        person=EntityRef(entity=None, name="<b>Steve</b>"),
        role_text="US envoy",
        span=Span.of(text, 0, 8),
        verdict="contradicted",
        evidence=["held by <script>alert(1)</script>"],
    )
    record = Record(document=DocumentInfo(id="d", text_sha256="x"), text=text, roles=[role])
    page = render_html([record])
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;Steve" in page
    assert 'class="contradicted"' in page
