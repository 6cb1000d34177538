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
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from talentbridge.db import batched, insert_rows, json_text, storage_converters
from talentbridge.feeds.models import ACTIVE, SourceRecord
from talentbridge.registry.models import RETIRED as PERSON_RETIRED
from talentbridge.registry.models import GoldenRecord, Person, PersonRecord

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
# Contact and exact birth date: what a company never sees before a release (issue 4).
CONTACT_FIELDS = ("email", "phone")


def trust_rank(feed: str) -> tuple[int, str]:
    """Lower is more trusted."""
    try:
        return (FEED_TRUST.index(feed), feed)
    except ValueError:
        return (len(FEED_TRUST), feed)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


_NEVER = datetime.min.replace(tzinfo=UTC)


def _updated(source: dict[str, Any]) -> str:
    return source["data"].get("source_updated_at") or ""


def _recency(source: dict[str, Any]) -> datetime:
    """When the agency last changed the record (offsets differ between feeds: compared as
    instants, not as text); unknown sorts last."""
    text = _updated(source)
    try:
        moment = datetime.fromisoformat(text) if text else _NEVER
    except ValueError:
        return _NEVER
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def build(sources: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The golden record of one person from its active source records, each a dict with
    `id`, `feed`, `record_id`, `consent_third_party` and `data` (the canonical record).

    Returns {"fields": {name: {"value", "source"}}, "languages": [...], "skills": [...],
    "sectors": [...], "desired_prefectures": [...], "experience": [...], "consent": {...},
    "sources": [{"id", "feed", "record_id", "updated"}]}; list items carry `sources`."""
    by_trust = sorted(sources, key=lambda s: (trust_rank(s["feed"]), s["id"]))
    by_recency = sorted(by_trust, key=_recency, reverse=True)  # stable: ties keep trust order
    fields: dict[str, dict[str, Any]] = {}
    for names, order in ((MOST_TRUSTED, by_trust), (MOST_RECENT, by_recency)):
        for name in names:
            for source in order:
                value = source["data"].get(name)
                if not _empty(value):
                    fields[name] = {"value": value, "source": source["id"]}
                    break
    golden: dict[str, Any] = {"fields": fields}
    golden["languages"] = _languages(by_trust)
    for name in UNITED:
        golden[name] = _united(by_trust, name)
    golden["experience"] = _experience(by_trust)
    consenting = [s for s in by_trust if s["consent_third_party"]]
    purposes: dict[str, list[int]] = {}
    for source in consenting:
        for purpose in source["data"].get("consent_purposes") or ():
            purposes.setdefault(purpose, []).append(source["id"])
    golden["consent"] = {
        "third_party": bool(consenting),
        "sources": [s["id"] for s in consenting],
        "purposes": [{"value": key, "sources": ids} for key, ids in sorted(purposes.items())],
    }
    golden["sources"] = [
        {"id": s["id"], "feed": s["feed"], "record_id": s["record_id"], "updated": _updated(s) or None}
        for s in by_trust
    ]
    return golden


def _united(sources: Iterable[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for source in sources:
        for value in source["data"].get(name) or ():
            key = str(value).strip().casefold()
            if not key:
                continue
            item = items.setdefault(key, {"value": value, "sources": []})
            if source["id"] not in item["sources"]:
                item["sources"].append(source["id"])
    return list(items.values())


def _level_rank(level: str | None) -> int:
    return CEFR_ORDER.index(level) if level in CEFR_ORDER else -1


def _jlpt_rank(level: str | None) -> int:
    """N1 is the best: a higher rank."""
    return 6 - int(level[1]) if level and len(level) == 2 and level[0] == "N" and level[1].isdigit() else -1


def _languages(sources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[str, dict[str, Any]] = {}
    for source in sources:
        for skill in source["data"].get("languages") or ():
            code = skill.get("code")
            if not code:
                continue
            item = best.setdefault(code, {"code": code, "level": None, "jlpt": None, "sources": []})
            if source["id"] not in item["sources"]:
                item["sources"].append(source["id"])
            if _level_rank(skill.get("level")) > _level_rank(item["level"]):
                item["level"], item["level_source"] = skill["level"], source["id"]
            if _jlpt_rank(skill.get("jlpt")) > _jlpt_rank(item["jlpt"]):
                item["jlpt"], item["jlpt_source"] = skill["jlpt"], source["id"]
    return sorted(best.values(), key=lambda item: (-_level_rank(item["level"]), item["code"]))


def _experience(sources: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    items: dict[tuple[Any, Any], dict[str, Any]] = {}
    for source in sources:
        for entry in source["data"].get("experience") or ():
            key = (entry.get("country"), (entry.get("role") or "").casefold())
            item = items.setdefault(key, {**entry, "sources": []})
            if source["id"] not in item["sources"]:
                item["sources"].append(source["id"])
            if (entry.get("years") or 0) > (item.get("years") or 0):
                item["years"] = entry["years"]
    return list(items.values())


# --- storing ------------------------------------------------------------------------------

_SOURCE_COLUMNS = (
    PersonRecord.person_id,
    SourceRecord.id,
    SourceRecord.feed,
    SourceRecord.record_id,
    SourceRecord.consent_third_party,
    SourceRecord.data,
)


def _grouped(session: Session, person_ids: Sequence[int] | None) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(person id, its active source records), in person order."""
    stmt = (
        select(*_SOURCE_COLUMNS)
        .join(SourceRecord, SourceRecord.id == PersonRecord.source_record_id)
        .where(SourceRecord.status == ACTIVE)
        .order_by(PersonRecord.person_id, SourceRecord.id)
    )
    batches: Iterable[Sequence[int] | None] = [None] if person_ids is None else batched(sorted(person_ids))
    for batch in batches:
        query = stmt if batch is None else stmt.where(PersonRecord.person_id.in_(batch))
        current: int | None = None
        group: list[dict[str, Any]] = []
        for row in session.execute(query.execution_options(yield_per=10_000)):
            if row.person_id != current:
                if current is not None:
                    yield current, group
                current, group = row.person_id, []
            group.append(
                {
                    "id": row.id,
                    "feed": row.feed,
                    "record_id": row.record_id,
                    "consent_third_party": row.consent_third_party,
                    "data": row.data,
                }
            )
        if current is not None:
            yield current, group


def refresh(session: Session, person_ids: Iterable[int] | None = None) -> int:
    """Rebuild the golden records of `person_ids` (None: every person) from their active
    source records; a retired person loses its golden record, a person with no active
    record keeps an empty one that is not offerable. Returns how many were written."""
    now = datetime.now(UTC)
    wanted = None if person_ids is None else sorted(set(person_ids))
    if wanted is None:
        session.execute(delete(GoldenRecord))
        alive = select(Person.id).where(Person.status != PERSON_RETIRED)
        persons = [row[0] for row in session.execute(alive)]
    else:
        for batch in batched(wanted):
            session.execute(delete(GoldenRecord).where(GoldenRecord.person_id.in_(batch)))
        persons = [
            row[0]
            for batch in batched(wanted)
            for row in session.execute(select(Person.id).where(Person.id.in_(batch), Person.status != PERSON_RETIRED))
        ]
    built: dict[int, dict[str, Any]] = {}
    for person, sources in _grouped(session, wanted):
        built[person] = build(sources)
    dialect = session.get_bind().dialect.name
    columns = ("person_id", "offerable", "data", "built_at")
    convert = storage_converters(dialect, GoldenRecord.__tablename__, columns)
    rows = []
    for person in persons:
        golden = built.get(person) or build([])
        values = (person, golden["consent"]["third_party"], json_text(golden), now)
        rows.append(tuple(v if c is None else c(v) for v, c in zip(values, convert, strict=True)))
    for batch in batched(rows, 10_000):
        insert_rows(session, GoldenRecord.__table__, columns, batch)
    return len(rows)


def value_of(golden: dict[str, Any], name: str) -> Any:
    field = golden["fields"].get(name)
    return None if field is None else field["value"]


def birth_date_of(golden: dict[str, Any]) -> date | None:
    value = value_of(golden, "birth_date")
    return date.fromisoformat(value) if value else None
