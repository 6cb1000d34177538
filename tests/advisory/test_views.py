"""The advisory API: recommendations, slots, holds, booking and the steps of a talk."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

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


# --- pages ------------------------------------------------------------------------------


def form(http: TestClient, path: str, data: dict[str, str]) -> Response:
    """A form post as the browser sends it (the CSRF token in the form, not the header)."""
    token = http.headers.get("X-CSRF-Token", "")
    return http.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def activate(http: TestClient) -> None:
    sign_in(http, "admin")
    for status in ("vetted", "active"):
        assert http.post("/api/specialists/SP-7/status", json={"status": status}).status_code == 200


def test_the_administrator_vets_and_activates_from_the_selection_page(http: TestClient) -> None:
    sign_in(http, "admin")
    page = http.get("/specialists")
    assert page.status_code == 200
    assert "Yamamoto Naoko" in page.text
    assert 'action="/specialists/SP-7/status"' in page.text
    assert re.search(r'status=applicant"\s*>[^<]*\(1\)', page.text)  # the tab counts one applicant
    vetted = form(http, "/specialists/SP-7/status", {"status": "vetted", "notes": "interviewed in Bangkok"})
    assert vetted.status_code == 303
    refused = form(http, "/specialists/SP-7/status", {"status": "vetted"})
    assert refused.status_code == 422
    assert "変更できるのは：有効, 停止中" in refused.text  # the page speaks the administrator's Japanese
    assert http.post("/api/specialists/SP-7/status", json={"status": "vetted"}).json()["detail"] == (
        "specialist SP-7 is vetted: it can become active, suspended"  # the API, English
    )
    assert form(http, "/specialists/SP-7/status", {"status": "active"}).status_code == 303
    listed = http.get("/specialists", params={"status": "active"}).text
    assert "interviewed in Bangkok" in listed
    assert "admin" in listed  # who vetted
    sign_in(http, "acme")  # a company sees recommendations instead, and cannot select
    assert "Yamamoto Naoko" in http.get("/specialists").text
    assert form(http, "/specialists/SP-7/status", {"status": "suspended"}).status_code == 403


def test_the_specialist_keeps_availability_and_a_bad_value_changes_nothing(http: TestClient) -> None:
    activate(http)
    sign_in(http, "naoko")
    page = http.get("/availability")
    assert page.status_code == 200
    assert 'value="Mon-Fri 09:00-12:00"' in page.text
    assert form(http, "/availability/hours", {"hours": "Mon,Wed 08:00-11:00; Sat 10:00-12:00"}).status_code == 303
    assert 'value="Mon,Wed 08:00-11:00; Sat 10:00-12:00"' in http.get("/availability").text
    bad = form(http, "/availability/hours", {"hours": "mornings"})
    assert bad.status_code == 422
    assert "は週の時間帯として読めません" in bad.text  # the reason, in the specialist's Japanese
    assert 'value="mornings"' in bad.text  # what was typed, to correct
    assert http.get("/api/me/specialist").json()["week"]["5"] == [[600, 720]]  # unchanged

    day = (datetime.now(UTC).date() + timedelta(days=20)).isoformat()
    assert form(http, "/availability/override", {"day": day, "hours": "", "note": "Songkran"}).status_code == 303
    assert "Songkran" in http.get("/availability").text
    assert form(http, "/availability/override", {"day": day, "hours": "25:00-26:00"}).status_code == 422
    assert http.get("/api/me/specialist").json()["overrides"] == {day: []}  # the day off is kept
    assert form(http, "/availability/clear", {"day": day}).status_code == 303
    assert http.get("/api/me/specialist").json()["overrides"] == {}

    rules = {"buffer_minutes": "30", "notice_hours": "48", "max_talks_per_day": "3"}
    assert form(http, "/availability/rules", rules).status_code == 303
    bad_rules = form(http, "/availability/rules", {**rules, "buffer_minutes": "30", "max_talks_per_day": "99"})
    assert bad_rules.status_code == 422
    assert "max_talks_per_day は 1 から 12 までの整数で指定してください" in bad_rules.text
    mine = http.get("/api/me/specialist").json()
    assert (mine["buffer_minutes"], mine["notice_hours"], mine["max_talks_per_day"]) == (30, 48, 3)

    profile = {
        "city": "Chiang Mai",
        "country": "Thailand",
        "time_zone": "Asia/Bangkok",
        "languages": "Japanese, Thai",
        "markets": "TH, VN",
        "sectors": "seafood, rice",
        "background": "20 years with a trading house",
    }
    assert form(http, "/availability/profile", profile).status_code == 303
    mine = http.get("/api/me/specialist").json()
    assert (mine["city"], mine["country"], mine["languages"], mine["markets"]) == (
        "Chiang Mai",
        "TH",
        ["ja", "th"],
        ["TH", "VN"],
    )
    wrong_zone = form(http, "/availability/profile", {**profile, "time_zone": "ICT", "city": "Hanoi"})
    assert wrong_zone.status_code == 422
    assert "は IANA のタイムゾーンではありません" in wrong_zone.text
    assert http.get("/api/me/specialist").json()["city"] == "Chiang Mai"  # nothing half-written
    assert form(http, "/availability/nothing", {}).status_code == 404
    sign_in(http, "acme")
    assert http.get("/availability").status_code == 403


def test_a_profile_the_specialist_edited_is_kept_when_the_feed_comes_again(http: TestClient, tmp_path: Path) -> None:
    sign_in(http, "naoko")
    assert (
        http.patch("/api/me/specialist", json={"city": "Chiang Mai", "languages": ["ja", "th", "en"]}).status_code
        == 200
    )
    assert http.patch("/api/me/specialist", json={"salary": "high"}).status_code == 422
    again = tmp_path / "again.csv"
    again.write_text(f"{HEADER}\n{BANGKOK.replace('buyer', 'former buyer')}\n", encoding="utf-8")
    with session_scope() as session:
        feeds.import_feed(session, again)
    mine = http.get("/api/me/specialist").json()
    assert (mine["city"], mine["languages"], mine["background"]) == ("Chiang Mai", ["ja", "th", "en"], "buyer")


def test_the_specialist_answers_requests_and_records_advice_the_company_rates(http: TestClient) -> None:
    from talentbridge.advisory.models import Talk

    activate(http)
    sign_in(http, "acme")
    monday = next_monday()
    slots = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    first = http.post("/api/specialists/SP-7/talks", json={"start": slots[0]["start"], "purpose": "Thai importers"})
    second = http.post("/api/specialists/SP-7/talks", json={"start": slots[-1]["start"], "purpose": "Labels"})
    first_id, second_id = first.json()["id"], second.json()["id"]
    sign_in(http, "naoko")
    requests = http.get("/talks")
    assert requests.status_code == 200
    assert "土佐醤油" in requests.text
    assert "Thai importers" in requests.text
    assert "Asia/Bangkok" in requests.text  # the specialist's own time first
    page = http.get(f"/talks/{second_id}").text
    assert f'action="/talks/{second_id}/decline"' in page
    assert f'action="/talks/{second_id}/complete"' not in page  # not before the talk
    assert form(http, f"/talks/{second_id}/decline", {"reason": "a trade fair that day"}).status_code == 303
    assert "a trade fair that day" in http.get(f"/talks/{second_id}").text
    with session_scope() as session:  # the first talk is over
        talk = session.get(Talk, first_id)
        assert talk is not None
        talk.starts_at -= timedelta(days=30)
        talk.ends_at -= timedelta(days=30)
        talk.blocked_until -= timedelta(days=30)
    page = http.get(f"/talks/{first_id}").text
    assert f'action="/talks/{first_id}/complete"' in page
    done = form(
        http,
        f"/talks/{first_id}/complete",
        {"advice": "Start with Bangkok's Japanese supermarkets", "next_steps": "send samples"},
    )
    assert done.status_code == 303
    assert "Start with Bangkok" in http.get(f"/talks/{first_id}").text
    assert form(http, f"/talks/{first_id}/rate", {"stars": "5"}).status_code == 403  # the company rates
    sign_in(http, "acme")
    page = http.get(f"/talks/{first_id}").text
    assert "send samples" in page
    assert f'action="/talks/{first_id}/rate"' in page
    assert form(http, f"/talks/{first_id}/rate", {"stars": "4", "comment": "useful"}).status_code == 303
    assert "★★★★☆" in http.get(f"/talks/{first_id}").text
    assert form(http, f"/talks/{first_id}/teleport", {}).status_code == 404


def test_the_calendar_address_is_made_and_revoked_on_the_talks_page(http: TestClient) -> None:
    sign_in(http, "acme")
    assert "/calendar/" not in http.get("/talks").text
    assert form(http, "/calendar-token", {}).status_code == 303
    shown = http.get("/talks").text
    url = shown.split('id="calendar-url">', 1)[1].split("<", 1)[0]
    assert "/calendar/" in url
    assert http.get(url.split("testserver", 1)[1]).status_code == 200
    assert form(http, "/calendar-token/revoke", {}).status_code == 303
    assert http.get(url.split("testserver", 1)[1]).status_code == 404


def test_utilisation_counts_booked_against_offered_hours(http: TestClient) -> None:
    activate(http)
    sign_in(http, "acme")
    monday = next_monday()
    slots = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    booked = http.post("/api/specialists/SP-7/talks", json={"start": slots[0]["start"], "purpose": "p", "minutes": 90})
    assert booked.status_code == 201
    assert http.get("/api/utilisation").status_code == 403
    sign_in(http, "admin")
    report = http.get("/api/utilisation", params={"from": monday, "days": 7}).json()
    # Mon-Fri 09:00-12:00 in Bangkok: 15 hours offered in the week; one talk of 1.5 hours.
    assert report["total"] == {
        "key": "total",
        "name": "total",
        "offered_hours": 15.0,
        "booked_hours": 1.5,
        "talks": 1,
        "utilisation": 0.1,
    }
    assert report["markets"] == [
        {"key": "TH", "name": "TH", "offered_hours": 15.0, "booked_hours": 1.5, "talks": 1, "utilisation": 0.1}
    ]
    assert report["specialists"][0]["key"] == "SP-7"
    page = http.get("/utilisation", params={"start": monday, "days": 7})
    assert page.status_code == 200
    assert "10.0%" in page.text
    assert page.text.count('class="use-bar"') == 2  # one market, one specialist
    assert http.get("/utilisation", params={"start": "someday"}).status_code == 422
    assert http.get("/api/utilisation", params={"days": 0}).status_code == 422


def test_the_company_moves_a_talk_to_another_free_slot(http: TestClient) -> None:
    activate(http)
    sign_in(http, "acme")
    monday = next_monday()
    slots = http.get("/api/specialists/SP-7/slots", params={"from": monday, "days": 1}).json()
    talk = http.post("/api/specialists/SP-7/talks", json={"start": slots[0]["start"], "purpose": "p", "minutes": 30})
    talk_id = talk.json()["id"]
    assert f'href="/specialists/SP-7?move={talk_id}#slots"' in http.get(f"/talks/{talk_id}").text
    page = http.get("/specialists/SP-7", params={"move": talk_id, "start": monday})
    assert page.status_code == 200
    assert f'action="/talks/{talk_id}/reschedule"' in page.text
    assert 'action="/specialists/SP-7/hold"' not in page.text
    later = slots[-1]["start"]
    assert form(http, f"/talks/{talk_id}/reschedule", {"start": later}).status_code == 303
    moved = next(item for item in http.get("/api/talks").json() if item["id"] == talk_id)
    assert moved["status"] == "rescheduled"
    assert datetime.fromisoformat(moved["start"]) == datetime.fromisoformat(later)
    sign_in(http, "fuji")  # another company cannot move it
    assert http.get("/specialists/SP-7", params={"move": talk_id}).status_code == 403
