"""The matching API: who may ask, and what comes back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import AuditEntry
from talentbridge.app import create_app
from talentbridge.companies.models import Need
from talentbridge.db import session_scope
from talentbridge.matching import service

PASSWORD = "a long password"


@pytest.fixture
def client(app_database: str, register: Path, loader) -> Iterator[tuple[TestClient, dict]]:
    with session_scope() as session:
        loader(session, register)
        needs = list(session.scalars(select(Need).order_by(Need.id)))
        best = None
        for need in needs:
            found = service.match_need(session, need.id, top=1)
            if found:
                best = (need, found[0].person_id)
                break
        assert best is not None
        need, person = best
        other = next(n for n in needs if n.company_id != need.company_id)
        accounts.create_user(session, username="steward", password=PASSWORD, role="data_steward")
        accounts.create_user(session, username="admin", password=PASSWORD, role="administrator")
        accounts.create_user(session, username="acme", password=PASSWORD, role="company", company_id=need.company_id)
        accounts.create_user(session, username="rival", password=PASSWORD, role="company", company_id=other.company_id)
        accounts.create_user(session, username="pro", password=PASSWORD, role="professional", person_id=person)
        facts = {"need": need.need_key, "person": person}
    service.forget_index()
    with TestClient(create_app()) as client:
        yield client, facts


def sign_in(client: TestClient, username: str) -> None:
    response = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]


def test_a_company_sees_the_matches_of_its_own_needs_only(client) -> None:
    http, facts = client
    assert http.get(f"/api/needs/{facts['need']}/matches").status_code == 401
    sign_in(http, "acme")
    response = http.get(f"/api/needs/{facts['need']}/matches", params={"top": 5})
    assert response.status_code == 200
    items = response.json()
    assert 1 <= len(items) <= 5
    first = items[0]
    assert first["person_id"] == facts["person"]
    assert round(sum(f["contribution"] for f in first["factors"]), 4) == first["score"]
    assert all(f["words"] for f in first["factors"])
    assert not {"email", "phone", "birth_date", "family_name"} & set(first)
    sign_in(http, "rival")
    refused = http.get(f"/api/needs/{facts['need']}/matches")
    assert refused.status_code == 403
    assert "own company" in refused.json()["detail"]
    assert http.get("/api/needs/N-0000-00000/matches").status_code == 404
    assert http.get(f"/api/needs/{facts['need']}/matches", params={"top": 0}).status_code == 422
    with session_scope() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry).where(AuditEntry.action.like("match.%")))]
    assert actions == ["match.need"]


def test_a_professional_sees_their_own_needs_and_a_steward_anyones(client) -> None:
    http, facts = client
    sign_in(http, "pro")
    mine = http.get(f"/api/persons/{facts['person']}/needs")
    assert mine.status_code == 200
    assert facts["need"] in [item["need_id"] for item in mine.json()]
    assert http.get(f"/api/persons/{facts['person'] + 1}/needs").status_code == 403
    sign_in(http, "steward")
    assert http.get(f"/api/persons/{facts['person']}/needs").json() == mine.json()


def test_only_an_administrator_allocates_a_fair(client) -> None:
    http, facts = client
    event = {
        "seed": 3,
        "companies": [{"id": "2938470781181", "slots": 1, "ranking": [facts["person"]]}],
        "persons": [{"id": facts["person"], "slots": 1, "ranking": ["2938470781181"]}],
    }
    sign_in(http, "steward")
    assert http.post("/api/fairs/allocate", json=event).status_code == 403
    sign_in(http, "admin")
    result = http.post("/api/fairs/allocate", json=event)
    assert result.status_code == 200, result.text
    assert result.json()["pairs"] == [
        {"company": "2938470781181", "person": facts["person"], "company_rank": 1, "person_rank": 1, "score": None}
    ]
    bad = http.post("/api/fairs/allocate", json={"companies": [], "persons": []})
    assert bad.status_code == 422
    assert "lists no companies" in bad.json()["detail"]


def test_an_introduction_through_the_api_from_request_to_withdrawal(client) -> None:
    http, facts = client
    sign_in(http, "acme")
    asked = http.post(
        f"/api/needs/{facts['need']}/introductions", json={"person_id": facts["person"], "message": "Hello"}
    )
    assert asked.status_code == 201, asked.text
    intro = asked.json()
    assert intro["status"] == "requested"
    assert intro["contact"] is None
    assert not {"family_name", "email", "phone", "birth_date"} & set(intro["profile"])
    again = http.post(f"/api/needs/{facts['need']}/introductions", json={"person_id": facts["person"]})
    assert again.status_code == 422
    assert "already been asked" in again.json()["detail"]

    sign_in(http, "rival")
    assert http.get(f"/api/introductions/{intro['id']}").status_code == 403
    assert (
        http.post(f"/api/needs/{facts['need']}/introductions", json={"person_id": facts["person"]}).status_code == 403
    )

    sign_in(http, "pro")
    mine = http.get("/api/introductions").json()
    assert [item["id"] for item in mine] == [intro["id"]]
    assert "contact" not in mine[0]  # the person's own view: the company and the need
    assert mine[0]["company"]["name"]
    assert http.post(f"/api/introductions/{intro['id']}/cancel").status_code == 403
    accepted = http.post(f"/api/introductions/{intro['id']}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    provisions = http.get("/api/provisions").json()
    assert len(provisions) == 1
    assert provisions[0]["recipient"]["name"]
    assert "email" in provisions[0]["items"]

    sign_in(http, "acme")
    shown = http.get(f"/api/introductions/{intro['id']}").json()
    assert shown["contact"]["email"]
    assert [step["action"] for step in shown["steps"]] == ["requested", "accepted"]
    assert http.get("/api/provisions").status_code == 403
    sign_in(http, "admin")
    assert len(http.get("/api/provisions", params={"person_id": facts["person"]}).json()) == 1

    sign_in(http, "pro")
    assert http.post(f"/api/introductions/{intro['id']}/withdraw", json={"reason": "found a job"}).status_code == 200
    sign_in(http, "acme")
    assert http.get(f"/api/introductions/{intro['id']}").json()["contact"] is None
    assert http.post(f"/api/introductions/{intro['id']}/dance").status_code == 404


def test_a_company_files_and_closes_its_needs(client) -> None:
    http, facts = client
    sign_in(http, "acme")
    need = http.get(f"/api/needs/{facts['need']}").json()
    company = need["company"]
    mine = http.get(f"/api/companies/{company}")
    assert mine.status_code == 200
    assert facts["need"] in [item["need_id"] for item in mine.json()["needs"]]
    filed = http.post(
        f"/api/companies/{company}/needs",
        json={
            "title": "タイ向け輸出営業",
            "role": "export sales",
            "languages": [{"code": "ja", "min": "N2"}, {"code": "th", "min": "B2"}],
            "target_markets": ["タイ", "EU"],
            "hs_codes": "0303;2208",
            "skills": ["negotiation"],
            "prefecture": "新潟県",
            "work_eligible_only": True,
            "headcount": 2,
        },
    )
    assert filed.status_code == 201, filed.text
    body = filed.json()
    assert body["need_id"].startswith("N-")
    assert "-W" in body["need_id"]
    assert (body["target_markets"], body["prefecture"], body["status"]) == (["TH", "EU"], "15", "open")
    assert body["languages"][0] == {"code": "ja", "level": "B2", "jlpt": "N2"}
    bad = http.post(f"/api/companies/{company}/needs", json={"title": "x", "languages": [{"code": "th", "min": "N2"}]})
    assert bad.status_code == 422
    assert bad.json()["detail"].startswith("languages:")
    assert http.post(f"/api/companies/{company}/needs", json={"role": "x"}).json()["detail"].startswith("title:")
    closed = http.post(f"/api/needs/{body['need_id']}/close")
    assert closed.json()["status"] == "closed"
    assert http.post(f"/api/needs/{body['need_id']}/close").status_code == 422

    sign_in(http, "rival")
    assert http.get(f"/api/companies/{company}").status_code == 403
    assert http.post(f"/api/companies/{company}/needs", json={"title": "x"}).status_code == 403
    assert http.get("/api/companies").json()["total"] == 1
    sign_in(http, "steward")
    assert http.get("/api/companies").json()["total"] > 1
    assert http.post(f"/api/companies/{company}/needs", json={"title": "x"}).status_code == 403  # stewards read only


def web_sign_in(http: TestClient, username: str) -> str:
    import re

    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
    assert token is not None
    data = {"username": username, "password": PASSWORD, "next": "/", "csrf_token": token.group(1)}
    assert http.post("/login", data=data, follow_redirects=False).status_code == 303
    return token.group(1)


def test_pages_each_role_lands_on_and_what_they_show(client) -> None:
    http, facts = client
    web_sign_in(http, "acme")
    home = http.get("/", follow_redirects=True)
    assert "/companies/" in str(home.url)
    need = http.get(f"/needs/{facts['need']}")
    assert need.status_code == 200
    assert f'id="person-{facts["person"]}"' in need.text
    assert "weight-bar" in need.text
    rival_need = http.get("/needs/N-0000-00000")
    assert rival_need.status_code == 404

    http.cookies.clear()
    web_sign_in(http, "pro")
    me = http.get("/", follow_redirects=True)
    assert str(me.url).endswith("/me")
    assert facts["need"] in me.text  # the need that fits, with the words of its factors
    assert "目標市場" in me.text or "言語" in me.text
    assert http.get("/fairs").status_code == 403
    assert http.get("/provisions").status_code == 403

    http.cookies.clear()
    web_sign_in(http, "admin")
    assert http.get("/provisions").status_code == 200
    assert http.get("/fairs").status_code == 200
