"""Run factdesk on annotated data and score it: the functions behind ``factdesk eval``."""

from __future__ import annotations

from pathlib import Path

from factdesk.api import analyze_many
from factdesk.evaluate import polnear, timeml
from factdesk.options import Options
from factdesk.record import Record


def quotes_as_attributions(record: Record) -> list[polnear.Attribution]:
    """A record's quotes in PolNeAR's shape (source, cue, content pieces)."""
    found: list[polnear.Attribution] = []
    for quote in record.quotes:
        found.append(
            polnear.Attribution(
                source=tuple((s.start, s.end) for s in quote.source or []),
                cue=tuple((s.start, s.end) for s in quote.cue),
                content=tuple((s.start, s.end) for s in quote.content),
            )
        )
    return found


def eval_quotes(split_dir: Path, *, n_process: int = 1, limit: int | None = None) -> polnear.Scores:
    """Score factdesk's quotes on a PolNeAR split (``DIR/text``, ``DIR/attributions``)."""
    gold = polnear.read_split(split_dir)
    if limit is not None:
        gold = {doc_id: gold[doc_id] for doc_id in sorted(gold)[:limit]}
    texts = {doc_id: docs[0].text for doc_id, docs in gold.items()}
    # Language checks off: the texts are known English; short ones must not be skipped.
    options = Options(check_language=False, include_text=False)
    predicted: dict[str, list[polnear.Attribution]] = {}
    ids = sorted(texts)
    results = analyze_many(({"id": i, "text": texts[i]} for i in ids), n_process=n_process, options=options)
    for doc_id, result in zip(ids, results, strict=True):
        predicted[texts[doc_id]] = quotes_as_attributions(result) if isinstance(result, Record) else []
    return polnear.score(gold, lambda text: predicted.get(text, []))


def times_as_timexes(record: Record) -> list[timeml.Timex]:
    """A record's times as scorer timexes (an unresolved value scores as the empty string)."""
    return [
        timeml.Timex(start=t.span.start, end=t.span.end, text=t.span.text, type=t.type, value=t.value or "", mod=t.mod)
        for t in record.times
    ]


def eval_times(
    dirs: list[Path], *, n_process: int = 1, limit: int | None = None
) -> tuple[timeml.TimeScores, list[timeml.TimeMLDoc], dict[str, list[timeml.Timex]]]:
    """Score factdesk's times on TimeML folders (TempEval-3 Task A), each file anchored on its DCT.

    Returns the micro-averaged scores, the gold documents and the predictions by document id
    (for :func:`factdesk.evaluate.timeml.mismatches`).
    """
    gold = timeml.read_corpus(dirs)
    if limit is not None:
        gold = gold[:limit]
    # Language checks off: the texts are known English; short ones must not be skipped.
    options = Options(check_language=False, include_text=False)
    items = ({"id": str(i), "text": d.text, "published": d.dct} for i, d in enumerate(gold))
    predicted: dict[str, list[timeml.Timex]] = {}
    for doc, result in zip(gold, analyze_many(items, n_process=n_process, options=options), strict=True):
        predicted[doc.doc_id] = times_as_timexes(result) if isinstance(result, Record) else []
    scores = timeml.score(gold, lambda d: predicted[d.doc_id])
    return scores, gold, predicted
