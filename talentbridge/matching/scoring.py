"""Matching a person with a need: the hard requirements, and the score with its explanation.

This module is the definition: plain Python, one person and one need at a time. The
index (matching/index.py) computes the same numbers for a million persons at once and
is held to this module by the tests.

Hard requirements (a person who fails one is not a match at all):
- the person is offered: an active source record consents to third-party provision, for
  the purpose of job matching;
- every language the need asks for, at its minimum level or above (JLPT grades read as
  their CEFR level: N1 C1, N2 B2, N3 B1, N4 A2, N5 A1);
- where the need asks for it, a residence status that allows the work (see
  feeds/normalise/codes.py, WORK_ELIGIBLE; an unknown status does not).

The score, 0 to 100, is the sum of these factors (FACTORS, in this order):

| factor | at most | what earns it |
|---|---:|---|
| languages | 20 | each asked language: at its minimum 1/3 of its share, a level above 2/3, two or more all |
| market_languages | 10 | the share of the need's markets whose business language the person speaks at B1 or better |
| markets | 20 | years of experience in the need's markets (a group such as EU counts its members), full at 5 years |
| sectors | 15 | the share of the need's sectors (named, and those of its HS codes) the person has worked in |
| skills | 15 | the share of the need's skills the person has (compared without case) |
| role | 10 | the person has had the role the need is for |
| location | 5 | the person lives in, or wants to work in, the need's prefecture |
| text | 5 | likeness of the need's title and description to the person's own words (character pairs) |

A factor the need does not ask about contributes 0. The score never reads sex, age or
nationality: a profile does not carry them.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from talentbridge.feeds.normalise.codes import WORK_ELIGIBLE
from talentbridge.feeds.normalise.languages import JLPT_TO_CEFR, LEVELS
from talentbridge.matching.vocabulary import Vocabulary, vocabulary
from talentbridge.registry.golden_form import FORM as STORED_FORM

FACTORS: dict[str, float] = {
    "languages": 20.0,
    "market_languages": 10.0,
    "markets": 20.0,
    "sectors": 15.0,
    "skills": 15.0,
    "role": 10.0,
    "location": 5.0,
    "text": 5.0,
}
MARKET_YEARS_FULL = 5.0
MARKET_LANGUAGE_RANK = LEVELS.index("B1")
TEXT_BITS = 512  # a text is the set of its character pairs, hashed into this many bits
JOB_MATCHING = "job_matching"
_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def level_rank(level: str | None, jlpt: str | None = None) -> int:
    """A1 0 .. C2 5, native 6; -1 for a language spoken at no stated level."""
    ranks = [_RANK.get(level, -1) if level else -1]
    if jlpt in JLPT_TO_CEFR:
        ranks.append(_RANK[JLPT_TO_CEFR[jlpt]])
    return max(ranks)


def text_bits(parts: Iterable[str | None]) -> int:
    """The character pairs of the words, hashed (crc32: the same in every process) into a
    TEXT_BITS-bit set, as a Python int. Spaces and case do not count."""
    bits = 0
    for part in parts:
        if not part:
            continue
        text = "".join(str(part).casefold().split())
        for i in range(len(text) - 1):
            bits |= 1 << (zlib.crc32(text[i : i + 2].encode()) % TEXT_BITS)
    return bits


def text_likeness(a: int, b: int) -> float:
    """Cosine of two bit sets: shared pairs over the geometric mean of their sizes."""
    if not a or not b:
        return 0.0
    # math.sqrt (correctly rounded, as numpy's) keeps this equal to the index's arithmetic.
    return (a & b).bit_count() / math.sqrt(a.bit_count() * b.bit_count())


@dataclass
class Profile:
    """What matching may know of a person: never sex, birth date or nationality."""

    person_id: int
    offered: bool  # offerable, with consent to job matching
    languages: dict[str, int]  # code -> level rank
    market_years: dict[str, int]  # country -> hundredths of years of experience there
    sectors: set[str]  # sector codes
    skills: set[str]  # case-folded
    roles: set[str]  # case-folded roles held and the occupation
    prefecture: str | None
    desired: set[str]
    work_eligible: bool | None
    text: int = 0  # text_bits of the person's own words
    skill_names: dict[str, str] = field(default_factory=dict)  # case-folded -> as written


@dataclass
class NeedTerms:
    """A need as matching reads it."""

    need_id: int
    languages: list[tuple[str, int]]  # (code, minimum rank; -1: any level)
    markets: list[str]  # as the need names them (EU stays EU)
    countries: set[str]  # the markets as countries
    sectors: set[str]  # sector codes, named and from HS codes
    skills: dict[str, str]  # case-folded -> as written
    role: str | None  # case-folded
    prefecture: str | None
    work_eligible_only: bool
    text: int


@dataclass
class Factor:
    name: str
    contribution: float
    detail: dict[str, Any]


@dataclass
class Match:
    """`score` is the exact sum of the contributions, in FACTORS' order (what ranks);
    `rounded` gives them to four places, with a score that is their sum."""

    person_id: int
    need_id: int
    score: float
    factors: list[Factor]

    def rounded(self) -> tuple[float, list[tuple[str, float]]]:
        parts = [(factor.name, round(factor.contribution, 4)) for factor in self.factors]
        return round(sum(value for _, value in parts), 4), parts


def _value(item: Any) -> Any:
    """A list item's value: an item of a golden record as read is {"value", "sources"}; as
    stored, the item of the first source alone is its value itself."""
    return item["value"] if type(item) is dict else item


def profile_of(
    person_id: int, golden: dict[str, Any], offerable: bool, vocab: Vocabulary | None = None, text: int | None = None
) -> Profile:
    """A person's matching profile from their golden record (registry/golden.py), as read
    (`GoldenRecord.data`) or as stored (`registry.golden_form`): it reads values only, which
    both forms hold, so the index reads the stored form without expanding it (2 us a
    person). `text`: its text bits when already known (the index keeps them), else worked
    out here."""
    vocab = vocab or vocabulary()
    fields = golden.get("fields", {})
    stored = golden.get("v") == STORED_FORM

    def value(name: str) -> Any:
        item = fields.get(name)
        return item if stored else item.get("value") if item else None

    purposes = {_value(item) for item in golden.get("consent", {}).get("purposes", [])}
    languages: dict[str, int] = {}
    for item in golden.get("languages", []):
        languages[item["code"]] = max(languages.get(item["code"], -1), level_rank(item.get("level"), item.get("jlpt")))
    # Whole hundredths of a year: sums of them are exact in any order, so the index's
    # totals equal these to the last bit.
    market_years: dict[str, int] = {}
    roles: set[str] = set()
    for entry in golden.get("experience", []):
        country = entry.get("country")
        if country:
            years = round(float(entry.get("years") or 1.0) * 100)
            market_years[country] = market_years.get(country, 0) + years
        if entry.get("role"):
            roles.add(str(entry["role"]).casefold())
    occupation = value("occupation")
    if occupation:
        roles.add(str(occupation).casefold())
    sector_words = [_value(item) for item in golden.get("sectors", [])]
    skills = {str(word).casefold(): str(word) for word in map(_value, golden.get("skills", []))}
    visa = value("visa_status")
    own_words = [value("summary"), value("experience_text"), occupation, *sector_words, *skills.values()]
    own_words += [entry.get("role") for entry in golden.get("experience", [])]
    return Profile(
        person_id=person_id,
        offered=bool(offerable and JOB_MATCHING in purposes),
        languages=languages,
        market_years=market_years,
        sectors=vocab.sectors_of_words([*sector_words, *([occupation] if occupation else [])]),
        skills=set(skills),
        roles=roles,
        prefecture=value("residence_prefecture"),
        desired={str(_value(item)) for item in golden.get("desired_prefectures", [])},
        work_eligible=WORK_ELIGIBLE.get(visa) if visa else None,
        text=text_bits(own_words) if text is None else text,
        skill_names=skills,
    )


def terms_of(need: Any, company_hs: Iterable[str] = (), vocab: Vocabulary | None = None) -> NeedTerms:
    """A need (companies.models.Need or anything with its attributes) as matching reads it.
    Its HS codes say its sectors; where it gives none, its company's products do."""
    vocab = vocab or vocabulary()
    hs = list(need.hs_codes or ()) or list(company_hs)
    return NeedTerms(
        need_id=need.id,
        languages=[(item["code"], level_rank(item.get("level"), item.get("jlpt"))) for item in need.languages or ()],
        markets=list(need.target_markets or ()),
        countries=vocab.countries(need.target_markets or ()),
        sectors=vocab.sectors_of_words(need.sectors or ()) | vocab.sectors_of_hs(hs),
        skills={str(skill).casefold(): str(skill) for skill in need.skills or ()},
        role=need.role.casefold() if need.role else None,
        prefecture=need.prefecture,
        work_eligible_only=bool(need.work_eligible_only),
        text=text_bits([need.title, need.description, need.role]),
    )


def passes(terms: NeedTerms, profile: Profile) -> bool:
    """The hard requirements: offered, every language at its minimum, work eligibility."""
    if not profile.offered:
        return False
    if terms.work_eligible_only and profile.work_eligible is not True:
        return False
    return all(profile.languages.get(code, -2) >= max(minimum, -1) for code, minimum in terms.languages)


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def explain(terms: NeedTerms, profile: Profile, vocab: Vocabulary | None = None) -> Match:
    """The score of a person for a need, factor by factor; the contributions add up to it.
    (It does not check the hard requirements: see `passes`.)"""
    vocab = vocab or vocabulary()
    factors: list[Factor] = []

    def add(name: str, fraction: float, **detail: Any) -> None:
        factors.append(Factor(name, FACTORS[name] * fraction, detail))

    asked = terms.languages
    parts = []
    for code, minimum in asked:
        above = profile.languages.get(code, -1) - max(minimum, 0)
        parts.append(min(1.0, (above + 1) / 3) if above >= 0 else 0.0)
    add("languages", _share(sum(parts), len(parts)), asked=[code for code, _ in asked])

    spoken = [
        market
        for market in terms.markets
        if any(profile.languages.get(code, -1) >= MARKET_LANGUAGE_RANK for code in vocab.languages_of(market))
    ]
    add("market_languages", _share(len(spoken), len(terms.markets)), markets=spoken)

    hundredths = sum(profile.market_years.get(country, 0) for country in terms.countries)
    worked = sorted(country for country in terms.countries if country in profile.market_years)
    full = MARKET_YEARS_FULL * 100
    add("markets", min(1.0, hundredths / full) if terms.countries else 0.0, countries=worked, years=hundredths / 100)

    sectors = sorted(terms.sectors & profile.sectors)
    add("sectors", _share(len(sectors), len(terms.sectors)), sectors=sectors)

    skills = sorted(terms.skills[key] for key in set(terms.skills) & profile.skills)
    add("skills", _share(len(skills), len(terms.skills)), skills=skills)

    held = terms.role is not None and terms.role in profile.roles
    add("role", 1.0 if held else 0.0, role=terms.role if held else None)

    where = None
    if terms.prefecture is not None:
        if profile.prefecture == terms.prefecture:
            where = "lives"
        elif terms.prefecture in profile.desired:
            where = "wants"
    add("location", 1.0 if where else 0.0, prefecture=terms.prefecture if where else None, how=where)

    likeness = text_likeness(terms.text, profile.text)
    add("text", likeness, likeness=round(likeness, 3))

    return Match(profile.person_id, terms.need_id, sum(f.contribution for f in factors), factors)
