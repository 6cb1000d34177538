"""The matching definition (scoring.py) and the index held to it, on synthetic profiles."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest

from talentbridge.matching.explain import factor_words
from talentbridge.matching.index import PersonIndex
from talentbridge.matching.scoring import (
    FACTORS,
    Profile,
    explain,
    passes,
    profile_of,
    terms_of,
    text_bits,
)
from talentbridge.matching.service import scan
from talentbridge.registry import golden as golden_rules
from talentbridge.registry import golden_form

LANGS = ("ja", "en", "vi", "zh", "th", "ko", "id", "tl", "pt")
COUNTRIES = ("VN", "TH", "CN", "TW", "SG", "US", "DE", "FR", "MY", "ID")
SECTOR_WORDS = ("agriculture", "seafood processing", "sake and beverages", "food processing", "logistics", "trading")
SKILLS = ("HACCP", "negotiation", "translation", "export documentation", "Python", "trade finance")
ROLES = ("export sales", "procurement", "engineer", "interpreter")


def golden(rng: random.Random, **override: Any) -> dict[str, Any]:
    """A golden record shaped as registry/golden.py builds them."""
    languages = [
        {"code": code, "level": rng.choice(("A2", "B1", "B2", "C1", "C2", "native", None)), "jlpt": None}
        for code in rng.sample(LANGS, rng.randint(1, 3))
    ]
    if rng.random() < 0.7:
        languages.append({"code": "ja", "level": None, "jlpt": rng.choice(("N1", "N2", "N3", "N4"))})
    record = {
        "fields": {
            "family_name": {"value": "Nguyen", "source": 1},
            "sex": {"value": rng.choice("MF"), "source": 1},
            "birth_date": {"value": f"19{rng.randint(60, 99)}-01-0{rng.randint(1, 9)}", "source": 1},
            "nationality": {"value": rng.choice(COUNTRIES), "source": 1},
            "residence_prefecture": {"value": f"{rng.randint(1, 47):02d}", "source": 1},
            "visa_status": {
                "value": rng.choice(("student", "permanent_resident", "engineer_humanities_international")),
                "source": 1,
            },
            "occupation": {"value": rng.choice(("海外営業", "食品製造", "通訳・翻訳")), "source": 1},
            "summary": {"value": rng.choice(("ベトナムでの輸出営業", "food export to Thailand", None)), "source": 1},
        },
        "languages": languages,
        "skills": [{"value": skill, "sources": [1]} for skill in rng.sample(SKILLS, rng.randint(0, 3))],
        "sectors": [{"value": word, "sources": [1]} for word in rng.sample(SECTOR_WORDS, rng.randint(0, 2))],
        "desired_prefectures": [{"value": f"{rng.randint(1, 47):02d}", "sources": [1]}],
        "experience": [
            {
                "country": rng.choice(COUNTRIES),
                "years": rng.choice((0.5, 1, 2.25, 3.33, 4.5, 7)),
                "role": rng.choice(ROLES),
            }
            for _ in range(rng.randint(0, 2))
        ],
        "consent": {"third_party": True, "purposes": [{"value": "job_matching", "sources": [1]}]},
    }
    record.update(override)
    return record


def need(rng: random.Random, need_id: int) -> SimpleNamespace:
    return SimpleNamespace(
        id=need_id,
        title=rng.choice(("ベトナム向け輸出営業担当", "台湾向け通訳", "Export sales for the EU")),
        description=rng.choice(("新潟の酒蔵。ベトナムの輸入業者との商談を担当。", "Seafood exporter", None)),
        role=rng.choice((*ROLES, None)),
        languages=[
            {"code": code, "level": rng.choice((None, "A2", "B1", "B2")), "jlpt": None}
            for code in rng.sample(LANGS, rng.randint(0, 2))
        ],
        target_markets=rng.sample((*COUNTRIES, "EU", "TPP11"), rng.randint(0, 2)),
        sectors=rng.sample(SECTOR_WORDS, rng.randint(0, 2)),
        hs_codes=rng.sample(("0303", "2206", "0902", "1905"), rng.randint(0, 2)),
        skills=rng.sample(SKILLS, rng.randint(0, 3)),
        prefecture=rng.choice((None, "15", "13", "01")),
        work_eligible_only=rng.random() < 0.5,
    )


@pytest.fixture(scope="module")
def profiles() -> list[Profile]:
    rng = random.Random(7)
    return [profile_of(person_id, golden(rng), offerable=rng.random() < 0.9) for person_id in range(1, 2001)]


def test_the_index_finds_exactly_what_scoring_every_profile_finds(profiles: list[Profile]) -> None:
    index = PersonIndex(profiles)
    rng = random.Random(8)
    compared = 0
    for need_id in range(1, 151):
        terms = terms_of(need(rng, need_id))
        best = scan(terms, profiles, top=20)
        for k in (1, 5, 20):
            expected = best[:k]
            found = index.top(terms, k)
            # The same persons in the same order, with the same score to the last bit.
            assert [(m.person_id, m.score) for m in expected] == [(r.person_id, r.score) for r in found]
            compared += len(found)
    assert compared > 1500  # most needs found someone


def test_hard_requirements_filter_and_the_factors_add_up(profiles: list[Profile]) -> None:
    rng = random.Random(9)
    for need_id in range(1, 41):
        terms = terms_of(need(rng, need_id))
        for match in scan(terms, profiles, top=50):
            profile = next(p for p in profiles if p.person_id == match.person_id)
            assert profile.offered
            for code, minimum in terms.languages:
                assert profile.languages[code] >= max(minimum, -1)
            if terms.work_eligible_only:
                assert profile.work_eligible is True
            assert [factor.name for factor in match.factors] == list(FACTORS)
            for factor in match.factors:
                assert 0 <= factor.contribution <= FACTORS[factor.name]
            score, parts = match.rounded()
            assert score == round(sum(value for _, value in parts), 4)
            assert abs(score - match.score) < 1e-3


def test_the_score_never_reads_sex_age_or_nationality() -> None:
    rng = random.Random(10)
    base = golden(rng)
    other = {**base, "fields": dict(base["fields"])}
    other["fields"]["sex"] = {"value": "F" if base["fields"]["sex"]["value"] == "M" else "M", "source": 1}
    other["fields"]["birth_date"] = {"value": "1950-12-31", "source": 1}
    other["fields"]["nationality"] = {"value": "BR", "source": 1}
    one, two = profile_of(1, base, True), profile_of(1, other, True)
    assert one == two
    assert not {"sex", "birth_date", "age", "nationality"} & set(vars(one))
    for need_id in range(1, 50):
        terms = terms_of(need(rng, need_id))
        assert explain(terms, one).score == explain(terms, two).score


def test_consent_work_and_language_requirements() -> None:
    rng = random.Random(11)
    record = golden(rng, languages=[{"code": "ja", "level": None, "jlpt": "N2"}, {"code": "vi", "level": "native"}])
    record["fields"]["visa_status"] = {"value": "student", "source": 1}
    person = profile_of(5, record, True)
    ask = SimpleNamespace(**{**vars(need(rng, 1)), "languages": [{"code": "ja", "level": "B2", "jlpt": "N2"}]})
    ask.work_eligible_only = False
    assert passes(terms_of(ask), person)
    ask.languages = [{"code": "ja", "level": "C1", "jlpt": "N1"}]
    assert not passes(terms_of(ask), person)  # N2 is below N1
    ask.languages = [{"code": "vi", "level": "C1", "jlpt": None}, {"code": "ja", "level": None, "jlpt": None}]
    assert passes(terms_of(ask), person)  # native is above C1; any level of Japanese will do
    ask.work_eligible_only = True
    assert not passes(terms_of(ask), person)  # a student may not take the job
    ask.work_eligible_only = False
    assert not passes(terms_of(ask), profile_of(5, record, False))  # no consenting record
    no_matching = {**record, "consent": {"third_party": True, "purposes": [{"value": "advisory", "sources": [1]}]}}
    assert not passes(terms_of(ask), profile_of(5, no_matching, True))  # consented to advice, not to matching


def test_factors_in_numbers_and_words() -> None:
    rng = random.Random(12)
    record = golden(
        rng,
        languages=[{"code": "ja", "level": None, "jlpt": "N1"}, {"code": "vi", "level": "native"}],
        experience=[{"country": "VN", "years": 4.5, "role": "export sales"}],
        skills=[{"value": "Negotiation", "sources": [1]}],
        sectors=[{"value": "sake and beverages", "sources": [1]}],
    )
    record["fields"]["residence_prefecture"] = {"value": "15", "source": 1}
    person = profile_of(3, record, True)
    ask = SimpleNamespace(
        id=9,
        title="ベトナム向け輸出営業担当",
        description="新潟の酒蔵。ベトナムの輸入業者との商談を担当。",
        role="export sales",
        languages=[{"code": "ja", "level": "B2", "jlpt": "N2"}, {"code": "vi", "level": "B2", "jlpt": None}],
        target_markets=["VN"],
        sectors=["sake and beverages"],
        hs_codes=["2206"],
        skills=["export documentation", "negotiation"],
        prefecture="15",
        work_eligible_only=False,
    )
    match = explain(terms_of(ask), person)
    parts = {factor.name: factor for factor in match.factors}
    assert parts["languages"].contribution == pytest.approx(20 * (2 / 3 + 1) / 2)  # N1 over N2, native over B2
    assert parts["market_languages"].contribution == 10
    assert parts["markets"].contribution == pytest.approx(20 * 4.5 / 5)
    assert parts["sectors"].contribution == 15  # sake and beverages, named and by HS 2206
    assert parts["skills"].contribution == pytest.approx(7.5)  # negotiation, whatever its case
    assert parts["role"].contribution == 10
    assert parts["location"].contribution == 5
    assert 0 < parts["text"].contribution < 5
    words = {name: factor_words({"name": name, "detail": f.detail}, "en") for name, f in parts.items()}
    assert words["markets"] == "experience in the target markets: Vietnam (4.5 years)"
    assert words["skills"] == "skills asked for: negotiation"
    assert words["location"] == "place of work: lives in Niigata"
    assert (
        factor_words({"name": "markets", "detail": parts["markets"].detail}, "ja")
        == "目標市場での経験: ベトナム（4.5年）"
    )
    assert factor_words({"name": "location", "detail": parts["location"].detail}, "ja") == "勤務地: 新潟県在住"


def test_text_bits_are_the_same_in_every_process_and_ignore_case_and_spaces() -> None:
    assert text_bits(["Export Sales"]) == text_bits(["exportsales"]) == text_bits(["EXPORT  SALES "])
    assert text_bits(["輸出営業"]) & text_bits(["ベトナム向け輸出営業担当"])
    assert text_bits([None, ""]) == 0


def test_a_golden_record_as_stored_gives_the_profile_it_gives_as_read() -> None:
    """The index reads golden records as stored (registry/golden_form.py, provenance by the
    first source left out) without expanding them: the profile must be the same."""
    rng = random.Random(11)
    for person in range(300):
        sources = [
            {
                "id": person * 10 + number,
                "feed": rng.choice(golden_rules.FEED_TRUST),
                "record_id": f"R{person}-{number}",
                "consent_third_party": rng.random() < 0.8,
                "data": {
                    "source_updated_at": rng.choice((None, "2019-01-01T00:00:00+09:00", "2024-05-01T00:00:00+09:00")),
                    "residence_prefecture": rng.choice((None, "13", "27")),
                    "visa_status": rng.choice((None, "student", "permanent_resident")),
                    "occupation": rng.choice((None, "海外営業", "通訳・翻訳")),
                    "summary": rng.choice((None, "food export to Thailand")),
                    "languages": [{"code": rng.choice(LANGS), "level": rng.choice(("B1", "C2", None))}],
                    "skills": rng.sample(SKILLS, rng.randint(0, 3)),
                    "sectors": rng.sample(SECTOR_WORDS, rng.randint(0, 2)),
                    "desired_prefectures": rng.sample(("01", "13", "15"), rng.randint(0, 2)),
                    "experience": [{"country": rng.choice(COUNTRIES), "years": 2.5, "role": rng.choice(ROLES)}],
                    "consent_purposes": rng.sample(("job_matching", "advisory"), rng.randint(0, 2)),
                },
            }
            for number in range(rng.randint(1, 3))
        ]
        read, stored = golden_rules.build(sources), golden_rules.build_stored(sources)
        assert stored["v"] == golden_form.FORM
        assert profile_of(person, stored, True) == profile_of(person, read, True)
