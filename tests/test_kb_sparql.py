"""The SPARQL client and sync, against a real HTTP server on 127.0.0.1 serving SPARQL results JSON.

The files in tests/data/sparql are hand-written in the exact format the Wikidata query service
returns (application/sparql-results+json); their statement GUIDs are made up.
"""

from __future__ import annotations

import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from factdesk.about import __version__
from factdesk.errors import KnowledgeBaseError, RemoteServiceError
from factdesk.kb.sparql import (
    MAX_GET_QUERY,
    RESULTS_JSON,
    Row,
    SparqlClient,
    SyncSummary,
    build_alias_query,
    build_query,
    parse_aliases,
    parse_results,
    statement_id,
    statements_of,
    sync,
)
from factdesk.kb.store import KnowledgeBase
from factdesk.kb.wikidata import WikiDate

DATA = Path(__file__).resolve().parent / "data" / "sparql"
MAIN = DATA / "minister-of-defense-israel.json"
ALIASES = DATA / "minister-of-defense-israel-aliases.json"
DEFENCE = "Q13222899"
GANTZ, GALLANT, KATZ, ISRAEL = "Q2898983", "Q723506", "Q487304", "Q801"


# -- a scripted SPARQL server ----------------------------------------------------


@dataclass
class Reply:
    """What the server answers to one request; ``body=None`` serves the recorded results."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    headers: dict[str, str]
    query: str


class FakeSparql:
    """A SPARQL endpoint: answers from ``script`` first, then from ``always`` or the recorded files."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.always: Reply | None = None
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.url = ""

    def reply(self, query: str) -> Reply:
        with self.lock:
            planned = self.script.pop(0) if self.script else self.always
        if planned is not None and planned.body is not None:
            return planned
        recorded = ALIASES if "skos:altLabel" in query else MAIN
        return Reply(
            status=planned.status if planned else 200,
            body=recorded.read_bytes(),
            headers={"Content-Type": RESULTS_JSON, **(planned.headers if planned else {})},
            delay=planned.delay if planned else 0.0,
        )


def _handler(fake: FakeSparql) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, query: str) -> None:
            fake.seen.append(Seen(self.command, {k.lower(): v for k, v in self.headers.items()}, query))
            reply = fake.reply(query)
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body or b""
            try:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up waiting (the timeout test)

        def do_GET(self) -> None:
            self._answer(parse_qs(urlsplit(self.path).query).get("query", [""])[0])

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = parse_qs(self.rfile.read(length).decode("utf-8"))
            self._answer(form.get("query", [""])[0])

        def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[FakeSparql]:
    fake = FakeSparql()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    httpd.block_on_close = False  # a handler still sleeping out a timeout must not hold up teardown
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


class FakeTime:
    """An injected clock and sleep: sleeping only moves the clock, and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client_for(server: FakeSparql, fake_time: FakeTime, **options: Any) -> SparqlClient:
    settings: dict[str, Any] = {"timeout": 5.0, "retries": 4, "backoff": 2.0, "min_interval": 1.0}
    settings.update(options)
    return SparqlClient(server.url, sleep=fake_time.sleep, clock=fake_time.clock, **settings)


def dump(kb: KnowledgeBase) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("items", "names", "links", "statements")
    return {t: sorted(kb.connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


# -- building the query -----------------------------------------------------------


def test_query_for_positions() -> None:
    query = build_query([DEFENCE])
    assert f"VALUES ?position {{ wd:{DEFENCE} }}" in query
    for part in (
        "?person p:P39 ?statement",
        "?statement ps:P39 ?position",
        "wikibase:rank ?rank",
        "FILTER(?rank != wikibase:DeprecatedRank)",
        "?person wdt:P31 wd:Q5",
        "pqv:P580",
        "pqv:P582",
        "pq:P1001|pq:P642 ?jurisdiction",
        "pq:P5102",
        'SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }',
    ):
        assert part in query
    assert "UNION" not in query and "LIMIT" not in query


def test_query_for_countries_and_both() -> None:
    by_country = build_query(countries=[ISRAEL], limit=50)
    assert f"VALUES ?country {{ wd:{ISRAEL} }}" in by_country
    assert "?position wdt:P1001|wdt:P17 ?country" in by_country
    assert by_country.rstrip().endswith("LIMIT 50")
    both = build_query([DEFENCE, DEFENCE], [ISRAEL])
    assert "UNION" in both and both.count(f"wd:{DEFENCE}") == 1  # duplicates dropped


@pytest.mark.parametrize(
    "bad",
    ["Q1 } DROP", "Q1 } ; DELETE WHERE { ?s ?p ?o }", "Q0", "q42", "P39", "Q42\n", " Q42", "wd:Q42", "", "Q１"],
)
def test_invalid_ids_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a Wikidata item id"):
        build_query([bad])
    with pytest.raises(ValueError, match="not a Wikidata item id"):
        build_query(countries=[bad])
    with pytest.raises(ValueError, match="not a Wikidata item id"):
        build_alias_query([DEFENCE, bad])


def test_query_needs_something_to_ask() -> None:
    with pytest.raises(ValueError, match="at least one"):
        build_query()
    with pytest.raises(ValueError, match="lists of ids"):
        build_query(DEFENCE)
    with pytest.raises(ValueError, match="positive integer"):
        build_query([DEFENCE], limit=0)


# -- reading results ------------------------------------------------------------


def _binding(**values: dict[str, str]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "person": {"type": "uri", "value": f"http://www.wikidata.org/entity/{GALLANT}"},
        "position": {"type": "uri", "value": f"http://www.wikidata.org/entity/{DEFENCE}"},
        "statement": {"type": "uri", "value": f"http://www.wikidata.org/entity/statement/{GALLANT}-ab12-CD34"},
    }
    base.update(values)
    return {"head": {"vars": list(base)}, "results": {"bindings": [base]}}


def _date(value: str) -> dict[str, str]:
    return {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#dateTime", "value": value}


def test_parse_recorded_results() -> None:
    rows = parse_results(json.loads(MAIN.read_text(encoding="utf-8")))
    assert [r.person for r in rows] == [GANTZ, GALLANT, KATZ]  # the deprecated row is dropped
    gallant = rows[1]
    assert gallant.statement == f"{GALLANT}$A3F0C9D2-6B1E-4E7A-8D5C-2F4B6A8C0E1D"
    assert (gallant.person_label, gallant.position_label) == ("Yoav Gallant", "Minister of Defense of Israel")
    assert gallant.start == WikiDate("2022-12-29", 11) and gallant.end == WikiDate("2024-11-07", 11)
    assert gallant.jurisdiction == ISRAEL and gallant.position_jurisdiction == ISRAEL
    assert rows[2].rank == "preferred" and rows[2].end is None and not rows[2].acting


def test_statement_ids() -> None:
    prefix = "http://www.wikidata.org/entity/statement/"
    assert (
        statement_id(prefix + "Q42-F078E5B3-F9A8-480E-B7AC-D97778CBBEF9") == "Q42$F078E5B3-F9A8-480E-B7AC-D97778CBBEF9"
    )
    assert statement_id(prefix + "q42-f078e5b3-f9a8") == "q42$f078e5b3-f9a8"  # old lower-case GUIDs keep their case
    assert statement_id("http://www.wikidata.org/entity/Q42") is None
    assert statement_id(prefix + "P31-abc") is None


def test_dates_with_and_without_precision() -> None:
    def start(**values: dict[str, str]) -> WikiDate | None:
        return parse_results(_binding(**values))[0].start

    assert start(start=_date("2024-11-07T00:00:00Z")) == WikiDate("2024-11-07", 11)
    # No precision given: 1 January at midnight is how Wikidata writes a year.
    assert start(start=_date("2024-01-01T00:00:00Z")) == WikiDate("2024", 9)
    precision = {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "10"}
    assert start(start=_date("2024-11-01T00:00:00Z"), startPrecision=precision) == WikiDate("2024-11", 10)
    assert start(start=_date("-0480-01-01T00:00:00Z")) is None
    assert start(start={"type": "bnode", "value": "t123"}) is None


def test_labels_rank_and_acting() -> None:
    rows = parse_results(
        _binding(
            personLabel={"type": "literal", "value": GALLANT},  # the label service's fallback: no English label
            rank={"type": "uri", "value": "http://wikiba.se/ontology#PreferredRank"},
            acting={"type": "uri", "value": "http://www.wikidata.org/entity/Q4676846"},
        )
    )
    assert rows[0].person_label is None and rows[0].rank == "preferred" and rows[0].acting
    not_acting = _binding(acting={"type": "uri", "value": "http://www.wikidata.org/entity/Q5"})
    assert not parse_results(not_acting)[0].acting
    deprecated = _binding(rank={"type": "uri", "value": "http://wikiba.se/ontology#DeprecatedRank"})
    assert parse_results(deprecated) == []


def test_rows_of_one_statement_merge() -> None:
    sid = f"{GALLANT}$x"
    rows = [
        Row(GALLANT, "Yoav Gallant", DEFENCE, None, sid, start=WikiDate("2022", 9), jurisdiction="Q9000"),
        Row(GALLANT, "Yoav Gallant", DEFENCE, None, sid, start=WikiDate("2022", 9), jurisdiction=ISRAEL, acting=True),
    ]
    (merged,) = statements_of(rows)
    assert (merged.id, merged.subject, merged.property, merged.value) == (sid, GALLANT, "P39", DEFENCE)
    assert merged.jurisdiction == ISRAEL and merged.acting
    assert statements_of(reversed(rows))[0].jurisdiction == ISRAEL


def test_parse_aliases() -> None:
    aliases = parse_aliases(json.loads(ALIASES.read_text(encoding="utf-8")))
    assert aliases[GALLANT] == ["Yoav Galant"]
    assert len(aliases[DEFENCE]) == 3


# -- the client against the server ------------------------------------------------


def test_query_sends_headers_and_query(server: FakeSparql, fake_time: FakeTime) -> None:
    with client_for(server, fake_time) as client:
        data = client.query(build_query([DEFENCE]))
    assert len(data["results"]["bindings"]) == 4
    (seen,) = server.seen
    assert seen.method == "GET"
    assert seen.headers["accept"] == RESULTS_JSON
    agent = seen.headers["user-agent"]
    assert agent.startswith(f"factdesk/{__version__} (") and "role verification" in agent
    assert "python-httpx/" in agent
    assert f"wd:{DEFENCE}" in seen.query and "?person p:P39 ?statement" in seen.query


def test_long_query_is_posted(server: FakeSparql, fake_time: FakeTime) -> None:
    many = [f"Q{n}" for n in range(1_000_000, 1_000_400)]
    query = build_query(many)
    assert len(query) > MAX_GET_QUERY
    with client_for(server, fake_time) as client:
        client.query(query)
    assert server.seen[0].method == "POST" and "wd:Q1000399" in server.seen[0].query


def test_min_interval_between_requests(server: FakeSparql, fake_time: FakeTime) -> None:
    with client_for(server, fake_time, min_interval=1.5) as client:
        for _ in range(3):
            client.query(build_query([DEFENCE]))
    assert fake_time.sleeps == [1.5, 1.5]  # none before the first request
    assert len(server.seen) == 3


def test_retry_after_and_exponential_backoff(server: FakeSparql, fake_time: FakeTime) -> None:
    server.script = [
        Reply(429, b"Too many requests", {"Retry-After": "3"}),
        Reply(503, b"Service Unavailable"),
        Reply(502, b"Bad Gateway"),
    ]
    with client_for(server, fake_time) as client:
        rows = parse_results(client.query(build_query([DEFENCE])))
    assert len(rows) == 3
    assert len(server.seen) == 4
    # Retry-After first, then backoff * 2**n for the second and third failures.
    assert fake_time.sleeps == [3.0, 4.0, 8.0]


def test_gives_up_after_the_last_retry(server: FakeSparql, fake_time: FakeTime) -> None:
    server.always = Reply(503, b"Service Unavailable")
    with client_for(server, fake_time, retries=3, backoff=0.5) as client:
        with pytest.raises(RemoteServiceError, match="failed 4 times .*HTTP 503.*try again later"):
            client.query(build_query([DEFENCE]))
    assert len(server.seen) == 4
    # The first backoff is topped up to the 1 s interval between requests.
    assert fake_time.sleeps == [0.5, 0.5, 1.0, 2.0]


def test_too_long_retry_after_ends_at_once(server: FakeSparql, fake_time: FakeTime) -> None:
    server.always = Reply(429, b"slow down", {"Retry-After": "3600"})
    with client_for(server, fake_time) as client, pytest.raises(RemoteServiceError, match="wait 3600 s"):
        client.query(build_query([DEFENCE]))
    assert len(server.seen) == 1 and fake_time.sleeps == []


def test_bad_request_fails_at_once(server: FakeSparql, fake_time: FakeTime) -> None:
    message = b"java.util.concurrent.ExecutionException: org.openrdf.query.MalformedQueryException: " + b"x" * 400
    server.always = Reply(400, message)
    with client_for(server, fake_time) as client, pytest.raises(RemoteServiceError) as caught:
        client.query("SELECT nonsense")
    assert "HTTP 400" in str(caught.value) and "MalformedQueryException" in str(caught.value)
    assert "x" * 201 not in str(caught.value)  # only the start of the body
    assert len(server.seen) == 1 and fake_time.sleeps == []


def test_service_query_timeout_is_not_retried(server: FakeSparql, fake_time: FakeTime) -> None:
    server.always = Reply(500, b"java.util.concurrent.TimeoutException\n\tat java.util.concurrent.FutureTask.get")
    with client_for(server, fake_time) as client, pytest.raises(RemoteServiceError, match="time limit"):
        client.query(build_query(countries=[ISRAEL]))
    assert len(server.seen) == 1


def test_no_answer_in_time(server: FakeSparql, fake_time: FakeTime) -> None:
    server.always = Reply(delay=0.6)
    started = time.monotonic()
    with client_for(server, fake_time, timeout=0.2, retries=2) as client:
        with pytest.raises(RemoteServiceError, match="failed 3 times .*no answer within 0.2 s"):
            client.query(build_query([DEFENCE]))
    assert len(server.seen) == 3 and fake_time.sleeps == [2.0, 4.0]
    assert time.monotonic() - started < 3


def test_connection_refused(fake_time: FakeTime) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = SparqlClient(f"http://127.0.0.1:{port}/sparql", retries=1, sleep=fake_time.sleep, clock=fake_time.clock)
    with client, pytest.raises(RemoteServiceError, match="connection failed"):
        client.query(build_query([DEFENCE]))
    assert fake_time.sleeps == [2.0]


@pytest.mark.parametrize("body", [b"<html><body>Service maintenance</body></html>", b'{"unexpected": true}'])
def test_not_sparql_json(server: FakeSparql, fake_time: FakeTime, body: bytes) -> None:
    server.always = Reply(200, body, {"Content-Type": "text/html"})
    with client_for(server, fake_time) as client, pytest.raises(RemoteServiceError, match="SPARQL endpoint"):
        client.query(build_query([DEFENCE]))


def test_client_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="http"):
        SparqlClient("file:///etc/passwd")
    with pytest.raises(ValueError, match="timeout"):
        SparqlClient(timeout=0)


# -- sync -------------------------------------------------------------------------


def test_sync_stores_people_positions_and_statements(server: FakeSparql, fake_time: FakeTime) -> None:
    kb = KnowledgeBase.memory()
    with client_for(server, fake_time) as client:
        summary = sync(kb, positions=[DEFENCE], client=client)
    assert summary == SyncSummary(rows=3, people=3, positions=1, statements=3)
    assert f"wd:{DEFENCE}" in server.seen[0].query and "skos:altLabel" in server.seen[1].query
    holders = kb.holders(DEFENCE)
    assert [(h.item, h.start, h.end) for h in holders] == [
        (GANTZ, WikiDate("2020-05-17", 11), WikiDate("2022-12-29", 11)),
        (GALLANT, WikiDate("2022-12-29", 11), WikiDate("2024-11-07", 11)),
        (KATZ, WikiDate("2024-11-07", 11), None),
    ]
    assert holders[1].id == f"{GALLANT}$A3F0C9D2-6B1E-4E7A-8D5C-2F4B6A8C0E1D"
    assert holders[1].jurisdiction == ISRAEL and all(h.origin == f"sparql:{server.url}" for h in holders)
    assert [s.value for s in kb.statements(GALLANT)] == [DEFENCE]  # the deprecated statement is not stored
    gallant = kb.item(GALLANT)
    assert gallant is not None and gallant.kind == "human"
    position = kb.item(DEFENCE)
    assert position is not None and (position.kind, position.label) == ("position", "Minister of Defense of Israel")
    assert kb.links(DEFENCE, "P1001") == [ISRAEL] and kb.links(DEFENCE, "P17") == [ISRAEL]
    assert [i.id for i in kb.find("Yoav Galant")] == [GALLANT]  # an alias
    assert [i.id for i in kb.find("Israel's Defence Minister", kind="position")] == []
    assert [i.id for i in kb.find("Defence Minister of Israel", kind="position")] == [DEFENCE]


def test_sync_twice_is_idempotent(server: FakeSparql, fake_time: FakeTime) -> None:
    kb = KnowledgeBase.memory()
    with client_for(server, fake_time) as client:
        sync(kb, positions=[DEFENCE], client=client, origin="test")
        first = dump(kb)
        sync(kb, positions=[DEFENCE], client=client, origin="test")
    assert dump(kb) == first
    assert len(first["statements"]) == 3


def test_sync_without_aliases(server: FakeSparql, fake_time: FakeTime) -> None:
    kb = KnowledgeBase.memory()
    with client_for(server, fake_time) as client:
        sync(kb, countries=[ISRAEL], client=client, aliases=False)
    assert len(server.seen) == 1 and "VALUES ?country" in server.seen[0].query
    assert kb.find("Yoav Galant") == [] and len(kb.holders(DEFENCE)) == 3


def test_sync_writes_nothing_when_the_service_fails(server: FakeSparql, fake_time: FakeTime) -> None:
    server.script = [Reply(), Reply(400, b"bad alias query")]  # the main query works, the alias query fails
    kb = KnowledgeBase.memory()
    with client_for(server, fake_time) as client, pytest.raises(RemoteServiceError):
        sync(kb, positions=[DEFENCE], client=client)
    assert kb.counts() == {"statements": 0}


def test_sync_writes_nothing_when_the_store_fails(
    server: FakeSparql, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = KnowledgeBase.memory()

    def broken(*_: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(kb, "put_statements", broken)
    with client_for(server, fake_time) as client, pytest.raises(KnowledgeBaseError, match="nothing was written"):
        sync(kb, positions=[DEFENCE], client=client)
    assert kb.counts() == {"statements": 0}  # the items written before the failure were rolled back


def test_sync_checks_ids_before_asking(server: FakeSparql, fake_time: FakeTime) -> None:
    kb = KnowledgeBase.memory()
    with client_for(server, fake_time) as client, pytest.raises(ValueError):
        sync(kb, positions=["Q1 } DROP"], client=client)
    assert server.seen == []
