"""Hostile submissions: each bad row is refused or graded as data, the rest of the class is graded, nothing runs."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

DERIVE = pathlib.Path(sys.executable).with_name("derive")


def derive(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=environment)


def exported(cwd: pathlib.Path, run: str) -> dict[str, dict]:
    done = derive(cwd, "export", run, "--format", "verdicts")
    assert done.returncode == 0, done.stderr
    return {row["student"]: row for row in map(json.loads, done.stdout.splitlines())}


def test_hostile_csv_rows_are_refused_or_graded_as_data_and_the_rest_is_graded(tmp_path):
    canary = tmp_path / "pwned"
    rows = [b"student,part,slot,answer",
            b"huge,hw3/5c,loaddisk_ns," + b"9" * 300_000,
            b"nul,hw3/5c,loaddisk_ns,5\x000",
            b"latin,hw3/5c,loaddisk_ns,5\xe90",
            b'tex,hw3/5c,loaddisk_ns,"\\input{/etc/passwd} \\write18{touch ' + str(canary).encode() + b'}"',
            b"py,hw3/5c,loaddisk_ns,__import__('os').system('touch " + str(canary).encode() + b"')",
            b"bomb,hw3/5c,loaddisk_ns,10^{10^{10^{10}}}",
            b"deep,hw3/5c,loaddisk_ns," + b"(" * 20_000 + b"1" + b")" * 20_000,
            b"good,hw3/5c,loaddisk_ns,50 ns"]
    (tmp_path / "class.csv").write_bytes(b"\n".join(rows) + b"\n")
    done = derive(tmp_path, "batch", "class.csv", "--run", "run.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 2 is not well-formed CSV (field larger than field limit" in done.stderr
    assert "line 3 has bytes that are not UTF-8 text" in done.stderr and "line 4 has bytes" in done.stderr
    verdicts = exported(tmp_path, "run.sqlite")
    assert verdicts["good"]["status"] == "correct"
    for student in ("tex", "py", "bomb", "deep"):
        assert verdicts[student]["status"] in ("unparseable", "incorrect", "needs_review"), verdicts[student]
        assert verdicts[student]["status"] != "correct"
    assert not canary.exists()
    report = derive(tmp_path, "export", "run.sqlite", "--format", "report").stdout
    assert "\\input{/etc/passwd}" in report and "root:" not in report


def test_json_lines_with_deep_nesting_or_lone_surrogates_are_refused_row_by_row(tmp_path):
    lines = [json.dumps({"student": "first", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": "50"}),
             "[" * 100_000 + "]" * 100_000,
             '{"student": "ghost", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": "\\ud800"}',
             json.dumps({"student": "object", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": {"x": [1]}}),
             json.dumps({"student": "last", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": "50"})]
    (tmp_path / "class.jsonl").write_text("\n".join(lines) + "\n")
    done = derive(tmp_path, "batch", "class.jsonl", "--run", "run.sqlite")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "line 2 is not JSON (RecursionError)" in done.stderr and "line 3 has bytes that are not UTF-8" in done.stderr
    verdicts = exported(tmp_path, "run.sqlite")
    assert set(verdicts) == {"first", "object", "last"}
    assert verdicts["object"]["status"] in ("unparseable", "needs_review")  # data, never a right answer


def test_a_sweep_with_a_lone_surrogate_keeps_every_other_verdict(tmp_path):
    (tmp_path / "pairs.jsonl").write_text('{"id": "a", "gold": "1", "pred": "\\ud800"}\n'
                                          '{"id": "b", "gold": "1/2", "pred": "0.5"}\n')
    for extra in ((), ("--run", "sweep.sqlite")):
        done = derive(tmp_path, "compare", "--pairs", "pairs.jsonl", *extra)
        rows = [json.loads(line) for line in done.stdout.splitlines()]
        assert done.returncode == 0 and [row["status"] for row in rows] == ["error", "correct"], done.stderr
