"""Helpers for writing problem sets: phrase patterns for key points and the reference of a rubric slot."""
from __future__ import annotations

from typing import Iterable

import sympy as sp

from derive.bank.schema import KeyPoint
from derive.render.statements import text_latex

_GAP = r"[^.;:!?\n]{0,%d}?"  # stay inside one sentence


def near(first: str, second: str, gap: int = 60) -> str:
    """A pattern for ``first`` and ``second`` in either order, at most ``gap`` characters apart in one sentence."""
    within = _GAP % gap
    return rf"(?:(?:{first}){within}(?:{second})|(?:{second}){within}(?:{first}))"


class KeyPointsReference(sp.Symbol):
    """The reference of a rubric slot: its key points, printed as plain text or as one LaTeX ``\\text{..}``."""

    def _latex(self, printer) -> str:
        return r"\text{" + text_latex(self.name) + "}"

    def _derive_text(self, printer) -> str:
        return self.name


def rubric_reference(points: Iterable[KeyPoint]) -> sp.Symbol:
    """The key points as one symbol, shown as the reference of a rubric slot."""
    return KeyPointsReference("; ".join(point.label for point in points))
