"""Laws with parameters and without symmetry: Bernoulli and other finite laws, N(mu, sigma^2), mean-and-variance laws."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import (Derivation, Expectation, NotPolynomialError, Variance, bernoulli, dimension, expectation,
                    finite_law, index, mean_variance, normal, random_array, rules, scale, sum_over)
from derive.equality import brute_force_expectation
from derive.simulation.montecarlo import confirm, simulate

n, k = dimension("n"), index("k")
p, sigma = scale("p"), scale("sigma")
mu = sp.Symbol("mu", real=True)


def test_bernoulli_moments_are_p_for_every_positive_power():
    law = bernoulli(p)
    assert [law.mixed_moment(a, 0, 0) for a in range(4)] == [1, p, p, p]
    assert law.mixed_moment(0, 3, 1) == p  # |t|^3 sign(t) is t for t in {0, 1}
    assert sp.factor(law.variance()) == sp.factor(p * (1 - p)) and not law.never_zero


def test_a_finite_law_must_be_a_distribution():
    with pytest.raises(ValueError, match="do not add up to 1"):
        finite_law("broken", {0: sp.Rational(1, 2), 1: sp.Rational(1, 3)})
    with pytest.raises(ValueError, match="no values"):
        finite_law("empty", {})


def test_sign_squared_is_not_one_when_the_law_has_mass_at_zero():
    x = random_array("x", (n,), bernoulli(p))
    assert rules.SIGN_ALGEBRA(sp.sign(x[k]) ** 2) == sp.sign(x[k]) ** 2
    assert expectation(sp.sign(x[k]) ** 2) == p


@settings(max_examples=40, deadline=None)
@given(weights=st.lists(st.integers(1, 9), min_size=2, max_size=4), values=st.lists(st.integers(-3, 3), min_size=4,
                                                                                   max_size=4, unique=True),
       powers=st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 2)))
def test_finite_law_moments_match_enumeration(weights, values, powers):
    total = sum(weights)
    law = finite_law("custom", {v: sp.Rational(w, total) for v, w in zip(values, weights)})
    a, b, c = powers
    direct = sum(sp.Rational(w, total) * sp.Integer(v) ** a * abs(v) ** b * sp.sign(v) ** c
                 for v, w in zip(values, weights))
    assert law.mixed_moment(a, b, c) == direct


@settings(max_examples=25, deadline=None)
@given(weight=st.integers(1, 9), degree=st.integers(1, 4))
def test_expectation_of_a_power_of_a_sum_matches_enumerating_every_outcome(weight, degree):
    chance = sp.Rational(weight, 10)
    x = random_array("x", (n,), bernoulli(chance))
    size = 3
    by_partitions = expectation(sum_over(x[k], k, n) ** degree).xreplace({n: size})
    outcomes = itertools.product((0, 1), repeat=size)
    enumerated = sum(sp.Mul(*(chance if bit else 1 - chance for bit in bits)) * sum(bits) ** degree
                     for bits in outcomes)
    assert sp.simplify(by_partitions - enumerated) == 0


def test_normal_raw_moments_follow_the_binomial_theorem():
    law = normal(mu, sigma**2)
    expected = [1, mu, mu**2 + sigma**2, mu**3 + 3 * mu * sigma**2, mu**4 + 6 * mu**2 * sigma**2 + 3 * sigma**4]
    assert [sp.expand(law.mixed_moment(a, 0, 0) - e) for a, e in enumerate(expected)] == [0] * 5
    centred = normal(0, sigma**2)
    assert sp.simplify(centred.mixed_moment(0, 1, 0) - sigma * sp.sqrt(2 / sp.pi)) == 0
    assert centred.mixed_moment(0, 1, 1) == 0


def test_the_absolute_value_of_a_non_centred_normal_is_refused_plainly():
    x = random_array("x", (n,), normal(mu, 1))
    with pytest.raises(NotPolynomialError, match="not polynomial"):
        expectation(sp.Abs(x[k]))


def test_a_mean_variance_law_answers_two_moments_and_refuses_the_third():
    g = random_array("g", (n,), mean_variance(mu, sigma**2))
    assert sp.expand(expectation(sum_over(g[k], k, n) ** 2)) == sp.expand(n * sigma**2 + n**2 * mu**2)
    with pytest.raises(NotPolynomialError, match="only its mean and variance"):
        expectation(g[k] ** 3)


def test_brute_force_uses_the_same_moments():
    x = random_array("x", (2,), bernoulli(p))
    assert sp.expand(brute_force_expectation((x[1] + x[2]) ** 2)) == sp.expand(2 * p + 2 * p**2)


def test_substitution_reaches_the_law():
    x = random_array("x", (n,), bernoulli(p))
    replaced = (x[k] * 2).xreplace({p: sp.Rational(3, 10)})
    (entry,) = replaced.atoms(sp.Indexed)
    assert entry.base.label.law.name == "Bernoulli(3/10)" and expectation(replaced) == sp.Rational(3, 5)
    assert entry.base != x  # laws with different parameters are different arrays


def test_solving_for_a_law_parameter_checks_the_solution_with_it():
    w = random_array("w", (n,), normal(0, sigma**2))
    chain = Derivation("second moment", r"\mathbb{E}[s^2]", Expectation(sum_over(w[k], k, n) ** 2))
    chain.apply(rules.EVALUATE)
    from derive import solve_for
    solved = solve_for("scale", sigma, chain, 1)
    assert sp.simplify(solved.result - 1 / sp.sqrt(n)) == 0


def test_monte_carlo_takes_parameter_values_with_the_dimensions():
    x = random_array("x", (n,), bernoulli(p))
    mean = sum_over(x[k], k, n) / n
    assert confirm(mean, p, {n: 30, p: 0.2}, samples=4000, seed=2).passed
    with pytest.raises(ValueError, match="no value given for symbol p"):
        simulate(mean, {n: 30}, samples=10)
    w = random_array("w", (n,), normal(mu, sigma**2))
    draws = simulate((w[1] - mu) ** 2, {n: 1, mu: 3.0, sigma: 0.5}, samples=20000, seed=4)
    assert math.isclose(draws.mean, 0.25, rel_tol=0.05)


def test_a_variance_chain_over_a_bernoulli_law_is_checked_step_by_step():
    x = random_array("x", (n,), bernoulli(p))
    chain = Derivation("variance", r"\operatorname{Var}(\bar X)", Variance(sum_over(x[k], k, n) / n))
    chain.apply(rules.VARIANCE_OF_SUM, rules.MOMENTS, rules.COUNT)
    assert sp.simplify(chain.result - p * (1 - p) / n) == 0
    assert all(step.check.equal for step in chain.steps[1:])


def test_sampling_a_finite_law_refuses_probabilities_outside_a_distribution():
    law = bernoulli(p)
    with pytest.raises(ValueError, match="not a distribution"):
        law.sample(np.random.default_rng(0), (3,), {p: 1.5})
