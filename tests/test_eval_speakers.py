"""The speakers scorer: quotes found by overlap, speakers matched by name, mention kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.errors import InputNotFoundError, MalformedRecordError
from factdesk.evaluate.speakers import GoldQuote, PredictedQuote, read_gold_quotes, score_doc


def _gold(start: int, end: int, speaker: str | None, kind: str = "name") -> GoldQuote:
    return GoldQuote(start=start, end=end, speaker=speaker, mention=None, mention_kind=kind)


def test_found_with_the_right_and_the_wrong_speaker() -> None:
    gold = [_gold(0, 100, "Bill Burns", "pronoun"), _gold(200, 300, "Hamas"), _gold(400, 500, "UN")]
    predicted = [
        PredictedQuote(content=((10, 100),), speaker="Burns"),  # 90% covered, speaker matches leniently
        PredictedQuote(content=((200, 220),), speaker="Hamas"),  # 20% covered: not found
        PredictedQuote(content=((400, 500),), speaker="Israel"),  # found, wrong speaker
        PredictedQuote(content=((600, 650),), speaker="Hamas"),  # no gold quote there
    ]
    scores = score_doc(gold, predicted)
    assert (scores.gold, scores.predicted, scores.found, scores.speaker_right) == (3, 4, 2, 1)
    assert scores.predicted_right == 2 and scores.predicted_right_speaker == 1
    assert scores.by_kind == {"pronoun": [1, 1], "name": [1, 0]}
    rows = {name: (p, r) for name, p, r, _f in scores.as_table()}
    assert rows["direct quote found"] == (50.0, pytest.approx(200 / 3))
    assert rows["direct quote + speaker"] == (25.0, pytest.approx(100 / 3))
    assert scores.speaker_accuracy == 0.5


def test_one_prediction_can_cover_a_split_quote() -> None:
    # '"A," he said, "B."' is two gold quotes and may be one predicted quote with two pieces.
    gold = [_gold(0, 10, "Ana Torres"), _gold(30, 50, "Ana Torres")]
    predicted = [PredictedQuote(content=((0, 10), (30, 50)), speaker="Ana Torres")]
    scores = score_doc(gold, predicted)
    assert scores.found == 2 and scores.speaker_right == 2 and scores.predicted_right == 1


def test_no_speaker_on_either_side_counts_as_right() -> None:
    scores = score_doc([_gold(0, 10, None, "none")], [PredictedQuote(content=((0, 10),), speaker=None)])
    assert scores.speaker_right == 1


def test_read_gold_quotes_classifies_mentions(tmp_path: Path) -> None:
    text = "“We will act,” he said. “Soon,” the minister said. “Now,” Ana Torres said."
    quotes = [
        {"start": 1, "end": 12, "speaker": "Ana Torres", "speaker_start": 15, "speaker_end": 17},
        {"start": 25, "end": 29, "speaker": "Ana Torres", "speaker_start": 32, "speaker_end": 44},
        {"start": 52, "end": 55, "speaker": "Ana Torres", "speaker_start": 58, "speaker_end": 68},
        {"start": 52, "end": 55, "speaker": "a resident", "speaker_start": None, "speaker_end": None},
    ]
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "claims": [], "quotes": quotes}), encoding="utf-8")
    gold = read_gold_quotes(tmp_path, {"a": text})
    assert [q.mention_kind for q in gold["a"]] == ["pronoun", "description", "name", "none"]


def test_read_gold_quotes_errors(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError):
        read_gold_quotes(tmp_path, {})
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "quotes": [{"start": 1}]}), encoding="utf-8")
    with pytest.raises(InputNotFoundError, match="not in the corpora"):
        read_gold_quotes(tmp_path, {})
    with pytest.raises(MalformedRecordError):
        read_gold_quotes(tmp_path, {"a": "text"})


def test_a_mixed_quote_closed_by_two_right_single_marks_is_scored() -> None:
    # The scorer keeps mixed quotes that quote three words or more; “…’’ quotes as “…” does.
    import factdesk
    from factdesk.evaluate.runs import quotes_as_predicted

    text = "Prakash said he was “the son of a Buddhist family and later I chose Islam,’’ the court heard."
    record = factdesk.analyze(text, options=factdesk.Options(check_language=False, check_roles=False))
    assert [q.kind for q in record.quotes] == ["mixed"]
    assert [q.speaker for q in quotes_as_predicted(record)] == ["Prakash"]
