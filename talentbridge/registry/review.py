"""The steward's review queue: pairs the model was unsure of, and the decisions on them.

A run queues every pair it scored from `linkage.PREDICT_FLOOR` up to its threshold (the
uncertain band), replacing the pairs still pending from the run before. A steward
confirms (the same person) or rejects (two people). Decisions are never replaced by a
run, and every later run obeys them: confirmed pairs are joined before any link, rejected
pairs are never put in one person however strong the chain between them
(`linkage.cluster`).

A confirmation takes effect at once: the two persons become one (the older keeps its id;
a `merged` event names the steward). A rejection of two records that are one person now
takes effect at the next consolidation, which splits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from talentbridge.db import insert_values, json_text
from talentbridge.errors import Invalid, NotFound
from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import golden, model
from talentbridge.registry.models import (
    CONFIRMED,
    DECISIONS,
    MERGED,
    PENDING,
    REJECTED,
    RETIRED,
    RETIRED_EVENT,
    LinkageRun,
    Person,
    PersonEvent,
    PersonRecord,
    ReviewPair,
)


def decisions(session: Session) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(confirmed pairs, rejected pairs) of source record ids."""
    rows = session.execute(
        select(ReviewPair.record_a, ReviewPair.record_b, ReviewPair.status).where(ReviewPair.status.in_(DECISIONS))
    ).all()
    confirmed = [(a, b) for a, b, status in rows if status == CONFIRMED]
    rejected = [(a, b) for a, b, status in rows if status == REJECTED]
    return confirmed, rejected


def queue(session: Session, run: LinkageRun, uncertain: Sequence[model.Evidence], *, replace: bool = True) -> int:
    """Queue this run's uncertain pairs: in place of the pending ones (a full run), or
    beside them (an incremental run). Decided pairs stay as they are. Returns how many
    pairs were queued."""
    if replace:
        session.execute(delete(ReviewPair).where(ReviewPair.status == PENDING))
    decided = {(a, b) for a, b in session.execute(select(ReviewPair.record_a, ReviewPair.record_b))}
    columns = ("record_a", "record_b", "probability", "evidence", "run_id", "status")
    rows = [
        (pair.record_a, pair.record_b, pair.probability, json_text(pair.as_json()), run.id, PENDING)
        for pair in uncertain
        if (pair.record_a, pair.record_b) not in decided
    ]
    insert_values(session, ReviewPair.__table__, columns, rows)
    return len(rows)


def counts(session: Session) -> dict[str, int]:
    found = dict(session.execute(select(ReviewPair.status, func.count()).group_by(ReviewPair.status)).all())
    return {status: found.get(status, 0) for status in (PENDING, CONFIRMED, REJECTED)}


def listing(session: Session, *, status: str = PENDING, limit: int = 50, offset: int = 0) -> list[ReviewPair]:
    """Pairs of one status: pending ones closest to the threshold first (the hardest
    calls), decided ones latest decision first."""
    if status not in (PENDING, *DECISIONS):
        raise Invalid(f"there is no review status {status!r}; choose pending, confirmed or rejected")
    order = (
        (ReviewPair.probability.desc(), ReviewPair.id)
        if status == PENDING
        else (ReviewPair.decided_at.desc(), ReviewPair.id)
    )
    stmt = select(ReviewPair).where(ReviewPair.status == status).order_by(*order).limit(limit).offset(offset)
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class Weight:
    """One comparison's part in a pair's match weight, in words and bits."""

    comparison: str  # in words: "birth date"
    level: str  # what the two records had: "day and month transposed"
    weight: float  # bits: log2 of the Bayes factor; + for the same person, - against

    @property
    def factor(self) -> float:
        return float(2**self.weight)

    @property
    def words(self) -> str:
        """How much it moved the match weight, in words."""
        size = abs(self.weight)
        if size < 0.5:
            return "made no real difference"
        strength = "slightly" if size < 2 else "moderately" if size < 5 else "strongly"
        way = "for" if self.weight > 0 else "against"
        factor = 2**size
        shown = f"{factor:,.0f}" if factor >= 10 else f"{factor:.1f}"
        return f"{strength} {way} the same person (odds {'×' if self.weight > 0 else '÷'}{shown})"


@dataclass(frozen=True)
class PairView:
    pair: ReviewPair
    left: SourceRecord
    right: SourceRecord
    prior: float
    weights: list[Weight]
    persons: tuple[int | None, int | None]  # each record's person now

    @property
    def match_weight(self) -> float:
        return self.prior + sum(weight.weight for weight in self.weights)

    @property
    def same_person_now(self) -> bool:
        return self.persons[0] is not None and self.persons[0] == self.persons[1]


def _persons_of(session: Session, pair: ReviewPair) -> tuple[int | None, int | None]:
    """The person each record of the pair is in now (None: in none yet)."""
    held = dict(
        session.execute(
            select(PersonRecord.source_record_id, PersonRecord.person_id).where(
                PersonRecord.source_record_id.in_((pair.record_a, pair.record_b))
            )
        ).all()
    )
    return held.get(pair.record_a), held.get(pair.record_b)


def view(session: Session, pair_id: int) -> PairView:
    pair = session.get(ReviewPair, pair_id)
    if pair is None:
        raise NotFound(f"there is no review pair {pair_id}")
    run = session.get(LinkageRun, pair.run_id)
    assert run is not None
    labels = model.level_labels(run.model)
    weights = [
        Weight(model.COMPARISON_WORDS.get(name, name), labels.get(name, {}).get(gamma, str(gamma)), weight)
        for name, gamma, weight in pair.evidence["comparisons"]
    ]
    left, right = session.get(SourceRecord, pair.record_a), session.get(SourceRecord, pair.record_b)
    assert left is not None
    assert right is not None
    persons = _persons_of(session, pair)
    return PairView(
        pair=pair,
        left=left,
        right=right,
        prior=float(pair.evidence["prior"]),
        weights=weights,
        persons=persons,
    )


@dataclass(frozen=True)
class Outcome:
    """What a decision did: `kind` is one of the keys of OUTCOMES; `persons` the person
    ids its words name."""

    kind: str
    persons: tuple[int, ...] = ()

    def __str__(self) -> str:
        return OUTCOMES[self.kind].format(*self.persons)


OUTCOMES = {
    "apart_next_run": "Kept apart. They are one person ({0}) now; the next consolidation splits them.",
    "apart": "Kept apart: no consolidation will put these two records in one person.",
    "confirmed_next_run": "Confirmed: the next consolidation links these two records.",
    "confirmed_already": "Confirmed: both records are already person {0}.",
    "merged": "Confirmed: person {1} merged into person {0}.",
}


def decide(session: Session, pair_id: int, decision: str, *, by: str, note: str | None = None) -> Outcome:
    """Record a steward's decision; returns what it did. A decision can be changed later
    (the newest one counts)."""
    if decision not in DECISIONS:
        raise Invalid(f"a decision is confirmed or rejected, not {decision!r}")
    pair = session.get(ReviewPair, pair_id)
    if pair is None:
        raise NotFound(f"there is no review pair {pair_id}")
    now = datetime.now(UTC)
    pair.status, pair.decided_by, pair.decided_at = decision, by, now
    pair.note = (note or "").strip() or None
    session.flush()
    a, b = _persons_of(session, pair)
    if decision == REJECTED:
        if a is not None and a == b:
            return Outcome("apart_next_run", (a,))
        return Outcome("apart")
    if a is None or b is None:
        return Outcome("confirmed_next_run")
    if a == b:
        return Outcome("confirmed_already", (a,))
    keep, other = min(a, b), max(a, b)  # the older person keeps its id
    _merge(session, keep, other, pair, by, now)
    return Outcome("merged", (keep, other))


def _merge(session: Session, keep: int, other: int, pair: ReviewPair, by: str, now: datetime) -> None:
    run_id = session.scalar(select(func.max(LinkageRun.id)))
    session.execute(update(PersonRecord).where(PersonRecord.person_id == other).values(person_id=keep))
    session.execute(update(Person).where(Person.id == other).values(status=RETIRED, updated_at=now))
    session.execute(update(Person).where(Person.id == keep).values(updated_at=now))
    reason = f"steward {by} confirmed review pair {pair.id}: records {pair.record_a} and {pair.record_b} are one person"
    session.add_all(
        [
            PersonEvent(person_id=keep, kind=MERGED, other_person_id=other, run_id=run_id, reason=reason, at=now),
            PersonEvent(
                person_id=other, kind=RETIRED_EVENT, other_person_id=keep, run_id=run_id, reason=reason, at=now
            ),
        ]
    )
    session.flush()
    golden.refresh(session, [keep, other])


def evidence_json(pair: PairView) -> dict[str, Any]:
    """The evidence as numbers (the API's form)."""
    return {
        "prior": pair.prior,
        "match_weight": round(pair.match_weight, 4),
        "probability": pair.pair.probability,
        "comparisons": [
            {"comparison": w.comparison, "level": w.level, "weight": w.weight, "words": w.words} for w in pair.weights
        ],
    }
