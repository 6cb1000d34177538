"""The steward's registry pages and API: persons with their golden records, the review
queue with its evidence, the linkage model; who may see them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import AuditEntry
from talentbridge.app import create_app
from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds
from talentbridge.registry import model, review, service
from talentbridge.registry.models import CONFIRMED, PersonRecord, ReviewPair
from web.test_pages import PASSWORD, csrf_of, sign_in

LAYOUTS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("register")
    generate_feeds(folder, persons=150, seed=11)
    return folder


@pytest.fixture
def client(app_database, register: Path) -> Iterator[TestClient]:
    """A consolidated register, one pair queued between two persons, and three users."""
    with session_scope() as session:
        for name in LAYOUTS:
            feeds.import_feed(session, register / name)
        run = service.consolidate(session)
        held = dict(session.execute(select(PersonRecord.person_id, PersonRecord.source_record_id)).all())
        first, second = sorted(held)[:2]
        evidence = model.Evidence(
            record_a=min(held[first], held[second]),
            record_b=max(held[first], held[second]),
            probability=0.75,
            prior=-10.0,
            comparisons=(
                ("name", 3, 6.0),
                ("birth_date", 3, 5.5),
                ("email", 0, -3.0),
                ("phone", -1, 0.0),
                ("nationality", 1, 2.5),
                ("prefecture", -1, 0.0),
                ("sex", 1, 0.58),
            ),
        )
        review.queue(session, run, [evidence], replace=False)
        accounts.create_user(
            session, username="steward", password=PASSWORD, role="data_steward", display_name="Hana", locale="en"
        )
        accounts.create_user(session, username="acme", password=PASSWORD, role="company", display_name="ACME")
    with TestClient(create_app()) as client:
        yield client


def _pair_id() -> int:
    with session_scope() as session:
        return session.scalars(select(ReviewPair.id).where(ReviewPair.probability == 0.75)).one()


def test_a_steward_finds_a_person_and_reads_the_golden_record_with_its_sources(client: TestClient) -> None:
    sign_in(client, "steward")
    page = client.get("/persons")
    assert page.status_code == 200
    assert "Pairs to review" in page.text
    with session_scope() as session:
        record = session.scalars(select(PersonRecord).limit(1)).one()
        person = record.person_id
    found = client.get("/persons", params={"q": str(person)})
    assert f'href="/persons/{person}"' in found.text
    page = client.get(f"/persons/{person}")
    assert page.status_code == 200
    assert "Golden record" in page.text
    # Every value names its source: a link to a source record of this person.
    sources = set(re.findall(r'class="source-link" href="/records/(\d+)"', page.text))
    assert sources
    with session_scope() as session:
        mine = {
            str(r)
            for r in session.scalars(select(PersonRecord.source_record_id).where(PersonRecord.person_id == person))
        }
        assert sources <= mine
        assert session.scalars(select(AuditEntry).where(AuditEntry.action == "person.view")).first() is not None
    assert client.get(f"/records/{record.source_record_id}/person", follow_redirects=False).headers["location"] == (
        f"/persons/{person}"
    )
    api = client.get(f"/api/persons/{person}").json()
    assert api["id"] == person
    assert {r["id"] for r in api["records"]} == {int(s) for s in mine}
    assert client.get("/persons/999999").status_code == 404


def test_a_steward_reads_the_evidence_and_confirms_a_pair(client: TestClient) -> None:
    sign_in(client, "steward")
    pair = _pair_id()
    queue = client.get("/review")
    assert f'href="/review/{pair}"' in queue.text
    page = client.get(f"/review/{pair}")
    assert page.status_code == 200
    # The evidence of each comparison, in words and as a bar.
    assert "strongly for the same person (odds ×64)" in page.text  # name: 6 bits
    assert "moderately against the same person (odds ÷8.0)" in page.text  # e-mail: -3 bits
    assert "day and month transposed" in page.text  # birth date, level 3, in the model's words
    assert page.text.count('class="weight-bar"') == 9  # prior, seven comparisons, total
    api = client.get(f"/api/review/{pair}").json()
    assert api["evidence"]["match_weight"] == pytest.approx(-10 + 6 + 5.5 - 3 + 2.5 + 0.58)

    done = client.post(
        f"/review/{pair}", data={"decision": "confirmed", "note": "same passport", "csrf_token": csrf_of(page.text)}
    )
    assert done.status_code == 200
    assert "merged into person" in done.text
    with session_scope() as session:
        stored = session.get(ReviewPair, pair)
        assert (stored.status, stored.decided_by, stored.note) == (CONFIRMED, "steward", "same passport")
        a, b = (
            session.scalar(select(PersonRecord.person_id).where(PersonRecord.source_record_id == r))
            for r in (stored.record_a, stored.record_b)
        )
        assert a == b
    assert client.get("/review?status=confirmed").text.count(f'href="/review/{pair}"') == 1


def test_the_api_takes_decisions_and_checks_them(client: TestClient) -> None:
    token = client.post("/api/session", json={"username": "steward", "password": PASSWORD}).json()["csrf_token"]
    pair = _pair_id()
    bad = client.post(f"/api/review/{pair}", json={"decision": "maybe"}, headers={"X-CSRF-Token": token})
    assert bad.status_code == 422
    unsigned = client.post(f"/api/review/{pair}", json={"decision": "rejected"})
    assert unsigned.status_code == 403
    ok = client.post(f"/api/review/{pair}", json={"decision": "rejected"}, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200
    assert ok.json()["status"] == "rejected"
    assert client.get("/api/review", params={"status": "rejected"}).json()["total"] == 1


def test_the_model_page_shows_what_each_comparison_learned(client: TestClient) -> None:
    sign_in(client, "steward")
    page = client.get("/linkage")
    assert page.status_code == 200
    for words in ("same Latin name", "same name across scripts", "same birth date", "same e-mail address"):
        assert words in page.text
    assert "What each comparison learned" in page.text


def test_in_japanese(client: TestClient) -> None:
    sign_in(client, "steward")
    client.get("/lang/ja?next=/review")
    page = client.get(f"/review/{_pair_id()}")
    assert "この二つは同じ人物ですか？" in page.text
    assert "日と月が入れ替わり" in page.text


def test_only_stewards_see_persons_and_the_queue(client: TestClient) -> None:
    sign_in(client, "acme")
    assert client.get("/persons/1").status_code == 403
    assert client.get("/review").status_code == 403
    assert client.get("/api/review").status_code == 403
