"""What loading a transcript may take (sizes, pages, seconds, speaker vocabularies), and its one error."""
from __future__ import annotations

from dataclasses import dataclass


class TranscriptError(ValueError):
    """A transcript that cannot be loaded, in one sentence saying what to do."""


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
                                     "Llama", "Mistral", "DeepSeek", "Grok", "Qwen", "o1", "o3", "o4", "Response",
                                     "AI", "Bot")
    system_labels: tuple[str, ...] = ("System", "Instructions")
