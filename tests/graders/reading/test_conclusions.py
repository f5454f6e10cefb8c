"""After a statement, "so name = value" is the answer; two statements whose second names nothing are not read."""
from __future__ import annotations

import pytest
import sympy as sp

from graders.reading.answer import read_answer
from graders.reading.errors import ProseError, ReadError


@pytest.mark.parametrize("text, value", [
    (r"c^2 d_1 = 1, so c = 1/2", sp.Rational(1, 2)),
    (r"s^2 d = 1 \text{ so } s = 3", sp.Integer(3)),
    (r"a = 2 \quad\text{hence}\quad b = 4", sp.Integer(4)),
    (r"x + 1 = 3 \therefore x = 2", sp.Integer(2)),
    (r"v^2 = 4, thus \sigma^2 = 4", sp.Integer(4)),
])
def test_the_named_conclusion_is_the_answer(text, value):
    assert read_answer(text).value == value


@pytest.mark.parametrize("text", [r"s = 1/8, so Var(s x) = 1", "x = 2 so 2"])
def test_two_statements_whose_second_names_nothing_are_not_read(text):
    with pytest.raises(ReadError, match="conclusion word"):
        read_answer(text)


@pytest.mark.parametrize("text", [r"c = 2 \text{ so that } c^2 = 4", "Therefore the expected value is d_1",
                                  "so we get 2x + 3", "also = 3"])
def test_other_uses_of_the_words_are_left_alone(text):
    try:
        reading = read_answer(text)
    except ProseError:
        return  # prose, as before
    assert reading.value is not None
