"""Golden records: survivorship by trust and recency, lists united, provenance, consent."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from talentbridge.feeds.models import SourceRecord
from talentbridge.registry import golden, golden_form, reading
from talentbridge.registry.models import GoldenRecord


def source(id: int, feed: str, updated: str | None, consent: bool = True, **data: Any) -> dict[str, Any]:
    return {
        "id": id,
        "feed": feed,
        "record_id": f"R{id}",
        "consent_third_party": consent,
        "data": {"source_updated_at": updated, **data},
    }


def test_identity_from_the_most_trusted_source_and_circumstances_from_the_newest() -> None:
    records = [
        source(
            1,
            "mhlw-hellowork",
            "2024-05-01T00:00:00+09:00",
            family_name="VAN AN",
            email="new@example.com",
            residence_prefecture="13",
        ),
        source(2, "maff-agri", "2019-01-01T00:00:00+09:00", family_name="NGUYEN", email="old@example.com"),
        source(3, "meti-mfg", "2024-04-30T23:30:00+00:00", family_name="Nguyen", residence_prefecture="23"),
    ]
    built = golden.build(records)
    assert built["fields"]["family_name"] == {"value": "NGUYEN", "source": 2}  # maff: the residence card
    # meti's 23:30 UTC on 30 April is 08:30 on 1 May in Japan: newer than Hello Work's
    # midnight, though its text sorts first. Instants are compared, not text.
    assert built["fields"]["residence_prefecture"] == {"value": "23", "source": 3}
    assert built["fields"]["email"] == {"value": "new@example.com", "source": 1}  # meti has none
    assert [s["id"] for s in built["sources"]] == [2, 3, 1]  # in trust order


def test_an_empty_value_never_wins() -> None:
    built = golden.build(
        [
            source(1, "maff-agri", "2020-01-01", native_name=None, phone=""),
            source(2, "meti-mfg", "2019-01-01", native_name="王 偉", phone="+819012345678"),
        ]
    )
    assert built["fields"]["native_name"] == {"value": "王 偉", "source": 2}
    assert built["fields"]["phone"] == {"value": "+819012345678", "source": 2}


def test_languages_keep_the_highest_level_and_lists_are_united_with_their_sources() -> None:
    built = golden.build(
        [
            source(
                1,
                "maff-agri",
                "2020-01-01",
                languages=[{"code": "ja", "level": "B1", "jlpt": "N3"}, {"code": "en", "level": "C1"}],
                skills=["HACCP", "Forklift"],
            ),
            source(
                2,
                "meti-mfg",
                "2021-01-01",
                languages=[{"code": "ja", "level": "B2", "jlpt": "N2"}, {"code": "vi", "level": "native"}],
                skills=["forklift", "CAD"],
            ),
        ]
    )
    languages = {item["code"]: item for item in built["languages"]}
    assert (languages["ja"]["level"], languages["ja"]["jlpt"], languages["ja"]["level_source"]) == ("B2", "N2", 2)
    assert languages["ja"]["sources"] == [1, 2]
    assert languages["en"]["level"] == "C1"
    assert built["languages"][0]["code"] == "vi"  # native first
    assert [(s["value"], s["sources"]) for s in built["skills"]] == [
        ("HACCP", [1]),
        ("Forklift", [1, 2]),  # the same skill, written twice
        ("CAD", [2]),
    ]


def test_consent_comes_only_from_consenting_records() -> None:
    built = golden.build(
        [
            source(1, "maff-agri", "2020-01-01", consent=False, consent_purposes=["advisory"]),
            source(2, "meti-mfg", "2020-01-01", consent=True, consent_purposes=["job_matching"]),
        ]
    )
    assert built["consent"]["third_party"] is True
    assert built["consent"]["purposes"] == [{"value": "job_matching", "sources": [2]}]
    nobody = golden.build([source(1, "maff-agri", "2020-01-01", consent=False)])
    assert nobody["consent"]["third_party"] is False
    assert golden.build([])["consent"]["third_party"] is False


def test_an_unknown_layout_ranks_after_the_known_ones() -> None:
    assert golden.trust_rank("maff-agri") < golden.trust_rank("mhlw-hellowork") < golden.trust_rank("acme-new")


def test_workers_that_read_the_records_themselves_build_the_same_golden_records(
    app_database, engine_session: Session, small, import_register, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large register's golden records are built by worker processes that read the
    source records through their own connections; only what was committed is theirs to
    read, so an import in the same transaction sends them back to the importing process's
    reading."""
    from talentbridge import config
    from talentbridge.registry import service

    import_register(engine_session, small)
    engine_session.commit()
    service.consolidate(engine_session)
    engine_session.commit()
    alone = {g.person_id: g.data for g in engine_session.scalars(select(GoldenRecord))}
    monkeypatch.setattr(golden, "PARALLEL_PERSONS", 0)
    monkeypatch.setattr(golden, "CHUNK_PERSONS", 50)
    monkeypatch.setattr(config.get_settings(), "import_workers", 2)
    assert reading.visible_elsewhere(engine_session) is not None
    assert golden.refresh(engine_session) == len(alone)
    engine_session.commit()
    engine_session.expire_all()
    assert {g.person_id: g.data for g in engine_session.scalars(select(GoldenRecord))} == alone
    # Workers started ahead of the work (as a consolidation starts them) do the same.
    pool = golden.workers_for(10)
    assert pool is not None
    with pool:
        pool.start()
        assert golden.refresh(engine_session, pool=pool) == len(alone)
    engine_session.commit()
    engine_session.expire_all()
    assert {g.person_id: g.data for g in engine_session.scalars(select(GoldenRecord))} == alone
    # A consolidation hands its clusters over instead of letting them be read back, and
    # the workers build their golden records while the persons are stored.
    handed: list[tuple[int, bool]] = []
    refresh = golden.refresh

    def counting(session: Session, person_ids=None, **options) -> int:
        prebuilt = options.get("prebuilt")
        handed.append((len(prebuilt[1]) if prebuilt else 0, prebuilt is not None))
        return refresh(session, person_ids, **options)

    monkeypatch.setattr(golden, "refresh", counting)
    service.consolidate(engine_session)
    engine_session.commit()
    engine_session.expire_all()
    assert handed == [(len(alone), True)]
    assert {g.person_id: g.data for g in engine_session.scalars(select(GoldenRecord))} == alone
    record = engine_session.scalars(select(SourceRecord)).first()
    record.version += 1  # a change this transaction has not committed
    engine_session.flush()
    assert reading.visible_elsewhere(engine_session) is None
    engine_session.rollback()


_VALUES = st.none() | st.sampled_from(["", "x", "13", 14.0, 0, [], {}, {"level": "bachelor"}, ["en"]])


@given(values=st.dictionaries(st.sampled_from(golden.MOST_TRUSTED + golden.MOST_RECENT), _VALUES))
def test_a_person_of_one_record_has_its_fields_as_the_general_rule_gives_them(values: dict[str, Any]) -> None:
    """One record takes a shorter path; a second record with nothing in it must not
    change what the first gives."""
    alone = golden.build([source(1, "maff-agri", "2020-01-01T00:00:00+09:00", **values)])
    beside_nothing = golden.build(
        [source(1, "maff-agri", "2020-01-01T00:00:00+09:00", **values), source(2, "mhlw-hellowork", None)]
    )
    assert list(alone["fields"].items()) == list(beside_nothing["fields"].items())


_LANGUAGE = st.fixed_dictionaries(
    {"code": st.sampled_from(["", "ja", "en", "vi", "zh"])},
    optional={
        "level": st.sampled_from([None, "", "A2", "B1", "C2", "native", "fluent"]),
        "jlpt": st.sampled_from([None, "N1", "N3", "N5", "N9"]),
    },
)
_EXPERIENCE = st.fixed_dictionaries(
    {"country": st.sampled_from([None, "VN", "JP"]), "role": st.sampled_from([None, "", "Engineer", "engineer"])},
    optional={"years": st.sampled_from([None, 0, 1.5, 3, 10])},
)
_ONE_RECORD = st.fixed_dictionaries(
    {},
    optional={
        "family_name": _VALUES,
        "email": _VALUES,
        "summary": _VALUES,
        "languages": st.lists(_LANGUAGE, max_size=5),
        "skills": st.lists(st.sampled_from(["HACCP", "haccp ", " ", "Excel", "excel"]), max_size=4),
        "sectors": st.none() | st.lists(st.sampled_from(["農業", "外食業"]), max_size=3),
        "desired_prefectures": st.lists(st.sampled_from(["13", "27"]), max_size=3),
        "experience": st.lists(_EXPERIENCE, max_size=4),
        "consent_purposes": st.lists(st.sampled_from(["job_matching", "advisory"]), max_size=3),
    },
)


@given(data=_ONE_RECORD, consent=st.booleans(), updated=st.sampled_from([None, "", "2020-01-01T00:00:00+09:00"]))
def test_the_short_path_of_one_record_builds_what_the_general_rules_build(
    data: dict[str, Any], consent: bool, updated: str | None
) -> None:
    """A person of one record takes `golden._one`, which makes the stored form at once; the
    general rules give the same golden record from it, stored down to the order of every
    key and item (it is stored as text), and the same when read back."""
    record = source(1, "maff-agri", updated, consent=consent, **data)
    alone = golden.build([record])
    stored = golden.build_stored([record])
    short = golden._one
    try:
        golden._one = lambda _source: None  # type: ignore[assignment]  # the general rules only
        reference = golden.build([record])
        reference_stored = golden.build_stored([record])
    finally:
        golden._one = short  # type: ignore[assignment]
    assert orjson.dumps(stored) == orjson.dumps(reference_stored) == orjson.dumps(golden_form.stored(reference))
    assert alone == reference
    assert golden_form.expanded(stored) == reference


_SOURCE_RECORDS = st.lists(
    st.tuples(
        st.sampled_from(golden.FEED_TRUST + ("other-feed",)),
        st.sampled_from([None, "2019-01-01T00:00:00+09:00", "2024-04-30T23:30:00+00:00"]),
        st.booleans(),
        _ONE_RECORD,
    ),
    max_size=4,
)


@given(records=_SOURCE_RECORDS)
def test_a_stored_golden_record_reads_back_as_built(
    records: list[tuple[str, str | None, bool, dict[str, Any]]],
) -> None:
    """Whatever the sources, the stored form (provenance by the first source left out) and
    the form read are each other's exact image: expanded and shortened again, a stored
    golden record comes back byte for byte, and it reads the same after a trip through
    JSON."""
    sources = [
        source(number, feed, updated, consent=consent, **data)
        for number, (feed, updated, consent, data) in enumerate(records, start=101)
    ]
    built = golden.build(sources)
    stored = golden.build_stored(sources)
    assert stored["v"] == golden_form.FORM
    assert "v" not in built
    assert all(set(field) == {"value", "source"} for field in built["fields"].values())
    assert orjson.dumps(golden_form.stored(built)) == orjson.dumps(stored)
    assert golden_form.expanded(orjson.loads(orjson.dumps(stored))) == built


def test_a_golden_record_stored_whole_reads_back_as_it_is() -> None:
    """Golden records written before the stored form (no "v") are read as they are."""
    built = golden.build([source(1, "maff-agri", "2020-01-01", family_name="NGUYEN")])
    assert "v" not in built
    assert golden_form.expanded(built) is built


def test_a_golden_record_written_whole_is_stored_short_and_read_whole(session: Session) -> None:
    from sqlalchemy import Text, type_coerce

    from talentbridge.registry.models import LinkageRun, Person

    run = LinkageRun(kind="full", engine="duckdb", threshold=0.9, model={}, readings={})
    session.add(run)
    session.flush()
    person = Person(created_by_run_id=run.id, last_run_id=run.id)
    session.add(person)
    session.flush()
    records = [
        source(1, "maff-agri", "2019-01-01T00:00:00+09:00", family_name="NGUYEN", languages=[{"code": "vi"}]),
        source(2, "meti-mfg", "2024-05-01T00:00:00+09:00", email="new@example.com", skills=["HACCP"]),
    ]
    built = golden.build(records)
    session.add(GoldenRecord(person_id=person.id, offerable=True, data=built))
    session.flush()
    text = session.scalar(select(type_coerce(GoldenRecord.data, Text)).where(GoldenRecord.person_id == person.id))
    assert orjson.loads(text) == golden.build_stored(records)
    session.expire_all()
    assert session.get(GoldenRecord, person.id).data == built


def test_the_stored_form_names_only_the_sources_that_are_not_the_first() -> None:
    records = [
        source(1, "maff-agri", "2019-01-01T00:00:00+09:00", family_name="NGUYEN", email="old@example.com"),
        source(2, "mhlw-hellowork", "2024-05-01T00:00:00+09:00", email="new@example.com", skills=["HACCP"]),
    ]
    stored = golden.build_stored(records)
    assert stored["fields"] == {"family_name": "NGUYEN", "email": "new@example.com"}
    assert stored["field_sources"] == {"email": 2}
    assert stored["skills"] == [{"value": "HACCP", "sources": [2]}]
    assert stored["consent"] == {"third_party": True, "sources": [1, 2], "purposes": []}  # not the first alone
    alone = golden.build_stored([records[0]])
    assert "field_sources" not in alone
    assert alone["fields"] == {"family_name": "NGUYEN", "email": "old@example.com"}
    assert len(orjson.dumps(alone)) < len(orjson.dumps(golden.build([records[0]])))
