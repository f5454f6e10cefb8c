"""Claims about norms: read from LaTeX, reduced to bounds on one norm, graded against the 3c references."""
from __future__ import annotations

import functools

import pytest
import sympy as sp

from derive.growth.asymptotics import Theta
from derive.growth.norms import Claims, EuclideanNorm, Feature, RMSNorm, RMSOperatorNorm, SpectralNorm, Weight, width
from graders.modes.claims import analyse, match
from graders.reading.claims import ClaimsReadError, read_claims
from graders.grading import grade_slot
from bank import problem_bank

n_l, n_prev = width(0), width(-1)
DIMS = {n_l, n_prev}


@functools.lru_cache(maxsize=None)
def part(part_id: str = "hw3/3c"):
    return problem_bank().build_part(part_id)


def grade(slot: str, answer: str):
    p = part()
    return grade_slot(p.id, p.slot(slot), answer, p.symbols)


def read(text: str) -> Claims:
    return read_claims(text, part().symbols)


def test_a_shared_right_side_is_claimed_for_every_subject():
    claims = read(r"\text{RMS}^2(h_\ell(x)),\ \text{RMS}^2(\Delta h_\ell(x)) \le \Theta(1)")
    assert claims == Claims(sp.Le(RMSNorm(Feature(0)) ** 2, Theta(1), evaluate=False),
                            sp.Le(RMSNorm(Feature(0, True)) ** 2, Theta(1), evaluate=False))


def test_a_chain_claims_each_link():
    claims = read(r"\|h_\ell\|_2 \le \|W_\ell\|_* \|h_{\ell-1}\|_2 = \Theta(\sqrt{n_\ell})")
    product = SpectralNorm(Weight(0)) * EuclideanNorm(Feature(-1))
    assert claims == Claims(sp.Le(EuclideanNorm(Feature(0)), product, evaluate=False),
                            sp.Eq(product, Theta(sp.sqrt(n_l)), evaluate=False))


@pytest.mark.parametrize("text,node", [
    (r"\left\lVert W_\ell \right\rVert_{\mathrm{RMS}\to\mathrm{RMS}} = \Theta(1)", RMSOperatorNorm(Weight(0))),
    (r"\|\Delta W_{l}\|_{op} = \Theta(1)", SpectralNorm(Weight(0, True))),
    (r"\|h_{\ell-1}(x)\|_{\text{RMS}} = \Theta(1)", RMSNorm(Feature(-1))),
    ("‖Δh_ℓ‖₂ = Θ(√n_ℓ)", EuclideanNorm(Feature(0, True))),
    (r"\text{Condition 1} \Rightarrow \|W_\ell\|_2 = \Theta(1)", SpectralNorm(Weight(0))),
])
def test_spellings_of_norms_and_subjects(text, node):
    assert read(text).args[0].lhs == node


def test_more_than_ten_quantities_keep_their_places():
    text = ", ".join([r"\|h_\ell\|_2 = \Theta(\sqrt{n_\ell})"] * 6 + [r"\|W_\ell\|_* = \Theta(1)"])
    claims = read(text)
    assert len(claims.args) == 7 and claims.args[-1].lhs == SpectralNorm(Weight(0))


@pytest.mark.parametrize("answer", [
    r"\text{RMS}(h_\ell) = \Theta(1)",
    r"\|h_\ell\|_2 = \Theta(\sqrt{n_\ell})",
    r"\|h_\ell(x)\|^2 = \Theta(n_\ell)",
    r"\text{RMS}^2(h_\ell) = \Theta(1)",
    r"\frac{1}{\sqrt{n_\ell}} \|h_\ell\|_2 = 1",
])
def test_one_bound_however_it_is_written(answer):
    (bound,) = analyse(read(answer), DIMS).bounds
    assert bound.subject == Feature(0) and bound.directions == {"<=", ">="}
    assert bound.exponents == ((n_l, sp.Rational(1, 2)),)


def test_rms_to_rms_norm_of_one_is_a_spectral_norm_of_the_width_ratio():
    rms = analyse(read(r"\|W_\ell\|_{RMS \to RMS} = \Theta(1)"), DIMS).bounds
    spectral = analyse(read(r"\|W_\ell\|_* = \Theta(\sqrt{n_\ell / n_{\ell-1}})"), DIMS).bounds
    assert match(rms, spectral).complete and match(spectral, rms).complete


def test_a_bound_reached_through_a_product_records_its_route():
    (bound,) = analyse(read(r"\|h_\ell\|_2 \le \|W_\ell\|_* \|h_{\ell-1}\|_2 = \Theta(\sqrt{n_\ell})"), DIMS).bounds
    assert bound.directions == {"<="} and bound.via == {Weight(0), Feature(-1)}


H_CHAIN = r"\|h_\ell\|_2 \le \|W_\ell\|_* \|h_{\ell-1}\|_2 = \Theta(\sqrt{n_\ell})"
DH_CHAIN = (r"\|\Delta h_\ell\|_2 \le \|\Delta W_\ell\|_*\|h_{\ell-1}\|_2 + \|W_\ell\|_*\|\Delta h_{\ell-1}\|_2"
            r" + \|\Delta W_\ell\|_*\|\Delta h_{\ell-1}\|_2 = \Theta(\sqrt{n_\ell})")
RMS_CHAINS = (r"\text{RMS}(h_\ell) \le \|W_\ell\|_{RMS\to RMS}\,\text{RMS}(h_{\ell-1}) = \Theta(1), "
              r"\text{RMS}(\Delta h_\ell) \le \|\Delta W_\ell\|_{RMS\to RMS}\,\text{RMS}(h_{\ell-1}) = \Theta(1)")
FACTORS_STATED_APART = (r"\|h_\ell\|_2 \le \|W_\ell\|_* \|h_{\ell-1}\|_2, "
                        r"\|W_\ell\|_* = \Theta(\sqrt{n_\ell/n_{\ell-1}}), "
                        r"\|h_{\ell-1}\|_2 = \Theta(\sqrt{n_{\ell-1}}), "
                        r"\|\Delta h_\ell\|_2 \le \|\Delta W_\ell\|_* \|h_{\ell-1}\|_2, "
                        r"\|\Delta W_\ell\|_* = \Theta(\sqrt{n_\ell/n_{\ell-1}})")
RMS_BOTH = r"\text{RMS}(h_\ell(x)) = \Theta(1),\ \text{RMS}(\Delta h_\ell(x)) = \Theta(1)"
SPECTRAL = (r"\|W_\ell\|_* = \Theta(\sqrt{\frac{n_\ell}{n_{\ell-1}}}),\ "
            r"\|\Delta W_\ell\|_* = \Theta(\sqrt{n_\ell/n_{\ell-1}})")


@pytest.mark.parametrize("slot,answer,status", [
    ("desideratum1_rms", RMS_BOTH, "correct"),
    ("desideratum1_rms", r"\|h_\ell\|_2=\Theta(\sqrt{n_\ell}),\ \|\Delta h_\ell\|_2=\Theta(\sqrt{n_\ell})", "correct"),
    ("desideratum1_rms", r"\|h_\ell\|^2=\Theta(n_\ell), \|\Delta h_\ell\|_2^2=\Theta(n_\ell)", "correct"),
    ("desideratum1_rms", r"\text{RMS}(h_\ell) \le \Theta(1), \text{RMS}(\Delta h_\ell) \le \Theta(1)", "partial"),
    ("desideratum1_rms", r"\text{RMS}(h_\ell) = \Theta(1)", "partial"),
    ("desideratum1_rms", r"\text{RMS}(h_\ell) = \Theta(\sqrt{n_\ell}), \text{RMS}(\Delta h_\ell) = \Theta(1)",
     "incorrect"),
    ("condition1_rms", r"\|W_\ell\|_{\mathrm{RMS}\to\mathrm{RMS}} = \Theta(1),\ \|\Delta W_\ell\|_{RMS\to RMS} = "
                       r"\Theta(1)", "correct"),
    ("condition1_rms", SPECTRAL, "correct"),
    ("condition1_rms", r"\|W_\ell\|_* = \Theta(1), \|\Delta W_\ell\|_* = \Theta(1)", "incorrect"),
    ("condition1_rms", r"\text{RMS}^2(h_\ell(x)),\ \text{RMS}^2(\Delta h_\ell(x)) \le \Theta(1)", "incorrect"),
    ("condition1_rms", RMS_BOTH, "incorrect"),
    ("norm_upper_bound", H_CHAIN + r",\quad " + DH_CHAIN, "correct"),
    ("norm_upper_bound", RMS_CHAINS, "correct"),
    ("norm_upper_bound", FACTORS_STATED_APART, "correct"),
    ("norm_upper_bound", H_CHAIN, "partial"),
    ("norm_upper_bound", r"\|h_\ell\|_2 \le \|W_\ell\|_* \|h_{\ell-1}\|_2 = \Theta(n_\ell)", "incorrect"),
    ("norm_upper_bound", r"\|h_\ell\|_2 \le \Theta(\sqrt{n_\ell}), \|\Delta h_\ell\|_2 \le \Theta(\sqrt{n_\ell})",
     "needs_review"),
])
def test_grading_3c_claims(slot, answer, status):
    assert grade(slot, answer).status == status


def test_feedback_names_the_wrong_order():
    verdict = grade("condition1_rms", r"\|W_\ell\|_* = \Theta(1), \|\Delta W_\ell\|_* = \Theta(1)")
    assert "W_l" in verdict.feedback and "n_{\\ell-1}" in verdict.feedback


def test_interpreted_as_shows_the_claims_read():
    verdict = grade("desideratum1_rms", r"\|h_\ell\|_2=\Theta(\sqrt{n_\ell})")
    assert r"\left\|h_\ell\right\|_2" in verdict.interpreted_as and r"\Theta" in verdict.interpreted_as


HOSTILE = {
    "unbalanced bars": r"\|h_\ell = \Theta(1)",
    "unclosed RMS": r"\text{RMS}(h_\ell = \Theta(1)",
    "deep nesting": "(" * 500 + r"\|h_\ell\|" + ")" * 500,
    "deep subscripts": "d" + "_{d" * 500 + "}" * 500,
    "input file": r"\input{/etc/passwd} = \Theta(1)",
    "def loop": r"\def\x{\x}\x",
    "megabyte": r"\|h_\ell\|_2 = \Theta(1)," * 50_000,
    "many norms": r"\|h_\ell\|" * 300 + r" = \Theta(1)",
    "tower": r"\|h_\ell\|_2 = \Theta(10^{10^{10}})",
    "Frobenius": r"\|W_\ell\|_F = \Theta(1)",
    "unknown object": r"\|z\|_2 = \Theta(1)",
    "unknown width": r"\text{RMS}(h_\ell) = \Theta(n)",
    "no relation": r"\text{RMS}(h_\ell)",
    "empty": "",
    "python": "__import__('os').system('true')",
}


@pytest.mark.parametrize("answer", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_claims_end_with_a_clear_status(answer):
    verdict = grade("norm_upper_bound", answer)
    assert verdict.status == "unparseable" and verdict.feedback and verdict.elapsed_ms < 5000


@pytest.mark.parametrize("answer,too_large", [
    ("x" * 1_000_000, True), ("(" * 500 + ")" * 500, True), (r"\input{/etc/passwd}", False), (r"\|h", False),
])
def test_read_errors_say_whether_the_answer_was_too_large(answer, too_large):
    with pytest.raises(ClaimsReadError) as error:
        read(answer)
    assert error.value.too_large is too_large


def test_hostile_answers_in_worker_processes_leave_the_good_one_graded():
    from graders.grading import GradeConfig
    from graders.workers.pool import Grader

    p = part()
    items = [(p.slot("norm_upper_bound"), answer) for answer in HOSTILE.values()]
    items += [(p.slot("desideratum1_rms"), RMS_BOTH), (p.slot("lower_bound_assumption"), "x" * 1_000_000)]
    with Grader(GradeConfig(timeout=2.0), workers=2) as grader:
        verdicts = grader.grade_many(p.id, items, p.symbols)
    assert [v.status for v in verdicts[:-2]] == ["unparseable"] * len(HOSTILE)
    assert verdicts[-2].status == "correct" and verdicts[-1].status == "unparseable"
