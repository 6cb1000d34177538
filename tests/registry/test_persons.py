"""Persons written in bulk: a run of new ids (SQLite's) written by the database itself is
the same as the rows written one by one."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.registry import persons
from talentbridge.registry.models import ACTIVE, LinkageRun, Person


def _run(session: Session) -> LinkageRun:
    run = LinkageRun(
        kind="full",
        engine="duckdb",
        started_at=datetime.now(UTC),
        threshold=0.9,
        records=0,
        pairs=0,
        links=0,
        model={},
        readings={},
        seconds={},
    )
    session.add(run)
    session.flush()
    return run


def test_new_persons_written_as_a_series_are_those_written_row_by_row(session: Session) -> None:
    run = _run(session)
    now = datetime(2026, 12, 6, 16, 40, 12, 345678, tzinfo=UTC)
    persons._insert_persons(session, range(1001, 1004), run, now)  # the database writes the series
    persons._insert_persons(session, [2001, 2002, 2003], run, now)  # row by row
    session.expire_all()
    found = {p.id: p for p in session.scalars(select(Person).where(Person.id > 1000))}
    assert sorted(found) == [1001, 1002, 1003, 2001, 2002, 2003]
    for number in (1, 2, 3):
        series, rows = found[1000 + number], found[2000 + number]
        assert (series.status, series.created_by_run_id, series.last_run_id) == (ACTIVE, run.id, run.id)
        assert (series.status, series.created_at, series.updated_at) == (rows.status, rows.created_at, rows.updated_at)
        assert series.created_at.replace(tzinfo=UTC) == now


def test_new_ids_follow_the_highest(session: Session) -> None:
    _run(session)
    ids = persons._new_ids(session, 3)
    assert len(ids) == 3
    assert list(ids) == sorted(set(ids))
    empty = persons._new_ids(session, 0)
    assert len(empty) == 0


def test_record_links_are_written_in_the_order_of_their_records() -> None:
    rows = persons._by_record([9, 2, 5, 3], [40, 41, 41, 42], 7)
    assert rows == [(2, 41, 7), (3, 42, 7), (5, 41, 7), (9, 40, 7)]
    assert all(type(value) is int for row in rows for value in row)  # plain ints for the drivers
    assert persons._by_record([], [], 7) == []
