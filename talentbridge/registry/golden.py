"""Golden records: one record per person, built from its active source records, every
field naming the source record it came from.

Survivorship rules (the README's "Golden records" section says the same):

- Identity (names, katakana reading, native name, birth date, sex, nationality): the most
  trusted source that has the field. Trust follows how each agency took the name down:
  `maff-agri` as on the residence card, `jasso-graduates` as in the passport, `meti-mfg`
  as the person declared it, `mhlw-hellowork` one capitalised field whose order of family
  and given name is uncertain. A layout not in this list ranks after them (by name).
- Circumstances that change (residence, contact, visa, occupation, education, experience
  in years and words, summary): the most recently updated source that has the field;
  ties go to the more trusted source.
- Lists are united: languages by language, keeping the highest level (CEFR, native above
  C2) and the best JLPT level; skills, sectors and desired prefectures without repeats
  (compared case-insensitively); experience without repeating a country and role. Every
  item names all the sources that hold it.
- Consent: the person consents to third-party provision when an active source record
  does; the purposes are those of the consenting records.

A withdrawn source record contributes nothing. A person is offered downstream (matching,
introductions) only when at least one active source record consents to third-party
provision (`GoldenRecord.offerable`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import Text, delete, insert, select, type_coerce
from sqlalchemy.orm import Session

from talentbridge.config import get_settings
from talentbridge.db import batched, insert_rows, json_text, stored_value
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry import golden_form
from talentbridge.registry.models import RETIRED as PERSON_RETIRED
from talentbridge.registry.models import GoldenBuild, GoldenRecord, Person, PersonRecord
from talentbridge.registry.reading import visible_elsewhere
from talentbridge.workers import Pool, ordered_map, submitted_ahead

FEED_TRUST = ("maff-agri", "jasso-graduates", "meti-mfg", "mhlw-hellowork")
MOST_TRUSTED = ("family_name", "given_name", "name_kana", "native_name", "birth_date", "sex", "nationality")
MOST_RECENT = (
    "residence_country",
    "residence_prefecture",
    "email",
    "phone",
    "visa_status",
    "visa_expires",
    "occupation",
    "education",
    "experience_years",
    "experience_text",
    "summary",
)
UNITED = ("skills", "sectors", "desired_prefectures")
CEFR_ORDER = ("A1", "A2", "B1", "B2", "C1", "C2", "native")


_TRUST = {feed: rank for rank, feed in enumerate(FEED_TRUST)}


def trust_rank(feed: str) -> tuple[int, str]:
    """Lower is more trusted."""
    return (_TRUST.get(feed, len(FEED_TRUST)), feed)


def _trust_key(source: dict[str, Any]) -> tuple[int, str, int]:
    """Sources in trust order, then by id."""
    feed = source["feed"]
    return (_TRUST.get(feed, len(FEED_TRUST)), feed, source["id"])


# A field is empty when None, "", [] or {}: the types of the last three.
_CONTAINERS = frozenset((str, list, dict))
_FIELDS = MOST_TRUSTED + MOST_RECENT


_NEVER = datetime.min.replace(tzinfo=UTC)


def _updated(source: dict[str, Any]) -> str:
    return source["data"].get("source_updated_at") or ""


def _recency(source: dict[str, Any]) -> datetime:
    """When the agency last changed the record (offsets differ between feeds: compared as
    instants, not as text); unknown sorts last."""
    text = source["data"].get("source_updated_at")
    if not text:
        return _NEVER
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return _NEVER
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build(sources: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The golden record of one person from its active source records, each a dict with
    `id`, `feed`, `record_id`, `consent_third_party` and `data` (the canonical record).

    Returns {"fields": {name: {"value", "source"}}, "languages": [...], "skills": [...],
    "sectors": [...], "desired_prefectures": [...], "experience": [...], "consent": {...},
    "sources": [{"id", "feed", "updated"}]}; list items carry `sources`: the form the
    platform reads (`GoldenRecord.data`), expanded from the form it is stored in."""
    return golden_form.expanded(build_stored(sources))


def build_stored(sources: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """`build(sources)` in the form it is stored in (`golden_form`): the rules make this
    form at once, the provenance of the first (most trusted) source left out as they go;
    made whole first and then shortened, a person of two records took 9-15 µs more."""
    if len(sources) == 1 and (alone := _one(sources[0])) is not None:
        return alone
    if len(sources) > 1:
        by_trust = sorted(sources, key=_trust_key)
        by_recency = sorted(by_trust, key=_recency, reverse=True)  # stable: ties keep trust order
    else:
        by_trust = by_recency = list(sources)
    first = by_trust[0]["id"] if by_trust else None
    first_only = [first]
    fields: dict[str, Any] = {}
    field_sources: dict[str, int] = {}
    for names, order in ((MOST_TRUSTED, by_trust), (MOST_RECENT, by_recency)):
        getters = [(source["data"].get, source["id"]) for source in order]
        for name in names:
            for get, source_id in getters:
                value = get(name)
                # Present: not None, "", [] nor {} (a truthy value at once; 0 is present).
                if value or (value is not None and value.__class__ not in _CONTAINERS):
                    fields[name] = value
                    if source_id != first:
                        field_sources[name] = source_id
                    break
    golden: dict[str, Any] = {"v": golden_form.FORM, "fields": fields}
    if field_sources:
        golden["field_sources"] = field_sources
    golden["languages"] = _languages(by_trust, first)
    for name in UNITED:
        golden[name] = _united(by_trust, name, first_only)
    golden["experience"] = _experience(by_trust, first_only)
    consenting: list[int] = []
    purposes: dict[str, list[int]] = {}
    for source in by_trust:
        if source["consent_third_party"]:
            source_id = source["id"]
            consenting.append(source_id)
            for purpose in source["data"].get("consent_purposes") or ():
                held = purposes.get(purpose)
                if held is None:
                    purposes[purpose] = [source_id]
                else:
                    held.append(source_id)
    golden["consent"] = golden_form.short_consent(bool(consenting), consenting, sorted(purposes.items()), first_only)
    golden["sources"] = [{"id": s["id"], "feed": s["feed"], "updated": _updated(s) or None} for s in by_trust]
    return golden


def _one(source: dict[str, Any]) -> dict[str, Any] | None:
    """`build_stored([source])` by a shorter path, for the person of one record (most
    persons): the stored form made at once, without the general rules' bookkeeping nor
    the provenance that the stored form leaves out (every item's source is this record).
    None when the record names a language twice, which the general rules merge.
    tests/registry/test_golden.py holds the two equal."""
    data, only = source["data"], source["id"]
    get = data.get
    languages: list[dict[str, Any]] = []
    codes: set[str] = set()
    for skill in get("languages") or ():
        code = skill.get("code")
        if not code:
            continue
        if code in codes:
            return None
        codes.add(code)
        level, jlpt = skill.get("level"), skill.get("jlpt")
        languages.append(
            {
                "code": code,
                "level": level if level and level in _LEVEL_RANK else None,
                "jlpt": jlpt if jlpt and jlpt in _JLPT_RANK else None,
            }
        )
    if len(languages) > 1:
        languages.sort(key=lambda item: (-_LEVEL_RANK.get(item["level"], -1), item["code"]))
    golden: dict[str, Any] = {
        "v": golden_form.FORM,
        "fields": {
            name: value
            for name in _FIELDS
            if (value := get(name)) or (value is not None and value.__class__ not in _CONTAINERS)
        },
        "languages": languages,
    }
    for name in UNITED:
        united: dict[str, Any] = {}
        for value in get(name) or ():
            key = (value if value.__class__ is str else str(value)).strip().casefold()
            if key and key not in united:
                united[key] = value if type(value) is not dict else {"value": value, "sources": [only]}
        golden[name] = list(united.values())
    experience: dict[tuple[Any, Any], dict[str, Any]] = {}
    for entry in get("experience") or ():
        where = (entry.get("country"), (entry.get("role") or "").casefold())
        found = experience.get(where)
        if found is None:
            experience[where] = found = {**entry}
            found.pop("sources", None)
        elif (entry.get("years") or 0) > (found.get("years") or 0):
            found["years"] = entry["years"]
    golden["experience"] = list(experience.values())
    if source["consent_third_party"]:
        purposes = get("consent_purposes") or []
        if len(set(purposes)) < len(purposes):
            return None  # a purpose named twice: the general rules name its source twice
        golden["consent"] = {"third_party": True, "purposes": sorted(purposes)}
    else:
        golden["consent"] = {"third_party": False, "sources": [], "purposes": []}
    golden["sources"] = [{"id": only, "feed": source["feed"], "updated": _updated(source) or None}]
    return golden


def _united(sources: Iterable[dict[str, Any]], name: str, alone: list[int | None]) -> list[Any]:
    """The items of list `name` of every source, without repeats (compared case-insensitively),
    each with the sources that hold it, as stored (`golden_form.short_item`)."""
    items: dict[str, tuple[Any, list[int]]] = {}
    for source in sources:
        values = source["data"].get(name)
        if not values:
            continue
        source_id = source["id"]
        for value in values:
            key = (value if value.__class__ is str else str(value)).strip().casefold()
            if not key:
                continue
            item = items.get(key)
            if item is None:
                items[key] = (value, [source_id])
            elif item[1][-1] != source_id:  # sources come one after another: a repeat is the last
                item[1].append(source_id)
    return [golden_form.short_item(value, held, alone) for value, held in items.values()]


_LEVEL_RANK = {level: rank for rank, level in enumerate(CEFR_ORDER)}
_JLPT_RANK = {f"N{number}": 6 - number for number in range(1, 6)}  # N1 is the best


def _languages(sources: Iterable[dict[str, Any]], first: int | None) -> list[dict[str, Any]]:
    """The languages of every source, each with its highest level and best JLPT level and
    the sources of each, as stored (`golden_form.short_language`): best level first."""
    # code -> [code, level, jlpt, sources, level's source, jlpt's source]
    best: dict[str, list[Any]] = {}
    level_rank, jlpt_rank = _LEVEL_RANK.get, _JLPT_RANK.get
    for source in sources:
        source_id = source["id"]
        for skill in source["data"].get("languages") or ():
            code = skill.get("code")
            if not code:
                continue
            item = best.get(code)
            if item is None:
                item = best[code] = [code, None, None, [source_id], None, None]
            elif item[3][-1] != source_id:
                item[3].append(source_id)
            level, jlpt = skill.get("level"), skill.get("jlpt")
            if level and level_rank(level, -1) > level_rank(item[1], -1):
                item[1], item[4] = level, source_id
            if jlpt and jlpt_rank(jlpt, -1) > jlpt_rank(item[2], -1):
                item[2], item[5] = jlpt, source_id
    items = list(best.values())
    if len(items) > 1:
        items.sort(key=lambda item: (-level_rank(item[1], -1), item[0]))
    return [
        golden_form.short_language(code, level, jlpt, held, level_source, jlpt_source, first)
        for code, level, jlpt, held, level_source, jlpt_source in items
    ]


def _experience(sources: Iterable[dict[str, Any]], alone: list[int | None]) -> list[dict[str, Any]]:
    """Experience entries without repeating a country and role, the longest years kept,
    as stored (`golden_form.short_entry`)."""
    items: dict[tuple[Any, Any], dict[str, Any]] = {}
    for source in sources:
        source_id = source["id"]
        for entry in source["data"].get("experience") or ():
            key = (entry.get("country"), (entry.get("role") or "").casefold())
            item = items.get(key)
            if item is None:
                item = items[key] = {**entry, "sources": [source_id]}
            elif item["sources"][-1] != source_id:
                item["sources"].append(source_id)
            if (entry.get("years") or 0) > (item.get("years") or 0):
                item["years"] = entry["years"]
    return [golden_form.short_entry(item, alone) for item in items.values()]


# --- storing ------------------------------------------------------------------------------

_SOURCE_COLUMNS = (
    SourceRecord.id,
    SourceRecord.feed,
    SourceRecord.record_id,
    SourceRecord.consent_third_party,
    # As stored: parsed here with orjson, without SQLAlchemy's per-row type processing.
    type_coerce(SourceRecord.data, Text).label("data"),
)


RawSource = tuple[int, str, str, bool, str | bytes]  # id, feed, record_id, consent, data as stored
# The data as UTF-8 bytes, which orjson parses as they are: as text, the driver first made
# a string of each record (2 µs of a worker's time a record).
_RAW_SOURCES = {
    dialect: f"SELECT id, feed, record_id, consent_third_party, {data} FROM {SourceRecord.__tablename__} WHERE id IN ("
    for dialect, data in (("sqlite", "CAST(data AS BLOB)"), ("postgresql", "convert_to(data, 'UTF8')"))
}


def _grouped(
    session: Session, person_ids: Sequence[int] | None, columns: Sequence[Any], *, yield_per: int = 10_000
) -> Iterator[tuple[int, list[Any]]]:
    """(person id, its active source records' `columns`), in person order: a tuple per
    record, or the value itself when there is one column."""
    stmt = (
        select(PersonRecord.person_id, *columns)
        .join(SourceRecord, SourceRecord.id == PersonRecord.source_record_id)
        .where(SourceRecord.status == ACTIVE)
        .order_by(PersonRecord.person_id, PersonRecord.source_record_id)
    )
    single = len(columns) == 1
    batches: Iterable[Sequence[int] | None] = [None] if person_ids is None else batched(sorted(person_ids))
    for batch in batches:
        query = stmt if batch is None else stmt.where(PersonRecord.person_id.in_(batch))
        current: int | None = None
        group: list[Any] = []
        for person, *values in session.execute(query.execution_options(yield_per=yield_per)):
            if person != current:
                if current is not None:
                    yield current, group
                current, group = person, []
            group.append(values[0] if single else tuple(values))
        if current is not None:
            yield current, group


def _built(chunk: list[tuple[int, list[RawSource]]]) -> Built:
    """(person, offerable, golden record as UTF-8 JSON) for each person of a chunk; runs in a
    worker process for a large register."""
    out = []
    for person, raw in chunk:
        golden = build_stored(
            [
                {
                    "id": i,
                    "feed": feed,
                    "record_id": record_id,
                    "consent_third_party": consent,
                    "data": orjson.loads(data),
                }
                for i, feed, record_id, consent, data in raw
            ]
        )
        # As orjson's UTF-8 bytes: `refresh` stores them as they are (`insert_rows(utf8=)`);
        # as a string, each was decoded here, pickled, decoded again on arrival and
        # encoded for SQLite (7 µs a person of both processes' time, on two busy cores).
        out.append((person, golden["consent"]["third_party"], orjson.dumps(golden)))
    return out


def _chunks(groups: Iterator[tuple[int, list[Any]]], size: int) -> Iterator[list[tuple[int, list[Any]]]]:
    chunk: list[tuple[int, list[Any]]] = []
    for group in groups:
        chunk.append(group)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@lru_cache(maxsize=1)
def _worker_engine(url: str) -> Any:
    from talentbridge.db import make_engine

    return make_engine(url)


def _built_from_ids(chunk: list[tuple[int, list[int]]], url: str) -> Built:
    """`_built` for persons given by their source record ids: the worker reads the records
    itself (the importing process would otherwise read, sort and send every record's
    data, most of the time of a large register's golden records)."""
    ids = sorted(source for _, sources in chunk for source in sources)
    found: dict[int, RawSource] = {}
    engine = _worker_engine(url)
    select_sources = _RAW_SOURCES[engine.dialect.name]
    with engine.connect() as connection:
        # Through the driver's own cursor (the ids are integers, written into the SQL):
        # half the time of a SQLAlchemy select here. The consent comes as 0/1 on SQLite.
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for batch in batched(ids, 5_000):
            cursor.execute(select_sources + ",".join(map(str, batch)) + ")")
            for row in cursor:
                found[row[0]] = row
        cursor.close()
    if len(found) != len(ids):
        raise RuntimeError("a worker did not find every source record it was given: was the register changed?")
    return _built([(person, [found[source] for source in sources]) for person, sources in chunk])


PARALLEL_PERSONS = 20_000  # below this, worker processes cost more than they save
CHUNK_PERSONS = 2_000
_PRELOAD = "talentbridge.registry.golden"


def workers_for(records: int) -> Pool | None:
    """The worker processes `refresh` will want for a register of `records` source
    records (None: it builds in this process). Forked when this process runs one thread:
    the caller starts them (`Pool.start`) before it reads the register, since a process
    that holds it (gigabytes, with DuckDB and the links) would be inherited by each."""
    workers = get_settings().import_workers
    if workers > 1 and records >= PARALLEL_PERSONS:
        return Pool(workers, preload=_PRELOAD)
    return None


CHUNKS_AHEAD = 100  # 200,000 persons' golden records (about 300 MB) built ahead at most


Built = list[tuple[int, bool, bytes]]  # (key, offerable, golden record as UTF-8 JSON) per person


def build_ahead(clusters: Sequence[list[int]], pool: Pool | None, url: str | None) -> Iterator[Built] | None:
    """The golden records of a full consolidation's clusters (keyed by their position),
    started in the workers now, while the caller stores the persons; `refresh(prebuilt=)`
    takes them. `url`: where the workers read the register (`reading.visible_elsewhere`).
    None when they are better built by `refresh` alone (no workers, a small register, or
    workers that cannot read what this transaction sees)."""
    if pool is None or url is None or len(clusters) < PARALLEL_PERSONS:
        return None
    chunks = _chunks(enumerate(clusters), CHUNK_PERSONS)
    return submitted_ahead(_built_from_ids, chunks, pool=pool, ahead=CHUNKS_AHEAD, extra=(url,))


def refresh(
    session: Session,
    person_ids: Iterable[int] | None = None,
    *,
    pool: Pool | None = None,
    prebuilt: tuple[Iterator[Built], Sequence[int]] | None = None,
) -> int:
    """Rebuild the golden records of `person_ids` (None: every person) from their active
    source records; a retired person loses its golden record, a person with no active
    record keeps an empty one that is not offerable. Returns how many were written.
    `pool`: worker processes already started (`workers_for`). `prebuilt`: with every
    person (None), the golden records `build_ahead` started for a full consolidation's
    clusters, and the person of each cluster (every living person holds one): nothing is
    read back.

    Streams: golden records are written in batches as their persons are read, so memory
    stays flat however large the register."""
    now = datetime.now(UTC)
    wanted = None if person_ids is None else sorted(set(person_ids))
    if wanted is None:
        session.execute(delete(GoldenRecord))
        if prebuilt is not None:
            persons = set(prebuilt[1])
        else:
            alive = select(Person.id).where(Person.status != PERSON_RETIRED)
            persons = {row[0] for row in session.execute(alive)}
    else:
        for batch in batched(wanted):
            session.execute(delete(GoldenRecord).where(GoldenRecord.person_id.in_(batch)))
        persons = {
            row[0]
            for batch in batched(wanted)
            for row in session.execute(select(Person.id).where(Person.id.in_(batch), Person.status != PERSON_RETIRED))
        }
    columns = ("person_id", "offerable", "data", "built_at")
    table = GoldenRecord.__table__
    # Every row's time and flag in their stored form, converted once (a million rows).
    stamp = stored_value(session, table, "built_at", now)
    flags = {flag: stored_value(session, table, "offerable", flag) for flag in (True, False)}
    rows: list[tuple[Any, ...]] = []
    written = 0

    def add(person: int, offerable: bool, text: str | bytes) -> None:
        rows.append((person, flags[offerable], text, stamp))

    def flush() -> None:
        nonlocal written
        insert_rows(session, table, columns, rows, utf8=("data",))
        written += len(rows)
        rows.clear()

    done: set[int] = set()
    workers = get_settings().import_workers
    results: Iterable[Built]
    parallel = workers > 1 and len(persons) >= PARALLEL_PERSONS
    url = visible_elsewhere(session) if parallel and prebuilt is None else None
    if prebuilt is not None and wanted is None:
        ahead, person_of = prebuilt
        results = ([(person_of[key], offerable, text) for key, offerable, text in built] for built in ahead)
    elif url is not None:  # the workers read the records themselves
        id_chunks = _chunks(
            ((p, ids) for p, ids in _grouped(session, wanted, [SourceRecord.id], yield_per=50_000) if p in persons),
            CHUNK_PERSONS,
        )
        results = ordered_map(
            _built_from_ids, id_chunks, workers=workers, preload=_PRELOAD, extra=(url,), fork=False, pool=pool
        )
    else:
        chunks = _chunks(
            ((p, raw) for p, raw in _grouped(session, wanted, _SOURCE_COLUMNS) if p in persons), CHUNK_PERSONS
        )
        results = (
            ordered_map(_built, chunks, workers=workers, preload=_PRELOAD, fork=False, pool=pool)
            if parallel
            else map(_built, chunks)
        )
    for result in results:
        for person, offerable, text in result:
            add(person, offerable, text)
            done.add(person)
        if len(rows) >= 5_000:
            flush()
    empty = build_stored([])
    for person in sorted(persons - done):  # no active record left
        add(person, False, json_text(empty))
    flush()
    if wanted is None or wanted:  # golden records changed: the matching index is stale
        session.execute(insert(GoldenBuild).values(at=now, persons=written))
    return written
