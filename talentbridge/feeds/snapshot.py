"""Applying one snapshot to the source records of its feed, chunk by chunk.

Which rows are new, changed, unchanged, repeated or withdrawn, and writing them: the
database half of an import, run in the importing process inside the caller's
transaction. `service.import_feed` drives it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import DateTime, Integer, and_, exists, func, insert, literal, select, text, update
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import (
    batched,
    copy_lines,
    copy_text,
    insert_rows,
    rows_by_key,
    storage_converters,
    update_from_lines,
    update_rows,
)
from talentbridge.feeds.errors import N_, MassWithdrawal, Message, message
from talentbridge.feeds.mapping import Layout
from talentbridge.feeds.models import (
    ACTIVE,
    REASON_ABSENT,
    REASON_CONSENT,
    WITHDRAWN,
    FeedImport,
    ImportSeenRecord,
    QuarantinedRow,
    SourceRecord,
    SourceRecordVersion,
)
from talentbridge.feeds.prepare import (
    CONTENT_COLUMNS,
    VALUE_COLUMNS,
    Prepared,
    PreparedChunk,
    Unreadable,
    content_of,
    raw_of,
)

# The values of a new source record, as apply() builds them: the import's own, then the
# prepared row's.
INSERT_COLUMNS = (
    "feed",
    "version",
    "status",
    "first_import_id",
    "last_import_id",
    "created_at",
    "updated_at",
    *VALUE_COLUMNS,
)
# What a changed row rewrites: its new state, then its content from the prepared row.
UPDATE_COLUMNS: tuple[str, ...] = (
    "version",
    "status",
    "withdrawn_reason",
    "withdrawn_at",
    "last_import_id",
    "updated_at",
    *CONTENT_COLUMNS,
)
QUARANTINE_COLUMNS = ("import_id", "feed", "row_number", "record_id", "raw", "reason", "reason_detail")
SEEN_COLUMNS = ("import_id", "record_id", "row_number")


def quarantine_row(
    run_id: int, feed: str, row_number: int, record_id: str | None, raw: str, reason: Message
) -> tuple[Any, ...]:
    """A quarantined row as QUARANTINE_COLUMNS: the reason said in full, in English and as a
    message any language renders."""
    full = message(N_("{feed} row {row}: {reason}; the row is quarantined"), feed=feed, row=row_number, reason=reason)
    return (run_id, feed, row_number, record_id, raw, str(full), orjson.dumps(full.to_json()).decode())


def repeated(record_id: str, first_row: int) -> Message:
    return message(N_("the id {record_id} already appeared on row {row}"), record_id=record_id, row=first_row)


class Importer:
    def __init__(self, session: Session, layout: Layout, run: FeedImport, *, allow_withdrawals: bool) -> None:
        self.session = session
        self.layout = layout
        self.run = run
        self.allow_withdrawals = allow_withdrawals
        self.active_before = (
            session.scalar(
                select(func.count())
                .select_from(SourceRecord)
                .where(SourceRecord.feed == layout.name, SourceRecord.status == ACTIVE)
            )
            or 0
        )
        self.now = datetime.now(UTC)
        self.dialect = session.get_bind().dialect.name
        self.postgresql = self.dialect == "postgresql"
        (convert,) = storage_converters(self.dialect, SourceRecord.__tablename__, ("updated_at",))
        self.stored_now = convert(self.now) if convert else self.now
        # Ids seen only on quarantined rows of records that did not exist: id -> row.
        self.quarantined_ids: dict[str, int] = {}

    def prefer_indexes(self) -> None:
        """PostgreSQL plans each lookup from table statistics, and a table filled inside
        this one transaction has none: an id lookup then looks like it matches most of the
        table and is planned as a full scan, which turned a large import quadratic. Every
        query of an import finds rows by an index, so the import's transaction tells the
        planner to use them (ANALYZE as the table grew did the same at a tenth of the
        import's time). `done` sets it back."""
        if self.postgresql:
            self.session.execute(text("SET LOCAL enable_seqscan = off"))

    def done(self) -> None:
        if self.postgresql:
            self.session.execute(text("SET LOCAL enable_seqscan TO DEFAULT"))

    def quarantine(self, rows: list[tuple[Any, ...]]) -> None:
        insert_rows(self.session, QuarantinedRow.__table__, QUARANTINE_COLUMNS, rows)
        self.run.quarantined += len(rows)

    def process(self, chunk: PreparedChunk) -> None:
        read, items = chunk
        layout, run = self.layout, self.run
        run.read += read
        quarantined: list[tuple[Any, ...]] = []
        good: dict[str, Prepared] = {}
        seen_here: dict[str, int] = {}

        def bad(row_number: int, raw: str, reason: Message, record_id: str | None) -> None:
            quarantined.append(quarantine_row(run.id, layout.name, row_number, record_id, raw, reason))

        for item in items:
            if isinstance(item, Unreadable):
                if item.record_id and item.record_id not in seen_here:
                    # Known id, unreadable row: the record is not absent, so it must not be
                    # withdrawn; it keeps its last good version until the agency fixes the row.
                    seen_here[item.record_id] = item.row_number
                bad(item.row_number, item.raw, item.reason, item.record_id)
            else:
                row_number, record_id = item[0], item[1]
                if record_id in seen_here:
                    first = seen_here[record_id]
                    bad(row_number, raw_of(item[4]), repeated(record_id, first), record_id)
                else:
                    seen_here[record_id] = row_number
                    good[record_id] = item

        existing = self.existing(list(seen_here))
        # An id met in an earlier chunk of this snapshot makes this row a duplicate. A record
        # this import created says so by its first_import_id; a record that existed before
        # is looked up among the ids this import has marked seen; an id only ever seen on
        # a quarantined row is in memory (such rows are few).
        earlier: dict[str, int] = {}
        before = [rid for rid, old in existing.items() if old.first_import_id != run.id]
        for record_id, first_row in rows_by_key(
            self.session,
            (ImportSeenRecord.record_id, ImportSeenRecord.row_number),
            ImportSeenRecord.import_id == run.id,
            ImportSeenRecord.record_id,
            before,
        ):
            earlier[record_id] = first_row
        for record_id in seen_here:
            old = existing.get(record_id)
            if old is not None and old.first_import_id == run.id:
                earlier.setdefault(record_id, old.first_row)
            elif record_id in self.quarantined_ids:
                earlier.setdefault(record_id, self.quarantined_ids[record_id])
        for record_id, first_row in earlier.items():
            seen_here.pop(record_id, None)
            dropped = good.pop(record_id, None)
            if dropped is not None:
                bad(dropped[0], raw_of(dropped[4]), repeated(record_id, first_row), record_id)
        # Seen marks keep records that existed before from being withdrawn as absent.
        seen = [(run.id, rid, num) for rid, num in seen_here.items() if rid in existing]
        insert_rows(self.session, ImportSeenRecord.__table__, SEEN_COLUMNS, seen)
        for rid, num in seen_here.items():
            if rid not in good and rid not in existing and len(self.quarantined_ids) < 100_000:
                self.quarantined_ids[rid] = num
        self.quarantine(quarantined)
        self.apply(good, existing)

    def existing(self, record_ids: list[str]) -> dict[str, Any]:
        """The stored state of these records of this feed, by record id."""
        session = self.session
        found: dict[str, Any] = {}
        columns = (
            SourceRecord.id,
            SourceRecord.record_id,
            SourceRecord.content_hash,
            SourceRecord.status,
            SourceRecord.withdrawn_reason,
            SourceRecord.consent_third_party,
            SourceRecord.version,
            SourceRecord.first_import_id,
            SourceRecord.first_row,
        )
        where = SourceRecord.feed == self.layout.name
        for row in rows_by_key(session, columns, where, SourceRecord.record_id, record_ids):
            found[row.record_id] = row
        return found

    def apply(self, good: dict[str, Prepared], existing: dict[str, Any]) -> None:
        if not good:
            return
        session, run = self.session, self.run
        inserts: list[Any] = []
        updates: list[Any] = []
        unchanged = withdrawn = changed = 0
        stamp = self.stored_now
        first: tuple[Any, ...] = (self.layout.name, 1, ACTIVE, run.id, run.id, stamp, stamp)
        # PostgreSQL's rows come as COPY text lines (see prepare.Prepared): the import's own
        # values are put before each line as one more piece of COPY text.
        lines = self.postgresql
        first_line = copy_text(first) + b"\t"
        for record_id, (_, _, digest, consent, values) in good.items():
            old = existing.get(record_id)
            if old is None:
                inserts.append(first_line + values if isinstance(values, bytes) else first + values)
                continue
            consent_withdrawn = not consent and (
                old.consent_third_party or (old.status == WITHDRAWN and old.withdrawn_reason == REASON_CONSENT)
            )
            status, reason = (WITHDRAWN, REASON_CONSENT) if consent_withdrawn else (ACTIVE, None)
            if old.content_hash == digest and old.status == status:
                unchanged += 1
                continue
            if status == WITHDRAWN and old.status != WITHDRAWN:
                withdrawn += 1
            else:
                changed += 1
            withdrawn_at = stamp if status == WITHDRAWN else None
            state = (old.version + 1, status, reason, withdrawn_at, run.id, stamp)
            content = content_of(values)
            if isinstance(content, bytes):
                updates.append((copy_text(state) + b"\t" + content + b"\t" + str(old.id).encode(), old.id))
            else:
                updates.append(((*state, *content, old.id), old.id))
        run.new += len(inserts)
        run.unchanged += unchanged
        run.withdrawn += withdrawn
        run.changed += changed
        if lines:
            copy_lines(session, SourceRecord.__table__, INSERT_COLUMNS, inserts)
        else:
            insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, inserts)
        if updates:
            self.archive([record for _, record in updates])
            rows = [row for row, _ in updates]
            if lines:
                update_from_lines(session, SourceRecord.__table__, UPDATE_COLUMNS, rows)
            else:
                update_rows(session, SourceRecord.__table__, UPDATE_COLUMNS, rows)
            self.forget_loaded_records()

    def forget_loaded_records(self) -> None:
        """Rows were rewritten beneath the ORM: records this session had loaded are
        reloaded on their next use instead of showing their old state."""
        for item in list(self.session.identity_map.values()):
            if isinstance(item, SourceRecord):
                self.session.expire(item)

    def archive(self, record_ids: list[int]) -> None:
        """Copy the current state of these records into their version history, server-side."""
        for batch in batched(record_ids):
            source = select(
                SourceRecord.id,
                SourceRecord.version,
                SourceRecord.status,
                SourceRecord.withdrawn_reason,
                SourceRecord.data,
                SourceRecord.raw,
                SourceRecord.content_hash,
                SourceRecord.last_import_id,
                literal(self.run.id, Integer),
                literal(self.now, DateTime(timezone=True)),
            ).where(SourceRecord.id.in_(batch))
            self.session.execute(
                insert(SourceRecordVersion).from_select(
                    [
                        "source_record_id",
                        "version",
                        "status",
                        "withdrawn_reason",
                        "data",
                        "raw",
                        "content_hash",
                        "written_by_import_id",
                        "superseded_by_import_id",
                        "superseded_at",
                    ],
                    source,
                )
            )

    def guard_withdrawals(self, count: int) -> None:
        """Refuse a snapshot that would withdraw much of the register: most likely a partial
        or wrong file. The caller's transaction then writes nothing."""
        if self.allow_withdrawals:
            return
        settings = get_settings()
        before = self.active_before
        if before >= settings.withdrawal_guard_minimum and count > settings.withdrawal_guard_share * before:
            raise MassWithdrawal(
                f"{self.run.filename} would withdraw {count:,} of the {before:,} active records of "
                f"{self.layout.name} ({count / before:.0%}); nothing was imported. A snapshot must hold the "
                "agency's whole register: check that this is the complete file. If the register really "
                "shrank, import it again allowing withdrawals."
            )

    def withdraw_absent(self) -> None:
        run, session = self.run, self.session
        absent = and_(
            SourceRecord.feed == self.layout.name,
            SourceRecord.status == ACTIVE,
            SourceRecord.first_import_id != run.id,
            ~exists().where(ImportSeenRecord.import_id == run.id, ImportSeenRecord.record_id == SourceRecord.record_id),
        )
        ids = list(session.scalars(select(SourceRecord.id).where(absent)))
        if not ids:
            return
        self.guard_withdrawals(len(ids) + run.withdrawn)
        self.archive(ids)
        for batch in batched(ids):
            session.execute(
                update(SourceRecord)
                .where(SourceRecord.id.in_(batch))
                .values(
                    status=WITHDRAWN,
                    withdrawn_reason=REASON_ABSENT,
                    withdrawn_at=self.now,
                    version=SourceRecord.version + 1,
                    last_import_id=run.id,
                    updated_at=self.now,
                )
                .execution_options(synchronize_session=False)
            )
        run.withdrawn += len(ids)
        self.forget_loaded_records()


def one_import_per_feed(session: Session, feed: str) -> None:
    """Two imports of one feed at once would race for the same record ids. On PostgreSQL
    the second waits here until the first commits, then runs as the next snapshot. SQLite
    lets one writer in at a time anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:lock))"), {"lock": f"talentbridge.feed:{feed}"})
