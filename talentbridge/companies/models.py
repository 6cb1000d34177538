"""Tables of the companies domain: the consortium's companies and their hiring needs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.feeds.models import FedRow, utcnow

# A company's or a need's status. A company absent from the consortium's latest snapshot
# is withdrawn (kept, with its needs, for the record); a need is open until it is filled,
# closed by its company, expires, or leaves the feed that brought it.
ACTIVE = "active"
WITHDRAWN = "withdrawn"
OPEN = "open"
CLOSED = "closed"
NEED_STATUSES = (OPEN, CLOSED, WITHDRAWN)

# Where a need came from: a feed (bulk), or filed by the company on the web or the API.
ORIGIN_FEED = "feed"
ORIGIN_COMPANY = "company"


class Company(FedRow, Base):
    """A New Export Consortium company, by its corporate number (法人番号)."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    corporate_number: Mapped[str] = mapped_column(String(13), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    prefecture: Mapped[str | None] = mapped_column(String(2))  # JIS code of the head office
    industry: Mapped[str | None] = mapped_column(String(100))
    employees: Mapped[int | None] = mapped_column(Integer)
    capital_man_yen: Mapped[int | None] = mapped_column(Integer)  # 資本金, in units of 10,000 yen
    hs_codes: Mapped[list[str]] = mapped_column(JSONText, default=list)  # its main products
    exports_already: Mapped[bool | None] = mapped_column(Boolean)  # 輸出実績
    target_markets: Mapped[list[str]] = mapped_column(JSONText, default=list)  # alpha-2 or EU/TPP11
    tier: Mapped[str] = mapped_column(String(12), default="general")  # priority | local_sme | general
    registered_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ACTIVE, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Need(FedRow, Base):
    """A company's hiring need: what the person must have (minimum language levels, work
    eligibility) and what counts in their favour (markets, sectors, HS codes, skills,
    role, place, the description)."""

    __tablename__ = "needs"
    __table_args__ = (Index("ix_needs_company_status", "company_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_key: Mapped[str] = mapped_column(String(40), unique=True)  # N-2018-0042, or made on filing
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    title: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(80))
    # [{"code": "ja", "level": "B2", "jlpt": "N2"}]: the lowest level that will do.
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
    target_markets: Mapped[list[str]] = mapped_column(JSONText, default=list)
    sectors: Mapped[list[str]] = mapped_column(JSONText, default=list)
    hs_codes: Mapped[list[str]] = mapped_column(JSONText, default=list)
    skills: Mapped[list[str]] = mapped_column(JSONText, default=list)
    prefecture: Mapped[str | None] = mapped_column(String(2))
    work_eligible_only: Mapped[bool] = mapped_column(Boolean, default=False)
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=OPEN, index=True)
    # As the Employment Security Act asks: shown with the date it was true on, and it expires.
    as_of: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(String(12), default=ORIGIN_COMPANY)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
