"""Growth classes: ``Theta(d_1^2)`` as an expression node, derived from a closed form."""
from __future__ import annotations

import sympy as sp


class Theta(sp.Function):
    """``Theta(g)``: the growth class of g as its dimensions grow (unevaluated)."""

    nargs = 1

    def _latex(self, printer) -> str:
        return r"\Theta\left(%s\right)" % printer._print(self.args[0])


def growth_exponent(expr: sp.Expr, dim: sp.Symbol) -> sp.Expr:
    """The p with ``expr = Theta(dim^p)`` as ``dim`` grows, the others fixed."""
    return sp.limit(sp.log(sp.Abs(expr)) / sp.log(dim), dim, sp.oo)


def growth_class(expr: sp.Expr, dims: list[sp.Symbol]) -> sp.Expr:
    """``Theta(prod dim^p)`` over the given dimensions; exponent 0 means independent of it."""
    monomial = sp.Mul(*(dim ** growth_exponent(expr, dim) for dim in dims))
    return Theta(monomial)


def leading_term(expr: sp.Expr, dim: sp.Symbol) -> sp.Expr:
    """The leading term of ``expr`` as ``dim`` grows."""
    return sp.limit(expr / dim ** growth_exponent(expr, dim), dim, sp.oo) * dim ** growth_exponent(expr, dim)


class BigO(sp.Function):
    """``O(g)``: grows at most like g (unevaluated; SymPy's own Order means something else at 0)."""

    nargs = 1

    def _latex(self, printer) -> str:
        return r"O\left(%s\right)" % printer._print(self.args[0])


class BigOmega(sp.Function):
    """``Omega(g)``: grows at least like g (unevaluated)."""

    nargs = 1

    def _latex(self, printer) -> str:
        return r"\Omega\left(%s\right)" % printer._print(self.args[0])
