"""The other side of the platform: companies and their hiring needs.

Corporate numbers (法人番号, check digit verified by python-stdnum), the consortium's
support tiers, HS codes, target markets (countries or a named group such as the EU),
yes/no answers, whole numbers, and a need's minimum language levels.
"""

from __future__ import annotations

import math
import re
from typing import Any

from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.jp import cn

from talentbridge.feeds.errors import N_, NormaliseError
from talentbridge.feeds.normalise.countries import country_to_alpha2
from talentbridge.feeds.normalise.languages import CEFR, JLPT_TO_CEFR, _language_code
from talentbridge.feeds.normalise.text import as_text, quote, split_list

# -- corporate number --------------------------------------------------------------------


def corporate_number(value: Any) -> str | None:
    """Registry "corporate_number": '2938470781181', '2-9384-7078-1181', '２９３８…' ->
    '2938470781181'. Thirteen digits whose first is the check digit of the other twelve
    (National Tax Agency rules); a wrong check digit is refused."""
    text = as_text(value)
    if text is None:
        return None
    digits = re.sub(r"[\s\-‐－ー]", "", text)
    try:
        return str(cn.validate(digits))
    except InvalidChecksum:
        raise NormaliseError(
            N_("{value} is not a valid corporate number: its check digit (the first) does not match the other twelve"),
            value=quote(text),
        ) from None
    except ValidationError:
        raise NormaliseError(
            N_("{value} is not a corporate number (expected 13 digits, 法人番号)"), value=quote(text)
        ) from None


# -- support tier ------------------------------------------------------------------------

SUPPORT_TIERS = ("priority", "local_sme", "general")
"""The New Export Consortium's tiers: 重点支援 (about 1,500 companies given prioritised
support), 地域中小企業 (the about 340 local SMEs added to them), 一般."""
TIER_NAMES_JA = {"priority": "重点支援", "local_sme": "地域中小企業", "general": "一般"}
_TIERS = {
    "重点支援": "priority", "重点支援企業": "priority", "priority": "priority",
    "地域中小企業": "local_sme", "地域中小": "local_sme", "local sme": "local_sme", "local_sme": "local_sme",
    "一般": "general", "general": "general",
}  # fmt: skip


def support_tier(value: Any) -> str | None:
    """Registry "support_tier": 重点支援 -> 'priority', 地域中小企業 -> 'local_sme', 一般 -> 'general'."""
    text = as_text(value)
    if text is None:
        return None
    found = _TIERS.get(text.casefold())
    if found is None:
        raise NormaliseError(
            N_("{value} is not a support tier (expected 重点支援, 地域中小企業 or 一般)"), value=quote(text)
        )
    return found


# -- HS codes and markets ----------------------------------------------------------------


def hs_codes(value: Any) -> list[str]:
    """Registry "hs_codes": '0303;2208' or ["2206"] -> ['0303', '2208']: chapters (2
    digits), headings (4), subheadings (6) or Japan's 9-digit statistical codes; dots
    and spaces inside a code are dropped ('2208.30' -> '220830')."""
    out: list[str] = []
    for item in split_list(value):
        code = re.sub(r"[.\s]", "", item)
        if code.isdigit() and len(code) in (3, 5):  # a leading zero lost in a spreadsheet
            code = "0" + code
        if not (code.isascii() and code.isdigit() and len(code) in (2, 4, 6, 9)):
            raise NormaliseError(
                N_("{value} is not an HS code (expected 2, 4, 6 or 9 digits, such as 0303 or 220830)"),
                value=quote(item),
            )
        if code not in out:
            out.append(code)
    return out


MARKET_GROUPS = ("EU", "TPP11")
_GROUP_NAMES = {
    "eu": "EU", "欧州連合": "EU", "欧州": "EU", "european union": "EU",
    "tpp": "TPP11", "tpp11": "TPP11", "tpp-11": "TPP11", "cptpp": "TPP11",
}  # fmt: skip


def markets(value: Any) -> list[str]:
    """Registry "markets": 'マレーシア;ベトナム;EU' or ["VN", "EU"] -> ['MY', 'VN', 'EU']:
    ISO 3166-1 alpha-2 codes, or a named group (EU, TPP11)."""
    out: list[str] = []
    for item in split_list(value):
        code = _GROUP_NAMES.get(item.casefold().replace(" ", "")) or _GROUP_NAMES.get(item.casefold())
        if code is None:
            code = country_to_alpha2(item)
        if code and code not in out:
            out.append(code)
    return out


# -- yes/no and numbers ------------------------------------------------------------------

_YES_NO = {
    **dict.fromkeys(["有", "あり", "有り", "はい", "○", "〇", "y", "yes", "true", "1"], True),
    **dict.fromkeys(["無", "なし", "無し", "いいえ", "×", "n", "no", "false", "0"], False),
}


def yes_no(value: Any) -> bool | None:
    """Registry "yes_no": 有 / あり / yes / true -> True; 無 / なし / no / false -> False."""
    if isinstance(value, bool):
        return value
    text = as_text(value)
    if text is None:
        return None
    found = _YES_NO.get(text.casefold())
    if found is None:
        raise NormaliseError(N_("{value} is not yes or no (expected 有 or 無)"), value=quote(text))
    return found


def integer(value: Any, *, minimum: int = 0) -> int | None:
    """Registry "integer": '51', '１，２００', 1200.0, '1,200人' -> 1200; below `minimum` refused."""
    if isinstance(value, bool):
        raise NormaliseError(N_("{value} is not a whole number"), value=quote(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if math.isnan(value):
            return None
        if not value.is_integer():
            raise NormaliseError(N_("{value} is not a whole number"), value=quote(value))
        number = int(value)
    else:
        text = as_text(value)
        if text is None:
            return None
        digits = re.sub(r"[,，\s]|人|名|社|円|万円$", "", text)
        if not re.fullmatch(r"-?\d+", digits):
            raise NormaliseError(N_("{value} is not a whole number"), value=quote(text))
        number = int(digits)
    if number < minimum:
        raise NormaliseError(N_("{value} is below {minimum}"), value=quote(value), minimum=minimum)
    return number


# -- a need's language minimums ----------------------------------------------------------

_JLPT_GRADE = re.compile(r"(?:JLPT)?\s*N([1-5])")


def language_minimums(value: Any) -> list[dict[str, str | None]]:
    """Registry "language_minimums": a need's [{"code": "ja", "min": "N2"}, {"code": "vi",
    "min": "B2"}] -> [{"code": "ja", "level": "B2", "jlpt": "N2"}, {"code": "vi", "level":
    "B2", "jlpt": None}]. `min` is a JLPT grade for Japanese (a CEFR grade is read too) and
    a CEFR grade or `native` for any other language."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, list | tuple):
        raise NormaliseError(N_("{value} is not a list of languages with their minimum level"), value=quote(value))
    out: dict[str, dict[str, str | None]] = {}
    for item in value:
        if not isinstance(item, dict):
            raise NormaliseError(
                N_("{value} is not a language with its minimum (expected {{'code': ..., 'min': ...}})"),
                value=quote(item),
            )
        name = as_text(item.get("code"))
        if name is None:
            raise NormaliseError(N_("{value} names no language (no 'code')"), value=quote(item))
        code = _language_code(name)
        out[code] = minimum_level(code, item.get("min"))
    return list(out.values())


def minimum_level(code: str, value: Any) -> dict[str, str | None]:
    """One language's minimum: {"code", "level" (CEFR or native, or None: any level),
    "jlpt" (for Japanese given as a JLPT grade)}."""
    text = as_text(value)
    if text is None:
        return {"code": code, "level": None, "jlpt": None}
    key = text.upper().replace(" ", "")
    jlpt = _JLPT_GRADE.fullmatch(key)
    if jlpt and code == "ja":
        grade = f"N{jlpt[1]}"
        return {"code": code, "level": JLPT_TO_CEFR[grade], "jlpt": grade}
    if key in CEFR:
        return {"code": code, "level": key, "jlpt": None}
    if key.casefold() == "native":
        return {"code": code, "level": "native", "jlpt": None}
    expected = "N1..N5 or A1..C2" if code == "ja" else "A1..C2 or native"
    raise NormaliseError(
        N_("{value} is not a minimum level for {language} (expected {expected})"),
        value=quote(text),
        language=code,
        expected=expected,
    )
