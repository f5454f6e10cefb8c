"""The errors of every reader: one root, ``ReadError``, and one subclass for each way a reader fails."""
from __future__ import annotations

__all__ = ["ClaimsReadError", "LatexError", "ProseError", "ReadError", "ExpectationReadError", "TextParseError",
           "TextTooLargeError", "TooLargeError", "UndefinedValueError"]


class ReadError(ValueError):
    """The answer could not be read; ``too_large`` marks answers refused for their size."""

    def __init__(self, message: str, too_large: bool = False):
        super().__init__(message)
        self.too_large = too_large


class TooLargeError(ReadError):
    """The answer, its nesting, or a number in it is beyond the configured limits."""

    def __init__(self, message: str):
        super().__init__(message, too_large=True)


class UndefinedValueError(ReadError):
    """The answer reads as an undefined value (a division by zero, 0/0, 0 times infinity): it equals nothing,
    itself included, so it is never compared."""


class ProseError(ReadError):
    """The answer spells ordinary words, which no formula does; ``words`` are the ones found."""

    def __init__(self, message: str, words: tuple[str, ...] = ()):
        super().__init__(message)
        self.words = words


class LatexError(ReadError):
    """The LaTeX could not be read; the message says why in one sentence."""


class TextParseError(ReadError):
    """A plain-text, Unicode or Maxima answer is not in the grammar; the message names the column."""


class TextTooLargeError(TextParseError, TooLargeError):
    """A plain-text answer is beyond the limits: callers of the text reader catch it as either."""


class ExpectationReadError(ReadError):
    """An answer about expectations under sampling laws could not be read; the message says why."""


class ClaimsReadError(ReadError):
    """Claims about norms could not be read; ``too_large`` marks answers refused for their size."""
