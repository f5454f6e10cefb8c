"""Linear recurrences: unrolled sums, geometric series, and simulation through the recursion itself."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from derive import (Derivation, Expectation, StepCheckError, Variance, dimension, index, linear_recurrence,
                    mean_variance, random_array, rules, scale)
from derive.recurrences import geometric_series
from derive.simulation.montecarlo import simulate

t, s_index = dimension("t"), index("s")
a, b = scale("a"), scale("b")
mu = sp.Symbol("mu", real=True)


@settings(max_examples=30, deadline=None)
@given(steps=st.integers(0, 7), coefficient=st.fractions(-3, 3), start=st.integers(-5, 5))
def test_unrolled_sum_equals_running_the_recursion(steps, coefficient, start):
    u = sp.IndexedBase("u")
    m = linear_recurrence("m", sp.Rational(coefficient), u[s_index] * s_index, s_index, start, t)
    concrete = m.xreplace({t: steps})
    assert sp.expand(concrete.doit() - rules.UNROLL(concrete).doit()) == 0


@settings(max_examples=40, deadline=None)
@given(ratio=st.fractions(-5, 5).filter(lambda r: r not in (0, 1)), lower=st.integers(-3, 3), count=st.integers(0, 9),
       shift=st.integers(-2, 2))
def test_geometric_series_matches_the_sum(ratio, lower, count, shift):
    r = sp.Rational(ratio)
    x = sp.Symbol("x", positive=True)
    summed = sp.Sum(3 * x ** (s_index + shift), (s_index, lower, lower + count - 1))
    closed = geometric_series(summed)
    assert not closed.has(sp.Sum)
    assert sp.simplify((closed - summed.doit()).xreplace({x: abs(r) + 2})) == 0


def test_geometric_series_leaves_non_geometric_sums():
    summed = sp.Sum(s_index**2, (s_index, 1, t))
    assert geometric_series(summed) == summed
    assert geometric_series(sp.Sum(a**0 * 4, (s_index, 1, t))) == sp.Sum(4, (s_index, 1, t))


def test_a_recursion_mean_and_variance_chain_and_its_simulation():
    g = random_array("g", (t,), mean_variance(mu, b**2))
    m = linear_recurrence("m", a, (1 - a) * g[s_index], s_index, 0, t)
    mean = Derivation("mean", "E[m_t]", Expectation(m)).apply(rules.UNROLL, rules.LINEARITY, rules.MOMENTS,
                                                            rules.GEOMETRIC)
    assert sp.simplify(mean.result - mu * (1 - a**t)) == 0
    variance = Derivation("variance", "Var(m_t)", Variance(m)).apply(rules.UNROLL, rules.VARIANCE_OF_SUM,
                                                                   rules.MOMENTS, rules.GEOMETRIC)
    assert sp.simplify(variance.result - b**2 * (1 - a) * (1 - a ** (2 * t)) / (1 + a)) == 0
    values = {t: 4, a: 0.5, mu: 2.0, b: 1.0}
    drawn = simulate(m, values, samples=40000, seed=5)
    assert abs(drawn.mean - 2.0 * (1 - 0.5**4)) < 4 * drawn.stderr


def test_simulation_steps_through_the_recursion_not_the_unrolled_sum():
    u = random_array("u", (t,), mean_variance(0, 1))
    m = linear_recurrence("m", a, u[s_index] ** 2, s_index, 1, t)  # m_t = a m_{t-1} + u_t^2, m_0 = 1
    first = simulate(m, {t: 3, a: 0.5}, samples=1, seed=9).mean
    rng = np.random.default_rng(9)
    draws = rng.spawn(1)[0].standard_normal((1, 3))[0]
    value = 1.0
    for draw in draws:
        value = 0.5 * value + draw**2
    assert first == pytest.approx(value)


def test_a_wrong_closed_form_for_a_recursion_is_caught():
    g = random_array("g", (t,), mean_variance(mu, b**2))
    chain = Derivation("mean", "E[m_t]", Expectation(linear_recurrence("m", a, (1 - a) * g[s_index], s_index, 0, t)))
    with pytest.raises(StepCheckError):
        chain.step(mu * (1 - a ** (t + 1)), "off by one", "wrong")
