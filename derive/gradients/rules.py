"""Named rules for gradients of expectations: log-derivative trick, change of variables, pathwise
gradient, Stein's lemma.  Each returns an equal expression; a Derivation checks every use
independently (``derive.gradients.concrete``), so no rule has to be trusted.
"""
from __future__ import annotations

import sympy as sp

from derive.rules import Rule
from derive.gradients.nodes import Density, DensityFamily, ExpectationUnder, IsotropicNormal, Sampler, SamplingLaw, Score
from derive.symbols import as_expr

_MAX_STEIN_ROUNDS = 8


def _is_gradient_of_expectation(node: sp.Basic) -> bool:
    return (isinstance(node, sp.Derivative) and isinstance(node.expr, ExpectationUnder)
            and len(node.variable_count) == 1 and node.variable_count[0][1] == 1)


def _moving_law(node: sp.Derivative) -> bool:
    return node.expr.law.depends_on(node.variables[0])


def differentiate_density(expr: sp.Expr) -> sp.Expr:
    """``grad E_{p_theta}[h] = E_{p_theta}[h grad p_theta / p_theta]`` when only the density depends on theta."""
    def rewrite(node: sp.Derivative) -> sp.Expr:
        inner, parameter = node.expr, node.variables[0]
        density = inner.law.density(inner.variable)
        return ExpectationUnder(sp.diff(inner.body, parameter) + inner.body * sp.diff(density, parameter) / density,
                                inner.variable, inner.law)

    return expr.replace(lambda e: _is_gradient_of_expectation(e) and _moving_law(e), rewrite)


def log_derivative_trick(expr: sp.Expr) -> sp.Expr:
    """``grad_theta E_{x~p_theta}[h(x)] = E_{x~p_theta}[h(x) grad_theta log p_theta(x)]`` (h free of theta)."""
    def rewrite(node: sp.Derivative) -> sp.Expr:
        inner, parameter = node.expr, node.variables[0]
        return ExpectationUnder(sp.diff(inner.body, parameter) + inner.body * Score(inner.law, inner.variable, parameter),
                                inner.variable, inner.law)

    expr = expr.replace(lambda e: _is_gradient_of_expectation(e) and _moving_law(e), rewrite)

    def to_score(node: ExpectationUnder) -> ExpectationUnder:
        # grad p / p written out by an earlier step becomes the score of the same law
        if not isinstance(node.law, DensityFamily):
            return node
        density = node.law.density(node.variable)
        ratio = sp.diff(density, node.law.parameter) / density
        score = Score(node.law, node.variable, node.law.parameter)
        return ExpectationUnder(node.body.subs(ratio, score), node.variable, node.law)

    return expr.replace(lambda e: isinstance(e, ExpectationUnder), to_score)


def substitute_score(law: SamplingLaw, parameter: sp.Symbol, score_of: sp.Lambda) -> Rule:
    """Replace ``grad log p(x)`` of ``law`` by ``score_of(x)``, a score derived separately from the density."""
    def transform(expr: sp.Expr) -> sp.Expr:
        return expr.replace(lambda e: isinstance(e, Score) and e.law == law and e.args[2] == parameter,
                            lambda e: score_of(e.args[1]))

    return Rule("score of the density", "grad log p worked out from the density (derivation above)", transform)


def reparameterization(law: IsotropicNormal, new_variable: sp.Symbol, target: IsotropicNormal,
                       parameter: sp.Symbol | None = None) -> Sampler:
    """The sampler ``x = m + sqrt(v / v') (y - m')``, ``y ~ N(m', v')``, whose output has law ``N(m, v)``."""
    scale = sp.sqrt(law.variance / target.variance)
    return Sampler(law.mean + scale * (new_variable - target.mean), new_variable, target, parameter)


def change_of_variables(new_variable: sp.Symbol, target: IsotropicNormal) -> Rule:
    """``x ~ N(m, v)`` written as ``x = m + sqrt(v / v') (y - m')`` with ``y ~ N(m', v')``."""
    def rewrite(node: ExpectationUnder) -> sp.Expr:
        law = node.law
        if not isinstance(law, IsotropicNormal) or law == target:
            return node
        image = reparameterization(law, new_variable, target).transform
        return ExpectationUnder(node.body.xreplace({node.variable: image}), new_variable, target)

    def transform(expr: sp.Expr) -> sp.Expr:
        return expr.replace(lambda e: isinstance(e, ExpectationUnder), rewrite)

    shown = sp.sstr(target)
    return Rule("change of variables", f"x = mean + scale * {new_variable}, {new_variable} ~ {shown}: "
                                       f"an affine map of a Gaussian is Gaussian with the same mean and covariance",
                transform)


def pathwise_gradient(expr: sp.Expr) -> sp.Expr:
    """``grad E_z[h(z, theta)] = E_z[grad_theta h(z, theta)]`` when the law of z does not depend on theta."""
    return expr.replace(
        lambda e: _is_gradient_of_expectation(e) and not _moving_law(e),
        lambda e: ExpectationUnder(sp.diff(e.expr.body, e.variables[0]), e.expr.variable, e.expr.law),
    )


def stein_body(body: sp.Expr, variable: sp.Symbol, variance: sp.Expr) -> sp.Expr:
    """Remove bare factors of the variable: ``y^n h -> v ((n-1) y^(n-2) h + y^(n-1) h')``."""
    for _ in range(_MAX_STEIN_ROUNDS):
        rewritten, changed = [], False
        for term in sp.Add.make_args(sp.expand(body)):
            power, rest = _bare_power(term, variable)
            if power == 0:
                rewritten.append(term)
                continue
            changed = True
            rewritten.append(variance * ((power - 1) * variable ** (power - 2) * rest
                                         + variable ** (power - 1) * sp.diff(rest, variable)))
        body = sp.Add(*rewritten)
        if not changed:
            return body
    raise ValueError("Stein's lemma did not remove every bare factor of the variable")


def _bare_power(term: sp.Expr, variable: sp.Symbol) -> tuple[int, sp.Expr]:
    power, rest = 0, []
    for factor in sp.Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if base == variable and exponent.is_Integer and exponent > 0:
            power += int(exponent)
        else:
            rest.append(factor)
    return power, sp.Mul(*rest)


def stein(expr: sp.Expr) -> sp.Expr:
    """Stein's lemma: ``E[y h(y)] = v E[grad h(y)]`` for ``y ~ N(0, v I)``."""
    def rewrite(node: ExpectationUnder) -> sp.Expr:
        law = node.law
        if not isinstance(law, IsotropicNormal) or law.mean != 0:
            return node
        return ExpectationUnder(stein_body(node.body, node.variable, law.variance), node.variable, law)

    return expr.replace(lambda e: isinstance(e, ExpectationUnder), rewrite)


def simplify_inside(expr: sp.Expr) -> sp.Expr:
    """Simplify each integrand and pull factors free of the variable out of the expectation."""
    def rewrite(node: ExpectationUnder) -> sp.Expr:
        constant, body = sp.factor_terms(sp.simplify(node.body)).as_independent(node.variable, as_Add=False)
        return constant * ExpectationUnder(body, node.variable, node.law)

    return expr.replace(lambda e: isinstance(e, ExpectationUnder), rewrite)


def apply_function(function: sp.Function, replacement: sp.Lambda) -> Rule:
    """Put a concrete map in place of an undefined one (a special case of a general identity)."""
    def transform(expr: sp.Expr) -> sp.Expr:
        return expr.subs(function, replacement).doit()

    return Rule("special case", f"{function} = {sp.sstr(replacement)}", transform)


def replace_law(old: SamplingLaw, new: SamplingLaw) -> Rule:
    """Specialise an arbitrary base law to a concrete one."""
    def transform(expr: sp.Expr) -> sp.Expr:
        expr = expr.replace(lambda e: isinstance(e, ExpectationUnder) and e.law == old,
                            lambda e: ExpectationUnder(e.body, e.variable, new))
        return expr

    return Rule("special case", f"p = {sp.sstr(new)}", transform)


DIFFERENTIATE_DENSITY = Rule(
    "differentiate under the integral",
    "only the density depends on the parameter: grad ∫ f p = ∫ f grad p = E[f grad p / p]",
    differentiate_density,
)
LOG_DERIVATIVE = Rule(
    "log-derivative trick",
    "grad p_theta = p_theta grad log p_theta, so grad E_p[f] = E_p[f grad log p]",
    log_derivative_trick,
)
PATHWISE = Rule(
    "pathwise gradient",
    "the law of the sampled variable does not depend on the parameter: the gradient goes inside (chain rule)",
    pathwise_gradient,
)
STEIN = Rule(
    "Stein's lemma",
    "for y ~ N(0, v I): E[y h(y)] = v E[grad h(y)] (integration by parts against the Gaussian density)",
    stein,
)
SIMPLIFY_INSIDE = Rule("simplify", "simplify the integrand; constants leave the expectation", simplify_inside)


def density_ratio(parameter: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """``grad_theta p_theta(x) / p_theta(x)`` for an arbitrary family."""
    density = Density(as_expr(point), parameter)
    return sp.diff(density, parameter) / density
