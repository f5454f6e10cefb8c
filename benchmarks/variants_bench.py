"""Per-student variants at class scale: deriving, replaying and grading one instance per student.

For each varied hw3 part, derives the instance of every student key (all steps checked), runs its
checks, and grades the student's own answer and a neighbour's. Prints, per part, the number of
distinct instances and the median and 95th-percentile seconds per student.
Usage: python benchmarks/variants_bench.py [--students N] [--samples N]
"""
from __future__ import annotations

import argparse
import statistics
import time

from derive.bank.discovery import discover
from derive.simulation.records import VerifyConfig
from graders.grading import grade_slot

PARTS = {"hw3/5a": "fwd_ops", "hw3/5b": "loadmem_ops", "hw3/5c": "loaddisk_ns", "hw3/1a": "expected_rms_sq"}


def time_part(part_id: str, slot: str, keys: list[str], config: VerifyConfig) -> dict[str, float]:
    """Seconds per student to derive, check and grade two answers; and how the answers came out."""
    bank = discover()
    build, check, grading, right, refused = [], [], [], 0, 0
    references = {}
    for key in keys:
        start = time.perf_counter()
        part = bank.build_part(part_id, key)
        build.append(time.perf_counter() - start)
        start = time.perf_counter()
        assert all(record.passed for record in part.verify(config)), (part_id, key)
        check.append(time.perf_counter() - start)
        references[key] = (part, part.slot(slot).reference)
    for position, key in enumerate(keys):
        part, reference = references[key]
        other = next((references[k][1] for k in keys[position + 1:] + keys[:position]
                      if references[k][1] != reference), None)
        start = time.perf_counter()
        right += grade_slot(part.id, part.slot(slot), str(reference), part.symbols).status == "correct"
        if other is not None:
            refused += grade_slot(part.id, part.slot(slot), str(other), part.symbols).status == "incorrect"
        grading.append(time.perf_counter() - start)
    return {"instances": len({str(reference) for _, reference in references.values()}), "right": right,
            "refused": refused, "build": build, "check": check, "grade": grading}


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main() -> None:
    """Print one row per varied part."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--samples", type=int, default=2000, help="Monte Carlo samples per check (1a)")
    args = parser.parse_args()
    keys = [f"student{number:03d}@example.edu" for number in range(args.students)]
    print(f"{'part':<8} {'students':>8} {'instances':>9} {'accepted':>8} {'refused':>8} "
          f"{'derive med/p95 s':>18} {'check med s':>11} {'grade 2 med s':>13}")
    for part_id, slot in PARTS.items():
        count = args.students if part_id != "hw3/1a" else min(args.students, 8)  # 1a derives expectations: slower
        row = time_part(part_id, slot, keys[:count], VerifyConfig(samples=args.samples))
        print(f"{part_id:<8} {count:>8} {row['instances']:>9} {row['right']:>8} {row['refused']:>8} "
              f"{statistics.median(row['build']):>8.3f}/{p95(row['build']):<9.3f} "
              f"{statistics.median(row['check']):>11.3f} {statistics.median(row['grade']):>13.3f}")


if __name__ == "__main__":
    main()
