"""Person names: split into family and given, native script kept apart, katakana readings.

A name normaliser returns `{"family_name", "given_name", "native_name"}` (None for an
empty cell):

- Latin script, no diacritics (`NGUYEN Van An`): family and given, native None.
- Latin with diacritics (`Nguyễn Văn An`): family and given WITHOUT diacritics
  (`Nguyen`, `Van An`; đ -> d), native_name the name as written (NFC).
- Any other script (kanji/hanzi `王 偉`, Hangul, kana, Thai, ...): native_name only,
  family and given None (a reading or romanisation is not guessed here; the linkage
  compares kanji with kanji).

Which token is the family name: `name_on_card` reads the residence-card convention
`FAMILY Given`: when some tokens are all capitals and the others are not, the
capitalised run at the start or the end is the family name (`DE LA CRUZ Juan`,
`Van An NGUYEN`); otherwise the first token is. `full_name` (one field in capitals)
takes the first token as family with order="family_first", the last with
order="given_first". A comma always separates family from given (`NGUYEN, Van An`).
Case is kept. Digits in a name are refused.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Any

import jaconv

from talentbridge.feeds.errors import N_, NormaliseError
from talentbridge.feeds.normalise.text import as_text, normalise_width, quote, strip_diacritics

NameParts = dict[str, str | None]
NAME_ORDERS = ("family_first", "given_first")


def _is_latin_only(text: str) -> bool:
    """Every letter is Latin (with or without diacritics); punctuation does not count."""
    return all(ch.isascii() for ch in strip_diacritics(text) if ch.isalpha())


def _check_no_digits(raw: str, text: str) -> None:
    if any(ch.isdigit() for ch in text):
        raise NormaliseError(N_("{value} is not a name (it contains digits)"), value=quote(raw.strip()))
    if not any(ch.isalpha() for ch in text):
        raise NormaliseError(N_("{value} is not a name (it has no letters)"), value=quote(raw.strip()))


def _split_latin(tokens: list[str], *, order: str, by_case: bool) -> tuple[str, str | None]:
    if by_case and len(tokens) > 1:
        upper = [t.isupper() and len(t.rstrip(".")) > 1 for t in tokens]
        if any(upper) and not all(upper):
            run = upper.index(False)  # capitals at the start: FAMILY Given
            if run and not any(upper[run:]):
                return " ".join(tokens[:run]), " ".join(tokens[run:])
            start = len(upper) - upper[::-1].index(False)  # capitals at the end: Given FAMILY
            if start < len(tokens) and not any(upper[:start]):
                return " ".join(tokens[start:]), " ".join(tokens[:start])
    if order == "given_first":
        return tokens[-1], " ".join(tokens[:-1]) or None
    return tokens[0], " ".join(tokens[1:]) or None


@lru_cache(maxsize=8192)
def _parse_name(raw: str, order: str, by_case: bool) -> NameParts | None:
    text = as_text(raw)
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    _check_no_digits(raw, text)
    if not _is_latin_only(text):
        return {"family_name": None, "given_name": None, "native_name": text}
    plain = strip_diacritics(text)
    native = text if plain != text else None
    if "," in plain:
        before, _, after = (part.strip() for part in plain.partition(","))
        if not before:
            raise NormaliseError(N_("{value} has no family name before the comma"), value=quote(raw.strip()))
        return {"family_name": before, "given_name": after or None, "native_name": native}
    family, given = _split_latin(plain.split(), order=order, by_case=by_case)
    return {"family_name": family, "given_name": given, "native_name": native}


def name_on_card(value: Any) -> NameParts | None:
    """Registry "name_on_card": 'NGUYEN Van An' -> family 'NGUYEN', given 'Van An';
    '王 偉' -> native '王 偉'; 'Nguyễn Văn An' -> 'Nguyen' / 'Van An' / 'Nguyễn Văn An'."""
    parts = _parse_name(_raw(value), "family_first", True)
    return None if parts is None else dict(parts)


def full_name(value: Any, *, order: str = "family_first") -> NameParts | None:
    """Registry "full_name": one field 'FAMILY GIVEN' (order="family_first") or
    'GIVEN FAMILY' (order="given_first") -> the three name parts."""
    if order not in NAME_ORDERS:
        raise ValueError(f"order must be one of {NAME_ORDERS}, not {order!r}")
    parts = _parse_name(_raw(value), order, False)
    return None if parts is None else dict(parts)


def _raw(value: Any) -> str:
    if isinstance(value, str):
        return value
    return as_text(value) or ""


@lru_cache(maxsize=8192)
def _latin(raw: str) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    _check_no_digits(raw, text)
    text = unicodedata.normalize("NFC", text)
    if not _is_latin_only(text):
        raise NormaliseError(N_("{value} is not a name in Latin letters"), value=quote(raw.strip()))
    return strip_diacritics(text)


def latin_name(value: Any) -> str | None:
    """Registry "latin_name": one name part in Latin letters, diacritics dropped, case kept:
    'Nguyễn' -> 'Nguyen', ' Van  An ' -> 'Van An'."""
    return _latin(_raw(value))


def native_name(value: Any) -> str | None:
    """Registry "native_name": the name as written in its own script, NFC, spaces collapsed:
    'Nguyễn  Văn An', '王雅婷'. Diacritics kept."""
    text = as_text(value)
    return None if text is None else unicodedata.normalize("NFC", text)


# -- katakana readings ---------------------------------------------------------------

_KANA_SEPARATORS = re.compile(r"[\s・･=＝゠·•]+")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc-\u30fe]+(?: [\u30a1-\u30fa\u30fc-\u30fe]+)*")


@lru_cache(maxsize=8192)
def _katakana(raw: str) -> str | None:
    text = as_text(raw)
    if text is None:
        return None
    text = jaconv.hira2kata(normalise_width(text))
    text = _KANA_SEPARATORS.sub(" ", text).strip()
    if not text:
        return None
    if not _KATAKANA.fullmatch(text):
        bad = next(ch for ch in text if ch != " " and not _KATAKANA.fullmatch(ch))
        raise NormaliseError(
            N_("{value} is not a katakana reading (it contains {bad})"), value=quote(raw.strip()), bad=quote(bad)
        )
    return text


def katakana_reading(value: Any) -> str | None:
    """Registry "katakana": 'ｸﾞｴﾝ ｳﾞｧﾝ ｱﾝ' -> 'グエン ヴァン アン', 'ジョウ・ハオ' -> 'ジョウ ハオ'.

    Half-width kana become full-width, hiragana katakana; the separators between parts
    (ASCII or full-width spaces, ・ ･ = ＝ ゠) become one ASCII space. Long-vowel marks
    and ヴ stay as written: folding spelling variants is `kana_to_key`'s job."""
    return _katakana(_raw(value))


_VU = {"ヴァ": "バ", "ヴィ": "ビ", "ヴゥ": "ブ", "ヴェ": "ベ", "ヴォ": "ボ", "ヴュ": "ビュ", "ヴ": "ブ"}
_VU_PATTERN = re.compile("|".join(sorted(_VU, key=len, reverse=True)))
_KEY_FOLD = str.maketrans(
    {
        **dict(zip("ァィゥェォャュョッヮヵヶ", "アイウエオヤユヨツワカケ", strict=True)),
        "ヂ": "ジ", "ヅ": "ズ", "ヰ": "イ", "ヱ": "エ", "ヲ": "オ",
        "ー": None, " ": None, "・": None, "゠": None, "=": None,
    }
)  # fmt: skip


@lru_cache(maxsize=8192)
def kana_to_key(text: str) -> str:
    """A comparison key for katakana readings: spelling variants of one name fold together.

    - ヴァ ヴィ ヴ(ゥ) ヴェ ヴォ -> バ ビ ブ ベ ボ (ヴュ -> ビュ), since agencies write
      both `ヴァン` and `バン` for Văn;
    - every small kana becomes large (ァィゥェォャュョッヮヵヶ -> アイウエオヤユヨツワカケ):
      `トゥアン` and `トウアン`, `グェン` and `グエン` are the same name; a key may
      thereby join キャ with キヤ, which does not occur as a distinction in names;
    - ヂ ヅ ヰ ヱ ヲ -> ジ ズ イ エ オ;
    - long-vowel marks ー and all separators are dropped: `シュー ジエ` and `シュジエ`
      give one key. A long vowel spelt out with ウ or オ is kept (`ジョウ` and `ジョー`
      still differ): ウ is also a real vowel in foreign names, and guessing which is
      which is left to the linkage's fuzzy comparison.

    Input may be any kana (half-width, hiragana); other characters are kept as they
    are, so a key is never an error."""
    text = jaconv.hira2kata(normalise_width(text))
    text = _VU_PATTERN.sub(lambda m: _VU[m[0]], text)
    return "".join(text.translate(_KEY_FOLD).split())
