"""Items: the glyphs of a page with the vertical extents their kind gives them, and boxes rebuilt from several.

A glyph's character becomes LaTeX here: a letter in its font's alphabet (``\\mathbb{E}`` from MSBM or
KaTeX_AMS, ``\\mathcal{N}`` from CMSY or KaTeX_Caligraphic), a Greek letter or a symbol as its command.
Big glyphs (CMEX, KaTeX_Size1-4) get the height their font gives them, and the pieces of a tall
delimiter are merged into one.  ``Board`` keeps a page's items sorted by baseline for the stacking
stages, which replace several items by one box whose LaTeX is known.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from graders.reading.notation import GREEK
from graders.transcripts.pdf_glyphs import CMEX, FontInfo, Glyph

__all__ = ["ACCENTS", "FUNCTIONS", "NEGATED", "SYMBOLS", "Board", "Item", "extent", "glyph_items", "glyph_latex",
           "linear_text", "make_box", "mathlike", "styled"]

SYMBOLS = {
    "−": "-", "–": "-", "∗": "*", "∼": r"\sim", "∈": r"\in", "∉": r"\notin", "∋": r"\ni", "≤": r"\le", "≥": r"\ge",
    "⩽": r"\le", "⩾": r"\ge", "≦": r"\le", "≧": r"\ge", "≠": r"\ne", "≈": r"\approx", "≃": r"\simeq",
    "≡": r"\equiv", "∝": r"\propto", "·": r"\cdot", "⋅": r"\cdot", "∙": r"\cdot", "×": r"\times", "÷": r"\div",
    "±": r"\pm", "∓": r"\mp", "∇": r"\nabla", "∂": r"\partial", "∞": r"\infty", "→": r"\to", "⟶": r"\to",
    "←": r"\leftarrow", "⇒": r"\Rightarrow", "⟹": r"\Rightarrow", "⇐": r"\Leftarrow", "⇔": r"\Leftrightarrow",
    "⟺": r"\Leftrightarrow", "↦": r"\mapsto", "↔": r"\leftrightarrow", "⊤": r"\top", "⊥": r"\perp",
    "ℓ": r"\ell", "∀": r"\forall", "∃": r"\exists", "⊂": r"\subset", "⊆": r"\subseteq", "⊃": r"\supset",
    "⊇": r"\supseteq", "∪": r"\cup", "∩": r"\cap", "∘": r"\circ", "⊙": r"\odot", "⊗": r"\otimes", "⊕": r"\oplus",
    "⟨": r"\langle", "⟩": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor", "⌈": r"\lceil", "⌉": r"\rceil",
    "∅": r"\emptyset", "¬": r"\neg", "∧": r"\wedge", "∨": r"\vee", "≪": r"\ll", "≫": r"\gg", "∣": "|", "∥": r"\|",
    "‖": r"\|", "…": r"\ldots", "⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots", "′": "'", "″": "''", "∑": r"\sum",
    "∏": r"\prod", "∫": r"\int", "∮": r"\oint", "⋃": r"\bigcup", "⋂": r"\bigcap", "∐": r"\coprod",
    "⊔": r"\bigsqcup", "⊎": r"\biguplus", "⋀": r"\bigwedge", "⋁": r"\bigvee", "√": r"\surd", "†": r"\dagger",
    "ℏ": r"\hbar", "ı": r"\imath", "ȷ": r"\jmath", "∠": r"\angle", "△": r"\triangle", "□": r"\square",
    "■": r"\blacksquare", "✓": r"\checkmark",
    "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "$": r"\$", "_": r"\_", "⎪": "|",
}
FUNCTIONS = frozenset("log ln lg exp sin cos tan sec csc cot arcsin arccos arctan sinh cosh tanh coth max min sup "
                      "inf lim liminf limsup det dim ker deg arg gcd hom Pr".split())
ACCENTS = {"\u0338": "not", "ˆ": "hat", "^": "hat", "˜": "tilde", "~": "tilde", "¯": "bar", "ˉ": "bar", "˙": "dot",
           "¨": "ddot", "⃗": "vec", "ˇ": "check", "˘": "breve", "´": "acute", "`": "grave"}
OPERATORS = frozenset("∑∏∫∮⋃⋂∐⊔⊎⋀⋁⨁⨂⨀")
NEGATIONS = frozenset("\ue020\u0338")  # KaTeX's \not slash (a private-use glyph), the combining long solidus
NEGATED = {"=": r"\ne", r"\in": r"\notin", r"\equiv": r"\not\equiv", r"\sim": r"\nsim", r"\le": r"\nleq",
           r"\ge": r"\ngeq", "<": r"\nless", ">": r"\ngtr", r"\subset": r"\not\subset", r"\mid": r"\nmid"}
PIECES = {"⎛": "(", "⎜": "(", "⎝": "(", "⎞": ")", "⎟": ")", "⎠": ")", "⎡": "[", "⎢": "[", "⎣": "[", "⎤": "]",
          "⎥": "]", "⎦": "]", "⎧": "{", "⎨": "{", "⎩": "{", "⎫": "}", "⎬": "}", "⎭": "}", "⎪": "⎪", "⏐": "|"}
_LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
              "∆": "Δ", "Ω": "Ω"}  # TeX's glyph names give the increment and ohm signs for its Greek capitals
# Pictographs that a TeX export sets in a math font but that are prose marks (check marks, pointers, boxes).
_DECORATIONS = frozenset("✓✔✗✘◀▶☐☑☒⊠★☆►◄➜➤")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_KATEX_BIG = {"1": 1.2, "2": 1.8, "3": 2.4, "4": 3.0}  # KaTeX_Size1..4: delimiter heights in em
_ALPHABETS = (("DOUBLE-STRUCK", "mathbb"), ("FRAKTUR", "mathfrak"), ("BLACK-LETTER", "mathfrak"),
              ("SCRIPT", "mathcal"), ("BOLD", "mathbf"))


@dataclass(slots=True, eq=False)
class Item:
    """A glyph, or a box rebuilt from several (its LaTeX known), placed on the page."""

    kind: str  # "glyph" | "accent" | "op" | "delim" | "piece" | "root" | "box"
    char: str  # a glyph's character ("" for a box)
    role: str  # "math" | "shared" | "prose"
    x0: float
    x1: float
    base: float  # the baseline it sits on
    bottom: float
    top: float
    size: float
    font: FontInfo | None = None
    latex: str = ""  # a box's LaTeX
    text: str = ""  # a box's text, as a linear reader would give it
    raw: bool = False  # not rebuilt: shown as text, marked
    dead: bool = False  # absorbed into a box

    @property
    def center(self) -> float:
        """The middle of its horizontal extent."""
        return (self.x0 + self.x1) / 2


# --- Glyphs to items ---------------------------------------------------------------------------


def glyph_items(glyphs: list[Glyph]) -> list[Item]:
    """The page's visible glyphs as items, with vertical extents that suit their kind."""
    sizes = sorted(g.size for g in glyphs if g.char.strip())
    typical = sizes[len(sizes) // 2] if sizes else 10.0
    items = []
    for g in glyphs:
        char = _LIGATURES.get(g.char, g.char)
        if g.size < 0.3 * typical or (char and (char.isspace() or all(c in _INVISIBLE for c in char))):
            continue
        items.append(_item(g, char))
    return _merge_pieces(items)


def _item(g: Glyph, char: str) -> Item:
    """One glyph as an item; big glyphs get the height their font gives them."""
    s, font = g.size, g.font
    if font.cmex and g.code in CMEX:
        _, kind, height, total = CMEX[g.code]
        top = g.base + height * s
        bottom = top - total * s
        return Item(kind, char, "math", g.x0, g.x1, (top + bottom) / 2 - 0.25 * s, bottom, top, s, font)
    kind = "glyph"
    if char == "√":
        kind = "root"
    elif font.big and char and (char in OPERATORS or char in PIECES or char in "()[]{}⟨⟩⌊⌋⌈⌉|‖∣∥/\\"):
        kind = "op" if char in OPERATORS else "piece" if char in PIECES else "delim"
    elif char in ACCENTS and font.role != "prose":
        kind = "accent"
    elif char in NEGATIONS or (font.name.lower().startswith("cmsy") and g.code == 0x36):
        kind, char = "accent", "\u0338"  # a negation slash is placed over its relation like an accent
    if kind in ("op", "delim", "piece") and font.big:  # KaTeX's big glyphs are centred on the math axis
        total = (1.0 if "1" in font.name else 1.4) if kind == "op" else _KATEX_BIG.get(_size_digit(font.name), 1.2)
        if kind == "op" and char == "∫":
            total *= 1.6
        if kind == "piece":
            total = 0.6
        axis = g.base + 0.25 * s
        return Item(kind, char, "math", g.x0, g.x1, g.base, axis - total * s / 2, axis + total * s / 2, s, font)
    if kind == "root" and font.name.lower().startswith(("cmsy", "cmbsy")):  # TeX's radical hangs from its origin
        return Item(kind, char, font.role, g.x0, g.x1, g.base - 0.6 * s, g.base - 0.96 * s, g.base + 0.04 * s, s, font)
    role = "prose" if char in _DECORATIONS else font.role
    return Item(kind, char, role, g.x0, g.x1, g.base, g.base - 0.22 * s, g.base + 0.72 * s, s, font)


def _size_digit(name: str) -> str:
    """The n of a KaTeX_Size<n> font."""
    m = re.search(r"Size(\d)", name, re.I)
    return m.group(1) if m else "1"


def _merge_pieces(items: list[Item]) -> list[Item]:
    """Delimiter pieces stacked in one column (a tall bracket's top, extensions and bottom) as one delimiter."""
    pieces = sorted((i for i in items if i.kind == "piece"), key=lambda i: (round(i.x0), -i.top))
    if not pieces:
        return items
    merged: list[list[Item]] = []
    for piece in pieces:
        last = merged[-1][-1] if merged else None
        stacked = last is not None and abs(piece.x0 - last.x0) <= 0.15 * piece.size
        if stacked and last.bottom - piece.top <= 3 * piece.size:
            merged[-1].append(piece)
        else:
            merged.append([piece])
    rest = [i for i in items if i.kind != "piece"]
    for column in merged:
        chars = [PIECES.get(p.char, p.char) for p in column]
        char = next((c for c in chars if c not in "⎪"), "|" if len(column) > 0 else "")
        top, bottom = max(p.top for p in column), min(p.bottom for p in column)
        size = column[0].size
        rest.append(Item("delim", char, "math", min(p.x0 for p in column), max(p.x1 for p in column),
                         (top + bottom) / 2 - 0.25 * size, bottom, top, size, column[0].font))
    return rest


# --- LaTeX of one glyph -----------------------------------------------------------------------


def glyph_latex(item: Item) -> str:
    """One glyph as LaTeX: a letter in its font's alphabet, a Greek letter or symbol as its command."""
    ch = item.char
    if not ch:
        return ""
    if ch in GREEK:
        name = GREEK[ch]
        return "o" if name == "omicron" else "\\" + ("varepsilon" if ch == "ε" else name)
    if ch in SYMBOLS:
        return SYMBOLS[ch]
    if ch.isascii():
        return styled(item.font, ch) if ch.isalnum() else ch
    return _alphanumeric(ch)


def styled(font: FontInfo | None, letters: str, word: bool = False) -> str:
    """Letters in a font's alphabet: \\mathbb{E}, \\mathcal{N}; an upright word as \\text{...}."""
    style = font.style if font else ""
    if style in ("mathbb", "mathcal", "mathfrak", "mathscr") and not letters.isupper():
        style = ""  # these alphabets have capitals only: a lower-case letter in CMSY is a symbol
    if style:
        return f"\\{style}{{{letters}}}"
    return f"\\text{{{letters}}}" if word and len(letters) > 1 else letters


def _alphanumeric(ch: str) -> str:
    """A mathematical alphanumeric (𝔼, ℝ, 𝒩, 𝐱, 𝑥) as a letter in its alphabet, else the character itself."""
    plain = unicodedata.normalize("NFKC", ch)
    if len(plain) != 1 or plain == ch or not plain.isascii():
        return ch
    name = unicodedata.name(ch, "")
    for marker, command in _ALPHABETS:
        if marker in name:
            return f"\\{command}{{{plain}}}"
    return plain


# --- Boxes -----------------------------------------------------------------------------------


class Board:
    """The page's live items, sorted by baseline for quick vertical look-ups."""

    def __init__(self, items: list[Item]) -> None:
        self.items = sorted(items, key=lambda i: i.base)
        self.bases = [i.base for i in self.items]

    def near(self, low: float, high: float) -> list[Item]:
        """Live items whose baseline lies between low and high."""
        lo, hi = bisect.bisect_left(self.bases, low), bisect.bisect_right(self.bases, high)
        return [i for i in self.items[lo:hi] if not i.dead]

    def replace(self, old: list[Item], box: Item) -> None:
        """Absorb items into a new box."""
        for item in old:
            item.dead = True
        k = bisect.bisect_right(self.bases, box.base)
        self.items.insert(k, box)
        self.bases.insert(k, box.base)

    def live(self) -> list[Item]:
        """Items not absorbed."""
        return [i for i in self.items if not i.dead]


def make_box(board: Board, parts: list[Item], latex: str, text: str, base: float, size: float,
         extra: tuple[float, float, float, float] | None = None) -> None:
    """Replace parts by one box with the given LaTeX and text."""
    x0, x1 = min(i.x0 for i in parts), max(i.x1 for i in parts)
    bottom, top = min(i.bottom for i in parts), max(i.top for i in parts)
    if extra is not None:
        x0, bottom, x1, top = min(x0, extra[0]), min(bottom, extra[1]), max(x1, extra[2]), max(top, extra[3])
    board.replace(parts, Item("box", "", "math", x0, x1, base, bottom, top, size, latex=latex, text=text))


def extent(items: list[Item]) -> tuple[float, float]:
    """Left and right edges of a group."""
    return min(i.x0 for i in items), max(i.x1 for i in items)


def mathlike(items: list[Item]) -> bool:
    """A group with no prose-font glyph and no space between words of TeX's text font (a line of text)."""
    if not items or any(i.role == "prose" for i in items):
        return False
    ordered = sorted(items, key=lambda i: i.x0)
    return not any(a.role == b.role == "shared" and (a.char.isalpha() or b.char.isalpha())
                   and 0.2 * a.size < b.x0 - a.x1 < 1.0 * a.size and abs(a.base - b.base) < 0.1 * a.size
                   for a, b in zip(ordered, ordered[1:]))


def linear_text(items: list[Item]) -> str:
    """A group's text in reading order."""
    return "".join(i.text or i.char for i in sorted(items, key=lambda i: (i.x0, -i.base)))
