"""The registry in talentbridge/feeds/normalise/__init__.py: names, and the contract every
normaliser keeps (empty in, None or [] out; pure)."""

import inspect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise import NORMALISERS, normalise

REGISTRY_NAMES = {
    "text", "split_list", "date", "datetime", "year_month", "name_on_card", "full_name",
    "latin_name", "native_name", "katakana", "country", "prefecture", "prefecture_list",
    "japanese_level", "language_level", "language_list", "language_objects", "phone", "email",
    "sex", "consent", "purposes", "visa_status", "education_level", "years", "experience_objects",
    "corporate_number", "support_tier", "hs_codes", "markets", "yes_no", "integer", "language_minimums",
    "time_zone", "weekly_hours", "language_codes",
}  # fmt: skip
LIST_VALUED = {
    "split_list", "prefecture_list", "language_list", "language_objects", "experience_objects", "purposes",
    "hs_codes", "markets", "language_minimums", "weekly_hours", "language_codes",
}  # fmt: skip
REQUIRED_OPTIONS = {"language_level": {"code": "en"}}
EMPTY = [None, "", " ", "\u3000", " \u3000\t"]


def test_registry_names():
    assert set(NORMALISERS) == REGISTRY_NAMES


@pytest.mark.parametrize("name", sorted(REGISTRY_NAMES))
def test_options_are_keyword_only(name):
    parameters = list(inspect.signature(NORMALISERS[name]).parameters.values())
    assert parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[1:])


@pytest.mark.parametrize("name", sorted(REGISTRY_NAMES))
@pytest.mark.parametrize("value", EMPTY)
def test_empty_cells(name, value):
    expected = [] if name in LIST_VALUED else None
    assert normalise(name, value, **REQUIRED_OPTIONS.get(name, {})) == expected


def test_normalise_passes_options():
    assert normalise("date", "01/04/1995", order="dmy").isoformat() == "1995-04-01"
    assert normalise("language_level", "ビジネス", code="en") == {"code": "en", "level": "B2"}


def test_unknown_name_is_a_plain_key_error():
    with pytest.raises(KeyError):
        normalise("no-such-normaliser", "x")


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="0123456789０１２３/-.年月日平成令和HSRN:+()（）;、|ー－ 　ァアｱﾞ語", max_size=20),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize("name", sorted(REGISTRY_NAMES))
@settings(max_examples=100, deadline=None)
@given(value=st.one_of(CELLS, JSON_VALUES))
def test_any_cell_is_read_or_refused_with_a_normalise_error(name, value):
    try:
        normalise(name, value, **REQUIRED_OPTIONS.get(name, {}))
    except NormaliseError as error:
        message = str(error)
        assert "'" in message, "a message quotes the value it could not read"
