"""Names per nationality: Latin (passport), katakana and native forms, drawn with realistic weights.

The tables live in `name_tables.py`. Family-name weights follow published shares where
known; given names and unweighted family names fall off by rank (a Zipf-like tail), so a
few names are very common and chance agreements happen as in real registers.
"""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass

from talentbridge.feeds.generate import name_tables as t


@dataclass(frozen=True, slots=True)
class NamePart:
    latin: tuple[str, ...]  # passport spelling first, then other romanisations in use
    kana: tuple[str, ...]  # the usual katakana reading first, then others agencies write
    native: str | None = None  # diacritics (VN), hanzi (CN, TW), hangul (KR)
    kanji: str | None = None  # Japanese-kanji form on a residence card (CN, TW, KR), CP932-safe


@dataclass(frozen=True, slots=True)
class Name:
    """A person's true name. `family` is None where the culture has none (Myanmar)."""

    family: NamePart | None
    middle: tuple[NamePart, ...]
    given: tuple[NamePart, ...]
    family_latin: str  # as in the passport
    middle_latin: tuple[str, ...]
    given_latin: tuple[str, ...]
    native: str | None  # the whole name in native script, family first
    kanji: tuple[str, str] | None  # (family, given) in Japanese kanji, when every part has one

    def latin_given(self) -> str:
        return " ".join(self.middle_latin + self.given_latin)


class Table:
    """Name parts with weights, drawn in O(log n)."""

    def __init__(self, parts: list[NamePart], weights: list[float]) -> None:
        self.parts = parts
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> NamePart:
        return self.parts[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _cp932(text: str | None) -> str | None:
    if not text:
        return None
    try:
        text.encode("cp932")
    except UnicodeEncodeError:
        return None
    return text


def _table(text: str, exponent: float = 0.9) -> Table:
    parts, weights = [], []
    for rank, line in enumerate(ln for ln in text.strip().splitlines() if ln.strip()):
        cols = [c.strip() for c in line.split("|")] + ["", "", ""]
        latin, kana, weight, native, kanji = cols[:5]
        parts.append(NamePart(tuple(latin.split("/")), tuple(kana.split("/")), native or None, _cp932(kanji)))
        weights.append(float(weight) if weight else 1.0 / (rank + 1) ** exponent)
    return Table(parts, weights)


def _tables(prefix: str) -> dict[str, Table]:
    found = {}
    for key in ("FAMILY", "FAMILY_F", "MIDDLE_M", "MIDDLE_F", "GIVEN_M", "GIVEN_F"):
        text = getattr(t, f"{prefix}_{key}", None)
        if text:
            found[key] = _table(text)
    return found


TABLES = {code: _tables(code) for code in ("VN", "CN", "TW", "KR", "PH", "ID", "NP", "TH", "BR", "PE",
                                            "US", "FR", "IN", "LK", "MN", "KH")}  # fmt: skip
TH_HEAD, TH_TAIL = _table(t.TH_FAMILY_HEAD, 0.5), _table(t.TH_FAMILY_TAIL, 0.5)
MM_HEAD = {"M": _table(t.MM_HEAD_M, 0.6), "F": _table(t.MM_HEAD_F, 0.6)}
MM_REST = {"M": _table(t.MM_REST_M, 0.6), "F": _table(t.MM_REST_F, 0.6)}

# Passport spelling: the first romanisation mostly, another one for some people (Yi, Pak).
OTHER_PASSPORT_SPELLING = 0.15
# Hyphenated given names (Ya-Ting, Min-jun) as passports print them: hyphen, joined, spaced.
HYPHEN_STYLE = {"TW": (0.8, 0.1, 0.1), "KR": (0.35, 0.45, 0.2)}
VN_NO_MIDDLE = 0.06


def _spelling(rng: random.Random, part: NamePart) -> str:
    if len(part.latin) > 1 and rng.random() < OTHER_PASSPORT_SPELLING:
        return rng.choice(part.latin[1:])
    return part.latin[0]


def _hyphen_style(rng: random.Random, latin: str, code: str) -> str:
    if "-" not in latin:
        return latin
    hyphen, joined, _ = HYPHEN_STYLE.get(code, (1.0, 0.0, 0.0))
    r = rng.random()
    if r < hyphen:
        return latin
    head, _, tail = latin.partition("-")
    if r < hyphen + joined:
        return head + tail.lower()
    return f"{head} {tail.capitalize()}"


def _thai_family(rng: random.Random) -> NamePart:
    pieces = [TH_HEAD.draw(rng), TH_TAIL.draw(rng)]
    if rng.random() < 0.5:
        pieces.append(TH_TAIL.draw(rng))
    latin = "".join(p.latin[0] for p in pieces).capitalize()
    return NamePart((latin,), ("".join(p.kana[0] for p in pieces),))


def _myanmar_given(rng: random.Random, sex: str) -> tuple[NamePart, ...]:
    count = 1 + (rng.random() < 0.4) + (rng.random() < 0.08)
    parts = [MM_HEAD[sex].draw(rng)]
    while len(parts) <= count:
        part = MM_REST[sex].draw(rng)
        if part.latin[0] != parts[-1].latin[0]:
            parts.append(part)
    return tuple(parts)


def draw_name(rng: random.Random, code: str, sex: str) -> Name:
    """A true name for a person of nationality `code` (ISO alpha-2) and sex "M"/"F"."""
    middle: tuple[NamePart, ...] = ()
    family: NamePart | None
    if code == "MM":
        family, given = None, _myanmar_given(rng, sex)
    else:
        tables = TABLES[code]
        if code == "TH":
            family = _thai_family(rng)
        elif f"FAMILY_{sex}" in tables and rng.random() < 0.5:
            family = tables[f"FAMILY_{sex}"].draw(rng)  # last names only one sex bears (Putri, Sari)
        else:
            family = tables["FAMILY"].draw(rng)
        given = (tables[f"GIVEN_{sex}"].draw(rng),)
        if code == "VN" and rng.random() >= VN_NO_MIDDLE:
            middle = (tables[f"MIDDLE_{sex}"].draw(rng),)
            if given[0].latin[0] == middle[0].latin[0]:
                given = (tables[f"GIVEN_{sex}"].draw(rng),)
    family_latin = _spelling(rng, family) if family else ""
    given_latin = tuple(_hyphen_style(rng, _spelling(rng, p), code) for p in given)
    return Name(
        family=family,
        middle=middle,
        given=given,
        family_latin=family_latin,
        middle_latin=tuple(p.latin[0] for p in middle),
        given_latin=given_latin,
        native=_native(code, family, middle, given),
        kanji=_kanji(family, given),
    )


def _native(code: str, family: NamePart | None, middle: tuple, given: tuple) -> str | None:
    parts = ([family] if family else []) + list(middle) + list(given)
    if not parts or any(p.native is None for p in parts):
        return None
    return (" " if code == "VN" else "").join(p.native for p in parts)


def _kanji(family: NamePart | None, given: tuple[NamePart, ...]) -> tuple[str, str] | None:
    if family is None or family.kanji is None or any(p.kanji is None for p in given):
        return None
    return family.kanji, "".join(p.kanji for p in given)  # type: ignore[misc]


def sibling_name(rng: random.Random, code: str, sex: str, of: Name) -> Name:
    """A brother's or sister's name: the same family name and spelling, new given names."""
    own = draw_name(rng, code, sex)
    if of.family is None:
        return own
    return Name(
        family=of.family,
        middle=own.middle,
        given=own.given,
        family_latin=of.family_latin,
        middle_latin=own.middle_latin,
        given_latin=own.given_latin,
        native=_native(code, of.family, own.middle, own.given),
        kanji=_kanji(of.family, own.given),
    )
