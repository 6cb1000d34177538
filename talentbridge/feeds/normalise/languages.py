"""Languages and levels: names -> ISO 639-1 codes, free-text levels -> CEFR or native.

A language entry is `{"code": "en", "level": "B2"}`; a Japanese entry may add the
JLPT grade it came from: `{"code": "ja", "level": "B2", "jlpt": "N2"}` ("jlpt" only
when a JLPT grade was given). `level` is one of LEVELS, or None where the feed names
the language without a level.

Levels, lowest first: A1 < A2 < B1 < B2 < C1 < C2 < native (`level_rank`).

JLPT -> CEFR (DOMAIN.md): N1 C1, N2 B2, N3 B1, N4 A2, N5 A1. JFT-Basic is A2
(`JFT-Basic A1` is read as A1). The pre-2010 JLPT grades are read as the grade JLPT
itself names as equivalent: 1級 N1, 2級 N2, 3級 N4, 4級 N5. A grade written as an
estimate (`N2相当`, `N2程度`, `N2レベル`) gives the level but no "jlpt": it was not
certified.

The free-text scale (any language; agencies' words on the left):

    ネイティブ, 母語, 母国語, native, mother tongue    native
    上級, advanced, fluent, 流暢                         C1
    ビジネス, ビジネスレベル, business                  B2
    日常会話, 日常会話レベル, conversational, 中級,
    intermediate                                         B1
    片言, カタコト, 少し, basic, 初級, beginner          A1
    A1 .. C2                                             itself

Language names: Japanese (英語, ベトナム語, タガログ語 ... as pycountry translates
them, plus the usual spellings it lacks: 韓国語, ネパール語, シンハラ語, クメール語,
マレー語, ミャンマー語 ...), English names and ISO 639-1/639-2/639-3 codes. Every
variety of Chinese (中国語, 北京語/普通話/Mandarin, 広東語/Cantonese, 台湾語,
福建語 ...) is `zh`: ISO 639-1 has one code for the macrolanguage and matching asks
for "Chinese". Likewise Filipino/フィリピノ語 is `tl`, standard Malay `ms`, Farsi and
Dari `fa`. A language that has no ISO 639-1 code keeps its ISO 639-3 code (Hmong
`hmn`), rather than quarantining the row.
"""

import gettext
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pycountry

from talentbridge.feeds.errors import N_, NormaliseError, message
from talentbridge.feeds.normalise.text import as_text, quote, strip_diacritics

Entry = dict[str, str | None]

LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2", "native")
CEFR = LEVELS[:-1]
_RANK = {level: rank for rank, level in enumerate(LEVELS)}

JLPT_TO_CEFR = {"N1": "C1", "N2": "B2", "N3": "B1", "N4": "A2", "N5": "A1"}
OLD_JLPT = {"1": "N1", "2": "N2", "3": "N4", "4": "N5"}

FREE_LEVELS: dict[str, str] = {
    "ネイティブ": "native", "母語": "native", "母国語": "native", "native": "native",
    "mother tongue": "native", "native speaker": "native",
    "上級": "C1", "advanced": "C1", "fluent": "C1", "流暢": "C1",
    "ビジネス": "B2", "business": "B2",
    "日常会話": "B1", "conversational": "B1", "中級": "B1", "intermediate": "B1",
    "片言": "A1", "カタコト": "A1", "かたこと": "A1", "少し": "A1", "basic": "A1", "初級": "A1",
    "beginner": "A1",
    **{grade.lower(): grade for grade in CEFR},
}  # fmt: skip
"""The free-text scale; keys are compared without case, spaces and a レベル/level suffix."""

LANGUAGE_ALIASES: dict[str, str] = {
    "中国語": "zh", "北京語": "zh", "普通話": "zh", "標準中国語": "zh", "広東語": "zh", "台湾語": "zh",
    "福建語": "zh", "上海語": "zh", "客家語": "zh", "Mandarin": "zh", "Cantonese": "zh",
    "Taiwanese": "zh", "Hokkien": "zh", "cmn": "zh", "yue": "zh", "nan": "zh", "hak": "zh",
    "wuu": "zh", "韓国語": "ko", "韓国・朝鮮語": "ko", "ハングル": "ko", "フィリピノ語": "tl",
    "フィリピン語": "tl", "Filipino": "tl", "Pilipino": "tl", "fil": "tl", "ネパール語": "ne",
    "Nepali": "ne", "npi": "ne", "シンハラ語": "si", "シンハリ語": "si", "Sinhalese": "si",
    "クメール語": "km", "カンボジア語": "km", "Cambodian": "km", "マレー語": "ms", "マレーシア語": "ms",
    "Malay": "ms", "zsm": "ms", "ミャンマー語": "my", "ビルマ語": "my", "Myanmar": "my",
    "モンゴル語": "mn", "khk": "mn", "ペルシャ語": "fa", "ペルシア語": "fa", "Farsi": "fa",
    "ダリー語": "fa", "Dari": "fa", "pes": "fa", "prs": "fa", "ヒンディ語": "hi", "ラオス語": "lo",
    "Laotian": "lo", "ギリシャ語": "el", "ギリシア語": "el", "Greek": "el", "カザフ語": "kk",
    "ジョージア語": "ka", "グルジア語": "ka", "スロバキア語": "sk", "スロベニア語": "sl",
    "ベラルーシ語": "be", "スワヒリ語": "sw", "Swahili": "sw", "swh": "sw", "パシュトー語": "ps",
    "ウズベク語": "uz", "uzn": "uz", "アラビア語": "ar", "arb": "ar", "エストニア語": "et", "ekk": "et",
    "ラトビア語": "lv", "lvs": "lv", "フィンランド語": "fi", "エスペラント語": "eo",
    "ノルウェー語": "no", "ベンガル語": "bn", "Bangla": "bn", "パンジャブ語": "pa", "Punjabi": "pa",
    "オリヤー語": "or", "Oriya": "or", "Odia": "or", "ハイチ語": "ht", "Haitian Creole": "ht",
    "英": "en", "和": "ja",
}  # fmt: skip

_JA = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["ja"])
_PARENTHESIS = re.compile(r"\s*\(.*\)$")


def _key(text: str) -> str:
    return "".join(ch for ch in strip_diacritics(text).casefold() if ch.isalnum())


def _build_languages() -> dict[str, str]:
    """name, translation or code -> ISO 639-1 (or 639-3 where there is no 639-1).

    Languages with a two-letter code win a name they share with one without;
    aliases win over everything."""
    table: dict[str, str] = {}
    weak: dict[str, str] = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        target = table if code else weak
        code = code or language.alpha_3
        names = [getattr(language, attr, None) for attr in ("name", "common_name", "inverted_name")]
        names.append(_JA.gettext(language.name))
        names += [_PARENTHESIS.sub("", name) for name in names if name and "(" in name]
        for name in names:
            if name:
                target.setdefault(_key(name), code)
        for attr in ("alpha_2", "alpha_3", "bibliographic"):
            value = getattr(language, attr, None)
            if value:
                table[value.casefold()] = code
    for key, code in weak.items():
        table.setdefault(key, code)
    for name, code in LANGUAGE_ALIASES.items():
        table[_key(name)] = code
    return table


_LANGUAGES = _build_languages()


@lru_cache(maxsize=1024)
def _language_code(raw: str) -> str:
    text = as_text(raw)
    key = _key(text or "")
    code = _LANGUAGES.get(key)
    if code is None and key.endswith("language"):
        code = _LANGUAGES.get(key.removesuffix("language"))
    if code is None:
        raise NormaliseError(N_("{value} is not a language we know"), value=quote(raw.strip()))
    return code


def language_to_code(value: Any) -> str | None:
    """'英語', 'English', 'eng', 'EN' -> 'en'; '広東語' -> 'zh'; 'フィリピノ語' -> 'tl'."""
    text = as_text(value)
    return None if text is None else _language_code(text)


def level_rank(level: str | None) -> int:
    """A1 0 .. C2 5, native 6; None (no level given) -1."""
    if level is None:
        return -1
    try:
        return _RANK[level]
    except KeyError:
        raise NormaliseError(
            N_("{value} is not a language level ({levels})"), value=quote(level), levels=", ".join(LEVELS)
        ) from None


_LEVEL_SUFFIX = re.compile(r"(?:レベル|level|程度|くらい|位)$")
_LEVEL_HINT = N_("expected ネイティブ, ビジネス, 日常会話, 片言, a CEFR grade A1..C2 or native")


def _level_key(text: str) -> str:
    key = "".join(text.casefold().split())
    return _LEVEL_SUFFIX.sub("", key) or key


_FREE_BY_KEY = {_level_key(words): level for words, level in FREE_LEVELS.items()}


@lru_cache(maxsize=1024)
def _free_level(raw: str) -> str:
    text = as_text(raw) or ""
    level = _FREE_BY_KEY.get(_level_key(text))
    if level is None:
        raise NormaliseError(
            N_("{value} is not a language level we know ({hint})"), value=quote(raw.strip()), hint=message(_LEVEL_HINT)
        )
    return level


_JLPT = re.compile(
    r"(?:JLPT|日本語能力試験|日本語能力)?(?:N([1-5])|旧?([1-4])級)(級)?(合格|取得|認定)?(相当|程度|レベル|LEVEL)?"
)
_JFT = re.compile(r"JFT(?:BASIC)?(A1|A2)?(合格)?")


@lru_cache(maxsize=1024)
def _japanese(raw: str) -> Entry:
    text = as_text(raw) or ""
    key = "".join(text.upper().replace("-", "").replace("・", "").split())
    match = _JLPT.fullmatch(key)
    if match:
        grade = f"N{match[1]}" if match[1] else OLD_JLPT[match[2]]
        if match[5]:  # an estimate, not a certificate
            return {"code": "ja", "level": JLPT_TO_CEFR[grade]}
        return {"code": "ja", "level": JLPT_TO_CEFR[grade], "jlpt": grade}
    match = _JFT.fullmatch(key)
    if match:
        return {"code": "ja", "level": match[1] or "A2"}
    try:
        return {"code": "ja", "level": _free_level(text)}
    except NormaliseError:
        raise NormaliseError(
            N_(
                "{value} is not a Japanese level we know "
                "(expected N1..N5, JLPT N3, 日本語能力試験N2, JFT-Basic A2, ネイティブ, ビジネス, 日常会話 or 片言)"
            ),
            value=quote(raw.strip()),
        ) from None


def japanese_level(value: Any) -> Entry | None:
    """Registry "japanese_level": 'N2', 'JLPT N3', '日本語能力試験N2' ->
    {"code": "ja", "level": "B2", "jlpt": "N2"}; 'JFT-Basic A2' -> {"code": "ja", "level": "A2"};
    'ビジネス' -> {"code": "ja", "level": "B2"}."""
    text = as_text(value)
    return None if text is None else dict(_japanese(text))


def language_level(value: Any, *, code: str) -> Entry | None:
    """Registry "language_level": a level column for one language (mhlw 英語レベル, code="en"):
    '日常会話' -> {"code": "en", "level": "B1"}. With code="ja" JLPT grades are read too."""
    text = as_text(value)
    if text is None:
        return None
    if code == "ja":
        return dict(_japanese(text))
    return {"code": code, "level": _free_level(text)}


_BRACKET_ITEM = re.compile(r"(?P<name>[^()]+?)\s*(?:\((?P<level>[^()]*)\))?")
_COLON_ITEM = re.compile(r"(?P<name>[^:]+?)\s*(?::\s*(?P<level>.*))?")
_DEFAULT_SEPARATORS = re.compile(r"[;、,]")
STYLES = ("bracket", "colon")


def _entry(name: str, level_text: str | None, raw: str) -> Entry:
    code = _language_code(name)
    if not level_text or not level_text.strip():
        return {"code": code, "level": None}
    if code == "ja":
        return dict(_japanese(level_text))
    try:
        return {"code": code, "level": _free_level(level_text)}
    except NormaliseError:
        raise NormaliseError(
            N_("{value}: {level} is not a language level we know ({hint})"),
            value=quote(raw),
            level=quote(level_text.strip()),
            hint=message(_LEVEL_HINT),
        ) from None


def language_list(value: Any, *, sep: str = ";", style: str = "bracket") -> list[Entry]:
    """Registry "language_list": several languages with levels in one cell.

    style="bracket": '英語(ビジネス);ベトナム語(母語)', 'タガログ語（ネイティブ）' (ASCII or
    full-width brackets; no bracket -> level None). With the default sep `;` also `、`
    and `,` separate. style="colon": 'English:C1|Thai:native' (sep="|"). A JSON list of such
    items is read item by item. A language named twice is kept once, at its higher
    level (`merge_languages`)."""
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, not {style!r}")
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items = [text for text in (as_text(item) for item in value) if text]
        return _read_items(items, style)
    raw = value if isinstance(value, str) else as_text(value) or ""
    return [dict(entry) for entry in _language_list_text(raw, sep, style)]


@lru_cache(maxsize=4096)
def _language_list_text(raw: str, sep: str, style: str) -> tuple[Entry, ...]:
    text = as_text(raw)
    if text is None:
        return ()
    items = _DEFAULT_SEPARATORS.split(text) if sep == ";" else text.split(sep)
    return tuple(_read_items(items, style))


def _read_items(items: list[str], style: str) -> list[Entry]:
    pattern = _BRACKET_ITEM if style == "bracket" else _COLON_ITEM
    entries = []
    for item in (item.strip() for item in items):
        if not item:
            continue
        match = pattern.fullmatch(item)  # full-width brackets and colon are ASCII by now
        if match is None:
            raise NormaliseError(N_("{value} is not a language with a level (e.g. 英語(ビジネス))"), value=quote(item))
        entries.append(_entry(match["name"], match["level"], item))
    return merge_languages(entries)


def language_objects(value: Any) -> list[Entry]:
    """Registry "language_objects": meti's list of language objects.

    [{"code": "ja", "jlpt": "N2"}, {"code": "en", "cefr": "B2"}, {"code": "vi", "native": true}]
    -> [{"code": "ja", "level": "B2", "jlpt": "N2"}, {"code": "en", "level": "B2"},
        {"code": "vi", "level": "native"}]. A "level" key in the free-text scale is read
    too; where several are given the highest counts."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, list | tuple):
        raise NormaliseError(N_("{value} is not a list of languages"), value=quote(value))
    entries = []
    for item in value:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise NormaliseError(
                N_("{value} is not a language object (expected {{'code': ..., ...}})"), value=quote(item)
            )
        entries.append(_language_object(item))
    return merge_languages(entries)


def _language_object(item: dict[str, Any]) -> Entry:
    code_text = as_text(item.get("code"))
    if code_text is None:
        raise NormaliseError(N_("{value} names no language (no 'code')"), value=quote(item))
    code = _language_code(code_text)
    entry: Entry = {"code": code, "level": None}
    jlpt = as_text(item.get("jlpt"))
    if jlpt is not None:
        grade = jlpt.upper().removeprefix("JLPT").strip()
        if grade not in JLPT_TO_CEFR:
            raise NormaliseError(N_("{value} is not a JLPT grade (N1 to N5)"), value=quote(jlpt))
        entry = {"code": code, "level": JLPT_TO_CEFR[grade], "jlpt": grade}
    candidates = [entry["level"]]
    cefr = as_text(item.get("cefr"))
    if cefr is not None:
        if cefr.upper() not in CEFR:
            raise NormaliseError(N_("{value} is not a CEFR grade (A1 to C2)"), value=quote(cefr))
        candidates.append(cefr.upper())
    if item.get("native") is True:
        candidates.append("native")
    level = as_text(item.get("level"))
    if level is not None:
        candidates.append(_free_level(level))
    entry["level"] = max(candidates, key=level_rank)
    return entry


def merge_languages(entries: Iterable[Entry | None]) -> list[Entry]:
    """One entry per language, at its highest level, in the order languages first appear.

    On a tie the entry with a JLPT grade is kept; the kept entry keeps its own "jlpt"
    (a grade is never borrowed from a lower entry). Entries are copied, not shared."""
    best: dict[str, Entry] = {}
    for entry in entries:
        if not entry:
            continue
        code = entry["code"]
        if code is None:
            continue
        kept = best.get(code)
        if kept is None:
            best[code] = dict(entry)
            continue
        new_rank, kept_rank = level_rank(entry["level"]), level_rank(kept["level"])
        if new_rank > kept_rank or (new_rank == kept_rank and "jlpt" in entry and "jlpt" not in kept):
            best[code] = dict(entry)
    return list(best.values())
