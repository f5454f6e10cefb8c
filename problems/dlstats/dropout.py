"""Part 3: inverted dropout keeps the mean of every unit and inflates its second moment."""
from __future__ import annotations

import sympy as sp

from derive import (Expectation, Misconception, PartBuilder, Variance, bernoulli, dimension, fixed_vector, index, part,
                    random_array, rules, scale, sum_over)

n, k = dimension("n"), index("k")
p_keep = scale("p")
x = fixed_vector("x", n)
mask = random_array("m", (n,), bernoulli(p_keep))
y_k = mask[k] * x[k] / p_keep
norm_sq = sum_over((mask[k] * x[k] / p_keep) ** 2, k, n)  # ||y||^2
GIVEN_X = {x: [0.5, -1.5, 2.0, 0.25, -0.75]}

CUES_MEAN = (r"\\mathbb\{E\}\[y_k\]", r"\bmean\b", r"unbiased")
CUES_VARIANCE = (r"\bvar", r"\\operatorname\{Var\}")
CUES_NORM = (r"\\\|y\\\|", r"\|\|y\|\|", r"norm")


@part("dropout", "Inverted dropout", r"""
A fixed activation vector $x \in \mathbb{R}^n$ is passed through inverted dropout: each unit is kept
independently with probability $p$ ($m_k \sim \mathrm{Bernoulli}(p)$) and the kept units are divided by $p$,
$y_k = m_k x_k / p$.
(a) Find $\mathbb{E}[y_k]$. (b) Find $\operatorname{Var}(y_k)$. (c) Find $\mathbb{E}[\|y\|^2]$ in terms of $\|x\|^2$.
""", symbols={"n": n, "p": p_keep})
def inverted_dropout(p: PartBuilder) -> None:
    """Dividing by p makes the mean exact; the variance x_k^2 (1 - p)/p is the price, and E||y||^2 = ||x||^2/p."""
    mean = p.derive("mean of a unit", r"\mathbb{E}[y_k]", Expectation(y_k), "y_k = m_k x_k / p",
                    rules.LINEARITY, rules.MOMENTS)
    variance = p.derive("variance of a unit", r"\operatorname{Var}(y_k)", Variance(y_k), "y_k = m_k x_k / p",
                        rules.VARIANCE_OF_SUM, rules.MOMENTS)
    variance.step(x[k] ** 2 * (1 - p_keep) / p_keep, "simplify", "(p - p^2)/p^2 = (1 - p)/p")
    second = p.derive("expected squared norm", r"\mathbb{E}[\|y\|^2]", Expectation(norm_sq),
                      "||y||^2 = sum_k m_k^2 x_k^2 / p^2", rules.LINEARITY, rules.MOMENTS, rules.PULL_CONSTANTS)
    norm_x = sum_over(x[k] ** 2, k, n)
    p.slot("mean", "exact", mean, "E[y_k]", cues=CUES_MEAN, misconceptions=(
        Misconception("That is plain dropout's mean; dividing by p restores x_k.", expr=p_keep * x[k]),))
    p.slot("variance", "exact", variance, "Var(y_k)", cues=CUES_VARIANCE, misconceptions=(
        Misconception("p(1 - p) x_k^2 is the variance of m_k x_k; dividing by p divides the variance by p^2.",
                      expr=p_keep * (1 - p_keep) * x[k] ** 2),
        Misconception("That is E[y_k^2]; subtract E[y_k]^2 = x_k^2.", expr=x[k] ** 2 / p_keep),
        Misconception("Keeping with probability p, the variance carries (1 - p)/p, not p/(1 - p).",
                      expr=x[k] ** 2 * p_keep / (1 - p_keep))))
    p.slot("norm", "exact", second, "E[||y||^2]", cues=CUES_NORM, misconceptions=(
               Misconception("The mean is kept, but the second moment is not: E[m_k^2]/p^2 = 1/p.", expr=norm_x),
               Misconception("Each kept unit is divided by p, so its square is divided by p^2, and E[m_k^2] = p.",
                             expr=norm_x / p_keep**2)))
    first = {k: 1}
    p.monte_carlo("mean", y_k.xreplace(first), mean.result.xreplace(first), [{n: 5, p_keep: 0.8}, {n: 5, p_keep: 0.3}],
                  fixed=GIVEN_X)
    p.monte_carlo("variance", (y_k.xreplace(first) - x[1]) ** 2, variance.result.xreplace(first),
                  [{n: 5, p_keep: 0.8}, {n: 5, p_keep: 0.5}], fixed=GIVEN_X)
    p.monte_carlo("norm", norm_sq, second, [{n: 5, p_keep: 0.9}, {n: 5, p_keep: 0.25}], fixed=GIVEN_X)
