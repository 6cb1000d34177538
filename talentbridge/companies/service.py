"""Companies and their hiring needs: reading them, and needs filed on the web or the API.

A need filed here goes through the same normalisers as the `company-needs` feed, so a
level, a market or an HS code means the same whichever way it came in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentbridge.companies.imports import default_expiry
from talentbridge.companies.models import ACTIVE, CLOSED, OPEN, ORIGIN_COMPANY, Company, Need
from talentbridge.errors import Invalid, NotFound
from talentbridge.feeds.errors import NormaliseError
from talentbridge.feeds.normalise import business, prefectures, text


def get_company(session: Session, company: str | int) -> Company:
    """A company by its corporate number or its number here."""
    found: Company | None
    key = str(company).strip()
    if len(key) == 13 and key.isdigit():
        found = session.scalar(select(Company).where(Company.corporate_number == key))
    elif key.isdigit():
        found = session.get(Company, int(key))
    else:
        found = None
    if found is None:
        raise NotFound(f"there is no company {company}")
    return found


def list_companies(
    session: Session, *, query: str | None = None, tier: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[Company]]:
    conditions: list[Any] = []
    if tier:
        conditions.append(Company.tier == tier)
    for term in (query or "").split():
        conditions.append(Company.name.contains(term, autoescape=True) | Company.corporate_number.startswith(term))
    total = session.scalar(select(func.count()).select_from(Company).where(*conditions)) or 0
    rows = session.scalars(select(Company).where(*conditions).order_by(Company.name).limit(limit).offset(offset))
    return total, list(rows)


def needs_of(session: Session, company_id: int, *, include_closed: bool = True) -> list[Need]:
    stmt = select(Need).where(Need.company_id == company_id)
    if not include_closed:
        stmt = stmt.where(Need.status == OPEN)
    return list(session.scalars(stmt.order_by(Need.as_of.desc(), Need.id.desc())))


def _field(name: str, call: Any) -> Any:
    try:
        return call()
    except NormaliseError as exc:
        raise Invalid(f"{name}: {exc.message}") from None


def file_need(session: Session, company: Company, values: dict[str, Any], *, by: str) -> Need:
    """A need filed by the company (web or API). `values` as the company-needs layout has
    them: title, role, languages [{code, min}], target_markets, sectors, hs_codes,
    skills, prefecture, work_eligible_only, headcount, description, expires."""
    if company.status != ACTIVE:
        raise Invalid(f"{company.name} has left the consortium; it cannot file needs")
    title = text.clean_text(values.get("title"))
    if not title:
        raise Invalid("title: give the need a title (such as ベトナム向け輸出営業担当)")
    today = datetime.now(UTC).date()
    expires = _field("expires", lambda: _date(values.get("expires")))
    if expires is not None and expires < today:
        raise Invalid(f"expires: {expires} is in the past")
    need = Need(
        need_key=_next_key(session, today),
        company_id=company.id,
        title=title[:200],
        role=text.clean_text(values.get("role")),
        languages=_field("languages", lambda: business.language_minimums(values.get("languages"))),
        target_markets=_field("target_markets", lambda: business.markets(values.get("target_markets"))),
        sectors=_field("sectors", lambda: text.split_list(values.get("sectors"))),
        hs_codes=_field("hs_codes", lambda: business.hs_codes(values.get("hs_codes"))),
        skills=_field("skills", lambda: text.split_list(values.get("skills"))),
        prefecture=_field("prefecture", lambda: prefectures.prefecture_to_jis(values.get("prefecture"))),
        work_eligible_only=bool(
            _field("work_eligible_only", lambda: business.yes_no(values.get("work_eligible_only")))
        ),
        headcount=_field("headcount", lambda: business.integer(values.get("headcount"), minimum=1)) or 1,
        description=text.clean_text(values.get("description")),
        status=OPEN,
        as_of=today,
        expires_on=expires or default_expiry(today),
        origin=ORIGIN_COMPANY,
        created_by=by,
    )
    session.add(need)
    session.flush()
    return need


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    from talentbridge.feeds.normalise.dates import parse_date

    return parse_date(value)


def _next_key(session: Session, today: date) -> str:
    """N-<year>-W<number>: a need filed here (the feed's keep their own ids)."""
    prefix = f"N-{today.year}-W"
    count = session.scalar(select(func.count()).select_from(Need).where(Need.need_key.startswith(prefix))) or 0
    while True:
        count += 1
        key = f"{prefix}{count:05d}"
        if session.scalar(select(Need.id).where(Need.need_key == key)) is None:
            return key


def close_need(session: Session, need: Need, *, by: str) -> Need:
    if need.status != OPEN:
        raise Invalid(f"the need {need.need_key} is {need.status} already")
    need.status = CLOSED
    need.updated_at = datetime.now(UTC)
    session.flush()
    return need


def need_json(need: Need, company: Company | None = None) -> dict[str, Any]:
    return {
        "need_id": need.need_key,
        "id": need.id,
        "company": company.corporate_number if company else need.company_id,
        "title": need.title,
        "role": need.role,
        "languages": need.languages,
        "target_markets": need.target_markets,
        "sectors": need.sectors,
        "hs_codes": need.hs_codes,
        "skills": need.skills,
        "prefecture": need.prefecture,
        "work_eligible_only": need.work_eligible_only,
        "headcount": need.headcount,
        "description": need.description,
        "status": need.status,
        "as_of": need.as_of.isoformat(),
        "expires_on": need.expires_on.isoformat(),
        "origin": need.origin,
    }


def company_json(company: Company) -> dict[str, Any]:
    return {
        "corporate_number": company.corporate_number,
        "name": company.name,
        "prefecture": company.prefecture,
        "industry": company.industry,
        "employees": company.employees,
        "capital_man_yen": company.capital_man_yen,
        "hs_codes": company.hs_codes,
        "exports_already": company.exports_already,
        "target_markets": company.target_markets,
        "tier": company.tier,
        "registered_on": company.registered_on.isoformat() if company.registered_on else None,
        "status": company.status,
    }
