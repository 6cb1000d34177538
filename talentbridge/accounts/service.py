"""Users, passwords and the audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from talentbridge.accounts.models import AuditEntry, Role, User
from talentbridge.config import get_settings
from talentbridge.errors import Invalid

MIN_PASSWORD_LENGTH = 8
LOCALES = ("ja", "en")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,79}$")

_hasher = PasswordHasher()


def audit(
    session: Session,
    *,
    actor: str,
    action: str,
    user_id: int | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor,
        action=action,
        user_id=user_id,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
    )
    session.add(entry)
    return entry


# --- passwords -------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash, salted; safe to store."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache
def _decoy_hash() -> str:
    # Checked when the username is unknown, so that a wrong name costs as long as a
    # wrong password and the answer time does not tell which names exist.
    return hash_password("decoy password, never valid")


# --- users -----------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise Invalid(f"there is no role {role!r}; the roles are {', '.join(r.value for r in Role)}") from None


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise Invalid(f"the language must be one of {', '.join(LOCALES)}, not {locale!r}")
    return locale


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str | None = None,
    locale: str = "ja",
    company_id: int | None = None,
    person_id: int | None = None,
    specialist_id: int | None = None,
    email: str | None = None,
) -> User:
    """A new, active user. Raises Invalid on a taken or malformed username, a short password,
    an unknown role or language, or a company (person) for a role that has none."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise Invalid(
            f"the username {username!r} cannot be used: use 1 to 80 letters, digits, '.', '_', '@' or '-', "
            "starting with a letter or digit"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"the password is too short: use at least {MIN_PASSWORD_LENGTH} characters")
    checked_role = _check_role(role)
    check_locale(locale)
    # A company user acts for one company, a professional for one person: a link for any
    # other role is a mistake. (One made without it sees nothing until it is linked.)
    if company_id is not None and checked_role != Role.company:
        raise Invalid("only a company user acts for a company; use --role company")
    if person_id is not None and checked_role != Role.professional:
        raise Invalid("only a professional's account is for a person; use --role professional")
    if specialist_id is not None and checked_role != Role.specialist:
        raise Invalid("only a specialist's account is for a specialist; use --role specialist")
    if get_user_by_username(session, username=name) is not None:
        raise Invalid(f"the username {name!r} is taken; choose another")
    user = User(
        username=name,
        display_name=(display_name or "").strip() or name,
        password_hash=hash_password(password),
        role=checked_role,
        locale=locale,
        is_active=True,
        company_id=company_id,
        person_id=person_id,
        specialist_id=specialist_id,
        email=_email(email),
    )
    session.add(user)
    session.flush()
    return user


def ensure_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    display_name: str | None = None,
    locale: str = "ja",
    company_id: int | None = None,
    person_id: int | None = None,
    specialist_id: int | None = None,
    email: str | None = None,
) -> User:
    """The user with this name, created when missing (for the demo and seed scripts).
    An existing user is returned as it is: its password and role are not reset."""
    existing = get_user_by_username(session, username=username)
    if existing is not None:
        return existing
    return create_user(
        session,
        username=username,
        password=password,
        role=role,
        display_name=display_name,
        locale=locale,
        company_id=company_id,
        person_id=person_id,
        specialist_id=specialist_id,
        email=email,
    )


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this username and password, else None. A wrong username costs
    as long as a wrong password. On success the sign-in time is recorded."""
    user = get_user_by_username(session, username=username)
    if user is None or not user.is_active:
        verify_password(_decoy_hash(), password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = datetime.now(UTC)
    session.flush()
    return user


# --- sign-in throttling ------------------------------------------------------------------

SIGNED_IN = "user.sign_in"
SIGN_IN_FAILED = "user.sign_in_failed"
SIGN_IN_REFUSED = "user.sign_in_refused"


def _actor(username: str) -> str:
    """The audit log's actor for a sign-in attempt, whatever was typed."""
    return normalise_username(username)[:80] or "?"


def record_sign_in_failure(session: Session, *, username: str, client: str | None) -> None:
    """A wrong username or password: counted against the account and the client address."""
    audit(
        session,
        actor=_actor(username),
        action=SIGN_IN_FAILED,
        object_type="client" if client else None,
        object_id=client[:80] if client else None,
    )


def record_sign_in_refused(session: Session, *, username: str, client: str | None) -> None:
    """An attempt refused unchecked while the account or address is shut: kept for the
    audit trail, not counted as a failure."""
    audit(session, actor=_actor(username), action=SIGN_IN_REFUSED, detail={"client": client})


def sign_in_blocked_until(
    session: Session, *, username: str, client: str | None, now: datetime | None = None
) -> datetime | None:
    """When too many recent sign-ins failed for this account or from this address: the
    time the next attempt will be heard; else None.

    Counted from the audit log, so every web process sees the same count. Failures before
    the account's last successful sign-in do not count against it. A refused attempt is
    not counted (an attacker cannot keep an account shut for good by knocking)."""
    settings = get_settings()
    now = now or datetime.now(UTC)
    window = timedelta(minutes=settings.sign_in_window_minutes)
    since = now - window
    name = _actor(username)
    last_success = session.scalar(
        select(func.max(AuditEntry.at)).where(
            AuditEntry.actor == name, AuditEntry.action == SIGNED_IN, AuditEntry.at >= since
        )
    )
    checks = [(AuditEntry.actor == name, max(since, _aware(last_success)) if last_success else since)]
    limits = [settings.sign_in_attempts]
    if client:
        checks.append(((AuditEntry.object_type == "client") & (AuditEntry.object_id == client[:80]), since))
        limits.append(settings.sign_in_attempts_per_client)
    until: datetime | None = None
    for (condition, start), limit in zip(checks, limits, strict=True):
        times = list(
            session.scalars(
                select(AuditEntry.at)
                .where(condition, AuditEntry.action == SIGN_IN_FAILED, AuditEntry.at > start)
                .order_by(AuditEntry.at.desc())
                .limit(limit)
            )
        )
        if len(times) >= limit:
            # The oldest of the last `limit` failures leaves the window at this time.
            opens = _aware(times[-1]) + window
            until = opens if until is None else max(until, opens)
    return until


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive UTC times."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_username(session: Session, *, username: str) -> User | None:
    name = normalise_username(username)
    return session.scalar(select(User).where(func.lower(User.username) == name))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def set_locale(session: Session, *, user: User, locale: str) -> User:
    user.locale = check_locale(locale)
    session.flush()
    return user


def _email(address: str | None) -> str | None:
    """A user's e-mail address, checked as the feeds check theirs; None when not given."""
    if not (address or "").strip():
        return None
    from talentbridge.feeds.errors import NormaliseError
    from talentbridge.feeds.normalise.emails import email

    try:
        return email(address)
    except NormaliseError as exc:
        raise Invalid(f"the e-mail address {address!r} cannot be used: {exc.message}") from None
