"""Refusing answers too long, too deep or touching files, and numbers too large to build, before any evaluation."""
from __future__ import annotations

import math
import sys

import sympy as sp

from graders.reading.errors import LatexError, ReadError, TooLargeError
from graders.reading.latex import LatexConfig, check_latex

__all__ = ["TooLargeError", "check_size", "guard_answer", "log10_magnitude"]

# Python refuses to print an integer of more than 4,300 digits; the guard below bounds values at 10,000 digits,
# so an answer between the two is printed and compared like any other, never failed with Python's own message.
_PRINTABLE_DIGITS = 100_000
if hasattr(sys, "set_int_max_str_digits") and 0 < sys.get_int_max_str_digits() < _PRINTABLE_DIGITS:
    sys.set_int_max_str_digits(_PRINTABLE_DIGITS)


def guard_answer(raw: str, max_length: int, max_depth: int, error: type[ReadError] = ReadError) -> None:
    """Refuse over-long or too deeply nested answers, and TeX that touches files or defines macros, before any
    reader sees them; ``error`` is the reader's own ReadError subclass."""
    if len(raw) > max_length:
        raise error(f"the answer is {len(raw)} characters long; the limit is {max_length}", True)
    try:
        check_latex(raw, LatexConfig(max_length, max_depth))
    except TooLargeError as problem:
        raise error(str(problem), too_large=True) from problem
    except LatexError as problem:
        raise error(str(problem)) from problem


def log10_magnitude(expr: sp.Basic) -> float | None:
    """An upper estimate of log10|value| for a numeric tree, or None if not numeric."""
    if expr.is_Integer or expr.is_Rational or expr.is_Float:
        value = abs(expr)
        return math.log10(value) if value > 0 else 0.0
    if expr in (sp.pi, sp.E):
        return 0.5
    if isinstance(expr, sp.Pow):
        base, exponent = log10_magnitude(expr.base), _exponent_value(expr.exp)
        if base is None or exponent is None:
            return None
        return abs(exponent) * max(base, 0.0) if exponent > 0 else 0.0
    if isinstance(expr, sp.factorial):
        n = log10_magnitude(expr.args[0])
        if n is None:
            return None
        size = 10.0 ** min(n, 300)
        return size * math.log10(max(size, 2.0))
    if isinstance(expr, (sp.Add, sp.Mul)):
        parts = [log10_magnitude(a) for a in expr.args]
        if any(p is None for p in parts):
            return None
        return sum(parts) + (1.0 if isinstance(expr, sp.Add) else 0.0)
    return None


def _exponent_value(expr: sp.Basic) -> float | None:
    magnitude = log10_magnitude(expr)
    if magnitude is None:
        return None
    if magnitude > 300:
        return math.inf
    try:
        return float(expr) if magnitude < 15 else 10.0**magnitude
    except (TypeError, ValueError):
        return 10.0**magnitude


def check_size(expr: sp.Basic, max_digits: int = 10_000, max_factorial: int = 1000, max_nodes: int = 20_000) -> None:
    """Raise TooLargeError for subtrees whose value would have more than ``max_digits`` digits."""
    nodes = 0
    for node in sp.preorder_traversal(expr):
        nodes += 1
        if nodes > max_nodes:
            raise TooLargeError(f"the answer has more than {max_nodes} parts")
        if isinstance(node, (sp.gamma, sp.binomial)) and all(a.is_number for a in node.args):
            magnitude = max((log10_magnitude(a) or math.inf) for a in node.args)
            if magnitude > math.log10(max_factorial):
                raise TooLargeError(f"{type(node).__name__} of a number above {max_factorial} is not computed")
        if isinstance(node, sp.Pow) and not node.base.is_number and node.exp.is_number:
            exponent = log10_magnitude(node.exp)
            if exponent is None or exponent > 4:  # x^(10^9): every evaluation would build a huge number
                raise TooLargeError("a power with an exponent above 10000 is too large to work with")
        if isinstance(node, sp.factorial) and node.args[0].is_number:
            magnitude = log10_magnitude(node.args[0])
            if magnitude is None or magnitude > math.log10(max_factorial):
                raise TooLargeError(f"factorial of a number above {max_factorial} is not computed")
        elif isinstance(node, sp.Pow) and node.base.is_number and node.exp.is_number:
            magnitude = log10_magnitude(node)
            if magnitude is not None and magnitude > max_digits:
                raise TooLargeError(f"a power with about {_shown(magnitude)} digits is too large to compute")


def _shown(magnitude: float) -> str:
    if math.isinf(magnitude) or magnitude > 1e300:
        return "more than 10^300"
    return "10^%d" % math.log10(magnitude) if magnitude > 1e6 else "%d" % magnitude
