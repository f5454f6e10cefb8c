"""Mode ``system``: systems of equations with the same real solutions (STACK's SysEquiv).

``[a = 1, b = 2, c = 3]`` states the system ``[3a + b - c = 2, a - b + 2c = 5, b + c = 5]`` when both have
exactly the same solutions; a system that loses a solution or gains one does not. Each system is solved
(SymPy's ``solve``) and every solution of one must satisfy every equation of the other: a parametric
solution (an underdetermined system) must satisfy it identically. Only systems of polynomial or rational
equations are decided, where SymPy's solver is complete; others are left to a person.
"""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.budget import within_budget
from graders.modes.base import GradingMode
from graders.modes.equivalence import CompareConfig
from graders.reading.answer import Reading


def equations_of(value: sp.Basic, lhs: sp.Basic | None = None) -> list[sp.Expr] | None:
    """The equations of a system as expressions equal to zero, or None when ``value`` is not one."""
    if lhs is not None:
        return [lhs - value] if isinstance(value, sp.Expr) else None
    items = value.args if isinstance(value, (sp.Tuple, sp.FiniteSet, sp.And)) else (value,)
    if not items or not all(isinstance(item, sp.Eq) for item in items):
        return None
    return [item.lhs - item.rhs for item in items]


def compare_systems(answer: list[sp.Expr], reference: list[sp.Expr]) -> Comparison:
    """Whether two systems (expressions equal to zero) have the same real solutions."""
    unknowns = sorted(set().union(*(equation.free_symbols for equation in answer + reference)), key=str)
    if not all(equation.is_rational_function(*unknowns) for equation in answer + reference):
        return Comparison("undecided", "system", "only systems of polynomial or rational equations are compared")
    if not within_budget(*answer, *reference):
        return Comparison("undecided", "system:budget", "too large to solve within the work budget")
    try:
        answer_solutions, reference_solutions = _real_solutions(answer, unknowns), _real_solutions(reference, unknowns)
    except (NotImplementedError, ValueError, TypeError) as error:
        return Comparison("undecided", "system", f"the system could not be solved ({type(error).__name__})")
    for solutions, other, which in ((reference_solutions, answer, "the reference's"),
                                    (answer_solutions, reference, "the answer's")):
        for solution in solutions:
            if not all(_holds(equation, solution) for equation in other):
                shown = ", ".join(f"{name} = {value}" for name, value in solution.items())
                return Comparison("different", "system", f"{which} solution {shown or 'set'} does not solve the other")
    return Comparison("equal", "system", f"{len(reference_solutions)} solution(s) in common")


def _real_solutions(equations: list[sp.Expr], unknowns: list[sp.Symbol]) -> list[dict]:
    """The solutions of a system, without those with a non-real value (the domain is the reals)."""
    solutions = sp.solve(equations, unknowns, dict=True)
    return [solution for solution in solutions
            if not any(value.is_real is False for value in solution.values())]


def _holds(equation: sp.Expr, solution: dict) -> bool:
    """Whether ``equation = 0`` holds at ``solution`` (identically in what the solution leaves free)."""
    value = equation.xreplace(solution)
    return value == 0 or sp.simplify(sp.together(value)) == 0


def _compare(answer: Reading, reference: Reading) -> Comparison:
    answer_system, reference_system = equations_of(answer.value, answer.lhs), equations_of(reference.value, reference.lhs)
    if reference_system is None:
        return Comparison("undecided", "system", "the reference is not a system of equations")
    if answer_system is None:
        return Comparison("different", "system", "the answer is not a system of equations")
    return compare_systems(answer_system, reference_system)


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """The answer's system against the slot's reference system."""
    return _compare(reading, Reading(value=expected))


def compare_readings(answer: Reading, reference: Reading, config: CompareConfig) -> Comparison:
    """Two systems with the same solutions."""
    return _compare(answer, reference)


MODE = GradingMode("system", "systems of equations with the same real solutions ([a=1, b=2] for a system "
                   "solved by exactly a=1, b=2)", answer_kind="formula", compare=compare_value,
                   compare_readings=compare_readings, for_pairs=True)
