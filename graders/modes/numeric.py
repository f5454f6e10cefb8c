"""Mode ``numeric``: equal within a tolerance, after converting units."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.modes.base import GradingMode
from graders.modes.equivalence import CompareConfig, compare_numeric
from graders.reading.answer import Reading
from graders.reading.units import convert


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """The answer in the slot's unit, within the tolerance of the reference."""
    value = convert(reading.value, reading.unit, slot.unit) if slot.unit else reading.value
    return compare_numeric(value, expected, config, reading.decimals)


def compare_readings(answer: Reading, reference: Reading, config: CompareConfig) -> Comparison:
    """Two numbers within the tolerance."""
    return compare_numeric(answer.value, reference.value, config, answer.decimals)


MODE = GradingMode("numeric", "equal within a tolerance, units converted (50 ns, 5e-8 s, 0.05 us)",
                   answer_kind="number", compare=compare_value, compare_readings=compare_readings, for_pairs=True)
