"""Reading the register into the linkage table: a process of its own reads the columns as
Arrow through ADBC (in two parts at once) and keys them, and the table is the one the
session's own rows make."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from talentbridge import config
from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import features, linkage, reading, service


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading process forked, so that it has this test's patches too."""
    monkeypatch.setattr(reading, "pool_context", lambda preload: multiprocessing.get_context("fork"))


@pytest.mark.parametrize("workers", [1, 2])  # the ids read in one part, or in two at once
def test_the_register_read_elsewhere_through_adbc_makes_the_same_table(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    monkeypatch.setattr(config.get_settings(), "import_workers", workers)
    assert reading.visible_elsewhere(engine_session) is not None
    elsewhere = reading.read(engine_session, elsewhere=True)
    rows = reading.read(engine_session, elsewhere=False)
    records = engine_session.query(SourceRecord).count()
    assert elsewhere.table.num_rows == records == reading.Reader(engine_session).count
    assert elsewhere.readings.readings == rows.readings.readings
    assert elsewhere.table.equals(rows.table)
    assert elsewhere.table.schema == features.SCHEMA
    # The table is what `linkage.linkage_table` makes of the register's rows.
    listed = service.linkage_rows(engine_session)
    readings = features.ReadingTable.learn(features.source_table(listed))
    assert readings.readings == elsewhere.readings.readings
    assert linkage.linkage_table(listed, readings).equals(elsewhere.table)


def test_the_session_can_write_after_the_register_was_read_elsewhere(
    app_database, engine_session: Session, small, import_register
) -> None:
    """The ADBC driver's own SQLite, closing in this process, released the session's locks
    and removed the WAL under its open transaction ("database is locked" on its first
    write): it reads in a process of its own."""
    import_register(engine_session, small)
    engine_session.commit()
    reading.read(engine_session, elsewhere=True)
    written = engine_session.execute(update(SourceRecord).values(sex="F")).rowcount
    engine_session.commit()
    assert written == engine_session.query(SourceRecord).filter(SourceRecord.sex == "F").count() > 0


def test_a_column_empty_in_the_first_thousands_of_records_is_still_text(
    app_database, engine_session: Session, register, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's driver types a column by its first rows: a column with no value there (here
    the native names and prefectures of the first 2,000 records) must not become a number
    that the later text cannot enter."""
    import_register(engine_session, register)
    engine_session.commit()
    first = engine_session.scalar(select(SourceRecord.id).order_by(SourceRecord.id).limit(1))
    assert first is not None
    engine_session.execute(
        update(SourceRecord).where(SourceRecord.id < first + 2000).values(native_name=None, residence_prefecture=None)
    )
    engine_session.commit()
    monkeypatch.setattr(config.get_settings(), "import_workers", 1)  # one part
    table = reading.read(engine_session, elsewhere=True).table
    for column in ("pinyin_key", "prefecture"):
        assert table.column(column).slice(0, 2000).null_count == 2000
        assert table.column(column).slice(2000).null_count < table.num_rows - 2000  # the later text was read
    assert table.equals(reading.read(engine_session, elsewhere=False).table)


def test_a_consolidation_reading_elsewhere_in_two_parts_finds_the_same_persons(
    app_database,
    engine_session: Session,
    small,
    import_register,
    monkeypatch: pytest.MonkeyPatch,
    forked: None,
    tmp_path: Path,
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    service.consolidate(engine_session)
    engine_session.commit()
    alone = sorted(service.iter_links(engine_session))
    monkeypatch.setattr(reading, "ARROW_RECORDS", 0)
    monkeypatch.setattr(config.get_settings(), "import_workers", 2)
    read_part = reading._adbc_part

    def counted(url: str, low: int, high: int):
        (tmp_path / f"part-{low}-{high}").touch()
        return read_part(url, low, high)

    monkeypatch.setattr(reading, "_adbc_part", counted)
    run = service.consolidate(engine_session)
    engine_session.commit()
    assert len(list(tmp_path.glob("part-*"))) == 2
    assert run.records == len(alone)
    assert sorted(service.iter_links(engine_session)) == alone


def test_a_transaction_that_changed_the_register_reads_it_itself(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another connection would not see this transaction's change: the session's own
    connection reads, and the change is read."""
    import_register(engine_session, small)
    engine_session.commit()
    record = engine_session.scalars(select(SourceRecord).order_by(SourceRecord.id.desc())).first()
    assert record is not None
    record.family_name = "ZZYZX"  # not flushed yet: the reader flushes it
    monkeypatch.setattr(reading, "_reader", lambda *args: pytest.fail("read in another process"))
    assert reading.visible_elsewhere(engine_session) is None
    table = reading.read(engine_session, elsewhere=True).table
    assert table.column("family_key").to_pylist()[-1] == "zzyzx"
    engine_session.rollback()


def test_a_failing_reading_process_is_an_error_not_a_wait(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    parent = os.getpid()
    keys_of = features.keys_of

    def failing(source, readings):
        if os.getpid() != parent:
            raise OSError("the disk is on fire")
        return keys_of(source, readings)

    monkeypatch.setattr(features, "keys_of", failing)
    with pytest.raises(reading.ReaderFailed, match="the disk is on fire"):
        reading.read(engine_session, elsewhere=True)

    def dying(source, readings):
        if os.getpid() != parent:
            os._exit(3)
        return keys_of(source, readings)

    monkeypatch.setattr(features, "keys_of", dying)
    with pytest.raises(reading.ReaderFailed, match="ended unexpectedly"):
        reading.read(engine_session, elsewhere=True)

    monkeypatch.setattr(features, "keys_of", keys_of)
    monkeypatch.setattr(multiprocessing.connection.Connection, "send_bytes", lambda self, data: os._exit(3))
    with pytest.raises(reading.ReaderFailed, match="ended while sending it"):
        reading.read(engine_session, elsewhere=True)
    # Nothing was written: the session goes on.
    assert reading.read(engine_session, elsewhere=False).table.num_rows == reading.Reader(engine_session).count
