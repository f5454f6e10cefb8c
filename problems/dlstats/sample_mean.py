"""Part 6: the mean and variance of a sample mean of Bernoulli draws."""
from __future__ import annotations

import sympy as sp

from derive import (Expectation, Misconception, PartBuilder, Variance, Variants, bernoulli, dimension, index, part,
                    random_array, rules, scale, sum_over)

n, k = dimension("n"), index("k")
p_success = scale("p")
X = random_array("X", (n,), bernoulli(p_success))
sample_mean = sum_over(X[k], k, n) / n
DRAWS = Variants(n=(100, 200, 400, 500, 800, 1000), p=(0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75),
                 default={"n": 400, "p": 0.3})

CUES_MEAN = (r"\\mathbb\{E\}\[\\bar", r"\bmean\b", r"unbiased")
CUES_VARIANCE = (r"\bvar", r"\\operatorname\{Var\}", r"\\mathrm\{Var\}")
CUES_VALUE = (r"\bvalue\b", r"n\s*=\s*\d+", r"numer")


@part("sample_mean", "Sample mean of Bernoulli draws", r"""
$X_1, \dots, X_n$ are independent $\mathrm{Bernoulli}(p)$ draws and $\bar X = \frac{1}{n} \sum_k X_k$.
(a) Find $\mathbb{E}[\bar X]$. (b) Find $\operatorname{Var}(\bar X)$ in terms of $n$ and $p$.
(c) Give its value for $n = {{n}}$ and $p = {{p}}$.
""", variants=DRAWS, symbols={"n": n, "p": p_success})
def bernoulli_sample_mean(p: PartBuilder) -> None:
    """Each draw has variance p(1 - p); the n independent draws, divided by n, give p(1 - p)/n."""
    mean = p.derive("mean of the sample mean", r"\mathbb{E}[\bar X]", Expectation(sample_mean),
                    "the sample mean", rules.LINEARITY, rules.MOMENTS, rules.COUNT)
    variance = p.derive("variance of the sample mean", r"\operatorname{Var}(\bar X)", Variance(sample_mean),
                        "independent draws", rules.VARIANCE_OF_SUM, rules.MOMENTS, rules.COUNT)
    variance.step(p_success * (1 - p_success) / n, "simplify", "p - p^2 = p(1 - p)")
    value = p.instantiate(variance, "variance at the given n and p")
    general_misconceptions = (
        (p_success * (1 - p_success), "That is the variance of one draw; averaging n of them divides it by n."),
        (sp.sqrt(p_success * (1 - p_success) / n), "That is the standard error, the square root of the variance."),
        (p_success * (1 - p_success) / n**2, "Var(X/n) = Var(X)/n^2 for one sum; with n draws that is p(1 - p)/n."),
        (p_success / n, "The variance of one Bernoulli draw is p(1 - p), not p."),
    )
    p.slot("mean", "exact", mean, "E[mean]", cues=CUES_MEAN, misconceptions=(
        Misconception("Each draw has mean p; so does their average (not n p).", expr=n * p_success),))
    p.slot("variance", "exact", variance, "Var(mean)", cues=CUES_VARIANCE, misconceptions=tuple(
        Misconception(note, expr=wrong) for wrong, note in general_misconceptions))
    p.slot("value", "numeric", value, "Var(mean) at the given n and p", cues=CUES_VALUE, misconceptions=tuple(
        Misconception(note, expr=wrong) for wrong, note in general_misconceptions))
    sizes = [{n: 1, p_success: 0.3}, {n: 50, p_success: 0.8}]
    p.monte_carlo("mean", sample_mean, mean, sizes, general=True)
    p.monte_carlo("variance", (sample_mean - p_success) ** 2, variance, sizes, general=True)
    p.monte_carlo("value", (sample_mean - p_success) ** 2, value.result, [{}])  # this student's n and p
