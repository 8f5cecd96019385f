"""The record, its JSON Schema, and the span contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from factdesk.record import SCHEMA_VERSION, ErrorRecord, Record, Span, json_schema, json_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "src" / "factdesk" / "schema" / "record.schema.json"


def test_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        "record changed: regenerate with `factdesk schema --out src/factdesk/schema/record.schema.json`"
    )


def test_contract_field_names() -> None:
    schema = json_schema()
    defs = schema["$defs"]
    assert {"schema_version", "document", "entities", "quotes", "claims", "times", "events", "roles"} <= set(
        schema["properties"]
    )
    expected = {
        "DocumentInfo": {"id", "title", "source", "url", "published", "language", "text_sha256", "warnings"},
        "Span": {"start", "end", "text"},
        "Entity": {"id", "name", "type", "mentions"},
        "Quote": {"id", "kind", "content", "cue", "source", "speaker"},
        "Claim": {
            "id",
            "category",
            "value",
            "low",
            "high",
            "qualifier",
            "subject",
            "number",
            "evidence",
            "source",
            "period",
        },
        "Time": {"id", "type", "value", "mod", "span"},
        "Event": {"id", "type", "actor", "action", "target", "location", "time"},
        "Role": {"id", "person", "role_text", "span", "verdict", "evidence"},
    }
    for name, fields in expected.items():
        assert fields <= set(defs[name]["properties"]), name


def test_seed_record_round_trips_and_validates(seed_record: Record) -> None:
    data: dict[str, Any] = json.loads(seed_record.to_json())
    jsonschema.validate(data, json_schema())
    again = Record.model_validate(data)
    assert again == seed_record
    assert data["schema_version"] == SCHEMA_VERSION


def test_error_record_round_trip() -> None:
    data = {"error": {"code": "empty", "message": "input is empty", "exit_code": 4}, "input": "x.txt"}
    record = ErrorRecord.model_validate(data)
    assert ErrorRecord.model_validate_json(record.to_json()) == record


def test_span_rejects_inconsistent_offsets() -> None:
    with pytest.raises(ValidationError):
        Span(start=5, end=3, text="")
    with pytest.raises(ValidationError):
        Span(start=0, end=3, text="ab")
    assert Span.of("hello world", 6, 11).text == "world"


def test_check_offsets_finds_a_bad_span(seed_record: Record) -> None:
    assert seed_record.check_offsets() == []
    broken = seed_record.model_copy(deep=True)
    entity = broken.entities[0]
    first = entity.mentions[0]
    entity.mentions[0] = Span(start=first.start + 1, end=first.end + 1, text=first.text)
    assert broken.check_offsets() == [entity.mentions[0]]


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Record.model_validate({"document": {"id": "x", "text_sha256": "0"}, "surprise": 1})
