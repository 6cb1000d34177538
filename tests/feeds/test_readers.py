"""Readers: JSON Lines as bytes (UTF-8) and as text (any other declared encoding)."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentbridge.feeds import service
from talentbridge.feeds.readers import RawRow, chunk_sizes, jsonl_chunks, rows_of


def _read(path: Path, encoding: str = "utf-8", size: int = 2) -> list[RawRow]:
    return [row for chunk in jsonl_chunks(path, encoding=encoding, size=size) for row in rows_of(chunk)]


def test_utf8_lines_keep_their_numbers_text_and_values(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"  # a BOM is tolerated
        + '{"id": "1", "name": "グエン"}\r\n'.encode()
        + b"\n"  # blank lines are not rows, but they count in the numbering
        + b'{"id": "2"}\n'
        + b'{"id": "3", "bad": "\xff\xfe"}\n'
        + b'{"id": 4,,}\n'
        + b'["not", "an", "object"]\n'
        + b'{"id": "7"}'  # no final line break
    )
    rows = _read(path)
    assert [row.row_number for row in rows] == [1, 3, 4, 5, 6, 7]
    assert rows[0].values == {"id": "1", "name": "グエン"}
    assert rows[0].raw == '{"id": "1", "name": "グエン"}'
    assert rows[1].values == {"id": "2"}
    assert rows[2].values is None
    assert str(rows[2].error) == "the line is not valid UTF-8 text"
    assert "\\xff\\xfe" in rows[2].raw  # shown as escapes, the rest readable
    assert rows[3].values is None
    assert rows[3].error is not None
    assert "not valid JSON" in str(rows[3].error)
    assert "column 10" in str(rows[3].error)  # counted in characters
    assert str(rows[4].error) == "the line is JSON but not an object"
    assert rows[5].values == {"id": "7"}


@pytest.mark.parametrize("encoding", ["utf-8", "UTF8", "utf-8-sig"])
def test_every_spelling_of_utf8_reads_bytes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "1"}\n')
    (chunk,) = jsonl_chunks(path, encoding=encoding)
    assert chunk[0] == "jsonl-utf8"


def test_another_declared_encoding_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes('{"id": "1", "name": "王偉"}\n'.encode("cp932") + b'{"id": "2", "name": "\x81"}\n')
    rows = _read(path, encoding="cp932")
    assert rows[0].values == {"id": "1", "name": "王偉"}
    assert rows[1].values is None
    assert str(rows[1].error) == "the line is not valid CP932 text"
    assert "\\x81" in rows[1].raw


def test_chunk_sizes_start_small_and_double_up_to_the_size() -> None:
    sizes = chunk_sizes(2000, 250)
    assert [next(sizes) for _ in range(6)] == [250, 500, 1000, 2000, 2000, 2000]
    plain = chunk_sizes(2000)
    assert [next(plain) for _ in range(2)] == [2000, 2000]
    larger = chunk_sizes(100, 250)  # a first size above the size is the size
    assert next(larger) == 100


@pytest.mark.parametrize("name", ["maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv"])
def test_growing_chunks_hold_every_row_of_the_file_once_in_order(generated: Path, name: str) -> None:
    path = generated / name
    layout = service.detect_layout(path)
    whole = [(row.row_number, row.raw) for chunk in layout.chunks(path, size=10_000) for row in rows_of(chunk)]
    chunks = [rows_of(chunk) for chunk in layout.chunks(path, size=80, first=10)]
    assert len(chunks) >= 4
    # Every chunk but the last holds its size's rows (less a blank or broken line or two).
    for rows, limit in zip(chunks[:-1], [10, 20, 40, 80, 80, 80], strict=False):
        assert limit - 3 <= len(rows) <= limit
    assert [(row.row_number, row.raw) for rows in chunks for row in rows] == whole
    assert len(whole) > 100
