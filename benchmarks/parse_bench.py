"""The LaTeX reader's two-stage parse against the grammar's full LL prediction, on every LaTeX text we have.

Reads the texts of the two parsing suites (benchmarks/suites/), Math-Verify's public cases (from the shared
benchmarks folder) and N generated formulas in varied printing styles; parses each with the two-stage
parse (SLL prediction on the text with powered letters braced, LL when that fails) and with LL alone, and
prints the texts whose outcome differs (there should be none) and the time each took in all.
Usage: python benchmarks/parse_bench.py [--generated N] [--data DIR]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import random
import sys
import time

from graders.reading import latex

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the generator and the parse outcome are shared with the tests

from expression_pairs import random_formula, styled_latex  # noqa: E402
from latex_suites import full_prediction, parse_outcome  # noqa: E402


def corpus(data: pathlib.Path, generated: int) -> list[str]:
    """Distinct LaTeX texts: both suites, Math-Verify's cases (both sides), generated formulas."""
    texts = []
    for name in ("sympy_latex", "latex2sympy2_extended"):
        texts += [json.loads(line)["latex"] for line in (ROOT / "benchmarks" / "suites" / f"{name}.jsonl").open()]
    peer = data / "mathverify_public.jsonl"
    if peer.exists():
        for line in peer.open():
            row = json.loads(line)
            texts += [row["gold"], row["pred"]]
    rng = random.Random(5)
    texts += [styled_latex(random_formula(rng), rng) for _ in range(generated)]
    return [text for text in dict.fromkeys(texts) if text]


def main() -> None:
    """Compare the two parses on the corpus and print the differences and times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=2500)
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "benchmarks")
    options = parser.parse_args()
    texts = corpus(options.data, options.generated)
    differences, two_stage_seconds, full_seconds = 0, 0.0, 0.0
    for text in texts:
        started = time.perf_counter()
        fast = parse_outcome(latex._two_stage_parse, text)
        middle = time.perf_counter()
        full = parse_outcome(full_prediction, text)
        two_stage_seconds, full_seconds = two_stage_seconds + middle - started, full_seconds + time.perf_counter() - middle
        if fast != full:
            differences += 1
            print(f"differs: {text!r}: two-stage {fast}, LL {full}")
    print(f"{len(texts)} texts, {differences} differences; two-stage {two_stage_seconds:.1f} s, "
          f"LL alone {full_seconds:.1f} s")


if __name__ == "__main__":
    main()
