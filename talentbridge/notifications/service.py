"""Mail about talks: queued with the change it announces, sent by `talentbridge worker`.

Each confirmation, move and cancellation queues one mail to the company's users and one
to the specialist's account, with an iCalendar invitation (the `icalendar` package): the
talk's UID is the same in every one, its SEQUENCE rises with each change, METHOD is
REQUEST (new or moved) or CANCEL. Each confirmation and move also queues reminders 24
hours and 1 hour before the start; a reminder whose talk has since been cancelled or
moved (its SEQUENCE no longer the talk's) is skipped, never sent, and none is due at
booking time unless the talk is that close (then the nearer one only).

The queue is a table (`jobs`), written in the transaction of the change, so a mail is
queued exactly when the change commits. A worker claims a job (status `sending`,
committed), sends it, marks it `sent`: a restarted worker never sends a job twice (one
left in `sending` by a crash is reported for a person to check, not sent again).
"""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.accounts.models import Role, User
from talentbridge.advisory.models import CANCELLED, DECLINED, Specialist, Talk
from talentbridge.companies.models import Company
from talentbridge.config import get_settings
from talentbridge.db import as_utc
from talentbridge.notifications.models import FAILED, SENDING, SENT, SKIPPED, WAITING, Job

REMINDERS = (timedelta(hours=24), timedelta(hours=1))
PRODID = "-//TalentBridge//business talks//EN"


def _recipients(session: Session, talk: Talk) -> list[str]:
    users = session.scalars(
        select(User).where(
            User.is_active.is_(True),
            User.email.is_not(None),
            ((User.role == Role.company) & (User.company_id == talk.company_id))
            | ((User.role == Role.specialist) & (User.specialist_id == talk.specialist_id)),
        )
    )
    return sorted({user.email for user in users if user.email})


def talk_changed(session: Session, talk: Talk, kind: str, now: datetime | None = None) -> None:
    """Queue the mail a change of a talk calls for (`kind`: confirmed, rescheduled,
    cancelled, declined) and, while the talk holds its time, its reminders."""
    now = now or datetime.now(UTC)
    session.flush()
    _queue(session, f"talk:{talk.id}:{talk.sequence}:{kind}", f"talk.{kind}", talk, now)
    if talk.holds_time and kind in ("confirmed", "rescheduled"):
        for before in REMINDERS:
            due = as_utc(talk.starts_at) - before
            if due > now:
                hours = int(before.total_seconds() // 3600)
                _queue(session, f"talk:{talk.id}:{talk.sequence}:reminder:{hours}h", "talk.reminder", talk, due)


def _queue(session: Session, key: str, kind: str, talk: Talk, run_at: datetime) -> None:
    if session.scalar(select(Job.id).where(Job.key == key)) is None:
        session.add(Job(key=key, kind=kind, talk_id=talk.id, sequence=talk.sequence, run_at=run_at, status=WAITING))
        session.flush()


def invitation(
    talk: Talk, specialist: Specialist, company: Company, *, cancel: bool, attendees: Sequence[str] = ()
) -> bytes:
    """An iTIP message (RFC 5546): METHOD REQUEST with the attendees it invites, or CANCEL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = _event(talk, specialist, company, cancel=cancel)
    for address in attendees:
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "ACCEPTED"  # booked and confirmed: nothing to answer
        event.add("attendee", attendee)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def feed(session: Session, talks: list[Talk]) -> bytes:
    """A calendar feed (a subscription, no METHOD) of these talks, cancelled ones marked."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "TalentBridge talks")
    for talk in talks:
        specialist = session.get(Specialist, talk.specialist_id)
        company = session.get(Company, talk.company_id)
        if specialist is not None and company is not None:
            calendar.add_component(_event(talk, specialist, company, cancel=talk.status in (CANCELLED, DECLINED)))
    return bytes(calendar.to_ical())


def _event(talk: Talk, specialist: Specialist, company: Company, *, cancel: bool) -> Event:
    event = Event()
    event.add("uid", talk.uid)
    event.add("sequence", talk.sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", as_utc(talk.starts_at))
    event.add("dtend", as_utc(talk.ends_at))
    event.add("summary", f"Business talk: {company.name} with {specialist.name}")
    event.add("description", f"{talk.purpose}\n\n{talk.questions or ''}".strip())
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    event.add(
        "location", {"video": "Video call", "phone": "Phone", "in_person": specialist.city or "In person"}[talk.format]
    )
    organizer = vCalAddress(f"mailto:{get_settings().mail_from}")
    organizer.params["cn"] = "TalentBridge"
    event.add("organizer", organizer)
    return event


def _message(session: Session, job: Job, talk: Talk) -> EmailMessage | None:
    specialist = session.get(Specialist, talk.specialist_id)
    company = session.get(Company, talk.company_id)
    assert specialist is not None
    assert company is not None
    recipients = _recipients(session, talk)
    if not recipients:
        return None
    cancel = talk.status in (CANCELLED, DECLINED) and job.kind in ("talk.cancelled", "talk.declined")
    start = as_utc(talk.starts_at)
    words = {
        "talk.confirmed": "confirmed",
        "talk.rescheduled": "moved",
        "talk.cancelled": "cancelled",
        "talk.declined": "declined",
        "talk.reminder": "coming up",
    }[job.kind]
    message = EmailMessage()
    message["From"] = get_settings().mail_from
    message["To"] = ", ".join(recipients)
    message["Subject"] = f"Business talk {words}: {company.name} with {specialist.name}, {start:%Y-%m-%d %H:%M} UTC"
    message["Message-ID"] = f"<{job.key.replace(':', '.')}@talentbridge>"
    message.set_content(
        f"The business talk between {company.name} and {specialist.name} ({specialist.city}) is {words}.\n"
        f"Start: {start:%Y-%m-%d %H:%M} UTC; {talk.format}.\nPurpose: {talk.purpose}\n"
    )
    if job.kind != "talk.reminder":
        method = "CANCEL" if cancel else "REQUEST"
        message.add_attachment(
            invitation(talk, specialist, company, cancel=cancel, attendees=recipients),
            maintype="text",
            subtype="calendar",
            params={"method": method},
            filename="talk.ics",
        )
    return message


def run_due(session: Session, now: datetime | None = None, *, limit: int = 100) -> dict[str, int]:
    """Send the jobs that are due; returns how many were sent, skipped and failed."""
    now = now or datetime.now(UTC)
    counts = {SENT: 0, SKIPPED: 0, FAILED: 0}
    stmt = select(Job).where(Job.status == WAITING, Job.run_at <= now).order_by(Job.run_at, Job.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)  # several workers share the queue
    jobs = list(session.scalars(stmt))
    for job in jobs:
        job.status, job.attempts = SENDING, job.attempts + 1
    session.commit()  # claimed: no other worker, and no restart, sends these again
    settings = get_settings()
    for job in jobs:
        talk = session.get(Talk, job.talk_id) if job.talk_id else None
        outcome, error = SKIPPED, None
        if talk is not None and not _stale(job, talk):
            message = _message(session, job, talk)
            if message is not None:
                try:
                    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
                        smtp.send_message(message)
                    outcome = SENT
                except (OSError, smtplib.SMTPException) as exc:
                    outcome, error = FAILED, str(exc)
        job.status, job.error, job.done_at = outcome, error, datetime.now(UTC)
        counts[outcome] += 1
        session.commit()
    return counts


def _stale(job: Job, talk: Talk) -> bool:
    """A reminder of a talk cancelled or moved since it was queued is not sent."""
    if job.kind == "talk.reminder":
        return not talk.holds_time or talk.sequence != job.sequence or talk.status in (CANCELLED, DECLINED)
    return False


def jobs_of(session: Session, talk_id: int) -> list[Any]:
    return list(session.scalars(select(Job).where(Job.talk_id == talk_id).order_by(Job.id)))
