"""The matching vocabulary (data/vocabulary.toml): sectors with their names in the agencies'
words and their HS code prefixes, named groups of markets, and the languages of each market."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "vocabulary.toml"


@dataclass(frozen=True)
class Sector:
    code: str
    en: str
    ja: str
    names: frozenset[str]
    hs: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    version: str
    sectors: dict[str, Sector]
    by_name: dict[str, str]  # case-folded name -> sector code
    groups: dict[str, frozenset[str]]
    market_languages: dict[str, tuple[str, ...]]

    def sectors_of_words(self, words: Iterable[str]) -> set[str]:
        """The sectors these words (a person's sectors or occupation, a need's sectors) name."""
        found = set()
        for word in words:
            code = self.by_name.get(str(word).strip().casefold())
            if code:
                found.add(code)
        return found

    def sectors_of_hs(self, codes: Iterable[str]) -> set[str]:
        """The sectors of these HS codes (longest prefix first does not matter: any prefix counts)."""
        return {sector.code for code in codes for sector in self.sectors.values() if code.startswith(sector.hs)}

    def countries(self, markets: Iterable[str]) -> set[str]:
        """Markets as countries: a group (EU, TPP11) stands for its members."""
        out: set[str] = set()
        for market in markets:
            out |= self.groups.get(market, {market})
        return out

    def languages_of(self, market: str) -> tuple[str, ...]:
        return self.market_languages.get(market, ())


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    spec = tomllib.loads(DATA.read_text(encoding="utf-8"))
    sectors = {
        code: Sector(
            code=code,
            en=item["en"],
            ja=item["ja"],
            names=frozenset(name.casefold() for name in item["names"]),
            hs=tuple(item.get("hs", ())),
        )
        for code, item in spec["sectors"].items()
    }
    by_name: dict[str, str] = {}
    for sector in sectors.values():
        for name in sector.names:
            if by_name.setdefault(name, sector.code) != sector.code:
                raise ValueError(f"{DATA}: the name {name!r} belongs to two sectors")
    return Vocabulary(
        version=spec["version"],
        sectors=sectors,
        by_name=by_name,
        groups={name: frozenset(members) for name, members in spec["groups"].items()},
        market_languages={market: tuple(codes) for market, codes in spec["market_languages"].items()},
    )
