"""Functions the grader does not know: a one-letter name applied to arguments is an arbitrary function
(sampled as a random smooth function, so laws of algebra hold and nothing else does); a longer unknown
name is read but never decided."""
from __future__ import annotations

import pytest

from graders import compare


@pytest.mark.parametrize("reference, answer, status", [
    ("2 f(x)", "f(x)+f(x)", "correct"),
    ("g(x)^2", "g(x)*g(x)", "correct"),
    (r"\frac{d}{dx} f(x)^2", "2 f(x) f'(x)", "correct"),
    (r"\frac{d}{dx} f(x)^3", "3 f(x)^2 f'(x)", "correct"),
    ("2 f(x)", "f(2x)", "incorrect"),
    ("F(k-3)", "F(k)-3", "incorrect"),
    ("f(x) g(x)", "g(f(x))", "incorrect"),
    ("f(x)", "f(y)", "incorrect"),
    (r"\frac{d}{dx} f(x)^2", "2 f'(x)", "incorrect"),
])
def test_arbitrary_functions_obey_algebra_only(reference: str, answer: str, status: str) -> None:
    verdict = compare(reference, answer)
    assert verdict.status == status, verdict.feedback


def test_a_differential_beside_its_variable_is_not_sampled_as_a_function() -> None:
    """`d(x)` next to x may be a differential: the grader does not guess a random function for it."""
    verdict = compare("d(x) x", "x d(x)")
    assert verdict.status in ("correct", "needs_review")
    assert compare("d(x) x", "2 d(x) x").status != "correct"


def test_a_second_derivative_written_two_ways_is_left_to_a_person() -> None:
    verdict = compare("f''(x)", r"\frac{d^2}{dx^2} f(x)")
    assert verdict.status == "needs_review"


def test_an_unknown_named_function_is_named_in_the_feedback() -> None:
    verdict = compare("1500", "scientific_notation(1500,3)")
    assert verdict.status == "needs_review"
    assert "scientific_notation is not a function the grader knows" in verdict.feedback


@pytest.mark.parametrize("reference, answer, status", [
    ("epsilon[0]", "epsilon[1]", "incorrect"),
    ("x[1] + x[2]", "x[2] + x[1]", "correct"),
    ("2*a[1]", "a[1] + a[1]", "correct"),
    ("x[1]", "x_1", "incorrect"),  # STACK: a subscripted list element is not the name x_1
])
def test_maxima_subscripts_are_names_of_their_own(reference: str, answer: str, status: str) -> None:
    verdict = compare(reference, answer)
    assert verdict.status == status, verdict.feedback
