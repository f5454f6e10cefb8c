"""False accepts and false rejects of ``compare`` on generated formulas, per million pairs.

Generates random formulas (tests/expression_pairs.py), prints each in two styles (LaTeX variants, plain
text) and compares them: every such pair should be accepted.  Then perturbs each formula (a coefficient,
a sign, an exponent, a function or a variable; SymPy confirms the change at exact points) and compares:
none may be accepted.  Prints the counts, the false-accept rate per million perturbed pairs, and writes
the misjudged pairs to benchmarks/out/generated_misjudged.jsonl.
Usage: python benchmarks/false_accept_bench.py [--pairs N] [--seed S]
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import random
import sys
import time

from graders import compare

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the generator is shared with the property tests

from expression_pairs import perturbed, random_formula, really_differs, styled_latex, styled_text  # noqa: E402


def main() -> None:
    """Run the generated pairs and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    same, changed = collections.Counter(), collections.Counter()
    misjudged = []
    started = time.perf_counter()
    for number in range(options.pairs):
        rng = random.Random(options.seed * 1_000_003 + number)
        formula = random_formula(rng)
        reference = styled_latex(formula, rng)
        answer = styled_latex(formula, rng) if number % 2 else styled_text(formula, rng)
        verdict = compare(reference, answer, timeout=5)
        same[verdict.status] += 1
        if verdict.status == "incorrect":
            misjudged.append({"kind": "false reject", "reference": reference, "answer": answer,
                              "method": verdict.method, "feedback": verdict.feedback})
        other = perturbed(formula, rng)
        if other is None or not really_differs(formula, other, random.Random(number)):
            changed["(perturbation did not change the value)"] += 1
            continue
        wrong = styled_latex(other, rng)
        verdict = compare(reference, wrong, timeout=5)
        changed[verdict.status] += 1
        if verdict.status == "correct":
            misjudged.append({"kind": "false accept", "reference": reference, "answer": wrong,
                              "method": verdict.method})
    seconds = time.perf_counter() - started
    tested = sum(count for status, count in changed.items() if not status.startswith("("))
    false_accepts = changed["correct"]
    print(f"{options.pairs} formulas, seed {options.seed}, {seconds:.1f} s ({2 * options.pairs / seconds:.0f} pairs/s)")
    print(f"  same formula, two styles: {dict(same)}  (false rejects: {same['incorrect']})")
    print(f"  perturbed formula:        {dict(changed)}")
    print(f"  false accepts: {false_accepts} of {tested} = {1e6 * false_accepts / max(1, tested):.0f} per million")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    with (out / "generated_misjudged.jsonl").open("w") as handle:
        for row in misjudged:
            handle.write(json.dumps(row) + "\n")
    print(f"  {len(misjudged)} misjudged pairs written to {out / 'generated_misjudged.jsonl'}")


if __name__ == "__main__":
    main()
