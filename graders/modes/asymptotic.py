"""Mode ``asymptotic``: the same leading term as the slot's dimension grows."""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import Slot
from graders.modes.base import GradingMode
from graders.modes.equivalence import CompareConfig, Comparison, compare_asymptotic
from graders.reading.answer import Reading


def compare_value(reading: Reading, expected: sp.Basic, slot: Slot, declared: Mapping[str, sp.Symbol],
                  config: CompareConfig) -> Comparison:
    """The ratio of answer and reference tends to 1 in ``slot.asymptotic_in``."""
    return compare_asymptotic(reading.value, expected, slot.asymptotic_in)


MODE = GradingMode("asymptotic", "the same leading term as the named dimension grows", answer_kind="formula",
                   compare=compare_value)
