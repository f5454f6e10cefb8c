"""What a grading mode is: its name, the answers it reads, and how it compares or grades them.

A mode either compares a value the common readers produced (``compare``, and ``compare_readings`` for
``derive compare``), or reads the answer in its own notation and grades it whole (``grade``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, Mapping, Protocol

import sympy as sp

from derive.bank.schema import Slot
from derive.equality import Comparison
from graders.modes.equivalence import CompareConfig
from graders.reading.answer import Reading
from graders.verdict import Verdict

# What a transcript unit must hold to answer a slot of the mode (graders/transcripts/answers.py reads it).
AnswerKind = Literal["formula", "number", "growth", "expectation", "sampler", "claims", "prose"]

ValueComparison = Callable[[Reading, sp.Basic, Slot, Mapping[str, sp.Symbol], CompareConfig], Comparison]
PairComparison = Callable[[Reading, Reading, CompareConfig], Comparison]


class VerdictMaker(Protocol):
    """Builds the slot's verdict from what a mode decided; the grader fills in the rest (points, timing)."""

    def __call__(self, *, status: str, score: float, interpreted: str, method: str, feedback: str) -> Verdict:
        ...


SlotGrading = Callable[[Slot, str, Mapping[str, sp.Symbol], VerdictMaker], Verdict]


def not_equal(comparison: Comparison, interpreted: str, verdict: VerdictMaker,
              incorrect_feedback: Callable[[], str]) -> Verdict:
    """The verdict when an answer was not found equal: undecided is left to a person, never marked wrong."""
    if comparison.outcome == "undecided":
        return verdict(status="needs_review", score=0.0, interpreted=interpreted, method=comparison.method,
                       feedback=f"Could not decide whether this equals the reference ({comparison.detail}); "
                                "a person should look.")
    return verdict(status="incorrect", score=0.0, interpreted=interpreted, method=comparison.method,
                   feedback=incorrect_feedback())


@dataclass(frozen=True)
class GradingMode:
    """One way of deciding whether an answer states the reference."""

    name: str
    summary: str  # one line saying what the mode accepts: the table reads as its own documentation
    answer_kind: AnswerKind
    compare: ValueComparison | None = None
    grade: SlotGrading | None = None
    compare_readings: PairComparison | None = None  # its own rule for ``derive compare --mode NAME``
    for_pairs: bool = False  # offered by ``derive compare --mode`` (a reference read like any answer)
    accepts_bounds: bool = False  # an answer "t <= 50" is read as a bound, not refused as one

    def __post_init__(self) -> None:
        if (self.compare is None) == (self.grade is None):
            raise ValueError(f"mode {self.name}: give exactly one of compare and grade")
