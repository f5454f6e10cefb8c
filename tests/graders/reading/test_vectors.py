"""Vector and matrix notation read as the entry a reference names; products, not calls; coinciding indices."""
from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import dimension, fixed_vector, index
from derive.sums import coinciding_indices
from graders.modes.equivalence import compare_exact
from graders.reading.answer import read_answer
from graders.reading.names import bind_entries, bind_symbols
from graders.reading.vectors import IndexFrame, index_frame, to_index_notation, whole_ranges

K = dimension("K")
j, m = index("j"), index("m")
p, y, x = fixed_vector("p", K), fixed_vector("y", K), fixed_vector("x", K)
VECTOR = IndexFrame(("p", "x", "y", "z"), ("j",))
MATRIX = IndexFrame(("p", "y"), ("j", "m"))


@pytest.mark.parametrize("text, entry", [
    ("p - y", "p_{j} - y_{j}"),
    (r"\mathbf{p} - \mathbf{y}", "p_{j} - y_{j}"),
    (r"p \odot y", "(p_{j} y_{j})"),
    (r"p_j - y_j", "p_j - y_j"),  # already an entry: untouched
    (r"\operatorname{softmax}(z)_j", r"\frac{e^{z_{j}}}{\sum_{i=1}^{\mathrm{wholerange}} e^{z_{i}}}"),
    (r"\|x\|^2", r"\left(\sum_{i=1}^{\mathrm{wholerange}} x_{i}^{2}\right)"),
    (r"\lVert x \rVert", r"\sqrt{\sum_{i=1}^{\mathrm{wholerange}} x_{i}^{2}}"),
    (r"\|x\|_2^2", r"\left(\sum_{i=1}^{\mathrm{wholerange}} x_{i}^{2}\right)"),
    (r"\|x\|_1^2", r"\left(\sum_{i=1}^{\mathrm{wholerange}} \left|x_{i}\right|\right)^2"),
    (r"\|x\|^2_2", r"\left(\sum_{i=1}^{\mathrm{wholerange}} x_{i}^{2}\right)"),
    (r"\left\| x \right\|^2", r"\left(\sum_{i=1}^{\mathrm{wholerange}} x_{i}^{2}\right)"),
    (r"x^\top x", r"\left(\sum_{i=1}^{\mathrm{wholerange}} x_{i} x_{i}\right)"),
    (r"\nabla_z", r"\nabla_z"),  # a subscript is not a vector
    (r"\|x\|_\infty", r"\|x\|_\infty"),
    (r"\sum_k x_k^2", r"\sum_{k=1}^{\mathrm{wholerange}} x_k^2"),
    (r"\sum_{k=1}^{n} x_k^2", r"\sum_{k=1}^{n} x_k^2"),
    (r"\pi p", r"\pi p_{j}"),  # a command is not a vector name
])
def test_vector_spellings_become_entries(text, entry):
    assert to_index_notation(text, VECTOR) == entry


@pytest.mark.parametrize("text, entry", [
    (r"\operatorname{diag}(p) - pp^\top", r"(p_{j} \delta_{jm}) - (p_{j} p_{m})"),
    (r"\mathrm{diag}(p) - p\,p^{T}", r"(p_{j} \delta_{jm}) - (p_{j} p_{m})"),
    (r"p \otimes y", r"(p_{j} y_{m})"),
    (r"I - p y^\intercal", r"\delta_{jm} - (p_{j} y_{m})"),
    (r"\mathbb{I}_{K} - p*p^t", r"\delta_{jm} - (p_{j} p_{m})"),
    (r"p {p}^{\!\top} + p ⊗ y + p p'", r"(p_{j} p_{m}) + (p_{j} y_{m}) + (p_{j} p_{m})"),
    (r"\operatorname{blockdiag}(p)", r"\operatorname{blockdiag}(p)"),
    (r"p - y", "p - y"),  # a vector is not a matrix entry: left for the reader to refuse
])
def test_matrix_spellings_become_entries(text, entry):
    assert to_index_notation(text, MATRIX) == entry


def test_a_frame_comes_from_the_reference_and_orders_indices_as_declared():
    frame = index_frame([p[j] * sp.KroneckerDelta(j, m) - p[j] * p[m]], {"K": K, "m": m, "j": j})
    assert frame == IndexFrame(("p",), ("m", "j"))
    assert index_frame([sp.Symbol("a") + 1], {}) is None


def test_an_unranged_sum_is_left_alone_when_followed_by_its_upper_limit():
    assert whole_ranges(r"\sum_k^{n} x_k") == r"\sum_k^{n} x_k"


@settings(max_examples=40, deadline=None)
@given(first=st.integers(-9, 9), second=st.integers(-9, 9), hadamard=st.booleans())
def test_a_combination_of_vectors_reads_as_the_same_combination_of_entries(first, second, hadamard):
    term = r"p \odot y" if hadamard else "y"
    text = to_index_notation(f"{first} p + {second} {term}", VECTOR)
    declared = {"j": j}
    value = read_answer(text, declared).value
    value = bind_entries(value, {p, y}, {"j": j})
    expected = first * p[j] + second * (p[j] * y[j] if hadamard else y[j])
    assert sp.expand(value - expected) == 0


def test_a_declared_symbol_before_parentheses_is_a_product():
    declared = {"p": sp.Symbol("p", positive=True), "n": sp.Symbol("n", positive=True, integer=True)}
    value = read_answer("p(1-p)/n", declared).value
    assert sp.simplify(value - declared["p"] * (1 - declared["p"]) / declared["n"]) == 0
    assert read_answer("f(1-p)", declared).value.has(sp.Function("f"))  # an undeclared name is still a call


def test_juxtaposed_declared_letters_are_a_product_only_when_the_name_is_not_declared():
    n_, p_ = sp.Symbol("n", positive=True), sp.Symbol("p", positive=True)
    assert bind_symbols(sp.Symbol("np"), {"n": n_, "p": p_}) == n_ * p_
    np_ = sp.Symbol("np")
    assert bind_symbols(np_, {"n": n_, "p": p_, "np": np_}) == np_
    assert bind_symbols(sp.Symbol("nq"), {"n": n_, "p": p_}) == sp.Symbol("nq")


def test_coinciding_indices_decide_delta_answers():
    reference = p[j] * sp.KroneckerDelta(j, m) - p[j] * p[m]
    assert coinciding_indices(reference) == [{m: j}]
    assert compare_exact(-p[j] * p[m], reference).outcome == "different"
    assert compare_exact(p[j] * (sp.KroneckerDelta(j, m) - p[m]), reference).equal


def test_a_finite_sum_is_written_out_before_it_is_evaluated():
    beta, mu = sp.Symbol("beta", positive=True), sp.Symbol("mu", real=True)
    t, i = sp.Symbol("t", integer=True, positive=True), sp.Symbol("i")
    summed = (1 - beta) * sp.Sum(beta ** (t - i) * mu, (i, 1, t))
    assert compare_exact(summed, mu * (1 - beta**t)).equal
