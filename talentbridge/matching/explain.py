"""A match factor in words, in English or Japanese (the UI, the command line)."""

from __future__ import annotations

from typing import Any

from talentbridge.feeds.normalise.countries import country_name_en, country_name_ja
from talentbridge.feeds.normalise.prefectures import prefecture_name_en, prefecture_name_ja
from talentbridge.matching.vocabulary import vocabulary

NAMES = {
    "languages": ("languages above the minimum", "言語（最低レベルを上回る分）"),
    "market_languages": ("speaks the markets' languages", "市場の言語"),
    "markets": ("experience in the target markets", "目標市場での経験"),
    "sectors": ("sectors and products in common", "共通の業種・品目"),
    "skills": ("skills asked for", "求めるスキル"),
    "role": ("has held the role", "職種の経験"),
    "location": ("place of work", "勤務地"),
    "text": ("likeness of the description", "説明文の近さ"),
}


def _country(code: str, ja: bool) -> str:
    try:
        return country_name_ja(code) if ja else country_name_en(code)
    except Exception:  # noqa: BLE001 - a code without a name is shown as it is
        return code


def factor_words(factor: dict[str, Any], locale: str = "en") -> str:
    """'experience in the target markets: Viet Nam (4.5 years)'."""
    ja = locale == "ja"
    name = NAMES.get(factor["name"], (factor["name"], factor["name"]))[1 if ja else 0]
    detail = factor.get("detail") or {}
    sep = "、" if ja else ", "
    what = ""
    kind = factor["name"]
    if kind == "languages" and detail.get("asked"):
        what = sep.join(detail["asked"])
    elif kind == "market_languages" and detail.get("markets"):
        what = sep.join(_country(code, ja) if code not in ("EU", "TPP11") else code for code in detail["markets"])
    elif kind == "markets" and detail.get("countries"):
        years = detail.get("years") or 0
        countries = sep.join(_country(code, ja) for code in detail["countries"])
        what = f"{countries}（{years:g}年）" if ja else f"{countries} ({years:g} years)"
    elif kind == "sectors" and detail.get("sectors"):
        sectors = vocabulary().sectors
        what = sep.join((sectors[c].ja if ja else sectors[c].en) if c in sectors else c for c in detail["sectors"])
    elif kind == "skills" and detail.get("skills"):
        what = sep.join(detail["skills"])
    elif kind == "role" and detail.get("role"):
        what = detail["role"]
    elif kind == "location" and detail.get("prefecture"):
        place = prefecture_name_ja(detail["prefecture"]) if ja else prefecture_name_en(detail["prefecture"])
        if ja:
            what = f"{place}在住" if detail.get("how") == "lives" else f"{place}を希望"
        else:
            what = f"lives in {place}" if detail.get("how") == "lives" else f"wants to work in {place}"
    elif kind == "text" and detail.get("likeness"):
        what = f"{detail['likeness']:.0%}"
    return f"{name}: {what}" if what else name
