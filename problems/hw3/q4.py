"""hw3 Q4: score-function and reparameterization gradients of F(mu) = E_{x ~ p_mu}[f(x)]."""
from __future__ import annotations

import sympy as sp

from derive import (Alternate, Derivation, PartBuilder, SamplingForm, VerifyConfig, VerifyRecord, dimension, index,
                    part, scale)
from derive.gradients import rules as G
from derive.gradients.nodes import BaseLaw, DensityFamily, IsotropicNormal, Sampler, expect, gradient
from derive.simulation.estimators import ConcreteFunction, estimator_records

mu = sp.Symbol("mu", real=True)
theta = sp.Symbol("theta", real=True)
sigma = scale("sigma")
x, y, z = sp.symbols("x y z", real=True)
k = dimension("k")
f = sp.Function("f")
g = sp.Function("g")

SYMBOLS = {"mu": mu, "theta": theta, "sigma": sigma, "x": x, "y": y, "z": z, "k": k}
STANDARD = IsotropicNormal(0, 1)


def p(mean: sp.Expr) -> IsotropicNormal:
    """``p_m = N(m, sigma^2 I)``: the family of Q4 (a)-(c); ``p_0`` is ``N(0, sigma^2 I)``."""
    return IsotropicNormal(mean, sigma**2)


def _form(required, note: str, integrand_law=None) -> SamplingForm:
    return SamplingForm(
        parameter=mu, symbols=SYMBOLS, parameter_aliases={"theta": "mu"}, families={"p": p},
        default_laws={"z": STANDARD, "x": p(mu), "y": p(0)},
        integrand_variable=x if integrand_law is not None else None, integrand_law=integrand_law,
        required_law=required, wrong_law_note=note,
    )


def derive_gaussian_score() -> Derivation:
    """``grad_{mu_i} log p_mu(x)`` by differentiating the k-dimensional log-density."""
    i, j = index("i"), index("j")
    xs, mus = sp.IndexedBase("x"), sp.IndexedBase("mu")
    log_density = p(mus).log_density(xs, k, j)
    derivation = Derivation("Score of N(mu, sigma^2 I)", r"\nabla_{\mu_i} \log p_\mu(x)",
                            sp.Derivative(log_density, mus[i]),
                            "log p_mu(x) = -(k/2) log(2 pi sigma^2) - ||x - mu||^2 / (2 sigma^2)")
    derivation.step(sp.Derivative(log_density, mus[i]).doit(), "differentiate",
                    "term by term: d(x_j - mu_j)^2 / d mu_i = -2 (x_j - mu_j) delta_ij")
    derivation.step(sp.simplify(derivation.result), "Kronecker delta", "the sum keeps only j = i")
    derivation.given(sp.And(i >= 1, i <= k), "i is one of the k coordinates")
    return derivation


def score_of_p() -> sp.Lambda:
    """The derived score, read in the one-coordinate model: ``x -> (x - mu) / sigma^2``."""
    score = derive_gaussian_score().result
    i = index("i")
    point = sp.Dummy("point")
    return sp.Lambda(point, score.xreplace({sp.IndexedBase("x")[i]: point, sp.IndexedBase("mu")[i]: mu}))


def derive_score_gradient() -> Derivation:
    """4a: ``grad_mu F = E_{x~p_mu}[f(x) (x - mu) / sigma^2]``."""
    derivation = Derivation("4a: score-function gradient", r"\nabla_\mu F(\mu)",
                            gradient(expect(f(x), x, p(mu)), mu), "F(mu) = E_{x ~ p_mu}[f(x)]")
    derivation.apply(G.LOG_DERIVATIVE, G.substitute_score(p(mu), mu, score_of_p()))
    return derivation


def derive_pathwise_standard() -> Derivation:
    """4b/4c: differentiating the reparameterized objective gives ``E_z[grad f(mu + sigma z)]``."""
    derivation = Derivation("4b: pathwise gradient over a standard normal", r"\nabla_\mu F(\mu)",
                            gradient(expect(f(x), x, p(mu)), mu), "F(mu) = E_{x ~ p_mu}[f(x)]")
    return derivation.apply(G.change_of_variables(z, STANDARD), G.PATHWISE)


def gaussian_sampler() -> Sampler:
    """The sampler behind parts (b) and (c): the change of variables to N(0, I), with theta for mu."""
    return G.reparameterization(p(theta), z, STANDARD, theta)


def derive_special_case(general: Derivation, sampler: Sampler) -> Derivation:
    """4e: with the sampler of part (b) the general identity is the pathwise gradient of part (b)."""
    u, v = sp.Dummy("u"), sp.Dummy("v")
    transform = sp.Lambda((u, v), sampler.transform.xreplace({sampler.variable: u, theta: v}))
    special = G.replace_law(BaseLaw(), sampler.law)(G.apply_function(g, transform)(general.result))
    derivation = Derivation("4e: the Gaussian special case", r"\nabla_\theta F(\theta)", special,
                            f"the general identity with g(z, theta) = {sp.sstr(sampler.transform)}, "
                            f"p = {sp.sstr(sampler.law)}: grad_theta g = I")
    pathwise = derive_pathwise_standard().result.xreplace({mu: theta})
    derivation.step(pathwise, "part (b)", "the pathwise gradient of part (b), with theta for mu")
    return derivation


_ARGS = sp.symbols("u1:4", real=True)
TEST_FUNCTIONS = (
    ConcreteFunction("sines", sum(sp.sin((n + 1) * u) for n, u in enumerate(_ARGS)), _ARGS),
    ConcreteFunction("quadratic", _ARGS[0]**2 / 2 + _ARGS[0] * _ARGS[1] - _ARGS[2]**2 + 3 * _ARGS[2], _ARGS),
)
MC_MEAN = (0.3, -0.7, 1.1)
MC_SIGMA = 0.8


def _estimator_checks(part_id: str, slot: str, estimators: dict[str, sp.Expr]):
    """Simulate each estimator for every test function: its mean must match the exact gradient."""
    def simulate(config: VerifyConfig) -> list[VerifyRecord]:
        return [record for name, estimator in estimators.items()
                for record in estimator_records(part_id, slot, name, _single(estimator), mu, sigma, MC_SIGMA,
                                                TEST_FUNCTIONS, MC_MEAN, config)]
    return simulate


def _single(expr: sp.Expr):
    """The expectation of ``c E[h]``, with c moved inside (the simulation averages one integrand)."""
    constant, node = expr.as_independent(*expr.atoms(type(expect(x, x, STANDARD))), as_Add=False)
    return type(node)(constant * node.body, node.variable, node.law)


@part("4a", "Score-function gradient of a Gaussian expectation", r"""
Let $p_\mu = \mathcal{N}(\mu, \sigma^2 I)$ on $\mathbb{R}^k$ and $F(\mu) = \mathbb{E}_{x \sim p_\mu}[f(x)]$ for a smooth
$f: \mathbb{R}^k \to \mathbb{R}$. Write $\nabla_\mu F(\mu)$ as $\mathbb{E}_{x \sim p_\mu}[g(x)]$: what is $g(x)$?
""", symbols=SYMBOLS)
def score_function_gaussian(b: PartBuilder) -> None:
    """The Gaussian score, and the gradient as an expectation under p_mu."""
    b.show(derive_gaussian_score())
    gradient_4a = b.show(derive_score_gradient())
    b.slot("g_x", "expectation", gradient_4a, "grad_mu F(mu) = E_{x ~ p_mu}[g(x)]: the integrand g(x)",
           sampling=_form(p(mu), "The value is right, but the question asks for an expectation over x ~ p_mu.",
                          integrand_law=p(mu)))
    b.check(_estimator_checks(b.id, "g_x", {"score": gradient_4a.result}))


@part("4b", "The gradient as an expectation over a standard normal", r"""
Rewrite $F(\mu)$ as an expectation over a standard normal $z \sim \mathcal{N}(0, I)$, and express $\nabla_\mu F(\mu)$
the same way.
""", symbols=SYMBOLS)
def gradient_over_standard_normal(b: PartBuilder) -> None:
    """F and the score-function gradient carried to z ~ N(0, I); Stein's lemma gives the pathwise form."""
    objective = b.derive("F over a standard normal", r"F(\mu)", expect(f(x), x, p(mu)), "definition",
                         G.change_of_variables(z, STANDARD))
    score_form = b.derive("gradient over a standard normal", r"\nabla_\mu F(\mu)", derive_score_gradient().result,
                          "part (a)", G.change_of_variables(z, STANDARD), G.SIMPLIFY_INSIDE)
    pathwise = b.show(derive_pathwise_standard())
    b.slot("grad_std_normal", "expectation", score_form,
           "grad_mu F(mu) (or F(mu)) as an expectation over z ~ N(0, I)",
           alternates=(Alternate(objective.result, 1.0, "F(mu) rewritten over a standard normal.",
                                 answers="objective"),),
           sampling=_form(STANDARD, "The value is right, but the question asks for an expectation over a standard "
                                    "normal z ~ N(0, I)."))
    b.check(_estimator_checks(b.id, "grad_std_normal", {"score over z": score_form.result,
                                                         "pathwise over z": pathwise.result}))


@part("4c", "The gradient as an expectation over p_0", r"""
Express $\nabla_\mu F(\mu)$ as an expectation over $p_0 = p_{\mu=0} = \mathcal{N}(0, \sigma^2 I)$.
""", symbols=SYMBOLS)
def gradient_over_p0(b: PartBuilder) -> None:
    """The score-function gradient carried to x ~ p_0, and Stein's lemma turning it into the pathwise form."""
    over_p0 = b.derive("gradient over p_0", r"\nabla_\mu F(\mu)", derive_score_gradient().result, "part (a)",
                       G.change_of_variables(x, p(0)), G.SIMPLIFY_INSIDE)
    stein_form = b.derive("Stein's lemma over p_0", r"\nabla_\mu F(\mu)", over_p0.result, "the line above",
                          G.STEIN, G.SIMPLIFY_INSIDE)
    b.slot("grad_p0", "expectation", over_p0, "grad_mu F(mu) as an expectation over x ~ p_0",
           sampling=_form(p(0), "Right value, wrong form: the question asks for an expectation over "
                                "p_0 = N(0, sigma^2 I); change variables so that x ~ p_0 (from z ~ N(0, I): "
                                "x = sigma z; from x ~ p_mu: x - mu)."))
    b.check(_estimator_checks(b.id, "grad_p0", {"score over p_0": over_p0.result,
                                                 "Stein over p_0": stein_form.result}))


@part("4d", "Score-function gradient for any density family", r"""
Now $p_\theta$ is any differentiable family of densities with parameter $\theta$ and
$F(\theta) = \mathbb{E}_{x \sim p_\theta}[f(x)]$. Write $\nabla_\theta F(\theta)$ as an expectation under $p_\theta$.
""", symbols=SYMBOLS)
def score_function_any_family(b: PartBuilder) -> None:
    """The log-derivative trick: grad_theta F = E_{x~p_theta}[f(x) grad_theta log p_theta(x)]."""
    family = DensityFamily(theta)
    general = b.derive("log-derivative trick", r"\nabla_\theta F(\theta)", gradient(expect(f(x), x, family), theta),
                       "F(theta) = E_{x ~ p_theta}[f(x)]", G.DIFFERENTIATE_DENSITY, G.LOG_DERIVATIVE)
    b.slot("score_function", "expectation", general, "grad_theta F(theta) as an expectation under p_theta",
           sampling=SamplingForm(parameter=theta, symbols=SYMBOLS, default_laws={"x": family}, integrand_variable=x,
                                 integrand_law=family, required_law=family,
                                 wrong_law_note="The question asks for an expectation under p_theta itself."))


@part("4e", "General reparameterization gradient and its Gaussian special case", r"""
Suppose $g(z, \theta)$ with $z \sim p(z)$ has law $p_\theta$. Show
$\nabla_\theta F(\theta) = \mathbb{E}_{z \sim p}[\nabla_\theta g(z, \theta)^\top \nabla f(g(z, \theta))]$, and give
$g$ and $p(z)$ for the special case of parts (b) and (c).
""", symbols=SYMBOLS)
def reparameterization_gradient(b: PartBuilder) -> None:
    """The general reparameterization gradient, and the sampler g(z, theta), p(z) of parts (b) and (c)."""
    general = b.derive("reparameterization gradient", r"\nabla_\theta F(\theta)",
                       gradient(expect(f(g(z, theta)), z, BaseLaw()), theta),
                       "g(z, theta) with z ~ p has law p_theta, so F(theta) = E_{z ~ p}[f(g(z, theta))]", G.PATHWISE)
    sampler = gaussian_sampler()
    special = b.show(derive_special_case(general, sampler))
    # the reference is the sampler itself, not the chain's result: the chain shows the sampler is the right one
    b.slot("special_case_g_pz", "law", sampler,
           "g(z, theta) and p(z) for the Gaussian case: g(z, theta) with z ~ p must have law N(theta, sigma^2 I)",
           derivation=special.title,
           sampling=SamplingForm(parameter=theta, symbols=SYMBOLS, parameter_aliases={"mu": "theta"},
                                 default_laws={"z": STANDARD}, required_law=IsotropicNormal(theta, sigma**2)))
    b.check(lambda config: _sampler_records(sampler, config))


def _sampler_records(sampler: Sampler, config: VerifyConfig) -> list[VerifyRecord]:
    """Draw g(z, theta) and compare its mean and variance with the law it must induce."""
    import numpy as np

    values = {theta: 0.4, sigma: MC_SIGMA}
    law = sampler.induced_law()
    rng = np.random.default_rng(config.seed)
    base_mean = float(sampler.law.mean.xreplace(values))
    base_std = float(sp.sqrt(sampler.law.variance).xreplace(values))
    base = base_mean + base_std * rng.standard_normal((config.samples, 3))
    draws = np.asarray(sp.lambdify([z, theta, sigma], sampler.transform, "numpy")(base, *values.values()))
    records = []
    for name, statistic, expected in (("mean", draws, float(law.mean.xreplace(values))),
                                      ("variance", (draws - draws.mean(axis=0)) ** 2,
                                       float(law.variance.xreplace(values)))):
        means = statistic.mean(axis=0)
        errors = statistic.std(axis=0, ddof=1) / np.sqrt(config.samples)
        worst = int(np.argmax(np.abs(means - expected) / errors))
        records.append(VerifyRecord(
            problem="hw3/4e", slot="special_case_g_pz", closed_form=f"{name} of g(z, theta) = {expected:.6g}",
            dims={"k": 3, "coordinate": worst + 1}, samples=config.samples, mc_mean=float(means[worst]),
            mc_stderr=float(errors[worst]), passed=bool(np.all(np.abs(means - expected) <= config.band * errors)),
        ))
    return records
