"""Coded values: sex, consent and its purposes, residence (visa) status, education level,
years of experience, and meti's experience objects.

Each reads the agencies' words (Japanese, English, meti's codes) into one vocabulary
and refuses anything else with a message that lists what it expected.
"""

import math
import re
from functools import lru_cache
from typing import Any

from talentbridge.feeds.errors import N_, NormaliseError, message
from talentbridge.feeds.normalise.countries import country_to_alpha2
from talentbridge.feeds.normalise.text import as_text, quote

# -- sex ---------------------------------------------------------------------------------

SEXES: dict[str, str] = {
    "男": "M", "男性": "M", "m": "M", "male": "M", "man": "M",
    "女": "F", "女性": "F", "f": "F", "female": "F", "woman": "F",
}  # fmt: skip


def sex(value: Any) -> str | None:
    """Registry "sex": 男 / M / male / Ｍａｌｅ -> 'M'; 女 / F / female -> 'F'; empty -> None."""
    text = as_text(value)
    if text is None:
        return None
    found = SEXES.get(text.casefold())
    if found is None:
        raise NormaliseError(N_("{value} is not a sex we record (expected 男 or 女, M or F)"), value=quote(text))
    return found


# -- consent -----------------------------------------------------------------------------

CONSENT: dict[str, bool] = {
    **dict.fromkeys(
        ["同意", "同意する", "同意済", "○", "〇", "◯", "有", "あり", "はい", "y", "yes", "true", "1"], True
    ),
    **dict.fromkeys(
        ["不同意", "同意しない", "非同意", "×", "✕", "✖", "x", "無", "なし", "いいえ"]
        + ["n", "no", "false", "0"],
        False,
    ),
}  # fmt: skip


def consent(value: Any) -> bool | None:
    """Registry "consent": 同意 / ○ / 〇 / Y / yes / true -> True; 不同意 / × / N / no / false -> False."""
    if isinstance(value, bool):
        return value
    text = as_text(value)
    if text is None:
        return None
    found = CONSENT.get(text.casefold())
    if found is None:
        raise NormaliseError(
            N_("{value} is not a consent answer (expected 同意 or 不同意, ○ or ×, Y or N)"), value=quote(text)
        )
    return found


PURPOSES: dict[str, str] = {
    "job_matching": "job_matching", "job matching": "job_matching", "matching": "job_matching",
    "職業紹介": "job_matching", "求人紹介": "job_matching", "マッチング": "job_matching",
    "advisory": "advisory", "相談": "advisory", "助言": "advisory", "アドバイス": "advisory",
}  # fmt: skip
"""Purposes of use a person can consent to; the values are the platform's codes."""


def purposes(value: Any) -> list[str]:
    """Registry "purposes": meti consent.purposes ['job_matching', 'advisory'] -> the same,
    validated, without repeats. A text cell may list them separated by `;` or `,`."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[;,、]", as_text(value) or "")
    found: list[str] = []
    for item in items:
        text = as_text(item)
        if text is None:
            continue
        purpose = PURPOSES.get(text.casefold())
        if purpose is None:
            expected = " or ".join(sorted(set(PURPOSES.values())))
            raise NormaliseError(
                N_("{value} is not a purpose of use we know (expected {expected})"),
                value=quote(text),
                expected=expected,
            )
        if purpose not in found:
            found.append(purpose)
    return found


# -- residence status --------------------------------------------------------------------

VISA_STATUSES = (
    "highly_skilled_professional",
    "engineer_humanities_international",
    "specified_skilled_worker_1",
    "specified_skilled_worker_2",
    "student",
    "permanent_resident",
    "long_term_resident",
    "spouse_of_japanese",
    "technical_intern",
    "other",
)

WORK_ELIGIBLE: dict[str, bool | None] = {
    "highly_skilled_professional": True,
    "engineer_humanities_international": True,
    "specified_skilled_worker_1": True,
    "specified_skilled_worker_2": True,
    "student": False,
    "permanent_resident": True,
    "long_term_resident": True,
    "spouse_of_japanese": True,
    "technical_intern": False,
    "other": None,
}
"""May the person take up a job found through the platform? A first answer per status.

- True, with no limit on the kind of work: permanent_resident (also 特別永住者),
  long_term_resident, spouse_of_japanese.
- True, within the status's scope (the job must fit it; a change of employer needs a
  notification or a new permission): highly_skilled_professional,
  engineer_humanities_international (professional or international-service work),
  specified_skilled_worker_1/_2 (only in the designated field, e.g. agriculture,
  fisheries, food and beverage manufacturing).
- False: student (only part-time work, 28 hours a week, with permission; a graduate
  needs a change of status, which an offer can support), technical_intern (bound to
  the training plan and the host employer).
- None: other, it depends on the status (経営・管理 and 家族滞在 cannot take such a job
  as is, 特定活動 depends on the designation, 永住者の配偶者等 can) and must be checked
  case by case.
"""

_OTHER_STATUSES = (
    "外交", "公用", "教授", "芸術", "宗教", "報道", "経営・管理", "経営管理", "投資・経営", "法律・会計業務",
    "医療", "研究", "教育", "企業内転勤", "介護", "興行", "技能", "文化活動", "短期滞在", "研修",
    "家族滞在", "特定活動", "特定活動(46号)", "特定活動(告示46号)", "永住者の配偶者等", "育成就労",
    "business manager", "dependent", "designated activities", "intra-company transferee",
    "nursing care", "skilled labor", "instructor", "professor", "researcher",
    "spouse or child of permanent resident", "temporary visitor", "trainee", "cultural activities",
)  # fmt: skip

VISA_ALIASES: dict[str, str] = {
    **{code: code for code in VISA_STATUSES},
    "高度専門職": "highly_skilled_professional", "高度専門職1号": "highly_skilled_professional",
    "高度専門職1号イ": "highly_skilled_professional", "高度専門職1号ロ": "highly_skilled_professional",
    "高度専門職1号ハ": "highly_skilled_professional", "高度専門職2号": "highly_skilled_professional",
    "高度人材": "highly_skilled_professional", "highly skilled professional": "highly_skilled_professional",
    "技術・人文知識・国際業務": "engineer_humanities_international",
    "技術人文知識国際業務": "engineer_humanities_international",
    "技人国": "engineer_humanities_international",
    "engineer/specialist in humanities/international services": "engineer_humanities_international",
    "特定技能1号": "specified_skilled_worker_1",
    "specified skilled worker (i)": "specified_skilled_worker_1",
    "特定技能2号": "specified_skilled_worker_2",
    "specified skilled worker (ii)": "specified_skilled_worker_2",
    "留学": "student", "留学生": "student", "student": "student",
    "永住者": "permanent_resident", "永住": "permanent_resident", "特別永住者": "permanent_resident",
    "permanent resident": "permanent_resident", "special permanent resident": "permanent_resident",
    "定住者": "long_term_resident", "long term resident": "long_term_resident",
    "long-term resident": "long_term_resident",
    "日本人の配偶者等": "spouse_of_japanese", "日本人の配偶者": "spouse_of_japanese",
    "spouse or child of japanese national": "spouse_of_japanese",
    **dict.fromkeys(
        ["技能実習", *(f"技能実習{n}号{kind}" for n in "123" for kind in ("", "イ", "ロ"))],
        "technical_intern",
    ),
    "technical intern training": "technical_intern",
    **dict.fromkeys(_OTHER_STATUSES, "other"),
}  # fmt: skip
"""Statuses of residence (在留資格) as written -> the meti code. Compared without case,
spaces, and with ・ / ･ / · and brackets in one form."""

_VISA_FOLD = str.maketrans({"･": "・", "·": "・", "（": "(", "）": ")", "Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3"})


def _visa_key(text: str) -> str:
    return " ".join(text.translate(_VISA_FOLD).casefold().split()).replace(" ・ ", "・")


_VISA_BY_KEY = {_visa_key(words): code for words, code in VISA_ALIASES.items()}


@lru_cache(maxsize=256)
def _visa(raw: str) -> str:
    text = as_text(raw) or ""
    key = _visa_key(text)
    code = _VISA_BY_KEY.get(key) or _VISA_BY_KEY.get(key.replace(" ", "")) or _VISA_BY_KEY.get(key.replace("_", " "))
    if code is None:
        if key.startswith("特定技能") and key.removeprefix("特定技能") in ("", "号"):
            raise NormaliseError(N_("{value} does not say which 特定技能 (1号 or 2号)"), value=quote(raw.strip()))
        raise NormaliseError(
            N_(
                "{value} is not a status of residence we know "
                "(e.g. 技術・人文知識・国際業務, 特定技能1号, 留学, 永住者 or a meti code)"
            ),
            value=quote(raw.strip()),
        )
    return code


def visa_status(value: Any) -> str | None:
    """Registry "visa_status": 特定技能1号 -> 'specified_skilled_worker_1', 高度専門職1号ロ ->
    'highly_skilled_professional', 経営・管理 -> 'other'; meti codes pass through."""
    text = as_text(value)
    return None if text is None else _visa(text)


# -- education ---------------------------------------------------------------------------

EDUCATION_LEVELS = ("lower_secondary", "high_school", "vocational", "bachelor", "master", "doctor")
"""Highest completed education, lowest first."""

EDUCATION_ALIASES: dict[str, str] = {
    **{level: level for level in EDUCATION_LEVELS},
    "大学院卒": "master", "大学院修了": "master", "修士": "master", "修士課程修了": "master",
    "博士": "doctor", "博士課程修了": "doctor", "大学卒": "bachelor", "大卒": "bachelor", "学士": "bachelor",
    "短大・専門卒": "vocational", "短大卒": "vocational", "専門卒": "vocational", "専門学校卒": "vocational",
    "高専卒": "vocational", "高校卒": "high_school", "高卒": "high_school", "中学卒": "lower_secondary",
    "中卒": "lower_secondary", "bachelor's": "bachelor", "bachelor's degree": "bachelor",
    "undergraduate": "bachelor", "master's": "master", "master's degree": "master", "doctorate": "doctor",
    "doctoral": "doctor", "phd": "doctor", "ph.d.": "doctor", "specialized training college": "vocational",
    "specialised training college": "vocational", "junior college": "vocational", "associate": "vocational",
    "high school": "high_school", "secondary": "high_school", "upper_secondary": "high_school",
    "lower secondary": "lower_secondary", "junior high school": "lower_secondary",
}  # fmt: skip
"""Degrees and school levels as written -> EDUCATION_LEVELS. 大学院卒 is read as master (the
register does not tell a doctorate apart); 短大 (junior college) and 専門学校 (specialised
training college) are both vocational."""

_EDUCATION_BY_KEY = {
    " ".join(words.replace("･", "・").casefold().split()): level for words, level in EDUCATION_ALIASES.items()
}


def education_level(value: Any) -> str | None:
    """Registry "education_level": 大学院卒 -> 'master', 短大・専門卒 -> 'vocational',
    Specialized Training College -> 'vocational'; meti levels pass through validated."""
    text = as_text(value)
    if text is None:
        return None
    key = " ".join(text.replace("･", "・").casefold().split())
    level = _EDUCATION_BY_KEY.get(key) or _EDUCATION_BY_KEY.get(key.replace("_", " "))
    if level is None:
        raise NormaliseError(
            N_(
                "{value} is not an education level we know "
                "(e.g. 大学卒, 大学院卒, 短大・専門卒, 高校卒, or one of {levels})"
            ),
            value=quote(text),
            levels=", ".join(EDUCATION_LEVELS),
        )
    return level


# -- years -------------------------------------------------------------------------------

MAX_YEARS = 70.0
_YEARS = re.compile(
    r"(?:(?P<y>\d+(?:\.\d+)?)\s*(?:年|years?|yrs?)?)?\s*(?:(?P<m>\d+)\s*(?:ヶ月|か月|カ月|ケ月|箇月|ヵ月|months?))?\s*(?:以上)?",
    re.IGNORECASE,
)


def years(value: Any) -> float | None:
    """Registry "years": '3', '3年', '１０年', 3.5, '3.5', '3年6ヶ月' (3.5) -> float; 0 to 70."""
    if isinstance(value, bool):
        raise NormaliseError(N_("{value} is not a number of years"), value=quote(value))
    if value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return None
        shown = as_text(value) or ""
    else:
        text = as_text(value)
        if text is None:
            return None
        shown = text
        match = _YEARS.fullmatch(text)
        if match is None or not (match["y"] or match["m"]):
            negative = text.lstrip().startswith("-")
            reason = N_("it is negative") if negative else N_("expected a number such as 3, 3年 or 3.5")
            raise NormaliseError(
                N_("{value} is not a number of years ({reason})"), value=quote(text), reason=message(reason)
            )
        number = float(match["y"] or 0) + int(match["m"] or 0) / 12
    if not 0 <= number <= MAX_YEARS:
        raise NormaliseError(
            N_("{value} is not a number of years (it must be between 0 and {most})"),
            value=quote(shown),
            most=f"{MAX_YEARS:g}",
        )
    return round(number, 2)


# -- experience --------------------------------------------------------------------------


def experience_objects(value: Any) -> list[dict[str, Any]]:
    """Registry "experience_objects": meti's experience list ->
    [{"country": 'TH', "years": 3.5, "role": 'export sales', "employer_type": 'trading company'}].

    Each field is read like its own normaliser ("country", "years", "text"); missing
    fields are None; an object with nothing in it is dropped."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    if not isinstance(value, list | tuple):
        raise NormaliseError(N_("{value} is not a list of experience entries"), value=quote(value))
    entries = []
    for item in value:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise NormaliseError(N_("{value} is not an experience entry (expected an object)"), value=quote(item))
        entry = {
            "country": country_to_alpha2(item.get("country")),
            "years": years(item.get("years")),
            "role": as_text(item.get("role")),
            "employer_type": as_text(item.get("employer_type")),
        }
        if any(field is not None for field in entry.values()):
            entries.append(entry)
    return entries
