"""Worker processes: a pool started ahead of its work, and the ordered map over chunks."""

from __future__ import annotations

import time

import pytest

from talentbridge import workers


def test_a_started_pool_has_its_processes_before_any_work() -> None:
    with workers.Pool(2, preload="talentbridge.workers", fork=False) as pool:
        assert not pool.executor._processes  # nothing starts before it is asked to
        pool.start()
        deadline = time.monotonic() + 60  # they start in the background
        while len(pool.executor._processes) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = set(pool.executor._processes)  # spawned by the pool's start, not by the work below
        assert len(started) == 2
        # pow(chunk, 2) in the workers: a function any process can import
        results = list(workers.ordered_map(pow, range(20), workers=2, preload="", extra=(2,), pool=pool))
        assert results == [n * n for n in range(20)]  # in chunk order
        assert set(pool.executor._processes) == started  # the same processes did the work


def test_ordered_map_without_a_pool_starts_and_stops_its_own() -> None:
    results = list(workers.ordered_map(pow, range(7), workers=2, preload="talentbridge.workers", extra=(3,)))
    assert results == [n**3 for n in range(7)]


def test_chunks_submitted_ahead_are_at_work_before_their_results_are_read() -> None:
    taken: list[int] = []

    def chunks():
        for n in range(10):
            taken.append(n)
            yield n

    with workers.Pool(2, preload="talentbridge.workers", fork=False) as pool:
        results = workers.submitted_ahead(pow, chunks(), pool=pool, ahead=4, extra=(2,))
        assert taken == [0, 1, 2, 3]  # submitted already, nothing read yet
        assert list(results) == [n * n for n in range(10)]
        assert taken == list(range(10))


def test_a_failing_caller_drops_the_chunks_not_yet_begun() -> None:
    futures = []

    def fail() -> None:
        with workers.Pool(1, preload="talentbridge.workers") as pool:
            futures.extend(pool.executor.submit(time.sleep, 0.2) for _ in range(20))
            raise RuntimeError("the caller failed")

    with pytest.raises(RuntimeError, match="caller failed"):
        fail()
    assert sum(future.cancelled() for future in futures) >= 15  # 4 s of sleeping not waited for


def test_the_collector_is_paused_in_the_block_only() -> None:
    import gc

    assert gc.isenabled()
    with workers.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError, match="boom"), workers.collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with workers.collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
