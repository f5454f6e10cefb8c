"""Statements in Markdown with LaTeX math: Unicode for a terminal, escaped text around the math for TeX."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from derive.render.statements import math_text, statement_latex, statement_text


def test_math_reads_as_unicode_on_a_terminal():
    assert math_text(r"\sigma^2") == "σ²" and math_text(r"\frac{1}{\sqrt{d_1}}") == "1/√d₁"
    assert math_text(r"\mathbb{E}[\|x\|_2^2]") == "𝔼[‖x‖₂²]" and math_text(r"x^\top W") == "xᵀ W"
    assert math_text(r"\mathrm{RMS}^2(y)") == "RMS²(y)" and math_text(r"\nabla_\mu F") == "∇_μ F"
    assert statement_text("Run `fwd` for $N = 10$ layers.") == "Run fwd for N = 10 layers."


def test_tex_keeps_the_math_and_escapes_the_text():
    assert statement_latex(r"50% of t_fwd & $\sigma^2$") == r"50\% of t\_fwd \& $\sigma^2$"
    assert statement_latex("`loadmem` #1 ~ {x}") == r"\texttt{loadmem} \#1 \textasciitilde{} \{x\}"


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="$`"), max_size=200)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_text_without_math_is_shown_as_written(text):
    assert statement_text(text) == text


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tex_of_plain_text_has_no_unescaped_special_character(text):
    tex = statement_latex(text)
    unescaped = re.sub(r"\\(?:textbackslash|textasciicircum|textasciitilde|[%&#_{}$])(?:\{\})?|\\dots\{\}|\$\\cdot\$",
                       "", tex)
    assert not re.search(r"[%&#_^~{}\\]", unescaped), tex


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_statement_renders_without_error(text):
    assert isinstance(statement_text(text), str) and isinstance(statement_latex(text), str)
