"""Rendered lines to Markdown-like text: words spaced, table cells, bold runs, headings, paragraphs.

A line arrives as pieces (words, formulas, raw regions) with the blank before each.  Pieces are
joined with a space where the page shows one and a tab between table cells; a run of bold words is
written ``**...**`` and a heading ``## ...``.  Then the lines of a page become blocks as a Markdown
export has them: a word hyphenated at a line's end is rejoined, a formula wrapped after an operator
is put back together, lines wrapped within a paragraph are joined into one, a blank line parts
paragraphs and stands around displays and headings, and rows of cells that line up become a table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from graders.transcripts.pdf_lines import Line

__all__ = ["Piece", "Rendered", "markdown_lines"]

_SEPARATE = re.compile(r"\s*(?:[•◦▪]|[-*+]\s|\d{1,2}[.)]\s|\$\$|#|\| )")  # a list item, display, heading, row
_MATH_SPAN = re.compile(r"\$[^$]+\$")
_HYPHENATED = re.compile(r"[A-Za-z]-$")
_WORD_START = re.compile(r"^([a-z][A-Za-z]*)(.*)$")
_BROKEN_FORMULA = re.compile(r"(?:[=+\-<>]|\\(?:cdot|times|le|ge|ne|sim|in|approx|to|Rightarrow|propto|equiv))\$$")
_FORMULA_START = re.compile(r"^\$(?!\$)([^$]+)\$|^(\d+(?:\.\d+)?)(?=[\s,.;:)]|$)")
_CELL_GAP = 1.5  # ems of blank between two pieces of a line that part two table cells


@dataclass
class Piece:
    """A word, a formula or a raw region of a line, where it stands, and the blank before it."""

    text: str
    x0: float
    gap: float  # blank before it (0 for the first piece)
    spaced: bool  # the blank is at least a space
    bold: bool = False  # a word in a bold face


@dataclass
class Rendered:
    """A line cut into pieces, with what it holds."""

    pieces: list[Piece]
    size: float
    heading: int = 0  # a heading's level (1 for the largest type), 0 for body text
    formulas: int = 0
    raw: int = 0
    tex_hyphen: bool = False  # ends with a hyphen in TeX's text font (TeX hyphenated the word)


def _joined(rendered: list[Rendered]) -> tuple[list[str], list[list[float]]]:
    """Each line's pieces joined: a space where the page shows one, a tab between table cells (a wide blank, or a
    smaller one where a nearby line has a cell starting at the same place), bold runs between ``**``; and where
    each line's cells start."""
    starts = [{round(p.x0) for p in r.pieces if p.gap > _CELL_GAP * r.size} for r in rendered]
    firsts = [r.pieces[0].x0 if r.pieces else None for r in rendered]
    texts, cells = [], []
    for k, r in enumerate(rendered):
        _bold_through_math(r.pieces, r.size)
        cells.append([])
        nearby = set().union(*starts[max(0, k - 3):k], *starts[k + 1:k + 4])
        out, bold = _empty_cells(r, nearby, [x for x in firsts[max(0, k - 3):k + 4] if x is not None]), False
        for piece in r.pieces:
            aligned = piece.gap > 0.6 * r.size and any(abs(piece.x0 - x) <= 2 for x in nearby)
            separator = "\t" if piece is not r.pieces[0] and (piece.gap > _CELL_GAP * r.size or aligned) \
                else " " if piece.spaced else ""
            if bold and (separator == "\t" or not piece.bold):  # a bold run ends at a cell's end or a plain word
                out, bold = out + "**", False
            out += separator
            if piece.bold and not bold and not r.heading:  # a run of bold words, as Markdown writes it
                out, bold = out + "**", True
            if separator == "\t" or piece is r.pieces[0]:
                cells[-1].append(piece.x0)
            out += piece.text
        texts.append(("#" * r.heading + " " if r.heading else "") + out + ("**" if bold else ""))
    return texts, cells


def _empty_cells(r: Rendered, starts: set[int], firsts: list[float]) -> str:
    """Tabs for a table row's empty first cells: its first piece starts at another row's second (or later) cell."""
    if not r.pieces or not starts:
        return ""
    x0 = r.pieces[0].x0
    if not any(abs(x0 - x) <= 2 for x in starts) or min(firsts) >= x0 - 2:
        return ""
    return "\t" * (1 + sum(1 for x in sorted(starts) if min(firsts) + 2 < x < x0 - 2))


def _bold_through_math(pieces: list[Piece], size: float) -> None:
    """A formula inside a run of bold words is inside the run (**Second moment of $z$.**)."""
    for k in range(1, len(pieces) - 1):
        close = pieces[k].gap <= 0.6 * size and pieces[k + 1].gap <= 0.6 * size
        if close and pieces[k].text.startswith("$") and pieces[k - 1].bold and pieces[k + 1].bold:
            pieces[k].bold = True


def _rejoin_hyphens(texts: list[str], rendered: list[Rendered]) -> list[str]:
    """Move the rest of a word hyphenated at a line's end up to it (dropping TeX's hyphen), and the rest of a
    formula broken after an operator (an inline formula wrapped at the line's end)."""
    for k in range(len(texts) - 1):
        if _HYPHENATED.search(texts[k]) and not texts[k].endswith("$"):
            m = _WORD_START.match(texts[k + 1])
            if m:
                head = texts[k][:-1] if rendered[k].tex_hyphen else texts[k]
                texts[k] = head + m.group(1)
                texts[k + 1] = m.group(2).lstrip()
        elif _BROKEN_FORMULA.search(texts[k]) and not texts[k].endswith("$$"):
            m = _FORMULA_START.match(texts[k + 1])
            if m:
                texts[k] = texts[k][:-1] + (m.group(1) or m.group(2)) + "$"
                texts[k + 1] = texts[k + 1][m.end():].lstrip()
    return texts


def _paragraph_breaks(lines: list[Line], body: float) -> list[bool]:
    """Whether a paragraph starts at each line: its baseline stands further from the line above than lines within
    a paragraph do (next to a tall formula, which moves baselines apart, its glyphs must stand apart too)."""
    steps = [upper.base - lower.base for upper, lower in zip(lines, lines[1:])]
    blanks = [min(i.bottom for i in upper.items) - max(i.top for i in lower.items)
              for upper, lower in zip(lines, lines[1:])]
    if not steps:
        return [False] * len(lines)
    step, blank = sorted(steps)[len(steps) // 3], sorted(blanks)[len(blanks) // 3]  # most pairs are within one
    tall = [any(i.top - i.bottom > 1.4 * i.size for i in line.items) for line in lines]
    return [False] + [s > step + 0.3 * body and (b > blank + 0.15 * body or not (tall[k] or tall[k + 1]))
                      for k, (s, b) in enumerate(zip(steps, blanks))]


def _wrapped(lines: list[Line], texts: list[str], breaks: list[bool], column: tuple[float, float]) -> list[bool]:
    """Whether each line goes on with the one above: no paragraph break between them, the one above as full as
    the lines around it (a browser or TeX wrapped it), and neither a list item, a heading, a display or a table row."""
    width = max(column[1] - column[0], 1.0)
    out = [False] * len(lines)
    for k in range(1, len(lines)):
        upper, lower = texts[k - 1], texts[k]
        if breaks[k] or not upper or not lower or _SEPARATE.match(lower) or _SEPARATE.match(upper) \
                or "\t" in upper or "\t" in lower:
            continue
        block = [line.x1 for line in lines[max(0, k - 5):k + 5] if abs(line.x0 - lines[k - 1].x0) <= 20]
        out[k] = lines[k - 1].x1 >= max(block) - 0.12 * width
    return out


def _paragraphs(texts: list[str], breaks: list[bool], wrapped: list[bool]) -> list[str]:
    """Lines wrapped within a paragraph joined into one, and a blank line where a paragraph ends and around
    displays and headings, as Markdown writes them; emptied lines dropped."""
    out: list[str] = []
    for text, brk, joined in zip(texts, breaks, wrapped):
        if joined and out and out[-1]:
            if out[-1].endswith("**") and text.startswith("**"):  # one bold run over the line break
                out[-1], text = out[-1][:-2], text[2:]
            out[-1] = out[-1] + " " + text if text.strip() else out[-1]
            continue
        apart = brk or text.startswith(("$$", "#")) or (bool(out) and out[-1].startswith(("$$", "#")))
        apart = apart and not (text.startswith("| ") and bool(out) and out[-1].startswith("| "))  # rows stay together
        if apart and out and out[-1]:
            out.append("")
        if text.strip():
            out.append(text)
    return out


def _tables(texts: list[str], cells: list[list[float]]) -> list[str]:
    """Runs of lines of tab-separated cells that line up (two or more) as a Markdown table, its first row the
    header (the rule under it is added to that row's line)."""
    out = list(texts)
    k = 0
    while k < len(texts):
        end = k + 1
        while end < len(texts) and "\t" in texts[k] and "\t" in texts[end] and _line_up(cells[end - 1], cells[end]):
            end += 1
        if end - k >= 2:
            rows = [[_cell(cell) for cell in line.split("\t")] for line in texts[k:end]]
            width = max(len(row) for row in rows)
            for n, row in enumerate(rows):
                out[k + n] = "| " + " | ".join(row + [""] * (width - len(row))) + " |"
            out[k] += "\n|" + " --- |" * width
        k = end
    return out


def _cell(text: str) -> str:
    """A table cell's text with its formulas' bars written as commands (a | would end the cell)."""
    return _MATH_SPAN.sub(lambda m: m.group().replace(r"\|", r"\Vert ").replace("|", r"\vert "), text.strip())


def _line_up(upper: list[float], lower: list[float]) -> bool:
    """Whether two rows have a cell starting at the same place (after their first)."""
    return any(abs(a - b) <= 3 for a in upper[1:] for b in lower[1:])


def markdown_lines(rendered: list[Rendered], lines: list[Line], body: float, column: tuple[float, float]) -> list[str]:
    """A page's rendered lines (top to bottom, with their ``Line``) as Markdown-like lines."""
    texts, cells = _joined(rendered)
    texts = _tables(_rejoin_hyphens(texts, rendered), cells)
    breaks = _paragraph_breaks(lines, body)
    return _paragraphs(texts, breaks, _wrapped(lines, texts, breaks, column))
