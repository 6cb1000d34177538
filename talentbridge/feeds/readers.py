"""One reader per container: CSV (declared encoding), JSON Lines, .xlsx.

Readers stream: they yield one RawRow at a time and never hold a whole file. A row that
cannot be read (bad bytes, malformed JSON) comes out with `error` set instead of values,
so the import quarantines it and goes on with the rest of the file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from talentbridge.feeds.xlsx import Workbook, XlsxError

# Lone surrogates are what 'surrogateescape' decoding leaves where bytes were invalid.
_BAD_BYTES = re.compile("[\udc80-\udcff]")


@dataclass(slots=True)
class RawRow:
    row_number: int  # as a spreadsheet or editor shows it: the header of a CSV is row 1
    values: dict[str, Any] | None  # column (or top-level key) -> value; None when unreadable
    raw: str  # the row's content as text, for the quarantine and the audit trail
    error: str | None = None


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


def read_csv(path: Path, *, encoding: str, delimiter: str = ",") -> Iterator[RawRow]:
    codec = _csv_codec(encoding)
    with path.open(encoding=codec, errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = [cell.strip() for cell in next(reader, [])]
        width = len(header)
        row_number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                row_number += 1
                yield RawRow(row_number, None, "", f"the CSV row cannot be parsed ({exc})")
                continue
            row_number += 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # a blank line is not a row
            line = delimiter.join(cells)
            if _BAD_BYTES.search(line):
                shown = _undecodable(line, codec)
                yield RawRow(
                    row_number,
                    None,
                    shown,
                    f"the row holds bytes that are not valid {encoding.upper()} text "
                    "(the file may have been saved in another encoding)",
                )
                continue
            if len(cells) != width:
                yield RawRow(
                    row_number,
                    None,
                    line,
                    f"the row has {len(cells)} fields where the header has {width}",
                )
                continue
            yield RawRow(row_number, dict(zip(header, cells, strict=True)), line)


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


def read_jsonl(path: Path, *, encoding: str = "utf-8") -> Iterator[RawRow]:
    with path.open(encoding=_csv_codec(encoding), errors="surrogateescape") as handle:
        for row_number, line in enumerate(handle, start=1):
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            if _BAD_BYTES.search(text):
                yield RawRow(row_number, None, _undecodable(text, "utf-8"), "the line is not valid UTF-8 text")
                continue
            try:
                obj = json.loads(text)
            except ValueError as exc:
                yield RawRow(row_number, None, text, f"the line is not valid JSON ({exc.args[0]})")
                continue
            if not isinstance(obj, dict):
                yield RawRow(row_number, None, text, "the line is JSON but not an object")
                continue
            yield RawRow(row_number, obj, text)


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


def read_xlsx_header(path: Path, *, sheet: str, header_row: int) -> list[str] | None:
    """The header row of the named sheet, or None when the file has no such sheet."""
    try:
        workbook = Workbook(path)
    except XlsxError:
        return None
    try:
        if sheet not in workbook.sheetnames:
            return None
        for number, values in workbook.rows(sheet, min_row=header_row):
            return [_cell_text(value).strip() for value in values] if number == header_row else []
        return []
    except XlsxError:
        return None
    finally:
        workbook.close()


def read_xlsx(path: Path, *, sheet: str, header_row: int) -> Iterator[RawRow]:
    workbook = Workbook(path)
    try:
        rows = workbook.rows(sheet, min_row=header_row)
        header: list[str] = []
        for number, values in rows:
            if number == header_row:
                header = [_cell_text(value).strip() for value in values]
                continue
            if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
                continue
            if len(values) > len(header) and any(value not in (None, "") for value in values[len(header) :]):
                yield RawRow(
                    number,
                    None,
                    "\t".join(_cell_text(value) for value in values),
                    f"the row has values beyond the {len(header)} columns of the header",
                )
                continue
            yield RawRow(
                number,
                dict(zip(header, values, strict=False)),
                "\t".join(_cell_text(value) for value in values),
            )
    finally:
        workbook.close()


def jsonable(value: Any) -> Any:
    """A raw cell value as JSON can hold it (xlsx dates become ISO text)."""
    if isinstance(value, (datetime, date)):
        return _cell_text(value)
    return value
