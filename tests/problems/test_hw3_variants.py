"""Per-student variants of hw3: every key's answer key is derived, checked, replayed and graded as that student's."""
from __future__ import annotations

import functools
import json
import os
import subprocess
import sys

import pytest

from bank import problem_bank
from derive.simulation.records import VerifyConfig
from graders.grading import grade_slot

KEYS = [f"student{number:02d}@example.edu" for number in range(50)]
COUNTED = {"hw3/5a": "fwd_ops", "hw3/5c": "loaddisk_ns"}


@functools.lru_cache(maxsize=None)
def instance(part_id: str, key: str | None):
    return problem_bank().build_part(part_id, key)


def graded(part, slot: str, answer: str):
    return grade_slot(part.id, part.slot(slot), answer, part.symbols).for_variant(part.variant)


@pytest.mark.parametrize("part_id", sorted(COUNTED))
def test_fifty_variants_are_derived_with_every_step_checked_and_replayed(part_id):
    for key in KEYS:
        part = instance(part_id, key)
        assert part.variant.key == key
        assert all(step.check is not None and step.check.equal
                   for chain in part.derivations for step in chain.steps[1:]), key
        records = part.verify(VerifyConfig(samples=200))
        assert records and all(record.passed for record in records), key
        own = {name: int(part.variant.values[name]) for name in ("N", "c")}
        assert any(own.items() <= record.dims.items() for record in records), f"{key}: its network was not replayed"


@pytest.mark.parametrize("part_id", sorted(COUNTED))
def test_each_variant_accepts_its_own_answer_and_refuses_a_neighbours(part_id):
    slot = COUNTED[part_id]
    references = {key: instance(part_id, key).slot(slot).reference for key in KEYS}
    assert len(set(references.values())) >= 8, "the variants hardly vary"
    for position, key in enumerate(KEYS):
        part = instance(part_id, key)
        right = graded(part, slot, str(references[key]))
        assert right.status == "correct", (key, right)
        assert right.variant["key"] == key and right.variant["values"]["N"] == int(part.variant.values["N"])
        neighbour = next(other for other in KEYS[position + 1:] + KEYS[:position]
                         if references[other] != references[key])
        wrong = graded(part, slot, str(references[neighbour]))
        assert wrong.status == "incorrect", (key, neighbour, wrong)
        assert f"c = {part.variant.values['c']}" in wrong.feedback, wrong.feedback


def test_a_neighbours_answer_is_named_as_such():
    part = instance("hw3/5a", "bob@example.edu")  # N = 20, c = 4: 30 fwd ops
    published = instance("hw3/5a", None).slot("fwd_ops").reference
    verdict = graded(part, "fwd_ops", str(published))
    assert verdict.status == "incorrect" and verdict.method.startswith("misconception")
    assert "This matches the answer for N = 10, c = 5, not for your values (N = 20, c = 4)" in verdict.feedback


def test_the_published_instance_is_the_homework_as_written():
    part = instance("hw3/5c", None)
    assert part.variant.key is None and part.variant.describe() == "N = 10, c = 5, t_fwd = 20 ns, t_mem = 10 ns"
    assert part.slot("loaddisk_ns").reference == 50
    assert "A 10-layer network" in part.statement and "{{" not in part.statement
    assert not any("your values" in misconception.message for misconception in part.slot("loaddisk_ns").misconceptions)


def test_parts_of_one_question_give_a_student_the_same_numbers():
    values = [instance(part_id, "carol@example.edu").variant.values for part_id in ("hw3/5a", "hw3/5b", "hw3/5c")]
    assert values[0] == values[1] == values[2]


def test_the_same_key_gives_the_same_numbers_in_every_process():
    script = ("import json; from bank import problem_bank; "
              "print(json.dumps({k: problem_bank().build_part('hw3/5c', k).variant.to_json() for k in %r}))" % KEYS[:5])
    runs = []
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed,
                       "PYTHONPATH": os.pathsep.join([os.path.dirname(os.path.dirname(__file__)),
                                                      os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        runs.append(json.loads(done.stdout))
    here = {key: instance("hw3/5c", key).variant.to_json() for key in KEYS[:5]}
    assert runs[0] == runs[1] == here


def test_1a_varies_the_weight_scale_and_checks_it_by_simulation():
    part = instance("hw3/1a", "alice@example.edu")  # sigma_w = 1/2
    assert str(part.variant.values["sigma_w"]) == "1/2"
    assert str(part.slot("expected_rms_sq").reference) == "d_1/4"
    assert str(part.slot("constant").reference) == "2/sqrt(d_1)"
    assert r"\sigma_w = 1/2" in part.statement
    records = part.verify(VerifyConfig(samples=4000))
    assert records and all(record.passed for record in records)
    assert graded(part, "expected_rms_sq", "d_1/4").status == "correct"
    assert graded(part, "constant", r"\frac{2}{\sqrt{d_1}}").status == "correct"
    published = graded(part, "expected_rms_sq", "d_1")
    assert published.status == "incorrect"
    assert "This matches the answer for sigma_w = 1, not for your values (sigma_w = 1/2)" in published.feedback


def test_the_published_1a_is_unchanged():
    part = instance("hw3/1a", None)
    assert str(part.slot("expected_rms_sq").reference) == "d_1"
    assert str(part.slot("constant").reference) == "1/sqrt(d_1)"
