"""Checking identities between expectations with undefined functions, by test functions.

An identity such as ``grad_mu E_{x~N(mu, sigma^2)}[f(x)] = E_z[f(mu + sigma z) z / sigma]``
must hold for every smooth ``f`` and every density family.  We substitute several
concrete test functions (a cubic, a sine plus a square, an exponential) and concrete
Gaussian families for ``p_theta``, give the remaining symbols random admissible values,
and evaluate both sides numerically: expectations by Gauss-Hermite quadrature, a
gradient of an expectation whose law moves by a five-point finite difference.  This
route shares nothing with the rules being checked (no change of variables, no Stein's
lemma, no differentiation under the integral), so a wrong rule cannot vouch for itself.
"""
from __future__ import annotations

import random as _random
from dataclasses import dataclass
from typing import Callable

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from derive.gradients.nodes import BaseDensity, BaseLaw, Density, DensityFamily, ExpectationUnder, IsotropicNormal, Score

_U, _V = sp.symbols("u v", real=True)
_NODES, _WEIGHTS = np.polynomial.hermite.hermgauss(80)


@dataclass(frozen=True)
class ConcreteCase:
    """One concrete world: test functions for the undefined functions and laws for the abstract families."""

    functions: dict[int, sp.Lambda]  # by number of arguments
    family: Callable[[sp.Expr], IsotropicNormal]  # p_theta
    base: IsotropicNormal  # p(z)


CONCRETE_CASES: tuple[ConcreteCase, ...] = (
    ConcreteCase({1: sp.Lambda(_U, _U**3 / 3 - _U + sp.Rational(1, 2)),
              2: sp.Lambda((_U, _V), _V + (1 + _V**2 / 4) * _U + _U**3 / 10)},
             lambda t: IsotropicNormal(t, 1), IsotropicNormal(0, 1)),
    ConcreteCase({1: sp.Lambda(_U, sp.sin(2 * _U) + _U**2 / 4),
              2: sp.Lambda((_U, _V), sp.sin(_V) + sp.Rational(4, 5) * _U * sp.exp(_V / 3))},
             lambda t: IsotropicNormal(t / 2, sp.exp(t)), IsotropicNormal(sp.Rational(3, 10), sp.Rational(1, 2))),
    ConcreteCase({1: sp.Lambda(_U, sp.exp(_U / 2) - _U / 3),
              2: sp.Lambda((_U, _V), _V**2 * _U + _V - sp.cos(_U))},
             lambda t: IsotropicNormal(-t, sp.Rational(1, 4) + t**2), IsotropicNormal(-1, 2)),
)


class NotEvaluable(ValueError):
    """An expression the test-function route cannot evaluate."""


def involves_sampling(expr: sp.Basic) -> bool:
    """Whether ``expr`` has expectations under a law, scores or undefined functions."""
    return bool(expr.atoms(ExpectationUnder, Score, AppliedUndef))


def concretize(expr: sp.Expr, case: ConcreteCase) -> sp.Expr:
    """Put the test case's concrete functions and laws in place of the undefined ones."""
    def law_of(law):
        if isinstance(law, DensityFamily):
            return case.family(law.parameter)
        if isinstance(law, BaseLaw):
            return case.base
        return law

    expr = expr.replace(lambda e: isinstance(e, ExpectationUnder),
                        lambda e: ExpectationUnder(e.body, e.variable, law_of(e.law)))
    expr = expr.replace(lambda e: isinstance(e, Score), lambda e: Score(law_of(e.law), e.args[1], e.args[2]).doit())
    expr = expr.replace(lambda e: isinstance(e, Density), lambda e: case.family(e.args[1]).density(e.args[0]))
    expr = expr.replace(lambda e: isinstance(e, BaseDensity), lambda e: case.base.density(e.args[0]))
    for func in {node.func for node in expr.atoms(AppliedUndef)}:
        arity = len(next(node for node in expr.atoms(AppliedUndef) if node.func == func).args)
        if arity not in case.functions:
            raise NotEvaluable(f"no test function with {arity} arguments")
        expr = expr.subs(func, case.functions[arity])
    return expr.doit()


def evaluate(expr: sp.Expr, values: dict) -> complex:
    """The number ``expr`` stands for at ``values``, once its functions are concrete."""
    replaced = {node: sp.Float(_value(node, values), 30) for node in _outermost(expr)}
    number = sp.N(expr.xreplace(replaced).xreplace(values), 30)
    if not number.is_number:
        raise NotEvaluable(f"symbols left after substitution: {number.free_symbols}")
    return complex(number)


def _outermost(expr: sp.Basic) -> list[sp.Basic]:
    """Expectations, and derivatives of expressions holding them, not inside another such node."""
    if isinstance(expr, ExpectationUnder) or (isinstance(expr, sp.Derivative) and expr.expr.has(ExpectationUnder)):
        return [expr]
    return [node for arg in expr.args for node in _outermost(arg)]


def _value(node: sp.Basic, values: dict) -> float:
    if isinstance(node, sp.Derivative):
        (symbol, order), = node.variable_count
        if order != 1:
            raise NotEvaluable("only first derivatives of expectations are evaluated")
        step = 1e-2
        at = lambda shift: evaluate(node.expr, {**values, symbol: values[symbol] + shift}).real  # noqa: E731
        return (-at(2 * step) + 8 * at(step) - 8 * at(-step) + at(-2 * step)) / (12 * step)
    law = node.law
    if not isinstance(law, IsotropicNormal):
        raise NotEvaluable(f"no quadrature for the law {law}")
    mean = float(law.mean.xreplace(values))
    variance = float(law.variance.xreplace(values))
    if variance <= 0:
        raise NotEvaluable("a law with non-positive variance")
    body = node.body.xreplace({k: v for k, v in values.items() if k != node.variable})
    if body.has(ExpectationUnder):
        raise NotEvaluable("nested expectations")
    integrand = sp.lambdify(node.variable, body, "numpy")
    points = mean + np.sqrt(2 * variance) * _NODES
    samples = np.broadcast_to(np.asarray(integrand(points), dtype=float), points.shape)
    return float(np.dot(_WEIGHTS, samples) / np.sqrt(np.pi))


def random_values(symbols, rng: _random.Random) -> dict:
    """Admissible random values: positive symbols in [1/2, 3/2], the others in [-1, 1]."""
    values = {}
    for symbol in sorted(symbols, key=str):
        if symbol.is_positive:
            values[symbol] = sp.Rational(rng.randint(50, 150), 100)
        else:
            values[symbol] = sp.Rational(rng.randint(-100, 100), 100)
    return values


def check_with_test_functions(lhs: sp.Expr, rhs: sp.Expr, points: int = 3, seed: int = 20261123,
                        tolerance: float = 1e-6) -> tuple[str, str]:
    """``("equal"|"different"|"undecided", detail)`` for ``lhs == rhs`` over every test case."""
    rng = _random.Random(seed)
    symbols = _symbols(lhs) | _symbols(rhs)
    compared = 0
    for number, case in enumerate(CONCRETE_CASES, 1):
        try:
            left, right = concretize(lhs, case), concretize(rhs, case)
        except NotEvaluable as error:
            return "undecided", str(error)
        for _ in range(points):
            values = random_values(symbols, rng)
            try:
                a, b = evaluate(left, values), evaluate(right, values)
            except (NotEvaluable, TypeError, ValueError, ZeroDivisionError) as error:
                return "undecided", f"could not evaluate: {error}"
            if not (np.isfinite(a) and np.isfinite(b)):
                continue
            compared += 1
            if abs(a - b) > tolerance * max(1.0, abs(a), abs(b)):
                shown = ", ".join(f"{k}={v}" for k, v in values.items())
                return "different", f"sides differ for test function {number} at {shown} ({a.real:.6g} vs {b.real:.6g})"
    if not compared:
        return "undecided", "no test point could be evaluated"
    return "equal", f"{len(CONCRETE_CASES)} test functions x {points} random points"


def _symbols(expr: sp.Expr) -> set:
    """Free symbols, including those only inside laws; bound variables of expectations excluded."""
    return {s for s in expr.free_symbols if isinstance(s, sp.Symbol)}
