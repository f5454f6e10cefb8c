"""Every hostile answer (tests/hostile_inputs.py) through every channel: compare, grade, a pairs file, an answers
file, a transcript (Markdown and its LaTeX report) and a class run with its gradebook.  Each gets a clear verdict
of its own, none is `correct`, no code runs, and nothing prints a traceback."""
from __future__ import annotations

import csv
import json
import os
import pathlib
import subprocess
import sys

import pytest

from graders import compare
from graders.api import grade
from hostile_inputs import CANARY, HOSTILE_ANSWERS

NAMES = list(HOSTILE_ANSWERS)
CLEAR = {"incorrect", "unparseable", "needs_review", "error"}


def derive(*args: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=900,
                          cwd=cwd)


@pytest.fixture(autouse=True, scope="module")
def no_canary():
    pathlib.Path(CANARY).unlink(missing_ok=True)
    yield
    assert not pathlib.Path(CANARY).exists(), "an injected command ran"


@pytest.mark.parametrize("name", NAMES)
def test_compare_and_grade(name):
    answer = HOSTILE_ANSWERS[name]
    assert compare("1", answer, timeout=2).status in CLEAR
    assert grade("hw3/1a", "constant", answer).status in CLEAR
    assert grade("hw3/1c", "explanation", answer).status in CLEAR


def test_a_pairs_file_and_an_answers_file(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text("".join(json.dumps({"id": name, "gold": "1", "pred": answer}) + "\n"
                             for name, answer in HOSTILE_ANSWERS.items()))
    done = derive("compare", "--pairs", str(pairs), "--workers", "2")
    verdicts = [json.loads(line) for line in done.stdout.splitlines()]
    # every line answered, in order; a NUL character cannot be stored, so that line is an input error
    assert [v["id"] or "control characters" for v in verdicts] == NAMES
    assert "NUL" in verdicts[NAMES.index("control characters")]["feedback"]
    assert all(v["status"] in CLEAR for v in verdicts) and "Traceback" not in done.stderr
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps({"slot": "constant", "answer": answer}) + "\n"
                               for answer in HOSTILE_ANSWERS.values()))
    done = derive("grade", "hw3/1a", "--answers", str(answers))
    verdicts = json.loads(done.stdout)
    assert len(verdicts) == len(NAMES) and all(v["status"] in CLEAR for v in verdicts)
    assert "Traceback" not in done.stderr


def test_a_transcript_and_its_latex_report(tmp_path):
    turns = []
    for answer in HOSTILE_ANSWERS.values():
        turns += ["User:\nCan you do 1a?", f"Assistant:\nHere is 1a.\n\n**Constant:** $c = {answer[:5000]}$"]
    chat = tmp_path / "chat.md"
    chat.write_text("\n\n".join(turns))
    done = derive("check", str(chat), "--format", "json")
    report = json.loads(done.stdout)
    statuses = [v["status"] for part in report["parts"] for attempt in part["attempts"] for v in attempt["verdicts"]]
    assert statuses and "correct" not in statuses and "Traceback" not in done.stderr
    latex = derive("check", str(chat), "--format", "latex", "-o", str(tmp_path / "report.tex"))
    assert latex.returncode == 0 and "Traceback" not in latex.stderr
    text = (tmp_path / "report.tex").read_text()
    assert "\\input{/etc/passwd}" not in text and "\\write18" not in text.replace("\\textbackslash{}write18", "")


def test_a_class_run_and_its_gradebook(tmp_path):
    submissions = tmp_path / "class.csv"
    with submissions.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "part", "slot", "answer"])
        for index, answer in enumerate(HOSTILE_ANSWERS.values()):
            writer.writerow([f"s{index}", "hw3/1a", "constant", answer[:20000]])
    run = tmp_path / "run.sqlite"
    done = derive("batch", str(submissions), "--run", str(run), "--workers", "2", "--quiet")
    assert "Traceback" not in done.stderr
    export = derive("export", str(run), "--format", "verdicts", "-o", str(tmp_path / "verdicts.jsonl"))
    assert export.returncode == 0, export.stderr
    rows = [json.loads(line) for line in (tmp_path / "verdicts.jsonl").read_text().splitlines()]
    refused = [line for line in done.stderr.splitlines() if line.startswith("refused:")]
    assert len(rows) + len(refused) == len(NAMES) and all(row["status"] in CLEAR for row in rows)
    assert len(refused) <= 1  # the row with a NUL character, which cannot be stored, is refused by its line
    assert os.path.getsize(run) > 0
