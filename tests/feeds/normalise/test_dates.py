from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise.dates import (
    ERAS,
    TOKYO,
    parse_date,
    parse_datetime,
    parse_japanese_date,
    to_japanese_era,
    year_month,
)

EMPTY = [None, "", " ", "\u3000", " \u3000 "]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # eras, kanji
        ("平成7年4月1日", date(1995, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("昭和63年12月3日", date(1988, 12, 3)),
        ("平成元年8月13日", date(1989, 8, 13)),
        ("平成 7年 4月 1日", date(1995, 4, 1)),
        ("平成７年４月１日", date(1995, 4, 1)),
        ("令和4年6月15日", date(2022, 6, 15)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("大正元年7月30日", date(1912, 7, 30)),
        ("明治45年7月30日", date(1912, 7, 30)),
        ("大正15年12月25日", date(1926, 12, 25)),
        ("昭和元年12月25日", date(1926, 12, 25)),
        ("明治33年1月1日", date(1900, 1, 1)),
        # eras, short
        ("H7.4.1", date(1995, 4, 1)),
        ("S63.12.3", date(1988, 12, 3)),
        ("R1.5.1", date(2019, 5, 1)),
        ("H07.04.01", date(1995, 4, 1)),
        ("h7/4/1", date(1995, 4, 1)),
        ("Ｈ７．４．１", date(1995, 4, 1)),
        ("S55.3.31", date(1980, 3, 31)),
        ("H9.5.7", date(1997, 5, 7)),
        ("S63-12-3", date(1988, 12, 3)),
        ("平7.4.1", date(1995, 4, 1)),
        ("H7年4月1日", date(1995, 4, 1)),
        ("T1.7.30", date(1912, 7, 30)),
        # Gregorian
        ("1995/4/1", date(1995, 4, 1)),
        ("1995/04/01", date(1995, 4, 1)),
        ("1995-04-01", date(1995, 4, 1)),
        ("1995.4.1", date(1995, 4, 1)),
        ("1995年4月1日", date(1995, 4, 1)),
        ("19950401", date(1995, 4, 1)),
        ("１９９５／０４／０１", date(1995, 4, 1)),
        ("1995/04/01 0:00:00", date(1995, 4, 1)),
        ("2018-11-02T09:12:00+09:00", date(2018, 11, 2)),
        ("2000/2/29", date(2000, 2, 29)),
        (" 2018/10/30 ", date(2018, 10, 30)),
        # objects and numbers (xlsx)
        (date(1991, 1, 13), date(1991, 1, 13)),
        (datetime(1991, 1, 13, 0, 0), date(1991, 1, 13)),
        (19950401, date(1995, 4, 1)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_parse_japanese_date_is_parse_date():
    assert parse_japanese_date("平成7年4月1日") == date(1995, 4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/04/1995", date(1995, 4, 1)),
        ("1/4/1995", date(1995, 4, 1)),
        ("30/07/1989", date(1989, 7, 30)),
        ("07/02/1992", date(1992, 2, 7)),
        ("1995-04-01", date(1995, 4, 1)),  # ISO stays unambiguous
        ("平成7年4月1日", date(1995, 4, 1)),
    ],
)
def test_parse_date_day_month_year(text, expected):
    assert parse_date(text, order="dmy") == expected


def test_parse_date_month_day_year():
    assert parse_date("04/01/1995", order="mdy") == date(1995, 4, 1)


@pytest.mark.parametrize("value", EMPTY)
def test_parse_date_empty(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("平成31年2月30日", "'平成31年2月30日' is not a date (February has no 30th)"),
        ("1995/13/01", "'1995/13/01' is not a date (there is no month 13)"),
        ("1995/04/31", "'1995/04/31' is not a date (April has no 31st)"),
        ("H7.2.29", "'H7.2.29' is not a date (February 1995 has no 29th)"),
        ("1995/4/0", "there is no day 0"),
        ("平成31年5月1日", "平成 ended on 2019-04-30; 2019-05-01 is 令和元年5月1日"),
        ("平成元年1月7日", "平成 began on 1989-01-08"),
        ("昭和64年1月8日", "昭和 ended on 1989-01-07"),
        ("令和元年4月30日", "令和 began on 2019-05-01"),
        ("大正16年1月1日", "大正 ended on 1926-12-25"),
        ("H0.4.1", "an era has no year 0"),
        ("1850/1/1", "the year 1850 is before 1900 or after 2100"),
        ("2101/1/1", "out of range"),
        ("明治30年1月1日", "out of range"),
        ("01/04/1995", "day/month/year order is read only where the layout says so"),
        ("abc", "'abc' is not a date in a form we read"),
        ("95/4/1", "is not a date in a form we read"),
        ("X7.4.1", "is not a date in a form we read"),
        (date(1850, 1, 1), "out of range"),
        (True, "is not a date"),
    ],
)
def test_parse_date_errors(text, message):
    with pytest.raises(NormaliseError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date(text)


def test_parse_date_dmy_error_says_the_order():
    with pytest.raises(NormaliseError, match="day/month/year"):
        parse_date("1995/4", order="dmy")
    with pytest.raises(NormaliseError, match="there is no month 13"):
        parse_date("01/13/1995", order="dmy")


def test_parse_date_unknown_order_is_a_programming_error():
    with pytest.raises(ValueError, match="order must be"):
        parse_date("1995/4/1", order="ydm")


ERA_SPANS = [(era, era.first, era.last or date(2100, 12, 31)) for era in ERAS.values()]


@st.composite
def era_dates(draw):
    era, first, last = draw(st.sampled_from(ERA_SPANS))
    first = max(first, date(1900, 1, 1))
    return era, draw(st.dates(min_value=first, max_value=last))


FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


@settings(max_examples=200)
@given(era_dates(), st.booleans())
def test_era_forms_round_trip(era_and_day, zero_pad):
    era, day = era_and_day
    n = day.year - era.first.year + 1
    y, m, d = (f"{v:02d}" if zero_pad else str(v) for v in (n, day.month, day.day))
    letter = {"明治": "M", "大正": "T", "昭和": "S", "平成": "H", "令和": "R"}[era.name]
    kanji_year = "元" if n == 1 and not zero_pad else y
    forms = [
        f"{era.name}{kanji_year}年{m}月{d}日",
        f"{letter}{y}.{m}.{d}",
        f"{letter.lower()}{y}/{m}/{d}",
        f"{letter}{y}.{m}.{d}".translate(FULL_WIDTH),
        f"{era.name}{y}年{m}月{d}日".translate(FULL_WIDTH),
    ]
    for form in forms:
        assert parse_date(form) == day, form


@settings(max_examples=200)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_gregorian_forms_round_trip(day):
    for form in (
        f"{day.year}/{day.month}/{day.day}",
        day.isoformat(),
        day.strftime("%Y%m%d"),
        f"{day.year}年{day.month}月{day.day}日",
    ):
        assert parse_date(form) == day
    assert parse_date(day.strftime("%d/%m/%Y"), order="dmy") == day


@settings(max_examples=200)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_to_japanese_era_round_trips(day):
    assert parse_date(to_japanese_era(day)) == day


JST = timezone(timedelta(hours=9))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-11-02T09:12:00+09:00", datetime(2018, 11, 2, 9, 12, tzinfo=JST)),
        ("2018-11-02T00:12:00Z", datetime(2018, 11, 2, 0, 12, tzinfo=UTC)),
        ("2018-11-02T09:12:00", datetime(2018, 11, 2, 9, 12, tzinfo=TOKYO)),
        ("2018-11-02", datetime(2018, 11, 2, tzinfo=TOKYO)),
        ("2018/10/30", datetime(2018, 10, 30, tzinfo=TOKYO)),
        ("2018/10/30 9:05", datetime(2018, 10, 30, 9, 5, tzinfo=TOKYO)),
        ("2018/10/30 09:05:07+0900", datetime(2018, 10, 30, 9, 5, 7, tzinfo=JST)),
        ("平成30年11月2日", datetime(2018, 11, 2, tzinfo=TOKYO)),
        (datetime(2017, 10, 31, 0, 0), datetime(2017, 10, 31, tzinfo=TOKYO)),
        (date(2017, 10, 31), datetime(2017, 10, 31, tzinfo=TOKYO)),
        (datetime(2017, 10, 31, 1, 0, tzinfo=UTC), datetime(2017, 10, 31, 1, 0, tzinfo=UTC)),
    ],
)
def test_parse_datetime(value, expected):
    parsed = parse_datetime(value)
    assert parsed == expected
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("value", EMPTY)
def test_parse_datetime_empty(value):
    assert parse_datetime(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2018-11-02T25:00", "is not a time of day"),
        ("2018-02-30T10:00", "February has no 30th"),
        ("yesterday", "is not a date in a form we read"),
        ("1800-01-01T00:00:00+09:00", "out of range"),
    ],
)
def test_parse_datetime_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        parse_datetime(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-03", "2019-03"),
        ("2019/3", "2019-03"),
        ("2019/03", "2019-03"),
        ("2019年3月", "2019-03"),
        ("２０１９－０９", "2019-09"),
        (date(2019, 9, 30), "2019-09"),
        (None, None),
        ("", None),
    ],
)
def test_year_month(value, expected):
    assert year_month(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("2019-13", "there is no month 13"), ("19-03", "expected YYYY-MM"), ("1850-01", "out of range")],
)
def test_year_month_errors(value, message):
    with pytest.raises(NormaliseError, match=message):
        year_month(value)
