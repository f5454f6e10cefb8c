"""Where a run's chunks are graded: in local worker processes, or on a Dask cluster when a sweep outgrows one machine.

Either way each answer is graded in a child process under the time limit, and each chunk's
verdicts come back to the process that owns the run, which commits them as they arrive: the
run file is only ever written by one process, so it stays consistent whatever fails.
"""
from __future__ import annotations

import functools
import multiprocessing
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

import sympy as sp

from graders.grading import GradeConfig
from graders.pairs import PairConfig
from graders.verdict import Verdict
from graders.workers.pool import Grader

DAEMON_HINT = ("start the Dask workers with DASK_DISTRIBUTED__WORKER__DAEMON=False (or "
               "distributed.worker.daemon: false), so that each answer can be graded in a time-limited child "
               "process")


class ExecutorError(RuntimeError):
    """The cluster cannot grade; the message says what to do, in one sentence."""


@dataclass(frozen=True)
class Job:
    """One chunk: answers to slots of one part (``problem``, ``items`` of (slot, answer)), or compare pairs."""

    problem: str
    items: Sequence[tuple]
    declared: Mapping[str, sp.Symbol] | None = None  # for slots
    pair_config: PairConfig | None = None  # for pairs

    def run(self, grader: Grader) -> list[Verdict]:
        """Grade this chunk with ``grader``."""
        if self.pair_config is not None:
            return grader.compare_many(self.items, self.pair_config)
        return grader.grade_many(self.problem, [(slot, answer) for slot, answer in self.items], self.declared or {})


class LocalExecutor:
    """Chunks graded one after another by a pool of local worker processes."""

    def __init__(self, config: GradeConfig, workers: int) -> None:
        self.grader = Grader(config, workers=workers, warm=True)

    def grade(self, jobs: Sequence[Job]) -> Iterator[tuple[int, list[Verdict]]]:
        """(job index, verdicts) for every job, in order."""
        for index, job in enumerate(jobs):
            yield index, job.run(self.grader)

    def close(self) -> None:
        """Stop the workers."""
        self.grader.close()


@functools.lru_cache(maxsize=4)
def _cluster_grader(timeout: float) -> Grader:
    """One grader per Dask worker process (and time limit), kept warm across the jobs it runs."""
    return Grader(GradeConfig(timeout=timeout), workers=1, warm=True)


def run_remote_job(job: Job, timeout: float) -> list[Verdict]:
    """A job as a Dask worker runs it: in a time-limited child process of the worker."""
    if multiprocessing.current_process().daemon:
        raise ExecutorError(f"this Dask worker cannot start child processes: {DAEMON_HINT}.")
    return job.run(_cluster_grader(timeout))


class DaskExecutor:
    """Chunks graded on a Dask cluster (``derive[dask]``); results come back as they finish."""

    def __init__(self, address: str, config: GradeConfig) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError("--scheduler needs Dask: pip install 'derive[dask]'.") from None
        try:
            self.client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise ExecutorError(f"cannot reach the Dask scheduler at {address} ({error}).") from None
        self.timeout = config.timeout

    def grade(self, jobs: Sequence[Job]) -> Iterator[tuple[int, list[Verdict]]]:
        """(job index, verdicts) as each job finishes on the cluster."""
        from distributed import as_completed

        futures = self.client.map(run_remote_job, list(jobs), timeout=self.timeout, pure=False)
        index_of = {future.key: index for index, future in enumerate(futures)}
        for future in as_completed(futures):
            try:
                result = future.result()
            except ExecutorError:
                for pending in futures:
                    pending.cancel()
                raise
            yield index_of[future.key], result

    def close(self) -> None:
        """Disconnect from the cluster (which keeps running)."""
        self.client.close()


def executor(config: GradeConfig, workers: int, scheduler: str | None) -> LocalExecutor | DaskExecutor:
    """The local pool, or the Dask cluster at ``scheduler``."""
    return DaskExecutor(scheduler, config) if scheduler else LocalExecutor(config, workers)
