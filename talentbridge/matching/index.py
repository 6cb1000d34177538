"""The person index: every offered person's profile as numpy arrays, so that the top k
for a need among a million persons is a few vectorised passes, not a million calls.

It computes exactly what matching/scoring.py defines, in the same floating-point
operations and order, so its scores equal `scoring.explain`'s to the last bit (the tests
hold it to that); it returns person ids and scores, and the service explains the few it
returns with `scoring.explain` on their golden records.

Layout: a row per person, in person id order (ties go to the lower id). Languages are a
dense matrix of level ranks (-2: not spoken); experience by country, sectors, skills and
roles are postings (the rows that have each); the text is a 512-bit set per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from talentbridge.matching.scoring import (
    FACTORS,
    MARKET_LANGUAGE_RANK,
    MARKET_YEARS_FULL,
    TEXT_BITS,
    NeedTerms,
    Profile,
)
from talentbridge.matching.vocabulary import Vocabulary, vocabulary

NOT_SPOKEN = -2
WORDS = TEXT_BITS // 64
_EMPTY = np.zeros(0, dtype=np.int32)


def _postings(lists: dict[str, list[int]]) -> dict[str, npt.NDArray[np.int32]]:
    return {key: np.asarray(rows, dtype=np.int32) for key, rows in lists.items()}


@dataclass
class Ranked:
    person_id: int
    score: float


class PersonIndex:
    def __init__(self, profiles: Iterable[Profile], vocab: Vocabulary | None = None) -> None:
        self.vocab = vocab or vocabulary()
        ordered = sorted((p for p in profiles if p.offered), key=lambda p: p.person_id)
        n = self.size = len(ordered)
        self.ids = np.fromiter((p.person_id for p in ordered), dtype=np.int64, count=n)
        codes = sorted({code for p in ordered for code in p.languages})
        self.language_column = {code: i for i, code in enumerate(codes)}
        self.languages = np.full((n, max(len(codes), 1)), NOT_SPOKEN, dtype=np.int8)
        self.work = np.zeros(n, dtype=np.int8)  # 1 eligible, 0 not, -1 unknown
        self.prefecture = np.zeros(n, dtype=np.int8)  # JIS code, 0 none
        self.desired = np.zeros(n, dtype=np.uint64)  # bit c: wants prefecture c
        self.text = np.zeros((n, WORDS), dtype=np.uint64)
        self.text_count = np.zeros(n, dtype=np.int64)
        market_rows: dict[str, list[int]] = defaultdict(list)
        market_years: dict[str, list[int]] = defaultdict(list)
        sectors: dict[str, list[int]] = defaultdict(list)
        skills: dict[str, list[int]] = defaultdict(list)
        roles: dict[str, list[int]] = defaultdict(list)
        mask = (1 << 64) - 1
        for row, p in enumerate(ordered):
            for code, rank in p.languages.items():
                self.languages[row, self.language_column[code]] = rank
            self.work[row] = -1 if p.work_eligible is None else int(p.work_eligible)
            self.prefecture[row] = _jis(p.prefecture)
            self.desired[row] = sum(1 << _jis(code) for code in p.desired if _jis(code))
            for word in range(WORDS):
                self.text[row, word] = (p.text >> (64 * word)) & mask
            self.text_count[row] = p.text.bit_count()
            for country, hundredths in p.market_years.items():
                market_rows[country].append(row)
                market_years[country].append(hundredths)
            for code in p.sectors:
                sectors[code].append(row)
            for skill in p.skills:
                skills[skill].append(row)
            for role in p.roles:
                roles[role].append(row)
        self.markets = {
            country: (np.asarray(rows, dtype=np.int32), np.asarray(market_years[country], dtype=np.int64))
            for country, rows in market_rows.items()
        }
        self.sectors = _postings(sectors)
        self.skills = _postings(skills)
        self.roles = _postings(roles)

    def nbytes(self) -> int:
        """The memory the arrays take."""
        arrays: list[npt.NDArray[Any]] = [
            self.ids, self.languages, self.work, self.prefecture, self.desired, self.text, self.text_count,
        ]  # fmt: skip
        arrays += [a for pair in self.markets.values() for a in pair]
        arrays += [*self.sectors.values(), *self.skills.values(), *self.roles.values()]
        return sum(a.nbytes for a in arrays)

    def text_of(self, person_id: int) -> int | None:
        """The person's text bits as one int (None when the person is not indexed)."""
        row = int(np.searchsorted(self.ids, person_id))
        if row >= self.size or self.ids[row] != person_id:
            return None
        return sum(int(word) << (64 * i) for i, word in enumerate(self.text[row]))

    def _language(self, code: str) -> npt.NDArray[np.int8] | None:
        column = self.language_column.get(code)
        return None if column is None else self.languages[:, column]

    def top(self, terms: NeedTerms, k: int) -> list[Ranked]:
        """The k best persons for the need (hard requirements met), best first; ties to
        the lower person id."""
        if self.size == 0 or k <= 0:
            return []
        keep = np.ones(self.size, dtype=bool)  # everyone here is offered
        if terms.work_eligible_only:
            keep &= self.work == 1
        for code, minimum in terms.languages:
            column = self._language(code)
            if column is None:
                return []
            keep &= column >= max(minimum, -1)
        rows = np.flatnonzero(keep)
        if rows.size == 0:
            return []
        score = self._structured(terms, rows)
        # The text factor comes last and adds at most FACTORS["text"]: only rows that could
        # still reach the k-th best without it need it worked out.
        if rows.size > k:
            kth = np.partition(score, rows.size - k)[rows.size - k]
            near = score + FACTORS["text"] >= kth
            rows, score = rows[near], score[near]
        score = score + FACTORS["text"] * self._likeness(terms.text, rows)
        order = np.lexsort((self.ids[rows], -score))[:k]
        return [Ranked(int(self.ids[rows[i]]), float(score[i])) for i in order]

    def _structured(self, terms: NeedTerms, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """Every factor but text, summed in FACTORS' order, for these rows, with the
        operations of scoring.explain (in place where it can: these arrays are large)."""
        n = rows.size
        part = np.empty(n, dtype=np.float64)
        if terms.languages:
            total = np.zeros(n, dtype=np.float64)
            for code, minimum in terms.languages:
                column = self._language(code)
                assert column is not None
                # A row's part depends only on its rank (-2..6): looked up, not computed.
                table = np.array([_language_part(rank, minimum) for rank in range(NOT_SPOKEN, 7)])
                np.take(table, column[rows] - NOT_SPOKEN, out=part)
                total += part
            total /= len(terms.languages)
            total *= FACTORS["languages"]
            score = total
        else:
            score = np.zeros(n, dtype=np.float64)
        if terms.markets:
            spoken = np.zeros(n, dtype=np.int8)
            for market in terms.markets:
                speaks = np.zeros(n, dtype=bool)
                for code in self.vocab.languages_of(market):
                    column = self._language(code)
                    if column is not None:
                        speaks |= column[rows] >= MARKET_LANGUAGE_RANK
                spoken += speaks
            np.divide(spoken, len(terms.markets), out=part)
            part *= FACTORS["market_languages"]
            score += part
        held = [self.markets[country] for country in terms.countries if country in self.markets]
        if held:
            hundredths = np.zeros(self.size, dtype=np.int32)
            for where, years in held:
                hundredths[where] += years
            np.divide(hundredths[rows], MARKET_YEARS_FULL * 100, out=part)
            np.minimum(part, 1.0, out=part)
            part *= FACTORS["markets"]
            score += part
        for name, postings, keys in (("sectors", self.sectors, terms.sectors), ("skills", self.skills, terms.skills)):
            present = [postings[key] for key in keys if key in postings]
            if present:
                counts = np.zeros(self.size, dtype=np.int8)
                for where in present:
                    counts[where] += 1  # a row is in a posting at most once
                np.divide(counts[rows], len(keys), out=part)
                part *= FACTORS[name]
                score += part
        if terms.role is not None and terms.role in self.roles:
            has = np.zeros(self.size, dtype=bool)
            has[self.roles[terms.role]] = True
            score[has[rows]] += FACTORS["role"] * 1.0
        jis = _jis(terms.prefecture)
        if jis:
            there = self.prefecture[rows] == jis
            there |= (self.desired[rows] >> np.uint64(jis)) & np.uint64(1) == 1
            score[there] += FACTORS["location"] * 1.0
        return score

    def _likeness(self, bits: int, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        count = bits.bit_count()
        if count == 0 or rows.size == 0:
            return np.zeros(rows.size, dtype=np.float64)
        mask = (1 << 64) - 1
        words = np.array([(bits >> (64 * w)) & mask for w in range(WORDS)], dtype=np.uint64)
        shared = np.bitwise_count(self.text[rows] & words).sum(axis=1, dtype=np.int64)
        theirs = self.text_count[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            likeness = shared / np.sqrt(theirs * count)
        return np.where(theirs > 0, likeness, 0.0)


def _language_part(rank: int, minimum: int) -> float:
    """scoring.explain's part of one asked language, for a row of this rank."""
    above = rank - max(minimum, 0)
    return min(1.0, (above + 1) / 3) if above >= 0 else 0.0


def _jis(code: str | None) -> int:
    return int(code) if code and code.isdigit() else 0
