"""Sums over pairwise-distinct indices, and readable names for bound indices."""
from __future__ import annotations

import itertools
import re

import sympy as sp

from derive.symbols import as_expr


class DistinctSum(sp.Expr):
    """``sum over pairwise distinct k, k', ... in [lower, upper] of summand``."""

    is_commutative = True
    is_distinct_sum = True

    def __new__(cls, summand: sp.Expr, indices, lower: sp.Expr, upper: sp.Expr):
        return sp.Expr.__new__(cls, as_expr(summand), sp.Tuple(*indices), as_expr(lower), as_expr(upper))

    @property
    def summand(self) -> sp.Expr:
        return self.args[0]

    @property
    def indices(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.args[1])

    @property
    def lower(self) -> sp.Expr:
        return self.args[2]

    @property
    def upper(self) -> sp.Expr:
        return self.args[3]

    @property
    def free_symbols(self) -> set:
        bound = set(self.indices)
        inner = {s for s in self.summand.free_symbols if not (s.free_symbols & bound) and s not in bound}
        return inner | self.lower.free_symbols | self.upper.free_symbols

    @property
    def length(self) -> sp.Expr:
        return self.upper - self.lower + 1

    def doit(self, **hints) -> sp.Expr:
        summand = self.summand.doit(**hints) if hints.get("deep", True) else self.summand
        if not any(summand.has(i) for i in self.indices):
            return sp.ff(self.length, len(self.indices)) * summand
        if self.lower.is_Integer and self.upper.is_Integer:
            values = range(int(self.lower), int(self.upper) + 1)
            return sp.Add(*(
                summand.xreplace(dict(zip(self.indices, map(sp.Integer, chosen))))
                for chosen in itertools.permutations(values, len(self.indices))
            ))
        return self.func(summand, self.indices, self.lower, self.upper)

    def _latex(self, printer) -> str:
        names = [printer._print(i) for i in self.indices]
        if len(names) == 2:
            under = rf"{names[0]} \neq {names[1]}"
        else:
            under = ", ".join(names) + r"\ \mathrm{distinct}"
        return r"\sum_{%s} %s" % (under, printer.parenthesize(self.summand, 50))

    def _sympystr(self, printer) -> str:
        names = ", ".join(printer._print(i) for i in self.indices)
        bounds = f"{printer._print(self.lower)}, {printer._print(self.upper)}"
        return f"DistinctSum({printer._print(self.summand)}, ({names}), {bounds})"


def bound_limits(node: sp.Basic) -> list[sp.Symbol]:
    """The index symbols bound by a Sum or DistinctSum node."""
    if isinstance(node, sp.Sum):
        return [limit[0] for limit in node.limits]
    if isinstance(node, DistinctSum):
        return list(node.indices)
    return []


def _stem(symbol: sp.Symbol) -> str:
    name = symbol.name.lstrip("_")
    return re.sub(r"[0-9']+$", "", name) or "i"


def tidy_indices(expr: sp.Expr) -> sp.Expr:
    """Rename machine-made bound indices to ``k, k', k''`` so results read like a textbook."""
    taken = {s.name for s in expr.free_symbols}
    renames: dict[sp.Symbol, sp.Symbol] = {}
    for node in sp.preorder_traversal(expr):
        for idx in bound_limits(node):
            if idx in renames or not isinstance(idx, sp.Dummy):
                continue
            stem, primes = _stem(idx), ""
            while stem + primes in taken:
                primes += "'"
            taken.add(stem + primes)
            renames[idx] = sp.Symbol(stem + primes, **idx.assumptions0)
    return expr.xreplace(renames) if renames else expr


def _collapse(node: sp.Sum) -> sp.Expr:
    (idx, lower, upper), = node.limits
    kept, collapsed = [], []
    for term in sp.Add.make_args(sp.expand(node.function)):
        deltas = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.KroneckerDelta) and f.has(idx)]
        other = [a for delta in deltas[:1] for a in delta.args if a != idx]
        if len(other) == 1 and not other[0].has(idx):
            value = other[0]
            inside = sp.And(value >= lower, value <= upper)
            collapsed.append(sp.Piecewise((term.xreplace({idx: value}), inside), (0, True)))
        else:
            kept.append(term)
    if not collapsed:
        return node
    return sp.Add(*collapsed) + (sp.Sum(sp.Add(*kept), node.limits[0]) if kept else sp.S.Zero)


def collapse_kronecker(expr: sp.Expr) -> sp.Expr:
    """``sum_i f(i) delta_{ij} = f(j)`` when ``j`` is in the range (else 0), as a Piecewise."""
    return expr.replace(
        lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1 and len(e.limits[0]) == 3
        and any(e.limits[0][0] in d.args for d in e.function.atoms(sp.KroneckerDelta)),
        _collapse)


def coinciding_indices(*exprs: sp.Basic) -> list[dict]:
    """For the free integer symbols a Kronecker delta compares, each way of making two of them equal: random
    indices seldom coincide, so an identity test must try these cases on purpose."""
    compared = sorted({arg for expr in exprs if isinstance(expr, sp.Basic) for delta in expr.atoms(sp.KroneckerDelta)
                       for arg in delta.args if isinstance(arg, sp.Symbol) and arg.is_integer
                       and arg in expr.free_symbols}, key=str)
    return [{second: first} for position, first in enumerate(compared) for second in compared[position + 1:]]
