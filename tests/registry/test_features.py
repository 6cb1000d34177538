"""The linkage keys: one person's names in different scripts and spellings meet."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from talentbridge.registry import features
from talentbridge.registry.features import ReadingTable, kana_words, latin_words, pinyin_key


def linkage_row(unique_id: int, data: dict[str, Any], readings: ReadingTable) -> dict[str, Any]:
    """The linkage keys of one record, as `features.keys_of` makes them for a register."""
    (row,) = features.keys_of(features.source_table([{**data, "id": unique_id}]), readings).to_pylist()
    return row


def one_by_one(unique_id: int, data: dict[str, Any], readings: ReadingTable) -> dict[str, Any]:
    """The keys of one record made the plain way, record by record: what `keys_of` makes
    column by column must be this (the module's docstring says what each key is)."""
    family = latin_words(data.get("family_name"))
    given = latin_words(data.get("given_name"))
    words = family + given
    birth = data.get("birth_date")
    email = data.get("email")
    reading = data.get("name_kana")
    return {
        "unique_id": unique_id,
        "feed": data.get("feed"),
        "record_id": data.get("record_id"),
        "name_concat": "".join(words) or None,
        "name_tokens": " ".join(sorted(words)) or None,
        "family_key": "".join(family) or None,
        "given_last": given[-1] if given else None,
        "kana_key": "".join(kana_words(reading)) or None,
        "kana_derived": readings.derive(words),
        "pinyin_key": pinyin_key(data.get("native_name")),
        "birth_date": str(birth) if birth else None,
        "birth_year": str(birth)[:4] if birth else None,
        "nationality": data.get("nationality"),
        "email": email.lower() if email else None,
        "phone": data.get("phone"),
        "prefecture": data.get("residence_prefecture"),
        "sex": data.get("sex"),
    }


def test_latin_words_fold_case_diacritics_and_hyphens() -> None:
    assert latin_words("Nguyễn Văn An") == ["nguyen", "van", "an"]
    assert latin_words("Cheng-En") == ["chengen"]
    assert latin_words("O'BRIEN, Mary") == ["obrien", "mary"]
    assert latin_words(None) == []


def test_kana_words_fold_the_variants_agencies_write() -> None:
    assert kana_words("グエン ヴァン アン") == kana_words("ｸﾞｴﾝ・ﾊﾞﾝ　アーン") == ["グエン", "バン", "アン"]


def test_pinyin_meets_kanji_in_any_character_form_and_latin() -> None:
    assert pinyin_key("张丽") == pinyin_key("張 麗") == "zhangli"
    assert pinyin_key("王　偉") == "wangwei"
    assert pinyin_key("박지훈") is None  # Hangul is not read as pinyin
    assert pinyin_key("Nguyễn") is None
    assert pinyin_key(None) is None


def test_reading_table_learns_latin_words_readings_from_records_with_both() -> None:
    records = [
        {"family_name": "TRAN", "given_name": "Van Phuc", "name_kana": "チャン ヴァン フック"},
        {"family_name": "TRAN", "given_name": "Thi Lan", "name_kana": "チャン ティ ラン"},
        {"family_name": "NGUYEN", "given_name": "Van An", "name_kana": "グエン バン アン"},
        {"family_name": "NGUYEN", "given_name": "Thi Lan", "name_kana": "グエン ティ ラン"},
        {"family_name": "NGUYEN", "given_name": "Van", "name_kana": "グエンバン"},  # words do not align: skipped
        {"family_name": "LE", "given_name": "Phuc", "name_kana": None},
    ]
    table = ReadingTable.learn(features.source_table(records), min_count=2)
    assert table.readings == {"tran": "チヤン", "van": "バン", "nguyen": "グエン", "thi": "テイ", "lan": "ラン"}
    assert table.derive(["nguyen", "thi", "lan"]) == "グエンテイラン"
    assert table.derive(["tran", "van", "phuc"]) is None  # phuc was seen once only
    assert table.derive([]) is None


def test_linkage_rows_of_one_person_across_scripts_share_keys() -> None:
    table = ReadingTable({"zhang": "チヤン", "li": "リ", "nguyen": "グエン", "van": "バン", "an": "アン"})
    latin = linkage_row(1, {"feed": "jasso", "family_name": "Zhang", "given_name": "Li"}, table)
    kanji = linkage_row(2, {"feed": "maff", "native_name": "張 麗", "name_kana": "チャン リ"}, table)
    hanzi = linkage_row(3, {"feed": "meti", "family_name": "Zhang", "given_name": "Li", "native_name": "张丽"}, table)
    assert kanji["pinyin_key"] == latin["name_concat"] == hanzi["pinyin_key"] == "zhangli"
    assert kanji["kana_key"] == latin["kana_derived"] == "チヤンリ"
    romaji = linkage_row(4, {"family_name": "NGUYEN", "given_name": "Van An"}, table)
    katakana = linkage_row(5, {"family_name": "NGUYEN", "given_name": "Van An", "name_kana": "ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ"}, table)
    swapped = linkage_row(6, {"family_name": "VAN", "given_name": "AN NGUYEN"}, table)
    assert romaji["kana_derived"] == katakana["kana_key"] == "グエンバンアン"
    assert romaji["name_tokens"] == swapped["name_tokens"] == "an nguyen van"
    assert romaji["name_concat"] != swapped["name_concat"]


def test_linkage_row_normalises_contact_and_dates() -> None:
    row = linkage_row(
        7,
        {"email": "An.Nguyen@Example.COM", "birth_date": "1995-04-01", "phone": "+819012345678", "sex": "M"},
        ReadingTable(),
    )
    assert row["email"] == "an.nguyen@example.com"
    assert (row["birth_date"], row["birth_year"]) == ("1995-04-01", "1995")
    assert set(row) == set(features.COLUMNS)


_NAME_PARTS = st.sampled_from(["Nguyễn", "VAN", "an", "Zhang", "Li", "O'Brien", "Ya-Ting", " ", "", "ＮＧＵＹＥＮ"])
_RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(1, 10**9),
            "feed": st.sampled_from(["maff-agri", "meti-mfg"]),
            "record_id": st.text(max_size=8),
            "family_name": st.none() | st.lists(_NAME_PARTS, max_size=3).map(" ".join),
            "given_name": st.none() | st.lists(_NAME_PARTS, max_size=3).map(" ".join),
            "name_kana": st.none() | st.sampled_from(["グエン ヴァン アン", "ｸﾞｴﾝ ﾊﾞﾝ ｱﾝ", "チャン・リ", "", "ー"]),
            "native_name": st.none() | st.sampled_from(["張 麗", "张丽", "김민준", "Zhang", ""]),
            "birth_date": st.none() | st.dates().map(str) | st.dates(),
            "nationality": st.none() | st.sampled_from(["VN", "CN"]),
            "email": st.none() | st.sampled_from(["An.Nguyen@Example.COM", ""]),
            "phone": st.none() | st.just("+819012345678"),
            "residence_prefecture": st.none() | st.just("13"),
            "sex": st.none() | st.sampled_from(["M", "F"]),
        }
    ),
    max_size=12,
)


@given(_RECORDS)
def test_keys_made_column_by_column_are_each_records_own(records: list[dict]) -> None:
    """The keys of many records at once (what consolidation builds) are each record's
    own, made one by one: every name made of several words, a missing or empty part, a
    birth date as a date or as text."""
    table = ReadingTable({"nguyen": "グエン", "van": "バン", "an": "アン", "zhang": "チヤン", "li": "リ"})
    keyed = features.keys_of(features.source_table(records), table)
    assert keyed.schema == features.SCHEMA
    assert keyed.to_pylist() == [one_by_one(record["id"], record, table) for record in records]


def test_a_register_with_no_records_or_a_column_of_nulls_only_is_keyed() -> None:
    empty = features.keys_of(features.source_table([]), ReadingTable())
    assert empty.num_rows == 0
    assert empty.schema == features.SCHEMA
    nameless = [{"id": 1, "email": "a@example.com"}, {"id": 2}]
    assert features.keys_of(features.source_table(nameless), ReadingTable()).to_pylist() == [
        one_by_one(record["id"], record, ReadingTable()) for record in nameless
    ]


def test_readings_count_every_record_that_holds_a_name_and_its_reading() -> None:
    """A name written the same way twice is two sightings (each distinct name is split
    into words once, then weighted)."""
    twice = {"family_name": "LE", "given_name": "Phuc", "name_kana": "レー フック"}
    source = features.source_table([twice, twice, {**twice, "given_name": None}])
    assert ReadingTable.count(source) == {"le": {"レ": 2}, "phuc": {"フツク": 2}}
    assert ReadingTable.learn(source).readings == {"le": "レ", "phuc": "フツク"}


def test_readings_counted_in_parts_are_those_of_the_whole() -> None:
    """The reading processes count their parts of a register; the counts add up."""
    records = [
        {"family_name": "TRAN", "given_name": "Van", "name_kana": "チャン ヴァン"},
        {"family_name": "TRAN", "given_name": "Van", "name_kana": "チャン バン"},
        {"family_name": "TRAN", "given_name": "Lan", "name_kana": "チャン ラン"},
        {"family_name": "LE", "given_name": "Van", "name_kana": "レー ヴァン"},
    ]
    whole = ReadingTable.learn(features.source_table(records))
    parts = [ReadingTable.count(features.source_table(part)) for part in (records[:1], records[1:])]
    assert ReadingTable.from_counts(features.merge_counts(parts)).readings == whole.readings
    assert whole.readings == {"tran": "チヤン", "van": "バン"}
