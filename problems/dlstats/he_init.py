"""Part 2: He initialisation, the weight variance that keeps a ReLU layer's output at unit second moment."""
from __future__ import annotations

import sympy as sp

from derive import (Expectation, Misconception, PartBuilder, Variants, dimension, gaussian_vector, index, normal,
                    part, random_array, relu, rules, scale, sum_over)

n, m = dimension("n"), dimension("m")
j, k = index("j"), index("k")
sigma = scale("sigma")
h = gaussian_vector("h", n)
W = random_array("W", (m, n), normal(0, sigma**2))
x_k = relu(h[k])
output_sq = sum_over(sum_over(W[j, k] * x_k, k, n) ** 2, j, m)  # ||W x||^2
FAN_INS = Variants(n=(64, 128, 256, 512, 784, 1024), default={"n": 256})

CUES_FIRST = (r"\\mathbb\{E\}\[x_k\]", r"\bmean\b", r"first moment")
CUES_SECOND = (r"x_k\^2", r"second moment")
CUES_OUTPUT = (r"\\\|Wx\\\|", r"\|\|Wx\|\|", r"output")
CUES_VARIANCE = (r"\\sigma\^2", r"σ²", r"\bHe\b", r"variance")


@part("he_init", "He initialisation for ReLU layers", r"""
Let $h \in \mathbb{R}^n$ have independent $N(0, 1)$ entries and $x = \mathrm{ReLU}(h)$ entrywise. A layer
$W \in \mathbb{R}^{m \times n}$ has independent $N(0, \sigma^2)$ weights, independent of $h$; here $n = {{n}}$.
(a) Find $\mathbb{E}[x_k]$ and $\mathbb{E}[x_k^2]$. (b) Find $\mathbb{E}[\|Wx\|^2]/m$.
(c) Which weight variance $\sigma^2$ makes $\mathbb{E}[\|Wx\|^2]/m = 1$?
""", variants=FAN_INS, symbols={"n": n, "m": m, "sigma": sigma, "sigma_w": sigma})
def he_initialisation(p: PartBuilder) -> None:
    """ReLU keeps half of the second moment: E[x_k^2] = 1/2, so E||Wx||^2/m = sigma^2 n / 2 and sigma^2 = 2/n."""
    first = p.derive("mean of a ReLU unit", r"\mathbb{E}[x_k]", Expectation(x_k), "x_k = max(h_k, 0)",
                     rules.RELU, rules.LINEARITY, rules.MOMENTS)
    second = p.derive("second moment of a ReLU unit", r"\mathbb{E}[x_k^2]", Expectation(x_k**2), "x_k = max(h_k, 0)",
                      rules.RELU, rules.EXPAND, rules.LINEARITY, rules.MOMENTS)
    output = p.derive("output second moment", r"\mathbb{E}[\|Wx\|^2]/m", Expectation(output_sq) / m,
                      "||W x||^2 = sum_j (sum_k W_jk x_k)^2", rules.EXPAND_SQUARE, rules.SPLIT_DIAGONAL,
                      rules.LINEARITY, rules.INDEPENDENCE, rules.RELU, rules.LINEARITY, rules.MOMENTS, rules.COUNT)
    weight_scale = p.solve("weight scale", sigma, output, 1)
    general_variance = p.derive("weight variance", r"\sigma^2", weight_scale.result**2,
                                "the square of the weight scale")
    own_output, own_variance = p.instantiate(output), p.instantiate(general_variance)
    p.slot("relu_mean", "exact", first, "E[x_k]", cues=CUES_FIRST, misconceptions=(
        Misconception("E|h_k| = sqrt(2/pi); ReLU keeps only the positive half, so E[x_k] = E|h_k|/2.",
                      expr=sp.sqrt(2 / sp.pi)),
        Misconception("h_k has mean 0, but ReLU(h_k) >= 0 does not.", expr=sp.S.Zero)))
    p.slot("relu_second", "exact", second, "E[x_k^2]", cues=CUES_SECOND, misconceptions=(
        Misconception("E[h_k^2] = 1, but ReLU zeroes the negative half, which carries half of it.", expr=sp.S.One),
        Misconception("That is E[x_k]^2, not E[x_k^2].", expr=1 / (2 * sp.pi))))
    p.slot("output_moment", "exact", own_output, "E[||Wx||^2]/m", variable=None, cues=CUES_OUTPUT,
           misconceptions=(
               Misconception("That holds for a linear layer (E[x_k^2] = 1); ReLU halves the second moment.",
                             expr=sigma**2 * n),))
    p.slot("weight_variance", "exact", own_variance, "sigma^2 with E[||Wx||^2]/m = 1", variable=sigma**2,
           cues=CUES_VARIANCE, misconceptions=(
               Misconception("1/n is Xavier/LeCun's variance for a linear layer; ReLU halves the second moment, "
                             "so the variance must double: 2/n.", expr=1 / n),
               Misconception("That is the standard deviation sqrt(2/n); the variance is its square, 2/n.",
                             expr=sp.sqrt(2 / n)),
               Misconception("The fan-in n decides the output's scale, not the fan-out m.", expr=2 / m)))
    p.monte_carlo("relu_mean", x_k.xreplace({k: 1}), first, [{n: 1}])
    p.monte_carlo("relu_second", x_k.xreplace({k: 1}) ** 2, second, [{n: 1}])
    p.monte_carlo("output_moment", output_sq / m, output, [{n: 3, m: 2, sigma: 0.7}, {n: 20, m: 5, sigma: 0.3}],
                  general=True)
    p.monte_carlo("output_moment", output_sq / m, own_output, [{m: 3, sigma: 0.1}])
    he_weights = output_sq.xreplace({sigma: weight_scale.result}) / m  # W_jk ~ N(0, 2/n)
    p.monte_carlo("weight_variance", he_weights, sp.S.One, [{n: 5, m: 2}, {n: 50, m: 3}], general=True)
    p.monte_carlo("weight_variance", he_weights, sp.S.One, [{m: 4}])  # this student's n
