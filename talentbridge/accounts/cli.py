"""`talentbridge users create` and `talentbridge users list`."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import select

from talentbridge.accounts import service
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import UserRead
from talentbridge.console import cli_actor, ensure_database, err, errors_as_exit, out
from talentbridge.db import session_scope
from talentbridge.errors import NotFound
from talentbridge.registry.models import Person

app = typer.Typer(help="Accounts of the people who sign in to the web UI and the API.", no_args_is_help=True)


def _stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@app.command("create")
def create(
    username: Annotated[str, typer.Argument(help="The name to sign in with: letters, digits, . _ @ -")],
    role: Annotated[Role, typer.Option("--role", help="What the user may do.", case_sensitive=False)],
    password: Annotated[
        str | None,
        typer.Option(
            "--password",
            help=f"At least {service.MIN_PASSWORD_LENGTH} characters; asked for (hidden) when left out at a terminal.",
        ),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="The name shown in the UI.")] = None,
    locale: Annotated[str, typer.Option("--locale", help="The UI language: ja or en.")] = "ja",
    company: Annotated[
        str | None, typer.Option("--company", help="For --role company: the corporate number of its company.")
    ] = None,
    person: Annotated[int | None, typer.Option("--person", help="For --role professional: the person's id.")] = None,
    specialist: Annotated[
        str | None, typer.Option("--specialist", help="For --role specialist: the specialist's id (SP-0001).")
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Where the platform's mail to this user goes.")] = None,
) -> None:
    """Create a user who can sign in to the web UI and the API."""
    if password is None:
        if not _stdin_is_terminal():
            err.print("[red]error:[/red] give the password with --password; there is no terminal to ask it at")
            raise typer.Exit(1)
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    ensure_database()
    with errors_as_exit(), session_scope() as session:
        company_id = _company_id(session, company) if company is not None else None
        if person is not None and session.get(Person, person) is None:
            raise NotFound(f"there is no person {person}")
        specialist_id = None
        if specialist is not None:
            from talentbridge.advisory.service import get_specialist

            specialist_id = get_specialist(session, specialist).id
        user = service.create_user(
            session,
            username=username,
            password=password,
            role=role,
            display_name=name,
            locale=locale,
            company_id=company_id,
            person_id=person,
            specialist_id=specialist_id,
            email=email,
        )
        service.audit(
            session,
            actor=cli_actor(),
            action="user.create",
            object_type="user",
            object_id=str(user.id),
            detail={"username": user.username, "role": user.role.value},
        )
        created = UserRead.model_validate(user)
    out.print(f"created {created.username} ({created.role.value}, {created.locale})", highlight=False)


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object a line.")] = False,
) -> None:
    """List the users, their roles and when they last signed in."""
    ensure_database()
    with session_scope() as session:
        users = [UserRead.model_validate(user) for user in service.list_users(session)]
    if as_json:
        for user in users:
            typer.echo(user.model_dump_json())
        return
    if not users:
        out.print("no users yet; create one with `talentbridge users create NAME --role administrator`")
        return
    table = Table("username", "name", "role", "language", "last sign-in")
    for user in users:
        table.add_row(
            user.username,
            user.display_name,
            user.role.value,
            user.locale,
            user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never",
        )
    out.print(table)


def _company_id(session: Any, corporate_number: str) -> int:
    from talentbridge.companies.models import Company

    found = session.scalar(select(Company.id).where(Company.corporate_number == corporate_number.strip()))
    if found is None:
        raise NotFound(f"there is no company with the corporate number {corporate_number}; import the companies first")
    return int(found)
