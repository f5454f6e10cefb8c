"""The cases an exact comparison must look at besides random points: coinciding indices, and finite sums
written out term by term."""
from __future__ import annotations

import sympy as sp

_WRITTEN_OUT_TERMS = 1000


def short_sums_written_out(expr: sp.Basic) -> sp.Basic:
    """A sum with integer limits and few terms, written out: SymPy's own evaluation of some finite sums
    (``sum_{i=1}^{38} (6/101)^{38-i}``) gives 0."""
    def short(node: sp.Basic) -> bool:
        if not isinstance(node, sp.Sum) or not all(lo.is_Integer and hi.is_Integer for _, lo, hi in node.limits):
            return False
        terms = 1
        for _, lower, upper in node.limits:
            terms *= max(0, int(upper) - int(lower) + 1)
        return terms <= _WRITTEN_OUT_TERMS

    return expr.replace(short, lambda node: node.doit()) if isinstance(expr, sp.Basic) and expr.has(sp.Sum) else expr


def index_coincidences(*exprs: sp.Basic) -> list[dict]:
    """For integer symbols that a Kronecker delta compares, each way of making two of them equal."""
    compared = sorted({arg for expr in exprs if isinstance(expr, sp.Basic) for delta in expr.atoms(sp.KroneckerDelta)
                       for arg in delta.args if isinstance(arg, sp.Symbol) and arg.is_integer
                       and arg in expr.free_symbols}, key=str)
    return [{second: first} for position, first in enumerate(compared) for second in compared[position + 1:]]
