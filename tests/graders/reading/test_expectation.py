"""The reader of answers about expectations under sampling laws: notation, statements, hostile input."""
from __future__ import annotations

import ast
import pathlib
import time

import pytest
import sympy as sp

from derive.gradients.nodes import BaseDensity, BaseLaw, Density, DensityFamily, ExpectationUnder, IsotropicNormal
from graders.reading.expectation.reader import (ExpectationAnswer, ExpectationReadConfig, ExpectationReadError,
                                                Notation, Statement, read_expectation_answer)

ROOT = pathlib.Path(__file__).resolve().parents[3]
mu = sp.Symbol("mu", real=True)
sigma = sp.Symbol("sigma", positive=True)
theta = sp.Symbol("theta", real=True)
x, y, z = (sp.Symbol(name, real=True) for name in "xyz")
k = sp.Symbol("k", integer=True, positive=True)
f, g, F = sp.Function("f"), sp.Function("g"), sp.Function("F")
u = sp.Dummy("u", real=True)
SYMBOLS = {"mu": mu, "sigma": sigma, "theta": theta, "x": x, "z": z, "y": y, "k": k}
STANDARD = IsotropicNormal(0, 1)
SEARCH = IsotropicNormal(mu, sigma**2)

PLAIN = Notation(SYMBOLS)
DEFAULTS = Notation(SYMBOLS, default_laws={"z": STANDARD, "x": SEARCH})
FAMILY = Notation(SYMBOLS, families={"p": lambda m: IsotropicNormal(m, sigma**2)}, default_laws={"z": STANDARD})
ALIASED = Notation(SYMBOLS, parameter_aliases={"theta": "mu"}, default_laws={"z": STANDARD})


def grad_f(point: sp.Expr) -> sp.Expr:
    """f'(point), built the way the reader builds it."""
    return f(u).diff(u).subs(u, point)


def same(got: sp.Basic, expected: sp.Basic) -> bool:
    """Structurally equal, or expressions whose difference simplifies to zero."""
    if got == expected or sp.expand(got) == sp.expand(expected):
        return True
    return isinstance(got, sp.Expr) and sp.simplify(got - expected) == 0


def same_expectation(got: sp.Basic, body: sp.Expr, variable: sp.Symbol, law) -> bool:
    """``got`` is E_{variable ~ law}[body] up to simplification of the body."""
    return (isinstance(got, ExpectationUnder) and got.variable == variable and got.law == law
            and same(got.body, body))


def one(text: str, notation: Notation = DEFAULTS) -> Statement:
    """The single statement of ``text``."""
    answer = read_expectation_answer(text, notation)
    assert len(answer.statements) == 1, answer.statements
    return answer.statements[0]


def value(text: str, notation: Notation = DEFAULTS) -> sp.Basic:
    return one(text, notation).value


# -- the worked answers ------------------------------------------------------------------------------

def test_score_function_gradient_in_latex():
    statement = one(r"\nabla_\mu F(\mu) = \mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2 I)}"
                    r"\left[\frac{f(x)(x - \mu)}{\sigma^2}\right]")
    assert statement.kind == "gradient"
    assert statement.lhs_latex == r"\nabla_{\mu} F(\mu)"
    assert same_expectation(statement.value, f(x) * (x - mu) / sigma**2, x, SEARCH)


def test_objective_after_reparameterization():
    statement = one(r"F(\mu) = \mathbb{E}_{z \sim \mathcal{N}(0, I)}[f(\mu + \sigma z)]")
    assert (statement.kind, statement.lhs_latex) == ("objective", r"F(\mu)")
    assert same_expectation(statement.value, f(mu + sigma * z), z, STANDARD)


def test_gradient_of_f_at_a_point_is_read_as_f_prime():
    statement = one(r"\nabla_{\mu} F(\mu) = \mathbb{E}_{z \sim \mathcal{N}(0, I)}[\nabla_x f(\mu + \sigma z)]")
    assert statement.kind == "gradient"
    assert same_expectation(statement.value, grad_f(mu + sigma * z), z, STANDARD)


def test_log_derivative_trick_with_an_arbitrary_family():
    statement = one(r"\nabla_{\theta} F(\theta) = \mathbb{E}_{x \sim p_{\theta}}"
                    r"[f(x) \cdot \nabla_{\theta} \log p_{\theta}(x)]", PLAIN)
    assert (statement.kind, statement.lhs_latex) == ("gradient", r"\nabla_{\theta} F(\theta)")
    density = Density(x, theta)
    assert same_expectation(statement.value, f(x) * sp.Derivative(density, theta) / density, x,
                            DensityFamily(theta))


def test_unicode_and_plain_text():
    expected = (f(x) * (x - mu) / sigma**2, x, SEARCH)
    assert same_expectation(value("E_{x~N(μ,σ²I)}[f(x)(x-μ)/σ²]"), *expected)
    assert same_expectation(value("E_{x ~ N(mu, sigma^2 I)}[f(x) (x - mu) / sigma^2]"), *expected)
    assert same_expectation(value("𝔼_{x∼𝒩(μ,σ²I)}[f(x)·(x−μ)/σ²]"), *expected)
    assert same_expectation(value("E_x~N(mu, sigma**2)[f(x)*(x-mu)/sigma**2]"), *expected)


@pytest.mark.parametrize("law", ["p_0", "p_{0}", r"p_{\mu=0}"])
def test_family_of_the_problem(law):
    got = value(rf"\mathbb{{E}}_{{x\sim {law}}}[f(\mu+x) x/\sigma^2]", FAMILY)
    assert same_expectation(got, f(mu + x) * x / sigma**2, x, IsotropicNormal(0, sigma**2))


def test_family_density_and_gradient_of_f_without_subscript():
    got = value(r"\mathbb{E}_{x\sim p_0}[\nabla f(\mu+x)]", FAMILY)
    assert same_expectation(got, grad_f(mu + x), x, IsotropicNormal(0, sigma**2))
    density = value(r"p_\mu(x)", FAMILY)
    assert same(density, IsotropicNormal(mu, sigma**2).density(x))


def test_base_law_then_sampler():
    answer = read_expectation_answer(r"z \sim \mathcal{N}(0, I),\ g(z,\mu) = \mu + \sigma z", DEFAULTS)
    assert [s.kind for s in answer.statements] == ["base_law", "sampler"]
    assert answer.statements[0].value == STANDARD
    assert answer.statements[1].value == mu + sigma * z
    assert answer.statements[1].lhs_latex == r"g(z, \mu)"
    assert answer.latex() == r"z \sim \mathcal{N}\left(0, I\right), g(z, \mu) = \mu + \sigma z"


def test_sampler_and_base_law_joined_by_text_and_with_an_alias():
    answer = read_expectation_answer(r"g(z,\theta) = \mu + \sigma z \quad\text{and}\quad p(z) = \mathcal{N}(0, I)",
                                  ALIASED)
    assert [(s.kind, s.value) for s in answer.statements] == [("sampler", mu + sigma * z), ("base_law", STANDARD)]
    assert answer.statements[0].lhs_latex == r"g(z, \mu)"


def test_base_law_with_a_scaled_identity():
    answer = read_expectation_answer(r"g(z,\mu) = \mu + z,\quad p(z) = \mathcal{N}(0, \sigma^2 I)", DEFAULTS)
    assert [(s.kind, s.value) for s in answer.statements] == [
        ("sampler", mu + z), ("base_law", IsotropicNormal(0, sigma**2))]


def test_expectation_times_a_factor_with_the_default_law():
    got = value(r"\frac{1}{\sigma}\mathbb{E}_z[z f(\mu+\sigma z)]")
    assert same(got, ExpectationUnder(z * f(mu + sigma * z), z, STANDARD) / sigma)


def test_chain_rule_through_a_sampler():
    got = value(r"\nabla_\theta g(z,\theta)^\top \nabla_x f(g(z,\theta))")
    assert same(got, sp.Derivative(g(z, theta), theta) * grad_f(g(z, theta)))


def test_evaluation_bar():
    expected = grad_f(g(z, theta))
    assert same(value(r"\nabla_x f(x)\Big|_{x=g(z,\theta)}"), expected)
    assert same(value(r"\left.\nabla_{x} f(x)\right|_{x = g(z, \theta)}"), expected)
    assert same(value(r"\nabla_x f(x) \big|_{x = \mu}"), grad_f(mu))


def test_score_written_two_ways():
    expected = sp.diff(sp.log(Density(x, theta)), theta)
    assert same(value(r"\nabla_\theta \log p_\theta(x)", PLAIN), expected)
    assert same(value(r"\frac{\nabla_\theta p_\theta(x)}{p_\theta(x)}", PLAIN), expected)


# -- gradients -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (r"\nabla_\mu f(\mu + \sigma z)", grad_f(mu + sigma * z)),  # chain rule: d/dmu is f'
    (r"\nabla_\sigma f(\mu + \sigma z)", z * grad_f(mu + sigma * z)),
    (r"\nabla_x f(\mu + \sigma z)", grad_f(mu + sigma * z)),  # x is not in the point: f' there
    (r"\nabla f(\mu + x)", grad_f(mu + x)),
    (r"f'(\mu + \sigma z)", grad_f(mu + sigma * z)),
    (r"f''(x)", sp.Derivative(f(x), (x, 2))),
    (r"\partial_\mu f(\mu x)", x * grad_f(mu * x)),
    (r"\frac{\partial}{\partial \mu} f(\mu^2)", 2 * mu * grad_f(mu**2)),
    (r"\frac{d}{d\mu} f(\mu^2)", 2 * mu * grad_f(mu**2)),
    (r"\frac{\partial f(\mu^2)}{\partial \mu}", 2 * mu * grad_f(mu**2)),
    (r"\nabla_x f(x) \cdot z", grad_f(x) * z),  # the operator takes the next factor only
    (r"∇_μ f(μ+σz)", grad_f(mu + sigma * z)),
    (r"grad_mu f(mu + sigma z)", grad_f(mu + sigma * z)),
])
def test_gradients(text, expected):
    assert same(value(text), expected)


def test_gradient_of_an_expectation_whose_law_moves_stays_unevaluated():
    statement = one(r"\nabla_\mu \mathbb{E}_{x\sim \mathcal N(\mu,\sigma^2)}[f(x)] = 0")
    assert statement.kind == "gradient"
    assert statement.lhs_latex.startswith(r"\frac{\partial}{\partial \mu}")


def test_a_gradient_needs_its_variable_unless_it_acts_on_f():
    with pytest.raises(ExpectationReadError):
        read_expectation_answer(r"\nabla (\mu^2)", DEFAULTS)


# -- expectations ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    r"\mathbb{E}_{z}[z^2]", r"\mathop{\mathbb{E}}_{z}[z^2]", r"\mathbf{E}_z[z^2]", r"\mathrm{E}_z[z^2]",
    r"\operatorname{E}_{z}[z^2]", "E_z[z^2]", "𝔼_z[z^2]", r"\mathbb{E}_z\left[z^2\right]",
    r"\mathbb{E}_z\big[z^2\big]", r"\mathbb{E}_z\Big[ z^2 \Big]", r"\mathbb{E}_z(z^2)", r"\mathbb{E}_z\{z^2\}",
    r"\mathbb{E}_z\left\{z^2\right\}",
    r"\mathbb{E}[z^2]", "E[z^2]", r"\mathbb{E}_{z \sim \mathcal{N}(0, I)}[z^2]", r"\mathbb{E}_{z\sim N(0,1)}[z^2]",
    "E_{z~N(0,I)}[z^2]", "E_{z∼𝒩(0,I)}[z²]", r"\mathbb{E}_{\mathcal{N}(0, I)}[z^2]", r"\mathbb{E}_z z^2",
    r"\boxed{\mathbb{E}_{z}[z^2]}", r"\displaystyle \mathbb{E}_{z}\, [\, z^{2} \,]",
])
def test_expectation_spellings(text):
    assert same_expectation(value(text), z**2, z, STANDARD)


@pytest.mark.parametrize("law", [
    r"\mathcal{N}(\mu, \sigma^2 I)", r"\mathcal N(\mu,\sigma^2)", r"N(\mu, \sigma^2 I_k)", "𝒩(μ, σ²)",
    r"\operatorname{Normal}(\mu, \sigma^2)", r"\mathcal{N}\left(\mu, \sigma^{2} \mathbf{I}\right)",
    r"\mathcal{N}(\mu, \sigma^2 \mathbb{I})", r"\mathcal{N}(\mu, \sigma^2 \mathbb{1})",
    r"\mathcal{N}(\mu, \sigma^2 I_d)",
])
def test_normal_law_spellings(law):
    assert same_expectation(value(rf"\mathbb{{E}}_{{x \sim {law}}}[f(x)]"), f(x), x, SEARCH)


def test_law_only_subscript_infers_the_variable():
    assert same_expectation(value(r"\mathbb{E}_{p_\mu}[f(x)]"), f(x), x, DensityFamily(mu))
    aliased = Notation(SYMBOLS, parameter_aliases={"theta": "mu"}, default_laws={"x": SEARCH})
    assert same_expectation(value(r"\mathbb{E}_{p_\theta}[f(x)]", aliased), f(x), x, DensityFamily(mu))


def test_base_law_forms():
    assert value(r"\mathbb{E}_{z\sim p}[f(z)]").law == BaseLaw()
    assert value(r"\mathbb{E}_{z\sim p(z)}[f(z)]").law == BaseLaw()
    assert value(r"p(z)") == BaseDensity(z)
    answer = read_expectation_answer("p = N(0, 1)", DEFAULTS)
    assert answer.statements[0] == Statement("base_law", STANDARD, "z")


def test_missing_variable_or_law_is_an_error():
    with pytest.raises(ExpectationReadError):
        read_expectation_answer(r"\mathbb{E}_{p_\mu}[f(y)]", DEFAULTS)  # y has no default law
    with pytest.raises(ExpectationReadError):
        read_expectation_answer(r"\mathbb{E}[f(x) z]", DEFAULTS)  # x or z?
    with pytest.raises(ExpectationReadError):
        read_expectation_answer(r"\mathbb{E}_{y}[f(y)]", DEFAULTS)


def test_nested_expectations_and_products():
    got = value(r"\mathbb{E}_z[\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2)}[f(x)] z] + 2 \mathbb{E}_z[z]")
    inner = ExpectationUnder(f(x), x, SEARCH)
    assert same(got, ExpectationUnder(inner * z, z, STANDARD) + 2 * ExpectationUnder(z, z, STANDARD))


# -- names and arithmetic --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    (r"\mu + \sigma", mu + sigma), ("μ + σ", mu + sigma), ("mu + sigma", mu + sigma), ("musigma", mu * sigma),
    (r"\theta", theta), (r"\pi", sp.pi), ("π", sp.pi), ("e^{x}", sp.exp(x)), (r"\exp(x)", sp.exp(x)),
    (r"\log x + \ln(y) + log(z)", sp.log(x) + sp.log(y) + sp.log(z)), (r"\sqrt{x}", sp.sqrt(x)),
    (r"\sqrt[3]{8}", 2), (r"\frac{1}{2} + \dfrac{x}{3} + \tfrac{y}{4}", sp.Rational(1, 2) + x / 3 + y / 4),
    (r"x \cdot y \times 2 * 3 · z", 6 * x * y * z), ("x/y", x / y), ("0.25", sp.Rational(1, 4)),
    (".5x", x / 2), ("-x + -(-y)", -x + y), ("σ²", sigma**2), ("x^2y", x**2 * y), ("x^{2y}", x**(2 * y)),
    ("x**3", x**3), (r"x^\top y", x * y), (r"x^{\top} y", x * y), ("x^T y", x * y), ("x^⊤ y", x * y),
    (r"\sigma^2 I_k", sigma**2), (r"\mathbf{I} + \mathbb{I} + \mathbb{1} + I + I_d", 5),
    (r"\left( x \right) \bigl[ y \bigr]", x * y), (r"x \, y \; z \! \quad", x * y * z),
    (r"\mathrm{x} + \operatorname{y}", x + y), (r"\mathbf{x}^\top \boldsymbol{\mu}", x * mu),
    ("x_1 + x_{1}", 2 * sp.Symbol("x_1", real=True)), ("|x - 1|", sp.Abs(x - 1)),
    (r"\frac{e^{-z^2/2}}{\sqrt{2\pi}}", sp.exp(-z**2 / 2) / sp.sqrt(2 * sp.pi)),
    ("f(x+1) g(x, y)", f(x + 1) * g(x, y)), (r"g_\theta(z)", g(z, theta)), ("a b", sp.Symbol("a", real=True) *
                                                                           sp.Symbol("b", real=True)),
])
def test_names_and_arithmetic(text, expected):
    assert same(value(text), expected)


def test_unknown_letters_are_real_symbols_and_aliases_apply():
    assert value("w") == sp.Symbol("w", real=True)
    assert value(r"\theta + \mu", ALIASED) == 2 * mu
    assert value("theta", ALIASED) == mu


# -- statements ------------------------------------------------------------------------------------

def kinds(text: str, notation: Notation = DEFAULTS) -> list[tuple[str, str]]:
    return [(s.kind, s.lhs_latex) for s in read_expectation_answer(text, notation).statements]


@pytest.mark.parametrize("text, kind, lhs", [
    (r"\nabla_\mu F(\mu) = 0", "gradient", r"\nabla_{\mu} F(\mu)"),
    (r"\nabla_{\theta} F(\theta) = 0", "gradient", r"\nabla_{\theta} F(\theta)"),
    (r"\nabla F = 0", "gradient", r"\nabla F"),
    (r"\nabla_\mu F = 0", "gradient", r"\nabla_{\mu} F"),
    (r"\frac{\partial F}{\partial \mu} = 0", "gradient", r"\nabla_{\mu} F"),
    (r"\frac{\partial}{\partial \mu} F(\mu) = 0", "gradient", r"\nabla_{\mu} F(\mu)"),
    (r"F(\mu) = \mathbb{E}_z[f(\mu + \sigma z)]", "objective", r"F(\mu)"),
    (r"F(\theta) = \mathbb{E}_z[f(\theta + \sigma z)]", "objective", r"F(\theta)"),
    ("F = E_z[f(mu + sigma z)]", "objective", "F"),
    ("g(x) = x^2", "integrand", "g(x)"),
    ("g = x^2", "integrand", "g"),
    (r"g(z,\theta) = \theta + \sigma z", "sampler", r"g(z, \theta)"),
    (r"g(z, \mu) = \mu + \sigma z", "sampler", r"g(z, \mu)"),
    ("g(z) = mu + sigma z", "sampler", "g(z)"),
    (r"g_\theta(z) = \theta + z", "sampler", r"g_{\theta}(z)"),
    (r"x = \mu + \sigma z", "sampler", "x"),
    (r"p(z) = \mathcal{N}(0, I)", "base_law", "z"),
    (r"z \sim \mathcal{N}(0, I)", "base_law", "z"),
    ("z ~ N(0, 1)", "base_law", "z"),
    (r"\mathbb{E}_z[z]", "value", ""),
    (r"\mathbb{E}_{z}[f(\mu + \sigma z)] = F(\mu)", "objective", r"\mathbb{E}_{z \sim \mathcal{N}\left(0, I\right)}"
                                                                 r"\left[f{\left(\mu + \sigma z \right)}\right]"),
    (r"p(z) = \frac{1}{\sqrt{2\pi}} e^{-z^2/2}", "value", r"p\left(z\right)"),
])
def test_left_sides(text, kind, lhs):
    assert kinds(text) == [(kind, lhs)]


def test_chain_keeps_first_and_last_members():
    statement = one(r"\nabla_\mu F(\mu) = \nabla_\mu \mathbb{E}_{z}[f(\mu + \sigma z)] "
                    r"= \mathbb{E}_z[\nabla f(\mu + \sigma z)]")
    assert statement.kind == "gradient"
    assert same_expectation(statement.value, grad_f(mu + sigma * z), z, STANDARD)


@pytest.mark.parametrize("text", [
    "a = 1, b = 2", "a = 1; b = 2", r"a = 1 \quad b = 2", r"a = 1 \qquad b = 2", r"a = 1 \text{and} b = 2",
    r"a = 1 \text{ and } b = 2", "a = 1 and b = 2", r"a = 1 \\ b = 2", "a = 1\nb = 2", "- a = 1\n- b = 2",
    "a = 1,\n\n  b = 2.", r"\begin{aligned} a &= 1 \\ b &= 2 \end{aligned}",
])
def test_separators(text):
    answer = read_expectation_answer(text, DEFAULTS)
    assert [s.value for s in answer.statements] == [1, 2]


def test_separators_inside_brackets_do_not_split():
    got = value("E_z[z f(mu +\n sigma z)]")
    assert same_expectation(got, z * f(mu + sigma * z), z, STANDARD)


def test_answer_latex_round_trip():
    answer = read_expectation_answer(r"\nabla_\mu F(\mu) = \frac{1}{\sigma}\mathbb{E}_z[z f(\mu+\sigma z)]", DEFAULTS)
    assert isinstance(answer, ExpectationAnswer)
    again = read_expectation_answer(answer.latex(), DEFAULTS)
    assert again.statements[0].kind == "gradient" and same(again.statements[0].value, answer.statements[0].value)


# -- hostile input ---------------------------------------------------------------------------------

HOSTILE = {
    "unbalanced subscript": r"\mathbb{E}_{x[f(x)",
    "unbalanced body": r"\mathbb{E}_z[f(z)",
    "stray closer": r"f(x)]",
    "mismatched": r"\left[ f(x) \right)",
    "nested subscripts": "x" + "_{x" * 500 + "}" * 500,
    "open brackets": "[" * 100_000,
    "tex input": r"\input{/etc/passwd}",
    "tex def": r"\def\x{1} \x",
    "tex write18": r"\immediate\write18{touch x}",
    "python": "__import__('os').system('x')",
    "attribute chain": "().__class__.__bases__[0]",
    "lambda": "lambda: 1",
    "megabyte": "x" * 1_000_000,
    "huge exponent": "x^{99999999}",
    "tower": "9^{9^{9^{9}}}",
    "big base": r"(10^{999})^{999}",
    "long integer": "1" * 60,
    "product of big numbers": "*".join(["9" * 49] * 400),
    "division by zero": r"\frac{1}{0}",
    "unary minus chain": "-" * 5000 + "x",
    "nabla chain": r"\nabla" * 3000 + " f(x)",
    "frac chain": r"\frac" * 3000 + "1",
    "power chain": "x^" * 3000 + "x",
    "unknown command": r"\foo{x}",
    "empty": "  ",
    "dangling": r"\mathbb{E}",
    "law outside sim": r"\mathcal{N}(0, 1)",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_fails_cleanly_and_quickly(name):
    start = time.perf_counter()
    with pytest.raises(ExpectationReadError):
        read_expectation_answer(HOSTILE[name], DEFAULTS)
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize("text", ["-" * 5000 + "x", "x^" * 3000 + "x", r"\sqrt " * 3000 + "x",
                                  r"\log " * 3000 + "x", r"\nabla_x " * 3000 + "f(x)", r"\frac 1" * 3000 + "1"])
def test_the_parser_counts_nesting_that_has_no_brackets(text):
    with pytest.raises(ExpectationReadError) as error:
        read_expectation_answer(text, DEFAULTS, ExpectationReadConfig(max_length=10**6))
    assert error.value.too_large


@pytest.mark.parametrize("text", ["(" * 3000 + "x" + ")" * 3000, r"\mathbb{E}_z[" * 2000 + "z" + "]" * 2000])
def test_without_a_depth_limit_deep_nesting_is_still_a_clean_error(text):
    with pytest.raises(ExpectationReadError) as error:
        read_expectation_answer(text, DEFAULTS, ExpectationReadConfig(max_length=10**6, max_depth=10**6))
    assert error.value.too_large


def test_size_errors_are_marked_too_large():
    for text in ("x" * 30_000, "x^{99999999}", "[" * 100_000, "1" * 60):
        with pytest.raises(ExpectationReadError) as error:
            read_expectation_answer(text, DEFAULTS)
        assert error.value.too_large, text
    with pytest.raises(ExpectationReadError) as error:
        read_expectation_answer(r"\input{x}", DEFAULTS)
    assert not error.value.too_large


def test_config_limits_apply():
    with pytest.raises(ExpectationReadError):
        read_expectation_answer("x + y", DEFAULTS, ExpectationReadConfig(max_length=3))
    with pytest.raises(ExpectationReadError):
        read_expectation_answer("((x))", DEFAULTS, ExpectationReadConfig(max_depth=1))


def test_reader_never_evaluates_text():
    modules = sorted((ROOT / "graders" / "reading" / "expectation").glob("*.py"))
    assert len(modules) >= 8
    for module in modules:
        name = module.name
        tree = ast.parse(module.read_text())
        called = {node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                  for node in ast.walk(tree) if isinstance(node, ast.Call)}
        assert not called & {"eval", "exec", "compile", "sympify", "parse_expr", "S", "__import__"}, name


def test_an_empty_subscript_leaves_the_law_to_the_defaults():
    answer = read_expectation_answer(r"\mathbb{E}_{}[z]", DEFAULTS)
    assert answer.statements[-1].value == ExpectationUnder(z, z, STANDARD)
