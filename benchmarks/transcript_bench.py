"""Time ``derive check`` on the sample transcript, and measure its agreement with the careful grader.

Runs the real command line in fresh processes: once with an empty parts cache (the derivations run
and every step is checked) and then warm, several times; prints medians, and the agreement of the
JSON report with the expected verdicts (part, slot and attempt must match).
With --corpus it checks every chat of the hand-written corpus (tests/fixtures/transcripts/corpus) in every
form (Markdown, Chromium and TeX PDFs, their pypdf and pdftotext text) in this process, printing the seconds
and the score against the careful grader's table per chat and form; then times the real command line on the
long chat printed to PDF (more than 30 pages).
Usage: python benchmarks/transcript_bench.py [--runs N] [--transcript FILE --expected FILE] [--corpus]
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "transcripts"


def run_check(transcript: pathlib.Path, cache: str, fmt: str = "json", workers: int = 1) -> tuple[float, str]:
    """Seconds taken and stdout of one ``derive check`` in a fresh process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "derive", "check", str(transcript), "--format", fmt,
                           "--workers", str(workers)],
                          capture_output=True, text=True, env={**os.environ, "DERIVE_CACHE": cache}, check=True)
    return time.perf_counter() - started, done.stdout


def agreement(report: dict, expected_path: pathlib.Path) -> tuple[int, int, list[str]]:
    """Rows of the expected file whose (part, slot, attempt) got the same correct/not-correct verdict."""
    found = {(part["part"], v["slot"], attempt["attempt"]): v["status"]
             for part in report["parts"] for attempt in part["attempts"] for v in attempt["verdicts"]}
    rows = [json.loads(line) for line in expected_path.read_text().splitlines()]
    misses = []
    for row in rows:
        status = found.get((row["part"], row["slot"], row["attempt"]))
        if status is None or (status == "correct") != row["verdict"]:
            misses.append(f"{row['part']} {row['slot']} attempt {row['attempt']}: got {status}, "
                          f"expected {'correct' if row['verdict'] else 'not correct'}")
    return len(rows) - len(misses), len(rows), misses


def corpus_table(runs: int) -> None:
    """Per chat and form: seconds to load and check, and the score; then the long PDF through the command line."""
    import graders.api  # noqa: F401  (before tests/ is on the path: tests/derive would shadow the package)
    sys.path.append(str(ROOT / "tests"))
    from bank import problem_bank
    from transcript_corpus import FORMS, RENDERED, Score, check_file, expected_rows, form_path, names, score

    parts = problem_bank().built_parts("hw3")
    totals = {form: Score() for form in FORMS}
    print(f"{'chat':40}" + "".join(f"{form:>20}" for form in FORMS))
    for name in names():
        cells = []
        for form in FORMS:
            started = time.perf_counter()
            _, result = check_file(form_path(name, form), parts)
            seconds = time.perf_counter() - started
            outcome = score(result, expected_rows(name))
            totals[form].add(outcome)
            cells.append(f"{outcome.agreeing}/{outcome.rows} {len(outcome.confident_wrong)}w {seconds:.2f}s")
        print(f"{name:40}" + "".join(f"{cell:>20}" for cell in cells))
    print("\n(agreeing/rows, confident wrong verdicts, seconds to load and check in this process)\n")
    for form, total in totals.items():
        print(f"{form:20} {total.line()}")
    long_pdf = RENDERED / "long_chat.chromium.pdf"
    if long_pdf.exists():
        from pypdf import PdfReader

        from pypdf import PdfWriter

        with tempfile.TemporaryDirectory() as cache:
            first_30 = pathlib.Path(cache) / "long_chat_30_pages.pdf"
            writer = PdfWriter()
            for page in PdfReader(long_pdf).pages[:30]:  # the same chat cut after 30 pages, as a printer would
                writer.add_page(page)
            writer.write(first_30)
            run_check(long_pdf, cache)
            for pdf in (first_30, long_pdf):
                pages = len(PdfReader(pdf).pages)
                seconds = [run_check(pdf, cache)[0] for _ in range(runs)]
                print(f"\nderive check on a {pages}-page Chromium PDF (warm cache, fresh process): "
                      f"median {statistics.median(seconds):.2f} s over {runs} runs")


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--transcript", type=pathlib.Path, default=SHARED / "gpt4o_hw3.md")
    parser.add_argument("--expected", type=pathlib.Path, default=SHARED / "gpt4o_hw3.expected.jsonl")
    parser.add_argument("--corpus", action="store_true", help="score and time the corpus in every form")
    args = parser.parse_args()
    if args.corpus:
        corpus_table(args.runs)
        return
    with tempfile.TemporaryDirectory() as cache:
        cold, _ = run_check(args.transcript, cache)
        warm = [run_check(args.transcript, cache)[0] for _ in range(args.runs)]
        _, output = run_check(args.transcript, cache)
        markdown = [run_check(args.transcript, cache, "markdown")[0] for _ in range(args.runs)]
        long_chat = pathlib.Path(cache) / "ten_times.md"  # the sample ten times over: 210 attempts
        long_chat.write_text("\n\n".join([args.transcript.read_text(encoding="utf-8")] * 10), encoding="utf-8")
        scaled = run_check(long_chat, cache, workers=2)[0]
    agreed, total, misses = agreement(json.loads(output), args.expected)
    print(f"{'case':44}{'median s':>10}{'runs':>6}")
    print(f"{'derive check --format json (cold cache)':44}{cold:>10.2f}{1:>6}")
    print(f"{'derive check --format json (warm cache)':44}{statistics.median(warm):>10.2f}{args.runs:>6}")
    print(f"{'derive check --format markdown (warm cache)':44}{statistics.median(markdown):>10.2f}{args.runs:>6}")
    print(f"{'sample x10 (210 attempts), --workers 2':44}{scaled:>10.2f}{1:>6}")
    print(f"\nagreement with {args.expected.name}: {agreed}/{total}")
    for miss in misses:
        print(f"  differs: {miss}")


if __name__ == "__main__":
    main()
