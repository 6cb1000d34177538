"""The advisory API: specialists, their free slots, holds, booking and the steps of a talk.

Who may do what: a company user recommends, sees slots, holds and books for its own
company and acts on its own talks as the company; a specialist's account acts on its
own talks as the specialist; an administrator selects specialists and may act for
either side; data stewards read.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Body, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role, User
from talentbridge.accounts.schemas import UserRead
from talentbridge.advisory import booking, service, talks, utilisation
from talentbridge.advisory.models import PROFILE_FIELDS, SPECIALIST_STATES, DateOverride, SlotHold, Specialist, Talk
from talentbridge.advisory.recommend import recommend, recommendation_json
from talentbridge.companies.models import Company
from talentbridge.db import as_utc
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep
from talentbridge.errors import N_, Invalid, NotFound, PermissionDenied, message
from talentbridge.notifications import service as notifications
from talentbridge.web.templating import error_text, templates

router = APIRouter()
VIEWER_ZONE = "Asia/Tokyo"  # the companies' pages show Japan's time beside the specialist's
OTHERS_TALK = N_("This talk is between another company and specialist.")
HOLD_GONE = N_("this hold has expired or is not yours; choose the slot again")
NOT_A_DATE = N_("{value} is not a date (YYYY-MM-DD)")


def _audit(session: Session, user: UserRead, action: str, object_id: str, detail: dict[str, Any] | None = None) -> None:
    accounts.audit(
        session, actor=user.username, user_id=user.id, action=action, object_type="talk", object_id=object_id,
        detail=detail or {},
    )  # fmt: skip


def _own_company(session: Session, user: UserRead) -> Company:
    if user.role != Role.company or user.company_id is None:
        raise PermissionDenied(message(N_("Only a company user (linked to its company) books talks.")))
    company = session.get(Company, user.company_id)
    if company is None:
        raise NotFound(message(N_("your company is not in the register")))
    return company


def _specialist_json(specialist: Specialist) -> dict[str, Any]:
    return {
        "specialist_id": specialist.specialist_key,
        "name": specialist.name,
        "city": specialist.city,
        "country": specialist.country,
        "time_zone": specialist.time_zone,
        "sectors": specialist.sectors,
        "markets": specialist.markets,
        "languages": specialist.languages,
        "background": specialist.background,
        "status": specialist.status,
        "buffer_minutes": specialist.buffer_minutes,
        "notice_hours": specialist.notice_hours,
        "max_talks_per_day": specialist.max_talks_per_day,
    }


@router.get("/api/specialists", tags=["advisory"])
def api_specialists(
    session: SessionDep,
    user: CurrentUser,
    market: Annotated[str | None, Query(description="A market (CC or EU).")] = None,
    hs: Annotated[str | None, Query(description="An HS code.")] = None,
    sector: Annotated[str | None, Query(description="A sector, in words.")] = None,
    language: Annotated[str, Query(description="The language of the talk.")] = "ja",
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    """For a company user: active specialists for its company, best first, each score's
    factors adding up to it. For stewards and administrators: every specialist."""
    if user.role == Role.company:
        company = _own_company(session, user)
        found = recommend(session, company, market=market, hs_code=hs, sector=sector, language=language, top=top)
        return [recommendation_json(item) for item in found]
    if not user.is_steward:
        raise PermissionDenied(
            message(N_("Specialists are recommended to companies; stewards and administrators see them all."))
        )
    return [_specialist_json(s) for s in session.scalars(select(Specialist).order_by(Specialist.specialist_key))]


@router.post("/api/specialists/{specialist}/status", tags=["advisory"], dependencies=[CsrfChecked])
def api_specialist_status(
    specialist: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any], Body(examples=[{"status": "vetted", "notes": "interviewed in Bangkok"}])],
) -> dict[str, Any]:
    """The agency's selection (administrators): vetted, active or suspended."""
    if user.role != Role.administrator:
        raise PermissionDenied(message(N_("Only administrators select specialists.")))
    found = service.get_specialist(session, specialist)
    service.set_status(session, found, str(body.get("status")), by=user.username, notes=body.get("notes"))
    _audit(session, user, f"specialist.{found.status}", found.specialist_key)
    return _specialist_json(found)


@router.get("/api/specialists/{specialist}/slots", tags=["advisory"])
def api_slots(
    specialist: str,
    session: SessionDep,
    user: CurrentUser,
    first: Annotated[date, Query(alias="from", description="The first day, YYYY-MM-DD, in `tz`.")],
    days: Annotated[int, Query(ge=1, le=service.MAX_DAYS)] = 7,
    tz: Annotated[str, Query(description="The viewer's IANA time zone.")] = "Asia/Tokyo",
    minutes: Annotated[int, Query(ge=15, le=240)] = 60,
) -> list[dict[str, str]]:
    """Free slots: `start` and `end` in the viewer's zone (ISO 8601 with offsets), beside
    the specialist's own local times."""
    found = service.get_specialist(session, specialist)
    free = service.slots(session, found, first=first, days=days, viewer_zone=tz, minutes=minutes)
    return [service.slot_json(slot, tz, found.time_zone) for slot in free]


def _start(body: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(body.get("start")))
    except ValueError:
        raise Invalid(
            message(N_("start: give the start in ISO 8601 with its offset (2026-12-07T18:00+09:00)"))
        ) from None


@router.post("/api/specialists/{specialist}/holds", tags=["advisory"], status_code=201, dependencies=[CsrfChecked])
def api_hold(
    specialist: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any], Body(examples=[{"start": "2026-12-07T18:00+09:00", "minutes": 60}])],
) -> dict[str, Any]:
    """Hold a free slot while the booking form is filled in; book with its `token`."""
    company = _own_company(session, user)
    found = service.get_specialist(session, specialist)
    specialist_id = found.id
    session.commit()  # the hold is a write transaction of its own
    held = booking.hold(
        session,
        specialist_id=specialist_id,
        company=company,
        starts_at=_start(body),
        minutes=int(body.get("minutes", 60)),
    )
    result = {"token": held.token, "expires_at": held.expires_at.isoformat()}
    session.commit()  # the lock goes with the request (see api_book)
    return result


@router.post("/api/specialists/{specialist}/talks", tags=["advisory"], status_code=201, dependencies=[CsrfChecked])
def api_book(
    specialist: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[
        dict[str, Any],
        Body(
            examples=[
                {
                    "start": "2026-12-07T18:00+09:00",
                    "minutes": 60,
                    "purpose": "Selling soy sauce in Thailand",
                    "questions": "Which importers?",
                    "format": "video",
                    "hold": "token from POST .../holds",
                }
            ]
        ),
    ],
) -> dict[str, Any]:
    """Book a talk: 201 with the talk; 409 when the slot was taken; 422 with the reason
    when it is outside the specialist's hours, too soon, or over a monthly limit."""
    company = _own_company(session, user)
    found = service.get_specialist(session, specialist)
    specialist_id, zone = found.id, found.time_zone
    starts_at = _start(body)
    session.commit()  # the booking is a write transaction of its own
    talk = booking.book(
        session,
        specialist_id=specialist_id,
        company=company,
        starts_at=starts_at,
        minutes=int(body.get("minutes", 60)),
        purpose=str(body.get("purpose") or ""),
        questions=body.get("questions"),
        format=str(body.get("format") or "video"),
        hold_token=body.get("hold"),
        by=user.username,
    )
    _audit(session, user, "talk.book", str(talk.id), {"specialist": found.specialist_key})
    result = service.talk_json(talk, starts_at.tzinfo, zone)
    # Commit here, inside the request, not in the session's teardown: the booking holds the
    # specialist's row lock until it commits, and under load the teardown can wait for a
    # worker thread that the specialist's other bookings hold while they wait for the lock.
    session.commit()
    return result


def _side(user: UserRead, talk: Talk) -> str:
    if user.role == Role.administrator:
        return talks.ADMINISTRATOR
    if user.role == Role.company and user.company_id == talk.company_id:
        return talks.COMPANY
    if user.role == Role.specialist and user.specialist_id == talk.specialist_id:
        return talks.SPECIALIST
    raise PermissionDenied(message(OTHERS_TALK))


@router.get("/api/talks", tags=["advisory"])
def api_talks(session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    """The user's talks: its company's, or the specialist's own (stewards: all)."""
    stmt = select(Talk).order_by(Talk.starts_at)
    if user.role == Role.company and user.company_id is not None:
        stmt = stmt.where(Talk.company_id == user.company_id)
    elif user.role == Role.specialist and user.specialist_id is not None:
        stmt = stmt.where(Talk.specialist_id == user.specialist_id)
    elif not user.is_steward:
        raise PermissionDenied(
            message(N_("Your account is not linked to a company or a specialist yet; ask an administrator."))
        )
    out = []
    for talk in session.scalars(stmt.limit(1000)):
        specialist = session.get(Specialist, talk.specialist_id)
        assert specialist is not None
        out.append({**service.talk_json(talk, None, specialist.time_zone), "specialist_id": specialist.specialist_key})
    return out


@router.post("/api/talks/{talk_id}/{action}", tags=["advisory"], dependencies=[CsrfChecked])
def api_talk_step(
    talk_id: int,
    action: str,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any] | None, Body()] = None,
) -> dict[str, Any]:
    """`cancel` {reason}, `reschedule` {start}, `decline` {reason} (the specialist),
    `complete` {advice, next_steps} (the specialist), `no_show`, `rate` {stars, comment}
    (the company)."""
    body = body or {}
    talk = talks.get_talk(session, talk_id)
    side = _side(user, talk)
    specialist = session.get(Specialist, talk.specialist_id)
    assert specialist is not None
    if action == "cancel":
        talks.cancel(session, talk, side=side, by=user.username, reason=str(body.get("reason") or ""))
    elif action == "reschedule":
        session.commit()  # a move is a write transaction of its own
        talk = talks.get_talk(session, talk_id)
        talks.reschedule(session, talk, side=side, by=user.username, starts_at=_start(body))
    elif action in ("decline", "complete", "no_show") and side == talks.COMPANY:
        raise PermissionDenied(message(N_("Only the specialist can do this step of a talk ({step})."), step=action))
    elif action == "decline":
        talks.decline(session, talk, by=user.username, reason=str(body.get("reason") or ""))
    elif action == "complete":
        talks.complete(
            session, talk, by=user.username, advice=str(body.get("advice") or ""), next_steps=body.get("next_steps")
        )
    elif action == "no_show":
        talks.no_show(session, talk, by=user.username)
    elif action == "rate":
        if side == talks.SPECIALIST:
            raise PermissionDenied(message(N_("The company rates the talk.")))
        talks.rate(session, talk, stars=int(body.get("stars") or 0), comment=body.get("comment"))
    else:
        raise NotFound(
            message(
                N_("there is no step {step}: use cancel, reschedule, decline, complete, no_show or rate"),
                step=repr(action),
            )
        )
    _audit(session, user, f"talk.{action}", str(talk.id), {"side": side})
    result = {**service.talk_json(talk, None, specialist.time_zone), "sequence": talk.sequence}
    session.commit()  # the lock goes with the request (see api_book)
    return result


# --- the private calendar feed ----------------------------------------------------------


@router.post("/api/calendar-token", tags=["advisory"], dependencies=[CsrfChecked])
def api_new_calendar_token(request: Request, session: SessionDep, user: CurrentUser) -> dict[str, str]:
    """A new private address of the user's calendar feed (ICS); the old one stops working."""
    if user.role not in (Role.company, Role.specialist):
        raise PermissionDenied(message(N_("Calendar feeds are for company users and specialists.")))
    account = session.get(User, user.id)
    assert account is not None
    account.calendar_token = secrets.token_urlsafe(32)
    _audit(session, user, "calendar.token", str(user.id))
    return {"url": str(request.url_for("calendar_feed", token=account.calendar_token))}


@router.delete("/api/calendar-token", tags=["advisory"], dependencies=[CsrfChecked])
def api_revoke_calendar_token(session: SessionDep, user: CurrentUser) -> dict[str, str]:
    """Revoke the calendar feed's address."""
    account = session.get(User, user.id)
    assert account is not None
    account.calendar_token = None
    _audit(session, user, "calendar.revoke", str(user.id))
    return {"status": "revoked"}


@router.get("/calendar/{token}.ics", name="calendar_feed", include_in_schema=False)
def calendar_feed(token: str, session: SessionDep) -> Response:
    """The talks of the account whose private address this is (no sign-in: the address is
    the secret; revoking it makes a new one)."""
    account = session.scalar(select(User).where(User.calendar_token == token, User.is_active.is_(True)))
    if account is None or not token:
        raise NotFound(message(N_("there is no calendar at this address (it may have been revoked)")))
    stmt = select(Talk).order_by(Talk.starts_at)
    if account.role == Role.company and account.company_id is not None:
        stmt = stmt.where(Talk.company_id == account.company_id)
    elif account.role == Role.specialist and account.specialist_id is not None:
        stmt = stmt.where(Talk.specialist_id == account.specialist_id)
    else:
        raise NotFound(message(N_("there is no calendar at this address (it may have been revoked)")))
    body = notifications.feed(session, list(session.scalars(stmt.limit(2000))))
    return Response(body, media_type="text/calendar; charset=utf-8")


# --- pages: a company finds a specialist and books a talk --------------------------------


def _talk_view(session: Session, talk: Talk, zone: str) -> dict[str, Any]:
    specialist = session.get(Specialist, talk.specialist_id)
    company = session.get(Company, talk.company_id)
    assert specialist is not None
    assert company is not None
    return {
        **service.talk_json(talk, ZoneInfo(zone), specialist.time_zone),
        "japan_start": as_utc(talk.starts_at).astimezone(ZoneInfo(VIEWER_ZONE)).isoformat(),
        "starts_at": as_utc(talk.starts_at),
        "ends_at": as_utc(talk.ends_at),
        "specialist": specialist,
        "company": company,
        "questions": talk.questions,
        "cancel_reason": talk.cancel_reason,
        "cancelled_by": talk.cancelled_by,
        "advice": talk.advice,
        "next_steps": talk.next_steps,
        "rating": talk.rating,
        "rating_comment": talk.rating_comment,
    }


@router.get("/specialists", response_class=HTMLResponse, include_in_schema=False)
def specialists_page(
    request: Request, session: SessionDep, user: CurrentUser, market: str = "", hs: str = "", status: str = ""
) -> Response:
    """A company finds specialists (recommendations, with explanations); stewards and
    administrators see the agency's selection (administrators vet, activate, suspend)."""
    if user.is_steward:
        stmt = select(Specialist).order_by(Specialist.specialist_key)
        if status in SPECIALIST_STATES:
            stmt = stmt.where(Specialist.status == status)
        found = list(session.scalars(stmt.limit(2000)))
        counts = dict(session.execute(select(Specialist.status, func.count()).group_by(Specialist.status)).all())
        return templates.TemplateResponse(
            request,
            "advisory/selection.html",
            {
                "items": found,
                "status": status,
                "states": SPECIALIST_STATES,
                "counts": counts,
                "transitions": service.TRANSITIONS,
                "can_select": user.role == Role.administrator,
                "active": "specialists",
            },
        )
    company = _own_company(session, user)
    found_items = recommend(session, company, market=market or None, hs_code=hs or None)
    return templates.TemplateResponse(
        request,
        "advisory/specialists.html",
        {
            "items": [recommendation_json(item) for item in found_items],
            "market": market,
            "hs": hs,
            "active": "specialists",
        },
    )


@router.post("/specialists/{specialist}/status", include_in_schema=False, dependencies=[CsrfChecked])
async def status_form(request: Request, specialist: str, session: SessionDep, user: CurrentUser) -> Response:
    form = await request.form()
    body = {"status": str(form.get("status") or ""), "notes": str(form.get("notes") or "") or None}
    api_specialist_status(specialist, session, user, body)
    return RedirectResponse(f"/specialists?status={form.get('back') or ''}#{specialist}", status_code=303)


@router.get("/api/utilisation", tags=["advisory"])
def api_utilisation(
    session: SessionDep,
    user: CurrentUser,
    first: Annotated[
        date | None, Query(alias="from", description="The first day (Japan); default: this month's first.")
    ] = None,
    days: Annotated[int, Query(ge=1, le=utilisation.MAX_DAYS)] = 30,
) -> dict[str, Any]:
    """Hours booked against hours offered, per specialist and per market (administrators)."""
    if user.role != Role.administrator:
        raise PermissionDenied(message(N_("Utilisation is for administrators.")))
    first = first or datetime.now(ZoneInfo(VIEWER_ZONE)).date().replace(day=1)
    return utilisation.utilisation(session, first=first, days=days).json()


@router.get("/utilisation", response_class=HTMLResponse, include_in_schema=False)
def utilisation_page(
    request: Request, session: SessionDep, user: CurrentUser, start: str = "", days: int = 30
) -> Response:
    if user.role != Role.administrator:
        raise PermissionDenied(message(N_("Utilisation is for administrators.")))
    try:
        first = date.fromisoformat(start) if start else datetime.now(ZoneInfo(VIEWER_ZONE)).date().replace(day=1)
    except ValueError:
        raise Invalid(message(NOT_A_DATE, value=repr(start))) from None
    report = utilisation.utilisation(session, first=first, days=days)
    return templates.TemplateResponse(
        request,
        "advisory/utilisation.html",
        {
            "report": report,
            "first": first,
            "days": days,
            "scale": utilisation.scale(report.specialists),
            "market_scale": utilisation.scale(report.markets),
            "active": "utilisation",
        },
    )


@router.get("/specialists/{specialist}", response_class=HTMLResponse, include_in_schema=False)
def specialist_page(
    request: Request,
    specialist: str,
    session: SessionDep,
    user: CurrentUser,
    minutes: int = 60,
    start: str = "",
    move: int | None = None,
) -> Response:
    """A specialist's free slots; with `move`, the slots to move that talk of the company's to."""
    company = _own_company(session, user)
    found = service.get_specialist(session, specialist)
    moving = talks.get_talk(session, move) if move is not None else None
    if moving is not None:
        if moving.company_id != company.id or moving.specialist_id != found.id:
            raise PermissionDenied(message(OTHERS_TALK))
        minutes = int((as_utc(moving.ends_at) - as_utc(moving.starts_at)).total_seconds() // 60)
    first = date.fromisoformat(start) if start else datetime.now(ZoneInfo(VIEWER_ZONE)).date()
    free = service.slots(session, found, first=first, days=14, viewer_zone=VIEWER_ZONE, minutes=minutes)
    return templates.TemplateResponse(
        request,
        "advisory/specialist.html",
        {
            "specialist": found,
            "slots": [service.slot_json(slot, VIEWER_ZONE, found.time_zone) for slot in free],
            "minutes": minutes,
            "viewer_zone": VIEWER_ZONE,
            "moving": moving,
            "moving_when": as_utc(moving.starts_at).astimezone(ZoneInfo(VIEWER_ZONE)).strftime("%Y-%m-%d %H:%M")
            if moving is not None
            else None,
            "active": "specialists",
        },
    )


@router.post("/specialists/{specialist}/hold", include_in_schema=False, dependencies=[CsrfChecked])
async def hold_form(request: Request, specialist: str, session: SessionDep, user: CurrentUser) -> Response:
    company = _own_company(session, user)
    found = service.get_specialist(session, specialist)
    form = await request.form()
    specialist_id = found.id
    session.commit()
    held = booking.hold(
        session,
        specialist_id=specialist_id,
        company=company,
        starts_at=_start({"start": form.get("start")}),
        minutes=int(str(form.get("minutes") or 60)),
    )
    token = held.token
    session.commit()  # the lock goes with the request (see api_book)
    return RedirectResponse(f"/book/{token}?minutes={form.get('minutes') or 60}", status_code=303)


@router.get("/book/{token}", response_class=HTMLResponse, include_in_schema=False)
def booking_page(request: Request, token: str, session: SessionDep, user: CurrentUser, minutes: int = 60) -> Response:
    company = _own_company(session, user)
    held = session.scalar(select(SlotHold).where(SlotHold.token == token, SlotHold.company_id == company.id))
    if held is None:
        raise NotFound(message(HOLD_GONE))
    found = session.get(Specialist, held.specialist_id)
    assert found is not None
    start = as_utc(held.starts_at)
    return templates.TemplateResponse(
        request,
        "advisory/book.html",
        {
            "specialist": found,
            "token": token,
            "start": start.astimezone(ZoneInfo(VIEWER_ZONE)),
            "local_start": start.astimezone(ZoneInfo(found.time_zone)),
            "expires": as_utc(held.expires_at).astimezone(ZoneInfo(VIEWER_ZONE)),
            "minutes": minutes,
            "active": "specialists",
        },
    )


@router.post("/book/{token}", include_in_schema=False, dependencies=[CsrfChecked])
async def book_form(request: Request, token: str, session: SessionDep, user: CurrentUser) -> Response:
    company = _own_company(session, user)
    form = await request.form()
    held = session.scalar(select(SlotHold).where(SlotHold.token == token, SlotHold.company_id == company.id))
    if held is None:
        raise NotFound(message(HOLD_GONE))
    specialist_id, starts_at = held.specialist_id, as_utc(held.starts_at)
    session.commit()
    talk = booking.book(
        session,
        specialist_id=specialist_id,
        company=company,
        starts_at=starts_at,
        minutes=int(str(form.get("minutes") or 60)),
        purpose=str(form.get("purpose") or ""),
        questions=str(form.get("questions") or "") or None,
        format=str(form.get("format") or "video"),
        hold_token=token,
        by=user.username,
    )
    _audit(session, user, "talk.book", str(talk.id))
    talk_id = talk.id
    session.commit()  # the lock goes with the request (see api_book)
    return RedirectResponse(f"/talks/{talk_id}", status_code=303)


def _talks_of(session: Session, user: UserRead) -> tuple[list[Talk], str]:
    """The user's talks, and the zone its pages show first (Japan for a company, the
    specialist's own for a specialist)."""
    if user.role == Role.specialist:
        specialist = _own_specialist(session, user)
        stmt = select(Talk).where(Talk.specialist_id == specialist.id)
        zone = specialist.time_zone
    else:
        company = _own_company(session, user)
        stmt = select(Talk).where(Talk.company_id == company.id)
        zone = VIEWER_ZONE
    return list(session.scalars(stmt.order_by(Talk.starts_at.desc()).limit(500))), zone


@router.get("/talks", response_class=HTMLResponse, include_in_schema=False)
def talks_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    found, zone = _talks_of(session, user)
    now = datetime.now(UTC)
    views = [_talk_view(session, talk, zone) for talk in found]
    account = session.get(User, user.id)
    feed = (
        str(request.url_for("calendar_feed", token=account.calendar_token))
        if account and account.calendar_token
        else None
    )
    return templates.TemplateResponse(
        request,
        "advisory/talks.html",
        {
            "upcoming": [v for v in reversed(views) if v["ends_at"] >= now],
            "past": [v for v in views if v["ends_at"] < now],
            "zone": zone,
            "calendar_url": feed,
            "active": "talks",
        },
    )


@router.get("/talks/{talk_id}", response_class=HTMLResponse, include_in_schema=False)
def talk_page(request: Request, talk_id: int, session: SessionDep, user: CurrentUser) -> Response:
    talk = talks.get_talk(session, talk_id)
    side = _side(user, talk)
    specialist = session.get(Specialist, talk.specialist_id)
    assert specialist is not None
    zone = specialist.time_zone if side == talks.SPECIALIST else VIEWER_ZONE
    item = _talk_view(session, talk, zone)
    started = item["starts_at"] <= datetime.now(UTC)
    return templates.TemplateResponse(
        request,
        "advisory/talk.html",
        {"item": item, "side": side, "started": started, "zone": zone, "active": "talks"},
    )


TALK_FORM_STEPS = ("cancel", "reschedule", "decline", "complete", "no_show", "rate")


@router.post("/talks/{talk_id}/{action}", include_in_schema=False, dependencies=[CsrfChecked])
async def talk_step_form(
    request: Request, talk_id: int, action: str, session: SessionDep, user: CurrentUser
) -> Response:
    """The talk page's buttons: the same steps as the API."""
    if action not in TALK_FORM_STEPS:
        raise NotFound(message(N_("there is no step {step}"), step=repr(action)))
    form = await request.form()
    body = {key: str(value) for key, value in form.items() if key != "csrf_token"}
    api_talk_step(talk_id, action, session, user, body)
    return RedirectResponse(f"/talks/{talk_id}", status_code=303)


@router.post("/calendar-token", include_in_schema=False, dependencies=[CsrfChecked])
def calendar_token_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    api_new_calendar_token(request, session, user)
    return RedirectResponse("/talks#calendar", status_code=303)


@router.post("/calendar-token/revoke", include_in_schema=False, dependencies=[CsrfChecked])
def calendar_revoke_form(session: SessionDep, user: CurrentUser) -> Response:
    api_revoke_calendar_token(session, user)
    return RedirectResponse("/talks#calendar", status_code=303)


# --- what a specialist sets ----------------------------------------------------------------


def _own_specialist(session: Session, user: UserRead) -> Specialist:
    if user.role != Role.specialist or user.specialist_id is None:
        raise PermissionDenied(message(N_("This is for specialists whose account is linked to their profile.")))
    found = session.get(Specialist, user.specialist_id)
    if found is None:
        raise NotFound(message(N_("your specialist profile is not in the register")))
    return found


@router.get("/api/me/specialist", tags=["advisory"])
def api_my_profile(session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The specialist's own profile, weekly hours and date overrides."""
    specialist = _own_specialist(session, user)
    rules = service.rules_of(session, specialist)
    return {
        **_specialist_json(specialist),
        "hours_source": specialist.hours_source,
        "week": {str(day): [(w.start_minute, w.end_minute) for w in windows] for day, windows in rules.week.items()},
        "overrides": {
            day.isoformat(): [(w.start_minute, w.end_minute) for w in windows]
            for day, windows in rules.overrides.items()
        },
    }


@router.put("/api/me/specialist/hours", tags=["advisory"], dependencies=[CsrfChecked])
def api_set_hours(
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any], Body(examples=[{"hours": "Mon-Fri 09:00-12:00; Sat 10:00-12:00"}])],
) -> dict[str, Any]:
    """Weekly hours in the specialist's own time zone; the feed no longer sets them."""
    specialist = _own_specialist(session, user)
    service.set_hours(session, specialist, str(body.get("hours") or ""))
    _audit(session, user, "specialist.hours", specialist.specialist_key)
    return api_my_profile(session, user)


@router.put("/api/me/specialist/overrides/{day}", tags=["advisory"], dependencies=[CsrfChecked])
def api_set_override(
    day: date,
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[dict[str, Any] | None, Body(examples=[{"hours": "13:00-15:00", "note": "trade fair"}, {}])] = None,
) -> dict[str, Any]:
    """A day unlike the week: no `hours` is a day off."""
    specialist = _own_specialist(session, user)
    body = body or {}
    service.set_override(session, specialist, day, body.get("hours"), body.get("note"))
    return api_my_profile(session, user)


@router.delete("/api/me/specialist/overrides/{day}", tags=["advisory"], dependencies=[CsrfChecked])
def api_clear_override(day: date, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    specialist = _own_specialist(session, user)
    service.clear_override(session, specialist, day)
    return api_my_profile(session, user)


@router.patch("/api/me/specialist/rules", tags=["advisory"], dependencies=[CsrfChecked])
def api_set_rules(
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[
        dict[str, Any], Body(examples=[{"buffer_minutes": 15, "notice_hours": 24, "max_talks_per_day": 4}])
    ],
) -> dict[str, Any]:
    """The buffer between talks, the notice a booking needs, the most talks a day."""
    specialist = _own_specialist(session, user)
    unknown = set(body) - set(service.LIMITS)
    if unknown:
        raise Invalid(
            message(
                N_("unknown settings: {unknown}; known: {known}"),
                unknown=", ".join(sorted(unknown)),
                known=", ".join(service.LIMITS),
            )
        )
    service.set_rules(session, specialist, **body)
    return api_my_profile(session, user)


@router.patch("/api/me/specialist", tags=["advisory"], dependencies=[CsrfChecked])
def api_set_profile(
    session: SessionDep,
    user: CurrentUser,
    body: Annotated[
        dict[str, Any],
        Body(examples=[{"city": "Bangkok", "time_zone": "Asia/Bangkok", "languages": ["ja", "th", "en"]}]),
    ],
) -> dict[str, Any]:
    """The specialist's own profile: city, country, time_zone, sectors, markets, languages,
    background. Once edited, the feed no longer sets it."""
    specialist = _own_specialist(session, user)
    service.set_profile(session, specialist, **body)
    _audit(session, user, "specialist.profile", specialist.specialist_key)
    return api_my_profile(session, user)


# --- pages: a specialist's availability --------------------------------------------------


def _availability(
    request: Request, session: Session, user: UserRead, *, error: str | None = None, form: dict[str, str] | None = None
) -> Response:
    specialist = _own_specialist(session, user)
    rules = service.rules_of(session, specialist)
    today = datetime.now(ZoneInfo(specialist.time_zone)).date()
    overrides = session.scalars(
        select(DateOverride)
        .where(DateOverride.specialist_id == specialist.id, DateOverride.day >= today)
        .order_by(DateOverride.day, DateOverride.start_minute)
    )
    days: dict[date, dict[str, Any]] = {}
    for item in overrides:
        entry = days.setdefault(item.day, {"day": item.day, "windows": [], "note": item.note})
        if item.start_minute is not None and item.end_minute is not None:
            entry["windows"].append(f"{service.clock(item.start_minute)}-{service.clock(item.end_minute)}")
    return templates.TemplateResponse(
        request,
        "advisory/availability.html",
        {
            "specialist": specialist,
            "hours": service.hours_text(rules.week),
            "overrides": list(days.values()),
            "today": today,
            "limits": service.LIMITS,
            "error": error,
            "form": form or {},
            "active": "availability",
        },
        status_code=422 if error else 200,
    )


@router.get("/availability", response_class=HTMLResponse, include_in_schema=False)
def availability_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return _availability(request, session, user)


AVAILABILITY_FORMS = ("profile", "hours", "rules", "override", "clear")


@router.post("/availability/{part}", include_in_schema=False, dependencies=[CsrfChecked])
async def availability_form(request: Request, part: str, session: SessionDep, user: CurrentUser) -> Response:
    """The availability page's forms. A value that cannot be read shows the page again with
    the reason and what was typed, and changes nothing."""
    if part not in AVAILABILITY_FORMS:
        raise NotFound(message(N_("there is no form {form}"), form=repr(part)))
    specialist = _own_specialist(session, user)
    form = {key: str(value) for key, value in (await request.form()).items() if key != "csrf_token"}
    try:
        with session.begin_nested():
            if part == "profile":
                service.set_profile(session, specialist, **{k: v for k, v in form.items() if k in PROFILE_FIELDS})
            elif part == "hours":
                service.set_hours(session, specialist, form.get("hours", ""))
            elif part == "rules":
                service.set_rules(
                    session, specialist, **{name: _whole(form.get(name), name) for name in service.LIMITS}
                )
            elif part == "override":
                service.set_override(
                    session, specialist, _day(form.get("day")), form.get("hours"), form.get("note") or None
                )
            else:
                service.clear_override(session, specialist, _day(form.get("day")))
    except Invalid as exc:
        return _availability(request, session, user, error=error_text(request, exc), form={"part": part, **form})
    _audit(session, user, f"specialist.{part}", specialist.specialist_key)
    return RedirectResponse(f"/availability#{part}", status_code=303)


def _whole(value: str | None, name: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise Invalid(message(N_("{setting} must be a whole number"), setting=name)) from None


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(str(value or ""))
    except ValueError:
        raise Invalid(message(NOT_A_DATE, value=repr(value))) from None
