"""The LaTeX reader's two-stage parse (ANTLR's SLL prediction, then full LL when SLL fails) must build the
tree that full LL prediction alone builds, or fail where it fails, on every formula we can find: SymPy's
LaTeX suite, the peer suites' LaTeX, and generated formulas in varied printing styles."""
from __future__ import annotations

import json
import pathlib
import random

import pytest
from latex2sympy2_extended.math_normalization import normalize_latex as grammar_normalize

from expression_pairs import random_formula, styled_latex
from latex_suites import full_prediction, parse_outcome
from graders.reading import latex

ROOT = pathlib.Path(__file__).resolve().parents[3]


def _suite_texts() -> list[str]:
    texts = [json.loads(line)["latex"] for line in (ROOT / "benchmarks" / "suites" / "sympy_latex.jsonl")
             .read_text().splitlines()]
    texts += [text for text in (json.loads(line)["latex"] for line in
                                (ROOT / "benchmarks" / "suites" / "latex2sympy2_extended.jsonl").read_text().splitlines())
              if "^" in text]  # every powered letter the other suite has, subscripted or not
    texts += [r"2x^{2} + \theta^2", r"f^{2}(x)", r"a^b^c", r"x^{2}_{i}", r"e^{x} y^2", r"\frac{1}{x^{2}}"]
    rng = random.Random(20261129)
    texts += [styled_latex(random_formula(rng), rng) for _ in range(150)]
    return [text for text in dict.fromkeys(texts) if text]


@pytest.mark.parametrize("text", _suite_texts())
def test_two_stage_parse_builds_thefull_prediction_tree(text: str) -> None:
    assert parse_outcome(latex._two_stage_parse, text) == parse_outcome(full_prediction, text)


@pytest.mark.parametrize("text, braced", [
    (r"2x^{2} + \theta^2", r"2{x}^{2} + {\theta}^2"),
    (r"\frac{1}{x^{2}}", r"\frac{1}{{x}^{2}}"),
    (r"f^{2}(x)", r"f^{2}(x)"),  # a power of a call, not of the letter
    (r"a^b^c", r"a^{b}^c"),  # the outer power is left alone; the same tree either way
    (r"e^{x}", r"e^{x}"),  # exp has a rule of its own
    (r"x^{2}_{i} + y^2", r"x^{2}_{i} + y^2"),  # subscripts: left as written
    (r"\sin^2 x", r"\sin^2 x"),
])
def test_powered_letters_are_braced_for_fast_prediction(text: str, braced: str) -> None:
    assert latex._braced_power_bases(text) == braced


def test_fast_prediction_alone_reads_simple_formulas() -> None:
    """Most formulas never need the slow stage: a plain fraction is read by SLL prediction alone."""
    normalized = grammar_normalize(latex.normalize_latex(r"\frac{1}{2} + \sqrt{3} x"), latex._NORMALIZATION)
    converter = latex._FastPredictionConverter(config=latex._CONVERSION)
    assert converter.parse(normalized) == full_prediction(normalized)
