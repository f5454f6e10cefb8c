"""Text from PDF exports: the text of a PDF file, and the page furniture of extracted text.

A PDF whose fonts show math (TeX's CMMI/CMSY/CMEX/MSBM..., KaTeX's or MathJax's fonts, OpenType
math fonts) is read glyph by glyph (``pdf_layout``): its fractions, roots, scripts and operators
are rebuilt as LaTeX between ``$..$`` (``$$..$$`` for a display), so it reads like a Markdown
export; what cannot be rebuilt is kept as text between ``⟦`` and ``⟧``.  Any other PDF, or a page
the layout reader fails on, is read through its plain text layer (pypdf), as before: math there
is linearised.

Pages are joined with ``--- Page N ---`` lines so that a PDF file and text someone extracted
from one go through the same clean-up: page markers and form feeds are page boundaries,
running headers and footers are dropped, and a formula cut by a boundary is put back on one line.
"""
from __future__ import annotations

import io
import logging
import math
import time
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from graders.transcripts.pdf_glyphs import is_math_font, open_pages
from graders.transcripts.pdf_layout import PageLayout, page_layout

# the PDF libraries' own log lines ("EOF marker not found") never reach the user's terminal: what goes wrong
# with a PDF is said once, in the report's warnings or in one usage error
for _library in ("pypdf", "pdfminer"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False

__all__ = ["PdfText", "PdfTextError", "extract_pdf_text", "has_page_markers", "join_pages", "read_pdf",
           "strip_page_furniture"]

_MARKER = re.compile(
    r"[ \t]*(?:"
    r"[-=–—_*#~]{2,}[ \t]*\[?Page[ \t]+\d+(?:[ \t]*(?:of|/)[ \t]*\d+)?\]?[ \t]*[-=–—_*#~]{2,}"
    r"|\[?(?:Page|p\.)[ \t]*\d+(?:[ \t]*(?:of|/)[ \t]*\d+)?\]?"
    r")[ \t]*",
    re.I,
)
_MARKER_LINE = re.compile(r"^" + _MARKER.pattern + r"$", re.I | re.M)
_PAGE_NUMBER = re.compile(r"\bpage\s{0,3}\d+|\b\d+\s{0,3}(?:/|of)\s{0,3}\d+\s*$", re.I)
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running headers or footers
_OPEN_END = re.compile(r"(?:[-+=−×·*/^_\\(\[{<>≤≥∈∼≈→⇒]|\\(?:cdot|times|le|ge|in|sim|approx|to|frac|sqrt))[ \t]*$")
_CLOSE_START = re.compile(r"^[ \t]*(?:[+=−×·*/^_)\]}≤≥∈∼≈→⇒]|\\(?:cdot|times|le|ge|in|sim|approx|to)\b)")
_RULE = re.compile(r"[ \t]*[-=_*]{3,}[ \t]*")  # a horizontal rule, not an open formula
_SENTENCE_END = re.compile(r"[.:!?][ \t]*$")
_FONT_SCAN_DEPTH = 3  # form XObjects nested deeper than this are not searched for fonts
_UNMAPPED_SHARE = 0.2  # a page laid out with more glyphs than this lacking a character is read as plain text
Page = list[str]


class PdfTextError(ValueError):
    """The PDF cannot give its text: encrypted, unreadable, or without a text layer."""


@dataclass(frozen=True)
class PdfText:
    """A PDF's text, how it was read, and what went amiss."""

    text: str  # pages joined with page markers
    warnings: tuple[str, ...]
    pages: int  # pages read
    layout: bool  # math was rebuilt from the glyph layout: the text's $..$ delimit it
    formulas: int = 0  # $..$ and $$..$$ spans written by the layout reader
    constructs: int = 0  # fractions, roots, operator limits and boxes rebuilt
    raw: int = 0  # regions left as ⟦text⟧


def extract_pdf_text(raw: bytes, name: str = "the PDF", max_pages: int = 2000,
                     max_seconds: float = 30.0) -> tuple[str, tuple[str, ...]]:
    """The text of a PDF, pages joined with page markers, and warnings about pages (see ``read_pdf``)."""
    result = read_pdf(raw, name, max_pages, max_seconds)
    return result.text, result.warnings


def read_pdf(raw: bytes, name: str = "the PDF", max_pages: int = 2000, max_seconds: float = 30.0) -> PdfText:
    """A PDF's text: math rebuilt from the glyph layout when its fonts show math, else its plain text layer.

    A crafted PDF can make every page expensive (one huge shared content stream), so reading stops
    once ``max_seconds`` have gone by, with a warning naming the last page read.
    """
    started = time.monotonic()
    reader = _open(raw, name)
    pages_in = _pages(reader, name)
    warnings: list[str] = []
    layouts = _layout_pages(raw, warnings) if _shows_math(pages_in) else None
    pages: list[str] = []
    totals = [0, 0, 0]
    for number, page in enumerate(pages_in, 1):
        if number > max_pages:
            warnings.append(f"pages after {max_pages} not read")
            break
        if time.monotonic() - started > max_seconds:
            warnings.append(f"pages from {number} on not read: extracting the text took over {max_seconds:g} s")
            break
        text, counts, notes = _read_page(page, number, layouts)
        warnings.extend(notes)
        totals = [total + count for total, count in zip(totals, counts)]
        pages.append(text)
    if not any(text.strip() for text in pages):
        raise PdfTextError(f"{name} has no text layer (it is probably scanned images): run OCR on it or "
                           "export the chat as text or Markdown, then retry.")
    return PdfText(join_pages(pages), tuple(warnings), len(pages), totals[0] > 0, *totals)


def _shows_math(pages: list[PageObject]) -> bool:
    """Whether any page uses a math font (then the glyph layout is worth reading)."""
    try:
        return any(_fonts_show_math(page.get("/Resources"), 0) for page in pages)
    except Exception:  # a broken resource dictionary: read the plain text layer, as before
        return False


def _fonts_show_math(resources: object, depth: int) -> bool:
    """Whether a resource dictionary (or a form XObject in it) names a math font."""
    resources = _resolved(resources)
    if not isinstance(resources, dict) or depth > _FONT_SCAN_DEPTH:
        return False
    fonts = _resolved(resources.get("/Font"))
    if isinstance(fonts, dict):
        for font in fonts.values():
            font = _resolved(font)
            if isinstance(font, dict) and is_math_font(str(font.get("/BaseFont", "")).lstrip("/")):
                return True
    xobjects = _resolved(resources.get("/XObject"))
    if isinstance(xobjects, dict):
        for xobject in xobjects.values():
            xobject = _resolved(xobject)
            if isinstance(xobject, dict) and xobject.get("/Subtype") == "/Form" \
                    and _fonts_show_math(xobject.get("/Resources"), depth + 1):
                return True
    return False


def _resolved(value: object) -> object:
    """A PDF object with indirect references followed."""
    return value.get_object() if hasattr(value, "get_object") else value


def _layout_pages(raw: bytes, warnings: list[str]) -> Iterator[tuple[PageLayout | None, str | None]] | None:
    """Each page's layout in turn (None and the reason for a page that fails), or None when pdfminer cannot open it."""
    try:
        pages = open_pages(raw)
        first = next(pages, None)
    except Exception as exc:  # pdfminer raises assorted exception types on files pypdf reads
        warnings.append(f"math layout not read ({_short(exc)}): the plain text layer is used")
        return None

    def layouts() -> Iterator[tuple[PageLayout | None, str | None]]:
        item = first
        while item is not None:
            page, read = item
            try:
                yield page_layout(read(page)), None
            except Exception as exc:  # one page pdfminer cannot lay out keeps its plain text
                yield None, _short(exc)
            try:
                item = next(pages, None)
            except Exception:  # a broken page tree after this page: the rest is read as plain text
                item = None
    return layouts()


def _read_page(page: PageObject, number: int, layouts: Iterator[tuple[PageLayout | None, str | None]] | None
               ) -> tuple[str, tuple[int, int, int], list[str]]:
    """One page's text (from its layout when there is one, else its text layer), its counts and warnings."""
    notes = []
    if layouts is not None:
        layout, problem = next(layouts, (None, "the layout reader found fewer pages"))
        if layout is not None and layout.unmapped > _UNMAPPED_SHARE:
            problem = f"{layout.unmapped:.0%} of its glyphs have no character"
        elif layout is not None and layout.text.strip():
            return layout.text, (layout.formulas, layout.constructs, layout.raw), notes
        if problem is not None:
            notes.append(f"page {number}: math layout not read ({problem}): its plain text layer is used")
    text, problem = _page_text(page)
    if problem is None and not text.strip():
        problem = "text layer empty"
    if problem is not None:
        notes.append(f"page {number}: {problem}")
    return text, (0, 0, 0), notes


def join_pages(pages: list[str]) -> str:
    """Page texts joined with a ``--- Page N ---`` line before each page after the first."""
    return "".join(text if n == 1 else f"\n--- Page {n} ---\n{text}" for n, text in enumerate(pages, 1))


def _open(raw: bytes, name: str) -> PdfReader:
    """A reader on the bytes, decrypted when the password is empty."""
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("a password is needed")
    except (FileNotDecryptedError, DependencyError) as exc:
        raise PdfTextError(f"{name} is encrypted ({exc}): save an unprotected copy and retry.") from None
    except Exception as exc:  # pypdf raises assorted exception types on malformed files
        raise PdfTextError(f"{name} could not be read as a PDF ({_short(exc)}): "
                           "re-export it or give its text instead.") from None
    return reader


def _pages(reader: PdfReader, name: str) -> list[PageObject]:
    """The reader's pages, refused when there are none or the page tree is broken."""
    try:
        pages = list(reader.pages)
    except Exception as exc:  # pypdf raises assorted exception types on malformed files
        raise PdfTextError(f"{name} has a broken page tree ({_short(exc)}): re-export it and retry.") from None
    if not pages:
        raise PdfTextError(f"{name} has no pages: re-export it and retry.")
    return pages


def _page_text(page: PageObject) -> tuple[str, str | None]:
    """One page's text layer, or "" and the reason when pypdf cannot read it."""
    try:
        return page.extract_text() or "", None
    except Exception as exc:  # one bad content stream should not lose the other pages
        return "", f"text could not be extracted ({_short(exc)})"


def _short(exc: Exception) -> str:
    """An exception as a short phrase for a one-line message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def has_page_markers(text: str) -> bool:
    """Whether the text has page-marker lines or form feeds, as text extracted from a PDF does."""
    return "\f" in text or _MARKER_LINE.search(text) is not None


def strip_page_furniture(text: str, min_pages: int = 3, share: float = 0.6) -> tuple[str, tuple[str, ...]]:
    """Drop page markers and running headers/footers, rejoining a formula cut at a page boundary."""
    pages = _split_pages(text)
    if len(pages) >= min_pages:
        warnings = _drop_running_lines(pages, min_pages, share)
    else:  # a short export: only a numbered line at the edge of every page ("Page 1 of 2") is furniture
        warnings = _drop_running_lines(pages, 2, 1.0, numbered_only=True) if len(pages) >= 2 else ()
    return _join_cleaned(pages), warnings


def _split_pages(text: str) -> list[Page]:
    """The text's lines grouped into pages at form feeds and marker lines; blank pages dropped."""
    pages: list[Page] = [[]]
    for line in text.split("\n"):
        for k, piece in enumerate(line.split("\f")):
            marker = _MARKER.fullmatch(piece) is not None
            if k or marker:
                pages.append([])
            if not marker:
                pages[-1].append(piece)
    return [page for page in pages if any(line.strip() for line in page)] or [[]]


def _edge_indices(page: Page) -> list[int]:
    """Indices of the first and last few non-blank lines of a page (one each on a short page)."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    edge = _EDGE_LINES if len(filled) >= 3 * _EDGE_LINES else 1
    return sorted(set(filled[:edge] + filled[-edge:]))


def _furniture_key(line: str) -> str | None:
    """What a running header or footer keeps from page to page (numbers vary), or None."""
    squeezed = " ".join(line.split())
    if not any(ch.isalnum() for ch in squeezed) or squeezed.endswith(":"):
        return None
    return re.sub(r"\d+", "#", squeezed)


def _drop_running_lines(pages: list[Page], min_pages: int, share: float,
                        numbered_only: bool = False) -> tuple[str, ...]:
    """Remove lines repeated at page edges on most pages (with ``numbered_only``, those that number the page);
    say what was removed."""
    spots: dict[str, dict[int, int]] = {}
    for p, page in enumerate(pages):
        for i in _edge_indices(page):
            key = _furniture_key(page[i])
            if key is not None:
                spots.setdefault(key, {}).setdefault(p, i)
    needed = max(min_pages, math.ceil(share * len(pages)))
    dropped: set[tuple[int, int]] = set()
    warnings = []
    for key, where in spots.items():
        lines = [pages[p][i] for p, i in where.items()]
        if numbered_only and not _PAGE_NUMBER.search(lines[0]):
            continue
        if len(where) >= needed and _varies_like_page_numbers(key, lines):
            dropped |= set(where.items())
            warnings.append(f"removed a running header or footer seen on {len(where)} pages: "
                            f"{' '.join(lines[0].split())[:60]!r}")
    for p, page in enumerate(pages):
        page[:] = [line for i, line in enumerate(page) if (p, i) not in dropped]
    return tuple(warnings)


def _varies_like_page_numbers(key: str, lines: list[str]) -> bool:
    """A line of only numbers and punctuation repeats as a footer only when its numbers differ by page."""
    if any(ch.isalpha() for ch in key):
        return True
    return len({" ".join(re.findall(r"\d+", line)) for line in lines}) == len(lines)


def _join_cleaned(pages: list[Page]) -> str:
    """Pages joined back: one line when a formula was cut, else a newline (a blank line if one was there)."""
    joined: Page = []
    for page in pages:
        lead = _blank_run(page)
        body = page[lead:]
        if not joined:
            joined = list(page)
            continue
        trail = _blank_run(reversed(joined))
        if trail:
            del joined[-trail:]
        if joined and body and _cuts_formula(joined[-1], body[0]):
            joined[-1] = joined[-1].rstrip() + " " + body[0].lstrip()
            body = body[1:]
        elif joined and (lead or trail):
            joined.append("")
        joined.extend(body)
    return "\n".join(joined)


def _blank_run(lines: Iterable[str]) -> int:
    """How many lines at the start are blank."""
    count = 0
    for line in lines:
        if line.strip():
            break
        count += 1
    return count


def _cuts_formula(before: str, after: str) -> bool:
    """Whether a page boundary between these two lines falls inside a formula."""
    if _RULE.fullmatch(before):
        return False
    if _OPEN_END.search(before) or _unclosed(before) > 0 or _dollars(before) % 2:
        return True
    return not _SENTENCE_END.search(before) and (_CLOSE_START.search(after) is not None or _unclosed(after) < 0)


def _unclosed(line: str) -> int:
    """Opening brackets minus closing brackets on a line."""
    return sum(line.count(ch) for ch in "([{⟨") - sum(line.count(ch) for ch in ")]}⟩")


def _dollars(line: str) -> int:
    """Unescaped dollar signs on a line."""
    return line.count("$") - line.count("\\$")
