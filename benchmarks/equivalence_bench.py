"""Agreement and speed of `compare` on other graders' public test suites.

Reads the Math-Verify file and the AlgEquiv rows of the STACK file (JSON Lines, from the shared benchmarks
folder), compares every pair with warm worker processes, and prints agreement per file and per kind, the
median and p95 milliseconds per case, and writes every disagreement to benchmarks/out/.
With Math-Verify installed (pip install 'derive[bench]'), it is run on the same rows in the same process
and printed beside ours: agreement, false accepts, and median and p95 milliseconds per case (both
in-process). --throughput N compares pairs per second on N-pair files (Math-Verify's LaTeX rows, then all
rows, repeated): ``derive compare --pairs`` with --workers 1 and 2, and Math-Verify in one process.
Usage: python benchmarks/equivalence_bench.py [--data DIR] [--workers N] [--limit N] [--throughput N]
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from graders.api import compare
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
    parser.add_argument("--throughput", type=int, default=0, help="pairs in the throughput file (0: skip)")
    parser.add_argument("--stability", action="store_true",
                        help="grade every row three times with the command line's 2 s limit, the third time with "
                             "the other core kept busy, and count the rows whose verdict changed")
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
    side_by_side(rows, [v.status == "correct" for v in verdicts])
    if options.throughput:
        throughput(rows, options.throughput)
    if options.stability:
        stability(rows)


def _verdicts_with_cli_limit(rows: list[dict]) -> list[tuple[str, str]]:
    with Grader(GradeConfig(timeout=2.0)) as grader:
        return [(v.status, v.method) for v in grader.compare_many([(r["id"], r["gold"], r["pred"]) for r in rows])]


def stability(rows: list[dict]) -> None:
    """Three runs under the command line's 2 s limit, the last with a busy loop on the other core."""
    runs = [_verdicts_with_cli_limit(rows), _verdicts_with_cli_limit(rows)]
    burner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        runs.append(_verdicts_with_cli_limit(rows))
    finally:
        burner.kill()
    changed = [row["id"] for number, row in enumerate(rows) if len({run[number] for run in runs}) > 1]
    timeouts = [sum(method == "timeout" for _, method in run) for run in runs]
    print(f"\nstability: 3 runs of {len(rows)} rows (the third with the other core busy): timeouts {timeouts}, "
          f"{len(changed)} rows with a changed verdict{': ' + ', '.join(changed[:10]) if changed else ''}")


def _math_verify():
    """Math-Verify's parse and verify, or None when it is not installed."""
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    return parse, verify


def side_by_side(rows: list[dict], ours_correct: list[bool]) -> None:
    """Agreement, false accepts and in-process time per case: ours beside Math-Verify's, suite by suite."""
    ours_ms = []
    for row in rows:
        started = time.perf_counter()
        compare(row["gold"], row["pred"], timeout=5)
        ours_ms.append((time.perf_counter() - started) * 1000)
    peer = _math_verify()
    peer_correct, peer_ms = [], []
    if peer is not None:
        parse, verify = peer
        for row in rows:
            started = time.perf_counter()
            try:
                accepted = bool(verify(parse(row["gold"]), parse(row["pred"])))
            except Exception:  # noqa: BLE001 - the peer's failure on a row is its "no"
                accepted = False
            peer_ms.append((time.perf_counter() - started) * 1000)
            peer_correct.append(accepted)
    print()
    print(f"{'file':<16} {'ours agree':>11} {'ours false acc.':>16} {'Math-Verify agree':>18} {'MV false acc.':>14}")
    for name in dict.fromkeys(row["file"] for row in rows):
        picked = [i for i, row in enumerate(rows) if row["file"] == name]
        ours_agree = sum(ours_correct[i] == rows[i]["expected"] for i in picked)
        ours_false = sum(ours_correct[i] and not rows[i]["expected"] for i in picked)
        line = f"{name:<16} {ours_agree:>5}/{len(picked):<5} {ours_false:>16}"
        if peer_correct:
            peer_agree = sum(peer_correct[i] == rows[i]["expected"] for i in picked)
            peer_false = sum(peer_correct[i] and not rows[i]["expected"] for i in picked)
            line += f" {peer_agree:>12}/{len(picked):<5} {peer_false:>14}"
        print(line)
    print(f"in-process per case: ours median {statistics.median(ours_ms):.2f} ms, p95 {percentile(ours_ms, 0.95):.1f} ms"
          + (f"; Math-Verify median {statistics.median(peer_ms):.2f} ms, p95 {percentile(peer_ms, 0.95):.1f} ms"
             if peer_ms else "; Math-Verify not installed (pip install 'derive[bench]')"))


def throughput(rows: list[dict], count: int) -> None:
    """Pairs per second on ``count``-pair files (the LaTeX suite's rows, then all rows, repeated):
    derive compare --pairs with 1 and 2 workers, and Math-Verify in one process."""
    latex_rows = [row for row in rows if row["file"] == "mathverify"]
    for label, chosen in (("Math-Verify's LaTeX rows", latex_rows), ("all rows (most are Maxima)", rows)):
        print(f"\n{label}, {count} pairs:")
        for workers in (1, 2):
            seconds = _derive_pairs_seconds(chosen, count, workers)
            print(f"  derive compare --pairs --workers {workers}: {seconds:.1f} s, {count / seconds:.0f} pairs/s")
        peer = _math_verify()
        if peer is None:
            continue
        parse, verify = peer
        started = time.perf_counter()
        for number in range(count):
            row = chosen[number % len(chosen)]
            try:
                verify(parse(row["gold"]), parse(row["pred"]))
            except Exception:  # noqa: BLE001
                pass
        seconds = time.perf_counter() - started
        print(f"  Math-Verify in one process: {seconds:.1f} s, {count / seconds:.0f} pairs/s")


def _derive_pairs_seconds(rows: list[dict], count: int, workers: int) -> float:
    derive = str(pathlib.Path(sys.executable).with_name("derive"))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder, "pairs.jsonl")
        with path.open("w") as handle:
            for number in range(count):
                row = rows[number % len(rows)]
                handle.write(json.dumps({"id": str(number), "gold": row["gold"], "pred": row["pred"]}) + "\n")
        started = time.perf_counter()
        subprocess.run([derive, "compare", "--pairs", str(path), "--workers", str(workers)], check=True,
                       stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

if __name__ == "__main__":
    main()
