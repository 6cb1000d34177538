"""Importing a feed whose rows are not persons (companies, their needs, specialists).

The layout's `target` ("module:attribute") names an `EntityTarget` of the domain that
owns the rows; this module gives them the import semantics every feed has: a snapshot
in one transaction, the same file twice changes nothing, a changed row is a new
version, a row absent from the newer snapshot is withdrawn (kept), a row that cannot be
read is quarantined with its reason and the rest goes on. These feeds are small (a few
thousand companies, tens of thousands of needs): rows are read one by one and the
stored ones are held by key, unlike the person feeds' streamed, parallel import.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Protocol

import orjson
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import insert_rows
from talentbridge.feeds.errors import N_, MassWithdrawal, Message, message
from talentbridge.feeds.mapping import Layout, RowError, target_of
from talentbridge.feeds.models import FeedImport, QuarantinedRow
from talentbridge.feeds.readers import jsonable
from talentbridge.feeds.snapshot import QUARANTINE_COLUMNS, quarantine_row, repeated


class Stored(Protocol):
    content_hash: str | None
    status: str


class EntityTarget(Protocol):
    """What a domain gives the import for one kind of row."""

    fields: dict[str, str]  # field -> "scalar" or "list": what a layout may map to

    def check(self, session: Session, record: dict[str, Any]) -> dict[str, Any]:
        """The record ready to store, or RowError (an unknown company, say)."""

    def stored(self, session: Session, feed: str) -> dict[str, Stored]:
        """What this feed brought before, by record id (withdrawn ones too)."""

    def create(self, session: Session, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None: ...

    def update(
        self, session: Session, item: Any, record: dict[str, Any], raw: Any, digest: str, run: FeedImport
    ) -> None:
        """A changed row (or one back in the feed after it left): the new content, active again."""

    def withdraw(self, session: Session, item: Any, run: FeedImport) -> None: ...

    def active(self, item: Any) -> bool: ...


def import_entities(session: Session, layout: Layout, path: Path, run: FeedImport, *, allow_withdrawals: bool) -> None:
    assert layout.target is not None
    target: EntityTarget = target_of(layout.target)
    stored = target.stored(session, layout.name)
    seen: dict[str, int] = {}
    quarantined: list[tuple[Any, ...]] = []

    def bad(row_number: int, raw: str, reason: Message, record_id: str | None) -> None:
        quarantined.append(quarantine_row(run.id, layout.name, row_number, record_id, raw, reason))

    for row in layout.read(path):
        run.read += 1
        if row.values is None:
            bad(row.row_number, row.raw, row.error or message(N_("the row cannot be read")), None)
            continue
        try:
            record = target.check(session, layout.map_plain(row.values))
        except RowError as exc:
            bad(row.row_number, row.raw, exc.message, exc.record_id)
            if exc.record_id and exc.record_id in stored:
                seen.setdefault(exc.record_id, row.row_number)  # not absent: keeps its last good version
            continue
        record_id = record["record_id"]
        if record_id in seen:
            bad(row.row_number, row.raw, repeated(record_id, seen[record_id]), record_id)
            continue
        seen[record_id] = row.row_number
        raw = {key: jsonable(value) for key, value in row.values.items()}
        digest = hashlib.sha1(orjson.dumps(record, option=orjson.OPT_SORT_KEYS) + b"\n" + orjson.dumps(raw)).hexdigest()
        item = stored.get(record_id)
        if item is None:
            target.create(session, record, raw, digest, run)
            run.new += 1
        elif item.content_hash == digest and target.active(item):
            run.unchanged += 1
        else:
            target.update(session, item, record, raw, digest, run)
            run.changed += 1
    absent = [item for key, item in stored.items() if key not in seen and target.active(item)]
    active_before = sum(1 for item in stored.values() if target.active(item))
    settings = get_settings()
    if (
        not allow_withdrawals
        and active_before >= settings.withdrawal_guard_minimum
        and len(absent) > settings.withdrawal_guard_share * active_before
    ):
        raise MassWithdrawal(
            f"{run.filename} would withdraw {len(absent):,} of the {active_before:,} active records of "
            f"{layout.name} ({len(absent) / active_before:.0%}); nothing was imported. A snapshot must hold the "
            "whole register: check that this is the complete file. If the register really shrank, import it "
            "again allowing withdrawals."
        )
    for item in absent:
        target.withdraw(session, item, run)
    run.withdrawn += len(absent)
    insert_rows(session, QuarantinedRow.__table__, QUARANTINE_COLUMNS, quarantined)
    run.quarantined += len(quarantined)
    session.flush()
