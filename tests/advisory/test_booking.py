"""Booking a talk: the slot must be offered, and one specialist is never in two talks at
once, even under many concurrent bookings (on SQLite and on PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from talentbridge.advisory import booking, service
from talentbridge.advisory.models import Specialist, Talk
from talentbridge.companies.models import Company
from talentbridge.errors import Invalid
from talentbridge.feeds import service as feeds

HEADER = "specialist_id,name,city,country,time_zone,sectors,markets,languages,background,weekly_hours"
BANGKOK = "SP-7,Yamamoto Naoko,Bangkok,TH,Asia/Bangkok,seafood,TH,ja;th,buyer,Mon-Fri 09:00-12:00"
BKK = ZoneInfo("Asia/Bangkok")
NOW = datetime(2026, 12, 1, tzinfo=UTC)  # a Tuesday, well before the talks below


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BKK)


def prepare(session: Session, folder: Path) -> tuple[int, Company]:
    path = folder / "specialists.csv"
    path.write_text(f"{HEADER}\n{BANGKOK}\n", encoding="utf-8")
    feeds.import_feed(session, path)
    specialist = service.get_specialist(session, "SP-7")
    service.set_status(session, specialist, "vetted", by="admin")
    service.set_status(session, specialist, "active", by="admin")
    company = Company(corporate_number="2938470781181", name="有限会社土佐醤油", tier="priority", status="active")
    session.add(company)
    session.flush()
    return specialist.id, company


def book(session: Session, specialist_id: int, company: Company, starts_at: datetime, minutes: int = 60) -> Talk:
    return booking.book(
        session, specialist_id=specialist_id, company=company, starts_at=starts_at, minutes=minutes,
        purpose="Selling soy sauce in Thailand", by="acme", now=NOW,
    )  # fmt: skip


def test_a_booking_takes_the_slot_its_buffer_and_a_place_in_the_days_limit(session: Session, tmp_path: Path) -> None:
    specialist_id, company = prepare(session, tmp_path)
    talk = book(session, specialist_id, company, at(7, 9))
    assert (talk.status, talk.sequence) == ("confirmed", 0)
    assert talk.uid.endswith("@talentbridge")
    with pytest.raises(booking.SlotTaken, match="just taken"):
        book(session, specialist_id, company, at(7, 9))
    with pytest.raises(booking.SlotTaken):
        book(session, specialist_id, company, at(7, 10))  # inside the 15 minutes after the first talk
    later = book(session, specialist_id, company, at(7, 10, 30))  # after the buffer
    assert later.id != talk.id
    specialist = session.get(Specialist, specialist_id)
    left = service.slots(session, specialist, first=at(7, 0).date(), days=1, viewer_zone="Asia/Bangkok", now=NOW)
    assert [
        s.starts_at.astimezone(BKK).strftime("%H:%M") for s in left
    ] == []  # 11:00 would run into the 10:30 talk's end? no: 11:30-12:00 too short
    with pytest.raises(Invalid, match="outside Yamamoto Naoko's hours"):
        book(session, specialist_id, company, at(7, 14))
    with pytest.raises(Invalid, match="outside"):
        book(session, specialist_id, company, at(12, 9))  # a Saturday
    with pytest.raises(Invalid, match="24 hours' notice"):
        booking.book(
            session, specialist_id=specialist_id, company=company, starts_at=at(8, 9), minutes=60,
            purpose="x", by="acme", now=at(8, 8),
        )  # fmt: skip
    with pytest.raises(Invalid, match="time zone"):
        book(session, specialist_id, company, datetime(2026, 12, 8, 9, 0))


def test_the_days_limit(session: Session, tmp_path: Path) -> None:
    specialist_id, company = prepare(session, tmp_path)
    specialist = session.get(Specialist, specialist_id)
    specialist.max_talks_per_day = 2
    specialist.buffer_minutes = 0
    session.flush()
    book(session, specialist_id, company, at(8, 9), minutes=30)
    book(session, specialist_id, company, at(8, 9, 30), minutes=30)
    with pytest.raises(booking.SlotTaken, match="most talks"):
        book(session, specialist_id, company, at(8, 11), minutes=30)
    assert service.slots(session, specialist, first=at(8, 0).date(), days=1, viewer_zone="Asia/Bangkok", now=NOW) == []


def test_the_database_refuses_overlapping_talks_on_postgresql(session: Session, tmp_path: Path) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("the exclusion constraint is PostgreSQL's; SQLite bookings take turns instead")
    specialist_id, company = prepare(session, tmp_path)
    start = at(9, 9).astimezone(UTC)

    def talk(offset: int, holds: bool = True) -> Talk:
        begins = start + timedelta(minutes=offset)
        return Talk(
            uid=f"u{offset}{holds}", specialist_id=specialist_id, company_id=company.id, starts_at=begins,
            ends_at=begins + timedelta(minutes=60), blocked_until=begins + timedelta(minutes=75), purpose="p",
            booked_by="x", holds_time=holds,
        )  # fmt: skip

    session.add(talk(0))
    session.flush()
    session.add(talk(70, holds=False))  # a cancelled talk holds nothing
    session.flush()
    nested = session.begin_nested()
    session.add(talk(70))  # starts inside the first one's buffer
    with pytest.raises(IntegrityError, match="ex_talks_no_overlap"):
        session.flush()
    nested.rollback()


def test_many_concurrent_bookings_of_one_slot_make_exactly_one_talk(
    app_database: str, engine: Engine, tmp_path: Path
) -> None:
    with Session(engine) as session:
        specialist_id, company = prepare(session, tmp_path)
        session.commit()
        company_id = company.id
    outcomes: list[str] = []
    barrier = threading.Barrier(12)

    def attempt() -> None:
        with Session(engine) as session:
            company = session.get(Company, company_id)
            session.commit()  # the booking begins its own write transaction
            barrier.wait()
            try:
                book(session, specialist_id, company, at(10, 9))
                session.commit()
                outcomes.append("booked")
            except booking.SlotTaken:
                session.rollback()
                outcomes.append("taken")

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["booked"] + ["taken"] * 11
    with Session(engine) as session:
        talks = session.scalar(select(func.count()).select_from(Talk).where(Talk.specialist_id == specialist_id))
        assert talks == 1


def test_the_book_command(app_database: str, engine: Engine, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from talentbridge.cli import app

    with Session(engine) as session:
        prepare(session, tmp_path)
        session.commit()
    runner = CliRunner()
    today = datetime.now(UTC).date()
    monday = (today + timedelta(days=14 + (7 - today.weekday()) % 7)).isoformat()  # a Monday two weeks on or more
    free = json.loads(runner.invoke(app, ["talks", "slots", "SP-7", "--from", monday, "--days", "1", "--json"]).stdout)
    first = free[0]["start"]
    assert first == f"{monday}T11:00:00+09:00"  # 09:00 in Bangkok
    booked = runner.invoke(
        app, ["talks", "book", "SP-7", first, "--company", "2938470781181", "--purpose", "Thai buyers", "--json"]
    )
    assert booked.exit_code == 0, booked.output
    talk = json.loads(booked.stdout)
    assert talk["status"] == "confirmed"
    assert talk["id"] > 0
    assert (talk["start"], talk["specialist_start"]) == (first, f"{monday}T09:00:00+07:00")
    again = runner.invoke(app, ["talks", "book", "SP-7", first, "--company", "2938470781181"])
    assert again.exit_code == 1
    assert "was just taken; choose another" in again.stderr
    outside = runner.invoke(app, ["talks", "book", "SP-7", f"{monday}T20:00+09:00", "--company", "2938470781181"])
    assert outside.exit_code == 1
    assert "outside Yamamoto Naoko's hours" in outside.stderr
    assert "not a date and time" in runner.invoke(app, ["talks", "book", "SP-7", "soon", "--company", "x"]).stderr
    after = json.loads(
        runner.invoke(app, ["talks", "slots", "SP-7", "--from", "2027-01-11", "--days", "1", "--json"]).stdout
    )
    assert first not in [item["start"] for item in after]


def test_a_held_slot_is_the_holders_until_the_hold_expires(session: Session, tmp_path: Path) -> None:
    specialist_id, company = prepare(session, tmp_path)
    other = Company(corporate_number="3425815989437", name="合同会社富士水産", tier="general", status="active")
    session.add(other)
    session.flush()
    held = booking.hold(session, specialist_id=specialist_id, company=company, starts_at=at(14, 9), minutes=60, now=NOW)
    assert held.expires_at == NOW + timedelta(minutes=10)
    specialist = session.get(Specialist, specialist_id)
    offered = service.slots(session, specialist, first=at(14, 0).date(), days=1, viewer_zone="Asia/Bangkok", now=NOW)
    assert at(14, 9).astimezone(UTC) not in [s.starts_at for s in offered]
    with pytest.raises(booking.SlotTaken):
        book(session, specialist_id, other, at(14, 9))  # another company, while the hold lasts
    with pytest.raises(booking.SlotTaken):
        booking.hold(session, specialist_id=specialist_id, company=other, starts_at=at(14, 9), minutes=60, now=NOW)
    mine = booking.book(
        session, specialist_id=specialist_id, company=company, starts_at=at(14, 9), minutes=60,
        purpose="p", by="acme", hold_token=held.token, now=NOW,
    )  # fmt: skip
    assert mine.status == "confirmed"
    # A hold that expires frees its slot for anyone.
    lapsed = booking.hold(
        session, specialist_id=specialist_id, company=company, starts_at=at(15, 9), minutes=60, now=NOW
    )
    assert lapsed.token
    later = NOW + timedelta(minutes=11)
    theirs = booking.book(
        session, specialist_id=specialist_id, company=other, starts_at=at(15, 9), minutes=60,
        purpose="p", by="fuji", now=later,
    )  # fmt: skip
    assert theirs.company_id == other.id


def test_the_agencys_monthly_limits(session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from talentbridge import config

    specialist_id, company = prepare(session, tmp_path)
    monkeypatch.setattr(config.get_settings(), "company_talks_per_month", 2)
    monkeypatch.setattr(config.get_settings(), "specialist_hours_per_month", 3)
    book(session, specialist_id, company, at(7, 9))
    book(session, specialist_id, company, at(8, 9))
    with pytest.raises(Invalid, match="has booked 2 talks in 2026-12, the most the agency gives free"):
        book(session, specialist_id, company, at(9, 9))
    other = Company(corporate_number="3425815989437", name="合同会社富士水産", tier="general", status="active")
    session.add(other)
    session.flush()
    with pytest.raises(Invalid, match="gives at most 3 hours of free advice a month and has 2 booked in 2026-12"):
        book(session, specialist_id, other, at(9, 9), minutes=90)
    assert book(session, specialist_id, other, at(9, 9), minutes=60).status == "confirmed"  # exactly 3 hours
    assert book(session, specialist_id, other, datetime(2027, 1, 4, 9, tzinfo=BKK)).status == "confirmed"  # a new month
