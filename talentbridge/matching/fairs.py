"""Matching fairs: who meets whom, stable and within every capacity.

At a JETRO matching fair each company has a few interview slots and each person can
meet a few companies. Given both sides' ranked preferences, `allocate` finds a pairwise
stable allocation: no company and person, not meeting, who would both rather meet each
other than someone they got (or who have a free slot). It is deferred acceptance with
the persons proposing (Roth 1984: for many-to-many with responsive preferences it ends
in the person-optimal pairwise stable allocation): every person asks their best
companies not yet asked while they have free slots; each company keeps the best it has
been asked by, up to its slots, and turns the rest away. A heap per company keeps its
worst kept person on top, so the whole run is O(proposals × log slots).

Where a side gave no ranking, the other's match scores stand in (see `preferences`):
the company ranks the persons by their score for its need, the person ranks the
companies by the same scores. Ties (equal scores) are broken by a seeded shuffle: the
seed is recorded with the result, so the same event and seed give the same allocation.

`DOMAIN.md` has the measurements that chose this over the `matching` package: the
package took about a minute to set up a fair of 20,000 persons and 2,000 companies, and
recursed too deep on smaller ones; the package is the tests' oracle on small fairs.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Key = Any  # a corporate number, a person id: anything hashable


@dataclass
class Allocation:
    """Who meets whom: company -> persons and person -> companies, best first."""

    by_company: dict[Key, list[Key]]
    by_person: dict[Key, list[Key]]
    seed: int | None = None
    proposals: int = 0
    notes: list[str] = field(default_factory=list)

    def pairs(self) -> list[tuple[Key, Key]]:
        return [(company, person) for company, persons in self.by_company.items() for person in persons]


class FairError(ValueError):
    """An event that cannot be allocated as given (the message says what to fix)."""


def allocate(
    person_prefs: Mapping[Key, Sequence[Key]],
    company_prefs: Mapping[Key, Sequence[Key]],
    person_capacity: Mapping[Key, int],
    company_capacity: Mapping[Key, int],
) -> Allocation:
    """The person-optimal pairwise stable allocation. A pair is acceptable when each names
    the other in its preferences; names that are not participants are an error."""
    for person, prefs in person_prefs.items():
        unknown = [company for company in prefs if company not in company_prefs]
        if unknown:
            raise FairError(f"person {person} ranks companies that are not at the fair: {unknown[:5]}")
        if len(set(prefs)) != len(prefs):
            raise FairError(f"person {person} ranks a company twice")
    for company, prefs in company_prefs.items():
        unknown = [person for person in prefs if person not in person_prefs]
        if unknown:
            raise FairError(f"company {company} ranks persons who are not at the fair: {unknown[:5]}")
        if len(set(prefs)) != len(prefs):
            raise FairError(f"company {company} ranks a person twice")
    for side, capacities, members in (
        ("person", person_capacity, person_prefs),
        ("company", company_capacity, company_prefs),
    ):
        for key in members:
            if capacities.get(key, 0) < 0:
                raise FairError(f"{side} {key} has a negative capacity")

    # A company's rank of each person it accepts: lower is better.
    rank = {company: {person: i for i, person in enumerate(prefs)} for company, prefs in company_prefs.items()}
    kept: dict[Key, list[tuple[int, Key]]] = {company: [] for company in company_prefs}  # max-heap by rank (negated)
    next_choice = dict.fromkeys(person_prefs, 0)
    held = dict.fromkeys(person_prefs, 0)
    todo = [person for person in person_prefs if person_capacity.get(person, 0) > 0]
    proposals = 0
    while todo:
        person = todo.pop()
        prefs = person_prefs[person]
        capacity = person_capacity.get(person, 0)
        while held[person] < capacity and next_choice[person] < len(prefs):
            company = prefs[next_choice[person]]
            next_choice[person] += 1
            proposals += 1
            position = rank[company].get(person)
            slots = company_capacity.get(company, 0)
            if position is None or slots == 0:
                continue  # not acceptable to the company
            heap = kept[company]
            if len(heap) < slots:
                heapq.heappush(heap, (-position, person))
                held[person] += 1
            elif -heap[0][0] > position:  # the company likes this person more than its worst
                _, dropped = heapq.heapreplace(heap, (-position, person))
                held[person] += 1
                held[dropped] -= 1
                todo.append(dropped)
    by_company = {company: [person for _, person in sorted(heap, reverse=True)] for company, heap in kept.items()}
    person_rank = {person: {company: i for i, company in enumerate(prefs)} for person, prefs in person_prefs.items()}
    by_person: dict[Key, list[Key]] = {person: [] for person in person_prefs}
    for company, persons in by_company.items():
        for person in persons:
            by_person[person].append(company)
    for person, companies in by_person.items():
        companies.sort(key=person_rank[person].__getitem__)
    return Allocation(by_company=by_company, by_person=by_person, proposals=proposals)


def blocking_pairs(
    allocation: Allocation,
    person_prefs: Mapping[Key, Sequence[Key]],
    company_prefs: Mapping[Key, Sequence[Key]],
    person_capacity: Mapping[Key, int],
    company_capacity: Mapping[Key, int],
) -> list[tuple[Key, Key]]:
    """The pairs that would both rather meet than keep what they got: none in a stable
    allocation. Written from the definition, independently of `allocate`."""
    person_rank = {p: {c: i for i, c in enumerate(prefs)} for p, prefs in person_prefs.items()}
    company_rank = {c: {p: i for i, p in enumerate(prefs)} for c, prefs in company_prefs.items()}
    met = set(allocation.pairs())
    found = []
    for person, prefs in person_prefs.items():
        mine = allocation.by_person.get(person, [])
        person_wants = len(mine) < person_capacity.get(person, 0)
        worst_mine = max((person_rank[person][c] for c in mine), default=-1)
        for company in prefs:
            if (company, person) in met or person not in company_rank[company]:
                continue
            theirs = allocation.by_company.get(company, [])
            company_wants = len(theirs) < company_capacity.get(company, 0)
            worst_theirs = max((company_rank[company][p] for p in theirs), default=-1)
            person_better = person_wants or person_rank[person][company] < worst_mine
            company_better = company_wants or company_rank[company][person] < worst_theirs
            if person_better and company_better:
                found.append((company, person))
    return found


def check_capacities(
    allocation: Allocation, person_capacity: Mapping[Key, int], company_capacity: Mapping[Key, int]
) -> list[str]:
    problems = []
    for company, persons in allocation.by_company.items():
        if len(persons) > company_capacity.get(company, 0):
            problems.append(f"company {company} meets {len(persons)} with {company_capacity.get(company, 0)} slots")
    for person, companies in allocation.by_person.items():
        if len(companies) > person_capacity.get(person, 0):
            problems.append(f"person {person} meets {len(companies)} with {person_capacity.get(person, 0)} slots")
    return problems


def ranking_from_scores(scores: Mapping[Key, float], rng: random.Random) -> list[Key]:
    """Best score first; equal scores in an order drawn from `rng` (the fair's seed)."""
    keys = list(scores)
    rng.shuffle(keys)
    return sorted(keys, key=lambda key: -scores[key])  # stable: the shuffle decides ties
