"""A streaming reader for the worksheets of an .xlsx file.

openpyxl's read-only mode streams but reads about 8,600 rows a second here, far under the
import's target; python-calamine is fast but loads the whole sheet into memory. This
reader feeds the sheet's XML to expat in 64 KiB blocks and yields each <row> as it
closes, so memory stays flat (only the shared-strings table, which the format requires,
is held); it reads about 24,000 rows of 15 columns a second here. It handles shared and
inline strings, numbers, booleans, dates (by the cell's number format, 1900 and 1904
date systems) and skips the phonetic guides (<rPh>) Japanese Excel keeps in strings.
"""

from __future__ import annotations

import html
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.parsers import expat

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that show dates or times (ECMA-376 18.8.30).
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57}
# The opening of the rows, with the namespace prefix a writer may use (<x:sheetData>).
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*>")
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


class XlsxError(ValueError):
    """The file is not a readable workbook, or lacks the sheet."""


def _is_date_format(code: str) -> bool:
    bare = _QUOTED.sub("", code).lower()
    return any(token in bare for token in ("y", "d", "h", "s")) or "m" in bare and "0" not in bare


def _text_of(element: Any) -> str:
    """The text of a string item, without phonetic runs."""
    parts = []
    for node in element.iter(f"{NS}t"):
        if node.getparent().tag != f"{NS}rPh" and node.text:
            parts.append(node.text)
    return "".join(parts)


class Workbook:
    def __init__(self, path: Path) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            workbook = etree.fromstring(self.zip.read("xl/workbook.xml"))
            rels = etree.fromstring(self.zip.read("xl/_rels/workbook.xml.rels"))
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
            raise XlsxError(f"{path.name} is not a readable .xlsx workbook ({exc})") from None
        targets = {rel.get("Id"): rel.get("Target") for rel in rels.iter(f"{PKG_REL_NS}Relationship")}
        self.sheets: dict[str, str] = {}
        for sheet in workbook.iter(f"{NS}sheet"):
            target = targets.get(sheet.get(f"{REL_NS}id"), "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            self.sheets[sheet.get("name")] = member
        props = workbook.find(f"{NS}workbookPr")
        epoch = datetime(1904, 1, 1) if props is not None and props.get("date1904") in ("1", "true") else None
        self.epoch = epoch or datetime(1899, 12, 30)
        self.strings = self._shared_strings()
        self.date_styles = self._date_styles()

    def close(self) -> None:
        self.zip.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.zip.namelist():
            return []
        strings: list[str] = []
        with self.zip.open("xl/sharedStrings.xml") as handle:
            for _, item in etree.iterparse(handle, events=("end",), tag=f"{NS}si"):
                strings.append(_text_of(item))
                item.clear()
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.zip.namelist():
            return set()
        styles = etree.fromstring(self.zip.read("xl/styles.xml"))
        custom = {int(fmt.get("numFmtId")): fmt.get("formatCode", "") for fmt in styles.iter(f"{NS}numFmt")}
        cell_xfs = styles.find(f"{NS}cellXfs")
        dates: set[int] = set()
        for index, xf in enumerate(cell_xfs.iter(f"{NS}xf") if cell_xfs is not None else []):
            fmt_id = int(xf.get("numFmtId", "0"))
            if fmt_id in _BUILTIN_DATE_FORMATS or (fmt_id in custom and _is_date_format(custom[fmt_id])):
                dates.add(index)
        return dates

    def row_chunks(self, sheet: str, *, rows_per_chunk: int | Iterator[int]) -> Iterator[bytes]:
        """The sheet cut into small XML documents of about `rows_per_chunk` rows each (or
        of each size in turn that an iterator of sizes gives).

        Cutting is a byte search for the row end tag, so it is cheap; each piece is parsed
        on its own (`parse_chunk`), possibly in another process, which is what lets an
        import spread the XML parsing over the machine's cores."""
        member = self.sheets.get(sheet)
        if member is None:
            raise XlsxError(f"the workbook has no sheet named {sheet!r} (it has {', '.join(self.sheets)})")
        sizes = itertools.repeat(rows_per_chunk) if isinstance(rows_per_chunk, int) else rows_per_chunk
        limit = next(sizes)
        with self.zip.open(member) as handle:
            buffer = b""
            head = tail = row_end = b""
            while True:
                block = handle.read(1 << 20)
                buffer += block
                if not head:
                    start = _SHEET_DATA.search(buffer)
                    if start is None:
                        if block:
                            continue
                        return  # a sheet without data
                    prefix = start.group(1) or b""
                    head, buffer = buffer[: start.end()], buffer[start.end() :]
                    tail = b"</" + prefix + b"sheetData></" + prefix + b"worksheet>"
                    row_end = b"</" + prefix + b"row>"
                    if head.endswith(b"/>"):  # <sheetData/>: no rows at all
                        return
                while buffer.count(row_end) >= limit:
                    cut = _nth_end(buffer, row_end, limit)
                    yield head + buffer[:cut] + tail
                    buffer = buffer[cut:]
                    limit = next(sizes)
                if not block:
                    end = buffer.rfind(row_end)
                    if end >= 0:
                        yield head + buffer[: end + len(row_end)] + tail
                    return

    def parse_chunk(self, document: bytes, *, min_row: int = 1) -> list[tuple[int, list[Any]]]:
        """(row number, values) of the rows of one piece from `row_chunks`."""
        fast = self.parse_plain_chunk(document, min_row=min_row)
        return fast if fast is not None else self.parse_chunk_with_expat(document, min_row=min_row)

    def parse_chunk_with_expat(self, document: bytes, *, min_row: int = 1) -> list[tuple[int, list[Any]]]:
        done: list[tuple[int, list[Any]]] = []
        _SheetParser(self, min_row, done).feed(document, final=True)
        return done

    def parse_plain_chunk(self, document: bytes, *, min_row: int = 1) -> list[tuple[int, list[Any]]] | None:
        """The same as the expat parse for the plain markup spreadsheet writers emit (cells
        of one value, a shared or inline string, or a formula's result), read with one
        regular expression over the bytes: twice as fast, since expat calls back into
        Python five times per cell. None when the piece holds anything else (rich text,
        phonetic guides, comments, prefixed tags, another attribute order): expat reads
        it then."""
        start = _SHEET_DATA.search(document)
        if start is None or start.group(1):
            return None
        body = document[start.end() :]
        if b"<!" in body or b"<?" in body:
            return None
        items = _PLAIN.findall(body)
        rows = sum(1 for item in items if item[0])
        # Every tag that starts `<row`, `<r` or `<c` must have been read by the pattern as a
        # row or a cell, else expat decides: each row or cell read starts at one of them, so
        # equal counts mean none is left (a rich-text run `<r>`, a phonetic guide `<rPh>`).
        # Counting bytes is a fifth of the time of finding the tags with a pattern.
        row_tags = body.count(b"<row")
        if rows != row_tags or body.count(b"<r") != row_tags or len(items) - rows != body.count(b"<c"):
            return None
        strings, date_styles, epoch = self.strings, self.date_styles, self.epoch
        columns = _COLUMNS
        done: list[tuple[int, list[Any]]] = []
        number = 0
        row: list[Any] | None = None
        try:
            for row_tag, attributes, column, style, kind, value_tag, value, text_tag, text in items:
                if row_tag:
                    if row is not None and number >= min_row:
                        done.append((number, row))
                    found = _ROW_NUMBER.search(attributes)
                    number = int(found.group(1)) if found else number + 1
                    row = []
                    continue
                if row is None:
                    return None
                if column:
                    position = columns.get(column) or _column_number(column)
                    while len(row) < position - 1:
                        row.append(None)
                if not value_tag and not text_tag:
                    row.append(None)
                    continue
                raw = (value if value_tag else text).decode("utf-8")
                if "&" in raw or "\r" in raw:
                    raw = _xml_text(raw)
                if kind == b"inlineStr" or kind == b"str" or kind == b"e":
                    row.append(raw)
                elif kind == b"s":
                    row.append(strings[int(raw)])
                elif kind == b"b":
                    row.append(raw == "1")
                elif style and int(style) in date_styles:
                    row.append(epoch + timedelta(days=float(raw)))
                else:
                    numeric = float(raw)
                    row.append(int(numeric) if numeric.is_integer() else numeric)
        except (ValueError, IndexError):
            return None  # expat says what is wrong
        if row is not None and number >= min_row:
            done.append((number, row))
        return done

    def rows(self, sheet: str, *, min_row: int = 1) -> Iterator[tuple[int, list[Any]]]:
        """(row number, values) for each row from `min_row`, values by column position."""
        for document in self.row_chunks(sheet, rows_per_chunk=500):
            yield from self.parse_chunk(document, min_row=min_row)


# The plain markup of rows and cells, attributes in the order writers put them (r, s, t):
# a row's opening tag, or a whole cell.
_PLAIN = re.compile(
    rb"(<row\b)([^>]*)>"
    rb'|<c(?: r="([A-Z]{1,3})\d+")?(?: s="(\d+)")?(?: t="(\w+)")?\s*'
    rb"(?:/>|>(?:<f\b[^>]*?(?:/>|>[^<]*</f>))?"
    rb'(?:(<v>)([^<]*)</v>|(<is><t)(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')


def _column_number(letters: bytes) -> int:
    position = 0
    for code in letters:
        position = position * 26 + code - 64
    if len(_COLUMNS) < 1024:
        _COLUMNS[letters] = position
    return position


_COLUMNS: dict[bytes, int] = {}


def _xml_text(raw: str) -> str:
    """Line ends read as \n, then character references resolved, as an XML parser does
    (so a &#13; stays a carriage return)."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return html.unescape(raw) if "&" in raw else raw


def _nth_end(buffer: bytes, tag: bytes, n: int) -> int:
    position = -1
    for _ in range(n):
        position = buffer.index(tag, position + 1)
    return position + len(tag)


class _SheetParser:
    """expat callbacks for <row>, <c>, <v>, <is><t>; three small handlers per cell, C below."""

    def __init__(self, book: Workbook, min_row: int, done: list[tuple[int, list[Any]]]) -> None:
        self.strings, self.date_styles, self.epoch = book.strings, book.date_styles, book.epoch
        self.min_row, self.done = min_row, done
        self.row: list[Any] = []
        self.number = 0
        self.kind = "n"
        self.style: str | None = None
        self.ref: str | None = None
        self.text: list[str] = []
        self.has_text = False
        self.collect = False
        self.phonetic = False
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars

    def feed(self, block: bytes, *, final: bool) -> None:
        try:
            self.parser.Parse(block, final)
        except expat.ExpatError as exc:
            raise XlsxError(f"the worksheet XML is damaged ({exc})") from None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            self.kind = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.ref = attrs.get("r")
            self.text.clear()
            self.has_text = False
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.collect = self.has_text = True
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "row":
            self.row = []
            self.number = int(attrs.get("r", self.number + 1))

    def chars(self, data: str) -> None:
        if self.collect:
            self.text.append(data)

    def end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "v" or tag == "t":
            self.collect = False
        elif tag == "c":
            self.cell()
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "row" and self.number >= self.min_row:
            self.done.append((self.number, self.row))

    def cell(self) -> None:
        row = self.row
        if self.ref:
            position = 0
            for char in self.ref:
                if char < "A":
                    break
                position = position * 26 + ord(char) - 64
            while len(row) < position - 1:
                row.append(None)
        if not self.has_text:
            row.append(None)
            return
        raw = "".join(self.text)
        kind = self.kind
        if kind == "s":
            row.append(self.strings[int(raw)])
        elif kind in ("inlineStr", "str", "e"):
            row.append(raw)
        elif kind == "b":
            row.append(raw == "1")
        elif self.style is not None and int(self.style) in self.date_styles:
            row.append(self.epoch + timedelta(days=float(raw)))
        else:
            number = float(raw)
            row.append(int(number) if number.is_integer() else number)
