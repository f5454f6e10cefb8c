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

Part names are the problem set's own keys ("1b", "q10", "2(iii)", "3.1b"), recognised however a
transcript spells them: "1(b)", "Q1(b)", "Question 1 part b", "1) (a)", "Q 10", "Problem 2 (iii)",
"3.1(b)".  Each key is reduced to a canonical form (lowercase, no leading "question" or "q", no
brackets or separators) and a pattern accepting the usual spellings of that form is built from it.
A key that is a bare number ("10", from "q10") needs its label in the text: "10" alone is a number.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Collection, Sequence

_END_OF_TURN = re.compile(r"^\s*(let me know\b|ready for question\b|ready to (move on|continue)\b|"
                          r"would you like\b|shall we\b|want me to\b)", re.I)
_OPENER = re.compile(r"^\s*(great|awesome|absolutely|perfect|thanks|thank you|sure|certainly|of course|excellent|"
                     r"you'?re|you are|got it|okay|ok|alright|good (question|catch|point)|yes|indeed)\b", re.I)
_REQUEST = re.compile(r"\b(can you|could you|let'?s do|let'?s go|go to|now part|redo|now last question|you may|"
                      r"please)\b|\?\s*$", re.I)
_ANSWER_START = re.compile(r"#{1,6}\s|\*\*[^*]{0,80}\b(question|part|problem)\b", re.I)
_BOLD_QUESTION = re.compile(r"\*\*\s{0,3}(question|part|problem|q)\s{0,3}[1-9]", re.I)
_OBJECTION = re.compile(r"\s*(not quite|close\b|no\b|nope|wrong|incorrect|that'?s not|try again|actually|hmm|"
                        r"recheck|check again)", re.I)

# Part names.  Spaces inside one are bounded ({0,3}): unbounded runs next to each other backtrack
# cubically on a line of blanks.
_LABEL = r"(?:question|problem|exercise|prob|part|ex|q)"
_KEY_LABEL = re.compile(rf"^{_LABEL}\s*\.?\s*(?=\d)")
_ATOM = re.compile(r"\d+(?:\.\d+)*|[a-z]+")
_BEFORE_NAME = r"(?<![A-Za-z0-9_.\\])"  # not inside a word, a number or a LaTeX command
_NAME_LABEL = rf"(?P<label>{_LABEL})\s{{0,3}}\.?\s{{0,3}}"
_PART_WORD = r",?\s{1,3}part\s{1,3}"
_HEADING_LINE = re.compile(r"\s{0,3}(?:#{1,6}\s|\*\*)")
_QUESTION_ONLY = re.compile(r"(?<![A-Za-z0-9])(?:question|problem|exercise|q)\s{0,3}\.?\s{0,3}(\d+(?:\.\d+)*)"
                            r"(?![A-Za-z0-9]|\.\d)", re.I)
_SUB_PART = re.compile(r"(?:part\s{0,3})?\(?\s{0,3}([a-z]{1,5}|\d{1,3})\s{0,3}\)|part\s{1,3}([a-z]{1,5}|\d{1,3})\b",
                       re.I)


def canonical_part(name: str) -> str:
    """A part name reduced for comparison: ``Q1(b)``, ``1) (b)`` and ``1b`` give ``1b``; ``3.1(b)`` gives ``3.1b``."""
    text = _KEY_LABEL.sub("", name.strip().lower())
    text = re.sub(r"\bpart\b", "", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "\0", text)  # the dot of 3.1 belongs to the number
    return re.sub(r"[^a-z0-9\0]", "", text).replace("\0", ".")


def _name_pattern(atoms: list[str]) -> str:
    """A regular expression for one part name, spelt with any of the usual brackets and separators."""
    if len(atoms) == 1:
        pattern = _BEFORE_NAME + _NAME_LABEL  # a bare "10" is a number, not a part; "Q10" is a part
    else:
        pattern = _BEFORE_NAME + f"(?:{_NAME_LABEL})?"
    pattern += re.escape(atoms[0])
    for position, atom in enumerate(atoms[1:], 2):
        name = re.escape(atom)
        plain = name + (r"(?![A-Za-z0-9_])" if position == len(atoms) else "")
        pattern += (rf"(?:\s{{0,3}}(?:\)\s{{0,3}})?\(\s{{0,3}}{name}\s{{0,3}}\)"  # 1(b), 1 (b), 1) (b)
                    rf"|{_PART_WORD}(?:\(\s{{0,3}}{name}\s{{0,3}}\)|{plain})"  # 1 part b, 4, part (c)
                    rf"|\s{{0,3}}\.\s{{0,3}}{plain}"  # 4.c
                    rf"|{plain})")  # 1b, 3.1b
    if len(atoms) == 1:
        pattern += r"(?![A-Za-z0-9_]|\.\d)"
    return pattern


@functools.lru_cache(maxsize=32)
def _part_names(known: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern], ...]:
    """Each known key, its canonical form and the pattern of its mentions; of two keys with one form, the first."""
    found, seen = [], set()
    for key in known:
        canonical = canonical_part(key)
        if canonical and canonical not in seen:
            seen.add(canonical)
            found.append((key, canonical, re.compile(_name_pattern(_ATOM.findall(canonical)), re.I)))
    return tuple(found)


def _names(known: Collection[str]) -> tuple[tuple[str, str, re.Pattern], ...]:
    # a set of keys has no order of its own; a sorted one keeps the cache small and the result stable
    return _part_names(tuple(known) if isinstance(known, (list, tuple)) else tuple(sorted(known)))


def _mentions(text: str, known: Collection[str]) -> list[tuple[bool, int, int, str]]:
    """Every mention of a known part: (not called a question, start, minus its length, key)."""
    found = []
    for key, _, pattern in _names(known):
        for match in pattern.finditer(text):
            found.append((match.group("label") is None, match.start(), match.start() - match.end(), key))
    return found


def mentioned_part(text: str, known: Collection[str]) -> str | None:
    """The known part named in ``text``; one called "Question 4(c)" beats a bare "4(b)" mentioned in passing."""
    found = _mentions(text, known)
    return min(found)[3] if found else None


def mentioned_parts(text: str, known: Collection[str]) -> list[str]:
    """Every known part named anywhere in ``text``, in the order of their first mention."""
    first: dict[str, None] = {}
    for _, _, _, key in sorted(_mentions(text, known), key=lambda mention: mention[1]):
        first.setdefault(key)
    return list(first)


def _first_word(line: str) -> int:
    start = 0
    while start < min(len(line), 40) and not line[start].isalnum():
        start += 1
    return start


def _is_part_heading(line: str, known: Collection[str]) -> bool:
    """A line that starts by naming a part, after any heading marks, bullets or emoji ("### ✓ Question 4(a)")."""
    start = _first_word(line)
    return any(pattern.match(line, start) for _, _, pattern in _names(known))


def _question_named(text: str) -> str | None:
    """The question named without a sub-part ("## Problem 2"), as the start of a canonical part name."""
    match = _QUESTION_ONLY.search(text)
    return match.group(1) if match else None


def _sub_part_heading(line: str, question: str | None, known: Collection[str]) -> str | None:
    """The known part meant by a heading that names only a sub-part ("### (c)", "**Part c**") of ``question``."""
    if question is None or not _HEADING_LINE.match(line):
        return None
    start = _first_word(line)
    if start and line[start - 1] == "(":
        start -= 1
    match = _SUB_PART.match(line, start)
    if match is None:
        return None
    wanted = question + (match.group(1) or match.group(2)).lower()
    return next((key for key, canonical, _ in _names(known) if canonical == wanted), None)


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


def _split_by_heading(turn: ModelTurn, known: Collection[str], question: str | None = None) -> list[ModelTurn]:
    """A heading naming another part starts a new segment of the same turn; so does one naming only a sub-part
    of ``question`` or of the question a heading of this turn named."""
    segments = [ModelTurn([], prompt=turn.prompt)]
    current_part = None
    for paragraph in turn.paragraphs:
        first_line = paragraph.text.split("\n")[0]
        part = mentioned_part(first_line, known) if _is_part_heading(first_line, known) else None
        if part is None and _HEADING_LINE.match(first_line):
            part = _sub_part_heading(first_line, question, known)
            question = _question_named(first_line) or question
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


def segment(text: str, known_parts: Sequence[str], labelled: Sequence[tuple[str | None, str]] = ()) -> Segmentation:
    """Model turns with their parts and attempt numbers; ``known_parts`` are the set's keys ("1b", "q10",
    "2(iii)"); speaker labels, when given, decide the turns."""
    known = list(known_parts)
    result = Segmentation()
    previous = None
    counts: dict[str, int] = {}
    has_labels = any(speaker == "model" for speaker, _ in labelled)
    turns = _labelled_model_turns(text, labelled) if has_labels else _model_turns(paragraphs(text))
    for turn in turns:
        opening = "\n".join(turn.paragraphs[0].text.split("\n")[:2])  # a PDF's turn can be one long paragraph
        named = mentioned_part(opening, known) or mentioned_part(turn.prompt, known)
        question = None if named else _question_named(opening) or _question_named(turn.prompt)
        for index, piece in enumerate(_split_by_heading(turn, known, question)):
            if index == 0:
                piece.part = named or piece.part or previous
            if piece.part is None:
                continue
            counts[piece.part] = counts.get(piece.part, 0) + 1
            piece.attempt = counts[piece.part]
            previous = piece.part
            result.turns.append(piece)
    return result
