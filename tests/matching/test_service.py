"""Matching on a consolidated register: the service, its index and the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from talentbridge.cli import app
from talentbridge.companies.models import Need
from talentbridge.db import session_scope
from talentbridge.matching import service
from talentbridge.registry.models import GoldenRecord

runner = CliRunner()


@pytest.fixture
def consolidated(session: Session, register: Path, loader) -> Iterator[Session]:
    loader(session, register)
    service.forget_index()
    yield session
    service.forget_index()


def test_ranked_persons_equal_a_full_scan_and_each_side_sees_the_other(consolidated: Session) -> None:
    session = consolidated
    needs = list(session.scalars(select(Need).order_by(Need.id)))
    assert len(needs) > 40
    found_any = 0
    for need in needs:
        ranked = service.match_need(session, need.need_key, top=10)
        assert [(r.person_id, r.score) for r in ranked] == [
            (r.person_id, r.score) for r in service.full_scan(session, need.id, top=10)
        ]
        assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)
        for result in ranked:
            assert round(sum(f["contribution"] for f in result.factors), 4) == result.score
        found_any += bool(ranked)
        if ranked:
            # The best person for this need sees it among theirs, with the same score.
            theirs = service.match_person(session, ranked[0].person_id, top=200)
            assert (need.need_key, ranked[0].score) in [(r.need_key, r.score) for r in theirs]
    assert found_any > len(needs) // 3


def test_closed_and_expired_needs_are_not_offered_to_persons(consolidated: Session) -> None:
    session = consolidated
    need = session.scalars(select(Need).order_by(Need.id)).first()
    assert need is not None
    person = next(
        (r.person_id for n in session.scalars(select(Need)) for r in service.match_need(session, n.id, top=1)), None
    )
    assert person is not None
    before = {r.need_key for r in service.match_person(session, person, top=200)}
    session.execute(update(Need).values(expires_on=date(2020, 1, 1)))
    assert service.match_person(session, person, top=200) == []
    assert before


def test_a_person_no_longer_offered_leaves_the_index(consolidated: Session) -> None:
    session = consolidated
    need = next(n for n in session.scalars(select(Need)) if service.match_need(session, n.id, top=1))
    best = service.match_need(session, need.id, top=1)[0].person_id
    golden = session.get(GoldenRecord, best)
    assert golden is not None
    golden.offerable = False
    session.flush()
    # Nothing tells the index (no new build, no new run): it finds out when it meets the
    # person, builds itself again, and the person is gone from the answer.
    assert best not in [r.person_id for r in service.match_need(session, need.id, top=50)]
    assert service.match_person(session, best) == []


def test_match_commands(app_database: str, register: Path, loader) -> None:
    with session_scope() as session:
        loader(session, register)
        keys = [need.need_key for need in session.scalars(select(Need).order_by(Need.id))]
    service.forget_index()
    for key in keys:
        result = runner.invoke(app, ["match", "need", key, "--top", "3", "--json"])
        assert result.exit_code == 0, result.output
        items = json.loads(result.stdout)
        if items:
            break
    assert items, "some need has a match"
    first = items[0]
    assert set(first) == {"person_id", "score", "factors"}
    assert [factor["name"] for factor in first["factors"]] == [
        "languages", "market_languages", "markets", "sectors", "skills", "role", "location", "text",
    ]  # fmt: skip
    assert round(sum(factor["contribution"] for factor in first["factors"]), 4) == first["score"]

    shown = runner.invoke(app, ["match", "need", key, "--top", "3"])
    assert shown.exit_code == 0
    assert key in shown.stdout
    assert str(first["person_id"]) in shown.stdout

    person = runner.invoke(app, ["match", "person", str(first["person_id"]), "--json"])
    assert person.exit_code == 0, person.output
    needs = json.loads(person.stdout)
    assert key in [item["need_id"] for item in needs]
    assert {"need_id", "score", "factors"} <= set(needs[0])

    missing = runner.invoke(app, ["match", "need", "N-0000-99999"])
    assert missing.exit_code == 1
    assert "there is no need N-0000-99999" in missing.stderr
    nobody = runner.invoke(app, ["match", "person", "999999"])
    assert nobody.exit_code == 1
    assert "no person 999999" in nobody.stderr


def test_fair_allocate_command(app_database: str, register: Path, loader, tmp_path: Path) -> None:
    from talentbridge.companies.models import Company

    with session_scope() as session:
        loader(session, register)
        rows = session.execute(
            select(Company.corporate_number, Need.need_key).join(Need, Need.company_id == Company.id).order_by(Need.id)
        ).all()
        persons = list(session.scalars(select(GoldenRecord.person_id).order_by(GoldenRecord.person_id).limit(150)))
    service.forget_index()
    companies, seen = [], set()
    for number, key in rows:
        if number not in seen:
            seen.add(number)
            companies.append({"id": number, "need": key, "slots": 2})
    event = {
        "name": "test fair",
        "seed": 7,
        "companies": companies[:12],
        "persons": [{"id": person, "slots": 2} for person in persons],
    }
    # One company ranks by hand; one person too.
    event["companies"][0] = {"id": companies[0]["id"], "slots": 1, "ranking": [persons[0], persons[1]]}
    event["persons"][0] = {"id": persons[0], "slots": 1, "ranking": [companies[0]["id"]]}
    path = tmp_path / "fair.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    first = runner.invoke(app, ["fair", "allocate", str(path), "--json", "--csv", str(tmp_path / "fair.csv")])
    assert first.exit_code == 0, first.output
    result = json.loads(first.stdout)
    assert result["stable"] is True
    assert result["seed"] == 7
    assert {"company": companies[0]["id"], "person": persons[0], "company_rank": 1, "person_rank": 1} == {
        key: value for key, value in result["pairs"][0].items() if key != "score"
    }
    assert 0 < result["meetings"] <= result["company_slots"]
    per_company: dict[str, int] = {}
    for pair in result["pairs"]:
        per_company[pair["company"]] = per_company.get(pair["company"], 0) + 1
    assert all(count <= 2 for count in per_company.values())
    lines = (tmp_path / "fair.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "company,person,company_rank,person_rank,score"
    assert len(lines) == result["meetings"] + 1
    again = runner.invoke(app, ["fair", "allocate", str(path), "--json"])
    assert json.loads(again.stdout)["pairs"] == result["pairs"]  # the same seed, the same fair

    shown = runner.invoke(app, ["fair", "allocate", str(path)])
    assert shown.exit_code == 0
    assert "stable" in shown.stdout

    event["companies"][1] = {"id": companies[1]["id"], "slots": 1}
    path.write_text(json.dumps(event), encoding="utf-8")
    bad = runner.invoke(app, ["fair", "allocate", str(path)])
    assert bad.exit_code == 1
    assert "gives neither a ranking nor a need" in bad.stderr
    path.write_text("{not json", encoding="utf-8")
    broken = runner.invoke(app, ["fair", "allocate", str(path)])
    assert broken.exit_code == 1
    assert "is not JSON" in broken.stderr


def test_the_index_is_made_again_when_golden_records_are_rebuilt_and_only_then(consolidated: Session) -> None:
    from sqlalchemy import func

    from talentbridge.registry import golden
    from talentbridge.registry.models import GoldenBuild

    session = consolidated
    first = service.person_index(session)
    assert service.person_index(session) is first  # nothing changed: the same index
    builds = session.scalar(select(func.count()).select_from(GoldenBuild))
    assert builds >= 1  # the consolidation's
    golden.refresh(session, [])  # nothing to rebuild: no new build, the same index
    assert session.scalar(select(func.count()).select_from(GoldenBuild)) == builds
    assert service.person_index(session) is first
    person = session.scalar(select(GoldenRecord.person_id).order_by(GoldenRecord.person_id).limit(1))
    assert golden.refresh(session, [person]) == 1
    newest = session.scalar(select(GoldenBuild).order_by(GoldenBuild.id.desc()).limit(1))
    assert newest is not None
    assert newest.persons == 1
    assert service.person_index(session) is not first
