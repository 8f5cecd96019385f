"""Import speed and memory of a Wikidata dump into the knowledge base.

Writes a synthetic dump in Wikidata's layout (gzip; see tests/kb_dump_factory.py for the
mix of people, positions, countries and other items), imports it into a fresh SQLite KB
with ``import_file`` and prints what was read and kept, the time, and the peak resident
memory of the import. The same is done for a smaller dump (100,000 entities unless told)
so that the ratio of the two peaks shows whether memory stays constant as dumps grow.

    python benchmarks/kb_import.py                       # 1,000,000 and 100,000 entities
    python benchmarks/kb_import.py --entities 200000 --baseline 20000
    python benchmarks/kb_import.py --out /tmp/kbbench    # keep the dumps and KBs there

Each dump is generated in a child process and each import runs in another fresh child,
and this process imports nothing heavy: on Linux a child's ``ru_maxrss`` starts from the
peak of the process that spawned it (the kernel carries it across fork and exec), so the
parent must stay small for the child's figure to be the import's own. The child also
reports ``VmHWM`` (the peak of its own address space) from /proc as a cross-check.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This checkout's code and its test helpers, whatever else is installed.
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def _vm_status(field: str) -> int | None:
    """A memory figure of this process from /proc/self/status, in kB (None off Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _maxrss_kb() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, kB elsewhere


def child_generate(dump: Path, entities: int, seed: int) -> dict[str, Any]:
    """Write the dump; what it holds, as the import must find it."""
    from tests.kb_dump_factory import write_dump

    start = time.perf_counter()
    stats = write_dump(dump, entities, seed=seed)
    return {
        "seconds": time.perf_counter() - start,
        "bytes": dump.stat().st_size,
        "text_bytes": stats.bytes,
        "people": stats.people,
        "positions": stats.positions,
        "countries": stats.countries,
        "statements": stats.statements,
    }


def child_import(dump: Path, kb_path: Path, batch_size: int) -> dict[str, Any]:
    """Import the dump into a new KB; counts, time and memory before and after."""
    from factdesk.kb.imports import import_file
    from factdesk.kb.store import KnowledgeBase

    kb = KnowledgeBase.open(kb_path)
    rss_before = _maxrss_kb()
    vm_before = _vm_status("VmRSS")
    start = time.perf_counter()
    summary = import_file(kb, dump, batch_size=batch_size)
    seconds = time.perf_counter() - start
    peak = _maxrss_kb()
    hwm = _vm_status("VmHWM")
    kb.close()
    return {
        "read": summary.read,
        "people": summary.people,
        "positions": summary.positions,
        "other": summary.other,
        "skipped": summary.skipped,
        "malformed": summary.malformed,
        "statements": summary.statements,
        "seconds": seconds,
        "rss_before_kb": rss_before,
        "vmrss_before_kb": vm_before,
        "peak_rss_kb": peak,
        "vmhwm_kb": hwm,
        "kb_bytes": sum(p.stat().st_size for p in kb_path.parent.glob(kb_path.name + "*")),
    }


def _run_child(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure(directory: Path, entities: int, seed: int, batch_size: int) -> dict[str, Any]:
    dump = directory / f"wikidata-{entities}.json.gz"
    kb_path = directory / f"kb-{entities}.sqlite"
    for old in directory.glob(kb_path.name + "*"):
        old.unlink()  # a fresh KB each run, also with --out
    print(f"generating {entities:,} entities -> {dump}", file=sys.stderr, flush=True)
    generated = _run_child("_generate", str(dump), str(entities), str(seed))
    print(f"importing {dump.name}", file=sys.stderr, flush=True)
    imported = _run_child("_import", str(dump), str(kb_path), str(batch_size))
    expected = (generated["people"], generated["positions"], generated["countries"], generated["statements"])
    found = (imported["people"], imported["positions"], imported["other"], imported["statements"])
    imported["check"] = "ok" if expected == found and imported["read"] == entities else f"MISMATCH {expected}"
    return {"entities": entities, "generated": generated, "imported": imported}


def _mb(kb: float | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:,.1f} MB"


def table(results: list[dict[str, Any]]) -> str:
    """Metrics down, dump sizes across."""
    rows: list[tuple[str, list[str]]] = []

    def row(name: str, cell: Callable[[dict[str, Any], dict[str, Any]], str]) -> None:
        rows.append((name, [cell(r["generated"], r["imported"]) for r in results]))

    row("dump file (gzip)", lambda g, i: f"{g['bytes'] / 2**20:,.1f} MB")
    row("dump uncompressed", lambda g, i: f"{g['text_bytes'] / 2**20:,.1f} MB")
    row("mean entity line", lambda g, i: f"{g['text_bytes'] / i['read'] / 1024:,.2f} kB")
    row("generation", lambda g, i: f"{g['seconds']:,.1f} s")
    row("entities read", lambda g, i: f"{i['read']:,}")
    row("kept: people", lambda g, i: f"{i['people']:,}")
    row("kept: positions", lambda g, i: f"{i['positions']:,}")
    row("kept: other", lambda g, i: f"{i['other']:,}")
    row("skipped", lambda g, i: f"{i['skipped']:,}")
    row("malformed", lambda g, i: f"{i['malformed']:,}")
    row("statements", lambda g, i: f"{i['statements']:,}")
    row("counts as generated", lambda g, i: i["check"])
    row("import time", lambda g, i: f"{i['seconds']:,.1f} s")
    row("entities/s", lambda g, i: f"{i['read'] / i['seconds']:,.0f}")
    row("RSS before import", lambda g, i: _mb(i["rss_before_kb"]))
    row("peak RSS (ru_maxrss)", lambda g, i: _mb(i["peak_rss_kb"]))
    row("growth during import", lambda g, i: _mb(i["peak_rss_kb"] - i["rss_before_kb"]))
    row("peak RSS (VmHWM)", lambda g, i: _mb(i["vmhwm_kb"]))
    row("KB file", lambda g, i: f"{i['kb_bytes'] / 2**20:,.1f} MB")
    header = ["", *(f"{r['entities']:,} entities" for r in results)]
    width0 = max(len(name) for name, _ in rows)
    widths = [max(len(header[k + 1]), *(len(cells[k]) for _, cells in rows)) for k in range(len(results))]
    lines = ["  ".join([header[0].ljust(width0), *(h.rjust(w) for h, w in zip(header[1:], widths, strict=True))])]
    lines.append("-" * len(lines[0]))
    for name, cells in rows:
        lines.append("  ".join([name.ljust(width0), *(c.rjust(w) for c, w in zip(cells, widths, strict=True))]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["_generate"]:
        print(json.dumps(child_generate(Path(args[1]), int(args[2]), int(args[3]))))
        return 0
    if args[:1] == ["_import"]:
        print(json.dumps(child_import(Path(args[1]), Path(args[2]), int(args[3]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=1_000_000, help="entities in the main dump")
    parser.add_argument("--baseline", type=int, default=100_000, help="entities in the comparison dump (0: none)")
    parser.add_argument("--out", type=Path, help="directory to write dumps and KBs to, kept (default: a temp dir)")
    parser.add_argument("--batch-size", type=int, default=2000, help="entities per import transaction")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(args)
    sizes = [n for n in (options.baseline, options.entities) if n > 0]

    def run(directory: Path) -> list[dict[str, Any]]:
        return [measure(directory, n, options.seed, options.batch_size) for n in sizes]

    if options.out is not None:
        options.out.mkdir(parents=True, exist_ok=True)
        results = run(options.out)
    else:
        with tempfile.TemporaryDirectory(prefix="factdesk-kb-bench-") as tmp:
            results = run(Path(tmp))
    print(table(results))
    if len(results) == 2:
        small, large = (r["imported"] for r in results)
        growth_small = small["peak_rss_kb"] - small["rss_before_kb"]
        growth_large = large["peak_rss_kb"] - large["rss_before_kb"]
        print(
            f"\npeak RSS {results[1]['entities']:,} / {results[0]['entities']:,}: "
            f"{large['peak_rss_kb'] / small['peak_rss_kb']:.2f}x "
            f"(growth during import: {_mb(growth_large)} vs {_mb(growth_small)}) "
            f"for {results[1]['entities'] / results[0]['entities']:.0f}x the entities"
        )
    print(f"\nparent peak RSS (carried into each child's ru_maxrss): {_mb(_maxrss_kb())}")
    return 0 if all(r["imported"]["check"] == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
