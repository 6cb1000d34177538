"""Importing feed snapshots into source records, and reading them back.

An import is one transaction owned by the caller: the service flushes, never commits.
It streams the file in chunks, so memory stays flat however large the snapshot is.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.errors import NotFound
from talentbridge.feeds.entities import import_entities
from talentbridge.feeds.errors import LayoutMismatch, UnknownLayout
from talentbridge.feeds.mapping import Layout, all_layouts
from talentbridge.feeds.models import (
    FeedImport,
    ImportSeenRecord,
    QuarantinedRow,
    SourceRecord,
    SourceRecordVersion,
)
from talentbridge.feeds.prepare import prepared_chunks
from talentbridge.feeds.readers import forget_workbook, read_csv_header, sniff_container
from talentbridge.feeds.schemas import ImportReport
from talentbridge.feeds.snapshot import Importer, one_import_per_feed
from talentbridge.workers import collector_paused


def layouts() -> dict[str, Layout]:
    """Every layout the import reads: the person feeds', then the other domains'."""
    return all_layouts(get_settings().layouts_dir)


def person_layouts() -> dict[str, Layout]:
    """The layouts whose rows are source records of persons."""
    return {name: layout for name, layout in layouts().items() if layout.kind == "persons"}


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
    for layout in candidates:
        other = _other_encoding(path, layout) if container == layout.container == "csv" else None
        if other:
            raise (LayoutMismatch if feed else UnknownLayout)(
                f"{name} has the columns of {layout.name} but is encoded in {other}, where {layout.name} files are "
                f"{layout.encoding.upper()}; nothing was imported. Save the file as {layout.encoding.upper()} "
                "(the encoding the agency sends) and import it again."
            )
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


_ENCODINGS = ("utf-8", "cp932")


def _other_encoding(path: Path, layout: Layout) -> str | None:
    """The encoding, other than the layout's own, in which the file has the layout's header."""
    own = codecs.lookup(layout.encoding).name
    for encoding in _ENCODINGS:
        if codecs.lookup(encoding).name == own or (own == "utf-8-sig" and encoding == "utf-8"):
            continue
        header = read_csv_header(path, encoding=encoding, delimiter=layout.delimiter)
        if header is not None and all(column in header for column in layout.required_columns):
            return encoding.upper()
    return None


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
    one_import_per_feed(session, layout.name)
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
    if layout.kind != "persons":
        import_entities(session, layout, path, run, allow_withdrawals=allow_withdrawals)
        if progress is not None:
            progress(run.read)
        run.finished_at = datetime.now(UTC)
        session.flush()
        return report_of(run)
    importer = Importer(session, layout, run, allow_withdrawals=allow_withdrawals)
    importer.prefer_indexes()
    settings = get_settings()
    workers = settings.import_workers if path.stat().st_size >= settings.import_parallel_bytes else 1
    chunks = prepared_chunks(
        layout, path, dialect=importer.dialect, chunk_rows=settings.import_chunk_rows, workers=workers
    )
    # The rows of each chunk arrive as hundreds of thousands of new objects, none in a
    # cycle, freed by reference counting once stored: the collector's passes over them
    # cost a tenth of this process's time (3 of 24 us a row of meti-mfg) and freed nothing.
    with collector_paused():
        for chunk in chunks:
            importer.process(chunk)
            if progress is not None:
                progress(chunk[0])
    importer.withdraw_absent()
    session.execute(delete(ImportSeenRecord).where(ImportSeenRecord.import_id == run.id))
    importer.done()
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
        forget_workbook(spool)  # detection may have opened it
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


def records_by_id(session: Session, ids: Sequence[int]) -> list[SourceRecord]:
    """The source records of these ids (those that exist), in no particular order."""
    if not ids:
        return []
    return list(session.scalars(select(SourceRecord).where(SourceRecord.id.in_(sorted(set(ids))))))
