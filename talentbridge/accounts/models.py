"""Users with one role each, and the audit log of who saw or changed what."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, DateTime, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONType
from talentbridge.feeds.models import utcnow


class Role(enum.StrEnum):
    administrator = "administrator"
    data_steward = "data_steward"
    # The roles of the issues that follow: their users sign in the same way.
    company = "company"
    professional = "professional"
    specialist = "specialist"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))  # where the platform's mail goes
    # The secret of the user's private calendar feed (ICS); a new one revokes the old.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    locale: Mapped[str] = mapped_column(String(5), default="ja")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Whom the account acts for: a company user's company, a professional's person.
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"), index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("specialists.id"), index=True)


class AuditEntry(Base):
    """Every view or export of personal data, every import, every sign-in."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(80))  # username, or "cli:<os user>"
    action: Mapped[str] = mapped_column(String(40))  # e.g. record.view, records.export, feed.import
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
