"""Bad input: each kind gets a clear one-line error and its own exit code; corpora go on."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli import main
from factdesk.errors import EXIT_CODES
from factdesk.inputs import InputDocument, headline_of, iter_inputs, parse_published
from factdesk.options import Options

ENGLISH = (
    "The ministry said on Tuesday that at least 12 people were killed in the strike, "
    "and officials in the city warned that the number could rise as rescuers searched the rubble."
)
FRENCH = (
    "Le ministère a déclaré mardi qu'au moins douze personnes avaient été tuées dans la frappe, "
    "et les responsables de la ville ont averti que le bilan pourrait encore s'alourdir."
)


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_exit_codes_are_distinct() -> None:
    assert len(set(EXIT_CODES.values())) == len(EXIT_CODES)


@pytest.mark.parametrize(
    ("content", "suffix", "code"),
    [
        (b"", ".txt", "empty"),
        (b"   \n\t\n", ".txt", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), ".txt", "binary"),
        ("Caf\u00e9 owners said the war had ruined them.".encode("latin-1"), ".txt", "encoding"),
        (FRENCH.encode(), ".txt", "not_english"),
        (b"<html><body><div><script>x()</script></div></body></html>", ".html", "html"),
    ],
)
def test_bad_single_inputs(tmp_path: Path, content: bytes, suffix: str, code: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(content)
    exit_code, stdout, stderr = run("analyze", str(path), "--format", "json")
    assert exit_code == EXIT_CODES[code], stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and f"[{code}]" in lines[0], stderr
    assert stdout == ""


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ENGLISH * 20, encoding="utf-8")
    exit_code, _, stderr = run("analyze", str(path), "--max-chars", "1000")
    assert exit_code == EXIT_CODES["too_large"]
    assert "--max-chars" in stderr
    exit_code, _, stderr = run("analyze", str(path), "--max-bytes", "500")
    assert exit_code == EXIT_CODES["too_large"]


def test_missing_file() -> None:
    exit_code, _, stderr = run("analyze", "no/such/file.txt")
    assert exit_code == EXIT_CODES["not_found"]
    assert "no such file" in stderr


@pytest.mark.parametrize("bad", ["yesterday", "2025-13-45", "21/03"])
def test_bad_published(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "ok.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    exit_code, _, stderr = run("analyze", str(path), "--published", bad)
    assert exit_code == EXIT_CODES["bad_date"], stderr
    assert "YYYY-MM-DD" in stderr or "calendar" in stderr


def test_published_forms() -> None:
    assert str(parse_published("2025-03-21")) == "2025-03-21"
    assert str(parse_published("2024-07-16T20:59:18Z?")) == "2024-07-16"
    assert str(parse_published("26-FEB-1987 15:01:01.79")) == "1987-02-26"
    assert parse_published(None) is None


def test_corpus_with_bad_lines_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "A", "date": "2025-03-20", "text": ENGLISH}),
        "{not json",
        json.dumps({"id": "b", "text": ""}),
        json.dumps({"id": "c", "date": "someday", "text": ENGLISH}),
        json.dumps(["a list"]),
        json.dumps({"id": "d", "text": FRENCH}),
        json.dumps({"id": "e", "title": "no text"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    exit_code, stdout, stderr = run("analyze", str(path), "--format", "jsonl")
    assert exit_code == EXIT_CODES["partial"]
    records = [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == 7  # one output line per input line, in order
    codes = [r["error"]["code"] if "error" in r else None for r in records]
    assert codes == [None, "malformed", "empty", None, "malformed", "not_english", "malformed"]
    assert records[0]["document"]["id"] == "a" and records[0]["document"]["published"] == "2025-03-20"
    assert records[3]["document"]["published"] is None
    assert any("unreadable date" in w for w in records[3]["document"]["warnings"])
    assert "corpus.jsonl:2" in records[1]["input"]
    assert records[5]["document"]["language"] == "fr"
    assert "2 analysed, 5 failed" in stderr


def test_html_file_and_folder(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Strike kills 12 - Example News</title>"
        '<meta property="article:published_time" content="2025-03-18"></head><body>'
        "<nav>Home | World</nav><article><h1>Strike kills 12</h1>"
        f"<p>{ENGLISH}</p><p>{ENGLISH}</p></article><footer>© Example</footer></body></html>"
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Headline here\n\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "broken.html").write_text("<html><body><div><span></b></p><img src=x", encoding="utf-8")
    (tmp_path / "recoverable.html").write_text(f"<html><body><p>{ENGLISH}<div><b>{ENGLISH}", encoding="utf-8")
    exit_code, stdout, _ = run("analyze", str(tmp_path / "a.html"), "--format", "json")
    assert exit_code == 0
    record = json.loads(stdout)
    assert record["document"]["title"].startswith("Strike kills 12")
    assert "Home | World" not in record["text"]
    assert "at least 12 people" in record["text"]
    exit_code, stdout, _ = run("analyze", str(tmp_path), "--format", "jsonl", "--quiet")
    assert exit_code == EXIT_CODES["partial"]  # broken.html has no article text
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [("error" in r) for r in records] == [False, False, True, False]  # a, b, broken, recoverable
    assert records[2]["error"]["code"] == "html"
    assert "at least 12 people" in records[3]["text"]
    assert records[1]["document"]["title"] == "Headline here"


def test_stdin() -> None:
    exit_code, stdout, _ = run("analyze", "-", "--format", "json", stdin=ENGLISH.encode())
    assert exit_code == 0
    assert json.loads(stdout)["text"] == ENGLISH
    exit_code, _, stderr = run("analyze", "-", stdin=b"")
    assert exit_code == EXIT_CODES["empty"]


def test_headline() -> None:
    assert headline_of("Mediators push for truce\n\nBody.") == "Mediators push for truce"
    assert headline_of("A sentence that ends.\n\nBody.") is None
    assert headline_of("No blank line after\nBody.") is None


@pytest.fixture()
def local_server() -> Iterator[str]:
    page = (
        "<html><head><title>Local page</title></head><body>"
        f"<article><p>{ENGLISH}</p><p>{ENGLISH}</p></article></body></html>"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/article"
    finally:
        server.shutdown()
        server.server_close()


def test_url_fetch(local_server: str) -> None:
    exit_code, stdout, stderr = run("analyze", local_server, "--format", "json")
    assert exit_code == 0, stderr
    record = json.loads(stdout)
    assert record["document"]["url"] == local_server
    assert "at least 12 people" in record["text"]


def test_url_unreachable() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exit_code, _, stderr = run("analyze", f"http://127.0.0.1:{port}/x")
    assert exit_code == EXIT_CODES["fetch"]
    assert "could not fetch" in stderr
    exit_code, _, stderr = run("analyze", "ftp://example.invalid/x")
    assert exit_code == EXIT_CODES["fetch"]


def test_iter_inputs_yields_errors_not_raises(tmp_path: Path) -> None:
    items = list(iter_inputs(str(tmp_path / "missing.jsonl"), Options()))
    assert len(items) == 1 and not isinstance(items[0], InputDocument)
