"""Role mentions and their verdicts against the knowledge base as of the publication date."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from factdesk import analyze
from factdesk.extract.roles import RoleData
from factdesk.kb.imports import import_entities
from factdesk.kb.starter import build_entities, entities_path, expected_dump
from factdesk.kb.store import KnowledgeBase
from factdesk.kb.verify import RoleChecker, compare
from factdesk.kb.wikidata import WikiDate
from factdesk.pipeline import get_pipeline
from tests.conftest import SEED_TEXT as SEED


def roles_of(text: str) -> list[tuple[str, str, list[str]]]:
    doc = get_pipeline()(text)
    found: list[RoleData] = doc._.fd_roles
    return [(text[r["start"] : r["end"]], text[r["person_start"] : r["person_end"]], r["modifiers"]) for r in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Israeli Prime Minister Benjamin Netanyahu flew to Washington.",
            ("Israeli Prime Minister", "Benjamin Netanyahu", []),
        ),
        ("Talks with Secretary of State Antony Blinken ended.", ("Secretary of State", "Antony Blinken", [])),
        (
            "Antony Blinken, the US secretary of state, said on Monday.",
            ("the US secretary of state", "Antony Blinken", []),
        ),
        (
            "He met Chancellor of the Exchequer Nigel Lawson in London.",
            ("Chancellor of the Exchequer", "Nigel Lawson", []),
        ),
        (
            "The remarks by then-Defense Secretary Jim Mattis were cited.",
            ("then-Defense Secretary", "Jim Mattis", ["then"]),
        ),
        ("It was signed by former US President Donald Trump.", ("former US President", "Donald Trump", ["former"])),
        (
            "Acting US Ambassador to the UN Dorothy Shea blamed Hamas.",
            ("Acting US Ambassador to the UN", "Dorothy Shea", ["acting"]),
        ),
        ("Israel's defence minister, Yoav Gallant, visited.", ("Israel's defence minister", "Yoav Gallant", [])),
        (
            "Deputy Foreign Minister Mikhail Bogdanov spoke.",
            ("Deputy Foreign Minister", "Mikhail Bogdanov", ["deputy"]),
        ),
    ],
)
def test_role_shapes(text: str, expected: tuple[str, str, list[str]]) -> None:
    assert expected in roles_of(text)


def test_no_role_without_a_person() -> None:
    assert roles_of("The president said the minister would resign. The prime minister disagreed.") == []


def test_seed_roles_found() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = {(role, person) for role, person, _ in roles_of(text)}
    assert found >= {
        ("Israel’s Defence Minister", "Yoav Gallant"),
        ("US envoy", "Steve Witkoff"),
        ("former US President", "Donald Trump"),
        ("Acting US Ambassador to the UN", "Dorothy Shea"),
        ("a spokesperson for the UN agency for Palestinian refugees (UNRWA)", "Sam Rose"),
    }


# -- verdicts on the seed (the targets) ------------------------------------------


@pytest.fixture(scope="module")
def seed_roles() -> dict[str, Any]:
    record = analyze(SEED.read_text(encoding="utf-8"), published="2025-03-21")
    return {r.person.name: r for r in record.roles}


def test_seed_gallant_contradicted_with_evidence(seed_roles: dict[str, Any]) -> None:
    role = seed_roles["Yoav Gallant"]
    assert role.verdict == "contradicted"
    evidence = " ".join(role.evidence)
    assert "2024-11-07" in evidence and "Israel Katz" in evidence
    assert role.facts and role.facts[0].end == "2024-11-07" and role.facts[0].position_id == "Q13222899"


def test_seed_trump_former_contradicted(seed_roles: dict[str, Any]) -> None:
    role = seed_roles["Donald Trump"]
    assert role.verdict == "contradicted" and role.reason == "holds_office"
    assert any(f.start == "2025-01-20" for f in role.facts)


def test_seed_role_places(seed_roles: dict[str, Any]) -> None:
    shea = seed_roles["Dorothy Shea"]
    assert (shea.jurisdiction, shea.organisation, shea.modifiers) == ("US", "UN", ["acting"])
    assert seed_roles["Yoav Gallant"].jurisdiction == "Israel"
    assert seed_roles["Sam Rose"].organisation == "UN agency for Palestinian refugees (UNRWA)"


def test_seed_supported_and_not_contradicted(seed_roles: dict[str, Any]) -> None:
    assert seed_roles["Steve Witkoff"].verdict == "supported"
    assert seed_roles["Dorothy Shea"].verdict == "supported"
    assert seed_roles["Sam Rose"].verdict in ("supported", "unknown")


def test_no_publication_date_gives_unknown() -> None:
    record = analyze(SEED.read_text(encoding="utf-8"))
    assert record.roles and {r.verdict for r in record.roles} == {"unknown"}


# -- the verdict rules, on a small hand-made KB ------------------------------------------

FACTS: dict[str, Any] = {
    "places": [{"id": "Q1000", "label": "Ruritania", "instance_of": ["Q6256"]}],
    "positions": [
        {"id": "Q2000", "label": "President of Ruritania", "instance_of": ["Q48352"], "jurisdiction": "Q1000"},
        {
            "id": "Q2001",
            "label": "Minister of Finance of Ruritania",
            "instance_of": ["Q83307"],
            "jurisdiction": "Q1000",
        },
        {
            "id": "Q2002",
            "label": "Deputy Minister of Finance of Ruritania",
            "instance_of": ["Q83307"],
            "jurisdiction": "Q1000",
        },
    ],
    "people": [
        {
            "id": "Q3000",
            "label": "Anna Berg",
            "terms": [{"position": "Q2000", "start": "2010-05-01", "end": "2020-05-01"}],
        },
        {"id": "Q3001", "label": "Carl Dahl", "terms": [{"position": "Q2000", "start": "2020-05-01"}]},
        {"id": "Q3002", "label": "Eva Falk", "terms": [{"position": "Q2002", "start": "2019-01-01"}]},
        {"id": "Q3003", "label": "Gus Holm", "terms": [{"position": "Q2001", "start": "2021"}]},
        {"id": "Q3004", "label": "Ida Jansen", "terms": [{"position": "Q2001", "start": "2030-01-01"}]},
        {
            "id": "Q3005",
            "label": "Kai Lund",
            "terms": [{"position": "Q2001", "start": "2015-01-01", "end": "2018-01-01"}],
        },
        {
            "id": "Q3006",
            "label": "Kai Lund",
            "terms": [{"position": "Q2000", "start": "1990-01-01", "end": "1995-01-01"}],
        },
        {"id": "factdesk:mo-nash", "label": "Mo Nash", "terms": [{"position": "Q2001", "start": "2000-01-01"}]},
        {
            "id": "Q3007",
            "label": "Mo Nash",
            "terms": [{"position": "Q2001", "start": "2000-01-01", "end": "2001-01-01"}],
        },
    ],
}


@pytest.fixture(scope="module")
def checker() -> RoleChecker:
    kb = KnowledgeBase.memory()
    import_entities(kb, build_entities(FACTS), "test", keep_all=True)
    return RoleChecker(kb)


DAY = dt.date(2022, 6, 1)


@pytest.mark.parametrize(
    ("name", "role", "modifiers", "verdict", "reason"),
    [
        ("Carl Dahl", "Ruritanian President", [], "supported", "held_on_date"),
        ("Anna Berg", "Ruritanian President", [], "contradicted", "not_in_office"),
        ("Anna Berg", "former Ruritanian President", ["former"], "supported", "term_ended"),
        ("Carl Dahl", "former President of Ruritania", ["former"], "contradicted", "holds_office"),
        ("Anna Berg", "then-President", ["then"], "supported", "held_before"),
        # "deputy X" is another office than X: Eva Falk is no finance minister, and no contradiction either.
        ("Eva Falk", "Ruritania's finance minister", [], "unknown", "no_term"),
        ("Eva Falk", "Ruritanian deputy finance minister", ["deputy"], "supported", "held_on_date"),
        # A year-precision start in another year still places the date.
        ("Gus Holm", "finance minister", [], "supported", "held_on_date"),
        ("Ida Jansen", "incoming finance minister", ["incoming"], "supported", "term_to_begin"),
        ("Ida Jansen", "finance minister", [], "contradicted", "not_in_office"),
        ("Nobody Known", "Ruritanian President", [], "unknown", "no_person"),
        ("Carl Dahl", "Ruritanian chief astronomer", [], "unknown", "no_position"),
        # Two Kai Lunds: only one ever held the finance post, so the person is clear.
        ("Kai Lund", "finance minister", [], "contradicted", "not_in_office"),
        # Vague titles never contradict.
        ("Kai Lund", "Ruritanian minister", [], "unknown", "vague_title"),
        # A Wikidata item shadows the same-named starter stand-in.
        ("Mo Nash", "finance minister", [], "contradicted", "not_in_office"),
    ],
)
def test_verdict_rules(
    checker: RoleChecker, name: str, role: str, modifiers: list[str], verdict: str, reason: str
) -> None:
    check = checker.check([name], role, modifiers, DAY)
    assert (check.verdict, check.reason) == (verdict, reason), check.evidence
    if verdict == "contradicted":
        assert check.evidence and check.facts


def test_courtesy_titles_and_quotes_do_not_contradict(checker: RoleChecker) -> None:
    # "President Anna Berg" years after her term: an honorific, not a claim of office.
    check = checker.check(["Anna Berg"], "President", [], DAY, form="premodifier")
    assert (check.verdict, check.reason) == ("unknown", "courtesy_title")
    check = checker.check(["Anna Berg"], "Ruritanian President", [], DAY, form="premodifier", quoted=True)
    assert (check.verdict, check.reason) == ("unknown", "quoted")
    # "former President" while in office is still an error, however short the title.
    check = checker.check(["Carl Dahl"], "former President", ["former"], DAY, form="premodifier")
    assert check.verdict == "contradicted"
    # The same title in the article's own voice, with its country, is checked.
    assert checker.check(["Anna Berg"], "Ruritanian President", [], DAY, form="premodifier").verdict == "contradicted"


def test_roles_in_quotes_and_previous_terms_in_articles() -> None:
    text = (
        "Trump is looking to Vance, unlike his previous vice president, Mike Pence. "
        '"You owe President Trump answers," Senator Marsha Blackburn said on Wednesday.'
    )
    record = analyze(text, published="2024-07-17")
    verdicts = {r.person.name: (r.verdict, r.reason) for r in record.roles}
    assert verdicts.get("Mike Pence") == ("supported", "term_ended")
    assert "contradicted" not in {v for v, _ in verdicts.values()}


def test_titles_of_another_time_do_not_contradict() -> None:
    text = (
        "In 2022, Talabani went to Washington. He met the US secretary of state, Antony Blinken, there.\n\n"
        "Israel's Defence Minister, Yoav Gallant, spoke on Friday."
    )
    record = analyze(text, published="2025-03-21")
    verdicts = {r.person.name: (r.verdict, r.reason) for r in record.roles}
    assert verdicts["Antony Blinken"] == ("unknown", "historical_context")
    # The same title with no past date around it is checked against the publication date.
    later = analyze("The US secretary of state, Antony Blinken, spoke on Friday.", published="2025-03-21")
    assert later.roles[0].verdict == "contradicted"
    assert verdicts["Yoav Gallant"][0] == "contradicted"


def test_year_precision_in_the_same_year_is_unknown(checker: RoleChecker) -> None:
    check = checker.check(["Gus Holm"], "finance minister", [], dt.date(2021, 3, 1))
    assert check.verdict == "unknown" and check.reason == "dates_unclear"


def test_contradiction_names_who_held_the_office(checker: RoleChecker) -> None:
    check = checker.check(["Anna Berg"], "President of Ruritania", [], DAY)
    assert any("Carl Dahl" in line for line in check.evidence)


def test_compare_respects_precision() -> None:
    day = dt.date(2024, 11, 7)
    assert compare(WikiDate("2024-11-07", 11), day) == 0
    assert compare(WikiDate("2024-11", 10), day) is None
    assert compare(WikiDate("2024-10", 10), day) == -1
    assert compare(WikiDate("2025", 9), day) == 1


def test_surname_mention_resolves_through_the_cluster() -> None:
    text = (
        "Yoav Gallant spoke on Monday about the war. Later that week, Defence Minister Gallant "
        "ordered the army to advance, officials said."
    )
    record = analyze(text, published="2025-03-21")
    role = next(r for r in record.roles if r.person_span and r.person_span.text == "Gallant")
    assert role.person.name == "Yoav Gallant"
    assert role.verdict == "contradicted"


def test_starter_dump_is_built_from_the_facts() -> None:
    assert entities_path().read_text(encoding="utf-8") == expected_dump(), "run scripts/build_starter_kb.py"
    lines = entities_path().read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert all(json.loads(line.rstrip(","))["id"] for line in lines[1:-1])
