"""The problem bank: one package per problem set, each a ProblemSet of parts."""
from __future__ import annotations

from derive.bank.schema import Part, ProblemSet

from problems.hw3 import PROBLEM_SET as HW3

PROBLEM_SETS: dict[str, ProblemSet] = {HW3.name: HW3}


def all_part_ids() -> list[str]:
    """Every part id in the bank, e.g. ``hw3/1b``."""
    return [pid for problem_set in PROBLEM_SETS.values() for pid in problem_set.part_ids()]


def build_part(part_id: str) -> Part:
    """Run the derivations of one part (``hw3/1b``) and return it."""
    set_name, _, key = part_id.partition("/")
    problem_set = PROBLEM_SETS.get(set_name)
    if problem_set is None or key not in problem_set.parts:
        raise KeyError(part_id)
    return problem_set.parts[key].build()


def part_title(part_id: str) -> str:
    """The title of a part, without deriving it."""
    set_name, _, key = part_id.partition("/")
    return PROBLEM_SETS[set_name].parts[key].title
