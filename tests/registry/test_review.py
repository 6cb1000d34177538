"""The steward's review queue, golden records in the database, and incremental linking."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import model, review, service
from talentbridge.registry.models import (
    CONFIRMED,
    MERGED,
    PENDING,
    REJECTED,
    RETIRED,
    SPLIT,
    GoldenRecord,
    LinkageRun,
    Person,
    PersonEvent,
    PersonRecord,
    ReviewPair,
)


def _persons(session: Session) -> dict[int, list[int]]:
    held: dict[int, list[int]] = defaultdict(list)
    for record, person in session.execute(select(PersonRecord.source_record_id, PersonRecord.person_id)):
        held[person].append(record)
    return held


def _person_of(session: Session, record: int) -> int:
    return session.scalar(select(PersonRecord.person_id).where(PersonRecord.source_record_id == record))


def _pair(session: Session, run: LinkageRun, a: int, b: int, probability: float = 0.7) -> ReviewPair:
    evidence = model.Evidence(
        record_a=min(a, b),
        record_b=max(a, b),
        probability=probability,
        prior=-12.0,
        comparisons=tuple((name, 1, 1.5) for name in model.COMPARISON_WORDS),
    )
    review.queue(session, run, [evidence], replace=False)
    return session.scalars(select(ReviewPair).where(ReviewPair.record_a == min(a, b))).one()


@pytest.fixture
def consolidated(session: Session, small: Path, import_register) -> LinkageRun:
    import_register(session, small)
    return service.consolidate(session)


def test_a_run_queues_its_uncertain_pairs_with_their_evidence(session: Session, consolidated: LinkageRun) -> None:
    pending = review.listing(session, status=PENDING, limit=1000)
    for pair in pending:
        assert 0.5 <= pair.probability < consolidated.threshold
        view = review.view(session, pair.id)
        # The evidence adds up: prior + each comparison's bits = the match weight.
        expected = 2**view.match_weight / (1 + 2**view.match_weight)
        assert expected == pytest.approx(pair.probability, abs=1e-3)
        assert {w.comparison for w in view.weights} == set(model.COMPARISON_WORDS.values())
        assert all(not w.level.isdigit() for w in view.weights)  # levels in words
    assert review.counts(session)[PENDING] == len(pending)


def test_a_confirmation_merges_now_and_binds_every_later_run(session: Session, consolidated: LinkageRun) -> None:
    held = _persons(session)
    first, second = sorted(held)[:2]
    a, b = held[first][0], held[second][0]
    pair = _pair(session, consolidated, a, b)
    outcome = review.decide(session, pair.id, CONFIRMED, by="hana", note="same passport number")
    assert f"person {second} merged into person {first}" in str(outcome)
    assert _person_of(session, a) == _person_of(session, b) == first
    assert session.get(Person, second).status == RETIRED
    event = session.scalars(select(PersonEvent).where(PersonEvent.kind == MERGED)).one()
    assert "steward hana confirmed" in event.reason
    built = session.get(GoldenRecord, first).data
    assert {a, b} <= {s["id"] for s in built["sources"]}
    assert session.get(GoldenRecord, second) is None  # a retired person has no golden record

    service.consolidate(session)
    assert _person_of(session, a) == _person_of(session, b)
    assert session.get(ReviewPair, pair.id).status == CONFIRMED  # a run never replaces a decision


def test_a_rejection_splits_the_person_at_the_next_run(session: Session, consolidated: LinkageRun) -> None:
    held = _persons(session)
    person, records = next((p, r) for p, r in sorted(held.items()) if len(r) == 2)
    pair = _pair(session, consolidated, *records, probability=0.95)
    outcome = review.decide(session, pair.id, REJECTED, by="hana")
    assert "the next consolidation splits them" in str(outcome)
    run = service.consolidate(session)
    assert _person_of(session, records[0]) != _person_of(session, records[1])
    assert run.split == 1
    assert session.scalars(select(PersonEvent).where(PersonEvent.run_id == run.id, PersonEvent.kind == SPLIT)).one()
    assert str(review.decide(session, pair.id, REJECTED, by="hana")).startswith("Kept apart: no consolidation")


def test_decisions_are_checked(session: Session, consolidated: LinkageRun) -> None:
    from talentbridge.errors import Invalid, NotFound

    with pytest.raises(NotFound):
        review.decide(session, 999_999, CONFIRMED, by="hana")
    held = _persons(session)
    first, second = sorted(held)[:2]
    pair = _pair(session, consolidated, held[first][0], held[second][0])
    with pytest.raises(Invalid, match="confirmed or rejected"):
        review.decide(session, pair.id, "maybe", by="hana")
    with pytest.raises(Invalid, match="no review status"):
        review.listing(session, status="maybe")


def test_golden_records_follow_consent_and_withdrawal(session: Session, consolidated: LinkageRun) -> None:
    persons = session.scalar(select(LinkageRun.persons).where(LinkageRun.id == consolidated.id))
    stored = {g.person_id: g for g in session.scalars(select(GoldenRecord))}
    assert len(stored) == persons
    consenting = {
        person
        for person, consent in session.execute(
            select(PersonRecord.person_id, SourceRecord.consent_third_party).join(
                SourceRecord, SourceRecord.id == PersonRecord.source_record_id
            )
        )
        if consent
    }
    assert {p for p, g in stored.items() if g.offerable} == consenting
    some = next(p for p, g in stored.items() if g.offerable and len(g.data["sources"]) >= 2)
    for field in stored[some].data["fields"].values():  # every field names a record of the person
        assert _person_of(session, field["source"]) == some

    # Withdraw every consenting record of that person: it stops being offered.
    records = [s["id"] for s in stored[some].data["sources"]]
    session.execute(
        update(SourceRecord)
        .where(SourceRecord.id.in_(records), SourceRecord.consent_third_party.is_(True))
        .values(status="withdrawn", updated_at=datetime.now(UTC))
    )
    assert service.link_new(session) is None  # nothing new; golden records refreshed
    session.expire_all()
    after = session.get(GoldenRecord, some)
    assert after.offerable is False
    withdrawn = set(session.scalars(select(SourceRecord.id).where(SourceRecord.status == "withdrawn")))
    assert not withdrawn & {s["id"] for s in after.data["sources"]}


def test_incremental_linking_matches_a_full_run(session: Session, small: Path, import_register) -> None:
    from talentbridge.config import get_settings

    with pytest.raises(service.LinkageError, match="run `talentbridge consolidate` first"):
        service.link_new(session)
    import_register(session, small, ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx"))
    full = service.consolidate(session)
    before = {record: person for person, held in _persons(session).items() for record in held}
    import_register(session, small, ("jasso-graduates.csv",))
    run = service.link_new(session)
    assert run is not None
    assert run.kind == "incremental"
    assert run.model == full.model  # scored with the last run's model, not retrained
    after = {record: person for person, held in _persons(session).items() for record in held}
    assert all(after[record] == person for record, person in before.items())  # ids held
    assert set(before) < set(after)  # the new records joined persons or made new ones
    truth = service.read_truth(small / "truth.csv")
    found = {(feed, record): person for feed, record, person in service.iter_links(session)}
    assert all(person is not None for person in found.values())  # every record is in a person
    result = service.evaluate(found, truth)
    assert result.precision >= 0.98, result
    assert result.f1 >= 0.97, result
    active = session.scalars(select(Person.id).where(Person.status != RETIRED)).all()
    assert set(session.scalars(select(GoldenRecord.person_id))) == set(active)  # every person has one
    folder = get_settings().linkage_cache_dir  # shared by the test workers
    assert {full.keys_file, run.keys_file} <= {path.name for path in folder.iterdir()}
    assert service.link_new(session) is None  # nothing new the second time
    kept = {path.name for path in folder.iterdir()}
    assert run.keys_file in kept  # only the last run's keys are read again
    assert full.keys_file not in kept


def test_golden_records_built_in_worker_processes_are_the_same(
    session: Session, consolidated: LinkageRun, monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentbridge.registry import golden

    alone = {g.person_id: g.data for g in session.scalars(select(GoldenRecord))}
    monkeypatch.setattr(golden, "PARALLEL_PERSONS", 0)
    monkeypatch.setattr(golden, "CHUNK_PERSONS", 50)
    assert golden.refresh(session) == len(alone)
    session.expire_all()
    assert {g.person_id: g.data for g in session.scalars(select(GoldenRecord))} == alone
