"""The sampling reader's error, its limits on answer text, and the check of text against them."""
from __future__ import annotations

from dataclasses import dataclass

from graders.reading.answer import ReadError, guard_answer


class SamplingReadError(ReadError):
    """An expectation answer could not be read; the message says why in one sentence."""


@dataclass(frozen=True)
class SamplingReadConfig:
    """Limits on the answer text and on how deeply it nests."""

    max_length: int = 20_000
    max_depth: int = 60


def check_text(text: str, config: SamplingReadConfig) -> None:
    """Refuse over-long, too deeply nested or file/macro-touching input before reading it."""
    guard_answer(text, config.max_length, config.max_depth, SamplingReadError)
