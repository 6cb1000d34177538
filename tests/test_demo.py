"""`talentbridge demo` without serving: it imports the register, links it into persons
and creates the demo accounts; a second run adds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from talentbridge.accounts.models import User
from talentbridge.cli import app
from talentbridge.db import session_scope
from talentbridge.feeds.models import SourceRecord
from talentbridge.registry.models import GoldenRecord, LinkageRun, PersonRecord

runner = CliRunner()


def test_demo_prepares_a_linked_register(app_database, tmp_path: Path) -> None:
    args = ["demo", "--persons", "40", "--no-serve", "--data-dir", str(tmp_path)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "sign in as steward" in first.output
    assert "sign in as company" in first.output
    with session_scope() as session:
        records = session.scalar(select(func.count()).select_from(SourceRecord).where(SourceRecord.status == "active"))
        assert records > 40
        assert session.scalar(select(func.count()).select_from(PersonRecord)) == records
        assert session.scalar(select(func.count()).select_from(GoldenRecord)) > 0
        linked = {user.username: user for user in session.scalars(select(User))}
        assert linked["company"].company_id is not None  # a company whose need has matches
        assert linked["pro"].person_id is not None  # the best person for that need
        assert linked["specialist"].specialist_id is not None  # a demo specialist, active
        from talentbridge.advisory.models import Specialist

        statuses = set(session.scalars(select(Specialist.status)))
        assert statuses == {"active"}
        from talentbridge.advisory.models import Talk

        # The demo company and the demo specialist meet in talks already booked.
        theirs = session.scalars(
            select(Talk).where(
                Talk.company_id == linked["company"].company_id,
                Talk.specialist_id == linked["specialist"].specialist_id,
            )
        ).all()
        assert len(theirs) == 2
        assert {talk.status for talk in theirs} == {"confirmed"}
        assert linked["company"].email
        assert linked["specialist"].email
        talks = session.scalar(select(func.count()).select_from(Talk))
        runs = session.scalar(select(func.count()).select_from(LinkageRun))
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    with session_scope() as session:
        assert session.scalar(select(func.count()).select_from(LinkageRun)) == runs  # nothing new to link
        from talentbridge.advisory.models import Talk

        assert session.scalar(select(func.count()).select_from(Talk)) == talks  # booked once only
