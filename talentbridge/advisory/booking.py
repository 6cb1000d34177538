"""Booking a talk: never two at once for one specialist.

A booking is a transaction that writes what it read. It begins as a write transaction
(`db.write_transaction`: on SQLite BEGIN IMMEDIATE, so bookings take turns) and locks the
specialist's row (PostgreSQL: SELECT ... FOR UPDATE, so bookings of one specialist take
turns while others go on), then checks the slot against the specialist's hours, notice,
day's limit and the talks that hold their time, and writes the talk. On PostgreSQL an
exclusion constraint refuses an overlap whatever slipped past the check.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from talentbridge.advisory.models import ACTIVE, CONFIRMED, FORMATS, SlotHold, Specialist, Talk, state_word
from talentbridge.advisory.service import busy_of, rules_of, talks_per_day
from talentbridge.advisory.slots import free_slots
from talentbridge.companies.models import ACTIVE as COMPANY_ACTIVE
from talentbridge.companies.models import Company
from talentbridge.config import get_settings
from talentbridge.db import as_utc, write_transaction
from talentbridge.errors import N_, Invalid, NotFound, message
from talentbridge.notifications import service as notifications

NEEDS_ZONE = N_("give the start with its time zone (such as 2026-12-07T18:00+09:00)")
TALK_LENGTH = N_("a talk lasts between 15 and 240 minutes")
JUST_TAKEN = N_("this slot with {specialist} was just taken; choose another")


class SlotTaken(Invalid):
    """The slot is no longer free (another booking got it first)."""

    status_code = 409


def _lock(session: Session, specialist_id: int) -> Specialist:
    if session.get_bind().dialect.name == "postgresql":
        # Wait a while for the specialist's other bookings, not for ever.
        session.execute(text("SET LOCAL lock_timeout = '10s'"))
        try:
            found = session.scalar(select(Specialist).where(Specialist.id == specialist_id).with_for_update())
        except OperationalError as exc:
            raise SlotTaken(
                message(N_("the specialist's calendar is busy with other bookings; try again in a moment"))
            ) from exc
    else:
        # The write lock (already held after BEGIN IMMEDIATE): this write takes or keeps it.
        try:
            session.execute(update(Specialist).where(Specialist.id == specialist_id).values(version=Specialist.version))
        except OperationalError as exc:  # began reading before another booking committed
            raise SlotTaken(
                message(N_("the specialist's calendar changed while this booking was made; try again"))
            ) from exc
        found = session.get(Specialist, specialist_id)
    if found is None:
        raise NotFound(message(N_("there is no specialist {specialist}"), specialist=specialist_id))
    return found


def book(
    session: Session,
    *,
    specialist_id: int,
    company: Company,
    starts_at: datetime,
    minutes: int,
    purpose: str,
    by: str,
    questions: str | None = None,
    format: str = "video",
    hold_token: str | None = None,
    now: datetime | None = None,
) -> Talk:
    """Book a talk, confirmed at once when the slot is free; SlotTaken or Invalid (with a
    reason a person understands) when it is not. Call it on a session outside any
    transaction: it begins its own write transaction (the caller commits)."""
    if starts_at.tzinfo is None:
        raise Invalid(message(NEEDS_ZONE))
    if not 15 <= minutes <= 240:
        raise Invalid(message(TALK_LENGTH))
    if format not in FORMATS:
        raise Invalid(message(N_("the format must be one of {formats}"), formats=", ".join(FORMATS)))
    if not (purpose or "").strip():
        raise Invalid(message(N_("say what the talk is for (its purpose)")))
    # The write transaction first: reading the company (expired after a commit) would
    # otherwise begin an ordinary one.
    write_transaction(session)
    specialist = _lock(session, specialist_id)
    if company.status != COMPANY_ACTIVE:
        raise Invalid(message(N_("{company} has left the consortium"), company=company.name))
    start, end, rules = _check_offered(session, specialist, starts_at, minutes, now)
    now = now or datetime.now(UTC)
    buffer = timedelta(minutes=rules.buffer_minutes)
    ensure_free(session, specialist, rules, start, minutes, now, except_hold=hold_token)
    check_limits(session, specialist, company, start, minutes)
    if hold_token:
        session.execute(delete(SlotHold).where(SlotHold.token == hold_token, SlotHold.company_id == company.id))
    talk = Talk(
        uid=f"{uuid.uuid4()}@talentbridge",
        specialist_id=specialist.id,
        company_id=company.id,
        starts_at=start,
        ends_at=end,
        blocked_until=end + buffer,
        status=CONFIRMED,
        holds_time=True,
        format=format,
        purpose=purpose.strip(),
        questions=(questions or "").strip() or None,
        booked_by=by,
        sequence=0,
    )
    session.add(talk)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise SlotTaken(message(JUST_TAKEN, specialist=specialist.name)) from None
    notifications.talk_changed(session, talk, "confirmed", now=now)
    return talk


def ensure_free(
    session: Session,
    specialist: Specialist,
    rules: Any,
    start: datetime,
    minutes: int,
    now: datetime,
    *,
    except_hold: str | None = None,
    moving: Talk | None = None,
) -> None:
    """SlotTaken unless the slot is free of talks and others' holds (buffer included), read
    under the specialist's lock; `except_hold` is the caller's own hold, `moving` a talk
    that is being moved out of the way."""
    end = start + timedelta(minutes=minutes + rules.buffer_minutes)
    busy = busy_of(
        session, specialist.id, start - timedelta(days=1), end + timedelta(days=1), now=now, except_hold=except_hold
    )
    if moving is not None:
        busy = [item for item in busy if item != (as_utc(moving.starts_at), as_utc(moving.blocked_until))]
    if not free_slots(rules, start=start, end=start + timedelta(minutes=1), minutes=minutes, busy=busy, now=now):
        raise SlotTaken(message(JUST_TAKEN, specialist=specialist.name))


def _check_offered(
    session: Session, specialist: Specialist, starts_at: datetime, minutes: int, now: datetime | None
) -> tuple[datetime, datetime, Any]:
    """The slot is inside the specialist's hours, with their notice, on a day not full."""
    if specialist.status != ACTIVE:
        raise Invalid(
            message(
                N_("specialist {specialist} is {status}: only active specialists take talks"),
                specialist=specialist.specialist_key,
                status=state_word(specialist.status),
            )
        )
    start = starts_at.astimezone(UTC)
    end = start + timedelta(minutes=minutes)
    rules = rules_of(session, specialist)
    zone = ZoneInfo(specialist.time_zone)
    now = now or datetime.now(UTC)
    offered = free_slots(rules, start=start, end=start + timedelta(minutes=1), minutes=minutes, now=now)
    if not any(slot.starts_at == start for slot in offered):
        local = start.astimezone(zone).strftime("%a %Y-%m-%d %H:%M")
        if start < now + timedelta(hours=rules.notice_hours):
            raise Invalid(
                message(
                    N_("{specialist} needs {hours} hours' notice; {when} ({zone}) is too soon"),
                    specialist=specialist.name,
                    hours=rules.notice_hours,
                    when=local,
                    zone=specialist.time_zone,
                )
            )
        raise Invalid(
            message(
                N_(
                    "{when} ({zone}) for {minutes} minutes is outside {specialist}'s hours; "
                    "ask for the free slots (talentbridge talks slots) and choose one"
                ),
                when=local,
                zone=specialist.time_zone,
                minutes=minutes,
                specialist=specialist.name,
            )
        )
    local_day = start.astimezone(zone).date()
    midnight = datetime(local_day.year, local_day.month, local_day.day, tzinfo=zone)
    taken = talks_per_day(session, specialist, midnight.astimezone(UTC), (midnight + timedelta(days=1)).astimezone(UTC))
    if taken.get(local_day, 0) >= rules.max_per_day:
        raise SlotTaken(
            message(
                N_("{specialist} has the most talks they take on {day} already; choose another day"),
                specialist=specialist.name,
                day=local_day.isoformat(),
            )
        )
    return start, end, rules


def hold(
    session: Session, *, specialist_id: int, company: Company, starts_at: datetime, minutes: int,
    now: datetime | None = None,
) -> SlotHold:  # fmt: skip
    """Hold a free slot for the company while it fills in the booking form (the setting
    TALENTBRIDGE_SLOT_HOLD_MINUTES); nobody else is offered it until the hold expires."""
    if starts_at.tzinfo is None:
        raise Invalid(message(NEEDS_ZONE))
    write_transaction(session)
    specialist = _lock(session, specialist_id)
    start, end, rules = _check_offered(session, specialist, starts_at, minutes, now)
    now = now or datetime.now(UTC)
    buffer = timedelta(minutes=rules.buffer_minutes)
    ensure_free(session, specialist, rules, start, minutes, now)
    held = SlotHold(
        token=secrets.token_urlsafe(24),
        specialist_id=specialist.id,
        company_id=company.id,
        starts_at=start,
        blocked_until=end + buffer,
        expires_at=now + timedelta(minutes=get_settings().slot_hold_minutes),
    )
    session.add(held)
    session.flush()
    return held


LIMIT_ZONE = ZoneInfo("Asia/Tokyo")  # the agency's months


def month_of(instant: datetime) -> tuple[datetime, datetime]:
    """The calendar month (Japan time) around an instant, as UTC instants."""
    local = instant.astimezone(LIMIT_ZONE)
    first = datetime(local.year, local.month, 1, tzinfo=LIMIT_ZONE)
    following = datetime(local.year + local.month // 12, local.month % 12 + 1, 1, tzinfo=LIMIT_ZONE)
    return first.astimezone(UTC), following.astimezone(UTC)


def check_limits(session: Session, specialist: Specialist, company: Company, start: datetime, minutes: int) -> None:
    """Free advice has limits: hours a specialist gives in a month, talks a company books."""
    settings = get_settings()
    first, following = month_of(start)
    month = start.astimezone(LIMIT_ZONE).strftime("%Y-%m")
    in_month = (Talk.holds_time.is_(True), Talk.starts_at >= first, Talk.starts_at < following)
    booked = session.scalar(select(func.count()).select_from(Talk).where(Talk.company_id == company.id, *in_month)) or 0
    if booked >= settings.company_talks_per_month:
        raise Invalid(
            message(
                N_(
                    "{company} has booked {booked} talks in {month}, the most the agency gives free in a month "
                    "({limit}); choose a day in another month"
                ),
                company=company.name,
                booked=booked,
                month=month,
                limit=settings.company_talks_per_month,
            )
        )
    given = sum(
        (as_utc(end) - as_utc(begin)).total_seconds() / 3600
        for begin, end in session.execute(
            select(Talk.starts_at, Talk.ends_at).where(Talk.specialist_id == specialist.id, *in_month)
        )
    )
    if given + minutes / 60 > settings.specialist_hours_per_month:
        raise Invalid(
            message(
                N_(
                    "{specialist} gives at most {limit} hours of free advice a month "
                    "and has {given} booked in {month}; choose a shorter talk or another month"
                ),
                specialist=specialist.name,
                limit=settings.specialist_hours_per_month,
                given=f"{given:g}",
                month=month,
            )
        )
