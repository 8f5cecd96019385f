"""What every factdesk component shares: failures are recorded on the doc, not raised.

spaCy drops a document from ``nlp.pipe`` when a component raises and the error
handler does not re-raise, which would misalign a batch. A factdesk component
instead notes the failure on ``doc._.fd_errors``; the API turns such a document
into an error record and the batch goes on.
"""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("fd_errors"):
    Doc.set_extension("fd_errors", default=None)


class SafeComponent:
    """Base of factdesk's components: subclasses implement :meth:`process`."""

    name: str = "factdesk"

    def process(self, doc: Doc) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.process(doc)
        except Exception as exc:  # one bad document must not stop a batch
            self.record_error(doc, exc)
        return doc

    def record_error(self, doc: Doc, exc: Exception) -> None:
        """Note a failure on the doc (also for components that process batches in ``pipe``)."""
        errors = list(doc._.fd_errors or [])
        errors.append(f"{self.name}: {type(exc).__name__}: {exc}")
        doc._.fd_errors = errors
