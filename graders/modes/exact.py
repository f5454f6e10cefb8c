"""Mode ``exact``: equal for all admissible values of the symbols."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.modes.base import GradingMode
from graders.modes.equivalence import GROWTH_NODES, CompareConfig, compare_exact
from graders.reading.answer import Reading


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """Equal as expressions: simplification, then exact identity testing at random points."""
    if isinstance(reading.value, GROWTH_NODES) and not isinstance(expected, GROWTH_NODES):
        return Comparison("different", "exact", "a growth class was given where a value is asked for")
    return compare_exact(reading.value, expected, config, reading.decimals)


MODE = GradingMode("exact", "equal for all admissible symbol values (positive dimensions, sigma > 0)",
                   answer_kind="formula", compare=compare_value, for_pairs=True)
