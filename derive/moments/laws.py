"""Laws of i.i.d. scalar atoms: exact moments for the expectation calculus, samplers for Monte Carlo."""
from __future__ import annotations

import functools
import random
from dataclasses import dataclass

import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Law:
    """A symmetric law of one scalar atom ``t``.

    Moments are asked for in the reduced form ``E[|t|^p sign(t)^q]``: every
    product of powers of ``t``, ``|t|`` and ``sign(t)`` reduces to it.
    """

    name: str
    latex: str
    never_zero: bool = True  # P(t = 0) = 0, so sign(t)^2 = 1 almost surely

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

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Independent draws of the atom, as float64."""
        raise NotImplementedError

    def exact_sample(self, rng: random.Random) -> sp.Expr:
        """One exact value in the atom's support, for identity testing (never zero)."""
        value = sp.Rational(rng.randint(1, 97), rng.randint(1, 13))
        return value if rng.random() < 0.5 else -value


@dataclass(frozen=True)
class StandardNormal(Law):
    """N(0, 1)."""

    name: str = "N(0,1)"
    latex: str = r"\mathcal{N}(0,1)"

    def abs_moment(self, power: int) -> sp.Expr:
        return _normal_abs_moment(power)

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.standard_normal(shape)


@dataclass(frozen=True)
class Rademacher(Law):
    """Uniform on {-1, +1}."""

    name: str = "Rademacher"
    latex: str = r"\mathrm{Rademacher}"

    def abs_moment(self, power: int) -> sp.Expr:
        return sp.S.One

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        return rng.integers(0, 2, size=shape).astype(np.float64) * 2.0 - 1.0

    def exact_sample(self, rng: random.Random) -> sp.Expr:
        return sp.S.One if rng.random() < 0.5 else sp.S.NegativeOne


@functools.lru_cache(maxsize=None)
def _normal_abs_moment(power: int) -> sp.Expr:
    # E|t|^p = 2^{p/2} Gamma((p+1)/2) / sqrt(pi), the integral of |t|^p against the N(0,1) density;
    # SymPy evaluates Gamma at half-integers exactly, e.g. p = 1 gives sqrt(2)/sqrt(pi).
    p = sp.Integer(power)
    return 2 ** (p / 2) * sp.gamma((p + 1) / 2) / sp.sqrt(sp.pi)


STANDARD_NORMAL = StandardNormal()
RADEMACHER = Rademacher()
