"""Laws of i.i.d. scalar atoms: exact moments for the expectation calculus, samplers for Monte Carlo.

A law is declared once, by its moments and a sampler; the expectation calculus, the identity tests
of every derivation step and the Monte Carlo checks all ask it the same two questions:
``mixed_moment(a, b, c) = E[t^a |t|^b sign(t)^c]`` and ``sample(rng, shape, values)``. A law's
parameters (``p`` of a Bernoulli law, ``mu`` of a normal one) are ordinary symbols: moments keep
them symbolic, and a simulation takes their values from the same mapping as the dimensions.
"""
from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import sympy as sp

from derive.symbols import as_expr


class UndeclaredMomentError(ValueError):
    """A moment the law does not declare (``E|t|`` of a law given only by its mean and variance)."""


@dataclass(frozen=True)
class Law:
    """The law of one scalar atom ``t``; the base class is symmetric about 0.

    Moments are asked for in the reduced form ``E[|t|^p sign(t)^q]`` when ``P(t = 0) = 0``: every
    product of powers of ``t``, ``|t|`` and ``sign(t)`` reduces to it. Laws with mass at 0 or
    without symmetry override :meth:`mixed_moment`.
    """

    name: str
    latex: str
    never_zero: bool = True  # P(t = 0) = 0, so sign(t)^2 = 1 almost surely

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        """The symbols the law depends on; a simulation needs a value for each."""
        return frozenset()

    def substituted(self, rule: Mapping[sp.Basic, sp.Basic]) -> "Law":
        """The same law with values put in for its parameters (``p = 3/10``)."""
        return self

    def abs_moment(self, power: int) -> sp.Expr:
        """``E|t|^power`` for a non-negative integer power."""
        raise NotImplementedError

    def moment(self, abs_power: int, sign_power: int) -> sp.Expr:
        """``E[|t|^abs_power * sign(t)^sign_power]``; zero for odd sign powers by symmetry."""
        if abs_power < 0:
            raise ValueError(f"E|t|^{abs_power} is not finite for {self.name}")
        if sign_power % 2:
            return sp.S.Zero
        return self.abs_moment(abs_power)

    def mixed_moment(self, power: int, abs_power: int, sign_power: int) -> sp.Expr:
        """``E[t^power |t|^abs_power sign(t)^sign_power]`` for non-negative integer powers."""
        # t = sign(t)|t| away from 0, and the atom is never 0.
        return self.moment(power + abs_power, power + sign_power)

    def mean(self) -> sp.Expr:
        """``E[t]``."""
        return self.mixed_moment(1, 0, 0)

    def variance(self) -> sp.Expr:
        """``E[t^2] - E[t]^2``."""
        return sp.factor(self.mixed_moment(2, 0, 0) - self.mean() ** 2)

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...],
               values: Mapping[sp.Symbol, float] | None = None) -> np.ndarray:
        """Independent draws of the atom, as float64; ``values`` gives the parameters' values."""
        raise NotImplementedError

    def exact_sample(self, rng: random.Random) -> sp.Expr:
        """One exact value in the atom's support, for identity testing (never zero unless the law has mass at 0)."""
        value = sp.Rational(rng.randint(1, 97), rng.randint(1, 13))
        return value if rng.random() < 0.5 else -value


@dataclass(frozen=True)
class StandardNormal(Law):
    """N(0, 1)."""

    name: str = "N(0,1)"
    latex: str = r"\mathcal{N}(0,1)"

    def abs_moment(self, power: int) -> sp.Expr:
        return normal_abs_moment(power)

    def sample(self, rng, shape, values=None) -> np.ndarray:
        return rng.standard_normal(shape)


@dataclass(frozen=True)
class Rademacher(Law):
    """Uniform on {-1, +1}."""

    name: str = "Rademacher"
    latex: str = r"\mathrm{Rademacher}"

    def abs_moment(self, power: int) -> sp.Expr:
        return sp.S.One

    def sample(self, rng, shape, values=None) -> np.ndarray:
        return rng.integers(0, 2, size=shape).astype(np.float64) * 2.0 - 1.0

    def exact_sample(self, rng: random.Random) -> sp.Expr:
        return sp.S.One if rng.random() < 0.5 else sp.S.NegativeOne


@functools.lru_cache(maxsize=None)
def normal_abs_moment(power: int) -> sp.Expr:
    """``E|z|^power`` for ``z ~ N(0, 1)``."""
    # E|t|^p = 2^{p/2} Gamma((p+1)/2) / sqrt(pi), the integral of |t|^p against the N(0,1) density;
    # SymPy evaluates Gamma at half-integers exactly, e.g. p = 1 gives sqrt(2)/sqrt(pi).
    p = sp.Integer(power)
    return 2 ** (p / 2) * sp.gamma((p + 1) / 2) / sp.sqrt(sp.pi)


def numeric_parameter(expr: sp.Expr, values: Mapping[sp.Symbol, float] | None, law: str) -> float:
    """A parameter's value in a simulation, from the values given for its symbols."""
    missing = sorted(str(s) for s in expr.free_symbols if s not in (values or {}))
    if missing:
        raise ValueError(f"no value given for symbol {missing[0]} (a parameter of the law {law})")
    number = expr.xreplace({s: as_expr(values[s]) for s in expr.free_symbols}).evalf()  # numbers only, never text
    if not (number.is_real and number.is_number):
        raise ValueError(f"the parameter {expr} of the law {law} is not a real number at the given values")
    return float(number)


STANDARD_NORMAL = StandardNormal()
RADEMACHER = Rademacher()
