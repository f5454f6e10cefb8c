"""check_equal: syntactic / simplify / random-point verdicts, and brute-force expectations."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.equality import Comparison, EqualityConfig, brute_force_expectation, check_equal, identity_test
from derive.moments.expectation import Expectation
from derive.moments.laws import RADEMACHER
from derive.moments.arrays import fixed_vector, gaussian_vector, random_array
from derive.sums import DistinctSum
from derive.symbols import dimension, index, scale, sum_over


pi = sp.pi
d, d1, d2 = dimension("d"), dimension("d_1"), dimension("d_2")
j, k, kp = index("j"), index("k"), index("k'")
c = scale("c")
x = gaussian_vector("x", d)
z = sp.Symbol("z", real=True)


# ------------------------------------------------------------------------------ verdicts and methods


def test_identical_expressions_are_equal_syntactically():
    expr = sum_over(sp.Abs(x[k]), k, d) ** 2
    check = check_equal(expr, expr)
    assert isinstance(check, Comparison)
    assert (check.outcome, check.method, check.equal) == ("equal", "syntactic", True)


@pytest.mark.parametrize("lhs, rhs", [
    (d * (d - 1) + d, d**2),
    (sp.sin(c) ** 2 + sp.cos(c) ** 2, 1),
    ((d1 + d2) ** 2, d1**2 + 2 * d1 * d2 + d2**2),
    (sp.sqrt(2 / pi) * d * (d + 1), sp.sqrt(2) * (d**2 + d) / sp.sqrt(pi)),
])
def test_concrete_identities_are_equal_by_simplify(lhs, rhs):
    check = check_equal(lhs, rhs)
    assert check.equal and check.method == "simplify"


@pytest.mark.parametrize("lhs, rhs", [
    (d**2, d**2 + d),
    (d + 2 * d * (d - 1) / pi, d + d * (d - 1) / pi),
    (c**2, c),
    (sp.Abs(z), z),          # false for negative z: the random points include negative reals
    (sp.sqrt(z**2), z),
])
def test_concrete_non_identities_are_different_at_random_points(lhs, rhs):
    check = check_equal(lhs, rhs)
    assert check.outcome == "different" and not check.equal
    assert check.method == "random-points"
    assert "differ" in check.detail


def test_without_simplify_the_random_points_decide():
    check = check_equal(d * (d - 1) + d, d**2, EqualityConfig(simplify=False))
    assert check.equal and check.method == "random-points"
    assert "random points" in check.detail


def test_random_points_detail_names_the_dimensions_tried():
    check = check_equal(Expectation(sum_over(x[k] ** 2, k, d)), d)
    assert check.equal and check.method == "random-points"
    assert check.detail == "6 random points, dimensions in [1, 2, 3, 4, 5, 6]"


def test_check_config_max_dimension_controls_the_dimensions_tried():
    check = check_equal(Expectation(sum_over(x[k] ** 2, k, d)), d, EqualityConfig(max_dimension=2))
    assert check.equal and check.detail.endswith("[1, 2]")


# ------------------------------------------------------------------------- sums and expectations


L1_SQ = d + 2 * d * (d - 1) / pi


def test_expectation_of_l1_norm_squared_equal():
    lhs = Expectation(sum_over(sp.Abs(x[k]), k, d) ** 2)
    assert check_equal(lhs, L1_SQ).equal
    assert check_equal(L1_SQ, lhs).equal  # symmetric


@pytest.mark.parametrize("wrong", [L1_SQ + 1, d + d * (d - 1) / pi, d**2, 2 * d * (d - 1) / pi],
                         ids=["plus_one", "missing_factor_two", "d_squared", "no_diagonal"])
def test_expectation_of_l1_norm_squared_different(wrong):
    check = check_equal(Expectation(sum_over(sp.Abs(x[k]), k, d) ** 2), wrong)
    assert check.outcome == "different"


def test_two_expectations_compared_with_each_other():
    # E[(sum x)^2] = E[||x||^2] although the integrands differ pointwise.
    lhs = Expectation(sum_over(x[k], k, d) ** 2)
    rhs = Expectation(sum_over(x[k] ** 2, k, d))
    assert check_equal(lhs, rhs).equal
    assert check_equal(lhs, Expectation(sum_over(x[k] ** 4, k, d))).outcome == "different"


def test_distinct_sums_are_instantiated():
    assert check_equal(DistinctSum(c, (k, kp), 1, d), c * d * (d - 1)).equal
    lhs = sum_over(x[k] ** 2, k, d) + DistinctSum(x[k] * x[kp], (k, kp), 1, d)
    assert check_equal(lhs, sum_over(x[k], k, d) ** 2).equal
    assert check_equal(DistinctSum(x[k] * x[kp], (k, kp), 1, d), sum_over(x[k], k, d) ** 2).outcome == "different"


def test_rademacher_expectations_use_the_right_law():
    r = random_array("r", (d,), RADEMACHER)
    fourth = Expectation(sum_over(r[k], k, d) ** 4)
    assert check_equal(fourth, 3 * d**2 - 2 * d).equal
    assert check_equal(fourth, 3 * d**2).outcome == "different"  # the Gaussian answer


# ------------------------------------------------------------------------------ pointwise identities


def _signgd_rms_sq():
    """(1/d_2) sum_j (sum_k sign(x_k g_j) x_k)^2 for a fixed g with nonzero entries."""
    xx, g = gaussian_vector("x", d1), fixed_vector("g", d2)
    return xx, sum_over(sum_over(sp.sign(xx[k] * g[j]) * xx[k], k, d1) ** 2, j, d2) / d2


def test_pointwise_identity_with_random_entries_equal():
    xx, lhs = _signgd_rms_sq()
    check = check_equal(lhs, sum_over(sp.Abs(xx[k]), k, d1) ** 2)
    assert check.equal and check.method == "random-points"


@pytest.mark.parametrize("wrong", ["square_of_sum", "squared_norm", "forgot_mean"])
def test_pointwise_identity_with_random_entries_different(wrong):
    xx, lhs = _signgd_rms_sq()
    rhs = {
        "square_of_sum": sum_over(xx[k], k, d1) ** 2,
        "squared_norm": sum_over(xx[k] ** 2, k, d1),
        "forgot_mean": d2 * sum_over(sp.Abs(xx[k]), k, d1) ** 2,
    }[wrong]
    assert check_equal(lhs, rhs).outcome == "different"


def test_pointwise_sign_identity():
    assert check_equal(sp.sign(x[k]) * x[k], sp.Abs(x[k])).equal
    assert check_equal(sp.sign(x[k]) * x[k], x[k]).outcome == "different"


def test_expectation_of_the_pointwise_form_matches_its_closed_form():
    xx, lhs = _signgd_rms_sq()
    assert check_equal(Expectation(lhs), d1 + 2 * d1 * (d1 - 1) / pi).equal


# ------------------------------------------------------------------------------ undecided


def test_undecided_when_brute_force_cannot_evaluate():
    check = check_equal(Expectation(sp.exp(x[1])), sp.exp(sp.Rational(1, 2)))
    assert check.outcome == "undecided" and not check.equal
    assert "could not instantiate" in check.detail


def test_identity_test_without_dimensions_uses_the_configured_points():
    check = identity_test(c * (c + 1), c**2 + c)
    assert check.equal and check.detail.startswith("8 random points")


# ------------------------------------------------------------------------------ brute force


x2 = gaussian_vector("x", 2)
r2 = random_array("r", (2,), RADEMACHER)


@pytest.mark.parametrize("expr, value", [
    ((x2[1] + x2[2]) ** 4, 12),                        # 3 + 3 + 6 E[x1^2 x2^2]
    ((x2[1] + x2[2]) ** 2, 2),
    (x2[1] ** 2 * x2[2] ** 2, 1),
    (x2[1] ** 6, 15),
    (x2[1] * x2[2], 0),
    (sp.Abs(x2[1]) * x2[2] ** 2, sp.sqrt(2 / pi)),
    (sp.Abs(x2[1]) ** 3, 2 * sp.sqrt(2 / pi)),
    (sp.sign(x2[1] * x2[2]) * x2[1] * x2[2], 2 / pi),   # = |x1| |x2|
    (sp.sign(x2[1]) ** 2, 1),
    (sp.Sum(x2[k] ** 2, (k, 1, 2)) ** 2, 8),           # E chi^2_2 squared = 4 + 4
    ((r2[1] + r2[2]) ** 4, 8),                         # 1 + 1 + 6
    (3 * x2[1] ** 2 + 5, 8),
    (sp.Integer(7), 7),
])
def test_brute_force_expectation(expr, value):
    assert sp.simplify(brute_force_expectation(expr) - value) == 0


def test_brute_force_refuses_non_polynomials():
    with pytest.raises(NotImplementedError):
        brute_force_expectation(sp.exp(x2[1]))
    with pytest.raises(NotImplementedError):
        brute_force_expectation(sp.sqrt(sp.Abs(x2[1])))


# ------------------------------------------------------------------------------ known bugs


def test_polynomial_difference_vanishing_at_small_dimensions():
    assert check_equal((d - 1) * (d - 2) * (d - 3) * (d - 4), 0).outcome == "different"


def test_triangular_sum_gets_a_verdict():
    lhs = sp.Sum(sp.Sum(x[k] ** 2, (k, 1, j)), (j, 1, d))
    check = check_equal(lhs, d * (d + 1) / 2)  # random pointwise vs its mean: not equal
    assert check.outcome in ("different", "undecided")
