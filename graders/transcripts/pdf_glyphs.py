"""The glyphs and rules of a PDF page, read with pdfminer.six: what the layout reader rebuilds math from.

Each glyph keeps its character, font, size, horizontal extent and baseline; each painted path is
kept only when it can matter to math: a thin horizontal rule (a fraction bar, a root's overbar),
a thin vertical rule or a stroked rectangle (the sides of a box), or a filled curve (KaTeX draws
a root sign as an SVG path).  pdfminer's layout analysis is not used: a device collects raw
glyphs, which is several times faster.  Chromium clips KaTeX's root paths (drawn 400 em wide) to
the formula, so clipping rectangles are tracked to know where a root ends.

A font's name says its role: math fonts (TeX's CMMI, CMSY, CMEX, MSBM, ..., KaTeX_*, MathJax,
OpenType math fonts) only ever print math; TeX's text fonts (CMR, CMBX, ...) print both prose and
upright math (digits, brackets, ``=``); every other font is prose.  CMEX has no Unicode mapping
for its big operators and delimiters, so its glyphs are read by their code.
"""
from __future__ import annotations

import functools
import io
import logging
import re
from dataclasses import dataclass
from typing import Iterator

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.utils import apply_matrix_pt

__all__ = ["FontInfo", "Glyph", "PageGlyphs", "Shape", "font_info", "is_math_font", "open_pages"]

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # malformed PDFs make pdfminer log at every operator

_SUBSET = re.compile(r"^[A-Z]{6}\+")
_MATH_FONTS = re.compile(
    r"^(?:cmmi|cmsy|cmex|cmbsy|msam|msbm|euf[mb]|eus[mb]|eur[mb]|rsfs|esint|stmary|wasy|katex|mathjax|mjx|"
    r"stix(?:two)?math|cambriamath|latinmodernmath|lmmath|xitsmath|texgyre\w*math|asanamath|"
    r"(?:tx|px|ntx|npx)(?:mi|sy|ex|ms)|libertinusmath|firamath|dejavumathtex)", re.I)
_SHARED_FONTS = re.compile(r"^(?:cmr|cmbx|cmb\d|cmti|cmsl|cmss|cmu|lmroman|lmr|sfrm|sfbx|sfti|ecrm|ecbx)", re.I)
# The style a math font gives letters (KaTeX and MathJax name their fonts alike).
_STYLES = (
    (re.compile(r"^(?:msbm|katexams|mathjaxams|mjxtexa$)", re.I), "mathbb"),
    (re.compile(r"^(?:cmsy|katexcaligraphic|mathjaxcaligraphic|mjxtexc$|eus[mb])", re.I), "mathcal"),
    (re.compile(r"^(?:euf[mb]|katexfraktur|mathjaxfraktur|mjxtexfr)", re.I), "mathfrak"),
    (re.compile(r"^(?:rsfs|katexscript|mathjaxscript|mjxtexsc)", re.I), "mathscr"),
    (re.compile(r"^(?:katexsansserif|mathjaxsansserif|mjxtexss)", re.I), "mathsf"),
    (re.compile(r"^(?:katextypewriter|mathjaxtypewriter|mjxtexty)", re.I), "mathtt"),
    (re.compile(r"^(?:cmmib|katexmathbolditalic|mathjaxmathbolditalic|mjxtexbi$)", re.I), "boldsymbol"),
    (re.compile(r"^(?:cmbx|katexmainbold|mathjaxmainbold|mjxtexb$)", re.I), "mathbf"),
)
_UPRIGHT = re.compile(r"^(?:cmr|cmbx|cmss|katexmain(?:regular|bold)|mathjaxmain(?:regular|bold)|mjxtex$|mjxtexb$|"
                      r"lmroman|sfrm)", re.I)
_BOLD = re.compile(r"bold|black|heavy|demi|^cmbx|^cmb\d|^sfbx|^ecbx", re.I)
_BIG = re.compile(r"^(?:cmex|katexsize[1-4]|mathjaxsize[1-4]|mjxtexs[1-4]|(?:tx|px)ex)", re.I)


@dataclass(frozen=True)
class FontInfo:
    """What a font's name says about the glyphs it prints."""

    name: str  # without the subset prefix
    role: str  # "math" | "shared" (TeX's text fonts: prose and upright math) | "prose"
    style: str = ""  # the LaTeX alphabet command its letters take in math ("mathbb", "mathcal", ...)
    upright: bool = False  # letters print upright (words, function names), not as italic variables
    big: bool = False  # big operators and delimiters (CMEX, KaTeX_Size*)
    cmex: bool = False  # TeX's extension font, read by code
    bold: bool = False  # a bold face (prose in it is written **bold**)


@dataclass(slots=True)
class Glyph:
    """One printed character."""

    char: str  # its Unicode text ("" when the font gives none)
    font: FontInfo
    size: float  # the font size on the page
    x0: float
    x1: float
    base: float  # the baseline (the glyph's origin)
    code: int  # the character code in its font


@dataclass(slots=True)
class Shape:
    """A painted path that may be part of a formula, clipped to what is visible."""

    kind: str  # "rule" (thin, horizontal) | "vrule" (thin, vertical) | "frame" (stroked rectangle) | "curve" | "dot"
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class PageGlyphs:
    """What one page prints."""

    glyphs: list[Glyph]
    shapes: list[Shape]
    width: float
    height: float


def _squeeze(name: str) -> str:
    """A font name without subset prefix, spaces, dashes or underscores, for matching."""
    return re.sub(r"[\s_\-,]", "", _SUBSET.sub("", name))


@functools.lru_cache(maxsize=512)
def font_info(name: str) -> FontInfo:
    """The role, style and kind of a font, from its name."""
    short = _SUBSET.sub("", name)
    key = _squeeze(name)
    if _MATH_FONTS.match(key):
        style = next((command for pattern, command in _STYLES if pattern.match(key)), "")
        return FontInfo(short, "math", style, bool(_UPRIGHT.match(key)), bool(_BIG.match(key)),
                        key.lower().startswith("cmex"))
    bold = bool(_BOLD.search(key))
    if _SHARED_FONTS.match(key):
        style = "mathbf" if key.lower().startswith("cmbx") else ""
        return FontInfo(short, "shared", style, bool(_UPRIGHT.match(key)), bold=bold)
    return FontInfo(short, "prose", bold=bold)


def is_math_font(name: str) -> bool:
    """Whether a font prints only math."""
    return font_info(name).role == "math"


# --- CMEX by code ------------------------------------------------------------------------------
# (character, kind, height in em above the origin, total height in em); kind: "delim", "piece", "op",
# "root", "accent".  CMEX glyphs hang from their origin: the origin is at the top.
def _cmex_table() -> dict[int, tuple[str, str, float, float]]:
    """TeX's cmex10 encoding, in the sizes the layout needs."""
    table: dict[int, tuple[str, str, float, float]] = {}
    small = "()[]⌊⌋⌈⌉{}⟨⟩|‖/\\"
    for code, ch in enumerate(small):
        table[code] = (ch, "piece" if ch in "|‖" else "delim", 0.04, 0.6 if ch in "|‖" else 1.2)
    for code, ch in zip(range(0x10, 0x20), "()()[]⌊⌋⌈⌉{}⟨⟩/\\"):
        table[code] = (ch, "delim", 0.04, 2.4 if code < 0x12 else 3.0)
    for code, ch in zip(range(0x20, 0x30), "()[]⌊⌋⌈⌉{}⟨⟩/\\/\\"):
        table[code] = (ch, "delim", 0.04, 3.0 if code < 0x2E else 1.8)
    pieces = {0x30: "(", 0x31: ")", 0x32: "[", 0x33: "]", 0x34: "[", 0x35: "]", 0x36: "[", 0x37: "]",
              0x38: "{", 0x39: "}", 0x3A: "{", 0x3B: "}", 0x3C: "{", 0x3D: "}", 0x3E: "⎪", 0x3F: "|",
              0x40: "(", 0x41: ")", 0x42: "(", 0x43: ")", 0x77: "‖"}
    for code, ch in pieces.items():
        table[code] = (ch, "piece", 0.04, 0.6 if code in (0x36, 0x37, 0x3E, 0x3F, 0x42, 0x43, 0x77) else 1.8)
    table[0x44], table[0x45] = ("⟨", "delim", 0.04, 1.8), ("⟩", "delim", 0.04, 1.8)
    ops = "⊔∮⊙⊕⊗"
    for k, ch in enumerate(ops):
        table[0x46 + 2 * k] = (ch, "op", 0.0, 1.0)
        table[0x47 + 2 * k] = (ch, "op", 0.0, 1.4)
    for k, ch in enumerate("∑∏∫⋃⋂⊎⋀⋁"):
        table[0x50 + k] = (ch, "op", 0.0, 1.11 if ch == "∫" else 1.0)
        table[0x58 + k] = (ch, "op", 0.0, 2.22 if ch == "∫" else 1.4)
    table[0x60], table[0x61] = ("∐", "op", 0.0, 1.0), ("∐", "op", 0.0, 1.4)
    for code in range(0x62, 0x65):
        table[code] = ("^", "accent", 0.8, 0.3)
    for code in range(0x65, 0x68):
        table[code] = ("~", "accent", 0.8, 0.3)
    for code, ch in zip(range(0x68, 0x70), "[]⌊⌋⌈⌉{}"):
        table[code] = (ch, "delim", 0.04, 1.8)
    for code, total in zip(range(0x70, 0x74), (1.2, 1.8, 2.4, 3.0)):
        table[code] = ("√", "root", 0.04, total)
    table[0x74], table[0x75], table[0x76] = ("√", "root", 0.04, 1.8), ("", "piece", 0.04, 0.6), ("", "piece", 0.04, 0.6)
    return table


CMEX = _cmex_table()


# --- Reading pages -----------------------------------------------------------------------------


class _Collector(PDFTextDevice):
    """A pdfminer device that keeps glyphs and math-relevant paths, honouring clipping rectangles."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.glyphs: list[Glyph] = []
        self.shapes: list[Shape] = []
        self.clip: tuple[float, float, float, float] | None = None
        self.fonts: dict[int, tuple[PDFFont, FontInfo]] = {}

    def begin_page(self, page: PDFPage, ctm: tuple) -> None:
        """Start a page with no glyphs and no clip."""
        self.glyphs, self.shapes, self.clip = [], [], None

    def _info(self, font: PDFFont) -> FontInfo:
        """The font's role, cached per font object."""
        cached = self.fonts.get(id(font))
        if cached is None or cached[0] is not font:
            cached = (font, font_info(getattr(font, "fontname", "") or "unknown"))
            self.fonts[id(font)] = cached
        return cached[1]

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs,  # type: ignore[override]
                    graphicstate) -> float:
        """Keep one glyph (upright ones only: rotated text is a watermark or a margin note) and advance."""
        advance = font.char_width(cid) * fontsize * scaling
        a, b, c, d, e, f = matrix
        if a * d > 0 and abs(b) < 1e-3 * abs(a) and abs(c) < 1e-3 * abs(d):
            info = self._info(font)
            try:
                char = font.to_unichr(cid)
            except Exception:  # no Unicode for this code (pdfminer raises PDFUnicodeNotDefined, or KeyError)
                char = ""
            if info.cmex:
                char = CMEX.get(cid, ("", "", 0.0, 0.0))[0] or char
            x0 = e + c * rise
            x1 = x0 + a * advance
            self.glyphs.append(Glyph(char, info, abs(fontsize * d), min(x0, x1), max(x0, x1), f + d * rise, cid))
        return advance

    def paint_path(self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path) -> None:
        """Keep a path that may be a rule, a box side, a frame or a root sign."""
        points = [apply_matrix_pt(self.ctm, (float(seg[i]), float(seg[i + 1])))
                  for seg in path for i in range(1, len(seg) - 1, 2)]
        if not points or not (stroke or fill) or (fill and not stroke and _white(gstate.ncolor)):
            return
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if stroke:
            half = abs(gstate.linewidth * self.ctm[0]) / 2 if gstate.linewidth else 0.2
            x0, x1, y0, y1 = x0 - half, x1 + half, y0 - half, y1 + half
        if self.clip is not None:
            cx0, cy0, cx1, cy1 = self.clip
            x0, y0, x1, y1 = max(x0, cx0), max(y0, cy0), min(x1, cx1), min(y1, cy1)
            if x1 <= x0 or y1 <= y0:
                return
        kind = _shape_kind(path, stroke, fill, x1 - x0, y1 - y0)
        if kind:
            self.shapes.append(Shape(kind, x0, y0, x1, y1))


def _white(color: object) -> bool:
    """Whether a fill colour is white (an invisible rule on the page)."""
    values = color if isinstance(color, (list, tuple)) else (color,)
    return all(isinstance(v, (int, float)) for v in values) and len(values) in (1, 3) and all(v >= 0.95 for v in values)


def _shape_kind(path, stroke: bool, fill: bool, width: float, height: float) -> str:
    """What a painted path is to a formula (or to a list: a bullet drawn as a dot), or "" when it is nothing."""
    if 1.5 <= width <= 8 and 1.5 <= height <= 8 and abs(width - height) <= 0.25 * max(width, height) and len(path) >= 4:
        return "dot"  # a browser draws list bullets (discs, circles, squares) as paths
    if height <= 1.6 and width >= 1.0 and width > 2 * height:
        return "rule"
    if width <= 1.6 and height >= 2.0 and height > 2 * width:
        return "vrule"
    shape = "".join(seg[0] for seg in path)
    if stroke and not fill and shape.rstrip("h") in ("mlll", "mllll") and height >= 4:
        return "frame"
    if fill and len(path) > 6 and 2 <= height <= 200:
        return "curve"
    return ""


class _ClippingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, also following clipping rectangles (``re W n``) through ``q``/``Q``."""

    def init_state(self, ctm) -> None:  # type: ignore[override]
        """Also start the clip stack (a form XObject keeps the clip it was drawn in)."""
        super().init_state(ctm)
        self._clips: list = []
        self._pending: object = None

    def do_q(self) -> None:
        """Save the clip with the graphics state."""
        super().do_q()
        self._clips.append(self.device.clip)  # type: ignore[attr-defined]

    def do_Q(self) -> None:
        """Restore the clip with the graphics state."""
        super().do_Q()
        if self._clips:
            self.device.clip = self._clips.pop()  # type: ignore[attr-defined]

    def do_W(self) -> None:
        """Remember that the current path clips once it is ended."""
        self._pending = self.curpath

    def do_W_a(self) -> None:
        """Remember that the current path clips once it is ended (even-odd rule)."""
        self._pending = self.curpath

    def do_n(self) -> None:
        """End the path; when it was marked as a clip, narrow the clip to its bounding box."""
        if self._pending is self.curpath and self.curpath:
            points = [apply_matrix_pt(self.ctm, (float(seg[i]), float(seg[i + 1])))
                      for seg in self.curpath for i in range(1, len(seg) - 1, 2)]
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                box = (min(xs), min(ys), max(xs), max(ys))
                old = self.device.clip  # type: ignore[attr-defined]
                if old is not None:
                    box = (max(box[0], old[0]), max(box[1], old[1]), min(box[2], old[2]), min(box[3], old[3]))
                self.device.clip = box  # type: ignore[attr-defined]
        self._pending = None
        super().do_n()

    def do_Do(self, xobjid_arg) -> None:  # type: ignore[override]
        """Draw a form XObject; its clip changes end with it."""
        saved = self.device.clip  # type: ignore[attr-defined]
        try:
            super().do_Do(xobjid_arg)
        finally:
            self.device.clip = saved  # type: ignore[attr-defined]


def open_pages(raw: bytes) -> Iterator[tuple[PDFPage, "_PageReader"]]:
    """The document's pages (decrypted with an empty password), each with a reader of its glyphs."""
    document = PDFDocument(PDFParser(io.BytesIO(raw)), password="")
    manager = PDFResourceManager(caching=True)
    device = _Collector(manager)
    interpreter = _ClippingInterpreter(manager, device)
    reader = _PageReader(device, interpreter)
    for page in PDFPage.create_pages(document):
        yield page, reader


class _PageReader:
    """Runs one page through the collecting device."""

    def __init__(self, device: _Collector, interpreter: _ClippingInterpreter) -> None:
        self.device, self.interpreter = device, interpreter

    def __call__(self, page: PDFPage) -> PageGlyphs:
        """The page's glyphs and shapes, in page coordinates (origin at the bottom left)."""
        self.interpreter.process_page(page)
        x0, y0, x1, y1 = page.mediabox
        width, height = abs(x1 - x0), abs(y1 - y0)
        if page.rotate in (90, 270):
            width, height = height, width
        return PageGlyphs(self.device.glyphs, self.device.shapes, width, height)
