"""A company finds a specialist, books a free slot (held while it fills in the form),
sees the talk confirmed, then cancels it; the slot is free again. A specialist keeps a day
off and declines a request, in Japanese, on a phone; the administrator sees utilisation."""

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
        accounts.create_user(
            session, username="naoko", password=PASSWORD, role="specialist",
            specialist_id=service.get_specialist(session, "SP-7").id,
        )  # fmt: skip
        accounts.create_user(session, username="admin", password=PASSWORD, role="administrator", locale="en")
    return live_server


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def _act_on_talk(page, action: str, reason: str, *, heading: str, talk_id: int | None = None) -> None:
    """A talk page's `action` form sent with its reason: the page comes back in its new
    state, the reason shown."""
    page.fill("#change input[name=reason]", reason)
    page.click(f"#change form[action$='/{action}'] button")
    talk = r"\d+" if talk_id is None else str(talk_id)
    page.wait_for_url(re.compile(rf"/talks/{talk}$"))
    assert heading in page.locator("h1").inner_text()
    assert reason in page.locator("#talk").inner_text()


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
    _act_on_talk(page, "cancel", "Our buyer cannot come", heading="Cancelled")
    page.goto(f"{company}/specialists/SP-7?start={week}")
    assert page.locator("#slots tbody tr").first.locator("td").first.inner_text() == when  # free again
    context.close()


def test_a_specialist_keeps_a_day_off_and_declines_a_request_on_a_phone(company: str, browser, tmp_path: Path) -> None:
    from talentbridge.advisory import booking

    week = (datetime.now(UTC) + timedelta(days=7)).date()
    with session_scope() as session:
        specialist = service.get_specialist(session, "SP-7")
        tosa = session.query(Company).one()
        first = service.slots(session, specialist, first=week, days=7)[0]
        session.commit()
        talk = booking.book(
            session, specialist_id=specialist.id, company=tosa, starts_at=first.starts_at, minutes=60,
            purpose="干物のタイ輸出", by="acme",
        )  # fmt: skip
        talk_id = talk.id
    phone = browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, company, "naoko")
    page.wait_for_url(re.compile(r"/talks$"))
    assert "依頼と商談" in page.locator("h1").inner_text()
    row = page.locator("#upcoming tbody tr").first
    assert "土佐醤油" in row.inner_text()
    assert re.search(r"\d{2}-\d{2} 09:00", row.locator("td").first.inner_text())  # Bangkok time first
    row.locator("a").click()
    page.wait_for_url(re.compile(rf"/talks/{talk_id}$"))
    _act_on_talk(page, "decline", "展示会の出張と重なりました", heading="辞退", talk_id=talk_id)

    page.goto(f"{company}/availability")
    off = (week + timedelta(days=1)).isoformat()
    page.fill("#override input[name=day]", off)
    page.fill("#override input[name=note]", "ソンクラーン")
    page.click("#override form button")
    page.wait_for_url(re.compile(r"/availability"))
    assert off in page.locator("#override table").inner_text()
    page.fill("#hours input[name=hours]", "毎朝")
    page.click("#hours form button")
    assert "何も変更されていません" in page.locator(".alert-error").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    page.screenshot(path=str(tmp_path / "availability-phone.png"), full_page=True)
    phone.close()

    desk = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, company, "admin")
    page.goto(f"{company}/utilisation?start={week.isoformat()}&days=7")
    assert page.locator("#specialists svg.use-bar").count() == 2  # both active specialists
    assert "Yamamoto Naoko" in page.locator("#specialists").inner_text()
    page.goto(f"{company}/specialists")
    assert page.locator("#SP-7 form[action$='/status'] button").inner_text() == "Suspend"
    desk.close()
