"""The matching API: ranked persons for a need, ranked needs for a person, fair allocation.

Who may ask: administrators and data stewards anything; a company user only about its
own company's needs; a professional only about their own person. Results name persons
by id with the factors of their score, never with contact details (those come only
with an introduction both sides accepted). Every ranking asked for is in the audit log.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.companies.models import Company, Need
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep, require_roles
from talentbridge.errors import Invalid, NotFound, PermissionDenied
from talentbridge.matching import events, introductions, service
from talentbridge.matching.explain import factor_words
from talentbridge.matching.models import Introduction, ProvisionRecord
from talentbridge.registry.models import GoldenRecord
from talentbridge.web.templating import error_text, templates

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
    return _allocate(session, user, event)


def _allocate(session: Session, user: UserRead, event: Any) -> dict[str, Any]:
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


# --- introductions -----------------------------------------------------------------------


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def introduction_json(session: Session, user: UserRead, introduction: Introduction) -> dict[str, Any]:
    """An introduction as this user may see it: the company never sees contact details
    before the person accepted; the person sees the need and the company."""
    need = session.get(Need, introduction.need_id)
    company = session.get(Company, introduction.company_id)
    assert need is not None
    assert company is not None
    item: dict[str, Any] = {
        "id": introduction.id,
        "need_id": need.need_key,
        "title": need.title,
        "company": {"corporate_number": company.corporate_number, "name": company.name},
        "person_id": introduction.person_id,
        "status": introduction.status,
        "score": introduction.score,
        "message": introduction.message,
        "requested_at": _iso(introduction.requested_at),
        "answered_at": _iso(introduction.answered_at),
        "closed_at": _iso(introduction.closed_at),
        "steps": [
            {"action": s.action, "by": s.by, "at": _iso(s.at), "note": s.note}
            for s in introductions.steps(session, introduction.id)
        ],
    }
    if user.role != Role.professional:
        side = introductions.company_side(session, introduction)
        item["profile"] = side.profile
        item["contact"] = side.contact
    return item


def _check_reader(user: UserRead, introduction: Introduction) -> None:
    if user.is_steward:
        return
    if user.role == Role.company and user.company_id == introduction.company_id:
        return
    if user.role == Role.professional and user.person_id == introduction.person_id:
        return
    raise PermissionDenied("This introduction is between another company and person.")


@router.post("/api/needs/{need}/introductions", tags=["introductions"], status_code=201, dependencies=[CsrfChecked])
def api_request_introduction(
    need: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any], Body(examples=[{"person_id": 1740, "message": "Could we talk about Viet Nam?"}])],
) -> dict[str, Any]:
    """The company shortlists a person for its need and asks to be introduced."""
    found = service.get_need(session, need)
    if user.role != Role.administrator and not (user.role == Role.company and user.company_id == found.company_id):
        raise PermissionDenied("Only the need's own company (or an administrator) can ask for introductions.")
    person_id = body.get("person_id")
    if not isinstance(person_id, int):
        raise Invalid("person_id: give the id of the person to be introduced to")
    introduction = introductions.request(
        session,
        need_id=found.id,
        person_id=person_id,
        company_id=found.company_id,
        by=user.username,
        message=body.get("message"),
    )
    _audit_intro(session, user, "introduction.request", introduction)
    return introduction_json(session, user, introduction)


@router.get("/api/introductions", tags=["introductions"])
def api_introductions(session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The introductions of the user's company, or to the user's person (stewards: all)."""
    if user.role == Role.company and user.company_id is not None:
        found = introductions.for_company(session, user.company_id)
    elif user.role == Role.professional and user.person_id is not None:
        found = introductions.for_person(session, user.person_id)
    elif user.is_steward:
        found = list(session.scalars(select(Introduction).order_by(Introduction.id.desc()).limit(500)))
    else:
        raise PermissionDenied("Your account is not linked to a company or a person yet; ask an administrator.")
    return [introduction_json(session, user, item) for item in found]


@router.get("/api/introductions/{introduction_id}", tags=["introductions"])
def api_introduction(introduction_id: int, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    introduction = introductions.get(session, introduction_id)
    _check_reader(user, introduction)
    if introductions.company_side(session, introduction).contact and user.role != Role.professional:
        _audit_intro(session, user, "person.contact.view", introduction)
    return introduction_json(session, user, introduction)


def _audit_intro(session: Session, user: UserRead, action: str, introduction: Introduction) -> None:
    accounts.audit(
        session,
        actor=user.username,
        user_id=user.id,
        action=action,
        object_type="introduction",
        object_id=str(introduction.id),
        detail={"person": introduction.person_id, "status": introduction.status},
    )


def _person_of(user: UserRead) -> int | None:
    """The person a professional acts for; None for an administrator (acting for anyone)."""
    if user.role == Role.administrator:
        return None
    if user.role != Role.professional or user.person_id is None:
        raise PermissionDenied("Only the person asked (or an administrator) can do this.")
    return user.person_id


def _company_of(user: UserRead) -> int | None:
    if user.role == Role.administrator:
        return None
    if user.role != Role.company or user.company_id is None:
        raise PermissionDenied("Only the asking company (or an administrator) can do this.")
    return user.company_id


@router.post("/api/introductions/{introduction_id}/{action}", tags=["introductions"], dependencies=[CsrfChecked])
def api_introduction_step(
    introduction_id: int,
    action: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any] | None, Body()] = None,
) -> dict[str, Any]:
    """`accept` or `decline` (the person), `withdraw` (the person, at any time: the
    company loses the contact details at once), `cancel` (the company, before an answer)."""
    reason = (body or {}).get("reason")
    if action in ("accept", "decline"):
        found = introductions.answer(
            session, introduction_id, person_id=_person_of(user), accept=action == "accept", by=user.username
        )
    elif action == "withdraw":
        found = introductions.withdraw(
            session, introduction_id, person_id=_person_of(user), by=user.username, reason=reason
        )
    elif action == "cancel":
        found = introductions.cancel(session, introduction_id, company_id=_company_of(user), by=user.username)
    else:
        raise NotFound(f"there is no step {action!r}: use accept, decline, withdraw or cancel")
    _audit_intro(session, user, f"introduction.{action}", found)
    return introduction_json(session, user, found)


@router.get("/api/provisions", tags=["introductions"])
def api_provisions(
    session: SessionDep, user: CurrentUser, person_id: Annotated[int | None, Query()] = None
) -> list[dict[str, Any]]:
    """Provision records (APPI): every release of a person's details to a company, with
    the items, the agencies' records they came from and the consent it rests on. A
    professional sees their own; an administrator anyone's."""
    if user.role == Role.professional and user.person_id is not None:
        person_id = user.person_id
    elif user.role != Role.administrator:
        raise PermissionDenied("Provision records are shown to the person concerned and to administrators.")
    return [provision_json(record) for record in introductions.provisions(session, person_id=person_id)]


def provision_json(record: ProvisionRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "introduction_id": record.introduction_id,
        "person_id": record.person_id,
        "recipient": {"company_id": record.recipient_company_id, "name": record.recipient_name},
        "items": record.items,
        "sources": record.sources,
        "consent": record.consent,
        "provided_at": _iso(record.provided_at),
        "provided_by": record.provided_by,
        "stopped_at": _iso(record.stopped_at),
        "stop_reason": record.stop_reason,
    }


# --- pages ------------------------------------------------------------------------------


@router.post("/needs/{need}/introductions", include_in_schema=False, dependencies=[CsrfChecked])
async def request_introduction_form(request: Request, need: str, session: SessionDep, user: CurrentUser) -> Response:
    found = service.get_need(session, need)
    if user.role != Role.administrator and not (user.role == Role.company and user.company_id == found.company_id):
        raise PermissionDenied("Only the need's own company (or an administrator) can ask for introductions.")
    form = await request.form()
    try:
        person_id = int(str(form.get("person_id")))
    except ValueError:
        raise Invalid("person_id: give the id of the person to be introduced to") from None
    introduction = introductions.request(
        session,
        need_id=found.id,
        person_id=person_id,
        company_id=found.company_id,
        by=user.username,
        message=str(form.get("message") or "") or None,
    )
    _audit_intro(session, user, "introduction.request", introduction)
    return RedirectResponse(f"/introductions/{introduction.id}", status_code=303)


@router.get("/introductions", response_class=HTMLResponse, include_in_schema=False)
def introductions_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    items = api_introductions(session, user)
    return templates.TemplateResponse(
        request, "matching/introductions.html", {"items": items, "active": "introductions"}
    )


@router.get("/introductions/{introduction_id}", response_class=HTMLResponse, include_in_schema=False)
def introduction_page(request: Request, introduction_id: int, session: SessionDep, user: CurrentUser) -> Response:
    item = api_introduction(introduction_id, session, user)
    return templates.TemplateResponse(
        request,
        "matching/introduction.html",
        {
            "item": item,
            "is_person": user.role == Role.professional,
            "is_company": user.role == Role.company,
            "active": "introductions",
        },
    )


@router.post("/introductions/{introduction_id}/{action}", include_in_schema=False, dependencies=[CsrfChecked])
async def introduction_step_form(
    request: Request, introduction_id: int, action: str, session: SessionDep, user: CurrentUser
) -> Response:
    form = await request.form()
    api_introduction_step(introduction_id, action, session, user, {"reason": form.get("reason")})
    back = "/me" if user.role == Role.professional else f"/introductions/{introduction_id}"
    return RedirectResponse(back, status_code=303)


@router.get("/me", response_class=HTMLResponse, include_in_schema=False)
def my_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """A professional's own page: their golden record, the requests to them, the provisions."""
    if user.role != Role.professional or user.person_id is None:
        raise PermissionDenied("This page is for professionals whose account is linked to their person.")
    golden = session.get(GoldenRecord, user.person_id)
    needs = service.match_person(session, user.person_id, top=10) if golden else []
    accounts.audit(
        session, actor=user.username, user_id=user.id, action="person.view.own", object_type="person",
        object_id=str(user.person_id),
    )  # fmt: skip
    return templates.TemplateResponse(
        request,
        "matching/me.html",
        {
            "golden": golden.data if golden else None,
            "offerable": bool(golden and introductions.offered_for_matching(golden)),
            "items": [introduction_json(session, user, i) for i in introductions.for_person(session, user.person_id)],
            "provisions": [provision_json(p) for p in introductions.provisions(session, person_id=user.person_id)],
            "needs": needs,
            "need_words": {
                r.need_key: [(f, factor_words(f, user.locale)) for f in r.factors if f["contribution"]] for r in needs
            },
            "active": "me",
        },
    )


@router.get("/provisions", response_class=HTMLResponse, include_in_schema=False)
def provisions_page(request: Request, session: SessionDep, user: AdminUser) -> Response:
    return templates.TemplateResponse(
        request,
        "matching/provisions.html",
        {"provisions": [provision_json(p) for p in introductions.provisions(session)], "active": "provisions"},
    )


@router.get("/fairs", response_class=HTMLResponse, include_in_schema=False)
def fairs_page(request: Request, user: AdminUser) -> Response:
    return templates.TemplateResponse(
        request, "matching/fairs.html", {"result": None, "event_text": "", "active": "fairs"}
    )


@router.post("/fairs", include_in_schema=False, dependencies=[CsrfChecked])
async def fairs_run(request: Request, session: SessionDep, user: AdminUser) -> Response:
    """Allocate the fair pasted or uploaded; `format=csv` downloads the allocation."""
    form = await request.form()
    upload = form.get("file")
    text = str(form.get("event") or "")
    if upload is not None and hasattr(upload, "read"):
        data = await upload.read()
        if data:
            text = data.decode("utf-8-sig", errors="replace")
    error = None
    result = None
    try:
        event = json.loads(text)
        with session.begin_nested():
            result = _allocate(session, user, event)
    except ValueError as exc:
        error = f"the event is not JSON: {exc}"
    except Invalid as exc:
        error = error_text(request, exc)
    if result is not None:
        if form.get("format") == "csv":
            name = "fair-allocation.csv"
            return Response(
                events.result_csv(result),
                media_type="text/csv; charset=utf-8",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
    return templates.TemplateResponse(
        request,
        "matching/fairs.html",
        {"result": result, "error": error, "event_text": text, "active": "fairs"},
        status_code=200 if error is None else 422,
    )
