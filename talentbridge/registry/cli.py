"""`talentbridge consolidate`, `talentbridge export links`, `talentbridge evaluate links`."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from talentbridge.accounts import service as accounts
from talentbridge.console import cli_actor, ensure_database, err, errors_as_exit, out
from talentbridge.db import session_scope
from talentbridge.registry import linkage, review, service

evaluate_app = typer.Typer(help="Measure the register's quality against a ground truth.", no_args_is_help=True)


def consolidate_command(
    engine: Annotated[
        str, typer.Option(help="duckdb (embedded, the default) or spark (a register beyond one machine).")
    ] = "duckdb",
    threshold: Annotated[
        float, typer.Option(help="Match probability at which two source records are linked.")
    ] = linkage.THRESHOLD,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental",
            help="Link only the records no person holds yet (a new import's) with the last run's model.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with the run's figures.")] = False,
) -> None:
    """Link the source records of every feed into persons (one person, one record)."""
    ensure_database()
    with errors_as_exit():
        with session_scope() as session:
            columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
            with Progress(*columns, console=err, disable=not err.is_terminal) as bar:  # not into a log
                task = bar.add_task("reading the register", total=None)

                def say(step: str) -> None:
                    bar.update(task, description=step)

                if incremental:
                    found = service.link_new(session, started_by=cli_actor(), progress=say)
                    if found is None:
                        err.print("nothing new to link: every active source record is in a person")
                        if as_json:
                            typer.echo(json.dumps({"run": None, "records": 0}))
                        return
                    run = found
                else:
                    run = service.consolidate(
                        session, engine=engine, threshold=threshold, started_by=cli_actor(), progress=say
                    )
            accounts.audit(
                session,
                actor=cli_actor(),
                action="registry.consolidate",
                object_type="linkage_run",
                object_id=str(run.id),
            )
            figures = {
                "run": run.id,
                "kind": run.kind,
                "records": run.records,
                "pairs": run.pairs,
                "links": run.links,
                "persons": run.persons,
                "created": run.created,
                "merged": run.merged,
                "split": run.split,
                "retired": run.retired,
                "seconds": run.seconds,
                "pending_review": review.counts(session)["pending"],
            }
    if as_json:
        typer.echo(json.dumps(figures))
        return
    table = Table(title=f"linkage run {figures['run']}", show_header=False)
    for key in ("records", "pairs", "links", "persons", "created", "merged", "split", "retired"):
        table.add_row(key, f"{figures[key]:,}")
    table.add_row("pending review", f"{figures['pending_review']:,}")
    out.print(table)


def export_links(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.csv", help="Where to write; '-' for stdout.")],
) -> None:
    """Write feed,record_id,person_id for every source record."""
    ensure_database()
    count = 0
    with session_scope() as session:
        stdout = str(out_path) == "-"
        handle = typer.get_text_stream("stdout") if stdout else out_path.open("w", encoding="utf-8", newline="")
        try:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("feed", "record_id", "person_id"))
            for feed, record_id, person_id in service.iter_links(session):
                writer.writerow((feed, record_id, "" if person_id is None else person_id))
                count += 1
        finally:
            if not stdout:
                handle.close()
        accounts.audit(session, actor=cli_actor(), action="links.export", object_type="person", detail={"count": count})
    err.print(f"wrote {count:,} links to {out_path}")


@evaluate_app.command("links")
def evaluate_links(
    truth: Annotated[Path, typer.Option(help="truth.csv from `talentbridge generate feeds`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Pairwise precision, recall and F1 of the persons against the generator's ground truth."""
    ensure_database()
    with errors_as_exit():
        known = service.read_truth(truth)
        with session_scope() as session:
            found = {(feed, record_id): person for feed, record_id, person in service.iter_links(session)}
        result = service.evaluate(found, known)
    if as_json:
        typer.echo(json.dumps(result.as_dict()))
        return
    table = Table(title=f"persons against {truth.name}", show_header=False)
    table.add_row("pairwise precision", f"{result.precision:.4f}")
    table.add_row("pairwise recall", f"{result.recall:.4f}")
    table.add_row("pairwise F1", f"{result.f1:.4f}")
    table.add_row("records compared", f"{result.records:,}")
    table.add_row("true persons", f"{result.persons_true:,}")
    table.add_row("persons found", f"{result.persons_found:,}")
    table.add_row("largest person found", f"{result.largest_found:,} records")
    out.print(table)
