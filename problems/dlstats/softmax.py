"""Part 5: the gradient and Hessian of softmax cross-entropy with respect to the logits."""
from __future__ import annotations

import sympy as sp

from derive import Alternate, Misconception, PartBuilder, dimension, fixed_vector, index, part, rules

K = dimension("K")
i, j, l, m = index("i"), index("j"), index("l"), index("m")
z = fixed_vector("z", K, nonzero=False)
y = fixed_vector("y", K, nonzero=False)
p_vec = fixed_vector("p", K)
partition = sp.Sum(sp.exp(z[l]), (l, 1, K))


def softmax(a: sp.Symbol) -> sp.Expr:
    """p_a = exp(z_a) / sum_l exp(z_l)."""
    return sp.exp(z[a]) / partition


loss = -sp.Sum(y[i] * sp.log(softmax(i)), (i, 1, K))
SIZES = [{K: 2}, {K: 3}, {K: 5}]

CUES_GRADIENT = (r"\\partial L", r"\bgrad", r"\\nabla")
CUES_HESSIAN = (r"hessian", r"\\operatorname\{diag\}", r"\\nabla\^2", r"\\partial\^2")


def probability_vectors(dims: dict, rng) -> dict:
    """Targets y on the simplex (sum_i y_i = 1, as the derivation assumes), from the check's seeded generator."""
    return {y: rng.dirichlet([1.0] * int(dims[K]))}


@part("softmax", "Softmax cross-entropy", r"""
Logits $z \in \mathbb{R}^K$ give probabilities $p = \operatorname{softmax}(z)$, $p_i = e^{z_i} / \sum_l e^{z_l}$.
For a target probability vector $y$ ($y_i \ge 0$, $\sum_i y_i = 1$) the loss is $L = -\sum_i y_i \log p_i$.
(a) Find $\partial L / \partial z_j$. (b) Find the Hessian $\partial^2 L / \partial z_j \partial z_m$.
""", symbols={"K": K, "j": j, "m": m})
def cross_entropy(p: PartBuilder) -> None:
    """log p_i = z_i - log sum_l e^{z_l}; differentiating gives p_j - y_j, and again p_j delta_jm - p_j p_m."""
    gradient = p.derive("gradient", r"\partial L / \partial z_j", sp.Derivative(loss, z[j]),
                        "L = -sum_i y_i log p_i")
    gradient.step(sp.Derivative(-sp.Sum(y[i] * z[i], (i, 1, K)) + sp.Sum(y[i], (i, 1, K)) * sp.log(partition), z[j]),
                  "log-sum-exp", "log p_i = z_i - log sum_l e^{z_l}")
    gradient.apply(rules.DIFFERENTIATE, rules.KRONECKER)
    gradient.given(sp.And(j >= 1, j <= K), "j is one of the K classes")
    gradient.given(sp.Eq(sp.Sum(y[i], (i, 1, K)), 1), "y is a probability vector")
    in_logits = gradient.result
    gradient.given(sp.Eq(softmax(j), p_vec[j]), "p_j = e^{z_j} / sum_l e^{z_l}")
    hessian = p.derive("Hessian", r"\partial^2 L / \partial z_j \partial z_m", sp.Derivative(in_logits, z[m]),
                       "differentiate the gradient again", rules.DIFFERENTIATE, rules.KRONECKER)
    hessian.given(sp.And(m >= 1, m <= K), "m is one of the K classes")
    hessian_in_logits = hessian.result
    hessian.given([sp.Eq(softmax(j), p_vec[j]), sp.Eq(softmax(m), p_vec[m])], "p = softmax(z)")
    p.slot("gradient", "exact", gradient, "dL/dz_j", cues=CUES_GRADIENT,
           alternates=(Alternate(in_logits, 1.0, "The same, with p_j written out as a softmax."),),
           misconceptions=(
               Misconception("The sign is reversed: L decreases as z_j moves towards the target.",
                             expr=y[j] - p_vec[j]),
               Misconception("Differentiate log p_i for every i: the normaliser contributes p_j (sum_i y_i) = p_j.",
                             expr=-y[j] / p_vec[j])))
    p.slot("hessian", "exact", hessian, "d^2 L / dz_j dz_m", cues=CUES_HESSIAN,
           alternates=(Alternate(hessian_in_logits, 1.0, "The same, with p written out as a softmax."),),
           misconceptions=(
               Misconception("That is only the diagonal part; the normaliser adds -p_j p_m.",
                             expr=p_vec[j] * sp.KroneckerDelta(j, m)),
               Misconception("That is -p_j p_m everywhere; the diagonal also has + p_j.", expr=-p_vec[j] * p_vec[m]),
               Misconception("The sign is reversed: the Hessian of cross-entropy is positive semi-definite.",
                             expr=p_vec[j] * p_vec[m] - p_vec[j] * sp.KroneckerDelta(j, m)),
               Misconception("The Hessian of the loss does not depend on y once sum_i y_i = 1.",
                             expr=p_vec[j] * sp.KroneckerDelta(j, m) - y[j] * p_vec[m])))
    p.finite_differences("gradient", loss, in_logits, z[j], SIZES, fixed=probability_vectors)
    p.finite_differences("hessian", in_logits, hessian_in_logits, z[m], SIZES, fixed=probability_vectors)
