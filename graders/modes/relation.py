"""Mode ``relation``: a bound (``t \\le 50`` ns) that must point the right way and reach the reference."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from graders.modes.base import GradingMode
from graders.modes.equivalence import CompareConfig, Comparison, compare_numeric
from graders.reading.answer import Reading
from graders.reading.units import convert


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """An upper bound equal to the reference, in the slot's unit."""
    if reading.relation not in ("<=", "<"):
        return Comparison("different", "relation", f"a bound '{reading.relation}' points the wrong way")
    bound = convert(reading.value, reading.unit, slot.unit) if slot.unit else reading.value
    return compare_numeric(bound, expected, config, reading.decimals)


MODE = GradingMode("relation", "inequalities and bounds (t <= 50 ns)", answer_kind="number",
                   compare=compare_value, for_pairs=True, accepts_bounds=True)
