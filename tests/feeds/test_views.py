"""The steward's pages and the feeds API: uploads, reports, quarantine, search, record views,
roles, CSRF and the audit log, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from talentbridge import config
from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import AuditEntry, Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.app import create_app
from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds
from talentbridge.feeds import views

PASSWORD = "a long password"
COUNT_KEYS = {"import_id", "feed", "filename", "read", "new", "changed", "unchanged", "withdrawn", "quarantined"}


def data_rows(path: Path) -> int:
    """How many data rows the sample holds, counted independently of the importer."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True)["外国人求職者"]
        return sum(1 for row in sheet.iter_rows(min_row=4, values_only=True) if any(row))
    if path.suffix == ".jsonl":
        return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    encoding = "cp932" if path.name.startswith("maff") else "utf-8-sig"
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


SAMPLES = {
    "maff-agri.csv": "maff-agri",
    "meti-mfg.jsonl": "meti-mfg",
    "mhlw-hellowork.xlsx": "mhlw-hellowork",
    "jasso-graduates.csv": "jasso-graduates",
}


@pytest.fixture
def client(app_database) -> Iterator[TestClient]:
    with session_scope() as session:
        accounts.create_user(session, username="steward", password=PASSWORD, role="data_steward")
        accounts.create_user(session, username="acme", password=PASSWORD, role="company")
    with TestClient(create_app()) as client:
        yield client


def api_sign_in(client: TestClient, username: str = "steward") -> str:
    response = client.post("/api/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return token


def upload(client: TestClient, path: Path, *, name: str | None = None, feed: str | None = None, content=None):
    data = {"feed": feed} if feed else {}
    body = content if content is not None else path.read_bytes()
    return client.post("/api/imports", files={"file": (name or path.name, body)}, data=data)


def page_upload(client: TestClient, token: str, path: Path, *, name: str | None = None, feed: str = "", content=None):
    body = content if content is not None else path.read_bytes()
    return client.post(
        "/imports",
        data={"csrf_token": token, "feed": feed},
        files={"file": (name or path.name, body)},
        follow_redirects=False,
    )


def audit_entries(action: str) -> list[AuditEntry]:
    with session_scope() as session:
        return list(session.query(AuditEntry).filter(AuditEntry.action == action).order_by(AuditEntry.id))


def import_count() -> int:
    with session_scope() as session:
        return len(feeds.list_imports(session))


def with_a_bad_row(samples: Path) -> bytes:
    """The MAFF sample plus one row whose birth date does not exist."""
    bad = (
        "MAFF-0999999,NGUYEN Van Binh,グエン ヴァン ビン,男,平成31年2月30日,ベトナム,N3,,農業,3,,"
        "特定技能1号,,北海道,,,同意,2018/10/30\r\n"
    )
    return (samples / "maff-agri.csv").read_bytes() + bad.encode("cp932")


# --- uploads through the API --------------------------------------------------------------------


@pytest.mark.parametrize("filename", list(SAMPLES))
def test_api_upload_of_each_sample(client, samples, filename) -> None:
    api_sign_in(client)
    rows = data_rows(samples / filename)
    response = upload(client, samples / filename)
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == COUNT_KEYS | {"nothing_changed"}
    assert body["feed"] == SAMPLES[filename]
    assert body["filename"] == filename
    assert (body["read"], body["new"], body["changed"], body["withdrawn"]) == (rows, rows - body["quarantined"], 0, 0)
    assert body["nothing_changed"] is False

    again = upload(client, samples / filename).json()
    assert again["nothing_changed"] is True
    assert (again["new"], again["changed"], again["withdrawn"]) == (0, 0, 0)
    assert again["unchanged"] == rows - again["quarantined"]

    listed = client.get("/api/imports").json()
    assert [item["import_id"] for item in listed] == [again["import_id"], body["import_id"]]
    report = client.get(f"/api/imports/{body['import_id']}").json()
    assert report["read"] == rows
    assert report["imported_by"] == "steward"
    assert [e.object_id for e in audit_entries("feed.import")] == [str(body["import_id"]), str(again["import_id"])]


def test_api_upload_with_the_layout_named(client, samples) -> None:
    api_sign_in(client)
    response = upload(client, samples / "maff-agri.csv", name="register.csv", feed="maff-agri")
    assert response.status_code == 201
    assert response.json()["filename"] == "register.csv"


def test_api_unknown_layout_writes_nothing(client, samples) -> None:
    api_sign_in(client)
    response = upload(client, samples / "maff-agri.csv", name="prices.csv", content=b"item,price\nrice,100\n")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("prices.csv is not one of the known feed layouts")
    assert "Nothing was imported" in detail
    assert "upload-" not in detail  # the file as the user named it, not the spooled copy
    assert client.get("/api/imports").json() == []
    assert import_count() == 0


def test_api_layout_mismatch_writes_nothing(client, samples) -> None:
    api_sign_in(client)
    response = upload(client, samples / "maff-agri.csv", feed="meti-mfg")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("maff-agri.csv is not a meti-mfg file")
    assert import_count() == 0


def test_api_upload_needs_the_csrf_header(client, samples) -> None:
    api_sign_in(client)
    del client.headers["X-CSRF-Token"]
    response = upload(client, samples / "maff-agri.csv")
    assert response.status_code == 403
    assert "X-CSRF-Token" in response.json()["detail"]
    assert import_count() == 0


def test_api_upload_too_large(client, samples, monkeypatch) -> None:
    api_sign_in(client)
    monkeypatch.setenv("TALENTBRIDGE_MAX_UPLOAD_MB", "0")
    config.get_settings.cache_clear()
    response = upload(client, samples / "maff-agri.csv")
    assert response.status_code == 422
    assert "talentbridge import" in response.json()["detail"]
    assert import_count() == 0


def test_api_quarantine(client, samples) -> None:
    api_sign_in(client)
    rows = data_rows(samples / "maff-agri.csv")
    body = upload(client, samples / "maff-agri.csv", content=with_a_bad_row(samples)).json()
    assert (body["read"], body["new"], body["quarantined"]) == (rows + 1, rows, 1)
    page = client.get(f"/api/imports/{body['import_id']}/quarantine").json()
    assert page["total"] == 1
    [row] = page["items"]
    assert row["row_number"] == rows + 2  # the header is row 1
    assert row["record_id"] == "MAFF-0999999"
    assert "平成31年2月30日" in row["reason"]
    assert row["reason"].endswith("the row is quarantined")
    assert "NGUYEN Van Binh" in row["raw"]
    assert len(audit_entries("quarantine.view")) == 1


# --- records through the API -----------------------------------------------------------------------


def test_api_records_search_and_view(client, samples) -> None:
    api_sign_in(client)
    upload(client, samples / "maff-agri.csv")
    everything = client.get("/api/records").json()
    assert everything["total"] == data_rows(samples / "maff-agri.csv")

    found = client.get("/api/records", params={"q": "phuong"}).json()
    assert found["total"] == 1
    [item] = found["items"]
    assert (item["family_name"], item["given_name"]) == ("DO", "Thi Phuong")
    assert "email" not in item  # contact details only in the record's own view

    assert client.get("/api/records", params={"q": "phuong", "feed": "meti-mfg"}).json()["total"] == 0
    assert client.get("/api/records", params={"status": "withdrawn"}).json()["total"] == 0
    assert client.get("/api/records", params={"status": "lost"}).status_code == 422
    paged = client.get("/api/records", params={"limit": 5, "offset": 5}).json()
    assert (paged["limit"], paged["offset"], len(paged["items"])) == (5, 5, 5)

    before = len(audit_entries("record.view"))
    record = client.get(f"/api/records/{item['id']}").json()
    assert record["record_id"] == item["record_id"]
    assert record["contact"]["email"] == "do.phuong933@icloud.com"
    assert record["raw"]["氏名"] == "DO Thi Phuong"
    assert record["versions"] == []
    views_ = audit_entries("record.view")
    assert len(views_) == before + 1
    assert views_[-1].object_id == str(item["id"])
    assert views_[-1].actor == "steward"
    assert views_[-1].detail["record_id"] == item["record_id"]
    assert audit_entries("records.search")  # the lists of names are audited too

    assert client.get("/api/records/999999").status_code == 404


def test_record_serialised_per_role(client, samples) -> None:
    api_sign_in(client)
    upload(client, samples / "maff-agri.csv")
    with session_scope() as session:
        _, [record] = feeds.list_records(session, query="phuong")
        steward = views.record_detail(record, [], user=_reader(Role.data_steward))
        company = views.record_detail(record, [], user=_reader(Role.company))
    assert steward.contact is not None
    assert steward.raw is not None
    assert "email" in steward.data
    assert company.contact is None
    assert company.raw is None
    assert "email" not in company.data
    assert "phone" not in company.data
    assert "issues" not in company.data  # they may quote an unreadable address or number
    assert company.family_name == "DO"


def _reader(role: Role) -> UserRead:
    return UserRead(id=1, username="reader", display_name="reader", role=role, locale="en")


# --- roles -------------------------------------------------------------------------------------------


def test_signed_out_api_is_401(client) -> None:
    for path in ("/api/imports", "/api/records", "/api/records/1", "/api/imports/1/quarantine"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "You are not signed in. Sign in to continue."}


@pytest.mark.parametrize(
    "path", ["/api/imports", "/api/imports/1", "/api/imports/1/quarantine", "/api/records", "/api/records/1"]
)
def test_a_company_user_gets_403_from_the_feeds_api(client, path) -> None:
    api_sign_in(client, "acme")
    response = client.get(path)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("This is for administrators and data stewards")


def test_a_company_user_cannot_upload(client, samples) -> None:
    api_sign_in(client, "acme")
    assert upload(client, samples / "maff-agri.csv").status_code == 403
    assert import_count() == 0


# --- the pages ------------------------------------------------------------------------------------------


def page_sign_in(client: TestClient, username: str = "steward") -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/imports").text).group(1)


def count_on_page(html: str, key: str) -> int:
    found = re.search(rf'data-count="{key}">\s*<span class="stat-value" data-value="(\d+)"', html)
    assert found, f"no {key} count on the page"
    return int(found.group(1))


def test_imports_page_offers_the_layouts(client) -> None:
    page_sign_in(client)
    page = client.get("/imports", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert '<option value="">ファイルから判定する</option>' in page.text  # the user's language: ja
    for name in ("maff-agri", "meti-mfg", "mhlw-hellowork", "jasso-graduates"):
        assert f'<option value="{name}"' in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "まだフィードは取り込まれていません。" in page.text


def test_page_upload_shows_the_report(client, samples) -> None:
    token = page_sign_in(client)
    rows = data_rows(samples / "mhlw-hellowork.xlsx")
    response = page_upload(client, token, samples / "mhlw-hellowork.xlsx")
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/imports/\d+", location)
    report = client.get(location).text
    assert count_on_page(report, "read") == rows
    assert count_on_page(report, "new") == rows
    assert count_on_page(report, "quarantined") == 0
    assert "隔離された行はありません。" in report
    assert 'id="nothing-changed"' not in report

    again = page_upload(client, token, samples / "mhlw-hellowork.xlsx")
    report = client.get(again.headers["location"]).text
    assert 'id="nothing-changed"' in report
    assert "変更はありません。" in report
    assert count_on_page(report, "unchanged") == rows

    dashboard = client.get("/").text
    assert "mhlw-hellowork.xlsx" in dashboard  # among the recent imports
    assert re.search(r'mhlw-hellowork</a>.*?<td class="num">' + str(rows) + "</td>", dashboard, re.S)


def test_page_upload_of_an_unknown_layout(client, samples) -> None:
    token = page_sign_in(client)
    response = page_upload(
        client, token, samples / "maff-agri.csv", name="prices.csv", content=b"item,price\nrice,100\n"
    )
    assert response.status_code == 422
    assert "ファイルは取り込まれず、何も書き込まれていません。" in response.text
    assert "prices.csv is not one of the known feed layouts" in response.text
    assert import_count() == 0


def test_page_upload_without_a_file(client) -> None:
    token = page_sign_in(client)
    response = client.post("/imports", data={"csrf_token": token, "feed": ""}, files={"file": ("", b"")})
    assert response.status_code == 422
    assert "Choose a feed file to import" in response.text
    assert import_count() == 0


def test_page_upload_needs_the_csrf_token(client, samples) -> None:
    page_sign_in(client)
    response = page_upload(client, "forged", samples / "maff-agri.csv")
    assert response.status_code == 403
    assert import_count() == 0


def test_report_page_lists_quarantined_rows(client, samples) -> None:
    token = page_sign_in(client)
    response = page_upload(client, token, samples / "maff-agri.csv", content=with_a_bad_row(samples))
    page = client.get(response.headers["location"], headers={"Accept-Language": "en"}).text
    assert count_on_page(page, "quarantined") == 1
    assert "隔離された行" in page
    assert "MAFF-0999999" in page
    assert "平成31年2月30日" in page
    assert "NGUYEN Van Binh" in page  # the raw content
    client.get("/lang/en")
    page = client.get(response.headers["location"]).text
    assert "Quarantined rows" in page
    assert "Rows read" in page


def test_records_page_search_and_live_search(client, samples) -> None:
    token = page_sign_in(client)
    page_upload(client, token, samples / "maff-agri.csv")
    page = client.get("/records", params={"q": "phuong"})
    assert page.status_code == 200
    assert "<html" in page.text
    assert "Thi Phuong" in page.text
    assert "ソースレコード 1 件" in page.text
    assert 'hx-get="/records"' in page.text

    fragment = client.get("/records", params={"q": "xu jie"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.text
    assert "XU" in fragment.text
    assert "Jie" in fragment.text

    nothing = client.get("/records", params={"q": "zzzz"}, headers={"HX-Request": "true"})
    assert "「zzzz」に一致するソースレコードはありません。" in nothing.text

    assert "Thi Phuong" not in client.get("/records", params={"q": "phuong", "feed": "jasso-graduates"}).text
    assert client.get("/records", params={"page": 0}).status_code == 422


def test_records_page_paginates(client, samples, monkeypatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    token = page_sign_in(client)
    page_upload(client, token, samples / "maff-agri.csv")
    rows = data_rows(samples / "maff-agri.csv")
    pages = -(-rows // 5)
    first = client.get("/records").text
    assert f"1 / {pages} ページ" in first
    assert 'href="/records?q=&amp;feed=&amp;status=&amp;page=2" rel="next"' in first
    last = client.get("/records", params={"page": pages}).text
    assert last.count('<tr>\n        <td><a href="/records/') == rows - 5 * (pages - 1)
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last


def test_record_page_is_audited(client, samples) -> None:
    token = page_sign_in(client)
    page_upload(client, token, samples / "maff-agri.csv")
    with session_scope() as session:
        _, [record] = feeds.list_records(session, query="phuong")
    page = client.get(f"/records/{record.id}")
    assert page.status_code == 200
    text = page.text
    assert "DO Thi Phuong" in text or ("DO" in text and "Thi Phuong" in text)
    assert "ベトナム語" in text
    assert "母語" in text
    assert "do.phuong933@icloud.com" in text  # contact: stewards see it
    assert "第三者提供" in text
    assert "元の行（機関から届いたまま）" in text
    assert "登録番号" in text
    assert "バージョン履歴" in text
    [entry] = audit_entries("record.view")
    assert entry.object_type == "source_record"
    assert entry.object_id == str(record.id)
    assert entry.actor == "steward"
    assert entry.user_id is not None


def test_record_page_shows_a_withdrawal_and_the_history(client, samples) -> None:
    token = page_sign_in(client)
    original = (samples / "maff-agri.csv").read_bytes()
    page_upload(client, token, samples / "maff-agri.csv")
    lines = original.split(b"\r\n")
    target = next(i for i, line in enumerate(lines) if b"MAFF-0000010" in line)
    without = b"\r\n".join(lines[:target] + lines[target + 1 :])
    second = page_upload(client, token, samples / "maff-agri.csv", content=without)
    report = client.get(second.headers["location"]).text
    assert count_on_page(report, "withdrawn") == 1
    with session_scope() as session:
        _, [record] = feeds.list_records(session, query="MAFF-0000010")
    page = client.get(f"/records/{record.id}", headers={"Accept-Language": "en"}).text
    assert "取下げ済み。" in page
    assert "フィードの最新スナップショットに含まれていない" in page
    assert "バージョン 1" in page
    assert "バージョン 2" in page


def test_dashboard_counts_by_feed(client, samples) -> None:
    token = page_sign_in(client)
    page_upload(client, token, samples / "jasso-graduates.csv")
    page = client.get("/").text
    assert "ダッシュボード" in page
    rows = data_rows(samples / "jasso-graduates.csv")
    assert re.search(
        r'<span class="stat-value">' + str(rows) + r"</span>\s*<span class=\"stat-label\">有効なソースレコード", page
    )
    assert 'href="/records?feed=jasso-graduates"' in page


def test_pages_give_htmx_the_csrf_header(client) -> None:
    page_sign_in(client)
    for path in ("/", "/imports", "/records"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<body hx-headers=\'{"X-CSRF-Token": "' in response.text


# --- a snapshot that would withdraw much of the register ---------------------------------------


def _partial_maff(samples: Path, rows: int) -> bytes:
    lines = (samples / "maff-agri.csv").read_bytes().split(b"\r\n")
    return b"\r\n".join(lines[: rows + 1]) + b"\r\n"


def test_a_partial_snapshot_is_refused_until_withdrawals_are_allowed(client, samples, monkeypatch) -> None:
    monkeypatch.setattr(config.get_settings(), "withdrawal_guard_minimum", 5)
    api_sign_in(client)
    assert upload(client, samples / "maff-agri.csv").status_code == 201
    partial = _partial_maff(samples, 2)
    refused = upload(client, samples / "maff-agri.csv", name="partial.csv", content=partial)
    assert refused.status_code == 409
    assert "would withdraw 17 of the 19 active records of maff-agri" in refused.json()["detail"]
    assert import_count() == 1
    allowed = client.post("/api/imports", files={"file": ("partial.csv", partial)}, data={"allow_withdrawals": "true"})
    assert allowed.status_code == 201
    assert allowed.json()["withdrawn"] == 17


def test_the_upload_page_offers_to_allow_withdrawals_when_it_refuses(client, samples, monkeypatch) -> None:
    monkeypatch.setattr(config.get_settings(), "withdrawal_guard_minimum", 5)
    token = page_sign_in(client)
    assert page_upload(client, token, samples / "maff-agri.csv").status_code == 303
    refused = page_upload(
        client, token, samples / "maff-agri.csv", name="partial.csv", content=_partial_maff(samples, 2)
    )
    assert refused.status_code == 409
    assert "would withdraw 17 of the 19" in refused.text
    assert 'name="allow_withdrawals"' in refused.text
    assert "field-attention" in refused.text
    assert import_count() == 1


def test_quarantine_reasons_are_shown_in_the_readers_language(client, samples) -> None:
    token = page_sign_in(client)
    response = page_upload(client, token, samples / "maff-agri.csv", content=with_a_bad_row(samples))
    report = html.unescape(client.get(response.headers["location"]).text)
    rows = data_rows(samples / "maff-agri.csv")
    japanese = (
        f"maff-agri の {rows + 2} 行目: 生年月日: '平成31年2月30日' は日付ではありません"
        "（2月に30日はありません）。この行は隔離しました"
    )
    assert japanese in report
    client.get("/lang/en?next=/")
    english = html.unescape(client.get(response.headers["location"]).text)
    assert (
        f"maff-agri row {rows + 2}: 生年月日: '平成31年2月30日' is not a date (February has no 30th); "
        "the row is quarantined"
    ) in english


def test_values_the_import_could_not_read_are_shown_in_the_readers_language(client, samples) -> None:
    token = page_sign_in(client)
    row = (
        "MAFF-0888888,TRAN Thi Mai,チャン ティ マイ,女,1996/04/12,ベトナム,N2,,農業,3,,"
        "特定技能1号,,北海道,12,not-an-address,同意,2018/10/30\r\n"
    )
    content = (samples / "maff-agri.csv").read_bytes() + row.encode("cp932")
    page_upload(client, token, samples / "maff-agri.csv", content=content)
    with session_scope() as session:
        _, [record] = feeds.list_records(session, query="MAFF-0888888")
        assert [issue.split(":")[0] for issue in record.data["issues"]] == ["電話番号", "メール"]
    japanese = html.unescape(client.get(f"/records/{record.id}").text)
    assert "電話番号: '12' は正しい電話番号ではありません" in japanese
    assert "メール: 'not-an-address' は正しいメールアドレスではありません" in japanese
    client.get("/lang/en?next=/")
    english = html.unescape(client.get(f"/records/{record.id}").text)
    assert "電話番号: '12' is not a valid phone number" in english
