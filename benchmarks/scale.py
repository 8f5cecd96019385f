"""Scale-out benchmark: factdesk batch on a Dask LocalCluster with 1 and 2 workers, against
bare ``nlp.pipe`` of the same spaCy model on the same texts, in the same run.

Prints documents/s and words/s per setting, the speed-up of 2 workers over 1, the ratio of
factdesk's full pipeline to bare ``nlp.pipe`` (same parallelism), and each worker's peak
memory (RSS).

    python benchmarks/scale.py                 # a 3,000-document sample of both corpora
    python benchmarks/scale.py --limit 0       # all of cnn-2024 and reuters-21578 (~23,000)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("FACTDESK_SHARED", ROOT.parent / "shared"))
CORPORA = [SHARED / "corpora" / "cnn-2024.jsonl", SHARED / "corpora" / "reuters-21578.jsonl"]


def sample(limit: int, seed: int = 7) -> list[dict[str, str]]:
    """Documents with text from both corpora; a seeded random sample of ``limit`` (0: all)."""
    docs: list[dict[str, str]] = []
    for corpus in CORPORA:
        with corpus.open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                if isinstance(doc.get("text"), str) and doc["text"].strip():
                    docs.append({"id": str(doc["id"]), "date": str(doc.get("date") or ""), "text": doc["text"]})
    if limit and limit < len(docs):
        docs = random.Random(seed).sample(docs, limit)
    return docs


def bare(texts: list[str], processes: int) -> float:
    """Seconds for bare ``nlp.pipe`` of the base model over ``texts``."""
    from factdesk.pipeline import load_base_model

    nlp = load_base_model()
    nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
    started = time.perf_counter()
    for _doc in nlp.pipe(texts, n_process=processes, batch_size=16):
        pass
    return time.perf_counter() - started


def batch(corpus: Path, workers: int, partition_size: int) -> tuple[float, int, dict[int, float]]:
    """Seconds, documents analysed and peak RSS (MB) per worker for ``factdesk batch``."""
    from factdesk.batch import run_batch
    from factdesk.options import Options

    with tempfile.TemporaryDirectory() as out:
        summary = run_batch(
            [str(corpus)], out, workers=workers, partition_size=partition_size, options=Options(check_language=False)
        )
    peaks: dict[int, float] = {}
    for result in summary.results:
        peaks[result.worker_pid] = max(peaks.get(result.worker_pid, 0.0), result.peak_rss_mb)
    # The cluster's start and the pipeline's load on each worker are in the time, as a user sees it.
    return summary.seconds, summary.documents + summary.failed, peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=3000, help="documents (0: all of both corpora)")
    parser.add_argument("--partition-size", type=int, default=200)
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each setting, alternating; the fastest counts (noisy machines)"
    )
    args = parser.parse_args(argv)

    docs = sample(args.limit)
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "sample.jsonl"
        corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        best: dict[tuple[str, int], tuple[float, int, dict[int, float]]] = {}

        def keep(name: str, workers: int, seconds: float, count: int, peaks: dict[int, float]) -> None:
            # The fastest run of a setting is the one least slowed by other load on the machine;
            # peak memory is the highest seen in any run.
            old = best.get((name, workers))
            if old is not None:
                # Worker processes are new in each run: pair them by rank of their peak.
                mine, theirs = sorted(peaks.values()), sorted(old[2].values())
                peaks = {k: max(a, b) for k, (a, b) in enumerate(zip(mine, theirs, strict=False))}
                if old[0] <= seconds:
                    best[(name, workers)] = (old[0], old[1], peaks)
                    return
            best[(name, workers)] = (seconds, count, peaks)

        for _run in range(max(1, args.repeat)):
            for workers in (1, 2):
                keep("bare nlp.pipe", workers, bare(texts, workers), len(texts), {})
                keep("factdesk batch (dask)", workers, *batch(corpus, workers, args.partition_size))
        rows = [(name, workers, *best[(name, workers)]) for name, workers in best]
        rows.sort(key=lambda row: (row[1], row[0] != "bare nlp.pipe"))

    print(
        f"documents: {len(texts):,}  words: {words:,}  partition size: {args.partition_size}  "
        f"runs per setting: {max(1, args.repeat)} (fastest shown)"
    )
    print(f"{'run':24} {'workers':>7} {'seconds':>9} {'docs/s':>8} {'words/s':>9} {'peak RSS per worker (MB)':>26}")
    rate: dict[tuple[str, int], float] = {}
    for name, workers, seconds, count, peaks in rows:
        rate[(name, workers)] = count / seconds
        peak = ", ".join(f"{mb:,.0f}" for mb in sorted(peaks.values())) or "-"
        print(f"{name:24} {workers:>7} {seconds:>9.1f} {count / seconds:>8.1f} {words / seconds:>9,.0f} {peak:>26}")
    print()
    speedup = rate[("factdesk batch (dask)", 2)] / rate[("factdesk batch (dask)", 1)]
    print(f"speed-up of 2 workers over 1: {speedup:.2f}x (target >= 1.7)")
    for workers in (1, 2):
        ratio = rate[("factdesk batch (dask)", workers)] / rate[("bare nlp.pipe", workers)]
        print(f"factdesk / bare nlp.pipe with {workers} worker(s): {ratio:.2f} (target >= 0.7)")
    peak_all = max((mb for _n, _w, _s, _c, peaks in rows for mb in peaks.values()), default=0.0)
    print(f"peak RSS of any worker: {peak_all:,.0f} MB (target <= 1,536)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
