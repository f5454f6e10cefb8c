"""Load a chat transcript (Markdown, text extracted from a PDF export, or a PDF file) as one normalised text.

The result keeps the transcript's lines; a later stage segments it into turns, parts and
attempts. Speaker labels ("Me:", "ChatGPT:", ...) are reported when the source has them.
"""
from __future__ import annotations

import functools
import os
import pathlib
import re
from dataclasses import dataclass

from graders.transcripts.pdf import PdfTextError, extract_pdf_text, has_page_markers, strip_page_furniture
from graders.transcripts.unicode import map_unicode_math, unicode_math_count

__all__ = ["SOURCES", "TranscriptConfig", "TranscriptError", "TranscriptText", "Turn", "load_transcript",
           "read_transcript_text"]

SOURCES = ("markdown", "pdf-text", "pdf")
_SUFFIX_HINTS = {".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")
_BINARY_SHARE = 0.05  # decoded text with more control characters than this is not a transcript
_MODEL_SUFFIX = r"(?:[- ]?\d[\w.]*|[- ](?i:mini|nano|pro|flash|turbo|sonnet|opus|haiku|preview|ultra|plus))*"


class TranscriptError(ValueError):
    """A transcript that cannot be loaded, in one sentence saying what to do."""


@dataclass(frozen=True)
class Turn:
    """One labelled turn: who spoke ("user", "model", or None before the first label) and what."""

    speaker: str | None
    text: str


@dataclass(frozen=True)
class TranscriptText:
    """A transcript's normalised text, where it came from, its labelled turns and what went amiss."""

    source: str
    text: str
    labelled_turns: tuple[Turn, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class TranscriptConfig:
    """Limits and vocabularies used while loading a transcript."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 2000  # later pages of a PDF are not read (a warning says so)
    header_min_pages: int = 3  # running headers and footers are looked for from this many pages on
    header_share: float = 0.6  # ... and must repeat on at least this share of the pages
    unicode_math_min: int = 5  # a .txt with this many Unicode math symbols (and fewer "$") is PDF text
    max_pdf_seconds: float = 30.0  # reading a PDF's text layer stops after this long (a warning says so)
    user_labels: tuple[str, ...] = ("Me", "You", "User", "Human", "Student", "Prompt")
    model_labels: tuple[str, ...] = ("ChatGPT", "Assistant", "GPT", "Claude", "Gemini", "Bard", "Copilot",
                                     "Llama", "Mistral", "DeepSeek", "Grok", "Qwen", "o1", "o3", "o4", "Response")


def load_transcript(path: str | os.PathLike, config: TranscriptConfig = TranscriptConfig()) -> TranscriptText:
    """Read a transcript file (.md, .markdown, .txt or .pdf; the content decides) and normalise it."""
    file = pathlib.Path(path)
    if file.is_dir():
        raise TranscriptError(f"{file} is a folder, not a transcript file: give the path of the file itself.")
    try:
        size = file.stat().st_size
        if size > config.max_bytes:
            raise TranscriptError(f"{file.name} is {_megabytes(size)}, over the {_megabytes(config.max_bytes)} "
                                  "limit: split the transcript or raise max_bytes.")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(f"there is no transcript file at {file}: check the path.") from None
    except OSError as exc:
        raise TranscriptError(f"{file} could not be read ({exc.strerror or exc}): check its permissions.") from None
    return _read(raw, _SUFFIX_HINTS.get(file.suffix.lower()), config, file.name)


def read_transcript_text(raw: bytes | str, source_hint: str | None = None,
                         config: TranscriptConfig = TranscriptConfig()) -> TranscriptText:
    """Normalise a transcript given as bytes or text; source_hint is one of SOURCES or None to detect it."""
    if source_hint is not None and source_hint not in SOURCES:
        raise ValueError(f"source_hint must be one of {SOURCES} or None, not {source_hint!r}")
    return _read(raw, source_hint, config, "the transcript")


def _read(raw: bytes | str, hint: str | None, config: TranscriptConfig, name: str) -> TranscriptText:
    """Check the size, tell PDF from text, and normalise."""
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "surrogatepass"))
    if size > config.max_bytes:
        raise TranscriptError(f"{name} is {_megabytes(size)}, over the {_megabytes(config.max_bytes)} limit: "
                              "split the transcript or raise max_bytes.")
    if size == 0:
        raise TranscriptError(f"{name} is empty: give a file with the chat's text.")
    if isinstance(raw, bytes) and raw[:1024].lstrip()[:5] == b"%PDF-":
        return _from_pdf(raw, config, name)
    if hint == "pdf":
        raise TranscriptError(f"{name} is not a PDF (it does not start with %PDF): "
                              "give the exported PDF itself, or its text as .txt.")
    text = _decode(raw, name) if isinstance(raw, bytes) else raw
    return _from_text(text, hint, config, name)


def _from_pdf(raw: bytes, config: TranscriptConfig, name: str) -> TranscriptText:
    """Extract a PDF's text layer page by page and normalise it as PDF text."""
    try:
        text, warnings = extract_pdf_text(raw, name, config.max_pages, config.max_pdf_seconds)
    except PdfTextError as exc:
        raise TranscriptError(str(exc)) from None
    return _finish(_clean(text), "pdf", config, name, warnings)


def _from_text(text: str, hint: str | None, config: TranscriptConfig, name: str) -> TranscriptText:
    """Normalise decoded text, detecting Markdown or PDF text when no hint says which."""
    controls = len(_CONTROL.findall(text))
    if controls > 8 and controls > _BINARY_SHARE * len(text):
        raise TranscriptError(f"{name} looks like binary data, not text: give the chat as Markdown, text or PDF.")
    text = _clean(text)
    return _finish(text, hint or _detect(text, config), config, name, ())


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 text, with or without a byte-order mark."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TranscriptError(f"{name} is UTF-16 text: save it as UTF-8 and retry.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TranscriptError(f"{name} is neither UTF-8 text nor a PDF: save the chat as UTF-8 Markdown "
                              "or text, or export it as PDF.") from None


def _detect(text: str, config: TranscriptConfig) -> str:
    """PDF text when the text has page markers, speaker labels or much Unicode math; else Markdown."""
    if has_page_markers(text) or _label_pattern(config).search(text):
        return "pdf-text"
    symbols = unicode_math_count(text)
    return "pdf-text" if symbols >= config.unicode_math_min and symbols > text.count("$") else "markdown"


def _clean(text: str) -> str:
    """No byte-order mark, LF line ends, no control characters but tab, newline and form feed."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text.removeprefix("\ufeff")))


def _finish(text: str, source: str, config: TranscriptConfig, name: str,
            warnings: tuple[str, ...]) -> TranscriptText:
    """For PDF text drop page furniture and map Unicode math; then find the labelled turns."""
    if source != "markdown":
        text, removed = strip_page_furniture(text, config.header_min_pages, config.header_share)
        warnings += removed
        text = map_unicode_math(text)
    text = text.replace("\f", "")
    if not text.strip():
        raise TranscriptError(f"{name} has no text: give a file with the chat's text.")
    return TranscriptText(source, text, _labelled_turns(text, config), warnings)


@functools.lru_cache(maxsize=8)
def _label_pattern(config: TranscriptConfig) -> re.Pattern[str]:
    """Speaker labels at line start: "Me:", "**ChatGPT:**", "## User:", "You said:", "GPT-4o:"."""
    user = "|".join(map(re.escape, _with_upper(config.user_labels)))
    model = "|".join(map(re.escape, _with_upper(config.model_labels)))
    emphasis = r"(?:\*\*|__)?"
    return re.compile(
        rf"^[ \t]*(?:\#{{1,6}}[ \t]+)?{emphasis}(?:(?P<user>{user})|(?P<model>(?:{model}){_MODEL_SUFFIX}))"
        rf"(?:[ \t]+said)?{emphasis}[ \t]*:{emphasis}[ \t]*",
        re.M,
    )


def _with_upper(labels: tuple[str, ...]) -> list[str]:
    """Labels as given and in capitals, longest first so that a longer label wins over its prefix."""
    return sorted(set(labels) | {label.upper() for label in labels}, key=len, reverse=True)


def _labelled_turns(text: str, config: TranscriptConfig) -> tuple[Turn, ...]:
    """The text cut at speaker labels; text before the first label is a turn with no speaker."""
    matches = list(_label_pattern(config).finditer(text))
    if not matches:
        return ()
    preamble = text[:matches[0].start()].strip()
    turns = [Turn(None, preamble)] if preamble else []
    for match, end in zip(matches, [m.start() for m in matches[1:]] + [len(text)]):
        speaker = "user" if match.group("user") else "model"
        turns.append(Turn(speaker, text[match.end():end].strip()))
    return tuple(turns)


def _megabytes(size: int) -> str:
    """A byte count in MB, as a person would say it."""
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
