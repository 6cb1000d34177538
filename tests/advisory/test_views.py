"""The advisory API: recommendations, slots, holds, booking and the steps of a talk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentbridge.accounts import service as accounts
from talentbridge.advisory import service
from talentbridge.app import create_app
from talentbridge.companies.models import Company
from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds

PASSWORD = "a long password"
HEADER = "specialist_id,name,city,country,time_zone,sectors,markets,languages,background,weekly_hours"
BANGKOK = "SP-7,Yamamoto Naoko,Bangkok,TH,Asia/Bangkok,seafood,TH,ja;th,buyer,Mon-Fri 09:00-12:00"


@pytest.fixture
def http(app_database: str, tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "specialists.csv"
    path.write_text(f"{HEADER}\n{BANGKOK}\n", encoding="utf-8")
    with session_scope() as session:
        feeds.import_feed(session, path)
        specialist = service.get_specialist(session, "SP-7")
        mine = Company(
            corporate_number="2938470781181",
            name="土佐醤油",
            tier="priority",
            status="active",
            target_markets=["TH"],
            hs_codes=["0303"],
        )
        theirs = Company(corporate_number="3425815989437", name="富士水産", tier="general", status="active")
        session.add_all([mine, theirs])
        session.flush()
        accounts.create_user(session, username="admin", password=PASSWORD, role="administrator")
        accounts.create_user(session, username="acme", password=PASSWORD, role="company", company_id=mine.id)
        accounts.create_user(session, username="fuji", password=PASSWORD, role="company", company_id=theirs.id)
        accounts.create_user(
            session, username="naoko", password=PASSWORD, role="specialist", specialist_id=specialist.id
        )
    with TestClient(create_app()) as client:
        yield client


def sign_in(http: TestClient, username: str) -> None:
    response = http.post("/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    http.headers["X-CSRF-Token"] = response.json()["csrf_token"]


def next_monday() -> str:
    today = datetime.now(UTC).date()
    return (today + timedelta(days=14 + (7 - today.weekday()) % 7)).isoformat()


def test_from_recommendation_to_booking_and_the_specialists_answer(http: TestClient) -> None:
    sign_in(http, "acme")
    assert http.get("/api/specialists").json() == []  # nobody active yet
    sign_in(http, "admin")
    for status in ("vetted", "active"):
        assert http.post("/api/specialists/SP-7/status", json={"status": status}).status_code == 200
    sign_in(http, "acme")
    recommended = http.get("/api/specialists").json()
    assert [item["specialist_id"] for item in recommended] == ["SP-7"]
    monday = next_monday()
    slots = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    assert slots[0]["start"] == f"{monday}T11:00:00+09:00"
    held = http.post("/api/specialists/SP-7/holds", json={"start": slots[0]["start"], "minutes": 60})
    assert held.status_code == 201, held.text

    sign_in(http, "fuji")
    theirs = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    assert slots[0]["start"] not in [item["start"] for item in theirs]  # held for acme
    refused = http.post("/api/specialists/SP-7/talks", json={"start": slots[0]["start"], "purpose": "x"})
    assert refused.status_code == 409
    assert "just taken" in refused.json()["detail"]

    sign_in(http, "acme")
    booked = http.post(
        "/api/specialists/SP-7/talks",
        json={"start": slots[0]["start"], "purpose": "Thai importers", "hold": held.json()["token"]},
    )
    assert booked.status_code == 201, booked.text
    talk = booked.json()
    assert (talk["status"], talk["start"]) == ("confirmed", slots[0]["start"])
    outside = http.post("/api/specialists/SP-7/talks", json={"start": f"{monday}T23:00+09:00", "purpose": "x"})
    assert outside.status_code == 422
    assert "outside" in outside.json()["detail"]
    assert [item["id"] for item in http.get("/api/talks").json()] == [talk["id"]]
    assert http.post(f"/api/talks/{talk['id']}/decline", json={"reason": "x"}).status_code == 403

    sign_in(http, "fuji")
    assert http.post(f"/api/talks/{talk['id']}/cancel", json={"reason": "x"}).status_code == 403
    assert http.get("/api/talks").json() == []

    sign_in(http, "naoko")
    assert [item["id"] for item in http.get("/api/talks").json()] == [talk["id"]]
    declined = http.post(f"/api/talks/{talk['id']}/decline", json={"reason": "travelling"})
    assert declined.status_code == 200
    assert (declined.json()["status"], declined.json()["sequence"]) == ("declined", 1)


def test_a_private_calendar_feed_that_can_be_revoked(http: TestClient) -> None:
    from icalendar import Calendar

    sign_in(http, "admin")
    for status in ("vetted", "active"):
        http.post("/api/specialists/SP-7/status", json={"status": status})
    sign_in(http, "acme")
    monday = next_monday()
    slots = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    talk = http.post("/api/specialists/SP-7/talks", json={"start": slots[0]["start"], "purpose": "p"}).json()
    url = http.post("/api/calendar-token").json()["url"]
    path = url.split("testserver", 1)[1]
    http.headers.pop("X-CSRF-Token")
    fetched = http.get(path)
    assert fetched.status_code == 200
    assert fetched.headers["content-type"].startswith("text/calendar")
    events = list(Calendar.from_ical(fetched.content).walk("VEVENT"))
    assert [str(event["uid"]) for event in events] == [talk["uid"]]
    sign_in(http, "naoko")  # the specialist's own feed holds the same talk
    theirs = http.post("/api/calendar-token").json()["url"].split("testserver", 1)[1]
    assert talk["uid"] in http.get(theirs).text
    sign_in(http, "acme")
    assert http.delete("/api/calendar-token").json() == {"status": "revoked"}
    assert http.get(path).status_code == 404
    renewed = http.post("/api/calendar-token").json()["url"].split("testserver", 1)[1]
    assert renewed != path
    assert http.get(renewed).status_code == 200


def test_a_specialist_sets_hours_days_off_and_rules(http: TestClient) -> None:
    sign_in(http, "admin")
    for status in ("vetted", "active"):
        http.post("/api/specialists/SP-7/status", json={"status": status})
    sign_in(http, "naoko")
    profile = http.get("/api/me/specialist").json()
    assert (profile["hours_source"], profile["week"]["0"]) == ("feed", [[540, 720]])
    changed = http.put("/api/me/specialist/hours", json={"hours": "Tue,Thu 13:00-15:00"})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["hours_source"], sorted(changed.json()["week"])) == ("own", ["1", "3"])
    bad = http.put("/api/me/specialist/hours", json={"hours": "afternoons"})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("hours: 'afternoons' is not weekly hours")
    monday = next_monday()
    tuesday = (datetime.fromisoformat(monday) + timedelta(days=1)).date().isoformat()
    assert http.put(f"/api/me/specialist/overrides/{tuesday}", json={"note": "holiday"}).json()["overrides"] == {
        tuesday: []
    }
    assert http.put("/api/me/specialist/rules", json={"buffer_minutes": 30}).status_code == 405
    rules = http.patch("/api/me/specialist/rules", json={"buffer_minutes": 30, "max_talks_per_day": 2})
    assert (rules.json()["buffer_minutes"], rules.json()["max_talks_per_day"]) == (30, 2)
    assert http.patch("/api/me/specialist/rules", json={"buffer_minutes": -5}).status_code == 422
    assert http.patch("/api/me/specialist/rules", json={"colour": "red"}).status_code == 422

    sign_in(http, "acme")
    assert http.get("/api/me/specialist").status_code == 403
    week = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 7, "tz": "Asia/Bangkok"}).json()
    days = sorted({item["start"][:10] for item in week})
    assert tuesday not in days  # the day off
    assert all(item["start"][11:16] in ("13:00", "13:30", "14:00") for item in week)  # the new hours
    sign_in(http, "naoko")
    http.delete(f"/api/me/specialist/overrides/{tuesday}")
    sign_in(http, "acme")
    again = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 7, "tz": "Asia/Bangkok"}).json()
    assert tuesday in {item["start"][:10] for item in again}
