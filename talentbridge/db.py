"""Engine, sessions and the declarative base.

SQLite is the embedded default and PostgreSQL (psycopg 3) the production database;
the same code and migrations serve both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import ARRAY, JSON, MetaData, any_, create_engine, event, literal
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from talentbridge.config import get_settings

# Named constraints make Alembic migrations reproducible on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON on SQLite, JSONB on PostgreSQL (indexable, compact).
JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the web UI) go on while an import writes; the busy timeout makes a
    # second writer wait instead of failing at once, long enough for a large import.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=120000")
    # 64 MiB of page cache (the default is 2 MiB): imports update two indexes per record.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, say when a transaction begins (see
    # _sqlite_begin): the module otherwise defers BEGIN and breaks SAVEPOINTs.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def make_engine(url: str) -> Engine:
    # orjson: JSON columns are written for every source record; the stdlib encoder was a
    # tenth of an import's time.
    json_options: dict[str, Any] = {"json_serializer": _json_dumps, "json_deserializer": orjson.loads}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **json_options)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver; accept the plain URL form too.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No server-side prepared statements: psycopg prepares a query after five runs, and
    # PostgreSQL may then keep a generic plan made while an import's tables were still
    # empty (a sequential scan), which turned a 50,000-row import quadratic.
    return create_engine(url, pool_pre_ping=True, connect_args={"prepare_threshold": None}, **json_options)


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def _session_factory() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


def new_session() -> Session:
    return _session_factory()()


@contextmanager
def session_scope() -> Iterator[Session]:
    """The unit of work for a CLI command or a job: commit on success, roll back on error."""
    session = new_session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def reset_caches() -> None:
    """Forget the engine and session factory (tests that switch databases)."""
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    _session_factory.cache_clear()


class JSONText(str):
    """JSON already serialised: insert_rows writes it as it is."""


def insert_rows(session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """INSERT many rows (tuples in the order of `columns`) straight through the driver.

    Values still go through their column type's bind processor (dates, JSON; JSONText is
    taken as already serialised), so the result is what `session.execute(insert(table),
    ...)` writes, without SQLAlchemy's per-row work: imports write every record here.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    processed = [
        (index, process)
        for index, name in enumerate(columns)
        if (process := table.c[name].type._cached_bind_processor(dialect)) is not None
    ]
    params: Sequence[tuple[Any, ...]] = rows
    if processed:
        params = []
        # The last value seen per column and what it became: a chunk's timestamps are one
        # object repeated on every row.
        memo: list[tuple[Any, Any]] = [(None, None)] * len(columns)
        for row in rows:
            values = list(row)
            for index, process in processed:
                value = values[index]
                if value is None or type(value) is JSONText:
                    continue
                last, done = memo[index]
                if value is not last:
                    done = process(value)
                    memo[index] = (value, done)
                values[index] = done
            params.append(tuple(values))
    names = ", ".join(preparer.quote(name) for name in columns)
    table_name = preparer.format_table(table)
    if dialect.name == "postgresql":
        # COPY: one round trip, no statement per row; five times executemany's speed here.
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
            for item in params:
                copy.write_row(item)
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
    sql = f"INSERT INTO {table_name} ({names}) VALUES ({', '.join([marker] * len(columns))})"
    connection.exec_driver_sql(sql, list(params))


def one_of(session: Session, column: Any, values: Sequence[Any]) -> Any:
    """`column IN values`; on PostgreSQL as one array parameter (`= ANY(...)`), since
    psycopg parses a query of hundreds of placeholders anew on every run."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(column.type)))
    return column.in_(values)
