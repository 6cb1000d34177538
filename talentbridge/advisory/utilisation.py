"""Utilisation: hours of talks booked against the hours specialists offer, per specialist
and per market, over a stretch of days (the administrator's chart).

Offered: the weekly hours and date overrides inside the stretch, as real time. Booked: the
talks that hold time or were held (confirmed, moved, completed, missed), not the
cancelled or declined ones. A specialist who serves several markets counts in each, so
the markets' figures do not add up to the total.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.advisory.models import (
    ACTIVE,
    COMPLETED,
    CONFIRMED,
    NO_SHOW,
    REQUESTED,
    RESCHEDULED,
    Specialist,
    Talk,
)
from talentbridge.advisory.service import DAYS_RANGE, hours_of
from talentbridge.advisory.slots import Rules, day_range, offered_time
from talentbridge.db import as_utc
from talentbridge.errors import Invalid, message

BOOKED_STATES = (REQUESTED, CONFIRMED, RESCHEDULED, COMPLETED, NO_SHOW)
MAX_DAYS = 366


@dataclass
class Line:
    key: str  # the specialist's id, or the market's code
    name: str
    offered_hours: float = 0.0
    booked_hours: float = 0.0
    talks: int = 0
    markets: list[str] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Booked over offered (None when nothing was offered)."""
        return self.booked_hours / self.offered_hours if self.offered_hours else None

    def json(self) -> dict[str, Any]:
        share = self.share
        return {
            "key": self.key,
            "name": self.name,
            "offered_hours": round(self.offered_hours, 2),
            "booked_hours": round(self.booked_hours, 2),
            "talks": self.talks,
            "utilisation": None if share is None else round(share, 4),
        }


@dataclass
class Utilisation:
    first: date
    days: int
    specialists: list[Line]
    markets: list[Line]
    total: Line

    def json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(),
            "days": self.days,
            "total": self.total.json(),
            "specialists": [{**line.json(), "markets": line.markets} for line in self.specialists],
            "markets": [line.json() for line in self.markets],
        }


def utilisation(session: Session, *, first: date, days: int, zone: str = "Asia/Tokyo") -> Utilisation:
    """Offered and booked hours of every active specialist (and of any other with talks in
    the stretch) over `days` days from `first` (days of `zone`, Japan by default)."""
    if not 1 <= days <= MAX_DAYS:
        raise Invalid(message(DAYS_RANGE, most=MAX_DAYS))
    start, end = day_range(first, days, zone)
    booked: dict[int, list[float]] = {}
    for specialist_id, starts_at, ends_at in session.execute(
        select(Talk.specialist_id, Talk.starts_at, Talk.ends_at).where(
            Talk.status.in_(BOOKED_STATES), Talk.starts_at < end, Talk.ends_at > start
        )
    ):
        hours = (min(as_utc(ends_at), end) - max(as_utc(starts_at), start)).total_seconds() / 3600
        booked.setdefault(specialist_id, []).append(hours)
    specialists = list(
        session.scalars(
            select(Specialist)
            .where((Specialist.status == ACTIVE) | Specialist.id.in_(list(booked)))
            .order_by(Specialist.specialist_key)
        )
    )
    week, overrides = hours_of(session, [s.id for s in specialists])
    lines: list[Line] = []
    markets: dict[str, Line] = {}
    total = Line("total", "total")
    for specialist in specialists:
        rules = Rules(
            zone=specialist.time_zone,
            week=week.get(specialist.id, {}),
            overrides=overrides.get(specialist.id, {}),
        )
        offered = offered_time(rules, start=start, end=end) if specialist.status == ACTIVE else timedelta()
        line = Line(
            specialist.specialist_key,
            specialist.name,
            offered_hours=offered.total_seconds() / 3600,
            booked_hours=sum(booked.get(specialist.id, [])),
            talks=len(booked.get(specialist.id, [])),
            markets=list(specialist.markets or []),
        )
        lines.append(line)
        for code in line.markets or ["—"]:
            market = markets.setdefault(code, Line(code, code))
            _add(market, line)
        _add(total, line)
    return Utilisation(
        first=first,
        days=days,
        specialists=lines,
        markets=sorted(markets.values(), key=lambda m: (-m.booked_hours, m.key)),
        total=total,
    )


def scale(lines: list[Line]) -> float:
    """The most hours offered or booked in these lines (at least 1): a chart's full width."""
    return max([1.0, *(line.offered_hours for line in lines), *(line.booked_hours for line in lines)])


def _add(into: Line, line: Line) -> None:
    into.offered_hours += line.offered_hours
    into.booked_hours += line.booked_hours
    into.talks += line.talks
