"""Fuzzing the pairs channel end to end: crashes, hangs, lost verdicts, tracebacks, and `correct` for mutated answers.

Builds a pairs file of N lines and runs the real command line on it (``derive compare --pairs FILE``), in chunks, as
a user's evaluation sweep would.  The lines mix:

- mutated answers: a random formula (tests/expression_pairs.py) against a perturbation of it that SymPy confirms
  is a different value at exact points (a coefficient, a sign, an exponent, a function, a variable), or against
  the formula plus a term too small to see in floating point (10^{-30}, e^{-10^4}), or hedged with another value
  ("... or 0", "..., 1"): none of these may be `correct`;
- hostile answers: code-injection strings (Python, shell, Maxima, TeX file reading), deep nesting, huge
  exponents and integers, long runs of delimiters, control characters, lone surrogate escapes;
- hostile lines: bytes that are not UTF-8, JSON that is not an object, values that are not strings, nesting
  past any recursion limit: each must come back as that line's `error` verdict.

Prints the counts and lists every `correct` verdict given to a mutated answer (also written to
benchmarks/out/fuzz_correct.jsonl) for a person to judge.
Usage: python benchmarks/fuzz_bench.py [--lines N] [--seed S] [--chunk C] [--workers W] [--timeout T]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the formula generator is shared with the property tests

from expression_pairs import perturbed, random_formula, really_differs, styled_latex  # noqa: E402
from hostile_inputs import CANARY, HOSTILE_ANSWERS  # noqa: E402

TINY_TERMS = [" + 10^{-30}", " + e^{-10^{4}}", " + 10^{-40}", " - 10^{-25}"]
HEDGES = [r" \text{ or } 0", ", 1", r" \text{ or } 2", " and 0"]


def mutated_pairs(rng: random.Random, count: int) -> list[dict]:
    """Pairs whose answer differs from the reference in value (confirmed), or is the reference hedged or nudged."""
    rows = []
    while len(rows) < count:
        formula = random_formula(rng)
        reference = styled_latex(formula, rng)
        kind = rng.random()
        if kind < 0.6:
            other = perturbed(formula, rng)
            if other is None or not really_differs(formula, other, random.Random(len(rows))):
                continue
            rows.append({"gold": reference, "pred": styled_latex(other, rng), "kind": "perturbed"})
        elif kind < 0.8:
            rows.append({"gold": reference, "pred": _inside(reference, rng.choice(TINY_TERMS)), "kind": "tiny term"})
        else:
            rows.append({"gold": reference, "pred": _inside(reference, rng.choice(HEDGES)), "kind": "hedge"})
    return rows


def _inside(formula: str, tail: str) -> str:
    """``tail`` written inside the formula's math delimiters, so that it is part of the answer, not prose."""
    if formula.startswith("$") and formula.endswith("$") and len(formula) > 1:
        return f"{formula[:-1]}{tail}$"
    return f"{formula}{tail}"


def hostile_lines(rng: random.Random, count: int) -> list[bytes]:
    """Lines that attack the reader (answers) or the file format (bytes, JSON shapes)."""
    lines = []
    for number in range(count):
        pick = rng.random()
        if pick < 0.6:
            row = {"id": f"h{number}", "gold": rng.choice(["1", "x^2", r"\frac{1}{2}", "d_1"]),
                   "pred": rng.choice(list(HOSTILE_ANSWERS.values()))}
            lines.append(json.dumps(row).encode())
        elif pick < 0.7:
            lines.append(b'{"id": "b%d", "gold": "1", "pred": "1\xff\xfe"}' % number)
        elif pick < 0.8:
            lines.append(b'{"id": "s%d", "gold": "\\ud800", "pred": "1"}' % number)
        elif pick < 0.9:
            lines.append(rng.choice([b'{"id": 1, "gold": null, "pred": null}', b'{"gold": [1], "pred": [1]}',
                                     b'{"gold": NaN, "pred": NaN}', b"[1, 2]", b'"just a string"', b"{",
                                     b"[" * 50_000]))
        else:
            lines.append(bytes(rng.randrange(256) for _ in range(rng.randint(1, 60))).replace(b"\n", b" "))
    return lines


def run_chunk(lines: list[bytes], workers: int, timeout: float) -> tuple[list[dict], str, float, int]:
    """Verdicts (one a line), stderr, seconds and exit code of ``derive compare --pairs`` on ``lines``."""
    with tempfile.NamedTemporaryFile("wb", suffix=".jsonl", delete=False) as handle:
        handle.write(b"\n".join(lines) + b"\n")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "derive", "compare", "--pairs", handle.name, "--workers",
                           str(workers), "--timeout", str(timeout)], capture_output=True, timeout=3600)
    seconds = time.perf_counter() - started
    os.unlink(handle.name)
    verdicts = []
    for line in done.stdout.decode("utf-8", errors="replace").splitlines():
        try:
            verdicts.append(json.loads(line))
        except ValueError:
            verdicts.append({"status": "(unparseable output line)", "raw": line[:200]})
    return verdicts, done.stderr.decode("utf-8", errors="replace"), seconds, done.returncode


def main() -> None:
    """Build the lines, run them in chunks, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--chunk", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=2.0)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    mutated = mutated_pairs(rng, options.lines * 7 // 10)
    for number, row in enumerate(mutated):
        row["id"] = f"m{number}"
    lines = [json.dumps({"id": row["id"], "gold": row["gold"], "pred": row["pred"]}).encode() for row in mutated]
    lines += hostile_lines(rng, options.lines - len(lines))
    rng.shuffle(lines)
    kinds = {row["id"]: row for row in mutated}
    counts: collections.Counter = collections.Counter()
    statuses: collections.Counter = collections.Counter()
    correct, crashes, hangs, tracebacks, lost, blank, slowest, seconds = [], [], [], 0, 0, 0, 0.0, 0.0
    canary = pathlib.Path(CANARY)
    canary.unlink(missing_ok=True)
    for start in range(0, len(lines), options.chunk):
        chunk = lines[start:start + options.chunk]
        verdicts, stderr, took, code = run_chunk(chunk, options.workers, options.timeout)
        seconds += took
        expected = sum(1 for line in chunk if line.strip())  # a blank line (a form feed alone) is no pair: skipped
        blank += len(chunk) - expected
        lost += max(0, expected - len(verdicts))
        tracebacks += stderr.count("Traceback")
        counts["exit " + str(code)] += 1
        for verdict in verdicts:
            statuses[verdict.get("status")] += 1
            elapsed = float(verdict.get("elapsed_ms") or 0) / 1000
            slowest = max(slowest, elapsed)
            if verdict.get("method") == "error":
                crashes.append(verdict)
            if elapsed > options.timeout + 1:
                hangs.append(verdict)
            row = kinds.get(str(verdict.get("id")))
            if row is not None and verdict.get("status") == "correct":
                correct.append({**row, "method": verdict.get("method")})
        print(f"  {start + len(chunk):>7} lines, {seconds:7.1f} s", file=sys.stderr)
    kinds_correct = collections.Counter(row["kind"] for row in correct)
    print(f"{len(lines)} lines ({len(mutated)} mutated answers, {len(lines) - len(mutated)} hostile lines), "
          f"seed {options.seed}, {options.workers} workers, {seconds:.0f} s ({len(lines) / seconds:.0f} lines/s)")
    print(f"  verdicts by status: {dict(statuses)}")
    print(f"  runs by exit code:  {dict(counts)}")
    print(f"  crashes (method error): {len(crashes)}; hangs past the limit + 1 s: {len(hangs)} "
          f"(slowest verdict {slowest:.2f} s); lost verdicts: {lost} (blank lines, skipped: {blank}); "
          f"tracebacks: {tracebacks}; "
          f"canary file written: {canary.exists()}")
    print(f"  `correct` for a mutated answer: {len(correct)} {dict(kinds_correct)}")
    for row in correct:
        print(f"    [{row['kind']}] {row['gold']}  vs  {row['pred']}  ({row['method']})")
    listed = ROOT / "benchmarks" / "out" / "fuzz_correct.jsonl"
    listed.parent.mkdir(exist_ok=True)
    listed.write_text("".join(json.dumps(row) + "\n" for row in correct))


if __name__ == "__main__":
    main()
