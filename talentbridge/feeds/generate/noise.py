"""The noise an agency adds when it writes a person down, one record at a time.

Rates are per record (per name part where it says so). They are set to what real
registers show: a few percent each, so most records are clean and most persons with
several records still have at least one disagreement between them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

import jaconv

from talentbridge.feeds.generate.names import Name, NamePart

if TYPE_CHECKING:
    from talentbridge.feeds.generate.persons import Person

# Latin names
TYPO_RATE = 0.03  # one-character typo in the family or given name: Duong -> Duorg, Bautista -> Bauttista
ALT_SPELLING_RATE = 0.04  # another romanisation in use: Lee -> Yi, John -> Jhon, Souza -> Sousa
HYPHEN_VARIANT_RATE = 0.3  # Ya-Ting written YaTing, Yating or Ya Ting
MIDDLE_DROP_RATE = 0.15  # a Vietnamese middle name left out (Pham Quang Huy -> Pham Huy)
KANA_KEEPS_MIDDLE = 0.3  # when the Latin name drops it, the katakana still has it
MHLW_NAME_SWAP_RATE = 0.08  # mhlw's single field written GIVEN FAMILY
MAFF_KANJI_NAME_RATE = 0.4  # a CN, TW or KR national's name written in kanji in maff

# Katakana
KANA_ALT_READING_RATE = 0.12  # per name part: another reading (王 ワン/オウ, 张 チャン/ジャン)
KANA_VU_RATE = 0.35  # ヴ written with バ/ビ/ブ/ベ/ボ (ヴァン -> バン)
KANA_LONG_VOWEL_RATE = 0.06  # a long vowel mark ー dropped, or one added (レ -> レー)
KANA_HALF_WIDTH_RATE = 0.10  # half-width katakana (ｸﾞｴﾝ)
KANA_SEPARATORS = ((" ", 55), ("\u3000", 20), ("・", 15), ("", 10))

# Dates, contact, levels, consent
DOB_TRANSPOSED_RATE = 0.004  # day and month swapped (where both are 12 or less)
DOB_SLIP_RATE = 0.004  # one digit slipped: year or day off by one, or the year's digits turned
FULL_WIDTH_DIGITS_RATE = 0.3  # maff phones and years of experience in full-width digits
MISSING_EMAIL_RATE = 0.08
MISSING_PHONE_RATE = 0.07
MISSING_SEX_RATE = 0.05
MISSING_LEVEL_RATE = 0.08  # a language level left empty
SEX_ERROR_RATE = 0.01  # the wrong sex ticked
EMAIL_UPPER_RATE = 0.04  # e-mail typed in capitals
LATER_EMAIL_RATE = 0.06  # a later registration (another feed) gives a newer e-mail address
REREG_EMAIL_RATE = 0.5  # a re-registration in the same feed comes with a new e-mail address
REREG_PHONE_RATE = 0.3  # ... and with a new phone
LEVEL_DRIFT_RATE = 0.08  # a JLPT grade one step off (an older or newer certificate)
NO_CONSENT_RATE = 0.08  # consent to third-party provision not given

_NEIGHBOURS = {
    "a": "sqz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh", "h": "gjn", "i": "uol",
    "j": "hk", "k": "jl", "l": "ki", "m": "n", "n": "mr", "o": "ip", "p": "o", "q": "w", "r": "etn",
    "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe", "x": "zc", "y": "tu", "z": "x",
}  # fmt: skip
_DEVU = (("ヴァ", "バ"), ("ヴィ", "ビ"), ("ヴェ", "ベ"), ("ヴォ", "ボ"), ("ヴュ", "ビュ"), ("ヴ", "ブ"))
_NO_LONG_AFTER = set("ンッーャュョァィゥェォ")
_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def pick(rng: random.Random, pairs) -> str:
    """A value from (value, weight) pairs."""
    r = rng.random() * sum(w for _, w in pairs)
    for value, weight in pairs:
        r -= weight
        if r < 0:
            return value
    return pairs[-1][0]


def typo(rng: random.Random, text: str) -> str:
    """One slip of the keyboard: a neighbouring letter, a doubled or dropped one, two swapped."""
    positions = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(positions) < 3:
        return text
    i = rng.choice(positions)
    ch = text[i]
    kind = rng.random()
    if kind < 0.4:
        new = rng.choice(_NEIGHBOURS.get(ch.lower(), "e"))
        return text[:i] + (new.upper() if ch.isupper() else new) + text[i + 1 :]
    if kind < 0.65:
        return text[:i] + ch + text[i:]
    if kind < 0.85:
        return text[:i] + text[i + 1 :]
    j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
    if j < 0 or not text[j].isalpha() or text[i] == text[j]:
        return text[:i] + ch + text[i:]
    a, b = sorted((i, j))
    return text[:a] + text[b] + text[a] + text[b + 1 :]


def _spelling(rng: random.Random, part: NamePart, passport: str) -> str:
    if len(part.latin) > 1 and rng.random() < ALT_SPELLING_RATE:
        others = [s for s in part.latin if s != passport]
        return rng.choice(others) if others else passport
    return passport


def _hyphen_variant(rng: random.Random, text: str) -> str:
    if "-" not in text or rng.random() >= HYPHEN_VARIANT_RATE:
        return text
    head, _, tail = text.partition("-")
    r = rng.random()
    if r < 0.4:
        return head + tail.capitalize()  # YaTing
    if r < 0.7:
        return head + tail.lower()  # Yating
    return f"{head} {tail.capitalize()}"  # Ya Ting


def latin_name(rng: random.Random, name: Name) -> tuple[str, str, bool]:
    """(family, given, middle dropped) as one record writes them, in passport case (Nguyen, Van An)."""
    family = _spelling(rng, name.family, name.family_latin) if name.family else ""
    given_parts = [
        _hyphen_variant(rng, _spelling(rng, part, latin))
        for part, latin in zip(name.given, name.given_latin, strict=True)
    ]
    dropped = bool(name.middle) and rng.random() < MIDDLE_DROP_RATE
    given = " ".join(([] if dropped else list(name.middle_latin)) + given_parts)
    if rng.random() < TYPO_RATE:
        if family and rng.random() < 0.5:
            family = typo(rng, family)
        else:
            given = typo(rng, given)
    return family, given, dropped


def _reading(rng: random.Random, part: NamePart) -> str:
    if len(part.kana) > 1 and rng.random() < KANA_ALT_READING_RATE:
        return rng.choice(part.kana[1:])
    return part.kana[0]


def kana_name(rng: random.Random, name: Name, *, drop_middle: bool) -> str:
    """The katakana reading, family first, with the variants Japanese agencies write."""
    parts = [name.family] if name.family else []
    parts += ([] if drop_middle else list(name.middle)) + list(name.given)
    words = [w for part in parts for w in _reading(rng, part).split(" ")]
    separator = pick(rng, KANA_SEPARATORS)
    if rng.random() < KANA_LONG_VOWEL_RATE:
        if any("ー" in w for w in words) and rng.random() < 0.6:
            words = [w.replace("ー", "") or w for w in words]
        else:
            i = rng.randrange(len(words))
            if words[i][-1] not in _NO_LONG_AFTER:
                words[i] += "ー"
    text = separator.join(words)
    if "ヴ" in text and rng.random() < KANA_VU_RATE:
        for old, new in _DEVU:
            text = text.replace(old, new)
    if rng.random() < KANA_HALF_WIDTH_RATE:
        text = jaconv.z2h(text.replace("\u3000", " "), kana=True, ascii=False, digit=False)
    return text


def kanji_name(rng: random.Random, name: Name) -> str:
    """The name in Japanese kanji as on a residence card: 王 偉, 王　偉 or 王偉."""
    assert name.kanji is not None
    family, given = name.kanji
    return family + pick(rng, ((" ", 70), ("\u3000", 20), ("", 10))) + given


def birth_date(rng: random.Random, day: date) -> date:
    """Mostly the true date; rarely day and month transposed or one digit slipped."""
    r = rng.random()
    if r < DOB_TRANSPOSED_RATE:
        if day.day <= 12 and day.day != day.month:
            return date(day.year, day.day, day.month)
        return day
    if r < DOB_TRANSPOSED_RATE + DOB_SLIP_RATE:
        kind = rng.random()
        if kind < 0.4:
            return _with_year(day, day.year + rng.choice((-1, 1)))
        if kind < 0.8:
            return day + timedelta(days=rng.choice((-1, 1)))
        turned = day.year // 100 * 100 + (day.year % 10) * 10 + day.year % 100 // 10  # 1985 -> 1958
        return _with_year(day, turned if 1940 <= turned <= 2005 else day.year + 1)
    return day


def _with_year(day: date, year: int) -> date:
    if day.month == 2 and day.day == 29:
        return date(year, 2, 28)
    return day.replace(year=year)


def sex(rng: random.Random, true_sex: str) -> str | None:
    r = rng.random()
    if r < MISSING_SEX_RATE:
        return None
    if r < MISSING_SEX_RATE + SEX_ERROR_RATE:
        return "F" if true_sex == "M" else "M"
    return true_sex


def jlpt(rng: random.Random, level: str | None) -> str | None:
    if level is None or rng.random() < MISSING_LEVEL_RATE:
        return None
    if rng.random() < LEVEL_DRIFT_RATE:
        grade = int(level[1]) + rng.choice((-1, 1))
        return f"N{min(5, max(1, grade))}"
    return level


def contact(rng: random.Random, person: Person, *, later: bool, rereg: bool) -> tuple[str | None, str | None]:
    """(e-mail, phone digits) for one record; None where the record leaves them out."""
    email, phone = person.email, person.phone
    if rereg:
        if rng.random() < REREG_EMAIL_RATE:
            email = person.new_email()
        if rng.random() < REREG_PHONE_RATE:
            phone = person.new_phone()
    elif later and rng.random() < LATER_EMAIL_RATE:
        email = person.new_email()
    if rng.random() < MISSING_EMAIL_RATE:
        written_email = None
    else:
        written_email = email.upper() if rng.random() < EMAIL_UPPER_RATE else email
    return written_email, None if rng.random() < MISSING_PHONE_RATE else phone


def phone_text(rng: random.Random, digits: str, styles) -> str:
    """A mobile number in one of `styles`: dashed, plain, paren, intl (+81 90-1234-5678)."""
    style = pick(rng, styles)
    a, b, c = digits[:3], digits[3:7], digits[7:]
    if style == "dashed":
        return f"{a}-{b}-{c}"
    if style == "paren":
        return f"{a}({b}){c}"
    if style == "intl":
        return f"+81 {a[1:]}-{b}-{c}"
    return digits


def full_width(text: str) -> str:
    """Digits and hyphens in full-width form, as typed on a Japanese keyboard: ０９０－１２３４."""
    return text.translate(_FULL_WIDTH)


def consent(rng: random.Random) -> bool:
    return rng.random() >= NO_CONSENT_RATE
