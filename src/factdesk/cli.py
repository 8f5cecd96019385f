"""The ``factdesk`` command: a thin shell over :mod:`factdesk.api`."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from factdesk.about import __version__
from factdesk.errors import BadDateError, FactdeskError, PartialFailureError
from factdesk.inputs import INPUT_FORMATS, InputDocument, is_corpus, iter_inputs, parse_published
from factdesk.options import Options
from factdesk.record import ErrorRecord, Record, json_schema_text

CLAIM_CATEGORIES = (
    "killed",
    "injured",
    "missing",
    "hostages",
    "detained",
    "displaced",
    "projectiles",
    "strikes",
    "aid",
    "other_toll",
)

FORMATS = ("text", "json", "jsonl", "html")


def _fail(error: FactdeskError) -> None:
    """One line on stderr, and the error's own exit code."""
    click.echo(f"factdesk: error [{error.code}]: {error}", err=True)
    sys.exit(error.exit_code)


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except FactdeskError as error:
            _fail(error)
        except (BrokenPipeError, KeyboardInterrupt):
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="factdesk")
def main() -> None:
    """factdesk: a sourced, checkable record of what news articles report.

    \b
    Example:
      factdesk analyze article.txt --published 2025-03-21
    """


@contextlib.contextmanager
def _output(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        yield stream
    # Only a finished run replaces the output file.
    partial.replace(out)


def _with_defaults(
    documents: Iterator[InputDocument | FactdeskError], *, published: Any = None, **given: Any
) -> Iterator[InputDocument | FactdeskError]:
    """Fill a missing publication date; ``given`` values (--title, --id) replace what the input had."""
    for doc in documents:
        if isinstance(doc, InputDocument):
            if published is not None and doc.published is None:
                doc.published = published
            for key, value in given.items():
                if value is not None:
                    setattr(doc, key, value)
        yield doc


def _progress_stream(results: Iterator[Record | ErrorRecord], enabled: bool) -> Iterator[Record | ErrorRecord]:
    if not enabled:
        yield from results
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} docs/s · {task.fields[failed]} failed"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        task = progress.add_task("analyse", total=None, rate="-", failed=0)
        failed = 0
        for result in results:
            failed += isinstance(result, ErrorRecord)
            progress.advance(task)
            elapsed = progress.tasks[0].elapsed or 0.0
            done = progress.tasks[0].completed
            progress.update(task, rate=f"{done / elapsed:.1f}" if elapsed > 0 else "-", failed=failed)
            yield result


@main.command()
@click.argument("input_spec", metavar="PATH|URL|-")
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that carry none.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for a corpus.")
@click.option(
    "--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True, help="How to read the input."
)
@click.option("--title", help="Title for a single document.")
@click.option("--id", "doc_id", help="Document id for a single document.")
@click.option("--max-chars", type=click.IntRange(1), help="Bound on analysed text per document (default 1,000,000).")
@click.option("--max-bytes", type=click.IntRange(1), help="Bound on raw input per file or line (default 10,000,000).")
@click.option("--no-text", is_flag=True, help="Leave the analysed text out of JSON records.")
@click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Knowledge base to check roles against (default: $FACTDESK_KB, the imported KB, else the starter KB).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary on stderr.")
def analyze(
    input_spec: str,
    published: str | None,
    fmt: str,
    out: Path | None,
    workers: int,
    input_format: str,
    title: str | None,
    doc_id: str | None,
    max_chars: int | None,
    max_bytes: int | None,
    no_text: bool,
    kb_path: Path | None,
    quiet: bool,
) -> None:
    """Analyse an article or a corpus and print its record.

    PATH is a text file, an HTML file, a folder of them, or a JSONL corpus
    (fields id, title, date, source, text); URL is fetched; - reads stdin.
    A bad document in a corpus becomes an error record and the run goes on.

    \b
    Examples:
      factdesk analyze examples/ceasefire-talks.txt --published 2025-03-21
      factdesk analyze article.html --format json --out article.json
      factdesk analyze corpus.jsonl --format jsonl --workers 2 > records.jsonl
      cat article.txt | factdesk analyze - --format html --out report.html
    """
    from factdesk.api import analyze_many
    from factdesk.render import render_html, render_text

    try:
        default_date = parse_published(published, source="--published")
    except BadDateError as error:
        _fail(error)
    overrides: dict[str, Any] = {"include_text": not no_text, "kb_path": str(kb_path) if kb_path else None}
    if max_chars:
        overrides["max_chars"] = max_chars
    if max_bytes:
        overrides["max_bytes"] = max_bytes
    options = dataclasses.replace(Options(), **overrides)
    corpus = is_corpus(input_spec, input_format)
    documents = _with_defaults(
        iter_inputs(input_spec, options, input_format=input_format),
        published=default_date,
        title=None if corpus else title,
        id=None if corpus else doc_id,
    )
    results = analyze_many(documents, n_process=workers, options=options)

    if not corpus:
        result = next(iter(results))
        if isinstance(result, ErrorRecord):
            failure = FactdeskError(result.error.message, source=result.input)
            failure.code, failure.exit_code = result.error.code, result.error.exit_code
            _fail(failure)
        assert isinstance(result, Record)
        with _output(out) as stream:
            if fmt == "text":
                stream.write(render_text(result, color=out is None and sys.stdout.isatty()))
            elif fmt == "json":
                stream.write(result.to_json(indent=2) + "\n")
            elif fmt == "jsonl":
                stream.write(result.to_json() + "\n")
            else:
                stream.write(render_html([result]))
        return

    stored = failed = 0
    reasons: dict[str, int] = {}
    counted = _progress_stream(results, enabled=not quiet)

    def tally(items: Iterator[Record | ErrorRecord]) -> Iterator[Record | ErrorRecord]:
        nonlocal stored, failed
        for item in items:
            if isinstance(item, ErrorRecord):
                failed += 1
                reasons[item.error.code] = reasons.get(item.error.code, 0) + 1
            else:
                stored += 1
            yield item

    with _output(out) as stream:
        if fmt == "jsonl":
            for item in tally(counted):
                stream.write(item.to_json() + "\n")
        elif fmt == "json":
            stream.write("[\n")
            for number, item in enumerate(tally(counted)):
                stream.write((",\n" if number else "") + item.to_json())
            stream.write("\n]\n")
        elif fmt == "text":
            color = out is None and sys.stdout.isatty()
            for item in tally(counted):
                stream.write(render_text(item, color=color) + "\n")
        else:
            stream.write(render_html(list(tally(counted))))
    if not quiet:
        detail = ", ".join(f"{code} {n}" for code, n in sorted(reasons.items()))
        click.echo(f"factdesk: {stored} analysed, {failed} failed{f' ({detail})' if detail else ''}", err=True)
    if failed:
        raise PartialFailureError(
            f"{failed} of {stored + failed} documents failed; see the error records in the output"
        )


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
def schema(out: Path | None) -> None:
    """Print the JSON Schema of factdesk's record.

    \b
    Example:
      factdesk schema --out record.schema.json
    """
    with _output(out) as stream:
        stream.write(json_schema_text())


@main.command()
def info() -> None:
    """Show factdesk's version, its spaCy model and pipeline components.

    \b
    Example:
      factdesk info
    """
    from factdesk.pipeline import get_pipeline

    nlp = get_pipeline()
    meta = nlp.meta
    click.echo(
        json.dumps(
            {
                "factdesk": __version__,
                "model": f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}",
                "spacy_version": meta.get("spacy_version"),
                "pipeline": nlp.pipe_names,
            },
            indent=2,
        )
    )


# Options every eval command shares.
_eval_workers = click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes for analysis."
)
_eval_json = click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
# The claims-and-quotes gold set and the corpora its articles come from (eval claims, eval speakers).
_eval_claims_gold = click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of claims-and-quotes gold files (one JSON per article), e.g. eval-data/claims/dev.",
)
_eval_corpora = click.option(
    "--corpus",
    "corpora",
    required=True,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A JSONL corpus holding the gold articles (repeat for several).",
)


@main.group(name="eval")
def eval_group() -> None:
    """Score factdesk's extractors on annotated data with the literature's metrics.

    \b
    Example:
      factdesk eval quotes --polnear ../shared/eval/polnear/dev
    """


def _print_table(title: str, rows: list[tuple[str, float, float, float]], notes: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for column in ("metric", "P", "R", "F1"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, p, r, f in rows:
        table.add_row(name, f"{p:.1f}", f"{r:.1f}", f"{f:.1f}")
    console = Console(width=100)
    console.print(table)
    for note in notes:
        console.print(f"note: {note}", markup=False)


@eval_group.command(name="quotes")
@click.option(
    "--polnear",
    "split_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A PolNeAR split folder holding text/ and attributions/.",
)
@_eval_workers
@click.option("--limit", type=click.IntRange(1), help="Score only the first N documents (by id).")
@_eval_json
def eval_quotes_command(split_dir: Path, workers: int, limit: int | None, as_json: bool) -> None:
    """Score quotes and attributions on a PolNeAR split.

    Prints exact-span and token-overlap precision, recall and F1 for source,
    cue and content (as CofeNet and citron report them), the same on the
    direct-quote subset, and lenient speaker accuracy. Documents with several
    annotators are scored against each annotator and averaged.

    \b
    Example:
      factdesk eval quotes --polnear ../shared/eval/polnear/dev
    """
    from factdesk.evaluate.runs import eval_quotes

    scores = eval_quotes(split_dir, n_process=workers, limit=limit)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    title = f"PolNeAR {split_dir.name}: {scores.documents} documents, {scores.annotator_files} annotator files"
    _print_table(title, scores.as_table(), list(scores.notes))


@eval_group.command(name="claims")
@_eval_claims_gold
@_eval_corpora
@_eval_workers
@_eval_json
def eval_claims_command(gold_dir: Path, corpora: tuple[Path, ...], workers: int, as_json: bool) -> None:
    """Score numeric claims on a claims gold set.

    Precision, recall and F1 for (category, value) with claims matched by
    number span, the same requiring the right source, and hedge accuracy
    (low and high as the gold has them, over claims with the right category
    and value). Sources match leniently: both null, or names sharing half the
    words of the shorter ("Gaza Ministry of Health" ~ "the health ministry").

    \b
    Example:
      factdesk eval claims --gold eval-data/claims/dev \\
        --corpus ../shared/corpora/cnn-2024.jsonl --corpus ../shared/corpora/guardian-syria.jsonl
    """
    from factdesk.evaluate.runs import eval_claims

    scores, _ = eval_claims(gold_dir, list(corpora), n_process=workers)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    title = f"Claims {gold_dir.name}: {scores.gold} gold claims, {scores.predicted} predicted"
    notes = [f"hedge accuracy (low and high right, of right category + value): {100 * scores.hedge_accuracy:.1f}"]
    notes += [
        f"{category}: gold {g}, predicted {p}, right {r}" for category, (g, p, r) in sorted(scores.by_category.items())
    ]
    _print_table(title, scores.as_table(), notes)


@eval_group.command(name="speakers")
@_eval_claims_gold
@_eval_corpora
@_eval_workers
@_eval_json
def eval_speakers_command(gold_dir: Path, corpora: tuple[Path, ...], workers: int, as_json: bool) -> None:
    """Score direct quotes and their resolved speakers on a claims gold set.

    A gold quote is found when a predicted quote covers 30% of it; its
    speaker is right when the resolved name matches the gold's canonical
    name leniently ("he" must come out as "Bill Burns"). Prints precision,
    recall and F1 of quotes found and of quotes found with the right
    speaker, and speaker accuracy by how the gold's mention is written
    (name, pronoun, description, none).

    \b
    Example:
      factdesk eval speakers --gold eval-data/claims/dev \\
        --corpus ../shared/corpora/cnn-2024.jsonl --corpus ../shared/corpora/guardian-syria.jsonl
    """
    from factdesk.evaluate.runs import eval_speakers

    scores, _ = eval_speakers(gold_dir, list(corpora), n_process=workers)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    title = f"Speakers {gold_dir.name}: {scores.gold} gold direct quotes, {scores.predicted} predicted"
    _print_table(title, scores.as_table(), scores.notes())


@eval_group.command(name="times")
@click.option(
    "--timeml",
    "dirs",
    required=True,
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of TimeML (.tml) files; repeat for several.",
)
@_eval_workers
@click.option("--limit", type=click.IntRange(1), help="Score only the first N documents.")
@_eval_json
def eval_times_command(dirs: tuple[Path, ...], workers: int, limit: int | None, as_json: bool) -> None:
    """Score time expressions (TIMEX3) on TimeML files, TempEval-3 Task A.

    Each file is analysed with its creation time as publication date. Prints
    strict and relaxed span precision, recall and F1, type and value accuracy
    and value F1 (relaxed F1 x value accuracy), micro-averaged, DCT excluded.

    \b
    Example:
      factdesk eval times --timeml ../shared/eval/tempeval3/TimeBank --timeml ../shared/eval/tempeval3/AQUAINT
    """
    from factdesk.evaluate.runs import eval_times

    scores, gold, _predicted = eval_times(list(dirs), n_process=workers, limit=limit)
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    table = dict(scores.as_table())
    rows = [
        ("strict span", table["strict_precision"], table["strict_recall"], table["strict_f1"]),
        ("relaxed span", table["relaxed_precision"], table["relaxed_recall"], table["relaxed_f1"]),
    ]
    notes = [
        f"type accuracy {table['type_accuracy']:.1f}, value accuracy {table['value_accuracy']:.1f}, "
        f"value F1 {table['value_f1']:.1f}, type F1 {table['type_f1']:.1f}",
    ]
    title = f"TempEval-3 Task A: {len(gold)} documents, {scores.n_gold} gold timexes, {scores.n_predicted} found"
    _print_table(title, rows, notes)


@eval_group.command("roles")
@click.option(
    "--gold",
    "gold_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("eval-data/roles/statements.jsonl"),
    show_default=True,
    help="Role statements (JSONL) annotated in corpus articles.",
)
@click.option(
    "--corpus",
    "corpora",
    multiple=True,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL corpus the gold articles come from (repeatable).",
)
@click.option("--split", type=click.Choice(("dev", "test")), help="Score one half only (default: both).")
@click.option("--kb", "kb_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Knowledge base.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_roles_command(
    gold_file: Path, corpora: tuple[Path, ...], split: str | None, kb_path: Path | None, workers: int, as_json: bool
) -> None:
    """Score role verification on annotated statements: recall of the role mentions, verdict
    accuracy, and false contradictions (true statements called contradicted), listed one by one.

    \b
    Example:
      factdesk eval roles --corpus ../shared/corpora/cnn-2024.jsonl --corpus ../shared/corpora/guardian-syria.jsonl \\
        --corpus ../shared/corpora/reuters-21578.jsonl
    """
    from factdesk.evaluate.runs import eval_roles

    scores, _records = eval_roles(
        gold_file, list(corpora), split=split, kb_path=str(kb_path) if kb_path else None, n_process=workers
    )
    if as_json:
        click.echo(json.dumps(scores.to_dict(), indent=2))
        return
    click.echo(f"Role statements{f' ({split})' if split else ''}: {scores.n_gold}")
    click.echo(f"  found (person and role spans overlap): {scores.found} ({scores.recall:.1f}%)")
    click.echo(f"  verdict as expected: {scores.correct} ({scores.verdict_accuracy:.1f}%)")
    click.echo("  verdicts on gold statements: " + ", ".join(f"{k} {v}" for k, v in sorted(scores.verdicts.items())))
    click.echo(f"  false contradictions: {len(scores.false_contradictions)}")
    for line in scores.false_contradictions:
        click.echo(f"    {line}")
    click.echo(
        f"All roles found in these articles: {scores.all_roles} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(scores.all_verdicts.items()))
        + ")"
    )
    for line in scores.contradicted:
        click.echo(f"  contradicted: {line}")
    for line in scores.missed:
        click.echo(f"  missed: {line}")


def _default_db() -> Path:
    import os

    from factdesk.store import DEFAULT_DB

    return Path(os.environ.get("FACTDESK_DB") or DEFAULT_DB)


_DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The store (default: $FACTDESK_DB, else ./factdesk.db).",
)
_ROWS_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(("table", "json", "csv")), default="table", show_default=True, help="Output."
)
_LIMIT = click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True, help="Rows at most.")


def _print_rows(rows: list[dict[str, Any]], fmt: str, title: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for name in rows[0] if rows else ["(no rows)"]:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(escape("" if v is None else str(v)) for v in row.values()))
    Console(width=160).print(table)


@main.command("ingest")
@click.argument("inputs", nargs=-1, metavar="PATH...")
@click.option(
    "--from-parquet",
    "batch_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Load the output folder of 'factdesk batch' instead of analysing (repeatable).",
)
@_DB_OPTION
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Analysis processes.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for documents that carry none.")
@click.option(
    "--input-format", type=click.Choice(INPUT_FORMATS), default="auto", show_default=True, help="How to read the input."
)
@click.option(
    "--batch-size", type=click.IntRange(1, 10_000), default=32, show_default=True, help="Documents per commit."
)
@click.option("--kb", "kb_path", type=click.Path(dir_okay=False, path_type=Path), help="Knowledge base for roles.")
@click.option("--strict", is_flag=True, help="Exit with status 14 when any document failed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar on stderr.")
def ingest_command(
    inputs: tuple[str, ...],
    batch_dirs: tuple[Path, ...],
    db_path: Path | None,
    workers: int,
    published: str | None,
    input_format: str,
    batch_size: int,
    kb_path: Path | None,
    strict: bool,
    quiet: bool,
) -> None:
    """Analyse documents and store them: text and HTML files, folders, JSONL corpora, URLs.

    Idempotent by content hash (what is stored is skipped) and resumable: killed at any
    moment and run again, every document ends up stored exactly once. Failed documents are
    stored as error records with their reason.

    \b
    Examples:
      factdesk ingest ../shared/corpora/cnn-2024.jsonl --workers 2
      factdesk ingest articles/ --db desk.db --published 2025-03-21
      factdesk ingest --from-parquet batch-out/
    """
    from factdesk.ingest import IngestSummary, ingest, ingest_batch_output
    from factdesk.store import open_store

    if bool(inputs) == bool(batch_dirs):
        raise click.UsageError("give PATHs to analyse, or --from-parquet DIR with a batch output (not both)")
    if batch_dirs:
        path = db_path or _default_db()
        with open_store(path) as store:
            summary = ingest_batch_output([str(d) for d in batch_dirs], store)
        click.echo(
            f"{summary.stored:,} stored, {summary.already_stored:,} already stored, {summary.failed:,} error records "
            f"from {len(batch_dirs)} batch output(s) in {summary.seconds:.1f} s into {path}"
        )
        return

    default_date = parse_published(published, source="--published")
    options = dataclasses.replace(Options(), kb_path=str(kb_path) if kb_path else None)
    path = db_path or _default_db()
    with open_store(path) as store:
        if quiet:
            summary = ingest(
                inputs,
                store,
                options=options,
                workers=workers,
                input_format=input_format,
                published=default_date,
                batch_size=batch_size,
            )
        else:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(
                SpinnerColumn(),
                TextColumn(
                    "ingesting: {task.fields[stored]} stored, {task.fields[skipped]} skipped, "
                    "{task.fields[failed]} failed · {task.fields[rate]} docs/s"
                ),
                TimeElapsedColumn(),
                console=Console(stderr=True),
            ) as bar:
                task = bar.add_task("ingest", total=None, stored=0, skipped=0, failed=0, rate="-")

                def progress(done: IngestSummary) -> None:
                    bar.update(
                        task,
                        stored=done.stored,
                        skipped=done.already_stored + done.duplicates,
                        failed=done.failed,
                        rate=f"{done.rate:.1f}",
                    )

                summary = ingest(
                    inputs,
                    store,
                    options=options,
                    workers=workers,
                    input_format=input_format,
                    published=default_date,
                    batch_size=batch_size,
                    progress=progress,
                )
    reasons = ", ".join(f"{code} {n}" for code, n in sorted(summary.reasons.items()))
    click.echo(
        f"{summary.stored:,} stored, {summary.already_stored:,} already stored, "
        f"{summary.duplicates:,} repeated in the input, {summary.failed:,} failed"
        + (f" ({reasons})" if reasons else "")
        + f" in {summary.seconds:.1f} s ({summary.rate:.1f} docs/s) into {path}"
    )
    if strict and summary.failed:
        raise PartialFailureError(f"{summary.failed} documents failed; see 'factdesk export --table errors'")


@main.command("search")
@click.argument("text")
@_DB_OPTION
@_LIMIT
@_ROWS_FORMAT
def search_command(text: str, db_path: Path | None, limit: int, fmt: str) -> None:
    """Full-text search over the stored articles' titles and text (every word must match).

    \b
    Example:
      factdesk search "UNRWA spokesperson" --limit 10
    """
    from factdesk.store import open_store

    with open_store(db_path or _default_db(), create=False) as store:
        try:
            rows = store.search(text, limit=limit)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    _print_rows(rows, fmt, f"Articles matching {text!r}")


@main.command("claims")
@click.option("--category", type=click.Choice(CLAIM_CATEGORIES), help="Only this category.")
@click.option("--source", help="Only figures attributed to a source whose name contains this.")
@click.option("--subject", help="Only figures whose subject contains this.")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date (YYYY-MM-DD).")
@_DB_OPTION
@_LIMIT
@_ROWS_FORMAT
def claims_command(
    category: str | None,
    source: str | None,
    subject: str | None,
    since: str | None,
    until: str | None,
    db_path: Path | None,
    limit: int,
    fmt: str,
) -> None:
    """List stored figures (tolls and counts) with who they are attributed to.

    \b
    Examples:
      factdesk claims --category killed --source "health ministry" --since 2024-07-01
      factdesk claims --subject children --format csv > children.csv
    """
    from factdesk.store import ClaimQuery, open_store

    dates: dict[str, str | None] = {}
    for name, value in (("since", since), ("until", until)):
        day = parse_published(value, source=f"--{name}") if value else None
        dates[name] = day.isoformat() if day else None
    query = ClaimQuery(category, source, subject, dates["since"], dates["until"], limit)
    with open_store(db_path or _default_db(), create=False) as store:
        rows = store.claims(query)
    _print_rows(rows, fmt, "Claims")


@main.command("quotes")
@click.option("--speaker", help="Only quotes whose speaker's name contains this.")
@click.option("--text", help="Only quotes whose content has every word of this (full text).")
@_DB_OPTION
@_LIMIT
@_ROWS_FORMAT
def quotes_command(speaker: str | None, text: str | None, db_path: Path | None, limit: int, fmt: str) -> None:
    """List stored quotes, by speaker and words said.

    \b
    Examples:
      factdesk quotes --speaker "Dorothy Shea"
      factdesk quotes --text ceasefire --format json
    """
    from factdesk.store import QuoteQuery, open_store

    with open_store(db_path or _default_db(), create=False) as store:
        try:
            rows = store.quotes(QuoteQuery(speaker, text, limit))
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    _print_rows(rows, fmt, "Quotes")


@main.command("show")
@click.argument("doc_id")
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
def show_command(doc_id: str, db_path: Path | None, fmt: str) -> None:
    """Print a stored document's record, in the same formats as analyze.

    \b
    Example:
      factdesk show cnn2024-20240716-biden-allies-push-to-speed-up-nomination-vote --format json
    """
    from factdesk.render import render_html, render_text
    from factdesk.store import open_store

    with open_store(db_path or _default_db(), create=False) as store:
        record = store.record(doc_id)
    if fmt == "text":
        click.echo(render_text(record, color=sys.stdout.isatty()), nl=False)
    elif fmt == "json":
        click.echo(record.to_json(indent=2))
    elif fmt == "jsonl":
        click.echo(record.to_json())
    else:
        click.echo(render_html([record]), nl=False)


@main.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(("jsonl", "csv", "parquet")), required=True, help="File format of the tables."
)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder.")
@click.option("--table", "tables", multiple=True, help="Only this table (repeatable); default: all but mentions.")
@_DB_OPTION
def export_command(fmt: str, out_dir: Path, tables: tuple[str, ...], db_path: Path | None) -> None:
    """Write the store's flat tables (documents, quotes, claims, times, events, roles, entities,
    errors; mentions on request) to a folder, one file per table. Columns are in the README.

    \b
    Examples:
      factdesk export --format parquet --out export/
      factdesk export --format csv --out export/ --table claims
    """
    from factdesk.store import open_store
    from factdesk.store.export import DEFAULT_TABLES, export

    with open_store(db_path or _default_db(), create=False) as store:
        try:
            done = export(store, fmt, out_dir, tables or DEFAULT_TABLES)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    for item in done:
        click.echo(f"{item.table}: {item.rows:,} rows -> {item.path}")


@main.command("batch")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder."
)
@click.option(
    "--engine", type=click.Choice(("local", "dask")), default="local", show_default=True, help="Where to run."
)
@click.option("--scheduler", help="Dask scheduler address for --engine dask (tcp://HOST:8786).")
@click.option("--workers", type=click.IntRange(1, 1024), help="Local workers (default: this machine's cores).")
@click.option(
    "--partition-size", type=click.IntRange(1, 1_000_000), default=200, show_default=True, help="Documents per task."
)
@click.option("--kb", "kb_path", type=click.Path(dir_okay=False, path_type=Path), help="Knowledge base for roles.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def batch_command(
    inputs: tuple[str, ...],
    out_dir: Path,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    partition_size: int,
    kb_path: Path | None,
    quiet: bool,
) -> None:
    """Analyse a corpus on Dask and write partitioned Parquet tables (documents, quotes, claims,
    times, events, roles, entities, errors, records). Finished partitions are recorded: a rerun
    skips them, and a partition whose worker died is retried whole.

    INPUT is a JSONL corpus, a Parquet file with a text column, or a folder of text/HTML files.

    \b
    Examples:
      factdesk batch ../shared/corpora/reuters-21578.jsonl --out batch-out/ --partition-size 500
      factdesk batch corpus/ --out batch-out/ --engine dask --scheduler tcp://10.0.0.5:8786
      factdesk ingest --from-parquet batch-out/
    """
    from factdesk.batch import BatchSummary, run_batch

    options = dataclasses.replace(Options(), kb_path=str(kb_path) if kb_path else None)

    def progress(done: BatchSummary) -> None:
        if not quiet:
            click.echo(
                f"\r  partitions {done.done + done.skipped}/{done.partitions} · {done.documents:,} documents · "
                f"{done.docs_per_second:.1f} docs/s",
                err=True,
                nl=False,
            )

    try:
        summary = run_batch(
            inputs,
            out_dir,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            options=options,
            progress=progress,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if not quiet and summary.done:
        click.echo("", err=True)
    click.echo(
        f"{summary.done} partitions analysed, {summary.skipped} done before; {summary.documents:,} documents, "
        f"{summary.failed:,} failed; {summary.seconds:.1f} s ({summary.docs_per_second:.1f} docs/s, "
        f"{summary.words_per_second:,.0f} words/s) -> {out_dir}"
    )
    for problem in summary.broken:
        click.echo(f"  partition failed: {problem}", err=True)
    if summary.broken:
        raise PartialFailureError(
            f"{len(summary.broken)} partitions failed after retries; fix the cause and run the same command again "
            "(finished partitions are kept)"
        )


_KB_OPTION = click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The knowledge base file (default: $FACTDESK_KB, else the user's data directory).",
)


@main.group("kb")
def kb_group() -> None:
    """Load and inspect the knowledge base that roles are checked against.

    \b
    Example:
      factdesk kb import latest-all.json.gz
      factdesk kb show "Yoav Gallant"
    """


def _open_kb(kb_path: Path | None, *, create: bool, starter: bool = True) -> Any:
    from factdesk.kb.starter import load_starter
    from factdesk.kb.store import KnowledgeBase, default_path

    path = kb_path or default_path()
    fresh = not path.exists()
    kb = KnowledgeBase.open(path, create=create)
    if fresh and starter:
        # A new KB starts with the starter facts, so the seed's offices stay known.
        load_starter(kb)
    return kb


@kb_group.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_KB_OPTION
@click.option("--all", "keep_all", is_flag=True, help="Keep every entity, not only people, positions and places.")
@click.option("--no-starter", is_flag=True, help="Do not add the starter facts when creating a new KB.")
@click.option("--quiet", "-q", is_flag=True, help="No progress on stderr.")
def kb_import_command(
    files: tuple[Path, ...], kb_path: Path | None, keep_all: bool, no_starter: bool, quiet: bool
) -> None:
    """Import Wikidata entity JSON: Special:EntityData files, single entities, or the full
    latest-all.json dump (.gz or .bz2), streamed in constant memory. From a dump, people who held
    a position (P39) or worked somewhere (P108), positions and countries are kept.

    \b
    Examples:
      factdesk kb import Q723506.json
      factdesk kb import latest-all.json.gz --kb wikidata.kb
    """
    from factdesk.kb.imports import ImportSummary, import_file

    kb = _open_kb(kb_path, create=True, starter=not no_starter)

    def progress(summary: ImportSummary) -> None:
        if not quiet:
            click.echo(f"\r  read {summary.read:,} entities, kept {summary.kept:,}", err=True, nl=False)

    for file in files:
        summary = import_file(kb, file, keep_all=True if keep_all else None, progress=progress)
        if not quiet:
            click.echo("", err=True)
        click.echo(
            f"{file.name}: read {summary.read:,} entities; kept {summary.people:,} people, "
            f"{summary.positions:,} positions, {summary.other:,} other; {summary.statements:,} statements; "
            f"skipped {summary.skipped:,}"
        )
        if summary.malformed:
            click.echo(f"  {summary.malformed:,} malformed lines skipped, e.g.:", err=True)
        for problem in summary.malformed_examples:
            click.echo(f"  skipped: {problem}", err=True)
    click.echo(f"knowledge base: {kb.path}")


@kb_group.command("sync")
@click.option("--position", "positions", multiple=True, help="Wikidata id of a position (repeatable), e.g. Q13222899.")
@click.option(
    "--country", "countries", multiple=True, help="Wikidata id of a country whose positions to pull, e.g. Q801."
)
@click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True, help="SPARQL endpoint.")
@click.option("--timeout", type=click.FloatRange(0.1), default=60.0, show_default=True, help="Seconds per request.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True, help="Retries with backoff.")
@_KB_OPTION
def kb_sync_command(
    positions: tuple[str, ...],
    countries: tuple[str, ...],
    endpoint: str,
    timeout: float,
    retries: int,
    kb_path: Path | None,
) -> None:
    """Pull position-held statements (P39, with start and end) from the Wikidata SPARQL service
    for the given positions or countries, politely (one request at a time, retries with backoff,
    a descriptive User-Agent).

    \b
    Examples:
      factdesk kb sync --position Q13222899
      factdesk kb sync --country Q801 --country Q30
    """
    from factdesk.kb.sparql import SparqlClient, build_query, sync

    if not positions and not countries:
        raise click.UsageError("give at least one --position or --country")
    try:
        build_query(positions, countries)
    except ValueError as exc:  # ids are checked before any request is made
        raise click.UsageError(str(exc)) from exc
    kb = _open_kb(kb_path, create=True)
    with SparqlClient(endpoint, timeout=timeout, retries=retries) as client:
        summary = sync(kb, positions=positions, countries=countries, client=client)
    click.echo(
        f"synced {summary.rows:,} rows: {summary.people:,} people, {summary.positions:,} positions, "
        f"{summary.statements:,} statements into {kb.path}"
    )


@kb_group.command("show")
@click.argument("name")
@_KB_OPTION
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True, help="Output.")
def kb_show_command(name: str, kb_path: Path | None, fmt: str) -> None:
    """Print what the knowledge base knows about NAME: a person's positions with their dates,
    or a position's holders.

    \b
    Examples:
      factdesk kb show "Yoav Gallant"
      factdesk kb show "Minister of Defense of Israel" --format json
    """
    from factdesk.kb.checker import role_checker
    from factdesk.kb.describe import describe

    kb = role_checker(kb_path).kb
    found = describe(kb, name)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo(f"nothing in the knowledge base is called {name!r}")
        return
    for entry in found:
        click.echo(f"{entry['label']} ({entry['id']}, {entry['kind']}, from {entry['origin']})")
        others = [n for n in entry["names"] if n != entry["label"]]
        if others:
            click.echo(f"  also: {', '.join(others)}")
        for term in entry.get("positions", []) + entry.get("employers", []):
            acting = "acting " if term["acting"] else ""
            click.echo(f"  {acting}{term['position']}: {term['start'] or '?'} to {term['end'] or '(no end)'}")
        for term in entry.get("holders", []):
            acting = " (acting)" if term["acting"] else ""
            click.echo(f"  {term['person']}{acting}: {term['start'] or '?'} to {term['end'] or '(no end)'}")


@kb_group.command("info")
@_KB_OPTION
def kb_info_command(kb_path: Path | None) -> None:
    """Say which knowledge base roles are checked against and what it holds.

    \b
    Example:
      factdesk kb info
    """
    from factdesk.kb.checker import role_checker

    kb = role_checker(kb_path).kb
    where = str(kb.path) if kb.path else "the starter KB shipped with factdesk (no KB file imported yet)"
    click.echo(f"knowledge base: {where}")
    for kind, count in kb.counts().items():
        click.echo(f"  {kind}: {count:,}")


if __name__ == "__main__":  # pragma: no cover
    main()
