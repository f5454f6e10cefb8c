"""Part names: the problem set's own keys, recognised however a transcript spells them.

Part names are the problem set's own keys ("1b", "q10", "2(iii)", "3.1b"), recognised however a
transcript spells them: "1(b)", "Q1(b)", "Question 1 part b", "1) (a)", "Q 10", "Problem 2 (iii)",
"3.1(b)".  Each key is reduced to a canonical form (lowercase, no leading "question" or "q", no
brackets or separators) and a pattern accepting the usual spellings of that form is built from it.
A key that is a bare number ("10", from "q10") needs its label in the text: "10" alone is a number.
"""
from __future__ import annotations

import functools
import re
from typing import Collection

from graders.transcripts.math_spans import MATH

# Part names.  Spaces inside one are bounded ({0,3}): unbounded runs next to each other backtrack
# cubically on a line of blanks.
_LABEL = r"(?:question|problem|exercise|prob|part|ex|q)"
_KEY_LABEL = re.compile(rf"^{_LABEL}\s*\.?\s*(?=\d)")
_ATOM = re.compile(r"\d+(?:\.\d+)*|[a-z]+")
_BEFORE_NAME = r"(?<![A-Za-z0-9_.\\])"  # not inside a word, a number or a LaTeX command
_NAME_LABEL = rf"(?P<label>{_LABEL})\s{{0,3}}\.?\s{{0,3}}"
_PART_WORD = r",?\s{1,3}part\s{1,3}"
HEADING_LINE = re.compile(r"\s{0,3}(?:#{1,6}\s|\*\*)")
_QUESTION_ONLY = re.compile(r"(?<![A-Za-z0-9])(?:question|problem|exercise|q)\s{0,3}\.?\s{0,3}(\d+(?:\.\d+)*)"
                            r"(?![A-Za-z0-9]|\.\d)", re.I)
_SUB_PART = re.compile(r"(?:part\s{0,3})?\(?\s{0,3}([a-z]{1,5}|\d{1,3})\s{0,3}\)|part\s{1,3}([a-z]{1,5}|\d{1,3})\b",
                       re.I)


def canonical_part(name: str) -> str:
    """A part name reduced for comparison: ``Q1(b)``, ``1) (b)`` and ``1b`` give ``1b``; ``3.1(b)`` gives ``3.1b``."""
    text = _KEY_LABEL.sub("", name.strip().lower())
    text = re.sub(r"\bpart\b", "", text)
    text = re.sub(r"(?<=\d)\.(?=\d)", "\0", text)  # the dot of 3.1 belongs to the number
    return re.sub(r"[^a-z0-9\0]", "", text).replace("\0", ".")


def _name_pattern(atoms: list[str]) -> str:
    """A regular expression for one part name, spelt with any of the usual brackets and separators."""
    if len(atoms) == 1:
        pattern = _BEFORE_NAME + _NAME_LABEL  # a bare "10" is a number, not a part; "Q10" is a part
    else:
        pattern = _BEFORE_NAME + f"(?:{_NAME_LABEL})?"
    pattern += re.escape(atoms[0])
    for position, atom in enumerate(atoms[1:], 2):
        name = re.escape(atom)
        plain = name + (r"(?![A-Za-z0-9_])" if position == len(atoms) else "")
        pattern += (rf"(?:\s{{0,3}}(?:\)\s{{0,3}})?\(\s{{0,3}}{name}\s{{0,3}}\)"  # 1(b), 1 (b), 1) (b)
                    rf"|{_PART_WORD}(?:\(\s{{0,3}}{name}\s{{0,3}}\)|{plain})"  # 1 part b, 4, part (c)
                    rf"|\s{{0,3}}\.\s{{0,3}}{plain}"  # 4.c
                    rf"|{plain})")  # 1b, 3.1b
    if len(atoms) == 1:
        pattern += r"(?![A-Za-z0-9_]|\.\d)"
    return pattern


@functools.lru_cache(maxsize=32)
def _part_names(known: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern], ...]:
    """Each known key, its canonical form and the pattern of its mentions; of two keys with one form, the first."""
    found, seen = [], set()
    for key in known:
        canonical = canonical_part(key)
        if canonical and canonical not in seen:
            seen.add(canonical)
            found.append((key, canonical, re.compile(_name_pattern(_ATOM.findall(canonical)), re.I)))
    return tuple(found)


def _names(known: Collection[str]) -> tuple[tuple[str, str, re.Pattern], ...]:
    # a set of keys has no order of its own; a sorted one keeps the cache small and the result stable
    return _part_names(tuple(known) if isinstance(known, (list, tuple)) else tuple(sorted(known)))


def _mentions(text: str, known: Collection[str]) -> list[tuple[bool, int, int, str]]:
    """Every mention of a known part: (not called a question, start, minus its length, key)."""
    found = []
    for key, _, pattern in _names(known):
        for match in pattern.finditer(text):
            found.append((match.group("label") is None, match.start(), match.start() - match.end(), key))
    return found


def mentioned_part(text: str, known: Collection[str]) -> str | None:
    """The known part named in ``text``; one called "Question 4(c)" beats a bare "4(b)" mentioned in passing."""
    found = _mentions(text, known)
    return min(found)[3] if found else None


def mentioned_parts(text: str, known: Collection[str]) -> list[str]:
    """Every known part named anywhere in ``text``, in the order of their first mention."""
    first: dict[str, None] = {}
    for _, _, _, key in sorted(_mentions(text, known), key=lambda mention: mention[1]):
        first.setdefault(key)
    return list(first)


def _first_word(line: str) -> int:
    start = 0
    while start < min(len(line), 40) and not line[start].isalnum():
        start += 1
    return start


def is_part_heading(line: str, known: Collection[str]) -> bool:
    """A line that starts by naming a part, after any heading marks, bullets or emoji ("### ✓ Question 4(a)")."""
    start = _first_word(line)
    return any(pattern.match(line, start) for _, _, pattern in _names(known))


def question_named(text: str) -> str | None:
    """The question named without a sub-part ("## Problem 2"), as the start of a canonical part name."""
    match = _QUESTION_ONLY.search(text)
    return match.group(1) if match else None


def sub_part_heading(line: str, question: str | None, known: Collection[str]) -> str | None:
    """The known part meant by a heading that names only a sub-part ("### (c)", "**Part c**") of ``question``."""
    if question is None or not HEADING_LINE.match(line):
        return None
    start = _first_word(line)
    if start and line[start - 1] == "(":
        start -= 1
    match = _SUB_PART.match(line, start)
    if match is None:
        return None
    wanted = question + (match.group(1) or match.group(2)).lower()
    return next((key for key, canonical, _ in _names(known) if canonical == wanted), None)


_SUB_PART_REFERENCE = re.compile(r"\bparts?\s{0,3}\(\s{0,3}([a-h])\s{0,3}\)|\(([a-h])\)'s\b", re.I)


def refers_elsewhere(text: str, part: str, known: Collection[str]) -> bool:
    """Whether ``text`` speaks of another part ("which gives back the 4a expression", "part (c)'s version"):
    then it recalls that part's answer and does not answer ``part``."""
    text = MATH.sub(" ", text)  # "5c" inside a formula ("\\catcode`\\^^5c") names no part
    if any(other != part for other in mentioned_parts(text, known)):
        return True
    question = re.sub(r"[a-z]+$", "", canonical_part(part))
    for match in _SUB_PART_REFERENCE.finditer(text):
        letter = (match.group(1) or match.group(2)).lower()
        if canonical_part(part) != question + letter:
            return True
    return False
