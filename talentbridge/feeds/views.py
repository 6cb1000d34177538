"""The data steward's pages for feeds (dashboard, imports, source records) and the feeds API.

Pages and API call the same service functions. Every view of personal data (a source
record, a search result, quarantined rows) is written to the audit log.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import pass_context
from jinja2.runtime import Context
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.models import Role
from talentbridge.accounts.schemas import STEWARD_ROLES, UserRead
from talentbridge.config import get_settings
from talentbridge.deps import CsrfChecked, CurrentUser, SessionDep, StewardUser
from talentbridge.errors import Invalid
from talentbridge.feeds import models, service
from talentbridge.feeds.errors import LayoutMismatch, MassWithdrawal, UnknownLayout
from talentbridge.feeds.mapping import Layout
from talentbridge.feeds.models import FeedImport, SourceRecord, SourceRecordVersion
from talentbridge.feeds.normalise import prefectures
from talentbridge.feeds.schemas import (
    IMPORT_COUNTS,
    ImportRead,
    ImportReport,
    ImportResult,
    QuarantinedRowRead,
    QuarantinePage,
    RecordPage,
    SourceRecordDetail,
    SourceRecordRead,
    may_see_contact,
    record_detail,
)
from talentbridge.web.templating import error_text, templates, translations_for

router = APIRouter()

PAGE_SIZE = 50
QUARANTINE_SHOWN = 500
RECENT_IMPORTS = 8
STATUSES = (models.ACTIVE, models.WITHDRAWN)


def _result(report: ImportReport) -> ImportResult:
    return ImportResult(
        **report.model_dump(include={"import_id", "feed", "filename", *IMPORT_COUNTS}),
        nothing_changed=report.nothing_changed,
    )


def _import_read(run: FeedImport) -> ImportRead:
    report = service.report_of(run)
    return ImportRead(
        **_result(report).model_dump(),
        imported_by=run.imported_by,
        started_at=report.started_at,
        finished_at=report.finished_at,
    )


# --- shared steps of pages and API ---------------------------------------------------------


def _audit(session: Session, user: UserRead, action: str, **fields: Any) -> None:
    accounts.audit(session, actor=user.username, user_id=user.id, action=action, **fields)


def _import_upload(
    session: Session, user: UserRead, upload: UploadFile | None, feed: str | None, *, allow_withdrawals: bool = False
) -> ImportReport:
    if upload is None or not upload.filename:
        raise Invalid("Choose a feed file to import (CSV, JSON Lines or .xlsx).")
    limit_mb = get_settings().max_upload_mb
    if upload.size is not None and upload.size > limit_mb * 1024 * 1024:
        raise Invalid(
            f"{upload.filename} is {upload.size / 1024 / 1024:,.0f} MB; the largest file the web upload "
            f"takes is {limit_mb} MB. Import it with the `talentbridge import` command instead."
        )
    report = service.import_stream(
        session,
        upload.file,
        filename=upload.filename,
        feed=feed or None,
        imported_by=user.username,
        allow_withdrawals=allow_withdrawals,
    )
    _audit(
        session,
        user,
        "feed.import",
        object_type="feed_import",
        object_id=str(report.import_id),
        detail=report.counts(),
    )
    return report


def _search_records(
    session: Session, user: UserRead, *, q: str | None, feed: str | None, status: str | None, limit: int, offset: int
) -> tuple[int, list[SourceRecord]]:
    total, records = service.list_records(
        session, query=q, feed=feed or None, status=status or None, limit=limit, offset=offset
    )
    if records:
        _audit(
            session,
            user,
            "records.search",
            object_type="source_record",
            detail={"q": q, "feed": feed, "status": status, "offset": offset, "shown": [r.id for r in records]},
        )
    return total, records


def _quarantine(session: Session, user: UserRead, run: FeedImport, *, limit: int, offset: int = 0) -> list[Any]:
    rows = service.list_quarantined(session, import_id=run.id, limit=limit, offset=offset)
    if rows:
        _audit(
            session,
            user,
            "quarantine.view",
            object_type="feed_import",
            object_id=str(run.id),
            detail={"rows": len(rows)},
        )
    return rows


def _read_record(session: Session, user: UserRead, record_id: int) -> tuple[SourceRecord, list[SourceRecordVersion]]:
    record = service.get_record(session, record_id=record_id)
    versions = service.list_versions(session, record_id=record.id)
    _audit(
        session,
        user,
        "record.view",
        object_type="source_record",
        object_id=str(record.id),
        detail={"feed": record.feed, "record_id": record.record_id, "contact": may_see_contact(user)},
    )
    return record, versions


# --- pages ---------------------------------------------------------------------------------


def _layouts() -> dict[str, Any]:
    return service.layouts()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    if user.role not in STEWARD_ROLES:
        # Other roles sign in here too and go on to their own pages.
        if user.role == Role.company and user.company_id is not None:
            return RedirectResponse(f"/companies/{user.company_id}", status_code=303)
        if user.role == Role.professional and user.person_id is not None:
            return RedirectResponse("/me", status_code=303)
        if user.role == Role.specialist and user.specialist_id is not None:
            return RedirectResponse("/talks", status_code=303)
        return templates.TemplateResponse(request, "home.html", {})
    counts: dict[str, dict[str, int]] = {name: {status: 0 for status in STATUSES} for name in service.person_layouts()}
    for feed, status, count in service.counts_by_feed(session):
        counts.setdefault(feed, {s: 0 for s in STATUSES})[status] = count
    return templates.TemplateResponse(
        request,
        "feeds/dashboard.html",
        {
            "counts": counts,
            "totals": {status: sum(row[status] for row in counts.values()) for status in STATUSES},
            "layouts": _layouts(),
            "imports": service.list_imports(session, limit=RECENT_IMPORTS),
        },
    )


def _imports_page(
    request: Request,
    session: Session,
    *,
    error: str | None = None,
    feed: str = "",
    status_code: int = 200,
    offer_withdrawals: bool = False,
) -> Response:
    return templates.TemplateResponse(
        request,
        "feeds/imports.html",
        {
            "layouts": _layouts(),
            "imports": service.list_imports(session, limit=50),
            "error": error,
            "chosen_feed": feed,
            "offer_withdrawals": offer_withdrawals,
            "max_upload_mb": get_settings().max_upload_mb,
        },
        status_code=status_code,
    )


@router.get("/imports", response_class=HTMLResponse, include_in_schema=False)
def imports_page(request: Request, session: SessionDep, user: StewardUser) -> Response:
    return _imports_page(request, session)


@router.post("/imports", response_class=HTMLResponse, include_in_schema=False, dependencies=[CsrfChecked])
def upload_page(
    request: Request,
    session: SessionDep,
    user: StewardUser,
    file: Annotated[UploadFile | None, File()] = None,
    feed: Annotated[str, Form()] = "",
    allow_withdrawals: Annotated[bool, Form()] = False,
) -> Response:
    try:
        report = _import_upload(session, user, file, feed, allow_withdrawals=allow_withdrawals)
    except (UnknownLayout, LayoutMismatch, Invalid, MassWithdrawal) as exc:
        session.rollback()  # nothing of a refused file is kept
        return _imports_page(
            request,
            session,
            error=error_text(request, exc),
            feed=feed,
            status_code=exc.status_code,
            offer_withdrawals=isinstance(exc, MassWithdrawal),
        )
    return RedirectResponse(f"/imports/{report.import_id}", status_code=303)


@router.get("/imports/{import_id}", response_class=HTMLResponse, include_in_schema=False)
def report_page(request: Request, import_id: int, session: SessionDep, user: StewardUser) -> Response:
    run = service.get_import(session, import_id=import_id)
    report = service.report_of(run)
    return templates.TemplateResponse(
        request,
        "feeds/report.html",
        {
            "run": run,
            "report": report,
            "counts": [(key, getattr(report, key)) for key in IMPORT_COUNTS],
            "layout": _layouts().get(run.feed),
            "quarantined": _quarantine(session, user, run, limit=QUARANTINE_SHOWN),
            "quarantine_limit": QUARANTINE_SHOWN,
            # Reasons are messages made in Python: rendered in the reader's language.
            "translate": translations_for(request).gettext,
        },
    )


@router.get("/records", response_class=HTMLResponse, include_in_schema=False)
def records_page(
    request: Request,
    session: SessionDep,
    user: StewardUser,
    q: str = "",
    feed: str = "",
    status: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    q = q.strip()
    total, records = _search_records(
        session, user, q=q, feed=feed, status=status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    pages = max(1, -(-total // PAGE_SIZE))

    def page_url(number: int) -> str:
        return "/records?" + urlencode({"q": q, "feed": feed, "status": status, "page": number})

    context = {
        "records": records,
        "total": total,
        "q": q,
        "feed": feed,
        "status": status,
        "page": page,
        "pages": pages,
        "prev_url": page_url(page - 1) if page > 1 else None,
        "next_url": page_url(page + 1) if page < pages else None,
        "page_size": PAGE_SIZE,
        "layouts": service.person_layouts(),
        "statuses": STATUSES,
    }
    name = "feeds/_records_table.html" if request.headers.get("HX-Request") else "feeds/records.html"
    return templates.TemplateResponse(request, name, context)


@router.get("/records/{record_id}", response_class=HTMLResponse, include_in_schema=False)
def record_page(request: Request, record_id: int, session: SessionDep, user: StewardUser) -> Response:
    record, versions = _read_record(session, user, record_id)
    detail = record_detail(record, versions, user=user)
    layout = _layouts().get(record.feed)
    return templates.TemplateResponse(
        request,
        "feeds/record.html",
        {
            "record": detail,
            "raw_items": list(detail.raw.items()) if detail.raw is not None else None,  # in file order
            "withdrawn_reason": _withdrawn_reason(request, record.withdrawn_reason),
            "history": _history(detail),
            "layout": layout,
            "issues": _issues(request, layout, detail.data.get("issues") or [], detail.raw),
        },
    )


def _issues(request: Request, layout: Layout | None, stored: list[str], raw: dict[str, Any] | None) -> list[str]:
    """The record's unread values in the reader's language. The record keeps them in
    English; they are worked out again from its raw row, and shown translated when that
    gives what was recorded (else the mapping has changed since, and the record says best)."""
    if not stored or layout is None or raw is None:
        return stored
    messages = layout.issue_messages(raw)
    if [str(item) for item in messages] != stored:
        return stored
    translate = translations_for(request).gettext
    return [item.render(translate) for item in messages]


def _withdrawn_reason(request: Request, reason: str | None) -> str | None:
    _ = translations_for(request).gettext
    known = {
        models.REASON_ABSENT: _("absent from the feed's latest snapshot"),
        models.REASON_CONSENT: _("consent to third-party provision withdrawn"),
    }
    return known.get(reason, reason) if reason else None


def _history(detail: SourceRecordDetail) -> list[dict[str, Any]]:
    """Each superseded version with the canonical fields the next version changed."""
    rows = []
    newer = detail.data
    for old in detail.versions:  # newest first
        changed = sorted(key for key in set(newer) | set(old.data) if newer.get(key) != old.data.get(key))
        rows.append({"version": old, "changed": changed})
        newer = old.data
    return rows


# --- API -----------------------------------------------------------------------------------


@router.post(
    "/api/imports",
    status_code=201,
    response_model=ImportResult,
    tags=["feeds"],
    dependencies=[CsrfChecked],
    responses={422: {"description": "The file matches no known layout, or not the named one; nothing was written."}},
)
def api_import(
    session: SessionDep,
    user: StewardUser,
    file: Annotated[UploadFile, File(description="A feed snapshot: CSV, JSON Lines or .xlsx.")],
    feed: Annotated[str | None, Form(description="The layout's name; detected from the file when left out.")] = None,
    allow_withdrawals: Annotated[
        bool, Form(description="Import even when the snapshot withdraws much of the feed's register.")
    ] = False,
) -> ImportResult:
    """Import one agency's register snapshot. 409 when it would withdraw much of the feed's
    register (a partial file, most likely) and `allow_withdrawals` is not set."""
    return _result(_import_upload(session, user, file, feed, allow_withdrawals=allow_withdrawals))


@router.get("/api/imports", response_model=list[ImportRead], tags=["feeds"])
def api_imports(
    session: SessionDep, user: StewardUser, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[ImportRead]:
    """The latest imports, newest first."""
    return [_import_read(run) for run in service.list_imports(session, limit=limit)]


@router.get("/api/imports/{import_id}", response_model=ImportRead, tags=["feeds"])
def api_import_report(import_id: int, session: SessionDep, user: StewardUser) -> ImportRead:
    return _import_read(service.get_import(session, import_id=import_id))


@router.get("/api/imports/{import_id}/quarantine", response_model=QuarantinePage, tags=["feeds"])
def api_quarantine(
    import_id: int,
    session: SessionDep,
    user: StewardUser,
    limit: Annotated[int, Query(ge=1, le=10000)] = 500,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QuarantinePage:
    """The rows of this import that could not be read: row number, id, reason, raw content."""
    run = service.get_import(session, import_id=import_id)
    rows = _quarantine(session, user, run, limit=limit, offset=offset)
    return QuarantinePage(
        import_id=run.id, total=run.quarantined, items=[QuarantinedRowRead.model_validate(r) for r in rows]
    )


@router.get("/api/records", response_model=RecordPage, tags=["feeds"])
def api_records(
    session: SessionDep,
    user: StewardUser,
    q: str | None = None,
    feed: str | None = None,
    status: Annotated[str | None, Query(pattern="^(active|withdrawn)$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> RecordPage:
    """Source records matching every word of `q` (names, reading, id, e-mail)."""
    total, records = _search_records(session, user, q=q, feed=feed, status=status, limit=limit, offset=offset)
    return RecordPage(
        total=total, limit=limit, offset=offset, items=[SourceRecordRead.model_validate(r) for r in records]
    )


@router.get("/api/records/{record_id}", response_model=SourceRecordDetail, tags=["feeds"])
def api_record(record_id: int, session: SessionDep, user: StewardUser) -> SourceRecordDetail:
    """One source record with its version history; the view is written to the audit log."""
    record, versions = _read_record(session, user, record_id)
    return record_detail(record, versions, user=user)


# --- template filters of this domain ---------------------------------------------------------


@pass_context
def _prefecture(context: Context, code: str | None) -> str:
    """'13' -> '東京都' or 'Tokyo'."""
    if not code:
        return ""
    names = prefectures.NAMES_JA if context.get("locale") == "ja" else prefectures.NAMES_EN
    return names.get(code, code)


templates.env.filters["prefecture"] = _prefecture
