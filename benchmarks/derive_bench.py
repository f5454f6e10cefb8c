"""Time the command line: start-up (`derive --help`), deriving and verifying every part of hw3 and dlstats.

Prints a table of medians over repeated runs; each run is a fresh process, as a user would see it.
Usage: python benchmarks/derive_bench.py [--repeat N] [--samples N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time


def derive_command() -> list[str]:
    """The installed console script if there is one, else the module."""
    script = shutil.which("derive")
    return [script] if script else [sys.executable, "-m", "derive"]


def time_command(args: list[str], repeat: int) -> list[float]:
    """Wall-clock seconds of each of ``repeat`` runs of ``derive args``."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(derive_command() + args, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return timings


def in_process_part_timings() -> list[tuple[str, float]]:
    """Seconds to derive each part (all steps checked), measured inside one process."""
    from derive.bank.discovery import discover

    bank = discover()
    rows = []
    for part_id in bank.part_ids():
        start = time.perf_counter()
        bank.build_part(part_id)
        rows.append((part_id, time.perf_counter() - start))
    return rows


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median reported)")
    parser.add_argument("--samples", type=int, default=20000, help="Monte Carlo samples for verify")
    options = parser.parse_args()

    cases = [
        ("derive --help", ["--help"]),
        ("derive list", ["list"]),
        ("derive solve hw3/1b", ["solve", "hw3/1b"]),
        ("derive solve hw3 (all parts)", ["solve", "hw3", "--format", "json"]),
        (f"derive verify hw3 (samples={options.samples})", ["verify", "hw3", "--samples", str(options.samples),
                                                             "--json"]),
        ("derive solve dlstats (all parts)", ["solve", "dlstats", "--format", "json"]),
        (f"derive verify dlstats (samples={options.samples})", ["verify", "dlstats", "--samples",
                                                                 str(options.samples), "--json"]),
    ]
    print(f"{'case':<40} {'median s':>9} {'min s':>8} {'max s':>8}  runs")
    for label, args in cases:
        timings = time_command(args, options.repeat)
        print(f"{label:<40} {statistics.median(timings):>9.2f} {min(timings):>8.2f} {max(timings):>8.2f}  "
              f"{len(timings)}")
    print()
    print(f"{'part (in process, every step checked)':<40} {'seconds':>9}")
    for part_id, seconds in in_process_part_timings():
        print(f"{part_id:<40} {seconds:>9.2f}")


if __name__ == "__main__":
    main()
