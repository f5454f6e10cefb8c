"""Functions of a random atom that the expectation calculus can take moments of.

``ReLU(t) = max(t, 0) = (t + |t|)/2``, so ``ReLU(t)^n = |t|^n (1 + sign t)/2`` for ``n >= 1``: its
moments are the atom's absolute and signed moments, whatever the atom's law.
"""
from __future__ import annotations

import sympy as sp


class ReLU(sp.Function):
    """``max(t, 0)``, the rectified linear unit, as an ordinary SymPy function node."""

    @classmethod
    def eval(cls, arg):
        if arg.is_extended_nonnegative:
            return arg
        if arg.is_extended_nonpositive:
            return sp.S.Zero
        return None

    def _eval_is_extended_nonnegative(self):
        return True if self.args[0].is_extended_real else None

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_rewrite_as_Abs(self, arg, **kwargs):
        return (arg + sp.Abs(arg)) / 2

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sp.Heaviside(self.args[0])

    def _latex(self, printer, exp=None) -> str:
        body = r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])
        return body if exp is None else r"%s^{%s}" % (body, exp)


def relu(arg: sp.Expr) -> sp.Expr:
    """``ReLU(arg) = max(arg, 0)``."""
    return ReLU(arg)


def rectified_as_abs(expr: sp.Expr) -> sp.Expr:
    """Every ``ReLU(t)^n`` written as ``(|t|^n + |t|^n sign t)/2`` (``n >= 1``), so moments apply."""
    def rewrite(node: sp.Expr) -> sp.Expr:
        base, exponent = node.as_base_exp()
        arg = base.args[0]
        return (sp.Abs(arg) ** exponent + sp.Abs(arg) ** exponent * sp.sign(arg)) / 2

    return expr.replace(
        lambda e: (isinstance(e, ReLU) or (isinstance(e, sp.Pow) and isinstance(e.base, ReLU)
                                           and e.exp.is_Integer and e.exp > 0)),
        rewrite)
