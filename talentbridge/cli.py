"""The `talentbridge` command: assembles each domain's sub-commands."""

from __future__ import annotations

import typer

from talentbridge import demo
from talentbridge.accounts import cli as accounts_cli
from talentbridge.advisory import cli as advisory_cli
from talentbridge.feeds import cli as feeds_cli
from talentbridge.matching import cli as matching_cli
from talentbridge.notifications import cli as notifications_cli
from talentbridge.registry import cli as registry_cli
from talentbridge.web import cli as web_cli

app = typer.Typer(
    help="TalentBridge: one register of foreign professionals, matched with exporting SMEs.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("import")(feeds_cli.import_command)
app.add_typer(feeds_cli.export_app, name="export")
feeds_cli.export_app.command("links")(registry_cli.export_links)
app.command("consolidate")(registry_cli.consolidate_command)
app.add_typer(registry_cli.evaluate_app, name="evaluate")
app.add_typer(feeds_cli.generate_app, name="generate")
app.add_typer(matching_cli.app, name="match")
app.add_typer(matching_cli.fair_app, name="fair")
app.add_typer(advisory_cli.specialists_app, name="specialists")
app.add_typer(advisory_cli.talks_app, name="talks")
app.command("worker")(notifications_cli.worker)
app.command("mail-sink")(notifications_cli.mail_sink)
app.add_typer(accounts_cli.app, name="users")
app.command("serve")(web_cli.serve)
app.command("demo")(demo.demo)


@app.command("migrate")
def migrate() -> None:
    """Bring the database to the newest schema (other commands do this too)."""
    from talentbridge.console import ensure_database, out

    ensure_database()
    out.print("the database is at the newest schema")


if __name__ == "__main__":
    app()
