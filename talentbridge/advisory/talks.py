"""A talk after it is booked: declined, rescheduled, cancelled (with who and why),
completed with the advice given, rated, or missed.

Inside the cutoff before a talk (TALENTBRIDGE_TALK_CHANGE_CUTOFF_HOURS) the company can
cancel or move it only with the specialist's consent: the specialist (or an
administrator) may do it for them. Every change keeps the talk's iCalendar UID and
raises its SEQUENCE, so calendars update the event instead of adding one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from talentbridge.advisory.booking import _check_offered, _lock, ensure_free
from talentbridge.advisory.models import (
    CANCELLED,
    COMPLETED,
    CONFIRMED,
    DECLINED,
    HOLDING_STATES,
    NO_SHOW,
    REQUESTED,
    RESCHEDULED,
    Talk,
    state_word,
)
from talentbridge.config import get_settings
from talentbridge.db import as_utc, write_transaction
from talentbridge.errors import N_, Invalid, Message, NotFound, message
from talentbridge.notifications import service as notifications

COMPANY = "company"
SPECIALIST = "specialist"
ADMINISTRATOR = "administrator"


def get_talk(session: Session, talk_id: int) -> Talk:
    talk = session.get(Talk, talk_id)
    if talk is None:
        raise NotFound(message(N_("there is no talk {talk}"), talk=talk_id))
    return talk


def _changed(talk: Talk, status: str) -> None:
    talk.status = status
    talk.holds_time = status in HOLDING_STATES or status in (COMPLETED, NO_SHOW)
    talk.sequence += 1
    talk.updated_at = datetime.now(UTC)


def _inside_cutoff(talk: Talk, now: datetime) -> bool:
    return as_utc(talk.starts_at) - now < timedelta(hours=get_settings().talk_change_cutoff_hours)


def _check_change(talk: Talk, side: str, now: datetime, what: Message) -> None:
    if talk.status not in HOLDING_STATES:
        raise Invalid(
            message(
                N_("talk {talk} is {status}: it cannot be {what}"),
                talk=talk.id,
                status=state_word(talk.status),
                what=what,
            )
        )
    if as_utc(talk.starts_at) <= now:
        raise Invalid(message(N_("talk {talk} has begun: it cannot be {what}"), talk=talk.id, what=what))
    if side == COMPANY and _inside_cutoff(talk, now):
        hours = get_settings().talk_change_cutoff_hours
        raise Invalid(
            message(
                N_(
                    "talk {talk} starts in less than {hours} hours: it can be {what} now only with the specialist's "
                    "consent; ask the specialist, who can do it for you"
                ),
                talk=talk.id,
                hours=hours,
                what=what,
            )
        )


def cancel(session: Session, talk: Talk, *, side: str, by: str, reason: str, now: datetime | None = None) -> Talk:
    now = now or datetime.now(UTC)
    if not (reason or "").strip():
        raise Invalid(message(N_("say why the talk is cancelled")))
    _check_change(talk, side, now, message(N_("cancelled")))
    _changed(talk, CANCELLED)
    talk.cancelled_by, talk.cancel_reason = by, reason.strip()
    notifications.talk_changed(session, talk, "cancelled", now=now)
    return talk


def decline(session: Session, talk: Talk, *, by: str, reason: str, now: datetime | None = None) -> Talk:
    """The specialist turns a talk down (before it begins)."""
    now = now or datetime.now(UTC)
    if talk.status not in (REQUESTED, CONFIRMED, RESCHEDULED) or as_utc(talk.starts_at) <= now:
        raise Invalid(
            message(
                N_("talk {talk} is {status}: it cannot be declined now"), talk=talk.id, status=state_word(talk.status)
            )
        )
    _changed(talk, DECLINED)
    talk.cancelled_by, talk.cancel_reason = by, (reason or "").strip() or None
    notifications.talk_changed(session, talk, "declined", now=now)
    return talk


def reschedule(
    session: Session, talk: Talk, *, side: str, by: str, starts_at: datetime, now: datetime | None = None
) -> Talk:
    """Move the talk to another free slot of the same specialist and length."""
    now = now or datetime.now(UTC)
    if starts_at.tzinfo is None:
        raise Invalid(message(N_("give the new start with its time zone")))
    _check_change(talk, side, now, message(N_("moved")))
    write_transaction(session)
    specialist = _lock(session, talk.specialist_id)
    minutes = int((as_utc(talk.ends_at) - as_utc(talk.starts_at)).total_seconds() // 60)
    start, end, rules = _check_offered(session, specialist, starts_at, minutes, now)
    buffer = timedelta(minutes=rules.buffer_minutes)
    ensure_free(session, specialist, rules, start, minutes, now, moving=talk)
    talk.starts_at, talk.ends_at, talk.blocked_until = start, end, end + buffer
    _changed(talk, RESCHEDULED)
    notifications.talk_changed(session, talk, "rescheduled", now=now)
    return talk


def complete(
    session: Session, talk: Talk, *, by: str, advice: str, next_steps: str | None = None, now: datetime | None = None
) -> Talk:
    """The specialist records the advice given and the next steps, once the talk is over."""
    now = now or datetime.now(UTC)
    if talk.status not in (CONFIRMED, RESCHEDULED):
        raise Invalid(
            message(
                N_("talk {talk} is {status}: there is no advice to record"),
                talk=talk.id,
                status=state_word(talk.status),
            )
        )
    if as_utc(talk.ends_at) > now:
        raise Invalid(message(N_("talk {talk} has not ended yet"), talk=talk.id))
    if not (advice or "").strip():
        raise Invalid(message(N_("record the advice given")))
    _changed(talk, COMPLETED)
    talk.advice, talk.next_steps = advice.strip(), (next_steps or "").strip() or None
    session.flush()
    return talk


def no_show(session: Session, talk: Talk, *, by: str, now: datetime | None = None) -> Talk:
    now = now or datetime.now(UTC)
    if talk.status not in (CONFIRMED, RESCHEDULED) or as_utc(talk.starts_at) > now:
        raise Invalid(
            message(
                N_("talk {talk} is {status}: it cannot be marked missed"), talk=talk.id, status=state_word(talk.status)
            )
        )
    _changed(talk, NO_SHOW)
    talk.cancelled_by = by
    session.flush()
    return talk


def rate(session: Session, talk: Talk, *, stars: int, comment: str | None = None) -> Talk:
    """The company rates a completed talk, 1 to 5."""
    if talk.status != COMPLETED:
        raise Invalid(
            message(
                N_("talk {talk} is {status}: only a completed talk is rated"),
                talk=talk.id,
                status=state_word(talk.status),
            )
        )
    if not 1 <= stars <= 5:
        raise Invalid(message(N_("a rating is 1 to 5 stars")))
    talk.rating, talk.rating_comment = stars, (comment or "").strip() or None
    session.flush()
    return talk
