"""Synthetic overseas specialists in the `overseas-specialists` layout (CSV, UTF-8), as
the sample in `feeds/README.md` writes them: a city and its IANA zone, sectors, markets,
languages, a background and weekly hours in local time."""

from __future__ import annotations

import csv
import random
from pathlib import Path

SPECIALISTS_FILE = "overseas-specialists.csv"
HEADER = (
    "specialist_id", "name", "city", "country", "time_zone", "sectors", "markets", "languages", "background",
    "weekly_hours",
)  # fmt: skip
CITIES = (
    ("Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh", "vi"),
    ("Bangkok", "TH", "Asia/Bangkok", "th"),
    ("Shanghai", "CN", "Asia/Shanghai", "zh"),
    ("Taipei", "TW", "Asia/Taipei", "zh"),
    ("Singapore", "SG", "Asia/Singapore", "en"),
    ("Kuala Lumpur", "MY", "Asia/Kuala_Lumpur", "ms"),
    ("Jakarta", "ID", "Asia/Jakarta", "id"),
    ("Düsseldorf", "DE", "Europe/Berlin", "de"),
    ("Paris", "FR", "Europe/Paris", "fr"),
    ("Los Angeles", "US", "America/Los_Angeles", "en"),
    ("New York", "US", "America/New_York", "en"),
    ("Sydney", "AU", "Australia/Sydney", "en"),
)
SECTORS = ("seafood", "soy sauce", "sake", "tea", "timber", "confectionery", "rice", "fruit", "wagyu", "noodles")
BACKGROUNDS = (
    "former general trading company, food division, 25 years", "former JETRO trade advisor",
    "import distributor owner", "food retail buyer, 12 years", "logistics manager, cold chain",
)  # fmt: skip
HOURS = ("Mon-Fri 09:00-12:00", "Mon-Fri 10:00-13:00", "Mon,Wed,Fri 08:00-11:00", "Tue-Sat 13:00-16:00",
         "Mon-Thu 09:00-12:00", "Mon-Fri 13:00-16:00")  # fmt: skip
FAMILY = ("Suzuki", "Sato", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura", "Kobayashi", "Kato")
GIVEN = ("Satoshi", "Naoko", "Hiroshi", "Keiko", "Kenji", "Taro", "Yuki", "Akira", "Emi", "Jun")


def generate_specialists(outdir: Path, *, specialists: int, seed: int = 0) -> int:
    """Write overseas-specialists.csv; returns the rows written."""
    rng = random.Random(f"specialists-{seed}")
    outdir.mkdir(parents=True, exist_ok=True)
    with open(outdir / SPECIALISTS_FILE, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for n in range(1, specialists + 1):
            city, country, zone, language = rng.choice(CITIES)
            others = rng.sample([c for c in CITIES if c[1] != country], 1)
            writer.writerow(
                (
                    f"SP-{n:04d}",
                    f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                    city,
                    country,
                    zone,
                    ";".join(rng.sample(SECTORS, rng.randint(1, 3))),
                    ";".join([country, *(c[1] for c in others)]),
                    ";".join(dict.fromkeys(["ja", "en", language])),
                    rng.choice(BACKGROUNDS),
                    rng.choice(HOURS),
                )
            )
    return specialists


def default_specialists(persons: int) -> int:
    """About the consortium's 400 specialists for a large register, fewer for a small one."""
    return max(10, min(400, persons // 250))
