import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.prefectures import (
    NAMES_EN,
    NAMES_JA,
    prefecture_list,
    prefecture_name_en,
    prefecture_name_ja,
    prefecture_to_jis,
)

CODES = [f"{n:02d}" for n in range(1, 48)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("東京都", "13"),
        ("東京", "13"),
        ("北海道", "01"),
        ("大阪府", "27"),
        ("大阪", "27"),
        ("京都府", "26"),
        ("京都", "26"),
        ("神奈川県", "14"),
        ("神奈川", "14"),
        ("沖縄県", "47"),
        ("鹿児島県", "46"),
        ("青森県", "02"),
        (" 兵庫県 ", "28"),
        ("Tokyo", "13"),
        ("TOKYO", "13"),
        ("tokyo", "13"),
        ("Tôkyô", "13"),
        ("Tōkyō", "13"),
        ("Toukyou", "13"),
        ("Tokyo-to", "13"),
        ("Tokyo To", "13"),
        ("Osaka-fu", "27"),
        ("Kyoto", "26"),
        ("Kyoto-fu", "26"),
        ("Hokkaido", "01"),
        ("Hokkaidō", "01"),
        ("Hokkai-do", "01"),
        ("Gunma-ken", "10"),
        ("Gumma", "10"),
        ("Kochi Prefecture", "39"),
        ("Kōchi", "39"),
        ("Ōita", "44"),
        ("Ooita", "44"),
        ("Hyōgo", "28"),
        ("Aichi", "23"),
        ("Ibaraki", "08"),
        ("Ｔｏｋｙｏ", "13"),
        ("13", "13"),
        ("JP-14", "14"),
        ("１３", "13"),
        (13, "13"),
        (1, "01"),
    ],
)
def test_prefecture_to_jis(value, expected):
    assert prefecture_to_jis(value) == expected


@pytest.mark.parametrize("value", [None, "", " ", "\u3000"])
def test_prefecture_empty(value):
    assert prefecture_to_jis(value) is None
    assert prefecture_list(value) == []


@pytest.mark.parametrize("value", ["東京市", "Edo", "48", "0", "JP-99", "ソウル"])
def test_prefecture_unknown(value):
    with pytest.raises(NormaliseError, match=f"'{value}' is not a Japanese prefecture we know"):
        prefecture_to_jis(value)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("東京都、広島県", {}, ["13", "34"]),
        ("大阪府、北海道、埼玉県", {}, ["27", "01", "11"]),
        ("東京都,大阪府;京都府・北海道", {}, ["13", "27", "26", "01"]),
        ("東京都 大阪府", {}, ["13", "27"]),
        ("Tokyo Osaka", {}, ["13", "27"]),
        ("Osaka fu, Kyoto fu", {}, ["27", "26"]),
        ("東京都、東京", {}, ["13"]),
        ("東京都|大阪府", {"sep": "|"}, ["13", "27"]),
        (["Tokyo", "Aichi"], {}, ["13", "23"]),
    ],
)
def test_prefecture_list(value, kwargs, expected):
    assert prefecture_list(value, **kwargs) == expected


def test_prefecture_list_names_the_bad_piece():
    with pytest.raises(NormaliseError, match="'東京市'"):
        prefecture_list("大阪府、東京市")


@pytest.mark.parametrize("code", CODES)
def test_code_to_names_round_trips(code):
    assert prefecture_to_jis(prefecture_name_ja(code)) == code
    assert prefecture_to_jis(prefecture_name_en(code)) == code
    assert prefecture_to_jis(prefecture_name_ja(code)[:-1] if code != "01" else "北海道") == code


def test_all_47():
    assert list(NAMES_JA) == CODES
    assert list(NAMES_EN) == CODES
    assert prefecture_name_ja("13") == "東京都"
    assert prefecture_name_ja("01") == "北海道"
    assert prefecture_name_ja("26") == "京都府"
    assert prefecture_name_ja("14") == "神奈川県"
    assert prefecture_name_en("28") == "Hyogo"


def test_prefecture_name_of_an_unknown_code():
    with pytest.raises(NormaliseError, match="'48' is not a prefecture code"):
        prefecture_name_ja("48")
    with pytest.raises(NormaliseError, match="'1' is not a prefecture code"):
        prefecture_name_en("1")


SUFFIXES = ["", "-ken", " Prefecture", "-fu", "-to", "-do"]


@settings(max_examples=200)
@given(st.sampled_from(CODES), st.sampled_from(["upper", "lower", "title"]), st.booleans())
def test_romaji_spellings(code, case, suffix):
    name = NAMES_EN[code]
    if suffix:
        name += {"01": "", "13": "-to", "26": "-fu", "27": "-fu"}.get(code, "-ken")
    name = getattr(name, case)()
    assert prefecture_to_jis(name) == code
