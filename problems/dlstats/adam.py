"""Part 4: Adam's first moment, its bias towards 0 and the correction that removes it."""
from __future__ import annotations

import sympy as sp

from derive import (Alternate, Expectation, Misconception, PartBuilder, Variance, dimension, index, linear_recurrence,
                    mean_variance, part, random_array, rules, scale)

t, i = dimension("t"), index("i")
beta, s, c = scale("beta"), scale("s"), scale("c")
mu = sp.Symbol("mu", real=True)
m_t_name = sp.Symbol("m_t", real=True)  # m_t as an answer names it: the estimate to be corrected
g = random_array("g", (t,), mean_variance(mu, s**2))
m_t = linear_recurrence("m", beta, (1 - beta) * g[i], i, 0, t)
RUNS = [{t: 1, beta: 0.9, mu: 0.5, s: 2.0}, {t: 5, beta: 0.9, mu: 0.5, s: 2.0}, {t: 30, beta: 0.7, mu: -1.0, s: 0.5}]

CUES_MEAN = (r"\\mathbb\{E\}\[m_t\]", r"\bbias", r"\bmean\b")
CUES_CORRECTION = (r"correct", r"\\hat\{m\}", r"divide")
CUES_VARIANCE = (r"\bvar", r"\\operatorname\{Var\}")


@part("adam", "Adam's first-moment estimate", r"""
Gradients $g_1, g_2, \dots$ are independent, each with mean $\mu$ and variance $s^2$. Adam keeps
$m_0 = 0$ and $m_t = \beta m_{t-1} + (1 - \beta) g_t$ with $0 < \beta < 1$.
(a) Find $\mathbb{E}[m_t]$. (b) By what must $m_t$ be divided so that its mean is $\mu$?
(c) Find $\operatorname{Var}(m_t)$.
""", symbols={"t": t, "beta": beta, "mu": mu, "s": s, "m_t": m_t_name})
def first_moment(p: PartBuilder) -> None:
    """m_t = (1 - beta) sum_i beta^{t-i} g_i: a geometric sum of weights 1 - beta^t, of squared weights
    (1 - beta)(1 - beta^{2t})/(1 + beta)."""
    mean = p.derive("mean of m_t", r"\mathbb{E}[m_t]", Expectation(m_t),
                    "m_0 = 0, m_t = beta m_{t-1} + (1 - beta) g_t", rules.UNROLL, rules.LINEARITY, rules.MOMENTS,
                    rules.GEOMETRIC)
    corrected = p.derive("mean of m_t / c", r"\mathbb{E}[m_t / c]", Expectation(m_t / c), "divide m_t by c",
                         rules.UNROLL, rules.LINEARITY, rules.MOMENTS, rules.GEOMETRIC)
    correction = p.solve("bias correction", c, corrected, mu)
    variance = p.derive("variance of m_t", r"\operatorname{Var}(m_t)", Variance(m_t),
                        "m_0 = 0, m_t = beta m_{t-1} + (1 - beta) g_t", rules.UNROLL, rules.VARIANCE_OF_SUM,
                        rules.MOMENTS, rules.GEOMETRIC)
    variance.step(s**2 * (1 - beta) * (1 - beta ** (2 * t)) / (1 + beta), "simplify",
                  "1 - beta^2 = (1 - beta)(1 + beta)")
    p.slot("mean", "exact", mean, "E[m_t]", cues=CUES_MEAN, misconceptions=(
        Misconception("m_0 = 0 biases m_t towards 0 for small t: the weights (1 - beta) beta^{t-i} add up to "
                      "1 - beta^t, not 1.", expr=mu),
        Misconception("The weights add up to 1 - beta^t, not beta^t.", expr=mu * beta**t)))
    p.slot("correction", "exact", correction, "the divisor of the bias correction", variable=c,
           cues=CUES_CORRECTION, alternates=(
               Alternate(m_t_name / correction.result, 1.0, "The corrected estimate m_t / (1 - beta^t)."),),
           misconceptions=(
               Misconception("Adam divides by 1 - beta^t, the sum of the weights, not by 1 - beta.", expr=1 - beta),
               Misconception("The weights add up to 1 - beta^t, not beta^t.", expr=beta**t)))
    p.slot("variance", "exact", variance, "Var(m_t)", cues=CUES_VARIANCE, misconceptions=(
        Misconception("That is the limit as t grows; for finite t the factor 1 - beta^{2t} remains.", 0.5,
                      expr=s**2 * (1 - beta) / (1 + beta)),
        Misconception("Variances add with squared weights: (1 - beta)^2 beta^{2(t-i)}, not (1 - beta) beta^{t-i}.",
                      expr=s**2 * (1 - beta**t)),
        Misconception("That counts the mean too: Var(m_t) does not depend on mu.",
                      expr=(s**2 + mu**2) * (1 - beta) * (1 - beta ** (2 * t)) / (1 + beta))))
    p.monte_carlo("mean", m_t, mean, RUNS)
    p.monte_carlo("correction", m_t / correction.result, mu, RUNS)
    p.monte_carlo("variance", (m_t - mean.result) ** 2, variance, RUNS)
