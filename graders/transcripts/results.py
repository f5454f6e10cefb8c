"""What a transcript check found: per part its attempts and their verdicts, and the first-try and final status."""
from __future__ import annotations

from dataclasses import dataclass, field

from graders.verdict import Verdict

# how good a status is, for summing a part up: the order a reader ranks them in
_RANK = {"correct": 5, "partial": 4, "needs_review": 3, "unparseable": 2, "error": 1, "incorrect": 0}


@dataclass
class AttemptResult:
    """One attempt at a part: the verdicts of the slots it answered, with the raw text each was read from."""

    attempt: int
    line: int
    verdicts: list[Verdict] = field(default_factory=list)


@dataclass
class PartResult:
    """Every attempt at one part, and the part's first-try and final status."""

    part: str
    title: str
    attempts: list[AttemptResult] = field(default_factory=list)

    def slot_statuses(self) -> dict[str, tuple[str, str, int]]:
        """Per slot: (first status, final status, number of attempts that answered it)."""
        table: dict[str, list[str]] = {}
        for attempt in self.attempts:
            for verdict in attempt.verdicts:
                table.setdefault(verdict.slot, []).append(verdict.status)
        return {slot: (statuses[0], statuses[-1], len(statuses)) for slot, statuses in table.items()}

    @property
    def first_try(self) -> str:
        """The part's status on its first attempt."""
        first = [v.status for v in self.attempts[0].verdicts] if self.attempts else []
        return summarise(first)

    @property
    def final(self) -> str:
        """The part's status from each slot's last answer."""
        return summarise([final for _, final, _ in self.slot_statuses().values()])


@dataclass
class TranscriptResult:
    """The checked transcript: its parts in conversation order."""

    transcript: str
    parts: list[PartResult]
    unassigned: int = 0  # model turns that answer no known part

    def summary(self) -> dict:
        """First-try and final counts over the slots answered."""
        statuses = [s for part in self.parts for s in part.slot_statuses().values()]
        return {
            "slots_answered": len(statuses),
            "first_try_correct": sum(first == "correct" for first, _, _ in statuses),
            "final_correct": sum(final == "correct" for _, final, _ in statuses),
            "needs_review": sum(final == "needs_review" for _, final, _ in statuses),
            "unparseable": sum(final == "unparseable" for _, final, _ in statuses),
            "parts": len(self.parts),
            "attempts": sum(len(part.attempts) for part in self.parts),
        }


def summarise(statuses: list[str]) -> str:
    """One status for several slots: all correct, none right, or a mix."""
    if not statuses:
        return "unanswered"
    if all(s == "correct" for s in statuses):
        return "correct"
    if "needs_review" in statuses and not any(s == "incorrect" for s in statuses):
        return "needs_review"
    if not any(s in ("correct", "partial") for s in statuses):
        return min(statuses, key=lambda s: _RANK.get(s, 0))
    return "partial"
