"""The linkage engines: embedded DuckDB, and Spark in local mode scoring what DuckDB scores."""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from talentbridge.errors import Invalid
from talentbridge.registry import features, linkage, model, service
from talentbridge.registry.engines import (
    SPARK_QUICK_START,
    Engine,
    EngineUnavailable,
    SparkEngine,
    _jvm_size,
    open_engine,
)

needs_java = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="the Spark engine needs a Java 17 runtime (apt-get install default-jre-headless; CI installs it)",
)

SCHEMA = pa.schema([(name, pa.int64() if name == "unique_id" else pa.string()) for name in features.COLUMNS])
LAYOUTS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")
GAMMAS = (
    "gamma_name",
    "gamma_birth_date",
    "gamma_email",
    "gamma_phone",
    "gamma_nationality",
    "gamma_prefecture",
    "gamma_sex",
)
SCORED = ("unique_id_l", "unique_id_r", "match_probability", *GAMMAS)


def test_duckdb_engine_registers_an_arrow_table_and_reads_it_back() -> None:
    table = pa.table({"unique_id": pa.array([1, 2, 3], pa.int64()), "name": ["an", None, "lan"]})
    with open_engine("duckdb", memory_limit="1GB") as engine:
        assert engine.name == "duckdb"
        frame = engine.register(table, "people")
        assert sorted(engine.rows(frame, ["unique_id", "name"]), key=lambda row: row[0]) == [
            (1, "an"),
            (2, None),
            (3, "lan"),
        ]
        assert engine.rows(frame, ["name"])[0] in {("an",), (None,), ("lan",)}


def test_engines_refuse_what_they_cannot_do(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(EngineUnavailable, match="choose one of duckdb, spark"):
        open_engine("flink")
    with pytest.raises(EngineUnavailable, match="not a size such as 8GB"):
        open_engine("duckdb", memory_limit="lots")
    assert issubclass(EngineUnavailable, Invalid)  # the CLI shows its message and exits 1

    # No Java: said before anything starts, with what to install.
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(EngineUnavailable, match=r"no `java` on PATH.*talentbridge\[spark\].*Java 17"):
        open_engine("spark")

    # No pyspark: an ImportError becomes the same advice.
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(EngineUnavailable, match=r"needs pyspark.*pip install 'talentbridge\[spark\]'"):
        open_engine("spark")


@pytest.mark.parametrize(
    ("given", "jvm"), [("8GB", "8192m"), ("8g", "8192m"), ("1.5GiB", "1536m"), ("512MB", "512m"), ("1t", "1048576m")]
)
def test_memory_limits_become_jvm_heap_sizes(given: str, jvm: str) -> None:
    assert _jvm_size(given) == jvm


@pytest.mark.parametrize(("given", "refusal"), [("80%", "not a size"), ("lots", "not a size"), ("100MB", "too small")])
def test_memory_limits_spark_cannot_take_are_refused(given: str, refusal: str) -> None:
    with pytest.raises(EngineUnavailable, match=refusal):
        _jvm_size(given)


# --- Spark against DuckDB -----------------------------------------------------------------


def _register_rows(folder: Path) -> list[dict[str, Any]]:
    """The generated feeds as `linkage.link` reads them (canonical records, ids in file
    order), mapped without a database: the first row of a record id wins, as on import."""
    from talentbridge.feeds.mapping import RowError
    from talentbridge.feeds.readers import rows_of
    from talentbridge.feeds.service import detect_layout

    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for name in LAYOUTS:
        layout = detect_layout(folder / name)
        for chunk in layout.chunks(folder / name, size=2000):
            values = [row.values for row in rows_of(chunk) if row.values is not None]
            for record in layout.map_rows(values):
                if isinstance(record, RowError) or (layout.name, record["record_id"]) in seen:
                    continue
                seen.add((layout.name, record["record_id"]))
                rows.append({**record, "id": len(rows) + 1, "feed": layout.name})
    return rows


def _score(engine: Engine, table: pa.Table) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """What `linkage.link` does between the linkage table and clustering, on `engine`."""
    from splink import Linker

    linker = Linker(engine.register(table, "linkage_records"), model.settings(), log_level=logging.ERROR)
    linkage.train(linker)
    predictions = linker.inference.predict(threshold_match_probability=linkage.PREDICT_FLOOR, warning_mode="never")
    return engine.rows(predictions, SCORED), linker.misc.save_model_to_json()


def _crafted() -> pa.Table:
    """Records that meet each other at every level of the name and birth date comparisons
    (model.py's own SQL among them)."""
    blank = dict.fromkeys(features.COLUMNS)

    def record(unique_id: int, birth: str | None, **keys: str) -> dict[str, Any]:
        return {**blank, **keys, "unique_id": unique_id, "birth_date": birth, "birth_year": birth and birth[:4]}

    def latin(concat: str, tokens: str, family: str, last: str) -> dict[str, str]:
        return {"name_concat": concat, "name_tokens": tokens, "family_key": family, "given_last": last}

    return pa.Table.from_pylist(
        [
            record(
                1, "1990-04-01", **latin("nguyenvanan", "an nguyen van", "nguyen", "an"), kana_derived="グエンバンアン"
            ),
            record(2, "1990-04-01", **latin("nguyenvanan", "an nguyen van", "nguyen", "an")),  # same
            record(3, "1990-01-04", **latin("vanannguyen", "an nguyen van", "van", "nguyen")),  # order; transposed
            record(4, "1990-04-11", kana_key="グエンバンアン"),  # katakana only; one digit
            record(5, "1990-03-31", **latin("nguyenvanam", "am nguyen van", "nguyen", "am")),  # close; a day
            record(6, "1975-08-30", **latin("nguyenthihoaian", "an hoai nguyen thi", "nguyen", "an")),
            record(7, None, pinyin_key="zhangli"),  # kanji only
            record(8, "1988-12-03", **latin("zhangli", "li zhang", "zhang", "li")),
            record(9, "1988-03-12"),  # no name at all
        ],
        schema=SCHEMA,
    )


def _gammas(engine: Engine, table: pa.Table) -> list[tuple[Any, ...]]:
    """Every pair's name and birth date levels under the model's comparisons, untrained."""
    from splink import Linker

    settings = model.settings()
    settings.blocking_rules_to_generate_predictions = ["1=1"]  # every pair
    linker = Linker(engine.register(table, "crafted"), settings, log_level=logging.ERROR)
    predictions = linker.inference.predict(warning_mode="never")
    return sorted(engine.rows(predictions, ["unique_id_l", "unique_id_r", "gamma_name", "gamma_birth_date"]))


@needs_java
def test_spark_scores_the_pairs_duckdb_scores(tmp_path: Path) -> None:
    from talentbridge.feeds.generate import generate_feeds

    generate_feeds(tmp_path, persons=200, seed=3)
    rows = _register_rows(tmp_path)
    readings = features.ReadingTable.learn(features.source_table(rows))
    table = linkage.linkage_table(rows, readings)
    crafted = _crafted()
    with open_engine("duckdb") as duckdb:
        expected_levels = _gammas(duckdb, crafted)
        expected, expected_model = _score(duckdb, table)

    # Small partitions and a quick-starting JVM: on a few hundred records Spark's cost is
    # its start and the JIT, not the data (see SPARK_QUICK_START).
    with SparkEngine(partitions=2, java_options=SPARK_QUICK_START) as spark:
        scratch = spark.scratch
        assert scratch is not None
        assert scratch.is_dir()
        with pytest.raises(EngineUnavailable, match="already running"):
            open_engine("spark")  # one per process: a second would share, then stop, this one's session

        # The model's SQL means the same on Spark: every level, every pair.
        levels = _gammas(spark, crafted)
        assert {row[2] for row in levels} == {-1, 0, 1, 2, 3, 4, 5}  # every name level met
        assert {row[3] for row in levels} == {-1, 0, 1, 2, 3, 4}  # every birth date level met
        assert levels == expected_levels

        scored, trained = _score(spark, table)
    assert not scratch.exists(), "close() removes the checkpoints and shuffle files"

    assert all(isinstance(row[0], int) and isinstance(row[2], float) for row in scored)
    ours = {(row[0], row[1]): row for row in scored}
    theirs = {(row[0], row[1]): row for row in expected}
    assert ours.keys() == theirs.keys()  # blocking is plain SQL: the same pairs
    assert len(ours) >= 100

    # The comparison levels agree but for the odd name near Jaro-Winkler's 0.9: Splink's
    # Spark UDF counts half transpositions that DuckDB rounds down.
    differing = [pair for pair in ours if ours[pair][3:] != theirs[pair][3:]]
    assert len(differing) <= max(2, len(ours) // 50), differing
    assert all(ours[pair][4:] == theirs[pair][4:] for pair in differing)  # only gamma_name

    # The prior is counted from blocking rules alone: the same. The u probabilities are
    # not: Splink 5 samples pairs in chunks chosen by each engine's own hash(), so the
    # probabilities differ a little, and the links and persons hardly at all.
    prior = "probability_two_random_records_match"
    assert trained[prior] == pytest.approx(expected_model[prior], rel=1e-9)
    assert max(abs(ours[pair][2] - theirs[pair][2]) for pair in ours) < 0.1

    def persons(scored: list[tuple[Any, ...]]) -> dict[tuple[str, str], str]:
        links = [(a, b, p) for a, b, p, *_ in scored if p >= linkage.THRESHOLD]
        births = {row["id"]: table["birth_date"][index].as_py() for index, row in enumerate(rows)}
        groups = linkage.cluster([row["id"] for row in rows], links, births=births)
        person = {record: str(number) for number, group in enumerate(groups) for record in group}
        return {(row["feed"], row["record_id"]): person[row["id"]] for row in rows}

    truth = service.read_truth(tmp_path / "truth.csv")
    assert service.evaluate(persons(scored), truth).f1 >= 0.97
    assert service.evaluate(persons(scored), persons(expected)).f1 >= 0.99
