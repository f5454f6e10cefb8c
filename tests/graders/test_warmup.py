"""Warming a worker: the fixed pairs run without fault, and a warm pool grades like a cold one."""
from __future__ import annotations

import pytest

from graders.pairs import PairConfig, compare_pair
from graders.warmup import WARM_UP_PAIRS, warm_up
from graders.workers.pool import Grader


@pytest.mark.parametrize("reference, answer", WARM_UP_PAIRS)
def test_every_warm_up_pair_gets_a_verdict(reference: str, answer: str) -> None:
    """A warm-up pair that errors would warm nothing past the error."""
    verdict = compare_pair("warm-up", reference, answer, PairConfig())
    assert verdict.status in ("correct", "incorrect", "needs_review", "unparseable"), verdict.feedback


def test_warm_up_runs_in_process() -> None:
    warm_up()


def test_a_warm_pool_grades_like_a_cold_one() -> None:
    pairs = [("1", r"\frac{1}{2}", "0.5"), ("2", "x^2", "x*x*x"), ("3", "1/0", "2/0")]
    with Grader(warm=True) as warm, Grader(warm=False) as cold:
        warm_statuses = [verdict.status for verdict in warm.compare_many(pairs)]
        cold_statuses = [verdict.status for verdict in cold.compare_many(pairs)]
    assert warm_statuses == cold_statuses
    assert warm_statuses[:2] == ["correct", "incorrect"] and warm_statuses[2] != "correct"
