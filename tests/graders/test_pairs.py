"""compare on (reference, answer) pairs: the shapes answers come in, and the verdict for each."""
from __future__ import annotations

import pytest

from graders.pairs import final_answer_text, compare_pair, normalize_number_text


@pytest.mark.parametrize("gold,pred", [
    ("x^2+2x+1", "(x+1)^2"),
    (r"\frac{1}{2}", "0.5"),
    (r"\frac{\sqrt{\pi/2}}{d_1}", r"\sqrt{\frac{\pi}{2}}\cdot\frac{1}{d_1}"),
    ("1000", "1 000"),
    ("12000023", "The final answer is 12,000,023. I hope it is correct."),
    ("0,111", "0.111"),
    (r"$28\%$", "28 percent"),
    ("x = 11", "11"),
    ("11", "x = 11"),
    (r"x \in [-2, 7]", r"-2 \le x \le 7"),
    ("$-793 < a < 10$", "$(-793, 10)$"),
    ("$x < 1$", "$-x > -1$"),
    ("$x^2/4 + y^2/3 = 1$", "$x^2/16 + y^2/12 = 1/4$"),
    ("y=1-x", "x+y=1"),
    ("x=2 or x=-2", "x^2=4"),
    ("a*b=0", "a=0 or b=0"),
    ("not(A or B)", "not(A) and not(B)"),
    ("C=B and A", "A and B=C"),
    ("false", "x>1 and x<-1"),
    ("$$(2, 2), (6, 2)$$", r"$$\boxed{(2, 2)} \quad \text{and} \quad \boxed{(6, 2)}$$"),
    (r"x_{1}=\frac{1}{2}, \quad x_{2}=3", r"$\boxed{3} \quad \text{and} \quad \boxed{\frac{1}{2}}$"),
    (r"\begin{pmatrix}6 & 8 \\ 10 & 12\end{pmatrix}",
     r"\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix} + \begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}"),
    (r"50\,\mathrm{ns}", r"5\times 10^{-8}\,\mathrm{s}"),
    ("2*sinh(1)", "e^1-e^(-1)"),
])
def test_equivalent_pairs(gold, pred):
    verdict = compare_pair("t", gold, pred)
    assert verdict.status == "correct", verdict


@pytest.mark.parametrize("gold,pred", [
    ("2^{-99}", "2^{-98}"),
    ("$(3,1)$", "${1,3}$"),
    ("$a + 3z = 0$", "$0$"),
    ("x", "X"),
    ("x", "sqrt(x^2)"),
    ("x < 1", "x > 1"),
    ("x < 1", "x <= 1"),
    ("2", "AZYUK2A"),
    (r"\begin{pmatrix}1 & 0\\0 & 1\end{pmatrix}", r"\begin{pmatrix}1 & 0\end{pmatrix}"),
    ("A and B", "A or B"),
    ("50 ns", "500 ns"),
])
def test_different_pairs(gold, pred):
    verdict = compare_pair("t", gold, pred)
    assert verdict.status == "incorrect", verdict


def test_unreadable_answer_and_reference():
    assert compare_pair("t", "1", "__import__('os')").status == "unparseable"
    assert compare_pair("t", r"\frac{1}{", "1").status == "error"


def test_verdict_explains_itself():
    verdict = compare_pair("t", r"\frac{1}{2}", r"So the answer is $\boxed{0.5}$.")
    assert verdict.interpreted_as == "0.5" and verdict.reference == r"\frac{1}{2}"
    assert verdict.method and verdict.feedback and verdict.raw


def test_joined_boxes_and_number_normalisation():
    assert final_answer_text(r"\boxed{1} and \boxed{2}") == r"\{1, 2\}"
    assert final_answer_text(r"\boxed{k = 4} \quad \text{and} \quad \boxed{n = 2}") == "k = 4, n = 2"
    assert normalize_number_text("1,000.99", True) == "1000.99"
    assert normalize_number_text("2,74", True) == "2.74"
    assert normalize_number_text("32, 349", False) == "32, 349"  # a list, not a thousands group


@pytest.mark.parametrize("gold,pred,status", [
    ("1/3", "0.3", "incorrect"), ("1/3", "0.33", "correct"), ("100", "99.9", "incorrect"),
    ("2e-9 s", "1e-9 s", "incorrect"), ("(3/5, 8/3]", "(0.6, 2.6667]", "correct"),
])
def test_decimals_claim_their_written_digits(gold, pred, status):
    assert compare_pair("t", gold, pred).status == status
