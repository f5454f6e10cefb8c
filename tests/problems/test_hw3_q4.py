"""hw3 Q4: gradient estimators derived step by step, and confirmed by simulation in k dimensions."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.simulation.estimators import estimator_records
from derive.simulation.records import VerifyConfig
from derive.render.derivations import derivation_text
from derive.gradients.nodes import DensityFamily, ExpectationUnder, IsotropicNormal, Sampler, Score, expect
from derive.gradients.standard_form import same_standard_form, standard_form
from problems.hw3 import q4
from bank import part

mu, sigma, theta, x, z, f = q4.mu, q4.sigma, q4.theta, q4.x, q4.z, q4.f


def test_gaussian_score_is_derived_from_the_log_density():
    score = q4.derive_gaussian_score()
    assert score.steps[0].expr.has(sp.log) and isinstance(score.steps[0].expr, sp.Derivative)
    i = sp.Symbol("i", integer=True)
    assert sp.simplify(score.result - (sp.IndexedBase("x")[i] - sp.IndexedBase("mu")[i]) / sigma**2) == 0
    assert [step.rule for step in score.steps] == ["definition", "differentiate", "Kronecker delta", "given"]


def test_4a_reference_is_the_score_function_estimator():
    reference = part("hw3/4a").slot("g_x").reference
    assert reference == expect(f(x) * (x - mu) / sigma**2, x, IsotropicNormal(mu, sigma**2))
    rules = [step.rule for step in part("hw3/4a").derivations[1].steps]
    assert rules == ["definition", "log-derivative trick", "score of the density"]


def test_4a_solve_output_shows_the_score_worked_out():
    text = "\n".join(derivation_text(d) for d in part("hw3/4a").derivations)
    assert "log p_mu(x) = -(k/2) log(2 pi sigma^2)" in text
    assert "log-derivative trick" in text and "✓ test-functions" in text


def test_4b_and_4c_references_agree_with_4a():
    a = standard_form(part("hw3/4a").slot("g_x").reference)
    for part_id, slot in (("hw3/4b", "grad_std_normal"), ("hw3/4c", "grad_p0")):
        assert same_standard_form(a, standard_form(part(part_id).slot(slot).reference)), part_id
    assert part("hw3/4c").slot("grad_p0").reference.atoms(ExpectationUnder).pop().law == IsotropicNormal(0, sigma**2)
    assert part("hw3/4b").slot("grad_std_normal").alternates[0].answers == "objective"


def test_4c_stein_form_is_the_pathwise_gradient():
    stein = part("hw3/4c").derivations[1]
    assert "Stein's lemma" in [step.rule for step in stein.steps]
    assert stein.result == expect(f(mu + x).diff(mu), x, IsotropicNormal(0, sigma**2))


def test_4d_is_the_log_derivative_trick_for_any_family():
    reference = part("hw3/4d").slot("score_function").reference
    assert reference == expect(f(x) * Score(DensityFamily(theta), x, theta), x, DensityFamily(theta))


def test_4e_special_case_is_the_pathwise_gradient_of_4b():
    general, special = part("hw3/4e").derivations
    assert general.result.has(sp.Derivative)
    assert special.steps[-1].check.equal
    sampler = part("hw3/4e").slot("special_case_g_pz").reference
    assert isinstance(sampler, Sampler) and sampler.induced_law() == IsotropicNormal(theta, sigma**2)


def test_simulation_rejects_a_wrong_estimator():
    wrong = expect(f(mu + sigma * z) * z, z, IsotropicNormal(0, 1))  # the 1/sigma is missing
    records = estimator_records("hw3/4b", "grad_std_normal", "wrong", wrong, mu, sigma, 0.5, q4.TEST_FUNCTIONS,
                                q4.MC_MEAN, VerifyConfig(samples=20000))
    assert not any(record.passed for record in records)


@pytest.mark.parametrize("part_id", ["hw3/4a", "hw3/4b", "hw3/4c"])
def test_every_estimator_is_simulated_with_both_test_functions(part_id):
    records = part(part_id).verify(VerifyConfig(samples=4000, seed=3))
    names = {r.closed_form for r in records}
    assert any("f = sines" in n for n in names) and any("f = quadratic" in n for n in names)
    assert all(r.passed and r.dims["k"] == 3 for r in records)
