"""One line, several answers: a unit that states several things is cut into claims, one per statement.

"$\\mathbb{E}[\\mathrm{RMS}^2(y)] = d_1$, linear in $d_1$, and $c = 1/\\sqrt{d_1}$" answers three slots; read
as one unit, every slot would be read from its last formula.  The line is cut between formulas, at
commas, semicolons, "and", "while", "whereas", "but" and sentence ends, and a piece that states
nothing on its own ("$d_2$" in "linear in $d_1$ and $d_2$") goes back to the piece before it.  Each
claim keeps its own formulas, so the left side of its equation names the quantity it gives.  The
whole line stays too, marked as split, for slots that read several statements together (claims,
rubrics).
"""
from __future__ import annotations

import re
from dataclasses import replace

from graders.transcripts.answer_units import GROWTH_WORDS, STATED_GROWTH, Unit, is_emphasised, label_of
from graders.transcripts.math_spans import MATH, formulas

_SEPARATOR = re.compile(r"\s{0,3}(?:;|,(?:\s{1,3}(?:and|but|while|whereas|so))?|\s(?:and|while|whereas|but)|"
                        r"\.(?=\s{1,3}[(A-Z]))\s{1,3}")
# a hypothetical aside ("(If you also counted the forward pass you'd get 30)") states no answer
_COUNTERFACTUAL = re.compile(r"^\W{0,3}(?:if|had|were)\b.{0,200}\b(?:would|you'?d|we'?d|could)\b", re.I | re.S)
_RELATION = re.compile(r"=|\\(?:le|ge|leq|geq|approx|propto|sim)\b|[≤≥≈∝]")
_PLAIN_EQUATION = re.compile(r"[\w)\]²√]\s{0,2}(?:=|≤|≥|≈)\s{0,2}[\w(√\-]")
_PREDICATE = re.compile(r"\b(is|are|equals?|be|by|gives?|becomes?)\b|:", re.I)
_LEADING_JOIN = re.compile(r"^(?:and|but|while|whereas|so)\b[\s,]*", re.I)


def _states(clause: str) -> bool:
    """Whether a piece of a line says something on its own: an equation, a growth rate, or "... is $x$"."""
    math = formulas(clause)
    if any(_RELATION.search(formula) for formula in math):
        return True
    if not math and _PLAIN_EQUATION.search(clause):
        return True  # math written without delimiters ("E[RMS(c y')] = c·E[S] = 1 ⇒ c = √(π/2)/d_1")
    if GROWTH_WORDS.search(MATH.sub(" ", clause)):
        return True
    return bool(math) and bool(_PREDICATE.search(MATH.sub(" ", clause)))


def _cut(text: str) -> list[str]:
    """The text cut at separators that lie outside its formulas."""
    pieces, start, outside = [], 0, 0
    for span in [*MATH.finditer(text), None]:
        end = span.start() if span else len(text)
        for separator in _SEPARATOR.finditer(text, outside, end):
            pieces.append(text[start:separator.start()])
            start = separator.end()
        outside = span.end() if span else len(text)
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def _growth_only(clause: str) -> bool:
    """A growth statement with no equation ("linear in $d_1$", "independent of $d_2$")."""
    return bool(STATED_GROWTH.search(MATH.sub(" ", clause))) and not any(
        _RELATION.search(formula) for formula in formulas(clause))


def clauses(text: str) -> list[str]:
    """The statements of ``text``: pieces that say something, with what states nothing joined to the one before,
    and one growth rate told in parts ("linear in $d_1$ and independent of $d_2$") kept whole."""
    merged: list[str] = []
    for piece in _cut(text):
        if merged and (not _states(piece) or (_growth_only(piece) and _growth_only(merged[-1]))):
            merged[-1] = f"{merged[-1]}, {piece.strip()}"
        elif merged and not _states(merged[-1]):
            merged[-1] = f"{merged[-1]}, {piece.strip()}"
        else:
            merged.append(piece.strip())
    return merged


def split_claims(found: list[Unit]) -> list[Unit]:
    """Every unit, with each line or row that states several things followed by one unit per statement."""
    result: list[Unit] = []
    for unit in found:
        pieces = clauses(unit.body) if unit.kind in ("line", "row") else []
        stating = [piece for piece in pieces if _states(piece)]
        if len(stating) < 2:
            result.append(replace(unit, position=len(result)))
            continue
        result.append(replace(unit, position=len(result), split=True))
        for index, piece in enumerate(pieces):
            piece = _LEADING_JOIN.sub("", piece)
            if _COUNTERFACTUAL.match(piece):
                continue
            label = unit.label if index == 0 else label_of(piece)
            result.append(Unit(piece, label, tuple(formulas(piece)), unit.final, is_emphasised(piece), len(result),
                               "claim", section=unit.section))
    return result
