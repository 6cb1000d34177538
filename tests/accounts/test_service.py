"""Users and passwords: hashing, creation rules, sign-in, the demo's idempotent ensure_user."""

from __future__ import annotations

import pytest

from talentbridge.accounts import service
from talentbridge.accounts.models import Role
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
