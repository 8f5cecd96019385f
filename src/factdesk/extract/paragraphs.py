"""Paragraph breaks are sentence breaks: a component that runs before the parser.

News text puts headlines, datelines and paragraphs on lines of their own; the
small parser sometimes runs a headline into the first sentence, and everything
downstream (quote spans, speakers) inherits the error. A blank line, or a line
break after sentence-final punctuation, starts a sentence. A single line break
inside a sentence (hard-wrapped wire copy) does not.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "factdesk_paragraphs_v1"
_FINAL = {".", "!", "?", "”", '"', "’", "'", ":", ")"}


class ParagraphBreaks:
    """spaCy component: sets ``token.is_sent_start`` after paragraph breaks."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if not token.is_space or "\n" not in token.text:
                continue
            previous = doc[token.i - 1] if token.i > 0 else None
            if "\n\n" in token.text or (previous is not None and previous.text[-1:] in _FINAL):
                doc[token.i + 1].is_sent_start = True
        return doc


@Language.factory(FACTORY, requires=[], assigns=["token.is_sent_start"], default_config={})
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks(nlp, name)
