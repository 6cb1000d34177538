"""Consolidating the register into persons, and reading the links back.

`consolidate` runs in the caller's transaction (the CLI commits): a run that fails
leaves the persons as they were.
"""

from __future__ import annotations

import csv
import gc
import math
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.db import (
    batched,
    driver_column,
    driver_rows,
    foreign_keys_unchecked,
    large_page_cache,
    wal_written_back,
)
from talentbridge.errors import Invalid, NotFound
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry import engines, features, golden, keys, linkage, model, persons, reading, review
from talentbridge.registry.models import GoldenRecord, LinkageRun, Person, PersonEvent, PersonRecord
from talentbridge.workers import Pool, collector_paused

# The source record columns the linkage reads (features.SOURCE_COLUMNS, as columns).
_COLUMNS = tuple(getattr(SourceRecord, name) for name in features.SOURCE_COLUMNS)


class LinkageError(Invalid):
    """The consolidation cannot run as asked; the message says what to do."""


def linkage_rows(session: Session) -> list[dict[str, Any]]:
    """The active source records as rows, as `linkage.linkage_table` reads them (the
    benchmark's bare Splink and the tests; a consolidation reads the register through
    `registry.reading`, column by column, in two processes). Straight through the
    driver, without SQLAlchemy's per-row work (half the time of reading a million): the
    birth date comes as the database gives it (ISO text on SQLite, a date on PostgreSQL),
    and the keys read it as text either way."""
    stmt = select(*_COLUMNS).where(SourceRecord.status == ACTIVE).order_by(SourceRecord.id)
    names = [column.key for column in _COLUMNS]
    return [dict(zip(names, row, strict=True)) for row in driver_rows(session, stmt)]


def consolidate(
    session: Session,
    *,
    engine: str = "duckdb",
    threshold: float = linkage.THRESHOLD,
    started_by: str | None = None,
    progress: linkage.Progress | None = None,
) -> LinkageRun:
    """Link every active source record into persons, keeping person ids (see persons.py).

    On SQLite, when this starts the session's transaction, the transaction checks no
    foreign keys (`db.foreign_keys_unchecked`): every key the run writes it read from the
    register or made itself, in this transaction. The caller commits soon after, writing
    little else."""
    if engine not in engines.ENGINES:
        raise LinkageError(f"there is no linkage engine {engine!r}; choose one of {', '.join(engines.ENGINES)}")
    if not 0.5 <= threshold < 1:
        raise LinkageError(f"the threshold is a match probability from 0.5 up to (not including) 1, not {threshold}")
    foreign_keys_unchecked(session)
    keys.prune(session, latest_run(session))
    if progress:
        progress("reading the register")
    with ExitStack() as stack, _frozen_heap():
        clock = time.perf_counter()
        reader = stack.enter_context(reading.Reader(session))
        if not reader.count:
            raise LinkageError("there are no active source records to consolidate: import the agencies' feeds first")
        # The golden records' workers start now too, before this process holds the
        # register (see golden.workers_for); started later from a forkserver, they slowed
        # whatever ran meanwhile by a third of a second.
        pool = golden.workers_for(reader.count)
        if pool is not None:
            stack.enter_context(pool).start()
        register = reader.read()
        keyed = time.perf_counter() - clock
        # The keys go to their file while Splink trains (`keys.Writer`).
        writer = stack.enter_context(keys.Writer(register.table))
        return _consolidate(
            session,
            register,
            url=reader.url,
            keyed=keyed,
            engine=engine,
            threshold=threshold,
            started_by=started_by,
            progress=progress,
            pool=pool,
            writer=writer,
        )


# SQLite's page cache while persons and their links are written (their indexes are
# updated out of order). The golden records, written in order, go with the usual cache,
# which sends the pages of both on to the WAL as the work goes (`wal_written_back`).
CONSOLIDATION_CACHE_MIB = 512


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """No cyclic garbage collection while the work runs: what exists when it starts (the
    imported modules, Splink's and DuckDB's among them) is frozen away from the collector,
    and the collector is paused until the end. A run makes millions of objects that stay
    (the links, a list per cluster, the rows written), and each automatic full collection
    walked all of them again for nothing: half the time of clustering a million records.
    Objects dropped meanwhile are freed by reference counting as ever; `_store` collects
    once, where the big tables are let go; the rest comes back under the collector at the
    end."""
    gc.collect()
    gc.freeze()
    try:
        with collector_paused():
            yield
    finally:
        gc.unfreeze()


def _consolidate(
    session: Session,
    register: reading.Register,
    *,
    url: str | None,
    keyed: float,
    engine: str,
    threshold: float,
    started_by: str | None,
    progress: linkage.Progress | None,
    pool: Pool | None,
    writer: keys.Writer,
) -> LinkageRun:
    started = datetime.now(UTC)
    must_link, cannot_link = review.decisions(session)
    linked = linkage.link(
        register.table,
        register.readings,
        threshold=threshold,
        progress=progress,
        must_link=must_link,
        cannot_link=cannot_link,
        engine=engine,
    )
    run = LinkageRun(
        kind="full",
        engine=engine,
        started_at=started,
        started_by=started_by,
        threshold=threshold,
        records=register.table.num_rows,
        pairs=linked.pairs,
        links=len(linked.links),
        model=linked.model,
        readings=linked.readings,
        seconds={key: round(value, 3) for key, value in {"keys": keyed, **linked.seconds}.items()},
    )
    session.add(run)
    session.flush()
    with wal_written_back(session):
        _store(session, run, linked, pool, url, progress, writer)
    run.finished_at = datetime.now(UTC)
    session.flush()
    return run


def _store(
    session: Session,
    run: LinkageRun,
    linked: linkage.Linked,
    pool: Pool | None,
    url: str | None,
    progress: linkage.Progress | None,
    writer: keys.Writer,
) -> None:
    """Persons, the review queue and golden records of a full run (from here on, the
    memory DuckDB held is free: SQLite's page cache may take some)."""
    if progress:
        progress("storing persons")
    # The golden records are built from the clusters in the workers meanwhile (they need
    # the records, not the persons' ids).
    prebuilt = golden.build_ahead(linked.clusters, pool, url)
    table = linked.table
    assert table is not None
    with large_page_cache(session, CONSOLIDATION_CACHE_MIB):
        assigned = persons.assign(session, run, linked, _names_of(table))
    writer.finish(run)  # long since written: it started as the training did
    # What the golden records do not need goes before they are built.
    del table
    linked.table = None
    linked.clusters = []
    gc.collect()
    if progress:
        progress("queueing pairs for review")
    review.queue(session, run, linked.uncertain)
    if progress:
        progress("building golden records")
    golden.refresh(session, prebuilt=(prebuilt, assigned.persons) if prebuilt is not None else None)


def _names_of(table: pa.Table) -> Callable[[], dict[int, str]]:
    """Each record's `feed/record_id` (from the linkage table), made when first asked for
    (a first run never asks: a million strings saved)."""
    made: dict[int, str] = {}

    def names() -> dict[int, str]:
        if not made:
            ids, feeds, record_ids = (table.column(name).to_pylist() for name in ("unique_id", "feed", "record_id"))
            made.update((i, f"{feed}/{record_id}") for i, feed, record_id in zip(ids, feeds, record_ids, strict=True))
        return made

    return names


def _rows_of(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for batch in batched(sorted(ids)):
        stmt = select(*_COLUMNS).where(SourceRecord.id.in_(batch))
        found += [row._asdict() for row in session.execute(stmt)]
    return found


def link_new(
    session: Session,
    *,
    started_by: str | None = None,
    progress: linkage.Progress | None = None,
) -> LinkageRun | None:
    """Incremental linking: the active records that belong to no person yet (a new
    import's) are scored against the linked ones and among themselves with the last run's
    model, and joined to persons or made new ones; nothing else is re-scored. Persons
    whose records changed or were withdrawn since the last run get their golden records
    rebuilt. Decisions of stewards are obeyed as in a full run. Returns the run, or None
    when there was nothing new to link (golden records are refreshed all the same).

    Records whose content changed keep their person until the next full consolidation
    (their keys are renewed for the pairs to come)."""
    say = progress or (lambda _: None)
    base = latest_run(session)
    if base is None:
        raise LinkageError("no consolidation has run yet: run `talentbridge consolidate` first")
    keys.prune(session, base)
    started = datetime.now(UTC)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    say("finding new and changed records")
    linked_active = set(
        driver_column(
            session,
            select(PersonRecord.source_record_id)
            .join(SourceRecord, SourceRecord.id == PersonRecord.source_record_id)
            .where(SourceRecord.status == ACTIVE),
        )
    )
    new_rows = [
        row._asdict()
        for row in session.execute(
            select(*_COLUMNS)
            .outerjoin(PersonRecord, PersonRecord.source_record_id == SourceRecord.id)
            .where(SourceRecord.status == ACTIVE, PersonRecord.person_id.is_(None))
            .order_by(SourceRecord.id)
        )
    ]
    # The register's records in their own order, then their links by key: joined from
    # the links, SQLite read the register's pages in the persons' order (3 s against 1
    # for a million records).
    since = select(SourceRecord.id).where(SourceRecord.updated_at > base.started_at)
    changed = dict(
        session.execute(
            select(PersonRecord.source_record_id, PersonRecord.person_id).where(
                PersonRecord.source_record_id.in_(since)
            )
        ).all()
    )
    if not new_rows:
        golden.refresh(session, set(changed.values()))
        return None
    readings = features.ReadingTable(base.readings)
    say("reading the linkage keys of the register")
    existing = keys.load(base)
    if existing is None:
        say("rebuilding the linkage keys of the register (their cache is missing)")
        existing = linkage.linkage_table(_rows_of(session, sorted(linked_active)), readings)
    else:
        renewed = [i for i in changed if i in linked_active]
        existing = keys.without(existing, keep=linked_active, drop=set(changed))
        if renewed:
            existing = pa.concat_tables([existing, linkage.linkage_table(_rows_of(session, renewed), readings)])
    new = linkage.linkage_table(new_rows, readings)
    timings["keys"] = time.perf_counter() - clock

    clock = time.perf_counter()
    say("scoring new records")
    scored = linkage.score_new(existing, new, base.model, threshold=base.threshold)
    timings["scoring"] = time.perf_counter() - clock
    table = pa.concat_tables([existing, new])
    # This run's keys go to their file while the persons are stored (`keys.Writer`).
    with keys.Writer(table) as writer:
        clock = time.perf_counter()
        say("clustering")
        new_ids = [row["id"] for row in new_rows]
        touched_records = {record for a, b, _ in scored.links for record in (a, b)} - set(new_ids)
        touched_persons = {
            person
            for batch in batched(sorted(touched_records))
            for (person,) in session.execute(
                select(PersonRecord.person_id).where(PersonRecord.source_record_id.in_(batch)).distinct()
            )
        }
        members: dict[int, list[int]] = defaultdict(list)
        for batch in batched(sorted(touched_persons)):
            for record, person in session.execute(
                select(PersonRecord.source_record_id, PersonRecord.person_id).where(PersonRecord.person_id.in_(batch))
            ):
                if record in linked_active:
                    members[person].append(record)
        scope = set(new_ids) | {record for held in members.values() for record in held}
        confirmed, rejected = review.decisions(session)
        together = [(held[0], other) for held in members.values() for other in held[1:]]
        births = keys.births(table, scope)
        clusters = linkage.cluster(
            sorted(scope), scored.links, births=births, cannot_link=rejected, must_link=[*together, *confirmed]
        )
        timings["clustering"] = time.perf_counter() - clock

        clock = time.perf_counter()
        say("storing persons")
        run = LinkageRun(
            kind="incremental",
            engine="duckdb",
            started_at=started,
            started_by=started_by,
            threshold=base.threshold,
            records=len(new_ids),
            pairs=scored.pairs,
            links=len(scored.links),
            model=base.model,
            readings=base.readings,
            seconds={},
        )
        session.add(run)
        session.flush()
        result = linkage.Linked(
            clusters=clusters, links=scored.links, pairs=scored.pairs, model=base.model, readings=base.readings
        )
        named = {row["id"]: f"{row['feed']}/{row['record_id']}" for row in _rows_of(session, sorted(scope))}
        names = lambda: named  # noqa: E731
        affected = persons.assign(session, run, result, names, scope=scope).changed
        review.queue(session, run, scored.uncertain, replace=False)
        golden.refresh(session, affected | set(changed.values()))
        writer.finish(run)
        timings["storing"] = time.perf_counter() - clock
        run.seconds = {key: round(value, 3) for key, value in timings.items()}
        run.finished_at = datetime.now(UTC)
        session.flush()
        return run


def iter_links(session: Session) -> Iterator[tuple[str, str, int | None]]:
    """(feed, record id, person id) for every source record, withdrawn ones too (with the
    person they last belonged to, or None when never linked)."""
    stmt = (
        select(SourceRecord.feed, SourceRecord.record_id, PersonRecord.person_id)
        .outerjoin(PersonRecord, PersonRecord.source_record_id == SourceRecord.id)
        .order_by(SourceRecord.feed, SourceRecord.record_id)
        .execution_options(yield_per=10_000)
    )
    for row in session.execute(stmt):
        yield row.feed, row.record_id, row.person_id


# --- evaluation against the generator's truth -------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    precision: float
    recall: float
    f1: float
    true_pairs: int  # pairs of records of one true person
    found_pairs: int  # pairs of records in one found person
    correct_pairs: int
    records: int
    persons_true: int
    persons_found: int
    largest_found: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _pairs(sizes: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in sizes)


def evaluate(found: dict[tuple[str, str], Any], truth: dict[tuple[str, str], str]) -> Evaluation:
    """Pairwise precision, recall and F1 of `found` (record -> person) against `truth`
    (record -> true person), over the records both know."""
    keys = [key for key in truth if key in found and found[key] is not None]
    if not keys:
        raise LinkageError("no record of the truth file is linked: consolidate the register it describes first")
    found_groups: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    true_sizes: Counter[str] = Counter()
    for key in keys:
        found_groups[found[key]].append(key)
        true_sizes[truth[key]] += 1
    correct = sum(_pairs(Counter(truth[key] for key in members).values()) for members in found_groups.values())
    found_pairs = _pairs(len(members) for members in found_groups.values())
    true_pairs = _pairs(true_sizes.values())
    precision = correct / found_pairs if found_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Evaluation(
        precision=precision,
        recall=recall,
        f1=f1,
        true_pairs=true_pairs,
        found_pairs=found_pairs,
        correct_pairs=correct,
        records=len(keys),
        persons_true=len(true_sizes),
        persons_found=len(found_groups),
        largest_found=max(len(members) for members in found_groups.values()),
    )


def read_truth(path: Path) -> dict[tuple[str, str], str]:
    """truth.csv (feed, record_id, person_key) as written by `talentbridge generate feeds`."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = {"feed", "record_id", "person_key"} - set(reader.fieldnames or ())
            if missing:
                raise LinkageError(f"{path.name} lacks the column(s) {', '.join(sorted(missing))}")
            return {(row["feed"], row["record_id"]): row["person_key"] for row in reader}
    except FileNotFoundError:
        raise LinkageError(f"there is no file {path}") from None
    except UnicodeDecodeError:
        raise LinkageError(f"{path.name} is not UTF-8 text") from None


# --- reading persons and runs (pages and API) -----------------------------------------------


@dataclass(frozen=True)
class PersonView:
    person: Person
    golden: dict[str, Any]
    offerable: bool
    records: list[SourceRecord]  # every record the person holds, withdrawn ones too
    events: list[PersonEvent]


def person_view(session: Session, person_id: int) -> PersonView:
    found = session.get(Person, person_id)
    if found is None:
        raise NotFound(f"there is no person {person_id}")
    stored = session.get(GoldenRecord, person_id)
    records = list(
        session.scalars(
            select(SourceRecord)
            .join(PersonRecord, PersonRecord.source_record_id == SourceRecord.id)
            .where(PersonRecord.person_id == person_id)
            .order_by(SourceRecord.feed, SourceRecord.record_id)
        )
    )
    events = list(
        session.scalars(
            select(PersonEvent)
            .where((PersonEvent.person_id == person_id) | (PersonEvent.other_person_id == person_id))
            .order_by(PersonEvent.at.desc(), PersonEvent.id.desc())
        )
    )
    return PersonView(
        person=found,
        golden=stored.data if stored else golden.build([]),
        offerable=bool(stored and stored.offerable),
        records=records,
        events=events,
    )


def person_of_record(session: Session, source_record_id: int) -> int | None:
    return session.scalar(select(PersonRecord.person_id).where(PersonRecord.source_record_id == source_record_id))


def find_persons(session: Session, query: str, *, limit: int = 50) -> list[tuple[int, SourceRecord]]:
    """Persons with a source record matching every word of `query` (names, reading, id,
    e-mail), or the person of that number; with one matching record each."""
    query = query.strip()
    if query.isdigit():
        held = session.scalar(select(PersonRecord.source_record_id).where(PersonRecord.person_id == int(query)))
        record = session.get(SourceRecord, held) if held else None
        return [(int(query), record)] if record else []
    words = [word for word in query.casefold().split() if word]
    if not words:
        return []
    stmt = (
        select(PersonRecord.person_id, SourceRecord)
        .join(SourceRecord, SourceRecord.id == PersonRecord.source_record_id)
        .where(*(SourceRecord.search_text.contains(word, autoescape=True) for word in words))
        .order_by(PersonRecord.person_id)
        .limit(limit * 4)
    )
    seen: dict[int, SourceRecord] = {}
    for person, record in session.execute(stmt):
        seen.setdefault(person, record)
    return list(seen.items())[:limit]


def latest_run(session: Session) -> LinkageRun | None:
    return session.scalar(select(LinkageRun).order_by(LinkageRun.id.desc()).limit(1))


def list_runs(session: Session, *, limit: int = 20) -> list[LinkageRun]:
    return list(session.scalars(select(LinkageRun).order_by(LinkageRun.id.desc()).limit(limit)))


@dataclass(frozen=True)
class LevelLearned:
    label: str
    m: float | None  # share of true matches at this level
    u: float | None  # share of non-matches at this level
    weight: float | None  # log2(m / u): bits for (+) or against (-) the same person


def learned(trained: dict[str, Any]) -> tuple[float, list[tuple[str, list[LevelLearned]]]]:
    """What each comparison learned: the prior's weight, then per comparison its levels'
    m and u probabilities and match weights (the table the model page charts)."""
    prior = float(trained["probability_two_random_records_match"])
    comparisons = []
    for comparison in trained["comparisons"]:
        levels = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            weight = math.log2(m / u) if m and u else None
            label = "no agreement" if level["sql_condition"] == "ELSE" else level["label_for_charts"]
            levels.append(LevelLearned(label, m, u, weight))
        name = comparison["output_column_name"]
        comparisons.append((model.COMPARISON_WORDS.get(name, name), levels))
    return math.log2(prior / (1 - prior)), comparisons


def get_run(session: Session, run_id: int) -> LinkageRun:
    run = session.get(LinkageRun, run_id)
    if run is None:
        raise NotFound(f"there is no linkage run {run_id}")
    return run
