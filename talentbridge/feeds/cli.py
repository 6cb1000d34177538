"""`talentbridge import`, `talentbridge export records`, `talentbridge generate feeds`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.console import cli_actor, ensure_database, err, errors_as_exit, out
from talentbridge.db import session_scope
from talentbridge.feeds import models, service
from talentbridge.feeds.schemas import IMPORT_COUNTS, ImportReport

export_app = typer.Typer(help="Write what the register holds to files.", no_args_is_help=True)
generate_app = typer.Typer(help="Make realistic synthetic data.", no_args_is_help=True)


def _progress(transient: bool = True) -> Progress:
    # Refreshed by the work itself, not by rich's timer thread: an import forks its worker
    # processes only while it runs alone in its process (see feeds/prepare.py).
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=transient,
        auto_refresh=False,
        # Not into a log or a pipe: there it left only a blank line.
        disable=not err.is_terminal,
    )


def _advance(progress: Progress, task: TaskID) -> Callable[[int], None]:
    def advance(count: int) -> None:
        progress.advance(task, count)
        progress.refresh()

    return advance


def print_report(report: ImportReport) -> None:
    table = Table(title=f"{report.filename}: {report.feed} (import {report.import_id})", show_header=False)
    for key in IMPORT_COUNTS:
        table.add_row(key, f"{getattr(report, key):,}")
    out.print(table)
    if report.nothing_changed:
        out.print("Nothing changed: the register already held this snapshot.")
    if report.quarantined:
        out.print(
            f"{report.quarantined:,} row(s) quarantined; see them with the web UI (Imports) "
            f"or GET /api/imports/{report.import_id}/quarantine."
        )


def import_audited(
    session: Session,
    path: Path,
    *,
    feed: str | None = None,
    progress: Callable[[int], None] | None = None,
    allow_withdrawals: bool = False,
) -> ImportReport:
    """Import a file from the command line, and say so in the audit log."""
    report = service.import_feed(
        session, path, feed=feed, imported_by=cli_actor(), progress=progress, allow_withdrawals=allow_withdrawals
    )
    accounts.audit(
        session,
        actor=cli_actor(),
        action="feed.import",
        object_type="feed_import",
        object_id=str(report.import_id),
        detail=report.counts(),
    )
    return report


def import_command(
    path: Annotated[Path, typer.Argument(help="A feed snapshot file (CSV, JSON Lines or .xlsx).")],
    feed: Annotated[
        str | None, typer.Option("--feed", help="The layout's name; detected from the file when left out.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with the counts.")] = False,
    allow_withdrawals: Annotated[
        bool,
        typer.Option(
            "--allow-withdrawals",
            help="Import even when the snapshot withdraws much of the feed's register (it really shrank).",
        ),
    ] = False,
) -> None:
    """Import one agency's register snapshot: new, changed, withdrawn and quarantined rows."""
    if not path.is_file():
        err.print(f"[red]error:[/red] {path} is not a file")
        raise typer.Exit(1)
    ensure_database()
    with errors_as_exit():
        with session_scope() as session, _progress() as progress:
            task = progress.add_task(f"importing {path.name}", total=None)
            report = import_audited(
                session, path, feed=feed, progress=_advance(progress, task), allow_withdrawals=allow_withdrawals
            )
    if as_json:
        typer.echo(json.dumps(report.counts(), ensure_ascii=False))
    else:
        print_report(report)


@export_app.command("records")
def export_records(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.jsonl", help="Where to write; '-' for stdout.")],
    status: Annotated[str | None, typer.Option(help="Only records in this status: active or withdrawn.")] = None,
) -> None:
    """Write every source record as one canonical JSON object a line."""
    if status not in (None, models.ACTIVE, models.WITHDRAWN):
        err.print("[red]error:[/red] --status must be 'active' or 'withdrawn'")
        raise typer.Exit(1)
    ensure_database()
    count = 0
    with session_scope() as session:
        handle = typer.get_text_stream("stdout") if str(out_path) == "-" else out_path.open("w", encoding="utf-8")
        try:
            for record in service.iter_export_records(session, status=status):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if handle is not typer.get_text_stream("stdout"):
                handle.close()
        accounts.audit(
            session,
            actor=cli_actor(),
            action="records.export",
            object_type="source_record",
            detail={"count": count, "status": status, "to": str(out_path)},
        )
    err.print(f"wrote {count:,} source records to {out_path}")


@generate_app.command("feeds")
def generate_feeds(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the four layouts and truth.csv into.")],
    persons: Annotated[int, typer.Option(min=1, help="How many true persons to draw.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed writes the same bytes.")] = 0,
    bad_rows: Annotated[float, typer.Option(min=0.0, max=0.5, help="Share of rows made unreadable on purpose.")] = 0.0,
    companies: Annotated[
        int | None,
        typer.Option(min=0, help="Consortium companies (with their hiring needs); default: persons / 50, 20 to 2,000."),
    ] = None,
    specialists: Annotated[
        int | None, typer.Option(min=0, help="Overseas specialists; default: persons / 250, 10 to 400.")
    ] = None,
) -> None:
    """Write a realistic synthetic register in all four agency layouts, with its ground
    truth, and consortium companies with their hiring needs."""
    from talentbridge.advisory.generate import SPECIALISTS_FILE, default_specialists, generate_specialists
    from talentbridge.companies.generate import default_companies, generate_companies
    from talentbridge.feeds.generate import generate_feeds as generate

    outdir.mkdir(parents=True, exist_ok=True)
    with _progress() as progress:
        task = progress.add_task("generating persons", total=persons)
        summary = generate(outdir, persons=persons, seed=seed, bad_rows=bad_rows, progress=_advance(progress, task))
    count = default_companies(persons) if companies is None else companies
    written = generate_companies(outdir, companies=count, seed=seed, bad_rows=bad_rows) if count else {}
    experts = default_specialists(persons) if specialists is None else specialists
    if experts:
        written[SPECIALISTS_FILE] = generate_specialists(outdir, specialists=experts, seed=seed)
    table = Table(title=f"{outdir}: {persons:,} persons, seed {seed}", show_header=False)
    for feed, rows in summary.rows.items():
        table.add_row(feed, f"{rows:,} rows")
    table.add_row("truth.csv", f"{summary.truth_rows:,} rows")
    for name, rows in written.items():
        table.add_row(name.rsplit(".", 1)[0], f"{rows:,} rows")
    out.print(table)
