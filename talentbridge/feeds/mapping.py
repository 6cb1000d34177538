"""Declarative layouts: one TOML mapping file per agency layout.

A mapping names the container (csv, jsonl, xlsx) and how to open it, then maps each
column (or dotted JSON path) to a canonical field through a named normaliser. A new
layout needs only a new mapping file; docs/mappings.md describes the format.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import tomllib
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError
from pydantic_core import PydanticUndefined

from talentbridge.feeds import readers
from talentbridge.feeds.errors import N_, MappingError, Message, NormaliseError, message
from talentbridge.feeds.normalise import NORMALISERS
from talentbridge.feeds.normalise.languages import merge_languages
from talentbridge.feeds.readers import RawRow
from talentbridge.feeds.schemas import CanonicalRecord, Education

BUILTIN_LAYOUTS = Path(__file__).parent / "layouts"
# Layouts of the other domains' feeds (companies and their needs, specialists): their
# mapping files sit with the domain that stores what they bring.
DOMAIN_LAYOUTS = tuple(Path(__file__).parent.parent / domain / "layouts" for domain in ("companies", "advisory"))
CONTAINERS = ("csv", "jsonl", "xlsx")
CANONICAL_FIELDS = set(CanonicalRecord.model_fields) - {"feed", "issues"}
# In the model's field order: a record's JSON, and so its content hash, must not depend
# on set iteration order, which differs between the worker processes.
LIST_FIELDS = tuple(
    name for name, info in CanonicalRecord.model_fields.items() if typing.get_origin(info.annotation) is list
)
NESTED_FIELDS = {"education"}
MEMO_LIMIT = 4096  # remembered values per column


class RowError(Exception):
    """The row cannot be read; `message` is for the data steward (`reason`, its English)."""

    def __init__(self, reason: Message, record_id: str | None = None) -> None:
        self.message = reason
        self.reason = str(reason)
        self.record_id = record_id
        super().__init__(self.reason)


def _no_id(rule: FieldRule) -> Message:
    return message(N_("the id column {column} is empty; a row without an id cannot be kept"), column=rule.source)


def _required_empty(rule: FieldRule) -> Message:
    return message(N_("the column {column} is empty and is required"), column=rule.source)


def _refused(rule: FieldRule, exc: NormaliseError) -> Message:
    return message(N_("{column}: {reason}"), column=rule.source, reason=exc.message)


_MISSING = object()


class Memo:
    """Cell value -> normalised value, for the values a column repeats (countries, sectors,
    levels, dates, language lists): a dict hit instead of a normaliser call.

    Bounded, and it switches itself off for a column whose values hardly repeat (names,
    e-mail addresses), where keeping it would cost a lookup per row for nothing. Values
    are shared between records, so nothing downstream may change them in place."""

    __slots__ = ("active", "hits", "values")

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}
        self.hits = 0
        self.active = True

    def put(self, key: Any, value: Any) -> None:
        values = self.values
        if len(values) < MEMO_LIMIT:
            values[key] = value
        elif self.hits < MEMO_LIMIT:  # full, and fewer hits than misses so far
            self.active = False
            values.clear()


@dataclass(frozen=True, slots=True)
class FieldRule:
    source: str  # the column, or a dotted path into a JSON object
    path: tuple[str, ...]
    target: str | None  # None: the normaliser returns several canonical fields
    normaliser_name: str
    normaliser: Callable[..., Any]
    args: dict[str, Any]
    required: bool
    on_error: str  # "quarantine" the row, or "keep_empty": leave the field empty, note it
    call: Callable[[Any], Any]  # the normaliser with its args bound
    kind: str  # how the value lands: "scalar", "list", "nested" or "several"
    memo: Memo = field(default_factory=lambda: Memo())


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    agency: str
    container: str
    encoding: str
    delimiter: str
    sheet: str | None
    header_row: int
    required_columns: tuple[str, ...]
    id_rule: FieldRule
    rules: tuple[FieldRule, ...]
    constants: dict[str, Any] = field(default_factory=dict)
    source_file: Path | None = None
    # What the rows become: "persons" (source records, this module's canonical record) or
    # the name of another domain's records, which `target` ("module:attribute") imports
    # and stores (see feeds/entities.py).
    kind: str = "persons"
    target: str | None = None

    # --- reading ---------------------------------------------------------------------

    def chunks(self, path: Path, *, size: int = 2000, first: int | None = None) -> Iterator[readers.Chunk]:
        """The file in chunks of about `size` rows, the first ones growing from `first`
        (`readers.chunk_sizes`); `readers.rows_of` reads each."""
        if self.container == "csv":
            return readers.csv_chunks(path, encoding=self.encoding, delimiter=self.delimiter, size=size, first=first)
        if self.container == "jsonl":
            return readers.jsonl_chunks(path, encoding=self.encoding, size=size, first=first)
        assert self.sheet is not None
        return readers.xlsx_chunks(path, sheet=self.sheet, header_row=self.header_row, size=size, first=first)

    def read(self, path: Path) -> Iterator[RawRow]:
        for chunk in self.chunks(path):
            yield from readers.rows_of(chunk)

    def missing_columns(self, path: Path, container: str) -> list[str] | None:
        """None when the file is of another container or cannot be opened as this layout;
        else the required columns it lacks (empty: the file has this layout)."""
        if container != self.container:
            return None
        if self.container == "csv":
            header = readers.read_csv_header(path, encoding=self.encoding, delimiter=self.delimiter)
            found = set(header) if header is not None else None
        elif self.container == "jsonl":
            found = readers.read_jsonl_keys(path)
        else:
            assert self.sheet is not None
            header = readers.read_xlsx_header(path, sheet=self.sheet, header_row=self.header_row)
            found = set(header) if header is not None else None
        if found is None:
            return None
        return [column for column in self.required_columns if column not in found]

    # --- mapping ---------------------------------------------------------------------

    def record_id(self, values: dict[str, Any]) -> str | None:
        try:
            value = self.id_rule.call(_lookup(values, self.id_rule.path))
        except NormaliseError:
            return None
        return value or None

    def map_values(self, values: dict[str, Any]) -> dict[str, Any]:
        """The canonical record of a readable row as a plain dict with every canonical field
        (dates as date objects); RowError when the row must be quarantined.

        The plain, row-by-row reference for `map_rows` (the import's path), which the tests
        hold to the same output; `map_row` checks its dict against CanonicalRecord."""
        record_id = self.record_id(values)
        if record_id is None:
            raise RowError(_no_id(self.id_rule))
        out = _blank_record()
        out["feed"] = self.name
        out["record_id"] = record_id
        for key, value in self.constants.items():
            _assign(out, key, value)
        nested = self.container == "jsonl"
        for rule in self.rules:
            raw_value = _cell(values, rule, nested)
            if raw_value is None or raw_value == "":
                if rule.required:
                    raise RowError(_required_empty(rule), record_id)
                continue
            value = self._call(rule, raw_value, record_id, out)
            if value is _MISSING:
                continue
            if value is None or value == []:
                if rule.required:
                    raise RowError(_required_empty(rule), record_id)
                continue
            _land(out, rule, value)
        _finish(out)
        return out

    def map_plain(self, values: dict[str, Any]) -> dict[str, Any]:
        """The record of a readable row of a layout whose kind is not persons: each rule's
        field normalised (lists as lists, None when empty), under `record_id` the row's id;
        RowError when the row must be quarantined. No canonical-record rules apply."""
        cell = _lookup(values, self.id_rule.path)
        try:
            record_id = self.id_rule.call(cell) if cell not in (None, "") else None
        except NormaliseError as exc:  # a corporate number with a wrong check digit, say
            raise RowError(_refused(self.id_rule, exc)) from None
        if not record_id:
            raise RowError(_no_id(self.id_rule))
        out: dict[str, Any] = {"record_id": record_id, "issues": []}
        nested = self.container == "jsonl"
        for rule in self.rules:
            raw_value = _cell(values, rule, nested)
            value = None if raw_value is None or raw_value == "" else self._call(rule, raw_value, record_id, out)
            if value is _MISSING or value == []:
                value = None
            if value is None and rule.required:
                raise RowError(_required_empty(rule), record_id)
            if rule.kind == "list":
                items = value if isinstance(value, list) else ([] if value is None else [value])
                held = out.setdefault(rule.target, [])  # type: ignore[arg-type]
                held.extend(item for item in items if item not in held)
            elif rule.kind == "several":
                out.update({key: item for key, item in (value or {}).items() if item is not None})
            elif value is not None or rule.target not in out:
                out[rule.target] = value  # type: ignore[index]
        return out

    def map_rows(self, rows: list[dict[str, Any]]) -> list[dict[str, Any] | RowError]:
        """`map_values` for a chunk of rows, each row's dict or the RowError it raises.

        The import's hot path. It works column by column: each distinct value of a column
        is normalised once per chunk (or found in the column's memo), and a row is then
        assembled from its columns with few Python steps. Row by row, the same work cost a
        dozen steps per field. The tests hold the two paths to the same output."""
        nested = self.container == "jsonl"
        errors: dict[int, tuple[int, RowError]] = {}  # row -> (rule position, its error)
        notes: dict[int, list[tuple[int, str]]] = {}  # row -> (rule position, issue)
        cells = _Cells(rows, nested)
        record_ids = self._record_ids(cells.of(self.id_rule))
        for index, record_id in enumerate(record_ids):
            if record_id is None:
                errors[index] = (-1, RowError(_no_id(self.id_rule)))
        columns, several_keys = self._normalised_columns(cells, record_ids, errors, notes)
        return self._assemble(record_ids, columns, several_keys, errors, notes)

    def _normalised_columns(
        self,
        cells: _Cells,
        record_ids: list[str | None],
        errors: dict[int, tuple[int, RowError]],
        notes: dict[int, list[tuple[int, str]]],
    ) -> tuple[list[list[Any]], set[str]]:
        """Each rule's normalised column (_EMPTY where a row gets nothing), and the fields
        the several-field rules set; the rows' errors and issues are noted on the way."""
        columns: list[list[Any]] = []
        several_keys: set[str] = set()
        for position, rule in enumerate(self.rules):
            values, failed, empty = _normalise_column(rule, cells.of(rule))
            if failed:
                for index, value in enumerate(values):
                    if type(value) is _Failed:
                        values[index] = _EMPTY
                        if rule.on_error == "keep_empty":
                            notes.setdefault(index, []).append((position, str(value.reason)))
                        elif index not in errors or errors[index][0] > position:
                            errors[index] = (position, RowError(value.reason, record_ids[index]))
            if empty and rule.required:
                reason = _required_empty(rule)
                for index, value in enumerate(values):
                    if value is _EMPTY and (index not in errors or errors[index][0] > position):
                        errors[index] = (position, RowError(reason, record_ids[index]))
            if rule.kind == "several":
                for value in {id(value): value for value in values if value is not _EMPTY}.values():
                    several_keys.update(value)
            columns.append(values)
        return columns, several_keys

    def _assemble(
        self,
        record_ids: list[str | None],
        columns: list[list[Any]],
        several_keys: set[str],
        errors: dict[int, tuple[int, RowError]],
        notes: dict[int, list[tuple[int, str]]],
    ) -> list[dict[str, Any] | RowError]:
        """The rows' records from the normalised columns (or each row's first error)."""
        base = _blank_record()
        base["feed"] = self.name
        for key, value in self.constants.items():
            _assign(base, key, value)
        # A field that one rule alone fills is set for every row by one dict update; the
        # others (several fields from one rule, nested fields, fields two rules fill) are
        # assigned rule by rule, in the mapping's order, as map_values does.
        targets = [rule.target for rule in self.rules]
        simple_names: list[str] = []
        simple_columns: list[list[Any]] = []
        ordered: list[tuple[FieldRule, list[Any]]] = []
        years_done = False
        for rule, values in zip(self.rules, columns, strict=True):
            target = rule.target or ""
            alone = targets.count(target) == 1 and target not in several_keys
            if alone and rule.kind == "scalar":
                default = base[target]
                simple_names.append(target)
                simple_columns.append([default if value is _EMPTY else value for value in values])
            elif alone and rule.kind == "list" and not base[target]:
                # The list is this rule's value alone, so _finish's work on it is done
                # once per distinct value (values repeat: they come from one dict), and
                # the rows that share a value share the finished list, as they share
                # memo values: nothing changes a record's lists once it is made.
                distinct = {id(value): value for value in values if value is not _EMPTY}
                finished = {
                    key: _finish_list(target, list(value) if type(value) is list else [value])
                    for key, value in distinct.items()
                }
                finished[id(_EMPTY)] = []
                column = [finished[id(value)] for value in values]
                simple_names.append(target)
                simple_columns.append(column)
                if target == "experience" and "experience_years" not in targets and not several_keys:
                    # experience_years, when no rule sets it, sums the years of this one
                    # list: worked out once per distinct list too.
                    years = {key: _experience_years(value) for key, value in finished.items()}
                    simple_names.append("experience_years")
                    simple_columns.append([years[id(value)] for value in values])
                    years_done = True
            else:
                ordered.append((rule, values))
        ordered_targets = {rule.target for rule, _ in ordered} | several_keys
        # A list no rule fills stays the empty list _finish would leave as it is.
        done = frozenset(simple_names).union(
            name for name in _FINISHED_LISTS if name not in ordered_targets and not base[name]
        )
        # Lists and nested objects are made anew for each row: they are filled in place.
        fresh_lists = tuple(name for name in LIST_FIELDS if name not in simple_names)
        fresh_dicts = tuple(name for name in NESTED_FIELDS if base[name] is not None)
        out_rows: list[dict[str, Any] | RowError] = []
        simple_rows = zip(*simple_columns, strict=True) if simple_columns else itertools.repeat(())
        for index, (record_id, simple) in enumerate(zip(record_ids, simple_rows, strict=False)):
            if index in errors:
                out_rows.append(errors[index][1])
                continue
            out = base.copy()
            out["record_id"] = record_id
            for name in fresh_lists:
                out[name] = list(base[name])
            for name in fresh_dicts:
                out[name] = dict(base[name])
            out.update(zip(simple_names, simple, strict=True))
            for rule, values in ordered:
                value = values[index]
                if value is not _EMPTY:
                    _land(out, rule, value)
            if index in notes:
                out["issues"].extend(text for _, text in sorted(notes[index], key=lambda note: note[0]))
            _finish(out, done, years_done)
            out_rows.append(out)
        return out_rows

    def issue_messages(self, values: dict[str, Any]) -> list[Message]:
        """What a record's `issues` say (the values its keep_empty rules could not read), as
        messages any language renders, worked out again from the row it came from."""
        nested = self.container == "jsonl"
        found: list[Message] = []
        for rule in self.rules:
            if rule.on_error != "keep_empty":
                continue
            raw = _cell(values, rule, nested)
            if raw is None or raw == "":
                continue
            try:
                rule.call(raw)
            except NormaliseError as exc:
                found.append(_refused(rule, exc))
        return found

    def _record_ids(self, cells: list[Any]) -> list[str | None]:
        call = self.id_rule.call
        out: list[str | None] = []
        for cell in cells:
            try:
                value = call(cell)
            except NormaliseError:
                value = None
            out.append(value or None)
        return out

    @staticmethod
    def _call(rule: FieldRule, raw_value: Any, record_id: str, out: dict[str, Any]) -> Any:
        """The rule's normaliser on one value; _MISSING when the field is left empty."""
        try:
            return rule.call(raw_value)
        except NormaliseError as exc:
            if rule.on_error == "keep_empty":
                out["issues"].append(str(_refused(rule, exc)))
                return _MISSING
            raise RowError(_refused(rule, exc), record_id) from None

    def map_row(self, row: RawRow) -> CanonicalRecord:
        """The canonical record of a readable row, validated; RowError when it is quarantined."""
        assert row.values is not None
        out = self.map_values(row.values)
        try:
            return CanonicalRecord.model_validate(out)
        except ValidationError as exc:  # a normaliser broke its contract: say where
            why = exc.errors()[0]["msg"]
            reason = message(N_("the row does not make a valid record ({why})"), why=why)
            raise RowError(reason, out["record_id"]) from None


_EMPTY = object()  # a cell that sets nothing: empty, or normalised to nothing
_CONTAINER_TYPES = (list, dict)
_PLAIN_CELLS = frozenset((str, type(None)))


class _Failed:
    """A cell its normaliser refused, with the reason the data steward reads."""

    __slots__ = ("reason",)

    def __init__(self, reason: Message) -> None:
        self.reason = reason


def _memo_key(cell: Any) -> Any:
    """A cell's key in a memo: text as it is; JSON lists and objects by their text; other
    values with their type, so that 1, 1.0 and True (equal in Python) stay apart."""
    if type(cell) is str:
        return cell
    if type(cell) in _CONTAINER_TYPES:
        return orjson.dumps(cell)
    return (type(cell), cell)


class _Cells:
    """The cells of a chunk, column by column. A dotted path walks into JSON objects; the
    objects on the way (`name` for `name.family` and `name.given`) are taken once."""

    def __init__(self, rows: list[dict[str, Any]], nested: bool) -> None:
        self.rows = rows
        self.nested = nested
        self.taken: dict[tuple[str, ...], list[Any]] = {}

    def of(self, rule: FieldRule) -> list[Any]:
        if not self.nested:
            return self._column(self.rows, rule.source)
        return self._path(rule.path)

    @staticmethod
    def _column(rows: list[dict[str, Any]], key: str) -> list[Any]:
        # dict.get mapped in C over the rows: a third faster than a comprehension.
        return list(map(dict.get, rows, itertools.repeat(key, len(rows))))

    def _path(self, path: tuple[str, ...]) -> list[Any]:
        cells = self.taken.get(path)
        if cells is None:
            if len(path) == 1:
                cells = self._column(self.rows, path[0])
            else:
                key = path[-1]
                cells = [cell.get(key) if type(cell) is dict else None for cell in self._path(path[:-1])]
            self.taken[path] = cells
        return cells


def _normalise_column(rule: FieldRule, cells: list[Any]) -> tuple[list[Any], bool, bool]:
    """The rule's normalised value of each cell (_EMPTY, or a _Failed), and whether any
    failed and any is empty. Each distinct cell is normalised once."""
    if _PLAIN_CELLS.issuperset(map(type, cells)):  # text and empty cells are their own keys
        keys = cells
    else:
        keys = [cell if type(cell) is str or cell is None else _memo_key(cell) for cell in cells]
    distinct = dict(zip(keys, cells, strict=True))
    memo = rule.memo
    memo.hits += len(keys) - len(distinct)
    remembered = memo.values
    call = rule.call
    results: dict[Any, Any] = {}
    failed = empty = False
    for key, cell in distinct.items():
        if cell is None or cell == "":
            results[key] = _EMPTY
            empty = True
            continue
        value = remembered.get(key, _MISSING) if memo.active else _MISSING
        if value is _MISSING:
            try:
                value = call(cell)
            except NormaliseError as exc:
                results[key] = _Failed(_refused(rule, exc))
                failed = True
                continue
            if memo.active:
                memo.put(key, value)
        else:
            memo.hits += 1
        if value is None or value == []:
            value = _EMPTY
            empty = True
        results[key] = value
    return list(map(results.__getitem__, keys)), failed, empty


_SCALARS = {
    name: (info.default if info.default is not PydanticUndefined else None)
    for name, info in CanonicalRecord.model_fields.items()
    if name not in LIST_FIELDS
}
_EDUCATION = dict.fromkeys(Education.model_fields)
# Every canonical field in the model's order; lists are made anew for each record.
_TEMPLATE = {name: _SCALARS.get(name) for name in CanonicalRecord.model_fields}


def _blank_record() -> dict[str, Any]:
    out = dict(_TEMPLATE)
    for name in LIST_FIELDS:
        out[name] = []
    return out


def _lookup(values: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = values.get(path[0])
    for key in path[1:]:
        if type(value) is not dict:
            return None
        value = value.get(key)
    return value


def _cell(values: dict[str, Any], rule: FieldRule, nested: bool) -> Any:
    """One row's cell for the rule: its column, or its dotted path into a JSON object."""
    return _lookup(values, rule.path) if nested else values.get(rule.source)


def _land(out: dict[str, Any], rule: FieldRule, value: Any) -> None:
    """Put a rule's normalised (non-empty) value into the record, as the rule's kind says."""
    kind = rule.kind
    if kind == "list":
        if type(value) is list:
            out[rule.target].extend(value)  # type: ignore[index]
        else:
            out[rule.target].append(value)  # type: ignore[index]
    elif kind == "several":
        for key, item in value.items():
            if item is not None:
                _assign(out, key, item)
    else:
        _assign(out, rule.target, value)  # type: ignore[arg-type]


def _assign(out: dict[str, Any], target: str, value: Any) -> None:
    if "." in target:
        head, key = target.split(".", 1)
        if out.get(head) is None:
            out[head] = dict(_EDUCATION)
        out[head][key] = value
    elif target in LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        out.setdefault(target, []).extend(items)
    else:
        out[target] = value


def _finish_list(name: str, items: list[Any]) -> list[Any]:
    """A list field as every layout keeps it: languages merged, one entry per language at
    its highest level; skills, sectors and prefectures without repeats, in order."""
    if name == "languages":
        if not items:
            return items
        return [
            {"code": item["code"], "level": item.get("level"), "jlpt": item.get("jlpt")}
            for item in merge_languages(items)
        ]
    if name in _DEDUPED and len(items) > 1:
        return list(dict.fromkeys(items))
    return items


_DEDUPED = frozenset(("skills", "sectors", "desired_prefectures"))
_FINISHED_LISTS = ("languages", *_DEDUPED)


def _experience_years(experience: list[dict[str, Any]]) -> float | None:
    """The years of a person's experience entries added up (None when none says)."""
    years: list[float] = [item["years"] for item in experience if item.get("years") is not None]
    return round(sum(years), 1) if years else None


def _finish(out: dict[str, Any], done: frozenset[str] = frozenset(), years_done: bool = False) -> None:
    """Rules that hold for every layout, applied once the columns are mapped (`done`: the
    list fields already finished; `years_done`: experience_years already worked out)."""
    for name in _FINISHED_LISTS:
        if name not in done:
            out[name] = _finish_list(name, out[name])
    if not years_done and out.get("experience_years") is None and out.get("experience"):
        out["experience_years"] = _experience_years(out["experience"])
    # Purposes are what the person consented to: none without consent.
    if not out.get("consent_third_party"):
        out["consent_purposes"] = []


# --- loading mapping files -------------------------------------------------------------


def _rule(spec: dict[str, Any], *, layout: str, container: str, fields: dict[str, str] | None = None) -> FieldRule:
    """One field rule. `fields` (name -> "scalar" or "list") are the targets of a layout
    whose kind is not persons; persons map to the canonical record's fields."""
    where = f"layout {layout}, field from {spec.get('from')!r}"
    source = spec.get("from")
    if not isinstance(source, str) or not source:
        raise MappingError(f"{where}: 'from' must name a column")
    target = spec.get("to")
    if target is not None and fields is not None:
        if target not in fields and target != "record_id":
            raise MappingError(f"{where}: 'to' = {target!r} is not a field of this kind of record")
    elif target is not None:
        head = target.split(".", 1)[0]
        if head not in CANONICAL_FIELDS or ("." in target and head not in NESTED_FIELDS):
            raise MappingError(f"{where}: 'to' = {target!r} is not a canonical field")
    name = spec.get("normaliser", "text")
    if name not in NORMALISERS:
        raise MappingError(f"{where}: no normaliser named {name!r} (known: {', '.join(sorted(NORMALISERS))})")
    on_error = spec.get("on_error", "quarantine")
    if on_error not in ("quarantine", "keep_empty"):
        raise MappingError(f"{where}: on_error must be 'quarantine' or 'keep_empty'")
    path = tuple(source.split(".")) if container == "jsonl" else (source,)
    args = dict(spec.get("args", {}))
    normaliser = NORMALISERS[name]
    if target is None:
        kind = "several"
    elif fields is not None:
        kind = fields.get(target, "scalar")
    elif "." in target:
        kind = "nested"
    else:
        kind = "list" if target in LIST_FIELDS else "scalar"
    return FieldRule(
        source=source,
        path=path,
        target=target,
        normaliser_name=name,
        normaliser=NORMALISERS[name],
        args=args,
        required=bool(spec.get("required", False)),
        on_error=on_error,
        call=functools.partial(normaliser, **args) if args else normaliser,
        kind=kind,
    )


def load_layout(path: Path) -> Layout:
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"mapping file {path}: {exc}") from exc
    name = spec.get("name") or path.stem
    source = spec.get("source", {})
    container = source.get("container")
    if container not in CONTAINERS:
        raise MappingError(f"layout {name}: source.container must be one of {', '.join(CONTAINERS)}")
    kind = spec.get("kind", "persons")
    target = spec.get("target")
    fields: dict[str, str] | None = None
    if kind != "persons":
        if not isinstance(target, str) or ":" not in target:
            raise MappingError(f"layout {name}: a layout of kind {kind!r} names its target as 'module:attribute'")
        fields = target_of(target).fields
    rules = [_rule(item, layout=name, container=container, fields=fields) for item in spec.get("fields", [])]
    id_rules = [rule for rule in rules if rule.target == "record_id"]
    if len(id_rules) != 1:
        raise MappingError(f"layout {name}: exactly one field must map to record_id")
    for key in spec.get("constants", {}) if fields is None else ():
        if key.split(".", 1)[0] not in CANONICAL_FIELDS:
            raise MappingError(f"layout {name}: constant {key!r} is not a canonical field")
    if container == "xlsx" and not source.get("sheet"):
        raise MappingError(f"layout {name}: an xlsx layout names its sheet")
    default_required = {rule.path[0] for rule in rules}
    return Layout(
        name=name,
        title=spec.get("title", name),
        agency=spec.get("agency", ""),
        container=container,
        encoding=source.get("encoding", "utf-8"),
        delimiter=source.get("delimiter", ","),
        sheet=source.get("sheet"),
        header_row=int(source.get("header_row", 1)),
        required_columns=tuple(source.get("required_columns", sorted(default_required))),
        id_rule=id_rules[0],
        rules=tuple(rule for rule in rules if rule.target != "record_id"),
        constants=dict(spec.get("constants", {})),
        source_file=path,
        kind=kind,
        target=target,
    )


def target_of(target: str) -> Any:
    """The object a layout's `target` names ("module:attribute")."""
    module, _, attribute = target.partition(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        raise MappingError(f"the layout target {target!r} cannot be found ({exc})") from exc


@lru_cache
def _load_dir(directory: Path) -> tuple[Layout, ...]:
    return tuple(load_layout(path) for path in sorted(directory.glob("*.toml")))


def all_layouts(extra_dir: Path | None = None) -> dict[str, Layout]:
    """The built-in layouts, plus any mapping files in `extra_dir` (which win on name)."""
    layouts = {layout.name: layout for layout in _load_dir(BUILTIN_LAYOUTS)}
    for directory in DOMAIN_LAYOUTS:
        layouts.update({layout.name: layout for layout in _load_dir(directory)})
    if extra_dir is not None and extra_dir.is_dir():
        layouts.update({layout.name: layout for layout in _load_dir(extra_dir)})
    return layouts
