"""A company finds a specialist, books a free slot (held while it fills in the form),
sees the talk confirmed, then cancels it; the slot is free again."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from talentbridge.accounts import service as accounts
from talentbridge.advisory import service
from talentbridge.companies.models import Company
from talentbridge.db import session_scope
from talentbridge.feeds import service as feeds

pytestmark = pytest.mark.browser
PASSWORD = "a long password"
HEADER = "specialist_id,name,city,country,time_zone,sectors,markets,languages,background,weekly_hours"
ROWS = (
    "SP-7,Yamamoto Naoko,Bangkok,TH,Asia/Bangkok,seafood,TH,ja;th,buyer,Mon-Fri 09:00-12:00",
    "SP-8,Sato Hiroshi,Düsseldorf,DE,Europe/Berlin,soy sauce,DE;EU,ja;en;de,trader,Mon-Fri 10:00-13:00",
)


@pytest.fixture
def company(live_server: str, tmp_path: Path) -> str:
    path = tmp_path / "specialists.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    with session_scope() as session:
        feeds.import_feed(session, path)
        for key in ("SP-7", "SP-8"):
            specialist = service.get_specialist(session, key)
            service.set_status(session, specialist, "vetted", by="admin")
            service.set_status(session, specialist, "active", by="admin")
        tosa = Company(
            corporate_number="2938470781181", name="土佐醤油", tier="priority", status="active",
            target_markets=["TH"], hs_codes=["0303"],
        )  # fmt: skip
        session.add(tosa)
        session.flush()
        accounts.create_user(
            session, username="acme", password=PASSWORD, role="company", company_id=tosa.id, locale="en"
        )
    return live_server


def test_find_book_and_cancel_a_talk(company: str, browser, tmp_path: Path) -> None:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{company}/login")
    page.fill("input[name=username]", "acme")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/companies/\d+$"))
    page.goto(f"{company}/specialists")
    first = page.locator("ol.matches h3 a").first
    assert first.inner_text() == "Yamamoto Naoko"  # Thailand and seafood: the Bangkok specialist first
    first.click()
    page.wait_for_url(re.compile(r"/specialists/SP-7"))
    assert page.locator("#slots tbody tr").count() > 0
    # Slots a week ahead: outside the 48 hours in which a company cannot cancel alone.
    week = (datetime.now(UTC) + timedelta(days=7)).date().isoformat()
    page.goto(f"{company}/specialists/SP-7?start={week}")
    row = page.locator("#slots tbody tr").first
    when = row.locator("td").first.inner_text()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} 11:00", when)  # 09:00 in Bangkok is 11:00 in Tokyo
    page.screenshot(path=str(tmp_path / "slots.png"), full_page=True)
    row.locator("button").click()
    page.wait_for_url(re.compile(r"/book/"))
    assert "held for you" in page.content()
    page.fill("input[name=purpose]", "Selling dried fish in Bangkok")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r"/talks/\d+$"))
    assert "Confirmed" in page.locator("h1").inner_text()
    assert when in page.locator("#talk").inner_text()
    page.fill("input[name=reason]", "Our buyer cannot come")
    page.click("#talk form button")
    page.wait_for_url(re.compile(r"/talks/\d+$"))
    assert "Cancelled" in page.locator("h1").inner_text()
    assert "Our buyer cannot come" in page.locator("#talk").inner_text()
    page.goto(f"{company}/specialists/SP-7?start={week}")
    assert page.locator("#slots tbody tr").first.locator("td").first.inner_text() == when  # free again
    context.close()
