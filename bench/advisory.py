"""Benchmark: free slots of overseas specialists through the API, and many companies
booking at once on PostgreSQL without a double booking.

1. Slots: --specialists generated specialists (their weekly hours in their own zones),
   all active, two talks each already booked, in a SQLite database; `talentbridge serve`
   on 127.0.0.1; a company user asks GET /api/specialists/{id}/slots?from=...&days=28
   once for each specialist (after a warm-up): median and 95th percentile; beside it the
   same through the Python API (`advisory.service.slots`).
2. Booking load: a fresh PostgreSQL database with the same specialists; --clients
   threads, each a company user signed in over HTTP, book random free slots of
   --contended specialists (so that they collide) for --seconds; bookings a second,
   the 95th-percentile latency of a booking request, and the double bookings found in
   the database afterwards (overlapping talks of one specialist that both hold time:
   there must be none). The monthly free-advice limits are lifted for the run.

    .venv/bin/python bench/advisory.py
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from serving import Server
from sqlalchemy import text
from sqlalchemy.orm import Session

OUT = Path(__file__).resolve().parent / "out" / "advisory"
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "bench password 2026"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def prepare(url: str, specialists: int, users: int, seed: int) -> list[str]:
    """Specialists (all active), one company and `users` company users, in the database at `url`."""
    from talentbridge import db, migrate
    from talentbridge.accounts import service as accounts
    from talentbridge.advisory import service
    from talentbridge.advisory.generate import SPECIALISTS_FILE, generate_specialists
    from talentbridge.advisory.models import Specialist
    from talentbridge.companies.models import Company
    from talentbridge.feeds import service as feeds

    OUT.mkdir(parents=True, exist_ok=True)
    generate_specialists(OUT, specialists=specialists, seed=seed)
    engine = db.make_engine(url)
    migrate.upgrade(engine)
    with Session(engine) as session:
        feeds.import_feed(session, OUT / SPECIALISTS_FILE)
        keys = []
        for specialist in session.query(Specialist).order_by(Specialist.specialist_key):
            service.set_status(session, specialist, "vetted", by="bench")
            service.set_status(session, specialist, "active", by="bench")
            keys.append(specialist.specialist_key)
        company = Company(corporate_number="2938470781181", name="Bench Foods", tier="priority", status="active")
        session.add(company)
        session.flush()
        for n in range(users):
            accounts.create_user(
                session, username=f"bench{n}", password=PASSWORD, role="company", company_id=company.id
            )
        session.commit()
    engine.dispose()
    return keys


def server(url: str, workers: int = 1) -> Server:
    """The web server with the monthly free-advice limits lifted (the load books far more)."""
    limits = {
        "TALENTBRIDGE_COMPANY_TALKS_PER_MONTH": "100000000",
        "TALENTBRIDGE_SPECIALIST_HOURS_PER_MONTH": "100000000",
    }
    return Server(url, limits, start_seconds=60, workers=workers)


def slots_part(specialists: int, seed: int) -> dict[str, Any]:
    database = OUT / "slots.db"
    for stale in OUT.glob("slots.db*"):
        stale.unlink()
    url = f"sqlite:///{database}"
    keys = prepare(url, specialists, 1, seed)
    first = (datetime.now(UTC) + timedelta(days=3)).date()
    web = server(url)
    try:
        client = web.client("bench0", PASSWORD)
        # Two talks booked for each specialist: the slots leave them (and their buffers) out.
        for key in keys:
            free = client.get(f"/api/specialists/{key}/slots", params={"from": first.isoformat(), "days": 28}).json()
            for item in (free[0], free[len(free) // 2]) if len(free) > 1 else free[:1]:
                client.post(f"/api/specialists/{key}/talks", json={"start": item["start"], "purpose": "bench"})
        client.get(f"/api/specialists/{keys[0]}/slots", params={"from": first.isoformat(), "days": 28})  # warm-up
        http_ms, counts = [], []
        for key in keys:
            start = time.perf_counter()
            response = client.get(f"/api/specialists/{key}/slots", params={"from": first.isoformat(), "days": 28})
            http_ms.append((time.perf_counter() - start) * 1000)
            response.raise_for_status()
            counts.append(len(response.json()))
    finally:
        web.stop()
    from talentbridge import db
    from talentbridge.advisory import service

    engine = db.make_engine(url)
    python_ms = []
    with Session(engine) as session:
        for key in keys:
            specialist = service.get_specialist(session, key)
            start = time.perf_counter()
            service.slots(session, specialist, first=first, days=28, viewer_zone="Asia/Tokyo", minutes=60)
            python_ms.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    return {"http_ms": http_ms, "python_ms": python_ms, "slots": counts}


def load_part(
    specialists: int, contended: int, clients: int, seconds: float, seed: int, workers: int
) -> dict[str, Any]:
    from talentbridge import db

    admin = db.make_engine(POSTGRES_ADMIN)
    name = f"bench_advisory_{uuid.uuid4().hex[:8]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        keys = prepare(url, specialists, clients, seed)[:contended]
        web = server(url, workers)
        try:
            first = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
            lookup = web.client("bench0", PASSWORD)
            offers = [
                (key, item["start"])
                for key in keys
                for item in lookup.get(f"/api/specialists/{key}/slots", params={"from": first, "days": 28}).json()
            ]
            sessions = [web.client(f"bench{n}", PASSWORD) for n in range(clients)]
            latencies: list[float] = []
            outcomes: dict[int, int] = {}
            lock = threading.Lock()
            barrier = threading.Barrier(clients)
            deadline: list[float] = []

            def run(client: httpx.Client, rng: random.Random) -> None:
                barrier.wait()
                if not deadline:
                    deadline.append(time.time() + seconds)
                while time.time() < deadline[0]:
                    key, start_at = rng.choice(offers)
                    began = time.perf_counter()
                    try:
                        status = client.post(
                            f"/api/specialists/{key}/talks", json={"start": start_at, "purpose": "load"}
                        ).status_code
                    except httpx.HTTPError:
                        status = 0  # no answer in time
                    elapsed = (time.perf_counter() - began) * 1000
                    with lock:
                        latencies.append(elapsed)
                        outcomes[status] = outcomes.get(status, 0) + 1

            threads = [
                threading.Thread(target=run, args=(client, random.Random(seed + n)))
                for n, client in enumerate(sessions)
            ]
            began = time.time()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 120)
            elapsed = time.time() - began
        finally:
            web.stop()
        engine = db.make_engine(url)
        with engine.connect() as conn:
            doubles = conn.execute(
                text(
                    "SELECT count(*) FROM talks a JOIN talks b ON a.specialist_id = b.specialist_id "
                    "AND a.id < b.id AND a.holds_time AND b.holds_time "
                    "AND a.starts_at < b.blocked_until AND b.starts_at < a.blocked_until"
                )
            ).scalar()
            talks = conn.execute(text("SELECT count(*) FROM talks")).scalar()
        engine.dispose()
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {
        "seconds": elapsed,
        "requests": len(latencies),
        "outcomes": outcomes,
        "latency_ms": latencies,
        "talks": talks,
        "double_bookings": doubles,
        "offers": len(offers),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specialists", type=int, default=400)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--contended", type=int, default=20, help="specialists the load books, so bookings collide")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="server processes for the booking load")
    parser.add_argument("--skip-slots", action="store_true", help="only the booking load")
    args = parser.parse_args()
    if not args.skip_slots:
        slots = slots_part(args.specialists, args.seed)
        print(
            f"slots of {args.specialists} specialists over four weeks "
            f"(about {statistics.median(slots['slots']):.0f} free hour-long slots each): "
            f"HTTP median {statistics.median(slots['http_ms']):.1f} ms, "
            f"p95 {percentile(slots['http_ms'], 0.95):.1f} ms; Python API median "
            f"{statistics.median(slots['python_ms']):.1f} ms, p95 {percentile(slots['python_ms'], 0.95):.1f} ms",
            flush=True,
        )
    load = load_part(args.specialists, args.contended, args.clients, args.seconds, args.seed, args.workers)
    booked = load["outcomes"].get(201, 0)
    print(
        f"{args.clients} clients booking {load['offers']:,} slots of {args.contended} specialists on PostgreSQL "
        f"({args.workers} server processes) for "
        f"{load['seconds']:.0f} s: {load['requests']:,} requests ({load['requests'] / load['seconds']:.0f}/s), "
        f"{booked:,} booked ({booked / load['seconds']:.1f}/s), answers {dict(sorted(load['outcomes'].items()))}; "
        f"request latency median {statistics.median(load['latency_ms']):.0f} ms, "
        f"p95 {percentile(load['latency_ms'], 0.95):.0f} ms; talks in the database {load['talks']:,}, "
        f"double bookings {load['double_bookings']}",
        flush=True,
    )


if __name__ == "__main__":
    main()
