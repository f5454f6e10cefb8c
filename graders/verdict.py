"""The verdict: what a grade says about one answer, one typed object from grading to printing.

Its JSON shape is the contract of ``docs/verdict.md``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Literal, Mapping

if TYPE_CHECKING:  # only named in a signature: a verdict is read without loading the bank
    from derive.bank.variants import Variant

Status = Literal["correct", "partial", "incorrect", "unparseable", "needs_review", "error", "not_answered"]
STATUSES: tuple[str, ...] = ("correct", "partial", "incorrect", "unparseable", "needs_review", "error", "not_answered")


@dataclass(frozen=True, kw_only=True)
class Verdict:
    """One graded answer: status, score, what was read, what it was compared with, and why.

    Built by keyword only, so a field can never land in another's place.

    Examples:
        >>> v = Verdict(problem="compare", slot="1", status="correct", score=1.0, points=1.0, max_points=1.0,
        ...             interpreted_as="0.5", reference=r"\\frac{1}{2}", method="exact:decimal",
        ...             feedback="Equivalent to the reference.")
        >>> v.to_json()["status"], v.correct
        ('correct', True)
    """

    problem: str
    slot: str
    status: Status
    score: float
    points: float
    max_points: float
    interpreted_as: str = ""
    reference: str = ""
    method: str
    feedback: str
    elapsed_ms: float = 0.0
    raw: str | None = None  # the text the answer was read from, when it came out of a longer text
    read_from: str | None = None  # in a transcript: the part of ``raw`` handed to the reader
    variant: Mapping[str, object] | None = None  # {"key", "values"}: the student's instance of a varied part

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown verdict status {self.status!r}")

    @property
    def correct(self) -> bool:
        """Whether the answer earned full credit."""
        return self.status == "correct"

    def to_json(self) -> dict:
        """A JSON-ready dict (``raw``, ``read_from`` and ``variant`` only when set), numbers rounded for printing."""
        data = asdict(self)
        for optional in ("raw", "read_from", "variant"):
            if data[optional] is None:
                del data[optional]
        data["score"] = round(self.score, 4)
        data["points"] = round(self.points, 4)
        data["elapsed_ms"] = round(self.elapsed_ms, 2)
        return data

    def for_variant(self, variant: "Variant | None") -> "Verdict":
        """This verdict for one student's instance: it carries the values, and a wrong answer's feedback names them."""
        if variant is None:
            return self
        feedback = self.feedback
        if variant.key and self.status in ("incorrect", "partial") and "your values" not in feedback.lower():
            feedback = f"{feedback.rstrip()} Your values: {variant.describe()}."
        return replace(self, variant=variant.to_json(), feedback=feedback)

    @classmethod
    def timed_out(cls, problem: str, slot: str, max_points: float, seconds: float, raw: str | None = None,
                  reference: str = "", elapsed_ms: float = 0.0) -> "Verdict":
        """The verdict on an answer whose grading ran past its limit: undecided, for a person to look at."""
        return cls(problem=problem, slot=slot, status="needs_review", score=0.0, points=0.0, max_points=max_points,
                   reference=reference, method="timeout", raw=raw, elapsed_ms=elapsed_ms,
                   feedback=f"Grading did not finish within {seconds:g} s, so this answer is undecided; "
                            "a person should look at it.")

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> "Verdict":
        """The verdict a ``to_json`` dict describes (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
