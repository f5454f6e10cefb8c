"""Grading conceptual answers (mode ``rubric``): which key points the text makes, misses, or contradicts.

A point is made when one of its patterns matches outside a negation ("not orthogonal" is not
"orthogonal"); a contradiction found the same way makes the answer incorrect.  Every point made and
none contradicted is correct; anything else is left to a person (``needs_review``), with the points
found and missing listed.  Patterns are regular expressions run on a plain-text rendering of the
answer (LaTeX markup and Markdown emphasis removed), case-insensitively.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping

import sympy as sp

from derive.bank.schema import Slot
from graders.modes.base import GradingMode, VerdictMaker
from graders.reading.notation import SUBSCRIPT_TEXT
from graders.verdict import Verdict

MAX_LENGTH = 20_000
SHOWN = 300  # characters of the answer quoted in interpreted_as

_MARKUP = [
    (re.compile(r"\\(?:mu|μ)\s*(?:\\text\s*\{\s*P\s*\}|\\mathrm\s*\{\s*P\s*\}|P)|[μµ]\s*P\b"), "muP"),
    (re.compile(r"\\(?:text|mathrm|mathbf|textbf|textit|emph|operatorname|boxed|mathit|bm)\s*"), ""),
    (re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])"), ""),
    (re.compile(r"\\(?:cdot|times|quad|qquad)(?![A-Za-z])|\\[,;:! ]"), " "),
    (re.compile(r"\\(?:lvert|rvert|vert)(?![A-Za-z])"), "|"),
    (re.compile(r"\\([A-Za-z]+)"), r"\1"),  # \sum -> sum, \Delta -> Delta, \ell -> ell
    (re.compile(r"[{}$`]|\*\*|(?<!\w)\*|\*(?!\w)"), ""),
    (re.compile(r"[₀-₉]+"), lambda m: "_" + m.group(0).translate(SUBSCRIPT_TEXT)),
    (re.compile(r"\s+"), " "),
]
_NEGATORS = re.compile(r"\b(?:not|no|never|neither|nor|without|cannot|hardly|rather than|instead of)\b|n't\b",
                       re.IGNORECASE)


def plain_text(answer: str) -> str:
    """The answer with LaTeX and Markdown markup removed, for pattern matching."""
    text = answer
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return text.strip()


def negated(text: str, start: int) -> bool:
    """Whether the words just before ``start`` (same clause, three words at most) negate what follows."""
    clause = re.split(r"[.;:!?,\n]", text[max(0, start - 60):start])[-1]
    words = re.findall(r"[\w']+", clause)[-3:]
    return bool(_NEGATORS.search(" ".join(words)))


def find(patterns: Iterable[str], text: str) -> re.Match | None:
    """The first match of any pattern that is not negated: not by the words before it, nor by a negation inside
    it, unless the pattern itself asks for one ("does not shift")."""
    for pattern in patterns:
        wants_negation = bool(_NEGATORS.search(pattern))
        for match in re.finditer(pattern, text, re.IGNORECASE):
            inside = not wants_negation and _NEGATORS.search(match.group(0))
            if not inside and not negated(text, match.start()):
                return match
    return None


def grade_rubric(slot: Slot, answer: str, declared: Mapping[str, sp.Symbol], verdict: VerdictMaker) -> Verdict:
    """Grade a conceptual answer by its key points."""
    if len(answer) > MAX_LENGTH:
        return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                       feedback=f"The answer is {len(answer)} characters long; the limit is {MAX_LENGTH}.")
    text = plain_text(answer)
    shown = text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"
    if not text:
        return verdict(status="unparseable", score=0.0, interpreted="", method="read", feedback="The answer is empty.")
    if not slot.key_points:
        return verdict(status="needs_review", score=0.0, interpreted=shown, method="rubric",
                       feedback="This slot declares no key points; a person should read it.")
    for point in slot.key_points:
        contradiction = find(point.contradictions, text)
        if contradiction is not None:
            return verdict(status="incorrect", score=0.0, interpreted=shown, method="rubric",
                           feedback=f"Contradicts the point \"{point.label}\": \"{_quote(text, contradiction)}\".")
    found = [point.label for point in slot.key_points if find(point.patterns, text) is not None]
    missing = [point.label for point in slot.key_points if point.label not in found]
    if not missing and keyword_list(text):
        return verdict(status="needs_review", score=0.0, interpreted=shown, method="rubric:keywords",
                       feedback="Every key point's words are there, but as a list of keywords, not sentences that "
                                "state them; a person should check the explanation.")
    if not missing:
        return verdict(status="correct", score=1.0, interpreted=shown, method="rubric",
                       feedback="Makes every key point: " + "; ".join(found) + ".")
    made = "; ".join(found) if found else "none"
    return verdict(status="needs_review", score=0.0, interpreted=shown, method="rubric",
                   feedback=f"Key points found: {made}. Missing: {'; '.join(missing)}. A person should check the "
                            f"explanation.")


# the words that hold a sentence together; prose has about two in five of them, a bag of keywords almost none
_FUNCTION_WORDS = frozenset("""a an the is are was were be been being it its this that these those of to in on at by
for with from as into onto and or but so because since if then than while which who whom whose what when where they
their them we our you your he she his her has have had do does did can could will would should may might must""".split())
_MIN_WORDS = 8
_MIN_FUNCTION_SHARE = 0.15


def keyword_list(text: str) -> bool:
    """Whether an explanation is keywords without sentences ("sign magnitude same every output cancels sum d_1"):
    of its words, too few are the small ones that make statements."""
    words = [word for word in re.findall(r"[A-Za-z']+", text.lower()) if len(word) > 1 or word == "a"]
    if len(words) < _MIN_WORDS:
        return False
    return sum(word in _FUNCTION_WORDS for word in words) / len(words) < _MIN_FUNCTION_SHARE


def _quote(text: str, match: re.Match) -> str:
    start, end = max(0, match.start() - 20), min(len(text), match.end() + 20)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


MODE = GradingMode("rubric", "conceptual text: key points found or missing; needs_review unless the evidence is "
                   "unambiguous", answer_kind="prose", grade=grade_rubric)
