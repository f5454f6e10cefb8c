"""Untrusted text made safe for TeX, and the allowlist that decides when a formula may be set as math."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from derive.typeset.escape import (math_or_text, prose, safe_math, statement_tex, unicode_safe, untrusted_text)

# What the escaper may emit besides plain characters: these commands, with their fixed arguments.
_EMITTED = re.compile(r"\\(?:textbackslash|textasciicircum|textasciitilde|textless|textgreater|textbar|textquotedbl|"
                      r"textasciigrave|textquotesingle|newline|allowbreak|checkmark|texttimes|nobreakspace)\{\}|"
                      r"\\[{}$&#%_]|-\{\}|\\ensuremath\{[^{}]*(?:\{[^{}]*\})?[^{}]*\}|\\textsf\{\[U\+[0-9A-F]{4,6}\]\}|"
                      r"\\textit\{\[cut: [\d,]+ characters in all, the first [\d,]+ shown\]\}")
_ACTIVE = set("\\{}$&#%^_~")


def _leftover(tex: str) -> str:
    return _EMITTED.sub("", tex)


@given(st.text(max_size=300))
@settings(max_examples=400)
def test_no_character_of_any_text_reaches_tex_as_a_command(text):
    leftover = _leftover(untrusted_text(text))
    assert not (set(leftover) & _ACTIVE), leftover
    assert all(char.isascii() or 0xC0 <= ord(char) <= 0x17F for char in leftover)  # accented letters T1 has


@given(st.text(alphabet=st.sampled_from(list("\\{}$&#%^_~ab ")), max_size=60))
def test_tex_specials_in_any_order_stay_characters(text):
    assert not (set(_leftover(untrusted_text(text))) & _ACTIVE)


HOSTILE = [r"\input{/etc/passwd}", r"\write18{touch /tmp/x}", r"\immediate\write18{id}", r"\catcode`\^^5c=0",
           r"\def\x{\x}\x", "^^5c^^5cinput", "}}}{{{", "$$ x", r"\begin{verbatim}", r"\end{document}", "%",
           r"\openout1=x.tex", r"\csname input\endcsname{/etc/passwd}", "\x00\x1b[31m\x7f", "\ud800"]


def test_hostile_strings_escape_to_characters_only():
    for text in HOSTILE:
        tex = untrusted_text(text)
        assert not (set(_leftover(tex)) & _ACTIVE), (text, tex)
        assert "\\input" not in tex and "\\write" not in tex and "^^" not in tex


def test_a_megabyte_string_is_cut_with_a_note():
    tex = untrusted_text("x" * 1_000_000)
    assert "[cut: 1,000,000 characters in all, the first 2,000 shown]" in tex
    assert len(tex) < 5000


def test_a_long_run_without_spaces_may_break_but_words_do_not():
    assert r"\allowbreak{}" in untrusted_text("\\(" * 40)
    assert r"\allowbreak{}" not in untrusted_text("short words only here")


def test_unicode_is_spelled_out_or_marked():
    assert untrusted_text("σ²") == r"\ensuremath{\sigma}\ensuremath{^{2}}"
    assert untrusted_text("é") == "é"  # the T1 fonts carry it
    assert untrusted_text("\u4e2d") == r"\textsf{[U+4E2D]}"
    assert unicode_safe(r"grad ∫ f p") == r"grad \ensuremath{\int} f p"


def test_prose_and_statements_keep_their_meaning():
    assert prose("50% of t_fwd") == r"50\% of t\_fwd"
    assert statement_tex("*A Condition* asks **this**: $x_1*y$ is `fwd`") == \
        r"\emph{A Condition} asks \textbf{this}: $x_1*y$ is \texttt{fwd}"


def test_safe_math_takes_what_our_printers_make_and_nothing_else():
    ours = [r"\frac{2 d_{1} \left(d_{1} - 1\right)}{\pi} + d_{1}", r"\Theta\left(d_{1}\right)",
            r"\mathbb{E}_{x \sim \mathcal{N}\left(\mu, \sigma^{2} I\right)}\left[f{\left(x \right)}\right]",
            r"\left[\begin{matrix}1 & 2\\3 & 4\end{matrix}\right]", r"50 \text{ ns}", r"\operatorname{diag}(p)"]
    assert all(safe_math(latex) for latex in ours)
    hostile = [r"\input{/etc/passwd}", r"x^^5c", r"\def\x{1}", r"\catcode", "{x", "x}", r"\left( x", "x^",
               r"a & b", r"\begin{verbatim}x\end{verbatim}", r"\text{\write18{x}}", "#1", "%", "x" * 2000,
               r"\begin x", "σ"]
    assert not any(safe_math(latex) for latex in hostile)


def test_math_or_text_shows_what_it_cannot_trust_as_typewriter_text():
    assert math_or_text(r"\frac{1}{2}") == r"\fitmath{\frac{1}{2}}"
    assert math_or_text(r"\input{x}").startswith(r"\texttt{\textbackslash{}input")
