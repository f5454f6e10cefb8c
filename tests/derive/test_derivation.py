"""Derivation chains: every step checked, wrong steps caught, solving, instantiating, rendering."""
from __future__ import annotations

import copy
import json

import pytest
import sympy as sp

from derive import rules as R
from derive.equality import EqualityConfig
from derive.derivation import Derivation, Step, StepCheckError, solve_for
from derive.moments.expectation import Expectation
from derive.moments.arrays import fixed_vector, gaussian_vector
from derive.render.derivations import derivation_json, derivation_latex, derivation_markdown, derivation_text
from derive.rules import Rule
from derive.symbols import dimension, index, scale, sum_over


pi = sp.pi
d, d1, d2 = dimension("d"), dimension("d_1"), dimension("d_2")
j, k = index("j"), index("k")
c = scale("c")
x = gaussian_vector("x", d)
L1_SQ = d + 2 * d * (d - 1) / pi

CHAIN = (R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY, R.INDEPENDENCE, R.MOMENTS, R.COUNT, R.EXPAND)


_L1_DERIVATION: list[Derivation] = []


def l1_derivation() -> Derivation:
    """E[(sum_k |x_k|)^2] by the textbook chain; built once (about 0.5 s), a fresh copy per call."""
    if not _L1_DERIVATION:
        _L1_DERIVATION.append(Derivation(
            "E of the squared l1 norm", r"\mathbb{E}[\|x\|_1^2]",
            Expectation(sum_over(sp.Abs(x[k]), k, d) ** 2), "the l_1 norm of x, squared",
        ).apply(*CHAIN))
    derivation = copy.copy(_L1_DERIVATION[0])
    derivation.steps = list(derivation.steps)
    return derivation


# ------------------------------------------------------------------------------ correct chains


def test_correct_chain_passes_and_checks_every_step_but_the_first():
    derivation = l1_derivation()
    assert sp.simplify(derivation.result - L1_SQ) == 0
    assert len(derivation.steps) == 1 + len(CHAIN)
    first, *rest = derivation.steps
    assert isinstance(first, Step)
    assert first.rule == "definition" and first.check is None
    assert first.justification == "the l_1 norm of x, squared"
    assert [step.rule for step in rest] == [rule.name for rule in CHAIN]
    assert [step.justification for step in rest] == [rule.justification for rule in CHAIN]
    for step in rest:
        assert step.check is not None and step.check.equal, step
    assert rest[-1].check.method == "simplify"  # the last link is concrete
    assert rest[0].check.method == "random-points"


def test_intermediate_steps_have_the_textbook_shape():
    steps = l1_derivation().steps
    expanded = steps[1].expr
    assert isinstance(expanded, Expectation) and isinstance(expanded.arg, sp.Sum)
    assert len(expanded.arg.limits) == 2
    assert steps[6].expr == 2 * d * (d - 1) / pi + d  # count index tuples: d + d(d-1) * 2/pi


def test_step_accepts_an_equal_expression_in_another_form():
    derivation = Derivation("q", "q", Expectation(sum_over(x[k], k, d) ** 2), "def")
    derivation.step(Expectation(sum_over(x[k] ** 2, k, d)), "cross terms vanish", "E[x_k x_k'] = 0 for k != k'")
    derivation.step(d, "moments", "E x^2 = 1")
    assert derivation.result == d
    assert [s.rule for s in derivation.steps] == ["definition", "cross terms vanish", "moments"]


def test_start_bound_dummies_are_tidied():
    dummy = sp.Dummy("k", integer=True)
    derivation = Derivation("t", "t", sp.Sum(x[dummy] ** 2, (dummy, 1, d)), "def")
    assert not derivation.result.atoms(sp.Dummy)
    assert derivation.result.limits[0][0].name == "k"


# ------------------------------------------------------------------------------ wrong steps are caught


def test_wrong_step_raises_with_both_sides_in_the_message():
    derivation = l1_derivation()
    wrong = derivation.result + 1
    with pytest.raises(StepCheckError) as info:
        derivation.step(wrong, "bogus rule", "because I said so")
    error = info.value
    message = str(error)
    assert "E of the squared l1 norm" in message and "bogus rule" in message
    assert "step 8" in message and "different" in message
    assert f"before: {derivation.result}" in message
    assert f"after:  {wrong}" in message
    assert error.before == derivation.result and error.after == wrong
    assert error.check.outcome == "different"
    assert isinstance(error, AssertionError)
    assert len(derivation.steps) == 1 + len(CHAIN)  # the wrong step was not recorded


@pytest.mark.parametrize("wrong", [
    d + d * (d - 1) / pi,              # forgot (E|x|)^2 = 2/pi, used 1/pi
    d + 2 * d**2 / pi,                 # counted d^2 ordered pairs instead of d(d-1)
    2 * d * (d - 1) / pi,              # dropped the diagonal
], ids=["wrong_moment", "wrong_count", "no_diagonal"])
def test_plausible_wrong_answers_are_caught(wrong):
    derivation = Derivation("l1", "q", Expectation(sum_over(sp.Abs(x[k]), k, d) ** 2), "def")
    with pytest.raises(StepCheckError):
        derivation.step(wrong, "evaluate", "by hand")


def test_wrong_pointwise_step_is_caught():
    xx, g = gaussian_vector("x", d1), fixed_vector("g", d2)
    start = sum_over(sum_over(sp.sign(xx[k] * g[j]) * xx[k], k, d1) ** 2, j, d2) / d2
    derivation = Derivation("rms", "q", start, "def")
    with pytest.raises(StepCheckError):
        derivation.step(sum_over(xx[k], k, d1) ** 2, "sign algebra", "sign(x) x = x (wrong)")
    derivation.step(sum_over(sp.Abs(xx[k]), k, d1) ** 2, "sign algebra", "sign(x) x = |x|")
    assert derivation.steps[-1].check.equal


def test_undecided_step_is_refused():
    derivation = Derivation("u", "q", Expectation(sp.exp(x[1])), "def")
    with pytest.raises(StepCheckError) as info:
        derivation.step(sp.exp(sp.Rational(1, 2)), "mgf", "E e^x = e^{1/2}")
    assert info.value.check.outcome == "undecided"


def test_a_lying_rule_is_caught_by_apply():
    liar = Rule("liar", "adds one", lambda e: e + 1)
    derivation = Derivation("t", "t", Expectation(sum_over(x[k] ** 2, k, d)), "def")
    with pytest.raises(StepCheckError, match="liar"):
        derivation.apply(liar)


def test_rule_that_does_not_apply_raises_value_error():
    derivation = Derivation("t", "t", d**2 + 1, "def")
    with pytest.raises(ValueError, match="does not apply"):
        derivation.apply(R.SPLIT_SIGN)
    with pytest.raises(ValueError, match="sign of a product"):
        derivation.apply(R.SPLIT_SIGN)
    assert len(derivation.steps) == 1


def test_step_check_error_is_not_a_value_error():
    # apply() distinguishes "rule does not apply" (ValueError) from "rule gave a wrong result" (StepCheckError).
    assert not issubclass(StepCheckError, ValueError)


def test_step_wrong_only_for_large_dimensions_is_caught():
    derivation = Derivation("t", "t", Expectation(sum_over(x[k] ** 2, k, d)), "def")
    try:
        derivation.step(d + (d - 1) * (d - 2) * (d - 3) * (d - 4), "bogus", "wrong for d >= 5")
    except StepCheckError:
        return
    raise AssertionError(f"wrong step accepted: {derivation.steps[-1]}")


def test_larger_max_dimension_catches_it():
    derivation = Derivation("t", "t", Expectation(sum_over(x[k] ** 2, k, d)), "def",
                            config=EqualityConfig(max_dimension=6))
    with pytest.raises(StepCheckError, match="d=5|d=6"):
        derivation.step(d + (d - 1) * (d - 2) * (d - 3) * (d - 4), "bogus", "wrong for d >= 5")


# ------------------------------------------------------------------------------ solve_for, instantiate


def _condition() -> Derivation:
    """E[||c x||^2] = c^2 d."""
    return Derivation("E||cx||^2", r"\mathbb{E}\|cx\|^2", Expectation(c**2 * sum_over(x[k] ** 2, k, d)),
                      "scale x by c").apply(R.EVALUATE)


def test_solve_for_returns_the_positive_root_and_its_check():
    condition = _condition()
    assert condition.result == c**2 * d
    solved = solve_for("normalising constant", c, condition, sp.S.One)
    assert sp.simplify(solved.result - 1 / sp.sqrt(d)) == 0
    assert solved.quantity == sp.latex(c)
    assert len(solved.steps) == 1
    first = solved.steps[0]
    assert first.rule == "solve" and first.check is not None and first.check.equal
    assert "positive root" in first.justification and "E||cx||^2" in first.justification


def test_solve_for_picks_the_positive_of_two_real_roots():
    t = sp.Symbol("t", real=True)
    condition = Derivation("t^2 d", "q", t**2 * d, "def")
    assert solve_for("t", t, condition, 4 * d).result == 2


def test_solve_for_without_a_positive_root_raises():
    with pytest.raises(ValueError, match="one admissible solution"):
        solve_for("none", c, _condition(), -sp.S.One)


def test_instantiate_records_a_checked_step():
    derivation = Derivation("count", "n", d * (d + 1) / 2, "general").instantiate({d: 10}, "d = 10")
    assert derivation.result == 55
    last = derivation.steps[-1]
    assert last.rule == "instantiate" and last.justification == "d = 10" and last.check.equal


def test_instantiate_a_derived_closed_form():
    derivation = l1_derivation().instantiate({d: 3}, "d = 3")
    assert sp.simplify(derivation.result - (3 + 12 / pi)) == 0


# ------------------------------------------------------------------------------ rendering


def test_text_rendering():
    derivation = l1_derivation()
    text = derivation_text(derivation)
    lines = text.splitlines()
    assert lines[0] == "E of the squared l1 norm"
    assert "E[‖x‖_1^2]" in lines[1]  # the quantity, LaTeX commands stripped
    assert " 0. = E[(Σ_{k=1..d} |x_k|)^2]" in text
    for number, step in enumerate(derivation.steps):
        assert f"{number:>2}. = " in text
        assert f"[{step.rule}] {step.justification}" in text
    assert text.count("✓") == len(derivation.steps) - 1


def test_latex_rendering():
    derivation = l1_derivation()
    latex = derivation_latex(derivation)
    assert latex.startswith("\\begin{align*}") and latex.endswith("\\end{align*}")
    assert latex.count("&=") == len(derivation.steps)
    assert latex.count(r" \\") == len(derivation.steps) - 1
    assert derivation.quantity in latex
    for step in derivation.steps:
        assert step.rule in latex
        # justifications are escaped for text mode: '_' and '^' would break \text{...}
        escaped = step.justification.replace("_", r"\_").replace("^", r"\textasciicircum{}")
        assert escaped in latex
    assert r"\text{definition: the l\_1 norm of x, squared}" in latex
    assert r"\frac{2 d^{2}}{\pi}" in latex


def test_markdown_rendering():
    derivation = l1_derivation()
    markdown = derivation_markdown(derivation)
    assert markdown.startswith("**E of the squared l1 norm**")
    assert f"$${derivation.quantity}$$" in markdown
    for number, step in enumerate(derivation.steps):
        assert f"\n{number}. $= " in markdown
        assert f"*{step.rule}*: {step.justification}" in markdown
    assert markdown.count("(checked: ") == len(derivation.steps) - 1


def test_json_rendering():
    derivation = l1_derivation()
    data = derivation_json(derivation)
    json.dumps(data)  # JSON-ready
    assert data["title"] == derivation.title and data["quantity"] == derivation.quantity
    assert data["result_sympy"] == str(derivation.result)
    assert data["result_latex"] == sp.latex(derivation.result, mul_symbol=None)
    assert len(data["steps"]) == len(derivation.steps)
    for entry, step in zip(data["steps"], derivation.steps):
        assert set(entry) >= {"latex", "sympy", "rule", "justification", "check"}
        assert entry["rule"] == step.rule and entry["justification"] == step.justification
        assert entry["latex"] and entry["sympy"] == str(step.expr)
    assert data["steps"][0]["check"] is None
    for entry in data["steps"][1:]:
        assert entry["check"]["verdict"] == "equal" and entry["check"]["method"] in ("random-points", "simplify")


def test_repr_latex_for_notebooks():
    derivation = l1_derivation()
    shown = derivation._repr_latex_()
    assert shown.startswith("$$") and shown.endswith("$$")
    assert shown[2:-2] == derivation_latex(derivation)
