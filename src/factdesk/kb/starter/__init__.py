"""factdesk's starter knowledge base: a few offices and who held them, in Wikidata's dump format.

``facts.json`` is the hand-kept source; ``entities.json`` is the same facts written as
Wikidata entities (one a line, as in ``latest-all.json``) by ``scripts/build_starter_kb.py``,
and is what factdesk loads. Real data replaces it: see the README ("Role verification").
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from factdesk.kb.imports import ImportSummary, import_file
from factdesk.kb.store import KnowledgeBase

ORIGIN = "starter"


def entities_path() -> Path:
    return Path(str(resources.files(__name__).joinpath("entities.json")))


def facts_path() -> Path:
    return Path(str(resources.files(__name__).joinpath("facts.json")))


def load_starter(kb: KnowledgeBase) -> ImportSummary:
    """Add the starter facts to ``kb`` (idempotent: items are replaced by id)."""
    summary = import_file(kb, entities_path(), keep_all=True, origin=ORIGIN)
    with kb.transaction():
        kb.set_meta("starter", "loaded")
    return summary


@lru_cache(maxsize=1)
def starter_kb() -> KnowledgeBase:
    """The starter KB in memory, built once per process (used when no KB file exists)."""
    kb = KnowledgeBase.memory()
    load_starter(kb)
    return kb


def _snak_item(prop: str, item: str) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"value": {"entity-type": "item", "id": item}, "type": "wikibase-entityid"},
    }


def _snak_time(prop: str, iso: str) -> dict[str, Any]:
    precision = {10: 11, 7: 10, 4: 9}[len(iso)]
    padded = (iso + "-00-00")[:10] if len(iso) < 10 else iso
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {
            "value": {
                "time": f"+{padded}T00:00:00Z",
                "timezone": 0,
                "before": 0,
                "after": 0,
                "precision": precision,
                "calendarmodel": "http://www.wikidata.org/entity/Q1985727",
            },
            "type": "time",
        },
    }


def _claim(statement_id: str, mainsnak: dict[str, Any], qualifiers: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    claim: dict[str, Any] = {"mainsnak": mainsnak, "type": "statement", "id": statement_id, "rank": "normal"}
    if qualifiers:
        claim["qualifiers"] = qualifiers
        claim["qualifiers-order"] = list(qualifiers)
    return claim


def _entity(entry: dict[str, Any], claims: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    entity: dict[str, Any] = {
        "type": "item",
        "id": entry["id"],
        "labels": {"en": {"language": "en", "value": entry["label"]}},
        "aliases": {"en": [{"language": "en", "value": a} for a in entry.get("aliases", [])]},
        "claims": claims,
    }
    if entry.get("description"):
        entity["descriptions"] = {"en": {"language": "en", "value": entry["description"]}}
    return entity


def build_entities(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """The facts as Wikidata entities (what ``Special:EntityData`` and the dumps serve)."""
    entities: list[dict[str, Any]] = []
    for entry in facts.get("places", []):
        claims = {"P31": [_claim(f"{entry['id']}$P31-{c}", _snak_item("P31", c), {}) for c in entry["instance_of"]]}
        entities.append(_entity(entry, claims))
    for entry in facts.get("positions", []):
        claims = {"P31": [_claim(f"{entry['id']}$P31-{c}", _snak_item("P31", c), {}) for c in entry["instance_of"]]}
        if entry.get("jurisdiction"):
            claims["P1001"] = [_claim(f"{entry['id']}$P1001", _snak_item("P1001", entry["jurisdiction"]), {})]
        entities.append(_entity(entry, claims))
    for entry in facts.get("people", []):
        held = []
        for n, term in enumerate(entry.get("terms", []), 1):
            qualifiers: dict[str, list[dict[str, Any]]] = {}
            if term.get("start"):
                qualifiers["P580"] = [_snak_time("P580", term["start"])]
            if term.get("end"):
                qualifiers["P582"] = [_snak_time("P582", term["end"])]
            if term.get("acting"):
                qualifiers["P5102"] = [_snak_item("P5102", "Q4676846")]
            held.append(_claim(f"{entry['id']}$starter-P39-{n}", _snak_item("P39", term["position"]), qualifiers))
        claims = {"P31": [_claim(f"{entry['id']}$P31-Q5", _snak_item("P31", "Q5"), {})], "P39": held}
        entities.append(_entity(entry, claims))
    return entities


def dump_text(entities: list[dict[str, Any]]) -> str:
    """Entities in the layout of Wikidata's JSON dumps: a JSON array, one entity a line."""
    lines = [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entities]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def expected_dump() -> str:
    """What ``entities.json`` must hold for the current ``facts.json``."""
    return dump_text(build_entities(json.loads(facts_path().read_text(encoding="utf-8"))))
