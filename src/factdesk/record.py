"""The typed, versioned record factdesk writes for one document.

Field names here are a contract that evaluation tools and exports rely on:
fields may be added, never renamed. Every span is ``{start, end, text}`` in
character offsets (Python ``str`` indices) into the analysed text, end
exclusive, and ``text == doc_text[start:end]`` always (see
:meth:`Record.check_offsets`).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.1.0"


class _Model(BaseModel):
    # Unknown keys are an error: a typo in a consumer or producer should fail loudly.
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A stretch of the analysed text: ``text == doc_text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before start {self.start}")
        if len(self.text) != self.end - self.start:
            raise ValueError("span text length does not match its offsets")
        return self

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span of ``text[start:end]``."""
        return cls(start=start, end=end, text=text[start:end])


class DocumentInfo(_Model):
    id: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) or null")
    language: str | None = Field(default=None, description="ISO 639-1 code as detected")
    language_score: float | None = None
    text_sha256: str
    chars: int = 0
    warnings: list[str] = Field(default_factory=list)


class EntityRef(_Model):
    """A pointer to an entity of the record (``entity`` is its id, or null)."""

    entity: str | None = None
    name: str


class Entity(_Model):
    id: str
    name: str = Field(description="canonical name: the longest proper name in the cluster")
    type: str = Field(description="PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, …")
    mentions: list[Span] = Field(default_factory=list)


class Quote(_Model):
    id: str
    kind: Literal["direct", "indirect", "mixed"]
    content: list[Span] = Field(default_factory=list)
    cue: list[Span] = Field(default_factory=list)
    source: list[Span] | None = None
    speaker: EntityRef | list[EntityRef] | None = None
    resolution: str | None = Field(
        default=None,
        description=(
            "how the speaker was found: mention, coordination, pronoun, description, relative, continued, as_written"
        ),
    )


class ClaimSource(_Model):
    """The party a figure is attributed to: its name, its entity, and the mention in the text."""

    name: str
    entity: str | None = None
    span: Span | None = None


class Place(_Model):
    """A place a figure is stated for, as written, with its entity when it is one."""

    name: str
    entity: str | None = None
    span: Span


ClaimCategory = Literal[
    "killed", "injured", "missing", "hostages", "detained", "displaced", "projectiles", "strikes", "aid", "other_toll"
]


class Claim(_Model):
    """A figure that counts a toll or the scale of violence, with who it is attributed to."""

    id: str
    category: ClaimCategory
    value: float | None = None
    low: float | None = Field(default=None, description="lowest value the hedge allows ('more than 430' -> 431)")
    high: float | None = Field(default=None, description="highest value the hedge allows ('nearly 100' -> 99)")
    qualifier: str | None = Field(default=None, description="the hedge as written")
    subject: str | None = None
    number: Span
    evidence: Span
    source: ClaimSource | None = Field(
        default=None, description="who the figure is attributed to; null when the article states it in its own voice"
    )
    quote: str | None = Field(default=None, description="id of the quote that attributes the figure")
    period: str | None = Field(default=None, description="the time phrase the figure is for, as written")
    period_span: Span | None = None
    period_value: str | None = Field(default=None, description="TIMEX3 value of the period, when normalised")
    location: Place | None = None


class Time(_Model):
    id: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None = None
    mod: str | None = None
    span: Span


class Event(_Model):
    id: str
    type: str
    actor: EntityRef | None = None
    action: Span
    target: EntityRef | None = None
    location: EntityRef | None = None
    time: str | None = None


class RoleFact(_Model):
    """A knowledge-base statement a verdict rests on: who held which position when, and where it came from."""

    statement: str = Field(description="the statement's id (Wikidata's statement GUID)")
    person: str
    person_id: str
    position: str
    position_id: str
    start: str | None = Field(default=None, description="ISO date, cut to the statement's precision")
    end: str | None = None
    acting: bool = False
    origin: str = Field(description="where the KB got it: starter, wikidata:<file>, sparql:<endpoint>")


RoleVerdict = Literal["supported", "contradicted", "unknown"]


class Role(_Model):
    """An office the article states a person holds (or held), checked against the knowledge base."""

    id: str
    person: EntityRef
    role_text: str = Field(description="the role as written, modifiers included ('former US President')")
    span: Span = Field(description="where the role is written")
    person_span: Span | None = Field(default=None, description="the person's name next to the role")
    modifiers: list[str] = Field(default_factory=list, description="former, acting, then, deputy, elect, …")
    form: str | None = Field(default=None, description="premodifier ('US envoy Steve Witkoff') or appositive")
    jurisdiction: str | None = Field(default=None, description="the country or body before the title, as written")
    organisation: str | None = Field(default=None, description="the body the title is of, for or to, as written")
    verdict: RoleVerdict
    reason: str | None = Field(
        default=None,
        description="held_on_date, holds_office, term_ended, not_in_office, no_person, no_position, no_date, …",
    )
    as_of: str | None = Field(default=None, description="the date checked (the publication date)")
    kb_person: str | None = Field(default=None, description="the person's id in the knowledge base")
    positions: list[EntityRef] = Field(
        default_factory=list, description="the KB positions the role's words match (entity = KB id)"
    )
    evidence: list[str] = Field(default_factory=list, description="the verdict's grounds, in words")
    facts: list[RoleFact] = Field(default_factory=list, description="the KB statements cited")


class Record(_Model):
    """Everything factdesk read in one document."""

    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo
    text: str | None = Field(default=None, description="the analysed text the spans index into")
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)

    def spans(self) -> list[Span]:
        """Every span in the record, for offset checks and highlighting."""
        found: list[Span] = []

        def walk(value: Any) -> None:
            if isinstance(value, Span):
                found.append(value)
            elif isinstance(value, BaseModel):
                for name in type(value).model_fields:
                    walk(getattr(value, name))
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        for name in ("entities", "quotes", "claims", "times", "events", "roles"):
            walk(getattr(self, name))
        return found

    def check_offsets(self, text: str | None = None) -> list[Span]:
        """Spans that do not slice ``text`` (the record's own text by default) exactly."""
        source = self.text if text is None else text
        if source is None:
            raise ValueError("the record carries no text; pass the analysed text")
        return [s for s in self.spans() if source[s.start : s.end] != s.text]

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)


class ErrorInfo(_Model):
    code: str = Field(description="stable machine-readable error code")
    message: str
    exit_code: int


class ErrorRecord(_Model):
    """Written in place of a record when a document could not be analysed."""

    schema_version: str = SCHEMA_VERSION
    document: DocumentInfo | None = None
    input: str | None = Field(default=None, description="where the document came from (path:line)")
    error: ErrorInfo

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`Record` (draft 2020-12)."""
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://factdesk.invalid/schema/record-{SCHEMA_VERSION}.json"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
