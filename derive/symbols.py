"""Named symbols with the assumptions the engine relies on."""
from __future__ import annotations

import itertools
import numbers

import sympy as sp

_fresh_counter = itertools.count(1)


def as_expr(value: object) -> sp.Basic:
    """A SymPy object from a SymPy object or a Python number; text is refused: expressions are built, not parsed."""
    if isinstance(value, sp.Basic):
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"expected a SymPy expression or a number, not {type(value).__name__}")
    if isinstance(value, numbers.Integral):
        return sp.Integer(int(value))
    if isinstance(value, numbers.Rational):
        return sp.Rational(int(value.numerator), int(value.denominator))
    return sp.Float(float(value))


def dimension(name: str) -> sp.Symbol:
    """A dimension: a positive integer such as ``d_1`` or ``n_\\ell``.

    Examples:
        >>> d = dimension("d_1")
        >>> d.is_integer, d.is_positive
        (True, True)
    """
    return sp.Symbol(name, integer=True, positive=True)


def scale(name: str) -> sp.Symbol:
    """A positive real scale such as ``\\sigma`` or a time per operation."""
    return sp.Symbol(name, positive=True)


def index(name: str) -> sp.Symbol:
    """A summation index (an integer; a sum may start at 0 or below, so no sign is assumed)."""
    return sp.Symbol(name, integer=True)


def fresh_index(stem: str = "i") -> sp.Dummy:
    """A bound index that cannot clash with any user symbol."""
    return sp.Dummy(f"{stem}{next(_fresh_counter)}", integer=True)


def sum_over(summand: sp.Expr, idx: sp.Symbol, upper: sp.Expr, lower: sp.Expr = sp.S.One) -> sp.Sum:
    """``sum_{idx=lower}^{upper} summand`` with the range carried by the sum.

    Examples:
        >>> k, n = index("k"), dimension("n")
        >>> sum_over(k, k, n).doit().factor()
        n*(n + 1)/2
    """
    return sp.Sum(summand, (idx, lower, upper))
