"""Normalisers: the named, pure functions a layout mapping applies to raw cells.

A layout mapping file names a normaliser and its options (`normaliser = "date"`,
`args = { order = "dmy" }`); the importer calls `normalise(name, value, **args)`.
Every normaliser takes the raw cell as its first argument (str from CSV, any JSON
value from JSON Lines, str/int/float/date/datetime/None from xlsx), returns None
(or [] where it returns a list) for an empty cell, and raises NormaliseError, with
a message that quotes the value, for a value it cannot read.

Where each lives:

    text.py         text, split_list (and width/whitespace helpers)
    dates.py        date, datetime, year_month
    names.py        name_on_card, full_name, latin_name, native_name, katakana (+ kana_to_key)
    countries.py    country (+ country_name_ja, country_name_en)
    prefectures.py  prefecture, prefecture_list (+ prefecture_name_ja, prefecture_name_en)
    languages.py    japanese_level, language_level, language_list, language_objects
                    (+ merge_languages, level_rank, LEVELS)
    phones.py       phone
    emails.py       email
    codes.py        sex, consent, purposes, visa_status (+ WORK_ELIGIBLE),
                    education_level, years, experience_objects
    business.py     corporate_number, support_tier, hs_codes, markets, yes_no, integer,
                    language_minimums (companies and their needs)
    schedule.py     time_zone, weekly_hours, language_codes (specialists)
"""

from collections.abc import Callable
from typing import Any

from talentbridge.feeds.normalise.business import (
    corporate_number,
    hs_codes,
    integer,
    language_minimums,
    markets,
    support_tier,
    yes_no,
)
from talentbridge.feeds.normalise.codes import (
    consent,
    education_level,
    experience_objects,
    purposes,
    sex,
    visa_status,
    years,
)
from talentbridge.feeds.normalise.countries import country_to_alpha2
from talentbridge.feeds.normalise.dates import parse_date, parse_datetime, year_month
from talentbridge.feeds.normalise.emails import email
from talentbridge.feeds.normalise.languages import (
    japanese_level,
    language_level,
    language_list,
    language_objects,
)
from talentbridge.feeds.normalise.names import (
    full_name,
    katakana_reading,
    latin_name,
    name_on_card,
    native_name,
)
from talentbridge.feeds.normalise.phones import phone
from talentbridge.feeds.normalise.prefectures import prefecture_list, prefecture_to_jis
from talentbridge.feeds.normalise.schedule import language_codes, time_zone, weekly_hours
from talentbridge.feeds.normalise.text import clean_text, split_list

NORMALISERS: dict[str, Callable[..., Any]] = {
    "text": clean_text,
    "split_list": split_list,
    "date": parse_date,
    "datetime": parse_datetime,
    "year_month": year_month,
    "name_on_card": name_on_card,
    "full_name": full_name,
    "latin_name": latin_name,
    "native_name": native_name,
    "katakana": katakana_reading,
    "country": country_to_alpha2,
    "prefecture": prefecture_to_jis,
    "prefecture_list": prefecture_list,
    "japanese_level": japanese_level,
    "language_level": language_level,
    "language_list": language_list,
    "language_objects": language_objects,
    "phone": phone,
    "email": email,
    "sex": sex,
    "consent": consent,
    "purposes": purposes,
    "visa_status": visa_status,
    "education_level": education_level,
    "years": years,
    "experience_objects": experience_objects,
    "corporate_number": corporate_number,
    "support_tier": support_tier,
    "hs_codes": hs_codes,
    "markets": markets,
    "yes_no": yes_no,
    "integer": integer,
    "language_minimums": language_minimums,
    "time_zone": time_zone,
    "weekly_hours": weekly_hours,
    "language_codes": language_codes,
}
"""Registry name (as written in layout mapping files) -> normaliser."""


def normalise(name: str, value: Any, **options: Any) -> Any:
    """`NORMALISERS[name](value, **options)`: an unknown name is a plain KeyError."""
    return NORMALISERS[name](value, **options)


__all__ = ["NORMALISERS", "normalise"]
