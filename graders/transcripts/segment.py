"""Cutting a chat transcript into model turns, the part each turn answers, and attempts.

A Markdown chat export has no speaker labels.  A model turn usually ends with an offer to go on
("Let me know when you're ready ...") and the next one opens with an acknowledgement ("Great —
let's ...", "You're absolutely right — ..."); what lies between is the person's: a reviewer's
remarks and the next prompt.  When the source has speaker labels, they decide instead.

The part a turn answers is the one its opening names ("Question 1(b)", "### 4(e)"), else the one
the prompt asks for ("let's do 4c"), else the previous turn's (a re-prompt about the same part).
A heading naming another part inside a turn starts a new segment, and so does a heading naming
only a sub-part ("### (c)") after one naming its question ("## Question 1").  Attempts are
numbered per part in conversation order: every model turn about a part is one more attempt at it.
Part names are read by ``part_names.py``; a prompt naming none is matched by content (``identify.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection, Mapping, Sequence

from graders.transcripts.identify import Identification, PartProfile, identify
from graders.transcripts.part_names import HEADING_LINE, is_part_heading, mentioned_part, question_named, \
    sub_part_heading

# after a finished sentence, ending its line: a heading, not a mention ("ready to move on to **Question 1b**.")
_BOLD_NAME = re.compile(r"(?<=[.!?:])[ \t]+(\*\*([^*\n]{1,24})\*\*)[ \t]*$", re.M)
_TITLE_WORDS = 8  # a line this short that starts by naming a part is its heading
_LINES_PER_PARAGRAPH = 6  # more lines than this per paragraph on average: the blank lines were lost
_END_OF_TURN = re.compile(r"^\s*(let me know\b|ready for question\b|ready to (move on|continue)\b|"
                          r"would you like\b|shall we\b|want me to\b)", re.I)
_OPENER = re.compile(r"^\s*(great|awesome|absolutely|perfect|thanks|thank you|sure|certainly|of course|excellent|"
                     r"you'?re|you are|got it|okay|ok|alright|good (question|catch|point)|yes|indeed|fair|"
                     r"my (mistake|bad)|apologies|sorry)\b", re.I)
_REQUEST = re.compile(r"\b(can you|could you|let'?s do|let'?s go|go to|now part|redo|now last question|you may|"
                      r"please)\b|\?\s*$", re.I)
# an answer opens with a heading: "## 4(a)", "**Question 1b**", or a title line alone ("Problem 4 (a)"), as a
# heading reads once a PDF's text layer has dropped its marks
_ANSWER_START = re.compile(r"#{1,6}\s|\*\*[^*]{0,80}\b(question|part|problem)\b|(?:question|problem|exercise|part|q)"
                           r"\s{0,3}\d+(?:\s{0,3}\)?\s{0,3}\(?[a-z]{1,4}\)?)?\s{0,3}(?:[—:–-][^\n]{0,100})?$", re.I)
_BOLD_QUESTION = re.compile(r"\*\*\s{0,3}(question|part|problem|q)\s{0,3}[1-9]", re.I)
_OBJECTION = re.compile(r"\s*(not quite|close\b|no\b|nope|wrong|incorrect|that'?s not|try again|actually|hmm|"
                        r"recheck|check again)", re.I)

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
    found_by: str = ""  # how the part was recognised
    confidence: str = "sure"  # "sure", "likely", "ambiguous" (then part is None) or "none"
    candidates: tuple[str, ...] = ()  # the parts an ambiguous turn fits

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
    unassigned: list[ModelTurn] = field(default_factory=list)  # turns whose part is ambiguous: left for a person

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


def _blocks(text: str) -> list[Paragraph]:
    """Paragraphs; or, for text that lost its blank lines (a PDF's text layer), its lines."""
    found = paragraphs(text)
    lines = sum(len(paragraph.text.split("\n")) for paragraph in found)
    if lines < _LINES_PER_PARAGRAPH * max(1, len(found)):
        return found
    return [Paragraph(line, paragraph.line + offset) for paragraph in found
            for offset, line in enumerate(paragraph.text.split("\n")) if line.strip()]


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
    if len(text) > 300 or re.match(r"^\s*([-*#|>]|\d+[.)])", text):
        return False
    if text[:1].islower() and "?" in text and "\n" not in text:
        return True  # typed in lower case with a question in it ("which one though? with g = theta + sigma z")
    return "$" not in text and bool(_REQUEST.search(text) or _OBJECTION.match(text))


def _person_lines_apart(items: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs cut around a line that is a person's re-prompt followed by the model's reply ("which one
    though?" then "Fair — ..."), as when a PDF's text lost the blank lines between turns."""
    result = []
    for paragraph in items:
        lines = paragraph.text.split("\n")
        start = 0
        for index in range(1, len(lines) - 1):
            person, reply = Paragraph(lines[index], 0), Paragraph(lines[index + 1], 0)
            if _is_person(person) and _is_model_start(reply) and not _is_model_start(person):
                if index > start:
                    result.append(Paragraph("\n".join(lines[start:index]), paragraph.line + start))
                result.append(Paragraph(lines[index], paragraph.line + index))
                start = index + 1
        result.append(Paragraph("\n".join(lines[start:]), paragraph.line + start))
    return result


def _model_turns(items: list[Paragraph]) -> list[ModelTurn]:
    """Alternate human and model stretches: a turn ends at its closing offer (or where a person's request is
    followed by a new answer), and the next one starts at an acknowledgement or an answer heading."""
    items = _person_lines_apart(items)
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


def _at_heading_lines(found: list[Paragraph], known: Collection[str]) -> list[Paragraph]:
    """Paragraphs cut before every line that is a heading naming a part ("**1b**" inside a paragraph of text
    taken from a PDF, which has no blank lines to set the heading apart)."""
    result = []
    for paragraph in found:
        # a bold part name joined to the end of the line before it ("... as $1/d$. **3(c)**") still heads a part
        text = _BOLD_NAME.sub(lambda m: "\n" + m.group(1) if is_part_heading(m.group(2), known) else m.group(0),
                              paragraph.text)
        lines = text.split("\n")
        start = 0
        for index, line in enumerate(lines[1:], 1):
            titled = HEADING_LINE.match(line) or len(line.split()) <= _TITLE_WORDS  # "1b" alone: a heading lost its marks
            if titled and is_part_heading(line, known) and not line.lstrip().startswith("|"):  # a table's row
                result.append(Paragraph("\n".join(lines[start:index]), paragraph.line + start))
                start = index
        result.append(Paragraph("\n".join(lines[start:]), paragraph.line + start))
    return result


def _split_by_heading(turn: ModelTurn, known: Collection[str], question: str | None = None) -> list[ModelTurn]:
    """A heading naming another part starts a new segment of the same turn; so does one naming only a sub-part
    of ``question`` or of the question a heading of this turn named."""
    segments = [ModelTurn([], prompt=turn.prompt)]
    current_part = None
    for paragraph in _at_heading_lines(turn.paragraphs, known):
        first_line = paragraph.text.split("\n")[0]
        part = mentioned_part(first_line, known) if is_part_heading(first_line, known) else None
        if part is None and HEADING_LINE.match(first_line):
            part = sub_part_heading(first_line, question, known)
            question = question_named(first_line) or question
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


def _identified(turn: ModelTurn, opening: str, known: list[str], previous: str | None,
                profiles: Mapping[str, PartProfile] | None) -> Identification:
    """The part a model turn answers: named in its ``opening``, else what its prompt asks for."""
    named = mentioned_part(opening, known)
    if named is not None:
        return Identification(named, "sure", f"named in the answer's opening ({named})")
    if profiles:
        return identify(turn.prompt, previous, profiles)
    named = mentioned_part(turn.prompt, known)
    if named is not None:
        return Identification(named, "sure", f"named in the prompt ({named})")
    return Identification(previous, "likely", f"no part named: continues {previous}") if previous else \
        Identification(None, "none", "no part named")


def segment(text: str, known_parts: Sequence[str], labelled: Sequence[tuple[str | None, str]] = (),
            profiles: Mapping[str, PartProfile] | None = None) -> Segmentation:
    """Model turns with their parts and attempt numbers; ``known_parts`` are the set's keys ("1b", "q10",
    "2(iii)"); speaker labels, when given, decide the turns; ``profiles`` (graders/transcripts/identify.py)
    let a prompt that names no part be matched by its content."""
    known = list(known_parts)
    result = Segmentation()
    previous = None
    counts: dict[str, int] = {}
    has_labels = any(speaker == "model" for speaker, _ in labelled)
    turns = _labelled_model_turns(text, labelled) if has_labels else _model_turns(_blocks(text))
    for turn in turns:
        opening = "\n".join(turn.paragraphs[0].text.split("\n")[:2])  # a PDF's turn can be one long paragraph
        found = _identified(turn, opening, known, previous, profiles)
        sure = found.confidence == "sure"
        question = None if sure else question_named(opening) or question_named(turn.prompt)
        for index, piece in enumerate(_split_by_heading(turn, known, question)):
            if index == 0:
                # a heading in the answer that names a part beats a guess from the prompt's wording
                piece.part = found.part if sure else piece.part or found.part
                piece.found_by, piece.confidence = (found.found_by, found.confidence) if piece.part == found.part \
                    else (f"a heading in the answer names {piece.part}", "sure")
            else:
                piece.found_by, piece.confidence = f"a heading in the answer names {piece.part}", "sure"
            if piece.part is None:
                if found.confidence == "ambiguous" and index == 0:
                    piece.found_by, piece.confidence, piece.candidates = found.found_by, "ambiguous", found.candidates
                    result.unassigned.append(piece)
                continue
            counts[piece.part] = counts.get(piece.part, 0) + 1
            piece.attempt = counts[piece.part]
            previous = piece.part
            result.turns.append(piece)
    return result
