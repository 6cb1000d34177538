import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.languages import (
    LEVELS,
    japanese_level,
    language_level,
    language_list,
    language_objects,
    language_to_code,
    level_rank,
    merge_languages,
)

EMPTY = [None, "", " ", "\u3000"]


def ja(level, jlpt=None):
    entry = {"code": "ja", "level": level}
    if jlpt:
        entry["jlpt"] = jlpt
    return entry


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("N1", ja("C1", "N1")),
        ("N2", ja("B2", "N2")),
        ("N3", ja("B1", "N3")),
        ("N4", ja("A2", "N4")),
        ("N5", ja("A1", "N5")),
        ("n2", ja("B2", "N2")),
        ("Ｎ２", ja("B2", "N2")),
        ("JLPT N3", ja("B1", "N3")),
        ("JLPT N5", ja("A1", "N5")),
        ("JLPTN1", ja("C1", "N1")),
        ("日本語能力試験N2", ja("B2", "N2")),
        ("日本語能力試験 N4", ja("A2", "N4")),
        ("N2合格", ja("B2", "N2")),
        ("N2相当", ja("B2")),  # an estimate: no certificate
        ("N3程度", ja("B1")),
        ("日本語能力試験2級", ja("B2", "N2")),  # pre-2010 grades
        ("1級", ja("C1", "N1")),
        ("旧3級", ja("A2", "N4")),
        ("4級", ja("A1", "N5")),
        ("JFT-Basic A2", ja("A2")),
        ("JFT-Basic", ja("A2")),
        ("JFT Basic A1", ja("A1")),
        ("ネイティブ", ja("native")),
        ("母語", ja("native")),
        ("ビジネス", ja("B2")),
        ("ビジネスレベル", ja("B2")),
        ("日常会話", ja("B1")),
        ("日常会話レベル", ja("B1")),
        ("片言", ja("A1")),
        ("B2", ja("B2")),
        ("上級", ja("C1")),
    ],
)
def test_japanese_level(value, expected):
    assert japanese_level(value) == expected


@pytest.mark.parametrize("value", EMPTY)
def test_japanese_level_empty(value):
    assert japanese_level(value) is None
    assert language_level(value, code="en") is None


@pytest.mark.parametrize("value", ["N6", "JLPT", "ぺらぺら", "5級", "BJT"])
def test_japanese_level_unknown(value):
    with pytest.raises(NormaliseError, match=f"'{value}' is not a Japanese level we know"):
        japanese_level(value)


@pytest.mark.parametrize(
    ("words", "level"),
    [
        ("ネイティブ", "native"),
        ("母語", "native"),
        ("母国語", "native"),
        ("native", "native"),
        ("Native", "native"),
        ("ビジネス", "B2"),
        ("ビジネスレベル", "B2"),
        ("business", "B2"),
        ("Business level", "B2"),
        ("日常会話", "B1"),
        ("日常会話レベル", "B1"),
        ("conversational", "B1"),
        ("片言", "A1"),
        ("少し", "A1"),
        ("basic", "A1"),
        ("上級", "C1"),
        ("中級", "B1"),
        ("初級", "A1"),
        ("A1", "A1"),
        ("a2", "A2"),
        ("B1", "B1"),
        ("B2", "B2"),
        ("C1", "C1"),
        ("C2", "C2"),
    ],
)
def test_language_level(words, level):
    assert language_level(words, code="en") == {"code": "en", "level": level}


def test_language_level_for_japanese_reads_jlpt():
    assert language_level("N2", code="ja") == ja("B2", "N2")


def test_language_level_unknown():
    with pytest.raises(NormaliseError, match="'とても' is not a language level we know"):
        language_level("とても", code="en")


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (
            "英語(ビジネス);ベトナム語(母語)",
            {},
            [{"code": "en", "level": "B2"}, {"code": "vi", "level": "native"}],
        ),
        ("タガログ語（ネイティブ）", {}, [{"code": "tl", "level": "native"}]),
        ("中国語（ネイティブ）", {"sep": "、"}, [{"code": "zh", "level": "native"}]),
        (
            "中国語(母語);英語(日常会話)",
            {"sep": ";", "style": "bracket"},
            [{"code": "zh", "level": "native"}, {"code": "en", "level": "B1"}],
        ),
        ("英語", {}, [{"code": "en", "level": None}]),
        ("英語()", {}, [{"code": "en", "level": None}]),
        ("韓国語(ビジネス)、英語(片言)", {}, [{"code": "ko", "level": "B2"}, {"code": "en", "level": "A1"}]),
        ("広東語(母語)", {}, [{"code": "zh", "level": "native"}]),
        ("北京語(母語)", {}, [{"code": "zh", "level": "native"}]),
        ("フィリピノ語(ネイティブ)", {}, [{"code": "tl", "level": "native"}]),
        ("日本語(N2)", {}, [ja("B2", "N2")]),
        ("English (C1)", {}, [{"code": "en", "level": "C1"}]),
        (
            "英語(日常会話);英語(ビジネス)",
            {},
            [{"code": "en", "level": "B2"}],
        ),
        (
            "English:C1|Thai:native",
            {"sep": "|", "style": "colon"},
            [{"code": "en", "level": "C1"}, {"code": "th", "level": "native"}],
        ),
        (
            "Tagalog:native|English:A2",
            {"sep": "|", "style": "colon"},
            [{"code": "tl", "level": "native"}, {"code": "en", "level": "A2"}],
        ),
        ("Chinese:native", {"sep": "|", "style": "colon"}, [{"code": "zh", "level": "native"}]),
        ("Japanese:N2", {"sep": "|", "style": "colon"}, [ja("B2", "N2")]),
        ("English", {"sep": "|", "style": "colon"}, [{"code": "en", "level": None}]),
        ("English：B2", {"sep": "|", "style": "colon"}, [{"code": "en", "level": "B2"}]),
        (
            ["英語(ビジネス)", "ベトナム語(母語)"],
            {},
            [{"code": "en", "level": "B2"}, {"code": "vi", "level": "native"}],
        ),
    ],
)
def test_language_list(value, kwargs, expected):
    assert language_list(value, **kwargs) == expected


@pytest.mark.parametrize("value", [*EMPTY, []])
def test_language_list_empty(value):
    assert language_list(value) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("クリンゴン語(母語)", "'クリンゴン語' is not a language we know"),
        ("英語(とても)", "'とても' is not a language level we know"),
        ("英語(ビジネス(上級))", "is not a language with a level"),
    ],
)
def test_language_list_errors(value, message):
    with pytest.raises(NormaliseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        language_list(value)


def test_language_list_style_is_checked():
    with pytest.raises(ValueError, match="style must be"):
        language_list("英語", style="json")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("英語", "en"),
        ("ベトナム語", "vi"),
        ("中国語", "zh"),
        ("タガログ語", "tl"),
        ("インドネシア語", "id"),
        ("ネパール語", "ne"),
        ("韓国語", "ko"),
        ("朝鮮語", "ko"),
        ("タイ語", "th"),
        ("ミャンマー語", "my"),
        ("シンハラ語", "si"),
        ("クメール語", "km"),
        ("モンゴル語", "mn"),
        ("マレー語", "ms"),
        ("ポルトガル語", "pt"),
        ("スペイン語", "es"),
        ("ヒンディー語", "hi"),
        ("ベンガル語", "bn"),
        ("ウルドゥー語", "ur"),
        ("フランス語", "fr"),
        ("ドイツ語", "de"),
        ("ロシア語", "ru"),
        ("日本語", "ja"),
        ("広東語", "zh"),
        ("北京語", "zh"),
        ("フィリピノ語", "tl"),
        ("English", "en"),
        ("english", "en"),
        ("Vietnamese", "vi"),
        ("Chinese", "zh"),
        ("Mandarin", "zh"),
        ("Cantonese", "zh"),
        ("Tagalog", "tl"),
        ("Filipino", "tl"),
        ("Thai", "th"),
        ("Nepali", "ne"),
        ("Sinhala", "si"),
        ("Malay", "ms"),
        ("Greek", "el"),
        ("en", "en"),
        ("EN", "en"),
        ("eng", "en"),
        ("vie", "vi"),
        ("zho", "zh"),
        ("chi", "zh"),
        ("fil", "tl"),
        ("cmn", "zh"),
        ("Hmong", "hmn"),  # no ISO 639-1 code: the 639-3 code
    ],
)
def test_language_to_code(value, code):
    assert language_to_code(value) == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            [{"code": "ja", "jlpt": "N2"}, {"code": "en", "cefr": "B2"}, {"code": "vi", "native": True}],
            [ja("B2", "N2"), {"code": "en", "level": "B2"}, {"code": "vi", "level": "native"}],
        ),
        ([{"code": "zh", "native": True}], [{"code": "zh", "level": "native"}]),
        ([{"code": "si", "native": True}], [{"code": "si", "level": "native"}]),
        ([{"code": "EN", "cefr": "c1"}], [{"code": "en", "level": "C1"}]),
        ([{"code": "en"}], [{"code": "en", "level": None}]),
        ([{"code": "en", "level": "ビジネス"}], [{"code": "en", "level": "B2"}]),
        ([{"code": "ja", "jlpt": "N3", "native": True}], [ja("native", "N3")]),
        ([{"code": "en", "cefr": "A2"}, {"code": "en", "cefr": "C1"}], [{"code": "en", "level": "C1"}]),
        ([None], []),
        ([], []),
        (None, []),
    ],
)
def test_language_objects(value, expected):
    assert language_objects(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([{"code": "ja", "jlpt": "N6"}], "'N6' is not a JLPT grade"),
        ([{"code": "en", "cefr": "D1"}], "'D1' is not a CEFR grade"),
        ([{"code": "xx-klingon"}], "is not a language we know"),
        ([{"jlpt": "N2"}], "names no language"),
        (["ja"], "is not a language object"),
        ("ja:N2", "is not a list of languages"),
    ],
)
def test_language_objects_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        language_objects(value)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ([ja("B2"), ja("B2", "N2")], [ja("B2", "N2")]),  # a tie: the one with jlpt
        ([ja("B2", "N2"), ja("B2")], [ja("B2", "N2")]),
        ([ja("A1", "N5"), ja("B2")], [ja("B2")]),  # jlpt of a lower entry is not borrowed
        ([ja("native"), ja("C1", "N1")], [ja("native")]),
        (
            [{"code": "en", "level": None}, {"code": "vi", "level": "native"}, {"code": "en", "level": "A2"}],
            [{"code": "en", "level": "A2"}, {"code": "vi", "level": "native"}],
        ),
        ([None, {"code": "en", "level": "B1"}], [{"code": "en", "level": "B1"}]),
        ([], []),
    ],
)
def test_merge_languages(entries, expected):
    assert merge_languages(entries) == expected


def test_levels_are_ordered():
    assert LEVELS == ("A1", "A2", "B1", "B2", "C1", "C2", "native")
    assert [level_rank(level) for level in LEVELS] == list(range(7))
    assert level_rank(None) == -1
    with pytest.raises(NormaliseError):
        level_rank("N2")


ENTRIES = st.lists(
    st.builds(
        lambda code, level, jlpt: {"code": code, "level": level, **({"jlpt": jlpt} if jlpt else {})},
        st.sampled_from(["ja", "en", "vi"]),
        st.sampled_from([*LEVELS, None]),
        st.sampled_from([None, "N1", "N3"]),
    ),
    max_size=8,
)


@settings(max_examples=200)
@given(ENTRIES)
def test_merge_keeps_one_entry_per_code_at_its_highest_level(entries):
    merged = merge_languages(entries)
    codes = [entry["code"] for entry in merged]
    assert codes == list(dict.fromkeys(entry["code"] for entry in entries))
    for entry in merged:
        same = [e for e in entries if e["code"] == entry["code"]]
        best = max(level_rank(e["level"]) for e in same)
        assert level_rank(entry["level"]) == best
        if any("jlpt" in e and level_rank(e["level"]) == best for e in same):
            assert "jlpt" in entry
        assert entry in same
