"""A talk after booking: declined, moved, cancelled inside the cutoff only with the
specialist's consent, completed with the advice, rated, missed; the UID stays, the
SEQUENCE rises."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from talentbridge.advisory import booking, service, talks
from talentbridge.errors import Invalid

from .test_booking import BKK, NOW, at, book, prepare


def test_moving_and_cancelling_keep_the_uid_and_the_company_needs_consent_inside_the_cutoff(
    session: Session, tmp_path: Path
) -> None:
    specialist_id, company = prepare(session, tmp_path)
    talk = book(session, specialist_id, company, at(14, 9))
    uid = talk.uid
    moved = talks.reschedule(session, talk, side="company", by="acme", starts_at=at(15, 10), now=NOW)
    assert (moved.status, moved.sequence, moved.uid) == ("rescheduled", 1, uid)
    assert moved.starts_at.astimezone(BKK) == at(15, 10)
    specialist = service.get_specialist(session, "SP-7")
    free = service.slots(session, specialist, first=at(14, 0).date(), days=1, viewer_zone="Asia/Bangkok", now=NOW)
    assert at(14, 9).astimezone(UTC) in [s.starts_at for s in free]  # the old time is free again
    other = book(session, specialist_id, company, at(16, 9))
    with pytest.raises(booking.SlotTaken):
        talks.reschedule(session, moved, side="company", by="acme", starts_at=at(16, 9), now=NOW)
    with pytest.raises(Invalid, match="outside"):
        talks.reschedule(session, moved, side="company", by="acme", starts_at=at(15, 20), now=NOW)

    late = at(15, 10).astimezone(UTC) - timedelta(hours=10)
    with pytest.raises(Invalid, match="only with the specialist's consent"):
        talks.cancel(session, moved, side="company", by="acme", reason="plans changed", now=late)
    with pytest.raises(Invalid, match="say why"):
        talks.cancel(session, moved, side="specialist", by="naoko", reason=" ", now=late)
    cancelled = talks.cancel(session, moved, side="specialist", by="naoko", reason="the company asked", now=late)
    assert (cancelled.status, cancelled.sequence, cancelled.uid, cancelled.cancelled_by) == (
        "cancelled",
        2,
        uid,
        "naoko",
    )
    assert cancelled.holds_time is False
    # The cancelled talk's time is free again.
    assert book(session, specialist_id, company, at(15, 10)).status == "confirmed"
    declined = talks.decline(session, other, by="naoko", reason="travelling", now=NOW)
    assert (declined.status, declined.holds_time) == ("declined", False)


def test_after_the_talk_advice_rating_and_no_show(session: Session, tmp_path: Path) -> None:
    specialist_id, company = prepare(session, tmp_path)
    talk = book(session, specialist_id, company, at(14, 9))
    before = at(14, 9).astimezone(UTC)
    with pytest.raises(Invalid, match="has not ended"):
        talks.complete(session, talk, by="naoko", advice="x", now=before)
    with pytest.raises(Invalid, match="only a completed talk is rated"):
        talks.rate(session, talk, stars=5)
    after = before + timedelta(hours=2)
    done = talks.complete(
        session, talk, by="naoko", advice="Talk to importers in Bangkok", next_steps="Samples", now=after
    )
    assert (done.status, done.advice, done.next_steps) == ("completed", "Talk to importers in Bangkok", "Samples")
    with pytest.raises(Invalid, match="1 to 5"):
        talks.rate(session, done, stars=6)
    assert talks.rate(session, done, stars=4, comment="useful").rating == 4
    missed = book(session, specialist_id, company, at(15, 9))
    with pytest.raises(Invalid, match="cannot be marked missed"):
        talks.no_show(session, missed, by="naoko", now=NOW)
    assert talks.no_show(session, missed, by="naoko", now=at(15, 11).astimezone(UTC)).status == "no_show"
    with pytest.raises(Invalid, match="cannot be cancelled"):
        talks.cancel(session, missed, side="specialist", by="naoko", reason="x", now=datetime(2026, 12, 1, tzinfo=UTC))
