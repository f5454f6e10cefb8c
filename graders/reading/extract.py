"""Locate the final answer inside a whole response, as substrings, before any parsing.

Input is untrusted, so every scan is linear: one brace-matching pass, str.find with
memoised misses, and regexes whose quantifiers are bounded or cannot backtrack.
Every candidate satisfies ``original[c.start:c.end] == c.text``.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass
from operator import itemgetter

__all__ = ["Candidate", "ExtractConfig", "SOURCES", "extract_candidates", "final_answer",
           "strip_math_delimiters"]

SOURCES = ("boxed", "final-answer-phrase", "display-math", "inline-math", "whole")
WHOLE_MAX_CHARS = 200
# A rest-of-line answer longer than this is prose; the cap also keeps phrase scans linear.
_LINE_CAP = 500
_Region = tuple[int, int, int, bool]  # (outer_start, inner_start, inner_end, display)


@dataclass(frozen=True)
class Candidate:
    """One possible final answer: its text (delimiters removed), where it came from, its span."""

    text: str
    source: str
    start: int
    end: int


@dataclass(frozen=True)
class ExtractConfig:
    """Limits on the work done for one response."""

    max_length: int = 1_000_000  # longer input keeps only its tail, where answers live
    max_per_source: int = 20  # candidates kept per source, latest first


_ENV = r"(?:equation|align|alignat|gather|multline|flalign|eqnarray|displaymath)\*?"
# `\\` and `\$` are listed so they are consumed whole and never mistaken for delimiters.
_MATH_OPEN = re.compile(r"\\[\\$]|\$\$|\$|\\\(|\\\[|\\begin\{(" + _ENV + r")\}")
_CLOSERS = {"$$": ("$$", True), "$": ("$", False), "\\(": ("\\)", False), "\\[": ("\\]", True)}
_BOX = re.compile(r"\\(?:boxed|fbox)(?![A-Za-z])[ \t]{0,8}")
_BOX_TOKEN = re.compile(r"\\[A-Za-z]+|[^\s$\\{}]+")
_BRACE = re.compile(r"\\[\\{}]|[{}]")
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_SPACE = re.compile(r"\s*")
_HSPACE = re.compile(r"[ \t]*")
_PHRASE = re.compile(
    r"\b(?:(?P<is>(?:final[ \t]{1,4})?answer[ \t]{1,4}is)\b[ \t]{0,8}[:：]?"
    r"|(?P<head>final[ \t]{1,4}answers?)\b[ \t]{0,8}(?:\([^()\n]{0,40}\))?[ \t]{0,8}"
    r"\*{0,4}[ \t]{0,8}(?P<colon>[:：])?\*{0,4}"
    r"|answers?[ \t]{0,8}\*{0,4}[ \t]{0,8}[:：]\*{0,4})",
    re.IGNORECASE,
)
_HOPE = re.compile(r"I hope it is correct", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
# Markdown bold is peeled too: "The answer is **5**." should not hand `**` to the parser.
_WRAPS = (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$"), ("**", "**"))


def _escaped(text: str, i: int) -> bool:
    """Whether text[i] follows an odd run of backslashes."""
    n = 0
    while i - n > 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


class _Finder:
    """Finds unescaped delimiters; a miss is remembered so later openers cost O(1)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.miss: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        """Index of the next unescaped needle at or after start, or -1."""
        if self.miss.get(needle, len(self.text) + 1) <= start:
            return -1
        text, k = self.text, start
        # _escaped only runs when a backslash precedes the hit, keeping the common path in C.
        while (k := text.find(needle, k)) > 0 and text[k - 1] == "\\" and _escaped(text, k):
            k += 1
        if k < 0:
            self.miss[needle] = start
        return k


class _Braces:
    """Matching `}` for each `{`, computed once and only if someone asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pairs: dict[int, int] | None = None

    def close_of(self, i: int) -> int | None:
        """Index of the brace closing the one at i, if balanced."""
        if self.pairs is None:
            self.pairs, stack = {}, []
            for m in _BRACE.finditer(self.text):
                if m.group() == "{":
                    stack.append(m.start())
                elif m.group() == "}" and stack:
                    self.pairs[stack.pop()] = m.start()
        return self.pairs.get(i)


def _peel(text: str, lo: int, hi: int, braces: _Braces) -> tuple[int, int]:
    """Shrink [lo, hi) past whitespace and wrappers (math delimiters, \\boxed{}), one at a time."""
    while True:
        lo = _SPACE.match(text, lo, hi).end()
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        for op, cl in _WRAPS:
            n, c = len(op), len(cl)
            # A closer inside means "$a$ + $b$": two regions, not one wrapped one.
            if (hi - lo >= n + c and text.startswith(op, lo) and text.endswith(cl, lo, hi)
                    and not _escaped(text, hi - c) and text.find(cl, lo + n, hi - c) < 0):
                lo, hi = lo + n, hi - c
                break
        else:
            box = _BOX.match(text, lo, hi)
            if box and box.end() < hi and text[box.end()] == "{" \
                    and braces.close_of(box.end()) == hi - 1:
                lo, hi = box.end() + 1, hi - 1
                continue
            return lo, hi


def _math_regions(text: str) -> list[_Region]:
    """Top-level math regions, left to right."""
    finder, out, pos, search = _Finder(text), [], 0, _MATH_OPEN.search
    while m := search(text, pos):
        tok, j = m.group(), m.end()
        if tok == "\\\\" or tok == "\\$":
            pos = j
            continue
        closer, display = ("\\end{%s}" % m.group(1), True) if m.group(1) else _CLOSERS[tok]
        k = finder.find(closer, j)
        if k < 0:
            pos = j
        elif tok == "$" and text.find("\n", j, k) >= 0 and _BLANK_LINE.search(text, j, k):
            # An inline $ cannot cross a paragraph; the would-be closer may open the next one.
            pos = k
        else:
            out.append((m.start(), j, k, display))
            pos = k + len(closer)
    return out


def _boxed(text: str, braces: _Braces) -> list[tuple[int, int]]:
    """Contents of top-level \\boxed / \\fbox, left to right; unbalanced ones are dropped."""
    out: list[tuple[int, int]] = []
    outer_end = -1
    for m in _BOX.finditer(text):
        if m.start() < outer_end:
            continue  # nested in the previous box, whose content already covers it
        j = m.end()
        if text.startswith("{", j):
            close = braces.close_of(j)
            if close is not None:
                out.append((j + 1, close))
                outer_end = close + 1
        elif tok := _BOX_TOKEN.match(text, j):
            hi = tok.end()
            while hi > j + 1 and text[hi - 1] in ".,;:":
                hi -= 1
            out.append((j, hi))
            outer_end = tok.end()
    return out


def _phrases(text: str, regions: list[_Region], keep: int) -> list[tuple[int, int]]:
    """Answers after the last `keep` of "final answer is", "the answer is", "Answer:", ..."""
    out: list[tuple[int, int]] = []
    # Only the last few phrases are looked at: overlapping line scans would be O(n * cap).
    for m in deque(_PHRASE.finditer(text), maxlen=keep):
        a = m.end()
        p = _SPACE.match(text, a).end()
        i = bisect_left(regions, p, key=itemgetter(0))
        bare_heading = m.group("head") is not None and m.group("colon") is None
        # A bare "Final Answer" heading only counts when the formula starts on a later line,
        # so prose like "the final answer $x$ must be ..." is not taken.
        if i < len(regions) and regions[i][0] == p and (not bare_heading or "\n" in text[a:p]):
            out.append(regions[i][1:3])
            continue
        if bare_heading:
            continue
        lo = _HSPACE.match(text, a).end()
        cap = min(len(text), lo + _LINE_CAP)
        hi = text.find("\n", lo, cap)
        hi = cap if hi < 0 else hi
        if hope := _HOPE.search(text, lo, hi):
            hi = hope.start()
        if end := _SENTENCE_END.search(text, lo, hi):
            hi = end.start()
        out.append((lo, hi))
    return out


def _latest(regions: list[_Region], display: bool, keep: int) -> list[tuple[int, int]]:
    """Inner spans of the last `keep` regions of one kind, left to right."""
    out = []
    for _, lo, hi, disp in reversed(regions):
        if len(out) >= keep:
            break
        if disp == display:
            out.append((lo, hi))
    return out[::-1]


def extract_candidates(text: str, config: ExtractConfig = ExtractConfig()) -> list[Candidate]:
    """All answer candidates in text, best first; [] when there is no answer at all."""
    offset = max(0, len(text) - config.max_length)
    work = text[offset:] if offset else text
    keep = max(config.max_per_source, 0)
    braces = _Braces(work)
    regions = _math_regions(work)
    whole = not offset and not regions and 0 < len(work.strip()) <= WHOLE_MAX_CHARS
    groups = {
        "boxed": _boxed(work, braces),
        "final-answer-phrase": _phrases(work, regions, keep),
        "display-math": _latest(regions, True, keep),
        "inline-math": _latest(regions, False, keep),
        "whole": [(0, len(work))] if whole else [],
    }
    out: list[Candidate] = []
    seen: set[str] = set()
    for source, spans in groups.items():
        for lo, hi in reversed(spans[-keep:] if keep else []):
            lo, hi = _peel(work, lo, hi, braces)
            answer = work[lo:hi]
            if answer and answer not in seen:
                seen.add(answer)
                out.append(Candidate(answer, source, lo + offset, hi + offset))
    return out


def final_answer(text: str, config: ExtractConfig = ExtractConfig()) -> Candidate | None:
    """The best answer candidate in text, or None."""
    found = extract_candidates(text, config)
    return found[0] if found else None


def strip_math_delimiters(text: str) -> str:
    """Remove surrounding whitespace, $, $$, \\(\\), \\[\\], **, \\boxed{} wrappers, repeatedly."""
    lo, hi = _peel(text, 0, len(text), _Braces(text))
    return text[lo:hi]
