"""The linkage keys of the register, cached as a Parquet file per run.

Building the keys means reading every record's names and contact columns from the
register and folding them (readings, pinyin, names): about 4 s for a million records in
two processes (`registry.reading`). A run writes the table it linked, and the next
incremental run reads it back in a fraction of a second instead. The file is a cache
only: the database stays the record, and a missing or unreadable file is rebuilt from
the register (`registry.service.link_new`).

Only the latest run's file is ever read: each run removes the files of the database's
earlier runs as it starts (`prune`), and a run that fails removes its own, so the folder
holds about one file a database (60 MB for a million records), not one per run.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Collection
from itertools import pairwise
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from sqlalchemy import select
from sqlalchemy.orm import Session

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

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.join()  # however the block ends: no thread left writing behind it
        if kind is not None:  # the run failed: no run will name the file
            (self.folder / self.name).unlink(missing_ok=True)

    def finish(self, run: LinkageRun) -> None:
        """Wait for the file; `run` names it when it was written."""
        self.join()
        run.keys_file = None if self.failed else self.name


def prune(session: Session, latest: LinkageRun | None) -> int:
    """Remove the files of the runs before `latest` (the last committed run), which no run
    will read again. Files this database's runs do not name (another database's, sharing
    the folder; a run's still being written) are left alone. Nothing is written to the
    database: a run that has written nothing lets other processes read its register
    (`reading.visible_elsewhere`). Returns how many went."""
    if latest is None:
        return 0
    earlier = select(LinkageRun.keys_file).where(LinkageRun.keys_file.is_not(None), LinkageRun.id != latest.id)
    removed = 0
    for name in session.scalars(earlier):
        try:
            (_folder() / str(name)).unlink()
        except FileNotFoundError:  # removed by a run before
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
