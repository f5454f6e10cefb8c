"""hw3 Q1: RMS norms of a dense layer's output at initialisation (1a) and of its SignGD update (1b, 1c)."""
from __future__ import annotations

import sympy as sp

from derive import (Alternate, Derivation, Expectation, KeyPoint, Misconception, Part, Slot, VerifyConfig, dimension,
                    expectation, fixed_vector, gaussian_matrix, gaussian_vector, growth_class, identity_records,
                    index, monte_carlo_records, near, rubric_reference, scale, solve_for, sum_over)
from derive import rules as R

d1, d2 = dimension("d_1"), dimension("d_2")
j, k = index("j"), index("k")
x = gaussian_vector("x", d1)
W = gaussian_matrix("W", d2, d1)
g = fixed_vector("g", d2)
c = scale("c")

SYMBOLS = {"d_1": d1, "d_2": d2, "c": c}
CUES_EXPECTED = (r"expected .*RMS", r"RMS.*squared", r"RMS\^2", r"\\mathbb\{E\}", r"\bE\[")
CUES_SCALING = (r"(?<!re)scal", r"grow", r"order", r"depend", r"proportional")
CUES_CONSTANT = (r"multipl", r"constant", r"normali[sz]", r"rescal", r"\balpha\b", r"\bc\s*=")
MC_DIMS_1A = [{d1: 1, d2: 1}, {d1: 4, d2: 3}, {d1: 16, d2: 8}, {d1: 64, d2: 5}]
MC_DIMS_1B = [{d1: 1, d2: 2}, {d1: 4, d2: 3}, {d1: 16, d2: 5}, {d1: 64, d2: 4}]


TITLE_1A = 'Expected squared RMS norm of a dense layer at initialisation'
TITLE_1B = 'Expected RMS norm of the SignGD feature update'
TITLE_1C = "Why the SignGD update's RMS norm ignores d_2"


def rms_sq(vector_entry: sp.Expr, length: sp.Expr, idx: sp.Symbol) -> sp.Expr:
    """``RMS^2(v) = ||v||^2 / length`` for a vector given by its entry at ``idx``."""
    return sum_over(vector_entry**2, idx, length) / length


def dense_output_entry(scale_factor: sp.Expr = sp.S.One) -> sp.Expr:
    """``y_j = sum_k (c W)_{jk} x_k``."""
    return sum_over(scale_factor * W[j, k] * x[k], k, d1)


def signgd_update_entry() -> sp.Expr:
    """``y'_j = sum_k sign(x_k g_j) x_k``: the feature change from the SignGD step sign(g x^T)."""
    return sum_over(sp.sign(x[k] * g[j]) * x[k], k, d1)


STATEMENT_1A = (
    "A dense layer y = Wx maps x in R^{d_1} to R^{d_2}; at initialisation the entries of W and of x are i.i.d. "
    "N(0, 1). Find the expected squared RMS norm E[RMS^2(y)], where RMS^2(y) = ||y||^2 / d_2; say how it scales "
    "with d_1 and d_2; and find the constant c > 0 such that E[RMS^2(cWx)] = 1 whatever d_1 and d_2."
)

STATEMENT_1B = (
    "One SignGD step updates W by sign(g x^T), with x ~ N(0, I_{d_1}) and a fixed backpropagated signal "
    "g in R^{d_2} (no zero entries). The features change by y' = sign(g x^T) x. Find E[RMS^2(y')], say how it "
    "scales with d_1 and d_2, and find the constant c > 0 that makes the expected RMS norm of c y' equal to 1."
)

STATEMENT_1C = (
    "Explain why the answer to 1b does not depend on d_2: write RMS^2(y') in terms of "
    "z = sum_k |x_k| alone."
)


def derive_rms_sq_form() -> Derivation:
    """RMS^2(y') = (sum_k |x_k|)^2 for every draw: the d_2 outputs share one magnitude."""
    return Derivation(
        "1c: RMS^2 of the SignGD feature change", r"\mathrm{RMS}^2(y')",
        rms_sq(signgd_update_entry(), d2, j), "RMS^2 is the mean square over the d_2 outputs",
    ).apply(R.SPLIT_SIGN, R.SIGN_ALGEBRA, R.PULL_CONSTANTS)


def derive_expected_rms_sq_1a() -> Derivation:
    """E[RMS^2(Wx)] by expanding the square and splitting index coincidences."""
    return Derivation(
        "1a: expected squared RMS norm at initialisation", r"\mathbb{E}[\mathrm{RMS}^2(y)]",
        Expectation(rms_sq(dense_output_entry(), d2, j)), "RMS^2(y) = ||y||^2 / d_2 with y_j = sum_k W_jk x_k",
    ).apply(R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY, R.INDEPENDENCE, R.MOMENTS, R.COUNT)


def derive_constant_1a() -> tuple[Derivation, Derivation]:
    """The condition E[RMS^2(cWx)] = 1, simplified, then solved for c > 0."""
    condition = Derivation(
        "1a: E[RMS^2(cWx)]", r"\mathbb{E}[\mathrm{RMS}^2(cWx)]",
        Expectation(rms_sq(dense_output_entry(c), d2, j)), "scaling W by c scales every y_j by c",
    ).apply(R.PULL_CONSTANTS, R.LINEARITY, R.EVALUATE, R.COUNT)
    return condition, solve_for("1a: normalising constant", c, condition, sp.S.One)


def derive_expected_rms_sq_1b() -> Derivation:
    """E[RMS^2(y')] = E[(sum_k |x_k|)^2] = d_1 + (2/pi) d_1 (d_1 - 1)."""
    return Derivation(
        "1b: expected squared RMS norm of the SignGD feature change", r"\mathbb{E}[\mathrm{RMS}^2(y')]",
        Expectation(rms_sq(signgd_update_entry(), d2, j)), "y'_j = sum_k sign(x_k g_j) x_k",
    ).apply(R.SPLIT_SIGN, R.SIGN_ALGEBRA, R.PULL_CONSTANTS, R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY,
            R.INDEPENDENCE, R.MOMENTS, R.COUNT)


def derive_expected_rms_1b(rms_form: sp.Expr) -> Derivation:
    """E[RMS(y')] = E[sum_k |x_k|] = sqrt(2/pi) d_1, since RMS^2(y') = (sum_k |x_k|)^2 (``rms_form``, from 1c)."""
    return Derivation(
        "1b: expected RMS norm of c y'", r"\mathbb{E}[\mathrm{RMS}(c y')]",
        Expectation(c * sp.sqrt(rms_form)), "RMS(c y') = c sqrt(RMS^2(y')) and RMS^2(y') = (sum_k |x_k|)^2 (1c)",
    ).apply(R.LINEARITY, R.MOMENTS, R.COUNT)


def build_1a() -> Part:
    """Part 1a with its derivations, slots and simulations."""
    expected = derive_expected_rms_sq_1a()
    condition, constant = derive_constant_1a()
    scaling = growth_class(expected.result, [d1, d2])

    def simulate(config: VerifyConfig):
        return (monte_carlo_records("hw3/1a", "expected_rms_sq", rms_sq(dense_output_entry(), d2, j),
                                    expected.result, MC_DIMS_1A, config)
                + monte_carlo_records("hw3/1a", "constant",
                                      rms_sq(dense_output_entry(constant.result), d2, j), sp.S.One,
                                      MC_DIMS_1A[1:], config))

    return Part(
        id="hw3/1a", title=TITLE_1A, statement=STATEMENT_1A,
        derivations=[expected, condition, constant],
        slots=[
            Slot("expected_rms_sq", "exact", expected.result, "E[RMS^2(y)] for y = Wx",
                 derivation=expected.title,
                 misconceptions=(Misconception("This is E[||y||^2]; the RMS norm divides by d_2.", 0.0,
                                               expr=expected.result * d2),), cues=CUES_EXPECTED),
            Slot("scaling", "order", scaling, "growth of E[RMS^2(y)] in d_1 and d_2",
                 derivation=expected.title, cues=CUES_SCALING),
            Slot("constant", "exact", constant.result, "c with E[RMS^2(cWx)] = 1", variable=c,
                 derivation=constant.title,
                 misconceptions=(Misconception("Missing square root: c^2 d_1 = 1 gives c = 1/sqrt(d_1).", 0.0,
                                               expr=constant.result**2),), cues=CUES_CONSTANT),
        ],
        simulations=[simulate], symbols=SYMBOLS,
    )


def build_1b() -> Part:
    """Part 1b with its derivations, slots and simulations."""
    expected = derive_expected_rms_sq_1b()
    rms_form = derive_rms_sq_form().result
    expected_rms = derive_expected_rms_1b(rms_form)
    constant = solve_for("1b: normalising constant", c, expected_rms, sp.S.One)
    scaling = growth_class(expected.result, [d1, d2])
    z = rms_form.base  # sum_k |x_k|
    variance = sp.factor(expectation(z**2) - expectation(z) ** 2)
    alternate_constant = sp.simplify(1 / sp.sqrt(expected.result))

    def simulate(config: VerifyConfig):
        update = signgd_update_entry()
        return (monte_carlo_records("hw3/1b", "expected_rms_sq", rms_sq(update, d2, j), expected.result,
                                    MC_DIMS_1B, config)
                + monte_carlo_records("hw3/1b", "constant", constant.result * sp.sqrt(rms_sq(update, d2, j)),
                                      sp.S.One, MC_DIMS_1B[1:], config))

    return Part(
        id="hw3/1b", title=TITLE_1B, statement=STATEMENT_1B,
        derivations=[expected, expected_rms, constant],
        slots=[
            Slot("expected_rms_sq", "exact", expected.result, "E[RMS^2(y')] for y' = sign(g x^T) x",
                 derivation=expected.title,
                 misconceptions=(
                     Misconception("This is Var(sum_k |x_k|), the variance; E[RMS^2(y')] is the second moment "
                                   "E[(sum_k |x_k|)^2], which adds (E sum_k |x_k|)^2 = (2/pi) d_1^2.", 0.0,
                                   expr=variance),
                     Misconception("Off by a factor of d_2: RMS^2 averages over the d_2 outputs.", 0.0,
                                   expr=expected.result * d2),
                 ), cues=CUES_EXPECTED),
            Slot("scaling", "order", scaling, "growth of E[RMS^2(y')] in d_1 and d_2", derivation=expected.title,
                 cues=CUES_SCALING),
            Slot("constant", "exact", constant.result, "c with E[RMS(c y')] = 1", variable=c,
                 derivation=constant.title,
                 alternates=(Alternate(alternate_constant, 1.0,
                                       "Normalises E[RMS^2(c y')] to 1 instead of E[RMS(c y')]; also accepted."),),
                 misconceptions=(Misconception("Right order in d_1, but the constant factor is missing or wrong: "
                                               "E[sum_k |x_k|] = sqrt(2/pi) d_1.", 0.5,
                                               predicate="same-order"),), cues=CUES_CONSTANT),
        ],
        simulations=[simulate], symbols=SYMBOLS,
    )


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


def build_1c() -> Part:
    """Part 1c: RMS^2(y') as the square of one sum over the inputs, and why d_2 drops out."""
    form = derive_rms_sq_form()
    z = sp.Symbol("z")  # the question's name for sum_k |x_k|

    def simulate(config: VerifyConfig):
        return identity_records("hw3/1c", "rms_sq_form", rms_sq(signgd_update_entry(), d2, j), form.result,
                                MC_DIMS_1B, config)

    return Part(
        id="hw3/1c", title=TITLE_1C, statement=STATEMENT_1C,
        derivations=[form],
        slots=[Slot("rms_sq_form", "equation", form.result, "RMS^2(y') in terms of z = sum_k |x_k|",
                    derivation=form.title, bindings={z: form.result.base},
                    cues=(r"RMS\^2", r"RMS.*squared", r"\bz\s*=", r"in terms of z")),
               Slot("explanation", "rubric", rubric_reference(EXPLANATION_POINTS), "why RMS(y') does not depend on d_2",
                    key_points=EXPLANATION_POINTS, cues=(r"\bwhy\b", r"because", r"explain", r"depend", r"cancel"))],
        simulations=[simulate], symbols=SYMBOLS,
    )
