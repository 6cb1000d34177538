"""The linkage keys of the register, cached as a Parquet file per run.

Building the keys (readings, pinyin, folded names) takes about 70 µs a record in Python:
over a minute for a million records. A run writes the table it linked, and the next
incremental run reads it back in a fraction of a second instead. The file is a cache
only: the database stays the record, and a missing or unreadable file is rebuilt from
the register (`registry.service.link_new`).

Only the latest run's file is ever read: each run removes the older ones as it starts
(`prune`), so the folder holds about one file (60 MB for a million records), not one per
run. One folder serves one database.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Collection
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from talentbridge.config import get_settings
from talentbridge.registry.models import LinkageRun


def _folder() -> Path:
    return get_settings().linkage_cache_dir


class Writer:
    """Writes a linkage table as a run's keys (a Parquet file of its own) in a thread,
    from the moment it is made (Arrow writes without the GIL): a full consolidation
    starts one as soon as it has the keys, and the file is written while Splink trains,
    which leaves a core idle part of the time. The file is a cache: if writing fails, the
    run names no file and the next incremental run rebuilds the keys."""

    def __init__(self, table: pa.Table) -> None:
        self.failed: list[BaseException] = []
        self.folder = _folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.name = f"keys-{uuid.uuid4().hex}.parquet"
        self.thread = threading.Thread(target=self._write, args=(table,), name="keys-writer", daemon=True)
        self.thread.start()

    def _write(self, table: pa.Table) -> None:
        try:
            pq.write_table(table, self.folder / self.name, compression="zstd")
        except (OSError, pa.ArrowException) as exc:
            self.failed.append(exc)

    def join(self) -> None:
        self.thread.join()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.join()  # however the block ends: no thread left writing behind it

    def finish(self, run: LinkageRun) -> None:
        """Wait for the file; `run` names it when it was written."""
        self.join()
        run.keys_file = None if self.failed else self.name


# A file younger than this is left alone even when no run names it: a run still in
# flight (its file is written while it trains, and named only when it commits).
IN_FLIGHT_SECONDS = 6 * 3600


def prune(latest: LinkageRun | None) -> int:
    """Remove the keys files no run will read: all but the file of `latest` (the last
    committed run) and those written in the last IN_FLIGHT_SECONDS. A file removed that
    was wanted after all is rebuilt from the register. Returns how many went."""
    folder = _folder()
    if not folder.is_dir():
        return 0
    keep = latest.keys_file if latest is not None else None
    cutoff = time.time() - IN_FLIGHT_SECONDS
    removed = 0
    for path in folder.glob("keys-*.parquet"):
        if path.name == keep:
            continue
        try:
            if path.stat().st_mtime > cutoff:
                continue
            path.unlink()
        except FileNotFoundError:  # another run removed it first
            continue
        removed += 1
    return removed


def load(run: LinkageRun) -> pa.Table | None:
    """The keys a run wrote, or None when its file is gone or unreadable."""
    if not run.keys_file:
        return None
    try:
        return pq.read_table(_folder() / run.keys_file)
    except (OSError, pa.ArrowException):
        return None


SLICED_UP_TO = 10_000  # rows left out by slicing around them; more are filtered out (a copy)


def without(table: pa.Table, *, keep: Collection[int], drop: Collection[int]) -> pa.Table:
    """The rows of records in `keep` and not in `drop`; `table` itself when that is every
    row (an incremental run after one that nothing was withdrawn or changed since: no copy
    of a million rows)."""
    ids = table.column("unique_id").to_numpy()
    mask = np.isin(ids, np.fromiter(keep, dtype=np.int64, count=len(keep)))
    if drop:
        mask &= ~np.isin(ids, np.fromiter(drop, dtype=np.int64, count=len(drop)))
    gone = np.flatnonzero(~mask)
    if not len(gone):
        return table
    if len(gone) > SLICED_UP_TO:
        return table.filter(pa.array(mask))
    # A few rows out of a million: the rows between them as slices of the table, which
    # copy nothing (filtering copied every key of every row, most of a second).
    bounds = [-1, *gone.tolist(), table.num_rows]
    pieces = [table.slice(start + 1, end - start - 1) for start, end in pairwise(bounds) if end - start > 1]
    if len(pieces) == 1:
        return pieces[0]
    return pa.concat_tables(pieces) if pieces else table.slice(0, 0)


def births(table: pa.Table, ids: Collection[int]) -> dict[int, str | None]:
    """Birth dates (ISO text) of these records."""
    chosen = table.filter(pc.is_in(table.column("unique_id"), value_set=pa.array(list(ids), pa.int64())))
    return dict(zip(chosen.column("unique_id").to_pylist(), chosen.column("birth_date").to_pylist(), strict=True))
