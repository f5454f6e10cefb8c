"""The limits and choices for reading one answer, shared by every reader of formulas."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReadConfig"]


@dataclass(frozen=True)
class ReadConfig:
    """Limits and choices for reading one answer."""

    max_length: int = 20_000
    max_depth: int = 100
    max_digits: int = 10_000
    units: bool = False  # look for a trailing unit (numeric answers)
    names: frozenset[str] = frozenset()  # the problem's declared names: never read as words (graders.reading.prose)
