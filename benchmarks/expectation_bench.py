"""Speed and agreement of the expectation and law modes (hw3 Q4).

Grades, through warm worker processes, the sample transcript's Q4 answers (against the careful
grader's verdicts), the four equivalent forms of the 4c gradient and their corruptions, and a few
samplers for 4e; prints agreement and the median and p95 milliseconds per answer in the worker.
Usage: python benchmarks/expectation_bench.py [--workers N] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import time

from derive.bank.discovery import discover
from graders.grading import GradeConfig
from graders.workers.pool import Grader

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRANSCRIPT = ROOT.parent / "shared" / "transcripts" / "gpt4o_hw3.expected.jsonl"

FORMS_4C = [  # (answer, the status a careful grader gives it)
    (r"\mathbb{E}_{x\sim p_\mu}\left[f(x)\frac{x-\mu}{\sigma^2}\right]", "partial"),
    (r"\mathbb{E}_{z\sim\mathcal{N}(0,I)}\left[f(\mu+\sigma z)\frac{z}{\sigma}\right]", "partial"),
    (r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma^2}\right]", "correct"),
    (r"\mathbb{E}_{x\sim p_0}[\nabla f(\mu+x)]", "correct"),
    (r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\, x\right]", "incorrect"),
    (r"-\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma^2}\right]", "incorrect"),
    (r"\mathbb{E}_{x\sim p_0}\left[\frac{f(\mu+x)}{\sigma^2}\right]", "incorrect"),
    (r"\mathbb{E}_{x\sim p_0}\left[f(\mu+x)\frac{x}{\sigma}\right]", "incorrect"),
]
SAMPLERS_4E = [
    (r"g(z,\theta) = \theta + \sigma z,\quad p(z) = \mathcal{N}(0, I)", "correct"),
    (r"g(z,\theta) = \theta + z,\quad p(z) = \mathcal{N}(0, \sigma^2 I)", "correct"),
    (r"g(z,\theta) = \theta + z,\quad p(z) = \mathcal{N}(0, I)", "incorrect"),
    (r"g(z,\theta) = \sigma z,\quad p(z) = \mathcal{N}(0, I)", "incorrect"),
]


def cases() -> list[tuple[str, str, str, str]]:
    """(part, slot, answer, expected status or "correct?" for transcript rows)."""
    rows = []
    if TRANSCRIPT.exists():
        for line in TRANSCRIPT.read_text().splitlines():
            row = json.loads(line)
            if row["part"].startswith("4"):
                rows.append(("hw3/" + row["part"], row["slot"], row["pred_latex"],
                             "correct" if row["verdict"] else "not correct"))
    rows += [("hw3/4c", "grad_p0", answer, status) for answer, status in FORMS_4C]
    rows += [("hw3/4e", "special_case_g_pz", answer, status) for answer, status in SAMPLERS_4E]
    return rows


def agrees(status: str, expected: str) -> bool:
    """A transcript row only says correct or not; the hand-made cases name the status."""
    if expected == "not correct":
        return status != "correct"
    return status == expected


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="grade every case this many times")
    args = parser.parse_args()
    all_cases = cases()
    bank = discover()
    parts = {pid: bank.build_part(pid) for pid in {c[0] for c in all_cases}}
    agreed, elapsed = 0, []
    started = time.perf_counter()
    with Grader(GradeConfig(timeout=10.0), workers=args.workers) as grader:
        for round_number in range(args.repeat):
            for part_id, part in parts.items():
                mine = [case for case in all_cases if case[0] == part_id]
                verdicts = grader.grade_many(part_id, [(part.slot(slot), answer) for _, slot, answer, _ in mine],
                                             part.symbols)
                for (_, slot, answer, expected), verdict in zip(mine, verdicts):
                    elapsed.append(verdict.elapsed_ms)
                    if round_number == 0:
                        agreed += agrees(verdict.status, expected)
                        if not agrees(verdict.status, expected):
                            print(f"disagree: {part_id} {slot} {answer!r}: {verdict.status} (expected {expected})")
    wall = time.perf_counter() - started
    ordered = sorted(elapsed)
    print(f"cases: {len(all_cases)} (transcript Q4 rows, 4c forms, 4e samplers), graded {args.repeat}x")
    print(f"agreement: {agreed}/{len(all_cases)}")
    print(f"per answer in the worker: median {statistics.median(elapsed):.1f} ms, "
          f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:.1f} ms; wall {wall:.1f} s with {args.workers} workers")


if __name__ == "__main__":
    main()
