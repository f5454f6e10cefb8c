"""Mode ``order``: the same growth class, from Theta(..), O(..) or words ("quadratically in d_1")."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.modes.base import GradingMode
from graders.modes.equivalence import GROWTH_NODES, CompareConfig, compare_order
from graders.reading.answer import Reading


def dimensions(slot: Slot, declared: Mapping[str, sp.Symbol]) -> list[sp.Symbol]:
    """The declared dimensions, those in the reference first (they decide the growth class)."""
    reference = slot.reference.args[0] if isinstance(slot.reference, GROWTH_NODES) else slot.reference
    dims = [s for s in declared.values() if s.is_integer and s.is_positive]
    return [d for d in dims if d in reference.free_symbols] + [d for d in dims if d not in reference.free_symbols]


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """The same exponent in every declared dimension."""
    value = reading.value
    inner = value.args[0] if isinstance(value, GROWTH_NODES) else value
    problem = not_a_growth_rate(inner)
    if problem:
        return Comparison("different", "order", problem)
    unknown = inner.free_symbols - set(declared.values()) if isinstance(inner, sp.Basic) else set()
    if unknown:  # a word read as a symbol ("banana") must not pass for a constant
        names = ", ".join(sorted(str(s) for s in unknown))
        return Comparison("different", "order", f"the growth is written in {names}, which the question does not "
                                               "define")
    return compare_order(value, expected, dimensions(slot, declared))


def not_a_growth_rate(inner: object) -> str:
    """Why a reading is not a growth rate (an infinity, zero, a negative constant, a relation), or ""."""
    if not isinstance(inner, sp.Expr):
        return "this is not a growth rate: write how it grows, e.g. \\Theta(d_1^2) or 'linear in d_1'"
    if inner.has(sp.oo, -sp.oo, sp.zoo, sp.nan):
        return "an infinity is not a growth rate: write how it grows with the dimensions, e.g. \\Theta(d_1^2)"
    if inner.is_number and not inner.is_positive:
        return f"{inner} is not a growth rate: a constant order is \\Theta(1)"
    return ""


def compare_readings(answer: Reading, reference: Reading, config: CompareConfig) -> Comparison:
    """The same exponent in every symbol either side uses."""
    problem = not_a_growth_rate(answer.value.args[0] if isinstance(answer.value, GROWTH_NODES) else answer.value)
    if problem:
        return Comparison("different", "order", problem)
    dims = sorted(answer.value.free_symbols | reference.value.free_symbols, key=str)
    return compare_order(answer.value, reference.value, dims)


MODE = GradingMode("order", "the same growth class, from Theta(..), O(..) or words (\"quadratically in d_1\")",
                   answer_kind="growth", compare=compare_value, compare_readings=compare_readings, for_pairs=True)
