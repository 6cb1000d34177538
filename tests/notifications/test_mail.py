"""Talk mail through a real SMTP server on 127.0.0.1 (aiosmtpd): invitations with one UID
and a rising SEQUENCE, REQUEST then CANCEL; reminders 24 h and 1 h before, never at
booking time, never for a cancelled or moved talk, never twice."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy.orm import Session

from talentbridge import config
from talentbridge.accounts import service as accounts
from talentbridge.advisory import booking, service, talks
from talentbridge.companies.models import Company
from talentbridge.feeds import service as feeds
from talentbridge.notifications import service as mail

HEADER = "specialist_id,name,city,country,time_zone,sectors,markets,languages,background,weekly_hours"
BANGKOK = "SP-7,Yamamoto Naoko,Bangkok,TH,Asia/Bangkok,seafood,TH,ja;th,buyer,Mon-Fri 09:00-12:00"
NOW = datetime(2026, 12, 1, tzinfo=UTC)
START = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 09:00 in Bangkok


class Sink:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def sink(monkeypatch: pytest.MonkeyPatch) -> Iterator[Sink]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(config.get_settings(), "smtp_port", port)
    monkeypatch.setattr(config.get_settings(), "smtp_host", "127.0.0.1")
    try:
        yield handler
    finally:
        controller.stop()


def prepare(session: Session, folder: Path) -> tuple[int, Company]:
    path = folder / "specialists.csv"
    path.write_text(f"{HEADER}\n{BANGKOK}\n", encoding="utf-8")
    feeds.import_feed(session, path)
    specialist = service.get_specialist(session, "SP-7")
    service.set_status(session, specialist, "vetted", by="admin")
    service.set_status(session, specialist, "active", by="admin")
    company = Company(corporate_number="2938470781181", name="土佐醤油", tier="priority", status="active")
    session.add(company)
    session.flush()
    accounts.create_user(
        session, username="acme", password="a long password", role="company", company_id=company.id,
        email="export@tosa.example",
    )  # fmt: skip
    accounts.create_user(
        session, username="naoko", password="a long password", role="specialist", specialist_id=specialist.id,
        email="naoko@bangkok.example",
    )  # fmt: skip
    return specialist.id, company


def event_of(message: Message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar = Calendar.from_ical(part.get_payload(decode=True))
            return calendar, next(iter(calendar.walk("VEVENT")))
    raise AssertionError("no invitation attached")


def test_invitations_and_reminders(session: Session, tmp_path: Path, sink: Sink) -> None:
    specialist_id, company = prepare(session, tmp_path)
    talk = booking.book(
        session, specialist_id=specialist_id, company=company, starts_at=START, minutes=60,
        purpose="Thai importers", by="acme", now=NOW,
    )  # fmt: skip
    assert mail.run_due(session, NOW) == {"sent": 1, "skipped": 0, "failed": 0}  # the confirmation, no reminder yet
    (confirmation,) = sink.messages
    assert set(confirmation["To"].split(", ")) == {"export@tosa.example", "naoko@bangkok.example"}
    calendar, event = event_of(confirmation)
    assert str(calendar["method"]) == "REQUEST"
    assert (str(event["uid"]), int(event["sequence"])) == (talk.uid, 0)
    assert event.decoded("dtstart") == START
    assert event.decoded("dtend") == START + timedelta(hours=1)
    # RFC 5546: a REQUEST names its organizer and the attendees it invites.
    attendees = event["attendee"] if isinstance(event["attendee"], list) else [event["attendee"]]
    assert {str(a) for a in attendees} == {"mailto:export@tosa.example", "mailto:naoko@bangkok.example"}
    assert str(event["organizer"]).startswith("mailto:")
    assert mail.run_due(session, NOW) == {"sent": 0, "skipped": 0, "failed": 0}  # nothing twice

    # The talk moves: an updated invitation (same UID, SEQUENCE 1); the old reminders are stale.
    moved = talks.reschedule(session, talk, side="company", by="acme", starts_at=START + timedelta(days=1), now=NOW)
    assert mail.run_due(session, NOW)["sent"] == 1
    _, event = event_of(sink.messages[-1])
    assert (str(event["uid"]), int(event["sequence"])) == (talk.uid, 1)
    assert event.decoded("dtstart") == START + timedelta(days=1)
    old_reminder_time = START - timedelta(hours=24) + timedelta(minutes=1)
    assert mail.run_due(session, old_reminder_time) == {"sent": 0, "skipped": 1, "failed": 0}  # the first time's
    new_reminder_time = moved.starts_at.replace(tzinfo=UTC) - timedelta(hours=24) + timedelta(minutes=1)
    assert mail.run_due(session, new_reminder_time)["sent"] == 1
    assert "coming up" in sink.messages[-1]["Subject"]

    # Cancelled: a CANCEL with the same UID and a higher SEQUENCE; the 1-hour reminder is never sent.
    late = new_reminder_time + timedelta(hours=1)
    talks.cancel(session, moved, side="specialist", by="naoko", reason="ill", now=late)
    assert mail.run_due(session, late)["sent"] == 1
    calendar, event = event_of(sink.messages[-1])
    assert str(calendar["method"]) == "CANCEL"
    assert (str(event["uid"]), int(event["sequence"]), str(event["status"])) == (talk.uid, 2, "CANCELLED")
    assert mail.run_due(session, moved.starts_at.replace(tzinfo=UTC)) == {"sent": 0, "skipped": 1, "failed": 0}
    assert len(sink.messages) == 4


def test_a_talk_booked_two_hours_ahead_gets_only_the_one_hour_reminder(
    session: Session, tmp_path: Path, sink: Sink
) -> None:
    specialist_id, company = prepare(session, tmp_path)
    specialist = service.get_specialist(session, "SP-7")
    specialist.notice_hours = 1
    session.flush()
    now = START - timedelta(hours=2)
    talk = booking.book(
        session, specialist_id=specialist_id, company=company, starts_at=START, minutes=60, purpose="p",
        by="acme", now=now,
    )  # fmt: skip
    kinds = sorted((job.kind, job.run_at.replace(tzinfo=UTC)) for job in mail.jobs_of(session, talk.id))
    assert kinds == [("talk.confirmed", now), ("talk.reminder", START - timedelta(hours=1))]
    assert mail.run_due(session, now)["sent"] == 1
    assert [m["Subject"].split(":")[0] for m in sink.messages] == ["Business talk confirmed"]


def test_a_worker_that_cannot_reach_the_mail_server_says_so(session: Session, tmp_path: Path, monkeypatch) -> None:
    specialist_id, company = prepare(session, tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setattr(config.get_settings(), "smtp_port", closed)
    talk = booking.book(
        session, specialist_id=specialist_id, company=company, starts_at=START, minutes=60, purpose="p",
        by="acme", now=NOW,
    )  # fmt: skip
    assert mail.run_due(session, NOW) == {"sent": 0, "skipped": 0, "failed": 1}
    (job,) = [job for job in mail.jobs_of(session, talk.id) if job.kind == "talk.confirmed"]
    assert job.status == "failed"
    assert job.error
