"""Grading under a wall-clock limit in worker processes: one runaway answer never costs the others."""
from __future__ import annotations

from typing import Iterable, Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.render.expressions import expr_latex
from graders.grading import GradeConfig, grade_task
from graders.pairs import PairConfig, compare_pair_task
from graders.verdict import Verdict
from graders.workers.sandbox import TaskOutcome, WorkerPool

PRELOAD = ("sympy", "latex2sympy2_extended", "graders.grading", "graders.pairs")
WARM_UP = "graders.warmup:warm_up"  # a batch's workers pay their first-answer costs before the first answer


def _failed(outcome: TaskOutcome, problem: str, slot: str, max_points: float, timeout: float, raw: str | None,
            reference: str = "") -> Verdict:
    if outcome.status == "timeout":
        return Verdict.timed_out(problem, slot, max_points, timeout, raw, reference, outcome.elapsed_ms)
    return Verdict(problem=problem, slot=slot, status="error", score=0.0, points=0.0, max_points=max_points,
                   reference=reference, method="error", elapsed_ms=outcome.elapsed_ms, raw=raw,
                   feedback=f"The grader failed on this answer ({outcome.error}); other answers are unaffected.")


def _reference_latex(slot: Slot) -> str:
    return expr_latex(slot.reference) + (rf"\,\mathrm{{{slot.unit}}}" if slot.unit else "")


class Grader:
    """A pool of warm workers that grade answers, each under ``config.timeout`` seconds."""

    def __init__(self, config: GradeConfig = GradeConfig(), workers: int = 1, warm: bool = False):
        """``warm``: each worker compares a few fixed pairs at start-up (about 1 s), worth it for a batch."""
        self.config = config
        self.pool = WorkerPool(size=workers, timeout=config.timeout, preload=PRELOAD + ((WARM_UP,) if warm else ()))

    def grade_many(self, problem: str, items: Iterable[tuple[Slot, str]],
                   declared: Mapping[str, sp.Symbol]) -> list[Verdict]:
        """Verdicts for (slot, answer) pairs, in input order."""
        items = list(items)
        outcomes = self.pool.map(grade_task, [(problem, slot, answer, dict(declared), self.config)
                                              for slot, answer in items])
        return [outcome.value if outcome.status == "ok" else
                _failed(outcome, problem, slot.name, slot.points, self.config.timeout, None, _reference_latex(slot))
                for (slot, answer), outcome in zip(items, outcomes)]

    def grade(self, problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol]) -> Verdict:
        """The verdict for one answer."""
        return self.grade_many(problem, [(slot, answer)], declared)[0]

    def compare_many(self, pairs: Iterable[tuple[str, str, str]],
                     config: PairConfig = PairConfig()) -> list[Verdict]:
        """Verdicts for (id, gold, pred) triples, in input order."""
        pairs = list(pairs)
        outcomes = self.pool.map(compare_pair_task, [(pid, gold, pred, config) for pid, gold, pred in pairs])
        return [outcome.value if outcome.status == "ok" else
                _failed(outcome, "compare", str(pid), 1.0, self.config.timeout, pred[:200])
                for (pid, gold, pred), outcome in zip(pairs, outcomes)]

    def close(self) -> None:
        """Stop the workers."""
        self.pool.close()

    def __enter__(self) -> "Grader":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
