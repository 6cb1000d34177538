"""Free slots across time zones and daylight-saving changes (Europe, the United States,
Australia; Japan has none), with buffers, notice and the day's limit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentbridge.advisory.slots import Rules, Window, day_range, free_slots, wall_to_instant

TOKYO = ZoneInfo("Asia/Tokyo")
LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)
WEEKDAYS_9_TO_12 = {day: (Window(9 * 60, 12 * 60),) for day in range(5)}


def rules(zone: str, week=WEEKDAYS_9_TO_12, **kwargs) -> Rules:
    return Rules(zone=zone, week=week, overrides=kwargs.pop("overrides", {}), notice_hours=0, **kwargs)


def starts(slots, zone: ZoneInfo = TOKYO) -> list[str]:
    return [slot.starts_at.astimezone(zone).strftime("%a %m-%d %H:%M") for slot in slots]


@pytest.mark.parametrize(
    ("zone", "before", "after", "first_day", "days"),
    [
        # Berlin springs forward on Sunday 29 March 2026: 09:00 was 17:00 in Tokyo, is 16:00.
        ("Europe/Berlin", "Fri 03-27 17:00", "Mon 03-30 16:00", date(2026, 3, 27), 4),
        # ... and falls back on 25 October: 16:00 in Tokyo, then 17:00.
        ("Europe/Berlin", "Fri 10-23 16:00", "Mon 10-26 17:00", date(2026, 10, 23), 4),
        # Los Angeles springs forward on 8 March 2026: 09:00 was 02:00 next day in Tokyo, is 01:00.
        ("America/Los_Angeles", "Sat 03-07 02:00", "Tue 03-10 01:00", date(2026, 3, 7), 4),
        ("America/Los_Angeles", "Sat 10-31 01:00", "Tue 11-03 02:00", date(2026, 10, 31), 4),
        # Sydney leaves daylight saving on 5 April 2026 (09:00 was 07:00 in Tokyo, is 08:00),
        # and starts it on 4 October.
        ("Australia/Sydney", "Fri 04-03 07:00", "Mon 04-06 08:00", date(2026, 4, 3), 4),
        ("Australia/Sydney", "Fri 10-02 08:00", "Mon 10-05 07:00", date(2026, 10, 2), 4),
    ],
)
def test_the_same_local_hours_move_in_tokyo_when_the_clocks_change(zone, before, after, first_day, days) -> None:
    start, end = day_range(first_day, days, "Asia/Tokyo")
    found = starts(free_slots(rules(zone), start=start, end=end, minutes=60, now=LONG_AGO, step=60))
    assert before in found
    assert after in found
    for slot in free_slots(rules(zone), start=start, end=end, minutes=60, now=LONG_AGO):
        local = slot.starts_at.astimezone(ZoneInfo(zone))
        assert 9 <= local.hour < 12  # always inside the local hours
        assert slot.ends_at - slot.starts_at == timedelta(minutes=60)
        assert (
            slot.ends_at.astimezone(ZoneInfo(zone)).hour * 60 + slot.ends_at.astimezone(ZoneInfo(zone)).minute
            <= 12 * 60
        )


def test_a_skipped_hour_is_never_offered_and_talks_last_their_real_minutes() -> None:
    night = rules("Europe/Berlin", week={6: (Window(60, 5 * 60),)})  # Sunday 01:00-05:00
    start, end = day_range(date(2026, 3, 29), 1, "Europe/Berlin")
    slots = free_slots(night, start=start, end=end, minutes=30, now=LONG_AGO)
    local = [slot.starts_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") for slot in slots]
    assert "02:00" not in local
    assert "02:30" not in local
    assert local[:2] == ["01:00", "01:30"]
    assert local[2] == "03:00"
    assert all(slot.ends_at - slot.starts_at == timedelta(minutes=30) for slot in slots)
    assert wall_to_instant(date(2026, 3, 29), 150, ZoneInfo("Europe/Berlin")) is None


def test_tokyo_has_no_daylight_saving_and_every_day_is_the_same() -> None:
    start, end = day_range(date(2026, 3, 1), 60, "Asia/Tokyo")
    slots = free_slots(rules("Asia/Tokyo"), start=start, end=end, minutes=60, now=LONG_AGO, step=60)
    assert {slot.starts_at.astimezone(TOKYO).strftime("%H:%M") for slot in slots} == {"09:00", "10:00", "11:00"}


def test_busy_time_buffer_notice_overrides_and_the_days_limit() -> None:
    zone = ZoneInfo("Asia/Bangkok")
    base = rules("Asia/Bangkok", buffer_minutes=15, max_per_day=2)
    monday = date(2026, 12, 7)
    start, end = day_range(monday, 1, "Asia/Bangkok")
    at = lambda h, m=0: datetime(2026, 12, 7, h, m, tzinfo=zone).astimezone(UTC)  # noqa: E731
    all_slots = free_slots(base, start=start, end=end, minutes=30, now=LONG_AGO)
    assert starts(all_slots, zone) == [f"Mon 12-07 {h}" for h in ("09:00", "09:30", "10:00", "10:30", "11:00", "11:30")]
    # A talk 10:00-10:30 blocks until 10:45 (its buffer): 09:30 would end 10:00 + 15 min of buffer,
    # which runs into the talk, so it goes too; 10:30 starts inside the buffer.
    busy = [(at(10), at(10, 45))]
    left = free_slots(base, start=start, end=end, minutes=30, busy=busy, now=LONG_AGO)
    assert starts(left, zone) == ["Mon 12-07 09:00", "Mon 12-07 11:00", "Mon 12-07 11:30"]
    # The day's limit: two talks that day already, nothing more.
    assert free_slots(base, start=start, end=end, minutes=30, taken_per_day={monday: 2}, now=LONG_AGO) == []
    # Notice: 24 hours before 10:00 on Monday leaves only what starts after.
    noticed = Rules(**{**base.__dict__, "notice_hours": 24})
    assert starts(free_slots(noticed, start=start, end=end, minutes=30, now=at(10) - timedelta(days=1)), zone)[0] == (
        "Mon 12-07 10:00"
    )
    # A day off, and a day with other hours.
    off = Rules(**{**base.__dict__, "overrides": {monday: ()}})
    assert free_slots(off, start=start, end=end, minutes=30, now=LONG_AGO) == []
    later = Rules(**{**base.__dict__, "overrides": {monday: (Window(14 * 60, 15 * 60),)}})
    assert starts(free_slots(later, start=start, end=end, minutes=30, now=LONG_AGO), zone) == [
        "Mon 12-07 14:00", "Mon 12-07 14:30",
    ]  # fmt: skip
    # A talk longer than what is left of the window is not offered at its end.
    assert starts(free_slots(base, start=start, end=end, minutes=90, now=LONG_AGO), zone)[-1] == "Mon 12-07 10:30"


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Bangkok", "America/Los_Angeles"]),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
    st.sampled_from([30, 45, 60, 90]),
)
def test_no_slot_overlaps_another_busy_time_or_leaves_the_hours(zone: str, first: date, minutes: int) -> None:
    start, end = day_range(first, 7, "Asia/Tokyo")
    slots = free_slots(rules(zone), start=start, end=end, minutes=minutes, now=LONG_AGO)
    for slot in slots:
        local_start = slot.starts_at.astimezone(ZoneInfo(zone))
        assert local_start.weekday() < 5
        assert 9 * 60 <= local_start.hour * 60 + local_start.minute
        assert start <= slot.starts_at < end
        assert slot.ends_at - slot.starts_at == timedelta(minutes=minutes)
