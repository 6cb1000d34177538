"""Rows to prepared records: mapping, normalising and hashing, in parallel when it pays.

This is the CPU-heavy half of an import. The database half stays in the importing
process (one transaction); the rows are mapped by a small pool of worker processes, in
chunks, with only a few chunks in flight, so memory stays flat and the output keeps the
file's order (the first of two rows with the same id wins, as in a sequential run).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

from talentbridge.feeds.mapping import Layout, RowError, load_layout
from talentbridge.feeds.readers import RawRow, jsonable

# The columns of source_records filled from the canonical record, besides data and raw.
SEARCH_KEYS = ("record_id", "family_name", "given_name", "name_kana", "native_name", "email")


@dataclass(slots=True)
class Prepared:
    row_number: int
    record_id: str
    hash: str
    consent: bool
    columns: dict[str, Any]  # the searchable columns of source_records
    data: str  # the canonical record, JSON
    raw: str  # the row as the agency sent it, JSON


@dataclass(slots=True)
class Unreadable:
    row_number: int
    record_id: str | None  # known when only a later column failed
    raw: str
    reason: str


def _columns(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "family_name": record["family_name"],
        "given_name": record["given_name"],
        "name_kana": record["name_kana"],
        "native_name": record["native_name"],
        "birth_date": record["birth_date"],
        "sex": record["sex"],
        "nationality": record["nationality"],
        "residence_prefecture": record["residence_prefecture"],
        "email": record["email"],
        "phone": record["phone"],
        "visa_status": record["visa_status"],
        "visa_expires": record["visa_expires"],
        "consent_third_party": bool(record["consent_third_party"]),
        "source_updated_at": record["source_updated_at"],
        "search_text": " ".join(str(record[key] or "") for key in SEARCH_KEYS).lower(),
    }


def prepare_rows(layout: Layout, rows: list[RawRow]) -> list[Prepared | Unreadable]:
    # Cell values other than text (xlsx dates and numbers) are written as _cell_text shows them.
    plain = layout.container == "csv"
    out: list[Prepared | Unreadable] = []
    for row in rows:
        if row.values is None:
            out.append(Unreadable(row.row_number, None, row.raw, row.error or "the row cannot be read"))
            continue
        try:
            record = layout.map_values(row.values)
        except RowError as exc:
            out.append(Unreadable(row.row_number, exc.record_id, row.raw, exc.reason))
            continue
        data = orjson.dumps(record)
        raw_values = row.values if plain else {key: jsonable(value) for key, value in row.values.items()}
        raw = orjson.dumps(raw_values)
        out.append(
            Prepared(
                row_number=row.row_number,
                record_id=record["record_id"],
                hash=hashlib.sha1(data + b"\n" + raw).hexdigest(),
                consent=bool(record["consent_third_party"]),
                columns=_columns(record),
                data=data.decode(),
                raw=raw.decode(),
            )
        )
    return out


@lru_cache
def _worker_layout(source_file: Path) -> Layout:
    return load_layout(source_file)


def _prepare_in_worker(source_file: Path, rows: list[RawRow]) -> list[Prepared | Unreadable]:
    return prepare_rows(_worker_layout(source_file), rows)


def chunked(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def prepared_chunks(
    layout: Layout, rows: Iterable[RawRow], *, chunk_rows: int, workers: int
) -> Iterator[tuple[int, list[Prepared | Unreadable]]]:
    """(rows read, prepared rows) per chunk, in file order."""
    chunks = chunked(rows, chunk_rows)
    if workers <= 1 or layout.source_file is None:
        for chunk in chunks:
            yield len(chunk), prepare_rows(layout, chunk)
        return
    first = next(chunks, None)
    if first is None:
        return
    # A short file is done before a pool would have started.
    if len(first) < chunk_rows:
        yield len(first), prepare_rows(layout, first)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["talentbridge.feeds.prepare"])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[int, Future[list[Prepared | Unreadable]]]] = deque()
        pending.append((len(first), pool.submit(_prepare_in_worker, layout.source_file, first)))
        for chunk in chunks:
            pending.append((len(chunk), pool.submit(_prepare_in_worker, layout.source_file, chunk)))
            if len(pending) > workers * 2:  # bounded: a few chunks in flight, never the file
                size, future = pending.popleft()
                yield size, future.result()
        while pending:
            size, future = pending.popleft()
            yield size, future.result()
