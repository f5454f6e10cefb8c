"""The verdict: what a grade says about one answer, in the JSON shape of DESIGN section 4."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Status = Literal["correct", "partial", "incorrect", "unparseable", "needs_review", "error"]


@dataclass
class Verdict:
    """One graded answer: status, score, what was read, what it was compared with, and why."""

    problem: str
    slot: str
    status: Status
    score: float
    points: float
    max_points: float
    interpreted_as: str
    reference: str
    method: str
    feedback: str
    elapsed_ms: float = 0.0
    raw: str | None = None

    def to_json(self) -> dict:
        """A JSON-ready dict (``raw`` only when set)."""
        data = asdict(self)
        if data["raw"] is None:
            del data["raw"]
        data["score"] = round(self.score, 4)
        data["points"] = round(self.points, 4)
        data["elapsed_ms"] = round(self.elapsed_ms, 2)
        return data
