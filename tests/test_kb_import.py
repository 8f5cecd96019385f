"""Importing Wikidata dumps and entity files into the knowledge base: layouts, what is kept,
malformed lines, idempotence, dates and constant memory."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from factdesk.errors import MalformedRecordError
from factdesk.kb.imports import ImportSummary, import_file
from factdesk.kb.store import KnowledgeBase
from factdesk.kb.wikidata import WikiDate, iter_entities
from tests.kb_dump_factory import DumpStats, kind_of, qid, write_dump

SIZE = 600  # entities in the small dumps: 60 humans, 6 positions, 3 countries


# -- handmade entities, for the cases a test names ------------------------------


def _item(prop: str, value: str) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"value": {"entity-type": "item", "id": value}, "type": "wikibase-entityid"},
    }


def _time(prop: str, time: str, precision: int) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"value": {"time": time, "precision": precision}, "type": "time"},
    }


def _claim(claim_id: str, prop: str, value: str, rank: str = "normal", **qualifiers: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": claim_id,
        "mainsnak": _item(prop, value),
        "rank": rank,
        "qualifiers": {q: [snak] for q, snak in qualifiers.items()},
    }


def _entity(entity_id: str, label: str, claims: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"id": entity_id, "labels": {"en": {"language": "en", "value": label}}, "claims": claims}


POLITICIAN = _entity(
    "Q900",
    "Ada Example",
    {
        "P31": [_claim("Q900$a", "P31", "Q5")],
        "P39": [
            _claim("Q900$year", "P39", "Q910", P580=_time("P580", "+2019-00-00T00:00:00Z", 9)),
            _claim(
                "Q900$month",
                "P39",
                "Q911",
                P580=_time("P580", "+2020-03-00T00:00:00Z", 10),
                P582=_time("P582", "+2021-01-01T00:00:00Z", 9),
                P5102=_item("P5102", "Q4676846"),
                P642=_item("P642", "Q920"),
            ),
            _claim("Q900$decade", "P39", "Q912", P580=_time("P580", "+1990-00-00T00:00:00Z", 8)),
            _claim("Q900$old", "P39", "Q913", "deprecated", P580=_time("P580", "+2001-05-02T00:00:00Z", 11)),
        ],
    },
)
# A human whose only statement is deprecated holds nothing a dump import keeps.
NOBODY = _entity(
    "Q901",
    "Bea Example",
    {"P31": [_claim("Q901$a", "P31", "Q5")], "P39": [_claim("Q901$b", "P39", "Q910", "deprecated")]},
)
POSITION = _entity(
    "Q910",
    "Minister of Examples",
    {"P31": [_claim("Q910$a", "P31", "Q83307")], "P1001": [_claim("Q910$b", "P1001", "Q920")]},
)
COUNTRY = _entity("Q920", "Examplia", {"P31": [_claim("Q920$a", "P31", "Q6256")]})
CITY = _entity(
    "Q930", "Example City", {"P31": [_claim("Q930$a", "P31", "Q515")], "P17": [_claim("Q930$b", "P17", "Q920")]}
)


def _write_lines(path: Path, entities: list[dict[str, Any]]) -> Path:
    """The dump layout: '[', one entity a line ending with ',', the last without, ']'."""
    lines = [json.dumps(e) for e in entities]
    path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    return path


def _import(path: Path, **options: Any) -> tuple[KnowledgeBase, ImportSummary]:
    kb = KnowledgeBase.memory()
    return kb, import_file(kb, path, **options)


def _table_counts(kb: KnowledgeBase) -> dict[str, int]:
    return {
        table: int(kb.connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        for table in ("items", "names", "links", "statements")
    }


# -- generated dumps ----------------------------------------------------------


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, DumpStats]]:
    """The same generated dump, plain, gzip and bzip2."""
    directory = tmp_path_factory.mktemp("dumps")
    return {
        suffix: (directory / f"latest-all{suffix}", write_dump(directory / f"latest-all{suffix}", SIZE, seed=7))
        for suffix in (".json", ".json.gz", ".json.bz2")
    }


def test_plain_gzip_and_bzip2_dumps_give_the_same_kb(dumps: dict[str, tuple[Path, DumpStats]]) -> None:
    results = {}
    for suffix, (path, stats) in dumps.items():
        # A small plain file would be taken for an entity file (keep everything); say it is a dump.
        kb, summary = _import(path, keep_all=False)
        assert (summary.read, summary.people, summary.positions, summary.other, summary.statements) == (
            SIZE,
            stats.people,
            stats.positions,
            stats.countries,
            stats.statements,
        ), suffix
        assert summary.read == summary.kept + summary.skipped
        results[suffix] = (kb.counts(), _table_counts(kb))
    assert results[".json"] == results[".json.gz"] == results[".json.bz2"]
    # Compressed files are dumps without being told.
    _, summary = _import(dumps[".json.gz"][0])
    assert summary.kept == dumps[".json.gz"][1].kept


def test_items_that_are_neither_people_positions_nor_places_are_skipped(
    dumps: dict[str, tuple[Path, DumpStats]],
) -> None:
    path, stats = dumps[".json.gz"]
    kb, summary = _import(path)
    assert summary.skipped == SIZE - stats.kept
    others = [index for index in range(SIZE) if kind_of(index) == "other"]
    assert all(kb.item(qid(index)) is None for index in others)
    assert kb.counts()["item"] == stats.countries  # the only items besides people and positions
    assert {i.kind for i in kb.items_of_kind("position")} == {"position"}


def test_deprecated_statements_are_not_stored(tmp_path: Path, dumps: dict[str, tuple[Path, DumpStats]]) -> None:
    _, stats = dumps[".json.gz"]
    assert stats.deprecated > 0  # the generated dump has some, and its statement count leaves them out
    kb, summary = _import(_write_lines(tmp_path / "dump.json", [POLITICIAN, NOBODY, POSITION]), keep_all=False)
    assert [h.id for h in kb.statements("Q900")] == ["Q900$decade", "Q900$year", "Q900$month"]
    assert kb.item("Q901") is None  # a human with only a deprecated statement is not kept
    assert (summary.people, summary.positions, summary.statements, summary.skipped) == (1, 1, 3, 1)


def test_dates_keep_their_precision_and_qualifiers_their_meaning(tmp_path: Path) -> None:
    kb, _ = _import(_write_lines(tmp_path / "dump.json", [POLITICIAN]), keep_all=False)
    held = {h.id: h for h in kb.statements("Q900")}
    assert held["Q900$year"].start == WikiDate("2019", 9)
    assert held["Q900$month"].start == WikiDate("2020-03", 10)
    assert held["Q900$month"].end == WikiDate("2021", 9)  # precision 9 on January 1st is a year
    assert held["Q900$decade"].start == WikiDate("1990", 9)  # coarser than a year is kept as a year
    assert held["Q900$month"].acting and not held["Q900$year"].acting
    assert held["Q900$month"].jurisdiction == "Q920"


def test_entity_data_and_single_entity_files_keep_every_item(tmp_path: Path) -> None:
    entity_data = tmp_path / "Q930.json"
    entity_data.write_text(json.dumps({"entities": {"Q930": CITY, "Q920": COUNTRY}}, indent=2), encoding="utf-8")
    kb, summary = _import(entity_data)
    assert (summary.read, summary.kept, summary.other) == (2, 2, 2)
    assert kb.label("Q930") == "Example City" and kb.links("Q930", "P17") == ["Q920"]

    single = tmp_path / "Q900.json"
    single.write_text(json.dumps(POLITICIAN, indent=2), encoding="utf-8")
    summary = import_file(kb, single)
    assert (summary.read, summary.people, summary.statements) == (1, 1, 3)
    assert kb.counts() == {"human": 1, "item": 2, "statements": 3}


def _rows(kb: KnowledgeBase, table: str) -> list[tuple[Any, ...]]:
    return sorted(kb.connection.execute(f"SELECT * FROM {table}"))


def test_reimport_is_idempotent(dumps: dict[str, tuple[Path, DumpStats]]) -> None:
    path, stats = dumps[".json.bz2"]
    kb, first = _import(path)
    before = {table: _rows(kb, table) for table in ("items", "names", "links", "statements")}
    second = import_file(kb, path)
    assert first == second
    assert {table: _rows(kb, table) for table in before} == before  # same rows, none twice
    assert len(before["statements"]) == stats.statements


def test_a_malformed_line_is_counted_named_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latest-all.json.gz"
    stats = write_dump(path, SIZE, seed=3, lean=True, malformed={10, 257}, leading_blank_lines=2)
    assert stats.malformed_lines == (14, 261)  # 2 blank lines, '[', then entity i on line i + 4
    kb, summary = _import(path)
    assert summary.malformed == 2 and summary.read == SIZE
    assert summary.read == summary.kept + summary.skipped
    assert re.findall(r"line (\d+) is not JSON", "\n".join(summary.malformed_examples)) == ["14", "261"]
    # Everything else was imported: the broken human (entity 10) is the only one missing.
    assert (summary.people, summary.positions, summary.other) == (stats.people, stats.positions, stats.countries)
    assert kb.item(qid(10)) is None and kb.item(qid(20)) is not None
    # Read on its own, the first bad line stops the reader and says where.
    with pytest.raises(MalformedRecordError, match=r"line 14 is not JSON"):
        for _ in iter_entities(path):
            pass


def test_a_line_that_is_json_but_no_entity_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text("[\n" + json.dumps(COUNTRY) + ",\n42,\n" + json.dumps(POSITION) + "\n]\n", encoding="utf-8")
    _, summary = _import(path, keep_all=False)
    assert (summary.read, summary.kept, summary.malformed) == (3, 2, 1)
    assert "line 3 is not a Wikidata entity" in summary.malformed_examples[0]


def test_a_truncated_download_raises_naming_where_it_broke_off(tmp_path: Path) -> None:
    path = tmp_path / "latest-all.json.gz"
    write_dump(path, SIZE, seed=5, lean=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    kb = KnowledgeBase.memory()
    with pytest.raises(MalformedRecordError, match=r"cannot read on after line \d+ .*truncated"):
        import_file(kb, path, batch_size=5)
    assert kb.counts().get("human", 0) > 0  # batches before the break stay stored


def _peak_traced(path: Path, batch_size: int) -> int:
    kb = KnowledgeBase.open(path.with_suffix(".sqlite"))
    tracemalloc.start()
    try:
        import_file(kb, path, batch_size=batch_size)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        kb.close()


def test_memory_does_not_grow_with_the_dump(tmp_path: Path) -> None:
    # Lean entities: the test is about how many entities pass, not how long their lines are,
    # and tracemalloc makes every allocation several times dearer.
    small, large = tmp_path / "small.json.gz", tmp_path / "large.json.gz"
    write_dump(small, 2_000, seed=11, lean=True)
    write_dump(large, 20_000, seed=11, lean=True)
    # Batches small enough that the 2,000-entity dump (about 230 kept) fills several, so
    # both imports hold the same at their peak: one batch, one line, the reader's buffers.
    batch_size = 50
    warm_up = tmp_path / "warm-up.json.gz"
    write_dump(warm_up, 200, seed=11, lean=True)
    _peak_traced(warm_up, batch_size)  # first-use costs (imports, caches) outside the comparison
    small_peak = _peak_traced(small, batch_size)
    large_peak = _peak_traced(large, batch_size)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)
