"""Tables of the matching domain: introductions, their steps, and provision records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.feeds.models import utcnow

# An introduction's state. The company asks (requested); the person accepts or declines;
# only an accepted introduction releases the person's contact details to the company. The
# company may cancel a request not yet answered; the person may withdraw at any time,
# which stops the provision at once.
REQUESTED = "requested"
ACCEPTED = "accepted"
DECLINED = "declined"
CANCELLED = "cancelled"
WITHDRAWN = "withdrawn"
INTRODUCTION_STATES = (REQUESTED, ACCEPTED, DECLINED, CANCELLED, WITHDRAWN)
OPEN_STATES = (REQUESTED, ACCEPTED)


class Introduction(Base):
    """A company's request to meet a person for one of its needs, and the person's answer."""

    __tablename__ = "introductions"
    __table_args__ = (
        UniqueConstraint("need_id", "person_id", name="uq_introductions_need_person"),
        Index("ix_introductions_person_status", "person_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"))
    status: Mapped[str] = mapped_column(String(12), default=REQUESTED)
    score: Mapped[float | None] = mapped_column()  # the match score when the company asked
    message: Mapped[str | None] = mapped_column(Text)  # the company's words to the person
    requested_by: Mapped[str] = mapped_column(String(80))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class IntroductionStep(Base):
    """Every step of an introduction: who did what, when."""

    __tablename__ = "introduction_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(ForeignKey("introductions.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # requested, accepted, declined, cancelled, withdrawn
    by: Mapped[str] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class ProvisionRecord(Base):
    """A provision of personal data to a third party (APPI): who received which items of
    whose data, when, from which agencies' records, on which consent. Written when an
    introduction releases contact details; never changed, only marked stopped."""

    __tablename__ = "provision_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    introduction_id: Mapped[int] = mapped_column(ForeignKey("introductions.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    recipient_company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    recipient_name: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[str]] = mapped_column(JSONText)  # the data items released
    # [{"item", "source_record", "feed", "agency"}]: where each released item came from.
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    # {"purpose": "job_matching", "consenting_records": [{"id", "feed", "agency"}]}
    consent: Mapped[dict[str, Any]] = mapped_column(JSONText)
    provided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    provided_by: Mapped[str] = mapped_column(String(80))
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    stop_reason: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
