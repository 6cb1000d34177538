"""Tables of the feeds domain: imports, source records and their versions, quarantine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.feeds.errors import Message

# A source record's status, and why it was withdrawn.
ACTIVE = "active"
WITHDRAWN = "withdrawn"
REASON_ABSENT = "absent from the feed's latest snapshot"
REASON_CONSENT = "consent to third-party provision withdrawn"


def utcnow() -> datetime:
    return datetime.now(UTC)


class FedRow:
    """The columns of a row another domain takes from a feed (a company, a need, a
    specialist): which feed, the row as sent, its content hash (feeds/entities.py compares
    it), its version and the import that last wrote it."""

    feed: Mapped[str | None] = mapped_column(String(40))
    raw: Mapped[Any] = mapped_column(JSONText, default=dict)
    content_hash: Mapped[str | None] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)
    last_import_id: Mapped[int | None] = mapped_column(Integer)


class FeedImport(Base):
    """One import of one snapshot file. Written in the import's own transaction, so a run
    that failed leaves no trace and a run that is here completed."""

    __tablename__ = "feed_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    feed: Mapped[str] = mapped_column(String(40), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer)
    imported_by: Mapped[str | None] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    read: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    withdrawn: Mapped[int] = mapped_column(Integer, default=0)
    quarantined: Mapped[int] = mapped_column(Integer, default=0)


class SourceRecord(Base):
    """The current version of one record of one agency's register.

    The key fields are columns for search and the linkage that follows; `data` holds the
    whole canonical record and `raw` the row as the agency sent it. Never overwritten in
    place without archiving: every change of content or status first copies the current
    state into source_record_versions.
    """

    __tablename__ = "source_records"
    __table_args__ = (
        UniqueConstraint("feed", "record_id", name="uq_source_records_feed_record_id"),
        Index("ix_source_records_status_feed", "status", "feed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feed: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | withdrawn
    withdrawn_reason: Mapped[str | None] = mapped_column(String(200))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    family_name: Mapped[str | None] = mapped_column(String(120))
    given_name: Mapped[str | None] = mapped_column(String(120))
    name_kana: Mapped[str | None] = mapped_column(String(120))
    native_name: Mapped[str | None] = mapped_column(String(120))
    birth_date: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(2))
    residence_prefecture: Mapped[str | None] = mapped_column(String(2))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    visa_status: Mapped[str | None] = mapped_column(String(40))
    visa_expires: Mapped[date | None] = mapped_column(Date)
    consent_third_party: Mapped[bool] = mapped_column(Boolean, default=False)
    source_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Lower-cased names, reading, id and e-mail in one column for the steward's search box.
    search_text: Mapped[str] = mapped_column(Text, default="")

    # Plain text on PostgreSQL too, not JSON or JSONB (migrations 0002, 0003): nothing
    # queries inside either column (the key fields are columns), the application reads
    # them whole, and the server's parse and compression of them on every write were a
    # quarter of its work in an import. `raw` keeps the columns in the file's order.
    data: Mapped[dict[str, Any]] = mapped_column(JSONText)
    # The row as sent.
    raw: Mapped[dict[str, Any]] = mapped_column(JSONText)
    content_hash: Mapped[str] = mapped_column(String(40))
    # No foreign keys on these two: only the import writes them, in the same transaction
    # as the feed_imports row they name, and on PostgreSQL a per-row referential check
    # cost 40% of the COPY that writes source records.
    first_import_id: Mapped[int] = mapped_column(Integer)
    # The record's row in the file of its first import; an import recognises a repeated
    # id of a record it has just created by these two.
    first_row: Mapped[int] = mapped_column(Integer)
    last_import_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SourceRecordVersion(Base):
    """A superseded state of a source record: what it was before an import changed it."""

    __tablename__ = "source_record_versions"
    __table_args__ = (UniqueConstraint("source_record_id", "version", name="uq_source_record_versions_record_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_record_id: Mapped[int] = mapped_column(ForeignKey("source_records.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12))
    withdrawn_reason: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSONText)
    raw: Mapped[dict[str, Any]] = mapped_column(JSONText)
    content_hash: Mapped[str] = mapped_column(String(40))
    written_by_import_id: Mapped[int] = mapped_column(ForeignKey("feed_imports.id"))
    superseded_by_import_id: Mapped[int] = mapped_column(ForeignKey("feed_imports.id"))
    superseded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class QuarantinedRow(Base):
    """A row that could not be read: kept with its row number, raw content and reason."""

    __tablename__ = "quarantined_rows"

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("feed_imports.id", ondelete="CASCADE"), index=True)
    feed: Mapped[str] = mapped_column(String(40))
    row_number: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str | None] = mapped_column(String(64))
    raw: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)  # in English, for the API and the command line
    # The reason as a message any language renders (errors.Message.to_json); the web UI
    # shows it in the reader's language. None on rows quarantined before migration 0004.
    reason_detail: Mapped[dict[str, Any] | None] = mapped_column(JSONText)

    def reason_in(self, translate: Callable[[str], str]) -> str:
        if self.reason_detail is None:
            return self.reason
        return Message.from_json(self.reason_detail).render(translate)


class ImportSeenRecord(Base):
    """Scratch: the records that existed before a running import and that it has met so far
    (the rest are absent, and withdrawn at its end). In the database, so that memory stays
    flat however large the snapshot; emptied before the import's transaction commits."""

    __tablename__ = "import_seen_records"

    import_id: Mapped[int] = mapped_column(ForeignKey("feed_imports.id", ondelete="CASCADE"), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    row_number: Mapped[int] = mapped_column(Integer)
