"""Grade a synthetic course the way a class repeats itself, and an evaluation sweep of distinct pairs.

The course: every hw3 slot answered by every student, answers drawn with Zipf-like frequencies from
a pool per slot (the reference written several ways, the known misconceptions, simple slips, and a
long tail of one-off answers); one student in ten has a variant key. It is written as a long-form
CSV and graded by ``derive batch --workers 2``, then the same command is run again (nothing left to
grade). The sweep: distinct (reference, answer) pairs through ``derive compare --pairs --workers 2``.
Prints rows per second, distinct answers per second, pairs per second and the peak memory of the
largest process.
Usage: python benchmarks/class_bench.py [--students N] [--pairs N] [--workers N]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import sympy as sp

from derive.bank.discovery import discover
from derive.render.expressions import expr_latex

OUT = pathlib.Path(__file__).resolve().parent / "out"


def derive_command() -> list[str]:
    """The installed console script next to this Python, else the module."""
    script = pathlib.Path(sys.executable).with_name("derive")
    return [str(script)] if script.exists() else [sys.executable, "-m", "derive"]


def slot_pool(slot, rng: random.Random) -> list[str]:
    """Answers to one slot, most common first: right forms, misconceptions, slips, then a long tail."""
    reference = slot.reference
    pool = [expr_latex(reference), str(reference)]
    pool += [expr_latex(m.expr) for m in slot.misconceptions if m.expr is not None][:4]
    pool += [expr_latex(a.expr) for a in slot.alternates][:2]
    if slot.key_points:  # an explanation: sentences making some of the points
        labels = [point.label for point in slot.key_points]
        pool = [". ".join(labels), labels[0], "It cancels out.", "Because of the law of large numbers."]
        return pool + [f"{labels[n % len(labels)]} (student note {n})" for n in range(40)]
    if slot.mode in ("order", "asymptotic"):  # growth rates: written as rates, in symbols or in words
        dims = sorted(str(symbol) for symbol in reference.free_symbols) or ["d_1"]
        words = ["constant", "linear", "quadratic", "cubic"]
        pool += [f"\\Theta({dims[0]}^{{{power}}})" for power in range(2, 30)]
        pool += [f"grows {word}ly in {dim}".replace("ly ly", "ly") for word in words for dim in dims]
        pool += [f"O({dim}^{power})" for power in range(1, 5) for dim in dims]
        return pool
    if isinstance(reference, sp.Expr) and not reference.has(sp.Function) and reference.is_commutative:
        pool += [expr_latex(2 * reference), expr_latex(reference + 1), expr_latex(reference / 2),
                 expr_latex(reference ** 2)]
        pool += [expr_latex(reference + rng.randint(2, 10_000)) for _ in range(80)]  # one-off slips
    else:
        pool += [f"{expr_latex(reference)} + {n}" for n in range(2, 40)]
    return pool


def write_course(path: pathlib.Path, students: int, seed: int = 0) -> tuple[int, int]:
    """The class as a long-form CSV; returns (rows, distinct answers written)."""
    rng = random.Random(seed)
    bank = discover()
    parts = bank.built_parts("hw3")
    pools = {(f"hw3/{key}", slot.name): slot_pool(slot, rng) for key, part in parts.items() for slot in part.slots}
    weights = {key: [1 / (rank + 1) ** 1.3 for rank in range(len(pool))] for key, pool in pools.items()}
    rows, distinct = 0, set()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "part", "slot", "answer", "variant"])
        for number in range(students):
            student = f"student{number:05d}@example.edu"
            variant = student if number % 10 == 0 else ""
            for (part_id, slot), pool in pools.items():
                answer = rng.choices(pool, weights[(part_id, slot)])[0]
                writer.writerow([student, part_id, slot, answer, variant])
                distinct.add((part_id, slot, answer))
                rows += 1
    return rows, len(distinct)


def write_pairs(path: pathlib.Path, count: int, seed: int = 0) -> None:
    """Distinct (reference, answer) pairs of polynomials, half of them equal in another form."""
    rng = random.Random(seed)
    x = sp.Symbol("x")
    seen = set()
    with path.open("w") as handle:
        while len(seen) < count:
            a, b, c = rng.randint(1, 40), rng.randint(-40, 40), rng.randint(-40, 40)
            gold = a * x**2 + b * x + c
            pred = sp.expand(gold) if rng.random() < 0.5 else gold + rng.choice([1, -1, x])
            pair = (sp.latex(gold), sp.latex(sp.factor(pred)))
            if pair in seen:
                continue
            seen.add(pair)
            handle.write(json.dumps({"id": f"p{len(seen)}", "gold": pair[0], "pred": pair[1]}) + "\n")


def timed(args: list[str], cwd: pathlib.Path) -> float:
    """Seconds for one run of ``derive args`` (which must succeed), with an empty cache of derived parts at first."""
    started = time.perf_counter()
    environment = {**os.environ, "DERIVE_CACHE": str(cwd / "cache")}
    done = subprocess.run(derive_command() + args, cwd=cwd, capture_output=True, text=True, env=environment)
    if done.returncode != 0:
        raise SystemExit(f"derive {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def main() -> None:
    """Print the class and sweep figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=4200)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="derive-class-"))
    try:
        rows, distinct = write_course(folder / "class.csv", args.students)
        workers = ["--workers", str(args.workers), "--quiet"]
        first = timed(["batch", "class.csv", "--run", "run.sqlite", *workers], folder)
        again = timed(["batch", "class.csv", "--run", "run.sqlite", *workers], folder)
        export = timed(["export", "run.sqlite", "--format", "gradebook", "-o", "grades.csv"], folder)
        write_pairs(folder / "pairs.jsonl", args.pairs)
        sweep = timed(["compare", "--pairs", "pairs.jsonl", "--workers", str(args.workers)], folder)
        peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        OUT.mkdir(exist_ok=True)
        shutil.copy(folder / "grades.csv", OUT / "class-gradebook.csv")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'figure':<44} {'value':>12}")
    print(f"{'students':<44} {args.students:>12}")
    print(f"{'answer rows':<44} {rows:>12}")
    print(f"{'distinct answers':<44} {distinct:>12}")
    print(f"{'derive batch, first run, nothing cached (s)':<44} {first:>12.1f}")
    print(f"{'rows per second':<44} {rows / first:>12.0f}")
    print(f"{'distinct answers per second':<44} {distinct / first:>12.1f}")
    print(f"{'same command again, nothing to grade (s)':<44} {again:>12.1f}")
    print(f"{'export gradebook (s)':<44} {export:>12.1f}")
    print(f"{'compare --pairs: distinct pairs':<44} {args.pairs:>12}")
    print(f"{'compare --pairs (s)':<44} {sweep:>12.1f}")
    print(f"{'pairs per second':<44} {args.pairs / sweep:>12.1f}")
    print(f"{'peak memory of the largest process (MiB)':<44} {peak_mib:>12.0f}")


if __name__ == "__main__":
    main()
