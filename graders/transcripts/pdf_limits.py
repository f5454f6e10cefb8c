"""Limits set above and below: big operators (\\sum_{k=1}^{n}), limit words (\\lim_{n\\to\\infty}) and notes over
relations (\\overset{\\text{iid}}{\\sim}).

A limit is a row of smaller items centred on its operator, just above or just below it.  A row under
two neighbouring operators (``\\sum_{k=1}\\sum_{l=1}``) is shared out by nearness to each one's centre.
"""
from __future__ import annotations

from dataclasses import dataclass

from graders.transcripts.pdf_items import FUNCTIONS, SYMBOLS, Board, Item, extent, glyph_latex, linear_text, make_box, \
    mathlike
from graders.transcripts.pdf_math import math_latex

__all__ = ["limits"]

_RELATIONS = frozenset("=∼≈→←⇒⇔≤≥≜≡↦⟶⟹")
_LIMIT_WORDS = frozenset(("lim", "max", "min", "sup", "inf", "argmax", "argmin", "limsup", "liminf"))


@dataclass(eq=False)
class _Head:
    """What limits may be set on: a big operator, a word like lim or max, or a relation (\\overset)."""

    kind: str  # "op" | "word" | "relation"
    parts: list[Item]
    latex: str

    @property
    def center(self) -> float:
        """The middle of its width."""
        return (self.parts[0].x0 + self.parts[-1].x1) / 2

    @property
    def width(self) -> float:
        """Its width."""
        return self.parts[-1].x1 - self.parts[0].x0


def _heads(board: Board) -> list[_Head]:
    """Every big operator, limit word (lim, max, ...) and relation in math on the page."""
    heads: list[_Head] = []
    word: list[Item] = []
    for item in sorted(board.live(), key=lambda i: (round(i.base, 1), i.x0)):
        if item.kind == "op":
            heads.append(_Head("op", [item], SYMBOLS.get(item.char, item.char)))
        elif item.kind == "glyph" and item.role == "math" and item.char in _RELATIONS:
            heads.append(_Head("relation", [item], glyph_latex(item)))
        if _upright_letter(item) and word and word[-1].base == item.base and item.x0 - word[-1].x1 <= 0.1 * item.size:
            word.append(item)
            continue
        _end_word(word, heads)
        word = [item] if _upright_letter(item) else []
    _end_word(word, heads)
    return heads


def _upright_letter(item: Item) -> bool:
    """A letter printed upright in a math font (part of lim, max, ...)."""
    upright = bool(item.font and item.font.upright)
    return item.kind == "glyph" and item.role != "prose" and item.char.isalpha() and upright


def _end_word(word: list[Item], heads: list[_Head]) -> None:
    """Keep a finished run of upright letters when it spells a limit word."""
    text = "".join(i.char for i in word)
    if text in _LIMIT_WORDS:
        heads.append(_Head("word", list(word), "\\" + text if text in FUNCTIONS else f"\\operatorname*{{{text}}}"))


def limits(board: Board) -> int:
    """Operators with limits above or below become \\sum_{...}^{...} (\\lim_{...}), a relation with a note
    centred above it \\overset{...}{=}; how many were rebuilt.  A limit row under two neighbouring
    operators is shared out by nearness to each one's centre."""
    heads = _heads(board)
    owner: dict[int, tuple[float, _Head, int]] = {}
    for head in heads:
        for side, item in _limit_candidates(board, head):
            distance = abs(item.center - head.center)
            if id(item) not in owner or distance < owner[id(item)][0]:
                owner[id(item)] = (distance, head, side)
    items = {id(i): i for i in board.live()}
    count = 0
    for head in heads:
        claimed = {side: [items[k] for k, (_, h, s) in owner.items() if h is head and s == side] for side in (1, -1)}
        upper, lower = _limit_group(board, claimed[1], head), _limit_group(board, claimed[-1], head)
        if head.kind == "relation":
            lower = []
        if (not upper and not lower) or (head.kind == "word" and not lower):
            continue
        if head.kind == "relation":
            latex = f"\\overset{{{math_latex(upper)}}}{{{head.latex}}}"
        else:
            latex = head.latex + (f"_{{{math_latex(lower)}}}" if lower else "") \
                + (f"^{{{math_latex(upper)}}}" if upper else "")
        text = linear_text(upper) + "".join(i.char for i in head.parts) + linear_text(lower)
        main = head.parts[0]
        make_box(board, [*head.parts, *upper, *lower], latex, text, main.base, main.size)
        count += 1
    return count


def _limit_candidates(board: Board, head: _Head) -> list[tuple[int, Item]]:
    """Smaller items just above (+1) or just below (-1) a head, within reach of its centre."""
    main = head.parts[0]
    s = main.size
    top, bottom = max(i.top for i in head.parts), min(i.bottom for i in head.parts)
    if head.kind == "relation":
        top = main.base + 0.5 * s  # a relation sign is short: a note over it sits low
    found = []
    for item in board.near(bottom - 1.6 * s, top + 1.6 * s):
        off_centre = abs(item.center - head.center) > head.width / 2 + 2.5 * item.size
        if item in head.parts or item.size > 0.85 * s or off_centre:
            continue
        if item.bottom >= top - 0.35 * item.size and item.base - top <= (0.8 if head.kind == "relation" else 1.0) * s:
            found.append((1, item))
        elif item.top <= bottom + 0.35 * item.size and bottom - item.top <= 1.0 * s:
            found.append((-1, item))
    return found


def _limit_group(board: Board, items: list[Item], head: _Head) -> list[Item]:
    """The row of items centred on the head nearest to it, or [] when none is centred on it."""
    centre = head.center
    touching = [i for i in items if i.x0 - 0.2 * i.size <= centre <= i.x1 + 0.2 * i.size]
    if not touching:
        return []
    nearest = min(touching, key=lambda i: abs(i.base - head.parts[0].base))
    band = sorted(_row(items, nearest, 0.45, 0.6), key=lambda i: i.x0)
    start = band.index(nearest)
    group = [nearest]
    for step in (1, -1):  # grow from the nearest item over neighbours that touch
        edge, k = nearest, start + step
        while 0 <= k < len(band):
            item = band[k]
            gap = item.x0 - edge.x1 if step == 1 else edge.x0 - item.x1
            if gap > 0.5 * item.size:
                break
            group.append(item)
            edge, k = item, k + step
    left, right = extent(group)
    if abs((left + right) / 2 - centre) > 0.2 * max(right - left, head.width) + 1.0 or not mathlike(group):
        return []
    if head.kind == "relation" and not _note(board, group, head):
        return []
    return group


def _note(board: Board, group: list[Item], head: _Head) -> bool:
    """A note over a relation sits within it, alone on its row (not part of some other script that is there)."""
    left, right = extent(group)
    size = max(i.size for i in group)
    if left < head.parts[0].x0 - 0.6 * size or right > head.parts[-1].x1 + 0.6 * size:
        return False
    base = min(i.base for i in group)
    return not any(i not in group and (left - 0.5 * size <= i.x1 <= left or right <= i.x0 <= right + 0.5 * size)
                   for i in board.near(base - 0.5 * size, base + 0.7 * size))


def _row(items: list[Item], nearest: Item, below: float, above: float) -> list[Item]:
    """The items in a horizontal band around the nearest one (its row, with the row's scripts)."""
    return [i for i in items if nearest.base - below * nearest.size <= i.base <= nearest.base + above * nearest.size]
