"""Signing in and out (the form and /api/session), the signed-in user, the language switch."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from talentbridge import deps
from talentbridge.accounts import service
from talentbridge.accounts.schemas import SessionCreate, SessionRead, UserRead
from talentbridge.deps import CsrfChecked, CurrentUser, OptionalUser, SessionDep
from talentbridge.web.templating import templates, translations_for

router = APIRouter()
LANG_COOKIE_DAYS = 365


def safe_next(target: str | None) -> str:
    """Only a path on this site: '/records?q=x' stays, 'https://evil' or '//evil' becomes '/'."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _record_sign_in(session: SessionDep, request: Request, *, username: str, user: UserRead | None) -> None:
    client = _client(request)
    if user is None:
        service.record_sign_in_failure(session, username=username, client=client)
    else:
        service.audit(
            session, actor=user.username, action=service.SIGNED_IN, user_id=user.id, detail={"client": client}
        )


def _wait_minutes(session: SessionDep, request: Request, username: str) -> int | None:
    """Minutes until a sign-in will be heard again, when too many failed; the refused
    attempt is audited (and not checked)."""
    client = _client(request)
    until = service.sign_in_blocked_until(session, username=username, client=client)
    if until is None:
        return None
    service.record_sign_in_refused(session, username=username, client=client)
    return max(1, math.ceil((until - datetime.now(UTC)).total_seconds() / 60))


# --- pages ---------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return templates.TemplateResponse(request, "accounts/login.html", {"next": safe_next(next)})


@router.post("/login", response_class=HTMLResponse, include_in_schema=False, dependencies=[CsrfChecked])
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    _ = translations_for(request).gettext
    wait = _wait_minutes(session, request, username) if username else None
    if wait is not None:
        message = _("Too many failed sign-ins. Wait {minutes} minutes, then try again.").format(minutes=wait)
        return templates.TemplateResponse(
            request,
            "accounts/login.html",
            {"next": safe_next(next), "username": username, "error": message},
            status_code=429,
            headers={"Retry-After": str(wait * 60)},
        )
    found = service.authenticate(session, username=username, password=password) if username else None
    user = UserRead.model_validate(found) if found is not None else None
    _record_sign_in(session, request, username=username, user=user)
    if user is None:
        return templates.TemplateResponse(
            request,
            "accounts/login.html",
            {
                "next": safe_next(next),
                "username": username,
                "error": _("The username or password is wrong. Check both and try again."),
            },
            status_code=401,
        )
    deps.sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False, dependencies=[CsrfChecked])
def logout(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    if user is not None:
        service.audit(session, actor=user.username, action="user.sign_out", user_id=user.id)
    deps.sign_out(request)
    return RedirectResponse("/login", status_code=303)


@router.get("/lang/{locale}", include_in_schema=False)
def switch_language(
    request: Request, session: SessionDep, user: OptionalUser, locale: str, next: str = "/"
) -> Response:
    """The language switcher's link: remembered in a cookie, and as the signed-in user's own
    language (which wins over the cookie)."""
    service.check_locale(locale)
    if user is not None:
        found = service.get_user(session, user_id=user.id)
        if found is not None:
            service.set_locale(session, user=found, locale=locale)
        request.session["locale"] = locale
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(deps.LANG_COOKIE, locale, max_age=LANG_COOKIE_DAYS * 86400, samesite="lax", httponly=True)
    return response


# --- API -----------------------------------------------------------------------------------


@router.post(
    "/api/session",
    response_model=SessionRead,
    tags=["session"],
    responses={
        401: {"description": "The username or password is wrong."},
        429: {"description": "Too many failed sign-ins: wait as Retry-After says."},
    },
)
def create_session(body: SessionCreate, request: Request, session: SessionDep) -> SessionRead | JSONResponse:
    """Sign in: sets the session cookie. Send the returned csrf_token as the X-CSRF-Token
    header on every POST, PUT, PATCH and DELETE. After too many failed attempts for an
    account or from an address, answers 429 with Retry-After until the window passes."""
    wait = _wait_minutes(session, request, body.username)
    if wait is not None:
        return JSONResponse(
            {"detail": f"Too many failed sign-ins. Wait {wait} minutes, then try again."},
            status_code=429,
            headers={"Retry-After": str(wait * 60)},
        )
    found = service.authenticate(session, username=body.username, password=body.password)
    user = UserRead.model_validate(found) if found is not None else None
    _record_sign_in(session, request, username=body.username, user=user)
    if user is None:
        # Answered, not raised: raising would roll back the audit entry of the failed attempt.
        return JSONResponse(
            {"detail": "The username or password is wrong. Check both and try again."},
            status_code=401,
            headers={"WWW-Authenticate": "Cookie"},
        )
    deps.sign_in(request, user)
    return SessionRead(user=user, csrf_token=deps.csrf_token(request))


@router.delete("/api/session", status_code=204, tags=["session"], dependencies=[CsrfChecked])
def delete_session(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    """Sign out."""
    if user is not None:
        service.audit(session, actor=user.username, action="user.sign_out", user_id=user.id)
    deps.sign_out(request)
    return Response(status_code=204)


@router.get("/api/me", response_model=SessionRead, tags=["session"])
def me(request: Request, user: CurrentUser) -> SessionRead:
    """The signed-in user, and the CSRF token of this session."""
    return SessionRead(user=user, csrf_token=deps.csrf_token(request))
