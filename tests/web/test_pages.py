"""The web shell: signing in and out, roles, CSRF, the two languages, errors, OpenAPI, serve."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.extract import extract_from_dir
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from talentbridge import app as app_module
from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import AuditEntry
from talentbridge.accounts.views import safe_next
from talentbridge.app import create_app
from talentbridge.db import session_scope
from talentbridge.web import templating

PASSWORD = "a long password"


@pytest.fixture
def client(app_database) -> Iterator[TestClient]:
    with session_scope() as session:
        accounts.create_user(session, username="steward", password=PASSWORD, role="data_steward", display_name="Hana")
        accounts.create_user(session, username="admin", password=PASSWORD, role="administrator", locale="en")
        accounts.create_user(session, username="acme", password=PASSWORD, role="company", display_name="ACME")
    with TestClient(create_app()) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD, next: str = "/"):
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "next": next, "csrf_token": token},
        follow_redirects=False,
    )


def audit_actions() -> list[str]:
    with session_scope() as session:
        return [entry.action for entry in session.query(AuditEntry).order_by(AuditEntry.id)]


# --- signing in and out -----------------------------------------------------------------


def test_pages_send_the_signed_out_to_the_sign_in_form(client) -> None:
    response = client.get("/records?q=nguyen", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Frecords%3Fq%3Dnguyen"


def test_sign_in_and_out(client) -> None:
    response = sign_in(client, "steward", next="/imports")
    assert response.status_code == 303
    assert response.headers["location"] == "/imports"
    page = client.get("/imports")
    assert page.status_code == 200
    assert "Hana" in page.text
    assert "データスチュワード" in page.text
    with session_scope() as session:
        assert accounts.get_user_by_username(session, username="steward").last_login_at is not None

    out = client.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/login"
    assert client.get("/imports", follow_redirects=False).status_code == 303
    assert audit_actions() == ["user.sign_in", "user.sign_out"]


def test_a_wrong_password_says_what_to_do(client) -> None:
    response = sign_in(client, "steward", password="not the password")
    assert response.status_code == 401
    assert "ユーザー名またはパスワードが違います。両方を確認して、もう一度お試しください。" in response.text
    english = client.get("/lang/en?next=/login")
    response = client.post(
        "/login",
        data={"username": "nobody", "password": "x", "csrf_token": csrf_of(english.text)},
    )
    assert "The username or password is wrong. Check both and try again." in response.text
    assert 'value="nobody"' in response.text  # the username is kept, the password is not
    assert client.get("/", follow_redirects=False).status_code == 303
    assert audit_actions() == ["user.sign_in_failed", "user.sign_in_failed"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/records?q=a", "/records?q=a"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_next_stays_on_this_site(target, expected) -> None:
    assert safe_next(target) == expected


def test_sign_in_goes_only_to_this_site(client) -> None:
    response = sign_in(client, "steward", next="https://evil.example/")
    assert response.headers["location"] == "/"


def test_the_signed_in_skip_the_sign_in_form(client) -> None:
    sign_in(client, "steward")
    response = client.get("/login?next=/records", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/records"


def test_a_form_without_the_csrf_token_is_refused(client) -> None:
    sign_in(client, "steward")
    response = client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403
    assert "Reload the page and try again" in response.text
    assert client.get("/imports").status_code == 200  # still signed in


def test_sign_in_form_needs_its_token(client) -> None:
    response = client.post("/login", data={"username": "steward", "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303


# --- the API session ---------------------------------------------------------------------


def test_api_session(client) -> None:
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me").json() == {"detail": "You are not signed in. Sign in to continue."}

    wrong = client.post("/api/session", json={"username": "steward", "password": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "The username or password is wrong. Check both and try again."

    signed = client.post("/api/session", json={"username": "steward", "password": PASSWORD})
    assert signed.status_code == 200
    body = signed.json()
    assert body["user"]["username"] == "steward"
    assert body["user"]["role"] == "data_steward"
    assert "password_hash" not in body["user"]
    me = client.get("/api/me").json()
    assert me["user"]["id"] == body["user"]["id"]
    assert me["csrf_token"] == body["csrf_token"]

    assert client.delete("/api/session").status_code == 403  # no CSRF header
    out = client.delete("/api/session", headers={"X-CSRF-Token": body["csrf_token"]})
    assert out.status_code == 204
    assert client.get("/api/me").status_code == 401
    assert audit_actions() == ["user.sign_in_failed", "user.sign_in", "user.sign_out"]


def test_session_cookie_is_http_only_and_lax(client) -> None:
    response = client.post("/api/session", json={"username": "steward", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "talentbridge_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


# --- roles ---------------------------------------------------------------------------------


def test_other_roles_get_a_home_page_not_the_dashboard(client) -> None:
    sign_in(client, "acme")
    page = client.get("/")
    assert page.status_code == 200
    assert "ようこそ、ACME さん" in page.text
    assert "/imports" not in page.text  # no steward navigation


@pytest.mark.parametrize("path", ["/imports", "/records", "/records/1", "/imports/1"])
def test_a_company_user_cannot_open_steward_pages(client, path) -> None:
    sign_in(client, "acme")
    response = client.get(path)
    assert response.status_code == 403
    assert "このページを開く権限がありません" in response.text
    assert "your account has the role company" in response.text


# --- languages ---------------------------------------------------------------------------------


def test_japanese_is_the_default(client) -> None:
    page = client.get("/login")
    assert '<html lang="ja">' in page.text
    assert "サインイン" in page.text
    assert "ユーザー名" in page.text


def test_accept_language_picks_english(client) -> None:
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9,ja;q=0.5"})
    assert '<html lang="en">' in page.text
    assert "Sign in" in page.text
    assert "サインイン" not in page.text


def test_language_switch_link(client) -> None:
    switched = client.get("/lang/en?next=/login", follow_redirects=False)
    assert switched.status_code == 303
    assert switched.headers["location"] == "/login"
    assert "lang=en" in switched.headers["set-cookie"]
    page = client.get("/login")
    assert "Sign in" in page.text
    assert "Username" in page.text
    assert 'href="/lang/ja?next=/login"' in page.text  # the way back
    page = client.get("/lang/ja?next=/login", follow_redirects=True)
    assert "サインイン" in page.text


def test_a_user_language_wins_and_the_switch_changes_it(client) -> None:
    sign_in(client, "admin")  # an English-speaking administrator
    page = client.get("/").text
    assert "Dashboard" in page
    assert '<span class="role-badge">Administrator</span>' in page  # macros speak the page's language
    client.get("/lang/ja?next=/")
    assert "ダッシュボード" in client.get("/").text
    with session_scope() as session:
        assert accounts.get_user_by_username(session, username="admin").locale == "ja"


def test_a_strange_language_is_refused(client) -> None:
    response = client.get("/lang/xx?next=/login")
    assert response.status_code == 422


def test_every_ui_message_has_a_japanese_translation() -> None:
    method_map = [
        ("web/templates/**.html", "jinja2.ext:babel_extract"),
        ("**/views.py", "python"),
        ("feeds/**.py", "python"),  # the reasons rows are quarantined with (N_)
        ("companies/**.py", "python"),
        ("advisory/**.py", "python"),
    ]
    options = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
    messages = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            templating.WEB.parent, method_map=method_map, options_map={"web/templates/**.html": options}
        )
    }
    assert len(messages) > 100
    japanese = templating.translations("ja")
    missing = sorted(message for message in messages if message not in japanese)
    assert missing == [], f"add these to {templating.catalog_path('ja')}"


def test_translations_keep_their_placeholders() -> None:
    catalog = templating.read_catalog("ja")
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert set(re.findall(r"%\(\w+\)s", source)) == set(re.findall(r"%\(\w+\)s", target)), source
        # Messages made in Python fill {named} places (str.format): the same in both.
        assert set(re.findall(r"(?<!\{)\{(\w+)\}", source)) == set(re.findall(r"(?<!\{)\{(\w+)\}", target)), source


# --- the shell --------------------------------------------------------------------------------


def test_pages_work_on_a_phone(client) -> None:
    page = client.get("/login")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.text
    css = client.get("/static/app.css")
    assert css.status_code == 200
    assert ".table-wrap" in css.text
    assert "overflow-x: auto" in css.text
    assert "flex-wrap: wrap" in css.text


def test_htmx_is_served_from_the_package_with_its_licence(client) -> None:
    page = client.get("/login")
    assert '<script src="/static/htmx.min.js"' in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text), "nothing from a CDN"
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200
    assert js.text.startswith("/*! htmx.org 2.")
    assert "Zero-Clause BSD" in js.text.splitlines()[0]


def test_unknown_page_is_an_html_error_in_the_reader_language(client) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "このページは存在しません" in response.text
    response = client.get("/no/such/page", headers={"Accept-Language": "en"})
    assert "This page does not exist" in response.text


def test_api_errors_are_json(client) -> None:
    sign_in(client, "steward")
    response = client.get("/api/imports/999")
    assert response.status_code == 404
    assert response.json() == {"detail": "there is no import with id 999"}
    assert client.get("/api/nothing-here").json() == {"detail": "Not Found"}


def test_security_headers(client) -> None:
    response = client.get("/login")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_openapi_lists_the_api_routes(client) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/session",
        "/api/me",
        "/api/imports",
        "/api/imports/{import_id}",
        "/api/imports/{import_id}/quarantine",
        "/api/records",
        "/api/records/{record_id}",
    } <= paths
    assert all(path.startswith("/api/") for path in paths), "pages stay out of the API description"
    assert set(spec["paths"]["/api/session"]) == {"post", "delete"}


def test_api_docs_come_from_the_package(client) -> None:
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/openapi.json" in docs.text
    assert "https://" not in docs.text
    assert "http://" not in docs.text
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        assert client.get(path).status_code == 200, path


def test_a_bug_is_an_error_page_not_a_trace(client, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    assert client.post("/api/session", json={"username": "steward", "password": PASSWORD}).status_code == 200
    monkeypatch.setattr(accounts, "get_user", broken)
    with TestClient(client.app, raise_server_exceptions=False, cookies=client.cookies) as buggy:
        page = buggy.get("/imports")
        assert page.status_code == 500
        assert "システム側で問題が発生しました" in page.text
        assert "a bug" not in page.text
        api = buggy.get("/api/me")
        assert api.status_code == 500
        assert api.json()["detail"].startswith("Something went wrong on our side.")


def test_there_is_no_module_level_app() -> None:
    assert not hasattr(app_module, "app")


def test_serve_migrates_and_runs_the_factory(app_database, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    from talentbridge.cli import app as cli

    calls: list[tuple[str, dict]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kwargs: calls.append((target, kwargs)))
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "http://localhost:8123/" in result.output
    assert calls == [
        (
            "talentbridge.app:create_app",
            {"factory": True, "host": "127.0.0.1", "port": 8123, "reload": False, "workers": 2, "log_level": "info"},
        )
    ]
    refused = CliRunner().invoke(cli, ["serve", "--reload", "--workers", "2"])
    assert refused.exit_code != 0
    assert "--reload runs one process" in refused.output
    assert len(calls) == 1


def test_too_many_failed_sign_ins_are_refused_with_the_wait_in_both_languages(client) -> None:
    for _ in range(10):
        assert sign_in(client, "steward", password="wrong").status_code == 401
    refused = sign_in(client, "steward")  # the right password is not even checked now
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) in range(60, 15 * 60 + 1)
    assert "サインインの失敗が続いたため" in refused.text
    assert client.get("/", follow_redirects=False).status_code == 303
    api = client.post("/api/session", json={"username": "STEWARD", "password": PASSWORD})
    assert api.status_code == 429
    assert api.json()["detail"].startswith("Too many failed sign-ins. Wait ")
    assert int(api.headers["retry-after"]) > 0
    # Other accounts still sign in: this address has failed 10 times, under its limit of 50.
    assert sign_in(client, "admin").status_code == 303
    actions = audit_actions()
    assert actions.count("user.sign_in_failed") == 10
    assert actions.count("user.sign_in_refused") == 2
