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
# Spaces inside a part name are bounded ({0,3}): unbounded runs next to each other backtrack cubically
# on a line of blanks.  A part is a digit and a letter: "4(c)", "4 (c)", "1) (b)", "4c", "Q4(c)", "4.c".
_PART = re.compile(r"(?<![0-9.])([1-9])(?:\s{0,3}\(\s{0,3}([a-h])\s{0,3}\)|\)\s{0,3}\(\s{0,3}([a-h])\s{0,3}\)|"
                   r"([a-h])\b|\s{0,3}\.\s{0,3}([a-h])\b)", re.I)
_ANSWER_START = re.compile(r"#{1,6}\s|\*\*[^*]{0,80}\b(question|part|problem)\b", re.I)
_BOLD_QUESTION = re.compile(r"\*\*\s{0,3}(question|part|problem|q)\s{0,3}[1-9]", re.I)
_OBJECTION = re.compile(r"\s*(not quite|close\b|no\b|nope|wrong|incorrect|that'?s not|try again|actually|hmm|"
                        r"recheck|check again)", re.I)
_NAMED_PART = re.compile(r"\b(?:question|part|problem|q)\s{0,3}(?=[1-9])", re.I)
_HEADING_START = re.compile(r"(?:question|part|problem|q)?\s{0,3}[1-9]\s{0,3}(?:\(\s{0,3}[a-h]\s{0,3}\)|[a-h]\b|"
                            r"\)\s{0,3}\(\s{0,3}[a-h]\s{0,3}\))", re.I)


def _is_part_heading(line: str) -> bool:
    """A line that starts by naming a part, after any heading marks, bullets or emoji ("### ✓ Question 4(a)")."""
    start = 0
    while start < min(len(line), 40) and not line[start].isalnum():
        start += 1
    return bool(_HEADING_START.match(line, start))


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


def mentioned_part(text: str, known: set[str]) -> str | None:
    """The known part named in ``text``; one called "Question 4(c)" beats a bare "4(b)" mentioned in passing."""
    found = []
    for match in _PART.finditer(text):
        letter = next((g for g in match.groups()[1:] if g), None)
        part = f"{match.group(1)}{letter.lower()}" if letter else None
        if part in known:
            named = bool(_NAMED_PART.search(text[max(0, match.start() - 12):match.start() + 1]))
            found.append((not named, len(found), part))
    return min(found)[2] if found else None


def _is_opener(paragraph: Paragraph) -> bool:
    first = paragraph.text.split("\n")[0]
    if not _OPENER.match(first):
        return False
    if "—" in first or "**" in first:
        return True  # the model's acknowledgement style; a person's prompt is plain
    return not _REQUEST.search(first)


def _is_model_start(paragraph: Paragraph) -> bool:
    """An acknowledgement, or an answer that opens with a heading or a bold "Question 4(c)"."""
    first = paragraph.text.split("\n")[0]
    return _is_opener(paragraph) or bool(_ANSWER_START.match(first)) or bool(_BOLD_QUESTION.search(first))


def _is_person(paragraph: Paragraph) -> bool:
    """A short plain request or objection, the way a person re-prompts ("Not quite, redo 4b")."""
    text = paragraph.text
    if len(text) > 300 or "$" in text or re.match(r"^\s*([-*#|>]|\d+[.)])", text):
        return False
    return bool(_REQUEST.search(text) or _OBJECTION.match(text))


def _model_turns(items: list[Paragraph]) -> list[ModelTurn]:
    """Alternate human and model stretches: a turn ends at its closing offer (or where a person's request is
    followed by a new answer), and the next one starts at an acknowledgement or an answer heading."""
    turns: list[ModelTurn] = []
    human: list[str] = []
    current: ModelTurn | None = None
    for index, paragraph in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if current is not None and following is not None and _is_person(paragraph) \
                and _is_model_start(following) and not _is_model_start(paragraph):
            turns.append(current)  # the reply ended without an offer to go on
            current = None
        if current is None:
            if _is_opener(paragraph) or (human and _is_model_start(paragraph)):
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
        part = mentioned_part(first_line, known) if _is_part_heading(first_line) else None
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
