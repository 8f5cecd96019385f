"""Pulling "position held" (P39) statements from a Wikidata SPARQL service into the knowledge base.

:func:`build_query` writes the query, :class:`SparqlClient` runs it politely (descriptive
User-Agent, rate limit, retries with backoff that honour ``Retry-After``), :func:`parse_results`
reads the SPARQL 1.1 results JSON and :func:`sync` stores people, positions and statements in
one transaction. Statements get Wikidata's own ids (``Q723506$…``), so a sync and an import of
the same items from entity JSON or a dump meet on the same rows.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from factdesk.about import __version__
from factdesk.errors import KnowledgeBaseError, MalformedRecordError, RemoteServiceError
from factdesk.kb.store import KnowledgeBase
from factdesk.kb.wikidata import ACTING_VALUES, Statement, WikiDate

ENDPOINT = "https://query.wikidata.org/sparql"
# Contact for the User-Agent (Wikimedia's policy asks for a URL or e-mail to reach the operator).
# The same placeholder as the page fetcher in factdesk.inputs; replace both once the project is public.
PROJECT_URL = "https://factdesk.invalid"
RESULTS_JSON = "application/sparql-results+json"
# Longer queries go by POST: URLs of several kilobytes are refused by some proxies.
MAX_GET_QUERY = 4000
# Items per alias query: keeps each query well under the service's limits.
ALIAS_CHUNK = 400

ENTITY_PREFIX = "http://www.wikidata.org/entity/"
STATEMENT_PREFIX = "http://www.wikidata.org/entity/statement/"
RANK_PREFIX = "http://wikiba.se/ontology#"
RANKS = {"NormalRank": "normal", "PreferredRank": "preferred", "DeprecatedRank": "deprecated"}

# fullmatch, not match with "$": "$" also matches before a trailing newline.
_QID = re.compile(r"Q[1-9][0-9]*")
# The RDF form of a statement id replaces the "$" after the subject with "-"; old GUIDs start with "q".
_STATEMENT = re.compile(r"([Qq][1-9][0-9]*)-(.+)")
_DATETIME = re.compile(r"^[+-]?\d{1,16}-\d\d-\d\dT")


def default_user_agent() -> str:
    """The User-Agent Wikimedia's policy asks for: tool/version (contact; purpose) library/version."""
    return f"factdesk/{__version__} ({PROJECT_URL}; role verification) python-httpx/{httpx.__version__}"


def _check_ids(ids: Iterable[str], what: str) -> list[str]:
    """The ids, deduplicated in order, each a plain item id; anything else raises before it reaches query text."""
    checked: list[str] = []
    for item in ids:
        if not isinstance(item, str) or not _QID.fullmatch(item):
            raise ValueError(f"not a Wikidata item id for {what}: {item!r}; give ids like Q13222899")
        if item not in checked:
            checked.append(item)
    return checked


def _values(ids: Sequence[str]) -> str:
    return " ".join(f"wd:{i}" for i in ids)


def build_query(positions: Sequence[str] = (), countries: Sequence[str] = (), limit: int | None = None) -> str:
    """A SPARQL query for everyone who held one of ``positions``, or a position whose jurisdiction
    (P1001) or country (P17) is one of ``countries``, with start, end, jurisdiction, rank and acting.

    Dates come with their precision (through the qualifier's value node), so "2024" stays a year.
    """
    if isinstance(positions, str) or isinstance(countries, str):
        raise ValueError("give positions and countries as lists of ids, not a single string")
    wanted_positions = _check_ids(positions, "a position")
    wanted_countries = _check_ids(countries, "a country")
    if not wanted_positions and not wanted_countries:
        raise ValueError("give at least one position or country id; a query for every position would time out")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive integer, not {limit!r}")
    by_position = f"VALUES ?position {{ {_values(wanted_positions)} }}"
    by_country = f"VALUES ?country {{ {_values(wanted_countries)} }}\n    ?position wdt:P1001|wdt:P17 ?country ."
    if wanted_positions and wanted_countries:
        selection = f"{{\n    {by_position}\n  }} UNION {{\n    {by_country}\n  }}"
    else:
        selection = f"{{\n    {by_position if wanted_positions else by_country}\n  }}"
    query = f"""SELECT ?person ?personLabel ?position ?positionLabel ?statement ?start ?startPrecision
       ?end ?endPrecision ?jurisdiction ?rank ?acting ?positionJurisdiction ?positionCountry
WHERE {{
  {selection}
  ?person p:P39 ?statement .
  ?statement ps:P39 ?position ;
             wikibase:rank ?rank .
  FILTER(?rank != wikibase:DeprecatedRank)
  ?person wdt:P31 wd:Q5 .
  OPTIONAL {{ ?statement pqv:P580 [ wikibase:timeValue ?start ; wikibase:timePrecision ?startPrecision ] . }}
  OPTIONAL {{ ?statement pqv:P582 [ wikibase:timeValue ?end ; wikibase:timePrecision ?endPrecision ] . }}
  OPTIONAL {{ ?statement pq:P1001|pq:P642 ?jurisdiction . }}
  OPTIONAL {{ ?statement pq:P5102|pq:P3831 ?acting . }}
  OPTIONAL {{ ?position wdt:P1001 ?positionJurisdiction . }}
  OPTIONAL {{ ?position wdt:P17 ?positionCountry . }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en". }}
}}"""
    return query if limit is None else f"{query}\nLIMIT {limit}"


def build_alias_query(items: Sequence[str]) -> str:
    """A SPARQL query for the English aliases of ``items`` (one row per alias).

    A separate query, not a GROUP_CONCAT in the main one: aliases may contain any separator,
    and the label service's ``?xAltLabel`` joins them with ", " ("Charles, Prince of Wales").
    """
    if isinstance(items, str):
        raise ValueError("give items as a list of ids, not a single string")
    wanted = _check_ids(items, "an item")
    if not wanted:
        raise ValueError("give at least one item id")
    return f"""SELECT ?item ?alias
WHERE {{
  VALUES ?item {{ {_values(wanted)} }}
  ?item skos:altLabel ?alias .
  FILTER(LANG(?alias) = "en")
}}"""


# -- reading results -----------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One result row: a person held a position (one statement), as the service returned it."""

    person: str
    person_label: str | None
    position: str
    position_label: str | None
    statement: str
    start: WikiDate | None = None
    end: WikiDate | None = None
    jurisdiction: str | None = None
    rank: str = "normal"
    acting: bool = False
    position_jurisdiction: str | None = None
    position_country: str | None = None


def _bindings(data: Any) -> list[dict[str, Any]]:
    results = data.get("results") if isinstance(data, dict) else None
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        raise MalformedRecordError("not SPARQL results JSON: expected {'results': {'bindings': [...]}}")
    return [b for b in bindings if isinstance(b, dict)]


def _term(binding: dict[str, Any], var: str) -> tuple[str, str] | None:
    """(type, value) of a bound variable, or None when it is unbound."""
    term = binding.get(var)
    if not isinstance(term, dict) or not isinstance(term.get("value"), str):
        return None
    return str(term.get("type", "")), str(term["value"])


def entity_id(uri: str) -> str | None:
    """``http://www.wikidata.org/entity/Q123`` -> ``Q123``; anything else (a property, a blank node) -> None."""
    if not uri.startswith(ENTITY_PREFIX):
        return None
    local = uri[len(ENTITY_PREFIX) :]
    return local if _QID.fullmatch(local) else None


def statement_id(uri: str) -> str | None:
    """``…/entity/statement/Q123-ABCD-…`` -> ``Q123$ABCD-…``, the id Wikidata's JSON gives the statement."""
    if not uri.startswith(STATEMENT_PREFIX):
        return None
    match = _STATEMENT.fullmatch(uri[len(STATEMENT_PREFIX) :])
    return f"{match.group(1)}${match.group(2)}" if match else None


def _item(binding: dict[str, Any], var: str) -> str | None:
    term = _term(binding, var)
    return entity_id(term[1]) if term and term[0] == "uri" else None


def _label(binding: dict[str, Any], var: str, item: str) -> str | None:
    term = _term(binding, var)
    if term is None or term[0] != "literal" or not term[1].strip():
        return None
    # The label service falls back to the bare id when an item has no English label.
    return None if term[1] == item else term[1]


def _date(binding: dict[str, Any], var: str) -> WikiDate | None:
    term = _term(binding, var)
    if term is None or term[0] != "literal" or not _DATETIME.match(term[1]):
        return None  # unbound, or an unknown value ("somevalue" is a blank node, not a date)
    value = term[1]
    precision_term = _term(binding, f"{var}Precision")
    if precision_term is not None and precision_term[1].isdigit():
        precision = int(precision_term[1])
    else:
        # Without the precision, guess it from the value. Wikidata writes a year-precision date
        # "+2024-00-00" as 2024-01-01T00:00:00Z in RDF, so January 1st at midnight is read as the
        # year (a real 1 January start loses its day, which only makes a check less exact, never wrong);
        # anything else as a day. A month-precision date (shown as the 1st) would be read as that day,
        # which is why the query asks for the precision.
        precision = 9 if value.lstrip("+").split("-", 1)[-1].startswith("01-01T00:00:00") else 11
    return WikiDate.parse({"time": value, "precision": precision})


def _rank(binding: dict[str, Any]) -> str:
    term = _term(binding, "rank")
    if term is None:
        return "normal"  # a query that did not ask for the rank
    name = term[1][len(RANK_PREFIX) :] if term[1].startswith(RANK_PREFIX) else term[1]
    return RANKS.get(name, "normal")


def parse_results(data: dict[str, Any]) -> list[Row]:
    """The rows of a SPARQL results JSON document from :func:`build_query`'s query.

    Deprecated statements are dropped (the query filters them too; recorded or foreign results may not).
    Rows without a person, position or statement id are skipped.
    """
    rows: list[Row] = []
    for binding in _bindings(data):
        person = _item(binding, "person")
        position = _item(binding, "position")
        statement_term = _term(binding, "statement")
        statement = statement_id(statement_term[1]) if statement_term else None
        if person is None or position is None or statement is None:
            continue
        rank = _rank(binding)
        if rank == "deprecated":
            continue
        rows.append(
            Row(
                person=person,
                person_label=_label(binding, "personLabel", person),
                position=position,
                position_label=_label(binding, "positionLabel", position),
                statement=statement,
                start=_date(binding, "start"),
                end=_date(binding, "end"),
                jurisdiction=_item(binding, "jurisdiction"),
                rank=rank,
                acting=_item(binding, "acting") in ACTING_VALUES,
                position_jurisdiction=_item(binding, "positionJurisdiction"),
                position_country=_item(binding, "positionCountry"),
            )
        )
    return rows


def parse_aliases(data: dict[str, Any]) -> dict[str, list[str]]:
    """Item id -> English aliases, from the results of :func:`build_alias_query`'s query."""
    aliases: dict[str, list[str]] = {}
    for binding in _bindings(data):
        item = _item(binding, "item")
        term = _term(binding, "alias")
        if item is None or term is None or term[0] != "literal" or not term[1].strip():
            continue
        names = aliases.setdefault(item, [])
        if term[1] not in names:
            names.append(term[1])
    return aliases


# -- the client ----------------------------------------------------------------


class SparqlClient:
    """A polite client of a SPARQL service (by default Wikidata's).

    Each request waits until ``min_interval`` seconds have passed since the previous one ended.
    Timeouts, connection errors, 429 and 5xx are retried ``retries`` times, waiting
    ``backoff * 2**n`` seconds (2, 4, 8, 16 by default) or what ``Retry-After`` asks for;
    a ``Retry-After`` beyond ``max_retry_after`` ends the attempt at once rather than
    retrying earlier than the service allows, and a 500 reporting the service's own query timeout
    is not retried (the same query would time out again). Other 4xx fail at once.
    ``sleep`` and ``clock`` are injectable for tests.
    """

    def __init__(
        self,
        endpoint: str = ENDPOINT,
        *,
        timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 2.0,
        min_interval: float = 1.0,
        user_agent: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        max_retry_after: float = 120.0,
    ) -> None:
        if not re.match(r"^https?://", endpoint, re.IGNORECASE):
            raise ValueError(f"the SPARQL endpoint must be an http:// or https:// URL, not {endpoint!r}")
        if retries < 0 or timeout <= 0 or backoff < 0 or min_interval < 0 or max_retry_after < 0:
            raise ValueError(
                "timeout must be positive; retries, backoff, min_interval and max_retry_after not negative"
            )
        self.endpoint = endpoint
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self.max_retry_after = max_retry_after
        self.user_agent = user_agent or default_user_agent()
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None  # when the previous request ended
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": self.user_agent, "Accept": RESULTS_JSON},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SparqlClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _wait_turn(self) -> None:
        if self._last is None:
            return
        wait = self.min_interval - (self._clock() - self._last)
        if wait > 0:
            self._sleep(wait)

    def _send(self, text: str) -> httpx.Response:
        self._wait_turn()
        try:
            if len(text) > MAX_GET_QUERY:
                return self._http.post(self.endpoint, data={"query": text})
            return self._http.get(self.endpoint, params={"query": text})
        finally:
            self._last = self._clock()

    def query(self, text: str) -> dict[str, Any]:
        """Run a query; the SPARQL results JSON as a dict. Raises :class:`RemoteServiceError`."""
        attempts = self.retries + 1
        reason = ""
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                response = self._send(text)
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s"
            except httpx.UnsupportedProtocol as exc:
                raise RemoteServiceError(f"cannot reach {self.endpoint}: {exc}", source=self.endpoint) from exc
            except httpx.TransportError as exc:
                reason = f"connection failed ({exc.__class__.__name__}: {exc})"
            else:
                status = response.status_code
                if status == 200:
                    return self._json(response)
                body = response.text[:200]
                if status == 429 or status >= 500:
                    reason = f"HTTP {status}"
                    if status == 500 and "TimeoutException" in body:
                        # The service stopped the query at its own time limit: the same query would
                        # time out again, and repeating it only loads a shared service.
                        raise RemoteServiceError(
                            "the query ran past the service's time limit; ask for fewer positions or countries",
                            source=self.endpoint,
                        )
                    retry_after = _retry_after(response)
                    if retry_after is not None and retry_after > self.max_retry_after:
                        raise RemoteServiceError(
                            f"HTTP {status}: the service asks to wait {retry_after:g} s before the next request; "
                            "run the sync again later",
                            source=self.endpoint,
                        )
                else:
                    hint = " (Wikimedia refuses clients without a descriptive User-Agent)" if status == 403 else ""
                    raise RemoteServiceError(
                        f"the service refused the query: HTTP {status}{hint}: {body}", source=self.endpoint
                    )
            if attempt + 1 < attempts:
                self._sleep(retry_after if retry_after is not None else self.backoff * 2**attempt)
        raise RemoteServiceError(
            f"the SPARQL service failed {attempts} times (last: {reason}); try again later, "
            "check the network, or import a Wikidata dump with 'factdesk kb import' instead",
            source=self.endpoint,
        )

    def _json(self, response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError as exc:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            kind = response.headers.get("Content-Type", "unknown type")
            raise RemoteServiceError(
                f"the service answered with something other than JSON ({kind}); is {self.endpoint} a SPARQL endpoint?",
                source=self.endpoint,
            ) from exc
        try:
            _bindings(data)
        except MalformedRecordError as exc:
            raise RemoteServiceError(
                f"the service answered JSON that is not SPARQL results; is {self.endpoint} a SPARQL endpoint?",
                source=self.endpoint,
            ) from exc
        result: dict[str, Any] = data
        return result


def _retry_after(response: httpx.Response) -> float | None:
    """``Retry-After`` in seconds, when given as seconds (the HTTP-date form falls back to backoff)."""
    value = response.headers.get("Retry-After", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


# -- syncing into the KB -------------------------------------------------------


@dataclass
class SyncSummary:
    """What one sync fetched and stored."""

    rows: int = 0
    people: int = 0
    positions: int = 0
    statements: int = 0


def _numeric(item_id: str) -> int:
    return int(item_id[1:])


def statements_of(rows: Iterable[Row]) -> list[Statement]:
    """One :class:`Statement` per statement id. A statement with several values of a qualifier
    comes as several rows: dates take the first value seen, jurisdiction the lowest id (so
    repeated syncs agree whatever the row order), acting is true when any value says so."""
    merged: dict[str, Statement] = {}
    for row in rows:
        found = merged.get(row.statement)
        if found is None:
            merged[row.statement] = Statement(
                row.statement,
                row.person,
                "P39",
                row.position,
                row.start,
                row.end,
                row.jurisdiction,
                row.acting,
                row.rank,
            )
            continue
        found.start = found.start or row.start
        found.end = found.end or row.end
        if row.jurisdiction and (
            found.jurisdiction is None or _numeric(row.jurisdiction) < _numeric(found.jurisdiction)
        ):
            found.jurisdiction = row.jurisdiction
        found.acting = found.acting or row.acting
    return list(merged.values())


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def sync(
    kb: KnowledgeBase,
    *,
    positions: Sequence[str] = (),
    countries: Sequence[str] = (),
    client: SparqlClient | None = None,
    origin: str | None = None,
    aliases: bool = True,
) -> SyncSummary:
    """Fetch who held ``positions`` (or the positions of ``countries``) and store them in ``kb``.

    Everything is fetched first and written in one transaction: an error leaves the KB as it was.
    Running it again gives the same rows (statements are keyed by their Wikidata id).
    """
    query = build_query(positions, countries)  # validates the ids before any request
    own_client = client is None
    active = client if client is not None else SparqlClient()
    try:
        rows = parse_results(active.query(query))
        people = sorted({r.person for r in rows}, key=_numeric)
        held = sorted({r.position for r in rows}, key=_numeric)
        names: dict[str, list[str]] = {}
        if aliases:
            everyone = people + held
            for chunk in _chunks(everyone, ALIAS_CHUNK):
                names.update(parse_aliases(active.query(build_alias_query(chunk))))
    finally:
        if own_client:
            active.close()
    source = origin or f"sparql:{active.endpoint}"
    person_labels = {r.person: r.person_label for r in rows if r.person_label}
    position_labels = {r.position: r.position_label for r in rows if r.position_label}
    statements = statements_of(rows)
    try:
        with kb.transaction():
            for person in people:
                kb.put_item(person, "human", person_labels.get(person), source)
                kb.add_names(person, names.get(person, []))
            for position in held:
                kb.put_item(position, "position", position_labels.get(position), source)
                kb.add_names(position, names.get(position, []))
            for row in rows:
                if row.position_jurisdiction:
                    kb.add_link(row.position, "P1001", row.position_jurisdiction)
                if row.position_country:
                    kb.add_link(row.position, "P17", row.position_country)
            kb.put_statements(statements, source)
    except sqlite3.Error as exc:
        raise KnowledgeBaseError(f"could not store the synced statements: {exc}; nothing was written") from exc
    return SyncSummary(rows=len(rows), people=len(people), positions=len(held), statements=len(statements))
