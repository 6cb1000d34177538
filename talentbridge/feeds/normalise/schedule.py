"""Where and when a specialist works: IANA time zones, weekly hours, language code lists.

Weekly hours are in the specialist's own time zone, as the `overseas-specialists` layout
writes them: `Mon-Fri 09:00-12:00`, `Mon,Wed,Fri 08:00-11:00`, several windows split by
`;` (`Mon-Fri 09:00-12:00; Sat 10:00-12:00`). Each becomes {"days": [0..6] (Monday 0),
"start": "HH:MM", "end": "HH:MM"}.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from talentbridge.feeds.errors import N_, NormaliseError
from talentbridge.feeds.normalise.languages import _language_code
from talentbridge.feeds.normalise.text import as_text, quote, split_list

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    **{day: i for i, day in enumerate(DAYS)},
    **{
        name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
    },
    **{name: i for i, name in enumerate("月火水木金土日")},
}
_WINDOW = re.compile(r"(?P<days>[^\d]+?)\s+(?P<start>\d{1,2}:\d{2})\s*[-–~〜]\s*(?P<end>\d{1,2}:\d{2})")


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def time_zone(value: Any) -> str | None:
    """Registry "time_zone": an IANA zone name ('Asia/Bangkok', 'Europe/Berlin', 'UTC');
    anything else (an abbreviation such as JST or EST, which tzdata keeps only for old
    systems and which ignores daylight saving, an offset, a typo) is refused."""
    text = as_text(value)
    if text is None:
        return None
    if text not in _zones() or ("/" not in text and text != "UTC"):
        raise NormaliseError(
            N_("{value} is not an IANA time zone (expected a name such as Asia/Bangkok or Europe/Berlin)"),
            value=quote(text),
        )
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise NormaliseError(N_("{value} is not an IANA time zone"), value=quote(text)) from None
    return text


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise ValueError(text)
    return value


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"[,、/]", text):
        part = part.strip().casefold()
        if not part:
            continue
        if "-" in part or "~" in part or "〜" in part:
            first, last = (piece.strip() for piece in re.split(r"[-~〜]", part, maxsplit=1))
            start, end = _DAY_NAMES[first], _DAY_NAMES[last]
            span = list(range(start, end + 1)) if start <= end else [*range(start, 7), *range(0, end + 1)]
            days.extend(span)
        else:
            days.append(_DAY_NAMES[part])
    return sorted(set(days))


def weekly_hours(value: Any) -> list[dict[str, Any]]:
    """Registry "weekly_hours": 'Mon-Fri 09:00-12:00' ->
    [{"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "12:00"}]; windows split by ';'."""
    text = as_text(value)
    if text is None:
        return []
    windows = []
    for piece in (part.strip() for part in text.split(";")):
        if not piece:
            continue
        match = _WINDOW.fullmatch(piece)
        try:
            if match is None:
                raise ValueError(piece)
            days = _days(match["days"])
            start, end = _minutes(match["start"]), _minutes(match["end"])
        except (KeyError, ValueError):
            raise NormaliseError(
                N_("{value} is not weekly hours (expected such as Mon-Fri 09:00-12:00 or Mon,Wed,Fri 08:00-11:00)"),
                value=quote(piece),
            ) from None
        if not days or end <= start:
            raise NormaliseError(
                N_("{value} is not weekly hours (the window must end after it starts)"), value=quote(piece)
            )
        windows.append(
            {"days": days, "start": f"{start // 60:02d}:{start % 60:02d}", "end": f"{end // 60:02d}:{end % 60:02d}"}
        )
    return windows


def language_codes(value: Any) -> list[str]:
    """Registry "language_codes": 'ja;en;fr' or 'Japanese; English' -> ['ja', 'en', 'fr']."""
    out: list[str] = []
    for item in split_list(value):
        code = _language_code(item)
        if code not in out:
            out.append(code)
    return out
