"""What the linkage compares: each source record reduced to keys that survive the ways
agencies write one person down.

A person appears as `NGUYEN | Van An` in one register, `VAN AN NGUYEN` in another, as
`グエン ヴァン アン` or `ｸﾞｴﾝ ﾊﾞﾝ ｱﾝ` in a third; a Chinese national as `Zhang | Li`,
`张丽` or `張 麗`. The keys below let the linkage compare such records directly:

- `name_concat`: the Latin name, family then given, lower-case ASCII letters only
  (`Ya-Ting`, `YaTing` and `Ya Ting` give one key);
- `name_tokens`: the Latin name's words sorted (a single-field name written given name
  first has the same tokens);
- `family_key`, `given_last`: the family name, the last given word (a Vietnamese middle
  name is often left out: `Pham Quang Huy`, `Pham Huy`);
- `kana_key`: the record's own katakana reading folded by `kana_to_key` (ヴァ/バ, long
  vowels, half width); `kana_derived`: a reading derived from the Latin name through
  the readings the registers themselves pair with each Latin word (`ReadingTable`), so
  a Latin-only record can meet a katakana one (DOMAIN.md: derive katakana from the
  Latin name, not Latin from katakana);
- `pinyin_key`: the pinyin of a name in kanji or hanzi (`张丽`, `張麗` -> `zhangli`),
  which meets another record's kanji in any character form and a Latin `Zhang Li`;
- birth date as ISO text and its year; nationality; e-mail (lower-case); phone
  (E.164); prefecture (JIS code); sex.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pypinyin import lazy_pinyin

from talentbridge.feeds.normalise.names import kana_to_key
from talentbridge.feeds.normalise.text import strip_diacritics

# The columns of the linkage table, in order; unique_id is the source record's id.
COLUMNS = (
    "unique_id",
    "feed",
    "record_id",
    "name_concat",
    "name_tokens",
    "family_key",
    "given_last",
    "kana_key",
    "kana_derived",
    "pinyin_key",
    "birth_date",
    "birth_year",
    "nationality",
    "email",
    "phone",
    "prefecture",
    "sex",
)

# The linkage table as Splink reads it: the id a number, every key text.
SCHEMA = pa.schema([(name, pa.int64() if name == "unique_id" else pa.string()) for name in COLUMNS])

_NOT_LETTER = re.compile(r"[^a-z]")
_WORD_BREAK = re.compile(r"[\s,]+")
_KANA_BREAK = re.compile(r"[\s・･=＝゠]+")


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def latin_words(text: str | None) -> list[str]:
    """'Cheng-En' -> ['chengen'], 'Van An' -> ['van', 'an'], "O'Brien" -> ['obrien']."""
    return list(_latin_words(text)) if text else []


# Names repeat across a register (family names above all): each distinct one is read
# once. Tuples, so that no caller can change what the cache holds.
@lru_cache(maxsize=1 << 18)
def _latin_words(text: str) -> tuple[str, ...]:
    words = (_NOT_LETTER.sub("", word) for word in _WORD_BREAK.split(strip_diacritics(text).lower()))
    return tuple(word for word in words if word)


def kana_words(text: str | None) -> list[str]:
    """A katakana reading's words, each folded by `kana_to_key`."""
    return list(_kana_words(text)) if text else []


@lru_cache(maxsize=1 << 18)
def _kana_words(text: str) -> tuple[str, ...]:
    return tuple(key for key in (kana_to_key(word) for word in _KANA_BREAK.split(text)) if key)


@lru_cache(maxsize=65536)
def pinyin_key(native: str | None) -> str | None:
    """The pinyin of a name written in Chinese characters ('張 麗' -> 'zhangli'); None for
    a name in any other script, or mixed."""
    if not native:
        return None
    chars = [ch for ch in native if not ch.isspace() and ch not in "・･"]
    if not chars or not all(_is_han(ch) for ch in chars):
        return None
    return "".join(_NOT_LETTER.sub("", syllable.lower()) for syllable in lazy_pinyin("".join(chars))) or None


ReadingCounts = dict[str, Counter[str]]  # Latin word -> katakana reading -> times seen


def merge_counts(parts: Iterable[ReadingCounts]) -> ReadingCounts:
    """The counts of a register from those of its parts (`ReadingTable.count`)."""
    merged: ReadingCounts = defaultdict(Counter)
    for part in parts:
        for word, seen in part.items():
            merged[word].update(seen)
    return merged


class ReadingTable:
    """The katakana the registers write for each Latin name word, learned from records
    that carry both (`maff-agri` writes a romaji name and its reading side by side).

    A record whose Latin words and katakana words are as many is read word by word
    (`TRAN | Van Phuc` with `チャン ヴァン フック`: tran -> チャン, ...); each Latin word
    takes its most frequent reading (ties: the first in kana order, so a table is
    reproducible). Words seen fewer than `min_count` times are left out."""

    def __init__(self, readings: Mapping[str, str] | None = None) -> None:
        self.readings: dict[str, str] = dict(readings or {})

    @classmethod
    def learn(cls, source: pa.Table, *, min_count: int = 2) -> ReadingTable:
        """The readings of a register given as a source table (`source_table`)."""
        return cls.from_counts(cls.count(source), min_count=min_count)

    @staticmethod
    def count(source: pa.Table) -> ReadingCounts:
        """How often each Latin word is read each way in a source table. Each distinct
        (family name, given name, reading) is split into words once, weighted by how
        many records hold it."""
        family, given, kana = (_Distinct.of(source[name]) for name in ("family_name", "given_name", "name_kana"))
        triples = pa.table({"f": family.indices, "g": given.indices, "k": kana.indices}).filter(
            pc.is_valid(kana.indices)
        )
        grouped = triples.group_by(["f", "g", "k"], use_threads=False).aggregate([("k", "count")])
        family_words, given_words = family.mapped(latin_words), given.mapped(latin_words)
        readings = kana.mapped(kana_words)
        counts: ReadingCounts = defaultdict(Counter)
        for f, g, k, times in zip(*(grouped[name].to_pylist() for name in ("f", "g", "k", "k_count")), strict=True):
            latin = (family_words[f] if f is not None else []) + (given_words[g] if g is not None else [])
            words = readings[k]
            if latin and len(latin) == len(words):
                for word, reading in zip(latin, words, strict=True):
                    counts[word][reading] += times
        return counts

    @classmethod
    def from_counts(cls, counts: ReadingCounts, *, min_count: int = 2) -> ReadingTable:
        readings = {}
        for word, seen in counts.items():
            reading, count = min(seen.items(), key=lambda item: (-item[1], item[0]))
            if count >= min_count:
                readings[word] = reading
        return cls(readings)

    def derive(self, words: Sequence[str]) -> str | None:
        """The reading key of a Latin name, or None when a word has no known reading."""
        if not words:
            return None
        out = []
        for word in words:
            reading = self.readings.get(word)
            if reading is None:
                return None
            out.append(reading)
        return "".join(out)


@lru_cache(maxsize=1 << 18)
def _kana_key(reading: str) -> str | None:
    return "".join(_kana_words(reading)) or None


# The source record columns the keys are made from, as a source table holds them: the id
# a number, every other column text (a birth date as ISO text).
SOURCE_COLUMNS = (
    "id",
    "feed",
    "record_id",
    "family_name",
    "given_name",
    "name_kana",
    "native_name",
    "birth_date",
    "nationality",
    "email",
    "phone",
    "residence_prefecture",
    "sex",
)
SOURCE_SCHEMA = pa.schema([(name, pa.int64() if name == "id" else pa.string()) for name in SOURCE_COLUMNS])


def source_table(rows: Sequence[Mapping[str, Any]]) -> pa.Table:
    """The source table of records given as dicts of SOURCE_COLUMNS (a missing key is
    null; a birth date may be a date or ISO text)."""
    return source_table_of({name: [row.get(name) for row in rows] for name in SOURCE_COLUMNS})


def source_table_of(columns: Mapping[str, Sequence[Any]]) -> pa.Table:
    """The source table of records given column by column (SOURCE_COLUMNS; a birth date
    may be a date or ISO text)."""
    births = [str(birth) if birth else None for birth in columns["birth_date"]]
    return pa.table({**columns, "birth_date": births}, schema=SOURCE_SCHEMA)


def as_source_table(table: pa.Table) -> pa.Table:
    """`table` (SOURCE_COLUMNS, as a database driver gave them) in SOURCE_SCHEMA: a date
    becomes ISO text, and a column a driver typed otherwise because it held no text
    (only nulls) becomes text."""
    return pa.table(
        [table[name].cast(field.type) for name, field in zip(SOURCE_COLUMNS, SOURCE_SCHEMA, strict=True)],
        schema=SOURCE_SCHEMA,
    )


@dataclass
class _Distinct:
    """A text column as its distinct values and, per row, the index of its value (null
    where the row's value is null): what is made of each name or reading is made once per
    distinct value, and spread to the rows by Arrow (`take`), not by a loop per record."""

    indices: pa.Array
    values: list[str]

    @classmethod
    def of(cls, column: pa.ChunkedArray | pa.Array) -> _Distinct:
        array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        encoded = pc.dictionary_encode(array)
        return cls(encoded.indices, encoded.dictionary.to_pylist())

    def mapped(self, make: Callable[[str], Any]) -> list[Any]:
        return [make(value) for value in self.values]

    def spread(self, made: Sequence[str | None], *, null: str | None = None) -> pa.Array:
        """`made` (one per distinct value) at each row; rows whose value is null get `null`."""
        array = pa.array(made, pa.string()).take(self.indices)
        if null is None or not self.indices.null_count:
            return array
        return pc.if_else(pc.is_null(self.indices), pa.scalar(null, pa.string()), array)

    def counts(self, per_value: Sequence[int]) -> np.ndarray:
        """`per_value` (one per distinct value) at each row, 0 where the value is null."""
        lookup = np.asarray([*per_value, 0], dtype=np.int64)  # the last: a null row's
        return lookup[self.indices.fill_null(len(self.values)).to_numpy()]


_NULL_TEXT = pa.scalar(None, pa.string())


def _none_if_empty(array: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(array, ""), _NULL_TEXT, array)


def keys_of(source: pa.Table, readings: ReadingTable) -> pa.Table:
    """The linkage table (COLUMNS, in SCHEMA) of a source table (`SOURCE_SCHEMA`): one row
    per record, in its order. Each distinct name, reading and native name is keyed once in
    Python; the rows are made from them by Arrow. A million records took 14 s record by
    record, 3.5 s column by column in Python and 2 s here (tests/registry/test_features.py
    holds this to the keys of each record made one by one)."""
    family, given = _Distinct.of(source["family_name"]), _Distinct.of(source["given_name"])
    family_words, given_words = family.mapped(latin_words), given.mapped(latin_words)
    # A missing name part is no words: "" joins as nothing.
    family_joined = family.spread(["".join(words) for words in family_words], null="")
    given_joined = given.spread(["".join(words) for words in given_words], null="")

    def derived(words: list[str]) -> str | None:
        return readings.derive(words) if words else ""  # None: a word has no reading

    # Null (emitted) when a word of either part has no reading; "" when there are no words.
    kana_derived = pc.binary_join_element_wise(
        family.spread(list(map(derived, family_words)), null=""),
        given.spread(list(map(derived, given_words)), null=""),
        "",
        null_handling="emit_null",
    )
    kana = _Distinct.of(source["name_kana"])
    native = _Distinct.of(source["native_name"])
    birth = _none_if_empty(source["birth_date"].combine_chunks())
    email = source["email"].combine_chunks()
    return pa.table(
        {
            "unique_id": source["id"],
            "feed": source["feed"],
            "record_id": source["record_id"],
            "name_concat": _none_if_empty(pc.binary_join_element_wise(family_joined, given_joined, "")),
            "name_tokens": _none_if_empty(
                _tokens(family, given, family_words, given_words, family_joined, given_joined)
            ),
            "family_key": _none_if_empty(family_joined),
            "given_last": given.spread([words[-1] if words else None for words in given_words]),
            "kana_key": kana.spread([_kana_key(value) if value else None for value in kana.values]),
            "kana_derived": _none_if_empty(kana_derived),
            "pinyin_key": native.spread(native.mapped(pinyin_key)),
            "birth_date": birth,
            "birth_year": pc.utf8_slice_codeunits(birth, 0, 4),
            "nationality": source["nationality"],
            "email": _none_if_empty(pc.utf8_lower(email)),
            "phone": source["phone"],
            "prefecture": source["residence_prefecture"],
            "sex": source["sex"],
        },
        schema=SCHEMA,
    )


def _tokens(
    family: _Distinct,
    given: _Distinct,
    family_words: list[list[str]],
    given_words: list[list[str]],
    family_joined: pa.Array,
    given_joined: pa.Array,
) -> pa.Array:
    """The Latin name's words sorted and joined by spaces ("" for none). A name of at most
    one family and one given word (most) is ordered by Arrow; the rest one by one."""
    first = pc.less_equal(family_joined, given_joined)
    low, high = pc.if_else(first, family_joined, given_joined), pc.if_else(first, given_joined, family_joined)
    tokens = pc.if_else(pc.equal(low, ""), high, pc.binary_join_element_wise(low, high, " "))
    family_count = family.counts([len(words) for words in family_words])
    given_count = given.counts([len(words) for words in given_words])
    longer = (family_count > 1) | (given_count > 1)
    rows = np.flatnonzero(longer)
    if not len(rows):
        return tokens
    family_at = family.indices.fill_null(0).to_numpy()[rows].tolist()
    given_at = given.indices.fill_null(0).to_numpy()[rows].tolist()
    joined = [
        " ".join(sorted((family_words[f] if nf else []) + (given_words[g] if ng else [])))
        for f, g, nf, ng in zip(
            family_at, given_at, family_count[rows].tolist(), given_count[rows].tolist(), strict=True
        )
    ]
    return pc.replace_with_mask(tokens, pa.array(longer), pa.array(joined, pa.string()))
