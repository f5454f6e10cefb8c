"""SymPy's own LaTeX parsing tests, kept as data (benchmarks/suites/sympy_latex.jsonl), read by our reader.

Every row must read as SymPy's test expects (symbol names compared without braces and backslashes:
``x_{0}`` and ``x_0`` name one variable), or be listed below with the reason we read it otherwise;
every string SymPy refuses must be refused too, with the same kind of listing.
"""
from __future__ import annotations

import json
import pathlib

import pytest
import sympy as sp

from graders.reading.answer import read_answer
from graders.reading.errors import ReadError
from latex_suites import plain_names, read_as_one_object

SUITE = pathlib.Path(__file__).resolve().parents[3] / "benchmarks" / "suites" / "sympy_latex.jsonl"
ROWS = [json.loads(line) for line in SUITE.read_text().splitlines()]

# Where we read differently on purpose (docs/modes.md and benchmarks/README.md list these).
POLICY = {
    "sympy-latex-good-041": r"\theta(x) is the growth class Theta, as in order answers",
    "sympy-latex-good-046": r"\pi is the constant; SymPy's test takes a symbol named pi",
    "sympy-latex-good-080": "x!!! is read as (x!!)!, a double factorial first; SymPy's test reads three factorials",
    "sympy-latex-good-107": r"an unsubscripted \log is natural; SymPy's test takes base 10",
    "sympy-latex-good-108": r"an unsubscripted \log is natural; SymPy's test takes base 10",
    "sympy-latex-good-113": "[x] is a list of one item; SymPy's test takes brackets as grouping",
    "sympy-latex-good-114": "[a + b] is a list of one item; SymPy's test takes brackets as grouping",
    "sympy-latex-bad-008": r"\mathit{x + y} is read as x + y: a font command around a formula is the formula",
    "sympy-latex-bad-009": r"\mathit{21} is read as 21",
}


def _same(value: sp.Basic, expected: sp.Basic) -> bool:
    value, expected = plain_names(value), plain_names(expected)
    if value == expected:
        return True
    if isinstance(value, sp.core.relational.Relational) or isinstance(expected, sp.core.relational.Relational):
        return type(value) is type(expected) and all(_same(a, b) for a, b in zip(value.args, expected.args))
    try:
        return sp.simplify(sp.sympify(value).doit() - expected.doit()) == 0
    except (TypeError, ValueError, AttributeError):
        return False


@pytest.mark.parametrize("row", [row for row in ROWS if row["parses"]], ids=lambda row: row["id"])
def test_sympys_parseable_latex_reads_as_it_expects(row):
    expected = sp.sympify(row["expected_srepr"])  # our own data file, written from SymPy's test module
    try:
        same = _same(read_as_one_object(row["latex"]), expected)
    except ReadError as error:
        same = False
        assert row["id"] not in POLICY, f"listed as read differently, but not read at all: {error}"
    assert same or row["id"] in POLICY, (row["latex"], row["expected_srepr"])
    assert not (same and row["id"] in POLICY), "now read as SymPy expects: drop it from POLICY"


@pytest.mark.parametrize("row", [row for row in ROWS if not row["parses"]], ids=lambda row: row["id"])
def test_latex_sympy_refuses_is_refused(row):
    try:
        read_answer(row["latex"])
        refused = False
    except ReadError:
        refused = True
    assert refused or row["id"] in POLICY, row["latex"]
    assert not (refused and row["id"] in POLICY), "now refused: drop it from POLICY"
