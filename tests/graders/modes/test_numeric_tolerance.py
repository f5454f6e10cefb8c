"""A stated numeric tolerance is the whole rule: met at its edge, and not loosened by the digits written."""
from __future__ import annotations

import pytest

from graders import compare
from graders.modes.equivalence import CompareConfig


@pytest.mark.parametrize("reference, answer, tolerance, status", [
    ("1", "0.95", {"rel_tol": 0.05}, "correct"),  # at the edge, whatever the binary rounding of 0.95
    ("1", "0.949", {"rel_tol": 0.05}, "incorrect"),
    ("1e-33", "0.95e-33", {"rel_tol": 0.05}, "correct"),
    ("1", "1.05", {"abs_tol": 0.05}, "correct"),
    ("1", "1.051", {"abs_tol": 0.05}, "incorrect"),
    ("pi", "3.14", {"abs_tol": 0.001}, "incorrect"),  # 3.14 is pi to its digits, but not within 0.001
    ("pi", "3.1416", {"abs_tol": 0.001}, "correct"),
    ("pi", "3.14", {}, "correct"),  # no stated tolerance: rounded to the digits written is accepted
    ("pi", "3.15", {}, "incorrect"),
])
def test_stated_tolerances(reference: str, answer: str, tolerance: dict, status: str) -> None:
    verdict = compare(reference, answer, mode="numeric", compare=CompareConfig(min_exact_digits=2, **tolerance))
    assert verdict.status == status, verdict.feedback


@pytest.mark.parametrize("reference, answer, tolerance, status", [
    ("[pi, sqrt(2)]", "[3.141, 1.414]", {"rel_tol": 0.05}, "correct"),
    ("[pi, sqrt(2)]", "[1.414, 3.141]", {"rel_tol": 0.05}, "incorrect"),  # a list keeps its order
    ("[pi, sqrt(2)]", "[3, 1.414]", {"rel_tol": 0.01}, "incorrect"),
    ("{pi, sqrt(2)}", "{1.414, 3.1}", {"rel_tol": 0.1}, "correct"),  # a set is matched in any order
    ("{-1, 2, 3}", "{-1.1, 2, 3}", {"rel_tol": 0.01}, "incorrect"),
    ("{pi, sqrt(2)}", "[3.141, 1.414]", {"rel_tol": 0.01}, "incorrect"),  # a list is not a set
    ("[1, 2]", "1", {"rel_tol": 0.05}, "incorrect"),
    ("{1, 2}", "{2, 2}", {"rel_tol": 0.05}, "incorrect"),
])
def test_lists_and_sets_of_numbers(reference: str, answer: str, tolerance: dict, status: str) -> None:
    verdict = compare(reference, answer, mode="numeric", compare=CompareConfig(min_exact_digits=2, **tolerance))
    assert verdict.status == status, verdict.feedback
