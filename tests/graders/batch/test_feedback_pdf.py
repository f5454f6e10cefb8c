"""``derive pdf --feedback``: each student's answers exactly as written, verdicts and solutions, from a real run.

The class holds the hostile strings of the TeX threat model; the PDF must compile, print them
literally, and never contain what a file-reading command would have read.
"""
from __future__ import annotations

import csv
import pathlib

import pytest

from typeset_helpers import ascii_words, has_phrase, pdf_text, run_derive, squeezed

HOSTILE = [r"\input{/etc/passwd}", r"\write18{touch CANARY}", r"\immediate\write18{id}", r"\catcode`\^^5c=0 x",
           r"\def\x{\x}\x", "^^5c^^5cinput{/etc/passwd}", "}}{{ $$ & # % _ ~", r"\end{document}",
           r"\openin1=/etc/passwd \read1 to\x \x", "σ² = d₁ · 1/√d₁ ∫", "2 d_1 \\\\ \\newpage " * 30]
MEGA = "1" + "+1" * 45_000  # 90,001 characters: within the field limit, far past what a page can hold


@pytest.fixture(scope="module")
def graded_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feedback")
    rows = [("lovelace", "hw3/1a", "expected_rms_sq", "d_1"), ("lovelace", "hw3/1a", "constant", "1/\\sqrt{d_1}"),
            ("lovelace", "hw3/5a", "fwd_ops", "20"), ("babbage", "hw3/1a", "expected_rms_sq", "d_1 d_2"),
            ("babbage", "hw3/5a", "fwd_ops", "40"), ("eve; \\input{/etc/passwd}", "hw3/5a", "fwd_ops", MEGA)]
    rows += [(f"mallory{number:02d}", "hw3/1a", "expected_rms_sq", text) for number, text in enumerate(HOSTILE)]
    with (folder / "class.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "part", "slot", "answer"])
        writer.writerows(rows)
    done = run_derive(folder, "batch", "class.csv", "--run", "run.sqlite", "--quiet")
    assert done.returncode == 0, done.stderr
    return folder


def test_a_hostile_class_compiles_and_prints_every_string_literally(graded_run):
    done = run_derive(graded_run, "pdf", "--feedback", "run.sqlite", "-o", "all.pdf")
    assert done.returncode == 0, done.stderr
    raw = pdf_text(graded_run / "all.pdf")
    text = squeezed(raw)
    for hostile in HOSTILE[:9]:
        assert squeezed(hostile) in text, hostile
    assert "root:x:0:0" not in raw and "root:" not in raw
    assert not (graded_run / "CANARY").exists() and not pathlib.Path("CANARY").exists()
    assert "[cut:90,001charactersinall,thefirst2,000shown]" in text
    assert squeezed(r"eve; \input{/etc/passwd}") in text  # a student id is text too


def test_each_student_gets_their_answers_verdicts_and_the_solution_of_what_they_missed(graded_run):
    done = run_derive(graded_run, "pdf", "--feedback", "run.sqlite", "--student", "babbage", "-o", "babbage.pdf")
    assert done.returncode == 0, done.stderr
    text = ascii_words(pdf_text(graded_run / "babbage.pdf"))
    assert "babbage" in text and "lovelace" not in text and "mallory" not in text
    assert "Total:0of2points" in text  # two wrong answers, one point each
    assert "writtend_1d_2" in text and "incorrect" in text and "0/1pts" in text
    assert "Workedsolution" in text and has_phrase(text, "linearity of expectation")  # the general chain too
    lovelace = run_derive(graded_run, "pdf", "--feedback", "run.sqlite", "--student", "lovelace", "-o", "lovelace.pdf")
    lovelace_text = ascii_words(pdf_text(graded_run / "lovelace.pdf"))
    assert "Total:3of3points" in lovelace_text and "Workedsolution" not in lovelace_text  # nothing lost, nothing re-taught


def test_one_pdf_per_student_in_a_folder_with_safe_names(graded_run):
    done = run_derive(graded_run, "pdf", "--feedback", "run.sqlite", "--each-student", "-o", "each")
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (graded_run / "each").iterdir())
    assert len(names) == 3 + len(HOSTILE) and {"babbage.pdf", "lovelace.pdf", "mallory00.pdf"} <= set(names)
    assert [name for name in names if name.startswith("eve")] == ["eve___input__etc_passwd-a945898a.pdf"]


def test_feedback_usage_errors_are_one_sentence(graded_run):
    cases = [(["pdf", "--feedback", "run.sqlite", "--student", "nobody", "-o", "x.pdf"], "no student 'nobody'"),
             (["pdf", "hw3", "--feedback", "run.sqlite", "-o", "x.pdf"], "give no TARGETS"),
             (["pdf", "--feedback", "class.csv", "-o", "x.pdf"], "")]
    for args, message in cases:
        done = run_derive(graded_run, *args)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_feedback_as_latex_is_a_complete_document(graded_run):
    done = run_derive(graded_run, "pdf", "--feedback", "run.sqlite", "--format", "latex", "-o", "all.tex")
    assert done.returncode == 0, done.stderr
    source = (graded_run / "all.tex").read_text()
    assert source.startswith("\\documentclass") and "\\input{" not in source and "\\write18" not in source
