"""``Var[X]`` as an ordinary SymPy node, with the two rules that take it apart.

``Var[X] = E[X^2] - E[X]^2`` always; for a sum of independent terms the variances add, and a
constant factor leaves squared. ``.doit()`` evaluates it exactly with the set-partition method.
"""
from __future__ import annotations

import sympy as sp

from derive.moments.arrays import is_random, random_entries
from derive.moments.expectation import Expectation, expectation
from derive.symbols import as_expr


class Variance(sp.Expr):
    """``Var[expr]``: an unevaluated variance; ``.doit()`` computes ``E[X^2] - E[X]^2`` exactly."""

    is_commutative = True

    def __new__(cls, arg: sp.Expr):
        return sp.Expr.__new__(cls, as_expr(arg))

    @property
    def arg(self) -> sp.Expr:
        return self.args[0]

    def doit(self, **hints) -> sp.Expr:
        inner = self.arg.doit(**hints) if hints.get("deep", True) else self.arg
        return sp.expand(expectation(inner**2) - expectation(inner) ** 2)

    def definition(self) -> sp.Expr:
        """``E[X^2] - E[X]^2``, still unevaluated."""
        return Expectation(self.arg**2) - Expectation(self.arg) ** 2

    def _eval_is_extended_nonnegative(self):
        return True if self.arg.is_extended_real else None

    def _eval_is_real(self):
        return self.arg.is_real

    def _latex(self, printer) -> str:
        return r"\operatorname{Var}\left[%s\right]" % printer._print(self.arg)

    def _sympystr(self, printer) -> str:
        return "Var[%s]" % printer._print(self.arg)

    def _derive_text(self, printer) -> str:
        return "Var[%s]" % printer._print(self.arg)


def variance_definition(expr: sp.Expr) -> sp.Expr:
    """``Var[X] = E[X^2] - E[X]^2``."""
    return expr.replace(lambda e: isinstance(e, Variance), lambda e: e.definition())


def _independent_terms(node: sp.Sum) -> bool:
    """Whether the summands of a one-index sum are independent: every random entry carries the index."""
    (idx, _, _), = node.limits
    return all(idx in entry.indices for entry in random_entries(node.function))


def _split_variance(arg: sp.Expr) -> sp.Expr:
    if not is_random(arg):
        return sp.S.Zero
    if isinstance(arg, sp.Add):
        random_terms = [term for term in arg.args if is_random(term)]
        if len(random_terms) == 1:  # Var[X + c] = Var[X]
            return _split_variance(random_terms[0])
        entries = [random_entries(term) for term in random_terms]
        if all(not (entries[a] & entries[b]) for a in range(len(entries)) for b in range(a + 1, len(entries))):
            return sp.Add(*(_split_variance(term) for term in random_terms))
        return Variance(arg)
    if isinstance(arg, sp.Mul):
        constant = sp.Mul(*(f for f in arg.args if not is_random(f)))
        if constant != 1:  # Var[c X] = c^2 Var[X]
            return constant**2 * _split_variance(sp.Mul(*(f for f in arg.args if is_random(f))))
    if isinstance(arg, sp.Sum) and len(arg.limits) == 1 and _independent_terms(arg):
        return sp.Sum(_split_variance(arg.function), *arg.limits)
    return Variance(arg)


def variance_of_independent_sum(expr: sp.Expr) -> sp.Expr:
    """``Var[sum_i c_i X_i + b] = sum_i c_i^2 Var[X_i]`` for independent terms ``X_i``."""
    return expr.replace(lambda e: isinstance(e, Variance), lambda e: _split_variance(e.arg))
