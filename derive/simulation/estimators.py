"""Monte Carlo checks of gradient estimators in k dimensions, against a gradient derived exactly.

An estimator is an expectation from a derivation, in the one-coordinate model of
``derive.gradients.nodes``: its body mentions the sampled variable, the parameter, ``f(A)`` and
``grad f(A)`` at an argument ``A`` that is affine in both.  Here the model is lifted back
to vectors: ``A`` is evaluated as a vector, ``f`` and ``grad f`` at it by a concrete
function of k coordinates, and the bare variable and parameter coordinatewise, so each
draw gives the whole gradient vector.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from derive.simulation.records import VerifyConfig, VerifyRecord
from derive.gradients.nodes import ExpectationUnder, IsotropicNormal


@dataclass(frozen=True)
class ConcreteFunction:
    """A concrete ``f: R^k -> R`` given by an expression in ``coordinates``."""

    name: str
    expr: sp.Expr
    coordinates: tuple[sp.Symbol, ...]

    def value(self, points: np.ndarray) -> np.ndarray:
        """``f`` at each row of ``points``."""
        return np.asarray(sp.lambdify([self.coordinates], self.expr, "numpy")(points.T), dtype=float) \
            * np.ones(points.shape[0])

    def gradient(self, points: np.ndarray) -> np.ndarray:
        """``grad f`` at each row of ``points``, shape ``(n, k)``."""
        columns = [sp.lambdify([self.coordinates], sp.diff(self.expr, u), "numpy")(points.T)
                   for u in self.coordinates]
        return np.stack([np.asarray(c, dtype=float) * np.ones(points.shape[0]) for c in columns], axis=1)


@functools.lru_cache(maxsize=64)
def exact_gradient(function: ConcreteFunction, mean: tuple[float, ...], std: sp.Expr) -> np.ndarray:
    """``grad_mu E_{z~N(0,I)}[f(mu + std z)]`` at ``mean``, derived term by term in closed form.

    Polynomial terms use the Gaussian moments E z^n = (n-1)!!; any other term must involve
    one coordinate and is integrated against the normal density by SymPy.
    """
    mus = sp.symbols(f"m_1:{len(function.coordinates) + 1}", real=True)
    zs = sp.symbols(f"t_1:{len(function.coordinates) + 1}", real=True)
    shifted = function.expr.xreplace({u: m + std * t for u, m, t in zip(function.coordinates, mus, zs)})
    objective = sum(_gaussian_mean(term, zs) for term in sp.Add.make_args(sp.expand(shifted)))
    gradient = [sp.diff(objective, m) for m in mus]
    point = dict(zip(mus, (sp.Float(v) for v in mean)))
    return np.array([float(g.xreplace(point)) for g in gradient])


def _gaussian_mean(term: sp.Expr, zs: Sequence[sp.Symbol]) -> sp.Expr:
    if term.is_polynomial(*zs):
        poly = sp.Poly(term, *zs)
        return sum(coeff * sp.Mul(*(sp.factorial2(n - 1) if n % 2 == 0 else 0 for n in powers))
                   for powers, coeff in poly.terms())
    present = [t for t in zs if term.has(t)]
    if len(present) != 1:
        raise ValueError(f"cannot integrate {term}: it couples several coordinates")
    t = present[0]
    by_mgf = _mean_by_mgf(term, t)
    if by_mgf is not None:
        return by_mgf
    return sp.simplify(sp.integrate(term * sp.exp(-t**2 / 2) / sp.sqrt(2 * sp.pi), (t, -sp.oo, sp.oo)))


def _mean_by_mgf(term: sp.Expr, t: sp.Symbol) -> sp.Expr | None:
    """Sines, cosines and exponentials of ``a + b t``, through the moment generating function E e^(c t) = e^(c^2/2)."""
    total = sp.S.Zero
    for piece in sp.Add.make_args(sp.expand(term.rewrite(sp.exp))):
        coefficient, exponential = piece.as_independent(t, as_Add=False)
        exponent = sp.expand(exponential.args[0]) if exponential.func == sp.exp else None
        if exponent is None or not exponent.is_polynomial(t) or sp.degree(exponent, t) != 1:
            return None
        slope = exponent.coeff(t, 1)
        total += coefficient * sp.exp(exponent.coeff(t, 0) + slope**2 / 2)
    return sp.simplify(total.rewrite(sp.cos))


def estimator_draws(estimator: ExpectationUnder, parameter: sp.Symbol, function: ConcreteFunction,
                    mean: Sequence[float], values: dict, samples: int, rng: np.random.Generator) -> np.ndarray:
    """One gradient estimate per draw, shape ``(samples, k)``."""
    law = estimator.law
    if not isinstance(law, IsotropicNormal):
        raise ValueError("estimators are simulated under Gaussian laws only")
    k = len(function.coordinates)
    mu = np.asarray(mean, dtype=float)
    numeric = {symbol: float(v) for symbol, v in values.items()}

    def as_vector(expr: sp.Expr, draws: np.ndarray) -> np.ndarray:
        fn = sp.lambdify([estimator.variable, parameter, *numeric], expr, "numpy")
        return np.broadcast_to(np.asarray(fn(draws, mu, *numeric.values()), dtype=float), (samples, k))

    centre = as_vector(law.mean, np.zeros((samples, k)))
    spread = float(sp.sqrt(law.variance).xreplace(values))
    draws = centre + spread * rng.standard_normal((samples, k))
    placeholders, arrays = {}, {}
    for number, node in enumerate(_function_nodes(estimator.body)):
        symbol = sp.Symbol(f"_F{number}")
        point = as_vector(node.point[0] if isinstance(node, sp.Subs) else node.args[0], draws)
        arrays[symbol] = function.gradient(point) if isinstance(node, sp.Subs) else function.value(point)[:, None]
        placeholders[node] = symbol
    body = estimator.body.xreplace(placeholders)
    fn = sp.lambdify([estimator.variable, parameter, *numeric, *arrays], body, "numpy")
    return np.broadcast_to(np.asarray(fn(draws, mu, *numeric.values(), *arrays.values()), dtype=float),
                           (samples, k))


def _function_nodes(body: sp.Expr) -> list[sp.Basic]:
    """``grad f(A)`` (a Subs of the derivative) and ``f(A)`` outside them."""
    gradients = list(body.atoms(sp.Subs))
    values = [node for node in body.atoms(AppliedUndef) if not any(g.has(node) for g in gradients)]
    return gradients + values


def estimator_records(problem: str, slot: str, name: str, estimator: ExpectationUnder, parameter: sp.Symbol,
                      scale: sp.Symbol, scale_value: float, functions: Sequence[ConcreteFunction],
                      mean: Sequence[float], config: VerifyConfig) -> list[VerifyRecord]:
    """Simulate ``estimator`` of ``grad_mu E_{x~N(mu, scale^2 I)}[f(x)]`` for each test function; its mean must
    match the exact gradient in every coordinate."""
    records = []
    for offset, function in enumerate(functions):
        rng = np.random.default_rng(config.seed + offset)
        draws = estimator_draws(estimator, parameter, function, mean, {scale: scale_value}, config.samples, rng)
        exact = exact_gradient(function, tuple(mean), sp.Float(scale_value))
        means, errors = draws.mean(axis=0), draws.std(axis=0, ddof=1) / np.sqrt(config.samples)
        z_scores = np.abs(means - exact) / np.maximum(errors, 1e-300)
        worst = int(np.argmax(z_scores))
        records.append(VerifyRecord(
            problem=problem, slot=slot,
            closed_form=f"{exact[worst]:.6g} = dF/dmu_{worst + 1} ({name}, f = {function.name})",
            dims={"k": len(mean), "coordinate": worst + 1}, samples=config.samples,
            mc_mean=float(means[worst]), mc_stderr=float(errors[worst]),
            passed=bool(np.all(z_scores <= config.band)), method="monte-carlo", expected=float(exact[worst]),
        ))
    return records
