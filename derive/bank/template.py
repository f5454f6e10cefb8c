"""``derive new``: a problem set that works as written: a part, a checked chain, a slot, a Monte Carlo check, a test."""
from __future__ import annotations

import json
import pathlib
import re

SET_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

INIT = '''"""{name}: {title_text}. Each part is a function decorated with @part; problem_set collects them, in order."""
from derive import problem_set

from . import moments

PROBLEM_SET = problem_set("{name}", {title_literal}, moments)
'''

MOMENTS = '''"""Question 1: the second moment of a sum of i.i.d. standard normals (edit it, then run derive verify)."""
from derive import Expectation, Misconception, PartBuilder, dimension, gaussian_vector, index, part, rules, sum_over

d, k = dimension("d"), index("k")
x = gaussian_vector("x", d)


@part("q1", "Second moment of a sum of Gaussians", r"""
For $x \\in \\mathbb{{R}}^d$ with i.i.d. $N(0, 1)$ entries, find $\\mathbb{{E}}\\big[(\\sum_k x_k)^2\\big]$.
""")
def second_moment(p: PartBuilder) -> None:
    """E[(sum_k x_k)^2] = d: the d^2 - d cross terms have mean zero."""
    moment = p.derive("second moment", r"\\mathbb{{E}}[(\\sum_k x_k)^2]", Expectation(sum_over(x[k], k, d) ** 2),
                      "definition", rules.EXPAND_SQUARE, rules.SPLIT_DIAGONAL, rules.LINEARITY, rules.INDEPENDENCE,
                      rules.MOMENTS, rules.COUNT)
    p.slot("moment", "exact", moment, "E[(sum_k x_k)^2]",
           misconceptions=(Misconception("That counts all d^2 pairs (k, k'); the pairs with k != k' have mean 0.",
                                         expr=d**2),))
    p.monte_carlo("moment", sum_over(x[k], k, d) ** 2, moment, [{{d: 1}}, {{d: 5}}, {{d: 20}}])
'''

TEST = '''"""The {name} set builds (every step checked), its simulations agree, and its key grades as it should."""
import pathlib

from derive import VerifyConfig, discover
from graders import grade

BANK = pathlib.Path(__file__).resolve().parent


def test_every_part_builds_and_its_simulations_agree():
    bank = discover([BANK])
    for part_id in bank.resolve(["{name}"]):
        records = bank.build_part(part_id).verify(VerifyConfig(samples=4000))
        assert records and all(record.passed for record in records), part_id


def test_the_derived_answer_is_correct_and_the_misconception_is_caught():
    part = discover([BANK]).build_part("{name}/q1")
    assert grade(part, "moment", "d").status == "correct"
    assert grade(part, "moment", "d^2").status == "incorrect"
'''


def write_skeleton(bank_dir: str | pathlib.Path, name: str, title: str | None = None) -> list[pathlib.Path]:
    """Write the set ``name`` into ``bank_dir/name`` and return the files written; never overwrites anything."""
    if not SET_NAME.fullmatch(name):
        raise ValueError(f"'{name}' cannot name a problem set: use letters, digits and '_', starting with a letter.")
    folder = pathlib.Path(bank_dir) / name
    if folder.exists():
        raise FileExistsError(f"{folder} already exists; choose another name or folder (nothing was written).")
    title = " ".join((title or f"{name} problems").split())  # one line: it is a title
    fields = {"name": name, "title_literal": json.dumps(title, ensure_ascii=False),
              "title_text": title.replace("\\", "/").replace('"', "'")}
    files = {"__init__.py": INIT, "moments.py": MOMENTS, f"test_{name}.py": TEST}
    folder.mkdir(parents=True)
    written = []
    for filename, text in files.items():
        path = folder / filename
        path.write_text(text.format(**fields), encoding="utf-8")
        written.append(path)
    return written
