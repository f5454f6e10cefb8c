"""Formulas that agree to many digits at every point but are not equal: never accepted; identities whose
sides agree only to rounding stay accepted."""
from __future__ import annotations

import pytest

from graders import compare


@pytest.mark.parametrize("reference, answer", [
    (r"y - e^{64}", r"b - e^{64}"),  # a large common term hides the difference
    ("x", "x + 10^{-30}"),
    ("x", r"x + e^{-10^4}"),
    ("x", r"x + 10^{-40}/d_1"),
    (r"e^{100} x", r"e^{100} x + 1"),
    (r"d_1 + \frac{2}{\pi} d_1 (d_1 - 1)", r"d_1 + \frac{2}{\pi} d_1 (d_1 - 1) + 10^{-25}"),
])
def test_a_tiny_difference_is_a_difference(reference: str, answer: str) -> None:
    verdict = compare(reference, answer)
    assert verdict.status == "incorrect", verdict.feedback
    assert "difference of" in verdict.feedback or "values differ" in verdict.feedback


@pytest.mark.parametrize("reference, answer", [
    (r"\sin^2 x + \cos^2 x", "1"),
    (r"\log(x^2+1)", r"\log(2x^2+2) - \log 2"),
    (r"e^{64} (x + 1)", r"e^{64} x + e^{64}"),
    (r"\sqrt{2}\sqrt{3} x", r"\sqrt{6} x"),
    (r"\cosh^2 x - \sinh^2 x", "1"),
    (r"(1 + \sqrt{5})^2 x", r"(6 + 2\sqrt{5}) x"),
    (r"\sum_{k=1}^{n} k", "n(n+1)/2"),  # a sum's difference is not evaluated again (seconds of quadrature)
])
def test_identities_with_rounding_in_their_sides_stay_equal(reference: str, answer: str) -> None:
    verdict = compare(reference, answer)
    assert verdict.status == "correct", verdict.feedback
