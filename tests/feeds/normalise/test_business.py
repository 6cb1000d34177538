import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.business import (
    corporate_number,
    hs_codes,
    integer,
    language_minimums,
    markets,
    support_tier,
    yes_no,
)


def check_digit(base: str) -> str:
    """The National Tax Agency's rule, written out independently of python-stdnum: digits
    of the 12-digit base counted from the right, odd positions weigh 1 and even 2."""
    total = sum(int(digit) * (1 if position % 2 else 2) for position, digit in enumerate(reversed(base), start=1))
    return str(9 - total % 9)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_corporate_number_with_its_check_digit_is_accepted_and_any_other_digit_refused(base: str) -> None:
    good = check_digit(base) + base
    assert corporate_number(good) == good
    assert corporate_number(f"{good[0]}-{good[1:5]}-{good[5:9]}-{good[9:]}") == good
    for wrong in set("123456789") - {good[0]}:
        with pytest.raises(NormaliseError, match="check digit"):
            corporate_number(wrong + base)


def test_corporate_numbers_from_the_sample_and_wrong_shapes() -> None:
    assert corporate_number("2938470781181") == "2938470781181"
    assert corporate_number("２９３８４７０７８１１８１") == "2938470781181"
    assert corporate_number("") is None
    with pytest.raises(NormaliseError, match="check digit"):
        corporate_number("0723347347957")
    for bad in ("293847078118", "29384707811811", "29384707811a1"):
        with pytest.raises(NormaliseError, match="13 digits"):
            corporate_number(bad)


@pytest.mark.parametrize(
    ("value", "expected"), [("重点支援", "priority"), ("地域中小企業", "local_sme"), ("一般", "general"), ("", None)]
)
def test_support_tiers(value: str, expected: str | None) -> None:
    assert support_tier(value) == expected


def test_an_unknown_support_tier_says_which_exist() -> None:
    with pytest.raises(NormaliseError, match="重点支援, 地域中小企業 or 一般"):
        support_tier("特別")


def test_hs_codes() -> None:
    assert hs_codes("0303;2208") == ["0303", "2208"]
    assert hs_codes(["2206", "2208.30", "303", "2206"]) == ["2206", "220830", "0303"]
    assert hs_codes("２２０６") == ["2206"]
    assert hs_codes("") == []
    with pytest.raises(NormaliseError, match="HS code"):
        hs_codes("fish")
    with pytest.raises(NormaliseError, match="HS code"):
        hs_codes("1234567")


def test_markets_read_japanese_names_codes_and_groups() -> None:
    assert markets("マレーシア;ベトナム") == ["MY", "VN"]
    assert markets("台湾;アメリカ合衆国;EU") == ["TW", "US", "EU"]
    assert markets(["VN", "eu", "TPP-11"]) == ["VN", "EU", "TPP11"]
    with pytest.raises(NormaliseError):
        markets("Atlantis")


def test_yes_no_and_integers() -> None:
    assert (yes_no("有"), yes_no("無"), yes_no(True), yes_no("")) == (True, False, True, None)
    with pytest.raises(NormaliseError, match="有 or 無"):
        yes_no("たぶん")
    assert (integer("51"), integer("１，２００"), integer(300.0), integer(7), integer("12人")) == (51, 1200, 300, 7, 12)
    assert integer("") is None
    with pytest.raises(NormaliseError, match="whole number"):
        integer("many")
    with pytest.raises(NormaliseError, match="below 1"):
        integer("0", minimum=1)


def test_language_minimums() -> None:
    assert language_minimums([{"code": "ja", "min": "N2"}, {"code": "vi", "min": "B2"}]) == [
        {"code": "ja", "level": "B2", "jlpt": "N2"},
        {"code": "vi", "level": "B2", "jlpt": None},
    ]
    assert language_minimums([{"code": "zh", "min": "native"}, {"code": "English"}]) == [
        {"code": "zh", "level": "native", "jlpt": None},
        {"code": "en", "level": None, "jlpt": None},
    ]
    assert language_minimums([{"code": "ja", "min": "C1"}]) == [{"code": "ja", "level": "C1", "jlpt": None}]
    with pytest.raises(NormaliseError, match="A1..C2 or native"):
        language_minimums([{"code": "vi", "min": "N2"}])
    with pytest.raises(NormaliseError, match="N1..N5 or A1..C2"):
        language_minimums([{"code": "ja", "min": "fluent"}])
    with pytest.raises(NormaliseError, match="names no language"):
        language_minimums([{"min": "B2"}])
