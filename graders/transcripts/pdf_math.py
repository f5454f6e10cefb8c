"""Printed math back to LaTeX: a row of items read as TeX set it, scripts attached to their bases.

``atoms`` reads a row of items (glyphs and rebuilt boxes, ``pdf_items``): the items on the row's
baseline, in order, each with the smaller items raised (superscript) or lowered (subscript) just
after it, and accents above it; a run of upright letters is one word (``\\log``, ``\\text{RMS}``).
Scripts are read again the same way against their own baseline, so ``R^{d_1}`` nests.  A script
that has no base to its left is not guessed: its items are marked ``raw``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from graders.reading.notation import GREEK
from graders.transcripts.pdf_items import ACCENTS, FUNCTIONS, NEGATED, Item, glyph_latex, styled

__all__ = ["Atom", "atoms", "baseline", "join_latex", "math_latex"]

_LONG_ARROWS = ((r"\Leftarrow=\Rightarrow", r"\Longleftrightarrow"), (r"=\Rightarrow", r"\Longrightarrow"),
                (r"\Leftarrow=", r"\Longleftarrow"), (r"-\to", r"\longrightarrow"), (r"\leftarrow-", r"\longleftarrow"))
_SPACING_ACCENTS = {"ˆ": "^", "˜": "~", "¯": "¯", "ˉ": "¯"}
_COMBINING = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304", "dot": "\u0307", "ddot": "\u0308",
              "acute": "\u0301", "grave": "\u0300", "check": "\u030c", "breve": "\u0306"}
# Math-font glyphs TeX also prints in text (braces and bars come from CMSY): math only beside other math.
_WEAK = frozenset("{}|‖∥∣")
_CONTROL_END = re.compile(r"\\[A-Za-z]+$")
_BARE_SCRIPT_END = re.compile(r"[_^][A-Za-z0-9]$")


@dataclass(slots=True, eq=False)
class Atom:
    """One unit of a row: a glyph, a word or a box, with the scripts and accent attached to it."""

    items: list[Item]
    role: str  # "math" | "shared" | "prose" | "raw"
    x0: float
    x1: float
    size: float
    sub: list[Item] = field(default_factory=list)
    sup: list[Item] = field(default_factory=list)
    accent: str = ""
    latex: str = ""
    text: str = ""
    signal: bool = False  # shows by itself that it is math


# --- Rows to atoms ----------------------------------------------------------------------------


def baseline(items: list[Item]) -> tuple[float, float]:
    """The baseline and size of a row: the baseline its full-size glyphs share most (by width)."""
    glyphs = [i for i in items if i.kind in ("glyph", "accent") and not i.raw]
    if not glyphs:
        boxes = sorted(items, key=lambda i: i.base)
        return boxes[len(boxes) // 2].base, max(i.size for i in items)
    big = max(i.size for i in glyphs)
    weight: dict[float, float] = {}
    for i in glyphs:
        if i.size >= 0.78 * big:
            key = next((k for k in weight if abs(k - i.base) <= 0.12 * big), i.base)
            weight[key] = weight.get(key, 0.0) + (i.x1 - i.x0) * i.size
    return max(weight, key=weight.__getitem__), big


def _on_baseline(item: Item, base: float, size: float) -> bool:
    """Whether an item sits on the row's baseline (else it is a script)."""
    if item.kind in ("box", "op", "delim", "root") or item.raw:
        return True
    return abs(item.base - base) <= 0.12 * size and item.size >= 0.78 * size


def atoms(items: list[Item], base: float | None = None, size: float | None = None) -> list[Atom]:
    """A row's atoms in reading order: bases with their words merged and their scripts and accents attached."""
    items = [i for i in items if not i.dead]
    if not items:
        return []
    if base is None or size is None:
        base, size = baseline(items)
    on = sorted((i for i in items if _on_baseline(i, base, size) and i.kind != "accent"), key=lambda i: i.x0)
    off = [i for i in items if not _on_baseline(i, base, size) and i.kind != "accent"]
    row = _words(on, size)
    for accent in (i for i in items if i.kind == "accent"):
        target = max(row, key=lambda a: _overlap(a, accent), default=None)
        if target is not None and _overlap(target, accent) > 0.3 * (accent.x1 - accent.x0) and not target.accent:
            target.accent = ACCENTS[accent.char]
        elif any(min(i.x1, accent.x1) - max(i.x0, accent.x0) > 0 or i.x0 - 0.5 <= accent.x0 < i.x1 for i in off):
            off.append(accent)  # over a script's glyph: it goes with the script
        elif accent.role == "shared":  # TeX's text ^ and ~ are its accent glyphs printed alone
            accent.kind, accent.char = "glyph", _SPACING_ACCENTS.get(accent.char, accent.char)
            row.append(Atom([accent], "prose", accent.x0, accent.x1, accent.size))
        else:
            accent.raw = True
            row.append(_raw_atom([accent]))
    off.sort(key=lambda i: i.x0)
    for cluster in _clusters(off, base, size):
        _attach(cluster, row, base, size)
    row.sort(key=lambda a: a.x0)
    for atom in row:
        _finish(atom)
    return row


def _overlap(atom: Atom, item: Item) -> float:
    """How much of an item's width lies over an atom's base (a zero-width overlay, TeX's \\not, counts over the
    glyph that starts where it stands)."""
    if atom.role == "raw":
        return -1.0
    if item.x1 - item.x0 < 0.05 * item.size:
        return 1.0 if atom.x0 - 0.5 <= item.x0 < atom.x1 - 0.1 * item.size else -1.0
    return min(atom.x1, item.x1) - max(atom.x0, item.x0)


def _words(on: list[Item], size: float) -> list[Atom]:
    """Base atoms: one per item, but a run of upright letters in one font is one word; in a math font (KaTeX's
    \\text) the run also takes spaces, hyphens and underscores between its letters."""
    row: list[Atom] = []
    for item in on:
        last = row[-1] if row else None
        if last is not None and last.role != "raw" and _continues(last, item, size):
            last.items.append(item)
            last.x1 = item.x1
            continue
        row.append(_raw_atom([item]) if item.raw else Atom([item], item.role, item.x0, item.x1, item.size))
    return [piece for atom in row for piece in _split_connectors(atom)]


def _continues(word: Atom, item: Item, size: float) -> bool:
    """Whether an item goes on with the word before it."""
    prev = word.items[-1]
    if item.role == "prose" or item.font is not prev.font or item.base != prev.base or item.raw:
        return False
    gap = item.x0 - prev.x1
    if _letter(item) and _letter(prev) and gap <= 0.1 * size:
        return True
    if _numeric(prev) and _numeric(item) and gap <= 0.1 * size and (item.char != "." or prev.char != "."):
        return item.role != "math" or prev.char.isdigit() and item.char.isdigit()  # 0.64 in text is one number
    connectors = ("-", "_", "'") if item.role == "math" else ("-", "_")  # TeX's \_ and hyphen join text words too
    if not (_letter(prev) or prev.char in connectors) or not (_letter(item) or item.char in connectors):
        return False
    if item.role != "math" and gap > 0.1 * size:
        return False
    return gap <= 0.45 * size and (gap <= 0.1 * size or _letter(item))


def _numeric(item: Item) -> bool:
    """A digit or a decimal point."""
    return item.kind == "glyph" and (item.char.isdigit() or item.char == ".")


def _split_connectors(atom: Atom) -> list[Atom]:
    """A word's trailing hyphens, underscores or full stops as atoms of their own (they joined nothing)."""
    items = atom.items
    end = len(items)
    while end > 1 and not (_letter(items[end - 1]) or items[end - 1].char.isdigit()):
        end -= 1
    if end == len(items):
        return [atom]
    head = Atom(items[:end], atom.role, items[0].x0, items[end - 1].x1, atom.size)
    return [head] + [Atom([i], i.role, i.x0, i.x1, i.size) for i in items[end:]]


def _word_text(items: list[Item], size: float) -> str:
    """A word's letters, with a space where the page shows one."""
    out = items[0].char
    for prev, item in zip(items, items[1:]):
        out += (" " if item.x0 - prev.x1 > 0.1 * size else "") + item.char
    return out


def _letter(item: Item) -> bool:
    """An upright ASCII letter (part of a word like log, RMS or Var)."""
    upright = bool(item.font and item.font.upright)
    return item.kind == "glyph" and item.char.isascii() and item.char.isalpha() and upright


def _raw_atom(items: list[Item]) -> Atom:
    """An atom shown as text, marked as not rebuilt."""
    return Atom(items, "raw", min(i.x0 for i in items), max(i.x1 for i in items), max(i.size for i in items))


def _side(item: Item, base: float, size: float) -> int:
    """+1 raised, -1 lowered, 0 level with the baseline (a script's own script may be level)."""
    delta = item.base - base
    return 1 if delta > 0.05 * size else -1 if delta < -0.05 * size else 0


def _clusters(off: list[Item], base: float, size: float) -> list[tuple[int, list[Item]]]:
    """Script items grouped into runs (one run per base: a subscript's own scripts stay in it; a subscript and a
    superscript stacked on one base are two runs), each with its side of the baseline."""
    clusters: list[tuple[int, list[Item]]] = []
    for item in off:
        side = _side(item, base, size)
        if clusters:
            last_side, last = clusters[-1]
            near = item.x0 - max(i.x1 for i in last) <= 0.5 * max(item.size, last[-1].size)
            level = min(abs(item.base - i.base) for i in last) <= 0.45 * max(item.size, last[-1].size)
            if near and (level or side == 0 or last_side == 0):
                last.append(item)
                if last_side == 0:
                    clusters[-1] = (side, last)
                continue
        clusters.append((side, [item]))
    return clusters


def _attach(cluster: tuple[int, list[Item]], row: list[Atom], base: float, size: float) -> None:
    """Attach a script run to the base atom just left of it, or keep it as raw text."""
    side, items = cluster
    start = min(i.x0 for i in items)
    bases = [a for a in row if a.role != "raw" and a.x0 < start + 0.1 * size and start - a.x1 <= 0.6 * size]
    if not bases or side == 0:
        for i in items:
            i.raw = True
        row.append(_raw_atom(items))
        return
    target = max(bases, key=lambda a: (a.x1, a.x0))
    (target.sup if side > 0 else target.sub).extend(items)
    target.x1 = max(target.x1, max(i.x1 for i in items))


# --- Atoms to LaTeX and text -----------------------------------------------------------------


def _finish(atom: Atom) -> None:
    """Fill an atom's LaTeX, its text, and whether it shows math by itself."""
    if atom.role == "raw":
        atom.text = _linear(atom.items)
        return
    first = atom.items[0]
    if len(atom.items) > 1 and not _letter(first):  # a number: 0.64
        core = "".join(glyph_latex(i) for i in atom.items)
    elif len(atom.items) > 1:
        word = _word_text(atom.items, atom.size)
        core = f"\\{word}" if word in FUNCTIONS else styled(first.font, word.replace("_", "\\_"), word=True)
    elif first.kind == "box":
        core = first.latex
    else:
        core = glyph_latex(first)
    if atom.accent == "not":
        core = NEGATED.get(core, "\\not" + core)
    elif atom.accent:
        core = f"\\{atom.accent}{{{core}}}"
    scripts = ""
    if atom.sub:
        scripts += "_" + _group(math_latex(atom.sub))
    if atom.sup:
        sup = math_latex(atom.sup)
        scripts += "'" * len(sup) if sup and set(sup) == {"'"} else "^" + _group(sup)
    atom.latex = core + scripts
    base_text = _word_text(atom.items, atom.size) if len(atom.items) > 1 else first.text or first.char
    text_accent = atom.accent in _COMBINING and atom.role != "math"  # é in TeX's text font: an accented letter
    if text_accent:
        base_text = unicodedata.normalize("NFC", base_text + _COMBINING[atom.accent])
    atom.text = base_text + _linear(atom.sub) + _linear(atom.sup)
    scripts_math = any(i.role != "prose" for i in atom.sub + atom.sup)
    scripted = bool(atom.sub or atom.sup) and (atom.role != "prose" or scripts_math)
    weak = len(atom.items) == 1 and first.char in _WEAK and not (atom.sub or atom.sup)
    atom.signal = ((atom.role == "math" and not weak) or (first.kind == "box" and atom.role != "prose") or scripted
                   or (bool(atom.accent) and not text_accent) or (atom.role == "shared" and first.char in GREEK))


def _group(latex: str) -> str:
    """A script's LaTeX as written by hand: one letter or digit bare (d_1, x^2), anything longer braced."""
    return latex if len(latex) == 1 and latex.isalnum() else "{" + latex + "}"


def _linear(items: list[Item]) -> str:
    """Items as a linear reader shows them: in order of position, boxes by their text."""
    return "".join(i.text or i.char for i in sorted(items, key=lambda i: (i.x0, -i.base)))


def join_latex(parts: list[str]) -> str:
    """LaTeX pieces in a row, spaced only where a control word or a bare script would run into what follows;
    TeX's long arrows (an = or a − overprinted by an arrow head) as one command."""
    out = ""
    for part in parts:
        if out and part and ((_CONTROL_END.search(out) and part[0].isalpha())
                             or (_BARE_SCRIPT_END.search(out) and part[0].isalnum())):
            out += " "  # \sigma I, not \sigmaI; d_1 2, not d_12
        out += part
    for pieces, command in _LONG_ARROWS:
        out = out.replace(pieces, command)
    return out.replace("...", r"\ldots")


def math_latex(items: list[Item]) -> str:
    """A group of items (a numerator, a script, a root's radicand) as LaTeX."""
    return join_latex([a.latex if a.role != "raw" else a.text for a in atoms(items)])
