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
