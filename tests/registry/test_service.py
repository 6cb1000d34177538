"""Consolidation end to end on generated registers: quality, scripts, stable person ids."""

from __future__ import annotations

import csv
import logging
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import service
from talentbridge.registry.models import MERGED, RETIRED, RETIRED_EVENT, Person, PersonEvent, PersonRecord
from talentbridge.registry.service import LinkageError


def _found(session: Session) -> dict[tuple[str, str], int | None]:
    return {(feed, record_id): person for feed, record_id, person in service.iter_links(session)}


def test_quality_on_a_generated_register(session: Session, register: Path, import_register) -> None:
    import_register(session, register)
    run = service.consolidate(session)
    truth = service.read_truth(register / "truth.csv")
    found = _found(session)
    result = service.evaluate(found, truth)
    assert result.records == len(truth)
    assert result.precision >= 0.98, result
    assert result.recall >= 0.96, result
    assert result.f1 >= 0.97, result
    assert run.persons == result.persons_found
    assert run.model["comparisons"][0]["output_column_name"] == "name"
    m = run.model["comparisons"][0]["comparison_levels"][1]["m_probability"]
    assert 0 < m <= 1  # trained, and saved with the run
    assert run.readings, "readings learned from the register"

    # Across scripts: records written only in kanji (maff, Chinese/Taiwanese/Korean names)
    # and records written only in katakana beside romaji find their Latin-only partners.
    rows = {
        (r.feed, r.record_id): r
        for r in session.execute(
            select(SourceRecord.feed, SourceRecord.record_id, SourceRecord.family_name, SourceRecord.name_kana)
        )
    }
    by_person: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, person in truth.items():
        by_person[person].append(key)
    kanji_pairs = kanji_linked = kana_pairs = kana_linked = 0
    for keys in by_person.values():
        for a in keys:
            for b in keys:
                if a >= b or rows[b].family_name is None:
                    continue
                if rows[a].family_name is None:  # a: kanji only; b: Latin
                    kanji_pairs += 1
                    kanji_linked += found[a] == found[b]
                elif rows[a].name_kana and not rows[b].name_kana:
                    kana_pairs += 1
                    kana_linked += found[a] == found[b]
    assert kanji_pairs >= 20
    assert kana_pairs >= 200
    assert kanji_linked / kanji_pairs >= 0.9, (kanji_linked, kanji_pairs)
    assert kana_linked / kana_pairs >= 0.95, (kana_linked, kana_pairs)


def test_person_ids_are_stable_and_merges_are_recorded(session: Session, small: Path, import_register) -> None:
    import_register(session, small)
    first = service.consolidate(session)
    links = _found(session)
    assert all(person is not None for person in links.values())
    second = service.consolidate(session)
    assert _found(session) == links
    assert (second.created, second.merged, second.split, second.retired) == (0, 0, 0, 0)

    # Pretend an earlier run had kept one record of a two-record person apart.
    held = session.execute(select(PersonRecord.person_id, PersonRecord.source_record_id)).all()
    records_of: dict[int, list[int]] = defaultdict(list)
    for person, record in held:
        records_of[person].append(record)
    person, records = next((p, r) for p, r in sorted(records_of.items()) if len(r) == 2)
    apart = Person(status="active", created_by_run_id=first.id, last_run_id=first.id)
    session.add(apart)
    session.flush()
    session.query(PersonRecord).filter(PersonRecord.source_record_id == records[1]).update({"person_id": apart.id})
    third = service.consolidate(session)
    assert _found(session) == links  # the record went back to its person, whose id held
    assert third.merged == 1
    assert third.retired == 1
    merged = session.scalars(
        select(PersonEvent).where(PersonEvent.run_id == third.id, PersonEvent.kind == MERGED)
    ).one()
    assert (merged.person_id, merged.other_person_id) == (person, apart.id)
    assert "match probability" in merged.reason
    retired = session.scalars(
        select(PersonEvent).where(PersonEvent.run_id == third.id, PersonEvent.kind == RETIRED_EVENT)
    ).one()
    assert (retired.person_id, retired.other_person_id) == (apart.id, person)
    session.refresh(apart)
    assert apart.status == RETIRED


def test_consolidate_gives_the_heap_back_to_the_collector(
    session: Session, small: Path, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What exists when a run starts is frozen away from the cyclic collector, which is
    paused during the run (see service._frozen_heap); both are given back after it, also
    when the run fails."""
    import gc

    import_register(session, small)
    during: list[tuple[int, bool]] = []
    golden_refresh = service.golden.refresh

    def refresh(session: Session, person_ids=None, **options) -> int:
        during.append((gc.get_freeze_count(), gc.isenabled()))
        return golden_refresh(session, person_ids, **options)

    monkeypatch.setattr(service.golden, "refresh", refresh)
    assert gc.isenabled()
    service.consolidate(session)
    assert during
    frozen, collecting = during[0]
    assert frozen > 10_000  # the modules, at least
    assert not collecting
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()

    def fail(session: Session, person_ids=None, **options) -> int:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(service.golden, "refresh", fail)
    with pytest.raises(RuntimeError, match="disk is full"):
        service.consolidate(session)
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_consolidate_refuses_what_it_cannot_do(session: Session, small: Path) -> None:
    with pytest.raises(LinkageError, match="import the agencies' feeds first"):
        service.consolidate(session)
    with pytest.raises(LinkageError, match="no linkage engine 'flink'"):
        service.consolidate(session, engine="flink")
    with pytest.raises(LinkageError, match="threshold"):
        service.consolidate(session, threshold=1.5)


def test_evaluation_counts_pairs() -> None:
    truth = {("f", "1"): "A", ("f", "2"): "A", ("f", "3"): "B", ("f", "4"): "B"}
    found = {("f", "1"): 1, ("f", "2"): 1, ("f", "3"): 1, ("f", "4"): 2}
    result = service.evaluate(found, truth)
    assert (result.true_pairs, result.found_pairs, result.correct_pairs) == (2, 3, 1)
    assert result.precision == pytest.approx(1 / 3)
    assert result.recall == pytest.approx(1 / 2)
    assert result.f1 == pytest.approx(0.4)


def test_truth_file_errors_say_what_is_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "truth.csv"
    with bad.open("w", newline="") as handle:
        csv.writer(handle).writerows([("feed", "id"), ("a", "1")])
    with pytest.raises(LinkageError, match="lacks the column"):
        service.read_truth(bad)
    with pytest.raises(LinkageError, match="there is no file"):
        service.read_truth(tmp_path / "nothing.csv")


def test_a_register_of_one_agency_alone_is_consolidated(
    session: Session, tmp_path: Path, import_register, caplog: pytest.LogCaptureFixture
) -> None:
    """This register's `maff-agri` feed alone holds almost no pairs of one person sharing
    an e-mail address: expectation maximisation on those pairs drove a probability to 0,
    which Splink refuses midway. The run trains again without those pairs and says so.
    (Should the generator change so that this no longer happens, the warning asserted
    below goes missing: find another such register.)"""
    from talentbridge.feeds.generate import generate_feeds

    generate_feeds(tmp_path, persons=3000, seed=3)
    import_register(session, tmp_path, ("maff-agri.csv",))
    with caplog.at_level(logging.WARNING, logger="talentbridge.registry.linkage"):
        run = service.consolidate(session)
    assert "could not learn from the pairs of records sharing an e-mail address" in caplog.text
    assert run.records == 1257
    truth = {key: person for key, person in service.read_truth(tmp_path / "truth.csv").items() if key[0] == "maff-agri"}
    result = service.evaluate(_found(session), truth)
    assert result.true_pairs == 12  # re-registrations within the one feed
    assert result.precision >= 0.8
    assert result.recall >= 0.8
