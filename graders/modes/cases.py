"""Finite sums written out before an exact comparison evaluates them (coinciding indices, the other case it
must look at besides random points, are ``derive.sums.coinciding_indices``)."""
from __future__ import annotations

import sympy as sp

from derive.equality import expand_sums

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

    return expr.replace(short, expand_sums) if isinstance(expr, sp.Basic) and expr.has(sp.Sum) else expr
