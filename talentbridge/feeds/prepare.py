"""Rows to prepared records: mapping, normalising and hashing, in parallel when it pays.

This is the CPU-heavy half of an import. The database half stays in the importing
process (one transaction); the rows are mapped by a small pool of worker processes, in
chunks, with only a few chunks in flight, so memory stays flat and the output keeps the
file's order (the first of two rows with the same id wins, as in a sequential run).
"""

from __future__ import annotations

import gc
import hashlib
import operator
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from talentbridge.db import Converter, copy_fields, copy_text, storage_converters
from talentbridge.feeds import models  # noqa: F401  (the tables storage_converters reads)
from talentbridge.feeds.errors import N_, Message, message
from talentbridge.feeds.mapping import Layout, RowError, load_layout
from talentbridge.feeds.readers import Chunk, RawRow, jsonable, rows_of
from talentbridge.workers import ordered_map

# The fields joined, lower-cased, into source_records.search_text.
SEARCH_KEYS = ("record_id", "family_name", "given_name", "name_kana", "native_name", "email")


class Unreadable(NamedTuple):
    row_number: int
    record_id: str | None  # known when only a later column failed
    raw: str
    reason: Message


# The columns of source_records taken from the canonical record, besides data and raw.
RECORD_COLUMNS = (
    "family_name",
    "given_name",
    "name_kana",
    "native_name",
    "birth_date",
    "sex",
    "nationality",
    "residence_prefecture",
    "email",
    "phone",
    "visa_status",
    "visa_expires",
    "consent_third_party",
    "source_updated_at",
)
# A prepared row's values for source_records, in this order, already as the database
# stores them; the importing process adds the import's own columns.
VALUE_COLUMNS = ("record_id", "first_row", "data", "raw", "content_hash", *RECORD_COLUMNS, "search_text")
CONTENT_COLUMNS = VALUE_COLUMNS[2:]  # what a changed row rewrites
RAW_VALUE = VALUE_COLUMNS.index("raw")
_CONTENT_START = VALUE_COLUMNS.index(CONTENT_COLUMNS[0])
assert _CONTENT_START == 2, "content_of cuts a COPY line after its second field"

# A readable row: (row number, record id, content hash, consent, values). A plain tuple,
# not a class: it crosses from a worker process, and a tuple of plain values pickles
# several times faster than an object, or than dates and time zones. For PostgreSQL the
# values come as one line of COPY text (`db.copy_text`): bytes cross between processes
# for the price of a copy, and the importing process sends them as they are.
Prepared = tuple[int, str, str, bool, tuple[Any, ...] | bytes]
PreparedChunk = tuple[int, list[Prepared | Unreadable]]  # (rows read, rows in file order)


_record_columns = operator.itemgetter(*RECORD_COLUMNS)
_search_keys = operator.itemgetter(*SEARCH_KEYS)
_FIRST_COLUMN = VALUE_COLUMNS.index(RECORD_COLUMNS[0])


def prepare_rows(layout: Layout, rows: list[RawRow], dialect: str) -> list[Prepared | Unreadable]:
    """Map, normalise and hash each row; readable rows come out ready to store in a
    database of `dialect` (see `db.storage_converters`)."""
    container = layout.container
    copy = dialect == "postgresql"
    # The columns that need converting (dates, times, booleans), each value converted once
    # per chunk: birth dates and update times repeat.
    every = storage_converters(dialect, "source_records", VALUE_COLUMNS)
    assert not any(every[:_FIRST_COLUMN]), "the id, row, data, raw and hash are stored as they are"
    converters: list[tuple[int, Converter, dict[Any, Any]]] = [
        (index - _FIRST_COLUMN, convert, {})
        for index, convert in enumerate(every)
        if convert and index >= _FIRST_COLUMN
    ]
    mapped = iter(layout.map_rows([row.values for row in rows if row.values is not None]))
    out: list[Prepared | Unreadable] = []
    for row in rows:
        if row.values is None:
            out.append(Unreadable(row.row_number, None, row.raw, row.error or message(N_("the row cannot be read"))))
            continue
        record = next(mapped)
        if isinstance(record, RowError):
            out.append(Unreadable(row.row_number, record.record_id, row.raw, record.message))
            continue
        data = orjson.dumps(record)
        if container == "jsonl":
            raw_text = row.raw  # the line itself is the row as sent, already JSON
            raw = raw_text.encode()
        else:
            if container == "csv":
                raw = orjson.dumps(row.values)
            else:  # xlsx cells may be dates or numbers: kept as the sheet shows them
                raw = orjson.dumps({key: jsonable(value) for key, value in row.values.items()})
            raw_text = raw.decode()
        digest = hashlib.sha1(b"\n".join((data, raw))).hexdigest()
        record_id = record["record_id"]
        columns = list(_record_columns(record))
        for index, convert, seen in converters:
            value = columns[index]
            if value is not None:
                stored = seen.get(value)
                if stored is None:
                    stored = seen[value] = convert(value)
                columns[index] = stored
        search = " ".join([value or "" for value in _search_keys(record)]).lower()
        values: tuple[Any, ...] | bytes
        values = (record_id, row.row_number, data.decode(), raw_text, digest, *columns, search)
        if copy:
            values = copy_text(values)
        out.append((row.row_number, record_id, digest, bool(record["consent_third_party"]), values))
    return out


def raw_of(values: tuple[Any, ...] | bytes) -> str:
    """The raw row of a prepared row's values (for the quarantine of a repeated id)."""
    if isinstance(values, bytes):
        return copy_fields(values)[RAW_VALUE] or ""
    return str(values[RAW_VALUE])


def content_of(values: tuple[Any, ...] | bytes) -> tuple[Any, ...] | bytes:
    """The values a changed row rewrites (CONTENT_COLUMNS), in the same form."""
    if isinstance(values, bytes):
        # The first two fields hold no tab (COPY text escapes it): cut after the second.
        return values[values.index(b"\t", values.index(b"\t") + 1) + 1 :]
    return values[_CONTENT_START:]


FIRST_CHUNK_ROWS = 250


@lru_cache
def _worker_layout(source_file: Path) -> Layout:
    return load_layout(source_file)


def prepare_chunk(layout: Layout, chunk: Chunk, dialect: str) -> PreparedChunk:
    """(rows read, prepared rows) of one chunk of the file."""
    rows = rows_of(chunk)
    return len(rows), prepare_rows(layout, rows, dialect)


def _prepare_in_worker(chunk: Chunk, source_file: Path, dialect: str) -> PreparedChunk:
    # The objects of the previous chunk are gone by now; what is left to look at is small.
    gc.collect(1)
    return prepare_chunk(_worker_layout(source_file), chunk, dialect)


def prepared_chunks(
    layout: Layout, path: Path, *, dialect: str, chunk_rows: int, workers: int
) -> Iterator[PreparedChunk]:
    """(rows read, prepared rows) per chunk, in file order, for a database of `dialect`."""
    if workers <= 1 or layout.source_file is None:
        for chunk in layout.chunks(path, size=chunk_rows):
            yield prepare_chunk(layout, chunk, dialect)
        return
    # Small chunks first: the workers start at once, and this process has rows to store
    # within milliseconds instead of waiting for a whole chunk of each worker.
    chunks = layout.chunks(path, size=chunk_rows, first=FIRST_CHUNK_ROWS)
    # Bounded: a few chunks in flight, never the file.
    yield from ordered_map(
        _prepare_in_worker,
        chunks,
        workers=workers,
        preload="talentbridge.feeds.prepare",
        extra=(layout.source_file, dialect),
    )
