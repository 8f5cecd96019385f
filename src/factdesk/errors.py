"""Typed errors. Each says what went wrong and what to do, and carries a stable
code and a distinct process exit code that the CLI uses."""

from __future__ import annotations


class FactdeskError(Exception):
    """Base class of every error factdesk raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message}"


class InputNotFoundError(FactdeskError):
    code = "not_found"
    exit_code = 3


class EmptyInputError(FactdeskError):
    code = "empty"
    exit_code = 4


class BinaryInputError(FactdeskError):
    code = "binary"
    exit_code = 5


class EncodingInputError(FactdeskError):
    code = "encoding"
    exit_code = 6


class InputTooLargeError(FactdeskError):
    code = "too_large"
    exit_code = 7


class NotEnglishError(FactdeskError):
    code = "not_english"
    exit_code = 8


class HTMLExtractionError(FactdeskError):
    code = "html"
    exit_code = 9


class MalformedRecordError(FactdeskError):
    """A corpus line that is not a JSON object with a text."""

    code = "malformed"
    exit_code = 10


class BadDateError(FactdeskError):
    code = "bad_date"
    exit_code = 11


class FetchError(FactdeskError):
    code = "fetch"
    exit_code = 12


class ExtractionError(FactdeskError):
    """An extractor crashed on a document; the document is reported, the run goes on."""

    code = "extraction"
    exit_code = 13


class PartialFailureError(FactdeskError):
    """A corpus run finished but some documents became error records."""

    code = "partial"
    exit_code = 14


class ModelNotInstalledError(FactdeskError):
    code = "model"
    exit_code = 15


class KnowledgeBaseError(FactdeskError):
    """The knowledge base cannot be opened, read or written."""

    code = "kb"
    exit_code = 16


class RemoteServiceError(FactdeskError):
    """A remote service (the Wikidata SPARQL endpoint) failed after retries."""

    code = "remote"
    exit_code = 17


class StoreError(FactdeskError):
    """The corpus store cannot be opened, read or written (corrupt, locked, full)."""

    code = "store"
    exit_code = 18


class DocumentNotFoundError(FactdeskError):
    """No stored document has the id asked for."""

    code = "no_document"
    exit_code = 19


EXIT_CODES: dict[str, int] = {
    cls.code: cls.exit_code
    for cls in (
        FactdeskError,
        InputNotFoundError,
        EmptyInputError,
        BinaryInputError,
        EncodingInputError,
        InputTooLargeError,
        NotEnglishError,
        HTMLExtractionError,
        MalformedRecordError,
        BadDateError,
        FetchError,
        ExtractionError,
        PartialFailureError,
        ModelNotInstalledError,
        KnowledgeBaseError,
        RemoteServiceError,
        StoreError,
        DocumentNotFoundError,
    )
}
