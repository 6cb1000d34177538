"""Measuring a process tree from outside, cheaply: the benchmarks sample memory ten times
a second while the work runs on the same two cores, so the sampling must cost next to
nothing."""

from __future__ import annotations

import os


def process_tree(root: int) -> list[int]:
    """A process and all its descendants, from the kernel's list of each thread's children
    (scanning every process in /proc instead, ten times a second, cost a few percent of a
    core)."""
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        try:
            threads = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for thread in threads:
            try:
                with open(f"/proc/{pid}/task/{thread}/children") as handle:
                    todo.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return tree


def _kib(pid: int, name: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{name}") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith(field))
    except (OSError, StopIteration):
        return 0  # the process has just ended


def tree_memory_mb(root: int, *, pss: bool = True) -> tuple[float, float | None]:
    """Resident memory of a process and all its descendants, summed, and, with `pss`, their
    proportional set size (PSS): forked workers share their parent's pages copy on write,
    which the sum of RSS counts once per process and PSS once in all. PSS is read from
    smaps_rollup, which walks each process's page tables holding its memory map's lock:
    ten times a second, it took 35-50% of a core from a platform consolidation holding
    4 GB in three processes, and even every 2 s it stalls the allocations of the process
    it walks (DuckDB's above all), so callers read it seldom, and for a lone process too:
    read only for a run of several processes, it slowed the platform's Splink steps by
    about a tenth against bare Splink's single process. None when not read."""
    tree = process_tree(root)
    rss = sum(_kib(pid, "status", "VmRSS:") for pid in tree) / 1024
    if not pss:
        return rss, None
    return rss, sum(_kib(pid, "smaps_rollup", "Pss:") for pid in tree) / 1024
