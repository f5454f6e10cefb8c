"""hw3 Q3: reading the muP papers: Figure 1 (3a), Table 3's Adam learning rates (3b), the spectral condition (3c)."""
from __future__ import annotations

import numpy as np
import sympy as sp

from derive import (Alternate, Derivation, KeyPoint, Misconception, PartBuilder, Theta, VerifyConfig, VerifyRecord,
                    dimension, growth_class, near, part, rubric_reference, scale)
from derive.growth.norms import Claims, EuclideanNorm, Feature, RMSNorm, RMSOperatorNorm, SpectralNorm, Weight, width

eta = scale(r"\eta")  # a learning rate
net_width = dimension("width")
fan_in, fan_out = dimension("fan_in"), dimension("fan_out")
n_l, n_prev = width(0), width(-1)
h, dh, h_prev, dh_prev = Feature(0), Feature(0, True), Feature(-1), Feature(-1, True)
W, dW = Weight(0), Weight(0, True)

SYMBOLS_3A = {r"\eta": eta, "Learning Rate": eta, "learning rate": eta, "learning_rate": eta, "LR": eta, "lr": eta,
              "width": net_width, "Width": net_width}
SYMBOLS_3B = {"fan_in": fan_in, "fan_out": fan_out, "width": fan_in, "Width": fan_in, r"\eta": eta, "LR": eta}
SYMBOLS_3C = {r"n_\ell": n_l, "n_l": n_l, r"n_{\ell-1}": n_prev, "n_{l-1}": n_prev}
LAYER_SHAPES = [(8, 4), (32, 64), (128, 32), (256, 256)]  # (n_l, n_{l-1})
ADAM_SHAPES = [(4, 3), (16, 16), (64, 32), (128, 256)]  # (fan_in, fan_out)
DRAWS = 40  # exact linear algebra: a few draws per shape show the identity holds draw by draw


def _rms_to_rms(matrix: np.ndarray) -> float:
    fan_out_, fan_in_ = matrix.shape
    return float(np.sqrt(fan_in_ / fan_out_) * np.linalg.norm(matrix, 2))


def _adam_records(config: VerifyConfig, step: Derivation, rates: dict[str, sp.Expr]) -> list[VerifyRecord]:
    """Draw sign-like Adam steps and measure their RMS-to-RMS norm exactly (an SVD), draw by draw."""
    rng = np.random.default_rng(config.seed)
    records = []
    for fan_in_, fan_out_ in ADAM_SHAPES:
        for slot, rate in rates.items():
            expected = step.result.xreplace({eta: rate}).xreplace({fan_in: fan_in_, fan_out: fan_out_})
            lr = float(rate.xreplace({fan_in: fan_in_}))
            norms = np.array([_rms_to_rms(lr * np.sign(np.outer(rng.standard_normal(fan_out_),
                                                                  rng.standard_normal(fan_in_))))
                              for _ in range(DRAWS)])
            records.append(VerifyRecord("hw3/3b", slot, str(step.result.xreplace({eta: rate})),
                                       {"fan_in": fan_in_, "fan_out": fan_out_}, DRAWS, float(norms.mean()),
                                       float(norms.std() / np.sqrt(DRAWS)),
                                       bool(np.all(np.abs(norms - float(expected)) <= 1e-9 * float(expected))),
                                       method="linear-algebra"))
    return records


def _bound_records(config: VerifyConfig) -> list[VerifyRecord]:
    """||W h||_2 <= sqrt(n_l) for every input of norm sqrt(n_{l-1}), with equality for the top singular direction."""
    rng = np.random.default_rng(config.seed)
    records = []
    for rows, cols in LAYER_SHAPES:
        weights = rng.standard_normal((rows, cols))
        _, singular, right = np.linalg.svd(weights)
        weights *= np.sqrt(rows / cols) / singular[0]  # Condition 1, exactly
        inputs = rng.standard_normal((cols, DRAWS))
        inputs *= np.sqrt(cols) / np.linalg.norm(inputs, axis=0)  # Desideratum 1 at layer l-1
        ratios = np.linalg.norm(weights @ inputs, axis=0) / np.sqrt(rows)
        aligned = np.linalg.norm(weights @ (np.sqrt(cols) * right[0])) / np.sqrt(rows)
        dims = {str(n_l): rows, str(n_prev): cols}
        records += [
            VerifyRecord("hw3/3c", "norm_upper_bound", "||W h||_2 / sqrt(n_l) <= 1", dims, DRAWS, float(ratios.mean()),
                        float(ratios.std() / np.sqrt(DRAWS)), bool(ratios.max() <= 1 + 1e-9), method="linear-algebra"),
            VerifyRecord("hw3/3c", "lower_bound_assumption", "aligned input: ||W h||_2 / sqrt(n_l) = 1", dims, 1,
                        float(aligned), 0.0, bool(abs(aligned - 1) <= 1e-9), method="linear-algebra"),
        ]
    return records


OBSERVATION_CONTRADICTIONS = (
    r"(?:under|with|for|in) muP[^.;]{0,40}(?:optim\w*|best)[^.;]{0,30}(?:shifts|moves|drifts|changes)",
)
OBSERVATION_POINTS = (
    KeyPoint("under SP the best learning rate shifts as the width grows",
             (near(r"optim\w*|best|minim\w*|ideal",
                   r"shift\w*|mov(?:e|es|ing)|drift\w*|chang\w*|var(?:y|ies)|differ\w*"),
              near(r"optim\w*|best", r"not (?:stable|the same|transfer)\w*"),
              r"\bno single (?:good |best )?learning rate", r"can(?:not|'t) (?:reuse|transfer)")),
    KeyPoint("under SP wider is not always better",
             (near(r"wid(?:er|th|e)", r"not always better|(?:is|are)n't always better"),
              near(r"wid(?:er|th|e)", r"worse|unstable|instabilit\w*|erratic|diverg\w*|degrad\w*|hurts?|collaps\w*|"
                                      r"higher loss"))),
    KeyPoint("under muP the best learning rate stays the same across widths",
             (near(r"optim\w*|best|minim\w*", r"stable|stays?|remains?|same|constant|consistent|invariant|aligned|"
                                               r"transfers?"),
              r"does(?:n't| not) shift", r"width[- ]invariant", r"hyper-?parameters? transfer"),
             contradictions=OBSERVATION_CONTRADICTIONS),
    KeyPoint("under muP wider networks reach a lower loss",
             (near(r"wid(?:er|th|e)", r"better|lower (?:training )?loss|improv\w*|outperform\w*"),
              near(r"loss", r"decreas\w*|goes down|drops|falls"))),
)

ASSUMPTION_POINTS = (
    KeyPoint("the inputs align with the top singular directions of W_l and Delta W_l (not orthogonal to them)",
             (near(r"align\w*", r"singular|spectral|top|largest|leading|principal|W_?(?:l|ell)|weights?|update"),
              near(r"not orthogonal|isn't orthogonal", r"singular|W_?(?:l|ell)|weights?|update"),
              r"spectral norm is (?:attained|achieved|tight)", near(r"bound|inequalit\w*", r"tight\b")),
             contradictions=(near(r"orthogonal", r"singular|top|W_?(?:l|ell)|weights?|update"),
                             # the usual wrong answer: i.i.d. weights in general position; the update is low-rank
                             r"(?:assum\w*|lower[- ]bounds?)[^.;!?\n]{0,60}?(?:i\.i\.d|general position|"
                             r"random (?:\(i\.i\.d\.\) )?(?:init\w*|weights?|matri\w*))")),
)


LOG_SCALE_NOTE = "The learning rate on a log scale; the figure uses base 2."


@part("3a", "muP, Figure 1: what the plots show about width", r"""
Figure 1 of the $\mu$Transfer paper (Tensor Programs V) shows two plots side by side, one for the standard
parameterisation (SP) and one for $\mu$P. What is on each axis, what distinguishes the curves, and what do the plots
say about how the width of the network matters?
""", symbols=SYMBOLS_3A)
def figure_1(p: PartBuilder) -> None:
    """The axis read off Figure 1, and the observation as a rubric."""
    axis = p.derive("horizontal axis of Figure 1", "x", sp.log(eta, 2),
                    "stated by Figure 1: training loss against log2 of the learning rate, one curve per width "
                    "from 128 to 8192, SP on the left and muP on the right")
    p.slot("x_axis", "exact", axis, "the horizontal axis of both plots",
           alternates=tuple(Alternate(sp.log(eta, base), 1.0, LOG_SCALE_NOTE) for base in (sp.E, 10)),
           misconceptions=(
               Misconception("Width labels the curves (one per width, 128 to 8192); the x-axis is log2 of the "
                             "learning rate.", 0.0, expr=net_width),
               Misconception("The learning rate is on a log scale: the axis is log2 of it.", 0.5, expr=eta),
           ),
           cues=(r"x-?axis", r"horizontal", r"plotted against", r"\bvs\.?\b"))
    p.slot("observation", "rubric", rubric_reference(OBSERVATION_POINTS), "what Figure 1 shows about width",
           key_points=OBSERVATION_POINTS,
           cues=(r"observ", r"takeaway", r"key (?:point|observation)", r"shift", r"stable"))


@part("3b", "muP, Table 3: the SP Adam learning rate of hidden weights", r"""
Table 3 of the same paper lists, for input, output and hidden weights, how the initial variance and the SGD and Adam
learning rates scale with width. In lecture we argued that $\mu$P scales the Adam learning rate of hidden weights as
$1/\mathrm{fan}_{\mathrm{in}}$. What does the table give as the corresponding standard parameterisation?
""", symbols=SYMBOLS_3B)
def adam_learning_rates(p: PartBuilder) -> None:
    """The SP and muP Adam learning rates of hidden weights, the latter from the RMS-to-RMS norm of one step."""
    sp_rate = p.derive(
        "SP Adam LR of hidden weights", r"\eta_{\mathrm{SP}}", sp.Pow(fan_in, 0, evaluate=False),
        "Table 3 (grey text): the standard parameterisation does not scale the hidden-layer Adam LR with width",
    ).step(sp.S.One, "simplify", "fan_in^0 = 1: constant in width")
    step = p.derive(
        "RMS-to-RMS norm of one Adam step", r"\|\Delta W\|_{\mathrm{RMS}\to\mathrm{RMS}}",
        sp.Mul(sp.sqrt(fan_in / fan_out), eta * sp.sqrt(fan_in * fan_out), evaluate=False),
        "an Adam step is sign-like: Delta W = eta sign(g x^T) has rank one and entries +-eta, so its spectral norm "
        "is eta sqrt(fan_in fan_out); the RMS-to-RMS norm is sqrt(fan_in/fan_out) times the spectral norm",
    ).step(eta * fan_in, "simplify", "the fan_out factors cancel")
    mup_rate = p.solve("muP Adam LR of hidden weights", eta, step, sp.S.One)
    p.slot("sp_adam_lr_hidden", "exact", sp_rate, "SP Adam learning rate of hidden weights (its scaling in width)",
           variable=eta,
           alternates=(Alternate(Theta(sp_rate.result), 1.0, "Constant in width, as Table 3 gives it.", "order"),),
           misconceptions=(Misconception("That is the muP scaling; SP leaves the hidden-layer Adam LR constant "
                                         "in width.", 0.0, expr=mup_rate.result),),
           cues=(r"\bSP\b", r"standard", r"gr[ae]y"))
    p.slot("mup_adam_lr_hidden", "exact", mup_rate, "muP Adam learning rate of hidden weights", variable=eta,
           alternates=(Alternate(Theta(mup_rate.result), 1.0, "Inversely proportional to fan_in.", "order"),),
           misconceptions=(Misconception("That is SP's constant; muP scales the hidden-layer Adam LR by 1/fan_in so "
                                         "one step moves the features by Theta(1).", 0.0, expr=sp_rate.result),),
           cues=(r"mu\s*P", r"\\mu\s*P", r"μP", r"fan.?in"))
    p.check(lambda config: _adam_records(config, step, {"sp_adam_lr_hidden": sp_rate.result,
                                                        "mup_adam_lr_hidden": mup_rate.result}))


@part("3c", "The spectral condition: RMS form and norm bounds", r"""
*A Spectral Condition for Feature Learning* asks (Desideratum 1) that a layer's features
$h_\ell(x) \in \mathbb{R}^{n_\ell}$ and their change after one update $\Delta h_\ell(x)$ have Euclidean norms of order
$\sqrt{n_\ell}$, and proves it from Condition 1 on the spectral norms of the weights $W_\ell$ and their updates
$\Delta W_\ell$. Why is this what feature learning needs? Restate Desideratum 1 and Condition 1 with RMS norms; show
how Condition 1 gives $\|h_\ell(x)\|_2 \le \Theta(\sqrt{n_\ell})$ and
$\|\Delta h_\ell(x)\|_2 \le \Theta(\sqrt{n_\ell})$; and name the assumption that gives matching lower bounds.
""", symbols=SYMBOLS_3C)
def spectral_condition(p: PartBuilder) -> None:
    """Desideratum 1 and Condition 1 with RMS norms, the norm bounds, and the alignment assumption."""
    features = p.derive(
        "RMS norm of the features", r"\mathrm{RMS}(h_\ell)", sp.Mul(sp.sqrt(n_l), 1 / sp.sqrt(n_l), evaluate=False),
        "RMS(h) = ||h||_2 / sqrt(n_l), and Desideratum 1 asks ||h_l||_2 = Theta(sqrt(n_l)) (orders: constants dropped)",
    ).step(sp.S.One, "simplify", "sqrt(n_l) cancels")
    operator = p.derive(
        "RMS-to-RMS norm of the weights", r"\|W_\ell\|_{\mathrm{RMS}\to\mathrm{RMS}}",
        sp.Mul(sp.sqrt(n_prev / n_l), sp.sqrt(n_l / n_prev), evaluate=False),
        "||W||_{RMS->RMS} = sqrt(n_{l-1}/n_l) ||W||_* since RMS(v) = ||v||_2/sqrt(dim v); Condition 1: "
        "||W_l||_* = Theta(sqrt(n_l/n_{l-1})), and the same for Delta W_l",
    ).step(sp.S.One, "simplify", "the width ratios cancel")
    feature_bound = p.derive(
        "upper bound on the features", r"\|W_\ell\|_* \|h_{\ell-1}\|_2", _operator_times_input(),
        "h_l = W_l h_{l-1}, so ||h_l||_2 <= ||W_l||_* ||h_{l-1}||_2; Condition 1: "
        "||W_l||_* = Theta(sqrt(n_l/n_{l-1})); Desideratum 1 at layer l-1: ||h_{l-1}||_2 = Theta(sqrt(n_{l-1}))",
    ).step(sp.sqrt(n_l), "simplify", "the n_{l-1} factors cancel")
    update_bound = p.derive(
        "upper bound on the feature change",
        r"\|\Delta W_\ell\|_*\|h_{\ell-1}\|_2+\|W_\ell\|_*\|\Delta h_{\ell-1}\|_2"
        r"+\|\Delta W_\ell\|_*\|\Delta h_{\ell-1}\|_2",
        sp.Add(*(_operator_times_input() for _ in range(3)), evaluate=False),
        "Delta h_l = Delta W_l h_{l-1} + W_l Delta h_{l-1} + Delta W_l Delta h_{l-1}; every operator norm is "
        "Theta(sqrt(n_l/n_{l-1})) (Condition 1), every input norm Theta(sqrt(n_{l-1})) (Desideratum 1)",
    ).step(3 * sp.sqrt(n_l), "simplify", "three terms of order sqrt(n_l)")

    def order(derived: Derivation) -> sp.Expr:
        return growth_class(derived.result, [n_l, n_prev])

    product = SpectralNorm(W) * EuclideanNorm(h_prev)
    update = (SpectralNorm(dW) * EuclideanNorm(h_prev) + SpectralNorm(W) * EuclideanNorm(dh_prev)
              + SpectralNorm(dW) * EuclideanNorm(dh_prev))
    desideratum = Claims(*(sp.Eq(RMSNorm(v), order(features), evaluate=False) for v in (h, dh)))
    condition = Claims(*(sp.Eq(RMSOperatorNorm(m), order(operator), evaluate=False) for m in (W, dW)))
    bounds = Claims(sp.Le(EuclideanNorm(h), product, evaluate=False),
                    sp.Eq(product, order(feature_bound), evaluate=False),
                    sp.Le(EuclideanNorm(dh), update, evaluate=False),
                    sp.Eq(update, order(update_bound), evaluate=False))
    features_for_weights = Claims(*(sp.Le(RMSNorm(v) ** 2, Theta(1), evaluate=False) for v in (h, dh)))
    p.slot("desideratum1_rms", "claims", desideratum, "Desideratum 1 with RMS norms", derivation=features.title,
           cues=(r"desideratum",))
    p.slot("condition1_rms", "claims", condition, "Condition 1 with RMS-to-RMS operator norms",
           derivation=operator.title,
           misconceptions=(Misconception(
               "That bounds the features h_l and Delta h_l, which is what Condition 1 is used to prove; "
               "Condition 1 bounds the weights: ||W_l||_{RMS->RMS} = Theta(1) and ||Delta W_l||_{RMS->RMS} = "
               "Theta(1), i.e. spectral norms Theta(sqrt(n_l/n_{l-1})).", 0.0, expr=features_for_weights),),
           cues=(r"condition\s*1", r"spectral", r"operator norm"))
    p.slot("norm_upper_bound", "claims", bounds, "how Condition 1 bounds ||h_l||_2 and ||Delta h_l||_2",
           derivation=feature_bound.title, cues=(r"impl(?:y|ies)", r"upper bound", r"norm bound"))
    p.slot("lower_bound_assumption", "rubric", rubric_reference(ASSUMPTION_POINTS),
           "the assumption behind the matching lower bounds", key_points=ASSUMPTION_POINTS,
           cues=(r"lower bound", r"assum", r"align"))
    p.check(_bound_records)


def _operator_times_input() -> sp.Expr:
    """``||W_l||_* ||h_{l-1}||_2`` at its orders, unevaluated so that the chain shows the cancellation."""
    return sp.Mul(sp.sqrt(n_l / n_prev), sp.sqrt(n_prev), evaluate=False)
