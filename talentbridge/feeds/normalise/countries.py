"""Countries and regions: any name or code an agency writes -> ISO 3166-1 alpha-2.

Read: pycountry's English names (short, official and common: `Viet Nam`, `Korea,
Republic of`, `South Korea`), its Japanese translations (`ベトナム`, `大韓民国`),
alpha-2 and alpha-3 codes in any case, and the aliases below for the forms agencies
write that pycountry does not (`韓国`, `台湾`, `米国`, `アメリカ`, `イギリス`, `USA`).
Names are compared on a key that ignores case, width, diacritics, spaces and
punctuation (`U.S.A.` = `usa`, `Côte d'Ivoire` = `cote divoire`). A Japanese name
with a state-form suffix pycountry does not list (`タイ王国`, `コンゴ共和国`) or
followed by 国籍/人 (`ベトナム国籍`) is read without it.

`Korea` alone is read as KR: in these registers it always means the Republic.
Display: `country_name_ja` gives the short forms agencies use (台湾, 韓国, 中国,
アメリカ合衆国), `country_name_en` pycountry's common name (`Vietnam`, `South Korea`).
"""

import gettext
import re
from functools import lru_cache
from typing import Any

import pycountry

from talentbridge.feeds.errors import N_, NormaliseError
from talentbridge.feeds.normalise.text import as_text, quote, strip_diacritics

_JA = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])

ALIASES_JA: dict[str, str] = {
    "韓国": "KR", "大韓民国": "KR", "南朝鮮": "KR", "北朝鮮": "KP", "朝鮮": "KP",
    "中国": "CN", "中華人民共和国": "CN", "台湾": "TW", "中華民国": "TW", "香港": "HK",
    "マカオ": "MO", "澳門": "MO", "米国": "US", "アメリカ": "US", "アメリカ合衆国": "US",
    "合衆国": "US", "英国": "GB", "イギリス": "GB", "連合王国": "GB", "オーストラリア": "AU",
    "豪州": "AU", "モンゴル": "MN", "ロシア": "RU", "ラオス": "LA", "イラン": "IR",
    "ボリビア": "BO", "ベネズエラ": "VE", "タンザニア": "TZ", "モルドバ": "MD", "シリア": "SY",
    "ブルネイ": "BN", "キルギス": "KG", "ジョージア": "GE", "バチカン": "VA", "エリトリア": "ER",
    "ビルマ": "MM", "ベトナム社会主義共和国": "VN", "ヴェトナム": "VN", "フィリピン共和国": "PH",
    "インドネシア共和国": "ID", "タイ王国": "TH", "ネパール連邦民主共和国": "NP",
    "カンボジア王国": "KH", "スリランカ民主社会主義共和国": "LK", "ブラジル連邦共和国": "BR",
    "ペルー共和国": "PE", "インド共和国": "IN", "マレイシア": "MY", "シンガポール共和国": "SG",
    "ミャンマー連邦共和国": "MM", "バングラディシュ": "BD", "ウズベキスタン共和国": "UZ",
    "パキスタン・イスラム共和国": "PK", "ニュージーランド": "NZ", "南アフリカ共和国": "ZA",
    "サウジアラビア王国": "SA", "UAE": "AE", "ドイツ連邦共和国": "DE", "フランス共和国": "FR",
    "イタリア共和国": "IT", "スペイン王国": "ES", "オランダ王国": "NL", "カナダ": "CA",
    "メキシコ合衆国": "MX", "トルコ共和国": "TR", "トルクメニスタン": "TM", "キルギスタン": "KG",
    "チェコ共和国": "CZ", "スロバキア共和国": "SK", "ウクライナ": "UA", "ベラルーシ": "BY",
    "東チモール": "TL", "パプア・ニューギニア": "PG", "コートジボアール": "CI",
}  # fmt: skip
ALIASES_EN: dict[str, str] = {
    "Vietnam": "VN", "Korea": "KR", "Republic of Korea": "KR", "South Korea": "KR",
    "Korea South": "KR", "North Korea": "KP", "China": "CN", "PRC": "CN", "Taiwan": "TW",
    "Republic of China": "TW", "Chinese Taipei": "TW", "Hong Kong": "HK", "Macau": "MO",
    "USA": "US", "US": "US", "United States": "US", "America": "US", "UK": "GB",
    "Great Britain": "GB", "Britain": "GB", "England": "GB", "Russia": "RU", "Laos": "LA",
    "Burma": "MM", "Iran": "IR", "Syria": "SY", "Holland": "NL", "Turkey": "TR",
    "Türkiye": "TR", "Czech Republic": "CZ", "Ivory Coast": "CI", "Swaziland": "SZ",
    "East Timor": "TL", "Cape Verde": "CV", "Brunei": "BN", "Micronesia": "FM",
    "Palestine": "PS", "Vatican": "VA", "Moldova": "MD", "Tanzania": "TZ", "Bolivia": "BO",
    "Venezuela": "VE", "Macedonia": "MK", "UAE": "AE", "Philippine": "PH",
}  # fmt: skip

NAMES_JA: dict[str, str] = {
    "TW": "台湾", "KR": "韓国", "KP": "北朝鮮", "CN": "中国", "US": "アメリカ合衆国",
    "GB": "イギリス", "AU": "オーストラリア", "MN": "モンゴル", "RU": "ロシア", "LA": "ラオス",
    "IR": "イラン", "BO": "ボリビア", "VE": "ベネズエラ", "TZ": "タンザニア", "MD": "モルドバ",
    "SY": "シリア", "BN": "ブルネイ", "KG": "キルギス", "GE": "ジョージア", "VA": "バチカン",
    "ER": "エリトリア",
}  # fmt: skip
"""Display names that differ from pycountry's translation (the forms agencies write)."""

_PARENTHESISED = re.compile(r"(.+?) \((.+)\)")
_SUFFIXES_JA = (
    "国籍",
    "人",
    "社会主義共和国",
    "民主共和国",
    "人民共和国",
    "連邦共和国",
    "共和国",
    "王国",
    "連邦",
    "国",
)


def _key(text: str) -> str:
    """Case, width, diacritics, spaces and punctuation do not count."""
    return "".join(ch for ch in strip_diacritics(text).casefold() if ch.isalnum())


def _build_table() -> dict[str, str]:
    """Every pycountry name and translation, then the aliases (which win).

    A derived name that would point at two countries (サンマルタン, from both
    `サンマルタン (仏領)` and `サンマルタン (オランダ領)`) is left out."""
    candidates: dict[str, set[str]] = {}
    for country in pycountry.countries:
        names = [getattr(country, attr, None) for attr in ("name", "official_name", "common_name")]
        ja = _JA.gettext(country.name)
        names.append(ja)
        match = _PARENTHESISED.fullmatch(ja)
        if match:  # 大韓民国 (韓国), 聖庁 (バチカン市国)
            names += [match[1], match[2]]
        for name in names:
            if name:
                candidates.setdefault(_key(name), set()).add(country.alpha_2)
    table = {key: codes.pop() for key, codes in candidates.items() if len(codes) == 1 and key}
    for aliases in (ALIASES_JA, ALIASES_EN):
        for name, alpha2 in aliases.items():
            table[_key(name)] = alpha2
    return table


_BY_NAME = _build_table()
_BY_CODE: dict[str, str] = {}
for _country in pycountry.countries:
    _BY_CODE[_country.alpha_2.casefold()] = _country.alpha_2
    _BY_CODE[_country.alpha_3.casefold()] = _country.alpha_2
_NAMES_EN = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
_NAMES_JA = {c.alpha_2: NAMES_JA.get(c.alpha_2) or _JA.gettext(c.name) for c in pycountry.countries}


@lru_cache(maxsize=4096)
def _lookup(raw: str) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    if text.isascii() and len(text) in (2, 3) and text.isalpha():
        code = _BY_CODE.get(text.casefold())
        if code is not None:
            return code
    key = _key(text)
    found = _BY_NAME.get(key)
    if found is not None:
        return found
    if not key.isascii():
        for suffix in _SUFFIXES_JA:
            if key.endswith(suffix) and len(key) > len(suffix):
                found = _BY_NAME.get(key[: -len(suffix)])
                if found is not None:
                    return found
    raise NormaliseError(N_("{value} is not a country name we know"), value=quote(raw.strip()))


def country_to_alpha2(value: Any) -> str | None:
    """Registry "country": 'ベトナム', 'Viet Nam', 'Korea, Republic of', 'vnm', 'VN' -> 'VN'."""
    if isinstance(value, str):
        return _lookup(value)
    text = as_text(value)
    return None if text is None else _lookup(text)


def country_name_ja(alpha2: str) -> str:
    """'TW' -> '台湾', 'VN' -> 'ベトナム', 'US' -> 'アメリカ合衆国'."""
    try:
        return _NAMES_JA[alpha2.upper()]
    except KeyError:
        raise NormaliseError(N_("{value} is not an ISO 3166-1 alpha-2 country code"), value=quote(alpha2)) from None


def country_name_en(alpha2: str) -> str:
    """'VN' -> 'Vietnam', 'KR' -> 'South Korea', 'TW' -> 'Taiwan'."""
    try:
        return _NAMES_EN[alpha2.upper()]
    except KeyError:
        raise NormaliseError(N_("{value} is not an ISO 3166-1 alpha-2 country code"), value=quote(alpha2)) from None
