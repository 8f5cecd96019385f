"""What the knowledge base knows about a name: the people and positions it matches."""

from __future__ import annotations

from typing import Any

from factdesk.kb.store import Held, KnowledgeBase


def _term(kb: KnowledgeBase, held: Held, who: str) -> dict[str, Any]:
    return {
        "statement": held.id,
        "person": kb.label(held.item) if who == "person" else None,
        "person_id": held.item,
        "position": kb.label(held.value),
        "position_id": held.value,
        "start": held.start.iso if held.start else None,
        "end": held.end.iso if held.end else None,
        "acting": held.acting,
        "origin": held.origin,
    }


def describe(kb: KnowledgeBase, name: str) -> list[dict[str, Any]]:
    """Every item called ``name`` (label or alias, case and accents folded), with its terms:
    positions held for a person, holders for a position."""
    found: list[dict[str, Any]] = []
    for item in kb.find(name):
        entry: dict[str, Any] = {
            "id": item.id,
            "kind": item.kind,
            "label": item.label,
            "description": item.description,
            "names": kb.names(item.id),
            "origin": item.origin,
        }
        if item.kind == "human":
            entry["positions"] = [_term(kb, h, "position") for h in kb.statements(item.id, "P39")]
            entry["employers"] = [_term(kb, h, "position") for h in kb.statements(item.id, "P108")]
        elif item.kind == "position":
            entry["applies_to"] = [kb.label(p) for p in kb.links(item.id, "P1001") + kb.links(item.id, "P17")]
            entry["holders"] = [_term(kb, h, "person") for h in kb.holders(item.id)]
        found.append(entry)
    return found
