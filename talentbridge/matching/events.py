"""A matching fair as the agency describes it (an event file, the README gives its format),
allocated with `fairs.allocate`, and its result as JSON and CSV.

Where a company gives no ranking, the persons at the fair are ranked by their score for
the company's need (those who fail its hard requirements are not acceptable to it);
where a person gives none, the companies are ranked by the score of each one's need for
that person. Equal scores are ordered by the event's seed (drawn and recorded when the
event gives none), so a run can be repeated exactly.
"""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from sqlalchemy.orm import Session

from talentbridge.errors import Invalid
from talentbridge.matching import fairs
from talentbridge.matching.scoring import explain, passes, profile_of, terms_of
from talentbridge.matching.service import company_hs, get_need
from talentbridge.registry.models import GoldenRecord


class EventError(Invalid):
    """The event file is not one we can allocate; the message says what to fix."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise EventError(message)


def _slots(item: dict[str, Any], who: str) -> int:
    slots = item.get("slots", 1)
    _require(
        isinstance(slots, int) and not isinstance(slots, bool) and slots >= 0,
        f"{who}: slots must be a whole number ≥ 0",
    )
    return int(slots)


def allocate_event(session: Session, event: dict[str, Any]) -> dict[str, Any]:
    """Allocate the fair the event describes; the result as a JSON-ready dict."""
    _require(isinstance(event, dict), "the event must be a JSON object with companies and persons")
    companies = event.get("companies")
    persons = event.get("persons")
    if not (isinstance(companies, list) and companies):
        raise EventError('the event lists no companies ("companies": [...])')
    if not (isinstance(persons, list) and persons):
        raise EventError('the event lists no persons ("persons": [...])')
    seed = event.get("seed")
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    _require(isinstance(seed, int) and not isinstance(seed, bool), "seed must be a whole number")
    rng = random.Random(seed)

    company_ids: list[str] = []
    company_slots: dict[str, int] = {}
    company_need: dict[str, Any] = {}
    for item in companies:
        _require(isinstance(item, dict) and bool(item.get("id")), 'each company needs an "id" (its corporate number)')
        key = str(item["id"])
        _require(key not in company_slots, f"company {key} is listed twice")
        company_ids.append(key)
        company_slots[key] = _slots(item, f"company {key}")
        if item.get("need"):
            company_need[key] = get_need(session, item["need"])
    person_ids: list[int] = []
    person_slots: dict[int, int] = {}
    for item in persons:
        _require(isinstance(item, dict) and isinstance(item.get("id"), int), 'each person needs an "id" (a person id)')
        key = item["id"]
        _require(key not in person_slots, f"person {key} is listed twice")
        person_ids.append(key)
        person_slots[key] = _slots(item, f"person {key}")

    # Scores, only where a side gave no ranking.
    scores: dict[tuple[str, int], float] = {}
    needs_scores = any("ranking" not in item for item in companies) or any("ranking" not in item for item in persons)
    if needs_scores:
        golden = {
            record.person_id: record
            for record in session.query(GoldenRecord).filter(GoldenRecord.person_id.in_(person_ids))
        }
        profiles = {
            pid: profile_of(pid, golden[pid].data, golden[pid].offerable) for pid in person_ids if pid in golden
        }
        for company, need in company_need.items():
            terms = terms_of(need, company_hs(session, need))
            for pid, profile in profiles.items():
                if passes(terms, profile):
                    scores[(company, pid)] = explain(terms, profile).score

    company_prefs: dict[str, list[int]] = {}
    for item in companies:
        key = str(item["id"])
        if "ranking" in item:
            ranking = item["ranking"]
            _require(isinstance(ranking, list), f"company {key}: ranking must be a list of person ids")
            company_prefs[key] = [int(p) for p in ranking]
        else:
            _require(key in company_need, f"company {key} gives neither a ranking nor a need to rank persons by")
            company_prefs[key] = fairs.ranking_from_scores(
                {pid: scores[(key, pid)] for pid in person_ids if (key, pid) in scores}, rng
            )
    person_prefs: dict[int, list[str]] = {}
    for item in persons:
        key = item["id"]
        if "ranking" in item:
            ranking = item["ranking"]
            _require(isinstance(ranking, list), f"person {key}: ranking must be a list of corporate numbers")
            person_prefs[key] = [str(c) for c in ranking]
        else:
            person_prefs[key] = fairs.ranking_from_scores(
                {c: scores[(c, key)] for c in company_ids if (c, key) in scores}, rng
            )
    try:
        allocation = fairs.allocate(person_prefs, company_prefs, person_slots, company_slots)
    except fairs.FairError as exc:
        raise EventError(str(exc)) from None
    blocking = fairs.blocking_pairs(allocation, person_prefs, company_prefs, person_slots, company_slots)
    company_rank = {c: {p: i + 1 for i, p in enumerate(prefs)} for c, prefs in company_prefs.items()}
    person_rank = {p: {c: i + 1 for i, c in enumerate(prefs)} for p, prefs in person_prefs.items()}
    pairs = [
        {
            "company": company,
            "person": person,
            "company_rank": company_rank[company][person],
            "person_rank": person_rank[person][company],
            "score": scores.get((company, person)),
        }
        for company, person in sorted(allocation.pairs(), key=lambda pair: (company_ids.index(pair[0]), pair[1]))
    ]
    return {
        "event": event.get("name"),
        "seed": seed,
        "pairs": pairs,
        "meetings": len(pairs),
        "company_slots": sum(company_slots.values()),
        "person_slots": sum(person_slots.values()),
        "companies_unfilled": sorted(c for c, ps in allocation.by_company.items() if len(ps) < company_slots[c]),
        "persons_unmatched": sorted(p for p, cs in allocation.by_person.items() if not cs and person_slots[p]),
        "stable": not blocking,
        "blocking_pairs": len(blocking),
    }


def result_csv(result: dict[str, Any]) -> str:
    """The allocation as CSV: company,person,company_rank,person_rank,score."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("company", "person", "company_rank", "person_rank", "score"))
    for pair in result["pairs"]:
        score = pair["score"]
        writer.writerow(
            (
                pair["company"],
                pair["person"],
                pair["company_rank"],
                pair["person_rank"],
                "" if score is None else f"{score:.4f}",
            )
        )
    return out.getvalue()
