"""How long a worked-solution PDF and a class's feedback PDF take, stage by stage.

Solutions: derives every hw3 part (every step checked), runs its simulations, draws the figures,
writes the TeX and compiles it; prints the seconds of each stage, the pages and the size, and
writes the PDF and page images of its first pages (pdftoppm) to benchmarks/out/.
Feedback: grades a generated class with ``derive batch`` and typesets everyone's feedback into
one PDF; prints the seconds, pages and seconds per student.
Usage: python benchmarks/pdf_bench.py [--samples N] [--students N] [--pages N]
"""
from __future__ import annotations

import argparse
import csv
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

from derive.bank.discovery import discover
from derive.simulation.records import VerifyConfig
from derive.typeset.compile import compile_latex
from derive.typeset.solutions import SolutionOptions, solutions_document

OUT = pathlib.Path(__file__).resolve().parent / "out"
ANSWERS = {("hw3/1a", "expected_rms_sq"): ["d_1", "d_1 d_2", "\\sigma_w^2 d_1", "d_2"],
           ("hw3/1a", "constant"): ["1/\\sqrt{d_1}", "1/d_1", "\\frac{1}{\\sqrt{d_1 d_2}}"],
           ("hw3/1b", "expected_rms_sq"): ["d_1 + \\frac{2}{\\pi} d_1 (d_1 - 1)", "d_1^2", "2 d_1/\\pi"],
           ("hw3/5a", "fwd_ops"): ["20", "25", "N(c-1)/2"], ("hw3/5c", "loaddisk_ns"): ["50", "45", "t \\le 50"]}


def solutions(samples: int, pages: int) -> None:
    """Time each stage of the hw3 worked-solution PDF and keep its first pages as images."""
    bank = discover()
    stages: dict[str, float] = {}
    start = time.perf_counter()
    parts = [bank.build_part(part_id) for part_id in bank.problem_set("hw3").part_ids()]
    stages["derive (every step checked)"] = time.perf_counter() - start
    config = VerifyConfig(samples=samples)
    start = time.perf_counter()
    records = {part.id: part.verify(config) for part in parts}
    stages["simulate and replay"] = time.perf_counter() - start
    start = time.perf_counter()
    document = solutions_document(parts, records, SolutionOptions(title=bank.problem_set("hw3").title), config)
    stages["figures and TeX source"] = time.perf_counter() - start
    compiled = compile_latex(document.source, document.files)
    stages[f"pdflatex ({compiled.passes} passes)"] = compiled.seconds
    OUT.mkdir(exist_ok=True)
    path = compiled.write(OUT / "hw3-solutions.pdf")
    print(f"hw3 worked solutions: {len(parts)} parts, {sum(len(r) for r in records.values())} checks, "
          f"{len(document.files)} figures, {compiled.pages} pages, {len(compiled.pdf) / 1024:.0f} KiB, "
          f"overfull boxes: {len(compiled.overfull_pt)}")
    for stage, seconds in stages.items():
        print(f"  {stage:<32} {seconds:7.2f} s")
    print(f"  {'total':<32} {sum(stages.values()):7.2f} s")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", str(pages), str(path),
                        str(OUT / "hw3-solutions-page")], check=True)
        print(f"  wrote {path} and page images {OUT}/hw3-solutions-page-*.png")


def feedback(students: int) -> None:
    """Grade a generated class and time the feedback PDF of every student."""
    derive = str(pathlib.Path(sys.executable).with_name("derive"))
    with tempfile.TemporaryDirectory() as folder:
        table = pathlib.Path(folder, "class.csv")
        with table.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student", "part", "slot", "answer"])
            for number in range(students):
                for position, ((part, slot), answers) in enumerate(ANSWERS.items()):
                    writer.writerow([f"s{number:04d}", part, slot, answers[(number + position) % len(answers)]])
        start = time.perf_counter()
        subprocess.run([derive, "batch", str(table), "--run", f"{folder}/run.sqlite", "--quiet"], check=True)
        graded = time.perf_counter() - start
        start = time.perf_counter()
        done = subprocess.run([derive, "pdf", "--feedback", f"{folder}/run.sqlite", "-o", f"{folder}/all.pdf"],
                              check=True, capture_output=True, text=True)
        typeset = time.perf_counter() - start
    print(f"feedback for {students} students ({students * len(ANSWERS)} answers): grading {graded:.1f} s, "
          f"PDF {typeset:.1f} s ({typeset / students * 1000:.0f} ms per student): {done.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=VerifyConfig.samples)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--pages", type=int, default=4, help="page images to write")
    arguments = parser.parse_args()
    solutions(arguments.samples, arguments.pages)
    feedback(arguments.students)


if __name__ == "__main__":
    main()
