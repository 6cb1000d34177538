"""Japanese prefectures -> two-digit JIS X 0401 code ('01' Hokkaido .. '47' Okinawa).

Read: kanji with or without the suffix (東京都, 東京, 大阪府, 神奈川県, 北海道), romaji in
any case, with or without macrons or circumflexes, long vowels spelt out or not and
with or without the suffix (Tokyo, TOKYO, Tôkyô, Tōkyō, Toukyou, Tokyo-to, Osaka-fu,
Gunma-ken, Hokkaido, Kochi Prefecture), and the code itself (13, '13', 'JP-13').
The table comes from pycountry's ISO 3166-2 subdivisions of JP, whose codes carry
the JIS number, and their Japanese translations.
"""

import gettext
import re
from functools import lru_cache
from typing import Any

import pycountry

from talentbridge.feeds.errors import N_, NormaliseError
from talentbridge.feeds.normalise.text import as_text, quote, strip_diacritics

_JA = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ja"])

_SUFFIX_JA = {"01": "", "13": "都", "26": "府", "27": "府"}  # the rest take 県; 北海道 has its 道
_ROMAJI_SUFFIXES = ("prefecture", "metropolis", "pref", "ken", "fu", "to", "do")
_ALIASES = {"gumma": "10", "ibaragi": "08", "hokkai": "01"}

NAMES_JA: dict[str, str] = {}
"""'13' -> '東京都' (with its suffix)."""
NAMES_EN: dict[str, str] = {}
"""'13' -> 'Tokyo'."""
_BY_KANJI: dict[str, str] = {}
_BY_ROMAJI: dict[str, str] = {}


def _romaji_key(text: str) -> str:
    """'Tôkyô-to' -> 'tokyoto', 'Toukyou' -> 'tokyo', 'Ōita' / 'Ooita' -> 'oita'."""
    letters = "".join(ch for ch in strip_diacritics(text).casefold() if ch.isalpha())
    return letters.replace("ou", "o").replace("oo", "o").replace("uu", "u")


for _sub in pycountry.subdivisions.get(country_code="JP"):
    _code = _sub.code.removeprefix("JP-")
    _bare = _JA.gettext(_sub.name)
    NAMES_JA[_code] = _bare + _SUFFIX_JA.get(_code, "県")
    NAMES_EN[_code] = _sub.name
    _BY_KANJI[_bare] = _code
    _BY_KANJI[NAMES_JA[_code]] = _code
    _BY_ROMAJI[_romaji_key(_sub.name)] = _code
_BY_ROMAJI.update({_romaji_key(alias): code for alias, code in _ALIASES.items()})
NAMES_JA = dict(sorted(NAMES_JA.items()))
NAMES_EN = dict(sorted(NAMES_EN.items()))
if len(NAMES_JA) != 47:  # pragma: no cover - pycountry data changed under us
    raise RuntimeError(f"pycountry lists {len(NAMES_JA)} prefectures of Japan, not 47")

_CODE = re.compile(r"(?:JP-?)?(\d{1,2})", re.IGNORECASE)


def _from_romaji(key: str) -> str | None:
    found = _BY_ROMAJI.get(key)
    if found is None:
        for suffix in _ROMAJI_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                found = _BY_ROMAJI.get(_romaji_key(key[: -len(suffix)]))
                if found is not None:
                    break
    return found


@lru_cache(maxsize=1024)
def _lookup(raw: str) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    found = _BY_KANJI.get(text.replace(" ", ""))
    if found is None:
        if text.isascii():
            match = _CODE.fullmatch(text)
            if match and 1 <= int(match[1]) <= 47:
                return f"{int(match[1]):02d}"
        if text.isascii() or strip_diacritics(text).isascii():
            found = _from_romaji(_romaji_key(text))
    if found is None:
        raise NormaliseError(N_("{value} is not a Japanese prefecture we know"), value=quote(raw.strip()))
    return found


def prefecture_to_jis(value: Any) -> str | None:
    """Registry "prefecture": '東京都', '東京', 'Tokyo', 'Tôkyô', 'Tokyo-to', 13 -> '13'."""
    if isinstance(value, str):
        return _lookup(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = as_text(value)
    return None if text is None else _lookup(text)


_LIST_SEPARATORS = re.compile(r"[、,，;；・/／]")


def prefecture_list(value: Any, *, sep: str = "、") -> list[str]:
    """Registry "prefecture_list": '東京都、広島県' -> ['13', '34'].

    With the default separator `、` also `,` `;` `・` `/` and spaces separate (a space
    only where the whole piece is not itself a name, so 'Osaka fu' stays one).
    Repeats are dropped, order kept."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return _read_pieces([piece for piece in (as_text(item) for item in value) if piece])
    raw = value if isinstance(value, str) else as_text(value) or ""
    return list(_prefecture_list_text(raw, sep))


@lru_cache(maxsize=4096)
def _prefecture_list_text(raw: str, sep: str) -> tuple[str, ...]:
    text = as_text(raw)
    if text is None:
        return ()
    pieces = _LIST_SEPARATORS.split(text) if sep == "、" else text.split(sep)
    return tuple(_read_pieces(pieces))


def _read_pieces(pieces: list[str]) -> list[str]:
    codes: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        try:
            found = [_lookup(piece)]
        except NormaliseError:
            if " " not in piece:
                raise
            found = [_lookup(word) for word in piece.split()]
        codes += [code for code in found if code and code not in codes]
    return codes


def prefecture_name_ja(code: str) -> str:
    """'13' -> '東京都', '01' -> '北海道'."""
    try:
        return NAMES_JA[code]
    except KeyError:
        raise NormaliseError(N_("{value} is not a prefecture code ('01' to '47')"), value=quote(code)) from None


def prefecture_name_en(code: str) -> str:
    """'13' -> 'Tokyo', '28' -> 'Hyogo'."""
    try:
        return NAMES_EN[code]
    except KeyError:
        raise NormaliseError(N_("{value} is not a prefecture code ('01' to '47')"), value=quote(code)) from None
