"""A function's braced argument, as SymPy prints it, is the argument; and each distinct text is read once."""
from __future__ import annotations

import pytest
import sympy as sp

from graders.reading.answer import read_answer
from graders.reading.errors import ReadError, UndefinedValueError
from graders.reading.formulas import _cached_read

x, y = sp.symbols("x y")


@pytest.mark.parametrize("text, value", [
    (r"\sin{\left(y \right)} / x", sp.sin(y) / x),
    (r"\sin^{3}{\left(y \right)} / x", sp.sin(y) ** 3 / x),
    (r"\log{\left(y \right)} / x", sp.log(y) / x),
    (r"\exp{\left(x \right)} y", y * sp.exp(x)),
    (r"\frac{(x)}{y}", x / y),
    (r"\sqrt{(x+1)}/2", sp.sqrt(x + 1) / 2),
])
def test_sympys_own_latex_reads_back(text, value):
    assert sp.simplify(read_answer(text).value - value) == 0


def test_a_text_is_read_once_and_its_error_is_kept():
    _cached_read.cache_clear()
    read_answer(r"\frac{x}{2}")
    read_answer(r"\frac{x}{2}")
    assert _cached_read.cache_info().hits >= 1
    for _ in range(2):
        with pytest.raises(UndefinedValueError):
            read_answer("1/0")
    with pytest.raises(ReadError):
        read_answer(r"\input{/etc/passwd}")


@pytest.mark.parametrize("text, value", [
    (r"\operatorname{floor}(x+y)", sp.floor(x + y)),
    (r"\operatorname{ceil}(3.5)", sp.Integer(4)),
    (r"\operatorname{sin}x", sp.sin(x)),
    (r"\operatorname{arcsinh}\left(1\right)", sp.asinh(1)),
    (r"\operatorname{gcd}(12, 18)", sp.Integer(6)),
    (r"\operatorname{lcm}(4, 6)", sp.Integer(12)),
    (r"\operatorname{max}(1, 2)", sp.Integer(2)),
])
def test_operatorname_of_a_known_function_is_that_function(text, value):
    assert sp.simplify(read_answer(text).value - value) == 0


@pytest.mark.parametrize("text", [r"\gcd(x, y)", r"\operatorname{lcm}(a, 2)", r"\lcm(x, 4) + 1"])
def test_gcd_of_unknown_integers_is_never_computed_as_polynomials(text):
    """SymPy's polynomial gcd of x and y is 1: a grader that took it would accept 1 for gcd(x, y)."""
    from graders import compare

    verdict = compare("1", text)
    assert verdict.status == "needs_review"
    assert "gcd" in verdict.interpreted_as or "lcm" in verdict.interpreted_as
