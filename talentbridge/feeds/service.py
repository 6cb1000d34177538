"""Importing feed snapshots into source records, and reading them back.

An import is one transaction owned by the caller: the service flushes, never commits.
It streams the file in chunks, so memory stays flat however large the snapshot is.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import DateTime, Integer, and_, delete, exists, func, insert, literal, select, text, update
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import JSONText, insert_rows, one_of
from talentbridge.errors import NotFound
from talentbridge.feeds.errors import LayoutMismatch, MassWithdrawal, UnknownLayout
from talentbridge.feeds.mapping import Layout, all_layouts
from talentbridge.feeds.models import (
    FeedImport,
    ImportSeenRecord,
    QuarantinedRow,
    SourceRecord,
    SourceRecordVersion,
)
from talentbridge.feeds.prepare import RECORD_COLUMNS, Prepared, Unreadable, prepared_chunks
from talentbridge.feeds.readers import sniff_container
from talentbridge.feeds.schemas import ImportReport

ACTIVE = "active"
WITHDRAWN = "withdrawn"
REASON_ABSENT = "absent from the feed's latest snapshot"
REASON_CONSENT = "consent to third-party provision withdrawn"

# The order of the values of a new source record, as apply() builds them.
INSERT_COLUMNS = (
    "feed",
    "version",
    "status",
    "first_import_id",
    "last_import_id",
    "created_at",
    "updated_at",
    "record_id",
    "first_row",
    "data",
    "raw",
    "content_hash",
    *RECORD_COLUMNS,
    "search_text",
)
QUARANTINE_COLUMNS = ("import_id", "feed", "row_number", "record_id", "raw", "reason")
SEEN_COLUMNS = ("import_id", "record_id", "row_number")

# Keeps one statement's parameter list under SQLite's and PostgreSQL's limits.
_IN_BATCH = 500


def layouts() -> dict[str, Layout]:
    return all_layouts(get_settings().layouts_dir)


def detect_layout(path: Path, *, feed: str | None = None, filename: str | None = None) -> Layout:
    """The layout of the file, from its bytes and header; nothing is written here.
    `filename` is the name the user knows the file by (an upload is spooled elsewhere)."""
    known = layouts()
    name = filename or path.name
    if feed is not None and feed not in known:
        raise UnknownLayout(f"there is no feed layout named {feed!r}; the known layouts are {', '.join(known)}")
    if not path.exists() or path.stat().st_size == 0:
        raise UnknownLayout(f"{name} is empty; nothing was imported")
    container = sniff_container(path)
    candidates = [known[feed]] if feed else list(known.values())
    near: list[tuple[int, Layout, list[str]]] = []
    for layout in candidates:
        missing = layout.missing_columns(path, container)
        if missing == []:
            return layout
        if missing is not None and len(missing) < len(layout.required_columns) / 2:
            near.append((len(missing), layout, missing))
    if feed is not None:
        layout = known[feed]
        if near:
            missing = near[0][2]
            raise LayoutMismatch(
                f"{name} is not a {feed} file: it lacks the column(s) {', '.join(missing)}; nothing was imported"
            )
        raise LayoutMismatch(
            f"{name} is not a {feed} file (expected {layout.container.upper()}"
            f"{' in ' + layout.encoding.upper() if layout.container == 'csv' else ''}); nothing was imported"
        )
    hint = ""
    if near:
        near.sort(key=lambda item: item[0])
        _, layout, missing = near[0]
        hint = f" The nearest is {layout.name}, but the file lacks {', '.join(missing[:5])}."
    raise UnknownLayout(
        f"{name} is not one of the known feed layouts ({', '.join(known)}).{hint} Nothing was imported."
    )


class _Importer:
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
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.written = 0
        # Ids seen only on quarantined rows of records that did not exist: id -> row.
        self.quarantined_ids: dict[str, int] = {}
        self.analyse_at = 4 * get_settings().import_chunk_rows

    def refresh_statistics(self, rows: int) -> None:
        """PostgreSQL plans each lookup from table statistics, and a table filled inside
        this one transaction has none: an id lookup then looks like it matches most of the
        table and is planned as a full scan, so the import turned quadratic (minutes for
        400,000 rows). ANALYZE sees this transaction's own rows; run it whenever the
        rows written have doubled, a logarithmic number of times."""
        self.written += rows
        if self.postgresql and self.written >= self.analyse_at:
            self.session.execute(text("ANALYZE source_records"))
            self.session.execute(text("ANALYZE import_seen_records"))
            self.analyse_at = 2 * self.written

    def quarantine(self, rows: list[tuple[Any, ...]]) -> None:
        insert_rows(self.session, QuarantinedRow.__table__, QUARANTINE_COLUMNS, rows)
        self.run.quarantined += len(rows)

    def process(self, read: int, chunk: list[Prepared | Unreadable]) -> None:
        layout, run = self.layout, self.run
        run.read += read
        quarantined: list[tuple[Any, ...]] = []
        good: dict[str, Prepared] = {}
        seen_here: dict[str, int] = {}

        def bad(row_number: int, raw: str, reason: str, record_id: str | None) -> None:
            full = f"{layout.name} row {row_number}: {reason}; the row is quarantined"
            quarantined.append((run.id, layout.name, row_number, record_id, raw, full))

        for item in chunk:
            if isinstance(item, Unreadable):
                if item.record_id and item.record_id not in seen_here:
                    # Known id, unreadable row: the record is not absent, so it must not be
                    # withdrawn; it keeps its last good version until the agency fixes the row.
                    seen_here[item.record_id] = item.row_number
                bad(item.row_number, item.raw, item.reason, item.record_id)
            elif item.record_id in seen_here:
                first = seen_here[item.record_id]
                bad(
                    item.row_number,
                    item.raw,
                    f"the id {item.record_id} already appeared on row {first}",
                    item.record_id,
                )
            else:
                seen_here[item.record_id] = item.row_number
                good[item.record_id] = item

        existing = self.existing(list(seen_here))
        # An id met in an earlier chunk of this snapshot makes this row a duplicate. A record
        # this import created says so by its first_import_id; a record that existed before
        # is looked up among the ids this import has marked seen; an id only ever seen on
        # a quarantined row is in memory (such rows are few).
        earlier: dict[str, int] = {}
        before = [rid for rid, old in existing.items() if old.first_import_id != run.id]
        for batch in _batched(before):
            for record_id, first_row in self.session.execute(
                select(ImportSeenRecord.record_id, ImportSeenRecord.row_number).where(
                    ImportSeenRecord.import_id == run.id, one_of(self.session, ImportSeenRecord.record_id, batch)
                )
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
                bad(
                    dropped.row_number,
                    dropped.raw,
                    f"the id {record_id} already appeared on row {first_row}",
                    record_id,
                )
        # Seen marks keep records that existed before from being withdrawn as absent.
        seen = [(run.id, rid, num) for rid, num in seen_here.items() if rid in existing]
        insert_rows(self.session, ImportSeenRecord.__table__, SEEN_COLUMNS, seen)
        for rid, num in seen_here.items():
            if rid not in good and rid not in existing and len(self.quarantined_ids) < 100_000:
                self.quarantined_ids[rid] = num
        self.quarantine(quarantined)
        self.apply(good, existing)
        self.refresh_statistics(len(good))

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
        for batch in _batched(record_ids):
            for row in session.execute(
                select(*columns).where(
                    SourceRecord.feed == self.layout.name, one_of(session, SourceRecord.record_id, batch)
                )
            ):
                found[row.record_id] = row
        return found

    def apply(self, good: dict[str, Prepared], existing: dict[str, Any]) -> None:
        if not good:
            return
        session, run = self.session, self.run
        inserts: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        unchanged = withdrawn = changed = 0
        first = (self.layout.name, 1, ACTIVE, run.id, run.id, self.now, self.now)
        for record_id, row in good.items():
            old = existing.get(record_id)
            if old is None:
                inserts.append(
                    (*first, record_id, row.row_number, JSONText(row.data), JSONText(row.raw), row.hash, *row.columns)
                )
                continue
            consent_withdrawn = not row.consent and (
                old.consent_third_party or (old.status == WITHDRAWN and old.withdrawn_reason == REASON_CONSENT)
            )
            status, reason = (WITHDRAWN, REASON_CONSENT) if consent_withdrawn else (ACTIVE, None)
            if old.content_hash == row.hash and old.status == status:
                unchanged += 1
                continue
            if status == WITHDRAWN and old.status != WITHDRAWN:
                withdrawn += 1
            else:
                changed += 1
            updates.append(
                {
                    "id": old.id,
                    "version": old.version + 1,
                    "status": status,
                    "withdrawn_reason": reason,
                    "withdrawn_at": self.now if status == WITHDRAWN else None,
                    "data": orjson.loads(row.data),
                    "raw": orjson.loads(row.raw),
                    "content_hash": row.hash,
                    "last_import_id": run.id,
                    "updated_at": self.now,
                    **dict(zip((*RECORD_COLUMNS, "search_text"), row.columns, strict=True)),
                }
            )
        run.new += len(inserts)
        run.unchanged += unchanged
        run.withdrawn += withdrawn
        run.changed += changed
        insert_rows(session, SourceRecord.__table__, INSERT_COLUMNS, inserts)
        if updates:
            self.archive([item["id"] for item in updates])
            session.execute(update(SourceRecord), updates)

    def archive(self, record_ids: list[int]) -> None:
        """Copy the current state of these records into their version history, server-side."""
        for batch in _batched(record_ids):
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
        for batch in _batched(ids):
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


def _batched(items: list[Any], size: int = _IN_BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _one_import_per_feed(session: Session, feed: str) -> None:
    """Two imports of one feed at once would race for the same record ids. On PostgreSQL
    the second waits here until the first commits, then runs as the next snapshot. SQLite
    lets one writer in at a time anyway."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:lock))"), {"lock": f"talentbridge.feed:{feed}"})


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_feed(
    session: Session,
    path: Path,
    *,
    feed: str | None = None,
    filename: str | None = None,
    imported_by: str | None = None,
    progress: Callable[[int], None] | None = None,
    allow_withdrawals: bool = False,
) -> ImportReport:
    """Import one snapshot file. Raises UnknownLayout/LayoutMismatch before writing anything,
    and MassWithdrawal (the caller rolls back) when the snapshot would withdraw more than
    the configured share of the feed unless `allow_withdrawals`."""
    layout = detect_layout(path, feed=feed, filename=filename)
    _one_import_per_feed(session, layout.name)
    run = FeedImport(
        feed=layout.name,
        filename=filename or path.name,
        file_sha256=file_digest(path),
        file_size=path.stat().st_size,
        imported_by=imported_by,
        started_at=datetime.now(UTC),
        read=0,
        new=0,
        changed=0,
        unchanged=0,
        withdrawn=0,
        quarantined=0,
    )
    session.add(run)
    session.flush()
    importer = _Importer(session, layout, run, allow_withdrawals=allow_withdrawals)
    settings = get_settings()
    workers = settings.import_workers if path.stat().st_size >= settings.import_parallel_bytes else 1
    for read, chunk in prepared_chunks(layout, path, chunk_rows=settings.import_chunk_rows, workers=workers):
        importer.process(read, chunk)
        if progress is not None:
            progress(read)
    importer.withdraw_absent()
    session.execute(delete(ImportSeenRecord).where(ImportSeenRecord.import_id == run.id))
    run.finished_at = datetime.now(UTC)
    session.flush()
    return report_of(run)


def report_of(run: FeedImport) -> ImportReport:
    return ImportReport(
        import_id=run.id,
        feed=run.feed,
        filename=run.filename,
        read=run.read,
        new=run.new,
        changed=run.changed,
        unchanged=run.unchanged,
        withdrawn=run.withdrawn,
        quarantined=run.quarantined,
        started_at=run.started_at,
        finished_at=run.finished_at,
    )


def import_stream(
    session: Session,
    stream: IO[bytes],
    *,
    filename: str,
    feed: str | None = None,
    imported_by: str | None = None,
    allow_withdrawals: bool = False,
) -> ImportReport:
    """Import an uploaded file: spooled to disk first, since readers stream from a path."""
    upload_dir = get_settings().upload_dir
    upload_dir.mkdir(parents=True, exist_ok=True)
    handle, spooled = tempfile.mkstemp(dir=upload_dir, prefix="upload-", suffix=Path(filename).suffix[:10])
    spool = Path(spooled)
    try:
        with os.fdopen(handle, "wb") as out:
            for block in iter(lambda: stream.read(1 << 20), b""):
                out.write(block)
        return import_feed(
            session,
            spool,
            feed=feed,
            filename=Path(filename).name,
            imported_by=imported_by,
            allow_withdrawals=allow_withdrawals,
        )
    finally:
        spool.unlink(missing_ok=True)


# --- reading back ----------------------------------------------------------------------


def get_import(session: Session, *, import_id: int) -> FeedImport:
    run = session.get(FeedImport, import_id)
    if run is None:
        raise NotFound(f"there is no import with id {import_id}")
    return run


def list_imports(session: Session, *, limit: int = 50) -> list[FeedImport]:
    return list(session.scalars(select(FeedImport).order_by(FeedImport.id.desc()).limit(limit)))


def list_quarantined(session: Session, *, import_id: int, limit: int = 500, offset: int = 0) -> list[QuarantinedRow]:
    return list(
        session.scalars(
            select(QuarantinedRow)
            .where(QuarantinedRow.import_id == import_id)
            .order_by(QuarantinedRow.row_number)
            .limit(limit)
            .offset(offset)
        )
    )


def _record_filter(query: str | None, feed: str | None, status: str | None) -> list[Any]:
    conditions: list[Any] = []
    if feed:
        conditions.append(SourceRecord.feed == feed)
    if status:
        conditions.append(SourceRecord.status == status)
    for term in (query or "").lower().split():
        conditions.append(SourceRecord.search_text.contains(term, autoescape=True))
    return conditions


def list_records(
    session: Session,
    *,
    query: str | None = None,
    feed: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[SourceRecord]]:
    """A page of source records matching every word of `query`, and the total count."""
    conditions = _record_filter(query, feed, status)
    total = session.scalar(select(func.count()).select_from(SourceRecord).where(*conditions)) or 0
    rows = session.scalars(
        select(SourceRecord)
        .where(*conditions)
        .order_by(SourceRecord.feed, SourceRecord.record_id)
        .limit(limit)
        .offset(offset)
    )
    return total, list(rows)


def get_record(session: Session, *, record_id: int) -> SourceRecord:
    record = session.get(SourceRecord, record_id)
    if record is None:
        raise NotFound(f"there is no source record with id {record_id}")
    return record


def list_versions(session: Session, *, record_id: int) -> list[SourceRecordVersion]:
    return list(
        session.scalars(
            select(SourceRecordVersion)
            .where(SourceRecordVersion.source_record_id == record_id)
            .order_by(SourceRecordVersion.version.desc())
        )
    )


def iter_export_records(session: Session, *, status: str | None = None) -> Iterator[dict[str, Any]]:
    """Every source record as one canonical JSON object, streamed in id order."""
    conditions = [SourceRecord.status == status] if status else []
    stmt = (
        select(SourceRecord.data, SourceRecord.status, SourceRecord.version, SourceRecord.withdrawn_reason)
        .where(*conditions)
        .order_by(SourceRecord.id)
        .execution_options(yield_per=2000)
    )
    for data, record_status, version, reason in session.execute(stmt):
        item = dict(data)
        item["status"] = record_status
        item["version"] = version
        if reason:
            item["withdrawn_reason"] = reason
        yield item


def counts_by_feed(session: Session) -> list[tuple[str, str, int]]:
    return [
        (feed, status, count)
        for feed, status, count in session.execute(
            select(SourceRecord.feed, SourceRecord.status, func.count())
            .group_by(SourceRecord.feed, SourceRecord.status)
            .order_by(SourceRecord.feed, SourceRecord.status)
        )
    ]
