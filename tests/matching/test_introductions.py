"""Introductions: both sides say yes before contact details go anywhere, and every
release is a provision record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.companies.models import Need
from talentbridge.errors import Invalid, PermissionDenied
from talentbridge.matching import introductions, service
from talentbridge.matching.models import ProvisionRecord
from talentbridge.registry.models import GoldenRecord


@pytest.fixture
def scene(session: Session, register: Path, loader) -> Iterator[dict]:
    """A need, the two best persons for it, and another company's need."""
    loader(session, register)
    service.forget_index()
    for need in session.scalars(select(Need).order_by(Need.id)):
        found = service.match_need(session, need.id, top=2)
        if len(found) == 2:
            other = next(n for n in session.scalars(select(Need)) if n.company_id != need.company_id)
            yield {"need": need, "first": found[0].person_id, "second": found[1].person_id, "other": other}
            service.forget_index()
            return
    pytest.fail("no need with two matches in the test register")


def test_contact_details_only_after_the_person_accepts(session: Session, scene: dict) -> None:
    need, person = scene["need"], scene["first"]
    intro = introductions.request(
        session, need_id=need.id, person_id=person, company_id=need.company_id, by="acme", message="Let us talk"
    )
    assert intro.status == "requested"
    assert intro.score is not None
    before = introductions.company_side(session, intro)
    assert before.contact is None
    assert not {"family_name", "given_name", "email", "phone", "birth_date", "nationality", "sex"} & set(before.profile)
    assert before.profile["languages"]

    with pytest.raises(PermissionDenied):
        introductions.answer(session, intro.id, person_id=scene["second"], accept=True, by="someone else")
    introductions.answer(session, intro.id, person_id=person, accept=True, by="pro")
    after = introductions.company_side(session, intro)
    golden = session.get(GoldenRecord, person)
    assert after.contact is not None
    assert after.contact["email"] == golden.data["fields"]["email"]["value"]

    (record,) = introductions.provisions(session, person_id=person)
    assert record.recipient_company_id == need.company_id
    assert "email" in record.items
    assert {source["item"] for source in record.sources} == set(record.items)
    assert all(source["agency"] for source in record.sources)
    assert record.consent["purpose"] == "job_matching"
    assert record.consent["consenting_records"]
    assert [step.action for step in introductions.steps(session, intro.id)] == ["requested", "accepted"]

    # The person withdraws: the company loses the details at once, the record says so.
    introductions.withdraw(session, intro.id, person_id=person, by="pro", reason="found a job")
    assert introductions.company_side(session, intro).contact is None
    session.refresh(record)
    assert record.stopped_at is not None
    assert record.stop_reason == "withdrawn by the person"
    with pytest.raises(Invalid, match="not asked again"):
        introductions.request(session, need_id=need.id, person_id=person, company_id=need.company_id, by="acme")


def test_declines_cancels_and_who_may_do_what(session: Session, scene: dict) -> None:
    need, other = scene["need"], scene["other"]
    with pytest.raises(PermissionDenied, match="its own needs"):
        introductions.request(session, need_id=need.id, person_id=scene["first"], company_id=other.company_id, by="x")
    intro = introductions.request(
        session, need_id=need.id, person_id=scene["second"], company_id=need.company_id, by="acme"
    )
    with pytest.raises(Invalid, match="already been asked"):
        introductions.request(
            session, need_id=need.id, person_id=scene["second"], company_id=need.company_id, by="acme"
        )
    introductions.cancel(session, intro.id, company_id=need.company_id, by="acme")
    again = introductions.request(
        session, need_id=need.id, person_id=scene["second"], company_id=need.company_id, by="acme"
    )
    assert again.id == intro.id
    assert again.status == "requested"
    introductions.answer(session, intro.id, person_id=scene["second"], accept=False, by="pro2")
    assert introductions.company_side(session, intro).contact is None
    assert session.scalars(select(ProvisionRecord)).all() == []
    with pytest.raises(Invalid, match="nothing to answer"):
        introductions.answer(session, intro.id, person_id=scene["second"], accept=True, by="pro2")
    actions = [step.action for step in introductions.steps(session, intro.id)]
    assert actions == ["requested", "cancelled", "requested", "declined"]


def test_a_person_who_withdrew_consent_is_not_released(session: Session, scene: dict) -> None:
    need, person = scene["need"], scene["first"]
    intro = introductions.request(session, need_id=need.id, person_id=person, company_id=need.company_id, by="acme")
    golden = session.get(GoldenRecord, person)
    golden.offerable = False
    session.flush()
    with pytest.raises(Invalid, match="no longer allow"):
        introductions.answer(session, intro.id, person_id=person, accept=True, by="pro")
    with pytest.raises(Invalid, match="requirements"):
        introductions.request(session, need_id=need.id, person_id=person, company_id=need.company_id, by="acme")
