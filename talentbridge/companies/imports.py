"""What the `consortium-companies` and `company-needs` feeds become (see feeds/entities.py).

Their mapping files are in companies/layouts/; each names one of the targets below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.companies.models import (
    ACTIVE,
    OPEN,
    ORIGIN_FEED,
    WITHDRAWN,
    Company,
    Need,
)
from talentbridge.config import get_settings
from talentbridge.feeds.errors import N_, message
from talentbridge.feeds.mapping import RowError
from talentbridge.feeds.models import FeedImport

COMPANY_COLUMNS = (
    "name",
    "prefecture",
    "industry",
    "employees",
    "capital_man_yen",
    "hs_codes",
    "exports_already",
    "target_markets",
    "tier",
    "registered_on",
)
NEED_COLUMNS = (
    "title",
    "role",
    "languages",
    "target_markets",
    "sectors",
    "hs_codes",
    "skills",
    "prefecture",
    "work_eligible_only",
    "headcount",
    "description",
)
_LISTS = {"hs_codes", "target_markets", "languages", "sectors", "skills"}


def _fields(columns: tuple[str, ...], *extra: str) -> dict[str, str]:
    return {name: "list" if name in _LISTS else "scalar" for name in (*columns, *extra)}


class CompanyTarget:
    fields = _fields(COMPANY_COLUMNS)

    @staticmethod
    def check(session: Session, record: dict[str, Any]) -> dict[str, Any]:
        if not record.get("name"):
            raise RowError(message(N_("the company has no name")), record["record_id"])
        record["tier"] = record.get("tier") or "general"
        return record

    @staticmethod
    def stored(session: Session, feed: str) -> dict[str, Any]:
        return {company.corporate_number: company for company in session.scalars(select(Company))}

    @staticmethod
    def create(session: Session, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        company = Company(corporate_number=record["record_id"], status=ACTIVE)
        _fill(company, COMPANY_COLUMNS, record, raw, digest, run)
        session.add(company)

    @staticmethod
    def update(session: Session, item: Any, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        item.status = ACTIVE
        item.version += 1
        _fill(item, COMPANY_COLUMNS, record, raw, digest, run)

    @staticmethod
    def withdraw(session: Session, item: Any, run: FeedImport) -> None:
        _withdraw(item, run)

    @staticmethod
    def active(item: Any) -> bool:
        return bool(item.status == ACTIVE)


class NeedTarget:
    fields = _fields(NEED_COLUMNS, "corporate_number", "as_of", "expires_on")

    @staticmethod
    def check(session: Session, record: dict[str, Any]) -> dict[str, Any]:
        number = record.pop("corporate_number", None)
        company = session.scalar(select(Company).where(Company.corporate_number == number)) if number else None
        if company is None:
            reason = message(
                N_(
                    "the company {number} is not in the register; import the consortium companies "
                    "(consortium-companies) first"
                ),
                number=number or "",
            )
            raise RowError(reason, record["record_id"])
        if company.status != ACTIVE:
            reason = message(N_("the company {number} has left the consortium"), number=number)
            raise RowError(reason, record["record_id"])
        if not record.get("title"):
            raise RowError(message(N_("the need has no title")), record["record_id"])
        record["company_id"] = company.id
        record["headcount"] = record.get("headcount") or 1
        record["work_eligible_only"] = bool(record.get("work_eligible_only"))
        return record

    @staticmethod
    def stored(session: Session, feed: str) -> dict[str, Any]:
        return {need.need_key: need for need in session.scalars(select(Need).where(Need.feed == feed))}

    @staticmethod
    def create(session: Session, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        need = Need(need_key=record["record_id"], origin=ORIGIN_FEED, feed=run.feed, status=OPEN)
        _fill_need(session, need, record, raw, digest, run)
        session.add(need)

    @staticmethod
    def update(session: Session, item: Any, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
        item.status = OPEN
        item.version += 1
        _fill_need(session, item, record, raw, digest, run)

    @staticmethod
    def withdraw(session: Session, item: Any, run: FeedImport) -> None:
        _withdraw(item, run)

    @staticmethod
    def active(item: Any) -> bool:
        return bool(item.status == OPEN)


def _withdraw(item: Any, run: FeedImport) -> None:
    """Absent from the newer snapshot: kept, withdrawn, a new version."""
    item.status = WITHDRAWN
    item.version += 1
    item.last_import_id = run.id
    item.updated_at = datetime.now(UTC)


def _fill(item: Any, columns: tuple[str, ...], record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
    for name in columns:
        value = record.get(name)
        setattr(item, name, [] if value is None and name in _LISTS else value)
    item.feed = run.feed
    item.raw = raw
    item.content_hash = digest
    item.last_import_id = run.id
    item.updated_at = datetime.now(UTC)


def _fill_need(session: Session, need: Need, record: dict[str, Any], raw: Any, digest: str, run: FeedImport) -> None:
    _fill(need, NEED_COLUMNS, record, raw, digest, run)
    need.company_id = record["company_id"]
    as_of = record.get("as_of") or (run.started_at or datetime.now(UTC)).date()
    need.as_of = as_of
    need.expires_on = record.get("expires_on") or default_expiry(as_of)
    need.created_by = run.imported_by


def default_expiry(as_of: date) -> date:
    """A need that says nothing of its end expires this many days after its "as of" date."""
    return as_of + timedelta(days=get_settings().need_lifetime_days)
