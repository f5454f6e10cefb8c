"""Mode ``equation``: an answer with a left side; the left side says which quantity it gives."""
from __future__ import annotations

from graders.modes.base import GradingMode
from graders.modes.exact import compare_value

# The left side is resolved before any mode compares (graders/grading.py, ``_named_quantity``), so
# what is left is the exact comparison of the value.
MODE = GradingMode("equation", "an answer with a left side (c = .., g(z, theta) = ..): the left side picks the "
                   "quantity compared", answer_kind="formula", compare=compare_value, for_pairs=True)
