"""What the `overseas-specialists` feed becomes (see feeds/entities.py).

A new specialist is an applicant: the agency vets and then activates them. The weekly
hours in the feed are the specialist's hours until the specialist sets their own, and the
profile (PROFILE_FIELDS) the feed's until the specialist edits it. A
specialist absent from the newer snapshot is suspended (kept, and no longer offered).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from talentbridge.advisory.models import APPLICANT, PROFILE_FIELDS, SUSPENDED, VETTED, Specialist, WeeklyHours
from talentbridge.feeds.errors import N_, message
from talentbridge.feeds.mapping import RowError
from talentbridge.feeds.models import FeedImport

COLUMNS = ("name", "city", "country", "time_zone", "sectors", "markets", "languages", "background")
ABSENT = "absent from the feed's latest snapshot"


def set_week(session: Session, specialist: Specialist, windows: list[dict[str, Any]]) -> None:
    """Replace the specialist's weekly hours with these windows (weekly_hours' form)."""
    if specialist.id is not None:
        session.execute(delete(WeeklyHours).where(WeeklyHours.specialist_id == specialist.id))
    for window in windows:
        start = _minute(window["start"])
        end = _minute(window["end"])
        for day in window["days"]:
            session.add(WeeklyHours(specialist_id=specialist.id, weekday=day, start_minute=start, end_minute=end))


def _minute(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


class SpecialistTarget:
    fields = {
        **dict.fromkeys(("name", "city", "country", "time_zone", "background"), "scalar"),
        **dict.fromkeys(("sectors", "markets", "languages", "weekly_hours"), "list"),
    }

    @staticmethod
    def check(session: Session, record: dict[str, Any]) -> dict[str, Any]:
        if not record.get("name"):
            raise RowError(message(N_("the specialist has no name")), record["record_id"])
        if not record.get("time_zone"):
            raise RowError(message(N_("the specialist has no time zone")), record["record_id"])
        return record

    @staticmethod
    def stored(session: Session, feed: str) -> dict[str, Any]:
        return {s.specialist_key: s for s in session.scalars(select(Specialist).where(Specialist.feed == feed))}

    @staticmethod
    def create(session: Session, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        specialist = Specialist(specialist_key=record["record_id"], status=APPLICANT, hours_source="feed")
        _fill(specialist, record, raw, digest, run)
        session.add(specialist)
        session.flush()
        set_week(session, specialist, record.get("weekly_hours") or [])

    @staticmethod
    def update(session: Session, item: Any, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        if item.status == SUSPENDED and item.vetting_notes and ABSENT in item.vetting_notes:
            item.status = VETTED if item.vetted_at else APPLICANT  # back in the feed: the agency reactivates
        item.version += 1
        _fill(item, record, raw, digest, run)
        if item.hours_source == "feed":
            set_week(session, item, record.get("weekly_hours") or [])

    @staticmethod
    def withdraw(session: Session, item: Any, run: FeedImport) -> None:
        item.status = SUSPENDED
        item.vetting_notes = "; ".join(filter(None, [item.vetting_notes, ABSENT]))
        item.version += 1
        item.last_import_id = run.id
        item.updated_at = datetime.now(UTC)

    @staticmethod
    def active(item: Any) -> bool:
        return bool(item.status != SUSPENDED)


def _fill(item: Specialist, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
    for name in COLUMNS:
        if item.profile_source == "own" and name in PROFILE_FIELDS:
            continue  # the specialist keeps their profile up to date themselves
        value = record.get(name)
        setattr(item, name, [] if value is None and name in ("sectors", "markets", "languages") else value)
    item.feed = run.feed
    item.raw = raw
    item.content_hash = digest
    item.last_import_id = run.id
    item.updated_at = datetime.now(UTC)
