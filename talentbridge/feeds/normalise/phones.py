"""Phone numbers -> E.164 ('+819012345678'), validated by phonenumbers.

Agencies write `090-1234-5678`, `０９０１２３４５６７８`, `０７０－９７１６－７２３７`,
`+81 90-1234-5678`, `(03) 1234-5678`; xlsx may hold the number as an integer without
its leading 0 (9012345678), which phonenumbers reads as the national number.
Full-width digits and every dash Japanese input methods produce (－ ー ‐ ‑ – — ―
−) are folded first.

Cost: phonenumbers.parse is ~15 µs a call. Numbers that are only digits and
separators take a fast path: a Japanese national number (0 + 9 or 10 digits) or an
international number under +81 is built directly as a PhoneNumber and then checked
with phonenumbers.is_valid_number (~5 µs), so every number is still validated
against the numbering plan; anything else goes through phonenumbers.parse.
"""

import re
from functools import lru_cache
from typing import Any

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumber, PhoneNumberFormat

from talentbridge.feeds.errors import N_, Message, NormaliseError, message
from talentbridge.feeds.normalise.text import as_text, normalise_width, quote

_DASHES = str.maketrans({ch: "-" for ch in "－ー‐‑‒–—―−ｰ"})
_SEPARATORS = re.compile(r"[\s\-.()/]")
_JP = 81
_INTERNATIONAL = ("00", "010")  # how a call abroad is dialled from Japan (010, 00xx carriers)


def _jp_number_plan() -> tuple[tuple[re.Pattern[str], frozenset[int]], list[tuple[re.Pattern[str], frozenset[int]]]]:
    """phonenumbers' own metadata for Japan, compiled once: the general pattern and one
    pattern per number type, each with its possible lengths."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region("JP")
    assert meta is not None  # phonenumbers ships Japan's plan

    def compiled(desc: Any) -> tuple[re.Pattern[str], frozenset[int]]:
        return re.compile(desc.national_number_pattern), frozenset(desc.possible_length or ())

    types = [
        compiled(desc)
        for desc in (
            meta.fixed_line,
            meta.mobile,
            meta.toll_free,
            meta.premium_rate,
            meta.shared_cost,
            meta.personal_number,
            meta.voip,
            meta.pager,
            meta.uan,
            meta.voicemail,
        )
        if desc is not None and desc.national_number_pattern
    ]
    return compiled(meta.general_desc), types


_JP_GENERAL, _JP_TYPES = _jp_number_plan()


def _valid_jp(national: str) -> bool:
    """phonenumbers.is_valid_number for a Japanese number, without its per-call overhead
    (it compiled and matched these patterns on every call: a fifth of an import's time).
    Same rule: the general pattern, then any number type, each within its lengths."""
    pattern, lengths = _JP_GENERAL
    if (lengths and len(national) not in lengths) or not pattern.fullmatch(national):
        return False
    return any(
        (not lengths or len(national) in lengths) and pattern.fullmatch(national) for pattern, lengths in _JP_TYPES
    )


def _invalid(raw: str, why: Message | None = None) -> NormaliseError:
    if why is None:
        return NormaliseError(N_("{value} is not a valid phone number"), value=quote(raw.strip()))
    return NormaliseError(N_("{value} is not a valid phone number ({why})"), value=quote(raw.strip()), why=why)


@lru_cache(maxsize=1024)  # numbers are mostly unique: a small cache suffices
def _e164(raw: str, region: str) -> str | None:
    text = normalise_width(raw).translate(_DASHES).strip()
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    number: PhoneNumber | None = None
    if (
        region == "JP"
        and len(digits) > 2
        and digits.isdigit()
        and digits[0] == "0"
        and not digits.startswith(_INTERNATIONAL)
    ):
        if _valid_jp(digits[1:]):
            return "+81" + digits[1:]
        number = PhoneNumber(country_code=_JP, national_number=int(digits[1:]))
    elif digits.startswith("+81") and digits[1:].isdigit() and digits[3:4] not in ("", "0"):
        if _valid_jp(digits[3:]):
            return digits
        number = PhoneNumber(country_code=_JP, national_number=int(digits[3:]))
    if number is None:
        try:
            number = phonenumbers.parse(text, region)
        except NumberParseException as error:
            raise _invalid(raw, _reason(error)) from None
    if not phonenumbers.is_valid_number(number):
        raise _invalid(raw, _why(number))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _why(number: PhoneNumber) -> Message | None:
    reason = phonenumbers.is_possible_number_with_reason(number)
    why = {
        phonenumbers.ValidationResult.TOO_SHORT: N_("too short"),
        phonenumbers.ValidationResult.TOO_LONG: N_("too long"),
        phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: N_("unknown country code"),
    }.get(reason)
    return message(why) if why else None


def _reason(error: NumberParseException) -> Message:
    return message(
        {
            NumberParseException.INVALID_COUNTRY_CODE: N_("unknown country code"),
            NumberParseException.NOT_A_NUMBER: N_("not a number"),
            NumberParseException.TOO_SHORT_NSN: N_("too short"),
            NumberParseException.TOO_SHORT_AFTER_IDD: N_("too short"),
            NumberParseException.TOO_LONG: N_("too long"),
        }.get(error.error_type, N_("not a number"))
    )


def phone(value: Any, *, region: str = "JP") -> str | None:
    """Registry "phone": '090-1234-5678', '０７０－９７１６－７２３７', '+81 90-1234-5678',
    9012345678 -> '+819012345678'. `region` is where numbers without a country code
    are from."""
    if isinstance(value, str):
        return _e164(value, region)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = as_text(value)
    return None if text is None else _e164(text, region)
