"""Benchmark: consolidate the register generated for N persons, beside the same model run as bare Splink.

For each size, the four layouts are generated once into bench/out/consolidate-N/ (about 1.5
source records a person) and imported once into a SQLite database there; both are reused
by later runs. Then, --repeat times each, in a process of its own:

- platform: a copy of the imported database (a register with no persons yet; synced to
  disk before the clock starts), then
  `service.consolidate` and the commit, timed in the process: reading the register,
  linkage keys, training, scoring, clustering, storing the persons;
- bare Splink: the same model on the same keys, the library calls alone. The keys
  (`linkage_rows`, then `reading.Register.of`: the normalised input) are built first and NOT timed;
  then DuckDBAPI on a fresh DuckDB connection, register, Linker, `linkage.train`, predict
  at the threshold, Splink's connected components at the threshold, and the clusters read
  back, all timed.

Peak MB is the highest resident memory of the process and any it starts (summed, as in
bench/import_feeds.py), sampled from outside every 0.1 s, from its start to the end of the
timed part, over all runs; PSS MB the same in proportional set size, which counts the pages
forked workers share with their parent once (read every 2 s, for platform and bare Splink
alike: reading it stalls the process it walks, see procs.py; `--pss-every 0` reads none). For bare
Splink both include building its input (its resident memory when the timed part begins is
printed too). Quality is pairwise precision, recall and F1 against the generator's
truth.csv (evaluated after the timed part).
Prints one line per (size, what), the ratio platform / bare, each pair's ratio (a platform
run and the bare Splink run after it; also with the platform's Splink steps taken at bare
Splink's times, which leaves the machine's drift between the two runs out), the steps'
seconds and peak memory, and writes bench/out/consolidate-results.json; the largest clusters found, record
by record with each record's true person, go to bench/out/consolidate-N/largest-*.txt.
Timings on a shared 2-core machine vary from run to run; --repeat takes the median.

    .venv/bin/python bench/consolidate.py --persons 100000
    .venv/bin/python bench/consolidate.py --persons 1000000 --repeat 1
    .venv/bin/python bench/consolidate.py --persons 100000,1000000 --only platform
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from procs import tree_memory_mb

OUT = Path(__file__).resolve().parent / "out"
FEEDS = ("maff-agri.csv", "meti-mfg.jsonl", "mhlw-hellowork.xlsx", "jasso-graduates.csv")
RESULTS = OUT / "consolidate-results.json"
WHATS = ("platform", "bare")
LABELS = {"platform": "platform", "bare": "bare Splink"}


# --- measuring a child process from outside ----------------------------------------------


PSS_EVERY = 2.0  # seconds between two readings of the proportional set size (see procs.py)


def run_child(
    args: list[str], *, limit_seconds: float, limit_mb: float, echo: str, required: bool = True
) -> dict[str, Any]:
    """Run `bench/consolidate.py --child ARGS` and sample its memory every 0.1 s.

    The child prints `STEP what` when a step starts (echoed here with the time and memory
    so far), `MARK phase` when a phase starts (setup, timed, after) and its result as JSON
    on the last line. Peaks are kept per phase. A child past either limit is killed, with
    its steps so far printed; unless `required`, a child stopped or failed gives a result
    saying so ("stopped", the steps it started: seconds since its start and MB then)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: killed as one if it runs over
    )
    state: dict[str, Any] = {"phase": "setup", "step": "(setup)", "rss": 0.0, "lines": [], "marks": {}}
    peaks: dict[str, float] = defaultdict(float)  # RSS, by phase
    step_peaks: dict[str, float] = defaultdict(float)  # RSS, by step, from its start to the next one's
    pss_peaks: dict[str, float] = defaultdict(float)  # PSS, by step
    steps: list[tuple[float, float, str]] = []
    errors: list[str] = []

    def read_out() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            line = line.rstrip("\n")
            now = time.perf_counter() - start
            if line.startswith("MARK "):
                state["phase"], state["step"] = line[5:], f"({line[5:]})"
                state["marks"][line[5:]] = (now, state["rss"])
            elif line.startswith("STEP "):
                steps.append((now, state["rss"], line[5:]))
                peak = step_peaks.get(state["step"], 0.0)
                before = f"  ({state['step']} peaked at {peak:.0f} MB)" if peak else ""
                print(f"    {echo} [{now:7.1f} s {state['rss']:7.0f} MB] {line[5:]}{before}", flush=True)
                state["step"] = line[5:]
            else:
                state["lines"].append(line)

    def read_err() -> None:
        assert child.stderr is not None
        errors.extend(child.stderr)

    readers = [threading.Thread(target=read_out, daemon=True), threading.Thread(target=read_err, daemon=True)]
    for reader in readers:
        reader.start()
    killed = None
    pss_read = 0.0
    while child.poll() is None:
        now = time.perf_counter()
        rss, pss = tree_memory_mb(child.pid, pss=PSS_EVERY > 0 and now - pss_read >= PSS_EVERY)
        if PSS_EVERY <= 0:
            pss = rss  # not read: the summed RSS stands for it
        state["rss"] = rss
        peaks[state["phase"]] = max(peaks[state["phase"]], rss)
        step_peaks[state["step"]] = max(step_peaks[state["step"]], rss)
        if pss is not None:
            pss_read = now
            pss_peaks[state["step"]] = max(pss_peaks[state["step"]], pss)
        elapsed = time.perf_counter() - start
        if elapsed > limit_seconds or rss > limit_mb:
            killed = f"stopped after {elapsed:.0f} s at {rss:.0f} MB (limits {limit_seconds:.0f} s, {limit_mb:.0f} MB)"
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            break
        time.sleep(0.1)
    for reader in readers:
        reader.join(timeout=10)
    if killed or child.returncode != 0:
        print("".join(errors[-40:]), file=sys.stderr)
        print(f"    {echo}: {killed or f'failed with exit code {child.returncode}'}; peaks by phase {dict(peaks)}")
        print(f"    {echo}: steps (seconds since start, MB then): {steps}")
        print(f"    {echo}: peak MB by step: {dict(step_peaks)}")
        if required:
            raise SystemExit(f"{echo} did not finish")
        return {
            "stopped": killed or f"failed with exit code {child.returncode}: {''.join(errors[-1:]).strip()}",
            "stopped_after": time.perf_counter() - start,
            "steps_seen": steps,
            "peak_mb": max(peaks.values(), default=0.0),
            "step_peaks_mb": {step: peak for step, peak in step_peaks.items() if peak},
            "pss_peak_mb": max(pss_peaks.values(), default=0.0),
        }
    result = json.loads(state["lines"][-1])
    result["peak_mb"] = max(peaks["setup"], peaks["timed"])
    result["peak_timed_mb"] = peaks["timed"]
    result["peak_after_mb"] = peaks["after"]
    result["rss_at_timed_mb"] = state["marks"].get("timed", (0, 0.0))[1]
    result["step_peaks_mb"] = {step: peak for step, peak in step_peaks.items() if peak}
    timed = [step for step in pss_peaks if step != "(after)"]  # up to the end of the timed part
    result["pss_peak_mb"] = max(pss_peaks[step] for step in timed)
    result["step_pss_peaks_mb"] = {step: pss_peaks[step] for step in timed if pss_peaks[step]}
    result["wall_seconds"] = time.perf_counter() - start
    return result


# --- the children -------------------------------------------------------------------------


def _mark(phase: str) -> None:
    print(f"MARK {phase}", flush=True)


def _step(what: str) -> None:
    print(f"STEP {what}", flush=True)


def child_import(url: str, folder: str) -> None:
    from sqlalchemy.orm import Session

    from talentbridge import db, migrate
    from talentbridge.feeds import service

    engine = db.make_engine(url)
    migrate.upgrade(engine)
    _mark("timed")
    counts = {}
    for name in FEEDS:
        _step(f"importing {name}")
        start = time.perf_counter()
        with Session(engine) as session:
            report = service.import_feed(session, Path(folder) / name)
            session.commit()
        counts[name] = {"read": report.read, "new": report.new, "quarantined": report.quarantined}
        counts[name]["seconds"] = round(time.perf_counter() - start, 1)
    with engine.connect() as connection:  # the .db file alone is the register: copied as is
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    print(json.dumps(counts))


def _quality(found: dict[tuple[str, str], Any], truth_path: str, inspect_path: str, session: Any) -> dict[str, Any]:
    """Pairwise quality against truth.csv, found clusters' sizes, and the largest found
    clusters written out record by record (with each record's true person)."""
    from talentbridge.registry import service

    truth = service.read_truth(Path(truth_path))
    result = service.evaluate(found, truth).as_dict()
    groups: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for key, person in found.items():
        if person is not None:
            groups[person].append(key)
    sizes = Counter(len(members) for members in groups.values())
    result["found_sizes"] = {str(size): sizes[size] for size in sorted(sizes)}
    true_sizes = Counter(Counter(truth.values()).values())
    result["true_sizes"] = {str(size): true_sizes[size] for size in sorted(true_sizes)}
    largest = sorted(groups.values(), key=len, reverse=True)[:5]
    result["largest_true_persons"] = [len({truth.get(key) for key in members}) for members in largest]
    rows = {(row["feed"], row["record_id"]): row for row in service.linkage_rows(session)}
    fields = ("family_name", "given_name", "name_kana", "native_name", "birth_date", "nationality", "email", "phone")
    with open(inspect_path, "w", encoding="utf-8") as handle:
        for members in largest:
            persons = Counter(truth.get(key) for key in members)
            handle.write(f"\n== found cluster of {len(members)} records, {len(persons)} true person(s)\n")
            for key in sorted(members, key=lambda key: (str(truth.get(key)), key)):
                row = rows.get(key, {})
                values = " | ".join(str(row.get(name) or "") for name in fields)
                handle.write(f"{truth.get(key)!s:>12} {key[0]}/{key[1]}: {values}\n")
    return result


def child_platform(url: str, truth_path: str, inspect_path: str) -> None:
    import splink  # noqa: F401  imported before the clock starts, as in the bare run
    from sqlalchemy.orm import Session

    from talentbridge import db, migrate
    from talentbridge.registry import service

    engine = db.make_engine(url)
    migrate.upgrade(engine)
    marks: list[tuple[str, float]] = []  # (step, when it started)

    def progress(what: str) -> None:
        marks.append((what, time.perf_counter()))
        _step(what)

    _mark("timed")
    start = time.perf_counter()
    with Session(engine) as session:
        progress("reading the register")
        run = service.consolidate(session, progress=progress)
        progress("committing")
        session.commit()
        seconds = time.perf_counter() - start
        _mark("after")
        figures = {"records": run.records, "pairs": run.pairs, "links": run.links, "persons": run.persons}
        steps: dict[str, float] = defaultdict(float)  # each step lasts until the next one starts
        for (what, began), (_, ended) in zip(marks, [*marks[1:], ("end", start + seconds)], strict=True):
            steps[what] += ended - began
        found = {(feed, record_id): person for feed, record_id, person in service.iter_links(session)}
        quality = _quality(found, truth_path, inspect_path, session)
    print(json.dumps({"seconds": seconds, "steps": steps, "run_seconds": dict(run.seconds), **figures, **quality}))


def child_bare(url: str, truth_path: str, inspect_path: str) -> None:
    import gc
    import logging

    import duckdb
    from splink import DuckDBAPI, Linker
    from sqlalchemy.orm import Session

    from talentbridge import db
    from talentbridge.registry import features, linkage, model, reading, service

    engine = db.make_engine(url)
    untimed = {}
    start = time.perf_counter()
    with Session(engine) as session:
        rows = service.linkage_rows(session)
    untimed["reading the register"] = time.perf_counter() - start
    start = time.perf_counter()
    table = reading.Register.of(features.source_table(rows)).table
    untimed["keys"] = time.perf_counter() - start
    records = len(rows)
    del rows  # the table alone is Splink's input (it carries feed and record_id for the evaluation)
    gc.collect()

    _mark("timed")
    marks: list[tuple[str, float]] = []  # (step, when it started)

    def step(what: str) -> None:
        marks.append((what, time.perf_counter()))
        _step(what)

    start = time.perf_counter()
    step("registering the table")
    connection = duckdb.connect()
    db_api = DuckDBAPI(connection)
    splink_records = db_api.register(table, table_name="linkage_records")
    linker = Linker(splink_records, model.settings(), log_level=logging.ERROR)
    step("training the model")
    linkage.train(linker)
    step("scoring pairs")
    predictions = linker.inference.predict(threshold_match_probability=linkage.THRESHOLD)
    step("clustering")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=linkage.THRESHOLD
    )
    step("reading the clusters")
    assigned = connection.sql(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall()
    seconds = time.perf_counter() - start
    _mark("after")

    steps: dict[str, float] = defaultdict(float)
    for (what, began), (_, ended) in zip(marks, [*marks[1:], ("end", start + seconds)], strict=True):
        steps[what] += ended - began
    pairs = connection.sql(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0][0]
    keys = {
        uid: (feed, record_id)
        for uid, feed, record_id in zip(
            table.column("unique_id").to_pylist(),
            table.column("feed").to_pylist(),
            table.column("record_id").to_pylist(),
            strict=True,
        )
    }
    found = {keys[uid]: cluster for uid, cluster in assigned}
    with Session(engine) as session:
        quality = _quality(found, truth_path, inspect_path, session)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "steps": steps,
                "untimed": untimed,
                "records": records,
                "pairs": pairs,
                "links": pairs,
                "persons": len({cluster for _, cluster in assigned}),
                **quality,
            }
        )
    )


CHILDREN = {"import": child_import, "platform": child_platform, "bare": child_bare}


# --- the benchmark ------------------------------------------------------------------------


def prepare(persons: int, seed: int, limits: dict[str, float]) -> tuple[Path, Path, dict[str, Any]]:
    """The feeds (generated once) and the imported register (imported once) for a size."""
    folder = OUT / f"consolidate-{persons}"
    folder.mkdir(parents=True, exist_ok=True)
    if not ((folder / "truth.csv").exists() and all((folder / name).exists() for name in FEEDS)):
        for stale in (folder / "imported.json", folder / "register.db"):
            stale.unlink(missing_ok=True)
        start = time.perf_counter()
        command = [sys.executable, "-m", "talentbridge.cli", "generate", "feeds", str(folder)]
        subprocess.run([*command, "--persons", str(persons), "--seed", str(seed)], check=True, capture_output=True)
        print(f"generated {persons:,} persons in {time.perf_counter() - start:.0f} s -> {folder}", flush=True)
    register, done = folder / "register.db", folder / "imported.json"
    schema = migrations_fingerprint()
    if not (register.exists() and done.exists() and json.loads(done.read_text()).get("schema") == schema):
        for stale in folder.glob("register.db*"):
            stale.unlink()
        start = time.perf_counter()
        counts = run_child(["import", f"sqlite:///{register}", str(folder)], echo="import", **limits)
        counts = {name: counts[name] for name in FEEDS}
        done.write_text(json.dumps({"schema": schema, **counts}, indent=2))
        print(f"imported the four layouts in {time.perf_counter() - start:.0f} s -> {register}", flush=True)
    imported = json.loads(done.read_text())
    return folder, register, {name: imported[name] for name in FEEDS}


def migrations_fingerprint() -> str:
    """The migrations' contents: a register imported under other migrations (a migration
    edited while in progress, say) is imported again rather than upgraded wrongly."""
    import hashlib

    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent.parent / "talentbridge" / "migrations"
    for path in sorted(folder.rglob("*.py")):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def run_one(what: str, folder: Path, register: Path, limits: dict[str, float], attempt: int) -> dict[str, Any]:
    inspect = folder / f"largest-{what}.txt"
    if what == "bare":
        return run_child(
            ["bare", f"sqlite:///{register}", str(folder / "truth.csv"), str(inspect)],
            echo=f"bare #{attempt}",
            required=False,
            **limits,
        )
    copy = folder / "run.db"
    for stale in folder.glob("run.db*"):
        stale.unlink()
    shutil.copyfile(register, copy)  # a register with no persons yet, every run
    # On disk before the clock starts: otherwise the kernel writes the copy's 3 GB back
    # while the platform runs (bare Splink reads the register itself, copied by no one).
    with copy.open("rb") as handle:
        os.fsync(handle.fileno())
    try:
        return run_child(
            ["platform", f"sqlite:///{copy}", str(folder / "truth.csv"), str(inspect)],
            echo=f"platform #{attempt}",
            required=False,
            **limits,
        )
    finally:
        for stale in folder.glob("run.db*"):
            stale.unlink()


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    stopped = [run for run in runs if "stopped" in run]
    if stopped:  # the first run stopped is the summary: steps it went through, the time and memory they took
        run = stopped[0]
        seen = run["steps_seen"]
        ends = [at for at, _, _ in seen[1:]] + [run["stopped_after"]]
        steps = {name: end - at for (at, _, name), end in zip(seen, ends, strict=True)}
        return {"runs": len(runs), "stopped": run["stopped"], "steps": steps, **run}
    seconds = sorted(run["seconds"] for run in runs)
    last = runs[-1]
    steps = {name: statistics.median(run["steps"].get(name, 0.0) for run in runs) for name in last["steps"]}
    summary = {
        "runs": len(runs),
        "seconds": statistics.median(seconds),
        "seconds_min": seconds[0],
        "seconds_max": seconds[-1],
        "seconds_each": [run["seconds"] for run in runs],
        "peak_mb": max(run["peak_mb"] for run in runs),
        "pss_peak_mb": max(run["pss_peak_mb"] for run in runs),
        "step_pss_peaks_mb": {
            name: max(run["step_pss_peaks_mb"].get(name, 0.0) for run in runs) for name in last["step_pss_peaks_mb"]
        },
        "peak_timed_mb": max(run["peak_timed_mb"] for run in runs),
        "rss_at_timed_mb": max(run["rss_at_timed_mb"] for run in runs),
        "steps": steps,
        "step_peaks_mb": {
            name: max(run["step_peaks_mb"].get(name, 0.0) for run in runs) for name in last["step_peaks_mb"]
        },
    }
    keep = (
        "records",
        "pairs",
        "links",
        "persons",
        "precision",
        "recall",
        "f1",
        "true_pairs",
        "found_pairs",
        "correct_pairs",
        "persons_true",
        "persons_found",
        "largest_found",
        "largest_true_persons",
        "found_sizes",
        "true_sizes",
        "untimed",
    )
    if "run_seconds" in last:
        summary["run_seconds"] = {
            name: statistics.median(run["run_seconds"].get(name, 0.0) for run in runs) for name in last["run_seconds"]
        }
    summary.update({key: last[key] for key in keep if key in last})
    return summary


def report(persons: int, records: int, results: dict[str, dict[str, Any]]) -> None:
    print(
        f"\nconsolidation of {persons:,} persons ({records:,} source records), "
        f"{max(r['runs'] for r in results.values())} run(s) each; shared 2-core machine, timings noisy"
    )
    print(
        f"{'what':<13}{'persons':>10}{'records':>10}{'seconds':>9}{'(min-max)':>15}{'peak MB':>9}{'PSS MB':>8}"
        f"{'precision':>10}{'recall':>8}{'F1':>8}{'found':>10}{'largest':>8}"
    )
    for what in WHATS:
        if what not in results:
            continue
        r = results[what]
        if "stopped" in r:
            last = list(r["steps"])[-1] if r["steps"] else "(setup)"
            print(
                f"{LABELS[what]:<13}{persons:>10,}{records:>10,}  did not finish: {r['stopped']}; "
                f"peak {r['peak_mb']:.0f} MB, in step '{last}'",
                flush=True,
            )
            continue
        spread = f"({r['seconds_min']:.0f}-{r['seconds_max']:.0f})"
        print(
            f"{LABELS[what]:<13}{r['persons_true']:>10,}{r['records']:>10,}{r['seconds']:>9.1f}"
            f"{spread:>15}{r['peak_mb']:>9.0f}{r['pss_peak_mb']:>8.0f}"
            f"{r['precision']:>10.4f}{r['recall']:>8.4f}{r['f1']:>8.4f}{r['persons_found']:>10,}{r['largest_found']:>8}",
            flush=True,
        )
    finished = {what: r for what, r in results.items() if "stopped" not in r}
    if "platform" in finished and "bare" in finished:
        p, b = results["platform"], results["bare"]
        print(
            f"platform / bare Splink: {p['seconds'] / b['seconds']:.2f}x the time, "
            f"{p['peak_mb'] / b['peak_mb']:.2f}x the peak memory ({p['pss_peak_mb'] / b['pss_peak_mb']:.2f}x in PSS)"
        )
    if "platform" in results:
        steps = ", ".join(f"{name} {value:.1f}" for name, value in results["platform"]["steps"].items())
        print(f"platform steps (s, median): {steps}")
        seconds = ", ".join(f"{name} {value:.1f}" for name, value in results["platform"].get("run_seconds", {}).items())
        print(f"platform run.seconds (s, median): {seconds or '(the run did not finish)'}")
        peaks = ", ".join(f"{name} {value:.0f}" for name, value in results["platform"]["step_peaks_mb"].items())
        print(f"platform peak MB by step (highest run): {peaks}")
        peaks = ", ".join(
            f"{name} {value:.0f}" for name, value in results["platform"].get("step_pss_peaks_mb", {}).items()
        )
        print(f"platform peak PSS MB by step (highest run): {peaks or '(the run did not finish)'}")
    if "bare" in results:
        b = results["bare"]
        steps = ", ".join(f"{name} {value:.1f}" for name, value in b["steps"].items())
        untimed = ", ".join(f"{name} {value:.1f}" for name, value in b.get("untimed", {}).items())
        print(f"bare Splink steps (s, median): {steps}")
        peaks = ", ".join(f"{name} {value:.0f}" for name, value in b["step_peaks_mb"].items())
        print(f"bare Splink peak MB by step (highest run): {peaks}")
        if "stopped" not in b:
            print(
                f"bare Splink input, not timed (s): {untimed}; its peak MB includes building it "
                f"({b['rss_at_timed_mb']:.0f} MB resident when the timed part began, peak "
                f"{b['peak_timed_mb']:.0f} MB within it)"
            )
    for what, r in finished.items():
        print(
            f"{LABELS[what]}: {r['pairs']:,} pairs scored, {r['links']:,} links; largest found clusters hold "
            f"{r['largest_true_persons']} true persons; cluster sizes {r['found_sizes']} (truth {r['true_sizes']})"
        )


SPLINK_STEPS = ("training the model", "scoring pairs", "clustering")  # named alike in both children


def report_pairs(runs: dict[str, list[dict[str, Any]]]) -> list[dict[str, float]]:
    """Each platform run beside the bare Splink run that followed it: their ratio, and the
    same with the platform's Splink steps (training, scoring, clustering: the same work
    as bare Splink's) taken at bare Splink's times, which leaves out how much faster or
    slower the machine ran between the two (by up to a fifth here)."""
    platform, bare = runs.get("platform", []), runs.get("bare", [])
    if not platform or len(platform) != len(bare) or any("stopped" in run for run in (*platform, *bare)):
        return []
    pairs = []
    for p, b in zip(platform, bare, strict=True):
        splink = sum(p["steps"].get(name, 0.0) for name in SPLINK_STEPS)
        bare_splink = sum(b["steps"].get(name, 0.0) for name in SPLINK_STEPS)
        pairs.append(
            {
                "platform": p["seconds"],
                "bare": b["seconds"],
                "ratio": p["seconds"] / b["seconds"],
                "splink_ratio": splink / bare_splink,
                "ratio_at_bare_speed": (p["seconds"] - splink + b["seconds"]) / b["seconds"],
            }
        )
    print(
        "each pair (platform / bare Splink, run in turn): "
        + "; ".join(
            f"{pair['platform']:.1f} / {pair['bare']:.1f} s = {pair['ratio']:.2f}x (Splink steps "
            f"{pair['splink_ratio']:.2f}x; at bare Splink's speed {pair['ratio_at_bare_speed']:.2f}x)"
            for pair in pairs
        )
    )
    return pairs


def code_state() -> dict[str, Any]:
    """The commit measured, and the package files changed since (work in progress)."""
    git = ["git", "-C", str(Path(__file__).resolve().parent.parent)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    changed = subprocess.run([*git, "status", "--short", "talentbridge"], capture_output=True, text=True).stdout
    return {"commit": head, "changed": changed.splitlines()}


def main() -> None:
    global PSS_EVERY
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        CHILDREN[sys.argv[2]](*sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", default="100000", help="sizes, comma-separated (e.g. 100000,1000000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--repeat", type=int, help="runs of each, median shown (default: 3 below 1,000,000 persons, else 1)"
    )
    parser.add_argument("--only", choices=WHATS, help="run only the platform or only bare Splink")
    parser.add_argument(
        "--pss-every",
        type=float,
        default=PSS_EVERY,
        help=f"seconds between two readings of PSS (default {PSS_EVERY:g}; 0: never, PSS MB then shows RSS)",
    )
    parser.add_argument("--max-minutes", type=float, default=25, help="stop a run that takes longer")
    parser.add_argument("--max-mb", type=float, default=12 * 1024, help="stop a run that holds more memory")
    args = parser.parse_args()
    PSS_EVERY = args.pss_every
    limits = {"limit_seconds": args.max_minutes * 60, "limit_mb": args.max_mb}
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    for persons in (int(size.replace("_", "")) for size in args.persons.split(",")):
        folder, register, imported = prepare(persons, args.seed, limits)
        code = code_state()  # before the runs: the package may change while they run (say so if it did)
        repeat = args.repeat or (3 if persons < 1_000_000 else 1)
        print(f"\n{persons:,} persons: {sum(c['read'] for c in imported.values()):,} rows imported", flush=True)
        runs: dict[str, list[dict[str, Any]]] = {what: [] for what in WHATS if args.only in (None, what)}
        for attempt in range(1, repeat + 1):
            for what in runs:
                if not any("stopped" in run for run in runs[what]):  # a run that could not finish is not repeated
                    runs[what].append(run_one(what, folder, register, limits, attempt))
        results = {what: summarise(done) for what, done in runs.items()}
        report(persons, sum(c["read"] - c["quarantined"] for c in imported.values()), results)
        pairs = report_pairs(runs)
        entry = {"persons": persons, "seed": args.seed, "code": code, "imported": imported, **results}
        if code_state() != code:
            print("note: the package changed while this size ran (see `code` in the results: as it was at the start)")
            entry["code_changed_during_runs"] = True
        if all(what in results and "stopped" not in results[what] for what in WHATS):
            entry["ratio_seconds"] = results["platform"]["seconds"] / results["bare"]["seconds"]
            entry["ratio_peak_mb"] = results["platform"]["peak_mb"] / results["bare"]["peak_mb"]
        if pairs:
            entry["pairs"] = pairs
        saved[str(persons)] = entry
        RESULTS.write_text(json.dumps(saved, indent=2))
        print(f"results -> {RESULTS}; largest clusters -> {folder}/largest-*.txt", flush=True)


if __name__ == "__main__":
    main()
