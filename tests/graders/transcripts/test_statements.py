"""What a formula claims: the end of its chain, the quantity its left side names, and formulas torn apart."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bank import part
from graders.transcripts.statements import balanced, ends_of_chain, names_other, names_slot, top_level_equals, torn


@pytest.mark.parametrize("formula, claim", [
    (r"c = d_1^{-1/2} = \frac{1}{\sqrt{d_1}}.", r"c = \frac{1}{\sqrt{d_1}}"),
    (r"c^2 d_1 = 1 \Longrightarrow c = \frac{1}{\sqrt{d_1}} \approx 0.1", r"c = \frac{1}{\sqrt{d_1}}"),
    (r"\boxed{E = a = b}", "E = b"),
    (r"x \le 2", r"x \le 2"),  # no equals sign: as written
    (r"f(a=1) = 2", "f(a=1) = 2"),  # an equals sign inside brackets is not the chain's
    (r"c = 0 }}{{ = 1", r"c = 0 }}{{ = 1"),  # brackets that do not pair up: read (and refused) whole
])
def test_the_claim_a_chain_ends_with(formula, claim):
    assert ends_of_chain(formula) == claim


def test_the_left_side_names_the_quantity():
    constant = part("hw3/1a").slot("constant")
    expected = part("hw3/1a").slot("expected_rms_sq")
    assert names_slot(constant, "c ") and not names_slot(expected, "c ")
    assert names_slot(expected, r"\mathbb{E}[\mathrm{RMS}^2(y)]")
    assert names_other(r"\|\Delta W\|_{\mathrm{RMS}\to\mathrm{RMS}} = \eta\,\text{fan\_in}")
    assert not names_other(r"\eta = 1/\text{fan\_in}") and not names_other(r"\sqrt{a} \cdot b = c")


@pytest.mark.parametrize("text, is_torn", [
    (r"$\Theta$(d $1^2$) (quadratic)", True),
    (r"c $=c\cdot E$[S] = c d", True),
    (r"so $c = 1/\sqrt{d_1}$.", False),
    (r"the $d_1$-dimensional input", False),
    (r"$$a = b$$", False),
])
def test_formulas_glued_to_words_are_torn(text, is_torn):
    assert torn(text) is is_torn


@given(st.text(alphabet="ab=(){}[] ", max_size=40))
def test_equals_found_are_equals_signs_outside_brackets(formula):
    for index in top_level_equals(formula):
        assert formula[index] == "="
    if balanced(formula):
        assert ends_of_chain(formula).count("=") <= max(1, formula.count("="))
