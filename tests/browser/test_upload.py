"""A data steward signs in, uploads the MAFF sample and reads the report, on a desktop
browser and on a phone."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def maff_rows(path: Path) -> int:
    with path.open(encoding="cp932", newline="") as handle:
        return sum(1 for row in csv.reader(handle) if row) - 1


def sign_in(page, live_server: str, steward: tuple[str, str]) -> None:
    """Through the sign-in form, which brings the steward to Imports."""
    page.goto(f"{live_server}/login?next=/imports")
    page.fill("input[name=username]", steward[0])
    page.fill("input[name=password]", steward[1])
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/imports$"))


def test_upload_and_read_the_report(live_server, browser, steward, samples, tmp_path) -> None:
    sample = samples / "maff-agri.csv"
    rows = maff_rows(sample)
    assert rows > 0

    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)

    # Imports is behind the sign-in form, which brings the steward back to it.
    page.goto(f"{live_server}/imports")
    assert "/login" in page.url
    page.fill("input[name=username]", steward[0])
    page.fill("input[name=password]", steward[1])
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/imports$"))
    assert page.locator("nav.nav a[aria-current=page]").inner_text() == "取込"

    page.set_input_files("input[type=file][name=file]", str(sample))
    page.click("form.form-upload button[type=submit]")
    page.wait_for_url(re.compile(r"/imports/\d+$"))

    def count(key: str) -> int:
        return int(page.locator(f"[data-count={key}] .stat-value").get_attribute("data-value") or "-1")

    assert count("read") == rows
    assert count("new") == rows
    assert count("changed") == 0
    assert count("withdrawn") == 0
    quarantine = page.locator("#quarantine")
    assert quarantine.is_visible()
    if count("quarantined"):
        assert quarantine.locator("table tbody tr").count() == count("quarantined")
    else:
        assert page.locator("#none-quarantined").is_visible()
    report_url = page.url
    context.close()

    # The same report on a phone: it fits the screen, and tables scroll inside their box.
    phone = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    sign_in(page, live_server, steward)
    page.goto(report_url)
    assert page.locator("[data-count=read] .stat-value").get_attribute("data-value") == str(rows)
    shot = tmp_path / "report-phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists()
    assert shot.stat().st_size > 0
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the page is {scroll_width}px wide on a {inner_width}px screen"
    phone.close()


def test_live_search(live_server, browser, steward, samples) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, steward)
    page.set_input_files("input[type=file][name=file]", str(samples / "maff-agri.csv"))
    page.click("form.form-upload button[type=submit]")
    page.wait_for_url(re.compile(r"/imports/\d+$"))

    page.goto(f"{live_server}/records")
    page.fill("input[name=q]", "phuong")  # htmx swaps the table in as the steward types
    page.wait_for_function("document.querySelectorAll('#records-table tbody tr').length === 1")
    assert "Thi Phuong" in page.locator("#records-table").inner_text()
    assert "q=phuong" in page.url  # the search is in the address, so back and reload keep it
    page.locator("#records-table tbody a").first.click()
    page.wait_for_url(re.compile(r"/records/\d+$"))
    assert "do.phuong933@icloud.com" in page.content()
    context.close()


def test_quarantined_rows_read_in_japanese_on_a_phone(live_server, browser, steward, samples, tmp_path) -> None:
    bad = (
        "MAFF-0999999,NGUYEN Van Binh,グエン ヴァン ビン,男,平成31年2月30日,ベトナム,N3,,農業,3,,"
        "特定技能1号,,北海道,,,同意,2018/10/30\r\n"
    )
    upload = tmp_path / "maff-agri.csv"
    upload.write_bytes((samples / "maff-agri.csv").read_bytes() + bad.encode("cp932"))
    phone = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server, steward)
    page.set_input_files("input[type=file][name=file]", str(upload))
    page.click("form.form-upload button[type=submit]")
    page.wait_for_url(re.compile(r"/imports/\d+$"))
    reason = page.locator("#quarantine td.reason").first.inner_text()
    assert "'平成31年2月30日' は日付ではありません（2月に30日はありません）" in reason
    assert reason.endswith("この行は隔離しました")
    page.screenshot(path=str(tmp_path / "quarantine-phone.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"the page is {scroll_width}px wide on a {inner_width}px screen"
    phone.close()
