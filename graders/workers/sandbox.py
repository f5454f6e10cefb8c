"""Running grading work in worker processes under a real wall-clock limit.

A signal alarm cannot interrupt one long C-level operation (10**(10**10) never
returns to the interpreter) and only works on the main thread, so each task runs
in a separate process that is killed when its time is up.
"""
from __future__ import annotations

import faulthandler
import importlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Literal, Sequence

try:
    import resource
except ImportError:  # not on Windows; the memory limit is then skipped
    resource = None

# Importing sympy in a fresh worker takes about a second; that must not count
# against the first task's time limit, so a new worker first reports it is ready.
_STARTUP_LIMIT = 120.0
_MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class TaskOutcome:
    """What became of one task: its value, or why there is none."""

    status: Literal["ok", "timeout", "error"]
    value: Any = None
    error: str = ""
    elapsed_ms: float = 0.0


def _describe(exc: BaseException) -> str:
    try:
        message = str(exc).strip().splitlines()
    except Exception:
        message = []
    text = f"{type(exc).__name__}: {message[0]}" if message else type(exc).__name__
    return text[:_MAX_ERROR_CHARS]


def _limit_memory(megabytes: int) -> None:
    # RLIMIT_AS counts mappings inherited through fork (thread stacks and BLAS
    # buffers of the parent), which can alone exceed a fixed cap on a many-core
    # machine; so the limit is headroom above what the warm worker already maps.
    try:
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        mapped = 0
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    wanted = mapped + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))


def _silence() -> None:
    # Ctrl-C reaches the whole process group; the parent decides what to stop,
    # and a worker must not print tracebacks or crash dumps into its terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if faulthandler.is_enabled():
        faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = sys.stderr = open(os.devnull, "w")


def _worker_main(conn, inherited, preload: Sequence[str], memory_limit_mb: int | None) -> None:
    # A forked worker holds copies of the parent's pipe ends; closing them lets it
    # see EOF (and exit) when the parent goes away.
    for other in inherited:
        other.close()
    _silence()
    try:
        for name in preload:  # "module" is imported; "module:function" is imported and called
            module_name, _, function = name.partition(":")
            module = importlib.import_module(module_name)
            if function:
                getattr(module, function)()
        if memory_limit_mb and resource is not None:
            _limit_memory(memory_limit_mb)
    except BaseException as exc:
        conn.send_bytes(pickle.dumps(("error", f"worker start-up failed: {_describe(exc)}")))
        return
    conn.send_bytes(pickle.dumps(("ready", None)))
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        conn.send_bytes(_answer(message))
        del message  # an idle worker should not hold on to a big argument


def _answer(message: bytes) -> bytes:
    try:
        func, args = pickle.loads(message)
        reply = ("ok", func(*args))
    except BaseException as exc:  # SystemExit and MemoryError included: the worker lives on
        reply = ("error", _describe(exc))
    try:
        return pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:
        return pickle.dumps(("error", f"result could not be pickled: {_describe(exc)}"))


class _Worker:
    def __init__(self, ctx, preload: Sequence[str], memory_limit_mb: int | None, inherited: list | None) -> None:
        parent_end, child_end = ctx.Pipe()
        # A forked child gets copies of `inherited` and its own parent end, to close; a spawned one gets no fds.
        to_close = [] if inherited is None else inherited + [parent_end]
        args = (child_end, to_close, tuple(preload), memory_limit_mb)
        self.process = ctx.Process(target=_worker_main, args=args, name="sandbox-worker", daemon=True)
        self.process.start()
        # Only the worker may hold its end, or its death would not read as EOF here.
        child_end.close()
        self.conn = parent_end
        self.ready = False
        self._lock = threading.Lock()

    def kill(self, grace: float = 0.0) -> None:
        with self._lock:  # close() and the task's own thread may both reap it
            if grace:
                self.process.join(grace)
            self.process.kill()
            self.process.join()

    def death(self) -> str:
        self.kill(grace=1.0)  # EOF comes a moment before the exit status
        code = self.process.exitcode
        signame = signal.Signals(-code).name if code is not None and -code in signal.valid_signals() else ""
        return f"worker died (exit code {code}, {signame})" if signame else f"worker died (exit code {code})"


class WorkerPool:
    """Worker processes that run picklable top-level functions under a time and memory limit."""

    def __init__(self, size: int = 1, timeout: float = 2.0, memory_limit_mb: int | None = 2048,
                 preload: Sequence[str] = ()) -> None:
        """Describe the pool; workers start on first use. memory_limit_mb is per-worker headroom."""
        if size < 1 or timeout <= 0:
            raise ValueError("size must be at least 1 and timeout positive")
        self.size, self.timeout = size, timeout
        self.memory_limit_mb, self.preload = memory_limit_mb, tuple(preload)
        linux_fork = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
        self._ctx = multiprocessing.get_context("fork" if linux_fork else "spawn")
        self._cond = threading.Condition()
        self._spawn_lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._idle: list[_Worker] = []
        self._starting = 0  # workers being started, counted against size
        self._closed = False

    def run(self, func: Callable, *args: Any, timeout: float | None = None) -> TaskOutcome:
        """Run func(*args) in a worker; raises nothing for what the task does, RuntimeError if closed."""
        limit = self.timeout if timeout is None else timeout
        try:
            worker = self._checkout()
            outcome, healthy = None, False
            try:
                outcome, healthy = self._execute(worker, func, args, limit)
            finally:
                self._checkin(worker, healthy, replace=outcome is not None)
            return outcome
        except KeyboardInterrupt:
            self.close()
            raise

    def map(self, func: Callable, items: Iterable[tuple], timeout: float | None = None) -> list[TaskOutcome]:
        """Run func(*item) for each item, up to `size` at once; outcomes in input order."""
        jobs = list(items)
        if not jobs:
            return []
        # One thread per worker slot; each blocks in run(), so the pool itself
        # hands out workers and the executor keeps the input order.
        threads = ThreadPoolExecutor(min(self.size, len(jobs)), thread_name_prefix="sandbox-map")
        try:
            return list(threads.map(lambda args: self.run(func, *args, timeout=timeout), jobs))
        except KeyboardInterrupt:
            self.close()
            raise
        finally:
            threads.shutdown(wait=False, cancel_futures=True)

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._cond:
            return sorted(w.process.pid for w in self._workers if w.process.is_alive())

    def close(self) -> None:
        """Kill every worker; tasks still running end with an error outcome."""
        with self._cond:
            self._closed = True
            workers, idle = list(self._workers), self._idle[:]
            self._idle.clear()
            self._cond.notify_all()
        for worker in workers:
            worker.kill()
        # A busy worker's pipe belongs to the thread waiting on it, which closes it.
        for worker in idle:
            worker.conn.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _checkout(self) -> _Worker:
        with self._cond:
            while True:
                if self._closed:
                    raise RuntimeError("the worker pool is closed")
                if not self._idle:
                    if self._reserve():
                        break
                    self._cond.wait()
                    continue
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                # Died while idle (e.g. the OS killed it): not the next task's fault.
                self._workers.discard(worker)
                worker.conn.close()
        return self._start_worker(idle=False)

    def _checkin(self, worker: _Worker, healthy: bool, replace: bool) -> None:
        if not healthy:
            worker.kill()
        with self._cond:
            keep = healthy and not self._closed
            if keep:
                self._idle.append(worker)
            else:
                self._workers.discard(worker)
            self._cond.notify()
            reserved = not healthy and replace and not self._closed and self._reserve()
        if not keep:
            worker.conn.close()
        if reserved:
            try:  # start the successor now, so it is warm when the next task comes
                self._start_worker(idle=True)
            except (RuntimeError, OSError):
                pass  # closed meanwhile, or out of processes: the next checkout retries

    def _reserve(self) -> bool:
        if len(self._workers) + self._starting >= self.size:
            return False
        self._starting += 1
        return True

    def _start_worker(self, idle: bool) -> _Worker:
        # The caller reserved a slot. Starts are serialised and each forked worker
        # closes its siblings' pipe ends, so a worker's death always reads as EOF
        # here and the parent's death as EOF there.
        try:
            with self._spawn_lock:
                with self._cond:
                    forked = self._ctx.get_start_method() == "fork"
                    inherited = [w.conn for w in self._workers] if forked else None
                worker = _Worker(self._ctx, self.preload, self.memory_limit_mb, inherited)
                with self._cond:
                    if not self._closed:
                        self._workers.add(worker)
                        if idle:
                            self._idle.append(worker)
                    closed = self._closed
        finally:
            with self._cond:
                self._starting -= 1
                self._cond.notify()
        if closed:
            worker.kill()
            worker.conn.close()
            raise RuntimeError("the worker pool is closed")
        return worker

    def _execute(self, worker: _Worker, func: Callable, args: tuple, limit: float) -> tuple[TaskOutcome, bool]:
        if not worker.ready:
            problem = self._await_ready(worker)
            if problem:
                return TaskOutcome("error", error=problem), False
        try:
            payload = pickle.dumps((func, args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            return TaskOutcome("error", error=f"task could not be pickled: {_describe(exc)}"), True
        start = time.perf_counter()
        try:
            worker.conn.send_bytes(payload)
            del payload
            finished = worker.conn.poll(max(0.0, limit - (time.perf_counter() - start)))
            data = worker.conn.recv_bytes() if finished else None
        except (EOFError, OSError):
            finished, data = True, None
        elapsed = (time.perf_counter() - start) * 1000.0
        if not finished:
            worker.kill()
            return TaskOutcome("timeout", error=f"time limit of {float(limit)} s exceeded", elapsed_ms=elapsed), False
        if data is None:
            return TaskOutcome("error", error=worker.death(), elapsed_ms=elapsed), False
        try:
            status, value = pickle.loads(data)
        except Exception as exc:
            status, value = "error", f"result could not be unpickled: {_describe(exc)}"
        if status == "ok":
            return TaskOutcome("ok", value=value, elapsed_ms=elapsed), True
        return TaskOutcome("error", error=value, elapsed_ms=elapsed), True

    def _await_ready(self, worker: _Worker) -> str:
        try:
            if not worker.conn.poll(_STARTUP_LIMIT):
                return f"worker did not start within {_STARTUP_LIMIT} s"
            status, detail = pickle.loads(worker.conn.recv_bytes())
        except (EOFError, OSError):
            return worker.death()
        if status != "ready":
            return detail
        worker.ready = True
        return ""
