"""The write and lookup helpers imports use, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from talentbridge import db, migrate
from talentbridge.feeds.models import FeedImport, SourceRecord
from talentbridge.feeds.prepare import VALUE_COLUMNS
from talentbridge.feeds.snapshot import INSERT_COLUMNS, UPDATE_COLUMNS


def _to_storage(converters: tuple, values: tuple) -> tuple:
    """`values` as the driver stores them, by `db.storage_converters` (what an import's
    workers do for each row)."""
    return tuple(
        convert(value) if convert and value is not None else value
        for convert, value in zip(converters, values, strict=True)
    )


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
    db.insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, [_to_storage(converters, row)])
    stored = session.scalars(select(SourceRecord).where(SourceRecord.record_id == "MAFF-9")).one()
    assert (stored.birth_date, stored.visa_expires) == (date(1990, 2, 28), date(2030, 3, 31))
    assert stored.consent_third_party is True
    assert stored.source_updated_at.replace(tzinfo=UTC) == updated
    assert (stored.data, stored.raw) == ({"a": 1}, {"列": "値"})

    # An update by id, in storage form too, rewrites exactly the columns it names.
    update_converters = db.storage_converters(dialect, "source_records", UPDATE_COLUMNS)
    content = _values("MAFF-9", date(1991, 1, 2), updated, consent=False)[VALUE_COLUMNS.index("data") :]
    change = _to_storage(update_converters, (2, "withdrawn", "why", now, run.id, now, *content))
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


def _records_written(session: Session, prefix: str, count: int, consent: Callable[[int], bool]) -> None:
    """`count` maff-agri records `{prefix}-0`... written as an import writes them, in this
    session's transaction."""
    run = _import_run(session)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    converters = db.storage_converters(session.get_bind().dialect.name, "source_records", INSERT_COLUMNS)
    rows = [
        _to_storage(converters, _new_row(run, now, _values(f"{prefix}-{n}", date(1990, 1, 1), now, consent=consent(n))))
        for n in range(count)
    ]
    db.insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, rows)


def test_rows_by_key_finds_exactly_the_keys_that_exist(session: Session) -> None:
    _records_written(session, "M", 1200, lambda n: True)
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


def test_a_column_read_through_the_driver_is_the_orms_with_this_transactions_rows(session: Session) -> None:
    _records_written(session, "D", 30, lambda n: n % 3 == 0)  # not committed: read in the same transaction
    stmt = (
        select(SourceRecord.record_id)
        .where(SourceRecord.feed == "maff-agri", SourceRecord.consent_third_party.is_(True))
        .order_by(SourceRecord.id)
    )
    found = db.driver_column(session, stmt)
    assert found == list(session.scalars(stmt))
    assert found == [f"D-{n}" for n in range(0, 30, 3)]
    assert db.driver_column(session, stmt.where(SourceRecord.record_id == "nobody's")) == []


def test_migration_0002_stores_record_json_as_text_and_goes_back(database_url: str) -> None:
    engine = db.make_engine(database_url)
    config = migrate.alembic_config(database_url)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0001")
            down = {c["name"]: c["type"] for c in inspect(connection).get_columns("source_records")}
            command.upgrade(config, "0002")
            up = {c["name"]: c["type"] for c in inspect(connection).get_columns("source_records")}
            if connection.dialect.name == "postgresql":
                compression = connection.execute(
                    text(
                        "SELECT attcompression FROM pg_attribute "
                        "WHERE attrelid = 'source_records'::regclass AND attname = 'data'"
                    )
                ).scalar_one()
                assert compression == "l"
            command.upgrade(config, "head")
    finally:
        engine.dispose()
    if engine.dialect.name == "postgresql":
        assert type(down["data"]).__name__ == "JSONB"
        assert type(up["data"]).__name__ == "JSON"
    else:  # SQLite keeps JSON as text either way
        assert type(up["data"]).__name__ == type(down["data"]).__name__ == "JSON"


def _record(session: Session, record_id: str) -> SourceRecord:
    run = _import_run(session)
    now = datetime(2026, 11, 26, tzinfo=UTC)
    converters = db.storage_converters(session.get_bind().dialect.name, "source_records", INSERT_COLUMNS)
    row = _new_row(run, now, _values(record_id, date(1990, 1, 1), now, consent=True))
    db.insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, [_to_storage(converters, row)])
    return session.scalars(select(SourceRecord).where(SourceRecord.record_id == record_id)).one()


def _storage(connection: Any, table: str) -> tuple[dict[str, str], list[str]]:
    """Column type names of data and raw, and the table's storage options (PostgreSQL)."""
    types = {c["name"]: type(c["type"]).__name__ for c in inspect(connection).get_columns(table)}
    options = connection.execute(
        text("SELECT coalesce(reloptions, '{}') FROM pg_class WHERE relname = :table"), {"table": table}
    ).scalar_one()
    return {name: types[name] for name in ("data", "raw")}, list(options)


def test_migration_0003_keeps_record_json_as_plain_text_and_goes_back(database_url: str) -> None:
    """Records written before the migration read back the same after it, and after its
    downgrade; on PostgreSQL the columns are text, uncompressed up to a page."""
    engine = db.make_engine(database_url)
    config = migrate.alembic_config(database_url)
    try:
        with Session(engine) as session:
            record = _record(session, "R-1")
            before = (record.id, record.data, record.raw)
            session.commit()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            postgresql = connection.dialect.name == "postgresql"
            command.downgrade(config, "0002")
            down = _storage(connection, "source_records") if postgresql else None
            command.upgrade(config, "head")
            up = _storage(connection, "source_record_versions") if postgresql else None
            stored = connection.execute(text("SELECT data, raw FROM source_records WHERE record_id = 'R-1'")).one()
        with Session(engine) as session:
            again = session.get(SourceRecord, before[0])
            assert again is not None
            after = (again.id, again.data, again.raw)
    finally:
        with engine.begin() as connection:  # it committed: the tables go back to empty for the next test
            for table in reversed(db.Base.metadata.sorted_tables):
                connection.execute(table.delete())
        engine.dispose()
    assert after == before
    assert (orjson.loads(stored[0]), orjson.loads(stored[1])) == before[1:]
    if postgresql:
        assert down == ({"data": "JSON", "raw": "JSON"}, [])
        assert up == ({"data": "TEXT", "raw": "TEXT"}, ["toast_tuple_target=8160"])


# Text as the import stores it: no NUL, and no lone surrogate (a row with one is
# quarantined as unreadable, and orjson refuses them), which UTF-8 cannot encode.
_STORED_TEXT = st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)))


@given(st.lists(st.one_of(st.none(), _STORED_TEXT, st.integers())))
def test_copy_text_reads_back_as_the_values_it_was_given(values: list[Any]) -> None:
    line = db.copy_text(tuple(values))
    assert b"\n" not in line
    assert b"\r" not in line
    expected = [None if value is None else str(value) for value in values]
    assert db.copy_fields(line) == (expected or [""])  # no field at all reads as one empty field


def test_rows_copied_as_text_lines_store_every_character_as_given(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("COPY is PostgreSQL's; SQLite imports write with insert_rows")
    run = _import_run(session)
    now = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    converters = db.storage_converters("postgresql", "source_records", INSERT_COLUMNS)
    updated = datetime(2024, 4, 1, 9, 30, tzinfo=UTC)
    tricky = _values("MAFF-\\N", date(1990, 2, 28), updated, consent=True)
    tricky = (*tricky[:-1], "tab\there\\back\nline\rreturn \\N")
    db.copy_lines(
        session,
        SourceRecord.__table__,
        INSERT_COLUMNS,
        [db.copy_text(_to_storage(converters, _new_row(run, now, tricky)))],
    )
    stored = session.scalars(select(SourceRecord).where(SourceRecord.record_id == "MAFF-\\N")).one()
    assert stored.search_text == "tab\there\\back\nline\rreturn \\N"
    assert (stored.birth_date, stored.consent_third_party, stored.native_name) == (date(1990, 2, 28), True, None)
    assert stored.source_updated_at == updated

    update_converters = db.storage_converters("postgresql", "source_records", UPDATE_COLUMNS)
    content = _values("MAFF-\\N", date(1991, 1, 2), updated, consent=False)[VALUE_COLUMNS.index("data") :]
    change = _to_storage(update_converters, (2, "withdrawn", "why\there", now, run.id, now, *content))
    db.update_from_lines(session, SourceRecord.__table__, UPDATE_COLUMNS, [db.copy_text((*change, stored.id))])
    session.expire_all()
    again = session.get(SourceRecord, stored.id)
    assert again is not None
    assert (again.version, again.status, again.withdrawn_reason, again.birth_date, again.consent_third_party) == (
        2,
        "withdrawn",
        "why\there",
        date(1991, 1, 2),
        False,
    )
    assert (again.record_id, again.first_row) == ("MAFF-\\N", 2)  # not among the updated columns


def test_upgrading_a_used_sqlite_database_keeps_the_rows_that_point_at_rebuilt_tables(tmp_path) -> None:
    """Migrations 0007 and 0012 add foreign keys to users, which SQLite does by rebuilding the
    table; an audit log pointing at users made the rebuild fail before migrations ran
    with enforcement off."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = db.make_engine(url)
    config = migrate.alembic_config(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.execute(
            text(
                "INSERT INTO users (id, username, display_name, password_hash, role, locale, is_active, created_at) "
                "VALUES (1, 'hana', 'Hana', 'x', 'data_steward', 'ja', 1, '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO audit_log (at, user_id, actor, action, detail) "
                "VALUES ('2026-01-01', 1, 'hana', 'login', '{}')"
            )
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        head = ScriptDirectory.from_config(config).get_current_head()
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert connection.execute(text("SELECT count(*) FROM audit_log WHERE user_id = 1")).scalar() == 1
        assert connection.execute(text("SELECT username, company_id FROM users")).one() == ("hana", None)
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


@given(
    st.datetimes(timezones=st.none() | st.timezones()),
)
def test_sqlite_datetime_text_is_sqlalchemys(value: datetime) -> None:
    """The import's fast DATETIME text for SQLite is what SQLAlchemy's processor writes."""
    from sqlalchemy import DateTime
    from sqlalchemy.dialects.sqlite.pysqlite import dialect

    index = INSERT_COLUMNS.index("source_updated_at")
    fast = db.storage_converters("sqlite", "source_records", INSERT_COLUMNS)[index]
    assert fast is not None
    reference = DateTime(timezone=True)._cached_bind_processor(dialect())
    assert reference is not None
    assert fast(value) == reference(value)
    assert fast(None) == reference(None)


@given(st.dates())
def test_sqlite_date_text_is_sqlalchemys(value: date) -> None:
    from sqlalchemy import Date
    from sqlalchemy.dialects.sqlite.pysqlite import dialect

    index = INSERT_COLUMNS.index("birth_date")
    fast = db.storage_converters("sqlite", "source_records", INSERT_COLUMNS)[index]
    assert fast is not None
    reference = Date()._cached_bind_processor(dialect())
    assert reference is not None
    assert fast(value) == reference(value)
    assert fast(None) == reference(None)


def test_a_larger_page_cache_lasts_for_the_block_only(session: Session) -> None:
    sqlite = session.get_bind().dialect.name == "sqlite"

    def cache() -> int | None:
        return session.execute(text("PRAGMA cache_size")).scalar() if sqlite else None

    with db.large_page_cache(session, 256):
        assert cache() == (-256 * 1024 if sqlite else None)
    assert cache() == (-db.SQLITE_CACHE_KIB if sqlite else None)
    with pytest.raises(RuntimeError, match="disk"), db.large_page_cache(session, 256):
        raise RuntimeError("disk full")
    assert cache() == (-db.SQLITE_CACHE_KIB if sqlite else None)


def test_a_transaction_knows_whether_it_has_written(engine) -> None:
    """Until it writes, another connection sees what it sees (the linkage's helper
    processes rely on it)."""
    from talentbridge.accounts.models import Role, User

    with Session(engine) as session:
        assert db.has_written(session) is False
        session.execute(select(User.id)).all()
        assert db.has_written(session) is False
        session.add(User(username="written", display_name="W", role=Role.data_steward, password_hash="x"))
        assert db.has_written(session) is True  # pending changes count: they are flushed
        session.rollback()
        assert db.has_written(session) is False


def test_the_wal_is_written_back_while_a_long_transaction_runs(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import threading
    import time

    sqlite = session.get_bind().dialect.name == "sqlite"
    synced: list[str] = []
    real = getattr(os, "fdatasync", os.fsync)

    def sync(handle: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{handle}"))
        real(handle)

    monkeypatch.setattr(os, "fdatasync", sync)
    monkeypatch.setattr(db, "WAL_WRITEBACK_SECONDS", 0.01)
    if sqlite:
        session.execute(text("PRAGMA cache_size=-64"))  # a few pages: the rows reach the WAL at once
    before = session.scalar(select(func.count()).select_from(FeedImport))
    try:
        with db.wal_written_back(session):
            session.add_all(
                FeedImport(feed="maff-agri", filename=f"{n}.csv" * 20, file_sha256="0" * 64, file_size=n)
                for n in range(2000)
            )
            session.flush()
            deadline = time.monotonic() + 10
            while sqlite and not synced and time.monotonic() < deadline:
                time.sleep(0.01)
    finally:
        if sqlite:
            session.execute(text(f"PRAGMA cache_size=-{db.SQLITE_CACHE_KIB}"))
    assert not [thread for thread in threading.enumerate() if thread.name.endswith("wal-writeback")]
    if sqlite:
        assert synced
        assert all(path.endswith(".db-wal") for path in synced)
    else:
        assert synced == []  # PostgreSQL's server writes its own log
    assert session.scalar(select(func.count()).select_from(FeedImport)) == before + 2000  # the transaction goes on


def test_a_bulk_write_may_leave_foreign_keys_unchecked_for_its_own_transaction_only(engine: Engine) -> None:
    from sqlalchemy.exc import IntegrityError

    from talentbridge.registry.models import PersonRecord

    sqlite = engine.dialect.name == "sqlite"

    def dangling() -> PersonRecord:
        return PersonRecord(source_record_id=987_654_321, person_id=987_654_321, run_id=987_654_321)

    def checks(session: Session) -> bool:
        return bool(session.scalar(text("PRAGMA foreign_keys"))) if sqlite else True

    with Session(engine) as session:
        assert db.foreign_keys_unchecked(session) is sqlite
        unchecked = session.connection().connection.driver_connection
        if sqlite:
            assert not checks(session)
            session.add(dangling())
            session.flush()  # accepted: nothing looked the keys up
        session.rollback()
    if sqlite:  # the connection, back in the pool, checks again
        assert unchecked.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with Session(engine) as session:
        assert checks(session)
        assert db.foreign_keys_unchecked(session) is False  # already in a transaction
        session.add(dangling())
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()
    with engine.connect() as connection, Session(bind=connection) as session:
        assert db.foreign_keys_unchecked(session) is False  # bound to a connection: left alone
        assert checks(session)


def test_text_sent_as_utf8_bytes_is_stored_as_text(session: Session) -> None:
    from talentbridge.registry.models import GoldenRecord, LinkageRun, Person

    run = LinkageRun(kind="full", engine="duckdb", threshold=0.9, model={}, readings={})
    session.add(run)
    session.flush()
    people = [Person(created_by_run_id=run.id, last_run_id=run.id) for _ in range(3)]
    session.add_all(people)
    session.flush()
    values = [{"name": "グエン・ヴァン・アン", "n": 1}, {"name": "Nguyễn Văn An\ttab"}, {"plain": "ascii"}]
    table = GoldenRecord.__table__
    stamp = db.stored_value(session, table, "built_at", datetime(2026, 12, 7, tzinfo=UTC))
    rows = [
        (
            person.id,
            db.stored_value(session, table, "offerable", True),
            orjson.dumps(value) if i < 2 else db.json_text(value),
            stamp,
        )
        for i, (person, value) in enumerate(zip(people, values, strict=True))
    ]
    db.insert_rows(session, table, ("person_id", "offerable", "data", "built_at"), rows, utf8=("data",))
    stored = session.execute(
        select(GoldenRecord.person_id, GoldenRecord.data).where(GoldenRecord.person_id.in_([p.id for p in people]))
    ).all()
    assert {person: data for person, data in stored} == {p.id: v for p, v in zip(people, values, strict=True)}
    if session.get_bind().dialect.name == "sqlite":
        kinds = session.scalars(text("SELECT DISTINCT typeof(data) FROM golden_records")).all()
        assert kinds == ["text"]  # not blobs: text functions and the other readers see text


def _index_names(session: Session, table: str) -> set[str]:
    return {index["name"] for index in inspect(session.connection()).get_indexes(table)}


def test_a_table_filled_in_bulk_is_indexed_after_and_keeps_its_indexes_on_failure(session: Session) -> None:
    from talentbridge.registry.models import PersonRecord

    table = PersonRecord.__table__
    before = _index_names(session, "person_records")
    assert before == {"ix_person_records_person_id"}
    sqlite = session.get_bind().dialect.name == "sqlite"
    with db.indexes_made_after(session, table):
        # Dropped for the fill on SQLite only (on PostgreSQL a drop locks out readers).
        assert _index_names(session, "person_records") == (set() if sqlite else before)
    assert _index_names(session, "person_records") == before
    with pytest.raises(RuntimeError), db.indexes_made_after(session, table):
        raise RuntimeError("the fill failed")
    assert _index_names(session, "person_records") == before  # made again however the block ends
    # And the index serves its query afterwards (the plan names it).
    if sqlite:
        plan = session.execute(text("EXPLAIN QUERY PLAN SELECT * FROM person_records WHERE person_id = 1")).all()
        assert any("ix_person_records_person_id" in str(row) for row in plan)


def test_the_migrations_make_the_tables_columns_and_indexes_the_models_declare(engine: Engine) -> None:
    """Upgraded to head, the database holds what the models say, no more and no less (an
    index dropped by a migration is dropped from its model too)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from talentbridge.models import Base  # every domain's models, as the migrations see them

    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    flat = [item for entry in diff for item in (entry if isinstance(entry, list) else [entry])]
    structural = [item for item in flat if item[0].startswith(("add_", "remove_"))]
    assert structural == []
