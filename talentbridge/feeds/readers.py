"""One reader per container: CSV (declared encoding), JSON Lines, .xlsx.

Readers stream. Each cuts its file into chunks that are cheap to make and to send to
another process (CSV rows already split into cells, JSON Lines as text lines, .xlsx as
small XML documents); `rows_of` turns a chunk into RawRows, in the importing process or
in a worker. A row that cannot be read (bad bytes, malformed JSON) comes out with
`error` set instead of values, so the import quarantines it and goes on.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import orjson

from talentbridge.feeds.errors import N_, Message, message
from talentbridge.feeds.xlsx import Workbook, XlsxError

# Lone surrogates are what 'surrogateescape' decoding leaves where bytes were invalid.
_BAD_BYTES = re.compile("[\udc80-\udcff]")


@dataclass(slots=True)
class RawRow:
    row_number: int  # as a spreadsheet or editor shows it: the header of a CSV is row 1
    values: dict[str, Any] | None  # column (or top-level key) -> value; None when unreadable
    raw: str  # the row's content as text, for the quarantine and the audit trail
    error: Message | None = None  # why the row cannot be read


# A chunk: (kind, payload). Payloads hold only plain values, so they pickle cheaply.
Chunk = tuple[str, Any]


def sniff_container(path: Path) -> str:
    """'xlsx', 'jsonl' or 'csv', from the file's first bytes (not its name)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"{"):
        return "jsonl"
    return "csv"


def chunk_sizes(size: int, first: int | None = None) -> Iterator[int]:
    """The rows of each chunk in turn: `size` throughout, or starting at `first` and
    doubling up to `size`. Small first chunks let an import's workers start within
    milliseconds instead of waiting for a whole chunk to be read and mapped."""
    step = max(1, min(first or size, size))
    while step < size:
        yield step
        step *= 2
    yield from itertools.repeat(size)


def rows_of(chunk: Chunk) -> list[RawRow]:
    kind, payload = chunk
    if kind == "csv":
        return _csv_rows(*payload)
    if kind == "jsonl-utf8":
        return _jsonl_utf8_rows(*payload)
    if kind == "jsonl":
        return _jsonl_rows(*payload)
    return _xlsx_rows(*payload)


# --- CSV -------------------------------------------------------------------------------


def _csv_codec(encoding: str) -> str:
    # A BOM is optional in practice: utf-8-sig reads files with and without one.
    return "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8", "utf-8-sig"} else encoding


def read_csv_header(path: Path, *, encoding: str, delimiter: str = ",") -> list[str] | None:
    """The header row, or None when the first line is not text in that encoding. Only the
    first line is decoded: a bad byte further down is the import's business, not this."""
    with path.open("rb") as handle:
        first = handle.readline(1 << 20)
    try:
        line = first.decode(_csv_codec(encoding))
    except UnicodeDecodeError:
        return None
    for row in csv.reader([line.rstrip("\r\n")], delimiter=delimiter):
        return [cell.strip() for cell in row]
    return []


def _undecodable(text: str, encoding: str) -> str:
    """Show what could not be decoded as \\x escapes, keep the rest readable."""
    return text.encode(encoding, "surrogateescape").decode(encoding, "backslashreplace")


def csv_chunks(
    path: Path, *, encoding: str, delimiter: str = ",", size: int = 2000, first: int | None = None
) -> Iterator[Chunk]:
    """Parsing CSV needs the whole stream (a quoted field may hold a line break), so it is
    done here; a chunk holds (row number, cells) pairs, a failure as (row number, error).
    Chunks of `size` rows, the first ones smaller from `first` (`chunk_sizes`)."""
    codec = _csv_codec(encoding)
    sizes = chunk_sizes(size, first)
    limit = next(sizes)
    with path.open(encoding=codec, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = [cell.strip() for cell in next(reader, [])]
        rows: list[tuple[int, Any]] = []
        row_number = 1
        while True:
            try:
                cells: Any = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                cells = message(N_("the CSV row cannot be parsed ({why})"), why=str(exc))
            row_number += 1
            if isinstance(cells, list) and (not cells or (len(cells) == 1 and not cells[0].strip())):
                continue  # a blank line is not a row
            rows.append((row_number, cells))
            if len(rows) >= limit:
                yield "csv", (header, codec, encoding, delimiter, rows)
                rows = []
                limit = next(sizes)
        if rows:
            yield "csv", (header, codec, encoding, delimiter, rows)


def _csv_rows(
    header: list[str], codec: str, encoding: str, delimiter: str, rows: list[tuple[int, Any]]
) -> list[RawRow]:
    width = len(header)
    out: list[RawRow] = []
    for row_number, cells in rows:
        if isinstance(cells, Message):
            out.append(RawRow(row_number, None, "", cells))
            continue
        line = delimiter.join(cells)
        if _BAD_BYTES.search(line):
            out.append(
                RawRow(
                    row_number,
                    None,
                    _undecodable(line, codec),
                    message(
                        N_(
                            "the row holds bytes that are not valid {encoding} text "
                            "(the file may have been saved in another encoding)"
                        ),
                        encoding=encoding.upper(),
                    ),
                )
            )
        elif len(cells) != width:
            reason = message(
                N_("the row has {count} fields where the header has {width}"), count=len(cells), width=width
            )
            out.append(RawRow(row_number, None, line, reason))
        else:
            out.append(RawRow(row_number, dict(zip(header, cells, strict=True)), line))
    return out


# --- JSON Lines ------------------------------------------------------------------------


def read_jsonl_keys(path: Path) -> set[str] | None:
    """The top-level keys of the first readable object, or None."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                return set(obj) if isinstance(obj, dict) else None
    except UnicodeDecodeError:
        return None
    return None


def jsonl_chunks(path: Path, *, encoding: str = "utf-8", size: int = 2000, first: int | None = None) -> Iterator[Chunk]:
    """Lines with the number of the first. UTF-8 files (JSON Lines is UTF-8) stay bytes,
    read in large blocks and split in C: orjson reads bytes directly and checks them, so
    nothing is decoded twice, and the importing process does no per-line work (the
    workers skip blank lines)."""
    if _csv_codec(encoding) != "utf-8-sig":
        yield from _jsonl_text_chunks(path, encoding=encoding, sizes=chunk_sizes(size, first))
        return
    sizes = chunk_sizes(size, first)
    limit = next(sizes)
    first_row = 1
    pending: list[bytes] = []
    rest = b""
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            if first_row == 1 and not pending and not rest and block.startswith(codecs.BOM_UTF8):
                block = block[len(codecs.BOM_UTF8) :]
            lines = (rest + block).split(b"\n")
            rest = lines.pop()  # the line the next block finishes
            pending.extend(lines)
            while len(pending) >= limit:
                yield "jsonl-utf8", (first_row, pending[:limit])
                first_row += limit
                del pending[:limit]
                limit = next(sizes)
    if rest:
        pending.append(rest)
    if any(line.strip() for line in pending):
        yield "jsonl-utf8", (first_row, pending)


def _jsonl_text_chunks(path: Path, *, encoding: str, sizes: Iterator[int]) -> Iterator[Chunk]:
    lines: list[tuple[int, str]] = []
    limit = next(sizes)
    with path.open(encoding=encoding, errors="surrogateescape") as handle:
        for row_number, line in enumerate(handle, start=1):
            if line.strip():
                lines.append((row_number, line.rstrip("\r\n")))
                if len(lines) >= limit:
                    yield "jsonl", (encoding, lines)
                    lines = []
                    limit = next(sizes)
    if lines:
        yield "jsonl", (encoding, lines)


def _jsonl_rows(encoding: str, lines: list[tuple[int, str]]) -> list[RawRow]:
    out: list[RawRow] = []
    for row_number, text in lines:
        if _BAD_BYTES.search(text):
            shown = _undecodable(text, encoding)
            reason = message(N_("the line is not valid {encoding} text"), encoding=encoding.upper())
            out.append(RawRow(row_number, None, shown, reason))
            continue
        out.append(_json_object(row_number, text, text))
    return out


def _jsonl_utf8_rows(first_row: int, lines: list[bytes]) -> list[RawRow]:
    out: list[RawRow] = []
    for row_number, line in enumerate(lines, start=first_row):
        if not line.strip():
            continue  # a blank line is not a row
        line = line.rstrip(b"\r")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            shown = line.decode("utf-8", "backslashreplace")
            reason = message(N_("the line is not valid {encoding} text"), encoding="UTF-8")
            out.append(RawRow(row_number, None, shown, reason))
            continue
        out.append(_json_object(row_number, line, text))
    return out


def _json_object(row_number: int, line: str | bytes, text: str) -> RawRow:
    try:
        obj = orjson.loads(line)  # a fifth of json.loads' time on these lines
    except orjson.JSONDecodeError as exc:
        reason = message(N_("the line is not valid JSON ({why}, column {column})"), why=exc.msg, column=exc.colno)
        return RawRow(row_number, None, text, reason)
    if not isinstance(obj, dict):
        return RawRow(row_number, None, text, message(N_("the line is JSON but not an object")))
    return RawRow(row_number, obj, text)


# --- xlsx ------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Open workbooks (with their shared strings), one per file version, per process: the
# layout detection and the chunks of one file share one parse of the strings table.
_WORKBOOKS: dict[tuple[str, int, int], Workbook] = {}


def _open_workbook(path: Path) -> Workbook:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    workbook = _WORKBOOKS.get(key)
    if workbook is None:
        while len(_WORKBOOKS) >= 2:
            _WORKBOOKS.pop(next(iter(_WORKBOOKS))).close()
        workbook = _WORKBOOKS[key] = Workbook(path)
    return workbook


def read_xlsx_header(path: Path, *, sheet: str, header_row: int) -> list[str] | None:
    """The header row of the named sheet, or None when the file has no such sheet. The
    workbook stays open (with its shared strings) for the import that follows."""
    try:
        workbook = _open_workbook(path)
        if sheet not in workbook.sheetnames:
            return None
        for number, values in workbook.rows(sheet, min_row=header_row):
            return [_cell_text(value).strip() for value in values] if number == header_row else []
        return []
    except XlsxError:
        return None


def forget_workbook(path: Path) -> None:
    for key in [key for key in _WORKBOOKS if key[0] == str(path)]:
        _WORKBOOKS.pop(key).close()


def xlsx_chunks(
    path: Path, *, sheet: str, header_row: int, size: int = 2000, first: int | None = None
) -> Iterator[Chunk]:
    header = read_xlsx_header(path, sheet=sheet, header_row=header_row) or []
    try:
        for document in _open_workbook(path).row_chunks(sheet, rows_per_chunk=chunk_sizes(size, first)):
            yield "xlsx", (str(path), header_row, header, document)
    finally:
        # An uploaded file is deleted after its import: do not keep it open.
        forget_workbook(path)


def _xlsx_rows(path: str, header_row: int, header: list[str], document: bytes) -> list[RawRow]:
    out: list[RawRow] = []
    for number, values in _open_workbook(Path(path)).parse_chunk(document, min_row=header_row + 1):
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        line = "\t".join(_cell_text(value) for value in values)
        if len(values) > len(header) and any(value not in (None, "") for value in values[len(header) :]):
            reason = message(N_("the row has values beyond the {width} columns of the header"), width=len(header))
            out.append(RawRow(number, None, line, reason))
            continue
        out.append(RawRow(number, dict(zip(header, values, strict=False)), line))
    return out


def jsonable(value: Any) -> Any:
    """A raw cell value as JSON can hold it (xlsx dates become ISO text)."""
    if isinstance(value, (datetime, date)):
        return _cell_text(value)
    return value
