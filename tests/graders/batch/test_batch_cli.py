"""derive batch and derive export as course staff run them: a class in, a run that survives kill -9, grades out."""
from __future__ import annotations

import csv
import json
import os
import pathlib
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest

from bank import write_course_set

DERIVE = pathlib.Path(sys.executable).with_name("derive")
ROOT = pathlib.Path(__file__).resolve().parents[3]


def derive(cwd: pathlib.Path, *args: str, stdin: str | None = None, env: dict | None = None):
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=600, cwd=cwd, input=stdin,
                          env={**environment, **(env or {})})


def write_class(path: pathlib.Path, rows: list[tuple[str, str, str, str]]) -> pathlib.Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "part", "slot", "answer"])
        writer.writerows(rows)
    return path


def verdicts(cwd: pathlib.Path, run: str) -> dict[str, dict]:
    done = derive(cwd, "export", run, "--format", "verdicts")
    assert done.returncode == 0, done.stderr
    return {row["id"]: row for row in map(json.loads, done.stdout.splitlines())}


def comparable(row: dict) -> tuple:
    return tuple(row.get(key) for key in ("student", "part", "slot", "status", "score", "points", "method",
                                          "feedback", "interpreted_as"))


SLOW_CLASS = [(f"s{n:03d}", "hw3/1b", "expected_rms_sq", f"{n % 97 + 1}*d_1 + {n % 89}*d_1^2/\\pi")
              for n in range(420)]  # ~400 distinct symbolic answers: seconds of grading, so a kill lands mid-way


@pytest.mark.slow
def test_a_run_killed_mid_way_finishes_with_every_verdict_once_and_as_an_uninterrupted_run(tmp_path):
    submissions = write_class(tmp_path / "class.csv", SLOW_CLASS + SLOW_CLASS[:60])
    reference = derive(tmp_path, "batch", "class.csv", "--run", "whole.sqlite", "--quiet")
    assert reference.returncode == 0, reference.stderr
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    process = subprocess.Popen([str(DERIVE), "batch", str(submissions), "--run", "killed.sqlite", "--quiet"],
                               cwd=tmp_path, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    graded, deadline = 0, time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
        try:
            with sqlite3.connect(tmp_path / "killed.sqlite", timeout=1) as db:
                graded = db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        except sqlite3.Error:
            continue
        if graded >= 50:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(tmp_path / "killed.sqlite") as db:
        kept = db.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
    assert 0 < kept < 400, "the kill did not land mid-way"
    again = derive(tmp_path, "batch", "class.csv", "--run", "killed.sqlite")
    assert again.returncode == 0, again.stderr
    assert "no new rows (this file was added before)" in again.stdout and "regraded 0" in again.stdout
    resumed, whole = verdicts(tmp_path, "killed.sqlite"), verdicts(tmp_path, "whole.sqlite")
    assert len(resumed) == len(SLOW_CLASS) + 60 and resumed.keys() == whole.keys()
    assert all(comparable(resumed[key]) == comparable(whole[key]) for key in whole)
    with sqlite3.connect(tmp_path / "killed.sqlite") as db:
        assert db.execute("SELECT COUNT(*), SUM(gradings) FROM verdicts").fetchone() == (420, 420)  # none twice


def test_changing_one_slots_key_regrades_only_that_slot(tmp_path):
    course = write_course_set(tmp_path / "sets" / "course")
    write_class(tmp_path / "class.csv", [("ann", "course/q10", "closed_form", "n(n+1)/2"),
                                         ("ben", "course/q10", "closed_form", "n^2/2"),
                                         ("ann", "course/q10", "value", "55"),
                                         ("ben", "q10", "value", "56"),
                                         ("ann", "course/2(iii)", "moment", "d")])
    env = {"DERIVE_CACHE": str(tmp_path / "cache")}
    first = derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite", "--bank", "sets", env=env)
    assert first.returncode == 0, first.stderr
    assert "5 rows added" in first.stdout and "regraded 0" in first.stdout
    parts = course / "parts.py"
    parts.write_text(parts.read_text().replace(
        'p.slot("closed_form", "exact", general, "1 + ... + n", cues=(r"closed form",))',
        'p.slot("closed_form", "exact", general, "1 + ... + n", cues=(r"closed form",), '
        'alternates=(Alternate(n**2 / 2, 0.5, "Only the leading term."),))').replace(
        "from derive import Derivation,", "from derive import Alternate, Derivation,"))
    second = derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite", "--bank", "sets", env=env)
    assert second.returncode == 0, second.stderr
    assert "graded 2 " in second.stdout and "regraded 2 against a changed key, 1 changed" in second.stdout
    with sqlite3.connect(tmp_path / "run.sqlite") as db:
        gradings = dict(db.execute("SELECT slot || ':' || answer_key, gradings FROM verdicts").fetchall())
    assert gradings == {"closed_form:n(n+1)/2": 2, "closed_form:n^2/2": 2, "value:55": 1, "value:56": 1, "moment:d": 1}
    ben = next(row for row in verdicts(tmp_path, "run.sqlite").values() if row["answer"] == "n^2/2")
    assert ben["status"] == "partial" and ben["feedback"] == "Only the leading term."


def test_the_gradebook_opens_as_a_spreadsheet_would_read_it(tmp_path):
    write_course_set(tmp_path / "sets" / "course")
    write_class(tmp_path / "class.csv", [("ann", "course/q10", "closed_form", "n(n+1)/2"),
                                         ("ann", "course/q10", "value", "55"),
                                         ("ben", "course/q10", "value", "56"),
                                         ("ben", "course/q10", "value", "55"),  # a later answer replaces the first
                                         ("cy", "course/2(iii)", "moment", "d^2")])
    env = {"DERIVE_CACHE": str(tmp_path / "cache")}
    assert derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite", "--bank", "sets", env=env).returncode == 0
    done = derive(tmp_path, "export", "run.sqlite", "--format", "gradebook", "-o", "grades.csv", "--bank", "sets",
                  env=env)
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "grades.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["student", "course/q10.closed_form", "course/q10.value", "course/2(iii).moment",
                              "course/q10 total", "course/2(iii) total", "total", "max_total", "needs_review"]
    by_student = {row["student"]: row for row in table}
    assert by_student["ann"]["total"] == "2" and by_student["ann"]["course/2(iii).moment"] == ""
    assert by_student["ben"]["course/q10.value"] == "1" and by_student["cy"]["total"] == "0"
    assert {row["max_total"] for row in table} == {"3"}
    report = derive(tmp_path, "export", "run.sqlite", "--format", "report", "--bank", "sets", env=env).stdout
    assert "## course/2(iii) · moment" in report and "Most common wrong answers" in report and "`d^2`" in report


def test_refused_rows_and_unreadable_files_set_the_exit_code(tmp_path):
    write_class(tmp_path / "class.csv", [("ann", "hw3/5c", "loaddisk_ns", "50"), ("ben", "hw3/9z", "x", "1")])
    done = derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite")
    assert done.returncode == 1 and "refused: line 3: 'hw3/9z' is not a known part" in done.stderr
    assert "1 rows refused" in done.stdout
    (tmp_path / "class.jsonl").write_text("student,part,slot,answer\nann,hw3/5c,loaddisk_ns,50\n")
    wrong_kind = derive(tmp_path, "batch", "class.jsonl", "--run", "run.sqlite")
    assert wrong_kind.returncode == 2 and "is named as JSON Lines" in wrong_kind.stderr
    (tmp_path / "empty.csv").write_text("")
    empty = derive(tmp_path, "batch", "empty.csv", "--run", "run.sqlite")
    assert empty.returncode == 2 and "is empty" in empty.stderr
    (tmp_path / "not-a-run.sqlite").write_text("hello")
    not_run = derive(tmp_path, "batch", "class.csv", "--run", "not-a-run.sqlite")
    assert not_run.returncode == 2 and "is not a grading run" in not_run.stderr


def test_standard_input_and_json_lines_and_identical_answers_graded_once(tmp_path):
    lines = [json.dumps({"student": f"s{n}", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": answer, "id": f"r{n}"})
             for n, answer in enumerate(["50", " 50", "$50$", "50 ns", "40"])]
    done = derive(tmp_path, "batch", "-", "--run", "run.sqlite", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    assert "5 rows, 3 distinct answers; graded 3" in done.stdout
    rows = verdicts(tmp_path, "run.sqlite")
    assert set(rows) == {"r0", "r1", "r2", "r3", "r4"} and rows["r2"]["status"] == "correct"
    assert rows["r4"]["status"] == "incorrect" and rows["r4"]["student"] == "s4" and rows["r4"]["answer"] == "40"


def test_variant_keys_grade_each_student_against_their_own_numbers(tmp_path):
    write_class(tmp_path / "class.csv", [])
    with (tmp_path / "class.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([["student", "part", "slot", "answer", "variant"],
                          ["bob", "hw3/5c", "loaddisk_ns", "35", "bob@example.edu"],
                          ["bob2", "hw3/5c", "loaddisk_ns", "50", "bob@example.edu"],
                          ["ann", "hw3/5c", "loaddisk_ns", "50", ""]])
    assert derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite").returncode == 0
    rows = {row["student"]: row for row in verdicts(tmp_path, "run.sqlite").values()}
    assert rows["bob"]["status"] == "correct" and rows["bob"]["variant"]["key"] == "bob@example.edu"
    assert rows["bob2"]["status"] == "incorrect" and "not for your values (c = 4" in rows["bob2"]["feedback"]
    assert rows["ann"]["status"] == "correct" and rows["ann"]["variant"]["key"] is None


def test_a_sweep_of_pairs_is_a_resumable_deduplicated_run(tmp_path):
    pairs = [{"id": "a", "gold": "1/2", "pred": "0.5"}, {"id": "b", "gold": "x^2", "pred": "x*x"},
             {"id": "c", "gold": "1/2", "pred": " 0.5 "}, {"id": "d", "gold": "2", "pred": "3"}]
    (tmp_path / "pairs.jsonl").write_text("\n".join(map(json.dumps, pairs)) + "\nnot json\n")
    first = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", "--run", "sweep.sqlite")
    plain = derive(tmp_path, "compare", "--pairs", "pairs.jsonl")
    again = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", "--run", "sweep.sqlite")
    out = [json.loads(line) for line in first.stdout.splitlines()]
    assert [row["id"] for row in out] == ["a", "b", "c", "d", None]
    assert [row["status"] for row in out] == ["correct", "correct", "correct", "incorrect", "error"]
    strip = lambda rows: [{k: v for k, v in json.loads(r).items() if k != "elapsed_ms"} for r in rows]  # noqa: E731
    assert strip(first.stdout.splitlines()) == strip(plain.stdout.splitlines()) == strip(again.stdout.splitlines())
    with sqlite3.connect(tmp_path / "sweep.sqlite") as db:
        assert db.execute("SELECT COUNT(*), SUM(gradings) FROM verdicts").fetchone() == (3, 3)


class _VisibleText(HTMLParser):
    """The text a reader sees: not scripts, styles, code (answers as written) or KaTeX's hidden MathML copy."""

    HIDDEN = {"script", "style", "code", "annotation"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        hidden = tag in self.HIDDEN or "katex-mathml" in classes.split() or (self.stack and self.stack[-1])
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if self.stack and tag not in ("br", "img", "meta", "link", "input", "hr"):
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


def test_the_html_report_typesets_its_formulas_in_a_real_browser(tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: 'make test' installs it")
        pytest.skip("chromium is not installed (make test installs it)")
    write_class(tmp_path / "class.csv", [("ann", "hw3/1b", "constant", r"\frac{1}{d_1}"),
                                         ("ben", "hw3/1b", "constant", r"\frac{\sqrt{\pi}}{\sqrt{2} d_1}"),
                                         ("cy", "hw3/5c", "loaddisk_ns", "500"),
                                         ("di", "hw3/1b", "expected_rms_sq", r"\frac{2}{\pi} d_1^2")])
    assert derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite").returncode == 0
    done = derive(tmp_path, "export", "run.sqlite", "--format", "html", "-o", "report.html")
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "report.html").read_text()
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing fetched
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000"]
    url = (tmp_path / "report.html").as_uri()
    dom = subprocess.run([chromium, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    rendered = int(dom.split('data-rendered="', 1)[1].split('"', 1)[0])
    assert rendered >= 6, "KaTeX did not typeset the formulas"
    reader = _VisibleText()
    reader.feed(dom)
    visible = " ".join(reader.text)
    assert "\\frac" not in visible and "\\sqrt" not in visible and "hw3/1b · constant" in visible
    shots = ROOT / "benchmarks" / "out"
    shots.mkdir(parents=True, exist_ok=True)
    subprocess.run([chromium, *flags, "--window-size=1200,1400", f"--screenshot={shots / 'class-report.png'}", url],
                   capture_output=True, timeout=120)
    assert (shots / "class-report.png").stat().st_size > 10_000
