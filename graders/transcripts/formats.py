"""The transcript formats a file may be in: how each is recognised and turned into text.

Binary formats are tried on the raw bytes first; then text formats in order, the last being the
default.  Adding a format is one module with its ``sniff`` and ``extract`` plus one line in
``_FORMATS``.  ``extract`` gives an ``Extracted``: the chat's text, warnings, whether its math is
linearised (a PDF whose math was rebuilt from its glyph layout is not: its formulas are between
``$..$`` like a Markdown export's) and what reading found; ``reason`` says in a few words why a
file was read as its format, for reports.

Examples:
    >>> list(TRANSCRIPT_FORMATS)
    ['pdf', 'pdf-text', 'markdown']
    >>> format_for_suffix(".md").name
    'markdown'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from graders.transcripts.config import TranscriptConfig, TranscriptError
from graders.transcripts.pdf import PdfText, PdfTextError, has_page_markers, read_pdf
from graders.transcripts.math_spans import MATH as DELIMITED_MATH
from graders.transcripts.unicode import unicode_math_count


_DELIMITED_MIN = 3  # this many $..$ formulas (and not four times fewer than Unicode symbols): LaTeX survived


@dataclass(frozen=True)
class Extracted:
    """A transcript's text as its format reads it, and what reading it found."""

    text: str
    warnings: tuple[str, ...] = ()
    linearised: bool | None = None  # None: as the format says; False: the math is delimited ($..$), not linearised
    detail: str = ""  # what reading found, for the format's reason ("12 pages; math rebuilt ...")

    def __iter__(self) -> Iterator[object]:
        """Unpacks as ``(text, warnings)``, as an extraction's result did before it had more to say."""
        return iter((self.text, self.warnings))


@dataclass(frozen=True)
class TranscriptFormat:
    """One kind of transcript file."""

    name: str
    summary: str
    suffixes: tuple[str, ...]  # file suffixes that name this format
    binary: bool  # recognised on raw bytes (else on decoded text)
    sniff: Callable[[bytes | str, TranscriptConfig], bool]
    # the chat's text, from the raw bytes (binary) or the decoded text; None: the text as it is
    extract: Callable[[bytes | str, TranscriptConfig, str], Extracted] | None = None
    linearised: bool = False  # math lost its layout (PDF text): read warily, unless the extraction says otherwise
    paged: bool = False  # page markers, running headers and footers to drop (text from a PDF)
    label: str = ""  # how an error names a file of this format ("PDF")
    signature: str = ""  # for a binary format: why a file is not one ("it does not start with %PDF")
    why: Callable[[bytes | str, TranscriptConfig], str] | None = None  # why content was recognised as this format


def reason(fmt: TranscriptFormat, content: bytes | str, config: TranscriptConfig,
           extracted: Extracted | None = None) -> str:
    """Why a file was read as a format and what reading found, in a few words for reports."""
    parts = [fmt.why(content, config) if fmt.why else "", extracted.detail if extracted is not None else ""]
    return "; ".join(part for part in parts if part) or fmt.summary


def as_extracted(result: Extracted | tuple[str, tuple[str, ...]]) -> Extracted:
    """An extraction's result as an ``Extracted``, also from an extractor that returns ``(text, warnings)``."""
    return result if isinstance(result, Extracted) else Extracted(*result)


def _is_pdf(raw: bytes | str, config: TranscriptConfig) -> bool:
    return isinstance(raw, bytes) and raw[:1024].lstrip()[:5] == b"%PDF-"


def _pdf_text(raw: bytes | str, config: TranscriptConfig, name: str) -> Extracted:
    """A PDF's text: math rebuilt from its glyph layout when its fonts show math, else its text layer."""
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8")  # sniffed on bytes: always bytes here
    try:
        result = read_pdf(data, name, config.max_pages, config.max_pdf_seconds)
    except PdfTextError as exc:
        raise TranscriptError(str(exc)) from None
    return Extracted(result.text, result.warnings, not result.layout, _pdf_detail(result))


def _pdf_detail(result: PdfText) -> str:
    """What reading a PDF found: its pages, and the math rebuilt from its glyph layout or why it is linearised."""
    pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
    if not result.layout:
        return f"{pages}; read through its text layer (no math fonts, or none rebuilt): math linearised"
    detail = f"{pages}; math rebuilt from glyph layout on {result.formulas} formulas"
    if result.constructs:
        detail += f" ({result.constructs} fractions, roots, limits or boxes)"
    if result.raw:
        detail += f"; {result.raw} region{'s' if result.raw != 1 else ''} left as ⟦raw⟧ text"
    return detail


def _why_pdf(raw: bytes | str, config: TranscriptConfig) -> str:
    """What marks a PDF."""
    return "starts with %PDF-"


def _delimited_formulas(text: str) -> int:
    """How many formulas ``text`` writes between ``$..$``, ``$$..$$``, ``\\(..\\)`` or ``\\[..\\]``."""
    return len(DELIMITED_MATH.findall(text))


def _why_extracted(text: bytes | str, config: TranscriptConfig) -> str:
    """Which marks of text pulled out of a PDF the text has: page markers, or Unicode math outside delimiters.

    Speaker labels are no mark of a PDF: chat apps print them in Markdown and plain-text exports too.
    """
    if not isinstance(text, str):
        return ""
    delimited = _delimited_formulas(text)
    symbols = unicode_math_count(text)
    if delimited >= _DELIMITED_MIN and 4 * delimited >= symbols:
        return ""  # its formulas kept their LaTeX: read as Markdown whatever else it has
    marks = []
    if has_page_markers(text) or "\f" in text:
        marks.append("page markers")
    if symbols >= config.unicode_math_min and symbols > delimited:
        marks.append(f"{symbols} Unicode math symbols and {delimited} delimited formulas")
    return "has " + ", ".join(marks) if marks else ""


def _why_markdown(text: bytes | str, config: TranscriptConfig) -> str:
    """What a text read as Markdown has (it is the default)."""
    if isinstance(text, str) and _delimited_formulas(text):
        return f"text with {_delimited_formulas(text)} formulas in $..$ or \\(..\\) delimiters"
    return "text with no marks of a PDF export"


def _looks_extracted(text: bytes | str, config: TranscriptConfig) -> bool:
    """Page markers, or much Unicode math with few delimited formulas, mark text pulled out of a PDF."""
    return bool(_why_extracted(text, config))


def _any_text(text: bytes | str, config: TranscriptConfig) -> bool:
    return isinstance(text, str)


_FORMATS: tuple[TranscriptFormat, ...] = (
    TranscriptFormat("pdf", "a PDF export: math rebuilt from its glyph layout (TeX, KaTeX, MathJax fonts), "
                     "else read through its text layer", (".pdf",), True, _is_pdf, _pdf_text, linearised=True,
                     paged=True, label="PDF", signature="it does not start with %PDF", why=_why_pdf),
    TranscriptFormat("pdf-text", "text extracted from a PDF export (linearised math, page markers)", (), False,
                     _looks_extracted, linearised=True, paged=True, why=_why_extracted),
    TranscriptFormat("markdown", "a Markdown chat export ($..$ math, \\boxed{}, tables)", (".md", ".markdown"),
                     False, _any_text, why=_why_markdown),
)

TRANSCRIPT_FORMATS: dict[str, TranscriptFormat] = {f.name: f for f in _FORMATS}


def format_for_suffix(suffix: str) -> TranscriptFormat | None:
    """The format a file suffix names, if any (``.txt`` names none: its content decides)."""
    return next((f for f in TRANSCRIPT_FORMATS.values() if suffix.lower() in f.suffixes), None)


def sniff_binary(raw: bytes, config: TranscriptConfig) -> TranscriptFormat | None:
    """The binary format whose signature ``raw`` carries, if any."""
    return next((f for f in TRANSCRIPT_FORMATS.values() if f.binary and f.sniff(raw, config)), None)


def sniff_text(text: str, config: TranscriptConfig) -> TranscriptFormat:
    """The first text format that recognises ``text`` (the last one accepts any text)."""
    return next(f for f in TRANSCRIPT_FORMATS.values() if not f.binary and f.sniff(text, config))
