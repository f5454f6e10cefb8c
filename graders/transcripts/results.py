"""What a transcript check found: per part its attempts and their verdicts, and the first-try and final status."""
from __future__ import annotations

from dataclasses import dataclass, field

from graders.verdict import Verdict

# how good a status is, for summing a part up: the order a reader ranks them in
_RANK = {"correct": 5, "partial": 4, "needs_review": 3, "unparseable": 2, "error": 1, "not_answered": 0, "incorrect": 0}


@dataclass
class AttemptResult:
    """One attempt at a part: the verdicts of the slots it answered, with the raw text each was read from."""

    attempt: int
    line: int
    verdicts: list[Verdict] = field(default_factory=list)
    found_by: str = ""  # how the part was recognised ("named in the prompt: 'Q4(c)'", "statement wording 0.62")
    confidence: str = "sure"  # "sure", "likely" or "ambiguous" (the part is a guess a person should confirm)


@dataclass
class PartResult:
    """Every attempt at one part, and the part's first-try and final status."""

    part: str
    title: str
    attempts: list[AttemptResult] = field(default_factory=list)
    slots: tuple[str, ...] = ()  # every slot the part declares, in order: each is accounted for

    def slot_statuses(self) -> dict[str, tuple[str, str, int]]:
        """Per slot, every declared one included: (first status, final status, attempts that answered it).

        A slot no attempt answered is ``not_answered``; its final status is the last answer's.
        """
        table: dict[str, list[str]] = {slot: [] for slot in self.slots}
        for attempt in self.attempts:
            for verdict in attempt.verdicts:
                table.setdefault(verdict.slot, []).append(verdict.status)
        statuses = {}
        for slot, found in table.items():
            answered = [status for status in found if status != "not_answered"]
            first = found[0] if found else "not_answered"
            statuses[slot] = (first, answered[-1] if answered else "not_answered", len(answered))
        return statuses

    @property
    def first_try(self) -> str:
        """The part's status on its first attempt."""
        first = {v.slot: v.status for v in reversed(self.attempts[0].verdicts)} if self.attempts else {}
        return summarise([first.get(slot, "not_answered") for slot in self.slots] if self.slots else list(first.values()))

    @property
    def final(self) -> str:
        """The part's status from each slot's last answer."""
        return summarise([final for _, final, _ in self.slot_statuses().values()])


@dataclass(frozen=True)
class AmbiguousTurn:
    """A model turn whose part could not be told apart: left ungraded, for a person to assign."""

    line: int
    candidates: tuple[str, ...]
    reason: str
    prompt: str  # the end of the user's turn before it, as written


@dataclass
class TranscriptResult:
    """The checked transcript: its parts in conversation order."""

    transcript: str
    parts: list[PartResult]
    unassigned: int = 0  # model turns that answer no known part
    ambiguous: list[AmbiguousTurn] = field(default_factory=list)
    source: str = ""  # the format detected, and why

    def summary(self) -> dict:
        """First-try and final counts over the slots answered."""
        statuses = [s for part in self.parts for s in part.slot_statuses().values()]
        return {
            "slots": len(statuses),
            "slots_answered": sum(final != "not_answered" for _, final, _ in statuses),
            "not_answered": sum(final == "not_answered" for _, final, _ in statuses),
            "first_try_correct": sum(first == "correct" for first, _, _ in statuses),
            "final_correct": sum(final == "correct" for _, final, _ in statuses),
            "needs_review": sum(final == "needs_review" for _, final, _ in statuses),
            "unparseable": sum(final == "unparseable" for _, final, _ in statuses),
            "parts": len(self.parts),
            "attempts": sum(len(part.attempts) for part in self.parts),
        }


def summarise(statuses: list[str]) -> str:
    """One status for several slots: all correct, none right, or a mix."""
    if not statuses or all(s == "not_answered" for s in statuses):
        return "unanswered"
    if all(s == "correct" for s in statuses):
        return "correct"
    if "needs_review" in statuses and not any(s == "incorrect" for s in statuses):
        return "needs_review"
    if not any(s in ("correct", "partial") for s in statuses):
        return min(statuses, key=lambda s: _RANK.get(s, 0))
    return "partial"
