"""The command line as a user runs it: outputs, formats and exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from derive import cli


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=300)


def test_list_json():
    result = run("list", "--json")
    assert result.returncode == 0
    ids = [row["problem"] for row in json.loads(result.stdout)["problems"]]
    assert {"hw3/1a", "hw3/1b", "hw3/5c"} <= set(ids)


def test_solve_1b_json_contract():
    result = run("solve", "hw3/1b", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["problem"] == "hw3/1b" and document["statement"]
    slots = {s["slot"]: s for s in document["slots"]}
    assert slots["expected_rms_sq"]["reference_sympy"] == "2*d_1*(d_1 - 1)/pi + d_1"
    assert len([s for s in document["steps"] if s["check"]]) >= 4
    assert all({"latex", "rule", "justification"} <= set(step) for step in document["steps"])


@pytest.mark.parametrize("part_id,slot,reference", [
    ("hw3/1a", "expected_rms_sq", "d_1"), ("hw3/1a", "constant", "1/sqrt(d_1)"),
    ("hw3/5a", "fwd_ops", "20"), ("hw3/5b", "loadmem_ops", "10"), ("hw3/5c", "loaddisk_ns", "50"),
])
def test_solve_references(part_id, slot, reference):
    document = json.loads(run("solve", part_id, "--format", "json").stdout)
    assert {s["slot"]: s["reference_sympy"] for s in document["slots"]}[slot] == reference


def test_solve_whole_set_is_a_list():
    document = json.loads(run("solve", "hw3", "--format", "json").stdout)
    assert isinstance(document, list) and len(document) >= 6


@pytest.mark.parametrize("fmt,marker", [("text", "Answer slots"), ("latex", r"\end{document}"),
                                        ("markdown", "| slot | mode | reference |")])
def test_solve_formats(fmt, marker):
    result = run("solve", "hw3/1a", "--format", fmt)
    assert result.returncode == 0 and marker in result.stdout


def test_verify_json_contract():
    result = run("verify", "hw3/1a", "hw3/5a", "--samples", "2000", "--seed", "3", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["failed"] == 0 and document["passed"] == len(document["checks"]) > 0
    check = document["checks"][0]
    assert {"problem", "slot", "closed_form", "dims", "samples", "mc_mean", "mc_stderr", "passed"} <= set(check)
    assert check["samples"] == 2000


def test_verify_table_ends_with_counts():
    result = run("verify", "hw3/5b")
    assert result.returncode == 0
    assert result.stdout.strip().splitlines()[-1].endswith("0 failed")


@pytest.mark.parametrize("args", [("solve", "hw3/9z"), ("verify", "nope"), ("solve", "hw3/1a", "--format", "pdf"),
                                  ("verify", "--samples", "1"), ("verify", "--seed", "-1"), ("frobnicate",)])
def test_usage_errors_exit_2_with_one_line(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Error:" in result.stderr and "Traceback" not in result.stderr


def test_internal_error_exits_1_without_traceback(monkeypatch, capsys):
    from derive.bank.discovery import Bank

    def broken(bank, part_id, variant=None):
        raise RuntimeError("derivation exploded\nsecond line")

    monkeypatch.setattr(Bank, "build_part", broken)
    monkeypatch.setattr(sys, "argv", ["derive", "solve", "hw3/1a"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: RuntimeError: derivation exploded"


def test_debug_shows_traceback(monkeypatch):
    from derive.bank.discovery import Bank

    monkeypatch.setattr(Bank, "build_part", lambda bank, part_id, variant=None: 1 / 0)
    monkeypatch.setattr(sys, "argv", ["derive", "--debug", "solve", "hw3/1a"])
    with pytest.raises(ZeroDivisionError):
        cli.main()


def test_help_documents_options():
    result = run("verify", "--help")
    assert result.returncode == 0 and "--samples" in result.stdout and "--seed" in result.stdout


def test_grade_one_answer_json():
    result = run("grade", "hw3/1b", "--slot", "expected_rms_sq", "--answer",
                 r"d_1\left(1-\frac{2}{\pi}\right)+\frac{2}{\pi}d_1^2", "--json")
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["status"] == "correct" and verdict["method"].startswith("exact")
    assert verdict["interpreted_as"] and verdict["reference"]


def test_grade_variance_answer_text_output():
    result = run("grade", "hw3/1b", "--slot", "expected_rms_sq", "--answer", r"(1-\frac{2}{\pi})d_1")
    assert result.returncode == 0
    assert "incorrect" in result.stdout and "variance" in result.stdout.lower()


def test_grade_reads_standard_input():
    result = subprocess.run([sys.executable, "-m", "derive", "grade", "hw3/1a", "--slot", "constant", "--answer", "-",
                             "--json"], input="1/√d1", capture_output=True, text=True, timeout=300)
    assert json.loads(result.stdout)["status"] == "correct"


def test_grade_answers_file_keeps_order_and_survives_bad_lines(tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_text("\n".join([
        json.dumps({"slot": "constant", "answer": r"\frac{1}{d_1}"}),
        "not json at all",
        json.dumps({"slot": "no_such_slot", "answer": "1"}),
        json.dumps({"slot": "expected_rms_sq", "answer": r"d_1 + \frac{2}{\pi}d_1(d_1-1)"}),
        json.dumps({"slot": "scaling", "answer": r"10^{10^{10}}"}),
    ]) + "\n")
    result = run("grade", "hw3/1b", "--answers", str(answers))
    assert result.returncode == 1, result.stderr  # every line has its verdict; two were refused
    verdicts = json.loads(result.stdout)
    assert [v["status"] for v in verdicts] == ["partial", "error", "error", "correct", "unparseable"]
    assert verdicts[2]["slot"] == "no_such_slot"


@pytest.mark.parametrize("args", [("grade", "hw3/1b", "--slot", "nope", "--answer", "1"),
                                  ("grade", "hw3/1b", "--answer", "1"), ("grade", "hw3/1b"),
                                  ("grade", "hw3/9z", "--slot", "x", "--answer", "1"), ("compare", "1")])
def test_grade_and_compare_usage_errors(args):
    result = run(*args)
    assert result.returncode == 2 and "Error:" in result.stderr


def test_compare_pair_and_extraction():
    result = run("compare", r"\frac{1}{2}", r"So the answer is $\boxed{0.5}$.", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "correct"
    result = run("compare", r"2^{-99}", r"2^{-98}", "--json")
    assert json.loads(result.stdout)["status"] == "incorrect"


def test_compare_pairs_file_one_line_per_pair(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    rows = [{"id": "a", "gold": "x^2+2x+1", "pred": "(x+1)^2"}, {"id": "b", "gold": "3", "pred": "4"},
            {"id": "c", "gold": "1", "pred": "__import__('os')"}, {"id": "d", "gold": r"\sqrt{2}", "pred": "√2"}]
    pairs.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("compare", "--pairs", str(pairs), "--workers", "2")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(v["slot"], v["status"]) for v in lines] == [("a", "correct"), ("b", "incorrect"),
                                                         ("c", "unparseable"), ("d", "correct")]


def test_compare_accepts_negative_numbers_and_reports_bad_pair_lines(tmp_path):
    result = run("compare", "-1", "-1", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["status"] == "correct"
    assert json.loads(run("compare", r"-\infty", r"\infty", "--json").stdout)["status"] == "incorrect"
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text('{"id": "a", "gold": "1", "pred": "1"}\nnot json\n{"id": "c", "gold": "2"}\n')
    lines = [json.loads(line) for line in run("compare", "--pairs", str(pairs)).stdout.splitlines()]
    assert [(v["slot"], v["status"]) for v in lines] == [("a", "correct"), ("line 2", "error"), ("line 3", "error")]
    assert "not a usable" in lines[1]["feedback"]


FIXTURES = __import__("pathlib").Path(__file__).resolve().parent / "fixtures" / "transcripts"


def test_check_reports_a_transcript_in_each_format(tmp_path):
    env_cache = {"DERIVE_CACHE": str(tmp_path / "cache")}
    import os

    def check(*args):
        return subprocess.run([sys.executable, "-m", "derive", "check", *args], capture_output=True, text=True,
                              timeout=300, env={**os.environ, **env_cache})

    excerpt = str(FIXTURES / "gpt4o_hw3_excerpt.md")
    as_json = check(excerpt, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert [p["part"] for p in document["parts"]] == ["1a", "4a", "5a"]
    assert document["summary"]["final_correct"] == document["summary"]["slots_answered"] == 5
    markdown = check(excerpt)
    assert markdown.returncode == 0 and markdown.stdout.startswith("# Transcript check")
    as_csv = check(excerpt, "--format", "csv")
    assert as_csv.stdout.splitlines()[0].startswith("part,attempt,slot,status")
    pdf = check(str(FIXTURES / "gpt4o_hw3_excerpt.pdf"), "--format", "json")
    assert pdf.returncode == 0 and "running header" in pdf.stderr  # diagnostics go to stderr, the report to stdout
    assert [p["part"] for p in json.loads(pdf.stdout)["parts"]] == ["1a", "4a", "5a"]


@pytest.mark.parametrize("args, message", [
    (["no-such-file.md"], "does not exist"),
    ([str(FIXTURES / "gpt4o_hw3_excerpt.md"), "--problems", "hw9"], "unknown problem set"),
    ([str(FIXTURES / "gpt4o_hw3_excerpt.md"), "--format", "html"], "Invalid value"),
    ([str(FIXTURES / "gpt4o_hw3_excerpt.md"), "--format", "pdf"], "--format pdf writes a file: give -o FILE.pdf"),
])
def test_check_usage_errors(args, message):
    result = run("check", *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_check_refuses_binary_input_with_one_sentence(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 40)
    result = run("check", str(junk))
    last = result.stderr.strip().splitlines()[-1]
    assert result.returncode == 2 and last.startswith("Error:") and "neither UTF-8 text nor a PDF" in last


def test_a_csv_given_as_answers_is_one_clear_error(tmp_path):
    answers = tmp_path / "class.csv"
    answers.write_text("student,slot,answer\nann,constant,1/d_1\n")
    result = run("grade", "hw3/1b", "--answers", str(answers))
    assert result.returncode == 2 and "is not JSON Lines" in result.stderr and "derive batch" in result.stderr
    assert result.stdout == ""
