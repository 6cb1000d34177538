"""Rows made unreadable on purpose: each kind a data steward must see quarantined.

With `bad_rows` > 0 that fraction of rows suffers one of the kinds its layout can have.
They are drawn from a random stream of their own, so the readable rows are the same
whatever `bad_rows` is.
"""

from __future__ import annotations

import random
from datetime import date

from talentbridge.feeds.generate.eras import era_of

IMPOSSIBLE_DATE = "impossible_date"  # 平成31年2月30日, 1990/13/01, 昭和64年2月1日
MISSING_ID = "missing_id"  # the register id left empty (not in truth.csv)
UNKNOWN_COUNTRY = "unknown_country"  # a country name no vocabulary holds
MALFORMED_JSON = "malformed_json"  # meti: a line cut short, not a JSON object
NOT_CP932 = "not_cp932"  # maff: bytes in a name that CP932 cannot decode

KINDS = {
    "maff-agri": (IMPOSSIBLE_DATE, MISSING_ID, UNKNOWN_COUNTRY, NOT_CP932),
    "meti-mfg": (IMPOSSIBLE_DATE, MISSING_ID, UNKNOWN_COUNTRY, MALFORMED_JSON),
    "mhlw-hellowork": (IMPOSSIBLE_DATE, MISSING_ID, UNKNOWN_COUNTRY),
    "jasso-graduates": (IMPOSSIBLE_DATE, MISSING_ID, UNKNOWN_COUNTRY),
}
UNKNOWN_COUNTRIES = {
    "ja": ("ユーゴスラビア", "ボヘミア", "不明", "チェコスロバキア"),
    "en": ("Yugoslavia", "Bohemia", "Unknown", "Czechoslovakia"),
    "alpha2": ("YU", "XX", "ZZ", "CS"),
}
# Bytes CP932 has no character for (the 0x85 row is unassigned), e.g. from a pasted UTF-8 or EBCDIC field.
BAD_CP932_BYTES = (b"\x85\x40", b"\x86\x9f", b"\xeb\x40")


class Damage:
    """Decides which rows go bad and how; its own random stream."""

    def __init__(self, seed: int, rate: float) -> None:
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"bad_rows must be between 0 and 1, not {rate}")
        self.rng = random.Random(f"unreadable-{seed}")
        self.rate = rate

    def kind(self, feed: str) -> str | None:
        if self.rate and self.rng.random() < self.rate:
            return self.rng.choice(KINDS[feed])
        return None

    def country(self, vocabulary: str) -> str:
        return self.rng.choice(UNKNOWN_COUNTRIES[vocabulary])

    def date(self, day: date, style: str) -> str:
        """A date that cannot exist, written in the layout's own style."""
        rng = self.rng
        r = rng.random()
        if style == "jasso":
            return f"30/02/{day.year}" if r < 0.5 else f"{day.day:02d}/13/{day.year}"
        if style == "meti":
            return f"{day.year}-02-30" if r < 0.5 else f"{day.year}-13-{day.day:02d}"
        # maff and mhlw (mhlw writes it as text where a date cell belongs)
        kanji, letter, year = era_of(day)
        if r < 0.25:
            return f"{kanji}{year}年2月30日"
        if r < 0.45:
            return f"{day.year}/13/{day.day:02d}"
        if r < 0.6:
            return "平成31年2月30日"
        if r < 0.75:
            return f"昭和64年{rng.randint(2, 12)}月{rng.randint(1, 28)}日"  # Showa ended on 7 January 1989
        if r < 0.9:
            return f"{letter}{year}.{day.month}.32"
        return f"{day.year}/04/31"

    def cut(self, line: str) -> str:
        """A JSON line cut short (a truncated export), keeping its record_id."""
        return line[: self.rng.randint(len(line) // 3, len(line) * 2 // 3)]

    def cp932_bytes(self) -> bytes:
        return self.rng.choice(BAD_CP932_BYTES)
