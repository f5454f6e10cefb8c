"""Part 1: why attention logits are divided by the square root of the key dimension."""
from __future__ import annotations

import sympy as sp

from derive import (Expectation, Misconception, PartBuilder, Variance, Variants, dimension, gaussian_vector, index,
                    part, rules, scale, sum_over)

d_k, i = dimension("d_k"), index("i")
s = scale("s")
q, k = gaussian_vector("q", d_k), gaussian_vector("k", d_k)
logit = sum_over(q[i] * k[i], i, d_k)  # q . k
KEY_DIMENSIONS = Variants(d_k=(16, 32, 64, 128, 256, 512), default={"d_k": 64})

CUES_MEAN = (r"\bmean\b", r"\\mathbb\{E\}", r"expect")
CUES_VARIANCE = (r"\bvar", r"spread")
CUES_SCALE = (r"scal", r"\\sqrt\{d_k\}", r"temperature")


@part("attention", "Scaling attention logits", r"""
A query $q$ and a key $k$ in $\mathbb{R}^{d_k}$, with $d_k = {{d_k}}$, have independent $N(0, 1)$ entries.
The attention logit is $q \cdot k = \sum_{i=1}^{d_k} q_i k_i$.
(a) Find $\mathbb{E}[q \cdot k]$. (b) Find $\operatorname{Var}(q \cdot k)$.
(c) Find the scale $s > 0$ with $\operatorname{Var}(s\, q \cdot k) = 1$.
""", variants=KEY_DIMENSIONS, symbols={"d_k": d_k, "s": s})
def attention_scaling(p: PartBuilder) -> None:
    """E[q.k] = 0; the d_k products are independent with variance 1 each, so Var = d_k and s = 1/sqrt(d_k)."""
    mean = p.derive("mean of the logit", r"\mathbb{E}[q \cdot k]", Expectation(logit), "q . k = sum_i q_i k_i",
                    rules.LINEARITY, rules.INDEPENDENCE, rules.MOMENTS, rules.COUNT)
    variance = p.derive("variance of the logit", r"\operatorname{Var}(q \cdot k)", Variance(logit),
                        "q . k = sum_i q_i k_i", rules.VARIANCE_OF_SUM, rules.VARIANCE, rules.INDEPENDENCE,
                        rules.MOMENTS, rules.COUNT)
    scaled = p.derive("variance of the scaled logit", r"\operatorname{Var}(s\, q \cdot k)", Variance(s * logit),
                      "scaling by s multiplies the variance by s^2", rules.VARIANCE_OF_SUM, rules.VARIANCE,
                      rules.INDEPENDENCE, rules.MOMENTS, rules.COUNT)
    general_scale = p.solve("the scale", s, scaled, 1)
    here = {d_k: p.given["d_k"]}
    own_variance, own_scale = p.instantiate(variance), p.instantiate(general_scale)
    summed_means = "Each product q_i k_i has mean E[q_i] E[k_i] = 0, so the sum has mean 0, not d_k."
    p.slot("mean", "exact", mean, "E[q . k]", cues=CUES_MEAN, misconceptions=(
        Misconception(summed_means, expr=d_k), Misconception(summed_means, expr=d_k.xreplace(here))))
    # the instantiated slots below also catch each misconception at this student's d_k
    p.slot("variance", "exact", own_variance, "Var(q . k)", cues=CUES_VARIANCE, misconceptions=(
        Misconception("That is the standard deviation; the d_k independent products each add 1 to the variance.",
                      expr=sp.sqrt(d_k)),
        Misconception("Each product q_i k_i has variance E[q_i^2] E[k_i^2] = 1, not 2.", expr=2 * d_k),
        Misconception("The d_k^2 pairs (i, i') are not all correlated: only i = i' contributes.",
                      expr=d_k**2)))
    p.slot("scale", "exact", own_scale, "s with Var(s q . k) = 1", variable=s, cues=CUES_SCALE, misconceptions=(
        Misconception("Dividing by d_k makes the variance 1/d_k: the variance scales with s^2, so s = 1/sqrt(d_k).",
                      expr=1 / d_k),
        Misconception("The logits must be divided by sqrt(d_k), not multiplied.", expr=sp.sqrt(d_k))))
    sizes = [{d_k: 1}, {d_k: 8}, {d_k: 100}]
    p.monte_carlo("mean", logit, mean, sizes, general=True)
    p.monte_carlo("variance", logit**2, variance, sizes, general=True)  # the mean is 0: E[(q.k)^2] is the variance
    p.monte_carlo("scale", (general_scale.result * logit) ** 2, sp.S.One, sizes, general=True)
    p.monte_carlo("scale", (own_scale.result * logit) ** 2, sp.S.One, [here])  # this student's d_k
