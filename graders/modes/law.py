"""Mode ``law``: a distribution or a sampler ``(g, p)``, accepted when it induces the required law.

The sampler is read in the expectation notation, so the grading lives beside the expectation mode's
(``grade_expectation_or_law`` reads the slot's mode to choose); this module registers it under its own name.
"""
from __future__ import annotations

from graders.modes.base import GradingMode
from graders.modes.expectation import grade_expectation_or_law

MODE = GradingMode("law", "a distribution or a sampler, accepted when it induces the required law",
                   answer_kind="sampler", grade=grade_expectation_or_law)
