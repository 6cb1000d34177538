"""Benchmark: import the four layouts generated for N persons, on SQLite and PostgreSQL.

Each import runs in its own process; "peak MB" is the highest resident memory of that
process and its worker processes together, sampled every 0.1 s. Prints one line per
(database, layout): rows, seconds, rows per second, peak MB.

    .venv/bin/python bench/import_feeds.py --persons 100000
    .venv/bin/python bench/import_feeds.py --persons 1000000 --databases sqlite
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from talentbridge.db import make_engine

OUT = Path(__file__).resolve().parent / "out"
FEEDS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

CHILD = r"""
import json, os, sys, threading, time
from pathlib import Path
from talentbridge import db, migrate
from talentbridge.feeds import service
from sqlalchemy.orm import Session

def tree_rss_mb():
    # RSS of this process and every descendant (the import's worker processes too).
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(pid))
        except OSError:
            continue
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return total / 1024

peak = {"mb": 0.0}
done = threading.Event()
def sample():
    while not done.wait(0.1):
        peak["mb"] = max(peak["mb"], tree_rss_mb())

url, path = sys.argv[1], Path(sys.argv[2])
engine = db.make_engine(url)
migrate.upgrade(engine)
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
with Session(engine) as session:
    report = service.import_feed(session, path)
    session.commit()
seconds = time.perf_counter() - start
done.set()
print(json.dumps({"seconds": seconds, "read": report.read, "new": report.new,
                  "quarantined": report.quarantined, "peak_mb": peak["mb"]}))
"""


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
    args = parser.parse_args()
    folder = generate(args.persons, args.seed)
    scratch = OUT / "db"
    scratch.mkdir(parents=True, exist_ok=True)
    print(f"\nimport of the layouts generated for {args.persons:,} persons", flush=True)
    print(f"{'database':<11}{'layout':<17}{'rows':>10}{'seconds':>9}{'rows/s':>9}{'peak MB':>9}")
    for kind in args.databases.split(","):
        url, cleanup = database(kind, scratch)
        try:
            for name in FEEDS:
                path = folder / name
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, url, str(path)], capture_output=True, text=True, check=False
                )
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    raise SystemExit(f"import of {name} on {kind} failed")
                result = json.loads(done.stdout.strip().splitlines()[-1])
                rate = result["read"] / result["seconds"]
                print(
                    f"{kind:<11}{name.split('.')[0]:<17}{result['read']:>10,}{result['seconds']:>9.1f}"
                    f"{rate:>9,.0f}{result['peak_mb']:>9.0f}",
                    flush=True,
                )
        finally:
            cleanup()  # type: ignore[operator]


if __name__ == "__main__":
    main()
