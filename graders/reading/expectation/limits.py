"""The sampling reader's limits on answer text, and the check of text against them."""
from __future__ import annotations

from dataclasses import dataclass

from graders.reading.errors import ExpectationReadError
from graders.reading.guard import guard_answer

__all__ = ["ExpectationReadConfig", "check_text"]

@dataclass(frozen=True)
class ExpectationReadConfig:
    """Limits on the answer text and on how deeply it nests."""

    max_length: int = 20_000
    max_depth: int = 60


def check_text(text: str, config: ExpectationReadConfig) -> None:
    """Refuse over-long, too deeply nested or file/macro-touching input before reading it."""
    guard_answer(text, config.max_length, config.max_depth, ExpectationReadError)
