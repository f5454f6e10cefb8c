"""The Var node and its rules; ReLU of an atom and its moments under any law."""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import (RADEMACHER, Derivation, Expectation, StepCheckError, Variance, bernoulli, dimension, expectation,
                    gaussian_vector, index, random_array, relu, rules, scale, sum_over)
from derive.simulation.montecarlo import confirm

n, k, j = dimension("n"), index("k"), index("j")
p = scale("p")
h = gaussian_vector("h", n)


@pytest.mark.parametrize("power", range(1, 9))
def test_relu_moments_of_a_standard_normal_are_half_the_absolute_moments(power):
    closed = 2 ** sp.Rational(power - 2, 2) * sp.gamma(sp.Rational(power + 1, 2)) / sp.sqrt(sp.pi)
    assert sp.simplify(expectation(relu(h[k]) ** power) - closed) == 0
    integral = mpmath.quad(lambda t: t**power * mpmath.npdf(t), [0, mpmath.inf])
    assert abs(float(closed) - float(integral)) < 1e-12


@settings(max_examples=20, deadline=None)
@given(power=st.integers(1, 12))
def test_relu_moments_under_other_laws(power):
    assert expectation(relu(random_array("r", (n,), RADEMACHER)[k]) ** power) == sp.Rational(1, 2)
    assert expectation(relu(random_array("b", (n,), bernoulli(p))[k]) ** power) == p


def test_relu_of_a_sum_is_refused():
    from derive import NotPolynomialError
    with pytest.raises(NotPolynomialError):
        expectation(relu(h[1] + h[2]))


def test_relu_rule_and_monte_carlo():
    chain = Derivation("relu", r"\mathbb{E}[x^2]", Expectation(relu(h[k]) ** 2)).apply(
        rules.RELU, rules.EXPAND, rules.LINEARITY, rules.MOMENTS)
    assert chain.result == sp.Rational(1, 2)
    assert confirm(relu(h[1]) ** 2, sp.Rational(1, 2), {n: 1}, samples=20000, seed=1).passed
    assert relu(sp.Integer(-3)) == 0 and relu(sp.Integer(2)) == 2


def test_variances_add_only_over_independent_terms():
    x = gaussian_vector("x", n)
    independent = Variance(sum_over(2 * x[k], k, n))
    assert rules.VARIANCE_OF_SUM(independent) == sp.Sum(4 * Variance(x[k]), (k, 1, n))
    shared = Variance(sum_over(x[1] * x[k], k, n))  # every term shares x_1
    assert rules.VARIANCE_OF_SUM(shared) == shared
    overlapping = Variance(x[1] + x[1] ** 2)
    assert rules.VARIANCE_OF_SUM(overlapping) == overlapping
    assert rules.VARIANCE_OF_SUM(Variance(x[1] + 5)) == Variance(x[1])


def test_variance_definition_and_doit_agree():
    x = random_array("x", (n,), bernoulli(p))
    var = Variance(x[1] + x[2])
    assert sp.expand(var.doit() - 2 * p * (1 - p)) == 0
    assert sp.expand(rules.VARIANCE(var).doit() - var.doit()) == 0


def test_a_wrong_variance_step_is_caught():
    x = gaussian_vector("x", n)
    chain = Derivation("variance", "Var", Variance(sum_over(x[k], k, n)))
    with pytest.raises(StepCheckError):
        chain.step(n**2, "wrong", "counts every pair")
