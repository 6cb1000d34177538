"""Engine, sessions and the declarative base.

SQLite is the embedded default and PostgreSQL (psycopg 3) the production database;
the same code and migrations serve both.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import (
    ARRAY,
    JSON,
    Date,
    DateTime,
    MetaData,
    Text,
    TypeDecorator,
    create_engine,
    event,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql.psycopg import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite.pysqlite import dialect as sqlite_dialect
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


class JSONText(TypeDecorator[Any]):
    """A JSON document kept as plain text on every database: for columns the application
    writes in bulk and reads whole, never inside (a source record's data and raw row).
    The database neither parses nor checks it; orjson writes and reads it."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else _json_dumps(value)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else orjson.loads(value)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


SQLITE_CACHE_KIB = 65_536


@contextmanager
def large_page_cache(session: Session, mib: int) -> Iterator[None]:
    """A larger SQLite page cache for this session's connection while a bulk write runs
    (a consolidation writes gigabytes: its inserts took half the time with 512 MiB);
    nothing on PostgreSQL, whose server keeps its own."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{mib * 1024}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


@contextmanager
def indexes_made_after(session: Session, table: Any) -> Iterator[None]:
    """For filling an empty table in bulk on SQLite: the table's indexes (other than its
    primary key) are dropped first and made again at the end of the block, each in one
    sort. A first consolidation's 1.5 million links, written in record order, updated the
    index by person out of order: 6.0 s, against 3.1 s and 1.4 s to index them after.
    Inside the caller's transaction, so a failure takes the drop back with the rest.
    Nothing on PostgreSQL, where dropping an index locks the table against readers until
    the transaction ends."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    indexes = sorted(table.indexes, key=lambda index: index.name)
    for index in indexes:
        index.drop(connection)
    try:
        yield
    finally:
        for index in indexes:
            index.create(connection)


WAL_WRITEBACK_SECONDS = 0.5


@contextmanager
def wal_written_back(session: Session) -> Iterator[None]:
    """While the block runs, SQLite's write-ahead log is written back to disk from a
    thread, every half second.

    A long transaction's pages reach the WAL as they leave the page cache, but stay in the
    operating system's memory until something syncs them: the checkpoint at commit syncs
    the whole WAL, copies it into the database file and syncs that. For a consolidation
    of a million records (1.8 GB of WAL) that was 11 s of waiting at commit, while the
    disk had sat idle during the minutes of work before. Synced as it grows, the WAL is
    mostly on disk when the commit comes. Durability is what it was (nothing is synced
    less); the thread only syncs sooner. Nothing on PostgreSQL, nor on SQLite in memory."""
    connection = session.connection()
    database = connection.engine.url.database
    if connection.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    stop = threading.Event()
    # A thread: worker pools started inside the block come from the forkserver (see
    # workers.pool_context); a consolidation's are started before it.
    thread = threading.Thread(target=_write_back, args=(f"{database}-wal", stop), name="wal-writeback", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _write_back(path: str, stop: threading.Event) -> None:
    sync = getattr(os, "fdatasync", os.fsync)
    handle = -1
    try:
        while not stop.wait(WAL_WRITEBACK_SECONDS):
            try:
                if handle < 0:
                    handle = os.open(path, os.O_RDONLY)
                sync(handle)  # the GIL is released meanwhile
            except FileNotFoundError:
                continue  # no page has reached the WAL yet
            except OSError:
                return  # a speed-up only: the commit syncs what it must anyway
    finally:
        if handle >= 0:
            os.close(handle)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # 16 KiB pages (the default is 4 KiB): a source record is about 2.5 KiB, and an import
    # wrote its records a third faster. Only a new, empty database takes it.
    cursor.execute("PRAGMA page_size=16384")
    # WAL lets readers (the web UI) go on while an import writes; the busy timeout makes a
    # second writer wait instead of failing at once, long enough for a large import.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=120000")
    # 64 MiB of page cache (the default is 2 MiB): imports update two indexes per record.
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, say when a transaction begins (see
    # _sqlite_begin): the module otherwise defers BEGIN and breaks SAVEPOINTs.
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    # A transaction that must write what it read (a booking) begins IMMEDIATE: it takes
    # the write lock first, so two such transactions run one after the other instead of
    # both reading the same free slot (see `write_transaction`).
    options = connection.get_execution_options()
    if options.get("sqlite_foreign_keys") is False:  # see `foreign_keys_unchecked`
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.info["foreign_keys_off"] = True
    mode = "BEGIN IMMEDIATE" if options.get("sqlite_immediate") else "BEGIN"
    connection.exec_driver_sql(mode)
    # The rows this connection had changed when the transaction began (`has_written`).
    connection.info["changes_at_begin"] = connection.connection.driver_connection.total_changes


def has_written(session: Session) -> bool:
    """Whether the session's transaction has written anything yet (pending changes are
    flushed first; True when it cannot tell). Until it has, a connection of another
    process sees the rows this one sees."""
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        began = connection.info.get("changes_at_begin")
        return began is None or connection.connection.driver_connection.total_changes != began  # type: ignore[union-attr]
    if connection.dialect.name == "postgresql":
        # A transaction gets an id when it first writes.
        return bool(connection.exec_driver_sql("SELECT pg_current_xact_id_if_assigned() IS NOT NULL").scalar())
    return True


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC datetime: SQLite gives them back naive (they were
    stored as UTC), PostgreSQL aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def write_transaction(session: Session) -> None:
    """Start the session's next transaction as one that will write what it reads: on
    SQLite it begins IMMEDIATE (the write lock first; other writers wait their turn). A
    session already in a transaction keeps it: its first write then takes the lock, and
    fails (database is locked) rather than wait if another writer committed since it
    began reading. On PostgreSQL the caller locks the rows it depends on (FOR UPDATE)."""
    if session.in_transaction():
        return
    if session.get_bind().dialect.name == "sqlite":
        session.connection(execution_options={"sqlite_immediate": True})


def foreign_keys_unchecked(session: Session) -> bool:
    """Start the session's next transaction on SQLite without checking foreign keys, for a
    bulk write whose every key the transaction itself read from the database or made (a
    full consolidation: each of 1.5 million person_records rows had its source record
    looked up, a page of the register read per few rows, about 3 µs a row). The keys are
    checked all the same on PostgreSQL, where the suite runs too. SQLite takes the switch
    only between transactions: a session already in one (or bound to a connection, as in
    the tests) keeps its checks, and so does the connection once it goes back to the pool
    (`_foreign_keys_back`). Returns whether the checks are off."""
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return False
    session.connection(execution_options={"sqlite_foreign_keys": False})
    return True


def _foreign_keys_back(dbapi_connection: Any, record: Any) -> None:
    """A connection returns to the pool (its transaction over) checking foreign keys again."""
    if record.info.pop("foreign_keys_off", False) and dbapi_connection is not None:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")


def _json_dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def json_text(value: Any) -> str:
    """A JSONText column's stored form of `value` (for `insert_rows`)."""
    return _json_dumps(value)


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
        event.listen(engine.pool, "checkin", _foreign_keys_back)
        return engine
    if parsed.drivername == "postgresql":
        # psycopg 3 is the driver; accept the plain URL form too.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    # No server-side prepared statements: psycopg prepares a query after five runs, and
    # PostgreSQL may then keep a generic plan made while an import's tables were still
    # empty (a sequential scan), which turned a 50,000-row import quadratic.
    # The web server runs up to 40 requests at once (its thread pool), so the pool keeps
    # 40 connections: with 10 kept and 40 more allowed, the extra ones were closed on
    # return and opened again for the next request (a new PostgreSQL backend each time),
    # a large share of the CPU under load. Connections open only when first needed.
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=40,
        max_overflow=10,
        connect_args={"prepare_threshold": None},
        **json_options,
    )


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


Converter = Callable[[Any], Any]


def _isoformat(value: Any) -> str:
    return value.isoformat()


def _sqlite_datetime(process: Converter) -> Converter:
    """SQLAlchemy's SQLite DATETIME text ("2017-04-11 10:22:00.000000", the offset
    dropped) made by isoformat in C: a sixth of the time of its format-string processor,
    which an import ran once a row. Anything but a datetime goes to the processor."""

    def convert(value: Any) -> Any:
        if type(value) is datetime:  # the first 26 characters: the offset, if any, follows
            return value.isoformat(" ", "microseconds")[:26]
        return process(value)

    return convert


def _sqlite_date(process: Converter) -> Converter:
    """SQLAlchemy's SQLite DATE text ("1990-04-01") by isoformat, as `_sqlite_datetime`."""

    def convert(value: Any) -> Any:
        return value.isoformat() if type(value) is date else process(value)

    return convert


@lru_cache
def storage_converters(dialect_name: str, table_name: str, columns: tuple[str, ...]) -> tuple[Converter | None, ...]:
    """For each column, what turns a Python value into the plain value the driver stores
    (None: stored as it is): the column type's bind processor, so the result is what
    `session.execute(insert(table), ...)` would write. JSON columns take text already
    serialised. An import applies these where it makes its rows, in its worker processes,
    so that the importing process only writes them (`insert_rows`, `update_rows`)."""
    dialect = (sqlite_dialect if dialect_name == "sqlite" else postgresql_dialect)()
    table = Base.metadata.tables[table_name]
    converters: list[Converter | None] = []
    for name in columns:
        column_type = table.c[name].type
        serialised = isinstance(column_type, JSON | JSONText)
        process: Converter | None = None if serialised else column_type._cached_bind_processor(dialect)
        if process is None and dialect_name == "postgresql" and isinstance(column_type, Date | DateTime):
            process = _isoformat  # COPY's text format; PostgreSQL parses it back exactly
        elif process is not None and dialect_name == "sqlite" and isinstance(column_type, DateTime):
            process = _sqlite_datetime(process)
        elif process is not None and dialect_name == "sqlite" and isinstance(column_type, Date):
            process = _sqlite_date(process)
        converters.append(process)
    return tuple(converters)


def stored_value(session: Session, table: Any, column: str, value: Any) -> Any:
    """`value` as `insert_rows` takes it for `table.column` (its storage converter
    applied): for a value every row shares, converted once."""
    (convert,) = storage_converters(session.get_bind().dialect.name, table.name, (column,))
    return value if convert is None or value is None else convert(value)


def insert_rows(
    session: Session,
    table: Any,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    utf8: Collection[str] = (),
) -> None:
    """INSERT many rows straight through the driver, without SQLAlchemy's per-row work:
    imports write every record here. Rows are tuples in the order of `columns`, their
    values already as stored (plain text, numbers, None; see `storage_converters`).
    `utf8`: text columns whose values may come as their UTF-8 bytes (orjson's output, as
    a worker process sent it): SQLite takes them as they are, stored as text; on
    PostgreSQL they are decoded first."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    table_name = preparer.format_table(table)
    if dialect.name == "postgresql":
        if utf8:
            rows = _decoded(rows, [index for index, name in enumerate(columns) if name in utf8])
        # COPY: one round trip, no statement per row; five times executemany's speed here.
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY {table_name} ({names}) FROM STDIN") as copy:
            for item in rows:
                copy.write_row(item)
        return
    marker = _marker(dialect)
    # A BLOB cast to TEXT is read as text in the database's encoding (UTF-8): the bytes
    # are stored without being made a Python string and encoded again.
    markers = ", ".join(f"CAST({marker} AS TEXT)" if name in utf8 else marker for name in columns)
    connection.exec_driver_sql(f"INSERT INTO {table_name} ({names}) VALUES ({markers})", list(rows))


def _decoded(rows: Sequence[tuple[Any, ...]], indexes: Sequence[int]) -> list[tuple[Any, ...]]:
    out = []
    for row in rows:
        values = list(row)
        for index in indexes:
            if isinstance(values[index], bytes):
                values[index] = values[index].decode()
        out.append(tuple(values))
    return out


# PostgreSQL's COPY text format: fields split by tabs, NULL as \N, and a backslash, tab,
# newline or carriage return inside a value escaped with a backslash.
_COPY_NULL = "\\N"
_COPY_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_COPY_UNESCAPE = re.compile(rb"\\(.)")
_COPY_UNESCAPES = {b"\\": b"\\", b"t": b"\t", b"n": b"\n", b"r": b"\r"}


def _copy_field(value: Any) -> str:
    if value is None:
        return _COPY_NULL
    if type(value) is str:
        for char, escaped in _COPY_ESCAPES.items():
            if char in value:
                value = value.replace(char, escaped)
        return value
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def copy_text(values: Sequence[Any]) -> bytes:
    """One row in PostgreSQL's COPY text format, without its line end. An import's
    workers format their rows so, and the importing process only joins and sends them
    (`copy_lines`): psycopg's write_row, row by row, was half the importing process's
    time. Values are as `storage_converters` leaves them (text, numbers, booleans, None)."""
    parts = [_COPY_NULL if value is None else value if type(value) is str else _copy_field(value) for value in values]
    line = "\t".join(parts)
    # Almost no value needs escaping: the joined line shows it in one pass of C each.
    if line.count("\t") != len(parts) - 1 or line.count("\\") != values.count(None) or "\n" in line or "\r" in line:
        line = "\t".join([_COPY_NULL if value is None else _copy_field(value) for value in values])
    return line.encode()


def copy_fields(line: bytes) -> list[str | None]:
    """The values of a `copy_text` line, as text (None for NULL)."""
    return [
        None if field == b"\\N" else _COPY_UNESCAPE.sub(lambda m: _COPY_UNESCAPES.get(m[1], m[1]), field).decode()
        for field in line.split(b"\t")
    ]


def copy_lines(session: Session, table: Any, columns: Sequence[str], lines: Sequence[bytes]) -> None:
    """COPY rows already in `copy_text` form into a PostgreSQL table, in one write."""
    if not lines:
        return
    connection = session.connection()
    preparer = connection.dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {preparer.format_table(table)} ({names}) FROM STDIN") as copy:
        copy.write(b"\n".join(lines) + b"\n")


def update_from_lines(session: Session, table: Any, columns: Sequence[str], lines: Sequence[bytes]) -> None:
    """`update_rows` for PostgreSQL from `copy_text` lines of (columns..., id): COPY into
    a scratch table shaped like these columns of `table`, then one UPDATE joining it."""
    if not lines:
        return
    connection = session.connection()
    preparer = connection.dialect.identifier_preparer
    target = preparer.format_table(table)
    scratch = preparer.quote(f"tb_changes_{table.name}")
    names = [preparer.quote(name) for name in (*columns, "id")]
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {scratch} ON COMMIT DROP AS SELECT {', '.join(names)} FROM {target} WITH NO DATA"
    )
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {scratch} ({', '.join(names)}) FROM STDIN") as copy:
        copy.write(b"\n".join(lines) + b"\n")
    assignments = ", ".join(f"{name} = changes.{name}" for name in names[:-1])
    connection.exec_driver_sql(
        f"UPDATE {target} SET {assignments} FROM {scratch} AS changes WHERE {target}.id = changes.id"
    )
    connection.exec_driver_sql(f"DROP TABLE {scratch}")


def insert_values(session: Session, table: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """`insert_rows` for rows of Python values (dates, times, booleans), each converted as
    the ORM would store it (`storage_converters`); JSON columns take text already
    serialised (`json_text`)."""
    convert = storage_converters(session.get_bind().dialect.name, table.name, tuple(columns))
    # Only the columns that convert, each distinct value once: a consolidation writes a
    # million persons with one timestamp, and converting it a million times was most of
    # the time of storing them.
    converting: list[tuple[int, Converter, dict[Any, Any]]] = [
        (index, c, {}) for index, c in enumerate(convert) if c is not None
    ]
    stored: list[tuple[Any, ...]] = []
    for row in rows:
        if len(row) != len(convert):
            raise ValueError(f"a row of {len(row)} values for {len(convert)} columns")
        if not converting:
            stored.append(tuple(row))
            continue
        values = list(row)
        for index, c, seen in converting:
            value = values[index]
            if value is None:
                continue
            try:
                values[index] = seen[value]
            except KeyError:
                values[index] = seen[value] = c(value)
            except TypeError:  # unhashable
                values[index] = c(value)
        stored.append(tuple(values))
    insert_rows(session, table, columns, stored)


def update_rows(session: Session, table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """UPDATE many rows by primary key `id`: each row holds the new values of `columns`,
    as stored (see `insert_rows`), then the id."""
    if not rows:
        return
    connection = session.connection()
    preparer = connection.dialect.identifier_preparer
    marker = _marker(connection.dialect)
    assignments = ", ".join(f"{preparer.quote(name)} = {marker}" for name in columns)
    sql = f"UPDATE {preparer.format_table(table)} SET {assignments} WHERE id = {marker}"
    connection.exec_driver_sql(sql, list(rows))


def _marker(dialect: Any) -> str:
    return {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]


def rows_by_key(session: Session, columns: Sequence[Any], where: Any, key: Any, keys: Sequence[Any]) -> Iterator[Any]:
    """The rows (of `columns`) matching `where` whose `key` is one of `keys`, where `key`
    is unique under `where` and indexed with it: one index probe per key, whatever the
    table's statistics say.

    On PostgreSQL, `key = ANY(array)` was planned as a scan of every row under `where`
    (statistics lag behind an import's own rows), a hundred times the work for a chunk
    of new ids: the keys are unnested and each is looked up on its own (a LATERAL
    subquery with LIMIT 1, which the planner cannot turn into a hash join). SQLite looks
    up each member of an IN list by the index; the list goes in as one JSON parameter
    (json_each), not one bound parameter per key, which SQLAlchemy compiled at a few
    microseconds a key."""
    if not keys:
        return
    if session.get_bind().dialect.name == "postgresql":
        wanted = func.unnest(literal(list(keys), ARRAY(key.type))).table_valued("key").render_derived()
        match = select(*columns).where(where, key == wanted.c.key).limit(1).lateral()
        yield from session.execute(select(match).select_from(wanted).join(match, true()))
        return
    wanted = func.json_each(literal(_json_dumps(list(keys)), Text)).table_valued("value")
    yield from session.execute(select(*columns).where(where, key.in_(select(wanted.c.value))))


def driver_rows(session: Session, stmt: Any) -> list[tuple[Any, ...]]:
    """`stmt`'s rows as the driver gives them, through its own cursor, without
    SQLAlchemy's per-row work (half the time for a million rows). The statement is
    compiled with its values written in: for plain values only (ids, statuses), not
    dates, whose stored form the driver's parameters decide. Values come as the database
    stores them (a date is ISO text on SQLite)."""
    connection = session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def driver_column(session: Session, stmt: Any) -> list[Any]:
    """The first column of `driver_rows`."""
    return [row[0] for row in driver_rows(session, stmt)]


def batched(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    """`items` in slices of `size`: keeps one statement's parameter list under SQLite's and
    PostgreSQL's limits."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
