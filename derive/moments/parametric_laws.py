"""Laws with parameters and without symmetry: finite laws (Bernoulli), N(mu, sigma^2), and a law given by
its mean and variance alone.

Each answers ``mixed_moment`` exactly (symbolic in its parameters) and samples with the parameters'
values; see :mod:`derive.moments.laws` for the contract.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import sympy as sp

from derive.moments.laws import Law, UndeclaredMomentError, normal_abs_moment, numeric_parameter
from derive.symbols import as_expr


@dataclass(frozen=True)
class FiniteLaw(Law):
    """Finitely many values, each with its probability (which may be symbolic, as ``p`` and ``1 - p``)."""

    support: tuple[tuple[sp.Expr, sp.Expr], ...] = ()
    family: str = ""
    arguments: tuple[sp.Expr, ...] = ()
    latex_family: str = ""

    def substituted(self, rule) -> "FiniteLaw":
        return _finite(self.family, tuple(a.xreplace(rule) for a in self.arguments),
                       tuple((v.xreplace(rule), w.xreplace(rule)) for v, w in self.support), self.latex_family)

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        return frozenset(s for value, weight in self.support for s in (value.free_symbols | weight.free_symbols))

    def mixed_moment(self, power: int, abs_power: int, sign_power: int) -> sp.Expr:
        # 0^0 = 1, sign(0)^0 = 1: the atom's value 0 contributes only to E[1].
        return sp.expand(sp.Add(*(weight * value**power * sp.Abs(value) ** abs_power * sp.sign(value) ** sign_power
                                  for value, weight in self.support)))

    def moment(self, abs_power: int, sign_power: int) -> sp.Expr:
        return self.mixed_moment(0, abs_power, sign_power)

    def sample(self, rng, shape, values=None) -> np.ndarray:
        points = np.array([numeric_parameter(value, values, self.name) for value, _ in self.support])
        weights = np.array([numeric_parameter(weight, values, self.name) for _, weight in self.support])
        if np.any(weights < 0) or not math.isclose(weights.sum(), 1.0, rel_tol=1e-9):
            raise ValueError(f"the probabilities of {self.name} are not a distribution at the given values")
        return points[rng.choice(len(points), size=shape, p=weights / weights.sum())].astype(np.float64)

    def exact_sample(self, rng: random.Random) -> sp.Expr:
        return self.support[rng.randrange(len(self.support))][0]


@dataclass(frozen=True)
class _ByMeanAndVariance(Law):
    """A law named by its mean and variance, simulated by normal draws with those two moments."""

    mean_value: sp.Expr = sp.S.Zero
    variance_value: sp.Expr = sp.S.One

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        return frozenset(self.mean_value.free_symbols | self.variance_value.free_symbols)

    def sample(self, rng, shape, values=None) -> np.ndarray:
        mean = numeric_parameter(self.mean_value, values, self.name)
        deviation = math.sqrt(numeric_parameter(self.variance_value, values, self.name))
        return mean + deviation * rng.standard_normal(shape)


@dataclass(frozen=True)
class Normal(_ByMeanAndVariance):
    """``N(mean, variance)``; its absolute moments are polynomial only when it is centred."""

    def substituted(self, rule) -> "Normal":
        return normal(self.mean_value.xreplace(rule), self.variance_value.xreplace(rule))

    def mixed_moment(self, power: int, abs_power: int, sign_power: int) -> sp.Expr:
        if self.mean_value == 0:  # sigma z with z ~ N(0, 1): every moment scales
            if (power + sign_power) % 2:
                return sp.S.Zero
            return self.variance_value ** sp.Rational(power + abs_power, 2) * normal_abs_moment(power + abs_power)
        if abs_power or sign_power:
            raise UndeclaredMomentError(
                f"E[|t|] and E[sign t] of {self.name} are not polynomial in its parameters (its mean is not 0)")
        # E[(mu + sigma z)^n] by the binomial theorem; the odd moments of z vanish.
        mu, var = self.mean_value, self.variance_value
        return sp.expand(sp.Add(*(sp.binomial(power, j) * mu ** (power - j) * var ** sp.Rational(j, 2)
                                  * normal_abs_moment(j) for j in range(0, power + 1, 2))))


@dataclass(frozen=True)
class MeanVariance(_ByMeanAndVariance):
    """Any law with this mean and variance: only moments up to the second are declared.

    A simulation draws a normal with these two moments. Every check it serves is of a statistic of
    degree at most 2 in the atoms, whose mean depends on the law only through them.
    """

    never_zero: bool = False  # nothing is said about mass at 0

    def substituted(self, rule) -> "MeanVariance":
        return mean_variance(self.mean_value.xreplace(rule), self.variance_value.xreplace(rule))

    def mixed_moment(self, power: int, abs_power: int, sign_power: int) -> sp.Expr:
        if abs_power or sign_power or power > 2:
            raise UndeclaredMomentError(
                f"{self.name} declares only its mean and variance; E[t^{power} |t|^{abs_power} sign(t)^{sign_power}]"
                " is not determined by them")
        return (sp.S.One, self.mean_value, self.variance_value + self.mean_value**2)[power]


def _finite(family: str, arguments: tuple, support: tuple, latex_family: str) -> FiniteLaw:
    shown = arguments or tuple(sp.Tuple(v, w) for v, w in support)
    # The name tells laws apart (a RandomLabel hashes by it), so it spells out every parameter.
    name = f"{family}({', '.join(sp.sstr(a) for a in shown)})"
    latex = rf"{latex_family}({', '.join(sp.latex(a) for a in shown)})"
    return FiniteLaw(name, latex, never_zero=all(v != 0 for v, _ in support), support=support, family=family,
                     arguments=arguments, latex_family=latex_family)


def finite_law(name: str, weights: dict, latex: str | None = None) -> FiniteLaw:
    """A law on finitely many values: ``{value: probability}``; the probabilities must add up to 1."""
    support = tuple((as_expr(value), as_expr(weight)) for value, weight in weights.items())
    if not support:
        raise ValueError(f"the law {name} has no values")
    if sp.simplify(sp.Add(*(weight for _, weight in support)) - 1) != 0:
        raise ValueError(f"the probabilities of {name} do not add up to 1")
    return _finite(name, (), support, latex or rf"\mathrm{{{name}}}")


def bernoulli(p: sp.Expr) -> FiniteLaw:
    """Bernoulli(p): 1 with probability p, else 0."""
    p = as_expr(p)
    return _finite("Bernoulli", (p,), ((sp.S.One, p), (sp.S.Zero, 1 - p)), r"\mathrm{Bernoulli}")


def normal(mean: sp.Expr, variance: sp.Expr) -> Normal:
    """``N(mean, variance)``, the second argument a variance (``sigma**2``), as in ``N(mu, sigma^2)``."""
    mean, variance = as_expr(mean), as_expr(variance)
    name = f"N({sp.sstr(mean)},{sp.sstr(variance)})"
    return Normal(name, rf"\mathcal{{N}}({sp.latex(mean)}, {sp.latex(variance)})", mean_value=mean,
                  variance_value=variance)


def mean_variance(mean: sp.Expr, variance: sp.Expr) -> MeanVariance:
    """A law known only by its mean and variance (gradients with mean mu and variance s^2)."""
    mean, variance = as_expr(mean), as_expr(variance)
    name = f"mean {sp.sstr(mean)}, variance {sp.sstr(variance)}"
    return MeanVariance(name, rf"(\text{{mean }} {sp.latex(mean)}, \text{{variance }} {sp.latex(variance)})",
                        mean_value=mean, variance_value=variance)
