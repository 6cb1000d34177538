"""Dates as agencies write them: Japanese eras, Gregorian with any separator, Excel cells.

Read forms (full-width digits and any case accepted):

    era, kanji      平成7年4月1日  令和元年5月1日  平成 7年 4月 1日
    era, short      H7.4.1  H07.04.01  h7/4/1  S63-12-3  平7.4.1  H7年4月1日
    Gregorian       1995/4/1  1995/04/01  1995-04-01  1995.4.1  1995年4月1日  19950401
    dmy (jasso)     01/04/1995  1/4/1995  (only with order="dmy"; "mdy" also exists)
    objects         datetime.date, datetime.datetime (xlsx cells)

A trailing time (`1995/04/01 0:00:00`) is allowed and ignored by "date".

An era date must fall inside its era: 平成 runs 1989-01-08..2019-04-30, 令和 from
2019-05-01, 昭和 1926-12-25..1989-01-07, 大正 1912-07-30..1926-12-25, 明治 until
1912-07-30 (the first and last days of 大正 and 昭和 are shared with the era before
or after, as the calendar has it). Years before 1900 and after 2100 are refused:
in these registers they are typing errors.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from talentbridge.feeds.errors import N_, Message, NormaliseError, message
from talentbridge.feeds.normalise.text import as_text, normalise_width, quote

try:
    TOKYO: tzinfo = ZoneInfo("Asia/Tokyo")
except Exception:  # no tz database on the host: Japan has kept +09:00 since 1951
    TOKYO = timezone(timedelta(hours=9), "JST")

MIN_YEAR = 1900
MAX_YEAR = 2100
ORDERS = ("ymd", "dmy", "mdy")


@dataclass(frozen=True)
class Era:
    name: str
    first: date  # first day of the era
    last: date | None  # last day, None for the current era

    def to_gregorian_year(self, era_year: int) -> int:
        return self.first.year + era_year - 1


ERAS: dict[str, Era] = {
    era.name: era
    for era in (
        Era("明治", date(1868, 10, 23), date(1912, 7, 30)),
        Era("大正", date(1912, 7, 30), date(1926, 12, 25)),
        Era("昭和", date(1926, 12, 25), date(1989, 1, 7)),
        Era("平成", date(1989, 1, 8), date(2019, 4, 30)),
        Era("令和", date(2019, 5, 1), None),
    )
}
_ERA_ALIASES = {
    **{name: name for name in ERAS},
    **{name[0]: name for name in ERAS},  # 明 大 昭 平 令
    "M": "明治",
    "T": "大正",
    "S": "昭和",
    "H": "平成",
    "R": "令和",
}

_SEP = r"\s*[./\-]\s*"
_ERA_DATE = re.compile(
    r"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令]|[MTSHR])\.?\s*(?P<y>元|\d{1,2})\s*(?:年|[./\-])"
    r"\s*(?P<m>\d{1,2})\s*(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?"
)
_YMD = re.compile(r"(?P<y>\d{4})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*(?:月|[./\-])\s*(?P<d>\d{1,2})\s*日?")
_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_DMY = re.compile(rf"(?P<d>\d{{1,2}}){_SEP}(?P<m>\d{{1,2}}){_SEP}(?P<y>\d{{4}})")
_MDY = re.compile(rf"(?P<m>\d{{1,2}}){_SEP}(?P<d>\d{{1,2}}){_SEP}(?P<y>\d{{4}})")
_TIME = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?"
_TRAILING_TIME = re.compile(rf"(?:T|\s+){_TIME}\s*(?:Z|[+-]\d{{2}}:?\d{{2}})?$")
_YEAR_MONTH = re.compile(r"(?P<y>\d{4})\s*(?:年|[./\-])\s*(?P<m>\d{1,2})\s*月?")
_DATETIME = re.compile(rf"(?P<date>.+?)(?:T|\s+)(?P<time>{_TIME})\s*(?P<tz>Z|[+-]\d{{2}}:?\d{{2}})?", re.IGNORECASE)

_MONTHS = (
    "",
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
_FORMS = N_("e.g. 1995/04/01, 1995-04-01, 平成7年4月1日 or H7.4.1")
_FORMS_BY_ORDER = {
    "ymd": _FORMS,
    "dmy": N_("e.g. 01/04/1995 (day/month/year), 1995-04-01 or 平成7年4月1日"),
    "mdy": N_("e.g. 04/01/1995 (month/day/year), 1995-04-01 or 平成7年4月1日"),
}


def _ordinal(n: int) -> Message:
    if 11 <= n % 100 <= 13 or n % 10 not in (1, 2, 3):
        return message(N_("{day}th"), day=n)
    return message({1: N_("{day}st"), 2: N_("{day}nd"), 3: N_("{day}rd")}[n % 10], day=n)


def _out_of_range(raw: str, year: int) -> NormaliseError:
    return NormaliseError(
        N_("{value} is out of range (the year {year} is before {first} or after {last})"),
        value=quote(raw),
        year=year,
        first=MIN_YEAR,
        last=MAX_YEAR,
    )


def _make_date(raw: str, year: int, month: int, day: int) -> date:
    """A calendar date, or NormaliseError saying what is impossible about it."""
    if not 1 <= month <= 12:
        raise NormaliseError(N_("{value} is not a date (there is no month {month})"), value=quote(raw), month=month)
    if day < 1:
        raise NormaliseError(N_("{value} is not a date (there is no day {day})"), value=quote(raw), day=day)
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if day > last:
        if month == 2 and day == 29:
            raise NormaliseError(N_("{value} is not a date (February {year} has no 29th)"), value=quote(raw), year=year)
        raise NormaliseError(
            N_("{value} is not a date ({month} has no {day})"),
            value=quote(raw),
            month=message(_MONTHS[month]),
            day=_ordinal(day),
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(raw, year)
    return date(year, month, day)


def _era_date(raw: str, era_token: str, year_text: str, month: int, day: int) -> date:
    era = ERAS[_ERA_ALIASES[era_token]]
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year < 1:
        raise NormaliseError(
            N_("{value} is not a date (an era has no year 0; its first year is 元年)"), value=quote(raw)
        )
    year = era.to_gregorian_year(era_year)
    if not 1 <= month <= 12 or day < 1 or day > calendar.monthrange(year, month)[1]:
        return _make_date(raw, year, month, day)  # raises with the reason
    when = date(year, month, day)
    if when < era.first:
        raise NormaliseError(
            N_("{value} is not a date in {era} ({era} began on {first})"),
            value=quote(raw),
            era=era.name,
            first=era.first.isoformat(),
        )
    if era.last is not None and when > era.last:
        raise NormaliseError(
            N_("{value} is not a date in {era} ({era} ended on {last}; {when} is {in_era})"),
            value=quote(raw),
            era=era.name,
            last=era.last.isoformat(),
            when=when.isoformat(),
            in_era=to_japanese_era(when),
        )
    return _make_date(raw, year, month, day)


def to_japanese_era(when: date) -> str:
    """date(1995, 4, 1) -> '平成7年4月1日' (the later era on a shared first day)."""
    for era in reversed(ERAS.values()):
        if when >= era.first:
            n = when.year - era.first.year + 1
            year = "元" if n == 1 else str(n)
            return f"{era.name}{year}年{when.month}月{when.day}日"
    raise ValueError(f"{when} is before 明治")


@lru_cache(maxsize=16384)
def _parse_date_text(text: str, order: str) -> date:
    raw = text
    text = normalise_width(text).strip()
    if not text.isascii() or text[:1].isalpha():
        match = _ERA_DATE.fullmatch(text.upper())
        if match:
            return _era_date(raw, match["era"], match["y"], int(match["m"]), int(match["d"]))
    text = _TRAILING_TIME.sub("", text)
    match = _YMD.fullmatch(text) or _COMPACT.fullmatch(text)
    if match is None and order != "ymd":
        match = (_DMY if order == "dmy" else _MDY).fullmatch(text)
    if match:
        return _make_date(raw, int(match["y"]), int(match["m"]), int(match["d"]))
    hint = message(_FORMS_BY_ORDER[order])
    if order == "ymd" and (_DMY.fullmatch(text)):
        hint = message(N_("{forms}; day/month/year order is read only where the layout says so"), forms=hint)
    raise NormaliseError(N_("{value} is not a date in a form we read ({hint})"), value=quote(raw), hint=hint)


def parse_date(value: Any, *, order: str = "ymd") -> date | None:
    """Registry "date": any of the forms in the module docstring -> datetime.date."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    if value is None:
        return None
    if isinstance(value, datetime):
        return _make_date(value.isoformat(), value.year, value.month, value.day)
    if isinstance(value, date):
        return _make_date(value.isoformat(), value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()  # str.strip() also strips U+3000
        return _parse_date_text(text, order) if text else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NormaliseError(
            N_("{value} is not a date in a form we read ({hint})"), value=quote(value), hint=message(_FORMS)
        )
    number = as_text(value)
    return None if number is None else _parse_date_text(number, order)


parse_japanese_date = parse_date


def _offset(text: str) -> timezone:
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


@lru_cache(maxsize=16384)
def _parse_datetime_text(text: str) -> datetime:
    cleaned = normalise_width(text).strip()
    try:
        parsed = datetime.fromisoformat(cleaned)
    except ValueError:
        parsed = None
    if parsed is not None:
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            _make_date(text, parsed.year, parsed.month, parsed.day)  # raises: out of range
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=TOKYO)
    match = _DATETIME.fullmatch(cleaned)
    if match is None:
        day = _parse_date_text(text, "ymd")
        return datetime(day.year, day.month, day.day, tzinfo=TOKYO)
    day = _parse_date_text(match["date"], "ymd")
    parts = match["time"].split(":")
    hour, minute = int(parts[0]), int(parts[1])
    second, micro = 0, 0
    if len(parts) > 2:
        whole, _, fraction = parts[2].partition(".")
        second, micro = int(whole), int(fraction.ljust(6, "0")) if fraction else 0
    if hour > 23 or minute > 59 or second > 59:
        raise NormaliseError(N_("{value} is not a time of day ({time})"), value=quote(text), time=match["time"])
    zone: tzinfo = TOKYO
    if match["tz"]:
        zone = UTC if match["tz"].upper() == "Z" else _offset(match["tz"])
    return datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=zone)


def parse_datetime(value: Any) -> datetime | None:
    """Registry "datetime": ISO 8601 with offset -> aware datetime.

    Naive values and plain dates (any form "date" reads) are Asia/Tokyo local time;
    a date alone is midnight there."""
    if value is None:
        return None
    if isinstance(value, datetime):
        _make_date(value.isoformat(), value.year, value.month, value.day)
        return value if value.tzinfo is not None else value.replace(tzinfo=TOKYO)
    if isinstance(value, date):
        day = _make_date(value.isoformat(), value.year, value.month, value.day)
        return datetime(day.year, day.month, day.day, tzinfo=TOKYO)
    if isinstance(value, str):
        text = value.strip()
        return _parse_datetime_text(text) if text else None
    found = parse_date(value)
    return None if found is None else datetime(found.year, found.month, found.day, tzinfo=TOKYO)


@lru_cache(maxsize=4096)
def _parse_year_month_text(text: str) -> str:
    match = _YEAR_MONTH.fullmatch(normalise_width(text).strip())
    if match is None:
        raise NormaliseError(N_("{value} is not a year and month (expected YYYY-MM, e.g. 2019-03)"), value=quote(text))
    year, month = int(match["y"]), int(match["m"])
    if not 1 <= month <= 12:
        raise NormaliseError(
            N_("{value} is not a year and month (there is no month {month})"), value=quote(text), month=month
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _out_of_range(text, year)
    return f"{year:04d}-{month:02d}"


def year_month(value: Any) -> str | None:
    """Registry "year_month": '2019-03', '2019/3', '2019年3月', a date -> '2019-03'."""
    if isinstance(value, date):
        day = parse_date(value)
        return None if day is None else f"{day.year:04d}-{day.month:02d}"
    text = as_text(value)
    return None if text is None else _parse_year_month_text(text)
