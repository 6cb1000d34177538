import jaconv
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.names import (
    full_name,
    kana_to_key,
    katakana_reading,
    latin_name,
    name_on_card,
    native_name,
)

EMPTY = [None, "", " ", "\u3000", " \u3000 "]


def parts(family, given, native=None):
    return {"family_name": family, "given_name": given, "native_name": native}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("NGUYEN Van An", parts("NGUYEN", "Van An")),
        ("XU Jie", parts("XU", "Jie")),
        ("DO Thi Phuong", parts("DO", "Thi Phuong")),
        ("BAUTTISTA Jhon Paul", parts("BAUTTISTA", "Jhon Paul")),
        ("SHRESTHA Anjali", parts("SHRESTHA", "Anjali")),
        ("ＷＡＮＧ　Ｗｅｉ", parts("WANG", "Wei")),
        ("  LE   Van  Son ", parts("LE", "Van Son")),
        ("DE LA CRUZ Juan", parts("DE LA CRUZ", "Juan")),  # the capitalised run is the family
        ("Van An NGUYEN", parts("NGUYEN", "Van An")),
        ("NGUYEN Van A", parts("NGUYEN", "Van A")),  # a one-letter initial is not a family run
        ("NGUYEN, Van An", parts("NGUYEN", "Van An")),
        ("MADONNA", parts("MADONNA", None)),
        ("O'BRIEN Sean", parts("O'BRIEN", "Sean")),
        ("王 偉", parts(None, None, "王 偉")),
        ("王偉", parts(None, None, "王偉")),
        ("楊　慧", parts(None, None, "楊 慧")),
        ("김 민수", parts(None, None, "김 민수")),
        ("Nguyễn Văn An", parts("Nguyen", "Van An", "Nguyễn Văn An")),
        ("Đỗ Quang Huy", parts("Do", "Quang Huy", "Đỗ Quang Huy")),
        ("NGUYỄN Văn An", parts("NGUYEN", "Van An", "NGUYỄN Văn An")),
    ],
)
def test_name_on_card(value, expected):
    assert name_on_card(value) == expected


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("JOHNSON JAMES", "family_first", parts("JOHNSON", "JAMES")),
        ("WANG YA TING", "family_first", parts("WANG", "YA TING")),
        ("BAUTISTA JOHN PAUL", "family_first", parts("BAUTISTA", "JOHN PAUL")),
        ("JAMES JOHNSON", "given_first", parts("JOHNSON", "JAMES")),
        ("JOHN PAUL BAUTISTA", "given_first", parts("BAUTISTA", "JOHN PAUL")),
        ("BAUTISTA, JOHN PAUL", "given_first", parts("BAUTISTA", "JOHN PAUL")),
        ("王 偉", "family_first", parts(None, None, "王 偉")),
    ],
)
def test_full_name(value, order, expected):
    assert full_name(value, order=order) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_names_empty(value):
    assert name_on_card(value) is None
    assert full_name(value) is None
    assert latin_name(value) is None
    assert native_name(value) is None
    assert katakana_reading(value) is None


def test_name_results_are_not_shared():
    first = name_on_card("NGUYEN Van An")
    first["family_name"] = "changed"
    assert name_on_card("NGUYEN Van An")["family_name"] == "NGUYEN"


@pytest.mark.parametrize(
    ("value", "message"),
    [("X1 Y", "contains digits"), (", Van An", "no family name before the comma"), ("-", "has no letters")],
)
def test_name_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        name_on_card(value)


def test_full_name_order_is_checked():
    with pytest.raises(ValueError, match="order must be"):
        full_name("A B", order="middle")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn", "Nguyen"),
        ("Dương", "Duong"),
        ("Đỗ", "Do"),
        ("Thi Lan", "Thi Lan"),
        (" Van   An ", "Van An"),
        ("HUANG", "HUANG"),
        ("Ｙａｎｇ", "Yang"),
        ("Tsetseg", "Tsetseg"),
    ],
)
def test_latin_name(value, expected):
    assert latin_name(value) == expected


@pytest.mark.parametrize("value", ["王", "グエン", "Nguyen2"])
def test_latin_name_refuses_other_scripts(value):
    with pytest.raises(NormaliseError, match=repr(value)):
        latin_name(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn  Văn An", "Nguyễn Văn An"),
        ("周磊", "周磊"),
        ("Nguye\u0302\u0303n", "Nguyễn"),  # decomposed input comes out NFC
        ("Đỗ Quang Huy", "Đỗ Quang Huy"),
    ],
)
def test_native_name(value, expected):
    assert native_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("グエン ヴァン アン", "グエン ヴァン アン"),
        ("ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ", "グエン ヴァン アン"),
        ("ﾊﾞｳﾃｨｽﾀ ｼﾞｮﾝ ﾎﾟｰﾙ", "バウティスタ ジョン ポール"),
        ("ｳｨｼﾞｬﾔ ﾇﾙ", "ウィジャヤ ヌル"),
        ("ジョウ・ハオ", "ジョウ ハオ"),
        ("シュー　ジエ", "シュー ジエ"),
        ("ダン・ヴァン・ソン", "ダン ヴァン ソン"),
        ("ヴーヴァンハイ", "ヴーヴァンハイ"),
        ("シュレスタアンジャリ", "シュレスタアンジャリ"),
        ("ぐえん　ばん", "グエン バン"),
        ("アン＝マリー", "アン マリー"),
        ("アン=マリー", "アン マリー"),
        ("ｼﾞｮﾝ･ﾎﾟｰﾙ", "ジョン ポール"),
        ("  グエン   ミン  ", "グエン ミン"),
    ],
)
def test_katakana_reading(value, expected):
    assert katakana_reading(value) == expected


@pytest.mark.parametrize(("value", "bad"), [("Nguyen", "N"), ("王 偉", "王"), ("グエン1", "1")])
def test_katakana_reading_refuses_non_kana(value, bad):
    with pytest.raises(NormaliseError, match=f"is not a katakana reading \\(it contains '{bad}'\\)"):
        katakana_reading(value)


@pytest.mark.parametrize(
    ("variants"),
    [
        ["グエン ヴァン アン", "グエン バン アン", "ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ", "グエンバンアン", "グェン・ヴァン・アン"],
        ["トゥアン", "トウアン"],
        ["シュー ジエ", "シュジエ", "しゅー じえ"],
        ["ヴー", "ブー", "ブ"],
        ["ヴィン", "ビン"],
        ["ヴェト", "ベト"],
        ["ヴォー", "ボー"],
        ["ヂヅ", "ジズ"],
    ],
)
def test_kana_to_key_folds_variants(variants):
    keys = {kana_to_key(v) for v in variants}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("left", "right"), [("ジョウ", "ジョー"), ("グエン", "クエン"), ("ハイ", "バイ")])
def test_kana_to_key_keeps_real_differences(left, right):
    assert kana_to_key(left) != kana_to_key(right)


KATAKANA = st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30F4), min_size=1, max_size=12)


@settings(max_examples=200)
@given(st.lists(KATAKANA, min_size=1, max_size=4))
def test_katakana_reading_is_idempotent_and_width_blind(words):
    reading = " ".join(words)
    assert katakana_reading(reading) == reading
    assert katakana_reading(katakana_reading(reading)) == reading
    half_width = jaconv.z2h(reading, kana=True)
    assert kana_to_key(half_width) == kana_to_key(reading)
    assert kana_to_key(jaconv.kata2hira(reading)) == kana_to_key(reading)
    assert kana_to_key("・".join(words)) == kana_to_key(reading)
