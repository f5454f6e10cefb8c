"""dlstats: every slot graded on a table of answers in varied notation, as a careful instructor would grade them.

Each row is (slot, answer, status, a phrase the feedback or method must contain). Right answers in several
notations, the misconceptions the set names (with their targeted feedback), and plain wrong answers.
"""
from __future__ import annotations

import collections

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from bank import grade, part

ATTENTION = [
    ("mean", "0", "correct", ""),
    ("mean", r"\mathbb{E}[q \cdot k] = 0", "correct", ""),
    ("mean", r"E[q^\top k]=0", "correct", ""),
    ("mean", r"\sum_{i=1}^{d_k} \mathbb{E}[q_i]\mathbb{E}[k_i] = 0", "correct", ""),
    ("mean", "d_k", "incorrect", "mean 0"),
    ("mean", "64", "incorrect", "mean 0"),
    ("mean", "1", "incorrect", ""),
    ("mean", r"\frac{1}{\sqrt{d_k}}", "incorrect", ""),
    ("variance", "d_k", "correct", "general formula"),
    ("variance", "64", "correct", ""),
    ("variance", r"\operatorname{Var}(q\cdot k) = d_k", "correct", ""),
    ("variance", r"\mathrm{Var}(q^\top k)=64", "correct", ""),
    ("variance", r"\sum_{i=1}^{d_k} 1 = d_k", "correct", ""),
    ("variance", r"\sqrt{d_k}", "incorrect", "standard deviation"),
    ("variance", "8", "incorrect", "standard deviation"),
    ("variance", "2 d_k", "incorrect", "not 2"),
    ("variance", "d_k^2", "incorrect", "only i = i'"),
    ("variance", "1", "incorrect", ""),
    ("scale", r"\frac{1}{\sqrt{d_k}}", "correct", ""),
    ("scale", "1/8", "correct", ""),
    ("scale", r"s = 1/\sqrt{64}", "correct", ""),
    ("scale", "d_k^{-1/2}", "correct", ""),
    ("scale", "0.125", "correct", ""),
    ("scale", "s^2 = 1/d_k", "correct", ""),
    ("scale", r"\frac{1}{d_k}", "incorrect", "s = 1/sqrt(d_k)"),
    ("scale", "1/64", "incorrect", "s = 1/sqrt(d_k)"),
    ("scale", r"\sqrt{d_k}", "incorrect", "not multiplied"),
    ("scale", r"\frac{2}{\sqrt{d_k}}", "incorrect", ""),
]

HE_INIT = [
    ("relu_mean", r"\frac{1}{\sqrt{2\pi}}", "correct", ""),
    ("relu_mean", r"(2\pi)^{-1/2}", "correct", ""),
    ("relu_mean", r"\mathbb{E}[x_k] = \frac{\sqrt{2}}{2\sqrt{\pi}}", "correct", ""),
    ("relu_mean", "1/sqrt(2*pi)", "correct", ""),
    ("relu_mean", "0.39894", "correct", ""),
    ("relu_mean", r"\sqrt{2/\pi}", "incorrect", "positive half"),
    ("relu_mean", "0", "incorrect", "does not"),
    ("relu_mean", r"\frac{1}{2}", "incorrect", ""),
    ("relu_second", r"\frac12", "correct", ""),
    ("relu_second", "0.5", "correct", ""),
    ("relu_second", r"\mathbb{E}[x_k^2] = 1/2", "correct", ""),
    ("relu_second", r"\frac{1}{2}\mathbb{E}[h_k^2] = \frac{1}{2}", "correct", ""),
    ("relu_second", "1", "incorrect", "negative half"),
    ("relu_second", r"\frac{1}{2\pi}", "incorrect", "E[x_k]^2"),
    ("relu_second", r"\frac{1}{\sqrt{2\pi}}", "incorrect", ""),
    ("relu_second", "1/4", "incorrect", ""),
    ("output_moment", r"\frac{\sigma^2 n}{2}", "correct", "general formula"),
    ("output_moment", r"128\sigma^2", "correct", ""),
    ("output_moment", r"\frac{n\sigma^2}{2}", "correct", ""),
    ("output_moment", r"\frac{1}{m}\mathbb{E}\|Wx\|^2 = n \sigma^2 / 2", "correct", ""),
    ("output_moment", r"n \sigma^2", "incorrect", "linear layer"),
    ("output_moment", r"256\sigma^2", "incorrect", "linear layer"),
    ("output_moment", r"\frac{m n \sigma^2}{2}", "incorrect", ""),
    ("output_moment", r"\frac{\sigma^2}{2}", "incorrect", ""),
    ("weight_variance", r"\sigma^2 = 2/n", "correct", ""),
    ("weight_variance", "2/n", "correct", ""),
    ("weight_variance", r"\sigma = \sqrt{2/n}", "correct", ""),
    ("weight_variance", r"\frac{2}{n}", "correct", ""),
    ("weight_variance", "1/128", "correct", ""),
    ("weight_variance", "1/n", "incorrect", "Xavier"),
    ("weight_variance", r"\sigma^2=1/256", "incorrect", "Xavier"),
    ("weight_variance", r"\sqrt{2/n}", "incorrect", "standard deviation"),
    ("weight_variance", "2/m", "incorrect", "fan-in"),
    ("weight_variance", r"\frac{2}{n+m}", "incorrect", ""),
]

DROPOUT = [
    ("mean", "x_k", "correct", ""),
    ("mean", r"\mathbb{E}[y_k] = x_k", "correct", ""),
    ("mean", "x", "correct", ""),
    ("mean", r"\frac{p x_k}{p}", "correct", ""),
    ("mean", "p x_k", "incorrect", "plain dropout"),
    ("mean", "x_k/p", "incorrect", ""),
    ("mean", "0", "incorrect", ""),
    ("mean", "(1-p) x_k", "incorrect", ""),
    ("variance", r"x_k^2 (1-p)/p", "correct", ""),
    ("variance", r"\frac{1-p}{p} x_k^2", "correct", ""),
    ("variance", r"\operatorname{Var}(y_k) = \frac{x_k^2}{p} - x_k^2", "correct", ""),
    ("variance", r"x_k^2\left(\frac{1}{p} - 1\right)", "correct", ""),
    ("variance", r"\frac{1-p}{p}\, x \odot x", "correct", ""),
    ("variance", r"p(1-p)x_k^2", "incorrect", "divides the variance by p^2"),
    ("variance", r"\frac{x_k^2}{p}", "incorrect", "subtract"),
    ("variance", r"\frac{p}{1-p} x_k^2", "incorrect", "not p/(1 - p)"),
    ("variance", "(1-p) x_k^2", "incorrect", ""),
    ("norm", r"\|x\|^2/p", "correct", ""),
    ("norm", r"\frac{\|x\|_2^2}{p}", "correct", ""),
    ("norm", r"\frac{1}{p}\sum_k x_k^2", "correct", ""),
    ("norm", r"\mathbb{E}\|y\|^2 = \frac{\lVert x \rVert^2}{p}", "correct", ""),
    ("norm", r"\frac{1}{p}\sum_{k=1}^{n} x_k^2", "correct", ""),
    ("norm", r"\|x\|^2", "incorrect", "second moment is not"),
    ("norm", r"\frac{\|x\|^2}{p^2}", "incorrect", "E[m_k^2] = p"),
    ("norm", r"p\|x\|^2", "incorrect", ""),
]

ADAM = [
    ("mean", r"(1-\beta^t)\mu", "correct", ""),
    ("mean", r"\mu(1-\beta^{t})", "correct", ""),
    ("mean", r"\mathbb{E}[m_t] = \mu - \mu\beta^t", "correct", ""),
    ("mean", r"(1-\beta)\sum_{i=1}^{t}\beta^{t-i}\mu", "correct", ""),
    ("mean", r"\mu", "incorrect", "biases"),
    ("mean", r"\mu\beta^t", "incorrect", "not beta^t"),
    ("mean", r"(1-\beta)\mu", "incorrect", ""),
    ("mean", r"0", "incorrect", ""),
    ("correction", r"1-\beta^t", "correct", ""),
    ("correction", r"1-\beta^{t}", "correct", ""),
    ("correction", r"\hat m_t = m_t/(1-\beta^t)", "correct", "corrected estimate"),
    ("correction", r"c = 1 - \beta^t", "correct", ""),
    ("correction", r"1-\beta", "incorrect", "not by 1 - beta"),
    ("correction", r"\beta^t", "incorrect", "not beta^t"),
    ("correction", r"1+\beta^t", "incorrect", ""),
    ("correction", r"t", "incorrect", ""),
    ("variance", r"s^2\frac{(1-\beta)(1-\beta^{2t})}{1+\beta}", "correct", ""),
    ("variance", r"\frac{(1-\beta)\,s^2\,(1-\beta^{2t})}{1+\beta}", "correct", ""),
    ("variance", r"(1-\beta)^2 s^2 \frac{1-\beta^{2t}}{1-\beta^2}", "correct", ""),
    ("variance", r"\operatorname{Var}(m_t) = (1-\beta)^2 s^2 \sum_{i=1}^{t} \beta^{2(t-i)}", "correct", ""),
    ("variance", r"\frac{1-\beta}{1+\beta}s^2", "partial", "limit as t grows"),
    ("variance", r"s^2(1-\beta^t)", "incorrect", "squared weights"),
    ("variance", r"(s^2+\mu^2)\frac{(1-\beta)(1-\beta^{2t})}{1+\beta}", "incorrect", "does not depend on mu"),
    ("variance", r"s^2", "incorrect", ""),
]

SOFTMAX = [
    ("gradient", "p_j - y_j", "correct", ""),
    ("gradient", "p - y", "correct", ""),
    ("gradient", r"\mathbf{p} - \mathbf{y}", "correct", ""),
    ("gradient", r"\operatorname{softmax}(z)_j - y_j", "correct", "softmax"),
    ("gradient", r"\frac{e^{z_j}}{\sum_l e^{z_l}} - y_j", "correct", "softmax"),
    ("gradient", r"\frac{\partial L}{\partial z_j} = p_j - y_j", "correct", ""),
    ("gradient", "y_j - p_j", "incorrect", "sign is reversed"),
    ("gradient", "y - p", "incorrect", "sign is reversed"),
    ("gradient", r"-\frac{y_j}{p_j}", "incorrect", "normaliser"),
    ("gradient", "p_j", "incorrect", ""),
    ("hessian", r"\operatorname{diag}(p) - pp^\top", "correct", ""),
    ("hessian", r"\mathrm{diag}(p) - p p^T", "correct", ""),
    ("hessian", r"\mathrm{diag}(\mathbf{p}) - \mathbf{p}\mathbf{p}^{\top}", "correct", ""),
    ("hessian", r"p_j(\delta_{jm} - p_m)", "correct", ""),
    ("hessian", r"p_j\delta_{jm} - p_jp_m", "correct", ""),
    ("hessian", r"\delta_{j,m} p_j - p_j p_m", "correct", ""),
    ("hessian", r"\operatorname{diag}(p)", "incorrect", "diagonal part"),
    ("hessian", r"-p_j p_m", "incorrect", "diagonal also"),
    ("hessian", r"pp^T - \operatorname{diag}(p)", "incorrect", "positive semi-definite"),
    ("hessian", r"p_j\delta_{jm} - y_j p_m", "incorrect", "does not depend on y"),
]

SAMPLE_MEAN = [
    ("mean", "p", "correct", ""),
    ("mean", r"\mathbb{E}[\bar X] = p", "correct", ""),
    ("mean", r"\frac{np}{n}", "correct", ""),
    ("mean", "0.3", "incorrect", ""),
    ("mean", "np", "incorrect", "not n p"),
    ("mean", "p/n", "incorrect", ""),
    ("mean", "1-p", "incorrect", ""),
    ("mean", "0", "incorrect", ""),
    ("variance", "p(1-p)/n", "correct", ""),
    ("variance", r"\frac{p(1-p)}{n}", "correct", ""),
    ("variance", r"\operatorname{Var}(\bar X) = p(1-p)/n", "correct", ""),
    ("variance", r"\mathrm{Var}(\bar{X})=\frac{p - p^2}{n}", "correct", ""),
    ("variance", "p*(1-p)/n", "correct", ""),
    ("variance", "p(1-p)", "incorrect", "variance of one draw"),
    ("variance", r"\sqrt{p(1-p)/n}", "incorrect", "standard error"),
    ("variance", r"\frac{p(1-p)}{n^2}", "incorrect", "with n draws"),
    ("variance", "p/n", "incorrect", "not p"),
    ("variance", "(1-p)/n", "incorrect", ""),
    ("value", "0.000525", "correct", ""),
    ("value", r"5.25\times 10^{-4}", "correct", ""),
    ("value", "21/40000", "correct", ""),
    ("value", r"\frac{0.3 \cdot 0.7}{400}", "correct", ""),
    ("value", "0.21", "incorrect", "variance of one draw"),
    ("value", "0.0229", "incorrect", "standard error"),
    ("value", "0.00075", "incorrect", "not p"),
    ("value", "1.3125e-6", "incorrect", "with n draws"),
    ("value", "0.0005", "incorrect", ""),
]

TABLES = {"dlstats/attention": ATTENTION, "dlstats/he_init": HE_INIT, "dlstats/dropout": DROPOUT,
          "dlstats/adam": ADAM, "dlstats/softmax": SOFTMAX, "dlstats/sample_mean": SAMPLE_MEAN}
ROWS = [(part_id, *row) for part_id, rows in TABLES.items() for row in rows]


@pytest.mark.parametrize("part_id, slot, answer, status, phrase", ROWS,
                         ids=[f"{p.split('/')[1]}-{s}-{a[:30]}" for p, s, a, _, _ in ROWS])
def test_answer_is_graded_as_an_instructor_would(part_id, slot, answer, status, phrase):
    verdict = grade(part_id, slot, answer)
    assert verdict.status == status, (verdict.interpreted_as, verdict.method, verdict.feedback)
    assert phrase in verdict.feedback, verdict.feedback
    assert verdict.reference and verdict.method  # every verdict explained


@pytest.mark.parametrize("part_id", list(TABLES))
def test_every_slot_has_eight_answers_right_and_wrong(part_id):
    rows = collections.defaultdict(list)
    for slot, _, status, _ in TABLES[part_id]:
        rows[slot].append(status)
    assert set(rows) == {slot.name for slot in part(part_id).slots}
    for slot, statuses in rows.items():
        assert len(statuses) >= 8, slot
        assert "correct" in statuses and "incorrect" in statuses, slot


@pytest.mark.parametrize("part_id", list(TABLES))
def test_every_misconception_is_exercised(part_id):
    built = part(part_id)
    for slot in built.slots:
        phrases = [phrase for name, _, status, phrase in TABLES[part_id] if name == slot.name and phrase
                   and status != "correct"]
        for misconception in slot.misconceptions:
            if misconception.message.startswith("This matches the answer for"):
                continue  # other students' values: only for a student's own variant
            assert any(phrase in misconception.message for phrase in phrases), (slot.name, misconception.message)


# Answers as they come from chats and scanned work: Unicode, words around the formula, a conclusion after "so".
REALISTIC = [
    ("dlstats/attention", "variance", "Var(q·k) = d_k", "correct"),
    ("dlstats/attention", "scale", "1/√d_k", "correct"),
    ("dlstats/attention", "scale", "divide by √64 = 8, so s = 0.125", "correct"),  # the conclusion is the answer
    ("dlstats/attention", "scale", r"s^2 d_k = 1 \text{ so } s = 1/8", "correct"),
    ("dlstats/attention", "scale", r"s = 1/\sqrt{d_k}, so Var(s q\cdot k)=1", "unparseable"),  # which is meant?
    ("dlstats/attention", "mean", "E[q·k] = Σ E[q_i]E[k_i] = 0", "correct"),
    ("dlstats/he_init", "relu_mean", "1/√(2π) ≈ 0.399", "correct"),
    ("dlstats/he_init", "weight_variance", "σ² = 2/256 = 1/128", "correct"),
    ("dlstats/he_init", "weight_variance", r"\sigma_w^2 = \frac{2}{n}", "correct"),
    ("dlstats/he_init", "weight_variance", "σ² = 1/n", "incorrect"),
    ("dlstats/dropout", "variance", "x_k²(1−p)/p", "correct"),
    ("dlstats/dropout", "norm", "‖x‖²/p", "correct"),
    ("dlstats/dropout", "norm", "||x||^2 / p", "correct"),
    ("dlstats/dropout", "mean", "E[y_k] = x_k (unbiased)", "unparseable"),  # not the product unbiased * x_k
    ("dlstats/adam", "mean", "μ(1−βᵗ)", "correct"),
    ("dlstats/adam", "correction", r"\hat{m}_t = \frac{m_t}{1-\beta^t}", "correct"),
    ("dlstats/softmax", "gradient", "∂L/∂z_j = p_j − y_j", "correct"),
    ("dlstats/softmax", "gradient", r"\nabla_z L = p - y", "correct"),
    ("dlstats/softmax", "hessian", "diag(p) − ppᵀ", "correct"),
    ("dlstats/softmax", "hessian", r"H_{jm} = p_j(\delta_{jm} - p_m)", "correct"),
    ("dlstats/softmax", "hessian", r"H_{ij} = p_i\delta_{ij} - p_i p_j", "correct"),  # the left side names i, j
    ("dlstats/softmax", "hessian", r"p_i\delta_{ij} - p_i p_j", "needs_review"),  # which of i, j is the row?
    ("dlstats/softmax", "hessian", r"p_j*(δ_{jm} - p_m)", "correct"),
    ("dlstats/softmax", "hessian", r"diag(p) - p*p^T", "correct"),
    ("dlstats/softmax", "hessian", r"p_j I_{jm} - p_j p_m", "correct"),
    ("dlstats/softmax", "gradient", "p_i - y_i", "correct"),  # one index, renamed
    ("dlstats/softmax", "gradient", "p_i - y_j", "needs_review"),
    ("dlstats/dropout", "norm", r"x^T x / p", "correct"),
    ("dlstats/dropout", "norm", r"\frac{x \cdot x}{p}", "correct"),
    ("dlstats/dropout", "norm", "‖x‖₂²/p", "correct"),
    ("dlstats/dropout", "norm", r"\frac{\left\lVert x\right\rVert^2}{p}", "correct"),
    ("dlstats/he_init", "weight_variance", r"\sigma^2(n) = 2/n", "correct"),  # a left side's call is a call
    ("dlstats/he_init", "weight_variance", r"\sigma_w = \sqrt{2/n}", "correct"),
    ("dlstats/sample_mean", "variance", "np(1-p)/n^2", "correct"),
    ("dlstats/softmax", "hessian", r"\mathrm{diag}(p)-p^\top p", "incorrect"),  # p^T p is a number, not p p^T
    ("dlstats/sample_mean", "variance", "Var(X̄) = p(1-p)/n", "correct"),
    ("dlstats/sample_mean", "value", "0.3·0.7/400 = 0.000525", "correct"),
    ("dlstats/sample_mean", "variance", r"\frac{p(1-p)}{n-1}", "incorrect"),
]


@pytest.mark.parametrize("part_id, slot, answer, status", REALISTIC)
def test_realistic_answers(part_id, slot, answer, status):
    assert grade(part_id, slot, answer).status == status


@settings(max_examples=15, deadline=None)
@given(numerator=st.integers(1, 9), denominator=st.integers(1, 9))
def test_a_scale_off_by_a_factor_is_never_correct(numerator, denominator):
    verdict = grade("dlstats/attention", "scale", rf"\frac{{{numerator}}}{{{denominator}\sqrt{{d_k}}}}")
    assert (verdict.status == "correct") == (numerator == denominator), verdict.interpreted_as


@settings(max_examples=15, deadline=None)
@given(first=st.integers(-3, 3), second=st.integers(-3, 3))
def test_a_gradient_is_correct_only_with_both_coefficients_one(first, second):
    verdict = grade("dlstats/softmax", "gradient", f"{first} p - {second} y")
    assert (verdict.status == "correct") == (first == 1 and second == 1), verdict.interpreted_as


@settings(max_examples=15, deadline=None)
@given(factor=st.fractions(min_value=sp.Rational(1, 4), max_value=4, max_denominator=7))
def test_the_adam_variance_times_any_other_factor_is_never_correct(factor):
    verdict = grade("dlstats/adam", "variance",
                    rf"\frac{{{factor.numerator}}}{{{factor.denominator}}} s^2\frac{{(1-\beta)(1-\beta^{{2t}})}}{{1+\beta}}")
    assert (verdict.status == "correct") == (factor == 1), verdict.interpreted_as
