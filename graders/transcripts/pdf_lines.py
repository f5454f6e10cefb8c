"""Items grouped into lines: glyphs sharing a baseline are a row; smaller rows just above or below a line are
its scripts; boxes join the line whose baseline they straddle.

Rows are placed largest first, so a line's full-size glyphs are there before its scripts look for it.
A script may stand further from its line than usual when it is beside a tall item (a big
delimiter's exponent, an integral's subscript) or beside another script (a script's own script).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from graders.transcripts.pdf_glyphs import PageGlyphs
from graders.transcripts.pdf_items import Item

__all__ = ["Line", "drawn_bullets", "group_lines"]


@dataclass(eq=False)
class Line:
    """Items that read as one line of text."""

    base: float
    size: float
    x0: float
    x1: float
    items: list[Item] = field(default_factory=list)

    def take(self, items: list[Item]) -> None:
        """Add items to the line."""
        self.items.extend(items)
        self.x0 = min(self.x0, min(i.x0 for i in items))
        self.x1 = max(self.x1, max(i.x1 for i in items))


def group_lines(items: list[Item]) -> list[Line]:
    """Items grouped into lines: full-size rows and boxes first, then smaller rows as their scripts."""
    glyphs = [i for i in items if i.kind == "glyph"]
    others = [[i] for i in items if i.kind not in ("glyph", "accent")]
    groups = _rows(glyphs) + others
    groups.sort(key=lambda g: (-max(i.size for i in g), -sum(i.x1 - i.x0 for i in g)))
    lines: list[Line] = []
    for group in groups + [[i] for i in items if i.kind == "accent"]:  # accents last: they go over a line's glyph
        line = _under(lines, group[0]) if group[0].kind == "accent" else None
        line = line or _home(lines, group)
        if line is None:
            first = max(group, key=lambda i: i.size)
            line = Line(first.base, first.size, first.x0, first.x1)
            lines.append(line)
        line.take(group)
    return lines


def _under(lines: list[Line], accent: Item) -> Line | None:
    """The line with a glyph just under an accent (the accent may be raised well above its baseline)."""
    best, best_rise = None, float("inf")
    for line in lines:
        rise = accent.base - line.base
        if -0.25 * accent.size <= rise <= 1.2 * accent.size and rise < best_rise and any(
                i.x0 - 0.1 * i.size <= accent.center <= i.x1 + 0.1 * i.size for i in line.items if i.kind != "accent"):
            best, best_rise = line, rise
    return best


def _rows(glyphs: list[Item]) -> list[list[Item]]:
    """Glyphs grouped by shared baseline."""
    rows: list[list[Item]] = []
    for item in sorted(glyphs, key=lambda i: -i.base):
        if rows and abs(rows[-1][0].base - item.base) <= 0.1 * max(rows[-1][0].size, item.size):
            rows[-1].append(item)
        else:
            rows.append([item])
    return rows


def _home(lines: list[Line], group: list[Item]) -> Line | None:
    """The line a row or a box belongs to, if any: the same baseline, or a script's or a box's reach."""
    size = max(i.size for i in group)
    base = group[0].base
    box = group[0].kind not in ("glyph", "accent")
    best, best_distance = None, float("inf")
    runs: list[list[Item]] | None = None
    for line in lines:
        distance = abs(line.base - base)
        if distance > 1.6 * max(line.size, size) or distance >= best_distance:
            continue  # too far to belong (the cheap test first: a page has many lines)
        if distance <= 0.12 * line.size:  # the same baseline: one line, unless far smaller and far away (a footer)
            runs = runs if runs is not None else _runs(group)
            fits = size >= 0.75 * line.size or box or all(_reaches(line, run, distance) for run in runs)
        elif box:
            item = group[0]
            straddles = item.bottom - 0.1 * item.size <= line.base <= item.top + 0.1 * item.size
            fits = straddles and distance <= 0.7 * max(line.size, size)
        else:
            runs = runs if runs is not None else _runs(group)
            fits = size <= 0.85 * line.size and all(_reaches(line, run, distance) for run in runs)
        if fits and distance < best_distance:
            best, best_distance = line, distance
    return best


def _runs(items: list[Item]) -> list[list[Item]]:
    """A row's items split where they stand apart (each run is one script, or one bit of text)."""
    ordered = sorted(items, key=lambda i: i.x0)
    runs = [[ordered[0]]]
    for item in ordered[1:]:
        if item.x0 - runs[-1][-1].x1 > 0.6 * item.size:
            runs.append([])
        runs[-1].append(item)
    return runs


def _reaches(line: Line, run: list[Item], distance: float) -> bool:
    """Whether a run of small glyphs can be a script on the line: close above or below it and beside its
    items, or raised or lowered further next to a tall item (a big delimiter's or an integral's script)."""
    start, end = run[0], run[-1]
    if start.x0 > line.x1 + 0.8 * line.size or end.x1 < line.x0 - 0.2 * line.size:
        return False
    if distance <= 0.65 * line.size:
        return True
    for item in line.items:
        tall = item.kind in ("box", "op", "delim") or item.top - item.bottom > 1.5 * item.size
        beside = abs(start.x0 - item.x1) <= 0.5 * line.size
        if tall and beside and item.bottom - 0.3 * start.size <= start.base <= item.top:
            return True
        if abs(start.x0 - item.x1) <= 0.3 * item.size and abs(start.base - item.base) <= 0.6 * item.size:
            return True  # a script's own script, next to it
    return False


def drawn_bullets(page: PageGlyphs, items: list[Item]) -> list[Item]:
    """List bullets a browser drew as small dots, as bullet items at the start of their lines."""
    sizes = sorted(i.size for i in items)
    size = sizes[len(sizes) // 2] if sizes else 10.0
    dots = [s for s in page.shapes if s.kind == "dot" and s.y1 - s.y0 <= 0.6 * size]
    return [Item("box", "•", "prose", d.x0, d.x1, (d.y0 + d.y1) / 2 - 0.3 * size, d.y0 - 0.5 * size,
                 d.y1 + 0.3 * size, size, text="•") for d in dots]
