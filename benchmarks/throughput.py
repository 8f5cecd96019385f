"""Throughput of factdesk's analyze_many against bare nlp.pipe of the same model.

Both run in this process on the same texts, with 1 and 2 processes; the ratio
(factdesk / bare) is the figure to watch, since absolute speed depends on the
machine.

    python benchmarks/throughput.py                      # 400 CNN articles
    python benchmarks/throughput.py --limit 0            # all 1,405
    python benchmarks/throughput.py --corpus other.jsonl --processes 1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("FACTDESK_SHARED", ROOT.parent / "shared")) / "corpora" / "cnn-2024.jsonl"


def load(corpus: Path, limit: int) -> list[dict[str, str]]:
    with corpus.open(encoding="utf-8") as stream:
        lines: Iterable[str] = stream if limit <= 0 else islice(stream, limit)
        docs = [json.loads(line) for line in lines]
    return [d for d in docs if isinstance(d.get("text"), str) and d["text"].strip()]


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = run()
    return time.perf_counter() - start, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus with a text field")
    parser.add_argument("--limit", type=int, default=400, help="documents to use (0: all)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="process counts to run")
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args(argv)

    import factdesk
    from factdesk.pipeline import COMPONENTS, get_pipeline, load_base_model

    docs = load(args.corpus, args.limit)
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)
    bare = load_base_model()
    get_pipeline()  # load outside the timings
    # Warm both up so neither pays first-call costs inside its timing.
    list(bare.pipe(texts[:8]))
    list(factdesk.analyze_many(docs[:8]))

    rows: list[tuple[str, int, float, float, float]] = []
    ratios: dict[int, float] = {}
    for n in args.processes:
        bare_s, bare_n = timed(lambda n=n: sum(1 for _ in bare.pipe(texts, n_process=n, batch_size=args.batch_size)))
        fd_s, fd_n = timed(
            lambda n=n: sum(1 for _ in factdesk.analyze_many(docs, n_process=n, batch_size=args.batch_size))
        )
        assert bare_n == fd_n == len(docs)
        rows.append(("bare nlp.pipe", n, bare_s, len(docs) / bare_s, words / bare_s))
        rows.append(("factdesk analyze_many", n, fd_s, len(docs) / fd_s, words / fd_s))
        ratios[n] = (len(docs) / fd_s) / (len(docs) / bare_s)

    # Per-component cost: the pipeline run stage by stage over the same texts (each stage
    # over every document, batched as nlp.pipe batches), best of three runs per stage, so
    # that one noisy stage does not shift the others' shares.
    nlp = get_pipeline()
    factdesk_names = {name for _factory, name in COMPONENTS}
    stage_seconds: dict[str, float] = {}
    for _ in range(3):
        staged = [nlp.make_doc(text) for text in texts]
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            if hasattr(proc, "pipe"):
                staged = list(proc.pipe(staged, batch_size=args.batch_size))
            else:
                staged = [proc(doc) for doc in staged]
            seconds = time.perf_counter() - start
            stage_seconds[name] = min(seconds, stage_seconds.get(name, seconds))
    base_stage = sum(sec for name, sec in stage_seconds.items() if name not in factdesk_names)

    print(f"corpus: {args.corpus.name}  documents: {len(docs):,}  words: {words:,}  batch size: {args.batch_size}")
    print(f"{'pipeline':<24}{'procs':>6}{'seconds':>10}{'docs/s':>10}{'words/s':>12}")
    for name, n, seconds, dps, wps in rows:
        print(f"{name:<24}{n:>6}{seconds:>10.2f}{dps:>10.1f}{wps:>12,.0f}")
    print()
    for n, ratio in ratios.items():
        print(f"throughput ratio factdesk/bare with {n} process(es): {ratio:.3f}")
    print()
    print(f"{'stage (1 process, best of 3)':<30}{'seconds':>10}{'vs base':>10}")
    for name, seconds in stage_seconds.items():
        share = f"{seconds / base_stage:>10.1%}" if name in factdesk_names else ""
        print(f"{name:<30}{seconds:>10.2f}{share}")
    print(f"{'base model (sum)':<30}{base_stage:>10.2f}")
    if 1 in ratios and 2 in ratios:
        bare_speedup = rows[0][2] / rows[2][2]
        fd_speedup = rows[1][2] / rows[3][2]
        print(f"speed-up 2 vs 1 process: bare {bare_speedup:.2f}x, factdesk {fd_speedup:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
