"""Synthetic consortium companies and their hiring needs, in the two layouts of
`feeds/README.md` (`consortium-companies`: CSV, UTF-8 with BOM; `company-needs`: JSON
Lines), in the words the person feeds use (so that needs and persons can meet).

Tiers follow the consortium: about 1,500 companies under prioritised support for every
340 local SMEs, and some others. With `bad_rows` > 0 that share of companies gets a
corporate number with a wrong check digit (and their needs name a company that is not
in the register): both are quarantined on import.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from stdnum.jp import cn

from talentbridge.feeds.generate import vocab
from talentbridge.feeds.normalise.prefectures import prefecture_name_en, prefecture_name_ja

COMPANIES_FILE = "consortium-companies.csv"
NEEDS_FILE = "company-needs.jsonl"
COMPANY_HEADER = (
    "法人番号", "企業名", "本社所在地", "業種", "従業員数", "資本金(万円)", "主要品目", "輸出実績", "目標市場",
    "支援区分", "登録日",
)  # fmt: skip
TIERS = (("重点支援", 1500), ("地域中小企業", 340), ("一般", 160))
FORMS = ("株式会社", "有限会社", "合同会社")
PLACES = ("北海", "越後", "土佐", "琉球", "富士", "信州", "讃岐", "薩摩", "津軽", "紀州", "出雲", "瀬戸内", "飛騨")


@dataclass(frozen=True)
class Line:
    """A line of business: the company's words, its products, the persons' words for it."""

    suffix: str
    industry: str
    hs: tuple[str, ...]
    sectors: tuple[str, ...]


LINES = (
    Line("水産", "漁業", ("0303", "0304", "1604"), ("seafood processing",)),
    Line("酒造", "飲料製造業", ("2206", "2208"), ("sake and beverages",)),
    Line("醤油", "食料品製造業", ("2103",), ("food processing",)),
    Line("製菓", "食料品製造業", ("1905", "1704"), ("food processing",)),
    Line("果樹園", "農業", ("0808", "0805"), ("agriculture",)),
    Line("茶園", "農業", ("0902",), ("agriculture", "sake and beverages")),
    Line("畜産", "畜産業", ("0201",), ("livestock",)),
    Line("食品", "食料品製造業", ("1902", "2106"), ("food processing",)),
    Line("農園", "農業", ("1006", "0709"), ("agriculture",)),
    Line("木材", "林業", ("4407",), ("forestry",)),
    Line("商事", "卸売業", ("0303", "2208", "0902"), ("trading",)),
    Line("機械", "製造業", ("8438",), ("food processing machinery",)),
)
MARKETS = ("VN", "TH", "CN", "TW", "HK", "SG", "MY", "ID", "PH", "US", "AU", "CA", "KR", "EU")
MARKET_JA = {
    "VN": "ベトナム", "TH": "タイ", "CN": "中国", "TW": "台湾", "HK": "香港", "SG": "シンガポール",
    "MY": "マレーシア", "ID": "インドネシア", "PH": "フィリピン", "US": "アメリカ合衆国",
    "AU": "オーストラリア", "CA": "カナダ", "KR": "韓国", "EU": "EU",
}  # fmt: skip
MARKET_LANGUAGE = {
    "VN": "vi", "TH": "th", "CN": "zh", "TW": "zh", "HK": "zh", "SG": "en", "MY": "ms", "ID": "id",
    "PH": "tl", "US": "en", "AU": "en", "CA": "en", "KR": "ko", "EU": "en",
}  # fmt: skip
ROLE_JA = {
    "export sales": "輸出営業担当", "procurement": "調達担当", "engineer": "技術者", "marketing": "海外マーケティング",
    "quality assurance": "品質管理", "interpreter": "通訳",
}  # fmt: skip


def generate_companies(outdir: Path, *, companies: int, seed: int = 0, bad_rows: float = 0.0) -> dict[str, int]:
    """Write consortium-companies.csv and company-needs.jsonl; returns rows per file."""
    rng = random.Random(f"companies-{seed}")
    outdir.mkdir(parents=True, exist_ok=True)
    prefectures = [f"{code:02d}" for code in range(1, 48)]
    numbers: set[str] = set()
    rows = needs = 0
    with (
        open(outdir / COMPANIES_FILE, "w", encoding="utf-8-sig", newline="") as company_file,
        open(outdir / NEEDS_FILE, "w", encoding="utf-8", newline="\n") as needs_file,
    ):
        writer = csv.writer(company_file, lineterminator="\r\n")
        writer.writerow(COMPANY_HEADER)
        tiers = [name for name, _ in TIERS]
        weights = [share for _, share in TIERS]
        for _ in range(companies):
            base = f"{rng.randrange(10**11, 10**12):012d}"
            number = cn.calc_check_digit(base) + base
            if number in numbers:
                continue
            numbers.add(number)
            if bad_rows and rng.random() < bad_rows:
                number = str((int(number[0]) % 9) + 1) + base  # a wrong check digit
            line = rng.choice(LINES)
            name = f"{rng.choice(FORMS)}{rng.choice(PLACES)}{line.suffix}"
            prefecture = rng.choice(prefectures)
            markets = rng.sample(MARKETS, rng.randint(1, 3))
            registered = date(2016, 4, 1) + timedelta(days=rng.randrange(365 * 3))
            writer.writerow(
                (
                    number,
                    name,
                    prefecture_name_ja(prefecture),
                    line.industry,
                    rng.choice((8, 15, 30, 51, 120, 262)),
                    rng.choice((300, 500, 1000, 3000, 5000)),
                    ";".join(rng.sample(line.hs, rng.randint(1, len(line.hs)))),
                    rng.choice(("有", "無")),
                    ";".join(MARKET_JA[market] for market in markets),
                    rng.choices(tiers, weights)[0],
                    registered.strftime("%Y/%m/%d"),
                )
            )
            rows += 1
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                needs += 1
                market = rng.choice(markets)
                role = rng.choice(vocab.METI_ROLES)
                languages = [{"code": "ja", "min": rng.choice(("N1", "N2", "N2", "N3"))}]
                if rng.random() < 0.5:
                    languages.append({"code": MARKET_LANGUAGE[market], "min": rng.choice(("B2", "C1", "native"))})
                item = {
                    "need_id": f"N-{registered.year}-{needs:05d}",
                    "corporate_number": number,
                    "title": f"{MARKET_JA[market]}向け{ROLE_JA[role]}",
                    "role": role,
                    "languages": languages,
                    "target_markets": [market],
                    "sectors": list(line.sectors),
                    "hs_codes": list(line.hs[:2]),
                    "skills": rng.sample(vocab.METI_SKILLS, rng.randint(1, 3)),
                    "prefecture": prefecture_name_en(prefecture),
                    "work_eligible_only": rng.random() < 0.6,
                    "headcount": rng.choice((1, 1, 1, 2, 3)),
                    "description": f"{name}。{MARKET_JA[market]}の輸入業者との商談を担当。",
                }
                needs_file.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {COMPANIES_FILE: rows, NEEDS_FILE: needs}


def default_companies(persons: int) -> int:
    """About the consortium's size (2,000) for a large register, fewer for a small one."""
    return max(20, min(2000, persons // 50))
