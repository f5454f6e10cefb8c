"""Grading hw3 answers: the verdicts an instructor expects, each explained."""
from __future__ import annotations

import pytest

from bank import grade


@pytest.mark.parametrize("part_id,slot,answer,status,method_prefix", [
    ("hw3/1b", "expected_rms_sq", r"d_1\left(1-\frac{2}{\pi}\right)+\frac{2}{\pi}d_1^2", "correct", "exact"),
    ("hw3/1b", "expected_rms_sq", r"d_1 + \frac{2}{\pi} d_1 (d_1-1)", "correct", "exact"),
    ("hw3/1b", "expected_rms_sq", "d1(1−2/π)+(2/π)d1²", "correct", "exact"),
    ("hw3/1b", "constant", r"\frac{\sqrt{\pi/2}}{d_1}", "correct", "exact"),
    ("hw3/1b", "constant", r"1/\sqrt{d_1(1-2/\pi)+2d_1^2/\pi}", "correct", "alternate"),
    ("hw3/1b", "constant", "√(π/2)/d1", "correct", "exact"),
    ("hw3/1b", "constant", r"\frac{1}{d_1}", "partial", "misconception"),
    ("hw3/1b", "scaling", r"\Theta(d_1^2)", "correct", "order"),
    ("hw3/1b", "scaling", "quadratically in d_1, independent of d_2", "correct", "order"),
    ("hw3/1b", "scaling", r"\Theta(d_1)", "incorrect", "order"),
    ("hw3/1a", "expected_rms_sq", "d_1", "correct", "exact"),
    ("hw3/1a", "scaling", "It scales linearly with the input dimension $d_1$, not with $d_2$.", "correct", "order"),
    ("hw3/1a", "constant", "1/√d1", "correct", "exact"),
    ("hw3/1a", "constant", r"\alpha = \frac{1}{\sqrt{d_1}}", "correct", "exact"),
    ("hw3/1a", "constant", r"\frac{1}{d_1}", "incorrect", "misconception"),
    ("hw3/5a", "fwd_ops", "20", "correct", "numeric"),
    ("hw3/5a", "fwd_ops", "30", "incorrect", "misconception"),
    ("hw3/5b", "loadmem_ops", "10", "correct", "numeric"),
    ("hw3/5c", "loaddisk_ns", r"50\,\text{ns}", "correct", "numeric"),
    ("hw3/5c", "loaddisk_ns", r"5\times10^{-8}\,\mathrm{s}", "correct", "numeric"),
    ("hw3/5c", "loaddisk_ns", r"0.05 \mu s", "correct", "numeric"),
    ("hw3/5c", "loaddisk_ns", r"t\le 50 ns", "correct", "alternate"),
    ("hw3/5c", "loaddisk_ns", r"t \leq 50\,\text{ns}", "correct", "alternate"),
    ("hw3/5c", "loaddisk_ns", r"500\,\text{ns}", "incorrect", "misconception"),
    ("hw3/5c", "loaddisk_ns", r"t \ge 50\,\text{ns}", "incorrect", "numeric"),
    ("hw3/5c", "loaddisk_ns", "50", "correct", "numeric"),
])
def test_verdicts(part_id, slot, answer, status, method_prefix):
    verdict = grade(part_id, slot, answer)
    assert (verdict.status, verdict.method.split(":")[0]) == (status, method_prefix), verdict
    assert verdict.reference and verdict.feedback
    assert verdict.interpreted_as or status == "unparseable"
    assert verdict.points == pytest.approx(verdict.score * verdict.max_points)


def test_variance_misconception_names_the_variance():
    verdict = grade("hw3/1b", "expected_rms_sq", r"(1-\frac{2}{\pi})d_1")
    assert verdict.status == "incorrect" and "variance" in verdict.feedback.lower()


def test_factor_d2_misconception():
    verdict = grade("hw3/1b", "expected_rms_sq", r"d_2\left(d_1 + \frac{2}{\pi}d_1(d_1-1)\right)")
    assert verdict.status == "incorrect" and "d_2" in verdict.feedback


def test_huge_powers_differ_by_one_exponent():
    verdict = grade("hw3/5a", "fwd_ops", r"2^{99}/2^{98}\cdot 10")
    assert verdict.status == "correct"
    verdict = grade("hw3/5a", "fwd_ops", r"2^{98}/2^{99}\cdot 10")
    assert verdict.status == "incorrect"


def test_missing_unit_is_read_as_the_slots_unit_and_said():
    verdict = grade("hw3/5c", "loaddisk_ns", "50")
    assert "ns" in verdict.feedback


def test_decimal_approximation_is_accepted_with_a_note():
    verdict = grade("hw3/1b", "constant", "1.2533141/d_1")
    assert verdict.status == "correct" and "exact" in verdict.feedback


def test_unreadable_answer():
    verdict = grade("hw3/1b", "expected_rms_sq", r"\frac{1}{")
    assert verdict.status == "unparseable" and verdict.score == 0 and verdict.feedback


def test_verdict_json_has_the_design_fields():
    data = grade("hw3/1b", "expected_rms_sq", "d_1").to_json()
    assert set(data) >= {"problem", "slot", "status", "score", "points", "max_points", "interpreted_as",
                         "reference", "method", "feedback", "elapsed_ms"}


@pytest.mark.parametrize("answer,status", [(r"\le 50\ \text{ns}", "correct"), (r"\ge 50\,\text{ns}", "incorrect")])
def test_a_bound_without_a_left_side(answer, status):
    verdict = grade("hw3/5c", "loaddisk_ns", answer)
    assert verdict.status == status and verdict.interpreted_as.startswith(("\\le", "\\ge"))


@pytest.mark.parametrize("part_id,slot,answer,status", [
    # Decimals claim only the digits written: half a unit in the last place.
    ("hw3/1b", "expected_rms_sq", "d_1 + 0.5 d_1(d_1-1)", "incorrect"),
    ("hw3/1b", "expected_rms_sq", "d_1 + 0.64 d_1(d_1-1)", "incorrect"),  # two digits cannot stand for 2/pi
    ("hw3/1b", "expected_rms_sq", "d_1 + 0.6366 d_1(d_1-1)", "correct"),
    ("hw3/1b", "constant", "1.2/d_1", "partial"),
    ("hw3/5c", "loaddisk_ns", "0.049 μs", "incorrect"),
    ("hw3/5c", "loaddisk_ns", "0.1 μs", "incorrect"),
    ("hw3/5c", "loaddisk_ns", "0.05 μs", "correct"),
    # The left side of an equation counts.
    ("hw3/1a", "constant", r"d_2 = 1/\sqrt{d_1}", "incorrect"),
    ("hw3/1a", "constant", r"c^2 = 1/d_1", "correct"),
    ("hw3/1a", "constant", r"c^2 d_1 = 1", "correct"),
    ("hw3/1a", "expected_rms_sq", "c = d_1", "incorrect"),
    # Growth: a formula completed by words, and negations.
    ("hw3/1b", "scaling", r"\Theta(d_1^2), independent of d_2", "correct"),
    ("hw3/1b", "scaling", "It grows like d_1^2 and is independent of d_2.", "correct"),
    # a denial states no growth rate, and its words are not read as a product of letters
    ("hw3/1b", "scaling", "not quadratic in d_1", "unparseable"),
    # Unicode subscripts and a bare pi inside LaTeX.
    ("hw3/1a", "constant", r"\frac{1}{\sqrt{d₁}}", "correct"),
    ("hw3/1b", "expected_rms_sq", r"d_1 + \frac{2}{pi} d_1 (d_1-1)", "correct"),
    # A negative constant is wrong, not "missing its factor".
    ("hw3/1b", "constant", "-1/d_1", "incorrect"),
])
def test_review_cases(part_id, slot, answer, status):
    assert grade(part_id, slot, answer).status == status


@pytest.mark.parametrize("answer", [r"\int x dx", r"\frac{d}{dx} x^2", r"\begin{pmatrix}1&2\\3&4\end{pmatrix}"])
def test_answers_sympy_cannot_combine_still_get_a_verdict(answer):
    verdict = grade("hw3/1b", "expected_rms_sq", answer)
    assert verdict.status in {"error", "needs_review", "incorrect", "unparseable"} and verdict.reference
