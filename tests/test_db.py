"""The write and lookup helpers imports use, on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from talentbridge import db, migrate
from talentbridge.feeds.models import FeedImport, SourceRecord
from talentbridge.feeds.prepare import VALUE_COLUMNS
from talentbridge.feeds.snapshot import INSERT_COLUMNS, UPDATE_COLUMNS


def _import_run(session: Session) -> FeedImport:
    run = FeedImport(feed="maff-agri", filename="x.csv", file_sha256="0" * 64, file_size=1)
    run.read = run.new = run.changed = run.unchanged = run.withdrawn = run.quarantined = 0
    session.add(run)
    session.flush()
    return run


def _new_row(run: FeedImport, now: datetime, values: tuple) -> tuple:
    """A source record's INSERT_COLUMNS: the import's own values, then `values`."""
    return ("maff-agri", 1, "active", run.id, run.id, now, now, *values)


def _values(record_id: str, birth: date, updated: datetime, *, consent: bool) -> tuple:
    record = {
        "family_name": "NGUYEN",
        "given_name": "An",
        "name_kana": "グエン アン",
        "native_name": None,
        "birth_date": birth,
        "sex": "M",
        "nationality": "VN",
        "residence_prefecture": "13",
        "email": "an@example.jp",
        "phone": "+819012345678",
        "visa_status": "student",
        "visa_expires": date(2030, 3, 31),
        "consent_third_party": consent,
        "source_updated_at": updated,
    }
    return (record_id, 2, '{"a": 1}', '{"列": "値"}', "f" * 40, *record.values(), "nguyen an")


def test_rows_written_in_storage_form_read_back_as_the_orm_writes_them(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    run = _import_run(session)
    now = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    converters = db.storage_converters(dialect, "source_records", INSERT_COLUMNS)
    updated = datetime(2024, 4, 1, 9, 30, tzinfo=UTC)
    row = _new_row(run, now, _values("MAFF-9", date(1990, 2, 28), updated, consent=True))
    db.insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, [db.to_storage(converters, row)])
    stored = session.scalars(select(SourceRecord).where(SourceRecord.record_id == "MAFF-9")).one()
    assert (stored.birth_date, stored.visa_expires) == (date(1990, 2, 28), date(2030, 3, 31))
    assert stored.consent_third_party is True
    assert stored.source_updated_at.replace(tzinfo=UTC) == updated
    assert (stored.data, stored.raw) == ({"a": 1}, {"列": "値"})

    # An update by id, in storage form too, rewrites exactly the columns it names.
    update_converters = db.storage_converters(dialect, "source_records", UPDATE_COLUMNS)
    content = _values("MAFF-9", date(1991, 1, 2), updated, consent=False)[VALUE_COLUMNS.index("data") :]
    change = db.to_storage(update_converters, (2, "withdrawn", "why", now, run.id, now, *content))
    db.update_rows(session, SourceRecord.__table__, UPDATE_COLUMNS, [(*change, stored.id)])
    session.expire_all()
    again = session.get(SourceRecord, stored.id)
    assert again is not None
    assert (again.version, again.status, again.birth_date, again.consent_third_party) == (
        2,
        "withdrawn",
        date(1991, 1, 2),
        False,
    )
    assert again.first_row == 2  # not among the updated columns


def test_rows_by_key_finds_exactly_the_keys_that_exist(session: Session) -> None:
    dialect = session.get_bind().dialect.name
    run = _import_run(session)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    converters = db.storage_converters(dialect, "source_records", INSERT_COLUMNS)
    rows = [
        db.to_storage(converters, _new_row(run, now, _values(f"M-{n}", date(1990, 1, 1), now, consent=True)))
        for n in range(1200)
    ]
    db.insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, rows)
    wanted = [f"M-{n}" for n in range(0, 2400, 2)]  # half exist, more than one SQLite batch
    found = db.rows_by_key(
        session,
        (SourceRecord.record_id, SourceRecord.first_row),
        SourceRecord.feed == "maff-agri",
        SourceRecord.record_id,
        wanted,
    )
    assert sorted(record_id for record_id, _ in found) == sorted(f"M-{n}" for n in range(0, 1200, 2))
    other_feed = db.rows_by_key(
        session, (SourceRecord.id,), SourceRecord.feed == "meti-mfg", SourceRecord.record_id, wanted
    )
    assert list(other_feed) == []
    assert (
        list(db.rows_by_key(session, (SourceRecord.id,), SourceRecord.feed == "maff-agri", SourceRecord.record_id, []))
        == []
    )


def test_migration_0002_stores_record_json_as_text_and_goes_back(database_url: str) -> None:
    engine = db.make_engine(database_url)
    config = migrate.alembic_config(database_url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            down = {c["name"]: c["type"] for c in inspect(connection).get_columns("source_records")}
            command.upgrade(config, "head")
            up = {c["name"]: c["type"] for c in inspect(connection).get_columns("source_records")}
            if connection.dialect.name == "postgresql":
                compression = connection.execute(
                    text(
                        "SELECT attcompression FROM pg_attribute "
                        "WHERE attrelid = 'source_records'::regclass AND attname = 'data'"
                    )
                ).scalar_one()
                assert compression == "l"
    finally:
        engine.dispose()
    if engine.dialect.name == "postgresql":
        assert type(down["data"]).__name__ == "JSONB"
        assert type(up["data"]).__name__ == "JSON"
    else:  # SQLite keeps JSON as text either way
        assert type(up["data"]).__name__ == type(down["data"]).__name__ == "JSON"
