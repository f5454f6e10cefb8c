"""The problem bank's parts, built once per test session (deriving them is the slow part), and grading."""
from __future__ import annotations

import functools

import problems
from derive.bank.schema import Part
from graders.grading import grade_slot
from graders.verdict import Verdict


@functools.lru_cache(maxsize=None)
def part(part_id: str) -> Part:
    """The built part ``hw3/1b``, shared by every test module."""
    return problems.build_part(part_id)


def grade(part_id: str, slot: str, answer: str) -> Verdict:
    """Grade ``answer`` for one slot of a part, in this process."""
    built = part(part_id)
    return grade_slot(built.id, built.slot(slot), answer, built.symbols)
