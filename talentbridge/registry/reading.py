"""Reading the register into the linkage table, in two processes for a large register.

A consolidation starts by reading every active source record and making its linkage keys
(features.py): for a million records, half a minute of one core while the other sat
idle. Here a helper process, forked before this one has read anything, reads and keys
the upper part of the register (by id) while this process does the rest. The
readings are learned from both parts' counts, which add up to the whole register's, so
the table is the one a single process would make. Nothing but the keys crosses back (as
Arrow), and the helper exits: its memory goes with it.

The helper reads through a connection of its own, so it is used only when it sees what
this transaction sees (`visible_elsewhere`); otherwise this process reads everything.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from multiprocessing.connection import Connection
from operator import itemgetter
from typing import Any

import pyarrow as pa
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import has_written
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry import features
from talentbridge.workers import collector_paused, pool_context

PARALLEL_RECORDS = 20_000  # below this, a helper process costs more than it saves
HELPER_SHARE = 0.62  # of the id range, the upper part, read by the helper

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


class Reader:
    """`with Reader(session) as reader:` forks the helper (when one is used) at once;
    `reader.read()` then reads this process's part and takes the helper's. Whatever else
    wants to fork while this process is still small goes in between (the golden records'
    workers). Leaving the block stops a helper whose part was not taken.

    `count`: the active records; `url`: the database URL another process can read this
    transaction's register from, or None (`visible_elsewhere`)."""

    def __init__(self, session: Session, *, parallel: bool | None = None) -> None:
        self.session = session
        self.url = visible_elsewhere(session)
        count, low, high = session.execute(_BOUNDS).one()
        self.count, self.low, self.high = count or 0, (low or 1) - 1, high or 0
        # The helper's part starts after this id: the ids of active records are spread
        # evenly enough (an exact median cost a second's scan of a million). It takes more
        # than half, since this process also merges the counts and the two tables: with
        # halves, it worked 11.9 s of a million records' reading while the helper worked
        # 8.8 and waited; reading a million persons' register took 13.0 s with 0.62
        # (median of four) against 13.7 s with 0.58.
        self.split = self.low + int((self.high - self.low) * (1 - HELPER_SHARE))
        if parallel is None:
            parallel = get_settings().import_workers > 1 and self.count >= PARALLEL_RECORDS
        self.parallel = bool(parallel and self.url is not None and self.count > 1)
        self.helper: Any = None
        self.pipe: Connection | None = None

    def __enter__(self) -> Reader:
        if self.parallel:
            context = pool_context(_PRELOAD)
            self.pipe, theirs = context.Pipe()
            self.helper = context.Process(  # type: ignore[attr-defined]
                target=_helper, args=(self.url, self.split, self.high, theirs), name="register-reader", daemon=True
            )
            self.helper.start()
            theirs.close()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pipe is not None:
            self.pipe.close()
        if self.helper is not None:
            if self.helper.is_alive():  # this process failed: the helper's part is not wanted
                self.helper.kill()
            self.helper.join()

    def read(self) -> Register:
        connection = self.session.connection().connection.driver_connection
        with collector_paused():
            if self.pipe is None:
                columns = _columns(connection, self.low, self.high)
                readings = features.ReadingTable.learn(features.column_reading_pairs(columns))
                return Register(_table(columns, readings), readings)
            columns = _columns(connection, self.low, self.split)
            counts = features.ReadingTable.count(features.column_reading_pairs(columns))
            readings = features.ReadingTable.from_counts(features.merge_counts([counts, self._received()]))
            self.pipe.send(readings.readings)
            table = _table(columns, readings)
            del columns
            self._received()  # the table's bytes follow
            try:
                data = self.pipe.recv_bytes()
            except EOFError:
                raise ReaderFailed("the process reading part of the register ended while sending it") from None
            upper = pa.ipc.open_stream(pa.py_buffer(data)).read_all()
        return Register(pa.concat_tables([table, upper]), readings)

    def _received(self) -> Any:
        """What the helper sent next; its failure, or its end without a word, as an error
        (not a wait for ever)."""
        assert self.pipe is not None
        while not self.pipe.poll(0.5):
            if not self.helper.is_alive() and not self.pipe.poll(0):
                break
        try:
            kind, value = self.pipe.recv()
        except EOFError:
            self.helper.join(5)
            raise ReaderFailed(
                f"the process reading part of the register ended unexpectedly (exit {self.helper.exitcode})"
            ) from None
        if kind == "error":
            raise ReaderFailed(f"the process reading part of the register failed: {value}")
        return value


class ReaderFailed(RuntimeError):
    """The helper process could not read its part of the register."""


def read(session: Session, *, parallel: bool | None = None) -> Register:
    """The linkage table of every active source record and the readings it was made with
    (`Reader`, with nothing in between)."""
    with Reader(session, parallel=parallel) as reader:
        return reader.read()


def _columns(driver_connection: Any, low: int, high: int) -> dict[str, list[Any]]:
    """The source columns of the active records with low < id <= high, column by column,
    straight through the driver (SQLAlchemy's per-row work was half the time)."""
    cursor = driver_connection.cursor()
    try:
        cursor.execute(_SELECT.format(low=int(low), high=int(high)))
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return {name: list(map(itemgetter(index), rows)) for index, name in enumerate(features.SOURCE_COLUMNS)}


def _table(columns: dict[str, list[Any]], readings: features.ReadingTable) -> pa.Table:
    return pa.table(features.linkage_columns_of(columns, readings), schema=features.SCHEMA)


# --- the helper process -------------------------------------------------------------------

_PRELOAD = "talentbridge.registry.reading"


def _helper(url: str, low: int, high: int, parent: Connection) -> None:
    """Reads and keys the records with low < id <= high: sends its reading counts, waits
    for the readings learned from the whole register, sends its keys as an Arrow stream."""
    from talentbridge.db import make_engine

    gc.disable()
    try:
        engine = make_engine(url)  # its own: the parent's connections are not this process's
        with engine.connect() as connection:
            columns = _columns(connection.connection.driver_connection, low, high)
        parent.send(("counts", features.ReadingTable.count(features.column_reading_pairs(columns))))
        # Every key but the one the readings give, while the parent learns them (it waited
        # here a second of a million records' reading). Nothing is freed: the process
        # exits without it.
        unread = features.UnreadKeys.of(columns)
        readings = features.ReadingTable(parent.recv())
        table = pa.table(unread.read(readings), schema=features.SCHEMA)
        # The table as raw bytes, not pickled (a pickled buffer was copied twice more on
        # each side), into a buffer of its exact size: a growing BufferOutputStream took
        # 1.3 s for 200 MB, against 0.03.
        data = _ipc_bytes(table)
        parent.send(("table", None))
        parent.send_bytes(data)
    except Exception as exc:  # the parent says what went wrong
        parent.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        parent.close()


# --- who else can read the register ---------------------------------------------------------


def visible_elsewhere(session: Session) -> str | None:
    """The database URL another process can read the active source records from, when
    what it would see there is what this transaction sees (this transaction has written
    nothing yet); None otherwise (an in-memory database, or an import in this same
    transaction)."""
    url = session.get_bind().engine.url  # the session may be bound to a connection
    if url.get_backend_name() == "sqlite" and (url.database or ":memory:") == ":memory:":
        return None
    return None if has_written(session) else url.render_as_string(hide_password=False)


def _ipc_bytes(table: pa.Table) -> pa.Buffer:
    """`table` as an Arrow IPC stream, in a buffer of exactly its size."""
    counted = pa.MockOutputStream()
    with pa.ipc.new_stream(counted, table.schema) as stream:
        stream.write_table(table)
    buffer = pa.allocate_buffer(counted.size())
    with pa.ipc.new_stream(pa.FixedSizeBufferWriter(buffer), table.schema) as stream:
        stream.write_table(table)
    return buffer
