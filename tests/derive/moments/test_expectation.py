"""Exact expectations by set partitions (derive.moments.expectation), cross-checked by two independent routes.

Every closed form below was worked out by hand (N(0,1): E x^2 = 1, E x^4 = 3, E x^6 = 15,
E|x| = sqrt(2/pi), E|x|^3 = 2 sqrt(2/pi); Rademacher: every even moment is 1).  Each identity is
asserted three ways:

* exactly, ``sp.simplify(expectation(expr) - closed_form) == 0``;
* by brute force at small dimensions (``check_equal(Expectation(expr), closed_form)`` expands every
  sum and evaluates the expectation monomial by monomial: a route independent of set partitions);
* by seeded Monte Carlo (``derive.simulation.montecarlo.confirm``), independent of both.
"""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derive.equality import brute_force_expectation, check_equal
from derive.moments.expectation import Expectation, NotPolynomialError, expectation
from derive.moments.laws import RADEMACHER, STANDARD_NORMAL
from derive.simulation.montecarlo import confirm
from derive.moments.arrays import fixed_vector, gaussian_matrix, gaussian_vector, random_array
from derive.symbols import dimension, index, sum_over


pi = sp.pi
d, d1, d2 = dimension("d"), dimension("d_1"), dimension("d_2")
j, k = index("j"), index("k")
x, y = gaussian_vector("x", d), gaussian_vector("y", d)
r = random_array("r", (d,), RADEMACHER)
W = gaussian_matrix("W", d2, d1)  # v in R^{d_1} maps to W v in R^{d_2}
v = gaussian_vector("v", d1)
S = gaussian_matrix("S", d, d)  # a square matrix, for traces and diagonals
a = fixed_vector("a", d)


def over_k(summand):
    return sum_over(summand, k, d)


def norm_sq_Wv():
    """||W v||^2 = sum_j (sum_k W_jk v_k)^2."""
    return sum_over(sum_over(W[j, k] * v[k], k, d1) ** 2, j, d2)


# (id, expression, hand-derived closed form, Monte Carlo dimension values)
CASES = [
    # (sum x)^4: the pairings a=b=c=e (d terms, E x^4 = 3) and 3 ways of two distinct pairs (3 d(d-1)).
    ("fourth_power_of_sum", lambda: over_k(x[k]) ** 4, 3 * d**2, [{d: 1}, {d: 6}]),
    # ||x||^4: d E x^4 + d(d-1) (E x^2)^2 = 3d + d^2 - d.
    ("squared_norm_squared", lambda: over_k(x[k] ** 2) ** 2, d**2 + 2 * d, [{d: 3}, {d: 10}]),
    # ||x||_1^2: diagonal E x^2 = 1, off-diagonal (E|x|)^2 = 2/pi.
    ("l1_norm_squared", lambda: over_k(sp.Abs(x[k])) ** 2, d + 2 * d * (d - 1) / pi, [{d: 1}, {d: 8}]),
    # given v, ||Wv||^2 = ||v||^2 chi^2_{d_2}, so E||Wv||^2 = d_1 d_2.
    ("matrix_vector_norm_squared", norm_sq_Wv, d1 * d2, [{d1: 3, d2: 5}]),
    # ||Wv||^2 = ||v||^2 chi^2_{d_2} given v, so E||Wv||^4 = E||v||^4 E[chi^2_{d_2}^2] = (d_1^2+2d_1)(d_2^2+2d_2).
    ("matrix_vector_norm_fourth", lambda: norm_sq_Wv() ** 2, d1 * d2 * (d1 * d2 + 2 * d1 + 2 * d2 + 4),
     [{d1: 3, d2: 2}]),
    # sum_{a,b,c} x_a x_b |x_c| needs a = b: a=b=c gives E|x|^3 (d terms), a=b!=c gives E|x| (d(d-1) terms).
    ("square_of_sum_times_l1", lambda: over_k(x[k]) ** 2 * over_k(sp.Abs(x[k])),
     sp.sqrt(2 / pi) * d * (d + 1), [{d: 4}]),
    # sign(x) x^3 = |x|^3: diagonal E x^6 = 15, off-diagonal (E|x|^3)^2 = 8/pi.
    ("signed_cubes_squared", lambda: over_k(sp.sign(x[k]) * x[k] ** 3) ** 2, 15 * d + 8 * d * (d - 1) / pi,
     [{d: 3}]),
    # signs are independent and centred, sign^2 = 1.
    ("sum_of_signs_squared", lambda: over_k(sp.sign(x[k])) ** 2, d, [{d: 7}]),
    # row sums of W: sum_j (sum_k W_jk)^2 has mean d_2 * d_1.
    ("row_sums_of_matrix_squared", lambda: sum_over(sum_over(W[j, k], k, d1) ** 2, j, d2), d1 * d2,
     [{d1: 4, d2: 3}]),
    # mixed abs and sign: sign(x) x = |x|, so this is ||x||_1^2 again.
    ("l1_times_signed_sum", lambda: over_k(sp.Abs(x[k])) * over_k(sp.sign(x[k]) * x[k]),
     d + 2 * d * (d - 1) / pi, [{d: 5}]),
    # sum_{a,b} sign(x_a) |x_b| x_b: a = b gives E x^2 = 1, a != b gives E sign(x) = 0.
    ("signs_times_abs_weighted", lambda: over_k(sp.sign(x[k])) * over_k(sp.Abs(x[k]) * x[k]), d, [{d: 5}]),
    # two independent vectors: |x_k y_k| has E = 2/pi, (x_k y_k)^2 has E = 1.
    ("abs_products_squared", lambda: over_k(sp.Abs(x[k] * y[k])) ** 2, d + 4 * d * (d - 1) / pi**2, [{d: 4}]),
    ("signs_of_x_times_y_squared", lambda: over_k(sp.sign(x[k]) * y[k]) ** 2, d, [{d: 6}]),
    ("inner_product_squared", lambda: over_k(x[k] * y[k]) ** 2, d, [{d: 6}]),
    # Rademacher: E r^4 = 1, so the diagonal gives d instead of 3d: 3d^2 - 2d.
    ("rademacher_fourth_power_of_sum", lambda: over_k(r[k]) ** 4, 3 * d**2 - 2 * d, [{d: 1}, {d: 5}]),
    # Rademacher times Gaussian: E (r x)^4 = 1 * 3, E (r x)^2 = 1, so 3d + 3d(d-1) = 3d^2.
    ("rademacher_gaussian_products", lambda: over_k(r[k] * x[k]) ** 4, 3 * d**2, [{d: 4}]),
    ("rademacher_abs_is_one", lambda: over_k(sp.Abs(r[k])) ** 2, d**2, [{d: 5}]),
    # odd moments vanish.
    ("third_power_of_sum_vanishes", lambda: over_k(x[k]) ** 3, sp.S.Zero, [{d: 4}]),
    ("sum_times_l1_vanishes", lambda: over_k(x[k]) * over_k(sp.Abs(x[k])), sp.S.Zero, [{d: 4}]),
    # square matrix: E tr(S^2) = sum_k E S_kk^2 = d, and E (tr S)^2 = d.
    ("trace_of_square", lambda: sum_over(sum_over(S[j, k] * S[k, j], k, d), j, d), d, [{d: 4}]),
    ("trace_squared", lambda: over_k(S[k, k]) ** 2, d, [{d: 4}]),
]


@pytest.mark.parametrize("name, build, closed, mc_dims", CASES, ids=[case[0] for case in CASES])
def test_exact_closed_form_brute_force_and_monte_carlo(name, build, closed, mc_dims):
    expr = build()
    got = expectation(expr)
    assert sp.simplify(got - closed) == 0, f"E[{expr}] = {got}, expected {closed}"
    # Independent route: brute-force expectations at small dimensions.
    assert check_equal(Expectation(expr), closed).equal
    for seed, dims in enumerate(mc_dims, start=1):
        check = confirm(expr, closed, dims, samples=40000, seed=seed)
        assert check.passed, (name, dims, check)


def test_expectation_node_doit_and_printing():
    node = Expectation(over_k(x[k] ** 2) ** 2)
    assert sp.simplify(node.doit() - (d**2 + 2 * d)) == 0
    assert str(Expectation(x[k] ** 2)) == "E[x[k]**2]"
    assert sp.latex(Expectation(x[k] ** 2)).startswith(r"\mathbb{E}\left[")


@pytest.mark.parametrize("law, expr_of, value", [
    (STANDARD_NORMAL, lambda t: t**2, 1),
    (STANDARD_NORMAL, lambda t: t**4, 3),
    (STANDARD_NORMAL, lambda t: t**6, 15),
    (STANDARD_NORMAL, lambda t: sp.Abs(t), sp.sqrt(2 / pi)),
    (STANDARD_NORMAL, lambda t: sp.Abs(t) ** 3, 2 * sp.sqrt(2 / pi)),
    (STANDARD_NORMAL, lambda t: t**3, 0),
    (STANDARD_NORMAL, lambda t: sp.sign(t), 0),
    (STANDARD_NORMAL, lambda t: sp.sign(t) * t, sp.sqrt(2 / pi)),
    (RADEMACHER, lambda t: t**4, 1),
    (RADEMACHER, lambda t: sp.Abs(t) ** 3, 1),
    (RADEMACHER, lambda t: t**3, 0),
])
def test_single_entry_moments(law, expr_of, value):
    t = random_array("t", (d,), law)
    # j is a free (given) index: fine, since it is the only entry.
    assert sp.simplify(expectation(expr_of(t[j])) - value) == 0


def test_free_index_shared_by_every_entry_is_allowed():
    # E[sum_k W_jk^2] for a given row j: every entry has the same row index.
    assert expectation(sum_over(W[j, k] ** 2, k, d1)) == d1
    assert expectation(x[j] ** 2 * y[j] ** 2) == 1


def test_fixed_vector_second_moment():
    expr = over_k(a[k] * x[k]) ** 2
    got = expectation(expr)
    closed = over_k(a[k] ** 2)
    # The result is a Sum over a: compare as functions of a (random points) rather than syntactically.
    assert isinstance(got, sp.Sum) and not got.atoms(Expectation)
    assert check_equal(got, closed).equal
    assert not check_equal(got, closed + 1).equal
    assert confirm(expr, closed, {d: 5}, seed=11).passed
    given = {a: np.array([1.0, -2.0, 0.5])}
    check = confirm(expr, closed, {d: 3}, seed=12, fixed=given)
    assert check.passed and check.closed_form_value == pytest.approx(1 + 4 + 0.25)


def test_fixed_vector_fourth_moment_and_abs():
    sa2, sa = over_k(a[k] ** 2), over_k(a[k])
    assert check_equal(expectation(over_k(a[k] * x[k]) ** 4), 3 * sa2**2).equal
    # Off-diagonal pairs are summed over k != k': (sum a)^2 - sum a^2.
    closed = sa2 + 2 / pi * (sa**2 - sa2)
    expr = over_k(a[k] * sp.Abs(x[k])) ** 2
    assert check_equal(expectation(expr), closed).equal
    assert not check_equal(expectation(expr), sa2 + 2 / pi * sa**2).equal
    assert confirm(expr, closed, {d: 5}, seed=13).passed


def test_non_random_expression_is_its_own_expectation():
    assert expectation(d**2 + 1) == d**2 + 1
    assert expectation(sp.Integer(7)) == 7
    fixed = over_k(a[k] ** 2)
    assert expectation(fixed) == fixed


def test_monte_carlo_rejects_a_wrong_closed_form():
    # The cross-check has teeth: E[(sum x)^4] = 3 d^2, not the E[||x||^4] = d^2 + 2d of a sloppy derivation.
    expr = over_k(x[k]) ** 4
    assert confirm(expr, 3 * d**2, {d: 6}, samples=40000, seed=1).passed
    assert not confirm(expr, d**2 + 2 * d, {d: 6}, samples=40000, seed=1).passed
    assert sp.simplify(expectation(expr) - (d**2 + 2 * d)) != 0


def test_brute_force_agrees_on_small_concrete_cases_of_norm_fourth():
    expr = norm_sq_Wv() ** 2
    closed = d1 * d2 * (d1 * d2 + 2 * d1 + 2 * d2 + 4)
    for n1, n2 in [(1, 1), (2, 1), (1, 2), (2, 2), (3, 2)]:
        values = {d1: n1, d2: n2}
        assert brute_force_expectation(expr.xreplace(values)) == closed.xreplace(values)


# ---------------------------------------------------------------------------------------- error paths


@pytest.mark.parametrize("build", [
    lambda: sp.sqrt(over_k(x[k] ** 2)),             # a square root of a sum
    lambda: sp.exp(x[k]),                           # exp of an entry
    lambda: over_k(sp.exp(x[k])),
    lambda: sp.Abs(over_k(x[k])),                   # abs of a sum
    lambda: sp.sign(over_k(x[k])),                  # sign of a sum
    lambda: 1 / x[k],                               # negative power
    lambda: sp.sqrt(sp.Abs(x[k])),                  # fractional power
    lambda: over_k(x[k]) ** 11,                     # past the supported degree (11 indices in one term)
], ids=["sqrt_of_sum", "exp_entry", "sum_of_exp", "abs_of_sum", "sign_of_sum", "inverse", "fractional_power",
        "degree_11"])
def test_not_polynomial(build):
    with pytest.raises(NotPolynomialError):
        expectation(build())


def test_free_index_that_may_coincide_with_a_summed_one_is_refused():
    # E[x_j sum_k x_k] is 1, but only because k runs over j: the engine must not guess whether x_j is among x_k.
    with pytest.raises(NotPolynomialError, match="not summed over"):
        expectation(x[j] * over_k(x[k]))
    with pytest.raises(NotPolynomialError):
        expectation(x[j] * x[k])  # two free indices: equal or not is unknown


def test_different_ranges_on_the_same_slot_are_refused():
    with pytest.raises(NotPolynomialError, match="different ranges"):
        expectation(over_k(x[k]) * sum_over(x[k], k, d2))


def test_not_polynomial_error_is_a_value_error():
    assert issubclass(NotPolynomialError, ValueError)


# ---------------------------------------------------------------------------------------- known bugs


def test_concrete_distinct_entries():
    x2 = gaussian_vector("x", 2)
    assert brute_force_expectation(x2[1] ** 2 * x2[2] ** 2) == 1  # the brute-force route handles it
    assert expectation(x2[1] ** 2 * x2[2] ** 2) == 1
    assert expectation(x2[1] * x2[2]) == 0


def test_triangular_sum():
    expr = sp.Sum(sp.Sum(x[k] ** 2, (k, 1, j)), (j, 1, d))
    try:
        got = expectation(expr)
    except NotPolynomialError:
        return  # refusing is acceptable too
    assert not got.free_symbols - {d}, f"got {got}"
    assert sp.simplify(got - d * (d + 1) / 2) == 0


def test_fixed_vector_that_may_have_zero_entries():
    h = fixed_vector("h", d, nonzero=False)
    assert h[1].is_zero is not True
    assert sp.Abs(h[k]) != 0
    assert check_equal(expectation(over_k(sp.Abs(h[k]) * x[k]) ** 2), over_k(h[k] ** 2)).equal


def test_same_name_arrays_can_meet():
    first, second = gaussian_vector("x", d), gaussian_vector("x", d)
    assert first == second and first.label is not second.label
    product = first[1] * second[2]  # raises TypeError today
    assert product == second[2] * first[1]
    assert check_equal(over_k(first[k]) ** 2, over_k(second[k]) ** 2).equal
