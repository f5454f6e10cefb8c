"""A PDF page's text with its math rebuilt as LaTeX, from the positions, sizes and fonts of its glyphs.

The pipeline, per page (chars -> lines -> scripts, fractions, operators -> LaTeX spans):

1. glyphs and shapes (``pdf_glyphs``): each glyph's character, font, size and baseline; thin rules,
   frames, root-sign paths and drawn bullets;
2. items (``pdf_items``): glyphs with the vertical extent their kind gives them; a tall delimiter's
   pieces merged into one;
3. stacks (``pdf_limits``, ``pdf_stacks``): operators with limits, roots, fractions, overlines and
   frames rebuilt into boxes whose LaTeX is known, innermost first;
4. lines (``pdf_lines``): glyphs sharing a baseline are a row; smaller rows just above or below a
   line are its scripts; boxes join the line whose baseline they straddle;
5. atoms (``pdf_math``): each line's bases in order with their scripts and accents attached;
6. spans (here): runs of atoms in math fonts (or in TeX's text fonts next to them: digits,
   brackets, ``=``, ``\\log``) become ``$...$``; a line that is all math and stands as a display
   becomes ``$$...$$``.  Prose keeps its Unicode; a ``$`` in prose is written ``\\$``;
7. Markdown (``pdf_markdown``): bold runs, headings, tables, paragraphs joined and parted.

What cannot be rebuilt with confidence (a rule with math tight above and below that is not a
fraction, a script with no base, an accent over nothing) is kept as text between ``⟦`` and
``⟧`` (U+27E6, U+27E7), outside any ``$``: the glyphs in reading order, as a linear reader shows
them.  Readers must show it and never grade it as something else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from graders.reading.notation import GREEK
from graders.transcripts.pdf_glyphs import PageGlyphs
from graders.transcripts.pdf_items import Item, glyph_items
from graders.transcripts.pdf_lines import Line, drawn_bullets, group_lines
from graders.transcripts.pdf_markdown import Piece, Rendered, markdown_lines
from graders.transcripts.pdf_math import Atom, atoms, join_latex
from graders.transcripts.pdf_stacks import build_stacks

__all__ = ["RAW_CLOSE", "RAW_OPEN", "PageLayout", "page_layout"]

RAW_OPEN, RAW_CLOSE = "⟦", "⟧"
_PUNCTUATION = frozenset(".,;:!?'\"“”‘’")
_OPERATORS = frozenset("+=<>*/|()[]−×÷±·")  # not "-": TeX's text hyphen is never its minus
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RELATIONS_AND_OPERATORS = frozenset("=<>+−×·≤≥≈∼∝→⇒")
_BULLETS = frozenset("•∙◦▪●")
_FUNCTION_WORDS = frozenset("log ln exp sin cos tan max min sup inf lim det arg".split())
_FORMULA_GAP = 1.1  # ems of blank between two math atoms that part two formulas (TeX's widest space is a \quad)
MAX_ITEMS = 60000  # a page with more glyphs than this is read without layout (a crafted PDF)


@dataclass
class PageLayout:
    """One page's text and what the layout reader rebuilt on it."""

    text: str
    formulas: int = 0  # $...$ and $$...$$ spans written
    constructs: int = 0  # fractions, roots, limits, frames rebuilt
    raw: int = 0  # ⟦...⟧ regions left as text
    unmapped: float = 0.0  # share of the page's glyphs whose font gives no character (dropped)


def page_layout(page: PageGlyphs) -> PageLayout:
    """A page's text, with math rebuilt and delimited."""
    items = glyph_items(page.glyphs)
    if len(items) > MAX_ITEMS:
        return PageLayout("\n".join(_plain_lines(items)), raw=0)
    items += drawn_bullets(page, items)
    items, built = build_stacks(items, page.shapes, page.width)
    lines = sorted(group_lines(items), key=lambda line: -line.base)
    wide = [line for line in lines if len(line.items) > 3] or lines
    column = (min((line.x0 for line in wide), default=0.0), max((line.x1 for line in wide), default=page.width))
    body = _body_size(items)
    rendered = [_render(line, column, body) for line in lines]
    texts = markdown_lines(rendered, lines, body, column)
    unmapped = sum(1 for g in page.glyphs if not g.char) / max(len(page.glyphs), 1)
    return PageLayout("\n".join(texts), sum(r.formulas for r in rendered), built.total, sum(r.raw for r in rendered),
                      unmapped)


def _body_size(items: list[Item]) -> float:
    """The size most of the page's prose letters are set in."""
    counts: dict[float, int] = {}
    for item in items:
        if item.kind == "glyph" and item.role != "math" and item.char.isalpha():
            counts[round(item.size, 1)] = counts.get(round(item.size, 1), 0) + 1
    return max(counts, key=counts.__getitem__) if counts else 10.0


def _plain_lines(items: list[Item]) -> list[str]:
    """Glyphs grouped by baseline, in reading order, without any rebuilding."""
    rows: dict[int, list[Item]] = {}
    for item in items:
        rows.setdefault(round(item.base / 2), []).append(item)
    return ["".join(i.char for i in sorted(row, key=lambda i: i.x0)) for _, row in sorted(rows.items(), reverse=True)]


def _char(atom: Atom) -> str:
    """The character of a one-glyph atom ("" for words and boxes)."""
    return atom.items[0].char if len(atom.items) == 1 and atom.items[0].kind != "box" else ""


def _joins(atom: Atom, gap: float, size: float, toward: Atom | None, leftward: bool = False) -> bool:
    """Whether an atom in TeX's text font next to math belongs to it (digits, brackets, operators, touching words)."""
    if atom.role != "shared" or atom.sub or atom.sup:
        return atom.role == "math" or (atom.role == "shared" and atom.signal)
    ch = _char(atom)
    if ch == ":" and toward is not None and _char(toward) == "=" and abs(toward.x0 - atom.x1) <= 0.1 * size:
        return True  # := (TeX sets the colon in its text font)
    if ch in _PUNCTUATION:
        return False
    after_operator = toward is not None and not leftward and _char(toward) in _RELATIONS_AND_OPERATORS
    # a number right after = or + belongs to the formula, however far the glue stretched
    if ch.isdigit() or _NUMBER.fullmatch("".join(i.char for i in atom.items)):
        return gap <= 0.3 * size or (after_operator and gap <= 1.0 * size)
    if ch and (ch in _OPENING or ch in _CLOSING):  # a bracket touches what it encloses, or follows an operator
        return gap <= 0.2 * size or (after_operator and gap <= 0.8 * size)
    if ch in _OPERATORS:
        return gap <= 0.8 * size
    word = "".join(i.char for i in atom.items)
    if not word.replace("_", "").replace("-", "").isalpha() or toward is None:
        return False
    if not leftward and toward.text[-1:].isdigit() and len(word) <= 3 and gap <= 0.2 * size:
        return True  # a unit after a number, a thin space apart (500\,\text{ns})
    # a word touching math, or an operator name before its bracket (sign(, Var|), but not a word after a bracket
    opens = leftward and _char(toward) in tuple("([|‖")
    if toward.signal or opens:
        return gap <= (0.18 if leftward else 0.08) * size or (word in _FUNCTION_WORDS and gap <= 0.3 * size)
    return False


def _math_flags(row: list[Atom], size: float) -> list[bool]:
    """Which atoms of a line are math: the math-font ones, grown over text-font neighbours that belong."""
    flags = [a.role != "raw" and a.signal for a in row]
    for order in (range(1, len(row)), range(len(row) - 2, -1, -1)):
        for k in order:
            prev = k - 1 if order.step == 1 else k + 1
            if flags[prev] and not flags[k] and row[k].role != "raw" and row[k].role != "prose":
                gap = row[k].x0 - row[prev].x1 if order.step == 1 else row[prev].x0 - row[k].x1
                flags[k] = _joins(row[k], max(gap, 0.0), size, row[prev], leftward=order.step != 1)
    return flags


def _trim(row: list[Atom], flags: list[bool]) -> None:
    """Give back to prose a span's unmatched brackets at its ends and spans with no math in them."""
    k = 0
    while k < len(row):
        if not flags[k]:
            k += 1
            continue
        end = k
        while end < len(row) and flags[end]:
            end += 1
        _trim_span(row, flags, k, end)
        kept = [row[j] for j in range(k, end) if flags[j]]
        if not any(a.signal for a in kept) or _lone_symbol(kept):
            for j in range(k, end):
                flags[j] = False
        k = end


def _trim_span(row: list[Atom], flags: list[bool], start: int, end: int) -> None:
    """Unflag a text-font bracket at a span's end when its partner is not in the span."""
    chars = [_char(a) if a.role == "shared" else "" for a in row[start:end]]
    depth = 0
    for k, ch in enumerate(chars):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            if depth == 0:
                if k == 0 or k == len(chars) - 1:
                    flags[start + k] = False
            else:
                depth -= 1
    depth = 0
    for k in range(len(chars) - 1, -1, -1):
        if chars[k] in _CLOSING:
            depth += 1
        elif chars[k] in _OPENING:
            if depth == 0:
                if k == 0 or k == len(chars) - 1:
                    flags[start + k] = False
            else:
                depth -= 1


def _bullet(row: list[Atom], size: float) -> None:
    """A line's first glyph standing apart that is a bullet sign or has no character is a list bullet."""
    first = row[0]
    if len(row) > 1 and len(first.items) == 1 and first.items[0].kind == "glyph" and not (first.sub or first.sup) \
            and (first.items[0].char in _BULLETS or not first.items[0].char) and row[1].x0 - first.x1 > 0.3 * size:
        first.role, first.text, first.signal = "prose", "•", False


def _lone_symbol(group: list[Atom]) -> bool:
    """A span that is one symbol by itself (an arrow, a check mark): prose that happens to be set in a math font."""
    if len(group) != 1 or len(group[0].items) != 1 or group[0].sub or group[0].sup or group[0].accent:
        return False
    item = group[0].items[0]
    return item.kind == "glyph" and not item.char.isalnum() and item.char not in GREEK


def _render(line: Line, column: tuple[float, float], body: float) -> Rendered:
    """A line as pieces of text: prose words, $math$, ⟦raw⟧ (or one $$display$$); a heading when its text is
    set larger than the page's body text."""
    row = atoms(line.items, line.base, line.size)
    if not row:
        return Rendered([], line.size)
    _bullet(row, line.size)
    flags = _math_flags(row, line.size)
    _trim(row, flags)
    segments: list[tuple[str, list[Atom]]] = []
    for atom, flag in zip(row, flags):
        kind = "math" if flag else "raw" if atom.role == "raw" else "prose"
        # math stops at a wide gap: two formulas in table cells, or a formula and a remark after a \qquad
        apart = bool(segments) and atom.x0 - segments[-1][1][-1].x1 > _FORMULA_GAP * line.size
        if segments and segments[-1][0] == kind and not (kind == "math" and apart):
            segments[-1][1].append(atom)
        else:
            segments.append((kind, [atom]))
    if all(kind == "math" or _punctuation(group) for kind, group in segments) and _centred(line, column) \
            and segments[0][0] == "math":
        # a display: formulas side by side (a \qquad apart), with the commas and full stops written between them
        parts = [_latex(group) if kind == "math" else "".join(a.text for a in group) for kind, group in segments]
        display = "$$" + "".join(p if p in (",", ";", ".", ":") else (r" \quad " if k else "") + p
                                 for k, p in enumerate(parts)) + "$$"
        return Rendered([Piece(display, line.x0, 0.0, False)], line.size, formulas=1)
    pieces: list[Piece] = []
    previous: Atom | None = None
    for kind, group in segments:
        if kind == "prose":
            words = _words_of(group, start=previous is None)
        else:
            text = "$" + _latex(group) + "$" if kind == "math" else RAW_OPEN + _text(group, raw=True) + RAW_CLOSE
            words = [(text, group[0], group[-1], False)]
        for text, first, last, bold in words:
            gap = first.x0 - previous.x1 if previous is not None else 0.0
            pieces.append(Piece(text, first.x0, gap, previous is not None and gap > _space(previous, first), bold))
            previous = last
    last = row[-1]
    return Rendered(pieces, line.size, _heading(line, body), sum(kind == "math" for kind, _ in segments),
                     sum(kind == "raw" for kind, _ in segments), _char(last) == "-" and last.role == "shared")


def _heading(line: Line, body: float) -> int:
    """A heading's level from how much larger than the body text its words are set (0: not a heading)."""
    letters = [i for i in line.items if i.kind == "glyph" and i.role != "math" and i.char.isalpha()]
    if len(letters) < 2:
        return 0
    ratio = max(i.size for i in letters) / body
    return 1 if ratio >= 1.6 else 2 if ratio >= 1.25 else 3 if ratio >= 1.12 else 0


def _punctuation(group: list[Atom]) -> bool:
    """A prose group that is one comma, semicolon or full stop."""
    return len(group) == 1 and _char(group[0]) in (",", ";", ".", ":")


def _words_of(group: list[Atom], start: bool) -> list[tuple[str, Atom, Atom, bool]]:
    """Prose atoms cut into words at the gaps the page shows (each with its first and last atom, and whether it
    is set in a bold face)."""
    words: list[list[Atom]] = []
    for k, atom in enumerate(group):
        if k and atom.x0 - group[k - 1].x1 > _space(group[k - 1], atom):
            words.append([])
        if not words:
            words.append([])
        words[-1].append(atom)
    out = []
    for n, word in enumerate(words):
        end = len(word)
        while end > 1 and not _bold(word[end - 1]) and not word[end - 1].text.isalnum():
            end -= 1  # a plain full stop after a bold word closes the run before it: **Question 5(b)**.
        bold = all(_bold(a) for a in word[:end])
        if bold and end < len(word):
            out += [(_text(word[:end], start=start and n == 0), word[0], word[end - 1], True),
                    (_text(word[end:]), word[end], word[-1], False)]
        else:
            out.append((_text(word, start=start and n == 0), word[0], word[-1], bold))
    return out


def _bold(atom: Atom) -> bool:
    """Whether an atom's glyphs are in a bold face."""
    return all(i.font is not None and i.font.bold for i in atom.items)


def _centred(line: Line, column: tuple[float, float]) -> bool:
    """Whether a line stands as a display does: centred in the text column, or well in from its left edge."""
    left, right = column
    width = max(right - left, 1.0)
    centred = abs((line.x0 + line.x1) / 2 - (left + right) / 2) <= 0.08 * width + 2 and line.x0 > left + 0.04 * width
    return centred or line.x0 > left + 0.1 * width


def _space(left: Atom, right: Atom) -> float:
    """The gap between two atoms above which a space was printed."""
    return 0.15 * (left.size + right.size) / 2


def _latex(group: list[Atom]) -> str:
    """A math span's LaTeX."""
    return join_latex([a.latex for a in group]).strip()


def _text(group: list[Atom], start: bool = False, raw: bool = False) -> str:
    """Prose atoms as text, spaced where the page shows a gap; a bullet glyph in a math font stays a bullet."""
    out = ""
    for k, atom in enumerate(group):
        text = atom.text
        if k == 0 and start and (_char(atom) in _BULLETS or (not text and len(group) > 1)):
            text = "•"
        if not raw:
            text = text.replace("$", "\\$")
        if k and atom.x0 - group[k - 1].x1 > _space(group[k - 1], atom):
            out += " "
        out += text
    return out
