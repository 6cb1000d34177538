"""Reading the register into the linkage table.

A consolidation starts by reading every active source record's name, birth date and
contact columns and making its linkage keys (features.py). For a large register two
processes of their own do it, each for half of the ids: each reads its records' columns
as Arrow through an ADBC driver (SQLite's or PostgreSQL's), sends their reading counts
here, gets back the readings learned from the whole register, makes the keys column by
column (`features.keys_of`: no Python object per record) and sends its table back as
Arrow. A million records took 9.7 s through the Python drivers' rows (two processes),
and take 3.9 s this way.

Why processes, not threads: the ADBC driver carries its own copy of SQLite, and two
copies of SQLite in one process break each other's file locks (closing one's file
releases the other's locks: https://www.sqlite.org/howtocorrupt.html, 2.2.1); here the
driver's closing connection checkpointed and removed the WAL under the session's open
transaction, which then could not write.

The processes read through connections of their own, so they are used only when those see
what this transaction sees (`visible_elsewhere`); otherwise, and for a small register, the
records come through the session's own connection as rows.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any

import pyarrow as pa
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import driver_rows, has_written
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry import features
from talentbridge.workers import pool_context

ARROW_RECORDS = 20_000  # below this, the session's own rows are quicker than a process

_SELECT = (
    f"SELECT {', '.join(features.SOURCE_COLUMNS)} FROM {SourceRecord.__tablename__} "
    f"WHERE status = '{ACTIVE}' AND id > {{low}} AND id <= {{high}} ORDER BY id"
)
_BOUNDS = select(func.count(SourceRecord.id), func.min(SourceRecord.id), func.max(SourceRecord.id)).where(
    SourceRecord.status == ACTIVE
)


@dataclass
class Register:
    """The active source records as the linkage reads them."""

    table: pa.Table  # the linkage keys (features.COLUMNS), in id order
    readings: features.ReadingTable

    @classmethod
    def of(cls, source: pa.Table) -> Register:
        """The register of a whole source table (`features.SOURCE_SCHEMA`): its readings
        learned from it, its keys made with them."""
        readings = features.ReadingTable.learn(source)
        return cls(features.keys_of(source, readings), readings)


class ReaderFailed(RuntimeError):
    """The process reading the register could not read it."""


class Reader:
    """`with Reader(session) as reader:` starts the reading processes (when they are used)
    at once, forked while this process is small and runs one thread; `reader.read()` then
    takes what they made. Whatever else wants to fork goes in between (the golden records'
    workers: their pool starts a thread, after which a process could only start from a
    forkserver, a second or more later). Leaving the block stops processes whose tables
    were not taken.

    Each process reads and keys a part of the register (by id): both parts' reading
    counts go to this process, which learns the readings of the whole register from them
    and sends them back for the readings-derived key, so the table is the one a single
    process would make.

    `count`: the active records; `url`: the database URL another process can read this
    transaction's register from, or None (`visible_elsewhere`). `elsewhere`: read in
    processes of their own through ADBC (None: for a large register, when `url` is
    known)."""

    def __init__(self, session: Session, *, elsewhere: bool | None = None) -> None:
        self.session = session
        self.url = visible_elsewhere(session)
        count, low, high = session.execute(_BOUNDS).one()
        self.count, self.low, self.high = count or 0, (low or 1) - 1, high or 0
        if elsewhere is None:
            elsewhere = self.count >= ARROW_RECORDS
        self.elsewhere = bool(elsewhere and self.url is not None)
        self.processes: list[tuple[Any, Connection]] = []

    def __enter__(self) -> Reader:
        if not self.elsewhere:
            return self
        assert self.url is not None
        parts = max(1, min(2, get_settings().import_workers))
        # The parts' ids are spread evenly enough (an exact median cost a scan of the register).
        step = -(-(self.high - self.low) // parts)
        context = pool_context(_PRELOAD)
        for low in range(self.low, self.high, step):
            pipe, theirs = context.Pipe()
            process = context.Process(  # type: ignore[attr-defined]
                target=_reader, args=(self.url, low, min(low + step, self.high), theirs), name="register-reader"
            )
            process.daemon = True
            process.start()
            theirs.close()
            self.processes.append((process, pipe))
        return self

    def __exit__(self, *exc: object) -> None:
        for process, pipe in self.processes:
            pipe.close()
            if process.is_alive():  # this process failed: the table is not wanted
                process.kill()
            process.join()

    def read(self) -> Register:
        if not self.processes:
            return Register.of(_rows_table(self.session, self.low, self.high))
        counts = [_received(pipe, process) for process, pipe in self.processes]
        readings = features.ReadingTable.from_counts(features.merge_counts(counts))
        for _, pipe in self.processes:
            pipe.send(readings.readings)
        tables = []
        for process, pipe in self.processes:
            _received(pipe, process)  # the table's bytes follow
            try:
                data = pipe.recv_bytes()
            except EOFError:
                raise ReaderFailed("the process reading the register ended while sending it") from None
            tables.append(pa.ipc.open_stream(pa.py_buffer(data)).read_all())
        for process, _ in self.processes:
            process.join()  # each exits once its table is sent
        return Register(pa.concat_tables(tables), readings)


def read(session: Session, *, elsewhere: bool | None = None) -> Register:
    """The linkage table of every active source record and the readings it was made with
    (`Reader`, with nothing in between)."""
    with Reader(session, elsewhere=elsewhere) as reader:
        return reader.read()


def _received(pipe: Connection, process: Any) -> Any:
    """What the process sent next; its failure, or its end without a word, as an error
    (not a wait for ever)."""
    while not pipe.poll(0.5):
        if not process.is_alive() and not pipe.poll(0):
            break
    try:
        kind, value = pipe.recv()
    except EOFError:
        process.join(5)
        raise ReaderFailed(f"the process reading the register ended unexpectedly (exit {process.exitcode})") from None
    if kind == "error":
        raise ReaderFailed(f"the process reading the register failed: {value}")
    return value


def _rows_table(session: Session, low: int, high: int) -> pa.Table:
    """The source table (`features.SOURCE_SCHEMA`) of the records with low < id <= high
    through the session's own connection, as rows."""
    rows = driver_rows(session, text(_SELECT.format(low=int(low), high=int(high))))
    return features.source_table_of(
        {name: list(map(itemgetter(index), rows)) for index, name in enumerate(features.SOURCE_COLUMNS)}
    )


# --- the reading process ------------------------------------------------------------------

_PRELOAD = "talentbridge.registry.reading"


def _reader(url: str, low: int, high: int, parent: Connection) -> None:
    """Reads the records with low < id <= high, sends their reading counts, waits for the
    readings learned from the whole register, keys the records and sends the linkage
    table as an Arrow stream."""
    gc.disable()  # nothing here makes cycles; the process exits when done
    try:
        source = adbc_source_table(url, low, high)
        parent.send(("counts", features.ReadingTable.count(source)))
        readings = features.ReadingTable(parent.recv())
        table = features.keys_of(source, readings)
        del source
        # The table as raw bytes, not pickled (a pickled buffer was copied twice more on
        # each side), into a buffer of its exact size.
        data = _ipc_bytes(table)
        parent.send(("table", None))
        parent.send_bytes(data)
    except Exception as exc:  # the parent says what went wrong
        parent.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        parent.close()


def adbc_source_table(url: str, low: int, high: int) -> pa.Table:
    """The source table of the records with low < id <= high through an ADBC connection of
    its own. Never in a process that holds a SQLite connection of Python's own (see
    above)."""
    return features.as_source_table(_adbc_part(url, low, high))


def _adbc_part(url: str, low: int, high: int) -> pa.Table:
    parsed = make_url(url)
    query = _SELECT.format(low=int(low), high=int(high))
    options = {}
    if parsed.get_backend_name() == "sqlite":
        import adbc_driver_sqlite.dbapi as adbc

        connection = adbc.connect(parsed.database)
        # The driver types each column by the values of its first batch of rows (a column
        # of nulls only there became a number, and a later text failed): one batch holds
        # the whole part (at most one row per id).
        options["adbc.sqlite.query.batch_rows"] = str(min(max(1, high - low), 2**30))
    else:
        import adbc_driver_postgresql.dbapi as adbc  # type: ignore[no-redef]

        connection = adbc.connect(parsed.set(drivername="postgresql").render_as_string(hide_password=False))
    with connection, connection.cursor() as cursor:
        if options:
            cursor.adbc_statement.set_options(**options)
        cursor.execute(query)
        return cursor.fetch_arrow_table()


def _ipc_bytes(table: pa.Table) -> pa.Buffer:
    """`table` as an Arrow IPC stream, in a buffer of exactly its size (a growing
    BufferOutputStream took 1.3 s for 200 MB, against 0.03)."""
    counted = pa.MockOutputStream()
    with pa.ipc.new_stream(counted, table.schema) as stream:
        stream.write_table(table)
    buffer = pa.allocate_buffer(counted.size())
    with pa.ipc.new_stream(pa.FixedSizeBufferWriter(buffer), table.schema) as stream:
        stream.write_table(table)
    return buffer


# --- who else can read the register ---------------------------------------------------------


def visible_elsewhere(session: Session) -> str | None:
    """The database URL another connection (or process) can read the active source
    records from, when what it would see there is what this transaction sees (this
    transaction has written nothing yet); None otherwise (an in-memory database, or an
    import in this same transaction)."""
    url = session.get_bind().engine.url  # the session may be bound to a connection
    if url.get_backend_name() == "sqlite" and (url.database or ":memory:") == ":memory:":
        return None
    return None if has_written(session) else url.render_as_string(hide_password=False)
