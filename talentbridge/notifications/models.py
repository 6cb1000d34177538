"""The durable queue of e-mail the platform sends (confirmations, changes, reminders)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.feeds.models import utcnow

WAITING = "waiting"
SENDING = "sending"  # claimed by a worker; if it died here the mail may or may not have gone
SENT = "sent"
SKIPPED = "skipped"  # no longer due (a reminder of a talk that was cancelled or moved)
FAILED = "failed"


class Job(Base):
    """One mail to send at or after `run_at`. `key` is unique: the same change never
    queues the same mail twice. Written in the transaction of the change it announces."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_run_at", "status", "run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(40))  # talk.confirmed, talk.cancelled, talk.reminder ...
    talk_id: Mapped[int | None] = mapped_column(Integer, index=True)
    sequence: Mapped[int | None] = mapped_column(Integer)  # the talk's SEQUENCE the mail is about
    payload: Mapped[Any] = mapped_column(JSONText, default=dict)
    run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(12), default=WAITING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
