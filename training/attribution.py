"""Train factdesk's attribution tagger on PolNeAR train (CPU only).

    python training/attribution.py prepare       # parse train and dev once -> /tmp cache
    python training/attribution.py train --loss both --epochs 30 --seed 1   # fit, pick the epoch by dev F1
    python training/attribution.py reweigh --weight 0.8   # the bigram table's decoding weight

(the shipped model: those three commands). The model is a bidirectional LSTM
(thinc's own, no torch) over the features of :mod:`factdesk.extract.attribution_features`,
predicting BIO tags for source, cue and content; the decoder adds weighted tag-bigram
scores. With ``--loss token`` each token's cross-entropy is fitted and ``transitions``
adds log-probabilities counted on train; with ``--loss crf`` or ``both`` (the shipped
model's) a linear-chain CRF's negative log-likelihood of the gold tag path (alone, or
summed with the cross-entropy) is fitted and the table is learned with it, and
``reweigh`` sets its decoding weight. It is saved to ``src/factdesk/models/attribution/``. Only PolNeAR
train is fitted; dev picks the epoch and the bigram weight, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACTDESK_SHARED", ROOT.parent / "shared"))
POLNEAR = SHARED / "eval" / "polnear"
CACHE = Path(os.environ.get("FACTDESK_CACHE", "/tmp/factdesk-attribution"))
MODEL_DIR = ROOT / "src" / "factdesk" / "models" / "attribution"

sys.path.insert(0, str(ROOT / "src"))

from factdesk.evaluate.polnear import AnnotatedDoc, Attribution, read_split  # noqa: E402
from factdesk.extract.attribution_features import (  # noqa: E402
    FEATURES_VERSION,
    TAGS,
    chunks,
    sentence_index,
    token_features,
)


def gold_tags(doc: Any, annotated: AnnotatedDoc) -> list[str]:
    tags = ["O"] * len(doc)
    for attribution in annotated.attributions:
        for part, label in ((attribution.source, "SRC"), (attribution.cue, "CUE"), (attribution.content, "CON")):
            for start, end in part:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is None:
                    continue
                first = True
                for token in span:
                    if token.is_space:
                        continue
                    tags[token.i] = ("B-" if first else "I-") + label
                    first = False
    return tags


def cue_prior(docs: list[Any], tags: list[list[str]]) -> dict[str, float]:
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for doc, doc_tags in zip(docs, tags, strict=True):
        for token, tag in zip(doc, doc_tags, strict=True):
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if tag.endswith("CUE"):
                cue[lemma] += 1
    return {
        lemma: round(cue[lemma] / (n + 5), 4) for lemma, n in seen.items() if n >= 3 and cue[lemma] / (n + 5) >= 0.02
    }


def prepare(args: argparse.Namespace) -> None:
    from factdesk.pipeline import load_base_model, load_parsing_model

    # The shipped model was trained on the base model's own sentence splits; training
    # on paragraph-split sentences (--paragraphs) scored lower in the full pipeline.
    nlp = load_parsing_model() if args.paragraphs else load_base_model()
    CACHE.mkdir(parents=True, exist_ok=True)
    splits: dict[str, Any] = {}
    for split in ("train", "dev"):
        gold = read_split(POLNEAR / split)
        ids = sorted(gold)
        texts = [gold[i][0].text for i in ids]
        start = time.time()
        docs = list(nlp.pipe(texts, n_process=args.processes, batch_size=8))
        print(f"{split}: parsed {len(docs)} docs in {time.time() - start:.0f}s", flush=True)
        tags = [gold_tags(doc, gold[i][0]) for doc, i in zip(docs, ids, strict=True)]
        splits[split] = (ids, docs, tags)
    prior = cue_prior(splits["train"][1], splits["train"][2])
    print(f"cue prior: {len(prior)} lemmas")
    # The parsed docs (with the base model's tensors) are kept, so that a change to the
    # features needs no second parse: `train` computes the features from them.
    for split, (ids, docs, tags) in splits.items():
        items = [
            {
                "id": doc_id,
                "doc": doc.to_bytes(exclude=["user_data"]),
                "y": np.array([TAGS.index(t) for t in doc_tags], dtype=np.int32),
            }
            for doc_id, doc, doc_tags in zip(ids, docs, tags, strict=True)
        ]
        with (CACHE / f"{split}-docs.pkl").open("wb") as stream:
            pickle.dump(items, stream, protocol=pickle.HIGHEST_PROTOCOL)
    (CACHE / "cue_prior.json").write_text(json.dumps(prior, sort_keys=True))
    print("prepared", CACHE)


def featurize(split: str, prior: dict[str, float], version: int = FEATURES_VERSION) -> list[dict[str, Any]]:
    """The tagger's inputs for a prepared split, cached per features version."""
    from spacy.tokens import Doc

    from factdesk.pipeline import load_base_model

    cached = CACHE / f"{split}-v{version}.pkl"
    if cached.exists():
        with cached.open("rb") as stream:
            loaded: list[dict[str, Any]] = pickle.load(stream)
            return loaded
    vocab = load_base_model().vocab
    with (CACHE / f"{split}-docs.pkl").open("rb") as stream:
        prepared = pickle.load(stream)
    items = []
    for entry in prepared:
        doc = Doc(vocab).from_bytes(entry["doc"])
        items.append(
            {
                "id": entry["id"],
                "feats": token_features(doc, prior, version=version),
                "y": entry["y"],
                "chunks": chunks(doc),
                "tokens": [(t.idx, t.idx + len(t.text)) for t in doc],
                "sent_of": sentence_index(doc),
            }
        )
    with cached.open("wb") as stream:
        pickle.dump(items, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return items


def transition_table(items: list[dict[str, Any]]) -> np.ndarray:
    """log P(next tag | tag) over the training chunks, add-one smoothed.

    Weighted and added to the decoder's scores, it makes the path prefer the tag sequences
    PolNeAR's spans have; the LSTM's per-token probabilities alone often end a span early or
    start one mid-phrase.
    """
    n = len(TAGS)
    counts = np.ones((n, n))
    for item in items:
        y = item["y"]
        for start, end in item["chunks"]:
            np.add.at(counts, (y[start : end - 1], y[start + 1 : end]), 1)
    table: np.ndarray = np.log(counts / counts.sum(axis=1, keepdims=True))
    return table


def write_transitions(folder: Path, table: np.ndarray) -> None:
    """The table as the tagger reads it (``transitions.json``: rows are the previous tag)."""
    (folder / "transitions.json").write_text(json.dumps(np.round(table, 4).tolist()))


def add_transitions(args: argparse.Namespace) -> None:
    """Write the transition table into a trained model's folder and set its weight."""
    prior = json.loads((CACHE / "cue_prior.json").read_text())
    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text())
    table = transition_table(featurize("train", prior, int(meta.get("features_version", 1))))
    write_transitions(args.model, table)
    meta["transition_weight"] = args.weight
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True))
    print(f"transitions written to {args.model}, weight {args.weight}")


def reweigh(args: argparse.Namespace) -> None:
    """Set a trained model's decoding weight on its bigram table, with its dev scores at that weight.

    A CRF-trained model's learned table may decode best damped (one model's exact cue F1 on
    dev: 69.7 at 1.0, 70.9 at 0.6).
    """
    from factdesk.extract.quotes import AttributionTagger

    meta_path = args.model / "meta.json"
    meta = json.loads(meta_path.read_text())
    prior = json.loads((args.model / "cue_prior.json").read_text())
    dev_items = featurize("dev", prior, int(meta.get("features_version", 1)))
    tagger = AttributionTagger.load(args.model)
    tagger.use_transitions(json.loads((args.model / "transitions.json").read_text()), args.weight)
    scores = evaluate(tagger, dev_items, read_split(POLNEAR / "dev"))
    print(f"weight {args.weight}: dev {scores_summary(scores)}")
    meta["transition_weight"] = args.weight
    meta["dev_scores"] = scores
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True))


def build_model(args: argparse.Namespace, n_in: int) -> Any:
    from factdesk.extract.quotes import _build

    return _build(n_in, args.hidden, args.depth, args.dropout)


def _sequences(items: list[dict[str, Any]]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    xs, ys = [], []
    for item in items:
        for start, end in item["chunks"]:
            xs.append(np.ascontiguousarray(item["feats"][start:end]))
            ys.append(item["y"][start:end])
    return xs, ys


def _logsumexp(x: np.ndarray, axis: int) -> np.ndarray:
    top = x.max(axis=axis, keepdims=True)
    out: np.ndarray = (top + np.log(np.exp(x - top).sum(axis=axis, keepdims=True))).squeeze(axis)
    return out


def crf_loss(
    emissions: list[np.ndarray], ys: list[np.ndarray], trans: np.ndarray, fixed: np.ndarray, start: np.ndarray
) -> tuple[float, list[np.ndarray], np.ndarray]:
    """Negative log-likelihood of the gold tag paths under a linear-chain CRF, with its gradients.

    ``emissions``: per chunk, (tokens x tags) scores (the model's log-probabilities: a
    per-token constant changes no path's rank, so the gradient with respect to them is
    also the gradient with respect to the softmax layer's inputs); ``trans``: the learned
    tag-bigram scores; ``fixed``: the decoder's hard penalties (I-X only after B-X or
    I-X), ``start``: its penalties on the first tag. Trained this way, the tagger scores
    whole tag paths, the way the decoder reads them, rather than each token on its own.
    Returns the summed loss, d emissions per chunk and d ``trans``.
    """
    n_tags = trans.shape[0]
    lengths = np.array([e.shape[0] for e in emissions])
    longest = int(lengths.max())
    scores = np.zeros((len(emissions), longest, n_tags))
    for b, e in enumerate(emissions):
        scores[b, : e.shape[0]] = e
    bigram = (trans + fixed).astype(np.float64)
    valid = np.arange(longest)[None, :] < lengths[:, None]
    alpha = np.zeros_like(scores)
    alpha[:, 0] = scores[:, 0] + start
    for t in range(1, longest):
        step = _logsumexp(alpha[:, t - 1][:, :, None] + bigram[None], axis=1) + scores[:, t]
        # A finished chunk carries its last forward scores on through the padding.
        alpha[:, t] = np.where(valid[:, t][:, None], step, alpha[:, t - 1])
    log_z = _logsumexp(alpha[:, longest - 1], axis=1)
    beta = np.zeros_like(scores)
    for t in range(longest - 2, -1, -1):
        step = _logsumexp(bigram[None] + (scores[:, t + 1] + beta[:, t + 1])[:, None, :], axis=2)
        beta[:, t] = np.where(valid[:, t + 1][:, None], step, 0.0)
    marginals = np.exp(alpha + beta - log_z[:, None, None])
    d_trans = np.zeros((n_tags, n_tags))
    gold = 0.0
    grads = []
    for b, y in enumerate(ys):
        n = int(lengths[b])
        gold += scores[b, np.arange(n), y].sum() + start[y[0]] + bigram[y[:-1], y[1:]].sum()
        if n > 1:
            pair = alpha[b, : n - 1][:, :, None] + bigram[None] + (scores[b, 1:n] + beta[b, 1:n])[:, None, :]
            d_trans += np.exp(pair - log_z[b]).sum(axis=0)
            np.subtract.at(d_trans, (y[:-1], y[1:]), 1.0)
        grad = marginals[b, :n].copy()
        grad[np.arange(n), y] -= 1.0
        grads.append(grad.astype(np.float32))
    return float(log_z.sum() - gold), grads, d_trans


def adam_step(
    param: np.ndarray, grad: np.ndarray, moments: tuple[np.ndarray, np.ndarray], step: int, rate: float
) -> None:
    """One plain Adam update of ``param`` in place, for the CRF's bigram table.

    thinc's optimizer could take the table under a key of its own, but it clips gradients and
    decays weights, which would change the runs measured with this one."""
    first, second = moments
    first *= 0.9
    first += 0.1 * grad
    second *= 0.999
    second += 0.001 * grad**2
    corrected = first / (1 - 0.9**step)
    param -= rate * corrected / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)


def well_formed(y: np.ndarray) -> np.ndarray:
    """Gold tags as paths the decoder can produce.

    :func:`gold_tags` leaves the whitespace tokens inside a span untagged ("O" between
    "I-CON"s: a line break in a quotation); those become part of the span, else a path
    model learns to end every span at a line break. An I-X that follows no B-X or I-X
    otherwise (overlapping attributions leave some) becomes a B-X: the fixed -1e4 penalty
    of the impossible path would swamp the loss.
    """
    fixed = y.copy()
    outside = TAGS.index("O")
    for i, tag in enumerate(fixed):
        name = TAGS[tag]
        if not name.startswith("I-") or (i > 0 and TAGS[fixed[i - 1]][2:] == name[2:]):
            continue
        j = i
        while j > 0 and fixed[j - 1] == outside:
            j -= 1
        if j < i and j > 0 and TAGS[fixed[j - 1]][2:] == name[2:]:
            fixed[j:i] = tag
        else:
            fixed[i] = TAGS.index("B-" + name[2:])
    return fixed


def train(args: argparse.Namespace) -> None:
    from thinc.api import Adam, SequenceCategoricalCrossentropy, fix_random_seed

    from factdesk.extract.quotes import AttributionTagger

    fix_random_seed(args.seed)
    random.seed(args.seed)
    prior = json.loads((CACHE / "cue_prior.json").read_text())
    train_items = featurize("train", prior, args.features_version)
    dev_items = featurize("dev", prior, args.features_version)
    dev_gold = read_split(POLNEAR / "dev")
    transitions = transition_table(train_items)
    xs, ys = _sequences(train_items)
    if args.loss != "token":
        ys = [well_formed(y) for y in ys]
    n_in = xs[0].shape[1]
    model = build_model(args, n_in)
    model.initialize(X=xs[:4], Y=[np.eye(len(TAGS), dtype="f")[y] for y in ys[:4]])
    # Averaged parameters generalise better than the last step's (as spaCy trains).
    optimizer = Adam(args.learn_rate, use_averages=True)
    loss_calc = SequenceCategoricalCrossentropy(normalize=True)
    order = list(range(len(xs)))
    best = (-1.0, 0)
    crf = args.loss in ("crf", "both")
    if crf:
        from factdesk.extract.quotes import _MASK, _START_FORBIDDEN

        # The learned bigram scores start from the counted table and are fitted with their own Adam.
        learned = transitions.copy()
        moments = (np.zeros_like(learned), np.zeros_like(learned))
        transitions_used = learned
    for epoch in range(1, args.epochs + 1):
        random.shuffle(order)
        start = time.time()
        total = 0.0
        for b in range(0, len(order), args.batch):
            batch = order[b : b + args.batch]
            bx = [xs[i] for i in batch]
            by = [np.eye(len(TAGS), dtype="f")[ys[i]] for i in batch]
            guesses, backprop = model.begin_update(bx)
            if crf:
                emissions = [np.log(np.clip(g, 1e-9, 1.0)) for g in guesses]
                loss, grads, d_trans = crf_loss(emissions, [ys[i] for i in batch], learned, _MASK, _START_FORBIDDEN)
                # Scaled as thinc's sequence cross-entropy scales its gradients: per chunk, not per token.
                grads = [g / len(batch) for g in grads]
                if args.loss == "both":
                    token_grads, token_loss = loss_calc(guesses, by)
                    grads = [g + t for g, t in zip(grads, token_grads, strict=True)]
                step = len(order) // args.batch * (epoch - 1) + b // args.batch + 1
                adam_step(learned, d_trans / len(batch), moments, step, args.learn_rate)
            else:
                grads, loss = loss_calc(guesses, by)
            backprop(grads)
            model.finish_update(optimizer)
            total += float(loss)
        with model.use_params(optimizer.averages):
            tagger = AttributionTagger(model=model, cue_prior=prior, features_version=args.features_version)
            if crf:
                transitions_used = learned.copy()
                tagger.use_transitions(transitions_used, 1.0)
            elif args.transition_weight:
                tagger.use_transitions(transitions, args.transition_weight)
            scores = evaluate(tagger, dev_items, dev_gold)
            summary = scores_summary(scores)
            print(f"epoch {epoch} loss {total:.1f} {time.time() - start:.0f}s dev {summary}", flush=True)
            key = mean_exact_f1(scores)
            if key > best[0]:
                best = (key, epoch)
                save(model, prior, args, epoch, scores, transitions_used if crf else transitions)
    print("best epoch", best)


def evaluate(tagger: Any, dev_items: list[dict[str, Any]], dev_gold: dict[str, list[AnnotatedDoc]]) -> dict[str, Any]:
    from factdesk.evaluate.polnear import score

    by_text: dict[str, Any] = {}
    for item in dev_items:
        by_text[dev_gold[item["id"]][0].text] = item

    def predict(text: str) -> list[Attribution]:
        item = by_text[text]
        raw = tagger.attributions_from_features(text, item["feats"], item["tokens"], item["chunks"], item["sent_of"])
        return [Attribution(source=tuple(a.source), cue=tuple(a.cue), content=tuple(a.content)) for a in raw]

    result = score(dev_gold, predict)
    return result.to_dict()


def scores_summary(scores: dict[str, Any]) -> str:
    metrics = scores["metrics"]
    return " ".join(f"{name}={m['f1']:.1f}" for name, m in metrics.items() if not name.startswith("quote"))


def mean_exact_f1(scores: dict[str, Any]) -> float:
    metrics = scores["metrics"]
    values = [m["f1"] for name, m in metrics.items() if name.startswith("exact")]
    return sum(values) / len(values)


def save(
    model: Any,
    prior: dict[str, float],
    args: argparse.Namespace,
    epoch: int,
    scores: dict[str, Any],
    transitions: np.ndarray,
) -> None:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    model.to_disk(out / "model.bin")
    (out / "cue_prior.json").write_text(json.dumps(prior, sort_keys=True))
    write_transitions(out, transitions)
    meta = {
        "name": "factdesk_attribution_tagger",
        "features_version": args.features_version,
        "transition_weight": 1.0 if args.loss != "token" else args.transition_weight,
        "loss": args.loss,
        "seed": args.seed,
        "epochs": args.epochs,
        "tags": list(TAGS),
        "hidden": args.hidden,
        "depth": args.depth,
        "epoch": epoch,
        "trained_on": "PolNeAR train (840 articles, first annotator file per article)",
        "dev_scores": scores,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--paragraphs", action="store_true", help="split sentences at paragraph breaks first")
    t = sub.add_parser("train")
    t.add_argument("--epochs", type=int, default=12)
    t.add_argument("--hidden", type=int, default=128)
    t.add_argument("--depth", type=int, default=1)
    t.add_argument("--dropout", type=float, default=0.2)
    t.add_argument("--learn-rate", type=float, default=0.002)
    t.add_argument("--batch", type=int, default=16)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--features-version", type=int, default=FEATURES_VERSION, help="1: without the tree features")
    t.add_argument("--transition-weight", type=float, default=0.2, help="weight of the tag-bigram log-probabilities")
    t.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the best model")
    t.add_argument(
        "--loss",
        choices=("token", "crf", "both"),
        default="token",
        help="per-token cross-entropy, a CRF over tag paths, or both summed",
    )
    x = sub.add_parser("transitions", help="add the tag-bigram table to a trained model")
    x.add_argument("--model", type=Path, default=MODEL_DIR)
    x.add_argument("--weight", type=float, default=0.2)
    w = sub.add_parser("reweigh", help="set a trained model's decoding weight on its bigram table")
    w.add_argument("--model", type=Path, default=MODEL_DIR)
    w.add_argument("--weight", type=float, required=True)
    args = parser.parse_args()
    {"prepare": prepare, "train": train, "transitions": add_transitions, "reweigh": reweigh}[args.command](args)


if __name__ == "__main__":
    main()
