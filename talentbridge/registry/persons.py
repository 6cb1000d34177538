"""Stable person ids: a new clustering is laid over the persons of the last one.

Each person of the last run goes to the new group holding most of its records (ties: the
group with the lower first record), each group keeps at most one person, and the older
person wins a group two persons both held most of. A group that keeps no person makes a
new one. Everything else that moved is recorded with its reason:

- records of person Q that joined person P: a `merged` event on P (Q named), with the
  strongest link that joined them;
- a new person made of records that belonged to Q: a `split` event on the new person;
- a person left with no records: a `retired` event, naming the person most of its
  records went to.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime
from typing import Any, NamedTuple

import numpy as np
from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session

from talentbridge.db import batched, indexes_made_after, insert_rows, insert_values, stored_value
from talentbridge.registry.linkage import Linked
from talentbridge.registry.models import (
    ACTIVE,
    MERGED,
    RETIRED,
    RETIRED_EVENT,
    SPLIT,
    LinkageRun,
    Person,
    PersonEvent,
    PersonRecord,
)


def _neighbours(links: Sequence[tuple[int, int, float]]) -> dict[int, list[tuple[int, float]]]:
    by_record: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for a, b, p in links:
        by_record[a].append((b, p))
        by_record[b].append((a, p))
    return by_record


class Assigned(NamedTuple):
    changed: set[int]  # the persons whose records changed or who were retired
    persons: list[int]  # the person of each cluster, in the clusters' order


def assign(
    session: Session,
    run: LinkageRun,
    linked: Linked,
    names: Callable[[], Mapping[int, str]],
    scope: Collection[int] | None = None,
) -> Assigned:
    """Store `linked.clusters` as persons, keeping ids; `names()` gives each record id its
    `feed/record_id` for the reasons (asked for only when a merge needs a reason).
    `scope`: the records the clusters were made from, when they are not the whole
    register (an incremental run); persons outside it are left alone."""
    now = datetime.now(UTC)
    pairs = select(PersonRecord.source_record_id, PersonRecord.person_id)
    if scope is None:
        current: dict[int, int] = dict(session.execute(pairs).all())
    else:
        current = {}
        for batch in batched(sorted(scope)):
            current.update(session.execute(pairs.where(PersonRecord.source_record_id.in_(batch))).all())
    # A first run has no persons yet: one empty count serves every cluster (read only).
    nobody: Counter[int] = Counter()
    holders: list[Counter[int]] = (
        [Counter(current[r] for r in members if r in current) for members in linked.clusters]
        if current
        else [nobody] * len(linked.clusters)
    )
    candidates = sorted(
        ((count, person, index) for index, held in enumerate(holders) for person, count in held.items()),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    kept: dict[int, int] = {}  # cluster index -> person id
    placed: set[int] = set()
    for _, person, index in candidates:
        if person not in placed and index not in kept:
            kept[index] = person
            placed.add(person)
    links: dict[int, list[tuple[int, float]]] | None = None  # built when a merge needs its reason
    events: list[dict[str, Any]] = []

    def why(members: Sequence[int], others: set[int]) -> str:
        """The strongest link between a group's records and `others`."""
        nonlocal links
        if links is None:
            links = _neighbours(linked.links)
        best: tuple[float, int, int] | None = None
        for record in members:
            for other, p in links.get(record, ()):
                if other in others and (best is None or p > best[0]):
                    best = (p, record, other)
        if best is None:
            return f"linkage run {run.id} placed the records together"
        p, a, b = best
        named = names()
        return f"linkage run {run.id}: {named.get(a, a)} and {named.get(b, b)} linked at match probability {p:.3f}"

    by_person: dict[int, set[int]] = defaultdict(set)
    for record, person in current.items():
        by_person[person].add(record)

    fresh = [index for index in range(len(linked.clusters)) if index not in kept]
    if fresh:
        ids = _new_ids(session, len(fresh))
        kept.update(zip(fresh, ids, strict=True))
        _insert_persons(session, ids, run, now)

    survivors = set(kept.values())
    created = 0
    for index, members in enumerate(linked.clusters):
        person = kept[index]
        held = holders[index]
        if person not in held:  # a new person
            origin = held.most_common(1)[0][0] if held else None
            if origin is None:
                created += 1  # no event: the person's created_by_run_id says it (a million rows saved)
            else:
                reason = f"linkage run {run.id} split these records off person {origin}"
                events.append(_event(person, SPLIT, origin, run, reason, now))
        for other in held:
            if other != person:
                events.append(_event(person, MERGED, other, run, why(members, by_person[other]), now))
    retired = [person for person in by_person if person not in survivors]
    # Where each record went, made only when a person retires (never in a first run: a
    # dict of every record saved).
    cluster_of = (
        {record: index for index, members in enumerate(linked.clusters) for record in members} if retired else {}
    )
    for person in retired:
        went = Counter(kept[cluster_of[r]] for r in by_person[person] if r in cluster_of)
        target = went.most_common(1)[0][0] if went else None
        reason = f"linkage run {run.id} found none of its records apart from other persons"
        events.append(_event(person, RETIRED_EVENT, target, run, reason, now))
    for batch in batched(retired):  # IN lists kept under the databases' parameter limits
        session.execute(
            update(Person).where(Person.id.in_(batch)).values(status=RETIRED, updated_at=now, last_run_id=run.id)
        )
    if scope is None:
        # The persons this run made carry its id already: a first run rewrote them all.
        still = (Person.status == ACTIVE) & (Person.last_run_id != run.id)
        session.execute(update(Person).where(still).values(last_run_id=run.id, updated_at=now))
    else:
        for batch in batched(sorted(survivors)):
            session.execute(update(Person).where(Person.id.in_(batch)).values(last_run_id=run.id, updated_at=now))

    run_id = run.id
    new_records: list[int] = []
    new_persons: list[int] = []
    moved: list[dict[str, int]] = []
    for index, members in enumerate(linked.clusters):
        person = kept[index]
        for record in members:
            before = current.get(record)
            if before is None:
                new_records.append(record)
                new_persons.append(person)
            elif before != person:
                moved.append({"record": record, "person": person, "run": run_id})
    rows = _by_record(new_records, new_persons, run_id)
    # A first run fills the empty table (a full run found no links at all): indexed after,
    # in one sort (`indexes_made_after`).
    first_run = scope is None and not current
    with indexes_made_after(session, PersonRecord.__table__) if first_run and rows else nullcontext():
        insert_rows(session, PersonRecord.__table__, PERSON_RECORD_COLUMNS, rows)
    if moved:
        session.connection().execute(
            update(PersonRecord)
            .where(PersonRecord.source_record_id == bindparam("record"))
            .values(person_id=bindparam("person"), run_id=bindparam("run")),
            moved,
        )
    if events:
        columns = ("person_id", "kind", "other_person_id", "run_id", "reason", "at")
        insert_values(session, PersonEvent.__table__, columns, [[e[k] for k in columns] for e in events])
    run.persons = len(linked.clusters)
    run.created = created + sum(1 for e in events if e["kind"] == SPLIT)
    run.merged = sum(1 for e in events if e["kind"] == MERGED)
    run.split = sum(1 for e in events if e["kind"] == SPLIT)
    run.retired = len(retired)
    if by_person:
        changed = {
            kept[index] for index, members in enumerate(linked.clusters) if set(members) != by_person.get(kept[index])
        }
    else:  # a first run: every person is new
        changed = set(kept.values())
    return Assigned(changed | set(retired), [kept[index] for index in range(len(linked.clusters))])


PERSON_RECORD_COLUMNS = ("source_record_id", "person_id", "run_id")


def _by_record(records: list[int], persons: list[int], run_id: int) -> list[tuple[int, int, int]]:
    """Rows of person_records in the order of their source records. Each row's foreign key
    then finds its source record beside the last one's; in the clusters' order, the checks
    read the register's pages all over (a million records' links: 8 s, sorted 5 s)."""
    record_ids = np.array(records, dtype=np.int64)
    order = np.argsort(record_ids, kind="stable")
    person_ids = np.array(persons, dtype=np.int64)[order]
    return list(zip(record_ids[order].tolist(), person_ids.tolist(), itertools.repeat(run_id)))


_SERIES = text(
    "WITH RECURSIVE new(id) AS (SELECT :first UNION ALL SELECT id + 1 FROM new WHERE id < :last) "
    "INSERT INTO persons (id, status, created_by_run_id, last_run_id, created_at, updated_at) "
    "SELECT id, :status, :run, :run, :at, :at FROM new"
)


def _insert_persons(session: Session, ids: Sequence[int], run: LinkageRun, now: datetime) -> None:
    """New active persons of `ids`. On SQLite, a run of ids (`_new_ids`) is written by the
    database itself, a row per id of a series: a third of the time of sending a million
    rows. PostgreSQL's ids come from its sequence, and COPY sends them fast."""
    if isinstance(ids, range) and ids.step == 1 and ids and session.get_bind().dialect.name == "sqlite":
        at = stored_value(session, Person.__table__, "created_at", now)
        values = {"first": ids[0], "last": ids[-1], "status": ACTIVE, "run": run.id, "at": at}
        session.execute(_SERIES, values)
        return
    columns = ("id", "status", "created_by_run_id", "last_run_id", "created_at", "updated_at")
    insert_values(session, Person.__table__, columns, [(i, ACTIVE, run.id, run.id, now, now) for i in ids])


def _new_ids(session: Session, count: int) -> Sequence[int]:
    """Ids for `count` new persons, so that they can be written in bulk (the ORM's unit of
    work took half a minute for a hundred thousand): from the id sequence on PostgreSQL,
    in one round trip; after the highest id on SQLite, whose write lock this transaction
    already holds (it has written the run)."""
    if session.get_bind().dialect.name == "postgresql":
        sequence = text("SELECT nextval(pg_get_serial_sequence('persons', 'id')) FROM generate_series(1, :n)")
        return [row[0] for row in session.execute(sequence, {"n": count})]
    start = (session.scalar(select(func.max(Person.id))) or 0) + 1
    return range(start, start + count)


def _event(person: int, kind: str, other: int | None, run: LinkageRun, reason: str, at: datetime) -> dict[str, Any]:
    return {"person_id": person, "kind": kind, "other_person_id": other, "run_id": run.id, "reason": reason, "at": at}
