"""Tables of the registry domain: persons, which source records each holds, the linkage
runs that decided it, and the history of merges and splits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.registry.golden_form import expanded, stored

# A person's status: active, or retired when a run found none of its records (its
# records went to other persons: see its events).
ACTIVE = "active"
RETIRED = "retired"

# What happened to a person in a run (person_events.kind).
CREATED = "created"  # not stored as an event: persons.created_by_run_id says it
MERGED = "merged"  # other_person_id's records joined this person; the other is retired
SPLIT = "split"  # this person was made from records split off other_person_id
RETIRED_EVENT = "retired"


def utcnow() -> datetime:
    return datetime.now(UTC)


class LinkageRun(Base):
    """One consolidation: the model it trained (Splink's settings with every m and u
    probability), the readings it learned, and what it found."""

    __tablename__ = "linkage_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # full or incremental
    engine: Mapped[str] = mapped_column(String(16))  # duckdb or spark
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_by: Mapped[str | None] = mapped_column(String(80))
    threshold: Mapped[float] = mapped_column(Float)
    records: Mapped[int] = mapped_column(Integer, default=0)
    pairs: Mapped[int] = mapped_column(Integer, default=0)  # pairs scored above the review band's floor
    links: Mapped[int] = mapped_column(Integer, default=0)  # pairs at or above the threshold
    persons: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[int] = mapped_column(Integer, default=0)
    split: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[int] = mapped_column(Integer, default=0)
    model: Mapped[Any] = mapped_column(JSONText)  # Splink's settings, trained
    readings: Mapped[Any] = mapped_column(JSONText)  # Latin word -> katakana key
    seconds: Mapped[Any] = mapped_column(JSONText, default=dict)  # step -> wall seconds
    # The Parquet file (in settings.linkage_cache_dir) holding the linkage keys of every
    # record the run linked, so that an incremental run need not rebuild them. A cache:
    # when it is missing, the keys are built again from the register.
    keys_file: Mapped[str | None] = mapped_column(String(80))


class Person(Base):
    """One foreign professional, as the linkage found them across the registers. The id
    is stable: a later run keeps it for the records it held (see `registry.persons`)."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not indexed: nearly every person is active, and no query picks the few retired ones.
    status: Mapped[str] = mapped_column(String(12), default=ACTIVE)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"))
    last_run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"))


class PersonRecord(Base):
    """Which person a source record belongs to, since which run."""

    __tablename__ = "person_records"

    source_record_id: Mapped[int] = mapped_column(ForeignKey("source_records.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"))


class PersonEvent(Base):
    """A person created, merged with another, split off another or retired, and why."""

    __tablename__ = "person_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    other_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GoldenData(JSONText):
    """A golden record as stored (`registry.golden_form`), read back in the form
    `golden.build` returns: what the pages, the API and matching read. Given whole, it is
    stored short too (the bulk writes of `golden.refresh` hand it the stored form)."""

    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if isinstance(value, dict) and "v" not in value:
            value = stored(value)
        return super().process_bind_param(value, dialect)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        loaded = super().process_result_value(value, dialect)
        return expanded(loaded) if isinstance(loaded, dict) else loaded


class GoldenRecord(Base):
    """A person's golden record (see `registry.golden` for the survivorship rules): each
    field with the source record it came from. Rebuilt whenever the person's records or
    their content change."""

    __tablename__ = "golden_records"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    # True when an active source record consents to third-party provision: only then is
    # the person offered to anyone downstream. Not indexed: most are, and the matching
    # reads them all (a table scan).
    offerable: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[Any] = mapped_column(GoldenData)
    built_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class GoldenBuild(Base):
    """One rebuild of golden records (`golden.refresh`). The newest one's id tells the
    matching index whether the golden records changed, in one probe of a primary key: an
    index of every golden record's build time did the same, at the cost of a million
    entries written at every full consolidation."""

    __tablename__ = "golden_builds"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    persons: Mapped[int] = mapped_column(Integer)  # golden records written


# A review pair's state: waiting for a steward, or the steward's decision.
PENDING = "pending"
CONFIRMED = "confirmed"  # the same person: every later run links the two
REJECTED = "rejected"  # two people: no later run puts them in one person
DECISIONS = (CONFIRMED, REJECTED)


class ReviewPair(Base):
    """Two source records whose match probability fell in the uncertain band, queued for a
    steward, with the evidence Splink weighed. record_a < record_b. A run replaces the
    pending pairs; decided pairs are kept and obeyed by every later run."""

    __tablename__ = "review_pairs"
    __table_args__ = (UniqueConstraint("record_a", "record_b", name="uq_review_pairs_record_a"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_a: Mapped[int] = mapped_column(ForeignKey("source_records.id"))
    record_b: Mapped[int] = mapped_column(ForeignKey("source_records.id"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    # [{"comparison", "level", "weight"}]: each comparison's level and its log2 Bayes
    # factor (term frequency adjustment included), plus the prior as "prior".
    evidence: Mapped[Any] = mapped_column(JSONText)
    run_id: Mapped[int] = mapped_column(ForeignKey("linkage_runs.id"))
    status: Mapped[str] = mapped_column(String(12), default=PENDING, index=True)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
