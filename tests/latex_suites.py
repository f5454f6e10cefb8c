"""Shared by the LaTeX suite tests and benchmarks/parse_bench.py: our reading as one object, names compared
plainly, and the outcome of a parse after the reader's own checks."""
from __future__ import annotations

import re

import sympy as sp
from latex2sympy2_extended.latex2sympy2 import _Latex2Sympy
from latex2sympy2_extended.math_normalization import normalize_latex as grammar_normalize

from graders.reading import latex
from graders.reading.answer import read_answer

_RELATIONS = {None: sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge}


def plain_names(expr: sp.Basic) -> sp.Basic:
    """The expression with every symbol and undefined function renamed without braces, backslashes, case:
    ``x_{0}`` and ``x_0`` name one variable."""
    def plain(name: str) -> str:
        return re.sub(r"[{}\\ ]", "", name).lower()

    symbols = {s: sp.Symbol(plain(s.name)) for s in expr.atoms(sp.Symbol)}
    functions = {f: sp.Function(plain(f.func.__name__))(*f.args) for f in expr.atoms(sp.core.function.AppliedUndef)}
    with sp.evaluate(False):  # x = {1, 2} must stay a relation, not become False
        return expr.xreplace(functions).xreplace(symbols)


def read_as_one_object(text: str) -> sp.Basic:
    """Our reading of ``text`` as one SymPy object (a relation when the answer has a left side)."""
    reading = read_answer(text)
    if reading.lhs is None:
        return reading.value
    return _RELATIONS[reading.relation](reading.lhs, reading.value, evaluate=False)


def full_prediction(normalized: str) -> sp.Basic:
    """The grammar's own parse with full LL prediction, the reference for the two-stage parse."""
    return _Latex2Sympy(config=latex._CONVERSION).parse(normalized)


def parse_outcome(parse, text: str) -> tuple:
    """("read", tree) or ("failed", None), after the reader's own checks and normalisation; both parses must
    fail on the same texts (a RecursionError is kept apart)."""
    try:
        latex.check_latex(text)
        return "read", parse(grammar_normalize(latex.normalize_latex(text), latex._NORMALIZATION))
    except Exception as error:  # noqa: BLE001
        return "failed", type(error).__name__ if isinstance(error, RecursionError) else None
