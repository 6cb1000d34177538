"""A data steward reviews an uncertain pair: the evidence side by side, the decision, the
merged person's golden record; on a desktop browser and on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds
from talentbridge.registry import model, review, service
from talentbridge.registry.models import PersonRecord

pytestmark = pytest.mark.browser
LAYOUTS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")


@pytest.fixture
def queued(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> int:
    """A consolidated register of 120 persons and one pair queued between two of them."""
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("register")
    generate_feeds(folder, persons=120, seed=21)
    with session_scope() as session:
        for name in LAYOUTS:
            feeds.import_feed(session, folder / name)
        run = service.consolidate(session)
        held = dict(session.execute(select(PersonRecord.person_id, PersonRecord.source_record_id)).all())
        first, second = sorted(held)[:2]
        a, b = sorted((held[first], held[second]))
        weights = (("name", 2, 4.3), ("birth_date", 4, 11.6), ("email", 0, -3.6), ("phone", -1, 0.0))
        weights += (("nationality", 1, 2.3), ("prefecture", -1, 0.0), ("sex", 1, 0.6))
        evidence = model.Evidence(record_a=a, record_b=b, probability=0.85, prior=-12.1, comparisons=weights)
        review.queue(session, run, [evidence], replace=False)
        return first


def _sign_in(page, live_server: str, steward: tuple[str, str], target: str) -> None:
    page.goto(f"{live_server}/login?next={target}")
    page.fill("input[name=username]", steward[0])
    page.fill("input[name=password]", steward[1])
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(re.escape(target) + "$"))


def test_review_a_pair_and_see_the_merged_person(live_server, browser, steward, queued, tmp_path: Path) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server, steward, "/review")
    page.locator("table a[href^='/review/']").first.click()
    page.wait_for_url(re.compile(r"/review/\d+$"))
    evidence = page.locator("table.table-evidence")
    assert evidence.locator("svg.weight-bar").count() == 9
    assert "同一人物を強く支持" in evidence.inner_text()  # the birth date, in words (the steward reads Japanese)
    page.screenshot(path=str(tmp_path / "pair-desktop.png"), full_page=True)
    page.click("button[value=confirmed]")
    page.wait_for_url(re.compile(r"/review/\d+\?done="))
    assert "に統合しました" in page.locator(".alert-info").inner_text()  # the outcome, in her language
    page.goto(f"{live_server}/persons/{queued}")
    assert page.locator("table.table-golden a.source-link").count() > 0
    context.close()

    phone = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(15_000)
    _sign_in(page, live_server, steward, "/review?status=confirmed")
    page.locator("table a[href^='/review/']").first.click()
    page.wait_for_url(re.compile(r"/review/\d+$"))
    assert "この二つは同じ人物ですか？" in page.locator("h1").inner_text()
    page.screenshot(path=str(tmp_path / "pair-phone.png"), full_page=True)
    for url in (page.url, f"{live_server}/persons/{queued}", f"{live_server}/linkage"):
        page.goto(url)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width, f"{url} is {scroll_width}px wide on a {inner_width}px screen"
    page.screenshot(path=str(tmp_path / "linkage-phone.png"), full_page=True)
    phone.close()
