"""factdesk's public Python API: :func:`analyze` one text, :func:`analyze_many` a stream.

Every shell (CLI, batch, store, web) is a thin layer over these two functions.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import re
import weakref
from collections.abc import Generator, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from factdesk.errors import ExtractionError, FactdeskError, MalformedRecordError, NotEnglishError
from factdesk.extract.claims import ClaimData
from factdesk.extract.entities import EntityData, as_plain, entity_at
from factdesk.extract.quotes import QuoteData
from factdesk.extract.roles import RoleData, as_roles
from factdesk.extract.times import TimeData, resolve
from factdesk.inputs import InputDocument, check_text, parse_published, sha256_text
from factdesk.kb.checker import role_checker
from factdesk.kb.verify import RoleChecker
from factdesk.language import detect_language, is_english
from factdesk.options import Options
from factdesk.pipeline import get_pipeline
from factdesk.record import (
    Claim,
    ClaimSource,
    DocumentInfo,
    Entity,
    EntityRef,
    ErrorInfo,
    ErrorRecord,
    Place,
    Quote,
    Record,
    Role,
    RoleFact,
    Span,
    Time,
)

Result = Record | ErrorRecord
DocumentLike = InputDocument | FactdeskError | dict[str, Any] | str


def _document_info(doc: InputDocument) -> DocumentInfo:
    digest = sha256_text(doc.text)
    return DocumentInfo(
        id=doc.id or f"sha256:{digest[:16]}",
        title=doc.title,
        source=doc.source,
        url=doc.url,
        published=doc.published.isoformat() if doc.published else None,
        text_sha256=digest,
        chars=len(doc.text),
        warnings=list(doc.warnings),
    )


def error_record(error: FactdeskError, doc: InputDocument | None = None) -> ErrorRecord:
    """The record written in place of a document that could not be analysed."""
    return ErrorRecord(
        document=_document_info(doc) if doc is not None and doc.text else None,
        input=error.source or (doc.origin if doc else None),
        error=ErrorInfo(code=error.code, message=error.message, exit_code=error.exit_code),
    )


def _coerce(item: DocumentLike) -> InputDocument | FactdeskError:
    if isinstance(item, (InputDocument, FactdeskError)):
        return item
    if isinstance(item, str):
        return InputDocument(text=item)
    if isinstance(item, dict):
        text = item.get("text")
        if not isinstance(text, str):
            return MalformedRecordError("document has no string field 'text'", source=str(item.get("id") or ""))
        doc = InputDocument(
            text=text,
            id=None if item.get("id") is None else str(item["id"]),
            title=item.get("title"),
            source=item.get("source"),
            url=item.get("url"),
        )
        raw_date = item.get("published", item.get("date"))
        try:
            doc.published = parse_published(raw_date, source=doc.id)
        except FactdeskError:
            doc.warnings.append(f"unreadable date {str(raw_date)[:80]!r}; published left empty")
        return doc
    return MalformedRecordError(f"cannot analyse a {type(item).__name__}; pass text, a dict or an InputDocument")


def _prepare(doc: InputDocument, options: Options) -> tuple[DocumentInfo, FactdeskError | None]:
    """Document metadata, and the reason not to analyse it (or None)."""
    try:
        check_text(doc.text, source=doc.origin or doc.id, options=options)
    except FactdeskError as exc:
        return _document_info(doc) if doc.text else DocumentInfo(id=doc.id or "", text_sha256=""), exc
    info = _document_info(doc)
    if options.check_language:
        guess = detect_language(doc.text, min_letters=options.min_language_letters)
        info.language = guess.language
        info.language_score = guess.score
        if not guess.reliable:
            info.language = "en"
            info.warnings.append("too little text to identify its language; analysed as English")
        elif not is_english(guess):
            info.warnings.append(f"language detected as {guess.language!r}, not English; not analysed")
            return info, NotEnglishError(
                f"text is in {guess.language!r} (score {guess.score}), not English; factdesk analyses English only",
                source=doc.origin or doc.id,
            )
    else:
        info.language = "en"
    return info, None


def _spans_of(text: str, pairs: Iterable[list[int]]) -> list[Span]:
    return [Span.of(text, start, end) for start, end in pairs]


# Spaces other than the plain one ("chief\u00a0Josep Borrell", common in web copy) become tokens of
# their own in spaCy and split names and phrases for the tagger, the parser and the recogniser.
# Each is one character, so the plain space keeps every offset.
_ODD_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u200a\u202f\u205f\u3000"})


# Wire copy wrapped at a fixed width (Reuters, plain-text mail) breaks lines mid-sentence; spaCy
# reads each break as a token of its own, which splits sentences, quotations and names. In such a
# text a line break inside a paragraph (not before an indent or a blank line) is read as a space.
_MID_SENTENCE_BREAK = re.compile(r"[^\s.!?:;\"”]\n(?=[a-z(])")
_LINE_WRAP = re.compile(r"(?<=\S)\n(?=\S)")


def for_parsing(text: str) -> str:
    """The text the pipeline reads: odd spaces made plain, and in hard-wrapped text the line
    breaks inside paragraphs made spaces; same length, same offsets."""
    plain = text.translate(_ODD_SPACES)
    if _hard_wrapped(plain):
        plain = _LINE_WRAP.sub(" ", plain)
    return plain


def _hard_wrapped(text: str) -> bool:
    """Whether a text's lines are wrapped at a width: at least three of its line breaks, and a
    fifth of them, fall between two words of a sentence."""
    breaks = text.count("\n")
    if breaks < 3:
        return False
    inside = len(_MID_SENTENCE_BREAK.findall(text))
    return inside >= 3 and inside * 5 >= breaks


def doc_to_record(
    doc: Doc, info: DocumentInfo, options: Options, checker: RoleChecker | None = None, text: str | None = None
) -> Record:
    """Turn a processed spaCy ``Doc`` into the typed record (roles checked with ``checker``,
    by default the one ``options`` name); spans read ``text``, the original the doc was parsed
    from (:func:`for_parsing`), by default the doc's own."""
    text = doc.text if text is None else text
    plain_entities = as_plain(doc._.fd_entities)
    entities = [
        Entity(id=e["id"], name=e["name"], type=e["type"], mentions=_spans_of(text, e["mentions"]))
        for e in plain_entities
    ]
    quotes = [_quote(text, number, q) for number, q in enumerate(doc._.fd_quotes or [], start=1)]
    times = _times(text, doc._.fd_times or [], info.published or doc._.fd_published)
    claims = [_claim(text, number, c, plain_entities, times) for number, c in enumerate(doc._.fd_claims or [], start=1)]
    if checker is None and options.check_roles:
        checker = role_checker(options.kb_path)
    published = info.published or doc._.fd_published
    as_of = dt.date.fromisoformat(str(published)) if published else None
    quoted = [s for q in quotes if q.kind != "indirect" for s in q.content]
    past = _past_passages(text, times, as_of)
    roles = [
        _role(text, number, r, plain_entities, checker, as_of, quoted, past)
        for number, r in enumerate(as_roles(doc._.fd_roles), start=1)
    ]
    return Record(
        document=info,
        text=text if options.include_text else None,
        entities=entities,
        quotes=quotes,
        claims=claims,
        times=times,
        roles=roles,
    )


# A passage dated this many years or more before publication is about the past.
HISTORICAL_YEARS = 2


def _past_passages(text: str, times: list[Time], as_of: dt.date | None) -> list[tuple[int, int]]:
    """Paragraphs that name a date at least HISTORICAL_YEARS before publication ("in 1974"):
    titles there are those of that time. Paragraphs rather than sentences, because a narrative
    dates its first sentence and not the next ("In 1970 ... He met ... Henry Kissinger")."""
    if as_of is None:
        return []
    passages: list[tuple[int, int]] = []
    for t in times:
        if t.type != "DATE" or not t.value or not t.value[:4].isdigit():
            continue
        if as_of.year - int(t.value[:4]) < HISTORICAL_YEARS:
            continue
        start = text.rfind("\n", 0, t.span.start) + 1
        end = text.find("\n", t.span.end)
        passages.append((start, len(text) if end < 0 else end))
    return passages


def _role(
    text: str,
    number: int,
    data: RoleData,
    entities: list[EntityData],
    checker: RoleChecker | None,
    as_of: dt.date | None,
    quoted: list[Span],
    past: list[tuple[int, int]],
) -> Role:
    written = text[data["person_start"] : data["person_end"]]
    entity = entity_at(entities, data["person_start"], data["person_end"])
    # The entity's full name first: a surname-only mention resolves through its cluster.
    names = [entity["name"], written] if entity and entity["type"] == "PERSON" else [written]
    role_text = text[data["start"] : data["end"]]
    common = {
        "id": f"R{number}",
        "person": EntityRef(entity=entity["id"] if entity else None, name=names[0]),
        "role_text": role_text,
        "span": Span.of(text, data["start"], data["end"]),
        "person_span": Span.of(text, data["person_start"], data["person_end"]),
        "modifiers": data["modifiers"],
        "form": data["form"],
        "jurisdiction": data["jurisdiction"],
        "organisation": data["organisation"],
        "as_of": as_of.isoformat() if as_of else None,
    }
    if checker is None:
        return Role(**common, verdict="unknown", reason="not_checked")
    inside_quote = any(s.start <= data["start"] and data["end"] <= s.end for s in quoted)
    historical = any(start <= data["start"] < end for start, end in past)
    check = checker.check(
        names, role_text, data["modifiers"], as_of, form=data["form"], quoted=inside_quote, historical=historical
    )
    return Role(
        **common,
        verdict=check.verdict,
        reason=check.reason,
        kb_person=check.person_id,
        positions=[EntityRef(entity=pid, name=label) for pid, label in check.positions],
        evidence=check.evidence,
        facts=[RoleFact(**vars(fact)) for fact in check.facts],
    )


def _claim(text: str, number: int, data: ClaimData, entities: list[EntityData], times: list[Time]) -> Claim:
    source = None
    if data["source"] is not None:
        piece = data["source"]["span"]
        source = ClaimSource(
            name=data["source"]["name"],
            entity=data["source"]["entity"],
            span=Span.of(text, piece[0], piece[1]) if piece else None,
        )
    place = None
    if data["location"] is not None:
        start, end = data["location"]
        entity = entity_at(entities, start, end)
        place = Place(
            name=entity["name"] if entity else text[start:end],
            entity=entity["id"] if entity else None,
            span=Span.of(text, start, end),
        )
    period = Span.of(text, *data["period"]) if data["period"] else None
    # The period's normalised value: the time expression inside it ("in the past two days" -> P2D).
    period_value = None
    if period is not None:
        inside = [t for t in times if t.span.start < period.end and period.start < t.span.end and t.value]
        period_value = inside[0].value if inside else None
    return Claim(
        id=f"C{number}",
        category=data["category"],
        value=data["value"],
        low=data["low"],
        high=data["high"],
        qualifier=data["qualifier"],
        subject=data["subject"],
        number=Span.of(text, *data["number"]),
        evidence=Span.of(text, *data["evidence"]),
        source=source,
        quote=f"Q{data['quote'] + 1}" if data["quote"] is not None else None,
        period=period.text if period else None,
        period_span=period,
        period_value=period_value,
        location=place,
    )


def _times(text: str, found: list[TimeData], published: str | dt.date | None) -> list[Time]:
    """Time expressions as record items, anchored on the publication date (T1, T2, …)."""
    times: list[Time] = []
    for number, expr in enumerate(found, start=1):
        value, mod = resolve(expr, published)
        span = Span.of(text, expr["start"], expr["end"])
        times.append(Time(id=f"T{number}", type=expr["type"], value=value, mod=mod, span=span))
    return times


def _quote(text: str, number: int, data: QuoteData) -> Quote:
    source = _spans_of(text, data["source"]) or None
    refs = (
        [EntityRef(entity=e, name=n) for e, n in zip(data["speaker_entities"], data["speaker_names"], strict=True)]
        if data["speaker_entities"]
        else []
    )
    speaker: EntityRef | list[EntityRef] | None
    if len(refs) > 1:
        speaker = refs
    elif refs:
        speaker = refs[0]
    elif source or data["speaker_names"]:
        # Unresolved: the speaker stays as written ("a resident"), or as the phrase a
        # relative pronoun stands for ("the ministry, which said" -> "the ministry"). A quote
        # going on with the one quoted before has a name and no source span of its own.
        written = data["speaker_names"][0] if data["speaker_names"] else " ".join(s.text for s in source or [])
        speaker = EntityRef(entity=None, name=written.strip(" ,;:"))
    else:
        speaker = None
    return Quote(
        id=f"Q{number}",
        kind=data["kind"],
        content=_spans_of(text, data["content"]),
        cue=_spans_of(text, data["cue"]),
        source=source,
        speaker=speaker,
        resolution=data["speaker_how"] if speaker is not None else None,
    )


def _finish(
    doc: Doc, info: DocumentInfo, source_doc: InputDocument, options: Options, checker: RoleChecker | None
) -> Result:
    failures = doc._.fd_errors
    if failures:
        return error_record(
            ExtractionError("; ".join(failures) + " (please report this document)", source=source_doc.origin),
            source_doc,
        )
    try:
        return doc_to_record(doc, info, options, checker, source_doc.text)
    except Exception as exc:  # a record that fails validation is a bug; report it, go on
        return error_record(ExtractionError(f"record assembly failed: {exc}", source=source_doc.origin), source_doc)


def analyze(
    text: str,
    *,
    published: str | dt.date | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    options: Options | None = None,
) -> Record:
    """Analyse one text and return its record.

    Raises a :class:`~factdesk.errors.FactdeskError` subclass for input that
    cannot be analysed (empty, too large, not English, bad date, …).
    """
    options = options or Options()
    doc = InputDocument(text=text, id=doc_id, title=title, source=source, url=url, published=parse_published(published))
    result = analyze_document(doc, options=options)
    if isinstance(result, ErrorRecord):
        raise _error_class(result.error.code)(result.error.message, source=result.input)
    return result


def _error_class(code: str) -> type[FactdeskError]:
    for cls in _all_subclasses(FactdeskError):
        if cls.code == code:
            return cls
    return FactdeskError


def _all_subclasses(cls: type[FactdeskError]) -> list[type[FactdeskError]]:
    found: list[type[FactdeskError]] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def analyze_document(doc: InputDocument, *, options: Options | None = None) -> Result:
    """Analyse one :class:`InputDocument`; bad input gives an :class:`ErrorRecord`."""
    return next(analyze_many([doc], options=options))


def analyze_many(
    documents: Iterable[DocumentLike],
    *,
    n_process: int = 1,
    batch_size: int | None = None,
    options: Options | None = None,
) -> Generator[Result, None, None]:
    """Analyse a stream of documents through ``nlp.pipe``, in input order.

    Items may be texts, dicts with a ``text`` field (and ``id``, ``title``,
    ``date``, ``source``, ``url``), :class:`InputDocument` objects, or errors
    from :mod:`factdesk.inputs`. A document that cannot be analysed yields an
    :class:`ErrorRecord`; the stream goes on. Stopping early is safe: with
    ``n_process > 1``, closing the generator (or leaving the loop and letting it go) stops
    the worker processes once they have handed back what they hold.
    """
    stream = _analyze_stream(documents, n_process, batch_size, options or Options())
    if n_process > 1:
        _close_at_exit(stream)
    return stream


def _analyze_stream(
    documents: Iterable[DocumentLike], n_process: int, batch_size: int | None, options: Options
) -> Generator[Result, None, None]:
    nlp = get_pipeline()
    size = batch_size or options.batch_size
    # Opened before the first document, so that a bad KB path fails the run at once, clearly.
    checker = role_checker(options.kb_path) if options.check_roles else None

    # What each document fed to the pipeline needs to become a record, by its place in the
    # stream, until its doc comes back (in feeding order: the first key is the oldest).
    pending: dict[int, _Context] = {}
    stopped = False

    def feed() -> Iterator[tuple[str, int]]:
        for index, item in enumerate(documents):
            if stopped:
                return
            coerced = _coerce(item)
            if isinstance(coerced, FactdeskError):
                pending[index] = (None, None, coerced)
                # An empty text costs nothing in the pipeline and keeps the order.
                yield "", index
                continue
            info, problem = _prepare(coerced, options)
            pending[index] = (coerced, info, problem)
            yield ("" if problem is not None else for_parsing(coerced.text)), index

    def result(doc: Doc | None, index: int) -> Result:
        source_doc, info, problem = pending.pop(index)
        if problem is not None:
            if isinstance(problem, NotEnglishError) and source_doc is not None and info is not None:
                return _not_english_record(source_doc, info, problem)
            return error_record(problem, source_doc)
        assert source_doc is not None and info is not None
        if doc is None:
            doc = _parse_again(nlp, source_doc)
            if doc is None:
                return error_record(
                    ExtractionError(
                        "the pipeline failed on this document (please report it)", source=source_doc.origin
                    ),
                    source_doc,
                )
        return _finish(doc, info, source_doc, options, checker)

    # One nlp.pipe call over the whole stream: spaCy reads it lazily, and with
    # n_process > 1 starts its worker processes once, not per chunk.
    with _worker_failures_kept(nlp, n_process):
        parsed = nlp.pipe(feed(), as_tuples=True, n_process=n_process, batch_size=size)
        try:
            for doc, index in parsed:
                # A worker process that fails loses its whole batch (spaCy sends back one error in
                # its place): the documents skipped are parsed again here, in order.
                while next(iter(pending)) < index:
                    yield result(None, next(iter(pending)))
                yield result(doc, index)
        finally:
            if n_process > 1:
                # The caller stopped early (closed this generator, or broke out of a loop over it).
                # Abandoned, spaCy's pipe joins workers still blocked sending docs nobody reads, and
                # the caller hangs. Instead: feed no more and read what the workers already hold.
                stopped = True
                for _ in parsed:
                    pass
    for lost in list(pending):
        yield result(None, lost)


_Context = tuple[InputDocument | None, DocumentInfo | None, FactdeskError | None]

# Streams running worker processes that their callers have not finished reading.
_OPEN_STREAMS: weakref.WeakSet[Generator[Result, None, None]] = weakref.WeakSet()
_EXIT_HOOKED = False


def _close_at_exit(stream: Generator[Result, None, None]) -> None:
    """Close ``stream`` at interpreter exit if its caller has not: its workers then stop.

    multiprocessing joins live worker processes at exit, before abandoned generators are
    closed, and spaCy's workers wait to send docs nobody reads: without this, a script that
    breaks out of ``analyze_many(..., n_process=2)`` never exits.
    """
    global _EXIT_HOOKED
    if not _EXIT_HOOKED:
        # Imported first so that its exit hook (joining the workers) is registered before this
        # one, and so runs after it (atexit runs hooks last registered, first).
        import multiprocessing.util  # noqa: F401

        atexit.register(_close_open_streams)
        _EXIT_HOOKED = True
    _OPEN_STREAMS.add(stream)


def _close_open_streams() -> None:
    for stream in list(_OPEN_STREAMS):
        stream.close()


@contextlib.contextmanager
def _worker_failures_kept(nlp: Language, n_process: int) -> Iterator[None]:
    """Keep ``nlp.pipe(n_process > 1)`` reading after a worker process fails.

    spaCy's default is to raise in the parent and then join the workers, and a worker still
    sending its next batch down a full pipe never exits: the run hangs. Ignored instead, the
    failure shows as documents missing from the stream, which :func:`analyze_many` parses again.
    """
    if n_process <= 1:
        yield
        return
    default = nlp.default_error_handler
    nlp.default_error_handler = _ignore_worker_failure
    try:
        yield
    finally:
        nlp.default_error_handler = default


def _ignore_worker_failure(name: str | None, component: Any, docs: Any, error: Exception) -> None:
    return None


def _parse_again(nlp: Language, source_doc: InputDocument) -> Doc | None:
    """The document a worker process lost, parsed in this process (None if it fails here too)."""
    try:
        return nlp(for_parsing(source_doc.text))
    except Exception:  # the same failure in this process: the document is reported, the run goes on
        return None


def _not_english_record(doc: InputDocument, info: DocumentInfo, problem: NotEnglishError) -> ErrorRecord:
    record = error_record(problem, doc)
    record.document = info
    return record
