"""The set of real values of one variable that satisfy a condition, by the cheapest exact route.

SymPy's ``as_set`` solves every relation through ``solve_univariate_inequality``, which first asks
whether the relation is periodic (a ``simplify`` per relation) and costs tens of milliseconds even for
``x > 2``.  Most conditions in answers are relations between rational functions of the variable, joined
by and/or/not: those are solved here as polynomial sign problems (exact real roots, no periodicity
test) and joined with set operations.  Anything else (``|x| < 2``, ``sin x > 0``, irrational
coefficients) falls back, relation by relation, to SymPy's general solver; an absolute value of a rational
function is split by the sign of its argument first.
"""
from __future__ import annotations

import functools

import sympy as sp
from sympy.logic.boolalg import BooleanAtom
from sympy.solvers.inequalities import solve_rational_inequalities

__all__ = ["condition_set", "same_set"]

# Each relation as (positive side, operator of solve_rational_inequalities).
_OPERATORS = {sp.StrictGreaterThan: (1, ">"), sp.GreaterThan: (1, ">="), sp.StrictLessThan: (-1, ">"),
              sp.LessThan: (-1, ">="), sp.Equality: (1, "=="), sp.Unequality: (1, "!=")}


def condition_set(condition: sp.Basic, variable: sp.Symbol) -> sp.Set:
    """The real values of ``variable`` (a real symbol) satisfying ``condition``; raise what SymPy raises when
    the general solver gives up."""
    if isinstance(condition, BooleanAtom):
        return sp.S.Reals if condition == sp.true else sp.S.EmptySet
    if isinstance(condition, sp.And):
        return sp.Intersection(*(condition_set(part, variable) for part in condition.args))
    if isinstance(condition, sp.Or):
        return sp.Union(*(condition_set(part, variable) for part in condition.args))
    if isinstance(condition, sp.Not):
        return sp.Complement(sp.S.Reals, condition_set(condition.args[0], variable))
    if type(condition) in _OPERATORS:
        solved = _rational_relation_set(condition, variable)
        if solved is not None:
            return solved
        absolute = _rational_absolute_value(condition, variable)
        if absolute is not None:  # |u| < 2: u < 2 where u >= 0, -u < 2 where u < 0
            inner = absolute.args[0]
            return sp.Union(
                sp.Intersection(condition_set(condition.xreplace({absolute: inner}), variable),
                                condition_set(sp.GreaterThan(inner, 0), variable)),
                sp.Intersection(condition_set(condition.xreplace({absolute: -inner}), variable),
                                condition_set(sp.StrictLessThan(inner, 0), variable)))
    if isinstance(condition, sp.Eq):
        return sp.solveset(condition.lhs - condition.rhs, variable, domain=sp.S.Reals)
    return condition.as_set()


def _rational_absolute_value(relation: sp.Basic, variable: sp.Symbol) -> sp.Abs | None:
    """An absolute value of a rational function of ``variable`` inside ``relation``, innermost first."""
    for node in sp.postorder_traversal(relation):
        if isinstance(node, sp.Abs) and node.args[0].free_symbols == {variable} \
                and node.args[0].is_rational_function(variable):
            return node
    return None


def _rational_relation_set(relation: sp.Basic, variable: sp.Symbol) -> sp.Set | None:
    """The solutions of a relation between rational functions of ``variable`` with rational coefficients,
    or None when the relation is of another kind."""
    if not all(isinstance(side, sp.Expr) for side in relation.args):
        return None
    sign, operator = _OPERATORS[type(relation)]
    difference = sign * (relation.lhs - relation.rhs)
    if difference.free_symbols - {variable} or not difference.is_rational_function(variable):
        return None
    numerator, denominator = sp.together(difference).as_numer_denom()
    try:
        numerator_poly, denominator_poly = sp.Poly(numerator, variable), sp.Poly(denominator, variable)
        if not _rational_coefficients(numerator_poly) or not _rational_coefficients(denominator_poly):
            return None
        undefined = _undefined_points(difference, variable)
        if undefined is None:
            return None
        solved = solve_rational_inequalities([[((numerator_poly, denominator_poly), operator)]])
        return sp.Complement(solved, undefined) if undefined else solved
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return None


def _rational_coefficients(polynomial: sp.Poly) -> bool:
    """Whether a polynomial's coefficients are rational numbers (so its real roots are exact)."""
    return polynomial.domain.is_QQ or polynomial.domain.is_ZZ


def _undefined_points(expression: sp.Expr, variable: sp.Symbol) -> sp.FiniteSet | None:
    """The real points where some denominator written in ``expression`` vanishes, before any cancelling:
    ``x/(x^2+x) < 0`` says nothing at 0, though the cancelled ``1/(x+1)`` is defined there."""
    points: set[sp.Expr] = set()
    for node in sp.preorder_traversal(expression):
        if isinstance(node, sp.Pow) and node.exp.is_negative and node.base.has(variable):
            base_numerator = sp.Poly(sp.together(node.base).as_numer_denom()[0], variable)
            if not _rational_coefficients(base_numerator):
                return None
            points.update(base_numerator.real_roots())
    return sp.FiniteSet(*points)


def same_set(left: sp.Set, right: sp.Set) -> bool:
    """Whether two solution sets are equal: at once when SymPy's evaluated forms agree, then interval by
    interval, else by simplifying both differences."""
    if left == right:
        return True
    left_parts, right_parts = _interval_parts(left), _interval_parts(right)
    if left_parts is not None and right_parts is not None:
        return len(left_parts) == len(right_parts) and all(
            _same_point(a[0], b[0]) and _same_point(a[1], b[1]) and a[2:] == b[2:]
            for a, b in zip(left_parts, right_parts))
    try:
        forward, backward = sp.Complement(left, right), sp.Complement(right, left)
        return sp.simplify(forward) == sp.S.EmptySet and sp.simplify(backward) == sp.S.EmptySet
    except TypeError:  # SymPy cannot order a CRootOf against a radical
        return False


# Endpoints are real algebraic numbers of small height (roots of the answers' polynomials); two that agree to
# this many digits are the same number.
_ENDPOINT_DIGITS = 50
_SAME_POINT = sp.Float(10, _ENDPOINT_DIGITS) ** (10 - _ENDPOINT_DIGITS)  # relative: 40 digits alike

def _interval_parts(solutions: sp.Set) -> list[tuple[sp.Expr, sp.Expr, bool, bool]] | None:
    """A union of intervals and points as sorted, merged (start, end, left open, right open) parts, or None
    when the set is of another kind; a cube root written out and its ``CRootOf`` give the same parts."""
    if solutions == sp.S.EmptySet:
        pieces: list[tuple[sp.Expr, sp.Expr, bool, bool]] = []
    elif isinstance(solutions, sp.Interval):
        pieces = [(solutions.start, solutions.end, bool(solutions.left_open), bool(solutions.right_open))]
    elif isinstance(solutions, sp.FiniteSet):
        pieces = [(point, point, False, False) for point in solutions.args]
    elif isinstance(solutions, sp.Union):
        pieces = []
        for part in solutions.args:
            inner = _interval_parts(part)
            if inner is None:
                return None
            pieces.extend(inner)
    else:
        return None
    try:
        return _merged(sorted(pieces, key=lambda piece: (_approximate(piece[0]), piece[2])))
    except (TypeError, ValueError):
        return None


def _merged(parts: list[tuple[sp.Expr, sp.Expr, bool, bool]]) -> list[tuple[sp.Expr, sp.Expr, bool, bool]]:
    """Sorted parts with those that overlap or meet joined into one."""
    merged: list[tuple[sp.Expr, sp.Expr, bool, bool]] = []
    for piece in parts:
        if merged and _touches(merged[-1], piece):
            last = merged[-1]
            if _approximate(piece[1]) > _approximate(last[1]) or (
                    _same_point(piece[1], last[1]) and not piece[3]):
                merged[-1] = (last[0], piece[1], last[2], piece[3])
        else:
            merged.append(piece)
    return merged


def _touches(earlier: tuple, later: tuple) -> bool:
    """Whether two sorted parts overlap or meet at a point one of them holds."""
    if _same_point(earlier[1], later[0]):
        return not (earlier[3] and later[2])
    return _approximate(later[0]) < _approximate(earlier[1])


@functools.lru_cache(maxsize=256)  # sorting, merging and comparing ask for each endpoint several times
def _approximate(point: sp.Expr) -> float | sp.Float:
    """A point as a high-precision number (infinities kept), for ordering and comparing endpoints."""
    if point in (sp.oo, -sp.oo):
        return float(point)
    value = sp.N(point, _ENDPOINT_DIGITS)
    if not value.is_real or not value.is_number:
        raise ValueError(f"not a real endpoint: {point}")
    return value


def _same_point(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether two endpoints are the same real number (exactly, or to ``_ENDPOINT_DIGITS`` digits)."""
    if a == b:
        return True
    if a in (sp.oo, -sp.oo) or b in (sp.oo, -sp.oo):
        return False
    return bool(abs(_approximate(a) - _approximate(b)) <= _SAME_POINT * max(1, abs(_approximate(a))))
