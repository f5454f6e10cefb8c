"""Shared test helpers: built hw3 parts (deriving is the slow part), grading, and a small set to write anywhere."""
from __future__ import annotations

import functools
import pathlib

from derive.bank.discovery import Bank, entry_point_sets
from derive.bank.schema import Part
from graders.grading import grade_slot
from graders.verdict import Verdict


@functools.lru_cache(maxsize=None)
def problem_bank() -> Bank:
    """The problem sets installed with the package, found through their entry points."""
    return Bank(entry_point_sets())


@functools.lru_cache(maxsize=None)
def part(part_id: str) -> Part:
    """The built part ``hw3/1b``, shared by every test module."""
    return problem_bank().build_part(part_id)


def grade(part_id: str, slot: str, answer: str) -> Verdict:
    """Grade ``answer`` for one slot of a part, in this process."""
    built = part(part_id)
    return grade_slot(built.id, built.slot(slot), answer, built.symbols)


COURSE_INIT = '''"""{name}: two small parts whose ids are not shaped like hw3's."""
from derive import problem_set

from . import parts

PROBLEM_SET = problem_set("{name}", "Counting sums and Gaussian moments", parts)
'''

COURSE_PARTS = '''"""The parts: a sum of integers (q10) and the second moment of a sum of Gaussians (2(iii))."""
from derive import Derivation, Expectation, PartBuilder, dimension, gaussian_vector, index, part, sum_over

n, d, k = dimension("n"), dimension("d"), index("k")
x = gaussian_vector("x", d)


@part("q10", "Sum of the first n integers", "Find 1 + 2 + ... + n in closed form, and its value for n = 10.",
      symbols={{"n": n}})
def sum_of_integers(p: PartBuilder) -> None:
    general = p.derive("sum of the first n integers", "S_n", sum_over(k, k, n)).step(
        n * (n + 1) / 2, "pairing", "k and n + 1 - k pair up to n + 1")
    value = p.show(Derivation("q10: the sum for n = 10", "S_{{10}}", general.result).instantiate({{n: 10}}, "n = 10"))
    p.slot("closed_form", "exact", general, "1 + ... + n", cues=(r"closed form",))
    p.slot("value", "numeric", value, "the sum for n = 10", cues=(r"n\\s*=\\s*10",))


@part("2(iii)", "Second moment of a sum of Gaussians",
      "For x with independent standard normal entries, find the second moment of x_1 + ... + x_d, and its value "
      "for d = 4.", symbols={{"d": d}})
def second_moment(p: PartBuilder) -> None:
    moment = p.derive("second moment", r"\\mathbb{{E}}[(\\sum_k x_k)^2]", Expectation(sum_over(x[k], k, d) ** 2)).step(
        d, "independence", "cross terms vanish")
    value = p.show(Derivation("2(iii): for d = 4", r"\\mathbb{{E}}[(\\sum_k x_k)^2]", moment.result).instantiate(
        {{d: 4}}, "d = 4"))
    p.slot("moment", "exact", moment, "E[(sum_k x_k)^2]", cues=(r"moment",))
    p.slot("value", "numeric", value, "the moment for d = 4", cues=(r"d\\s*=\\s*4",))
'''

COURSE_TRANSCRIPT = r"""Please solve Q10 first.

Great — here is **Q10**.

In closed form the sum is $\frac{n(n+1)}{2}$.

For $n = 10$ the sum is $55$.

Let me know when you're ready for the next one.

Now do 2 (iii).

Sure — **Problem 2 (iii)**.

The second moment is $\mathbb{E}[(\sum_k x_k)^2] = d$.

For $d = 4$ it is $4$.

Let me know if you want more.
"""


def write_course_set(folder: pathlib.Path, name: str = "course") -> pathlib.Path:
    """Write a small problem set package (parts ``q10`` and ``2(iii)``) into ``folder`` and return ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text(COURSE_INIT.format(name=name))
    (folder / "parts.py").write_text(COURSE_PARTS.format(name=name))
    return folder
