"""hw3 Q1: RMS norms of a dense layer's output at initialisation (1a) and of its SignGD update (1b, 1c)."""
from __future__ import annotations

import sympy as sp

from derive import (Alternate, Derivation, Expectation, KeyPoint, Misconception, PartBuilder, Variants, dimension,
                    expectation, fixed_vector, gaussian_matrix, gaussian_vector, growth_class, index, near, part,
                    rubric_reference, scale, sum_over)
from derive import rules as R

d1, d2 = dimension("d_1"), dimension("d_2")
j, k = index("j"), index("k")
x = gaussian_vector("x", d1)
G = gaussian_matrix("G", d2, d1)  # standardised weights: W = sigma_w G
g = fixed_vector("g", d2)
c = scale("c")
sigma_w = scale("sigma_w")

SYMBOLS = {"d_1": d1, "d_2": d2, "c": c}
CUES_EXPECTED = (r"expected .*RMS", r"RMS.*squared", r"RMS\^2", r"\\mathbb\{E\}", r"\bE\[")
CUES_SCALING = (r"(?<!re)scal", r"grow", r"order", r"depend", r"proportional")
CUES_CONSTANT = (r"multipl", r"constant", r"normali[sz]", r"rescal", r"\balpha\b", r"\bc\s*=")
MC_DIMS_1A = [{d1: 1, d2: 1}, {d1: 4, d2: 3}, {d1: 16, d2: 8}, {d1: 64, d2: 5}]
MC_DIMS_1B = [{d1: 1, d2: 2}, {d1: 4, d2: 3}, {d1: 16, d2: 5}, {d1: 64, d2: 4}]
WEIGHT_SCALES = Variants(sigma_w=(sp.Rational(1, 2), 1, 2, 3), default={"sigma_w": 1})


def rms_sq(vector_entry: sp.Expr, length: sp.Expr, idx: sp.Symbol) -> sp.Expr:
    """``RMS^2(v) = ||v||^2 / length`` for a vector given by its entry at ``idx``."""
    return sum_over(vector_entry**2, idx, length) / length


def dense_output_entry(scale_factor: sp.Expr = sp.S.One) -> sp.Expr:
    """``y_j = sum_k (c W)_{jk} x_k`` with ``W = sigma_w G``."""
    return sum_over(scale_factor * sigma_w * G[j, k] * x[k], k, d1)


def signgd_update_entry() -> sp.Expr:
    """``y'_j = sum_k sign(x_k g_j) x_k``: the feature change from the SignGD step sign(g x^T)."""
    return sum_over(sp.sign(x[k] * g[j]) * x[k], k, d1)


@part("1a", "Expected squared RMS norm of a dense layer at initialisation", r"""
A dense layer $y = Wx$ maps $x \in \mathbb{R}^{d_1}$ to $\mathbb{R}^{d_2}$. At initialisation the entries of $x$
are i.i.d. $N(0, 1)$ and the entries of $W$ are i.i.d. $N(0, \sigma_w^2)$ with $\sigma_w = {{sigma_w}}$. Find the
expected squared RMS norm $\mathbb{E}[\mathrm{RMS}^2(y)]$, where $\mathrm{RMS}^2(y) = \|y\|^2 / d_2$; say how it
scales with $d_1$ and $d_2$; and find the constant $c > 0$ such that $\mathbb{E}[\mathrm{RMS}^2(cWx)] = 1$ whatever
$d_1$ and $d_2$.
""", variants=WEIGHT_SCALES, symbols=SYMBOLS)
def dense_layer_at_initialisation(p: PartBuilder) -> None:
    """E[RMS^2(Wx)] by expanding the square and splitting index coincidences; then the normalising c."""
    general = p.derive("expected squared RMS norm at initialisation", r"\mathbb{E}[\mathrm{RMS}^2(y)]",
                       Expectation(rms_sq(dense_output_entry(), d2, j)),
                       r"RMS^2(y) = ||y||^2 / d_2 with y_j = sum_k W_jk x_k and W = sigma_w G, G_jk ~ N(0, 1)",
                       R.PULL_CONSTANTS, R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY, R.INDEPENDENCE, R.MOMENTS,
                       R.COUNT)
    expected = p.instantiate(general)
    condition = p.derive("E[RMS^2(cWx)]", r"\mathbb{E}[\mathrm{RMS}^2(cWx)]",
                         Expectation(rms_sq(dense_output_entry(c), d2, j)), "scaling W by c scales every y_j by c",
                         R.PULL_CONSTANTS, R.LINEARITY, R.EVALUATE, R.COUNT)
    constant = p.instantiate(p.solve("normalising constant", c, condition, 1))
    p.slot("expected_rms_sq", "exact", expected, "E[RMS^2(y)] for y = Wx", cues=CUES_EXPECTED,
           misconceptions=(Misconception("This is E[||y||^2]; the RMS norm divides by d_2.", 0.0,
                                         expr=expected.result * d2),))
    p.slot("scaling", "order", growth_class(expected.result, [d1, d2]), "growth of E[RMS^2(y)] in d_1 and d_2",
           derivation=expected.title, cues=CUES_SCALING)
    p.slot("constant", "exact", constant, "c with E[RMS^2(cWx)] = 1", variable=c, cues=CUES_CONSTANT,
           misconceptions=(Misconception("Missing square root: solving c^2 E[RMS^2(Wx)] = 1 gives c = 1/sqrt(...).",
                                         0.0, expr=constant.result**2),))
    p.monte_carlo("expected_rms_sq", rms_sq(dense_output_entry(), d2, j), expected, MC_DIMS_1A)
    p.monte_carlo("constant", rms_sq(dense_output_entry(constant.result), d2, j), sp.S.One, MC_DIMS_1A[1:])


def derive_rms_sq_form() -> Derivation:
    """RMS^2(y') = (sum_k |x_k|)^2 for every draw: the d_2 outputs share one magnitude."""
    return Derivation("1c: RMS^2 of the SignGD feature change", r"\mathrm{RMS}^2(y')",
                      rms_sq(signgd_update_entry(), d2, j), "RMS^2 is the mean square over the d_2 outputs",
                      ).apply(R.SPLIT_SIGN, R.SIGN_ALGEBRA, R.PULL_CONSTANTS)


@part("1b", "Expected RMS norm of the SignGD feature update", r"""
One SignGD step updates $W$ by $\operatorname{sign}(g x^\top)$, with $x \sim N(0, I_{d_1})$ and a fixed
backpropagated signal $g \in \mathbb{R}^{d_2}$ (no zero entries). The features change by
$y' = \operatorname{sign}(g x^\top)\, x$. Find $\mathbb{E}[\mathrm{RMS}^2(y')]$, say how it scales with $d_1$ and
$d_2$, and find the constant $c > 0$ that makes the expected RMS norm of $c\,y'$ equal to 1.
""", symbols=SYMBOLS)
def signgd_update(p: PartBuilder) -> None:
    """E[RMS^2(y')] = E[(sum_k |x_k|)^2] = d_1 + (2/pi) d_1 (d_1 - 1), and the c with E[RMS(c y')] = 1."""
    update = signgd_update_entry()
    expected = p.derive("expected squared RMS norm of the SignGD feature change", r"\mathbb{E}[\mathrm{RMS}^2(y')]",
                        Expectation(rms_sq(update, d2, j)), "y'_j = sum_k sign(x_k g_j) x_k",
                        R.SPLIT_SIGN, R.SIGN_ALGEBRA, R.PULL_CONSTANTS, R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY,
                        R.INDEPENDENCE, R.MOMENTS, R.COUNT)
    rms_form = derive_rms_sq_form().result  # from 1c; not shown again here
    expected_rms = p.derive("expected RMS norm of c y'", r"\mathbb{E}[\mathrm{RMS}(c y')]",
                            Expectation(c * sp.sqrt(rms_form)),
                            "RMS(c y') = c sqrt(RMS^2(y')) and RMS^2(y') = (sum_k |x_k|)^2 (1c)",
                            R.LINEARITY, R.MOMENTS, R.COUNT)
    constant = p.solve("normalising constant", c, expected_rms, 1)
    z = rms_form.base  # sum_k |x_k|
    variance = sp.factor(expectation(z**2) - expectation(z) ** 2)
    p.slot("expected_rms_sq", "exact", expected, "E[RMS^2(y')] for y' = sign(g x^T) x", cues=CUES_EXPECTED,
           misconceptions=(
               Misconception("This is Var(sum_k |x_k|), the variance; E[RMS^2(y')] is the second moment "
                             "E[(sum_k |x_k|)^2], which adds (E sum_k |x_k|)^2 = (2/pi) d_1^2.", 0.0, expr=variance),
               Misconception("Off by a factor of d_2: RMS^2 averages over the d_2 outputs.", 0.0,
                             expr=expected.result * d2)))
    p.slot("scaling", "order", growth_class(expected.result, [d1, d2]), "growth of E[RMS^2(y')] in d_1 and d_2",
           derivation=expected.title, cues=CUES_SCALING)
    p.slot("constant", "exact", constant, "c with E[RMS(c y')] = 1", variable=c, cues=CUES_CONSTANT,
           alternates=(Alternate(sp.simplify(1 / sp.sqrt(expected.result)), 1.0,
                                 "Normalises E[RMS^2(c y')] to 1 instead of E[RMS(c y')]; also accepted."),),
           misconceptions=(Misconception("Right order in d_1, but the constant factor is missing or wrong: "
                                         "E[sum_k |x_k|] = sqrt(2/pi) d_1.", 0.5, predicate="same-order"),))
    p.monte_carlo("expected_rms_sq", rms_sq(update, d2, j), expected, MC_DIMS_1B)
    p.monte_carlo("constant", constant.result * sp.sqrt(rms_sq(update, d2, j)), sp.S.One, MC_DIMS_1B[1:])


EXPLANATION_POINTS = (
    KeyPoint("every output is y'_j = sign(g_j) sum_k |x_k|",
             (r"sign\(?g_?j?\)?[^.;]{0,40}(?:sum|Σ)", r"y'_?j\s*=\s*sign",
              near(r"sign(?:ed)?|±|\+/-|flip\w*", r"cop(?:y|ies)|same (?:scalar|value|quantity|number|sum)|repeat\w*|"
                                                  r"repetition"))),
    KeyPoint("every output has the same magnitude",
             (near(r"same|identical|equal", r"magnitude|absolute value|size|scalar|value|quantity|sum"),
              r"cop(?:y|ies) of (?:the|one) same", r"\brepetition\b", r"repeated (?:value|copies|copy)")),
    KeyPoint("averaging over the d_2 outputs cancels d_2",
             (near(r"d_?2|outputs?|neurons?", r"cancel\w*|averag\w* out"),
              near(r"divid\w*|averag\w*|mean", r"d_?2[^.;]{0,40}(?:same|equal|identical)"),
              r"(?:more|extra) copies"),
             contradictions=(r"depends? on d_?2", r"(?:grows?|scales?|increases?) with d_?2")),
    KeyPoint("the common magnitude is a sum over the d_1 inputs",
             (near(r"sum|Σ", r"d_?1|inputs?"), r"(?:only|solely|entirely) (?:on|by|from) (?:the )?(?:d_?1|inputs?)")),
)


@part("1c", "Why the SignGD update's RMS norm ignores d_2", r"""
Explain why the answer to 1b does not depend on $d_2$: write $\mathrm{RMS}^2(y')$ in terms of
$z = \sum_k |x_k|$ alone.
""", symbols=SYMBOLS)
def signgd_update_explained(p: PartBuilder) -> None:
    """RMS^2(y') as the square of one sum over the inputs, and why d_2 drops out."""
    form = p.show(derive_rms_sq_form())
    z = sp.Symbol("z")  # the question's name for sum_k |x_k|
    p.slot("rms_sq_form", "equation", form, "RMS^2(y') in terms of z = sum_k |x_k|", bindings={z: form.result.base},
           cues=(r"RMS\^2", r"RMS.*squared", r"\bz\s*=", r"in terms of z"))
    p.slot("explanation", "rubric", rubric_reference(EXPLANATION_POINTS), "why RMS(y') does not depend on d_2",
           key_points=EXPLANATION_POINTS, cues=(r"\bwhy\b", r"because", r"explain", r"depend", r"cancel"))
    p.pointwise("rms_sq_form", rms_sq(signgd_update_entry(), d2, j), form, MC_DIMS_1B)
