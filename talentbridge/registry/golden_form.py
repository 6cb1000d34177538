"""How a golden record is stored: the form `golden.build` returns, with the provenance
that goes without saying left out.

In the form the platform reads (`golden.build`), every field and every list item names
the source records it came from. Most of those names repeat the person's first source
(the most trusted; a person of one source record, most persons, has no other), and they
were half of each stored record: 1.3 kB a person, 1.6 GB of a register of a million
persons, written and checkpointed at every full consolidation. Stored, a golden record
says its provenance only where it is not the first source:

- `"v": 2` marks this form;
- `fields` holds each field's value, and `field_sources` the source of each field that
  did not come from the first source;
- a list item (language, experience, consent purpose) leaves out `sources` when the first
  source alone holds it, and a language its `level_source` and `jlpt_source` when they are
  the first source; an item of skills, sectors, desired prefectures or consent purposes
  held by the first source alone is its value itself; the consent leaves out its
  `sources` when the first source alone consents;
- `sources` (the person's source records) and the rest are as they are.

The survivorship rules make this form (`golden.build_stored`); `expanded` gives the form
read, every field and item with its sources, and `stored` is its exact inverse
(tests/registry/test_golden.py holds the round trip, byte for byte). A record without
`"v"` was stored whole, as before this form, and is returned as it is: old databases
need no migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORM = 2
ITEM_LISTS = ("skills", "sectors", "desired_prefectures")


def _first(golden: dict[str, Any]) -> int | None:
    sources = golden.get("sources") or ()
    return sources[0]["id"] if sources else None


def stored(golden: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a golden record in the form `golden.build` returns (what
    `GoldenData` writes when given one whole)."""
    first = _first(golden)
    alone = [first]
    fields: dict[str, Any] = {}
    field_sources: dict[str, int] = {}
    for name, field in golden["fields"].items():
        fields[name] = field["value"]
        if field["source"] != first:
            field_sources[name] = field["source"]
    out: dict[str, Any] = {"v": FORM, "fields": fields}
    if field_sources:
        out["field_sources"] = field_sources
    out["languages"] = [
        short_language(
            item["code"],
            item["level"],
            item["jlpt"],
            item["sources"],
            item.get("level_source"),
            item.get("jlpt_source"),
            first,
        )
        for item in golden["languages"]
    ]
    for name in ITEM_LISTS:
        out[name] = [shortened(item, alone) for item in golden[name]]
    out["experience"] = [short_entry(entry, alone) for entry in golden["experience"]]
    consent = golden["consent"]
    purposes = ((item["value"], item["sources"]) for item in consent["purposes"])
    out["consent"] = short_consent(consent["third_party"], consent["sources"], purposes, alone)
    out["sources"] = golden["sources"]
    return out


# The pieces of `stored`, which the survivorship rules use too as they make the stored
# form at once (`golden.build_stored`). `alone` is [the first source's id].


def short_item(value: Any, sources: list[int], alone: list[int | None]) -> Any:
    """A list item as stored: its value alone when the first source alone holds it."""
    return value if sources == alone and type(value) is not dict else {"value": value, "sources": sources}


def shortened(item: dict[str, Any], alone: list[int | None]) -> Any:
    """`short_item` of an item in the form read."""
    return short_item(item["value"], item["sources"], alone)


def short_language(
    code: str,
    level: str | None,
    jlpt: str | None,
    sources: list[int],
    level_source: int | None,
    jlpt_source: int | None,
    first: int | None,
) -> dict[str, Any]:
    """A language as stored, its keys in one order whichever source gave its levels first
    (the stored text is the same however a record read is shortened again). A level's
    source is None when the language has no such level."""
    short: dict[str, Any] = {"code": code, "level": level, "jlpt": jlpt}
    if sources != [first]:
        short["sources"] = sources
    if level_source is not None and level_source != first:
        short["level_source"] = level_source
    if jlpt_source is not None and jlpt_source != first:
        short["jlpt_source"] = jlpt_source
    return short


def short_entry(entry: dict[str, Any], alone: list[int | None]) -> dict[str, Any]:
    """An experience entry as stored."""
    if entry["sources"] != alone:
        return entry
    return {key: value for key, value in entry.items() if key != "sources"}


def short_consent(
    third_party: bool, sources: list[int], purposes: Iterable[tuple[Any, list[int]]], alone: list[int | None]
) -> dict[str, Any]:
    """The consent as stored; `purposes` as (purpose, its sources) pairs."""
    short: dict[str, Any] = {"third_party": third_party}
    if sources != alone:
        short["sources"] = sources
    short["purposes"] = [short_item(value, held, alone) for value, held in purposes]
    return short


def expanded(data: dict[str, Any]) -> dict[str, Any]:
    """The form `golden.build` returns, from a stored golden record (of either form)."""
    if data.get("v") != FORM:
        return data
    first = _first(data)
    from_first = data.get("field_sources", {})
    fields = {name: {"value": value, "source": from_first.get(name, first)} for name, value in data["fields"].items()}
    languages = []
    for item in data["languages"]:
        full = {
            "code": item["code"],
            "level": item["level"],
            "jlpt": item["jlpt"],
            "sources": item.get("sources", [first]),
        }
        for key, given in (("level_source", "level"), ("jlpt_source", "jlpt")):
            if key in item:
                full[key] = item[key]
            elif item[given] is not None:
                full[key] = first
        languages.append(full)
    golden: dict[str, Any] = {"fields": fields, "languages": languages}
    for name in ITEM_LISTS:
        golden[name] = [_full_item(item, first) for item in data[name]]
    golden["experience"] = [
        entry if "sources" in entry else {**entry, "sources": [first]} for entry in data["experience"]
    ]
    consent = data["consent"]
    golden["consent"] = {
        "third_party": consent["third_party"],
        "sources": consent.get("sources", [first]),
        "purposes": [_full_item(item, first) for item in consent["purposes"]],
    }
    golden["sources"] = data["sources"]
    return golden


def _full_item(item: Any, first: int | None) -> dict[str, Any]:
    return item if type(item) is dict else {"value": item, "sources": [first]}
