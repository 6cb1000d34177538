"""`talentbridge specialists ...` (the agency's selection) and `talentbridge talks slots`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Annotated

import typer
from rich.table import Table

from talentbridge.accounts import service as accounts
from talentbridge.advisory import service
from talentbridge.advisory.models import ACTIVE, SUSPENDED, VETTED
from talentbridge.console import cli_actor, ensure_database, err, errors_as_exit, out
from talentbridge.db import session_scope

specialists_app = typer.Typer(help="Specialists stationed abroad: the agency's selection.", no_args_is_help=True)
talks_app = typer.Typer(help="Business talks with specialists: free slots.", no_args_is_help=True)


def _status(specialist_id: str, status: str, notes: str | None) -> None:
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        specialist = service.get_specialist(session, specialist_id)
        service.set_status(session, specialist, status, by=cli_actor(), notes=notes)
        accounts.audit(
            session, actor=cli_actor(), action=f"specialist.{status}", object_type="specialist",
            object_id=specialist.specialist_key, detail={"notes": notes},
        )  # fmt: skip
        out.print(f"{specialist.specialist_key} {specialist.name}: {specialist.status}")


Notes = Annotated[str | None, typer.Option("--notes", help="What the agency found (kept with the specialist).")]
Key = Annotated[str, typer.Argument(help="The specialist's id (SP-0001) or number.")]


@specialists_app.command("vet")
def vet(specialist_id: Key, notes: Notes = None) -> None:
    """Record that the agency vetted an applicant (who and when are kept)."""
    _status(specialist_id, VETTED, notes)


@specialists_app.command("activate")
def activate(specialist_id: Key, notes: Notes = None) -> None:
    """Offer a vetted specialist to companies."""
    _status(specialist_id, ACTIVE, notes)


@specialists_app.command("suspend")
def suspend(specialist_id: Key, notes: Notes = None) -> None:
    """Stop offering a specialist."""
    _status(specialist_id, SUSPENDED, notes)


@talks_app.command("slots")
def talk_slots(
    specialist_id: Key,
    first: Annotated[str, typer.Option("--from", help="The first day, YYYY-MM-DD (in the viewer's zone).")],
    days: Annotated[int, typer.Option("--days", help="How many days.")] = 7,
    tz: Annotated[str, typer.Option("--tz", help="The viewer's IANA time zone.")] = "Asia/Tokyo",
    minutes: Annotated[int, typer.Option("--minutes", help="The length of the talk.")] = 60,
    as_json: Annotated[
        bool, typer.Option("--json", help="A JSON list of {start, end} (ISO 8601 with offsets).")
    ] = False,
) -> None:
    """A specialist's free slots, in the viewer's time zone beside the specialist's own."""
    try:
        day = date.fromisoformat(first)
    except ValueError:
        err.print(f"[red]error:[/red] --from {first!r} is not a date (YYYY-MM-DD)")
        raise typer.Exit(1) from None
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        specialist = service.get_specialist(session, specialist_id)
        found = service.slots(session, specialist, first=day, days=days, viewer_zone=tz, minutes=minutes)
        items = [service.slot_json(slot, tz, specialist.time_zone) for slot in found]
        name, zone = specialist.name, specialist.time_zone
    if as_json:
        typer.echo(json.dumps(items))
        return
    table = Table(title=f"{name}: free {minutes}-minute slots ({tz}; the specialist is in {zone})")
    table.add_column(tz)
    table.add_column(zone)
    for item in items:
        start, local = datetime.fromisoformat(item["start"]), datetime.fromisoformat(item["specialist_start"])
        table.add_row(start.strftime("%a %Y-%m-%d %H:%M"), local.strftime("%a %Y-%m-%d %H:%M"))
    out.print(table if items else "no free slot in these days")


@talks_app.command("book")
def talk_book(
    specialist_id: Key,
    start: Annotated[str, typer.Argument(help="The start, ISO 8601 with its offset: 2026-12-07T18:00+09:00.")],
    company: Annotated[str, typer.Option("--company", help="The booking company's corporate number.")],
    minutes: Annotated[int, typer.Option("--minutes", help="The length of the talk.")] = 60,
    purpose: Annotated[str, typer.Option("--purpose", help="What the talk is for.")] = "Business talk",
    questions: Annotated[str | None, typer.Option("--questions", help="The company's questions.")] = None,
    talk_format: Annotated[str, typer.Option("--format", help="video, phone or in_person.")] = "video",
    as_json: Annotated[bool, typer.Option("--json", help="Print the talk as JSON.")] = False,
) -> None:
    """Book a talk in a free slot; exits non-zero, saying why, when the slot is taken or
    outside the specialist's hours."""
    from talentbridge.advisory import booking
    from talentbridge.companies.service import get_company

    try:
        starts_at = datetime.fromisoformat(start)
    except ValueError:
        err.print(f"[red]error:[/red] {start!r} is not a date and time (such as 2026-12-07T18:00+09:00)")
        raise typer.Exit(1) from None
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        specialist = service.get_specialist(session, specialist_id)
        booker = get_company(session, company)
        specialist_pk, zone = specialist.id, specialist.time_zone
        session.commit()  # the booking is a write transaction of its own
        talk = booking.book(
            session,
            specialist_id=specialist_pk,
            company=booker,
            starts_at=starts_at,
            minutes=minutes,
            purpose=purpose,
            questions=questions,
            format=talk_format,
            by=cli_actor(),
        )
        accounts.audit(
            session, actor=cli_actor(), action="talk.book", object_type="talk", object_id=str(talk.id),
            detail={"specialist": specialist_id, "company": company},
        )  # fmt: skip
        item = service.talk_json(talk, starts_at.tzinfo, zone)
    if as_json:
        typer.echo(json.dumps(item))
    else:
        out.print(
            f"talk {item['id']} {item['status']}: {item['start']} to {item['end']} ({item['specialist_start']} {zone})"
        )


@specialists_app.command("recommend")
def specialists_recommend(
    company: Annotated[str, typer.Option("--company", help="The company's corporate number.")],
    market: Annotated[
        str | None, typer.Option("--market", help="A market (CC or EU): instead of the company's.")
    ] = None,
    hs: Annotated[str | None, typer.Option("--hs", help="An HS code: instead of the company's products.")] = None,
    sector: Annotated[str | None, typer.Option("--sector", help="A sector, in words.")] = None,
    language: Annotated[str, typer.Option("--language", help="The language of the talk (ISO 639-1).")] = "ja",
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="How many.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list with each score's factors.")] = False,
) -> None:
    """Active specialists for a company, best first, each score explained."""
    from talentbridge.advisory.recommend import recommend, recommendation_json
    from talentbridge.companies.service import get_company

    ensure_database()
    with errors_as_exit(), session_scope() as session:
        found = get_company(session, company)
        items = [
            recommendation_json(item)
            for item in recommend(session, found, market=market, hs_code=hs, sector=sector, language=language, top=top)
        ]
    if as_json:
        typer.echo(json.dumps(items, ensure_ascii=False))
        return
    table = Table(title=f"Specialists for {company}")
    for column in ("#", "specialist", "score", "why"):
        table.add_column(column)
    for rank, item in enumerate(items, start=1):
        why = "; ".join(f"+{f['contribution']:.1f} {f['name']}" for f in item["factors"] if f["contribution"])
        table.add_row(
            str(rank), f"{item['specialist_id']} {item['name']} ({item['city']})", f"{item['score']:.1f}", why
        )
    out.print(table if items else "no active specialist yet: the agency vets and activates them")
