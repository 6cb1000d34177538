"""Reading the register into the linkage table: a helper process reads the upper part of a
large register, and the table is the one a single process makes."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge import config
from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import features, linkage, reading, service


def test_a_helper_reading_part_of_the_register_makes_the_same_table(
    app_database, engine_session: Session, small, import_register
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    alone = reading.read(engine_session, parallel=False)
    with reading.Reader(engine_session, parallel=True) as reader:
        together = reader.read()
    assert reader.url is not None  # the helper saw this register
    assert alone.table.num_rows == engine_session.query(SourceRecord).count()
    assert together.readings.readings == alone.readings.readings
    assert together.table.equals(alone.table)
    # The table is what `linkage.linkage_table` makes of the register's rows.
    rows = service.linkage_rows(engine_session)
    readings = features.ReadingTable.learn(features.reading_pairs(rows))
    assert readings.readings == alone.readings.readings
    assert linkage.linkage_table(rows, readings).equals(alone.table)


def test_a_consolidation_with_the_helper_finds_the_same_persons(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    service.consolidate(engine_session)
    engine_session.commit()
    alone = sorted(service.iter_links(engine_session))
    monkeypatch.setattr(reading, "PARALLEL_RECORDS", 0)
    monkeypatch.setattr(config.get_settings(), "import_workers", 2)
    reader = reading.Reader(engine_session)
    assert reader.parallel
    run = service.consolidate(engine_session)
    engine_session.commit()
    assert run.records == len(alone)
    assert sorted(service.iter_links(engine_session)) == alone


def test_a_transaction_that_changed_the_register_reads_it_alone(
    app_database, engine_session: Session, small, import_register
) -> None:
    """Another process would not see this transaction's change: no helper, and the
    change is read."""
    import_register(engine_session, small)
    engine_session.commit()
    record = engine_session.scalars(select(SourceRecord).order_by(SourceRecord.id.desc())).first()
    assert record is not None
    record.family_name = "ZZYZX"  # not flushed yet: the reader flushes it
    reader = reading.Reader(engine_session, parallel=True)
    assert reader.url is None
    assert not reader.parallel
    with reader:
        table = reader.read().table
    assert table.column("family_key").to_pylist()[-1] == "zzyzx"
    engine_session.rollback()


def test_a_failing_helper_is_an_error_not_a_wait(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_register(engine_session, small)
    engine_session.commit()
    parent = os.getpid()
    keyed = features.UnreadKeys.read

    def failing(self, readings):
        if os.getpid() != parent:
            raise OSError("the disk is on fire")
        return keyed(self, readings)

    # Forked, so that the helper has the failing keys too.
    monkeypatch.setattr(reading, "pool_context", lambda preload: multiprocessing.get_context("fork"))
    monkeypatch.setattr(features.UnreadKeys, "read", failing)
    with pytest.raises(reading.ReaderFailed, match="the disk is on fire"):
        reading.read(engine_session, parallel=True)

    def dying(self, readings):
        if os.getpid() != parent:
            os._exit(3)
        return keyed(self, readings)

    monkeypatch.setattr(features.UnreadKeys, "read", dying)
    with pytest.raises(reading.ReaderFailed, match="ended unexpectedly"):
        reading.read(engine_session, parallel=True)

    monkeypatch.setattr(features.UnreadKeys, "read", keyed)
    monkeypatch.setattr(multiprocessing.connection.Connection, "send_bytes", lambda self, data: os._exit(3))
    with pytest.raises(reading.ReaderFailed, match="ended while sending it"):
        reading.read(engine_session, parallel=True)


def test_readings_learned_from_parts_are_those_of_the_whole() -> None:
    records = [
        {"family_name": "TRAN", "given_name": "Van", "name_kana": "チャン ヴァン"},
        {"family_name": "TRAN", "given_name": "Van", "name_kana": "チャン バン"},
        {"family_name": "TRAN", "given_name": "Lan", "name_kana": "チャン ラン"},
        {"family_name": "LE", "given_name": "Van", "name_kana": "レー ヴァン"},
    ]
    whole = features.ReadingTable.learn(features.reading_pairs(records))
    parts = [features.ReadingTable.count(features.reading_pairs(part)) for part in (records[:1], records[1:])]
    assert features.ReadingTable.from_counts(features.merge_counts(parts)).readings == whole.readings
    assert whole.readings == {"tran": "チヤン", "van": "バン"}
    columns = {name: [record.get(name) for record in records] for name in ("family_name", "given_name", "name_kana")}
    assert list(features.column_reading_pairs(columns)) == list(features.reading_pairs(records))
