from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.text import (
    clean_text,
    normalise_width,
    quote,
    split_list,
    strip_diacritics,
)

EMPTY = [None, "", " ", "\u3000", " \u3000\t\n", "\u3000\u3000"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("ａｂｃ－ｘｙｚ", "abc-xyz"),
        ("（株）テスト！", "(株)テスト!"),
        ("ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ", "グエン ヴァン アン"),
        ("ﾊﾞｳﾃｨｽﾀ ｼﾞｮﾝ ﾎﾟｰﾙ", "バウティスタ ジョン ポール"),
        ("ｳｨｼﾞｬﾔ ﾇﾙ", "ウィジャヤ ヌル"),
        ("  食品　　製造  ", "食品 製造"),
        ("a\tb\nc", "a b c"),
        ("シュー　ジエ", "シュー ジエ"),
        ("０７０－９７１６－７２３７", "070-9716-7237"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("①㈱", "①㈱"),  # only width changes, not NFKC
        ("ﾝﾞ", "ン゛"),  # a voiced mark with nothing to join stays visible
        ("zero\u200bwidth", "zerowidth"),
        (3, "3"),
        (3.0, "3"),
        (3.5, "3.5"),
        (True, "true"),
        (date(2018, 11, 2), "2018-11-02"),
        (datetime(2018, 11, 2, 9, 12), "2018-11-02T09:12:00"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


@pytest.mark.parametrize("value", [*EMPTY, float("nan")])
def test_clean_text_empty(value):
    assert clean_text(value) is None


@pytest.mark.parametrize("value", [{"a": 1}, ["a"]])
def test_clean_text_refuses_structures(value):
    with pytest.raises(NormaliseError, match="is not text"):
        clean_text(value)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("HACCP;フォークリフト;日本語教育能力", {}, ["HACCP", "フォークリフト", "日本語教育能力"]),
        ("HACCP；危険物取扱者", {}, ["HACCP", "危険物取扱者"]),
        ("food;agriculture;trading", {"sep": ";"}, ["food", "agriculture", "trading"]),
        (" a ; ; b ;", {}, ["a", "b"]),
        ("a|b", {"sep": "|"}, ["a", "b"]),
        ("a;b", {"sep": "|"}, ["a;b"]),
        (["CAD", " quality  control ", "", None, "ＩＳＯ 9001"], {}, ["CAD", "quality control", "ISO 9001"]),
        ("農業", {}, ["農業"]),
    ],
)
def test_split_list(value, kwargs, expected):
    assert split_list(value, **kwargs) == expected


@pytest.mark.parametrize("value", [*EMPTY, []])
def test_split_list_empty(value):
    assert split_list(value) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn Đức", "Nguyen Van Duc"),
        ("Dương Thị Hoa", "Duong Thi Hoa"),
        ("Tôkyô", "Tokyo"),
        ("Tōkyō", "Tokyo"),
        ("Søren Łukasz", "Soren Lukasz"),
        ("ガギグ", "ガギグ"),
        ("王雅婷", "王雅婷"),
    ],
)
def test_strip_diacritics(text, expected):
    assert strip_diacritics(text) == expected


def test_quote_shortens_long_values():
    assert quote("x" * 100).endswith("…'")
    assert quote("平成31年2月30日") == "'平成31年2月30日'"


@settings(max_examples=200)
@given(st.text())
def test_width_normalisation_is_idempotent(text):
    once = normalise_width(text)
    assert normalise_width(once) == once


@settings(max_examples=200)
@given(st.text())
def test_clean_text_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_full_width_ascii_folds_to_ascii(text):
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in text)
    assert normalise_width(full_width) == text
