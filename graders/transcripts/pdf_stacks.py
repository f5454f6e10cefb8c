"""Stacked math rebuilt from glyph positions and rules: fractions, roots, operators with limits, boxed formulas.

Each construct gathers the items it holds and becomes one box item with its LaTeX, so an outer
construct sees an inner one as a single item.  Operators' limits come first (``pdf_limits``: they are
small and tight), then rules and root signs from the narrowest to the widest (an inner fraction or
root is always narrower than the one holding it), then binomials (two rows stacked between brackets
with no rule) and frames (``\\boxed``).  Two drawings become glyphs first: TeX's ``\\_`` (a short rule
on the baseline between letters) and KaTeX's ``\\vec`` arrow (a small path just over a glyph).

A rule is a fraction bar when something sits just above and just below it, centred on it, as
wide as it, and made of math (never of prose fonts or of words spaced like text: a link's
underline or a table border is not a fraction); it is a root's overbar when it starts where a
radical glyph ends.  A rule with math tight above and below, one side centred, that still fails
these tests is not guessed: its items are marked raw.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from graders.transcripts.pdf_glyphs import Shape
from graders.transcripts.pdf_items import Board, Item, extent, linear_text, make_box, mathlike
from graders.transcripts.pdf_limits import limits
from graders.transcripts.pdf_math import baseline, math_latex

__all__ = ["Built", "build_stacks"]


@dataclass
class Built:
    """How many constructs a page's math gave, and how many could not be rebuilt."""

    fractions: int = 0
    roots: int = 0
    limits: int = 0
    boxed: int = 0
    overlines: int = 0
    raw: int = 0

    @property
    def total(self) -> int:
        """All constructs rebuilt."""
        return self.fractions + self.roots + self.limits + self.boxed + self.overlines


def build_stacks(items: list[Item], shapes: list[Shape], page_width: float) -> tuple[list[Item], Built]:
    """The page's items with stacked constructs rebuilt into boxes."""
    board, built = Board(items), Built()
    rules = [s for s in shapes if s.kind == "rule" and s.x1 - s.x0 < 0.95 * page_width and not _underscore(board, s)]
    frames, rules = _frames(shapes, rules)
    built.limits += limits(board)
    curves = [s for s in shapes if s.kind == "curve" and not _arrow(board, s)]
    for shape in sorted(rules + curves, key=lambda s: s.x1 - s.x0):
        if shape.kind == "curve":
            built.roots += _katex_root(board, shape)
        elif _tex_root(board, shape):
            built.roots += 1
        else:
            outcome = _fraction(board, shape)
            built.fractions += outcome == "fraction"
            built.overlines += outcome == "overline"
            built.raw += outcome == "raw"
    built.fractions += _binomials(board)
    for frame in sorted(frames, key=lambda f: f.x1 - f.x0):
        built.boxed += _boxed(board, frame)
    return board.live(), built


def _underscore(board: Board, rule: Shape) -> bool:
    """A short rule on the baseline between two letters is TeX's \\_ (drawn, not a glyph): it becomes "_"."""
    y = (rule.y0 + rule.y1) / 2
    row = board.near(y - 2.0, y + 0.5)
    left = [i for i in row if i.kind == "glyph" and i.char.isalpha() and abs(i.x1 - rule.x0) <= 0.2 * i.size
            and abs(y - i.base) <= 0.15 * i.size]
    right = [i for i in row if i.kind == "glyph" and i.char.isalpha() and abs(i.x0 - rule.x1) <= 0.2 * i.size
             and abs(y - i.base) <= 0.15 * i.size]
    if not left or not right or rule.x1 - rule.x0 > 0.8 * left[0].size:
        return False
    mate = left[0]
    board.replace([], Item("glyph", "_", mate.role, rule.x0, rule.x1, mate.base, mate.bottom, mate.top, mate.size,
                           mate.font))
    return True


# --- Rules: roots, fractions, overlines -------------------------------------------------------


def _tex_root(board: Board, rule: Shape) -> bool:
    """A rule starting where a radical glyph ends is a root's overbar: \\sqrt{radicand}."""
    y = (rule.y0 + rule.y1) / 2
    roots = [i for i in board.near(y - 4 * 12, y + 12) if i.kind == "root"
             and abs(i.x1 - rule.x0) <= 0.3 * i.size + 0.5 and i.top - 0.35 * i.size <= y <= i.top + 0.35 * i.size]
    if not roots:
        return False
    root = min(roots, key=lambda i: abs(i.x1 - rule.x0))
    inside = [i for i in board.near(root.bottom - root.size, y) if i is not root
              and rule.x0 - 0.5 <= i.center <= rule.x1 + 0.5
              and i.top <= y + 0.3 * i.size and i.bottom >= root.bottom - 0.4 * i.size]
    if not inside:
        return False
    # an index sits over the radical's hook, overlapping it (a numerator just left of it is not one)
    index = [i for i in board.near(root.base, root.top + root.size) if i is not root and i not in inside
             and i.size <= 0.8 * root.size and i.x1 > root.x0 + 0.1 * (root.x1 - root.x0)
             and root.x0 - 0.2 * root.size <= i.center <= root.x1 - 0.2 * (root.x1 - root.x0)]
    _make_root(board, [root], inside, index, (root.x0, root.bottom, rule.x1, rule.y1))
    return True


def _katex_root(board: Board, curve: Shape) -> int:
    """A filled path holding math to the right of its left part is KaTeX's root sign: \\sqrt{radicand}; 1 if so."""
    height = curve.y1 - curve.y0
    inside = [i for i in board.near(curve.y0 - 12, curve.y1) if curve.x0 < i.center < curve.x1
              and curve.y0 - 0.1 * i.size <= (i.bottom + i.top) / 2 <= curve.y1]
    if not inside:
        return 0
    # the index (\sqrt[3]) is small, over the sign's left part; the radicand is right of the sign
    big = max(i.size for i in inside)
    index = [i for i in inside if i.size <= 0.8 * big and i.center <= curve.x0 + 0.55 * height
             and (i.bottom + i.top) / 2 > curve.y0 + 0.5 * height]
    radicand = [i for i in inside if i not in index and i.center > curve.x0 + 0.3 * height]
    if not radicand or not mathlike(radicand) or len(index) + len(radicand) < len(inside):
        return 0
    if height > 4 * max(i.top - i.bottom for i in radicand) + 4:
        return 0
    _make_root(board, [], radicand, index, (curve.x0, curve.y0, curve.x1, curve.y1))
    return 1


def _arrow(board: Board, curve: Shape) -> bool:
    """A small path just over a glyph is an accent KaTeX draws (\\vec, \\overrightarrow): it becomes one."""
    width, height = curve.x1 - curve.x0, curve.y1 - curve.y0
    centre = (curve.x0 + curve.x1) / 2
    under = [i for i in board.near(curve.y0 - 16, curve.y0) if i.kind == "glyph" and i.role == "math"
             and height <= 0.4 * i.size and width <= 1.5 * i.size and i.x0 - 0.2 * i.size <= centre <= i.x1 + 0.2 * i.size
             and i.base + 0.3 * i.size <= curve.y0 <= i.base + 1.0 * i.size]
    if not under:
        return False
    glyph = min(under, key=lambda i: curve.y0 - i.base)
    board.replace([], Item("accent", "\u20d7", glyph.role, curve.x0, curve.x1, curve.y0, curve.y0, curve.y1,
                           glyph.size, glyph.font))
    return True


def _binomials(board: Board) -> int:
    """Two rows stacked without a rule between brackets are a binomial coefficient: \\binom{n}{k}; how many."""
    count = 0
    opening = [i for i in board.live() if i.kind == "delim" and i.char == "("]
    for left in opening:
        right = next((i for i in board.near(left.base - 0.2 * left.size, left.base + 0.2 * left.size)
                      if i.kind == "delim" and i.char == ")" and 0 < i.x0 - left.x1 <= 4 * left.size), None)
        if right is None or left.dead:
            continue
        inside = [i for i in board.near(left.bottom - left.size, left.top + left.size)
                  if left.x1 - 0.5 <= i.center <= right.x0 + 0.5 and i is not left and i is not right
                  and i.bottom >= left.bottom - 0.25 * left.size and i.top <= left.top + 0.25 * left.size]
        axis = (left.top + left.bottom) / 2
        upper = [i for i in inside if i.kind == "glyph" and i.bottom >= axis - 0.1 * i.size]
        lower = [i for i in inside if i.kind == "glyph" and i.top <= axis + 0.1 * i.size]
        if not upper or not lower or len(upper) + len(lower) < len(inside) or not mathlike(upper + lower):
            continue
        middle = (left.x1 + right.x0) / 2
        if any(abs(sum(extent(row)) / 2 - middle) > 0.2 * (right.x0 - left.x1) + 1 for row in (upper, lower)):
            continue
        latex = f"\\binom{{{math_latex(upper)}}}{{{math_latex(lower)}}}"
        make_box(board, [left, *upper, *lower, right], latex, f"({linear_text(upper)} {linear_text(lower)})",
                 left.base, left.size)
        count += 1
    return count


def _make_root(board: Board, sign: list[Item], radicand: list[Item], index: list[Item],
               extent: tuple[float, float, float, float]) -> None:
    """Box a root from its radicand and optional index."""
    base, size = baseline(radicand)
    latex = (f"\\sqrt[{math_latex(index)}]" if index else "\\sqrt") + f"{{{math_latex(radicand)}}}"
    text = linear_text(index) + "√" + linear_text(radicand)
    make_box(board, sign + radicand + index, latex, text, base, size, extent)


def _fraction(board: Board, rule: Shape) -> str:
    """A rule with math centred just above and below it is a fraction bar; "fraction", "raw" or "" (not one)."""
    y, width = (rule.y0 + rule.y1) / 2, rule.x1 - rule.x0
    span = [i for i in board.near(y - 40, y + 40) if rule.x0 - 0.5 <= i.center <= rule.x1 + 0.5
            and i.x0 >= rule.x0 - 0.3 * i.size and i.x1 <= rule.x1 + 0.3 * i.size]
    above = [i for i in span if i.base > y and i.bottom - y <= 0.9 * i.size]
    below = [i for i in span if i.base < y and y - i.top <= 0.9 * i.size]
    if not below:
        return ""
    den_main, den = _stack_row(below, [i for i in span if i.base < y], lambda i: y - i.top)
    if not above:
        return "overline" if _overline(board, rule, den) else ""
    num_main, num = _stack_row(above, [i for i in span if i.base > y], lambda i: i.bottom - y)
    if not (mathlike(num) and mathlike(den)):
        return ""
    if not (_fits(num, rule) and _fits(den, rule) and _wide_enough(num, den, rule) and _alone(board, num, rule)
            and _alone(board, den, rule)):
        # tight above and below, one side centred, and still not a fraction: say so rather than guess
        tight = num_main.base - y <= 0.6 * num_main.size and y - den_main.top <= 0.5 * den_main.size
        if tight and (_fits(num, rule) or _fits(den, rule)) and width < 12 * max(i.size for i in num + den):
            for item in num + den:
                item.raw = True
            return "raw"
        return ""
    size = max(max(i.size for i in num), max(i.size for i in den))
    latex = f"\\frac{{{math_latex(num)}}}{{{math_latex(den)}}}"
    text = f"{linear_text(num)}/{linear_text(den)}"
    make_box(board, num + den, latex, text, y - 0.25 * size, size, (rule.x0, rule.y0, rule.x1, rule.y1))
    return "fraction"


def _stack_row(close: list[Item], items: list[Item], distance: Callable[[Item], float]) -> tuple[Item, list[Item]]:
    """A numerator's or denominator's items: those beside the item nearest the bar (overlapping it in height, or
    its scripts), and the largest of them (the row's own glyphs, a script may be nearer the bar)."""
    nearest = min(close, key=distance)
    row = [i for i in items if _overlap(i, nearest) >= 0.3 * min(i.top - i.bottom, nearest.top - nearest.bottom)]
    main = max(row, key=lambda i: (round(i.size, 1), -distance(i)))
    scripts = [i for i in items if i.size < main.size and _overlap(i, main) > 0
               and main.base - 0.45 * main.size <= i.base <= main.base + 0.6 * main.size]
    return main, [i for i in items if i in row or i in scripts]


def _overlap(a: Item, b: Item) -> float:
    """How much two items overlap in height."""
    return min(a.top, b.top) - max(a.bottom, b.bottom)


def _fits(group: list[Item], rule: Shape) -> bool:
    """A numerator or denominator is centred on the bar."""
    left, right = extent(group)
    return abs((left + right) / 2 - (rule.x0 + rule.x1) / 2) <= 0.15 * (rule.x1 - rule.x0) + 1.0


def _wide_enough(num: list[Item], den: list[Item], rule: Shape) -> bool:
    """The wider of numerator and denominator spans the bar (less a little padding)."""
    widest = max(extent(num)[1] - extent(num)[0], extent(den)[1] - extent(den)[0])
    size = max(i.size for i in num + den)
    return rule.x1 - rule.x0 - 1.2 * size - 1.0 <= widest <= rule.x1 - rule.x0 + 0.5 * size


def _alone(board: Board, group: list[Item], rule: Shape) -> bool:
    """No item continues the group's row past the bar's ends (then the row is a line of text, not a numerator)."""
    base, size = baseline(group)
    row = board.near(base - 0.15 * size, base + 0.15 * size)
    beside = [i for i in row if rule.x0 - 0.4 * size <= i.x1 <= rule.x0 or rule.x1 <= i.x0 <= rule.x1 + 0.4 * size]
    return not any(i not in group and i.kind == "glyph" and i.size >= 0.8 * size for i in beside)


def _overline(board: Board, rule: Shape, under: list[Item]) -> bool:
    """A rule tight over math as wide as it, with nothing above: \\overline{...}."""
    if not mathlike(under) or any(i.role == "shared" for i in under) and not any(i.role == "math" for i in under):
        return False
    left, right = extent(under)
    size = max(i.size for i in under)
    y = (rule.y0 + rule.y1) / 2
    as_wide = abs(left - rule.x0) <= 0.3 * size and abs(right - rule.x1) <= 0.3 * size
    if not as_wide or y - max(i.top for i in under) > 0.4 * size:
        return False
    base, size = baseline(under)
    make_box(board, under, f"\\overline{{{math_latex(under)}}}", linear_text(under), base, size,
         (rule.x0, rule.y0, rule.x1, rule.y1))
    return True


# --- Frames ----------------------------------------------------------------------------------


def _frames(shapes: list[Shape], rules: list[Shape]) -> tuple[list[Shape], list[Shape]]:
    """Rectangles drawn around formulas (one stroked rectangle, or two side rules with a top and a bottom),
    and the rules that are not their edges."""
    frames = [s for s in shapes if s.kind == "frame"]
    sides = sorted((s for s in shapes if s.kind == "vrule"), key=lambda s: s.x0)
    used: set[int] = set()
    for k, left in enumerate(sides):
        for right in sides[k + 1:]:
            if right.x0 - left.x1 > 2 and abs(right.y0 - left.y0) <= 1.5 and abs(right.y1 - left.y1) <= 1.5 \
                    and not any(left.x1 < v.x0 and v.x1 < right.x0 and v.y0 < left.y1 and v.y1 > left.y0
                                for v in sides):  # a side rule in between: a table row, not a box
                edges = [n for n, r in enumerate(rules) if abs(r.x0 - left.x0) <= 2 and abs(r.x1 - right.x1) <= 2
                         and (abs(r.y0 - left.y0) <= 2 or abs(r.y1 - left.y1) <= 2)]
                if len(edges) >= 2:
                    used.update(edges)
                    frames.append(Shape("frame", left.x0, min(left.y0, right.y0), right.x1, max(left.y1, right.y1)))
                    break
    for frame in frames:  # a stroked rectangle's edges may also have been kept as rules
        used.update(n for n, r in enumerate(rules) if frame.x0 - 1 <= r.x0 and r.x1 <= frame.x1 + 1
                    and (abs(r.y0 - frame.y0) <= 1.5 or abs(r.y1 - frame.y1) <= 1.5))
    return frames, [r for n, r in enumerate(rules) if n not in used]


def _boxed(board: Board, frame: Shape) -> int:
    """Math inside a frame is \\boxed{...}; 1 if so."""
    inside = [i for i in board.near(frame.y0 - 12, frame.y1) if frame.x0 < i.center < frame.x1
              and frame.y0 < (i.bottom + i.top) / 2 < frame.y1]
    if not inside or not mathlike(inside) or not any(i.role == "math" for i in inside):
        return 0
    base, size = baseline(inside)
    if any(abs(i.base - base) > 1.6 * size for i in inside if i.kind != "box"):
        return 0  # more than one line of text: a framed paragraph, not a formula
    make_box(board, inside, f"\\boxed{{{math_latex(inside)}}}", linear_text(inside), base, size,
         (frame.x0, frame.y0, frame.x1, frame.y1))
    return 1
