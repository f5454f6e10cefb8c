"""Expectations under sampling laws: nodes, rules, the test-function checker and the standard form."""
import numpy as np
import pytest
import sympy as sp

from derive.gradients import rules as G
from derive.equality import check_equal
from derive.derivation import Derivation, StepCheckError
from derive.simulation.estimators import ConcreteFunction, estimator_draws, exact_gradient
from derive.render.expressions import expr_latex, expr_text
from derive.gradients.nodes import (BaseLaw, Density, DensityFamily, ExpectationUnder, IsotropicNormal, Sampler, Score,
                             expect, gradient, induced_law)
from derive.gradients.concrete import check_with_test_functions
from derive.gradients.standard_form import same_standard_form, standard_form

mu, theta = sp.symbols("mu theta", real=True)
sigma = sp.Symbol("sigma", positive=True)
x, y, z = sp.symbols("x y z", real=True)
f, g = sp.Function("f"), sp.Function("g")
P_MU, P_0, STANDARD = IsotropicNormal(mu, sigma**2), IsotropicNormal(0, sigma**2), IsotropicNormal(0, 1)

SCORE_FORM = expect(f(x) * (x - mu) / sigma**2, x, P_MU)
EQUIVALENT = {
    "score over z": expect(f(mu + sigma * z) * z / sigma, z, STANDARD),
    "score over p_0": expect(f(mu + x) * x / sigma**2, x, P_0),
    "pathwise over p_0": expect(f(mu + x).diff(mu), x, P_0),
    "pathwise over z": expect(f(mu + sigma * z).diff(mu), z, STANDARD),
    "the definition": gradient(expect(f(x), x, P_MU), mu),
    "unevaluated score": expect(f(x) * Score(P_MU, x, mu), x, P_MU),
}
CORRUPTED = {
    "missing 1/sigma": expect(f(mu + sigma * z) * z, z, STANDARD),
    "wrong sign": -expect(f(mu + sigma * z) * z / sigma, z, STANDARD),
    "dropped z": expect(f(mu + sigma * z) / sigma, z, STANDARD),
    "sigma for sigma^2": expect(f(mu + x) * x / sigma, x, P_0),
}


def test_expectation_node_binds_its_variable():
    node = expect(f(x) * x, x, P_MU)
    assert node.free_symbols == {mu, sigma}
    assert isinstance(sp.Derivative(node, sigma).doit(), sp.Derivative)  # the law moves with sigma
    assert isinstance(sp.diff(expect(f(mu + z), z, STANDARD), mu), ExpectationUnder)
    assert isinstance(sp.Derivative(node, mu).doit(), sp.Derivative)


def test_rendering_names_the_law_and_gradients():
    text = expr_text(expect(f(mu + sigma * z).diff(mu), z, STANDARD))
    assert text == "E_{z~N(0, I)}[∇f(mu + sigma·z)]"
    latex = expr_latex(SCORE_FORM)
    assert latex.startswith(r"\mathbb{E}_{x \sim \mathcal{N}\left(\mu, \sigma^{2} I\right)}")
    assert r"\nabla_{\theta} \log p_{\theta}" in expr_latex(Score(DensityFamily(theta), x, theta))


@pytest.mark.parametrize("name", sorted(EQUIVALENT))
def test_equivalent_forms_pass_the_test_function_check(name):
    verdict, _ = check_with_test_functions(SCORE_FORM, EQUIVALENT[name])
    assert verdict == "equal"


@pytest.mark.parametrize("name", sorted(CORRUPTED))
def test_corrupted_forms_fail_the_test_function_check(name):
    verdict, detail = check_with_test_functions(SCORE_FORM, CORRUPTED[name])
    assert verdict == "different", detail


@pytest.mark.parametrize("name", sorted(EQUIVALENT))
def test_equivalent_forms_share_one_standard_form(name):
    assert same_standard_form(standard_form(SCORE_FORM), standard_form(EQUIVALENT[name]))


@pytest.mark.parametrize("name", sorted(CORRUPTED))
def test_corrupted_forms_have_another_standard_form(name):
    assert not same_standard_form(standard_form(SCORE_FORM), standard_form(CORRUPTED[name]))


def test_general_family_log_derivative_is_checked_against_concrete_families():
    start = gradient(expect(f(x), x, DensityFamily(theta)), theta)
    right = expect(f(x) * Score(DensityFamily(theta), x, theta), x, DensityFamily(theta))
    pathwise_by_mistake = expect(f(x).diff(x), x, DensityFamily(theta))
    assert check_equal(start, right).equal
    assert check_equal(start, pathwise_by_mistake).outcome == "different"


def test_log_derivative_rule_and_stein_rule():
    start = gradient(expect(f(x), x, P_MU), mu)
    after = G.log_derivative_trick(start)
    assert after == expect(f(x) * Score(P_MU, x, mu), x, P_MU)
    stein = G.stein(expect(f(mu + x) * x / sigma**2, x, P_0))
    assert sp.simplify(stein.body - f(mu + x).diff(mu)) == 0
    # Stein twice: E[z^2 h] = E[h] + E[h''] for the standard normal
    twice = G.stein(expect(z**2 * f(z), z, STANDARD))
    assert check_equal(expect(z**2 * f(z), z, STANDARD), twice).equal


def test_a_derivation_refuses_a_wrong_rule():
    wrong = G.Rule("bad change of variables", "forgets the scale",
                   lambda e: e.replace(lambda n: isinstance(n, ExpectationUnder),
                                       lambda n: ExpectationUnder(n.body.xreplace({n.variable: mu + z}), z, STANDARD)))
    derivation = Derivation("bad", "F", expect(f(x), x, P_MU))
    with pytest.raises(StepCheckError):
        derivation.apply(wrong)


def test_change_of_variables_targets_any_gaussian():
    rule = G.change_of_variables(y, P_0)
    assert rule(expect(f(x), x, P_MU)) == expect(f(mu + y), y, P_0)
    assert G.change_of_variables(z, STANDARD)(expect(f(x), x, P_MU)) == expect(f(mu + sigma * z), z, STANDARD)


def test_induced_law_of_affine_samplers():
    assert induced_law(theta + sigma * z, z, STANDARD) == IsotropicNormal(theta, sigma**2)
    assert induced_law(theta + z, z, P_0) == IsotropicNormal(theta, sigma**2)
    assert induced_law(theta + z, z, STANDARD) == IsotropicNormal(theta, 1)
    assert induced_law(theta + z**3, z, STANDARD) is None
    assert induced_law(theta + z, z, BaseLaw()) is None
    assert Sampler(theta + sigma * z, z, STANDARD).induced_law().variance == sigma**2


def test_density_family_differentiates_like_a_function():
    ratio = sp.diff(sp.log(Density(x, theta)), theta)
    assert ratio == sp.Derivative(Density(x, theta), theta) / Density(x, theta)


def test_estimators_reproduce_the_exact_gradient():
    u = sp.symbols("u1:3", real=True)
    quadratic = ConcreteFunction("quadratic", u[0] ** 2 + u[0] * u[1], u)
    exact = exact_gradient(quadratic, (0.5, -1.0), sp.Float(0.7))
    assert np.allclose(exact, [2 * 0.5 - 1.0, 0.5])
    rng = np.random.default_rng(0)
    pathwise = expect(f(mu + sigma * z).diff(mu), z, STANDARD)
    draws = estimator_draws(pathwise, mu, quadratic, (0.5, -1.0), {sigma: 0.7}, 4000, rng)
    assert draws.shape == (4000, 2)
    assert np.allclose(draws.mean(axis=0), exact, atol=5 * draws.std(axis=0).max() / np.sqrt(4000))
