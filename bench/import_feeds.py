"""Benchmark: import the four layouts generated for N persons, on SQLite and PostgreSQL.

Each import runs in its own process, into a fresh database, --repeat times (3 by default:
timings on a shared 2-core machine vary by 10-20% from run to run). Prints one line per
(database, layout): rows, median seconds, median rows per second with the lowest and
highest, and peak MB; with --again, the same for a second import of each file (nothing
changed: the daily case): the highest resident memory of the importing process and its
worker processes together, sampled from outside every 0.1 s, over all runs.

    .venv/bin/python bench/import_feeds.py --persons 100000
    .venv/bin/python bench/import_feeds.py --persons 1000000 --databases sqlite
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from procs import tree_memory_mb
from sqlalchemy import text

from talentbridge.db import make_engine

OUT = Path(__file__).resolve().parent / "out"
FEEDS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

CHILD = r"""
import json, sys, time
from pathlib import Path
from talentbridge import db, migrate
from talentbridge.feeds import service
from sqlalchemy.orm import Session

url, path = sys.argv[1], Path(sys.argv[2])
engine = db.make_engine(url)
migrate.upgrade(engine)
start = time.perf_counter()
with Session(engine) as session:
    report = service.import_feed(session, path)
    session.commit()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "read": report.read, "new": report.new, "unchanged": report.unchanged,
                  "quarantined": report.quarantined}))
"""


def run_import(url: str, path: Path) -> dict[str, float]:
    """The import in a process of its own, sampled from outside every 0.1 s, so the
    measurement adds no thread to it (an import forks its workers only when alone)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, url, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0
    while child.poll() is None:
        peak = max(peak, tree_memory_mb(child.pid, pss=False)[0])
        time.sleep(0.1)
    out, errors = child.communicate()
    if child.returncode != 0:
        print(errors, file=sys.stderr)
        raise SystemExit(f"import of {path.name} failed")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak
    return result


def generate(persons: int, seed: int) -> Path:
    folder = OUT / f"feeds-{persons}-{seed}"
    if all((folder / name).exists() for name in FEEDS):
        return folder
    from talentbridge.feeds.generate import generate_feeds

    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    generate_feeds(folder, persons=persons, seed=seed)
    print(f"generated {persons:,} persons in {time.perf_counter() - start:.1f} s -> {folder}", flush=True)
    return folder


def database(kind: str, scratch: Path) -> tuple[str, object]:
    if kind == "sqlite":
        path = scratch / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [p.unlink(missing_ok=True) for p in scratch.glob(path.name + "*")]
    name = f"talentbridge_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(POSTGRES_ADMIN)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return POSTGRES_ADMIN.rsplit("/", 1)[0] + "/" + name, drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--repeat", type=int, default=3, help="imports of each layout, each into a fresh database (median shown)"
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="also import each file a second time (the daily case: a snapshot in which nothing changed)",
    )
    args = parser.parse_args()
    folder = generate(args.persons, args.seed)
    scratch = OUT / "db"
    scratch.mkdir(parents=True, exist_ok=True)
    print(f"\nimport of the layouts generated for {args.persons:,} persons, {args.repeat} run(s) each", flush=True)
    for kind in args.databases.split(","):
        first: dict[str, list[dict[str, float]]] = {name: [] for name in FEEDS}
        again: dict[str, list[dict[str, float]]] = {name: [] for name in FEEDS}
        for _ in range(args.repeat):
            url, cleanup = database(kind, scratch)
            try:
                for name in FEEDS:
                    first[name].append(run_import(url, folder / name))
                    if args.again:
                        result = run_import(url, folder / name)
                        if result["unchanged"] != result["read"] - result["quarantined"]:
                            raise SystemExit(f"the second import of {name} changed something: {result}")
                        again[name].append(result)
            finally:
                cleanup()  # type: ignore[operator]
        report(kind, "first import", first)
        if args.again:
            report(kind, "same file again", again)


def report(kind: str, what: str, results: dict[str, list[dict[str, float]]]) -> None:
    print(f"\n{kind}, {what}")
    print(f"{'layout':<17}{'rows':>10}{'seconds':>9}{'rows/s':>9}{'(min-max)':>17}{'peak MB':>9}")
    for name in FEEDS:
        runs = results[name]
        rates = sorted(run["read"] / run["seconds"] for run in runs)
        seconds = statistics.median(run["seconds"] for run in runs)
        print(
            f"{name.split('.')[0]:<17}{runs[0]['read']:>10,.0f}{seconds:>9.2f}"
            f"{statistics.median(rates):>9,.0f}{f'({rates[0]:,.0f}-{rates[-1]:,.0f})':>17}"
            f"{max(run['peak_mb'] for run in runs):>9.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
