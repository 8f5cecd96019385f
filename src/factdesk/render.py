"""Render records for people: a terminal report (rich) and a self-contained HTML page.

Article text is attacker-controlled: the terminal report escapes rich markup,
the HTML page escapes every string and forbids scripts by its CSP.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from factdesk.record import ErrorRecord, Record, Span

Result = Record | ErrorRecord


def _clip(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _spans_text(spans: Iterable[Span] | None) -> str:
    return " … ".join(_clip(s.text, 60) for s in spans or [])


# ---------------------------------------------------------------- terminal


def render_text(result: Result, *, width: int = 110, color: bool = False) -> str:
    """A readable report of one record (or error record) for a terminal."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    if isinstance(result, ErrorRecord):
        where = f" ({escape(result.input)})" if result.input else ""
        console.print(f"[bold red]error[/] [red]{escape(result.error.code)}[/]{where}: {escape(result.error.message)}")
        return buffer.getvalue()
    doc = result.document
    title = doc.title or doc.id
    console.rule(f"[bold]{escape(_clip(title, width - 10))}[/]")
    meta = [
        f"id: {escape(doc.id)}",
        f"published: {escape(doc.published or 'unknown')}",
        f"language: {escape(doc.language or '?')}",
        f"chars: {doc.chars:,}",
    ]
    if doc.source:
        meta.append(f"source: {escape(_clip(doc.source, 40))}")
    console.print("  ".join(meta))
    if doc.url:
        console.print(f"url: {escape(doc.url)}")
    for warning in doc.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")

    def section(name: str, table: Table, count: int) -> None:
        console.print()
        if count:
            console.print(table)
        else:
            console.print(f"[bold]{name}[/]: none found")

    entities = Table(title=f"Entities ({len(result.entities)})", title_justify="left", expand=False)
    for column in ("id", "name", "type", "mentions", "as written"):
        entities.add_column(column)
    for e in result.entities:
        forms = sorted({m.text for m in e.mentions}, key=lambda t: (-len(t), t))
        entities.add_row(e.id, escape(e.name), e.type, str(len(e.mentions)), escape(_clip(", ".join(forms), 50)))
    section("Entities", entities, len(result.entities))

    if result.quotes:
        quotes = Table(title=f"Quotes ({len(result.quotes)})", title_justify="left")
        for column in ("kind", "speaker", "cue", "content"):
            quotes.add_column(column)
        for q in result.quotes:
            speakers = q.speaker if isinstance(q.speaker, list) else [q.speaker] if q.speaker else []
            quotes.add_row(
                q.kind,
                escape(", ".join(s.name for s in speakers) or "?"),
                escape(_spans_text(q.cue)),
                escape(_spans_text(q.content)),
            )
        section("Quotes", quotes, len(result.quotes))
    if result.claims:
        claims = Table(title=f"Claims ({len(result.claims)})", title_justify="left")
        for column in ("category", "value", "qualifier", "subject", "source", "evidence"):
            claims.add_column(column)
        for c in result.claims:
            value = "" if c.value is None else f"{c.value:,g}"
            claims.add_row(
                c.category,
                value,
                escape(c.qualifier or ""),
                escape(c.subject or ""),
                escape(c.source.name if c.source else "(article)"),
                escape(_clip(c.evidence.text, 50)),
            )
        section("Claims", claims, len(result.claims))
    if result.times:
        times = Table(title=f"Times ({len(result.times)})", title_justify="left")
        for column in ("type", "value", "mod", "text"):
            times.add_column(column)
        for t in result.times:
            times.add_row(t.type, escape(t.value or "?"), escape(t.mod or ""), escape(t.span.text))
        section("Times", times, len(result.times))
    if result.roles:
        roles = Table(title=f"Roles ({len(result.roles)})", title_justify="left")
        for column in ("person", "role", "verdict", "as of", "evidence"):
            roles.add_column(column)
        for r in result.roles:
            style = _VERDICT_STYLE[r.verdict]
            roles.add_row(
                escape(r.person.name),
                escape(r.role_text),
                f"[{style}]{r.verdict}[/]",
                escape(r.as_of or "?"),
                escape("; ".join(r.evidence)),
            )
        section("Roles", roles, len(result.roles))
    return buffer.getvalue()


_VERDICT_STYLE = {"supported": "green", "contradicted": "bold red", "unknown": "yellow"}

# ---------------------------------------------------------------- HTML

_CSS = """
body{font:16px/1.55 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem} .meta{color:#555;font-size:.9rem} .warn{color:#8a5a00}
.text{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:6px;background:#fcfcfc}
mark{background:#fff3b0;border-bottom:2px solid #d9b400;padding:0 1px}
mark.PERSON{background:#dcecff;border-color:#3b7dd8} mark.ORG{background:#e6f6e6;border-color:#3a9a3a}
mark.GPE,mark.LOC,mark.FAC{background:#fde7e7;border-color:#c94a4a} mark.NORP{background:#f0e6fa;border-color:#8a5cc2}
mark.quote{background:#fff3b0} mark.claim{background:#ffe0c2;border-color:#d97a00} mark.time{background:#e0f7f7}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
.error{color:#a00} mark.role{background:#eee;border-color:#777}
.supported{color:#1a7a1a;font-weight:600} .contradicted{color:#b00;font-weight:700} .unknown{color:#8a5a00}
td ul{margin:0;padding-left:1.1rem}
"""


def _highlights(record: Record) -> list[tuple[int, int, str, str]]:
    """(start, end, css class, title) for every evidence span of the record."""
    marks: list[tuple[int, int, str, str]] = []
    for e in record.entities:
        for m in e.mentions:
            marks.append((m.start, m.end, e.type, f"{e.id} {e.name} ({e.type})"))
    for q in record.quotes:
        for s in q.content:
            marks.append((s.start, s.end, "quote", f"{q.id} {q.kind} quote"))
    for c in record.claims:
        marks.append((c.number.start, c.number.end, "claim", f"{c.id} {c.category} {c.value}"))
    for t in record.times:
        marks.append((t.span.start, t.span.end, "time", f"{t.id} {t.type} {t.value}"))
    for r in record.roles:
        marks.append((r.span.start, r.span.end, "role", f"{r.id} role: {r.verdict}"))
    return marks


def highlight_html(text: str, marks: list[tuple[int, int, str, str]]) -> str:
    """The text, escaped, with nested ``<mark>`` elements over the given spans.

    Spans may overlap; the text is cut at every span boundary and each piece is
    wrapped in one ``<mark>`` per covering span, so nothing is lost or doubled.
    """
    bounds = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    by_start = sorted(marks, key=lambda m: m[0])
    active: list[tuple[int, int, str, str]] = []
    next_mark = 0
    out: list[str] = []
    # A sweep over the boundaries keeps this linear in the marks, not quadratic.
    for left, right in zip(bounds, bounds[1:], strict=False):
        if left >= right:
            continue
        while next_mark < len(by_start) and by_start[next_mark][0] <= left:
            active.append(by_start[next_mark])
            next_mark += 1
        active = [m for m in active if m[1] > left]
        piece = html.escape(text[left:right])
        for _start, _end, css, title in sorted(active, key=lambda m: m[1] - m[0]):
            piece = f'<mark class="{html.escape(css)}" title="{html.escape(title)}">{piece}</mark>'
        out.append(piece)
    return "".join(out)


def _row(cells: Iterable[str]) -> str:
    return "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>"
    return "<table>" + head + "".join(_row(r) for r in rows) + "</table>"


def render_html(results: Iterable[Result]) -> str:
    """A self-contained page (no scripts, no external resources) for one or more records."""
    parts: list[str] = []
    for result in results:
        if isinstance(result, ErrorRecord):
            parts.append(
                f'<section><h1 class="error">error: {html.escape(result.error.code)}</h1>'
                f"<p>{html.escape(result.input or '')}: {html.escape(result.error.message)}</p></section>"
            )
            continue
        doc = result.document
        meta = f"id {doc.id} · published {doc.published or 'unknown'} · language {doc.language or '?'}"
        warnings = "".join(f'<p class="warn">warning: {html.escape(w)}</p>' for w in doc.warnings)
        entity_rows = [[e.id, e.name, e.type, str(len(e.mentions))] for e in result.entities]
        quote_rows = [
            [q.id, q.kind, _spans_text(q.source), _spans_text(q.cue), _spans_text(q.content)] for q in result.quotes
        ]
        claim_rows = [
            [
                c.id,
                c.category,
                "" if c.value is None else f"{c.value:g}",
                c.qualifier or "",
                c.source.name if c.source else "",
                f"{c.period} ({c.period_value})" if c.period and c.period_value else c.period or "",
                c.evidence.text,
            ]
            for c in result.claims
        ]
        time_rows = [[t.id, t.type, t.value or "?", t.mod or "", t.span.text] for t in result.times]
        role_rows = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape(cell)}</td>" for cell in (r.id, r.person.name, r.role_text))
            + f'<td class="{html.escape(r.verdict)}">{html.escape(r.verdict)}</td>'
            + f"<td>{html.escape(r.as_of or '?')}</td>"
            + "<td><ul>"
            + "".join(f"<li>{html.escape(line)}</li>" for line in r.evidence)
            + "</ul></td></tr>"
            for r in result.roles
        )
        roles_html = (
            "<h2>Roles</h2><table><tr><th>id</th><th>person</th><th>role</th><th>verdict</th><th>as of</th>"
            f"<th>evidence</th></tr>{role_rows}</table>"
            if role_rows
            else ""
        )
        body = highlight_html(result.text, _highlights(result)) if result.text is not None else ""
        parts.append(
            "<section>"
            f"<h1>{html.escape(doc.title or doc.id)}</h1>"
            f'<p class="meta">{html.escape(meta)}</p>{warnings}'
            f'<div class="text">{body}</div>'
            "<h2>Entities</h2>"
            + _table(["id", "name", "type", "mentions"], entity_rows)
            + ("<h2>Quotes</h2>" + _table(["id", "kind", "source", "cue", "content"], quote_rows) if quote_rows else "")
            + (
                "<h2>Claims</h2>"
                + _table(["id", "category", "value", "qualifier", "source", "period", "evidence"], claim_rows)
                if claim_rows
                else ""
            )
            + ("<h2>Times</h2>" + _table(["id", "type", "value", "mod", "text"], time_rows) if time_rows else "")
            + roles_html
            + "</section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<title>factdesk report</title>"
        f"<style>{_CSS}</style></head><body>" + "<hr>".join(parts) + "</body></html>\n"
    )
