"""Load a chat transcript (Markdown, text extracted from a PDF export, or a PDF file) as one normalised text.

The result keeps the transcript's lines; a later stage segments it into turns, parts and
attempts. Speaker labels ("Me:", "ChatGPT:", ...) are reported when the source has them. Which
formats exist, and how each is recognised, is the table in ``graders/transcripts/formats.py``.
"""
from __future__ import annotations

import os
import pathlib
import re
from dataclasses import dataclass

from derive.user_files import UserFileError, megabytes, read_user_file

from graders.transcripts.config import TranscriptConfig, TranscriptError
from graders.transcripts.formats import TRANSCRIPT_FORMATS, TranscriptFormat, as_extracted, format_for_suffix, \
    reason, sniff_binary, sniff_text
from graders.transcripts.pdf import strip_page_furniture
from graders.transcripts.speakers import Turn, labelled_turns
from graders.transcripts.unicode import map_unicode_math

__all__ = ["TRANSCRIPT_SOURCES", "TranscriptConfig", "TranscriptError", "TranscriptText", "Turn", "load_transcript",
           "read_transcript_text"]

TRANSCRIPT_SOURCES = tuple(TRANSCRIPT_FORMATS)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_BINARY_SHARE = 0.05  # decoded text with more control characters than this is not a transcript


@dataclass(frozen=True)
class TranscriptText:
    """A transcript's normalised text, where it came from, its labelled turns and what went amiss."""

    source: str  # a name in TRANSCRIPT_FORMATS
    text: str
    labelled_turns: tuple[Turn, ...]
    warnings: tuple[str, ...]
    linearised: bool = False  # the math lost its layout (text from a PDF): formulas are read warily
    reason: str = ""  # why this format was chosen, from the content

    @property
    def detected(self) -> str:
        """The format and why, as a report says it."""
        return f"{self.source}: {self.reason}" if self.reason else self.source


def load_transcript(path: str | os.PathLike, config: TranscriptConfig = TranscriptConfig()) -> TranscriptText:
    """Read a transcript file (.md, .markdown, .txt or .pdf; the content decides) and normalise it."""
    file = pathlib.Path(path)
    if file.is_dir():
        raise TranscriptError(f"{file} is a folder, not a transcript file: give the path of the file itself.")
    if not file.exists():
        raise TranscriptError(f"there is no transcript file at {file}: check the path.")
    try:  # a regular file only, its size counted on what was read: /dev/zero reports 0 bytes and never ends
        raw = read_user_file(str(file), config.max_bytes, "transcript")
    except UserFileError as exc:
        raise TranscriptError(str(exc)) from None
    hinted = format_for_suffix(file.suffix)  # only a binary format's suffix matters: text is told by its content
    return _read(raw, hinted.name if hinted and hinted.binary else None, config, file.name)


def read_transcript_text(raw: bytes | str, source_hint: str | None = None,
                         config: TranscriptConfig = TranscriptConfig(), name: str = "the transcript") -> TranscriptText:
    """Normalise a transcript given as bytes or text (a pasted chat, standard input); source_hint is one of
    TRANSCRIPT_SOURCES or None to detect it from the content."""
    if source_hint is not None and source_hint not in TRANSCRIPT_SOURCES:
        raise ValueError(f"source_hint must be one of {TRANSCRIPT_SOURCES} or None, not {source_hint!r}")
    return _read(raw, source_hint, config, name)


def _read(raw: bytes | str, hint: str | None, config: TranscriptConfig, name: str) -> TranscriptText:
    """Check the size, recognise the format, and normalise."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > config.max_bytes:
        raise TranscriptError(f"{name} is {megabytes(size)}, over the {megabytes(config.max_bytes)} limit: "
                              "split the transcript or raise max_bytes.")
    if size == 0:
        raise TranscriptError(f"{name} is empty: give a file with the chat's text.")
    binary = sniff_binary(raw, config) if isinstance(raw, bytes) else None
    if binary is not None and binary.extract is not None:
        extracted = as_extracted(binary.extract(raw, config, name))
        return _finish(_clean(extracted.text), binary, config, name, extracted.warnings, extracted.linearised,
                       reason(binary, raw, config, extracted))
    hinted = TRANSCRIPT_FORMATS[hint] if hint else None
    if hinted is not None and hinted.binary:
        raise TranscriptError(f"{name} is not a {hinted.label} ({hinted.signature}): "
                              f"give the exported {hinted.label} itself, or its text as .txt.")
    text = _decode(raw, name) if isinstance(raw, bytes) else raw
    controls = len(_CONTROL.findall(text))
    if controls > 8 and controls > _BINARY_SHARE * len(text):
        raise TranscriptError(f"{name} looks like binary data, not text: give the chat as Markdown, text or PDF.")
    text = _clean(text)
    chosen = hinted or sniff_text(text, config)
    why = f"given as {hinted.name}" if hinted else reason(chosen, text, config)
    if chosen.extract is not None:  # a structured export (not plain chat text) says how to get the chat out
        extracted = as_extracted(chosen.extract(text, config, name))
        return _finish(_clean(extracted.text), chosen, config, name, extracted.warnings, extracted.linearised,
                       reason(chosen, text, config, extracted))
    return _finish(text, chosen, config, name, (), None, why)


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TranscriptError(f"{name} is UTF-16 text: save it as UTF-8 and retry.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError(f"{name} is neither UTF-8 text nor a PDF: save the chat as UTF-8 Markdown "
                              "or text, or export it as PDF.") from None


def _clean(text: str) -> str:
    """No byte-order mark, LF line ends, no control characters but tab, newline and form feed."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text.removeprefix("\ufeff")))


def _finish(text: str, source: TranscriptFormat, config: TranscriptConfig, name: str, warnings: tuple[str, ...],
            linearised: bool | None, why: str) -> TranscriptText:
    """Drop page furniture from a PDF's text, map Unicode math where the math is linearised, find the labelled
    turns.  ``linearised`` is what the extraction found (None: as the format says)."""
    linearised = source.linearised if linearised is None else linearised
    if source.paged:
        text, removed = strip_page_furniture(text, config.header_min_pages, config.header_share)
        warnings += removed
    if linearised:
        text = map_unicode_math(text)
    text = text.replace("\f", "")
    if not text.strip():
        raise TranscriptError(f"{name} has no text: give a file with the chat's text.")
    return TranscriptText(source.name, text, labelled_turns(text, config), warnings, linearised, why)
