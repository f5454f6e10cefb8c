"""The sampling reader's error, its limits on answer text, and the check of text against them."""
from __future__ import annotations

from dataclasses import dataclass

from .latex import LatexConfig, LatexError, check_latex
from .reading import ReadError


class SamplingReadError(ReadError):
    """An expectation answer could not be read; the message says why in one sentence."""


@dataclass(frozen=True)
class SamplingReadConfig:
    """Limits on the answer text and on how deeply it nests."""

    max_length: int = 20_000
    max_depth: int = 60


def check_text(text: str, config: SamplingReadConfig) -> None:
    """Refuse over-long, too deeply nested or file/macro-touching input before reading it."""
    if len(text) > config.max_length:
        raise SamplingReadError(f"the answer is {len(text)} characters long; the limit is {config.max_length}",
                                too_large=True)
    try:
        check_latex(text, LatexConfig(max_length=config.max_length, max_depth=config.max_depth))
    except LatexError as error:
        raise SamplingReadError(str(error)) from error
    except ValueError as error:  # the size guard's TooLargeError
        raise SamplingReadError(str(error), too_large=True) from error
