"""The data steward's pages for persons (golden records, the review queue, the linkage
model) and the registry API. Pages and API call the same service functions; every view
of personal data is written to the audit log."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from talentbridge.accounts import service as accounts
from talentbridge.accounts.schemas import UserRead
from talentbridge.deps import CsrfChecked, SessionDep, StewardUser
from talentbridge.errors import NotFound
from talentbridge.feeds import service as feeds
from talentbridge.registry import golden, review, service
from talentbridge.registry.models import DECISIONS, PENDING
from talentbridge.web.templating import templates, translations_for

router = APIRouter()

PAGE_SIZE = 50
REVIEW_STATUSES = (PENDING, *DECISIONS)


def _audit(session: Session, user: UserRead, action: str, **fields: Any) -> None:
    accounts.audit(session, actor=user.username, user_id=user.id, action=action, **fields)


def _person(session: Session, user: UserRead, person_id: int) -> service.PersonView:
    found = service.person_view(session, person_id)
    _audit(session, user, "person.view", object_type="person", object_id=str(person_id))
    return found


def _pair(session: Session, user: UserRead, pair_id: int) -> review.PairView:
    found = review.view(session, pair_id)
    _audit(
        session,
        user,
        "review.view",
        object_type="review_pair",
        object_id=str(pair_id),
        detail={"records": [found.pair.record_a, found.pair.record_b]},
    )
    return found


def _decide(session: Session, user: UserRead, pair_id: int, decision: str, note: str | None) -> review.Outcome:
    outcome = review.decide(session, pair_id, decision, by=user.username, note=note)
    _audit(
        session,
        user,
        f"review.{decision}",
        object_type="review_pair",
        object_id=str(pair_id),
        detail={"note": note, "outcome": str(outcome)},
    )
    return outcome


def _outcome_words(request: Request, kind: str, persons: list[int]) -> str | None:
    """A decision's outcome in the reader's language (it comes back in the address)."""
    _ = translations_for(request).gettext
    words = {
        "apart_next_run": _("Kept apart. They are one person ({0}) now; the next consolidation splits them."),
        "apart": _("Kept apart: no consolidation will put these two records in one person."),
        "confirmed_next_run": _("Confirmed: the next consolidation links these two records."),
        "confirmed_already": _("Confirmed: both records are already person {0}."),
        "merged": _("Confirmed: person {1} merged into person {0}."),
    }
    try:
        return words[kind].format(*persons) if kind in words else None
    except IndexError:
        return None


# --- pages -----------------------------------------------------------------------------------


@router.get("/persons", response_class=HTMLResponse, include_in_schema=False)
def persons_page(request: Request, session: SessionDep, user: StewardUser, q: str = "") -> Response:
    q = q.strip()
    found = service.find_persons(session, q, limit=PAGE_SIZE) if q else []
    if found:
        _audit(session, user, "persons.search", object_type="person", detail={"q": q, "shown": [p for p, _ in found]})
    run = service.latest_run(session)
    return templates.TemplateResponse(
        request,
        "registry/persons.html",
        {"q": q, "found": found, "run": run, "counts": review.counts(session), "runs": service.list_runs(session)},
    )


@router.get("/persons/{person_id}", response_class=HTMLResponse, include_in_schema=False)
def person_page(request: Request, person_id: int, session: SessionDep, user: StewardUser) -> Response:
    view = _person(session, user, person_id)
    return templates.TemplateResponse(
        request,
        "registry/person.html",
        {
            "view": view,
            "g": view.golden,
            "identity": golden.MOST_TRUSTED,
            "circumstances": golden.MOST_RECENT,
            "sources": {r.id: r for r in view.records},
        },
    )


@router.get("/records/{record_id}/person", include_in_schema=False)
def record_person(record_id: int, session: SessionDep, user: StewardUser) -> Response:
    person = service.person_of_record(session, record_id)
    if person is None:
        raise NotFound("this source record is in no person yet: run a consolidation first")
    return RedirectResponse(f"/persons/{person}", status_code=303)


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request,
    session: SessionDep,
    user: StewardUser,
    status: Annotated[str, Query(pattern="^(pending|confirmed|rejected)$")] = PENDING,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    counts = review.counts(session)
    pairs = review.listing(session, status=status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    records = {r.id: r for r in feeds.records_by_id(session, [i for p in pairs for i in (p.record_a, p.record_b)])}
    if pairs:
        _audit(session, user, "review.list", object_type="review_pair", detail={"status": status, "page": page})
    pages = max(1, -(-counts[status] // PAGE_SIZE))

    def page_url(number: int) -> str:
        return "/review?" + urlencode({"status": status, "page": number})

    return templates.TemplateResponse(
        request,
        "registry/review.html",
        {
            "status": status,
            "statuses": REVIEW_STATUSES,
            "counts": counts,
            "pairs": pairs,
            "records": records,
            "page": page,
            "pages": pages,
            "prev_url": page_url(page - 1) if page > 1 else None,
            "next_url": page_url(page + 1) if page < pages else None,
            "run": service.latest_run(session),
        },
    )


@router.get("/review/{pair_id}", response_class=HTMLResponse, include_in_schema=False)
def pair_page(
    request: Request,
    pair_id: int,
    session: SessionDep,
    user: StewardUser,
    done: str = "",
    persons: Annotated[list[int] | None, Query()] = None,
) -> Response:
    view = _pair(session, user, pair_id)
    scale = max([abs(w.weight) for w in view.weights] + [abs(view.prior), 1.0])
    return templates.TemplateResponse(
        request,
        "registry/pair.html",
        {
            "view": view,
            "scale": scale,
            "done": _outcome_words(request, done, persons or []) if done else None,
            "next_pair": _next_pending(session, pair_id),
        },
    )


def _next_pending(session: Session, after: int) -> int | None:
    pending = review.listing(session, status=PENDING, limit=2)
    return next((p.id for p in pending if p.id != after), None)


@router.post("/review/{pair_id}", include_in_schema=False, dependencies=[CsrfChecked])
def decide_page(
    pair_id: int,
    session: SessionDep,
    user: StewardUser,
    decision: Annotated[str, Form(pattern="^(confirmed|rejected)$")],
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    outcome = _decide(session, user, pair_id, decision, note)
    query = urlencode({"done": outcome.kind, "persons": outcome.persons}, doseq=True)
    return RedirectResponse(f"/review/{pair_id}?{query}", status_code=303)


@router.get("/linkage", response_class=HTMLResponse, include_in_schema=False)
def linkage_page(request: Request, session: SessionDep, user: StewardUser, run: int | None = None) -> Response:
    chosen = service.get_run(session, run) if run else service.latest_run(session)
    prior, comparisons = service.learned(chosen.model) if chosen else (0.0, [])
    scale = max(
        [abs(level.weight) for _, levels in comparisons for level in levels if level.weight is not None] + [1.0]
    )
    return templates.TemplateResponse(
        request,
        "registry/linkage.html",
        {
            "run": chosen,
            "prior": prior,
            "comparisons": comparisons,
            "scale": scale,
            "runs": service.list_runs(session),
        },
    )


# --- API ----------------------------------------------------------------------------------


class Decision(BaseModel):
    decision: str = Field(pattern="^(confirmed|rejected)$", description="confirmed: one person; rejected: two")
    note: str | None = Field(default=None, max_length=2000)


@router.get("/api/persons/{person_id}", tags=["registry"])
def api_person(person_id: int, session: SessionDep, user: StewardUser) -> dict[str, Any]:
    """A person's golden record (every field with its source record), its source records
    and its history of merges and splits."""
    view = _person(session, user, person_id)
    return {
        "id": view.person.id,
        "status": view.person.status,
        "offerable": view.offerable,
        "golden": view.golden,
        "records": [{"id": r.id, "feed": r.feed, "record_id": r.record_id, "status": r.status} for r in view.records],
        "events": [
            {"kind": e.kind, "other_person_id": e.other_person_id, "reason": e.reason, "at": e.at.isoformat()}
            for e in view.events
        ],
    }


@router.get("/api/review", tags=["registry"])
def api_review(
    session: SessionDep,
    user: StewardUser,
    status: Annotated[str, Query(pattern="^(pending|confirmed|rejected)$")] = PENDING,
    limit: Annotated[int, Query(ge=1, le=500)] = PAGE_SIZE,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Pairs in the review queue (pending: the hardest calls first) or decided."""
    pairs = review.listing(session, status=status, limit=limit, offset=offset)
    return {
        "total": review.counts(session)[status],
        "items": [
            {
                "id": p.id,
                "record_a": p.record_a,
                "record_b": p.record_b,
                "probability": p.probability,
                "status": p.status,
                "decided_by": p.decided_by,
            }
            for p in pairs
        ],
    }


@router.get("/api/review/{pair_id}", tags=["registry"])
def api_pair(pair_id: int, session: SessionDep, user: StewardUser) -> dict[str, Any]:
    """One pair: both records' ids, the persons they are in now, and the evidence of each
    comparison in bits (log2 of its Bayes factor)."""
    view = _pair(session, user, pair_id)
    return {
        "id": view.pair.id,
        "status": view.pair.status,
        "records": [view.pair.record_a, view.pair.record_b],
        "persons": list(view.persons),
        "evidence": review.evidence_json(view),
    }


@router.post("/api/review/{pair_id}", tags=["registry"], dependencies=[CsrfChecked])
def api_decide(pair_id: int, body: Decision, session: SessionDep, user: StewardUser) -> dict[str, Any]:
    """Confirm (the same person: merged now) or reject (two people, kept apart by every
    later run)."""
    return {
        "id": pair_id,
        "status": body.decision,
        "outcome": _decide(session, user, pair_id, body.decision, body.note),
    }
