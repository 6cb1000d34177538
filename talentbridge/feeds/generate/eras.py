"""Dates as maff writes them: Japanese era (平成7年4月1日, H7.4.1) or Gregorian (1995/4/1)."""

from __future__ import annotations

from datetime import date

# (kanji, letter, first day, year offset); newest first.
ERAS = (
    ("令和", "R", date(2019, 5, 1), 2018),
    ("平成", "H", date(1989, 1, 8), 1988),
    ("昭和", "S", date(1926, 12, 25), 1925),
)
DATE_FORMS = ("era_kanji", "era_letter", "slash", "slash_padded")


def era_of(day: date) -> tuple[str, str, int]:
    """(kanji, letter, era year) of a date, e.g. (平成, H, 7) for 1995-04-01."""
    for kanji, letter, start, offset in ERAS:
        if day >= start:
            return kanji, letter, day.year - offset
    raise ValueError(f"{day} is before the Showa era")


def maff_date(day: date, form: str) -> str:
    """One of the README's forms; the kanji form writes 元年 for an era's first year."""
    if form == "era_kanji":
        kanji, _, year = era_of(day)
        return f"{kanji}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    if form == "era_letter":
        _, letter, year = era_of(day)
        return f"{letter}{year}.{day.month}.{day.day}"
    if form == "slash":
        return f"{day.year}/{day.month}/{day.day}"
    return f"{day.year}/{day.month:02d}/{day.day:02d}"
