"""A company shortlists a professional for its need and the professional accepts: the
company sees no contact details before, and sees them after; the professional sees who
received them. On a desktop and on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from talentbridge.accounts import service as accounts
from talentbridge.companies.generate import generate_companies
from talentbridge.companies.models import Need
from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds
from talentbridge.matching import service as matching
from talentbridge.registry import service as registry
from talentbridge.registry.models import GoldenRecord

pytestmark = pytest.mark.browser
FILES = (
    "maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv",
    "consortium-companies.csv", "company-needs.jsonl",
)  # fmt: skip
PASSWORD = "a long password"


@pytest.fixture
def scene(live_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from talentbridge.feeds.generate import generate_feeds

    folder = tmp_path_factory.mktemp("register")
    generate_feeds(folder, persons=300, seed=41)
    generate_companies(folder, companies=30, seed=41)
    with session_scope() as session:
        for name in FILES:
            feeds.import_feed(session, folder / name)
        registry.consolidate(session)
        matching.forget_index()
        for need in session.scalars(select(Need).order_by(Need.id)):
            found = matching.match_need(session, need.id, top=1)
            if found:
                break
        person = found[0].person_id
        accounts.create_user(
            session, username="acme", password=PASSWORD, role="company", company_id=need.company_id, locale="en"
        )
        accounts.create_user(
            session, username="pro", password=PASSWORD, role="professional", person_id=person, locale="ja"
        )
        email = session.get(GoldenRecord, person).data["fields"]["email"]["value"]
        return {"need": need.need_key, "person": person, "email": email}


def _sign_in(page, live_server: str, username: str, expect: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(expect))


def test_shortlist_then_mutual_acceptance(live_server, browser, scene, tmp_path: Path) -> None:
    company = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = company.new_page()
    page.set_default_timeout(20_000)
    _sign_in(page, live_server, "acme", r"/companies/\d+$")
    page.click(f"a[href='/needs/{scene['need']}']")
    page.wait_for_url(re.compile(re.escape(scene["need"]) + "$"))
    best = page.locator(f"#person-{scene['person']}")
    assert "Score" in best.inner_text()
    assert best.locator("svg.weight-bar").count() >= 1
    assert scene["email"] not in page.content()
    page.screenshot(path=str(tmp_path / "need-desktop.png"), full_page=True)
    best.locator("input[name=message]").fill("We export sake to Viet Nam")
    best.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/introductions/\d+$"))
    assert page.locator("#no-contact").is_visible()
    assert scene["email"] not in page.content()
    introduction = page.url.rsplit("/", 1)[1]

    phone = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    mine = phone.new_page()
    mine.set_default_timeout(20_000)
    _sign_in(mine, live_server, "pro", r"/me$")
    requests = mine.locator("#requests")
    assert "We export sake to Viet Nam" in requests.inner_text()
    assert "企業からの依頼" in requests.inner_text()
    mine.screenshot(path=str(tmp_path / "me-phone.png"), full_page=True)
    scroll_width, inner_width = mine.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width + 1  # nothing wider than the phone
    requests.locator(f"form[action='/introductions/{introduction}/accept'] button").click()
    mine.wait_for_url(re.compile(r"/me$"))
    assert "承諾済み" in mine.locator("#requests").inner_text()
    provisions = mine.locator("#provisions").inner_text()
    assert "email" in provisions

    page.reload()
    assert page.locator("#contact").is_visible()
    assert scene["email"] in page.locator("#contact").inner_text()
    page.screenshot(path=str(tmp_path / "introduction-desktop.png"), full_page=True)
    company.close()
    phone.close()
