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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa
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
    def learn(cls, pairs: Iterable[tuple[list[str], list[str]]], *, min_count: int = 2) -> ReadingTable:
        return cls.from_counts(cls.count(pairs), min_count=min_count)

    @staticmethod
    def count(pairs: Iterable[tuple[list[str], list[str]]]) -> ReadingCounts:
        """How often each Latin word is read each way (counts of parts of a register
        add up to the whole's: `merge_counts`)."""
        counts: ReadingCounts = defaultdict(Counter)
        for latin, kana in pairs:
            if latin and len(latin) == len(kana):
                for word, reading in zip(latin, kana, strict=True):
                    counts[word][reading] += 1
        return counts

    @classmethod
    def from_counts(cls, counts: ReadingCounts, *, min_count: int = 2) -> ReadingTable:
        readings = {}
        for word, seen in counts.items():
            reading, count = min(seen.items(), key=lambda item: (-item[1], item[0]))
            if count >= min_count:
                readings[word] = reading
        return cls(readings)

    def derive(self, words: list[str]) -> str | None:
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


def record_words(data: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(family words, given words) of a canonical record's Latin name."""
    family, given = data.get("family_name"), data.get("given_name")
    return (list(_latin_words(family)) if family else []), (list(_latin_words(given)) if given else [])


def reading_pairs(records: Iterable[Mapping[str, Any]]) -> Iterable[tuple[list[str], list[str]]]:
    """(Latin words, katakana words) of the records that carry both, for `ReadingTable.learn`."""
    for data in records:
        kana = data.get("name_kana")
        if not kana:
            continue
        family, given = record_words(data)
        yield family + given, kana_words(kana)


def column_reading_pairs(columns: Mapping[str, Sequence[Any]]) -> Iterable[tuple[list[str], list[str]]]:
    """`reading_pairs` of records given column by column (`linkage_columns_of`)."""
    for family, given, kana in zip(columns["family_name"], columns["given_name"], columns["name_kana"], strict=True):
        if kana:
            yield [*_words_of(family), *_words_of(given)], list(_kana_words(kana))


def linkage_row(unique_id: int, data: Mapping[str, Any], readings: ReadingTable) -> dict[str, Any]:
    """The linkage table's row for one source record (its canonical `data`)."""
    family, given = record_words(data)
    words = family + given
    birth = data.get("birth_date")
    email = data.get("email")
    reading = data.get("name_kana")
    kana = _kana_words(reading) if reading else ()
    return {
        "unique_id": unique_id,
        "feed": data.get("feed"),
        "record_id": data.get("record_id"),
        "name_concat": "".join(words) or None,
        "name_tokens": " ".join(sorted(words)) or None,
        "family_key": "".join(family) or None,
        "given_last": given[-1] if given else None,
        "kana_key": "".join(kana) or None,
        "kana_derived": readings.derive(words),
        "pinyin_key": pinyin_key(data.get("native_name")),
        "birth_date": str(birth) if birth else None,
        "birth_year": str(birth)[:4] if birth else None,
        "nationality": data.get("nationality"),
        "email": email.lower() if email else None,
        "phone": data.get("phone"),
        "prefecture": data.get("residence_prefecture"),
        "sex": data.get("sex"),
    }


@lru_cache(maxsize=1 << 18)
def _kana_key(reading: str) -> str | None:
    return "".join(_kana_words(reading)) or None


def _words_of(text: str | None) -> tuple[str, ...]:
    return _latin_words(text) if text else ()


# The source record columns the keys are made from (`service.linkage_rows`' keys).
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


def linkage_columns(rows: Sequence[Mapping[str, Any]], readings: ReadingTable) -> dict[str, list[Any]]:
    """`linkage_row` for many records at once (`linkage_columns_of`)."""
    return linkage_columns_of({key: [row.get(key) for row in rows] for key in SOURCE_COLUMNS}, readings)


def linkage_columns_of(source: Mapping[str, Sequence[Any]], readings: ReadingTable) -> dict[str, list[Any]]:
    """`linkage_row` for many records at once, given and made column by column
    (SOURCE_COLUMNS in, COLUMNS out): the keys of each distinct name or reading are made
    once, and a record costs a few Python steps instead of a dict of seventeen keys. A
    million records' keys took 14 s row by row. The tests hold the two to the same
    output."""
    return UnreadKeys.of(source).read(readings)


@dataclass
class UnreadKeys:
    """The linkage keys of records before the register's readings are known: every
    column but `kana_derived`, and each record's Latin words to derive it from. A part of
    a register is keyed this far while the readings are learned from the whole
    (`registry.reading`)."""

    columns: dict[str, list[Any]]
    families: list[tuple[str, ...]]
    givens: list[tuple[str, ...]]

    @classmethod
    def of(cls, source: Mapping[str, Sequence[Any]]) -> UnreadKeys:
        def column(key: str) -> list[Any]:
            return list(source[key])

        families = list(map(_words_of, column("family_name")))
        givens = list(map(_words_of, column("given_name")))
        name_concat: list[str | None] = []
        name_tokens: list[str | None] = []
        family_key: list[str | None] = []
        given_last: list[str | None] = []
        for family, given in zip(families, givens, strict=True):
            words = [*family, *given]
            name_concat.append("".join(words) or None)
            name_tokens.append(" ".join(sorted(words)) or None)
            family_key.append("".join(family) or None)
            given_last.append(given[-1] if given else None)
        births = [str(birth) if birth else None for birth in column("birth_date")]
        columns = {
            "unique_id": column("id"),
            "feed": column("feed"),
            "record_id": column("record_id"),
            "name_concat": name_concat,
            "name_tokens": name_tokens,
            "family_key": family_key,
            "given_last": given_last,
            "kana_key": [_kana_key(reading) if reading else None for reading in column("name_kana")],
            "pinyin_key": list(map(pinyin_key, column("native_name"))),
            "birth_date": births,
            "birth_year": [birth[:4] if birth else None for birth in births],
            "nationality": column("nationality"),
            "email": [email.lower() if email else None for email in column("email")],
            "phone": column("phone"),
            "prefecture": column("residence_prefecture"),
            "sex": column("sex"),
        }
        return cls(columns, families, givens)

    def read(self, readings: ReadingTable) -> dict[str, list[Any]]:
        """Every column (COLUMNS, in order), `kana_derived` made with `readings`."""
        derive = readings.derive
        derived = [derive([*family, *given]) for family, given in zip(self.families, self.givens, strict=True)]
        columns = self.columns
        return {name: derived if name == "kana_derived" else columns[name] for name in COLUMNS}
