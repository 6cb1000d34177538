"""`talentbridge match need NEED_ID` and `talentbridge match person PERSON_ID`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from talentbridge.accounts import service as accounts
from talentbridge.console import cli_actor, ensure_database, err, errors_as_exit, out
from talentbridge.db import session_scope
from talentbridge.matching import service
from talentbridge.matching.explain import factor_words

app = typer.Typer(help="Rank professionals for a hiring need, or needs for a professional.", no_args_is_help=True)

Top = Annotated[int, typer.Option("--top", min=1, max=service.MAX_TOP, help="How many results.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print a JSON list of results with their factors.")]


def _print(results: list[service.Result], *, side: str, title: str) -> None:
    if not results:
        out.print(f"{title}: no match (nobody meets the hard requirements, or nobody consented)")
        return
    table = Table(title=title)
    table.add_column("#", justify="right")
    table.add_column("person" if side == "person" else "need")
    table.add_column("score", justify="right")
    table.add_column("why")
    for rank, result in enumerate(results, start=1):
        words = "; ".join(
            f"{factor['contribution']:+.1f} {factor_words(factor, 'en')}"
            for factor in result.factors
            if factor["contribution"]
        )
        who = str(result.person_id) if side == "person" else result.need_key
        table.add_row(str(rank), who, f"{result.score:.1f}", words or "meets the requirements; nothing more in common")
    out.print(table)


def _emit(results: list[service.Result], *, side: str, as_json: bool, title: str) -> None:
    if as_json:
        typer.echo(json.dumps([result.to_json(side=side) for result in results], ensure_ascii=False))
    else:
        _print(results, side=side, title=title)


@app.command("need")
def match_need(
    need_id: Annotated[str, typer.Argument(help="The need's id (N-2018-0042) or number.")],
    top: Top = service.DEFAULT_TOP,
    as_json: AsJson = False,
) -> None:
    """The professionals who fit a hiring need, best first, each score explained."""
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        need = service.get_need(session, need_id)
        results = service.match_need(session, need.id, top=top)
        _audit(session, "match.need", need.need_key, [r.person_id for r in results])
    _emit(results, side="person", as_json=as_json, title=f"{need.need_key}: {need.title}")


@app.command("person")
def match_person(
    person_id: Annotated[int, typer.Argument(help="The person's id.")],
    top: Top = service.DEFAULT_TOP,
    as_json: AsJson = False,
) -> None:
    """The open hiring needs a professional fits, best first, each score explained."""
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        results = service.match_person(session, person_id, top=top)
        _audit(session, "match.person", str(person_id), [r.need_key for r in results])
    _emit(results, side="need", as_json=as_json, title=f"person {person_id}")


def _audit(session: Any, action: str, object_id: str, found: list[Any]) -> None:
    accounts.audit(
        session, actor=cli_actor(), action=action, object_type="match", object_id=object_id, detail={"found": found}
    )


fair_app = typer.Typer(help="Matching fairs: who meets whom.", no_args_is_help=True)


@fair_app.command("allocate")
def fair_allocate(
    event_file: Annotated[Path, typer.Argument(metavar="EVENT.json", help="The fair: companies, persons, slots.")],
    as_json: AsJson = False,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Also write the allocation as CSV to this file ('-': stdout).")
    ] = None,
) -> None:
    """A stable allocation of a matching fair's interview slots (the seed is printed)."""
    from talentbridge.matching import events

    try:
        event = json.loads(event_file.read_text(encoding="utf-8"))
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot read {event_file}: {exc.strerror}")
        raise typer.Exit(1) from None
    except ValueError as exc:
        err.print(f"[red]error:[/red] {event_file} is not JSON: {exc}")
        raise typer.Exit(1) from None
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        result = events.allocate_event(session, event)
        accounts.audit(
            session,
            actor=cli_actor(),
            action="fair.allocate",
            object_type="fair",
            object_id=str(event.get("name") or event_file.name)[:80],
            detail={"seed": result["seed"], "meetings": result["meetings"]},
        )
    if csv_out is not None:
        text = events.result_csv(result)
        if str(csv_out) == "-":
            typer.echo(text, nl=False)
        else:
            csv_out.write_text(text, encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False))
    elif str(csv_out) != "-":
        table = Table(
            title=f"{result['event'] or event_file.name}: {result['meetings']:,} meetings, seed {result['seed']}"
        )
        for column in ("company", "person", "company's rank", "person's rank"):
            table.add_column(column)
        for pair in result["pairs"][:200]:
            table.add_row(pair["company"], str(pair["person"]), str(pair["company_rank"]), str(pair["person_rank"]))
        out.print(table)
        out.print(
            f"{'stable' if result['stable'] else 'NOT stable'}; {result['meetings']:,} of {result['company_slots']:,} "
            f"company slots filled; {len(result['persons_unmatched']):,} persons without a meeting"
        )
