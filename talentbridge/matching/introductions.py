"""Introductions with both sides' consent, and the provision records they leave.

A company asks to meet a person for one of its needs (it has seen the person's score,
its explanation and a profile without anything that identifies or reaches them). The
person sees the request on their own page and accepts or declines. Only an accepted
introduction releases the person's name and contact details to the company, and that
release is a provision of personal data to a third party (APPI): it is recorded with
the recipient, the date, the items released, the agencies' records they came from and
the consent it rests on, and shown to the person and to administrators. Consent is
checked where the data is read: a company sees contact details only while the
introduction stands and the person is still offered; a person who withdraws stops the
provision at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.companies.models import Company, Need
from talentbridge.errors import Invalid, NotFound, PermissionDenied
from talentbridge.feeds.models import SourceRecord
from talentbridge.feeds.service import layouts
from talentbridge.matching.models import (
    ACCEPTED,
    CANCELLED,
    DECLINED,
    OPEN_STATES,
    REQUESTED,
    WITHDRAWN,
    Introduction,
    IntroductionStep,
    ProvisionRecord,
)
from talentbridge.matching.scoring import JOB_MATCHING, explain, passes, profile_of, terms_of
from talentbridge.matching.service import company_hs, is_live
from talentbridge.registry.models import GoldenRecord

# What an accepted introduction releases to the company.
CONTACT_ITEMS = ("family_name", "given_name", "native_name", "email", "phone")
# What a company sees before: the person's working life, never who or where exactly they
# are, how old, or how to reach them.
PROFILE_FIELDS = ("residence_prefecture", "occupation", "experience_years", "experience_text", "education", "summary")


def _now() -> datetime:
    return datetime.now(UTC)


def _step(session: Session, introduction: Introduction, action: str, by: str, note: str | None = None) -> None:
    session.add(IntroductionStep(introduction_id=introduction.id, action=action, by=by, note=note, at=_now()))


def _golden(session: Session, person_id: int) -> GoldenRecord:
    golden = session.get(GoldenRecord, person_id)
    if golden is None:
        raise NotFound(f"there is no person {person_id} with a golden record")
    return golden


def offered_for_matching(golden: GoldenRecord) -> bool:
    purposes = {item["value"] for item in golden.data.get("consent", {}).get("purposes", [])}
    return bool(golden.offerable and JOB_MATCHING in purposes)


def get(session: Session, introduction_id: int) -> Introduction:
    found = session.get(Introduction, introduction_id)
    if found is None:
        raise NotFound(f"there is no introduction {introduction_id}")
    return found


def request(
    session: Session, *, need_id: int, person_id: int, company_id: int | None, by: str, message: str | None = None
) -> Introduction:
    """The company asks to meet the person for its need (`company_id`: the asking user's
    company; None for an administrator acting for it)."""
    need = session.get(Need, need_id)
    if need is None:
        raise NotFound(f"there is no need {need_id}")
    if company_id is not None and need.company_id != company_id:
        raise PermissionDenied("A company can ask for introductions for its own needs only.")
    if not is_live(need):
        raise Invalid(f"the need {need.need_key} is not open (it is {need.status} or expired on {need.expires_on})")
    golden = _golden(session, person_id)
    profile = profile_of(person_id, golden.data, golden.offerable)
    terms = terms_of(need, company_hs(session, need))
    if not passes(terms, profile):
        raise Invalid(
            f"person {person_id} does not meet the need's requirements (languages, work eligibility) "
            "or has not consented to job matching"
        )
    existing = session.scalar(
        select(Introduction).where(Introduction.need_id == need.id, Introduction.person_id == person_id)
    )
    if existing is not None:
        if existing.status in OPEN_STATES:
            raise Invalid(f"person {person_id} has already been asked for {need.need_key} ({existing.status})")
        if existing.status in (DECLINED, WITHDRAWN):
            raise Invalid(
                f"person {person_id} has {existing.status} the introduction for {need.need_key}; "
                "they are not asked again for it"
            )
        introduction = existing  # cancelled by the company: it may ask again
        introduction.status = REQUESTED
        introduction.requested_at, introduction.requested_by = _now(), by
        introduction.answered_at = introduction.closed_at = None
    else:
        introduction = Introduction(need_id=need.id, company_id=need.company_id, person_id=person_id, requested_by=by)
        session.add(introduction)
    introduction.score = explain(terms, profile).score
    introduction.message = (message or "").strip() or None
    session.flush()
    _step(session, introduction, "requested", by, introduction.message)
    return introduction


def answer(session: Session, introduction_id: int, *, person_id: int | None, accept: bool, by: str) -> Introduction:
    """The person accepts (their contact details go to the company, recorded) or declines."""
    introduction = get(session, introduction_id)
    if person_id is not None and introduction.person_id != person_id:
        raise PermissionDenied("Only the person asked can answer this request.")
    if introduction.status != REQUESTED:
        raise Invalid(f"this request is {introduction.status}; there is nothing to answer")
    golden = _golden(session, introduction.person_id)
    if accept and not offered_for_matching(golden):
        raise Invalid("your records no longer allow your details to be given to companies; ask the agency")
    introduction.status = ACCEPTED if accept else DECLINED
    introduction.answered_at = _now()
    if not accept:
        introduction.closed_at = introduction.answered_at
    _step(session, introduction, "accepted" if accept else "declined", by)
    if accept:
        _release(session, introduction, golden, by)
    session.flush()
    return introduction


def cancel(session: Session, introduction_id: int, *, company_id: int | None, by: str) -> Introduction:
    introduction = get(session, introduction_id)
    if company_id is not None and introduction.company_id != company_id:
        raise PermissionDenied("A company can cancel its own requests only.")
    if introduction.status != REQUESTED:
        raise Invalid(f"this request is {introduction.status}; only an unanswered request can be cancelled")
    introduction.status = CANCELLED
    introduction.closed_at = _now()
    _step(session, introduction, "cancelled", by)
    session.flush()
    return introduction


def withdraw(
    session: Session, introduction_id: int, *, person_id: int | None, by: str, reason: str | None = None
) -> Introduction:
    """The person ends the introduction: a released provision stops at once."""
    introduction = get(session, introduction_id)
    if person_id is not None and introduction.person_id != person_id:
        raise PermissionDenied("Only the person can withdraw from their introduction.")
    if introduction.status not in OPEN_STATES:
        raise Invalid(f"this introduction is {introduction.status} already")
    introduction.status = WITHDRAWN
    introduction.closed_at = _now()
    _step(session, introduction, "withdrawn", by, reason)
    for record in session.scalars(
        select(ProvisionRecord).where(
            ProvisionRecord.introduction_id == introduction.id, ProvisionRecord.stopped_at.is_(None)
        )
    ):
        record.stopped_at = introduction.closed_at
        record.stop_reason = "withdrawn by the person"
    session.flush()
    return introduction


def _release(session: Session, introduction: Introduction, golden: GoldenRecord, by: str) -> ProvisionRecord:
    fields = golden.data.get("fields", {})
    items = [name for name in CONTACT_ITEMS if fields.get(name, {}).get("value")]
    record_ids = {fields[name]["source"] for name in items} | set(golden.data.get("consent", {}).get("sources", []))
    records = {
        record.id: record for record in session.scalars(select(SourceRecord).where(SourceRecord.id.in_(record_ids)))
    }
    agencies = {name: layout.agency for name, layout in layouts().items()}

    def where(record_id: int) -> dict[str, Any]:
        record = records.get(record_id)
        feed = record.feed if record else None
        return {"source_record": record_id, "feed": feed, "agency": agencies.get(feed or "", feed)}

    company = session.get(Company, introduction.company_id)
    provision = ProvisionRecord(
        introduction_id=introduction.id,
        person_id=introduction.person_id,
        recipient_company_id=introduction.company_id,
        recipient_name=company.name if company else str(introduction.company_id),
        items=items,
        sources=[{"item": name, **where(fields[name]["source"])} for name in items],
        consent={
            "purpose": JOB_MATCHING,
            "consenting_records": [where(record_id) for record_id in golden.data["consent"]["sources"]],
        },
        provided_at=_now(),
        provided_by=by,
    )
    session.add(provision)
    return provision


# --- what each side sees ---------------------------------------------------------------------


@dataclass
class CompanySide:
    """An introduction as its company sees it."""

    introduction: Introduction
    need: Need
    profile: dict[str, Any]  # never contact details, birth date or exact address
    contact: dict[str, Any] | None  # only while accepted and the person is still offered


def anonymous_profile(golden: dict[str, Any]) -> dict[str, Any]:
    fields = golden.get("fields", {})
    return {
        **{name: fields[name]["value"] for name in PROFILE_FIELDS if name in fields},
        "languages": [
            {"code": item["code"], "level": item.get("level"), "jlpt": item.get("jlpt")}
            for item in golden.get("languages", [])
        ],
        "skills": [item["value"] for item in golden.get("skills", [])],
        "sectors": [item["value"] for item in golden.get("sectors", [])],
        "experience": [
            {key: entry.get(key) for key in ("country", "years", "role", "employer_type")}
            for entry in golden.get("experience", [])
        ],
    }


def company_side(session: Session, introduction: Introduction) -> CompanySide:
    golden = _golden(session, introduction.person_id)
    need = session.get(Need, introduction.need_id)
    assert need is not None
    contact = None
    if introduction.status == ACCEPTED and offered_for_matching(golden):
        fields = golden.data.get("fields", {})
        contact = {name: fields[name]["value"] for name in CONTACT_ITEMS if fields.get(name, {}).get("value")}
    return CompanySide(introduction, need, anonymous_profile(golden.data), contact)


def for_company(session: Session, company_id: int) -> list[Introduction]:
    return list(
        session.scalars(
            select(Introduction).where(Introduction.company_id == company_id).order_by(Introduction.requested_at.desc())
        )
    )


def for_person(session: Session, person_id: int) -> list[Introduction]:
    return list(
        session.scalars(
            select(Introduction).where(Introduction.person_id == person_id).order_by(Introduction.requested_at.desc())
        )
    )


def steps(session: Session, introduction_id: int) -> list[IntroductionStep]:
    return list(
        session.scalars(
            select(IntroductionStep)
            .where(IntroductionStep.introduction_id == introduction_id)
            .order_by(IntroductionStep.id)
        )
    )


def provisions(session: Session, *, person_id: int | None = None, limit: int = 500) -> list[ProvisionRecord]:
    stmt = select(ProvisionRecord).order_by(ProvisionRecord.provided_at.desc(), ProvisionRecord.id.desc())
    if person_id is not None:
        stmt = stmt.where(ProvisionRecord.person_id == person_id)
    return list(session.scalars(stmt.limit(limit)))
