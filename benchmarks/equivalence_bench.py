"""Agreement and speed of `compare` on other graders' public test suites.

Reads the Math-Verify file and the STACK rows that have an equivalence meaning (JSON Lines, from the shared
benchmarks folder; benchmarks/suite_rows.py says which rows and how each is compared), compares every pair with warm worker processes, and prints agreement per file and per kind, the
median and p95 milliseconds per case, and writes every disagreement to benchmarks/out/.
With Math-Verify installed (pip install 'derive[bench]'), it is run on the same rows in the same process
and printed beside ours: agreement, false accepts, and median and p95 milliseconds per case (both
in-process, cold and then warm). --throughput N compares pairs per second on N-pair files (Math-Verify's
LaTeX rows repeated, all rows repeated, and distinct generated LaTeX pairs): ``derive compare --pairs``
with --workers 1 and 2, and Math-Verify in one process.
Usage: python benchmarks/equivalence_bench.py [--data DIR] [--workers N] [--limit N] [--throughput N]
"""
from __future__ import annotations

import argparse
import collections
import json
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time

from graders.api import compare
from graders.grading import GradeConfig
from graders.reading.formulas import clear_read_cache
from graders.warmup import WARM_UP_PAIRS, warm_up
from graders.workers.pool import Grader

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the generator is shared with the property tests

from expression_pairs import perturbed, random_formula, styled_latex  # noqa: E402
from suite_rows import load_rows  # noqa: E402


def default_data_dir() -> pathlib.Path:
    """The shared benchmarks folder beside the repository."""
    return ROOT.parent / "shared" / "benchmarks"


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
    with Grader(GradeConfig(timeout=5.0), workers=options.workers, warm=True) as grader:
        started = time.perf_counter()
        verdicts = compare_rows(grader, rows)
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
            disagreements.append({**row, "comparison": row["comparison"].mode, "ours": verdict.status, "method": verdict.method,
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


def compare_rows(grader: Grader, rows: list[dict]) -> list:
    """Verdicts for the rows in input order, each group of rows compared the way its suite means."""
    verdicts: list = [None] * len(rows)
    groups: dict = collections.defaultdict(list)
    for number, row in enumerate(rows):
        groups[row["comparison"]].append(number)
    for comparison, numbers in groups.items():
        batch = grader.compare_many([(rows[n]["id"], rows[n]["gold"], rows[n]["pred"]) for n in numbers],
                                    comparison.pair_config())
        for number, verdict in zip(numbers, batch):
            verdicts[number] = verdict
    return verdicts


def _verdicts_with_cli_limit(rows: list[dict]) -> list[tuple[str, str]]:
    with Grader(GradeConfig(timeout=2.0)) as grader:
        return [(v.status, v.method) for v in compare_rows(grader, rows)]


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


def _timed_pass(judge, rows: list[dict]) -> tuple[list[bool], list[float]]:
    """(accepted, milliseconds) per row for ``judge(row) -> bool``, in this process."""
    accepted, milliseconds = [], []
    for row in rows:
        started = time.perf_counter()
        accepted.append(judge(row))
        milliseconds.append((time.perf_counter() - started) * 1000)
    return accepted, milliseconds


def _ours(row: dict) -> bool:
    return compare(row["gold"], row["pred"], timeout=5, **row["comparison"].options()).status == "correct"


def _peer_judge():
    """Math-Verify's verdict on a row, as a function, or None when it is not installed."""
    try:
        from math_verify import parse, verify
    except ImportError:
        return None

    def judge(row: dict) -> bool:
        try:
            return bool(verify(parse(row["gold"]), parse(row["pred"])))
        except Exception:  # noqa: BLE001 - the peer's failure on a row is its "no"
            return False
    return judge


def _times(label: str, milliseconds: list[float]) -> str:
    return f"{label} median {statistics.median(milliseconds):.2f} ms, p95 {percentile(milliseconds, 0.95):.1f} ms"


def side_by_side(rows: list[dict], ours_correct: list[bool]) -> None:
    """Agreement, false accepts and in-process time per case: ours beside Math-Verify's, suite by suite.
    Each grader runs the rows twice in this process: first cold (nothing compared yet), then after its
    warm-up with our read cache emptied, so the second pass pays every parse again."""
    _, ours_cold = _timed_pass(_ours, rows)
    clear_read_cache()
    warm_up()
    clear_read_cache()
    _, ours_warm = _timed_pass(_ours, rows)
    peer = _peer_judge()
    peer_correct, peer_cold, peer_warm = [], [], []
    if peer is not None:
        peer_correct, peer_cold = _timed_pass(peer, rows)
        for gold, pred in WARM_UP_PAIRS:
            peer({"gold": gold, "pred": pred})
        _, peer_warm = _timed_pass(peer, rows)
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
    print("in-process per case, cold:  " + _times("ours", ours_cold)
          + ("; " + _times("Math-Verify", peer_cold) if peer_cold else ""))
    print("in-process per case, warm:  " + _times("ours", ours_warm)
          + ("; " + _times("Math-Verify", peer_warm) if peer_warm
             else "; Math-Verify not installed (pip install 'derive[bench]')"))


def generated_rows(count: int, seed: int = 7) -> list[dict]:
    """``count`` distinct LaTeX pairs from the property tests' generator: a random formula printed in two
    styles, and every other pair a perturbed copy (a coefficient, sign, exponent or function changed).
    Each side is written between dollar signs, as Math-Verify expects LaTeX (it reads bare LaTeX as plain
    text and rejects it, quickly)."""
    rng = random.Random(seed)
    rows: list[dict] = []
    while len(rows) < count:
        formula = random_formula(rng)
        other = perturbed(formula, rng) if len(rows) % 2 else formula
        if other is not None:
            rows.append({"gold": f"${styled_latex(formula, rng).strip('$')}$",
                         "pred": f"${styled_latex(other, rng).strip('$')}$", "expected": not len(rows) % 2})
    return rows


def throughput(rows: list[dict], count: int) -> None:
    """Pairs per second on ``count``-pair files: the LaTeX suite's rows repeated, all rows repeated, and
    distinct generated LaTeX pairs; derive compare --pairs with 1 and 2 workers, and Math-Verify in one
    process (no worker processes, no time limit); with the agreement of each on the generated pairs."""
    rows = [row for row in rows if row["comparison"].mode == "auto"]  # one pairs file, one way of comparing
    latex_rows = [row for row in rows if row["file"] == "mathverify"]
    files = (("Math-Verify's LaTeX rows, repeated", [latex_rows[n % len(latex_rows)] for n in range(count)]),
             ("all suite rows (most are Maxima), repeated", [rows[n % len(rows)] for n in range(count)]),
             ("distinct generated LaTeX pairs", generated_rows(count)))
    peer = _peer_judge()
    for label, chosen in files:
        print(f"\n{label}, {count} pairs:")
        rates = {}
        for workers in (1, 2):
            seconds, accepted = _derive_pairs_run(chosen, workers)
            rates[workers] = count / seconds
            print(f"  derive compare --pairs --workers {workers}: {seconds:.1f} s, {rates[workers]:.0f} pairs/s"
                  + _agreement(chosen, accepted))
        print(f"  --workers 2 / --workers 1: {rates[2] / rates[1]:.2f}x")
        if peer is None:
            continue
        started = time.perf_counter()
        accepted = [peer(row) for row in chosen]
        peer_rate = count / (time.perf_counter() - started)
        print(f"  Math-Verify in one process: {peer_rate:.0f} pairs/s{_agreement(chosen, accepted)}; derive "
              f"--workers 1 is {rates[1] / peer_rate:.1f}x, --workers 2 {rates[2] / peer_rate:.1f}x")


def _agreement(rows: list[dict], accepted: list[bool]) -> str:
    agree = sum(ok == row["expected"] for ok, row in zip(accepted, rows))
    false = sum(ok and not row["expected"] for ok, row in zip(accepted, rows))
    return f", agrees on {agree}/{len(rows)}, {false} false accepts"


def _derive_pairs_run(rows: list[dict], workers: int) -> tuple[float, list[bool]]:
    """Seconds for ``derive compare --pairs`` on the rows, and whether it accepted each."""
    derive = str(pathlib.Path(sys.executable).with_name("derive"))
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder, "pairs.jsonl")
        with path.open("w") as handle:
            for number, row in enumerate(rows):
                handle.write(json.dumps({"id": str(number), "gold": row["gold"], "pred": row["pred"]}) + "\n")
        started = time.perf_counter()
        finished = subprocess.run([derive, "compare", "--pairs", str(path), "--workers", str(workers)], check=True,
                                  capture_output=True, text=True)
        seconds = time.perf_counter() - started
    return seconds, [json.loads(line)["status"] == "correct" for line in finished.stdout.splitlines()]


if __name__ == "__main__":
    main()
