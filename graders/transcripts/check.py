"""Checking a whole transcript: segment it, find each attempt's answers, grade them, sum up.

The parts come from the caller (the command line wires the problem bank in), so this module
depends only on the engine's Part and Slot.  Grading runs in worker processes under a time
limit, so one runaway answer leaves its verdict ``needs_review`` and the rest go on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Mapping, Sequence

from derive.bank.schema import Part
from derive.render.expressions import expr_latex
from graders.grading import GradeConfig
from graders.transcripts.answers import SlotAnswer, choose_answers
from graders.transcripts.claims import split_claims
from graders.transcripts.identify import profile
from graders.transcripts.part_names import refers_elsewhere
from graders.transcripts.results import AmbiguousTurn, AttemptResult, PartResult, TranscriptResult
from graders.transcripts.segment import segment
from graders.transcripts.answer_units import units
from graders.verdict import Verdict
from graders.workers.pool import Grader


@dataclass(frozen=True)
class TranscriptCheckConfig:
    """How the transcript is graded."""

    timeout: float = 5.0
    workers: int = 1


def _shown_raw(part: Part, candidate) -> Verdict:
    """The verdict for text that could not be reconstructed: unparseable, raw, never guessed."""
    return Verdict(problem=part.id, slot=candidate.slot.name, status="unparseable", score=0.0, points=0.0,
                   max_points=candidate.slot.points, reference=expr_latex(candidate.slot.reference), method="read",
                   feedback=f"Not graded: {candidate.unreadable}; the raw text is shown for a person to read.")


def _doubtful(verdict: Verdict) -> Verdict:
    """A wrong-looking answer read from text whose formulas lost their layout: a misreading is as likely as a
    mistake, so a person decides (a right answer graded incorrect is the worst thing a grader can print)."""
    return replace(verdict, status="needs_review", score=0.0, points=0.0, method=f"pdf-text:{verdict.method}",
                   feedback=f"Read from a PDF's text, whose formulas lost their layout, this differs from the "
                            f"reference ({verdict.feedback.rstrip('.')}); check the original before marking it wrong.")


def _not_answered(part: Part, slot, linearised: bool = False) -> Verdict:
    """The verdict for a slot the attempt never answered: nothing earned, and it counts in the part's status.

    In text whose formulas lost their layout, an answer may be there but unreadable: a person decides.
    """
    if linearised:
        return Verdict(problem=part.id, slot=slot.name, status="needs_review", score=0.0, points=0.0,
                       max_points=slot.points, reference=expr_latex(slot.reference), method="find:pdf-text", raw="",
                       feedback=f"No answer to this slot ({slot.description}) was found in this attempt; a PDF's "
                                "text loses formulas, so check the original.")
    return Verdict(problem=part.id, slot=slot.name, status="not_answered", score=0.0, points=0.0,
                   max_points=slot.points, reference=expr_latex(slot.reference), method="find", raw="",
                   feedback=f"No answer to this slot ({slot.description}) was found in this attempt.")


def _graded(grader: Grader, part: Part, readings: list[tuple[SlotAnswer, str]],
            memo: dict[tuple[str, str, str], Verdict]) -> dict[int, Verdict]:
    """Each candidate's verdict on the given text, keyed by the candidate's id; a text already graded for the
    same slot in this transcript (a recap repeating an answer) is not graded again."""
    fresh = {(candidate.slot.name, text): candidate.slot for candidate, text in readings
             if (part.id, candidate.slot.name, text) not in memo}
    items = [(slot, text) for (_, text), slot in fresh.items()]
    for (slot, text), verdict in zip(items, grader.grade_many(part.id, items, part.symbols) if items else ()):
        memo[(part.id, slot.name, text)] = verdict
    return {id(candidate): memo[(part.id, candidate.slot.name, text)] for candidate, text in readings}


def _verdict(part: Part, candidate: SlotAnswer, narrow: Verdict | None, wide: Verdict | None) -> Verdict | None:
    """The verdict of one candidate from its unit's reading (``narrow``) and its passage's (``wide``), which
    counts only when it is correct and the unit alone is not (passages.py); None when there is nothing to report."""
    if candidate.declined:
        return replace(_not_answered(part, candidate.slot), raw=candidate.unit.text, method="find:declined",
                       feedback=f"The model declined to answer this ({candidate.slot.description}).")
    if wide is not None and wide.status == "correct" and (narrow is None or narrow.status != "correct"):
        return replace(wide, raw=candidate.passage[1], read_from=candidate.passage[0],
                       method=f"{wide.method}:passage")
    if narrow is None:
        return replace(_shown_raw(part, candidate), raw=candidate.unit.text) if candidate.unreadable else None
    return replace(narrow, raw=candidate.unit.text, read_from=candidate.answer)


def check_transcript(name: str, text: str, parts: Mapping[str, Part], config: TranscriptCheckConfig = TranscriptCheckConfig(),
                     labelled: Sequence[tuple[str | None, str]] = (), linearised: bool = False) -> TranscriptResult:
    """Grade every attempt in ``text`` against ``parts`` (keyed by short id, e.g. ``"1b"``).

    ``labelled`` holds (speaker, text) turns when the source had speaker labels; ``linearised`` says the
    text came out of a PDF, whose formulas lost their layout.
    """
    profiles = {key: profile(key, part.title, part.statement, [slot.description for slot in part.slots],
                             [cue for slot in part.slots for cue in slot.cues]) for key, part in parts.items()}
    segmentation = segment(text, list(parts), labelled, profiles)
    results: dict[str, PartResult] = {}
    jobs: list[tuple[str, AttemptResult, list]] = []
    for turn in segmentation.turns:
        part = parts[turn.part]
        result = results.setdefault(turn.part, PartResult(turn.part, part.title, slots=tuple(s.name for s in part.slots)))
        attempt = AttemptResult(turn.attempt, turn.line, found_by=turn.found_by, confidence=turn.confidence)
        result.attempts.append(attempt)
        names = {name.replace("_", "").replace("{", "").replace("}", "").replace("\\", "")
                 for name in part.symbols}
        own = [unit for unit in split_claims(units(turn)) if not refers_elsewhere(unit.text, turn.part, list(parts))]
        jobs.append((turn.part, attempt, choose_answers(part.slots, own, linearised, names)))
    memo: dict[tuple[str, str, str], Verdict] = {}
    with Grader(GradeConfig(timeout=config.timeout), workers=config.workers) as grader:
        for key, attempt, candidates in jobs:
            part = parts[key]
            narrow = _graded(grader, part, [(c, c.answer) for c in candidates if c.answer is not None], memo)
            # a passage is read only where the unit alone is not correct: it can add credit, never take it away
            wide = _graded(grader, part, [(c, c.passage[0]) for c in candidates if c.passage is not None
                                          and not c.declined and getattr(narrow.get(id(c)), "status", "") != "correct"],
                           memo)
            for candidate in candidates:
                verdict = _verdict(part, candidate, narrow.get(id(candidate)), wide.get(id(candidate)))
                if verdict is None:
                    continue
                if linearised and verdict.status in ("incorrect", "partial"):
                    verdict = _doubtful(verdict)
                attempt.verdicts.append(verdict)
            if attempt.attempt == 1:
                answered = {verdict.slot for verdict in attempt.verdicts}
                attempt.verdicts += [_not_answered(part, slot, linearised) for slot in part.slots
                                     if slot.name not in answered]
    ordered = sorted(results.values(), key=lambda r: list(parts).index(r.part))
    ambiguous = [AmbiguousTurn(turn.line, turn.candidates, turn.found_by, turn.prompt[-300:])
                 for turn in segmentation.unassigned]
    return TranscriptResult(name, ordered, unassigned=len(ambiguous), ambiguous=ambiguous)
