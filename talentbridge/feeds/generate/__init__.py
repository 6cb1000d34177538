"""Synthetic agency registers: the four layouts of `feeds/README.md`, plus the truth behind them.

`generate_feeds` makes `persons` true persons one at a time from a seeded random.Random
and writes each of their records as soon as it is made, so memory stays flat whatever the
size, and the same seed gives byte-identical files. Alongside the four feeds it writes
`truth.csv` (`feed,record_id,person_key`): which person every record with an id belongs
to, the ground truth for measuring record linkage.

- A person is held by one feed or more (about 1.5 records per person overall); about 2%
  are registered twice in the same feed under a new id, often with a new e-mail or phone.
  That second record is written some thousands of persons later, never next to the first.
- Names come from concentrated national distributions (Nguyen ~38% of Vietnamese), with
  the noise of `noise.py` per record.
- With `bad_rows` > 0 that fraction of rows is unreadable on purpose (`unreadable.py`):
  an impossible date, no id, an unknown country, a cut JSON line (meti), bytes CP932
  cannot decode (maff). Those with an id are still in truth.csv.
"""

from __future__ import annotations

import csv
import heapq
import random
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from talentbridge.feeds.generate.persons import Person, PersonFactory
from talentbridge.feeds.generate.unreadable import Damage
from talentbridge.feeds.generate.vocab import FEEDS
from talentbridge.feeds.generate.writers import FILE_NAMES, TRUTH_HEADER, WRITERS

__all__ = ["GenerateSummary", "generate_feeds"]

PROGRESS_EVERY = 1000
REREGISTER_DELAY = (1, 5000)  # persons between a first registration and the re-registration


@dataclass
class GenerateSummary:
    persons: int
    rows: dict[str, int]  # rows written per feed, unreadable ones included
    truth_rows: int  # rows of truth.csv: every row written that has an id
    paths: dict[str, Path]  # per feed, and "truth"
    unreadable: dict[str, dict[str, int]] = field(default_factory=dict)  # feed -> kind -> rows

    @property
    def records(self) -> int:
        return sum(self.rows.values())


def generate_feeds(
    outdir: Path,
    *,
    persons: int,
    seed: int = 0,
    bad_rows: float = 0.0,
    progress: Callable[[int], None] | None = None,
) -> GenerateSummary:
    """Write the four feeds and truth.csv into `outdir` for `persons` synthetic persons.

    `progress(n)` is called with the number of persons done since the last call.
    """
    if persons < 0:
        raise ValueError(f"persons must not be negative, not {persons}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    damage = Damage(seed, bad_rows)
    paths = {feed: outdir / FILE_NAMES[feed] for feed in FEEDS}
    paths["truth"] = outdir / "truth.csv"
    with ExitStack() as stack:
        truth_file = stack.enter_context(open(paths["truth"], "w", encoding="utf-8", newline=""))
        truth = csv.writer(truth_file, lineterminator="\n")
        truth.writerow(TRUTH_HEADER)
        writers = {}
        for feed in FEEDS:
            writers[feed] = WRITERS[feed](paths[feed], seed=seed, damage=damage, truth=truth)
            stack.callback(writers[feed].close)
        pending: list[tuple[int, int, Person]] = []  # (due, order, person): re-registrations to come
        done = reported = 0
        for person in PersonFactory(rng, persons=persons, seed=seed):
            for i, feed in enumerate(person.feeds):
                writers[feed].write(rng, person, later=i > 0, rereg=False)
            if person.reregistered:
                heapq.heappush(pending, (done + rng.randint(*REREGISTER_DELAY), done, person))
            done += 1
            while pending and pending[0][0] <= done:
                _, _, again = heapq.heappop(pending)
                writers[again.reregistered].write(rng, again, later=True, rereg=True)  # type: ignore[index]
            if progress and done - reported >= PROGRESS_EVERY:
                progress(done - reported)
                reported = done
        while pending:
            _, _, again = heapq.heappop(pending)
            writers[again.reregistered].write(rng, again, later=True, rereg=True)  # type: ignore[index]
    if progress and done > reported:
        progress(done - reported)
    return GenerateSummary(
        persons=done,
        rows={feed: w.rows for feed, w in writers.items()},
        truth_rows=sum(w.rows - w.unreadable["missing_id"] for w in writers.values()),
        paths=paths,
        unreadable={feed: dict(w.unreadable) for feed, w in writers.items()},
    )
