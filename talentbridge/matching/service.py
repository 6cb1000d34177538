"""Matching, both ways: the persons who fit a need, best first; the needs that fit a person.

The index of persons is built once per process from the golden records and kept until
they change (a consolidation or an incremental link rebuilds golden records: their count
and newest build time say so). Results carry their explanation: `scoring.explain` on the
golden records of the persons returned, which the index's scores equal.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy.orm import Session

from talentbridge.companies.models import ACTIVE, OPEN, Company, Need
from talentbridge.errors import NotFound
from talentbridge.matching.index import PersonIndex
from talentbridge.matching.scoring import Match, NeedTerms, Profile, explain, passes, profile_of, terms_of
from talentbridge.registry.models import GoldenBuild, GoldenRecord, LinkageRun

DEFAULT_TOP = 20
MAX_TOP = 200


@dataclass
class Result:
    """One ranked match: the person or the need, the score and each factor's part of it."""

    person_id: int
    need_id: int
    need_key: str
    score: float
    factors: list[dict[str, Any]]  # {"name", "contribution", "detail"}; contributions add up to score

    def to_json(self, *, side: str) -> dict[str, Any]:
        head: dict[str, Any] = {"person_id": self.person_id} if side == "person" else {}
        if side == "need":
            head = {"need_id": self.need_key, "need": self.need_id}
        return {**head, "score": self.score, "factors": self.factors}


def _result(match: Match, need: Need) -> Result:
    score, parts = match.rounded()
    factors = [
        {"name": name, "contribution": value, "detail": factor.detail}
        for (name, value), factor in zip(parts, match.factors, strict=True)
    ]
    return Result(match.person_id, need.id, need.need_key, score, factors)


# --- the index ------------------------------------------------------------------------------

_lock = threading.Lock()
_cached: dict[str, Any] = {}


def _generation(session: Session) -> tuple[Any, ...]:
    """What says the golden records changed: the newest rebuild of golden records (a
    primary key probe) and the latest linkage run. A record that left (a person retired,
    consent withdrawn) without either changing is caught when it is met: see `match_need`."""
    newest = session.scalar(select(func.max(GoldenBuild.id)))
    run = session.scalar(select(func.max(LinkageRun.id)))
    return (session.get_bind().engine.url.render_as_string(), str(newest), run)


def load_profiles(session: Session) -> list[Any]:
    """Every offerable person's matching profile, from the golden records."""
    stmt = (
        select(GoldenRecord.person_id, type_coerce(GoldenRecord.data, Text))
        .where(GoldenRecord.offerable.is_(True))
        .execution_options(yield_per=5000)
    )
    return [profile_of(person_id, orjson.loads(data), True) for person_id, data in session.execute(stmt)]


def person_index(session: Session) -> PersonIndex:
    """The index of the golden records as they are now (built again when they changed)."""
    generation = _generation(session)
    with _lock:
        if _cached.get("generation") != generation:
            _cached["index"] = PersonIndex(load_profiles(session))
            _cached["generation"] = generation
        index: PersonIndex = _cached["index"]
    return index


def forget_index() -> None:
    with _lock:
        _cached.clear()


# --- needs -------------------------------------------------------------------------------


def get_need(session: Session, need: str | int) -> Need:
    """A need by its key (N-2018-0042) or its number."""
    found: Need | None
    if isinstance(need, int) or str(need).isdigit():
        found = session.get(Need, int(need))
    else:
        found = session.scalar(select(Need).where(Need.need_key == str(need)))
    if found is None:
        raise NotFound(f"there is no need {need}")
    return found


def is_live(need: Need, today: date | None = None) -> bool:
    today = today or datetime.now(UTC).date()
    return need.status == OPEN and need.expires_on >= today


def company_hs(session: Session, need: Need) -> list[str]:
    company = session.get(Company, need.company_id)
    return list(company.hs_codes or ()) if company else []


def _golden(session: Session, person_ids: list[int]) -> dict[int, tuple[bool, dict[str, Any]]]:
    rows = session.execute(
        select(GoldenRecord.person_id, GoldenRecord.offerable, type_coerce(GoldenRecord.data, Text)).where(
            GoldenRecord.person_id.in_(person_ids)
        )
    )
    return {person_id: (offerable, orjson.loads(data)) for person_id, offerable, data in rows}


def match_need(session: Session, need: str | int, *, top: int = DEFAULT_TOP) -> list[Result]:
    """The persons who fit the need, best first, each with the explanation of its score."""
    found = get_need(session, need)
    terms = terms_of(found, company_hs(session, found))
    for attempt in range(2):
        index = person_index(session)
        ranked = index.top(terms, min(max(top, 1), MAX_TOP))
        golden = _golden(session, [item.person_id for item in ranked])
        matches = []
        for item in ranked:
            offerable, data = golden.get(item.person_id, (False, {}))
            profile = profile_of(item.person_id, data, offerable, text=index.text_of(item.person_id))
            if not profile.offered or not passes(terms, profile):
                break  # the index is older than this golden record: build it again
            match = explain(terms, profile)
            # The index and the definition agree to the last bit (tests/matching hold them to it).
            if match.score != item.score:
                break
            matches.append(match)
        else:
            return [_result(match, found) for match in matches]
        if attempt == 0:
            forget_index()
    raise RuntimeError(f"the person index disagrees with the golden records for need {found.need_key}")


def match_person(session: Session, person_id: int, *, top: int = DEFAULT_TOP) -> list[Result]:
    """The open needs of active companies that the person fits, best first."""
    golden = session.get(GoldenRecord, person_id)
    if golden is None:
        raise NotFound(f"there is no person {person_id} with a golden record")
    profile = profile_of(person_id, golden.data, golden.offerable)
    if not profile.offered:
        return []
    today = datetime.now(UTC).date()
    rows = session.execute(
        select(Need, Company.hs_codes)
        .join(Company, Company.id == Need.company_id)
        .where(Need.status == OPEN, Need.expires_on >= today, Company.status == ACTIVE)
    )
    scored: list[tuple[Match, Need]] = []
    for need, products in rows:
        terms = terms_of(need, products or ())
        if passes(terms, profile):
            scored.append((explain(terms, profile), need))
    scored.sort(key=lambda item: (-item[0].score, item[1].id))
    return [_result(match, need) for match, need in scored[: min(max(top, 1), MAX_TOP)]]


def full_scan(session: Session, need: str | int, *, top: int = DEFAULT_TOP) -> list[Result]:
    """The plainest way to the same answer: every golden record read and scored, one by
    one, with `scoring.explain` (the benchmark's baseline and the tests' oracle)."""
    found = get_need(session, need)
    terms = terms_of(found, company_hs(session, found))
    return [_result(match, found) for match in scan(terms, load_profiles(session), top=top)]


def scan(terms: NeedTerms, profiles: Iterable[Profile], *, top: int = DEFAULT_TOP) -> list[Match]:
    """Score every profile that meets the need's requirements; the best `top`."""
    scored = [explain(terms, profile) for profile in profiles if passes(terms, profile)]
    scored.sort(key=lambda match: (-match.score, match.person_id))
    return scored[:top]
