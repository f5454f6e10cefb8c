"""Modes expectation and law: equivalent gradient estimators are one answer, corrupted ones are not."""
from __future__ import annotations

import pytest

from graders.modes.expectation import compare_expectations, read
from bank import grade, part


FOUR_FORMS = {
    "score over p_mu": r"\mathbb{E}_{x\sim p_\mu}\left[f(x)\frac{x-\mu}{\sigma^2}\right]",
    "score over N(0,I)": r"\mathbb{E}_{z\sim\mathcal{N}(0,I)}\left[f(\mu+\sigma z)\frac{z}{\sigma}\right]",
    "score over p_0": r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma^2}\right]",
    "pathwise over p_0": r"\mathbb{E}_{x\sim p_0}[\nabla f(\mu+x)]",
}
CORRUPTED = {
    "missing 1/sigma": (r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\, x\right]", "factor"),
    "wrong sign": (r"-\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma^2}\right]", "sign"),
    "dropped z": (r"\mathbb{E}_{x\sim p_0}\left[\frac{f(\mu+x)}{\sigma^2}\right]", "missing"),
    "sigma for sigma^2": (r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma}\right]", "factor"),
}


@pytest.mark.parametrize("name", sorted(FOUR_FORMS))
def test_four_forms_have_the_value_of_the_4c_reference(name):
    form = part("hw3/4c").slot("grad_p0").sampling
    statement = read(FOUR_FORMS[name], form).statements[-1]
    assert compare_expectations(statement.value, part("hw3/4c").slot("grad_p0").reference).outcome == "equal"


@pytest.mark.parametrize("name", ["score over p_0", "pathwise over p_0"])
def test_forms_over_p0_are_correct_for_4c(name):
    verdict = grade("hw3/4c", "grad_p0", r"\nabla_\mu F(\mu) = " + FOUR_FORMS[name])
    assert verdict.status == "correct", verdict
    assert verdict.method.startswith("expectation:")


@pytest.mark.parametrize("name", ["score over p_mu", "score over N(0,I)"])
def test_forms_over_another_law_are_partial_for_4c(name):
    verdict = grade("hw3/4c", "grad_p0", FOUR_FORMS[name])
    assert verdict.status == "partial" and verdict.score == 0.5, verdict
    assert "p_0" in verdict.feedback


@pytest.mark.parametrize("name", sorted(CORRUPTED))
def test_corrupted_forms_are_incorrect_with_a_reason(name):
    answer, word = CORRUPTED[name]
    verdict = grade("hw3/4c", "grad_p0", answer)
    assert verdict.status == "incorrect", verdict
    assert word in verdict.feedback.lower()


def test_4a_integrand_alone_is_read_as_g_of_x():
    assert grade("hw3/4a", "g_x", r"g(x) = \frac{f(x)(x-\mu)}{\sigma^2}").status == "correct"
    assert grade("hw3/4a", "g_x", r"g(x) = f(x)(x-\mu)").status == "incorrect"
    assert grade("hw3/4a", "g_x", r"f(x)\,\nabla_\mu \log p_\mu(x)").status == "correct"


def test_4b_left_side_decides_between_gradient_and_objective():
    assert grade("hw3/4b", "grad_std_normal", r"F(\mu) = \mathbb{E}_{z}[f(\mu+\sigma z)]").status == "correct"
    assert grade("hw3/4b", "grad_std_normal", r"\nabla_\mu F(\mu) = \mathbb{E}_{z}[f(\mu+\sigma z)]").status \
        == "incorrect"
    assert grade("hw3/4b", "grad_std_normal", r"\nabla_\mu F = E_z[\nabla f(\mu+\sigma z)]").status == "correct"
    assert grade("hw3/4b", "grad_std_normal", r"F(\mu) = \mathbb{E}_{z}[f(\mu+z)]").status == "incorrect"


def test_4d_score_function_forms():
    assert grade("hw3/4d", "score_function",
                 r"\mathbb{E}_{x\sim p_\theta}\left[f(x)\frac{\nabla_\theta p_\theta(x)}{p_\theta(x)}\right]").status \
        == "correct"
    assert grade("hw3/4d", "score_function",
                 r"\mathbb{E}_{x\sim p_\theta}[\nabla_\theta f(x)]").status == "incorrect"
    assert grade("hw3/4d", "score_function", r"g(x) = f(x)\nabla_{\theta}\log p_{\theta}(x)").status == "correct"


@pytest.mark.parametrize("answer", [
    r"g(z,\theta) = \theta + \sigma z,\quad p(z) = \mathcal{N}(0, I)",
    r"g(z,\theta) = \theta + z,\quad p(z) = \mathcal{N}(0, \sigma^2 I)",
    r"z\sim\mathcal{N}(0,I),\ g(z,\mu) = \mu + \sigma z",
    r"g(z, \theta) = \sigma z + \theta \text{ and } p(z) = \mathcal{N}(0, I_k)",
    r"g(z,\theta) = \theta + \sigma z, \qquad z \sim p(z) = \mathcal{N}(0, I)",  # the density named on the way
])
def test_samplers_inducing_the_law_are_correct(answer):
    verdict = grade("hw3/4e", "special_case_g_pz", answer)
    assert verdict.status == "correct", verdict
    assert verdict.method == "law:mean-covariance"


def test_sampler_with_the_wrong_variance_is_told_so():
    verdict = grade("hw3/4e", "special_case_g_pz", r"g(z,\theta) = \theta + z,\quad p(z) = \mathcal{N}(0, I)")
    assert verdict.status == "incorrect"
    assert "covariance" in verdict.feedback and "variance" in verdict.feedback


def test_sampler_with_the_wrong_mean_or_a_nonlinear_map_is_incorrect():
    assert grade("hw3/4e", "special_case_g_pz", r"g(z,\theta) = \sigma z,\ p(z) = N(0, I)").status == "incorrect"
    assert grade("hw3/4e", "special_case_g_pz", r"g(z,\theta) = \theta + \sigma z^3,\ p(z) = N(0, I)").status \
        == "incorrect"
    assert grade("hw3/4e", "special_case_g_pz", r"g(z,\theta) = \theta + \sigma z").status == "needs_review"
    assert grade("hw3/4e", "special_case_g_pz",
                 r"g(z,\theta) = \theta + \sigma z,\ z \sim p(z) = \mathcal{N}(0, \sigma^2 I)").status == "incorrect"


HOSTILE = [
    r"\mathbb{E}_{x\sim p_\mu}\left[f(x)(x-\mu)",
    r"\mathbb{E}_{x\sim p_\mu}]f(x)[",
    "x_{" * 500 + "1" + "}" * 500,
    r"\mathbb{E}_{" * 500 + "x",
    "[" * 100000,
    r"\input{/etc/passwd}",
    r"\mathbb{E}_{x\sim p_\mu}[\immediate\write18{touch pwned}]",
    "__import__('os').system('true')",
    r"\mathbb{E}_{z}[f(\mu+\sigma z)^{10^{10^{10}}}]",
    "E_z[" + "f(" * 3000 + "z" + ")" * 3000 + "]",
    "x" * 1_000_000,
]


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_expectations_end_with_a_clear_status(answer):
    verdict = grade("hw3/4c", "grad_p0", answer)
    assert verdict.status in ("unparseable", "incorrect", "needs_review"), verdict


def test_unbraced_frac_digits_and_sums_of_expectations():
    answer = (r"\frac12\mathbb{E}_{x\sim p_0}[f(\mu+x)x/\sigma^2] + "
              r"\frac12\mathbb{E}_{x\sim p_0}[\nabla f(\mu+x)]")
    assert grade("hw3/4c", "grad_p0", answer).status == "correct"


@pytest.mark.parametrize("density", [r"p(x|\theta)", r"p(x;\theta)", r"p(x \mid \theta)"])
def test_conditional_density_notations_for_4d(density):
    verdict = grade("hw3/4d", "score_function", rf"\mathbb{{E}}_{{x\sim p_\theta}}[f(x)\nabla_\theta\log {density}]")
    assert verdict.status == "correct", verdict
