"""Reading documents: text files, stdin, HTML files and folders, JSONL corpora, URLs.

Every reader bounds what it reads and turns bad input into a typed error. Corpus
readers never raise for one bad line: they yield the error in its place, so a
batch carries on and the bad document becomes an error record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from factdesk.about import __version__
from factdesk.errors import (
    BadDateError,
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    FactdeskError,
    FetchError,
    HTMLExtractionError,
    InputNotFoundError,
    InputTooLargeError,
    MalformedRecordError,
)
from factdesk.options import Options

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
INPUT_FORMATS = ("auto", "text", "html", "jsonl")


@dataclass
class InputDocument:
    """A document as read, before analysis."""

    text: str
    id: str | None = None
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    origin: str | None = None  # where it was read from, e.g. "corpus.jsonl:12"
    warnings: list[str] = field(default_factory=list)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- dates

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str | dt.date | None, *, source: str | None = None) -> dt.date | None:
    """A publication date from ISO text ("2025-03-21", "2024-07-16T20:59:18Z?") or
    the usual newswire forms ("26-FEB-1987 15:01:01.79"). Raises :class:`BadDateError`."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    match = _ISO_DATE.match(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise BadDateError(f"not a calendar date: {text!r} ({exc})", source=source) from exc
    # dateutil reads the other common forms; it is lenient, so demand a 4-digit year.
    if not re.search(r"\b\d{4}\b", text):
        raise BadDateError(f"cannot read the date {text!r}; give it as YYYY-MM-DD, e.g. 2025-03-21", source=source)
    from dateutil import parser as dateutil_parser

    try:
        parsed: dt.datetime = dateutil_parser.parse(text.rstrip("?"), default=dt.datetime(1900, 1, 1))
        return parsed.date()
    except (ValueError, OverflowError) as exc:
        raise BadDateError(
            f"cannot read the date {text!r}; give it as YYYY-MM-DD, e.g. 2025-03-21", source=source
        ) from exc


# ---------------------------------------------------------------- bytes to text


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    # Control characters other than whitespace are rare in text, common in binaries.
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def decode_text(data: bytes, *, source: str | None, options: Options) -> str:
    """UTF-8 text from bytes, or a typed error saying what is wrong with them."""
    if len(data) > options.max_bytes:
        raise InputTooLargeError(
            f"input is {len(data):,} bytes, over the bound of {options.max_bytes:,}; split it or raise --max-bytes",
            source=source,
        )
    if not data.strip():
        raise EmptyInputError("input is empty; nothing to analyse", source=source)
    if _looks_binary(data):
        raise BinaryInputError(
            "input looks binary (NUL or control bytes), not text; pass a text, HTML or JSONL file",
            source=source,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingInputError(
            f"input is not valid UTF-8 (byte {exc.start}); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8",
            source=source,
        ) from exc
    return check_text(text, source=source, options=options)


def check_text(text: str, *, source: str | None, options: Options) -> str:
    """The bounds every analysed text must meet."""
    if not text.strip():
        raise EmptyInputError("input is empty; nothing to analyse", source=source)
    if len(text) > options.max_chars:
        raise InputTooLargeError(
            f"text is {len(text):,} characters, over the bound of {options.max_chars:,}; split it or raise --max-chars",
            source=source,
        )
    if "\x00" in text:
        raise BinaryInputError("text contains NUL characters; it is not plain text", source=source)
    return text


def _read_bounded(stream: BinaryIO, limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError(
            f"input is over the bound of {limit:,} bytes; split it or raise --max-bytes",
            source=source,
        )
    return data


# ---------------------------------------------------------------- HTML


def html_to_document(data: bytes, *, source: str, options: Options, url: str | None = None) -> InputDocument:
    """Main text, title and date of an HTML page, through trafilatura."""
    if not data.strip():
        raise EmptyInputError("HTML input is empty; nothing to analyse", source=source)
    if _looks_binary(data):
        raise BinaryInputError("input looks binary, not HTML", source=source)
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, favor_precision=True
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on broken markup
        raise HTMLExtractionError(f"could not parse the HTML ({exc})", source=source) from exc
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise HTMLExtractionError(
            "no article text could be extracted from this HTML (broken or empty page); "
            "save the article text as a .txt file and analyse that",
            source=source,
        )
    doc = InputDocument(text=check_text(text, source=source, options=options), origin=source, url=url)
    doc.title = getattr(extracted, "title", None) or None
    doc.url = url or getattr(extracted, "url", None) or None
    raw_date = getattr(extracted, "date", None)
    if raw_date:
        try:
            doc.published = parse_published(raw_date, source=source)
        except BadDateError:
            doc.warnings.append(f"unreadable page date {raw_date!r}; published left empty")
    return doc


# ---------------------------------------------------------------- corpora


def _corpus_document(obj: Any, *, where: str, options: Options) -> InputDocument:
    if not isinstance(obj, dict):
        raise MalformedRecordError("line is JSON but not an object", source=where)
    text = obj.get("text")
    if not isinstance(text, str):
        raise MalformedRecordError("object has no string field 'text'", source=where)
    check_text(text, source=where, options=options)
    doc = InputDocument(text=text, origin=where)
    for key in ("id", "title", "source", "url"):
        value = obj.get(key)
        if value is not None:
            setattr(doc, key, str(value))
    raw_date = obj.get("date", obj.get("published"))
    if raw_date:
        try:
            doc.published = parse_published(raw_date, source=where)
            if isinstance(raw_date, str) and raw_date.rstrip().endswith("?"):
                doc.warnings.append("publication time zone unknown in the source ('?')")
        except BadDateError:
            # A bad date loses no document: analyse it undated and say so.
            doc.warnings.append(f"unreadable date {str(raw_date)[:80]!r}; published left empty")
    return doc


def read_jsonl(
    path: Path, options: Options, *, offset: int = 0, first_line: int = 1, max_lines: int | None = None
) -> Iterator[InputDocument | FactdeskError]:
    """One document per line (``id``, ``title``, ``date``, ``source``, ``text``); from byte
    ``offset`` (line ``first_line``), at most ``max_lines`` lines when given (a batch partition)."""
    with path.open("rb") as stream:
        stream.seek(offset)
        for number, raw in enumerate(stream, start=first_line):
            if max_lines is not None and number >= first_line + max_lines:
                return
            if not raw.strip():
                continue
            yield jsonl_document(raw, f"{path}:{number}", options)


def jsonl_document(raw: bytes, where: str, options: Options) -> InputDocument | FactdeskError:
    """The document of one JSONL line, or the error that says why it is not one."""
    if len(raw) > options.max_bytes:
        return InputTooLargeError(f"line is over the bound of {options.max_bytes:,} bytes", source=where)
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return EncodingInputError("line is not valid UTF-8", source=where)
    except json.JSONDecodeError as exc:
        return MalformedRecordError(f"line is not valid JSON ({exc.msg} at column {exc.colno})", source=where)
    try:
        return _corpus_document(obj, where=where, options=options)
    except FactdeskError as exc:
        return exc


# ---------------------------------------------------------------- files, folders, URLs, stdin


def _kind_of(path: Path, input_format: str) -> str:
    if input_format != "auto":
        return input_format
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "text"


def read_file(path: Path, options: Options, input_format: str = "auto") -> Iterator[InputDocument | FactdeskError]:
    kind = _kind_of(path, input_format)
    if kind == "jsonl":
        yield from read_jsonl(path, options)
        return
    source = str(path)
    try:
        with path.open("rb") as stream:
            data = _read_bounded(stream, options.max_bytes, source)
        # A file's name is its document id ("gaza-2025-03-21.txt" -> gaza-2025-03-21), so that
        # stored documents can be found again by name.
        if kind == "html":
            doc = html_to_document(data, source=source, options=options)
            doc.id = doc.id or path.stem
            yield doc
        else:
            text = decode_text(data, source=source, options=options)
            yield InputDocument(text=text, origin=source, title=headline_of(text), id=path.stem)
    except FactdeskError as exc:
        yield exc


def headline_of(text: str) -> str | None:
    """A plain-text article's headline: a short first line set off by a blank line."""
    first, sep, rest = text.lstrip("\ufeff").partition("\n")
    first = first.strip()
    if not sep or not rest.startswith(("\n", "\r\n")) or not first or len(first) > 150:
        return None
    if first[-1] in ".:;," or first.count(" ") < 1:
        return None
    return first


def read_folder(path: Path, options: Options, input_format: str = "auto") -> Iterator[InputDocument | FactdeskError]:
    """Text, HTML and JSONL files under a folder, in name order."""
    wanted = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in wanted)
    if not files:
        yield EmptyInputError("folder holds no .txt, .html or .jsonl files", source=str(path))
        return
    for file in files:
        yield from read_file(file, options, input_format)


def fetch_url(url: str, options: Options) -> InputDocument:
    """Fetch a page (bounded in time and size) and extract its article."""
    if not re.match(r"^https?://", url, re.IGNORECASE):
        raise FetchError("only http:// and https:// URLs can be fetched", source=url)
    request = urllib.request.Request(
        url, headers={"User-Agent": f"factdesk/{__version__} (news verification; +https://factdesk.invalid)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
            data = _read_bounded(response, options.max_bytes, url)
            content_type = response.headers.get("Content-Type", "")
            final_url = response.geturl()
    except FactdeskError:
        raise
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(
            f"could not fetch the page ({reason}); check the network, or save the page and pass the file",
            source=url,
        ) from exc
    if "html" in content_type or data.lstrip()[:1] == b"<":
        return html_to_document(data, source=url, options=options, url=final_url)
    doc = InputDocument(text=decode_text(data, source=url, options=options), origin=url, url=final_url)
    return doc


def read_stdin(
    stream: BinaryIO, options: Options, input_format: str = "auto"
) -> Iterator[InputDocument | FactdeskError]:
    try:
        data = _read_bounded(stream, options.max_bytes, "<stdin>")
    except FactdeskError as exc:
        yield exc
        return
    kind = input_format
    if kind == "auto":
        head = data.lstrip()[:200].lower()
        kind = "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    try:
        if kind == "html":
            yield html_to_document(data, source="<stdin>", options=options)
        elif kind == "jsonl":
            for number, line in enumerate(data.splitlines(), start=1):
                if not line.strip():
                    continue
                where = f"<stdin>:{number}"
                try:
                    yield _corpus_document(json.loads(line), where=where, options=options)
                except json.JSONDecodeError as exc:
                    yield MalformedRecordError(f"line is not valid JSON ({exc.msg})", source=where)
                except FactdeskError as exc:
                    yield exc
        else:
            yield InputDocument(text=decode_text(data, source="<stdin>", options=options), origin="<stdin>")
    except FactdeskError as exc:
        yield exc


def is_corpus(spec: str, input_format: str = "auto") -> bool:
    """Whether a path names more than one document (a folder or a JSONL corpus)."""
    if input_format == "jsonl":
        return True
    if spec == "-" or re.match(r"^https?://", spec, re.IGNORECASE):
        return False
    path = Path(spec)
    return path.is_dir() or (input_format == "auto" and path.suffix.lower() in JSONL_SUFFIXES)


def iter_inputs(
    spec: str, options: Options, *, input_format: str = "auto", stdin: BinaryIO | None = None
) -> Iterator[InputDocument | FactdeskError]:
    """Documents from a path, a folder, a URL or ``-`` (stdin), errors in place of bad ones."""
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {INPUT_FORMATS}")
    if spec == "-":
        if stdin is None:
            import sys

            stdin = sys.stdin.buffer
        yield from read_stdin(stdin, options, input_format)
        return
    if re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.IGNORECASE):
        try:
            yield fetch_url(spec, options)
        except FactdeskError as exc:
            yield exc
        return
    path = Path(spec)
    if path.is_dir():
        yield from read_folder(path, options, input_format)
    elif path.is_file():
        yield from read_file(path, options, input_format)
    else:
        yield InputNotFoundError("no such file or folder", source=spec)
