"""The overseas-specialists feed, the agency's selection, and free slots from the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from talentbridge.advisory import service
from talentbridge.advisory.models import WeeklyHours
from talentbridge.cli import app
from talentbridge.errors import Invalid
from talentbridge.feeds import service as feeds
from talentbridge.feeds.models import QuarantinedRow

NOW = datetime(2026, 12, 1, tzinfo=UTC)
# For the command line, which reads the clock: the first Monday of December next year
# (winter time in Berlin, UTC+1, whatever year the tests run in).
_DECEMBER = date(date.today().year + 1, 12, 1)
MONDAY = (_DECEMBER + timedelta(days=(7 - _DECEMBER.weekday()) % 7)).isoformat()
HEADER = "specialist_id,name,city,country,time_zone,sectors,markets,languages,background,weekly_hours"
runner = CliRunner()


def write(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


BERLIN = 'SP-1,Sato Hiroshi,Düsseldorf,DE,Europe/Berlin,seafood;soy sauce,US;DE,ja;en,trader,"Mon,Wed,Fri 10:00-13:00"'
BANGKOK = "SP-2,Yamamoto Naoko,Bangkok,TH,Asia/Bangkok,seafood,TH;EU,ja;th,buyer,Mon-Fri 08:00-11:00"
BAD_ZONE = "SP-3,Kato Taro,New York,US,EST,tea,US,ja;en,advisor,Mon-Fri 10:00-13:00"
BAD_HOURS = "SP-4,Kato Jiro,New York,US,America/New_York,tea,US,ja;en,advisor,weekdays mornings"


def test_the_sample_and_rows_with_an_unknown_zone_or_unreadable_hours(
    session: Session, samples: Path, tmp_path: Path
) -> None:
    sample = feeds.import_feed(session, samples / "overseas-specialists.csv")
    assert (sample.feed, sample.new, sample.quarantined) == ("overseas-specialists", 10, 0)
    report = feeds.import_feed(
        session, write(tmp_path / "a.csv", BERLIN, BANGKOK, BAD_ZONE, BAD_HOURS), allow_withdrawals=True
    )
    assert (report.new, report.quarantined, report.withdrawn) == (2, 2, 10)
    reasons = dict(session.execute(select(QuarantinedRow.row_number, QuarantinedRow.reason)).all())
    assert "'EST' is not an IANA time zone" in reasons[4]
    assert "'weekdays mornings' is not weekly hours" in reasons[5]
    berlin = service.get_specialist(session, "SP-1")
    assert (berlin.status, berlin.time_zone, berlin.markets, berlin.languages) == (
        "applicant",
        "Europe/Berlin",
        ["US", "DE"],
        ["ja", "en"],
    )
    week = sorted(
        (h.weekday, h.start_minute, h.end_minute)
        for h in session.scalars(select(WeeklyHours).where(WeeklyHours.specialist_id == berlin.id))
    )
    assert week == [(0, 600, 780), (2, 600, 780), (4, 600, 780)]
    # New hours in the feed replace the feed's hours; an absent specialist is suspended.
    moved = BERLIN.replace('"Mon,Wed,Fri 10:00-13:00"', "Tue 09:00-10:00")
    again = feeds.import_feed(session, write(tmp_path / "b.csv", moved))
    assert (again.changed, again.withdrawn) == (1, 1)
    week = [
        (h.weekday, h.start_minute)
        for h in session.scalars(select(WeeklyHours).where(WeeklyHours.specialist_id == berlin.id))
    ]
    assert week == [(1, 540)]
    assert service.get_specialist(session, "SP-2").status == "suspended"


def test_selection_runs_applicant_vetted_active_and_only_active_are_offered(session: Session, tmp_path: Path) -> None:
    feeds.import_feed(session, write(tmp_path / "a.csv", BERLIN))
    berlin = service.get_specialist(session, "SP-1")
    with pytest.raises(Invalid, match="only active specialists are offered"):
        service.slots(session, berlin, first=date(2026, 12, 7), days=7, now=NOW)
    with pytest.raises(Invalid, match="can become vetted, suspended"):
        service.set_status(session, berlin, "active", by="admin")
    service.set_status(session, berlin, "vetted", by="admin", notes="interviewed at JETRO Düsseldorf")
    assert berlin.vetted_by == "admin"
    assert berlin.vetted_at is not None
    service.set_status(session, berlin, "active", by="admin")
    slots = service.slots(session, berlin, first=date(2026, 12, 7), days=7, minutes=60, now=NOW)
    assert len(slots) == 3 * 5  # Mon, Wed, Fri: an hour's talk from 10:00, 10:30, ... 12:00 (hours 10:00-13:00)
    assert {s.starts_at.hour for s in slots} == {9, 10, 11}  # CET is UTC+1 in December


def test_the_selection_and_slot_commands(app_database: str, tmp_path: Path) -> None:
    path = write(tmp_path / "specialists.csv", BERLIN, BANGKOK)
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    not_yet = runner.invoke(app, ["talks", "slots", "SP-1", "--from", MONDAY])
    assert not_yet.exit_code == 1
    assert "only active specialists are offered" in not_yet.stderr
    assert runner.invoke(app, ["specialists", "vet", "SP-1", "--notes", "checked"]).exit_code == 0
    activated = runner.invoke(app, ["specialists", "activate", "SP-1"])
    assert activated.exit_code == 0, activated.output
    assert "active" in activated.stdout
    shown = runner.invoke(app, ["talks", "slots", "SP-1", "--from", MONDAY, "--days", "2", "--json"])
    assert shown.exit_code == 0, shown.output
    items = json.loads(shown.stdout)
    assert [item["start"] for item in items] == [
        f"{MONDAY}T18:00:00+09:00",
        f"{MONDAY}T18:30:00+09:00",
        f"{MONDAY}T19:00:00+09:00",
        f"{MONDAY}T19:30:00+09:00",
        f"{MONDAY}T20:00:00+09:00",
    ]  # fmt: skip  (Tuesday is not one of the specialist's days)
    assert items[0]["end"] == f"{MONDAY}T19:00:00+09:00"
    assert items[0]["specialist_start"] == f"{MONDAY}T10:00:00+01:00"
    berlin_view = runner.invoke(
        app,
        [
            "talks",
            "slots",
            "SP-1",
            "--from",
            MONDAY,
            "--days",
            "1",
            "--tz",
            "Europe/Berlin",
            "--minutes",
            "90",
            "--json",
        ],
    )
    assert [item["start"] for item in json.loads(berlin_view.stdout)] == [
        f"{MONDAY}T10:00:00+01:00", f"{MONDAY}T10:30:00+01:00",
        f"{MONDAY}T11:00:00+01:00", f"{MONDAY}T11:30:00+01:00",
    ]  # fmt: skip
    table = runner.invoke(app, ["talks", "slots", "SP-1", "--from", MONDAY, "--days", "1"])
    assert f"Mon {MONDAY} 18:00" in table.stdout
    assert f"Mon {MONDAY} 10:00" in table.stdout
    for args, message in (
        (["--from", "7 Dec"], "is not a date"),
        (["--from", MONDAY, "--tz", "JST"], "not an IANA time zone"),
        (["--from", MONDAY, "--days", "400"], "days must be between"),
    ):
        bad = runner.invoke(app, ["talks", "slots", "SP-1", *args])
        assert bad.exit_code == 1
        assert message in bad.stderr
    assert "there is no specialist SP-9" in runner.invoke(app, ["talks", "slots", "SP-9", "--from", MONDAY]).stderr
    assert runner.invoke(app, ["specialists", "vet", "SP-1"]).exit_code == 1  # active already


def test_recommendations_rank_active_specialists_and_explain_each_score(session: Session, tmp_path: Path) -> None:
    from talentbridge.advisory.recommend import FACTORS, recommend
    from talentbridge.companies.models import Company

    feeds.import_feed(session, write(tmp_path / "a.csv", BERLIN, BANGKOK, BAD_ZONE))
    for key in ("SP-1", "SP-2"):
        specialist = service.get_specialist(session, key)
        service.set_status(session, specialist, "vetted", by="admin")
        service.set_status(session, specialist, "active", by="admin")
    company = Company(
        corporate_number="2938470781181", name="有限会社土佐醤油", tier="priority", status="active",
        hs_codes=["0303", "2103"], target_markets=["TH", "VN"],
    )  # fmt: skip
    session.add(company)
    session.flush()
    ranked = recommend(session, company, now=NOW)
    assert [item.specialist.specialist_key for item in ranked] == ["SP-2", "SP-1"]
    best = ranked[0]
    parts = {f["name"]: f for f in best.factors}
    assert parts["markets"]["contribution"] == FACTORS["markets"] / 2  # Thailand of Thailand and Viet Nam
    assert parts["markets"]["detail"]["markets"] == ["TH"]
    assert parts["products"]["detail"]["sectors"] == ["fisheries"]  # seafood, of fish (0303) and soy sauce (2103)
    assert parts["language"]["contribution"] == FACTORS["language"]
    assert parts["availability"]["contribution"] == FACTORS["availability"]  # free within the week
    for item in ranked:
        assert round(sum(f["contribution"] for f in item.factors), 4) == item.score
    germany = recommend(session, company, market="DE", now=NOW)
    assert germany[0].specialist.specialist_key == "SP-1"  # only the Düsseldorf specialist covers Germany
    assert all(r.specialist.status == "active" for r in ranked)  # SP-3 (quarantined) and applicants are not offered


def test_the_recommend_command(app_database: str, tmp_path: Path) -> None:
    from talentbridge.companies.models import Company
    from talentbridge.db import session_scope

    path = write(tmp_path / "specialists.csv", BERLIN, BANGKOK)
    assert runner.invoke(app, ["import", str(path)]).exit_code == 0
    for key in ("SP-1", "SP-2"):
        assert runner.invoke(app, ["specialists", "vet", key]).exit_code == 0
        assert runner.invoke(app, ["specialists", "activate", key]).exit_code == 0
    with session_scope() as session:
        session.add(
            Company(
                corporate_number="2938470781181",
                name="有限会社土佐醤油",
                tier="priority",
                status="active",
                hs_codes=["0303"],
                target_markets=["TH"],
            )  # fmt: skip
        )
    shown = runner.invoke(app, ["specialists", "recommend", "--company", "2938470781181", "--json"])
    assert shown.exit_code == 0, shown.output
    items = json.loads(shown.stdout)
    assert [item["specialist_id"] for item in items] == ["SP-2", "SP-1"]
    assert {f["name"] for f in items[0]["factors"]} == {"markets", "products", "language", "availability"}
    assert round(sum(f["contribution"] for f in items[0]["factors"]), 4) == items[0]["score"]
    us = json.loads(
        runner.invoke(
            app, ["specialists", "recommend", "--company", "2938470781181", "--market", "US", "--json"]
        ).stdout
    )
    assert us[0]["specialist_id"] == "SP-1"
    table = runner.invoke(app, ["specialists", "recommend", "--company", "2938470781181"])
    assert "SP-2 Yamamoto Naoko (Bangkok)" in table.stdout
    missing = runner.invoke(app, ["specialists", "recommend", "--company", "1234"])
    assert missing.exit_code == 1
    assert "there is no company 1234" in missing.stderr
