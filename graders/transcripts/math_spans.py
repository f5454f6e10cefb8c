"""Formulas in a chat's text: the spans between ``$$..$$``, ``$..$``, ``\\[..\\]`` and ``\\(..\\)``.

One pattern for every stage that looks for them (format detection, answer units, part mentions), so they
agree on what is a formula.  ``\\$`` is a dollar sign in prose (a price, "5\\$").  A formula is at most
FORMULA_CHARS long (an inline one INLINE_CHARS): an unclosed opener then costs a bounded look-ahead, not a
scan to the end of the text, so a run of openers is read in linear time.
"""
from __future__ import annotations

import re

__all__ = ["FORMULA_CHARS", "INLINE_CHARS", "MATH", "formulas"]

FORMULA_CHARS = 4000
INLINE_CHARS = 1000
MATH = re.compile(rf"(?<!\\)\$\$(.{{1,{FORMULA_CHARS}}}?)(?<!\\)\$\$|(?<!\\)\$(.{{1,{INLINE_CHARS}}}?)(?<!\\)\$"
                  rf"|\\\[(.{{1,{FORMULA_CHARS}}}?)\\\]|\\\((.{{1,{INLINE_CHARS}}}?)\\\)", re.S)


def formulas(text: str) -> list[str]:
    """The math segments of ``text``, in order."""
    return [next(g for g in match.groups() if g is not None).strip() for match in MATH.finditer(text)]
