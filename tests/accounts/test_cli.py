"""`talentbridge users create` and `talentbridge users list`."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from talentbridge.accounts import cli as accounts_cli
from talentbridge.accounts import service
from talentbridge.accounts.models import AuditEntry
from talentbridge.cli import app
from talentbridge.db import session_scope

runner = CliRunner()


def _users() -> dict[str, tuple[str, str, str]]:
    with session_scope() as session:
        return {u.username: (u.role.value, u.display_name, u.locale) for u in service.list_users(session)}


def test_create_and_list(app_database) -> None:
    result = runner.invoke(
        app, ["users", "create", "Hana", "--role", "data_steward", "--password", "long enough", "--name", "佐藤 花"]
    )
    assert result.exit_code == 0, result.output
    assert "created hana (data_steward, ja)" in result.output
    assert _users() == {"hana": ("data_steward", "佐藤 花", "ja")}
    listed = runner.invoke(app, ["users", "list"])
    assert listed.exit_code == 0
    assert "hana" in listed.output
    assert "data_steward" in listed.output
    assert "never" in listed.output

    with session_scope() as session:
        assert service.authenticate(session, username="hana", password="long enough") is not None
        actions = [e.action for e in session.query(AuditEntry).all()]
    assert "user.create" in actions

    as_json = runner.invoke(app, ["users", "list", "--json"])
    rows = [json.loads(line) for line in as_json.output.splitlines()]
    assert [(r["username"], r["role"]) for r in rows] == [("hana", "data_steward")]
    assert "password_hash" not in rows[0]


def test_create_with_english_locale(app_database) -> None:
    result = runner.invoke(
        app, ["users", "create", "ken", "--role", "company", "--password", "long enough", "--locale", "en"]
    )
    assert result.exit_code == 0, result.output
    assert _users()["ken"] == ("company", "ken", "en")


def test_list_when_empty(app_database) -> None:
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 0
    assert "no users yet" in result.output


def test_password_is_required_without_a_terminal(app_database) -> None:
    result = runner.invoke(app, ["users", "create", "hana", "--role", "data_steward"])
    assert result.exit_code == 1
    assert "give the password with --password" in result.output
    assert _users() == {}


def test_password_is_asked_for_at_a_terminal(app_database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts_cli, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(
        app, ["users", "create", "hana", "--role", "administrator"], input="typed secret\ntyped secret\n"
    )
    assert result.exit_code == 0, result.output
    assert "typed secret" not in result.output  # hidden input
    with session_scope() as session:
        assert service.authenticate(session, username="hana", password="typed secret") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "short"], "at least 8 characters"),
        (["--password", "long enough", "--locale", "fr"], "the language must be one of ja, en"),
    ],
)
def test_create_refuses_with_one_line(app_database, args, message) -> None:
    result = runner.invoke(app, ["users", "create", "hana", "--role", "company", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert _users() == {}


def test_a_taken_username(app_database) -> None:
    assert (
        runner.invoke(app, ["users", "create", "hana", "--role", "company", "--password", "long enough"]).exit_code == 0
    )
    result = runner.invoke(app, ["users", "create", "HANA", "--role", "administrator", "--password", "long enough"])
    assert result.exit_code == 1
    assert "the username 'hana' is taken; choose another" in result.output
    assert _users()["hana"][0] == "company"


def test_an_unknown_role_is_a_usage_error(app_database) -> None:
    result = runner.invoke(app, ["users", "create", "hana", "--role", "king", "--password", "long enough"])
    assert result.exit_code == 2
