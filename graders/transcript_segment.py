"""Cutting a chat transcript into model turns, the part each turn answers, and attempts.

A Markdown chat export has no speaker labels.  A model turn usually ends with an offer to go on
("Let me know when you're ready ...") and the next one opens with an acknowledgement ("Great —
let's ...", "You're absolutely right — ..."); what lies between is the person's: a reviewer's
remarks and the next prompt.  When the source has speaker labels, they decide instead.

The part a turn answers is the one its opening names ("Question 1(b)", "### 4(e)"), else the one
the prompt asks for ("let's do 4c"), else the previous turn's (a re-prompt about the same part).
A heading naming another part inside a turn starts a new segment.  Attempts are numbered per part
in conversation order: every model turn about a part is one more attempt at it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

_END_OF_TURN = re.compile(r"^\s*(let me know\b|ready for question\b|ready to (move on|continue)\b|"
                          r"would you like\b|shall we\b|want me to\b)", re.I)
_OPENER = re.compile(r"^\s*(great|awesome|absolutely|perfect|thanks|thank you|sure|certainly|of course|excellent|"
                     r"you'?re|you are|got it|okay|ok|alright|good (question|catch|point)|yes|indeed)\b", re.I)
_REQUEST = re.compile(r"\b(can you|could you|let'?s do|let'?s go|go to|now part|redo|now last question|you may|"
                      r"please)\b|\?\s*$", re.I)
_PART = re.compile(r"(?:question|part|problem|q)?\s*\b([1-9])\s*(?:\(\s*([a-h])\s*\)|\)\s*\(\s*([a-h])\s*\)|"
                   r"([a-h])\b|\s*\.\s*([a-h])\b)", re.I)
_QUESTION_PART = re.compile(r"(?:question|part|problem)\s*([1-9])\s*(?:\(\s*([a-h])\s*\)|([a-h])\b|\)\s*\(\s*([a-h])\s*\))",
                            re.I)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*|\*\*\s*)?(?:[^\w\s*#]\s*)*(?:\*\*)?\s*(?:question|part|problem)?\s*"
                      r"[1-9]\s*(?:\(\s*[a-h]\s*\)|[a-h]\b|\)\s*\(\s*[a-h]\s*\))", re.I)


@dataclass(frozen=True)
class Paragraph:
    """Lines between blank lines, with the number of their first line (1-based)."""

    text: str
    line: int


@dataclass
class ModelTurn:
    """One stretch of the model's text, the part it answers, and the prompt that came before."""

    paragraphs: list[Paragraph]
    prompt: str = ""
    part: str | None = None
    attempt: int = 0

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    @property
    def line(self) -> int:
        return self.paragraphs[0].line if self.paragraphs else 0


@dataclass
class Segmentation:
    """The model turns of a transcript, each with its part and attempt number."""

    turns: list[ModelTurn] = field(default_factory=list)

    def attempts(self, part: str) -> list[ModelTurn]:
        """The turns answering ``part``, in conversation order."""
        return [turn for turn in self.turns if turn.part == part]


def paragraphs(text: str) -> list[Paragraph]:
    """Split on blank lines; keep line numbers."""
    found, current, start = [], [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            found.append(Paragraph("\n".join(current), start))
            current = []
    if current:
        found.append(Paragraph("\n".join(current), start))
    return found


def mentioned_part(text: str, known: set[str], anywhere: bool = True) -> str | None:
    """The first known part named in ``text`` ("Question 1(b)", "1) (b)", "4c", "part 4(e)")."""
    pattern = _PART if anywhere else _QUESTION_PART
    for match in pattern.finditer(text):
        number = match.group(1)
        letter = next((g for g in match.groups()[1:] if g), None)
        if letter is None:
            continue
        part = f"{number}{letter.lower()}"
        if part in known:
            return part
    return None


def _is_opener(paragraph: Paragraph) -> bool:
    first = paragraph.text.split("\n")[0]
    if not _OPENER.match(first):
        return False
    if "—" in first or "**" in first:
        return True  # the model's acknowledgement style; a person's prompt is plain
    return not _REQUEST.search(first)


def _model_turns(items: list[Paragraph]) -> list[ModelTurn]:
    """Alternate human and model stretches: a turn ends at its closing offer, the next starts at an opener."""
    turns: list[ModelTurn] = []
    human: list[str] = []
    current: ModelTurn | None = None
    for paragraph in items:
        if current is None:
            if _is_opener(paragraph):
                current = ModelTurn([paragraph], prompt="\n\n".join(human))
                human = []
            else:
                human.append(paragraph.text)
            continue
        current.paragraphs.append(paragraph)
        if _END_OF_TURN.match(paragraph.text):
            turns.append(current)
            current = None
    if current is not None:
        turns.append(current)
    if not turns and items:  # no acknowledgement anywhere: a bare answer, all of it the model's
        turns.append(ModelTurn(list(items)))
    return turns


def _split_by_heading(turn: ModelTurn, known: set[str]) -> list[ModelTurn]:
    """A heading naming another part starts a new segment of the same turn."""
    segments = [ModelTurn([], prompt=turn.prompt)]
    current_part = None
    for paragraph in turn.paragraphs:
        first_line = paragraph.text.split("\n")[0]
        part = mentioned_part(first_line, known) if _HEADING.match(first_line) else None
        if part is not None and current_part is not None and part != current_part and segments[-1].paragraphs:
            segments.append(ModelTurn([], prompt=""))
        if part is not None:
            current_part = part
            segments[-1].part = segments[-1].part or part
        segments[-1].paragraphs.append(paragraph)
    return segments


def _labelled_model_turns(text: str, labelled: Sequence[tuple[str | None, str]]) -> list[ModelTurn]:
    """Model turns from speaker labels: each model turn's prompt is the person's text before it."""
    turns, human, offset = [], [], 0
    for speaker, body in labelled:
        start = text.find(body[:80], offset) if body else -1
        first_line = text.count("\n", 0, start) + 1 if start >= 0 else 0
        offset = max(offset, start)
        if speaker == "model":
            found = [Paragraph(p.text, p.line + first_line - 1) for p in paragraphs(body)]
            if found:
                turns.append(ModelTurn(found, prompt="\n\n".join(human)))
            human = []
        else:
            human.append(body)
    return turns


def segment(text: str, known_parts: list[str], labelled: Sequence[tuple[str | None, str]] = ()) -> Segmentation:
    """Model turns with their parts and attempt numbers; speaker labels, when given, decide the turns."""
    known = set(known_parts)
    result = Segmentation()
    previous = None
    counts: dict[str, int] = {}
    has_labels = any(speaker == "model" for speaker, _ in labelled)
    turns = _labelled_model_turns(text, labelled) if has_labels else _model_turns(paragraphs(text))
    for turn in turns:
        opening = "\n".join(turn.paragraphs[0].text.split("\n")[:2])  # a PDF's turn can be one long paragraph
        named = mentioned_part(opening, known) or mentioned_part(turn.prompt, known)
        for index, piece in enumerate(_split_by_heading(turn, known)):
            if index == 0:
                piece.part = named or piece.part or previous
            if piece.part is None:
                continue
            counts[piece.part] = counts.get(piece.part, 0) + 1
            piece.attempt = counts[piece.part]
            previous = piece.part
            result.turns.append(piece)
    return result
