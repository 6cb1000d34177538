"""The consortium-companies and company-needs feeds, through the one import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.companies.models import Company, Need
from talentbridge.feeds import service
from talentbridge.feeds.errors import MassWithdrawal
from talentbridge.feeds.models import QuarantinedRow

HEADER = "法人番号,企業名,本社所在地,業種,従業員数,資本金(万円),主要品目,輸出実績,目標市場,支援区分,登録日"
SAKE = "2938470781181,有限会社土佐醤油,新潟県,農業,151,300,1704;2208,有,インドネシア;EU,重点支援,2018/10/03"
FISH = (
    "3425815989437,合同会社富士水産,沖縄県,農業,262,1000,0902;1905,無,アメリカ合衆国;マレーシア,地域中小企業,2018/08/01"
)
WRONG_DIGIT = "3938470781181,株式会社まちがい,東京都,農業,5,300,0303,無,ベトナム,一般,2018/08/01"


def write_companies(path: Path, *rows: str) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8"))
    return path


def need(need_id: str, number: str = "2938470781181", **changes: object) -> dict[str, object]:
    item: dict[str, object] = {
        "need_id": need_id,
        "corporate_number": number,
        "title": "ベトナム向け輸出営業担当",
        "role": "export sales",
        "languages": [{"code": "ja", "min": "N2"}, {"code": "vi", "min": "B2"}],
        "target_markets": ["VN"],
        "sectors": ["sake and beverages"],
        "hs_codes": ["2206"],
        "skills": ["export documentation", "negotiation"],
        "prefecture": "Niigata",
        "work_eligible_only": True,
        "headcount": 1,
        "description": "新潟の酒蔵。ベトナムの輸入業者との商談を担当。",
    }
    item.update(changes)
    return item


def write_needs(path: Path, *items: dict[str, object] | str) -> Path:
    lines = [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_sample_companies_and_needs_import_and_a_wrong_check_digit_is_quarantined(
    session: Session, samples: Path
) -> None:
    report = service.import_feed(session, samples / "consortium-companies.csv")
    assert (report.feed, report.read, report.new, report.quarantined) == ("consortium-companies", 20, 19, 1)
    quarantined = session.scalars(select(QuarantinedRow)).one()
    assert quarantined.row_number == 2
    assert "check digit" in quarantined.reason
    assert quarantined.raw.startswith("0723347347957,有限会社琉球水産")
    company = session.scalars(select(Company).where(Company.corporate_number == "2938470781181")).one()
    assert (company.name, company.prefecture, company.tier) == ("有限会社土佐醤油", "15", "priority")
    assert (company.hs_codes, company.target_markets, company.exports_already) == (["1704", "2208"], ["ID"], True)
    assert (company.employees, company.capital_man_yen, str(company.registered_on)) == (151, 300, "2018-10-03")

    needs = service.import_feed(session, samples / "company-needs.jsonl")
    assert (needs.feed, needs.new, needs.quarantined) == ("company-needs", needs.read, 0)
    first = session.scalars(select(Need).order_by(Need.need_key)).first()
    assert first is not None
    assert first.need_key == "N-99-0001"
    assert first.languages == [{"code": "ja", "level": "B1", "jlpt": "N3"}, {"code": "zh", "level": "B2", "jlpt": None}]
    assert (first.target_markets, first.prefecture, first.headcount, first.status) == (["TW"], "21", 3, "open")
    assert (first.expires_on - first.as_of).days == 180


def test_a_company_snapshot_is_new_then_unchanged_then_changed_and_absent_ones_withdrawn(
    session: Session, tmp_path: Path
) -> None:
    first = service.import_feed(session, write_companies(tmp_path / "a.csv", SAKE, FISH, WRONG_DIGIT))
    assert (first.read, first.new, first.quarantined) == (3, 2, 1)
    again = service.import_feed(session, write_companies(tmp_path / "b.csv", SAKE, FISH, WRONG_DIGIT))
    assert (again.new, again.unchanged, again.changed, again.withdrawn) == (0, 2, 0, 0)
    assert again.nothing_changed
    moved = SAKE.replace("新潟県", "高知県")
    third = service.import_feed(session, write_companies(tmp_path / "c.csv", moved), allow_withdrawals=True)
    assert (third.changed, third.withdrawn, third.unchanged) == (1, 1, 0)
    sake = session.scalars(select(Company).where(Company.corporate_number == "2938470781181")).one()
    fish = session.scalars(select(Company).where(Company.corporate_number == "3425815989437")).one()
    assert (sake.prefecture, sake.version, sake.status) == ("39", 2, "active")
    assert (fish.status, fish.version) == ("withdrawn", 2)
    back = service.import_feed(session, write_companies(tmp_path / "d.csv", moved, FISH))
    assert (back.changed, back.unchanged) == (1, 1)
    session.refresh(fish)
    assert fish.status == "active"


def test_needs_name_a_known_active_company_and_keep_their_own_ids(session: Session, tmp_path: Path) -> None:
    service.import_feed(session, write_companies(tmp_path / "c.csv", SAKE, FISH))
    path = write_needs(
        tmp_path / "needs.jsonl",
        need("N-1"),
        need("N-2", number="1234567890123"),  # no such company (and a wrong check digit)
        need("N-3", number="7109149960226"),  # a valid number, not in the register
        need("N-4", languages=[{"code": "vi", "min": "N2"}]),
        need("N-1", title="repeated"),
        '{"need_id": "N-5", "corporate_number": ',
        need("N-6", number="3425815989437", work_eligible_only=False, headcount=2),
    )
    report = service.import_feed(session, path)
    assert (report.read, report.new, report.quarantined) == (7, 2, 5)
    reasons = dict(session.execute(select(QuarantinedRow.row_number, QuarantinedRow.reason)).all())
    assert "check digit" in reasons[2]
    assert "7109149960226 is not in the register" in reasons[3]
    assert "import the consortium companies" in reasons[3]
    assert "A1..C2 or native" in reasons[4]
    assert "already appeared on row 1" in reasons[5]
    assert "not valid JSON" in reasons[6]
    keys = {need.need_key: need for need in session.scalars(select(Need))}
    assert set(keys) == {"N-1", "N-6"}
    assert (keys["N-6"].work_eligible_only, keys["N-6"].headcount) == (False, 2)
    assert keys["N-1"].title == "ベトナム向け輸出営業担当"  # the first row won

    # A need that leaves the feed is withdrawn; one filed on the web would not be touched.
    later = service.import_feed(session, write_needs(tmp_path / "later.jsonl", need("N-1")))
    assert (later.unchanged, later.withdrawn) == (1, 1)
    assert keys["N-6"].status == "withdrawn"


def test_a_company_snapshot_that_would_withdraw_most_companies_is_refused(session: Session, tmp_path: Path) -> None:
    rows = [f"{number},会社{n},東京都,農業,5,300,0303,無,ベトナム,一般,2018/08/01" for n, number in enumerate(VALID)]
    service.import_feed(session, write_companies(tmp_path / "all.csv", *rows))
    with pytest.raises(MassWithdrawal, match="would withdraw 59 of the 60 active records"):
        service.import_feed(session, write_companies(tmp_path / "one.csv", rows[0]))


def _valid(base: int) -> str:
    digits = f"{base:012d}"
    total = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(digits), start=1))
    return f"{9 - total % 9}{digits}"


VALID = [_valid(100000000000 + n * 7919) for n in range(60)]
