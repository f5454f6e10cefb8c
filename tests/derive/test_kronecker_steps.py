"""Kronecker deltas in checked steps, standing assumptions, and derivatives checked by finite differences."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from derive import Derivation, StepCheckError, VerifyConfig, dimension, fixed_vector, index, rules
from derive.derivation import UnusableStepError
from derive.equality import check_equal
from derive.simulation.finite_differences import finite_difference_records

K = dimension("K")
i, j, m = index("i"), index("j"), index("m")
z, y, p = fixed_vector("z", K, nonzero=False), fixed_vector("y", K, nonzero=False), fixed_vector("p", K)


def test_a_delta_sum_collapses_to_a_piecewise_and_the_range_assumption_removes_it():
    chain = Derivation("collapse", "S", sp.Sum(y[i] * sp.KroneckerDelta(i, j), (i, 1, K))).apply(rules.KRONECKER)
    assert isinstance(chain.result, sp.Piecewise)
    chain.given(sp.And(j >= 1, j <= K), "j is one of the K entries")
    assert chain.result == y[j]


def test_a_condition_no_branch_matches_is_refused_not_guessed():
    chain = Derivation("collapse", "S", sp.Sum(y[i] * sp.KroneckerDelta(i, j), (i, 1, K))).apply(rules.KRONECKER)
    with pytest.raises(UnusableStepError):
        chain.given(sp.And(j >= 2, j <= K), "a condition that is not the branch's")


def test_an_equation_assumption_is_used_once_and_must_occur():
    chain = Derivation("normalised", "S", 3 * sp.Sum(y[i], (i, 1, K)))
    chain.given(sp.Eq(sp.Sum(y[i], (i, 1, K)), 1), "y is a probability vector")
    assert chain.result == 3 and chain.steps[-1].check.method == "hypothesis"
    with pytest.raises(UnusableStepError, match="does not occur"):
        chain.given(sp.Eq(sp.Sum(z[i], (i, 1, K)), 1), "not there")


def test_coinciding_indices_are_always_tried():
    # equal whenever j != m, different when j = m: random indices alone would seldom see it
    assert not check_equal(p[j] * p[m], p[j] * p[m] - p[j] * sp.KroneckerDelta(j, m)).equal
    assert check_equal(p[j] * sp.KroneckerDelta(j, m), p[m] * sp.KroneckerDelta(j, m)).equal


def test_differentiating_a_sum_gives_deltas_and_drops_empty_sums():
    expr = sp.Derivative(sp.Sum(y[i] * z[i], (i, 1, K)) + sp.Sum(y[i], (i, 1, K)), z[j])
    assert rules.DIFFERENTIATE(expr) == sp.Sum(y[i] * sp.KroneckerDelta(i, j), (i, 1, K))


def _log_sum_exp():
    return sp.log(sp.Sum(sp.exp(z[i]), (i, 1, K)))


def test_finite_differences_confirm_a_right_derivative_and_catch_a_wrong_one():
    softmax_j = sp.exp(z[j]) / sp.Sum(sp.exp(z[i]), (i, 1, K))
    config = VerifyConfig(seed=3)
    right = finite_difference_records("t", "d", _log_sum_exp(), softmax_j, z[j], [{K: 2}, {K: 4}], config)
    assert all(record.passed and record.method == "finite-differences" for record in right)
    wrong = finite_difference_records("t", "d", _log_sum_exp(), 2 * softmax_j, z[j], [{K: 3}], config)
    assert not wrong[0].passed


def test_finite_differences_take_fixed_values_from_a_function():
    seen = []

    def simplex(dims, rng):
        values = rng.dirichlet(np.ones(int(dims[K])))
        seen.append(values)
        return {y: values}

    records = finite_difference_records("t", "d", sp.Sum(y[i] * z[i] ** 2, (i, 1, K)), 2 * y[j] * z[j], z[j],
                                        [{K: 3}], VerifyConfig(), fixed=simplex)
    assert records[0].passed and len(seen) == 1 and seen[0].sum() == pytest.approx(1.0)


def test_a_wrong_derivative_step_is_caught():
    chain = Derivation("gradient", "dL", sp.Derivative(_log_sum_exp(), z[j]))
    with pytest.raises(StepCheckError):
        chain.step(sp.exp(z[j]), "forgot the normaliser", "wrong")
