"""Answers that must never be `correct` by accident: non-growth rates, hedges, invisible nudges, keyword salad,
values that are not strings, injection strings."""
from __future__ import annotations

import pytest

from graders import compare
from graders.api import grade
from graders.batch.pairs_run import read_pairs


@pytest.mark.parametrize("answer", [r"\infty", "0", r"-\infty", "-1", "a > i"])
def test_the_order_mode_takes_only_growth_rates(answer):
    verdict = grade("hw3/1a", "scaling", answer)
    assert verdict.status in ("incorrect", "unparseable")
    assert "Limit(" not in verdict.feedback


@pytest.mark.parametrize("answer", [r"\Theta(d_1) \text{ or } 0", r"\Theta(d_1), d_1^2", r"\Theta(d_1) \text{ or } \Theta(1)",
                                    r"d_1 \lor d_1^2"])
def test_a_hedged_growth_rate_is_never_full_credit(answer):
    verdict = grade("hw3/1a", "scaling", answer)
    assert verdict.status == "needs_review" and verdict.method == "order:hedge"


@pytest.mark.parametrize("answer", [r"\Theta(d_1), independent of d_2", r"\Theta(d_1) \text{ or equivalently } O(d_1)",
                                    "linear in d_1 and independent of d_2"])
def test_one_growth_rate_told_twice_is_not_a_hedge(answer):
    assert grade("hw3/1a", "scaling", answer).status == "correct"


@pytest.mark.parametrize("reference, answer", [
    (r"17\sqrt{5}", r"17\sqrt{5} - 10^{-25}"), ("1", "1 + e^{-10^{4}}"), (r"\cos(1/6)", r"\cos(1/6) + 10^{-40}"),
    ("d_1", "d_1 + 10^{-30}"), ("d_1", "d_1 + e^{-10^4}"), ("d_1", r"d_1 + \frac{10^{-40}}{d_1}"),
])
def test_an_invisible_nudge_is_a_different_value(reference, answer):
    assert compare(reference, answer).status == "incorrect"


@pytest.mark.parametrize("reference, answer", [
    (r"\sqrt{2+\sqrt{3}}", r"\frac{\sqrt{6}+\sqrt{2}}{2}"), (r"\log 6", r"\log 2 + \log 3"),
    (r"\sqrt{5+2\sqrt{6}}", r"\sqrt{2}+\sqrt{3}"), (r"\cos\frac{\pi}{7}+\cos\frac{3\pi}{7}+\cos\frac{5\pi}{7}", "1/2"),
])
def test_exact_constants_that_are_equal_stay_equal(reference, answer):
    assert compare(reference, answer).status == "correct"


def test_keyword_salad_is_not_an_explanation():
    salad = "sign magnitude same every output cancels sum over d_1 inputs d_2 averaging y'_j = sign(g_j) sum"
    verdict = grade("hw3/1c", "explanation", salad)
    assert verdict.status == "needs_review" and verdict.method == "rubric:keywords"
    sentences = ("Every output y'_j = sign(g_j) sum_k |x_k| has the same magnitude; averaging over the d_2 outputs "
                 "cancels d_2, and that magnitude is a sum over the d_1 inputs.")
    assert grade("hw3/1c", "explanation", sentences).status == "correct"


@pytest.mark.parametrize("line", [b'{"gold": null, "pred": null}', b'{"gold": [1], "pred": [1]}',
                                  b'{"gold": NaN, "pred": NaN}', b'{"gold": {"a": 1}, "pred": {"a": 1}}',
                                  b'{"gold": true, "pred": true}', b'{"gold": 1, "pred": 1}'])
def test_values_that_are_not_strings_are_input_errors(line):
    pairs, refusals = read_pairs(line + b"\n")
    assert pairs == [] and len(refusals) == 1 and "line 1" in refusals[0].reason


@pytest.mark.parametrize("answer", ['__import__("os").system("id")', "$(rm -rf ~)", r"\input{/etc/passwd}",
                                    "; cat /etc/passwd", "eval(open('x').read())", r"\write18{id}"])
def test_injection_strings_are_never_correct(answer):
    for reference in ("1", "x", "-f r + m r"):
        assert compare(reference, answer).status != "correct"
