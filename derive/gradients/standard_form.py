"""One canonical form for expressions built from expectations under Gaussian laws.

Two answers such as ``E_{x~p_mu}[f(x)(x - mu)/sigma^2]`` and ``E_{x~p_0}[grad f(mu + x)]``
look nothing alike.  Both are brought to ``E_{z~N(0,I)}[B(z)]`` with ``z`` appearing only
inside the arguments of ``f`` and its gradient:

1. every score ``grad log p(x)`` is worked out from its density;
2. every Gaussian expectation is moved to one standard variable (change of variables);
3. gradients of expectations whose law no longer moves go inside (pathwise gradient);
4. sums of expectations over the same law become one expectation (linearity);
5. bare factors of the standard variable are removed by Stein's lemma.

Expectations under an arbitrary family ``p_theta`` cannot be moved; they are only merged by law.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from derive.gradients.rules import stein_body, change_of_variables, pathwise_gradient
from derive.gradients.nodes import ExpectationUnder, IsotropicNormal, SamplingLaw, Score

STANDARD_VARIABLE = sp.Dummy("z", real=True)
STANDARD = IsotropicNormal(0, 1)
_to_standard = change_of_variables(STANDARD_VARIABLE, STANDARD)


@dataclass(frozen=True)
class StandardForm:
    """``sum over laws of E_law[body]`` plus whatever could not be brought into that shape."""

    bodies: dict[SamplingLaw, sp.Expr]
    rest: sp.Expr = sp.S.Zero

    def expr(self) -> sp.Expr:
        """The form as one expression again."""
        return sp.Add(*(ExpectationUnder(body, _variable(law), law) for law, body in self.bodies.items()), self.rest)


def _variable(law: SamplingLaw) -> sp.Symbol:
    return STANDARD_VARIABLE if law == STANDARD else sp.Symbol("x", real=True)


def standard_form(expr: sp.Expr) -> StandardForm:
    """Bring ``expr`` to the canonical form described in the module docstring."""
    expr = expr.replace(lambda e: isinstance(e, Score), lambda e: e.doit())
    expr = expr.replace(lambda e: isinstance(e, ExpectationUnder) and e.law == STANDARD,
                        lambda e: ExpectationUnder(e.body.xreplace({e.variable: STANDARD_VARIABLE}),
                                                   STANDARD_VARIABLE, STANDARD))
    expr = pathwise_gradient(_to_standard(expr))
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative) and e.has(ExpectationUnder), lambda e: e.doit())
    expr = expr.replace(lambda e: isinstance(e, ExpectationUnder) and e.law != STANDARD, _rename_other)
    bodies: dict[SamplingLaw, sp.Expr] = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(expr)):
        nodes = [factor for factor in sp.Mul.make_args(term) if isinstance(factor, ExpectationUnder)]
        coefficient = sp.Mul(*(factor for factor in sp.Mul.make_args(term) if not isinstance(factor, ExpectationUnder)))
        if not nodes:
            bodies[STANDARD] = bodies.get(STANDARD, sp.S.Zero) + coefficient  # a constant is its own expectation
        elif len(nodes) == 1 and not coefficient.has(nodes[0].variable):
            law = nodes[0].law
            bodies[law] = bodies.get(law, sp.S.Zero) + coefficient * nodes[0].body
        else:
            rest += term
    if STANDARD in bodies:
        bodies[STANDARD] = stein_body(bodies[STANDARD], STANDARD_VARIABLE, sp.S.One)
    return StandardForm({law: sp.expand(body) for law, body in bodies.items()}, rest)


def _rename_other(node: ExpectationUnder) -> ExpectationUnder:
    variable = _variable(node.law)
    return ExpectationUnder(node.body.xreplace({node.variable: variable}), variable, node.law)


def same_standard_form(first: StandardForm, second: StandardForm) -> bool:
    """Whether two forms agree law by law (integrands equal with ``f`` kept undefined)."""
    laws = {law for law, body in first.bodies.items() if body != 0} | \
        {law for law, body in second.bodies.items() if body != 0}
    for law in laws:
        difference = first.bodies.get(law, sp.S.Zero) - second.bodies.get(law, sp.S.Zero)
        if sp.simplify(difference) != 0:
            return False
    return sp.simplify(first.rest - second.rest) == 0


def laws_of(expr: sp.Expr) -> set[SamplingLaw]:
    """The laws the expectations in ``expr`` are taken under, as written."""
    return {node.law for node in sp.preorder_traversal(expr) if isinstance(node, ExpectationUnder)}
