"""Formulas in a chat's text: the spans between ``$$..$$``, ``$..$``, ``\\[..\\]`` and ``\\(..\\)``.

One scanner for every stage that looks for them (format detection, answer units, part mentions), so they
agree on what is a formula.  ``\\$`` is a dollar sign in prose (a price, "5\\$").  A formula is at most
FORMULA_CHARS long (an inline one INLINE_CHARS).

The spans are what the regular expression ``PATTERN`` finds, but found in one pass: every delimiter's
positions are listed once, an opener is tried only when a closer of its kind lies within its reach (a
bisection, not a scan), and the pattern then runs only up to that closer.  A run of a million unclosed
``\\[`` therefore costs a million bisections, not a look-ahead of FORMULA_CHARS from each of them.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Callable, Iterator

__all__ = ["FORMULA_CHARS", "INLINE_CHARS", "MATH", "formulas"]

FORMULA_CHARS = 4000
INLINE_CHARS = 1000
PATTERN = re.compile(rf"(?<!\\)\$\$(.{{1,{FORMULA_CHARS}}}?)(?<!\\)\$\$|(?<!\\)\$(.{{1,{INLINE_CHARS}}}?)(?<!\\)\$"
                     rf"|\\\[(.{{1,{FORMULA_CHARS}}}?)\\\]|\\\((.{{1,{INLINE_CHARS}}}?)\\\)", re.S)
_DOLLAR = re.compile(r"(?<!\\)\$")
_DOUBLE_DOLLAR = re.compile(r"(?<!\\)(?=\$\$)")

# the pattern's alternatives in its order: (opener, closer positions' key, opener length, closer length, reach)
_KINDS = (("$$", "$$", 2, 2, FORMULA_CHARS), ("$", "$", 1, 1, INLINE_CHARS),
          ("\\[", "\\]", 2, 2, FORMULA_CHARS), ("\\(", "\\)", 2, 2, INLINE_CHARS))


def _positions(text: str, token: str) -> list[int]:
    if token == "$":
        return [match.start() for match in _DOLLAR.finditer(text)]
    if token == "$$":
        return [match.start() for match in _DOUBLE_DOLLAR.finditer(text)]
    found, start = [], text.find(token)
    while start >= 0:
        found.append(start)
        start = text.find(token, start + 1)
    return found


def _scan(text: str) -> Iterator[re.Match]:
    """``PATTERN.finditer(text)``, with each opener tried only when a closer of its kind lies within its reach."""
    at = {token: _positions(text, token) for token in ("$$", "$", "\\[", "\\]", "\\(", "\\)")}
    unescaped = {"$$": set(at["$$"]), "$": set(at["$"])}
    position = 0
    for start in sorted(unescaped["$"] | set(at["\\["]) | set(at["\\("])):
        if start < position:
            continue
        end = _reach(text, at, unescaped, start)
        match = PATTERN.match(text, start, end) if end is not None else None
        if match is not None and match.end() > start:
            position = match.end()
            yield match


def _reach(text: str, at: dict[str, list[int]], unescaped: dict[str, set[int]], start: int) -> int | None:
    """Where the first alternative that can match at ``start`` ends (its lazy closer), or None."""
    for opener, closer, opened, closed, reach in _KINDS:
        if not text.startswith(opener, start) or (opener in unescaped and start not in unescaped[opener]):
            continue
        positions = at[closer]
        index = bisect.bisect_left(positions, start + opened + 1)
        if index < len(positions) and positions[index] - (start + opened) <= reach:
            return positions[index] + closed
    return None


@functools.lru_cache(maxsize=256)  # every stage looks at the same paragraphs and lines again: scan each once
def _spans(text: str) -> tuple[re.Match, ...]:
    return tuple(_scan(text))


class _Spans:
    """``PATTERN``'s ``finditer``, ``search``, ``findall``, ``split`` and ``sub``, from one scan of the text."""

    pattern = PATTERN

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The formula spans of ``text``, left to right, as ``PATTERN.finditer`` gives them."""
        return iter(_spans(text) if "$" in text or "\\" in text else ())

    def search(self, text: str) -> re.Match | None:
        return next(self.finditer(text), None)

    def findall(self, text: str) -> list[tuple[str, ...]]:
        return [tuple(group or "" for group in match.groups()) for match in self.finditer(text)]

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        """The text between formulas (without the formulas' groups, unlike ``re.split``)."""
        pieces, position = [], 0
        for count, match in enumerate(self.finditer(text), 1):
            pieces.append(text[position:match.start()])
            position = match.end()
            if maxsplit and count >= maxsplit:
                break
        return pieces + [text[position:]]

    def sub(self, replacement: str | Callable[[re.Match], str], text: str) -> str:
        pieces, position = [], 0
        for match in self.finditer(text):
            pieces += [text[position:match.start()],
                       replacement(match) if callable(replacement) else match.expand(replacement)]
            position = match.end()
        return "".join(pieces) + text[position:]


MATH = _Spans()


def formulas(text: str) -> list[str]:
    """The math segments of ``text``, in order."""
    return [next(g for g in match.groups() if g is not None).strip() for match in MATH.finditer(text)]
