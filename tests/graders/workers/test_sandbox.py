"""The worker pool: values come back, and a hung, crashing or greedy task costs only itself."""
from __future__ import annotations

import os
import signal
import sys
import time

import pytest

from graders.workers.sandbox import TaskOutcome, WorkerPool

# Task functions live at module level so they pickle by reference into the worker.


def add(a, b):
    return a + b


def fail(message):
    raise ValueError(message)


def huge_power():
    base, exponent = 10, 10**10  # names, so the compiler cannot try to fold it
    return base**exponent


def spin():
    while True:
        pass


def die(code):
    os._exit(code)


def segfault():
    import ctypes

    ctypes.string_at(0)


def chatter():
    print("to stdout")
    print("to stderr", file=sys.stderr)
    raise RuntimeError("first line\nsecond line")


def allocate(megabytes):
    return len([0] * (megabytes * 2**20 // 8))


def echo(data):
    return data[::-1]


def generator():
    return (x for x in ())


def loaded(name):
    return name in sys.modules


def slow_square(x):
    if x == 3:
        spin()
    return x * x


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def zombie_or_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in "ZX"
    except FileNotFoundError:
        return True


@pytest.fixture
def pool():
    with WorkerPool(size=1, timeout=0.5) as pool:
        yield pool


def test_value_round_trip(pool):
    outcome = pool.run(add, 2, 3)
    assert outcome.status == "ok" and outcome.value == 5 and outcome.error == ""
    assert outcome.elapsed_ms > 0


def test_exception_is_an_error_and_the_worker_is_reused(pool):
    assert pool.run(add, 1, 1).value == 2
    pids = pool.worker_pids()
    outcome = pool.run(fail, "bad input")
    assert outcome == TaskOutcome("error", error="ValueError: bad input", elapsed_ms=outcome.elapsed_ms)
    assert pool.run(add, 1, 2).value == 3
    assert pool.worker_pids() == pids


def test_runaway_big_integer_times_out_and_the_pool_recovers(pool):
    pids = pool.worker_pids()
    start = time.monotonic()
    outcome = pool.run(huge_power)
    assert outcome.status == "timeout"
    assert outcome.error == "time limit of 0.5 s exceeded"
    assert time.monotonic() - start < 1.5
    assert pool.run(add, 2, 2).value == 4
    assert pool.worker_pids() != pids


def test_infinite_loop_times_out_with_a_per_call_limit():
    with WorkerPool(timeout=30.0) as pool:
        start = time.monotonic()
        assert pool.run(spin, timeout=0.5).status == "timeout"
        assert time.monotonic() - start < 1.5


def test_worker_that_exits_is_an_error_and_replaced(pool):
    first = pool.run(os.getpid).value
    outcome = pool.run(die, 3)
    assert outcome.status == "error" and outcome.error == "worker died (exit code 3)"
    assert first not in pool.worker_pids()
    assert pool.run(add, 1, 1).value == 2


def test_segfault_is_an_error_and_replaced(pool):
    assert pool.run(segfault).error == "worker died (exit code -11, SIGSEGV)"
    assert pool.run(add, 1, 1).value == 2


def test_worker_killed_while_idle_is_replaced_silently(pool):
    pid = pool.run(os.getpid).value
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 2
    while zombie_or_gone(pid) is False and time.monotonic() < deadline:  # the kill lands asynchronously
        time.sleep(0.01)
    outcome = pool.run(os.getpid)
    assert outcome.status == "ok" and outcome.value != pid


def test_workers_print_nothing_and_errors_are_one_line(pool, capfd):
    assert pool.run(chatter).error == "RuntimeError: first line"
    assert capfd.readouterr() == ("", "")


def test_memory_error_under_a_small_limit_leaves_the_pool_working():
    with WorkerPool(timeout=5.0, memory_limit_mb=512) as pool:
        assert pool.run(allocate, 16).value == 2 * 2**20
        pids = pool.worker_pids()
        outcome = pool.run(allocate, 1024)
        assert outcome.status == "error" and outcome.error.startswith("MemoryError")
        assert pool.run(allocate, 16).status == "ok"
        assert pool.worker_pids() == pids


def test_unpicklable_task_and_result_are_errors(pool):
    outcome = pool.run(lambda: 1)
    assert outcome.status == "error" and "could not be pickled" in outcome.error
    outcome = pool.run(generator)
    assert outcome.status == "error" and "result could not be pickled" in outcome.error
    assert pool.run(add, 1, 1).value == 2


def test_map_keeps_order_and_one_timeout_costs_only_itself():
    with WorkerPool(size=2, timeout=0.5) as pool:
        outcomes = pool.map(slow_square, [(x,) for x in range(10)])
    assert [o.status for o in outcomes] == ["ok"] * 3 + ["timeout"] + ["ok"] * 6
    assert [o.value for o in outcomes if o.status == "ok"] == [x * x for x in range(10) if x != 3]


def test_map_over_nothing():
    with WorkerPool() as pool:
        assert pool.map(add, []) == []


def test_close_kills_the_workers():
    pool = WorkerPool(size=2)
    pool.map(add, [(1, 2), (3, 4)])
    pids = pool.worker_pids()
    assert len(pids) == 2 and all(alive(pid) for pid in pids)
    pool.close()
    assert not any(alive(pid) for pid in pids)
    with pytest.raises(RuntimeError):
        pool.run(add, 1, 2)


def test_context_manager_closes():
    with WorkerPool() as pool:
        pid = pool.run(os.getpid).value
        assert alive(pid)
    assert not alive(pid)


def test_megabyte_argument_and_result(pool):
    data = os.urandom(2**20)
    outcome = pool.run(echo, data)
    assert outcome.status == "ok" and outcome.value == data[::-1]


def test_preload_imports_in_the_worker():
    with WorkerPool(preload=["sympy"]) as pool:
        assert pool.run(loaded, "sympy").value is True


def test_run_is_thread_safe():
    from concurrent.futures import ThreadPoolExecutor

    with WorkerPool(size=2) as pool, ThreadPoolExecutor(4) as threads:
        outcomes = list(threads.map(lambda x: pool.run(add, x, x), range(20)))
        assert [o.value for o in outcomes] == [2 * x for x in range(20)]
        assert len(pool.worker_pids()) == 2
