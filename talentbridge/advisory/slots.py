"""Free slots: a specialist's weekly hours and date overrides, in their own time zone,
turned into instants day by day, less what is taken, the buffer, the notice, the day's
limit. Plain functions of plain values, so the daylight-saving cases are easy to test.

A wall-clock time is made an instant for its own day (`zoneinfo`): a window of 09:00-12:00
in Berlin is 08:00-11:00 UTC in winter and 07:00-10:00 UTC in summer, and a company in
Tokyo (no daylight saving) sees it move by an hour. A start that does not exist on that
day (the hour skipped in spring) is not offered; a talk lasts its minutes of real time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_STEP = 30  # minutes between the starts offered


@dataclass(frozen=True)
class Window:
    """Minutes after local midnight: [start_minute, end_minute)."""

    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class Rules:
    """What a specialist set: their zone, their week (weekday 0 Monday -> windows), the
    days that differ (a date -> its windows; an empty list is a day off), the buffer kept
    after each talk, the notice a booking needs, and the most talks in a day."""

    zone: str
    week: dict[int, tuple[Window, ...]]
    overrides: dict[date, tuple[Window, ...]]
    buffer_minutes: int = 15
    notice_hours: int = 24
    max_per_day: int = 4


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


def wall_to_instant(day: date, minute: int, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a wall-clock time on a day in a zone; None when that time does
    not exist there (the hour skipped when clocks go forward)."""
    local = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minute)
    instant = local.astimezone(UTC)
    back = instant.astimezone(zone)
    if (back.hour, back.minute, back.date()) != (local.hour, local.minute, local.date()):
        return None
    return instant


def windows_of(rules: Rules, day: date) -> tuple[Window, ...]:
    if day in rules.overrides:
        return rules.overrides[day]
    return rules.week.get(day.weekday(), ())


def free_slots(
    rules: Rules,
    *,
    start: datetime,
    end: datetime,
    minutes: int,
    busy: Sequence[tuple[datetime, datetime]] = (),
    taken_per_day: dict[date, int] | None = None,
    now: datetime | None = None,
    step: int = DEFAULT_STEP,
) -> list[Slot]:
    """The free slots of `minutes` starting in [start, end) (instants), in order.

    `busy`: (starts_at, blocked_until) of what already holds the specialist's time (talks
    and holds, each blocked until its end plus the buffer); `taken_per_day`: holding talks
    per local date, for the day's limit; `now`: for the notice (default: the clock)."""
    if minutes <= 0 or step <= 0:
        raise ValueError("minutes and step must be positive")
    zone = ZoneInfo(rules.zone)
    now = now or datetime.now(UTC)
    earliest = max(start, now + timedelta(hours=rules.notice_hours))
    buffer = timedelta(minutes=rules.buffer_minutes)
    length = timedelta(minutes=minutes)
    taken = taken_per_day or {}
    ordered_busy = sorted(busy)
    first_day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    out: list[Slot] = []
    day = first_day
    while day <= last_day:
        if taken.get(day, 0) < rules.max_per_day:
            for window in windows_of(rules, day):
                window_end = wall_to_instant(day, window.end_minute, zone) or _after_gap(day, window.end_minute, zone)
                for minute in range(window.start_minute, window.end_minute, step):
                    starts_at = wall_to_instant(day, minute, zone)
                    if starts_at is None or starts_at < earliest or not start <= starts_at < end:
                        continue
                    ends_at = starts_at + length
                    if ends_at > window_end:
                        break
                    if not _collides(starts_at, ends_at + buffer, ordered_busy):
                        out.append(Slot(starts_at, ends_at))
        day += timedelta(days=1)
    out.sort(key=lambda slot: slot.starts_at)
    return out


def _after_gap(day: date, minute: int, zone: ZoneInfo) -> datetime:
    """A window that ends inside the skipped hour ends where the clocks land."""
    local = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minute)
    return local.astimezone(UTC)


def _collides(starts_at: datetime, blocked_until: datetime, busy: Iterable[tuple[datetime, datetime]]) -> bool:
    return any(starts_at < other_until and other_start < blocked_until for other_start, other_until in busy)


def day_range(first: date, days: int, zone: str) -> tuple[datetime, datetime]:
    """[first 00:00, first + days 00:00) in a zone (the viewer's), as UTC instants."""
    tz = ZoneInfo(zone)
    start = datetime(first.year, first.month, first.day, tzinfo=tz)
    end = datetime.combine(first + timedelta(days=days), datetime.min.time(), tzinfo=tz)
    return start.astimezone(UTC), end.astimezone(UTC)


def offered_time(rules: Rules, *, start: datetime, end: datetime) -> timedelta:
    """The real time the specialist's hours and overrides offer inside [start, end): a
    window of 09:00-12:00 is three hours, but on the night clocks change it is what the
    clocks say it is (a window across the skipped hour is an hour shorter)."""
    zone = ZoneInfo(rules.zone)
    total = timedelta()
    day = start.astimezone(zone).date()
    last_day = end.astimezone(zone).date()
    while day <= last_day:
        for window in windows_of(rules, day):
            opens = wall_to_instant(day, window.start_minute, zone) or _after_gap(day, window.start_minute, zone)
            closes = wall_to_instant(day, window.end_minute, zone) or _after_gap(day, window.end_minute, zone)
            opens, closes = max(opens, start), min(closes, end)
            if closes > opens:
                total += closes - opens
        day += timedelta(days=1)
    return total
