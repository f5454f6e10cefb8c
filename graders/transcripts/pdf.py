"""Text from PDF exports: the text layer of a PDF file, and the page furniture of extracted text.

Pages are joined with ``--- Page N ---`` lines so that a PDF file and text someone extracted
from one go through the same clean-up: page markers and form feeds are page boundaries,
running headers and footers are dropped, and a formula cut by a boundary is put back on one line.
"""
from __future__ import annotations

import io
import math
import time
import re
from collections.abc import Iterable

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

__all__ = ["PdfTextError", "extract_pdf_text", "has_page_markers", "join_pages", "strip_page_furniture"]

_MARKER = re.compile(
    r"[ \t]*(?:"
    r"[-=–—_*#~]{2,}[ \t]*\[?Page[ \t]+\d+(?:[ \t]*(?:of|/)[ \t]*\d+)?\]?[ \t]*[-=–—_*#~]{2,}"
    r"|\[?(?:Page|p\.)[ \t]*\d+(?:[ \t]*(?:of|/)[ \t]*\d+)?\]?"
    r")[ \t]*",
    re.I,
)
_MARKER_LINE = re.compile(r"^" + _MARKER.pattern + r"$", re.I | re.M)
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running headers or footers
_OPEN_END = re.compile(r"(?:[-+=−×·*/^_\\(\[{<>≤≥∈∼≈→⇒]|\\(?:cdot|times|le|ge|in|sim|approx|to|frac|sqrt))[ \t]*$")
_CLOSE_START = re.compile(r"^[ \t]*(?:[+=−×·*/^_)\]}≤≥∈∼≈→⇒]|\\(?:cdot|times|le|ge|in|sim|approx|to)\b)")
_RULE = re.compile(r"[ \t]*[-=_*]{3,}[ \t]*")  # a horizontal rule, not an open formula
_SENTENCE_END = re.compile(r"[.:!?][ \t]*$")
Page = list[str]


class PdfTextError(ValueError):
    """The PDF cannot give its text: encrypted, unreadable, or without a text layer."""


def extract_pdf_text(raw: bytes, name: str = "the PDF", max_pages: int = 2000,
                     max_seconds: float = 30.0) -> tuple[str, tuple[str, ...]]:
    """The text layer of a PDF, pages joined with page markers, and warnings about pages.

    A crafted PDF can make every page expensive (one huge shared content stream), so reading stops
    once ``max_seconds`` have gone by, with a warning naming the last page read.
    """
    reader = _open(raw, name)
    pages: list[str] = []
    warnings: list[str] = []
    started = time.monotonic()
    for number, page in enumerate(_pages(reader, name), 1):
        if number > max_pages:
            warnings.append(f"pages after {max_pages} not read")
            break
        if time.monotonic() - started > max_seconds:
            warnings.append(f"pages from {number} on not read: extracting the text took over {max_seconds:g} s")
            break
        text, problem = _page_text(page)
        if problem is None and not text.strip():
            problem = "text layer empty"
        if problem is not None:
            warnings.append(f"page {number}: {problem}")
        pages.append(text)
    if not any(text.strip() for text in pages):
        raise PdfTextError(f"{name} has no text layer (it is probably scanned images): run OCR on it or "
                           "export the chat as text or Markdown, then retry.")
    return join_pages(pages), tuple(warnings)


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
    warnings = _drop_running_lines(pages, min_pages, share) if len(pages) >= min_pages else ()
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


def _drop_running_lines(pages: list[Page], min_pages: int, share: float) -> tuple[str, ...]:
    """Remove lines repeated at page edges on most pages; say what was removed."""
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
