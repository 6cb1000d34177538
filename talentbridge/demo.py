"""`talentbridge demo`: a realistic register on the embedded SQLite database, served.

Generates the four agency feeds with the project's own generator (once; kept in
var/demo), imports them, links their records into persons, creates the demo accounts and
serves the web UI on 127.0.0.1, with a local SMTP sink (mail kept in var/mail) and the
mail worker beside it, so the talks' confirmations, invitations and reminders arrive.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from talentbridge.accounts.models import Role
from talentbridge.console import ensure_database, err, out
from talentbridge.registry.models import LinkageRun

DEMO_USERS = (
    ("admin", "admin-demo-2026", Role.administrator, "デモ管理者"),
    ("steward", "steward-demo-2026", Role.data_steward, "デモ データスチュワード"),
    # Linked once the register is consolidated: a company with a need that has matches,
    # and the professional at the top of that need's ranking.
    ("company", "company-demo-2026", Role.company, "デモ企業担当"),
    ("pro", "pro-demo-2026", Role.professional, "Demo Professional"),
    ("specialist", "specialist-demo-2026", Role.specialist, "デモ専門家"),
)
FEED_FILES = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")
COMPANY_FILES = ("consortium-companies.csv", "company-needs.jsonl")  # the companies first: needs name them
SPECIALIST_FILE = "overseas-specialists.csv"


def demo(
    persons: Annotated[int, typer.Option(min=10, help="Persons in the generated register.")] = 3000,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 2018,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data_dir: Annotated[Path, typer.Option(help="Where the generated feeds are kept.")] = Path("var/demo"),
    serve: Annotated[bool, typer.Option(help="Serve the web UI when the data is ready.")] = True,
    mail_dir: Annotated[Path, typer.Option(help="Where the mail the platform sends is kept (a Maildir).")] = Path(
        "var/mail"
    ),
) -> None:
    """Generate a demo register, import it, create the demo accounts and serve the web UI."""
    from talentbridge.accounts import service as accounts
    from talentbridge.advisory.generate import default_specialists, generate_specialists
    from talentbridge.companies.generate import default_companies, generate_companies
    from talentbridge.db import session_scope
    from talentbridge.feeds.cli import import_audited, print_report
    from talentbridge.feeds.generate import generate_feeds
    from talentbridge.registry import service as registry

    ensure_database()
    feeds_dir = data_dir / f"feeds-{persons}-{seed}"
    if not all((feeds_dir / name).exists() for name in FEED_FILES):
        err.print(f"generating a register of {persons:,} persons into {feeds_dir} ...")
        feeds_dir.mkdir(parents=True, exist_ok=True)
        generate_feeds(feeds_dir, persons=persons, seed=seed, bad_rows=0.004)
    if not all((feeds_dir / name).exists() for name in COMPANY_FILES):
        generate_companies(feeds_dir, companies=default_companies(persons), seed=seed, bad_rows=0.004)
    if not (feeds_dir / SPECIALIST_FILE).exists():
        generate_specialists(feeds_dir, specialists=default_specialists(persons), seed=seed)
    for name in (*FEED_FILES, *COMPANY_FILES, SPECIALIST_FILE):
        with session_scope() as session:
            report = import_audited(session, feeds_dir / name)
        print_report(report)
    with session_scope() as session:
        # Persons: the first demo run links the whole register; later runs link only
        # what is new (nothing, when the same files are imported again).
        run: LinkageRun | None
        if registry.latest_run(session) is None:
            err.print("linking the source records into persons ...")
            run = registry.consolidate(session, started_by="demo")
        else:
            run = registry.link_new(session, started_by="demo")
        if run is not None:
            err.print(f"linkage run {run.id}: {run.records:,} records, {run.persons:,} persons")
        company_id, person_id = _demo_pair(session)
        specialist_id = _demo_specialists(session, company_id)
        _demo_talks(session, company_id, specialist_id)
        for username, password, role, name in DEMO_USERS:
            accounts.ensure_user(
                session,
                username=username,
                password=password,
                role=role,
                display_name=name,
                company_id=company_id if role == Role.company else None,
                person_id=person_id if role == Role.professional else None,
                specialist_id=specialist_id if role == Role.specialist else None,
                email=f"{username}@demo.talentbridge.example" if role in (Role.company, Role.specialist) else None,
            )
    url = f"http://{host}:{port}/"
    out.print(f"\n[bold]TalentBridge demo[/bold] at {url}")
    for username, password, role, _ in DEMO_USERS:
        out.print(f"  sign in as [bold]{username}[/bold] / {password}  ({role.value})")
    if serve:
        import uvicorn

        with _mail(mail_dir):
            uvicorn.run("talentbridge.app:create_app", factory=True, host=host, port=port)


@contextmanager
def _mail(folder: Path) -> Iterator[None]:
    """The SMTP sink and the mail worker for as long as the demo serves. Without the sink
    (its port taken) the demo still serves; mail then waits in the queue."""
    from talentbridge.config import get_settings
    from talentbridge.errors import TalentBridgeError
    from talentbridge.notifications import sink

    settings = get_settings()
    with ExitStack() as stack:
        try:
            stack.enter_context(sink.running(folder, host=settings.smtp_host, port=settings.smtp_port))
        except TalentBridgeError as exc:
            err.print(f"[yellow]no mail in the demo:[/yellow] {exc.message}")
            yield
            return
        out.print(f"  mail the platform sends is kept in {folder}/new (.eml files; invitations attached)")
        stop = threading.Event()
        worker = threading.Thread(target=_send_mail, args=(stop,), name="mail-worker", daemon=True)
        worker.start()
        try:
            yield
        finally:
            stop.set()
            worker.join(timeout=10)


def _send_mail(stop: threading.Event, interval: float = 10.0) -> None:
    """`talentbridge worker`, in a thread of the demo."""
    from talentbridge.db import session_scope
    from talentbridge.notifications import service as notifications

    while not stop.is_set():
        try:
            with session_scope() as session:
                notifications.run_due(session)
        except Exception as exc:  # a busy database now and then: try again at the next turn
            err.print(f"[yellow]mail worker:[/yellow] {exc}")
        stop.wait(interval)


def _demo_pair(session: Any) -> tuple[int | None, int | None]:
    """The company of the first need that has matches, and the best person for it."""
    from sqlalchemy import select

    from talentbridge.companies.models import Need
    from talentbridge.matching import service as matching

    for need in session.scalars(select(Need).where(Need.status == "open").order_by(Need.id).limit(200)):
        found = matching.match_need(session, need.id, top=1)
        if found:
            return need.company_id, found[0].person_id
    return None, None


def _demo_specialists(session: Any, company_id: int | None) -> int | None:
    """The demo's specialists are vetted and active (the agency's selection, done for the
    demo); the demo specialist is the one recommended first to the demo company, so the
    two demo accounts meet in the same talks."""
    from sqlalchemy import select

    from talentbridge.advisory import service as advisory
    from talentbridge.advisory.models import APPLICANT, VETTED, Specialist
    from talentbridge.advisory.recommend import recommend
    from talentbridge.companies.models import Company

    first = None
    for specialist in session.scalars(select(Specialist).order_by(Specialist.specialist_key)):
        if specialist.status == APPLICANT:
            advisory.set_status(session, specialist, VETTED, by="demo", notes="vetted for the demo")
        if specialist.status == VETTED:
            advisory.set_status(session, specialist, "active", by="demo")
        first = first or specialist.id
    company = session.get(Company, company_id) if company_id is not None else None
    if company is not None:
        session.flush()
        found = recommend(session, company, top=1)
        if found:
            return int(found[0].specialist.id)
    return first


def _demo_talks(session: Any, company_id: int | None, specialist_id: int | None) -> None:
    """A few talks booked in the first demo run, so the talks, the specialist's requests
    and the utilisation chart have something to show: two for the demo company with the
    demo specialist, and one for each of a dozen other companies."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import func, select

    from talentbridge.advisory import booking
    from talentbridge.advisory import service as advisory
    from talentbridge.advisory.models import ACTIVE, Specialist, Talk
    from talentbridge.companies.models import Company
    from talentbridge.errors import Invalid

    if company_id is None or specialist_id is None or session.scalar(select(func.count()).select_from(Talk)):
        return
    active = list(session.scalars(select(Specialist).where(Specialist.status == ACTIVE).order_by(Specialist.id)))
    others = list(session.scalars(select(Company).where(Company.id != company_id).order_by(Company.id).limit(12)))
    plan = [(company_id, specialist_id, 0), (company_id, specialist_id, 1)]
    plan += [(company.id, active[n % len(active)].id, n % 3) for n, company in enumerate(others)]
    first = (datetime.now(UTC) + timedelta(days=2)).date()
    for who, specialist_key, pick in plan:
        company = session.get(Company, who)
        specialist = session.get(Specialist, specialist_key)
        free = advisory.slots(session, specialist, first=first, days=14)
        if len(free) <= pick * 5:
            continue
        session.commit()  # each booking is a write transaction of its own
        try:
            booking.book(
                session, specialist_id=specialist.id, company=company, starts_at=free[pick * 5].starts_at,
                minutes=60, purpose="販路開拓の相談（デモ）", by="demo",
            )  # fmt: skip
        except Invalid:  # the company's or specialist's limit: leave it
            session.rollback()
