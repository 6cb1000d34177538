"""Which specialists suit a company: active ones, best first, each score explained.

| factor | at most | what earns it |
|---|---:|---|
| markets | 40 | the share of the markets asked (the company's target markets, or --market) the specialist covers |
| products | 30 | the share of the sectors asked (the company's HS codes or --hs, as sectors) the specialist knows |
| language | 15 | the specialist speaks the language asked (Japanese unless said) |
| availability | 15 | how soon they are free: a free hour within 7 days 15, within 14 days 10, within 28 days 5 |

The contributions add up to the score; ties go to the specialist's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.advisory.models import ACTIVE, Specialist
from talentbridge.advisory.service import slots
from talentbridge.companies.models import Company
from talentbridge.matching.vocabulary import vocabulary

FACTORS = {"markets": 40.0, "products": 30.0, "language": 15.0, "availability": 15.0}
SOON = ((7, 1.0), (14, 2 / 3), (28, 1 / 3))  # free within so many days -> share of the factor


@dataclass
class Recommendation:
    specialist: Specialist
    score: float
    factors: list[dict[str, Any]]  # {"name", "contribution", "detail"}
    first_free: datetime | None


def recommend(
    session: Session,
    company: Company,
    *,
    market: str | None = None,
    hs_code: str | None = None,
    sector: str | None = None,
    language: str = "ja",
    top: int = 10,
    now: datetime | None = None,
) -> list[Recommendation]:
    vocab = vocabulary()
    wanted_markets = vocab.countries([market] if market else list(company.target_markets or ()))
    hs = [hs_code] if hs_code else list(company.hs_codes or ())
    wanted_sectors = vocab.sectors_of_hs(hs) | (vocab.sectors_of_words([sector]) if sector else set())
    now = now or datetime.now(UTC)
    out = []
    for specialist in session.scalars(select(Specialist).where(Specialist.status == ACTIVE).order_by(Specialist.id)):
        covered = sorted(wanted_markets & vocab.countries(specialist.markets or ()))
        known = sorted(wanted_sectors & vocab.sectors_of_words(specialist.sectors or ()))
        speaks = language in (specialist.languages or ())
        first_free = _first_free(session, specialist, now)
        days = (first_free - now).days if first_free else None
        soon = next((share for limit, share in SOON if days is not None and days < limit), 0.0)
        parts: list[tuple[str, float, dict[str, Any]]] = [
            ("markets", len(covered) / len(wanted_markets) if wanted_markets else 0.0, {"markets": covered}),
            ("products", len(known) / len(wanted_sectors) if wanted_sectors else 0.0, {"sectors": known}),
            ("language", 1.0 if speaks else 0.0, {"language": language if speaks else None}),
            ("availability", soon, {"first_free": first_free.isoformat() if first_free else None}),
        ]
        contributions = [round(FACTORS[name] * share, 4) for name, share, _ in parts]
        factors = [
            {"name": name, "contribution": value, "detail": detail}
            for (name, _, detail), value in zip(parts, contributions, strict=True)
        ]
        score = round(sum(contributions), 4)
        out.append(Recommendation(specialist, score, factors, first_free))
    out.sort(key=lambda r: (-r.score, r.specialist.id))
    return out[:top]


def _first_free(session: Session, specialist: Specialist, now: datetime) -> datetime | None:
    found = slots(session, specialist, first=now.date(), days=28, viewer_zone="UTC", minutes=60, now=now)
    return found[0].starts_at if found else None


def recommendation_json(item: Recommendation) -> dict[str, Any]:
    s = item.specialist
    return {
        "specialist_id": s.specialist_key,
        "name": s.name,
        "city": s.city,
        "time_zone": s.time_zone,
        "score": item.score,
        "factors": item.factors,
        "first_free": item.first_free.isoformat() if item.first_free else None,
    }
