"""What routes share: a database session per request, the signed-in user and their role,
the page language, and the CSRF token of forms."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from typing import Annotated

from babel import negotiate_locale
from fastapi import Depends, Request
from sqlalchemy.orm import Session

from talentbridge import db
from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.errors import PermissionDenied, TalentBridgeError

LOCALES = accounts.LOCALES
DEFAULT_LOCALE = "ja"
LANG_COOKIE = "lang"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


class SignInRequired(TalentBridgeError):
    """No one is signed in: pages redirect to the sign-in form, the API answers 401."""

    status_code = 401


class CsrfFailed(PermissionDenied):
    """A form or API call without the token of the signed-in session."""


def is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith("/api/")


# --- the unit of work --------------------------------------------------------------------


def get_session() -> Iterator[Session]:
    """One session per request. The handler owns the transaction: it is committed when the
    handler returns, before the response is sent, and rolled back when it raises."""
    with db.session_scope() as session:
        yield session


# scope="function": the commit happens before the response leaves, so a client that
# follows a redirect at once reads what the request wrote.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


# --- who is signed in ----------------------------------------------------------------------


def sign_in(request: Request, user: UserRead) -> None:
    """A fresh session for this user: the old one (and its CSRF token) is dropped, so a
    session id planted before sign-in is worth nothing after it."""
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["locale"] = user.locale
    new_csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


def current_user(request: Request, session: SessionDep) -> UserRead:
    user_id = request.session.get("user_id")
    user = accounts.get_user(session, user_id=user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_active:
        session.rollback()
        raise SignInRequired("You are not signed in. Sign in to continue.")
    read = UserRead.model_validate(user)
    # Give the connection back before the handler's turn: FastAPI runs this and the handler
    # in separate turns of its 40-thread pool, and a request that kept its connection while
    # waiting for a thread, when every thread waited for a connection, stalled the server
    # (200 clients booking at once: all 50 connections idle in transaction, requests timing
    # out). The handler's reads begin a transaction of their own.
    session.rollback()
    request.state.user = read
    return read


def optional_user(request: Request, session: SessionDep) -> UserRead | None:
    try:
        return current_user(request, session)
    except SignInRequired:
        return None


CurrentUser = Annotated[UserRead, Depends(current_user)]
OptionalUser = Annotated[UserRead | None, Depends(optional_user)]


def _role_names(roles: frozenset[Role]) -> str:
    names = sorted(role.value.replace("_", " ") + "s" for role in roles)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def require_roles(*roles: Role) -> Callable[[UserRead], UserRead]:
    """A dependency that lets through only users with one of these roles (403 for others)."""
    allowed = frozenset(roles)

    def dependency(user: CurrentUser) -> UserRead:
        if user.role not in allowed:
            raise PermissionDenied(
                f"This is for {_role_names(allowed)}; your account has the role "
                f"{user.role.value.replace('_', ' ')}. Ask an administrator if you need access."
            )
        return user

    return dependency


StewardUser = Annotated[UserRead, Depends(require_roles(Role.administrator, Role.data_steward))]


# --- language ----------------------------------------------------------------------------


def _accept_language(header: str) -> list[str]:
    """'en-GB,en;q=0.9,ja;q=0.8' -> ['en_GB', 'en', 'ja'], best first."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, index, tag.replace("-", "_")))
    return [tag for _, _, tag in sorted(weighted)]


def resolve_locale(request: Request) -> str:
    """The signed-in user's language, else the `lang` cookie of the switcher, else the
    browser's Accept-Language, else Japanese."""
    if "session" in request.scope:
        chosen = request.session.get("locale")
        if chosen in LOCALES:
            return str(chosen)
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LOCALES:
        return str(cookie)
    header = request.headers.get("accept-language", "")
    if header:
        found = negotiate_locale(_accept_language(header), list(LOCALES))
        if found:
            return found.split("_")[0].lower()
    return DEFAULT_LOCALE


# --- CSRF ----------------------------------------------------------------------------------


def new_csrf_token(request: Request) -> str:
    token = secrets.token_urlsafe(32)
    request.session["csrf"] = token
    return token


def csrf_token(request: Request) -> str:
    """The session's token for forms (hidden input) and htmx (X-CSRF-Token header)."""
    token = request.session.get("csrf")
    return token if isinstance(token, str) else new_csrf_token(request)


async def verify_csrf(request: Request) -> None:
    """Checks the X-CSRF-Token header, or the csrf_token field of a form, against the
    session's token. Put on every route that changes something."""
    expected = request.session.get("csrf")
    sent: object = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise CsrfFailed(
            "The form has expired or did not come from this site. Reload the page and try again; "
            f"API clients send the csrf_token of POST /api/session in the {CSRF_HEADER} header."
        )


CsrfChecked = Depends(verify_csrf)
