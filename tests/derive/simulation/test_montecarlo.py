"""Tests for the vectorised Monte Carlo evaluator."""
import math

import numpy as np
import pytest
import sympy as sp

from derive.simulation.montecarlo import MonteCarloCheck, MonteCarloResult, confirm, simulate
from derive.moments.arrays import fixed_vector, gaussian_matrix, gaussian_vector, random_array
from derive.moments.laws import RADEMACHER
from derive.symbols import dimension, index

d, d1, d2 = dimension("d"), dimension("d_1"), dimension("d_2")
j, k = index("j"), index("k")
x = gaussian_vector("x", d)


def test_sum_of_squares_has_mean_d():
    check = confirm(sp.Sum(x[k] ** 2, (k, 1, d)), d, {d: 7})
    assert isinstance(check, MonteCarloCheck) and isinstance(check.result, MonteCarloResult)
    assert check.passed and check.closed_form_value == 7.0
    assert check.result.samples == 20000 and check.result.seed == 0
    # Var(chi^2_7) = 14, so the standard error is sqrt(14 / 20000).
    assert check.result.stderr == pytest.approx(math.sqrt(14 / 20000), rel=0.1)


@pytest.mark.parametrize("dim", [1, 4, 16])
def test_square_of_l1_norm(dim):
    expr = sp.Sum(sp.Abs(x[k]), (k, 1, d)) ** 2
    closed = d + 2 * d * (d - 1) / sp.pi
    assert confirm(expr, closed, {d: dim}, seed=dim).passed


def test_matrix_vector_norm():
    W, v = gaussian_matrix("W", d1, d2), gaussian_vector("v", d2)
    expr = sp.Sum(sp.Sum(W[j, k] * v[k], (k, 1, d2)) ** 2, (j, 1, d1))
    check = confirm(expr, d1 * d2, {d1: 3, d2: 5})
    assert check.passed, check


def test_same_entry_is_the_same_draw():
    # x[k] * x[k] written as a product of two occurrences must equal x[k]**2, not a product of independents.
    expr = sp.Sum(sp.Mul(x[k], x[k], evaluate=False), (k, 1, d))
    assert confirm(expr, d, {d: 3}).passed
    u = gaussian_vector("u", d)
    diff = simulate(sp.Sum(u[k], (k, 1, d)) - sp.Sum(u[j], (j, 1, d)), {d: 4}, samples=100)
    assert diff.mean == 0.0 and diff.stderr == 0.0


def test_fixed_vector_sign_pattern():
    v, g = gaussian_vector("v", d2), fixed_vector("g", d1)
    expr = sp.Sum(sp.Sum(sp.sign(v[k] * g[j]) * v[k], (k, 1, d2)) ** 2, (j, 1, d1)) / d2
    closed = d1 * (1 + 2 * (d2 - 1) / sp.pi)
    values = {d1: 3, d2: 4}
    assert confirm(expr, closed, values).passed  # g drawn from the seeded generator
    given = {g: np.array([2.0, -0.5, 1.0])}
    assert confirm(expr, closed, values, fixed=given).passed


def test_diagonal_entries():
    W = gaussian_matrix("W", d, d)
    assert confirm(sp.Sum(W[k, k] ** 2, (k, 1, d)), d, {d: 6}).passed
    # Off-diagonal entries of a double sum are independent: E(sum_{j,k} W_jk)^2 = d^2.
    assert confirm(sp.Sum(W[j, k], (j, 1, d), (k, 1, d)) ** 2, d**2, {d: 3}).passed


def test_wrong_closed_form_is_rejected():
    check = confirm(sp.Sum(x[k] ** 2, (k, 1, d)), d + 1, {d: 7})
    assert not check.passed
    assert check.z_score < -10


def test_same_seed_same_result_and_chunking_invariance():
    expr = sp.Sum(sp.Abs(x[k]), (k, 1, d)) ** 2
    values = {d: 4}
    a = simulate(expr, values, samples=5000, seed=3)
    assert a == simulate(expr, values, samples=5000, seed=3)
    assert a.mean != simulate(expr, values, samples=5000, seed=4).mean
    # Each random array has its own stream, so the draws do not depend on the chunk size.
    b = simulate(expr, values, samples=5000, seed=3, chunk_size=777)
    assert b.mean == pytest.approx(a.mean, abs=1e-12)
    assert b.stderr == pytest.approx(a.stderr, abs=1e-12)


def test_chunking_invariance_with_several_arrays():
    W, v = gaussian_matrix("W", d1, d2), gaussian_vector("v", d2)
    expr = sp.Sum(sp.Sum(W[j, k] * v[k], (k, 1, d2)) ** 2, (j, 1, d1))
    values = {d1: 2, d2: 3}
    a = simulate(expr, values, samples=3000, chunk_size=4096)
    b = simulate(expr, values, samples=3000, chunk_size=100)
    assert b.mean == pytest.approx(a.mean, abs=1e-12)


def test_rademacher_law():
    r = random_array("r", (d,), RADEMACHER)
    assert confirm(sp.Sum(r[k], (k, 1, d)) ** 4, 3 * d**2 - 2 * d, {d: 5}).passed


def test_missing_symbol_raises_value_error():
    with pytest.raises(ValueError, match="d"):
        simulate(sp.Sum(x[k] ** 2, (k, 1, d)), {})
    sigma = sp.Symbol("sigma", positive=True)
    with pytest.raises(ValueError, match="sigma"):
        simulate(sigma * x[1], {d: 2})


def test_unsupported_node_raises_type_error():
    with pytest.raises(TypeError, match="cos"):
        simulate(sp.cos(x[1]), {d: 2})


def test_non_random_expression():
    s = sp.Symbol("s", positive=True)
    res = simulate(sp.Sum(k, (k, 1, d)) * s + sp.sqrt(sp.pi) + sp.E, {d: 4, s: 0.5}, samples=10)
    assert res.stderr == 0.0 and res.samples == 10
    assert res.mean == pytest.approx(5 + math.sqrt(math.pi) + math.e)
    assert simulate(sp.Sum(3, (k, 1, d)), {d: 4}).mean == 12.0


def test_sqrt_of_sum():
    expr = sp.sqrt(sp.Sum(x[k] ** 2, (k, 1, d)))
    assert confirm(expr, sp.sqrt(2 / sp.pi), {d: 1}).passed
    assert confirm(expr, sp.sqrt(2) * sp.gamma(sp.Rational(3, 2)) / sp.gamma(1), {d: 2}).passed


def test_exp_log_and_real_powers():
    # E exp(t x) = exp(t^2 / 2); E|x|^{1/3} = 2^{1/6} Gamma(2/3) / sqrt(pi).
    assert confirm(sp.exp(x[1] / 2), sp.exp(sp.Rational(1, 8)), {d: 1}).passed
    moment = 2 ** sp.Rational(1, 6) * sp.gamma(sp.Rational(2, 3)) / sp.sqrt(sp.pi)
    assert confirm(sp.Abs(x[1]) ** sp.Rational(1, 3), moment, {d: 1}).passed
    assert confirm(sp.log(sp.exp(x[1] + 2)), 2, {d: 1}).passed


def test_shifted_indices_and_repeated_sum_limits():
    # sum_{k<d} x_k x_{k+1} has d - 1 uncorrelated unit-variance terms.
    assert confirm(sp.Sum(x[k] * x[k + 1], (k, 1, d - 1)) ** 2, d - 1, {d: 6}).passed
    # SymPy flattens this to limits ((k, 1, d), (k, 1, d)); the outer k only counts.
    nested = simulate(sp.Sum(sp.Sum(x[k], (k, 1, d)), (k, 1, d)), {d: 3}, samples=200)
    direct = simulate(3 * sp.Sum(x[k], (k, 1, d)), {d: 3}, samples=200)
    assert nested.mean == pytest.approx(direct.mean, abs=1e-12)


def test_large_arrays_are_simulated_in_bounded_chunks():
    from derive.simulation.montecarlo import MAX_CHUNK_ELEMENTS, simulate

    n = dimension("n")
    k, j = index("k"), index("j")
    W = gaussian_matrix("W", n, n)
    x = gaussian_vector("x", n)
    expr = sp.Sum(sp.Sum(W[j, k] * x[k], (k, 1, n)) ** 2, (j, 1, n)) / n
    # 2000 x 2000 entries per sample: one chunk of the default size would need 4096 * 4e6 floats.
    assert 2000 * 2000 <= MAX_CHUNK_ELEMENTS
    result = simulate(expr, {n: 2000}, samples=3, seed=1)
    assert result.samples == 3 and result.max_abs > 0
