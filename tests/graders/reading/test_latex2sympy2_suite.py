"""latex2sympy2_extended's own LaTeX parsing tests, kept as data (benchmarks/suites/latex2sympy2_extended.jsonl),
read by our reader.

Every row must read as the library's test expects, or be listed below: in POLICY with the reason we read it
otherwise on purpose, or in BUGS, where we read it wrong (strict xfails, so a fix shows). Every string the
library refuses must be refused too, with the same kind of listing. Symbol names are compared without
braces, backslashes and case (``x_{0}`` and ``x_0`` name one variable); values are compared exactly when
they can be, otherwise at random points; sets, tuples, intervals, matrices and relations member by
member. A row whose test compares with the library's reading of another string (``same_reading_as``) must
read as we read that string.
"""
from __future__ import annotations

import json
import pathlib
import random

import pytest
import sympy as sp

from graders.reading.answer import read_answer
from graders.reading.errors import ReadError
from latex_suites import plain_names, read_as_one_object

SUITE = pathlib.Path(__file__).resolve().parents[3] / "benchmarks" / "suites" / "latex2sympy2_extended.jsonl"
ROWS = [json.loads(line) for line in SUITE.read_text().splitlines()]

# Where we read differently on purpose (docs/modes.md, benchmarks/README.md and the readers' docstrings).
POLICY: dict[str, str] = {
    **dict.fromkeys(("l2s2-good-049", "l2s2-good-050", "l2s2-good-051", "l2s2-good-052", "l2s2-good-053",
                     "l2s2-good-054", "l2s2-good-058", "l2s2-good-059", "l2s2-good-060", "l2s2-good-061",
                     "l2s2-good-062", "l2s2-good-063"),
                    r"TeX reads \vertx as one undefined command; the test glues \vert to x (\vert x\vert is |x|)"),
    "l2s2-good-205": "x!!! is read as (x!!)!, a double factorial first; the test reads three factorials",
    "l2s2-good-228": r"an unsubscripted \log is natural; the test takes base 10",
    "l2s2-good-229": r"an unsubscripted \log is natural; the test takes base 10",
    "l2s2-good-234": "[x] is a list of one item; the test takes brackets as grouping",
    "l2s2-good-235": "[a + b] is a list of one item; the test takes brackets as grouping",
    "l2s2-good-1068": "[a,b] alone is a list of two items (an interval beside a set operation or a half-open end)",
    "l2s2-good-1069": "[1,2] alone is a list of two items (an interval beside a set operation or a half-open end)",
    "l2s2-good-1070": "(a,b) alone is a pair (an open interval beside a set operation); the test takes an interval",
    "l2s2-good-1071": "(1,2) alone is a pair (an open interval beside a set operation); the test takes an interval",
    "l2s2-good-1091": "(0,1) alone is a pair (an open interval beside a set operation); the test takes an interval",
    "l2s2-good-436": "a bare comma list is an ordered tuple; the test takes a set",
    "l2s2-good-1067": "a bare comma list is an ordered tuple; the test takes a set",
    "l2s2-good-1097": "a comma list of tuples is a tuple of tuples; the test takes a set",
    "l2s2-good-1103": "k = 1,2,3 has an ordered tuple on its right; the test takes a set",
    **dict.fromkeys(("l2s2-good-1106", "l2s2-good-1107", "l2s2-good-1110", "l2s2-good-1111"),
                    "a list of named values (x_1 = a, x_2 = b) is the set of the values; the test keeps the equations"),
    "l2s2-good-1108": "equations joined by 'and' are a condition (their And); the test takes a set of equations",
    "l2s2-good-1109": "equations joined by 'or' are a condition (their Or); the test takes a set of equations",
    **dict.fromkeys(("l2s2-good-168", "l2s2-good-503", "l2s2-good-1004", "l2s2-good-259", "l2s2-good-260",
                     "l2s2-good-261"),
                    "text with no LaTeX command is plain text: a run of letters and digits (ab, x2, bI) is one name"),
    **dict.fromkeys(("l2s2-good-506", "l2s2-good-514", "l2s2-good-515"),
                    "plain text e is a letter when read; graders.pairs takes a lone e as Euler's number if undeclared"),
    **dict.fromkeys((
                     "l2s2-good-122", "l2s2-good-123", "l2s2-good-124", "l2s2-good-125", "l2s2-good-130", "l2s2-good-131",
                     "l2s2-good-132", "l2s2-good-133", "l2s2-good-661", "l2s2-good-662", "l2s2-good-663", "l2s2-good-664",
                     "l2s2-good-665", "l2s2-good-666", "l2s2-good-667", "l2s2-good-668", "l2s2-good-669", "l2s2-good-670",
                     "l2s2-good-671", "l2s2-good-672", "l2s2-good-673", "l2s2-good-674", "l2s2-good-675", "l2s2-good-676",
                     "l2s2-good-686", "l2s2-good-702", "l2s2-good-851", "l2s2-good-852", "l2s2-good-853", "l2s2-good-854",
                     "l2s2-good-855", "l2s2-good-856", "l2s2-good-857", "l2s2-good-858", "l2s2-good-859", "l2s2-good-860",
                     "l2s2-good-861", "l2s2-good-862", "l2s2-good-863", "l2s2-good-864", "l2s2-good-865", "l2s2-good-866",
                     "l2s2-good-877", "l2s2-good-892", "l2s2-good-1138", "l2s2-good-1139",
                    ),
                    "gcd and lcm of unknown integers stay unevaluated (needs_review); the library takes SymPy's "
                    "polynomial gcd, 1 for gcd(x, y), which would accept a wrong answer"),
}

# Where we read wrong: strict xfails, to be dropped from here when the reader is fixed.
BUGS: dict[str, str] = {
    "l2s2-good-423": r"refused: \gamma is Euler's constant; the size guard takes gamma(EulerGamma + 1) as above 1000",
    "l2s2-good-427": r"refused: \gamma is Euler's constant; the size guard takes gamma(EulerGamma + 1) as above 1000",
    "l2s2-good-1114": "two solutions (p, q) separated by ; are merged into one set of values {2, 5, 7}",
}


def _expected(row: dict) -> sp.Basic:
    """What the library's test expects, rebuilt unevaluated from our own data file."""
    if row["same_reading_as"] is not None:
        return read_as_one_object(row["same_reading_as"])
    try:
        with sp.evaluate(False):
            return sp.sympify(row["expected_srepr"])  # our own data file, written from the library's test modules
    except (TypeError, ValueError):  # a set whose members SymPy cannot order unevaluated
        return sp.sympify(row["expected_srepr"])


_CONTAINERS = (sp.Set, sp.Tuple, sp.MatrixBase, sp.core.relational.Relational, sp.logic.boolalg.BooleanFunction)


def _kind(expr: sp.Basic) -> type:
    """The SymPy class of ``expr`` (the grammar's FiniteSet is a subclass of SymPy's)."""
    return next(cls for cls in type(expr).__mro__ if cls.__module__.startswith("sympy."))


def _evaluated(expr: sp.Basic) -> sp.Basic:
    """A set expression with its operations carried out: {1, 2} \\cup {2, 3} is {1, 2, 3}."""
    if not isinstance(expr, sp.Set) or not expr.args:
        return expr
    return expr.func(*(_evaluated(arg) for arg in expr.args))


def _numerically_same(value: sp.Basic, expected: sp.Basic) -> bool:
    """Equal at three random points of their free symbols (values in [0.3, 2.7]), to 1e-9 relative."""
    rng = random.Random(20260110)
    symbols = sorted(value.free_symbols | expected.free_symbols, key=str)
    for _ in range(3):
        point = {s: sp.Float(rng.uniform(0.3, 2.7)) for s in symbols}
        a, b = (sp.N(side.subs(point)) for side in (value, expected))
        if not (a.is_number and b.is_number) or a.has(sp.nan) or b.has(sp.nan):
            return False
        if a != b and abs(complex(a) - complex(b)) > 1e-9 * max(1.0, abs(complex(b))):
            return False
    return True


def _same(value: sp.Basic, expected: sp.Basic) -> bool:
    """Whether our reading ``value`` is the expected expression."""
    value, expected = plain_names(sp.sympify(value)), plain_names(sp.sympify(expected))
    expected = _evaluated(expected)
    if isinstance(expected, sp.Not) and isinstance(expected.args[0], sp.Eq):  # the library's x \notin S
        expected = sp.Ne(*expected.args[0].args, evaluate=False)
    if value == expected:
        return True
    if isinstance(value, _CONTAINERS) or isinstance(expected, _CONTAINERS):
        if _kind(value) is not _kind(expected) or len(value.args) != len(expected.args):
            return False
        if isinstance(value, sp.FiniteSet):  # members in any order
            rest = list(value.args)
            for member in expected.args:
                match = next((m for m in rest if _same(m, member)), None)
                if match is None:
                    return False
                rest.remove(match)
            return True
        if isinstance(value, sp.MatrixBase):
            return value.shape == expected.shape and all(_same(a, b) for a, b in zip(value, expected))
        return all(_same(a, b) for a, b in zip(value.args, expected.args))
    try:
        value, expected = value.doit(), expected.doit()
        return value == expected or _numerically_same(value, expected)
    except (TypeError, ValueError, AttributeError):
        return False


def _marks(row: dict) -> list:
    """A strict xfail for a row listed in BUGS."""
    return [pytest.mark.xfail(reason=BUGS[row["id"]], strict=True)] if row["id"] in BUGS else []


def _params(parses: bool) -> list:
    """The rows the library reads (``parses``) or refuses, one pytest parameter each."""
    return [pytest.param(row, id=row["id"], marks=_marks(row)) for row in ROWS if row["parses"] is parses]


@pytest.mark.parametrize("row", _params(True))
def test_latex2sympy2s_parseable_latex_reads_as_it_expects(row):
    try:
        same = _same(read_as_one_object(row["latex"]), _expected(row))
    except ReadError:
        same = False
    assert same or row["id"] in POLICY, (row["latex"], row["expected_srepr"] or row["same_reading_as"])
    assert not (same and row["id"] in POLICY), "now read as the library expects: drop it from POLICY"


@pytest.mark.parametrize("row", _params(False))
def test_latex_latex2sympy2_refuses_is_refused(row):
    try:
        read_answer(row["latex"])
        refused = False
    except ReadError:
        refused = True
    assert refused or row["id"] in POLICY, row["latex"]
    assert not (refused and row["id"] in POLICY), "now refused: drop it from POLICY"


def test_every_listed_row_is_a_row_of_the_suite_and_listed_once():
    ids = {row["id"] for row in ROWS}
    assert not (set(POLICY) | set(BUGS)) - ids, "a listed row is not in the suite: regenerate the ids"
    assert not set(POLICY) & set(BUGS)
