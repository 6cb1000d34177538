"""Tables of the advisory domain: specialists stationed abroad, when they are free, and
the business talks companies book with them.

Times are stored in UTC; a specialist's weekly hours and date overrides are kept in
their own IANA time zone (as wall-clock times), and turned into instants day by day, so
a daylight-saving change moves the instants, not the hours the specialist keeps.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talentbridge.db import Base, JSONText
from talentbridge.errors import N_, Message, message
from talentbridge.feeds.models import FedRow, utcnow

# A specialist's standing with the agency: only active specialists are offered.
APPLICANT = "applicant"
VETTED = "vetted"
ACTIVE = "active"
SUSPENDED = "suspended"
SPECIALIST_STATES = (APPLICANT, VETTED, ACTIVE, SUSPENDED)

# A talk's state. Requested, confirmed and rescheduled talks hold their time.
REQUESTED = "requested"
CONFIRMED = "confirmed"
DECLINED = "declined"
RESCHEDULED = "rescheduled"
CANCELLED = "cancelled"
COMPLETED = "completed"
NO_SHOW = "no_show"
TALK_STATES = (REQUESTED, CONFIRMED, DECLINED, RESCHEDULED, CANCELLED, COMPLETED, NO_SHOW)
HOLDING_STATES = (REQUESTED, CONFIRMED, RESCHEDULED)
FORMATS = ("video", "phone", "in_person")

# The states in words, for messages in the reader's language (errors.Message).
STATE_WORDS = {
    APPLICANT: N_("applicant"),
    VETTED: N_("vetted"),
    ACTIVE: N_("active"),
    SUSPENDED: N_("suspended"),
    REQUESTED: N_("requested"),
    CONFIRMED: N_("confirmed"),
    DECLINED: N_("declined"),
    RESCHEDULED: N_("rescheduled"),
    CANCELLED: N_("cancelled"),
    COMPLETED: N_("completed"),
    NO_SHOW: N_("missed"),
}


def state_word(state: str) -> Message:
    return message(STATE_WORDS.get(state, state))


# What a specialist keeps up to date themselves (their name stays the one the agency vetted).
PROFILE_FIELDS = ("city", "country", "time_zone", "sectors", "markets", "languages", "background")


class Specialist(FedRow, Base):
    __tablename__ = "specialists"

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_key: Mapped[str] = mapped_column(String(40), unique=True)  # SP-0001, from the feed
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str | None] = mapped_column(String(2))
    time_zone: Mapped[str] = mapped_column(String(64))  # IANA, e.g. Asia/Bangkok
    sectors: Mapped[list[str]] = mapped_column(JSONText, default=list)
    markets: Mapped[list[str]] = mapped_column(JSONText, default=list)
    languages: Mapped[list[str]] = mapped_column(JSONText, default=list)
    background: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=APPLICANT, index=True)
    vetted_by: Mapped[str | None] = mapped_column(String(80))
    vetted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    vetting_notes: Mapped[str | None] = mapped_column(Text)
    # Booking rules the specialist sets.
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=15)
    notice_hours: Mapped[int] = mapped_column(Integer, default=24)
    max_talks_per_day: Mapped[int] = mapped_column(Integer, default=4)
    # "feed" while the weekly hours are the feed's; "own" once the specialist set them.
    hours_source: Mapped[str] = mapped_column(String(8), default="feed")
    # The same for the profile (PROFILE_FIELDS): "own" once the specialist edited it.
    profile_source: Mapped[str] = mapped_column(String(8), default="feed", server_default="feed")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WeeklyHours(Base):
    """One window of a specialist's week, in their time zone: weekday (Monday 0), from and
    to as minutes after local midnight."""

    __tablename__ = "weekly_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(SmallInteger)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)


class DateOverride(Base):
    """A day that is not like the week says: a day off (no window), or other hours."""

    __tablename__ = "date_overrides"
    __table_args__ = (Index("ix_date_overrides_specialist_day", "specialist_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    start_minute: Mapped[int | None] = mapped_column(Integer)  # None: the day off
    end_minute: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(200))


class Talk(Base):
    """A business talk between a company and a specialist. `blocked_until` is its end plus
    the specialist's buffer: two talks of one specialist that hold their time never overlap
    on [starts_at, blocked_until) (on PostgreSQL an exclusion constraint says so; on
    SQLite bookings write one at a time, each checking under the write lock)."""

    __tablename__ = "talks"
    __table_args__ = (
        Index("ix_talks_specialist_starts", "specialist_id", "starts_at"),
        CheckConstraint("blocked_until >= ends_at AND ends_at > starts_at", name="times"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)  # the iCalendar UID, kept across updates
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    blocked_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(12), default=CONFIRMED)
    holds_time: Mapped[bool] = mapped_column(Boolean, default=True)  # status in HOLDING_STATES
    format: Mapped[str] = mapped_column(String(12), default="video")
    purpose: Mapped[str] = mapped_column(Text)
    questions: Mapped[str | None] = mapped_column(Text)
    booked_by: Mapped[str] = mapped_column(String(80))
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE
    cancelled_by: Mapped[str | None] = mapped_column(String(80))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # After the talk: the specialist's record of the advice, and the company's rating.
    advice: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(SmallInteger)  # 1 to 5
    rating_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SlotHold(Base):
    """A slot held for a company while it fills in the booking form. It frees itself when
    it expires; booking with its token turns it into the talk."""

    __tablename__ = "slot_holds"
    __table_args__ = (Index("ix_slot_holds_specialist_expires", "specialist_id", "expires_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40), unique=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("specialists.id", ondelete="CASCADE"))
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    blocked_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
