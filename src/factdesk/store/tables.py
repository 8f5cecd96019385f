"""A record as flat table rows: what the store keeps per table and what ``export`` writes.

One place defines every table's columns (name, SQL type, meaning), so the SQLite schema,
the exports and their documentation cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from factdesk.record import EntityRef, Record


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # SQL type: TEXT, INTEGER, REAL
    doc: str


def _c(name: str, sql: str, doc: str) -> Column:
    return Column(name, sql, doc)


# Every table but ``documents`` starts with the document's id and date, so a row stands alone in an export.
_DOC = [_c("doc_id", "TEXT", "document id"), _c("published", "TEXT", "publication date (YYYY-MM-DD)")]

TABLES: dict[str, list[Column]] = {
    "documents": [
        _c("doc_id", "TEXT", "document id (the corpus id or file name, else sha256:<first 16 hex>)"),
        _c("sha256", "TEXT", "SHA-256 of the analysed text: the identity that makes ingest idempotent"),
        _c("title", "TEXT", "title"),
        _c("source", "TEXT", "publisher or feed"),
        _c("url", "TEXT", "URL"),
        _c("published", "TEXT", "publication date (YYYY-MM-DD)"),
        _c("language", "TEXT", "detected language"),
        _c("chars", "INTEGER", "length of the analysed text"),
        _c("warnings", "TEXT", "warnings, JSON list"),
        _c("entities", "INTEGER", "number of entities"),
        _c("quotes", "INTEGER", "number of quotes"),
        _c("claims", "INTEGER", "number of claims"),
        _c("roles", "INTEGER", "number of role statements"),
    ],
    "entities": [
        *_DOC,
        _c("entity_id", "TEXT", "entity id within the document (E1, E2, …)"),
        _c("name", "TEXT", "canonical name"),
        _c("type", "TEXT", "PERSON, ORG, GPE, NORP, …"),
        _c("mentions", "INTEGER", "number of mentions"),
    ],
    "mentions": [
        *_DOC,
        _c("entity_id", "TEXT", "entity id within the document"),
        _c("start", "INTEGER", "start offset"),
        _c("end", "INTEGER", "end offset"),
        _c("text", "TEXT", "the mention as written"),
    ],
    "quotes": [
        *_DOC,
        _c("quote_id", "TEXT", "quote id within the document (Q1, …)"),
        _c("kind", "TEXT", "direct, indirect or mixed"),
        _c("speaker", "TEXT", "speaker name(s), '; '-separated for joint speakers"),
        _c("speaker_entity", "TEXT", "entity id(s) of the speaker, '; '-separated"),
        _c("cue", "TEXT", "the cue as written ('said', 'according to')"),
        _c("content", "TEXT", "what was said (pieces joined with ' … ')"),
        _c("source_text", "TEXT", "the source as written"),
        _c("start", "INTEGER", "start offset of the content"),
        _c("end", "INTEGER", "end offset of the content"),
    ],
    "claims": [
        *_DOC,
        _c("claim_id", "TEXT", "claim id within the document (C1, …)"),
        _c("category", "TEXT", "killed, injured, missing, hostages, detained, displaced, projectiles, strikes, aid, …"),
        _c("value", "REAL", "the figure"),
        _c("low", "REAL", "lowest value the hedge allows"),
        _c("high", "REAL", "highest value the hedge allows"),
        _c("qualifier", "TEXT", "the hedge as written ('more than')"),
        _c("subject", "TEXT", "what is counted ('Palestinians')"),
        _c("source", "TEXT", "who the figure is attributed to (the actor/source); empty in the article's own voice"),
        _c("source_entity", "TEXT", "entity id of the source"),
        _c("period", "TEXT", "the period as written"),
        _c("period_value", "TEXT", "TIMEX3 value of the period"),
        _c("location", "TEXT", "place the figure is for"),
        _c("url", "TEXT", "the document's URL"),
        _c("evidence", "TEXT", "the sentence-level evidence text"),
        _c("start", "INTEGER", "start offset of the number"),
        _c("end", "INTEGER", "end offset of the number"),
    ],
    "times": [
        *_DOC,
        _c("time_id", "TEXT", "time id within the document (T1, …)"),
        _c("type", "TEXT", "DATE, TIME, DURATION or SET"),
        _c("value", "TEXT", "TIMEX3 value"),
        _c("mod", "TEXT", "TIMEX3 mod"),
        _c("text", "TEXT", "as written"),
        _c("start", "INTEGER", "start offset"),
        _c("end", "INTEGER", "end offset"),
    ],
    "events": [
        *_DOC,
        _c("event_id", "TEXT", "event id within the document"),
        _c("type", "TEXT", "event type"),
        _c("actor", "TEXT", "actor name"),
        _c("action", "TEXT", "the action as written"),
        _c("target", "TEXT", "target name"),
        _c("location", "TEXT", "place name"),
        _c("time", "TEXT", "time id"),
        _c("start", "INTEGER", "start offset of the action"),
        _c("end", "INTEGER", "end offset of the action"),
    ],
    "roles": [
        *_DOC,
        _c("role_id", "TEXT", "role id within the document (R1, …)"),
        _c("person", "TEXT", "the person's name"),
        _c("person_entity", "TEXT", "entity id of the person"),
        _c("role_text", "TEXT", "the role as written"),
        _c("modifiers", "TEXT", "former, acting, … (comma-separated)"),
        _c("jurisdiction", "TEXT", "country or body before the title"),
        _c("organisation", "TEXT", "body the title is of/for/to"),
        _c("verdict", "TEXT", "supported, contradicted or unknown, as of the publication date"),
        _c("reason", "TEXT", "why (held_on_date, not_in_office, …)"),
        _c("kb_person", "TEXT", "the person's knowledge-base id"),
        _c("positions", "TEXT", "matched KB positions (comma-separated labels)"),
        _c("evidence", "TEXT", "the verdict's grounds ('; '-separated)"),
        _c("start", "INTEGER", "start offset of the role"),
        _c("end", "INTEGER", "end offset of the role"),
    ],
    "errors": [
        _c("input", "TEXT", "where the document came from (path:line)"),
        _c("doc_id", "TEXT", "document id, when known"),
        _c("sha256", "TEXT", "SHA-256 of the text, when there was one"),
        _c("code", "TEXT", "error code (empty, binary, not_english, extraction, …)"),
        _c("message", "TEXT", "what went wrong and what to do"),
    ],
}


def _names(ref: EntityRef | list[EntityRef] | None) -> tuple[str | None, str | None]:
    refs = ref if isinstance(ref, list) else [ref] if ref else []
    if not refs:
        return None, None
    entities = [r.entity for r in refs if r.entity]
    return "; ".join(r.name for r in refs), "; ".join(entities) if entities else None


def rows(record: Record) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for everything in a record except its ``documents`` row."""
    doc = {"doc_id": record.document.id, "published": record.document.published}
    for e in record.entities:
        yield "entities", {**doc, "entity_id": e.id, "name": e.name, "type": e.type, "mentions": len(e.mentions)}
        for m in e.mentions:
            yield "mentions", {**doc, "entity_id": e.id, "start": m.start, "end": m.end, "text": m.text}
    for q in record.quotes:
        speaker, speaker_entity = _names(q.speaker)
        yield (
            "quotes",
            {
                **doc,
                "quote_id": q.id,
                "kind": q.kind,
                "speaker": speaker,
                "speaker_entity": speaker_entity,
                "cue": " … ".join(s.text for s in q.cue) or None,
                "content": " … ".join(s.text for s in q.content),
                "source_text": " … ".join(s.text for s in q.source or []) or None,
                "start": q.content[0].start if q.content else None,
                "end": q.content[-1].end if q.content else None,
            },
        )
    for c in record.claims:
        yield (
            "claims",
            {
                **doc,
                "claim_id": c.id,
                "category": c.category,
                "value": c.value,
                "low": c.low,
                "high": c.high,
                "qualifier": c.qualifier,
                "subject": c.subject,
                "source": c.source.name if c.source else None,
                "source_entity": c.source.entity if c.source else None,
                "period": c.period,
                "period_value": c.period_value,
                "location": c.location.name if c.location else None,
                "url": record.document.url,
                "evidence": c.evidence.text,
                "start": c.number.start,
                "end": c.number.end,
            },
        )
    for t in record.times:
        yield (
            "times",
            {
                **doc,
                "time_id": t.id,
                "type": t.type,
                "value": t.value,
                "mod": t.mod,
                "text": t.span.text,
                "start": t.span.start,
                "end": t.span.end,
            },
        )
    for ev in record.events:
        yield (
            "events",
            {
                **doc,
                "event_id": ev.id,
                "type": ev.type,
                "actor": ev.actor.name if ev.actor else None,
                "action": ev.action.text,
                "target": ev.target.name if ev.target else None,
                "location": ev.location.name if ev.location else None,
                "time": ev.time,
                "start": ev.action.start,
                "end": ev.action.end,
            },
        )
    for r in record.roles:
        yield (
            "roles",
            {
                **doc,
                "role_id": r.id,
                "person": r.person.name,
                "person_entity": r.person.entity,
                "role_text": r.role_text,
                "modifiers": ", ".join(r.modifiers) or None,
                "jurisdiction": r.jurisdiction,
                "organisation": r.organisation,
                "verdict": r.verdict,
                "reason": r.reason,
                "kb_person": r.kb_person,
                "positions": ", ".join(p.name for p in r.positions) or None,
                "evidence": "; ".join(r.evidence) or None,
                "start": r.span.start,
                "end": r.span.end,
            },
        )


def document_row(record: Record) -> dict[str, Any]:
    """The ``documents`` row of a record."""
    info = record.document
    return {
        "doc_id": info.id,
        "sha256": info.text_sha256,
        "title": info.title,
        "source": info.source,
        "url": info.url,
        "published": info.published,
        "language": info.language,
        "chars": info.chars,
        "warnings": json.dumps(info.warnings, ensure_ascii=False),
        "entities": len(record.entities),
        "quotes": len(record.quotes),
        "claims": len(record.claims),
        "roles": len(record.roles),
    }


def tables_markdown() -> str:
    """The tables and their columns as Markdown (``docs/tables.md`` is this, checked by a test)."""
    lines = [
        "# Store and export tables",
        "",
        "What `factdesk export` writes (one file per table) and the store keeps. Every table but",
        "`documents` and `errors` starts with the document's id and publication date, so each row",
        "stands alone. Offsets are character offsets into the analysed text (end exclusive).",
        "Generated from `factdesk.store.tables.TABLES` by `scripts/build_table_docs.py`.",
    ]
    for name, columns in TABLES.items():
        lines += ["", f"## {name}", "", "| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.type} | {c.doc} |" for c in columns]
    return "\n".join(lines) + "\n"
