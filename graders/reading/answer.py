"""From raw answer text to a Reading: the final value, its named left side, a bound, a unit."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping

import sympy as sp

from graders.modes.equivalence import Decimals
from graders.reading.config import ReadConfig
from graders.reading.errors import ProseError, ReadError
from graders.reading.extract import strip_math_delimiters
from graders.reading.formulas import read_formula, read_formula_with, readers_for
from graders.reading.guard import guard_answer
from graders.reading.latex import looks_like_latex
from graders.reading.names import bind_symbols, protect_compound_names
from graders.reading.notation import IMPLIES, SUBSCRIPT_TEXT
from graders.reading.units import split_unit

__all__ = ["ReadConfig", "ReadError", "Reading", "read_answer", "read_formula"]


@dataclass(frozen=True)
class Reading:
    """What was read: ``lhs = value`` (lhs optional), or a bound ``lhs <= value``, with a unit."""

    value: sp.Basic
    lhs: sp.Basic | None = None
    relation: str | None = None  # "<=", "<", ">=", ">" for bounds; None for values and equations
    unit: str | None = None
    syntax: str = "latex"
    steps: tuple[sp.Basic, ...] = field(default=())  # earlier members of a chain a = b = c
    decimal_literals: tuple[tuple[float, int, float], ...] = ()  # (value, significant digits, half-ulp)

    @property
    def decimals(self) -> Decimals | None:
        """What the written decimals can claim, or None when none were written."""
        return Decimals(self.decimal_literals) if self.decimal_literals else None

    def latex(self) -> str:
        """The reading as LaTeX, for ``interpreted_as``."""
        value = sp.latex(self.value)
        if self.lhs is None and self.relation:
            value = {"<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}[self.relation] + " " + value
        if self.lhs is not None:
            operator = {"<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}.get(self.relation or "", "=")
            value = f"{sp.latex(self.lhs)} {operator} {value}"
        if self.unit:
            value += rf"\,\mathrm{{{self.unit}}}"
        return value


_APPROX = re.compile(r"\\(approx|simeq|sim)\b|≈|≃")
_RELATIONS = [(re.compile(r"\\(leq?|leqslant)\b|≤|<="), "<="), (re.compile(r"\\(geq?|geqslant)\b|≥|>="), ">="),
              (re.compile(r"\\lt\b|<"), "<"), (re.compile(r"\\gt\b|>"), ">")]
_FLIP = {"<=": ">=", ">=": "<=", "<": ">", ">": "<"}


def _split_top_level(text: str, pattern: re.Pattern) -> list[str]:
    """Split on ``pattern`` where it is outside every bracket."""
    parts, depth, start, position = [], 0, 0, 0
    while position < len(text):
        char = text[position]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif depth == 0:
            match = pattern.match(text, position)
            if match and match.end() > position:
                parts.append(text[start:position])
                start = position = match.end()
                continue
        position += 1
    parts.append(text[start:])
    return parts


# "c^2 d_1 = 1, so c = 1/\sqrt{d_1}": a statement, a conclusion word, then the answer
_CONCLUSION = re.compile(
    r"(?:\\q?quad\s*)*(?:\\text\s*\{\s*(?:and\s+)?(?:so|hence|thus|therefore)\s*,?\s*\}"
    r"|(?<![A-Za-z\\])(?:and\s+)?(?:so|hence|thus|therefore)(?![A-Za-z])|\\therefore(?![A-Za-z])|∴)"
    r"(?!\s*that\b)(?:\s*\\q?quad)*[\s,:]*", re.I)
_NAMED = re.compile(r"\s*\\?[A-Za-z]+(?:\s*_\s*(?:\{[^{}]*\}|\w))?(?:\s*\^\s*(?:\{\s*2\s*\}|2)|²)?\s*")
_DECIMAL = re.compile(r"\d*\.\d+|\d+\.(?!\d)")
_SUBSCRIPT_DIGITS = re.compile(r"([A-Za-z])([₀-₉]+)")
_BARE_PI = re.compile(r"(?<![\\A-Za-z])pi(?![A-Za-z])")
_TEXT_CONJUNCTION = re.compile(r"\s*(\\q?quad\s*)*\\text\{\s*(and|or|,)\s*\}(\s*\\q?quad)*\s*")
_LOGIC = re.compile(r"\b(and|or|not|nounand|nounor)\b|\\(wedge|vee|land|lor|lnot|neg)\b|∧|∨|¬")
_SEPARATORS = re.compile(r",|;|\\quad\b|\\qquad\b")
_EQUALS = re.compile(r"(?<![<>!=\\])=(?!=)")


def _conclusion(text: str) -> str:
    """After a statement (``... = ...``), a conclusion word and ``name = value``: the conclusion is the answer.
    Two statements joined by "so" whose second does not name a quantity are not read at all: either might be
    meant."""
    parts = _split_top_level(text, _CONCLUSION)
    before, after = " ".join(parts[:-1]), parts[-1].strip()
    if len(parts) < 2 or not after or len(_split_top_level(before, _EQUALS)) < 2:
        return text
    members = _split_top_level(after, _EQUALS)
    if len(members) >= 2 and _NAMED.fullmatch(members[0]):
        return after
    raise ReadError(f"two statements are joined by a conclusion word (\"{' '.join(text.split())[:80]}\"); "
                    "write the answer alone, as name = value")


def _half_ulp(literal: str) -> float:
    """Half a unit in the last place of a decimal literal, relative to its value: 0.363 -> 0.0005/0.363."""
    places = len(literal.split(".")[1]) if "." in literal else 0
    value = float(literal) if literal.strip(".") else 0.0
    return 0.5 * 10.0 ** (-places) / value if value else 1.0


def read_answer(raw: str, declared: Mapping[str, sp.Symbol] | None = None,
                config: ReadConfig = ReadConfig()) -> Reading:
    """Read one answer (LaTeX, plain text or Unicode) into a Reading; raise ReadError when impossible."""
    guard_answer(raw, config.max_length, config.max_depth)
    if declared and not config.names.issuperset(declared):
        config = replace(config, names=config.names | frozenset(declared))  # a declared name is never a word
    text = _SUBSCRIPT_DIGITS.sub(lambda m: m.group(1) + "_{" + m.group(2).translate(SUBSCRIPT_TEXT) + "}",
                                 strip_math_delimiters(raw))  # d₁ inside LaTeX is d_{1}
    if looks_like_latex(text):
        text = _BARE_PI.sub(r"\\pi ", text)  # \frac{2}{pi}: a bare pi in LaTeX is still pi
        text = protect_compound_names(text, declared or {})
    text = _split_top_level(text, IMPLIES)[-1].strip()
    text = _conclusion(text)
    text = _split_top_level(text, _APPROX)[0].strip()
    unit = None
    if config.units:
        text, unit = split_unit(text)
    text = _TEXT_CONJUNCTION.sub(", ", text)  # "(5, 8) \quad \text{and} \quad (8, 5)" lists two answers
    readers = readers_for(text)  # the whole answer says which notation to try first, for each of its parts
    assignments = [item for item in _split_top_level(text, _SEPARATORS) if item.strip()]
    if len(assignments) > 1 and sum(len(_split_top_level(item, _EQUALS)) == 2 for item in assignments) >= 2:
        # "x_1 = a, x_2 = b": a list of named values is the set of the values (roots come in any order).
        items = [read_answer(item, declared, config) for item in assignments]
        return Reading(value=sp.FiniteSet(*(item.value for item in items)), syntax=items[0].syntax,
                       decimal_literals=tuple(lit for item in items for lit in item.decimal_literals))
    if _LOGIC.search(text):
        # "x = 2 or x = -2", "x > 1 and x < 5": a condition; the grammar reads it whole.
        value, syntax = read_formula_with(text, config, readers)
        return Reading(value=bind_symbols(value, declared or {}), syntax=syntax)
    members = [m for m in _split_top_level(text, _EQUALS) if m.strip()]
    if not members:
        raise ReadError("the answer is empty")
    relation, lhs_text, value_text = None, None, members[-1]
    leading = next(((pattern, name) for pattern, name in _RELATIONS if pattern.match(value_text.strip())), None)
    if len(members) > 1:
        lhs_text = members[0]
    elif leading is not None:
        # "\le 50 ns": a bound whose left side is the quantity asked for
        pattern, relation = leading
        value_text = pattern.sub("", value_text.strip(), count=1)
    else:
        for pattern, name in _RELATIONS:
            sides = _split_top_level(value_text, pattern)
            if len(sides) == 2 and sides[0].strip() and sides[1].strip():
                left, right = sides
                relation, lhs_text, value_text = name, left, right
                break
    value, syntax = read_formula_with(value_text, config, readers)
    lhs = None
    if lhs_text is not None:
        try:
            lhs, _ = read_formula_with(lhs_text, config, readers)
        except ProseError:
            raise  # "divide by 8 = ..." is words: the answer is prose, whatever its right side
        except ReadError:
            lhs = sp.Symbol(lhs_text.strip())
    if relation and lhs is not None and lhs.is_number and not value.is_number:
        lhs, value, relation = value, lhs, _FLIP[relation]  # "50 >= t" is the bound t <= 50
    steps = []
    for member in members[1:-1]:
        try:
            steps.append(read_formula_with(member, config, readers)[0])
        except ReadError:
            pass
    declared = declared or {}
    literals = tuple((float(m) if m.strip(".") else 0.0, len(m.replace(".", "").lstrip("0")) or 1, _half_ulp(m))
                     for m in _DECIMAL.findall(value_text))
    bind = (lambda e: bind_symbols(e, declared)) if declared is not None else (lambda e: e)
    bind_left = (lambda e: bind_symbols(e, declared, products=False)) if declared is not None else (lambda e: e)
    return Reading(value=bind(value), lhs=None if lhs is None else bind_left(lhs), relation=relation, unit=unit,
                   syntax=syntax, steps=tuple(bind(s) for s in steps), decimal_literals=literals)
