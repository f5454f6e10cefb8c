"""Mode ``numeric``: equal within a tolerance, after converting units."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.modes.base import GradingMode
from graders.modes.equivalence import CompareConfig, Decimals, compare_numeric
from graders.reading.answer import Reading
from graders.reading.units import convert


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """The answer in the slot's unit, within the tolerance of the reference."""
    value = convert(reading.value, reading.unit, slot.unit) if slot.unit else reading.value
    return compare_numeric(value, expected, config, reading.decimals)


def compare_readings(answer: Reading, reference: Reading, config: CompareConfig) -> Comparison:
    """Two numbers within the tolerance; two lists item by item, two sets of numbers matched in any order."""
    if isinstance(reference.value, (sp.Tuple, sp.FiniteSet)):
        return compare_numbers(answer.value, reference.value, config, answer.decimals)
    return compare_numeric(answer.value, reference.value, config, answer.decimals)


def compare_numbers(answer: sp.Basic, reference: sp.Tuple | sp.FiniteSet, config: CompareConfig,
                    decimals: Decimals | None) -> Comparison:
    """A list of numbers item by item, or a set of numbers each matched to a distinct one, within the tolerance."""
    if type(answer) is not type(reference):
        kind = "list" if isinstance(reference, sp.Tuple) else "set"
        return Comparison("different", "numeric", f"the reference is a {kind} of numbers")
    if len(answer.args) != len(reference.args):
        count = len(answer.args)
        return Comparison("different", "numeric", f"{count} number{'s' if count != 1 else ''} where "
                                                  f"{len(reference.args)} are expected")
    if isinstance(reference, sp.Tuple):
        for position, (item, expected) in enumerate(zip(answer.args, reference.args), start=1):
            outcome = compare_numeric(item, expected, config, decimals)
            if not outcome.equal:
                return Comparison(outcome.outcome, outcome.method, f"item {position}: {outcome.detail}")
        return Comparison("equal", "numeric", f"{len(reference.args)} numbers agree")
    unmatched = list(answer.args)
    for expected in reference.args:
        match = next((item for item in unmatched if compare_numeric(item, expected, config, decimals).equal), None)
        if match is None:
            return Comparison("different", "numeric", f"nothing in the answer matches {expected}")
        unmatched.remove(match)
    return Comparison("equal", "numeric", f"{len(reference.args)} numbers agree, in any order")


MODE = GradingMode("numeric", "equal within a tolerance, units converted (50 ns, 5e-8 s, 0.05 us)",
                   answer_kind="number", compare=compare_value, compare_readings=compare_readings, for_pairs=True)
