"""Worker processes for the CPU-bound Python steps (an import's mapping, golden records):
how they start, and an ordered map over chunks with a few chunks in flight."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

R = TypeVar("R")


_arrival: Any = None  # in a worker: its pool's barrier, which `_ready` waits at


def worker_started(arrival: Any = None) -> None:
    """A worker makes and drops hundreds of thousands of small objects per chunk and keeps
    none but its memos: the cyclic garbage collector, run every 700 allocations by default,
    found nothing to free and cost a tenth of a worker's time. A worker never walks the
    modules and tables inherited from the parent (frozen), and collects the young objects
    once per chunk, between chunks, instead of during them. Reference counting frees the
    rest as it goes: the work makes no cycles. `arrival`: the pool's barrier (`_ready`)."""
    global _arrival
    _arrival = arrival
    gc.freeze()
    gc.disable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection within the block (as it was before, after
    it): for work that makes millions of objects without cycles, which each automatic
    full collection would walk again for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def pool_context(preload: str, *, fork: bool = True) -> BaseContext:
    """fork when this process runs one thread (the CLI) and `fork` is allowed: workers
    start at once with every table already built; forkserver otherwise (a web server's
    threads may hold locks a forked child would inherit held; a large parent's memory
    would be inherited too), preloading the module `preload`."""
    if fork and threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    # The main module too: otherwise every worker runs it again (as __mp_main__) on start.
    context.set_forkserver_preload(["__main__", preload])
    return context


def _ready() -> None:
    """Submitted once per worker to make the pool start its processes. Each waits until
    all have arrived: a pool that starts its processes one submit at a time (forkserver)
    starts none while one is idle, and a worker done with the first `_ready` would take
    the second."""
    if _arrival is not None:
        try:
            _arrival.wait(timeout=60)
        except threading.BrokenBarrierError:
            pass  # a process did not start: the work will start it, or fail there


class Pool:
    """Worker processes for work that comes later (`ordered_map(..., pool=)`), started
    when `start` is called: forked at once while the caller is still small (before it
    reads a register), or from a forkserver in the background. The work starts them
    itself if `start` was not called."""

    def __init__(self, workers: int, *, preload: str, fork: bool = True) -> None:
        context = pool_context(preload, fork=fork)
        self.workers = workers
        self.forked = context.get_start_method() == "fork"
        arrival = context.Barrier(workers)  # type: ignore[attr-defined]
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=worker_started, initargs=(arrival,)
        )
        self._starter: threading.Thread | None = None

    def start(self) -> None:
        if self.forked:  # a fork takes milliseconds, and must not come from a second thread
            self._start()
        elif self._starter is None:
            # From a thread of its own: a forkserver imports its preload before it forks
            # the first worker, and the first submit waits for that.
            self._starter = threading.Thread(target=self._start, name="pool-starter", daemon=True)
            self._starter.start()

    def _start(self) -> None:
        for _ in range(self.workers):
            self.executor.submit(_ready)

    def close(self, *, cancel: bool = False) -> None:
        """Stop the workers once they are done; with `cancel`, chunks not yet begun are
        dropped (the caller failed and will not read them)."""
        if self._starter is not None:
            self._starter.join()
        self.executor.shutdown(cancel_futures=cancel)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(cancel=kind is not None)


def ordered_map(
    function: Callable[..., R],
    chunks: Iterable[Any],
    *,
    workers: int,
    preload: str,
    extra: tuple[Any, ...] = (),
    fork: bool = True,
    pool: Pool | None = None,
) -> Iterator[R]:
    """function(chunk, *extra) for each chunk, in the workers, results in chunk order;
    at most a few chunks in flight (memory stays bounded whatever the input's size).
    `pool`: the caller's pool to use (see `Pool`) instead of a new one."""
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(Pool(workers, preload=preload, fork=fork))
        yield from submitted_ahead(function, chunks, pool=pool, ahead=workers * 2 + 1, extra=extra)


def submitted_ahead(
    function: Callable[..., R], chunks: Iterable[Any], *, pool: Pool, ahead: int, extra: tuple[Any, ...] = ()
) -> Iterator[R]:
    """function(chunk, *extra) for each chunk, in the pool's workers, results in chunk
    order, at most `ahead` chunks in flight; the first `ahead` go to the workers now,
    before the caller starts reading, so that they get on with them while the caller
    does something else (`ordered_map` is this, started when first read)."""
    executor = pool.executor
    remaining = iter(chunks)
    pending: deque[Future[R]] = deque(
        executor.submit(function, chunk, *extra) for chunk in itertools.islice(remaining, ahead)
    )

    def results() -> Iterator[R]:
        while pending:
            done = pending.popleft()
            for chunk in itertools.islice(remaining, 1):
                pending.append(executor.submit(function, chunk, *extra))
            yield done.result()

    return results()
