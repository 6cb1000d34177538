"""Companies and their hiring needs: the API, and the company user's pages.

A company user sees and changes only its own company's needs; data stewards and
administrators see every company.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.companies import service
from talentbridge.companies.models import Company, Need
from talentbridge.config import get_settings
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep
from talentbridge.errors import Invalid, PermissionDenied
from talentbridge.matching.explain import factor_words
from talentbridge.matching.models import Introduction
from talentbridge.matching.scoring import FACTORS
from talentbridge.matching.service import get_need, is_live, match_need
from talentbridge.web.templating import error_text, templates

router = APIRouter()


def may_see(user: UserRead, company_id: int) -> bool:
    return user.is_steward or (user.role == Role.company and user.company_id == company_id)


def check_company(user: UserRead, company: Company) -> None:
    if not may_see(user, company.id):
        raise PermissionDenied("A company user sees its own company only.")


def check_changes(user: UserRead, company: Company) -> None:
    """Who may file and close a company's needs: the company's own users, administrators."""
    if not (user.role == Role.administrator or (user.role == Role.company and user.company_id == company.id)):
        raise PermissionDenied("Only the company's own users (and administrators) can change its needs.")


def _audit(session: Session, user: UserRead, action: str, object_id: str, detail: dict[str, Any] | None = None) -> None:
    accounts.audit(
        session, actor=user.username, user_id=user.id, action=action, object_type="need", object_id=object_id,
        detail=detail or {},
    )  # fmt: skip


@router.get("/api/companies", tags=["companies"])
def api_companies(
    session: SessionDep,
    user: CurrentUser,
    q: Annotated[str | None, Query(description="Words of the name, or the start of the corporate number.")] = None,
    tier: Annotated[str | None, Query(description="priority, local_sme or general.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """The consortium's companies (stewards and administrators); a company user gets its own."""
    if not user.is_steward:
        if user.company_id is None:
            raise PermissionDenied("Your account is not linked to a company yet; ask an administrator.")
        own = service.get_company(session, user.company_id)
        return {"total": 1, "companies": [service.company_json(own)]}
    total, companies = service.list_companies(session, query=q, tier=tier, limit=limit, offset=offset)
    return {"total": total, "companies": [service.company_json(company) for company in companies]}


@router.get("/api/companies/{company}", tags=["companies"])
def api_company(company: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """A company (by corporate number) with its needs."""
    found = service.get_company(session, company)
    check_company(user, found)
    return {
        **service.company_json(found),
        "needs": [service.need_json(need, found) for need in service.needs_of(session, found.id)],
    }


@router.post("/api/companies/{company}/needs", tags=["companies"], status_code=201, dependencies=[CsrfChecked])
def api_file_need(
    company: str,
    session: SessionDep,
    user: CurrentUser,
    need: Annotated[
        dict[str, Any],
        Body(
            description="As a line of the company-needs layout, without need_id and corporate_number.",
            examples=[
                {
                    "title": "ベトナム向け輸出営業担当",
                    "role": "export sales",
                    "languages": [{"code": "ja", "min": "N2"}, {"code": "vi", "min": "B2"}],
                    "target_markets": ["VN"],
                    "sectors": ["sake and beverages"],
                    "hs_codes": ["2206"],
                    "skills": ["export documentation", "negotiation"],
                    "prefecture": "Niigata",
                    "work_eligible_only": True,
                    "headcount": 1,
                    "description": "新潟の酒蔵。ベトナムの輸入業者との商談を担当。",
                }
            ],
        ),
    ],
) -> dict[str, Any]:
    """File a hiring need for the company; it is open at once and expires after the
    configured lifetime unless `expires` says when."""
    found = service.get_company(session, company)
    check_changes(user, found)
    filed = service.file_need(session, found, need, by=user.username)
    _audit(session, user, "need.file", filed.need_key)
    return service.need_json(filed, found)


@router.get("/api/needs/{need}", tags=["companies"])
def api_need(need: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    found = get_need(session, need)
    company = session.get(Company, found.company_id)
    assert company is not None
    check_company(user, company)
    return service.need_json(found, company)


@router.post("/api/needs/{need}/close", tags=["companies"], dependencies=[CsrfChecked])
def api_close_need(need: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Close a need (filled, or no longer wanted): it is matched no more."""
    found: Need = get_need(session, need)
    company = session.get(Company, found.company_id)
    assert company is not None
    check_changes(user, company)
    service.close_need(session, found, by=user.username)
    _audit(session, user, "need.close", found.need_key)
    return service.need_json(found, company)


# --- pages ------------------------------------------------------------------------------


def _need_form_values(form: Any) -> dict[str, Any]:
    """A need from the filing form: lists one item a line (or split by ;), languages as
    'ja N2' one a line."""
    languages = []
    for line in str(form.get("languages") or "").replace(";", "\n").splitlines():
        parts = line.split()
        if parts:
            languages.append({"code": parts[0], "min": parts[1] if len(parts) > 1 else None})
    listed = {
        name: [item.strip() for item in str(form.get(name) or "").replace("\n", ";").split(";") if item.strip()]
        for name in ("target_markets", "sectors", "hs_codes", "skills")
    }
    return {
        "title": form.get("title"),
        "role": form.get("role"),
        "languages": languages,
        **listed,
        "prefecture": form.get("prefecture") or None,
        "work_eligible_only": bool(form.get("work_eligible_only")),
        "headcount": form.get("headcount") or None,
        "description": form.get("description"),
        "expires": form.get("expires") or None,
    }


@router.get("/company", include_in_schema=False)
def own_company(user: CurrentUser) -> Response:
    if user.role != Role.company or user.company_id is None:
        raise PermissionDenied("Your account is not linked to a company yet; ask an administrator.")
    return RedirectResponse(f"/companies/{user.company_id}", status_code=303)


def _company_page(
    request: Request, session: Session, user: UserRead, company: Company, *, error: str | None = None,
    form: dict[str, Any] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    return templates.TemplateResponse(
        request,
        "companies/company.html",
        {
            "company": company,
            "needs": service.needs_of(session, company.id),
            "may_change": user.role == Role.administrator or user.company_id == company.id,
            "error": error,
            "form": form or {},
            "active": "company",
            "today": date.today(),
            "lifetime": get_settings().need_lifetime_days,
        },
        status_code=status_code,
    )


@router.get("/companies/{company}", response_class=HTMLResponse, include_in_schema=False)
def company_page(request: Request, company: str, session: SessionDep, user: CurrentUser) -> Response:
    found = service.get_company(session, company)
    check_company(user, found)
    return _company_page(request, session, user, found)


@router.post("/companies/{company}/needs", include_in_schema=False, dependencies=[CsrfChecked])
async def file_need_form(request: Request, company: str, session: SessionDep, user: CurrentUser) -> Response:
    found = service.get_company(session, company)
    check_changes(user, found)
    form = dict((await request.form()).items())
    try:
        with session.begin_nested():
            filed = service.file_need(session, found, _need_form_values(form), by=user.username)
    except Invalid as exc:
        return _company_page(request, session, user, found, error=error_text(request, exc), form=form, status_code=422)
    _audit(session, user, "need.file", filed.need_key)
    return RedirectResponse(f"/needs/{filed.need_key}", status_code=303)


@router.get("/needs/{need}", response_class=HTMLResponse, include_in_schema=False)
def need_page(request: Request, need: str, session: SessionDep, user: CurrentUser) -> Response:
    found = get_need(session, need)
    company = session.get(Company, found.company_id)
    assert company is not None
    check_company(user, company)
    results = match_need(session, found.id, top=20) if is_live(found) else []
    asked = {
        item.person_id: item for item in session.scalars(select(Introduction).where(Introduction.need_id == found.id))
    }
    accounts.audit(
        session, actor=user.username, user_id=user.id, action="match.need", object_type="match",
        object_id=found.need_key, detail={"found": [r.person_id for r in results]},
    )  # fmt: skip
    words = {r.person_id: [(f, factor_words(f, user.locale)) for f in r.factors if f["contribution"]] for r in results}
    return templates.TemplateResponse(
        request,
        "companies/need.html",
        {
            "need": found,
            "company": company,
            "results": results,
            "words": words,
            "asked": asked,
            "live": is_live(found),
            "may_change": user.role == Role.administrator or user.company_id == company.id,
            "factor_max": FACTORS,
            "active": "company",
        },
    )


@router.post("/needs/{need}/close", include_in_schema=False, dependencies=[CsrfChecked])
def close_need_form(need: str, session: SessionDep, user: CurrentUser) -> Response:
    found = get_need(session, need)
    company = session.get(Company, found.company_id)
    assert company is not None
    check_changes(user, company)
    service.close_need(session, found, by=user.username)
    _audit(session, user, "need.close", found.need_key)
    return RedirectResponse(f"/needs/{found.need_key}", status_code=303)
