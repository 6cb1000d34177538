import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.phones import phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("090-1234-5678", "+819012345678"),
        ("０９０１２３４５６７８", "+819012345678"),
        ("０７０－９７１６－７２３７", "+817097167237"),
        ("070ー9716ー7237", "+817097167237"),
        ("070‐9716‐7237", "+817097167237"),
        ("09032146555", "+819032146555"),
        ("+81 90-1234-5678", "+819012345678"),
        ("+81 70-1502-7470", "+817015027470"),
        ("+819012345678", "+819012345678"),
        ("+81 (0)90-1234-5678", "+819012345678"),
        ("(03) 1234-5678", "+81312345678"),
        ("03-1234-5678", "+81312345678"),
        ("0120-123-456", "+81120123456"),
        (" 090 1234 5678 ", "+819012345678"),
        (9012345678, "+819012345678"),  # xlsx number cell: the leading 0 is gone
        (8063915016.0, "+818063915016"),
        ("+84 912 345 678", "+84912345678"),
        ("+1 650-253-0000", "+16502530000"),
        ("010-84-912-345-678", "+84912345678"),  # dialled from Japan
    ],
)
def test_phone(value, expected):
    assert phone(value) == expected


def test_phone_other_region():
    assert phone("0912 345 678", region="VN") == "+84912345678"


@pytest.mark.parametrize("value", [None, "", " ", "\u3000"])
def test_phone_empty(value):
    assert phone(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0901234", "'0901234' is not a valid phone number (too short)"),
        ("090-1234-56789", "'090-1234-56789' is not a valid phone number"),
        ("abc", "'abc' is not a valid phone number (not a number)"),
        ("090-0000-0000", "'090-0000-0000' is not a valid phone number"),
        ("+999 1234 5678", "is not a valid phone number"),
        ("０９０１２３", "'０９０１２３' is not a valid phone number"),
    ],
)
def test_phone_errors(value, message):
    with pytest.raises(NormaliseError, match=message.replace("(", r"\(").replace(")", r"\)").replace("+", r"\+")):
        phone(value)


FULL_WIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
DASHES = ["-", "－", "ー", "‐", "−", " ", ""]


@settings(max_examples=200)
@given(
    st.sampled_from(["70", "80", "90"]),
    st.integers(min_value=1, max_value=9),
    st.text(alphabet="0123456789", min_size=7, max_size=7),
    st.sampled_from(DASHES),
    st.booleans(),
    st.booleans(),
)
def test_mobile_numbers_in_any_width_parse_to_one_e164(prefix, first, rest, dash, full_width, international):
    subscriber = f"{first}{rest}"
    expected = f"+81{prefix}{subscriber}"
    written = f"0{prefix}{dash}{subscriber[:4]}{dash}{subscriber[4:]}"
    if international:
        written = f"+81 {prefix}{dash}{subscriber[:4]}{dash}{subscriber[4:]}"
    if full_width:
        written = written.translate(FULL_WIDTH)
    assert phone(written) == expected


@settings(max_examples=400, deadline=None)
@given(national=st.from_regex(r"(?:[1-9][0-9]{7,10}|[5-9]0[0-9]{7,9}|[1-9]{2}[0-9]{7})", fullmatch=True))
def test_the_fast_japanese_check_agrees_with_phonenumbers(national: str) -> None:
    from talentbridge.feeds.normalise.phones import _valid_jp

    number = phonenumbers.PhoneNumber(country_code=81, national_number=int(national))
    assert _valid_jp(national) == phonenumbers.is_valid_number(number)
