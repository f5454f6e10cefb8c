"""Linear recurrences ``m_t = a m_{t-1} + u_t`` as SymPy nodes, unrolled into sums, and geometric series.

``LinearRecurrence`` keeps the recursion itself: a Monte Carlo check steps through it draw by draw,
and an identity test runs it at concrete ``t``, so an unrolled closed form is checked against the
recursion, not against itself.
"""
from __future__ import annotations

import sympy as sp

from derive.symbols import as_expr


class LinearRecurrence(sp.Expr):
    """``m_t`` where ``m_0 = initial`` and ``m_s = coefficient * m_{s-1} + increment(s)`` for ``s = 1..t``."""

    is_commutative = True

    def __new__(cls, name: str | sp.Symbol, coefficient: sp.Expr, increment: sp.Lambda, initial: sp.Expr,
                steps: sp.Expr):
        name = name if isinstance(name, sp.Symbol) else sp.Symbol(name)
        return sp.Expr.__new__(cls, name, as_expr(coefficient), increment, as_expr(initial), as_expr(steps))

    name = property(lambda self: self.args[0].name)
    coefficient = property(lambda self: self.args[1])
    increment = property(lambda self: self.args[2])  # a Lambda: s -> u_s
    initial = property(lambda self: self.args[3])
    steps = property(lambda self: self.args[4])

    @property
    def free_symbols(self) -> set:
        return self.coefficient.free_symbols | self.increment.free_symbols | self.initial.free_symbols \
            | self.steps.free_symbols

    def unrolled(self) -> sp.Expr:
        """``a^t m_0 + sum_{s=1}^{t} a^{t-s} u_s``."""
        index = self.increment.variables[0]
        a, t = self.coefficient, self.steps
        return a**t * self.initial + sp.Sum(a ** (t - index) * self.increment.expr, (index, 1, t))

    def doit(self, **hints) -> sp.Expr:
        if not self.steps.is_Integer:
            return self
        value = self.initial
        for step in range(1, int(self.steps) + 1):
            value = self.coefficient * value + self.increment(sp.Integer(step))
        return value

    def _latex(self, printer) -> str:
        return r"%s_{%s}" % (self.name, printer._print(self.steps))

    def _sympystr(self, printer) -> str:
        return "%s_%s" % (self.name, printer._print(self.steps))

    _derive_text = _sympystr


def linear_recurrence(name: str, coefficient: sp.Expr, increment: sp.Expr, index: sp.Symbol, initial: sp.Expr,
                      steps: sp.Expr) -> LinearRecurrence:
    """``name_steps`` with ``name_0 = initial`` and ``name_s = coefficient * name_{s-1} + increment`` (``index`` = s)."""
    return LinearRecurrence(name, coefficient, sp.Lambda(index, as_expr(increment)), initial, steps)


def unroll(expr: sp.Expr) -> sp.Expr:
    """Every linear recurrence written out as its unrolled sum."""
    return expr.replace(lambda e: isinstance(e, LinearRecurrence), lambda e: e.unrolled())


def geometric_ratio(node: sp.Basic) -> sp.Expr | None:
    """The constant ratio of consecutive terms of a one-index sum, or None when it has none (or it is 1)."""
    if not (isinstance(node, sp.Sum) and len(node.limits) == 1 and len(node.limits[0]) == 3):
        return None
    index = node.limits[0][0]
    term = node.function
    if not term.has(index) or any(isinstance(f, sp.Indexed) and index in f.indices for f in term.atoms(sp.Indexed)):
        return None
    ratio = sp.simplify(sp.powsimp(term.xreplace({index: index + 1}) / term, force=True))
    return None if ratio.has(index) or ratio == 1 else ratio


def _closed_form(node: sp.Basic) -> sp.Basic:
    ratio = geometric_ratio(node)
    if ratio is None:
        return node
    (index, lower, upper), = node.limits
    first = node.function.xreplace({index: lower})
    return sp.simplify(first * (1 - ratio ** (upper - lower + 1)) / (1 - ratio))


def geometric_series(expr: sp.Expr) -> sp.Expr:
    """``sum_{s=a}^{b} c r^s = c r^a (1 - r^{b-a+1}) / (1 - r)`` for a ratio ``r != 1``."""
    return expr.replace(lambda e: isinstance(e, sp.Sum), _closed_form)
