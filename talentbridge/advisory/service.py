"""Specialists: finding them, the agency's selection (applicant, vetted, active,
suspended), and their free slots."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.advisory.models import (
    ACTIVE,
    APPLICANT,
    PROFILE_FIELDS,
    SUSPENDED,
    VETTED,
    DateOverride,
    SlotHold,
    Specialist,
    Talk,
    WeeklyHours,
    state_word,
)
from talentbridge.advisory.slots import Rules, Slot, Window, day_range, free_slots
from talentbridge.db import as_utc
from talentbridge.errors import N_, Invalid, NotFound, listed, message

MAX_DAYS = 62  # the longest stretch of slots asked at once
DAYS_RANGE = N_("days must be between 1 and {most}")
FIELD_REASON = N_("{column}: {reason}")  # the feeds' own template: the same words
TRANSITIONS = {
    APPLICANT: (VETTED, SUSPENDED),
    VETTED: (ACTIVE, SUSPENDED),
    ACTIVE: (SUSPENDED,),
    SUSPENDED: (ACTIVE,),
}


def get_specialist(session: Session, specialist: str | int) -> Specialist:
    """A specialist by their id in the feed (SP-0001) or their number here."""
    key = str(specialist).strip()
    found = session.get(Specialist, int(key)) if key.isdigit() else None
    if found is None:
        found = session.scalar(select(Specialist).where(Specialist.specialist_key == key))
    if found is None:
        raise NotFound(message(N_("there is no specialist {specialist}"), specialist=specialist))
    return found


def set_status(session: Session, specialist: Specialist, status: str, *, by: str, notes: str | None = None) -> None:
    """The agency's selection: an applicant is vetted (who, when, notes), then made active;
    an active specialist may be suspended and made active again (if once vetted)."""
    if status not in TRANSITIONS.get(specialist.status, ()):
        allowed = listed(
            [state_word(state) for state in TRANSITIONS.get(specialist.status, ())] or [message(N_("nothing"))]
        )
        raise Invalid(
            message(
                N_("specialist {specialist} is {status}: it can become {allowed}"),
                specialist=specialist.specialist_key,
                status=state_word(specialist.status),
                allowed=allowed,
            )
        )
    if status == ACTIVE and specialist.vetted_at is None:
        raise Invalid(
            message(
                N_("specialist {specialist} has not been vetted; vet them first"), specialist=specialist.specialist_key
            )
        )
    now = datetime.now(UTC)
    if status == VETTED:
        specialist.vetted_by, specialist.vetted_at = by, now
    if notes:
        specialist.vetting_notes = "; ".join(filter(None, [specialist.vetting_notes, notes.strip()]))
    specialist.status = status
    specialist.updated_at = now
    session.flush()


def rules_of(session: Session, specialist: Specialist) -> Rules:
    week, overrides = hours_of(session, [specialist.id])
    return Rules(
        zone=specialist.time_zone,
        week=week.get(specialist.id, {}),
        overrides=overrides.get(specialist.id, {}),
        buffer_minutes=specialist.buffer_minutes,
        notice_hours=specialist.notice_hours,
        max_per_day=specialist.max_talks_per_day,
    )


def hours_of(
    session: Session, ids: list[int]
) -> tuple[dict[int, dict[int, tuple[Window, ...]]], dict[int, dict[date, tuple[Window, ...]]]]:
    """The weekly hours and date overrides of the listed specialists, in two queries
    (not two each): weekday or date -> windows (an empty tuple is a day off)."""
    week: dict[int, dict[int, list[Window]]] = {}
    overrides: dict[int, dict[date, list[Window]]] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        for row in session.scalars(
            select(WeeklyHours).where(WeeklyHours.specialist_id.in_(chunk)).order_by(WeeklyHours.start_minute)
        ):
            week.setdefault(row.specialist_id, {}).setdefault(row.weekday, []).append(
                Window(row.start_minute, row.end_minute)
            )
        for item in session.scalars(select(DateOverride).where(DateOverride.specialist_id.in_(chunk))):
            windows = overrides.setdefault(item.specialist_id, {}).setdefault(item.day, [])
            if item.start_minute is not None and item.end_minute is not None:
                windows.append(Window(item.start_minute, item.end_minute))
    return (
        {key: {day: tuple(w) for day, w in days.items()} for key, days in week.items()},
        {key: {day: tuple(w) for day, w in days.items()} for key, days in overrides.items()},
    )


def check_zone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            message(N_("{zone} is not an IANA time zone (such as Asia/Tokyo or Europe/Berlin)"), zone=repr(zone))
        ) from None
    return zone


def slots(
    session: Session,
    specialist: Specialist,
    *,
    first: date,
    days: int,
    viewer_zone: str = "Asia/Tokyo",
    minutes: int = 60,
    now: datetime | None = None,
) -> list[Slot]:
    """The specialist's free slots over `days` days from `first` (days of the viewer's zone)."""
    if specialist.status != ACTIVE:
        raise Invalid(
            message(
                N_("specialist {specialist} is {status}: only active specialists are offered"),
                specialist=specialist.specialist_key,
                status=state_word(specialist.status),
            )
        )
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(message(DAYS_RANGE, most=MAX_DAYS))
    if not 15 <= minutes <= 240:
        raise Invalid(message(N_("a talk lasts between 15 and 240 minutes")))
    start, end = day_range(first, days, check_zone(viewer_zone))
    rules = rules_of(session, specialist)
    margin = timedelta(days=1)
    busy = busy_of(session, specialist.id, start - margin, end + margin, now=now)
    taken = talks_per_day(session, specialist, start - margin, end + margin)
    return free_slots(rules, start=start, end=end, minutes=minutes, busy=busy, taken_per_day=taken, now=now)


def busy_of(
    session: Session,
    specialist_id: int,
    start: datetime,
    end: datetime,
    *,
    now: datetime | None = None,
    except_hold: str | None = None,
) -> list[tuple[datetime, datetime]]:
    """(starts_at, blocked_until) near [start, end) of the specialist's talks that hold
    time, and of the holds not yet expired (but `except_hold`, the caller's own)."""
    rows = list(
        session.execute(
            select(Talk.starts_at, Talk.blocked_until).where(
                Talk.specialist_id == specialist_id,
                Talk.holds_time.is_(True),
                Talk.starts_at < end,
                Talk.blocked_until > start,
            )
        )
    )
    rows += session.execute(
        select(SlotHold.starts_at, SlotHold.blocked_until).where(
            SlotHold.specialist_id == specialist_id,
            SlotHold.expires_at > (now or datetime.now(UTC)),
            SlotHold.starts_at < end,
            SlotHold.blocked_until > start,
            SlotHold.token != (except_hold or ""),
        )
    )
    return [(as_utc(a), as_utc(b)) for a, b in rows]


def talks_per_day(session: Session, specialist: Specialist, start: datetime, end: datetime) -> dict[date, int]:
    """Talks that hold time, per local date of the specialist (holds do not count)."""
    zone = ZoneInfo(specialist.time_zone)
    taken: dict[date, int] = {}
    for (starts_at,) in session.execute(
        select(Talk.starts_at).where(
            Talk.specialist_id == specialist.id,
            Talk.holds_time.is_(True),
            Talk.starts_at < end,
            Talk.starts_at >= start,
        )
    ):
        day = as_utc(starts_at).astimezone(zone).date()
        taken[day] = taken.get(day, 0) + 1
    return taken


def slot_json(slot: Slot, viewer_zone: str, specialist_zone: str) -> dict[str, str]:
    viewer, local = ZoneInfo(viewer_zone), ZoneInfo(specialist_zone)
    return {
        "start": slot.starts_at.astimezone(viewer).isoformat(),
        "end": slot.ends_at.astimezone(viewer).isoformat(),
        "specialist_start": slot.starts_at.astimezone(local).isoformat(),
        "specialist_end": slot.ends_at.astimezone(local).isoformat(),
    }


def talk_json(talk: Talk, viewer: tzinfo | None, specialist_zone: str) -> dict[str, Any]:
    local = ZoneInfo(specialist_zone)
    starts, ends = as_utc(talk.starts_at), as_utc(talk.ends_at)
    return {
        "id": talk.id,
        "uid": talk.uid,
        "status": talk.status,
        "start": starts.astimezone(viewer or UTC).isoformat(),
        "end": ends.astimezone(viewer or UTC).isoformat(),
        "specialist_start": starts.astimezone(local).isoformat(),
        "specialist_end": ends.astimezone(local).isoformat(),
        "format": talk.format,
        "purpose": talk.purpose,
    }


# --- what a specialist sets ----------------------------------------------------------------


def set_hours(session: Session, specialist: Specialist, text: str) -> None:
    """The specialist's own weekly hours, written as the feed writes them
    (`Mon-Fri 09:00-12:00; Sat 10:00-12:00`); from now on the feed no longer sets them."""
    from talentbridge.advisory.imports import set_week
    from talentbridge.feeds.errors import NormaliseError
    from talentbridge.feeds.normalise.schedule import weekly_hours

    try:
        windows = weekly_hours(text)
    except NormaliseError as exc:
        raise Invalid(message(FIELD_REASON, column="hours", reason=exc.message)) from None
    set_week(session, specialist, windows)
    specialist.hours_source = "own"
    specialist.updated_at = datetime.now(UTC)
    session.flush()


def set_override(
    session: Session, specialist: Specialist, day: date, hours: str | None = None, note: str | None = None
) -> None:
    """A day unlike the week: a day off (no hours), or other hours (`09:00-11:00`, or
    several split by `;`). It replaces what that day had."""
    from sqlalchemy import delete

    windows: list[tuple[int, int]] = []
    for piece in filter(None, (part.strip() for part in (hours or "").split(";"))):
        try:
            first, last = (item.strip() for item in piece.split("-"))
            start, end = _hhmm(first), _hhmm(last)
        except ValueError:
            raise Invalid(
                message(N_("hours: {window} is not a window such as 09:00-11:00"), window=repr(piece))
            ) from None
        if end <= start:
            raise Invalid(message(N_("hours: {window} must end after it starts"), window=repr(piece)))
        windows.append((start, end))
    session.execute(delete(DateOverride).where(DateOverride.specialist_id == specialist.id, DateOverride.day == day))
    if not windows:
        session.add(DateOverride(specialist_id=specialist.id, day=day, note=note))
    for start, end in windows:
        session.add(DateOverride(specialist_id=specialist.id, day=day, start_minute=start, end_minute=end, note=note))
    session.flush()


def clear_override(session: Session, specialist: Specialist, day: date) -> None:
    from sqlalchemy import delete

    session.execute(delete(DateOverride).where(DateOverride.specialist_id == specialist.id, DateOverride.day == day))
    session.flush()


def _hhmm(text: str) -> int:
    hours, minutes = text.split(":")
    value = int(hours) * 60 + int(minutes)
    if not 0 <= value <= 24 * 60 or int(minutes) > 59:
        raise ValueError(text)
    return value


LIMITS = {"buffer_minutes": (0, 120), "notice_hours": (0, 24 * 14), "max_talks_per_day": (1, 12)}


def set_rules(session: Session, specialist: Specialist, **values: Any) -> None:
    """The buffer between talks, the notice a booking needs, the most talks a day."""
    for name, value in values.items():
        if value is None:
            continue
        low, high = LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise Invalid(
                message(N_("{setting} must be a whole number from {low} to {high}"), setting=name, low=low, high=high)
            )
        setattr(specialist, name, value)
    specialist.updated_at = datetime.now(UTC)
    session.flush()


# The specialist's profile goes through the normalisers the feed's layout uses.
PROFILE_NORMALISERS = {
    "city": "text",
    "country": "country",
    "time_zone": "time_zone",
    "sectors": "split_list",
    "markets": "markets",
    "languages": "language_codes",
    "background": "text",
}


def set_profile(session: Session, specialist: Specialist, **values: Any) -> None:
    """The specialist's own profile (PROFILE_FIELDS), read as the feed's values are; from
    now on the feed no longer sets it. Lists may be given as lists or as `a, b` text."""
    from talentbridge.feeds.errors import NormaliseError
    from talentbridge.feeds.normalise import normalise

    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(
            message(
                N_("unknown profile fields: {unknown}; known: {known}"),
                unknown=", ".join(sorted(unknown)),
                known=", ".join(PROFILE_FIELDS),
            )
        )
    changes: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("sectors", "markets", "languages"):
            # The feed splits lists at ';'; people typing in a form use commas too.
            items = value if isinstance(value, list) else re.split(r"[;,、，]", str(value or ""))
            value = ";".join(str(item).strip() for item in items if str(item).strip())
        try:
            read = normalise(PROFILE_NORMALISERS[name], value)
        except NormaliseError as exc:
            raise Invalid(message(FIELD_REASON, column=name, reason=exc.message)) from None
        if name == "time_zone" and not read:
            raise Invalid(
                message(N_("time_zone: give your IANA time zone (such as Asia/Bangkok); your hours are kept in it"))
            )
        changes[name] = [] if read is None and name in ("sectors", "markets", "languages") else read
    for name, value in changes.items():  # all read before any is set: nothing half-written
        setattr(specialist, name, value)
    specialist.profile_source = "own"
    specialist.updated_at = datetime.now(UTC)
    session.flush()


_DAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def hours_text(week: dict[int, tuple[Window, ...]]) -> str:
    """A week written back as the feed and the hours form read it:
    `Mon-Fri 09:00-12:00; Sat 10:00-12:00` (days with the same windows grouped)."""
    by_windows: dict[tuple[Window, ...], list[int]] = {}
    for day in sorted(week):
        if week[day]:
            by_windows.setdefault(tuple(sorted(week[day], key=lambda w: w.start_minute)), []).append(day)
    parts = []
    for windows, days in sorted(by_windows.items(), key=lambda item: (item[1][0], item[0][0].start_minute)):
        label = _days_label(days)
        parts += [f"{label} {clock(w.start_minute)}-{clock(w.end_minute)}" for w in windows]
    return "; ".join(parts)


def _days_label(days: list[int]) -> str:
    runs: list[list[int]] = []
    for day in days:
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    if len(runs) == 1 and len(runs[0]) > 2:
        return f"{_DAY_LABELS[runs[0][0]]}-{_DAY_LABELS[runs[0][-1]]}"
    return ",".join(_DAY_LABELS[day] for day in days)


def clock(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"
