"""Users and passwords: hashing, creation rules, sign-in and its throttling, the demo's ensure_user."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from talentbridge.accounts import service
from talentbridge.accounts.models import AuditEntry, Role
from talentbridge.errors import Invalid


def test_hash_is_argon2_and_verifies() -> None:
    hashed = service.hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert service.verify_password(hashed, "correct horse")
    assert not service.verify_password(hashed, "Correct horse")


def test_verify_rejects_a_malformed_hash() -> None:
    assert not service.verify_password("not a hash", "whatever")


def test_create_user(session) -> None:
    user = service.create_user(session, username="  Hana.Sato ", password="s3cret-pass", role="data_steward")
    assert user.id is not None
    assert user.username == "hana.sato"
    assert user.display_name == "hana.sato"
    assert user.role is Role.data_steward
    assert user.locale == "ja"
    assert user.is_active
    assert user.password_hash != "s3cret-pass"


def test_create_user_keeps_display_name_and_locale(session) -> None:
    user = service.create_user(
        session, username="admin", password="long enough", role=Role.administrator, display_name="佐藤 花", locale="en"
    )
    assert (user.display_name, user.locale) == ("佐藤 花", "en")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "short"}, "at least 8 characters"),
        ({"password": "1234567"}, "at least 8 characters"),
        ({"role": "king"}, "there is no role 'king'"),
        ({"locale": "fr"}, "ja, en"),
        ({"username": ""}, "cannot be used"),
        ({"username": "has space"}, "cannot be used"),
    ],
)
def test_create_user_refuses(session, overrides, message) -> None:
    fields = {"username": "someone", "password": "long enough", "role": "company"} | overrides
    with pytest.raises(Invalid, match=message):
        service.create_user(session, **fields)


def test_a_taken_username_is_refused_whatever_its_case(session) -> None:
    service.create_user(session, username="steward", password="long enough", role="data_steward")
    with pytest.raises(Invalid, match="'steward' is taken; choose another") as caught:
        service.create_user(session, username="Steward", password="other password", role="company")
    assert caught.value.status_code == 422


def test_authenticate(session) -> None:
    created = service.create_user(session, username="steward", password="long enough", role="data_steward")
    assert created.last_login_at is None
    user = service.authenticate(session, username="STEWARD", password="long enough")
    assert user is not None
    assert user.id == created.id
    assert user.last_login_at is not None


@pytest.mark.parametrize(("username", "password"), [("steward", "wrong password"), ("nobody", "long enough"), ("", "")])
def test_authenticate_refuses(session, username, password) -> None:
    service.create_user(session, username="steward", password="long enough", role="data_steward")
    assert service.authenticate(session, username=username, password=password) is None


def test_an_inactive_user_cannot_sign_in(session) -> None:
    user = service.create_user(session, username="gone", password="long enough", role="company")
    user.is_active = False
    session.flush()
    assert service.authenticate(session, username="gone", password="long enough") is None


def test_ensure_user_is_idempotent(session) -> None:
    first = service.ensure_user(session, username="admin", password="first password", role="administrator")
    again = service.ensure_user(session, username="admin", password="second password", role="company")
    assert again.id == first.id
    assert again.role is Role.administrator  # an existing user is left as it is
    assert service.authenticate(session, username="admin", password="first password") is not None


def test_get_and_list_users(session) -> None:
    b = service.create_user(session, username="bob", password="long enough", role="company")
    service.create_user(session, username="alice", password="long enough", role="specialist")
    assert [u.username for u in service.list_users(session)] == ["alice", "bob"]
    assert service.get_user(session, user_id=b.id) is b
    assert service.get_user(session, user_id=b.id + 1000) is None


def test_set_locale(session) -> None:
    user = service.create_user(session, username="bob", password="long enough", role="company")
    service.set_locale(session, user=user, locale="en")
    assert user.locale == "en"
    with pytest.raises(Invalid):
        service.set_locale(session, user=user, locale="de")


# --- sign-in throttling -----------------------------------------------------------------


def _fail(session, username: str, client: str | None, times: int, *, at: datetime) -> None:
    for _ in range(times):
        service.record_sign_in_failure(session, username=username, client=client)
        session.flush()
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        entry.at = at
    session.flush()


def test_an_account_is_shut_after_ten_failures_until_the_oldest_leaves_the_window(session) -> None:
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    _fail(session, "Steward", "10.0.0.1", 9, at=now - timedelta(minutes=10))
    assert service.sign_in_blocked_until(session, username="steward", client="10.0.0.2", now=now) is None
    _fail(session, "steward ", "10.0.0.3", 1, at=now - timedelta(minutes=2))
    until = service.sign_in_blocked_until(session, username="STEWARD", client="10.0.0.2", now=now)
    assert until == now - timedelta(minutes=10) + timedelta(minutes=15)
    # Another account from another address is not affected; after the window, nor is this one.
    assert service.sign_in_blocked_until(session, username="admin", client="10.0.0.9", now=now) is None
    later = now + timedelta(minutes=6)
    assert service.sign_in_blocked_until(session, username="steward", client=None, now=later) is None


def test_failures_before_a_successful_sign_in_do_not_count(session) -> None:
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    _fail(session, "steward", None, 9, at=now - timedelta(minutes=5))
    service.audit(session, actor="steward", action="user.sign_in")
    session.flush()
    session.scalars(select(AuditEntry).where(AuditEntry.action == "user.sign_in")).one().at = now - timedelta(minutes=4)
    _fail(session, "steward", None, 9, at=now - timedelta(minutes=1))
    assert service.sign_in_blocked_until(session, username="steward", client=None, now=now) is None
    _fail(session, "steward", None, 1, at=now - timedelta(minutes=1))
    assert service.sign_in_blocked_until(session, username="steward", client=None, now=now) is not None


def test_one_address_failing_across_many_accounts_is_shut_too(session) -> None:
    now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    for number in range(50):
        _fail(session, f"guess{number}", "203.0.113.7", 1, at=now - timedelta(minutes=3))
    assert service.sign_in_blocked_until(session, username="fresh", client="203.0.113.7", now=now) is not None
    assert service.sign_in_blocked_until(session, username="fresh", client="203.0.113.8", now=now) is None
    # Refused attempts are not failures: they do not extend the wait.
    service.audit(session, actor="fresh", action=service.SIGN_IN_REFUSED)
    session.flush()
    assert service.sign_in_blocked_until(session, username="fresh", client=None, now=now) is None
