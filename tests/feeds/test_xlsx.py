"""The .xlsx reader: its plain-markup fast path must read exactly what expat reads."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentbridge.feeds.generate import generate_feeds
from talentbridge.feeds.xlsx import Workbook

# Text a cell may hold: markup characters, line ends, kana, emoji, spaces at the ends.
cell_text = st.text(alphabet=st.sampled_from(list("aZ09 <>&\"'\r\n\tﾃｽﾄ漢字カナ😀;,.-")), min_size=0, max_size=12)
cell = st.one_of(
    st.none(),
    cell_text,
    st.integers(-(10**9), 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31)),
)
sheet = st.lists(st.lists(cell, min_size=0, max_size=6), min_size=1, max_size=12)


def _both_ways(path: Path, sheet_name: str = "Sheet1") -> tuple[list, list]:
    book = Workbook(path)
    try:
        documents = list(book.row_chunks(sheet_name, rows_per_chunk=4))
        fast = [book.parse_plain_chunk(document) for document in documents]
        slow = [book.parse_chunk_with_expat(document) for document in documents]
    finally:
        book.close()
    return fast, slow


def _sheet(rows: bytes) -> bytes:
    """A worksheet document holding these <row> elements."""
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def _write_xlsxwriter(path: Path, rows: list[list], *, constant_memory: bool) -> None:
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "strings_to_numbers": False})
    sheet_ = book.add_worksheet("Sheet1")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, date):
                sheet_.write_datetime(r, c, datetime(value.year, value.month, value.day), dates)
            elif isinstance(value, str):
                sheet_.write_string(r, c, value)
            else:
                sheet_.write(r, c, value)
    sheet_.write_formula(len(rows), 0, "=1+2", None, 3)
    book.close()


def _write_openpyxl(path: Path, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet_ = book.active
    sheet_.title = "Sheet1"
    for values in rows:
        sheet_.append(
            [value if value is None or not isinstance(value, str) else value.replace("\r", "") for value in values]
        )
    book.save(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=sheet, constant_memory=st.booleans())
def test_fast_path_reads_what_expat_reads_xlsxwriter(tmp_path: Path, rows: list[list], constant_memory: bool) -> None:
    path = tmp_path / "book.xlsx"
    _write_xlsxwriter(path, rows, constant_memory=constant_memory)
    fast, slow = _both_ways(path)
    assert all(item is not None for item in fast)  # the plain markup of this writer is read fast
    assert fast == slow


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=sheet)
def test_fast_path_reads_what_expat_reads_openpyxl(tmp_path: Path, rows: list[list]) -> None:
    path = tmp_path / "book.xlsx"
    _write_openpyxl(path, rows)
    fast, slow = _both_ways(path)
    assert fast == slow  # openpyxl's markup (shared strings, t="n") is plain too: no fallback


def test_the_sample_and_generated_sheets_take_the_fast_path(samples: Path, tmp_path: Path) -> None:
    generate_feeds(tmp_path, persons=60, seed=3)
    for path in (samples / "mhlw-hellowork.xlsx", tmp_path / "mhlw-hellowork.xlsx"):
        fast, slow = _both_ways(path, "外国人求職者")
        assert fast == slow
        assert all(item is not None for item in fast)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        ('<c r="A2" t="inlineStr"><is><r><t>rich</t></r><r><t> text</t></r></is></c>', "rich text"),
        ('<c r="A2" t="inlineStr"><is><t>名前</t><rPh sb="0" eb="2"><t>ナマエ</t></rPh></is></c>', "名前"),
        ('<c t="inlineStr" r="A2"><is><t>attribute order</t></is></c>', "attribute order"),
        ('<c r="A2" t="inlineStr" cm="1"><is><t>unknown attribute</t></is></c>', "unknown attribute"),
        ('<c r="A2" t="inlineStr"><is><t><![CDATA[cdata]]></t></is></c>', "cdata"),
    ],
)
def test_other_markup_falls_back_to_expat(tmp_path: Path, cell: str, text: str) -> None:
    path = tmp_path / "book.xlsx"
    _write_xlsxwriter(path, [["header"]], constant_memory=True)
    book = Workbook(path)
    document = _sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>header</t></is></c></row><row r="2">' + cell.encode() + b"</row>"
    )
    try:
        assert book.parse_plain_chunk(document) is None
        rows = book.parse_chunk(document)
    finally:
        book.close()
    assert rows[0] == (1, ["header"])
    assert rows[1] == (2, [text])


def test_character_references_and_line_ends_read_as_xml_says(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    _write_xlsxwriter(path, [["x"]], constant_memory=True)
    book = Workbook(path)
    document = _sheet(
        b'<row r="3"><c r="B3" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &#13;\r\nc&#x41;</t></is></c>'
        b'<c r="D3"><v>2.5</v></c><c r="E3" t="b"><v>1</v></c><c r="F3" s="0"/></row>'
    )
    try:
        fast = book.parse_plain_chunk(document)
        slow = book.parse_chunk_with_expat(document)
    finally:
        book.close()
    assert fast == slow == [(3, [None, " a & b \r\ncA", None, 2.5, True, None])]
