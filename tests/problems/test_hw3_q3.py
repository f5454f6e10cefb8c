"""hw3 Q3 (and 1c's new slots): derived references, the answers an instructor expects, cues, and simulations."""
from __future__ import annotations

import re

import pytest
import sympy as sp

from derive.growth.asymptotics import Theta
from derive.derivation import Derivation
from derive.growth.norms import Claims, Feature, RMSNorm, RMSOperatorNorm, Weight
from derive.simulation.records import VerifyConfig
from problems.hw3 import q3
from bank import grade, part, problem_bank


def test_q3_parts_sit_between_1c_and_4a():
    ids = problem_bank().part_ids()
    assert ids[ids.index("hw3/1c") + 1: ids.index("hw3/4a")] == ["hw3/3a", "hw3/3b", "hw3/3c"]


def test_3a_axis_is_log2_of_the_learning_rate():
    assert sp.simplify(part("hw3/3a").slot("x_axis").reference - sp.log(q3.eta) / sp.log(2)) == 0


def test_3b_rates_are_derived():
    p = part("hw3/3b")
    assert p.slot("sp_adam_lr_hidden").reference == 1
    assert p.slot("mup_adam_lr_hidden").reference == 1 / q3.fan_in
    step = next(d for d in p.derivations if d.title == "3b: RMS-to-RMS norm of one Adam step")
    assert step.result == q3.eta * q3.fan_in and step.steps[-1].check.equal


def test_3c_references_are_claims_built_on_derived_orders():
    p = part("hw3/3c")
    assert p.slot("desideratum1_rms").reference == Claims(
        *(sp.Eq(RMSNorm(v), Theta(1), evaluate=False) for v in (Feature(0), Feature(0, True))))
    assert p.slot("condition1_rms").reference == Claims(
        *(sp.Eq(RMSOperatorNorm(m), Theta(1), evaluate=False) for m in (Weight(0), Weight(0, True))))
    results = [d.result for d in p.derivations]
    assert sp.sqrt(q3.n_l) in results and 3 * sp.sqrt(q3.n_l) in results
    assert Theta(sp.sqrt(q3.n_l)) in sp.preorder_traversal(p.slot("norm_upper_bound").reference)


@pytest.mark.parametrize("part_id,slot,answer,status", [
    ("hw3/3a", "x_axis", r"\log_2(\text{Learning Rate})", "correct"),
    ("hw3/3a", "x_axis", r"\log_2 \eta", "correct"),
    ("hw3/3a", "x_axis", "log2(LR)", "correct"),
    ("hw3/3a", "x_axis", r"\log(\text{learning rate})", "correct"),
    ("hw3/3a", "x_axis", r"\eta", "partial"),
    ("hw3/3a", "x_axis", r"\text{width}", "incorrect"),
    ("hw3/3b", "sp_adam_lr_hidden", "1", "correct"),
    ("hw3/3b", "sp_adam_lr_hidden", r"\text{Adam LR} = 1", "correct"),
    ("hw3/3b", "sp_adam_lr_hidden", "constant", "correct"),
    ("hw3/3b", "sp_adam_lr_hidden", "It is constant in width.", "correct"),
    ("hw3/3b", "sp_adam_lr_hidden", r"\Theta(1)", "correct"),
    ("hw3/3b", "sp_adam_lr_hidden", r"\frac{1}{\text{fan\_in}}", "incorrect"),
    ("hw3/3b", "sp_adam_lr_hidden", r"\text{width}", "incorrect"),
    ("hw3/3b", "sp_adam_lr_hidden", "banana", "incorrect"),
    ("hw3/3b", "mup_adam_lr_hidden", r"\frac{1}{\text{fan\_in}}", "correct"),
    ("hw3/3b", "mup_adam_lr_hidden", "1/fan_in", "correct"),
    ("hw3/3b", "mup_adam_lr_hidden", r"\frac{1}{\mathrm{fan\_in}}", "correct"),
    ("hw3/3b", "mup_adam_lr_hidden", r"\frac{1}{fan_{in}}", "correct"),
    ("hw3/3b", "mup_adam_lr_hidden", "inversely proportional to fan_in", "correct"),
    ("hw3/3b", "mup_adam_lr_hidden", "1", "incorrect"),
    ("hw3/3b", "mup_adam_lr_hidden", r"\frac{1}{\text{fan\_out}}", "incorrect"),
    ("hw3/1c", "rms_sq_form", r"\text{RMS}^2(y') = \frac{1}{d_2}\sum_{j=1}^{d_2} z^2 = z^2", "correct"),
    ("hw3/1c", "rms_sq_form", "z^2", "correct"),
    ("hw3/1c", "rms_sq_form", r"\text{RMS}^2(y') = \frac{z^2}{d_2}", "incorrect"),
    # the sum written out: x_k is the k-th entry of x, and every entry gets its own value at a random point
    ("hw3/1c", "rms_sq_form", r"\Big(\sum_{k=1}^{d_1}|x_k|\Big)^2", "correct"),
    ("hw3/1c", "rms_sq_form", r"\left(\sum_{i=1}^{d_1} |x_i|\right)^2", "correct"),
    ("hw3/1c", "rms_sq_form", r"\sum_{k=1}^{d_1}\sum_{l=1}^{d_1} |x_k||x_l|", "correct"),
    ("hw3/1c", "rms_sq_form", r"\Big(\sum_{k=1}^{d_1} x_k\Big)^2", "incorrect"),
    ("hw3/1c", "rms_sq_form", r"\sum_{k=1}^{d_1} |x_k|^2", "incorrect"),
    ("hw3/1c", "rms_sq_form", r"d_1 \sum_{k=1}^{d_1} x_k^2", "incorrect"),  # equal if every entry had one value
    ("hw3/1c", "rms_sq_form", r"\Big(\sum_{k=1}^{d_2}|x_k|\Big)^2", "incorrect"),
    # the lower-bound assumption: alignment, not i.i.d. weights in general position (the update is low-rank)
    ("hw3/3c", "lower_bound_assumption", "lower bounds: i.i.d. random weights, no cancellation", "incorrect"),
    ("hw3/3c", "lower_bound_assumption", "Assumption for the lower bounds: random (i.i.d.) initialisation",
     "incorrect"),
    ("hw3/3c", "lower_bound_assumption", "the layer inputs align with the top singular directions of W_l",
     "correct"),
])
def test_answers(part_id, slot, answer, status):
    assert grade(part_id, slot, answer).status == status


def test_1c_reads_z_as_the_sum_it_names():
    verdict = grade("hw3/1c", "rms_sq_form", "z^2")
    assert r"\sum_{k=1}^{d_{1}}" in verdict.interpreted_as


def test_misconception_feedback_names_the_other_parameterisation():
    assert "muP" in grade("hw3/3b", "sp_adam_lr_hidden", r"\frac{1}{\text{fan\_in}}").feedback
    assert "Width labels the curves" in grade("hw3/3a", "x_axis", r"\text{width}").feedback


@pytest.mark.parametrize("part_id", ["hw3/1a", "hw3/1b", "hw3/1c", "hw3/3a", "hw3/3b", "hw3/3c"])
def test_every_slot_has_cues_that_compile(part_id):
    for slot in part(part_id).slots:
        assert slot.cues, slot.name
        for cue in slot.cues:
            re.compile(cue, re.IGNORECASE)


@pytest.mark.parametrize("part_id,slot,label", [
    ("hw3/3a", "x_axis", "X-axis: log2(learning rate)"),
    ("hw3/3c", "desideratum1_rms", "Desideratum 1 in RMS form"),
    ("hw3/3c", "condition1_rms", "Condition 1 in RMS form"),
    ("hw3/3c", "norm_upper_bound", "How does it imply norm bounds?"),
    ("hw3/3c", "lower_bound_assumption", "Key assumption for lower bounds"),
    ("hw3/1a", "constant", "Normalising constant c"),
])
def test_cues_recognise_the_transcript_labels(part_id, slot, label):
    p = part(part_id)
    matching = [s.name for s in p.slots if any(re.search(cue, label, re.IGNORECASE) for cue in s.cues)]
    assert matching == [slot]


def test_a_wrong_step_norm_fails_the_simulation():
    wrong = Derivation("wrong on purpose", "q", q3.eta * q3.fan_out)
    records = q3._adam_records(VerifyConfig(seed=3), wrong, {"mup_adam_lr_hidden": 1 / q3.fan_in})
    assert not all(r.passed for r in records)


def test_bound_simulation_attains_the_bound_only_when_aligned():
    records = q3._bound_records(VerifyConfig(seed=2))
    upper = [r for r in records if r.slot == "norm_upper_bound"]
    aligned = [r for r in records if r.slot == "lower_bound_assumption"]
    assert all(r.passed for r in records)
    assert all(r.mc_mean < 0.999 for r in upper) and all(abs(r.mc_mean - 1) < 1e-9 for r in aligned)
