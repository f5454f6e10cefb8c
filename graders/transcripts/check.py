"""Checking a whole transcript: segment it, find each attempt's answers, grade them, sum up.

The parts come from the caller (the command line wires the problem bank in), so this module
depends only on the engine's Part and Slot.  Grading runs in worker processes under a time
limit, so one runaway answer leaves its verdict ``needs_review`` and the rest go on.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

from derive.bank.schema import Part
from derive.render.expressions import expr_latex

from graders.grading import GradeConfig
from graders.workers.pool import Grader
from graders.transcripts.answers import choose_answers
from graders.transcripts.segment import segment
from graders.transcripts.units import units
from graders.verdict import Verdict

# how good a status is, for summing a part up: the order a reader ranks them in
_RANK = {"correct": 5, "partial": 4, "needs_review": 3, "unparseable": 2, "error": 1, "incorrect": 0}


@dataclass(frozen=True)
class TranscriptCheckConfig:
    """How the transcript is graded."""

    timeout: float = 5.0
    workers: int = 1


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
        first = [v.status for v in self.attempts[0].verdicts] if self.attempts else []
        return summarise(first)

    @property
    def final(self) -> str:
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


def _shown_raw(part: Part, candidate) -> Verdict:
    """The verdict for text that could not be reconstructed: unparseable, raw, never guessed."""
    return Verdict(problem=part.id, slot=candidate.slot.name, status="unparseable", score=0.0, points=0.0,
                   max_points=candidate.slot.points, reference=expr_latex(candidate.slot.reference), method="read",
                   feedback=f"Not graded: {candidate.unreadable}; the raw text is shown for a person to read.")


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


def check_transcript(name: str, text: str, parts: Mapping[str, Part], config: TranscriptCheckConfig = TranscriptCheckConfig(),
                     labelled: Sequence[tuple[str | None, str]] = (), linearised: bool = False) -> TranscriptResult:
    """Grade every attempt in ``text`` against ``parts`` (keyed by short id, e.g. ``"1b"``).

    ``labelled`` holds (speaker, text) turns when the source had speaker labels; ``linearised`` says the
    text came out of a PDF, whose formulas lost their layout.
    """
    segmentation = segment(text, list(parts), labelled)
    results: dict[str, PartResult] = {}
    jobs: list[tuple[str, AttemptResult, list]] = []
    for turn in segmentation.turns:
        part = parts[turn.part]
        result = results.setdefault(turn.part, PartResult(turn.part, part.title))
        attempt = AttemptResult(turn.attempt, turn.line)
        result.attempts.append(attempt)
        names = {name.replace("_", "").replace("{", "").replace("}", "").replace("\\", "")
                 for name in part.symbols}
        jobs.append((turn.part, attempt, choose_answers(part.slots, units(turn), linearised, names)))
    with Grader(GradeConfig(timeout=config.timeout), workers=config.workers) as grader:
        for key, attempt, candidates in jobs:
            part = parts[key]
            readable = [c for c in candidates if c.answer is not None]
            graded = iter(grader.grade_many(part.id, [(c.slot, c.answer) for c in readable], part.symbols))
            for candidate in candidates:
                verdict = next(graded) if candidate.answer is not None else _shown_raw(part, candidate)
                attempt.verdicts.append(replace(verdict, raw=candidate.unit.text, read_from=candidate.answer or ""))
    ordered = sorted(results.values(), key=lambda r: list(parts).index(r.part))
    return TranscriptResult(name, ordered)
