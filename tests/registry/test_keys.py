"""The linkage keys' cache file: written beside the run's other work, read back whole."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy.orm import Session

from talentbridge import config
from talentbridge.registry import keys
from talentbridge.registry.models import LinkageRun


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "linkage"
    monkeypatch.setattr(config.get_settings(), "linkage_cache_dir", folder)
    return folder


def test_keys_saved_while_the_caller_works_are_read_back(cache: Path) -> None:
    table = pa.table({"unique_id": pa.array([3, 1, 2], pa.int64()), "birth_date": ["1990-01-02", None, "1985-12-31"]})
    run = LinkageRun()
    with keys.Writer(table) as writer:
        assert run.keys_file is None  # named only once written
        writer.finish(run)
    assert run.keys_file is not None
    assert (cache / run.keys_file).is_file()
    loaded = keys.load(run)
    assert loaded is not None
    assert loaded.equals(table)
    assert keys.births(loaded, {1, 2}) == {1: None, 2: "1985-12-31"}


def test_a_key_file_that_cannot_be_written_is_left_to_be_rebuilt(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keys.pq, "write_table", full_disk)
    run = LinkageRun()
    with keys.Writer(pa.table({"unique_id": pa.array([1], pa.int64())})) as writer:
        writer.finish(run)
    assert writer.failed
    assert run.keys_file is None
    assert keys.load(run) is None


def test_keys_written_before_their_run_exists_are_named_by_it(cache: Path) -> None:
    table = pa.table({"unique_id": pa.array([5, 4], pa.int64()), "birth_date": [None, "2001-02-03"]})
    writer = keys.Writer(table)  # a full consolidation starts it before training, with no run yet
    writer.join()
    assert (cache / writer.name).is_file()
    run = LinkageRun()
    writer.finish(run)
    assert run.keys_file == writer.name
    loaded = keys.load(run)
    assert loaded is not None
    assert loaded.equals(table)


def test_keys_without_records_gone_or_changed_and_the_table_itself_when_none_is() -> None:
    table = pa.table({"unique_id": pa.array([7, 3, 5, 9], pa.int64()), "email": ["a@x.jp", None, "c@x.jp", "d@x.jp"]})
    assert keys.without(table, keep={3, 5, 7, 9, 11}, drop=set()) is table  # nothing to leave out: no copy
    kept = keys.without(table, keep={3, 5, 9}, drop={9})
    assert kept.column("unique_id").to_pylist() == [3, 5]
    assert kept.column("email").to_pylist() == [None, "c@x.jp"]
    assert keys.without(table, keep=set(), drop=set()).num_rows == 0
    assert keys.without(table, keep={7, 3, 5, 9}, drop={7, 9}).column("unique_id").to_pylist() == [3, 5]


@pytest.mark.parametrize("sliced_up_to", [0, 10_000])
def test_keys_without_some_rows_are_the_rows_left_in_order(sliced_up_to: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Left out by slicing around the rows (a few) or by filtering (many): the same rows."""
    monkeypatch.setattr(keys, "SLICED_UP_TO", sliced_up_to)
    ids = list(range(100, 0, -1))
    table = pa.table({"unique_id": pa.array(ids, pa.int64()), "given_last": [f"n{i}" for i in ids]})
    table = pa.concat_tables([table.slice(0, 40), table.slice(40)])  # read back from Parquet: several chunks
    keep = {i for i in ids if i % 7}
    drop = {1, 2, 50, 100}
    left = keys.without(table, keep=keep, drop=drop)
    expected = [i for i in ids if i in keep and i not in drop]
    assert left.column("unique_id").to_pylist() == expected
    assert left.column("given_last").to_pylist() == [f"n{i}" for i in expected]


def _run(session: Session, table: pa.Table) -> LinkageRun:
    run = LinkageRun(kind="full", engine="duckdb", threshold=0.9, model={}, readings={})
    with keys.Writer(table) as writer:
        writer.finish(run)
    session.add(run)
    session.flush()
    return run


def test_pruning_keeps_the_latest_runs_file_and_files_no_run_here_names(cache: Path, session: Session) -> None:
    table = pa.table({"unique_id": pa.array([1, 2], pa.int64())})
    assert keys.prune(session, None) == 0  # no run yet
    runs = [_run(session, table) for _ in range(3)]
    in_flight = keys.Writer(table)  # a run still training (or another database's): named by no run here
    in_flight.join()
    stray = cache / "notes.txt"  # not a keys file: never touched
    stray.write_text("kept", encoding="utf-8")
    assert keys.prune(session, runs[-1]) == 2  # the two earlier runs' files
    assert sorted(path.name for path in cache.iterdir()) == sorted([runs[-1].keys_file, in_flight.name, stray.name])
    assert keys.load(runs[-1]) is not None
    assert keys.load(runs[0]) is None  # an incremental run from it would rebuild the keys
    assert keys.prune(session, runs[-1]) == 0  # gone already


def test_a_run_that_fails_removes_its_keys_file(cache: Path) -> None:
    table = pa.table({"unique_id": pa.array([1, 2], pa.int64())})
    written: list[Path] = []

    def failing_run() -> None:
        with keys.Writer(table) as writer:
            writer.join()
            written.append(cache / writer.name)
            assert written[0].is_file()
            raise RuntimeError("the run failed")

    with pytest.raises(RuntimeError, match="the run failed"):
        failing_run()
    assert written
    assert not written[0].exists()
    with keys.Writer(table) as kept:
        pass
    assert (cache / kept.name).is_file()  # a block that ends well keeps it for its run
