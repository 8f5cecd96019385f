"""Score direct quotes and their resolved speakers against factdesk's claims-and-quotes gold set.

PolNeAR scores where a source span is, not who it stands for: "he said" counts as right when
the span "he" is. The gold set in ``eval-data/claims`` names each direct quote's speaker as a
canonical name, with pronouns and descriptions resolved ("he" -> "Bill Burns", "the ministry"
-> "Gaza Ministry of Health"), so it measures speaker resolution itself.

Matching, per document:

- a gold quote is **found** when one predicted quote's content pieces cover at least 30% of
  its characters (PolNeAR's lenient measure); the predicted quote covering most is its match;
- predicted quotes scored are those with quoted words (kind ``direct`` or ``mixed``); one is
  right when it is the match of some gold quote (and right with its speaker when it is the
  match of a gold quote whose speaker it has right);
- the **speaker** of a found quote is right when the predicted speaker's name and the gold's
  match leniently (:func:`factdesk.evaluate.claims.same_source`: names sharing half the words
  of the shorter, "Burns" ~ "Bill Burns"), or both are absent.

Accuracy is also broken down by how the gold's nearest mention of the speaker is written:
a name, a pronoun, a description, or no mention in reach.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factdesk.errors import InputNotFoundError, MalformedRecordError
from factdesk.evaluate.claims import same_source
from factdesk.evaluate.metrics import f1, ratio

__all__ = ["GoldQuote", "PredictedQuote", "SpeakerScores", "read_gold_quotes", "score_doc"]

# A gold quote is found when a prediction covers this share of its characters (as PolNeAR's lenient match).
FOUND_SHARE = 0.3
_PRONOUNS = frozenset("he she it they we i him her them his its their".split())
MENTION_KINDS = ("name", "pronoun", "description", "none")


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    speaker: str | None
    mention: tuple[int, int] | None
    mention_kind: str


@dataclass(frozen=True)
class PredictedQuote:
    content: tuple[tuple[int, int], ...]
    speaker: str | None


@dataclass
class SpeakerScores:
    """Summed counts over documents; the figures are properties."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    predicted_right: int = 0
    predicted_right_speaker: int = 0
    found: int = 0
    speaker_right: int = 0
    # mention kind -> [found, speaker right]
    by_kind: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: SpeakerScores) -> None:
        self.documents += other.documents
        self.gold += other.gold
        self.predicted += other.predicted
        self.predicted_right += other.predicted_right
        self.predicted_right_speaker += other.predicted_right_speaker
        self.found += other.found
        self.speaker_right += other.speaker_right
        for kind, counts in other.by_kind.items():
            mine = self.by_kind.setdefault(kind, [0, 0])
            mine[0] += counts[0]
            mine[1] += counts[1]

    @property
    def speaker_accuracy(self) -> float:
        """Right speakers over found quotes."""
        return ratio(self.speaker_right, self.found)

    def as_table(self) -> list[tuple[str, float, float, float]]:
        """(measure, precision, recall, F1) rows in percent: quotes found, and found with the right speaker."""
        rows = []
        for name, right_predicted, right_gold in (
            ("direct quote found", self.predicted_right, self.found),
            ("direct quote + speaker", self.predicted_right_speaker, self.speaker_right),
        ):
            p = ratio(right_predicted, self.predicted)
            r = ratio(right_gold, self.gold)
            rows.append((name, 100 * p, 100 * r, 100 * f1(p, r)))
        return rows

    def notes(self) -> list[str]:
        notes = [f"speaker accuracy over found quotes: {100 * self.speaker_accuracy:.1f} ({self.found} found)"]
        for kind in MENTION_KINDS:
            found, right = self.by_kind.get(kind, [0, 0])
            notes.append(f"  speaker written as {kind}: {100 * ratio(right, found):.1f} of {found}")
        return notes

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.documents, "gold": self.gold, "predicted": self.predicted}
        for name, p, r, f in self.as_table():
            out[name.replace(" + ", "_").replace(" ", "_")] = {
                "precision": round(p, 2),
                "recall": round(r, 2),
                "f1": round(f, 2),
            }
        out["speaker_accuracy"] = round(100 * self.speaker_accuracy, 2)
        out["by_mention"] = {
            kind: {"found": found, "right": right, "accuracy": round(100 * ratio(right, found), 2)}
            for kind, (found, right) in sorted(self.by_kind.items())
        }
        return out


def _mention_kind(text: str, mention: tuple[int, int] | None, speaker: str | None) -> str:
    """How the speaker's nearest mention is written: its name, a pronoun, or a description."""
    if mention is None:
        return "none"
    written = text[mention[0] : mention[1]].strip()
    if written.lower() in _PRONOUNS:
        return "pronoun"
    if speaker is not None and same_source(speaker, written):
        return "name"
    return "description"


def read_gold_quotes(directory: Path, texts: dict[str, str]) -> dict[str, list[GoldQuote]]:
    """The gold quotes of every ``*.json`` file in ``directory`` (article id -> quotes).

    ``texts`` (article id -> text) classifies each speaker mention; files whose article is
    missing from it are an error, since their offsets cannot be read.
    """
    files = sorted(directory.glob("*.json"))
    if not files:
        raise InputNotFoundError(f"no gold files (*.json) in {directory}; pass a folder such as eval-data/claims/dev")
    found: dict[str, list[GoldQuote]] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            doc_id = str(data["id"])
            if doc_id not in texts:
                raise InputNotFoundError(f"{path}: article {doc_id} is not in the corpora given", source=str(path))
            text = texts[doc_id]
            quotes = []
            for q in data.get("quotes", []):
                start, end = q.get("speaker_start"), q.get("speaker_end")
                mention = (int(start), int(end)) if start is not None and end is not None else None
                speaker = q.get("speaker") or None
                quotes.append(
                    GoldQuote(
                        start=int(q["start"]),
                        end=int(q["end"]),
                        speaker=speaker,
                        mention=mention,
                        mention_kind=_mention_kind(text, mention, speaker),
                    )
                )
            found[doc_id] = quotes
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedRecordError(f"{path}: not a quotes gold file ({exc})", source=str(path)) from exc
    return found


def _covered(gold: GoldQuote, pieces: Iterable[tuple[int, int]]) -> int:
    return sum(max(0, min(gold.end, b) - max(gold.start, a)) for a, b in pieces)


def score_doc(gold: list[GoldQuote], predicted: list[PredictedQuote]) -> SpeakerScores:
    """Scores of one document's predicted direct quotes against its gold quotes."""
    scores = SpeakerScores(documents=1, gold=len(gold), predicted=len(predicted))
    matched: set[int] = set()
    right_speaker: set[int] = set()
    for quote in gold:
        width = max(1, quote.end - quote.start)
        best, best_cover = None, 0
        for index, guess in enumerate(predicted):
            cover = _covered(quote, guess.content)
            if cover > best_cover:
                best, best_cover = index, cover
        if best is None or best_cover < FOUND_SHARE * width:
            continue
        matched.add(best)
        scores.found += 1
        counts = scores.by_kind.setdefault(quote.mention_kind, [0, 0])
        counts[0] += 1
        if same_source(quote.speaker, predicted[best].speaker):
            scores.speaker_right += 1
            counts[1] += 1
            right_speaker.add(best)
    scores.predicted_right = len(matched)
    scores.predicted_right_speaker = len(right_speaker)
    return scores
