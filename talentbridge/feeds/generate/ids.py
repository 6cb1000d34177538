"""Keyed permutations: record ids that do not reveal the person, unique e-mails and phones.

A record id is the n-th record of its feed passed through a keyed bijection of the id
space, so ids are unique without remembering them, and their order says nothing about
which person they belong to or which record of another feed was written beside them.
"""

from __future__ import annotations

_MIX = 0x9E3779B1


class Permutation:
    """A bijection of range(size), keyed: a balanced Feistel network with cycle walking."""

    def __init__(self, size: int, key: int, rounds: int = 4) -> None:
        if size < 1:
            raise ValueError("size must be positive")
        self.size = size
        bits = max(2, (size - 1).bit_length())
        self.half = (bits + 1) // 2
        self.mask = (1 << self.half) - 1
        self.keys = [((key + 1) * _MIX * (r + 7)) & 0xFFFFFFFF for r in range(rounds)]

    def __call__(self, n: int) -> int:
        if not 0 <= n < self.size:
            raise ValueError(f"{n} is outside range({self.size})")
        half, mask, keys = self.half, self.mask, self.keys
        while True:
            left, right = n >> half, n & mask
            for key in keys:
                mixed = ((right ^ key) * _MIX) & 0xFFFFFFFF
                left, right = right, left ^ ((mixed ^ (mixed >> 15)) & mask)
            n = (left << half) | right
            if n < self.size:
                return n


class RecordIds:
    """The register ids of one feed, in its own format, unique per feed."""

    def __init__(self, feed: str, seed: int) -> None:
        self.feed = feed
        self.count = 0
        key = seed * 7919 + sum(map(ord, feed))
        size = {"maff-agri": 10**7, "meti-mfg": 1 << 26, "mhlw-hellowork": 10**8, "jasso-graduates": 10**6}
        self.permute = Permutation(size[feed], key)

    def next(self, office: int = 0) -> str:
        """The next id; `office` is the Hello Work office code (mhlw only, e.g. 13043)."""
        n, self.count = self.count, self.count + 1
        if self.feed == "maff-agri":
            return f"MAFF-{self.permute(n):07d}"
        if self.feed == "meti-mfg":
            return f"METI-{self.permute(n):06X}"
        if self.feed == "mhlw-hellowork":
            return f"{office:05d}-{self.permute(n):08d}"
        year, n = 2018 - n // 10**6, n % 10**6  # a year holds a million students
        return f"JS{year}{self.permute(n):06d}"
