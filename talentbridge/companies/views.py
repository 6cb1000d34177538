"""Companies and their hiring needs: the API, and the company user's pages.

A company user sees and changes only its own company's needs; data stewards and
administrators see every company.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.companies import service
from talentbridge.companies.models import Company, Need
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep
from talentbridge.errors import PermissionDenied
from talentbridge.matching.service import get_need

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
