"""PolNeAR attribution reader and scorer (factdesk.evaluate.polnear)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from factdesk.evaluate.polnear import (
    METRICS,
    PARTS,
    AnnotatedDoc,
    Attribution,
    Counts,
    PolnearFormatError,
    Span,
    gold_as_prediction,
    normalize_span,
    read_split,
    score,
    summarize,
    tokenize,
)
from tests.conftest import SHARED

POLNEAR = SHARED / "eval" / "polnear"


def _split_dir(name: str) -> Path:
    folder = POLNEAR / name
    if not (folder / "attributions").is_dir():
        pytest.fail(f"{folder} is missing: the tests read shared data from ../shared or $FACTDESK_SHARED")
    return folder


@pytest.fixture(scope="module")
def dev() -> dict[str, list[AnnotatedDoc]]:
    return read_split(_split_dir("dev"))


@pytest.fixture(scope="module")
def train() -> dict[str, list[AnnotatedDoc]]:
    return read_split(_split_dir("train"))


def _span(text: str, phrase: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return ((start, start + len(phrase)),)


def _row(table: list[tuple[str, float, float, float]], name: str) -> tuple[float, float, float]:
    rows = {r[0]: r[1:] for r in table}
    return rows[name]


# ---------------------------------------------------------------------------- the shipped data


def test_dev_documents_and_annotators(dev: dict[str, list[AnnotatedDoc]]) -> None:
    assert len(dev) == 84
    assert sum(len(docs) for docs in dev.values()) == 94
    multi = {doc_id: len(docs) for doc_id, docs in dev.items() if len(docs) > 1}
    assert sorted(multi.values()) == [6, 6]
    assert "politico_2016-09-08_flynn-says-trump-absolutely-righ" in multi
    # Annotator files agree with the corpus metadata, and annotators of one document share its text.
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as stream:
        meta = {row["filename"]: row for row in csv.DictReader(stream, delimiter="\t")}
    for doc_id, docs in dev.items():
        assert meta[doc_id]["compartment"] == "dev"
        assert sorted(meta[doc_id]["annotators"].split("|")) == [d.annotator for d in docs]
        assert all(d.doc_id == doc_id and d.text == docs[0].text for d in docs)
    summary = summarize(dev)
    assert summary["attributions"] == 2319
    assert summary["no_source"] == 133
    assert summary["no_cue"] == 0
    assert summary["discontinuous_content"] == 343


def test_train_documents_and_annotators(train: dict[str, list[AnnotatedDoc]]) -> None:
    summary = summarize(train)
    assert (summary["documents"], summary["annotator_files"], summary["multi_annotator_documents"]) == (840, 919, 16)
    assert sorted(len(docs) for docs in train.values() if len(docs) > 1) == [5] + [6] * 15
    assert summary["attributions"] == 22467
    assert (summary["no_source"], summary["no_cue"], summary["no_content"]) == (1626, 0, 2)
    # One E line has no Cue argument (its trigger is used) and 34 are a bare trigger (skipped).
    assert summary["issues_cue_from_trigger"] == 1
    assert summary["issues_empty_relation"] == 34


@pytest.mark.parametrize("split", ["dev", "train"])
def test_every_span_text_is_the_text_slice(split: str, request: pytest.FixtureRequest) -> None:
    gold: dict[str, list[AnnotatedDoc]] = request.getfixturevalue(split)
    # The reader compares each T line's text with the slice and reports differences as issues.
    fatal = [i for docs in gold.values() for d in docs for i in d.issues if i.kind in {"text_mismatch", "bad_offsets"}]
    assert fatal == []
    # Offsets are str (code point) indices: many articles contain multi-byte characters before spans.
    assert any(len(d.text.encode("utf-8")) != len(d.text) for docs in gold.values() for d in docs)
    for docs in gold.values():
        for doc in docs:
            for a in doc.attributions:
                for part in PARTS:
                    span = a.part(part)
                    assert list(span) == sorted(span)
                    assert all(0 <= s < e <= len(doc.text) for s, e in span)


def test_strict_reading_accepts_the_shipped_data() -> None:
    assert len(read_split(_split_dir("dev"), strict=True)) == 84


def test_oracle_scores_100_on_single_annotator_documents(dev: dict[str, list[AnnotatedDoc]]) -> None:
    single = {doc_id: docs for doc_id, docs in dev.items() if len(docs) == 1}
    scores = score(single, gold_as_prediction(single))
    assert [r[0] for r in scores.as_table()] == list(METRICS)
    assert all(p == r == f == 100.0 for _, p, r, f in scores.as_table()), scores.as_table()
    assert scores.counts["exact/content"].n_gold == sum(len(d[0].attributions) for d in single.values())
    assert scores.notes == []


def test_oracle_against_all_annotators_is_high_but_not_perfect(dev: dict[str, list[AnnotatedDoc]]) -> None:
    scores = score(dev, gold_as_prediction(dev))
    assert scores.documents == 84 and scores.annotator_files == 94 and scores.multi_annotator_documents == 2
    assert any("several annotators" in note for note in scores.notes)
    # The first annotator of a multi-annotator document is compared with the other five too.
    assert all(99.0 < value <= 100.0 for row in scores.as_table() for value in row[1:])
    assert min(value for row in scores.as_table() for value in row[1:]) < 100.0
    json.dumps(scores.to_dict())  # JSON-ready


def test_empty_predictor_scores_zero(dev: dict[str, list[AnnotatedDoc]]) -> None:
    scores = score(dev, lambda text: [])
    assert all(p == r == f == 0.0 for _, p, r, f in scores.as_table())
    assert scores.counts["exact/content"].n_gold > 2000
    assert scores.counts["lenient/content-found"].n_gold > 2000


# ---------------------------------------------------------------------------- a hand-made document

TEXT = 'Alice said "we will win the vote." Bob thinks taxes rise. Carol warned that costs will grow quickly.'


def _gold() -> list[Attribution]:
    return [
        Attribution(_span(TEXT, "Alice"), _span(TEXT, "said"), _span(TEXT, '"we will win the vote."')),
        Attribution(_span(TEXT, "Bob"), _span(TEXT, "thinks"), _span(TEXT, "taxes rise")),
        Attribution(_span(TEXT, "Carol"), _span(TEXT, "warned"), _span(TEXT, "that costs will grow quickly")),
    ]


def _pred() -> list[Attribution]:
    return [
        Attribution(_span(TEXT, "Alice"), _span(TEXT, "said"), _span(TEXT, '"we will win the vote."')),  # exact
        Attribution(_span(TEXT, "Bob"), _span(TEXT, "thinks taxes"), _span(TEXT, "rise")),  # partial
        Attribution((), _span(TEXT, "warned"), _span(TEXT, "costs")),  # 5 of 28 content chars: not found
        Attribution((), (), _span(TEXT, "Bob")),  # content overlapping no gold content
    ]


def test_hand_made_document_gives_the_expected_scores() -> None:
    gold = {"tiny": [AnnotatedDoc("tiny", TEXT, "a1", _gold())]}
    scores = score(gold, lambda text: _pred())
    table = scores.as_table()
    expected = {
        # exact: sources {Alice, Bob} vs {Alice, Bob, Carol}; cues: "thinks taxes" is wrong; contents: 1 of 4.
        "exact/source": (100.0, 200 / 3, 80.0),
        "exact/cue": (200 / 3, 200 / 3, 200 / 3),
        "exact/content": (25.0, 100 / 3, 200 / 7),
        # token: contents 5+1+1+1 predicted, 5+2+5 gold, 5+1+1 shared through the pairs p1-g1, p2-g2, p3-g3.
        "token/source": (100.0, 200 / 3, 80.0),
        "token/cue": (75.0, 100.0, 600 / 7),
        "token/content": (87.5, 700 / 12, 70.0),
        # Only the first attribution is a direct quote, and it is predicted exactly.
        **{f"quote-{kind}/{part}": (100.0, 100.0, 100.0) for kind in ("exact", "token") for part in PARTS},
        # Found: g1 (all of it) and g2 ("rise" is 4 of 10 chars); g3 is not (5 of 28 < 30%).
        "lenient/content-found": (50.0, 200 / 3, 400 / 7),
        "lenient/speaker-accuracy": (100.0, 100.0, 100.0),
    }
    assert set(expected) == set(METRICS)
    for name, values in expected.items():
        assert _row(table, name) == pytest.approx(values), name
    counts = scores.counts["token/content"]
    assert (counts.correct_pred, counts.n_pred, counts.correct_gold, counts.n_gold) == (7, 8, 7, 12)


def test_several_annotators_are_averaged_per_document() -> None:
    gold = {
        "tiny": [AnnotatedDoc("tiny", TEXT, "a1", _gold()), AnnotatedDoc("tiny", TEXT, "a2", _gold()[:1])],
        "other": [AnnotatedDoc("other", "Nobody spoke.", "a1", [])],
    }
    calls: list[str] = []

    def predict(text: str) -> list[Attribution]:
        calls.append(text)
        return _pred()[:1] if text == TEXT else []

    scores = score(gold, predict)
    assert calls == [TEXT, "Nobody spoke."]  # one call per document, not per annotator
    # exact/content: annotator a1 gives (tp 1, pred 1, gold 3), a2 gives (1, 1, 1); averaged (1, 1, 2).
    c = scores.counts["exact/content"]
    assert (c.correct_pred, c.n_pred, c.correct_gold, c.n_gold) == (1, 1, 1, 2)
    assert _row(scores.as_table(), "exact/content") == pytest.approx((100.0, 50.0, 200 / 3))
    assert scores.multi_annotator_documents == 1 and scores.annotator_files == 3
    assert any("averaged" in note for note in scores.notes)


def test_span_normal_form_and_tokens() -> None:
    text = "He said  about it, “yes.”"
    # Pieces split only by whitespace are one piece; edge whitespace is dropped; order does not matter.
    assert normalize_span(((8, 13), (3, 7)), text) == ((3, 13),)
    assert normalize_span(((2, 8),), text) == ((3, 7),)
    assert normalize_span(((0, 2), (3, 7)), text) == ((0, 7),)
    assert normalize_span(((0, 2), (9, 14)), text) == ((0, 2), (9, 14))
    assert normalize_span(((2, 3),), text) == ()
    assert [text[s:e] for s, e in tokenize(text)] == ["He", "said", "about", "it", "yes"]
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0
    assert gold_as_prediction({})("unknown text") == []


# ---------------------------------------------------------------------------- brat parsing

ARTICLE = (
    "“Tax cuts work,” Smith said, “and they always will.”\n\n"
    "Jones replied that\n\nit was false.\n\n"
    "Critics, aides said, doubt it."
)


def _t(tid: str, kind: str, *pieces: tuple[int, int]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in pieces)
    return f"{tid}\t{kind} {offsets}\t{' '.join(ARTICLE[s:e] for s, e in pieces)}"


def _write_split(root: Path, ann_lines: list[str], name: str = "doc_2016-01-01_example_ab12") -> Path:
    (root / "text").mkdir(parents=True, exist_ok=True)
    (root / "attributions").mkdir(parents=True, exist_ok=True)
    (root / "text" / "doc_2016-01-01_example.txt").write_bytes(ARTICLE.encode("utf-8"))
    (root / "attributions" / f"{name}.ann").write_bytes("\n".join(ann_lines).encode("utf-8"))
    return root


def _piece(phrase: str, nth: int = 0) -> tuple[int, int]:
    return _span(ARTICLE, phrase, nth)[0]


def _ann_lines() -> list[str]:
    return [
        _t("T1", "Source", _piece("Smith")),
        _t("T2", "Cue", _piece("said")),
        _t("T3", "Content", _piece("“Tax cuts work,”")),
        _t("T4", "Content", _piece("“and they always will.”")),
        _t("T5", "Attribution", _piece("said")),
        "E1\tAttribution:T5 Source:T1 Cue:T2 Content:T3 Content2:T4",
        "#1\tAnnotatorNotes T1\tcheck this",
        "the note goes on",
        _t("T6", "Source", _piece("Jones")),
        _t("T7", "Cue", _piece("replied")),
        _t("T8", "Content", _piece("that\n\nit was false")),  # crosses two line breaks
        _t("T9", "Attribution", _piece("replied")),
        "E2\tAttribution:T9 Cue:T7 Source:T6 Content:T8",
        "",
        _t("T10", "Source", _piece("aides")),
        _t("T11", "Content", _piece("Critics"), _piece("doubt it")),  # discontinuous
        _t("T12", "Attribution", _piece("said", 1)),
        "E3\tAttribution:T12 Source:T10 Content:T11",  # no Cue argument
        _t("T13", "Attribution-no-source", _piece("replied")),
        "E4\tAttribution-no-source:T13 ",  # a bare trigger
        _t("T14", "Discard", _piece("Critics")),
        "",
        "",
    ]


def test_brat_file_with_discontinuous_and_multiline_spans(tmp_path: Path) -> None:
    gold = read_split(_write_split(tmp_path, _ann_lines()), strict=True)
    assert list(gold) == ["doc_2016-01-01_example"]
    (doc,) = gold["doc_2016-01-01_example"]
    assert doc.annotator == "ab12" and doc.text == ARTICLE
    smith, jones, aides = doc.attributions
    # Content2 is a second Content argument: both quotes form one discontinuous content.
    assert smith == Attribution(
        (_piece("Smith"),), (_piece("said"),), (_piece("“Tax cuts work,”"), _piece("“and they always will.”"))
    )
    assert [ARTICLE[s:e] for s, e in jones.content] == ["that\n\nit was false"]
    assert aides.content == (_piece("Critics"), _piece("doubt it"))
    assert aides.cue == (_piece("said", 1),)  # taken from the trigger
    assert sorted(i.kind for i in doc.issues) == ["cue_from_trigger", "empty_relation"]


def test_text_mismatch_is_reported_and_strict_raises(tmp_path: Path) -> None:
    lines = _ann_lines()
    # UTF-8 byte offsets instead of character offsets: "“" is three bytes, so spans after it shift.
    start = ARTICLE.encode("utf-8").index(b"Smith")
    lines[0] = f"T1\tSource {start} {start + 5}\tSmith"
    root = _write_split(tmp_path, lines)
    (doc,) = read_split(root)["doc_2016-01-01_example"]
    mismatches = [i for i in doc.issues if i.kind == "text_mismatch"]
    assert [(i.file, i.ann_id) for i in mismatches] == [("doc_2016-01-01_example_ab12.ann", "T1")]
    assert "Smith" in mismatches[0].detail
    with pytest.raises(PolnearFormatError, match="text_mismatch"):
        read_split(root, strict=True)
