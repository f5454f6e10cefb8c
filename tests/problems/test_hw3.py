"""hw3: references come out of checked derivations, and simulations confirm them."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.growth.asymptotics import Theta
from derive.moments.expectation import Expectation
from derive.simulation.records import VerifyConfig
from problems.hw3 import q1, q5
from bank import part, problem_bank

d1, d2 = q1.d1, q1.d2


def same(a, b) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


ALL_PARTS = ["hw3/1a", "hw3/1b", "hw3/1c", "hw3/3a", "hw3/3b", "hw3/3c", "hw3/4a", "hw3/4b", "hw3/4c", "hw3/4d",
             "hw3/4e", "hw3/5a", "hw3/5b", "hw3/5c"]
# 4d's family is arbitrary and 3a reads a figure: nothing to draw
SIMULATED = [part_id for part_id in ALL_PARTS if part_id not in ("hw3/3a", "hw3/4d")]


def test_bank_lists_every_part_in_order():
    assert [part_id for part_id in problem_bank().part_ids() if part_id.startswith("hw3/")] == ALL_PARTS


@pytest.mark.parametrize("part_id", ALL_PARTS)
def test_every_step_after_the_first_is_checked_equal(part_id):
    for derivation in part(part_id).derivations:
        for step in derivation.steps[1:]:
            assert step.check is not None and step.check.equal, (derivation.title, step.rule)


@pytest.mark.parametrize("part_id", ALL_PARTS)
def test_references_are_derivation_results(part_id):
    results = {d.title: d.result for d in part(part_id).derivations}
    for slot in part(part_id).slots:
        if slot.mode == "rubric":  # conceptual: key points, not a derived value
            assert slot.derivation is None and slot.key_points
            continue
        assert slot.derivation in results
        derived = results[slot.derivation]
        if slot.mode == "claims":  # the orders claimed are the derived result, constants dropped
            orders = [node.args[0] for node in sp.preorder_traversal(slot.reference) if isinstance(node, Theta)]
            assert any((order / derived).is_number for order in orders), slot.name
            continue
        if slot.mode == "law":  # a sampler: the derivation must be the one that uses its map
            assert derived.has(slot.reference.transform)
            continue
        assert slot.reference == derived or (isinstance(slot.reference, Theta) and slot.mode == "order")


def test_1a_references():
    p = part("hw3/1a")
    assert p.slot("expected_rms_sq").reference == d1
    assert same(p.slot("constant").reference, 1 / sp.sqrt(d1))
    assert p.slot("scaling").reference == Theta(d1)
    assert p.derivations[0].steps[0].expr.has(Expectation)


def test_1b_references_and_misconceptions():
    p = part("hw3/1b")
    expected = p.slot("expected_rms_sq")
    assert same(expected.reference, d1 + 2 * d1 * (d1 - 1) / sp.pi)
    assert len(p.derivations[0].steps) >= 5
    variance = expected.misconceptions[0].expr
    assert same(variance, d1 * (1 - 2 / sp.pi)) and "variance" in expected.misconceptions[0].message.lower()
    assert p.slot("scaling").reference == Theta(d1**2)
    constant = p.slot("constant")
    assert same(constant.reference, sp.sqrt(sp.pi / 2) / d1)
    assert same(constant.alternates[0].expr, 1 / sp.sqrt(d1 + 2 * d1 * (d1 - 1) / sp.pi))
    assert constant.misconceptions[0].predicate == "same-order" and 0 < constant.misconceptions[0].score < 1


def test_1c_rms_sq_form_is_square_of_sum_of_abs():
    form = part("hw3/1c").slot("rms_sq_form").reference
    assert form == sp.Sum(sp.Abs(q1.x[q1.k]), (q1.k, 1, d1)) ** 2
    assert d2 not in form.free_symbols


def test_q5_general_and_given_values():
    assert part("hw3/5a").slot("fwd_ops").reference == 20
    assert same(part("hw3/5a").slot("fwd_ops").alternates[0].expr, q5.N * (q5.c - 1) / 2)
    assert part("hw3/5b").slot("loadmem_ops").reference == 10
    assert part("hw3/5c").slot("loaddisk_ns").reference == 50
    assert part("hw3/5c").slot("loaddisk_ns").unit == "ns"
    assert part("hw3/5a").slot("fwd_ops").misconceptions[0].expr == 30


@pytest.mark.parametrize("layers,interval,fwd,loads", [(10, 5, 20, 10), (10, 10, 45, 10), (4, 1, 0, 4), (6, 2, 3, 6)])
def test_backward_pass_replay(layers, interval, fwd, loads):
    assert q5.replay_backward_pass(layers, interval) == (fwd, loads)


@pytest.mark.parametrize("part_id", SIMULATED)
def test_simulations_confirm_every_closed_form(part_id):
    records = part(part_id).verify(VerifyConfig(samples=3000, seed=1))
    assert records and all(r.passed for r in records)
    if part_id.startswith("hw3/1"):
        assert len({r.dims["d_1"] for r in records}) >= 3


def test_simulation_rejects_a_wrong_closed_form():
    from derive.simulation.records import monte_carlo_records

    wrong = d1 * (1 - 2 / sp.pi)  # the variance, not the second moment
    records = monte_carlo_records("hw3/1b", "expected_rms_sq", q1.rms_sq(q1.signgd_update_entry(), d2, q1.j), wrong,
                                  [{d1: 8, d2: 3}], VerifyConfig(samples=4000))
    assert not records[0].passed


@pytest.mark.slow
def test_verify_at_default_samples_passes_every_check():
    records = [r for part_id in ALL_PARTS for r in part(part_id).verify(VerifyConfig())]
    assert records and all(r.passed for r in records)
    assert all(r.samples == VerifyConfig().samples for r in records if r.method == "monte-carlo")


def test_pointwise_check_rejects_a_wrong_identity_with_zero_mean():
    from derive.simulation.records import identity_records
    from derive.symbols import sum_over

    right = part("hw3/1c").slot("rms_sq_form").reference
    wrong = right + sum_over(q1.x[q1.k], q1.k, q1.d1)  # mean-zero error: a mean-based check would pass it
    lhs = q1.rms_sq(q1.signgd_update_entry(), q1.d2, q1.j)
    assert all(r.passed for r in identity_records("hw3/1c", "rms_sq_form", lhs, right, q1.MC_DIMS_1B[:2],
                                                  VerifyConfig(samples=500)))
    assert not any(r.passed for r in identity_records("hw3/1c", "rms_sq_form", lhs, wrong, q1.MC_DIMS_1B[:2],
                                                      VerifyConfig(samples=500)))
