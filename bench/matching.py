"""Benchmark: the top 20 persons for a hiring need among N persons, and a matching fair.

For each size, the register generated for N persons (with N / 50 companies, 2,000 at
most, and their needs) is imported and consolidated once into
bench/out/matching-N/consolidated.db and reused. Then, in a process of its own:

- the index: reading the offerable golden records into profiles, building the numpy
  index, its arrays' size, and the process's resident memory before and after;
- the Python API: `matching.service.match_need(session, need, top=20)` (the index, then
  each of the 20 explained from its golden record) for --queries needs drawn with a
  fixed seed, after one warm-up call: median and 95th percentile;
- the plainest way to the same answer: every profile scored with `scoring.explain`, the
  best 20 kept (`matching.service.scan`), for --scan-queries of those needs; the answers
  are checked equal; the ratio is its median over the API's median;
- HTTP: `talentbridge serve` on 127.0.0.1, a steward signed in, GET
  /api/needs/{need}/matches?top=20 for the same needs, one at a time, after a warm-up
  (bounded by --queries and --http-seconds).

The fair: 20,000 persons with 10 choices each and 2,000 companies with 1 to 5 slots
(about 6,000), both sides' rankings drawn with a fixed seed; `fairs.allocate` timed
(median of 5) with the stability check, beside the `matching` package (1.4.3) solving
the same fair (resident-optimal, each person meeting one company: the package's model)
once, bounded by --library-seconds.

    .venv/bin/python bench/matching.py --persons 100000,1000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from serving import CLI, Server

OUT = Path(__file__).resolve().parent / "out"
FILES = (
    "maff-agri.csv",
    "meti-mfg.jsonl",
    "mhlw-hellowork.xlsx",
    "jasso-graduates.csv",
    "consortium-companies.csv",
    "company-needs.jsonl",
)


def rss_mb() -> float:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def build(persons: int, seed: int) -> Path:
    folder = OUT / f"matching-{persons}"
    database = folder / "consolidated.db"
    if database.exists():
        return database
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if not all((folder / name).exists() for name in FILES):
        subprocess.run(
            [*CLI, "generate", "feeds", str(folder), "--persons", str(persons), "--seed", str(seed)],
            check=True,
            capture_output=True,
        )
    building = folder / "building.db"
    for stale in folder.glob("building.db*"):
        stale.unlink()
    env = {**os.environ, "TALENTBRIDGE_DATABASE_URL": f"sqlite:///{building}"}
    for name in FILES:
        subprocess.run([*CLI, "import", str(folder / name), "--json"], check=True, capture_output=True, env=env)
    subprocess.run([*CLI, "consolidate", "--json"], check=True, capture_output=True, env=env)
    building.rename(database)
    print(f"built the register of {persons:,} persons in {time.perf_counter() - start:.0f} s -> {database}", flush=True)
    return database


# --- the child: index, Python API, full scan ---------------------------------------------


def child_api(database: str, queries: int, scan_queries: int, seed: int) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from talentbridge import db
    from talentbridge.companies.models import Need
    from talentbridge.matching import service
    from talentbridge.matching.index import PersonIndex
    from talentbridge.matching.scoring import terms_of

    engine = db.make_engine(f"sqlite:///{database}")
    with Session(engine) as session:
        before = rss_mb()
        start = time.perf_counter()
        profiles = service.load_profiles(session)
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        index = PersonIndex(profiles)
        built = time.perf_counter() - start
        after = rss_mb()
        service._cached.update(index=index, generation=service._generation(session))
        need_ids = list(session.scalars(select(Need.id).where(Need.status == "open").order_by(Need.id)))
        chosen = random.Random(seed).sample(need_ids, min(queries, len(need_ids)))
        service.match_need(session, chosen[0], top=20)  # warm-up
        api, index_only, found = [], [], 0
        for need_id in chosen:
            start = time.perf_counter()
            results = service.match_need(session, need_id, top=20)
            api.append(time.perf_counter() - start)
            found += len(results)
            need = session.get(Need, need_id)
            terms = terms_of(need, service.company_hs(session, need))
            start = time.perf_counter()
            index.top(terms, 20)
            index_only.append(time.perf_counter() - start)
        scans, same = [], 0
        for need_id in chosen[:scan_queries]:
            need = session.get(Need, need_id)
            terms = terms_of(need, service.company_hs(session, need))
            start = time.perf_counter()
            plain = service.scan(terms, profiles, top=20)
            scans.append(time.perf_counter() - start)
            same += [(m.person_id, m.score) for m in plain] == [(r.person_id, r.score) for r in index.top(terms, 20)]
    print(
        json.dumps(
            {
                "persons_indexed": index.size,
                "load_seconds": loaded,
                "build_seconds": built,
                "index_mb": index.nbytes() / 2**20,
                "rss_before_mb": before,
                "rss_after_mb": after,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "queries": len(chosen),
                "results_per_query": found / len(chosen),
                "api_ms": [x * 1000 for x in api],
                "index_ms": [x * 1000 for x in index_only],
                "scan_ms": [x * 1000 for x in scans],
                "scan_equal": same,
                "needs": chosen,
            }
        )
    )


# --- HTTP ----------------------------------------------------------------------------------


def http(database: Path, needs: list[int], seconds: float) -> dict[str, Any]:

    env = {**os.environ, "TALENTBRIDGE_DATABASE_URL": f"sqlite:///{database}"}
    password = "bench password 2026"
    subprocess.run(
        [*CLI, "users", "create", "bench-steward", "--role", "data_steward", "--password", password],
        env=env,
        capture_output=True,
    )  # already there on a later run: fine
    server = Server(f"sqlite:///{database}")
    try:
        client = server.client("bench-steward", password, timeout=600)
        start = time.perf_counter()
        client.get(f"/api/needs/{needs[0]}/matches", params={"top": 20}).raise_for_status()  # builds the index
        warm = time.perf_counter() - start
        times = []
        stop = time.time() + seconds
        for need in needs:
            start = time.perf_counter()
            response = client.get(f"/api/needs/{need}/matches", params={"top": 20})
            times.append(time.perf_counter() - start)
            response.raise_for_status()
            if time.time() > stop:
                break
        client.close()
        return {"http_ms": [x * 1000 for x in times], "first_request_s": warm, "server_mb": server.rss_mb()}
    finally:
        server.stop()


# --- the fair ------------------------------------------------------------------------------


def fair(seed: int, library_seconds: float) -> dict[str, Any]:
    from talentbridge.matching.fairs import allocate, blocking_pairs, check_capacities

    rng = random.Random(seed)
    companies = [f"C{i}" for i in range(2000)]
    slots = {company: rng.randint(1, 5) for company in companies}
    person_prefs = {p: rng.sample(companies, 10) for p in range(20_000)}
    askers: dict[str, list[int]] = {company: [] for company in companies}
    for person, prefs in person_prefs.items():
        for company in prefs:
            askers[company].append(person)
    company_prefs = {}
    for company, persons in askers.items():
        rng.shuffle(persons)
        company_prefs[company] = persons
    person_slots = {p: rng.randint(1, 3) for p in person_prefs}
    times = []
    for _ in range(5):
        start = time.perf_counter()
        allocation = allocate(person_prefs, company_prefs, person_slots, slots)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    blocking = blocking_pairs(allocation, person_prefs, company_prefs, person_slots, slots)
    checked = time.perf_counter() - start
    one = dict.fromkeys(person_prefs, 1)
    start = time.perf_counter()
    ours_one = allocate(person_prefs, company_prefs, one, slots)
    ours_one_s = time.perf_counter() - start
    library = run_library(person_prefs, company_prefs, slots, library_seconds)
    same = None
    if "pairs" in library:
        same = sorted(library["pairs"]) == sorted((c, p) for c, p in ours_one.pairs())
    return {
        "seconds": times,
        "meetings": len(allocation.pairs()),
        "company_slots": sum(slots.values()),
        "blocking_pairs": len(blocking),
        "capacity_problems": len(check_capacities(allocation, person_slots, slots)),
        "check_seconds": checked,
        "one_slot_seconds": ours_one_s,
        "library": {key: value for key, value in library.items() if key != "pairs"},
        "library_same": same,
    }


def run_library(person_prefs: dict, company_prefs: dict, slots: dict, seconds: float) -> dict[str, Any]:
    """The `matching` package on the same fair, one slot per person, in a child with a time limit."""
    payload = json.dumps(
        {
            "r": {str(p): v for p, v in person_prefs.items()},
            "h": {c: [str(p) for p in v] for c, v in company_prefs.items()},
            "c": slots,
        }
    )
    code = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
sys.setrecursionlimit(1_000_000)
from matching.games import HospitalResident
data = json.loads(sys.stdin.read())
start = time.perf_counter()
game = HospitalResident.create_from_dictionaries(data["r"], data["h"], data["c"])
built = time.perf_counter() - start
start = time.perf_counter()
solved = game.solve(optimal="resident")
solve = time.perf_counter() - start
pairs = [[str(h), int(str(r))] for h, rs in solved.items() for r in rs]
print(json.dumps({"build_seconds": built, "solve_seconds": solve, "pairs": pairs}))
"""
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], input=payload, capture_output=True, text=True, timeout=seconds, check=True
        )
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish within {seconds:.0f} s"}
    except subprocess.CalledProcessError as exc:
        return {"error": (exc.stderr or "").strip().splitlines()[-1:]}
    result = json.loads(done.stdout)
    result["pairs"] = [tuple(pair) for pair in result["pairs"]]
    return result


# --- main ----------------------------------------------------------------------------------


def summary(label: str, values: list[float]) -> str:
    return f"{label} median {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--scan-queries", type=int, default=0, help="default: 20 at 100,000 persons or fewer, else 3")
    parser.add_argument("--http-seconds", type=float, default=120)
    parser.add_argument("--library-seconds", type=float, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-fair", action="store_true")
    parser.add_argument("--child", nargs="*")
    args = parser.parse_args()
    if args.child:
        database, queries, scan_queries, seed = args.child
        child_api(database, int(queries), int(scan_queries), int(seed))
        return
    results: dict[str, Any] = {}
    for persons in [int(x) for x in args.persons.split(",")]:
        database = build(persons, args.seed)
        scan_queries = args.scan_queries or (20 if persons <= 100_000 else 3)
        child = subprocess.run(
            [sys.executable, __file__, "--child", str(database), str(args.queries), str(scan_queries), str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
        )
        api = json.loads(child.stdout.strip().splitlines()[-1])
        web = http(database, api["needs"], args.http_seconds)
        ratio = statistics.median(api["scan_ms"]) / statistics.median(api["api_ms"])
        print(
            f"{persons:,} persons ({api['persons_indexed']:,} offered, indexed): index built in "
            f"{api['load_seconds']:.1f} s (reading the golden records) + {api['build_seconds']:.1f} s, "
            f"{api['index_mb']:.0f} MB of arrays, process {api['rss_before_mb']:.0f} -> {api['rss_after_mb']:.0f} MB",
            flush=True,
        )
        print(f"  top 20, {api['queries']} needs, {api['results_per_query']:.1f} results each:")
        print(f"    {summary('Python API (index + 20 explained)', api['api_ms'])}")
        print(f"    {summary('index alone', api['index_ms'])}")
        served = f"{len(web['http_ms'])} requests; server {web['server_mb']:.0f} MB"
        route = "HTTP GET /api/needs/{id}/matches"
        print(f"    {summary(route, web['http_ms'])} ({served}; first request {web['first_request_s']:.1f} s)")
        print(
            f"    full scan (every profile explained): median {statistics.median(api['scan_ms']):.0f} ms over "
            f"{len(api['scan_ms'])} needs, the same answer for {api['scan_equal']}; "
            f"{ratio:,.0f}x the Python API's median",
            flush=True,
        )
        results[str(persons)] = {**{k: v for k, v in api.items() if k != "needs"}, **web, "scan_ratio": ratio}
    if not args.no_fair:
        result = fair(args.seed, args.library_seconds)
        library = result["library"]
        lib = (
            f"the matching package: set-up {library['build_seconds']:.1f} s + solve {library['solve_seconds']:.1f} s"
            if "build_seconds" in library
            else f"the matching package: {library.get('error')}"
        )
        print(
            "fair of 20,000 persons (10 choices, 1-3 meetings each) and 2,000 companies "
            f"({result['company_slots']:,} slots): median {statistics.median(result['seconds']):.2f} s "
            f"({min(result['seconds']):.2f}-{max(result['seconds']):.2f}), "
            f"{result['meetings']:,} meetings, {result['blocking_pairs']} blocking pairs, "
            f"{result['capacity_problems']} capacity problems (checked in {result['check_seconds']:.1f} s)"
        )
        print(
            f"  one meeting per person: ours {result['one_slot_seconds']:.2f} s; {lib}; "
            f"the same allocation: {result['library_same']}",
            flush=True,
        )
        results["fair"] = result
    (OUT / "matching-results.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
