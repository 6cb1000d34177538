"""The matching API: ranked persons for a need, ranked needs for a person, fair allocation.

Who may ask: administrators and data stewards anything; a company user only about its
own company's needs; a professional only about their own person. Results name persons
by id with the factors of their score, never with contact details (those come only
with an introduction both sides accepted). Every ranking asked for is in the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep, require_roles
from talentbridge.errors import PermissionDenied
from talentbridge.matching import events, service
from talentbridge.matching.explain import factor_words

router = APIRouter()
Top = Annotated[int, Query(ge=1, le=service.MAX_TOP, description="How many results, best first.")]


def _with_words(result: service.Result, side: str, locale: str) -> dict[str, Any]:
    item = result.to_json(side=side)
    for factor in item["factors"]:
        factor["words"] = factor_words(factor, locale)
    return item


def _audit(session: Session, user: UserRead, action: str, object_id: str, found: list[Any]) -> None:
    accounts.audit(
        session,
        actor=user.username,
        user_id=user.id,
        action=action,
        object_type="match",
        object_id=object_id,
        detail={"found": found},
    )


@router.get("/api/needs/{need}/matches", tags=["matching"])
def api_need_matches(
    need: str, session: SessionDep, user: CurrentUser, top: Top = service.DEFAULT_TOP
) -> list[dict[str, Any]]:
    """The persons who fit the need (its id such as N-2018-0042, or its number), best
    first: `person_id`, `score` and `factors` ({name, contribution, detail, words}),
    whose contributions add up to the score."""
    found = service.get_need(session, need)
    if not (user.is_steward or (user.role == Role.company and user.company_id == found.company_id)):
        raise PermissionDenied("Only the need's own company, data stewards and administrators can see its matches.")
    results = service.match_need(session, found.id, top=top)
    _audit(session, user, "match.need", found.need_key, [r.person_id for r in results])
    return [_with_words(result, "person", user.locale) for result in results]


@router.get("/api/persons/{person_id}/needs", tags=["matching"])
def api_person_needs(
    person_id: int, session: SessionDep, user: CurrentUser, top: Top = service.DEFAULT_TOP
) -> list[dict[str, Any]]:
    """The open needs the person fits, best first: `need_id`, `score`, `factors`."""
    if not (user.is_steward or (user.role == Role.professional and user.person_id == person_id)):
        raise PermissionDenied("Only the person themselves, data stewards and administrators can see these.")
    results = service.match_person(session, person_id, top=top)
    _audit(session, user, "match.person", str(person_id), [r.need_key for r in results])
    return [_with_words(result, "need", user.locale) for result in results]


AdminUser = Annotated[UserRead, Depends(require_roles(Role.administrator))]


@router.post("/api/fairs/allocate", tags=["matching"], dependencies=[CsrfChecked])
def api_fair_allocate(
    session: SessionDep,
    user: AdminUser,
    event: Annotated[dict[str, Any], Body(description="The fair: see the README, Matching fairs.")],
) -> dict[str, Any]:
    """A stable allocation of the fair's interview slots, with the seed it used."""
    result = events.allocate_event(session, event)
    accounts.audit(
        session,
        actor=user.username,
        user_id=user.id,
        action="fair.allocate",
        object_type="fair",
        object_id=str(event.get("name") or "")[:80],
        detail={"seed": result["seed"], "meetings": result["meetings"]},
    )
    return result
