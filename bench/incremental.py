"""Benchmark: link a batch of new records against a consolidated register (incremental).

Uses the register that bench/consolidate.py generated and imported for N persons
(bench/out/consolidate-N/register.db; run that first). Consolidates a copy of it in full
once (kept in bench/out/incremental-N/, with the linkage keys cache beside it), then, for
each repeat, in a fresh copy: takes --batch active records (a seeded random sample) out
of their persons, as if a new import had just brought them, and times
`registry.service.link_new` and its commit in a process of its own, with that process's
peak resident memory. Then checks what the batch became against the generator's truth:
the share of batch records whose true partners (records of the same true person) they
were joined with, and pairwise precision, recall and F1 of the whole register.

    .venv/bin/python bench/incremental.py --persons 100000
    .venv/bin/python bench/incremental.py --persons 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


def child_consolidate(db: str, cache: str) -> None:
    os.environ["TALENTBRIDGE_LINKAGE_CACHE_DIR"] = cache
    from sqlalchemy.orm import Session

    from talentbridge import db as database
    from talentbridge import migrate
    from talentbridge.registry import service

    engine = database.make_engine(_url(Path(db)))
    migrate.upgrade(engine)
    start = time.perf_counter()
    with Session(engine) as session:
        run = service.consolidate(session)
        session.commit()
        print(json.dumps({"seconds": time.perf_counter() - start, "persons": run.persons, "records": run.records}))


def child_detach(db: str, batch: int, seed: int) -> None:
    """Take `batch` records out of their persons; persons left empty go with them."""
    from sqlalchemy import delete, select
    from sqlalchemy.orm import Session

    from talentbridge import db as database
    from talentbridge.feeds.models import SourceRecord
    from talentbridge.registry.models import GoldenRecord, Person, PersonRecord

    engine = database.make_engine(_url(Path(db)))
    with Session(engine) as session:
        ids = session.scalars(select(SourceRecord.id).where(SourceRecord.status == "active")).all()
        chosen = random.Random(seed).sample(list(ids), batch)
        persons = set(session.scalars(select(PersonRecord.person_id).where(PersonRecord.source_record_id.in_(chosen))))
        session.execute(delete(PersonRecord).where(PersonRecord.source_record_id.in_(chosen)))
        kept = set(session.scalars(select(PersonRecord.person_id).where(PersonRecord.person_id.in_(persons))))
        empty = sorted(persons - kept)
        session.execute(delete(GoldenRecord).where(GoldenRecord.person_id.in_(empty)))
        session.execute(delete(Person).where(Person.id.in_(empty)))
        session.commit()
        print(json.dumps({"records": chosen}))


def child_link(db: str, cache: str) -> None:
    os.environ["TALENTBRIDGE_LINKAGE_CACHE_DIR"] = cache
    from sqlalchemy.orm import Session

    from talentbridge import db as database
    from talentbridge.registry import service

    engine = database.make_engine(_url(Path(db)))
    start = time.perf_counter()
    with Session(engine) as session:
        run = service.link_new(session)
        session.commit()
        seconds = time.perf_counter() - start
        assert run is not None
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            json.dumps(
                {
                    "seconds": seconds,
                    "peak_mb": peak,
                    "records": run.records,
                    "pairs": run.pairs,
                    "links": run.links,
                    "steps": run.seconds,
                }
            )
        )


def _child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _quality(db: Path, truth_path: Path, batch: list[int]) -> dict:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from talentbridge import db as database
    from talentbridge.feeds.models import SourceRecord
    from talentbridge.registry import service

    truth = service.read_truth(truth_path)
    engine = database.make_engine(_url(db))
    with Session(engine) as session:
        found = {(feed, record): person for feed, record, person in service.iter_links(session)}
        columns = select(SourceRecord.id, SourceRecord.feed, SourceRecord.record_id)
        keys = {i: (feed, record) for i, feed, record in session.execute(columns)}
    result = service.evaluate(found, truth)
    by_true: dict[str, list[tuple[str, str]]] = {}
    for key, person in truth.items():
        by_true.setdefault(person, []).append(key)
    partners = joined = 0
    for record in batch:
        key = keys[record]
        for other in by_true[truth[key]]:
            if other != key:
                partners += 1
                joined += found.get(other) == found.get(key)
    return {
        "precision": result.precision,
        "recall": result.recall,
        "f1": result.f1,
        "batch_partners": partners,
        "batch_joined": joined,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        what, *rest = args.child
        {"consolidate": child_consolidate, "detach": child_detach, "link": child_link}[what](
            *[int(x) if x.isdigit() else x for x in rest]
        )
        return
    source = OUT / f"consolidate-{args.persons}"
    register = source / "register.db"
    if not register.exists():
        raise SystemExit(f"{register} is missing: run bench/consolidate.py --persons {args.persons} first")
    folder = OUT / f"incremental-{args.persons}"
    folder.mkdir(parents=True, exist_ok=True)
    cache = folder / "cache"
    consolidated = folder / "consolidated.db"
    if not consolidated.exists():
        print(f"consolidating a copy of {register} in full (once) ...", flush=True)
        _copy(register, folder / "consolidating.db")
        full = _child("consolidate", str(folder / "consolidating.db"), str(cache))
        (folder / "consolidating.db").rename(consolidated)
        print(f"  {full['records']:,} records -> {full['persons']:,} persons in {full['seconds']:.0f} s", flush=True)
    runs = []
    for attempt in range(args.repeat):
        work = folder / "work.db"
        _copy(consolidated, work)
        batch = _child("detach", str(work), str(args.batch), str(attempt + 1))["records"]
        linked = _child("link", str(work), str(cache))
        quality = _quality(work, source / "truth.csv", batch)
        runs.append({**linked, **quality})
        print(
            f"  #{attempt + 1}: {linked['records']:,} new records linked in {linked['seconds']:.2f} s, "
            f"peak {linked['peak_mb']:.0f} MB, steps {linked['steps']}; "
            f"joined with {quality['batch_joined']:,} of {quality['batch_partners']:,} true partners; "
            f"register P {quality['precision']:.4f} R {quality['recall']:.4f} F1 {quality['f1']:.4f}",
            flush=True,
        )
    seconds = [run["seconds"] for run in runs]
    print(
        f"incremental: {args.batch:,} new records against the register of {args.persons:,} persons: "
        f"median {statistics.median(seconds):.2f} s ({min(seconds):.2f}-{max(seconds):.2f}), "
        f"peak {max(run['peak_mb'] for run in runs):.0f} MB, "
        f"F1 {statistics.median(run['f1'] for run in runs):.4f}"
    )
    (OUT / f"incremental-{args.persons}-results.json").write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
