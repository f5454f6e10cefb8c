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


@pytest.mark.parametrize("fmt,marker", [("text", "Answer slots"), ("latex", r"\begin{align*}"),
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
                                  ("verify", "--samples", "1"), ("frobnicate",)])
def test_usage_errors_exit_2_with_one_line(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Error:" in result.stderr and "Traceback" not in result.stderr


def test_internal_error_exits_1_without_traceback(monkeypatch, capsys):
    import problems

    def broken(part_id):
        raise RuntimeError("derivation exploded\nsecond line")

    monkeypatch.setattr(problems, "build_part", broken)
    monkeypatch.setattr(sys, "argv", ["derive", "solve", "hw3/1a"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == "error: RuntimeError: derivation exploded"


def test_debug_shows_traceback(monkeypatch):
    import problems

    monkeypatch.setattr(problems, "build_part", lambda part_id: 1 / 0)
    monkeypatch.setattr(sys, "argv", ["derive", "--debug", "solve", "hw3/1a"])
    with pytest.raises(ZeroDivisionError):
        cli.main()


def test_help_documents_options():
    result = run("verify", "--help")
    assert result.returncode == 0 and "--samples" in result.stdout and "--seed" in result.stdout
