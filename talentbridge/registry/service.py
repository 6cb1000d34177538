"""Consolidating the register into persons, and reading the links back.

`consolidate` runs in the caller's transaction (the CLI commits): a run that fails
leaves the persons as they were.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.errors import Invalid
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry import linkage, persons
from talentbridge.registry.models import LinkageRun, PersonRecord

ENGINES = ("duckdb", "spark")

# The source record columns the linkage reads (the canonical record's own names).
_COLUMNS = (
    SourceRecord.id,
    SourceRecord.feed,
    SourceRecord.record_id,
    SourceRecord.family_name,
    SourceRecord.given_name,
    SourceRecord.name_kana,
    SourceRecord.native_name,
    SourceRecord.birth_date,
    SourceRecord.nationality,
    SourceRecord.email,
    SourceRecord.phone,
    SourceRecord.residence_prefecture,
    SourceRecord.sex,
)


class LinkageError(Invalid):
    """The consolidation cannot run as asked; the message says what to do."""


def linkage_rows(session: Session) -> list[dict[str, Any]]:
    """The active source records, as `linkage.link` reads them."""
    stmt = select(*_COLUMNS).where(SourceRecord.status == ACTIVE).order_by(SourceRecord.id)
    return [row._asdict() for row in session.execute(stmt.execution_options(yield_per=10_000))]


def consolidate(
    session: Session,
    *,
    engine: str = "duckdb",
    threshold: float = linkage.THRESHOLD,
    started_by: str | None = None,
    progress: linkage.Progress | None = None,
) -> LinkageRun:
    """Link every active source record into persons, keeping person ids (see persons.py)."""
    if engine not in ENGINES:
        raise LinkageError(f"there is no linkage engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "spark":
        raise LinkageError("the spark engine is not available yet in this version; use --engine duckdb")
    if not 0.5 <= threshold < 1:
        raise LinkageError(f"the threshold is a match probability from 0.5 up to (not including) 1, not {threshold}")
    rows = linkage_rows(session)
    if not rows:
        raise LinkageError("there are no active source records to consolidate: import the agencies' feeds first")
    started = datetime.now(UTC)
    linked = linkage.link(rows, threshold=threshold, progress=progress)
    run = LinkageRun(
        kind="full",
        engine=engine,
        started_at=started,
        started_by=started_by,
        threshold=threshold,
        records=len(rows),
        pairs=linked.pairs,
        links=len(linked.links),
        model=linked.model,
        readings=linked.readings,
        seconds={key: round(value, 3) for key, value in linked.seconds.items()},
    )
    session.add(run)
    session.flush()
    if progress:
        progress("storing persons")
    names = {row["id"]: f"{row['feed']}/{row['record_id']}" for row in rows}
    persons.assign(session, run, linked, names)
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
