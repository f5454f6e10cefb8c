"""Answer units in a model turn: lines, list blocks, table rows and display formulas, with their labels.

A unit is a piece of the model's text that may state an answer.  Each remembers what it says it
is about (a table row's first cell, the words before a colon, the sentence before a display
formula), the formulas in it, and whether it sits in a "Final answer" section or is boxed.  A
reviewer's remarks (short plain lines with hard line breaks, or first-person comments without
math) are not units: they are never read as the model's answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graders.transcripts.math_spans import FORMULA_CHARS, MATH, formulas
from graders.transcripts.segment import ModelTurn

FINAL_HEADING = re.compile(r"final\b.{0,30}\banswers?|answers? summary|summary of (the )?answers|direct answer|"
                           r"final boxed|^\W{0,4}(?:short\s|the\s)?answers?\W{0,4}:", re.I)
# a growth rate stated as such: "linear in d_1", "grows like d_1^2", "\Theta(d_1)", "independent of d_2"
STATED_GROWTH = re.compile(r"\\Theta|Θ|\bO\(|\\mathcal\{O\}|\b(?:linear|quadratic|cubic)(?:ly|ally)?\s{1,3}(?:in|with|on)\b|"
                           r"\b(?:grows?|scales?|increases?|growing|scaling)\s{1,3}(?:like|as|with|in|linearly|quadratically|"
                           r"cubically|proportionally)\b|\bindependent of\b|\bproportional to\b|\bdoes(?: not|n't) depend\b|"
                           r"\bconstant in\b", re.I)
GROWTH_WORDS = re.compile(r"\b(linear(ly)?|quadratic(ally)?|cubic(ally)?|constant|independent of|proportional|"
                          r"grows?|scales?)\b|\\Theta|\bO\(|\\Omega|Θ", re.I)
_VERDICT_FIRST = re.compile(r"^\W{0,3}(correct|incorrect|partial(ly correct)?|wrong|close|right answer)\b\W{0,3}"
                            r"\s?[:!,.]", re.I)
# the question restated ("We want E[RMS^2(y')], its scaling ..."), not an answer to it
_RESTATED = re.compile(r"^\W{0,4}(?:we (?:want|need|are asked|must find|have to find)|(?:the )?(?:question|goal|task)"
                       r"\s(?:is|asks)|find\b|compute\b|goal\b|asked\b)", re.I)
_EMPHASIS = re.compile(r"\*\*[^*]{0,200}?(?:\$|\d)[^*]{0,200}?\*\*")
_BULLET = re.compile(r"^\s*(?:[-*•◻■▪]|\d+[.)])\s+")
# the model declining to answer, in its own words: the question it leaves open is not answered
_DECLINE = re.compile(r"\bI (?:don[’']t|do not) want to (?:misquote|guess|make up)|\bI(?:[’']m| am) not (?:sure|certain) "
                      r"(?:what|which|of|about)|\bI (?:can[’']t|cannot|don[’']t) (?:recall|remember)\b|\bI(?:[’']d| would) "
                      r"(?:need|have) to (?:check|look)|\bwithout (?:the paper|access to)", re.I)
# a heading: a Markdown "#" line, or a paragraph that is only bold ("**What the plots say about width**")
_HEADING = re.compile(r"^(?:#{1,6}\s+(.{1,120})|\*\*([^*\n]{1,120})\*\*:?)$")
# a run-in heading opening a paragraph ("**Upper bounds.** Induct over ...", "*SP (left).* The minimum ...")
_RUN_IN = re.compile(r"^(\*\*?)([^*\n$]{1,80}?)[.:]?\1[.:]?\s+\S")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_REMARK_WORDS = re.compile(r"\b(I|I'm|I've|my)\b|first try|\bcorrect(ly)?\b|\bwrong\b|\bnice\b|reprompt|"
                           r"\bprompt(ed|ing)?\b|clear to understand|steps shown", re.I)


@dataclass(frozen=True)
class Unit:
    """A piece of the model's text that may state an answer."""

    text: str  # as written, for the report
    label: str  # what it says it is about
    math: tuple[str, ...]  # the formulas in it, in order
    final: bool  # inside a final-answer section
    boxed: bool
    position: int
    kind: str  # "line" | "list" | "display" | "row" | "claim" (one statement of a line that states several)
    #          | "decline" (the model says it will not answer: "I don't want to misquote it")
    split: bool = False  # a line cut into claims: read whole only by slots that take several statements
    section: str = ""  # the headings it sits under ("The upper bounds / Features")

    @property
    def body(self) -> str:
        """The text after its label (a row's answer cell, the words after "X-axis:")."""
        if self.kind == "row":
            # the answer cell: the last one with math, else the second; a reviewer's "Correct!" column is not it
            cells = [cell.strip() for cell in self.text.split("\t")[1:] if cell.strip()]
            with_math = [cell for cell in cells if MATH.search(cell)]
            return with_math[-1] if with_math else (cells[0] if cells else self.text)
        if self.label and self.text.startswith(self.label):
            return self.text[len(self.label):].lstrip(" :\t")
        return self.text


def is_emphasised(text: str) -> bool:
    """Boxed, or a value set in bold ("**20 fwd operations**"): how a model marks its answer."""
    if r"\boxed" in text:
        return True
    # bold that opens a line and is followed by more text is a run-in heading ("**Second moment of $z$.** For ...")
    return any(match.start() > 0 or not text[match.end():].strip(" .:") for match in _EMPHASIS.finditer(text.strip()))


def _is_remark(paragraph: str) -> bool:
    """A reviewer's annotation: a verdict word up front ("Partial: ..."), or no math and hand-broken short
    lines or first-person judgements."""
    if _VERDICT_FIRST.match(paragraph):
        return True
    if MATH.search(paragraph):
        return False
    lines = paragraph.split("\n")
    hard_breaks = sum(line.endswith("  ") for line in lines)
    if hard_breaks and all(len(line) < 60 for line in lines):
        return True
    # a reviewer's judgement comes first ("Wrong on the first try ..."); the model's prose may say "wrong" later
    # ("a learning rate tuned on a narrow model is wrong for a wide one"), and a run-in heading opens its answer
    first_sentence = _SENTENCE_END.split(paragraph.strip(), 1)[0]
    return not _BULLET.match(paragraph) and not paragraph.lstrip().startswith(("#", "|")) \
        and not _RUN_IN.match(paragraph.lstrip()) and bool(_REMARK_WORDS.search(first_sentence)) \
        and len(paragraph) < 400


def _pipe_row_as_tabs(line: str) -> str | None:
    """``| Scaling | $\\Theta(d_1^2)$ |`` as tab-separated cells (how chat exports paste tables); None for a rule."""
    stripped = line.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2):
        return line
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", stripped[1:-1])]  # "\|" is a norm, not a border
    if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells if cell):
        return None
    return "\t".join(cells)


def _without_remark_cells(row: str) -> str:
    """A table row without the reviewer's column ("Correct!") written after the model's cells."""
    cells = row.split("\t")
    while len(cells) > 2 and not MATH.search(cells[-1]) and (not cells[-1].strip() or
                                                               _REMARK_WORDS.search(cells[-1])):
        cells.pop()
    return "\t".join(cells).strip()


def label_of(line: str) -> str:
    """Words before a colon or tab that name what the line answers ("X-axis:", "Rescaling constant")."""
    stripped = _BULLET.sub("", line).strip()
    if "\t" in stripped:
        return stripped.split("\t")[0].strip()
    match = re.match(r"^(\*\*)?([^:$]{2,60}?)(\*\*)?\s*:(\*\*)?\s", stripped)
    if match is None or MATH.search(match.group(2)) or "\\(" in match.group(2):
        return ""  # a colon after a formula ends no label
    if re.search(r"[.!?]\s", match.group(2)):
        return ""  # "So Θ(d_1²), still no d_2. For the constant: ...": a sentence before the label is no label
    return match.group(2).strip(" *")


_DISPLAY_LINE = re.compile(rf"\s*(?:\$\$.{{1,{FORMULA_CHARS}}}?\$\$|\\\[.{{1,{FORMULA_CHARS}}}?\\\])\s*[.,;]?\s*")


def _displays_on_own_lines(text: str) -> str:
    """A paragraph with each display formula on one line of its own, however many lines it was written over."""
    return MATH.sub(lambda match: "\n" + " ".join(match.group(0).split()) + "\n"
                    if match.group(1) is not None or match.group(3) is not None else match.group(0), text)


def _cells(cells: list[str], header: list[str], final: bool, position: int, section: str) -> list[Unit]:
    """A row of a table with several value columns, one unit per cell, named by its row and column
    ("Adam LR (hidden), muP: $1/\\text{fan}_\\text{in}$")."""
    found = []
    for column, cell in zip(header[1:], cells[1:]):
        if cell.strip():
            label = f"{cells[0].strip()}, {column}".strip(", ")
            text = f"{label}: {cell.strip()}"
            found.append(Unit(text, label, tuple(formulas(cell)), final, is_emphasised(cell), position + len(found),
                              "line", section=section))
    return found


class _Sections:
    """The headings above the paragraph being read: a "#" or bold-only heading, and a run-in one under it."""

    def __init__(self) -> None:
        self.heading = ""
        self.run_in = ""

    def enter(self, paragraph: str) -> str:
        """The section ``paragraph`` belongs to, after any heading it opens."""
        first = paragraph.split("\n")[0].strip()
        heading = _HEADING.match(first)
        if heading:
            self.heading, self.run_in = (heading.group(1) or heading.group(2)).strip(" *#:."), ""
        else:
            run_in = _RUN_IN.match(first)
            if run_in:
                self.run_in = run_in.group(2).strip()
        return " / ".join(part for part in (self.heading, self.run_in) if part)


def units(turn: ModelTurn) -> list[Unit]:
    """Every answer unit of a turn, in order."""
    found: list[Unit] = []
    final = False
    previous_sentence = ""
    sections = _Sections()
    for paragraph in turn.paragraphs:
        text = paragraph.text.strip()
        if FINAL_HEADING.search(text.split("\n")[0]) and len(text.split("\n")[0]) < 120:
            final = True
        section = sections.enter(text)
        declines = [Unit(sentence, "", tuple(formulas(sentence)), final, False, 0, "decline", section=section)
                    for sentence in _SENTENCE_END.split(text) if _DECLINE.search(sentence)]
        if _is_remark(text):
            found += [replace(unit, position=len(found) + index) for index, unit in enumerate(declines)]
            continue
        if text.startswith("$$") or text.startswith(r"\["):
            found.append(Unit(text, previous_sentence, tuple(formulas(text)), final, r"\boxed" in text,
                              len(found), "display", section=section))
            continue
        lines = [line for line in _displays_on_own_lines(text).split("\n") if line.strip()]
        header: list[str] = []
        for index, line in enumerate(lines):
            line = _pipe_row_as_tabs(line)
            if line is None:  # a Markdown table's |---|---| rule: the row above it names the columns
                above = _pipe_row_as_tabs(lines[index - 1]) if index else None
                if above and found and found[-1].kind == "row" and found[-1].text == _without_remark_cells(above):
                    found.pop()
                    header = [cell.strip() for cell in above.split("\t")]
                continue
            if FINAL_HEADING.search(line) and len(line) < 120:
                final = True  # text from a PDF has no blank lines: the heading is a line inside a paragraph
            clean = _BULLET.sub("", line).strip()
            if _RESTATED.match(clean):
                continue
            if _DISPLAY_LINE.fullmatch(clean):  # a display formula inside a paragraph, named by the line before
                label = _BULLET.sub("", lines[index - 1]).strip() if index else previous_sentence
                found.append(Unit(clean, label, tuple(formulas(clean)), final, r"\boxed" in clean, len(found),
                                  "display", section=section))
                continue
            kind = "row" if "\t" in clean else "line"
            if kind == "row":
                clean = _without_remark_cells(clean)
            cells = clean.split("\t")
            split = kind == "row" and len(header) == len(cells) > 2
            found.append(Unit(clean, label_of(line), tuple(formulas(clean)), final, is_emphasised(clean),
                              len(found), kind, split, section))
            if split:
                found += _cells(cells, header, final, len(found), section)
        bullets = [line for line in lines if _BULLET.match(line)]
        if len(bullets) > 1:
            block = "\n".join(_BULLET.sub("", line).strip() for line in bullets)
            found.append(Unit(block, "", tuple(formulas(block)), final, r"\boxed" in block, len(found), "list",
                              section=section))
        previous_sentence = _BULLET.sub("", lines[-1]).strip() if lines else previous_sentence
        found += [replace(unit, position=len(found) + index) for index, unit in enumerate(declines)]
    return found
