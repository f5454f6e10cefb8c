"""The set of real values of one variable that satisfy a condition, by the cheapest exact route.

SymPy's ``as_set`` solves every relation through ``solve_univariate_inequality``, which first asks
whether the relation is periodic (a ``simplify`` per relation) and costs tens of milliseconds even for
``x > 2``.  Most conditions in answers are relations between rational functions of the variable, joined
by and/or/not: those are solved here as polynomial sign problems (exact real roots, no periodicity
test) and joined with set operations.  Anything else (``|x| < 2``, ``sin x > 0``, irrational
coefficients) falls back, relation by relation, to SymPy's general solver.
"""
from __future__ import annotations

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
    if isinstance(condition, sp.Eq):
        return sp.solveset(condition.lhs - condition.rhs, variable, domain=sp.S.Reals)
    return condition.as_set()


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
        if not (numerator_poly.domain.is_QQ or numerator_poly.domain.is_ZZ) or \
                not (denominator_poly.domain.is_QQ or denominator_poly.domain.is_ZZ):
            return None
        return solve_rational_inequalities([[((numerator_poly, denominator_poly), operator)]])
    except (sp.PolynomialError, NotImplementedError, ValueError):
        return None


def same_set(left: sp.Set, right: sp.Set) -> bool:
    """Whether two solution sets are equal: at once when SymPy's evaluated forms agree, else by simplifying
    both differences."""
    if left == right:
        return True
    forward, backward = sp.Complement(left, right), sp.Complement(right, left)
    if forward == sp.S.EmptySet and backward == sp.S.EmptySet:
        return True
    return sp.simplify(forward) == sp.S.EmptySet and sp.simplify(backward) == sp.S.EmptySet
