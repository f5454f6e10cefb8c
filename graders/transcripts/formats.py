"""The transcript formats a file may be in: how each is recognised and turned into text.

Binary formats are tried on the raw bytes first; then text formats in order, the last being the
default.  Adding a format is one module with its ``sniff`` and ``extract`` plus one line in
``_FORMATS``.

Examples:
    >>> list(TRANSCRIPT_FORMATS)
    ['pdf', 'pdf-text', 'markdown']
    >>> format_for_suffix(".md").name
    'markdown'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from graders.transcripts.config import TranscriptConfig, TranscriptError
from graders.transcripts.pdf import PdfTextError, extract_pdf_text, has_page_markers
from graders.transcripts.speakers import label_pattern
from graders.transcripts.unicode import unicode_math_count


@dataclass(frozen=True)
class TranscriptFormat:
    """One kind of transcript file."""

    name: str
    summary: str
    suffixes: tuple[str, ...]  # file suffixes that name this format
    binary: bool  # recognised on raw bytes (else on decoded text)
    sniff: Callable[[bytes | str, TranscriptConfig], bool]
    # the chat's text and warnings, from the raw bytes (binary) or the decoded text; None: the text as it is
    extract: Callable[[bytes | str, TranscriptConfig, str], tuple[str, tuple[str, ...]]] | None = None
    linearised: bool = False  # math lost its layout (PDF text): read warily, normalise page furniture
    label: str = ""  # how an error names a file of this format ("PDF")
    signature: str = ""  # for a binary format: why a file is not one ("it does not start with %PDF")


def _is_pdf(raw: bytes | str, config: TranscriptConfig) -> bool:
    return isinstance(raw, bytes) and raw[:1024].lstrip()[:5] == b"%PDF-"


def _pdf_text(raw: bytes | str, config: TranscriptConfig, name: str) -> tuple[str, tuple[str, ...]]:
    try:
        return extract_pdf_text(raw, name, config.max_pages, config.max_pdf_seconds)
    except PdfTextError as exc:
        raise TranscriptError(str(exc)) from None


def _looks_extracted(text: bytes | str, config: TranscriptConfig) -> bool:
    """Page markers, speaker labels or much Unicode math (with fewer ``$``) mark text pulled out of a PDF."""
    if not isinstance(text, str):
        return False
    if has_page_markers(text) or label_pattern(config).search(text):
        return True
    symbols = unicode_math_count(text)
    return symbols >= config.unicode_math_min and symbols > text.count("$")


def _any_text(text: bytes | str, config: TranscriptConfig) -> bool:
    return isinstance(text, str)


_FORMATS: tuple[TranscriptFormat, ...] = (
    TranscriptFormat("pdf", "a PDF export, read through its text layer", (".pdf",), True, _is_pdf, _pdf_text,
                     linearised=True, label="PDF", signature="it does not start with %PDF"),
    TranscriptFormat("pdf-text", "text extracted from a PDF export (linearised math, page markers)", (), False,
                     _looks_extracted, linearised=True),
    TranscriptFormat("markdown", "a Markdown chat export ($..$ math, \\boxed{}, tables)", (".md", ".markdown"),
                     False, _any_text),
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
