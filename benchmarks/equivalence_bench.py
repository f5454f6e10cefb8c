"""Agreement and speed of `compare` on other graders' public test suites.

Reads the Math-Verify file and the AlgEquiv rows of the STACK file (JSON Lines, from the shared benchmarks
folder), compares every pair with warm worker processes, and prints agreement per file and per kind, the
median and p95 milliseconds per case, and writes every disagreement to benchmarks/out/.
Usage: python benchmarks/equivalence_bench.py [--data DIR] [--workers N] [--limit N]
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import statistics
import time

from graders.grading import GradeConfig
from graders.pairs import PairConfig
from graders.workers.pool import Grader

ROOT = pathlib.Path(__file__).resolve().parents[1]


def default_data_dir() -> pathlib.Path:
    """The shared benchmarks folder beside the repository."""
    return ROOT.parent / "shared" / "benchmarks"


def load_rows(data: pathlib.Path, limit: int | None) -> list[dict]:
    """Rows as {"id", "file", "kind", "gold", "pred", "expected"}."""
    rows = []
    for line in (data / "mathverify_public.jsonl").read_text().splitlines():
        row = json.loads(line)
        kind = row["id"].split("-")[2]
        rows.append({"id": row["id"], "file": "mathverify", "kind": kind, "gold": row["gold"], "pred": row["pred"],
                     "expected": row["expected"]})
    for line in (data / "stack_answertests.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["test"] != "AlgEquiv":
            continue
        rows.append({"id": row["id"], "file": "stack-AlgEquiv", "kind": "AlgEquiv", "gold": row["teacher"],
                     "pred": row["student"], "expected": row["expected"]})
    return rows[:limit] if limit else rows


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` lie."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=pathlib.Path, default=default_data_dir())
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    options = parser.parse_args()
    rows = load_rows(options.data, options.limit)
    with Grader(GradeConfig(timeout=5.0), workers=options.workers) as grader:
        grader.compare_many([("warm-up", "1", "1")], PairConfig())
        started = time.perf_counter()
        verdicts = grader.compare_many([(r["id"], r["gold"], r["pred"]) for r in rows], PairConfig())
        wall = time.perf_counter() - started
    by_file: dict[str, list[bool]] = collections.defaultdict(list)
    by_kind: dict[tuple[str, str], list[bool]] = collections.defaultdict(list)
    disagreements = []
    for row, verdict in zip(rows, verdicts):
        ours = verdict.status == "correct"
        agree = ours == row["expected"]
        by_file[row["file"]].append(agree)
        by_kind[(row["file"], row["kind"])].append(agree)
        if not agree:
            disagreements.append({**row, "ours": verdict.status, "method": verdict.method,
                                  "interpreted_as": verdict.interpreted_as, "reference": verdict.reference,
                                  "feedback": verdict.feedback})
    times = [v.elapsed_ms for v in verdicts]
    print(f"{'file':<16} {'agree':>9} {'rate':>7}")
    for name, agreements in by_file.items():
        print(f"{name:<16} {sum(agreements):>4}/{len(agreements):<4} {sum(agreements) / len(agreements):>7.1%}")
    print()
    print(f"{'file':<16} {'kind':<28} {'agree':>9}")
    for (name, kind), agreements in sorted(by_kind.items()):
        print(f"{name:<16} {kind:<28} {sum(agreements):>4}/{len(agreements):<4}")
    print()
    print(f"cases {len(rows)}, workers {options.workers}, wall {wall:.1f} s; per case (in the worker): "
          f"median {statistics.median(times):.2f} ms, p95 {percentile(times, 0.95):.2f} ms, "
          f"max {max(times):.0f} ms")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "equivalence_disagreements.jsonl", "w") as handle:
        for item in disagreements:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(disagreements)} disagreements written to benchmarks/out/equivalence_disagreements.jsonl")


if __name__ == "__main__":
    main()
