"""Fair allocation: stable (checked from the definition), within capacities, and the same
as the `matching` package's resident-optimal answer where that applies."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from talentbridge.matching.fairs import FairError, allocate, blocking_pairs, check_capacities, ranking_from_scores


def instance(rng: random.Random, persons: int, companies: int, person_slots: tuple[int, int], choices: int):
    company_keys = [f"C{c}" for c in range(companies)]
    person_prefs = {p: rng.sample(company_keys, min(choices, companies)) for p in range(persons)}
    company_prefs = {}
    for company in company_keys:
        askers = [p for p, prefs in person_prefs.items() if company in prefs]
        rng.shuffle(askers)
        company_prefs[company] = askers[: max(1, int(len(askers) * rng.uniform(0.6, 1.0)))]  # some unacceptable
    person_capacity = {p: rng.randint(*person_slots) for p in range(persons)}
    company_capacity = {c: rng.randint(0, 4) for c in company_keys}
    return person_prefs, company_prefs, person_capacity, company_capacity


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60), st.integers(1, 15))
def test_every_allocation_is_stable_and_within_capacities(seed: int, persons: int, companies: int) -> None:
    rng = random.Random(seed)
    args = instance(rng, persons, companies, (0, 3), rng.randint(1, 6))
    allocation = allocate(*args)
    assert blocking_pairs(allocation, *args) == []
    assert check_capacities(allocation, args[2], args[3]) == []
    for company, person in allocation.pairs():
        assert company in args[0][person]  # acceptable to both
        assert person in args[1][company]


@pytest.mark.filterwarnings(
    "ignore:.*but they did not", "ignore:.*empty preference list"
)  # the package reports what it drops
@pytest.mark.parametrize("seed", range(25))
def test_one_slot_per_person_gives_the_matching_packages_resident_optimal_answer(seed: int) -> None:
    rng = random.Random(seed)
    person_prefs, company_prefs, _, company_capacity = instance(rng, 40, 8, (1, 1), 4)
    company_capacity = {c: max(1, slots) for c, slots in company_capacity.items()}
    ours = allocate(person_prefs, company_prefs, dict.fromkeys(person_prefs, 1), company_capacity)
    game = HospitalResident.create_from_dictionaries(
        {p: prefs for p, prefs in person_prefs.items()}, company_prefs, company_capacity, clean=True
    )
    theirs = game.solve(optimal="resident")
    expected = {str(company): sorted(int(str(r)) for r in residents) for company, residents in theirs.items()}
    assert {company: sorted(persons) for company, persons in ours.by_company.items()} == expected


def test_a_known_fair_by_hand() -> None:
    # Two companies of one slot; Ana and Bo both prefer X; X prefers Bo; Ana then gets Y.
    persons = {"ana": ["X", "Y"], "bo": ["X", "Y"], "cy": ["Y"]}
    companies = {"X": ["bo", "ana"], "Y": ["ana", "cy", "bo"]}
    allocation = allocate(persons, companies, dict.fromkeys(persons, 1), {"X": 1, "Y": 1})
    assert allocation.by_company == {"X": ["bo"], "Y": ["ana"]}
    assert allocation.by_person == {"ana": ["Y"], "bo": ["X"], "cy": []}
    # With two slots each for the persons, Ana meets both companies' remaining slots.
    allocation = allocate(persons, companies, dict.fromkeys(persons, 2), {"X": 2, "Y": 1})
    assert allocation.by_company == {"X": ["bo", "ana"], "Y": ["ana"]}


def test_the_checker_finds_a_blocking_pair() -> None:
    persons = {"ana": ["X", "Y"], "bo": ["X"]}
    companies = {"X": ["ana", "bo"], "Y": ["ana"]}
    good = allocate(persons, companies, {"ana": 1, "bo": 1}, {"X": 1, "Y": 1})
    assert good.by_company == {"X": ["ana"], "Y": []}
    bad = type(good)(by_company={"X": ["bo"], "Y": ["ana"]}, by_person={"ana": ["Y"], "bo": ["X"]})
    assert blocking_pairs(bad, persons, companies, {"ana": 1, "bo": 1}, {"X": 1, "Y": 1}) == [("X", "ana")]


def test_bad_events_are_refused_with_a_reason() -> None:
    with pytest.raises(FairError, match="not at the fair"):
        allocate({"ana": ["Z"]}, {"X": ["ana"]}, {"ana": 1}, {"X": 1})
    with pytest.raises(FairError, match="ranks a person twice"):
        allocate({"ana": ["X"]}, {"X": ["ana", "ana"]}, {"ana": 1}, {"X": 1})
    with pytest.raises(FairError, match="negative capacity"):
        allocate({"ana": ["X"]}, {"X": ["ana"]}, {"ana": -1}, {"X": 1})


def test_ties_are_broken_by_the_seed_and_only_by_it() -> None:
    scores = {f"p{i}": float(i % 3) for i in range(30)}
    one = ranking_from_scores(scores, random.Random(5))
    assert one == ranking_from_scores(scores, random.Random(5))
    assert [scores[key] for key in one] == sorted(scores.values(), reverse=True)
    assert any(ranking_from_scores(scores, random.Random(seed)) != one for seed in range(6, 12))
