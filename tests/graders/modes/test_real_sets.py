"""Solution sets of conditions in one real variable: the fast polynomial route must give SymPy's general
solver's answer, and and/or/not, absolute values and the fallback must all hold."""
from __future__ import annotations

import os

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st
from sympy.solvers.inequalities import solve_univariate_inequality

from graders import compare
from graders.modes.real_sets import condition_set, same_set

x = sp.Symbol("x", real=True)
SETTINGS = settings(max_examples=int(os.environ.get("DERIVE_PROPERTY_EXAMPLES", "60")), deadline=None)
RELATIONS = (sp.Lt, sp.Le, sp.Gt, sp.Ge, sp.Eq, sp.Ne)


@SETTINGS
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=5), st.lists(st.integers(-4, 4), min_size=1, max_size=3),
       st.sampled_from(RELATIONS))
def test_rational_relations_hold_exactly_where_the_set_says(numerator, denominator, relation) -> None:
    """A relation between rational functions with integer coefficients (up to quartics, whose roots are
    CRootOf): membership in the solved set matches the relation's truth point by point."""
    top, bottom = sp.Poly(numerator, x).as_expr(), sp.Poly(denominator, x).as_expr()
    condition = relation(top / (bottom if bottom != 0 else 1), 0)
    if not isinstance(condition, sp.logic.boolalg.BooleanAtom):
        _assert_agrees_at_points(condition, condition_set(condition, x))


@SETTINGS
@given(st.lists(st.integers(-6, 6), min_size=2, max_size=3), st.lists(st.integers(-4, 4), min_size=1, max_size=2),
       st.sampled_from(RELATIONS))
def test_quadratic_relations_match_the_general_solver(numerator, denominator, relation) -> None:
    """Up to quadratics over linears, SymPy's own solver is a reliable oracle: the same set."""
    top, bottom = sp.Poly(numerator, x).as_expr(), sp.Poly(denominator, x).as_expr()
    condition = relation(top / (bottom if bottom != 0 else 1), 0)
    if isinstance(condition, sp.logic.boolalg.BooleanAtom):
        return
    if relation is sp.Eq:
        expected = sp.solveset(condition.lhs, x, sp.S.Reals)
    elif relation is sp.Ne:
        expected = sp.Complement(sp.S.Reals, sp.solveset(condition.lhs, x, sp.S.Reals))
    else:
        expected = solve_univariate_inequality(condition, x, relational=False)
    # Where the written denominator vanishes the relation says nothing, whatever cancels: (x^2+x)/x != 0 at 0.
    expected = sp.Complement(expected, sp.solveset(bottom, x, sp.S.Reals)) if bottom != 0 else expected
    assert same_set(condition_set(condition, x), expected)


def test_cancelled_factor_stays_undefined() -> None:
    """x/(x^2+x) < 0 says nothing at 0, though the cancelled 1/(x+1) is defined there."""
    solved = condition_set(-x / (x ** 2 + x) < 0, x)
    assert not solved.contains(0) and solved.contains(1)


def test_cube_roots_written_out_equal_their_root_objects() -> None:
    """A cubic's real root as SymPy's radical formula and as CRootOf: the same set."""
    cubic = x ** 3 + x + 1 < 0
    assert same_set(condition_set(cubic, x), solve_univariate_inequality(cubic, x, relational=False))
    assert not same_set(condition_set(cubic, x), sp.Interval.open(-sp.oo, sp.Rational(-68, 100)))


def _assert_agrees_at_points(condition: sp.Basic, solved: sp.Set) -> None:
    """Membership in ``solved`` matches the condition's truth at quarter-integer points in [-8, 8]; where a
    side is undefined the point is in no solution set."""
    for quarter in range(-32, 33):
        point = sp.Rational(quarter, 4)
        sides = [side.subs(x, point) for side in condition.args]
        if not all(side.is_finite for side in sides):
            assert not solved.contains(point), point
            continue
        assert bool(solved.contains(point)) == bool(condition.func(*sides)), point


@pytest.mark.parametrize("condition, expected", [
    (sp.Abs(x) < 2, sp.Interval.open(-2, 2)),
    (sp.Abs(x - 1) >= 3, sp.Union(sp.Interval(-sp.oo, -2), sp.Interval(4, sp.oo))),
    (sp.Abs(x - 1) >= sp.Abs(x + 1), sp.Interval(-sp.oo, 0)),
    (sp.Not(sp.And(x <= 2, x >= -2)), sp.Union(sp.Interval.open(-sp.oo, -2), sp.Interval.open(2, sp.oo))),
    (sp.Or(x < -1, sp.And(x > 0, x < 1)), sp.Union(sp.Interval.open(-sp.oo, -1), sp.Interval.open(0, 1))),
    (sp.Eq(x ** 2, 2), sp.FiniteSet(-sp.sqrt(2), sp.sqrt(2))),
    (sp.sqrt(2) * x > 1, sp.Interval.open(sp.sqrt(2) / 2, sp.oo)),  # irrational coefficient: the general solver
    (sp.sin(x) > 2, sp.S.EmptySet),
    (sp.true, sp.S.Reals),
])
def test_condition_sets(condition, expected) -> None:
    assert same_set(condition_set(condition, x), expected)


@pytest.mark.parametrize("reference, answer, status", [
    ("abs(x) < 1", "x^6 < 1", "correct"),
    ("x<-1 or x>1", "abs(x)>1", "correct"),
    ("abs(x) <= 3", "x^2 <= 9", "correct"),
    ("abs(x) < 1", "x^2 < 2", "incorrect"),
    ("x > 2 or -2 > x", "not (x <= 2 and -2 <= x)", "correct"),
    ("x > 2 or -2 > x", "not (x < 2 and -2 < x)", "incorrect"),
    ("(x-1)/(x-3) >= 0", "x <= 1 or x > 3", "correct"),
    ("(x-1)/(x-3) >= 0", "x <= 1 or x >= 3", "incorrect"),
])
def test_conditions_graded_by_their_solution_sets(reference: str, answer: str, status: str) -> None:
    assert compare(reference, answer).status == status
