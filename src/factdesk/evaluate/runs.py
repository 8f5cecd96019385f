"""Run factdesk on annotated data and score it: the functions behind ``factdesk eval``."""

from __future__ import annotations

import re
from pathlib import Path

from factdesk.api import analyze_many
from factdesk.errors import InputNotFoundError
from factdesk.evaluate import claims as claims_eval
from factdesk.evaluate import polnear, timeml
from factdesk.evaluate import roles as roles_eval
from factdesk.evaluate import speakers as speakers_eval
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


def claims_as_predicted(record: Record) -> list[claims_eval.PredictedClaim]:
    """A record's claims in the scorer's shape."""
    return [
        claims_eval.PredictedClaim(
            category=claim.category,
            value=claim.value,
            low=claim.low,
            high=claim.high,
            source=claim.source.name if claim.source else None,
            num_start=claim.number.start,
            num_end=claim.number.end,
            source_aliases=(claim.source.span.text,) if claim.source and claim.source.span else (),
        )
        for claim in record.claims
    ]


def _analyze_gold_articles(ids: list[str], corpora: list[Path], n_process: int) -> dict[str, Record]:
    """Analyse the gold set's articles, read from JSONL corpora (id -> record, its text included)."""
    articles = claims_eval.read_corpus(corpora, set(ids))
    missing = sorted(set(ids) - set(articles))
    if missing:
        raise InputNotFoundError(
            f"{len(missing)} gold articles are not in the corpora given (first: {missing[0]}); "
            "pass every corpus the gold set was drawn from"
        )
    options = Options(check_language=False, include_text=True)
    records: dict[str, Record] = {}
    for doc_id, result in zip(
        ids, analyze_many((articles[i] for i in ids), n_process=n_process, options=options), strict=True
    ):
        if isinstance(result, Record):
            records[doc_id] = result
    return records


def eval_claims(
    gold_dir: Path, corpora: list[Path], *, n_process: int = 1
) -> tuple[claims_eval.ClaimScores, dict[str, Record]]:
    """Score factdesk's claims on a claims gold folder; the articles come from JSONL corpora.

    Returns the scores and each document's record (for error analysis, or to score the
    folder's quotes with :func:`score_speakers` without analysing again).
    """
    gold = claims_eval.read_gold(gold_dir)
    records = _analyze_gold_articles([doc.id for doc in gold], corpora, n_process)
    scores = claims_eval.score(gold, lambda doc: claims_as_predicted(records[doc.id]) if doc.id in records else [])
    return scores, records


# A quoted stretch of three words or more: the gold set's guide skips scare quotes of one or two words.
# Some wire copy closes a double quote with two right single marks (“…,’’ she said).
_QUOTED_STATEMENT = re.compile(r"[“\"]\s*\S+\s+\S+\s+\S+[^”\"]*(?:[”\"]|’’)")


def quotes_as_predicted(record: Record) -> list[speakers_eval.PredictedQuote]:
    """A record's direct quotes, and mixed ones quoting three words or more, in the speaker
    scorer's shape."""
    text = record.text or ""
    found = []
    for quote in record.quotes:
        if quote.kind == "indirect":
            continue
        if quote.kind == "mixed" and not any(
            _QUOTED_STATEMENT.search(text, max(0, s.start - 1), s.end + 1) for s in quote.content
        ):
            continue
        refs = quote.speaker if isinstance(quote.speaker, list) else [quote.speaker] if quote.speaker else []
        found.append(
            speakers_eval.PredictedQuote(
                content=tuple((s.start, s.end) for s in quote.content),
                speaker=" and ".join(ref.name for ref in refs) or None,
            )
        )
    return found


def score_speakers(gold_dir: Path, records: dict[str, Record]) -> speakers_eval.SpeakerScores:
    """Score the direct quotes and speakers of already analysed gold articles (id -> record)."""
    texts = {doc_id: record.text or "" for doc_id, record in records.items()}
    gold = speakers_eval.read_gold_quotes(gold_dir, texts)
    total = speakers_eval.SpeakerScores()
    for doc_id in sorted(gold):
        total.add(speakers_eval.score_doc(gold[doc_id], quotes_as_predicted(records[doc_id])))
    return total


def eval_speakers(
    gold_dir: Path, corpora: list[Path], *, n_process: int = 1
) -> tuple[speakers_eval.SpeakerScores, dict[str, Record]]:
    """Score factdesk's direct quotes and resolved speakers on a claims-and-quotes gold folder."""
    ids = [doc.id for doc in claims_eval.read_gold(gold_dir)]
    records = _analyze_gold_articles(ids, corpora, n_process)
    failed = sorted(set(ids) - set(records))
    if failed:
        raise InputNotFoundError(f"{len(failed)} gold articles could not be analysed (first: {failed[0]})")
    return score_speakers(gold_dir, records), records


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


def eval_roles(
    gold_file: Path, corpora: list[Path], *, split: str | None = None, kb_path: str | None = None, n_process: int = 1
) -> tuple[roles_eval.RoleScores, dict[str, Record]]:
    """Score role mentions and verdicts on a roles gold file, each article checked as of the
    date the gold gives, against ``kb_path`` (default: the KB the analysis would use)."""
    gold = roles_eval.read_gold(gold_file, split)
    dates = {item.doc: item.published for item in gold}
    articles = claims_eval.read_corpus(corpora, set(dates))
    missing = sorted(set(dates) - set(articles))
    if missing:
        raise InputNotFoundError(
            f"{len(missing)} gold articles are not in the corpora given (first: {missing[0]}); "
            "pass every corpus the gold set was drawn from"
        )
    options = Options(check_language=False, include_text=False, kb_path=kb_path)
    ids = sorted(dates)
    documents = ({**articles[i], "date": dates[i]} for i in ids)
    records: dict[str, Record] = {}
    for doc_id, result in zip(ids, analyze_many(documents, n_process=n_process, options=options), strict=True):
        if isinstance(result, Record):
            records[doc_id] = result
    return roles_eval.score(gold, records), records
