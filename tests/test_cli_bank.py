"""Problem sets from anywhere on the command line: --bank folders, DERIVE_BANK and installed entry points."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from bank import COURSE_TRANSCRIPT, write_course_set
from derive import cli

DERIVE = pathlib.Path(sys.executable).with_name("derive")  # the console script the package installs


def write_installed_package(site: pathlib.Path) -> None:
    """A package that declares the course set as a ``derive.problem_sets`` entry point, as pip would install it."""
    write_course_set(site / "coursepkg")
    info = site / "coursepkg-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: coursepkg\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[derive.problem_sets]\ncourse = coursepkg:PROBLEM_SET\n")


def derive(tmp_path: pathlib.Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    environment.update({"DERIVE_CACHE": str(tmp_path / "cache"), **(env or {})})
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=environment)


@pytest.mark.parametrize("how", ["--bank", "DERIVE_BANK", "entry point"])
def test_a_set_outside_the_repository_is_listed_solved_graded_and_checked(tmp_path, how):
    transcript = tmp_path / "chat.md"
    transcript.write_text(COURSE_TRANSCRIPT)
    extra, env = [], {}
    if how == "--bank":
        folder = write_course_set(tmp_path / "course")
        extra, origin = ["--bank", str(folder)], f"--bank {folder.resolve()}"
    elif how == "DERIVE_BANK":
        folder = write_course_set(tmp_path / "sets" / "course")
        env, origin = {"DERIVE_BANK": str(tmp_path / "sets")}, f"DERIVE_BANK {folder.resolve()}"
    else:
        write_installed_package(tmp_path / "site")
        env, origin = {"PYTHONPATH": str(tmp_path / "site")}, "entry point coursepkg:PROBLEM_SET"

    listed = derive(tmp_path, "list", "--json", *extra, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {row["problem"]: row for row in json.loads(listed.stdout)["problems"]}
    assert rows["course/2(iii)"]["origin"] == origin and rows["course/q10"]["set"] == "course"
    assert rows["hw3/1a"]["origin"] == "entry point problems.hw3:PROBLEM_SET"

    solved = derive(tmp_path, "solve", "course/2(iii)", "--format", "json", *extra, env=env)
    assert solved.returncode == 0, solved.stderr
    document = json.loads(solved.stdout)
    assert document["problem"] == "course/2(iii)"
    assert {s["slot"]: s["reference_sympy"] for s in document["slots"]} == {"moment": "d", "value": "4"}
    assert any(step["check"] for step in document["steps"])

    graded = derive(tmp_path, "grade", "course/q10", "--slot", "closed_form", "--answer", r"\frac{n^2+n}{2}",
                    "--json", *extra, env=env)
    assert graded.returncode == 0, graded.stderr
    assert json.loads(graded.stdout)["status"] == "correct"

    checked = derive(tmp_path, "check", str(transcript), "--format", "json", *extra, env=env)  # set inferred
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert [part["part"] for part in report["parts"]] == ["q10", "2(iii)"]
    assert report["summary"]["final_correct"] == report["summary"]["slots_answered"] == 4


def run_in_process(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``derive ARGS`` in this process: (exit code, standard output, standard error)."""
    monkeypatch.setattr(sys, "argv", ["derive", *args])
    try:
        cli.main()
        code = 0
    except SystemExit as done:
        code = done.code
    out, err = capsys.readouterr()
    return code, out, err


def test_two_sets_with_one_name_exit_2_naming_both(tmp_path, monkeypatch, capsys):
    first = write_course_set(tmp_path / "a" / "course")
    second = write_course_set(tmp_path / "b" / "course")
    monkeypatch.setenv("DERIVE_BANK", str(first))
    for command in (["list"], ["solve", "course/q10"], ["verify", "course"],
                    ["grade", "course/q10", "--slot", "value", "--answer", "55"],
                    ["check", str(tmp_path / "a" / "course" / "parts.py")]):
        code, _, err = run_in_process(monkeypatch, capsys, *command, "--bank", str(second))
        assert code == 2 and f"DERIVE_BANK {first.resolve()}" in err and f"--bank {second.resolve()}" in err, command
        assert "Traceback" not in err


def test_a_folder_that_is_not_a_set_exits_2_with_one_sentence(tmp_path, monkeypatch, capsys):
    (tmp_path / "notes").mkdir()
    code, _, err = run_in_process(monkeypatch, capsys, "list", "--bank", str(tmp_path / "notes"))
    assert code == 2 and err.strip().splitlines()[-1] == (
        f"Error: {(tmp_path / 'notes').resolve()} is not a problem set: it has no __init__.py, and no sub-folder "
        f"is a package that defines one.")
    code, _, err = run_in_process(monkeypatch, capsys, "list", "--bank", str(tmp_path / "missing"))
    assert code == 2 and "does not exist" in err


def test_list_text_has_an_origin_column(tmp_path, monkeypatch, capsys):
    folder = write_course_set(tmp_path / "course")
    code, out, _ = run_in_process(monkeypatch, capsys, "list", "--bank", str(folder))
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("course/2(iii) "))
    assert line.split()[-2:] == ["--bank", str(folder.resolve())]
    assert any(line.startswith("hw3/1a") and line.endswith("entry point problems.hw3:PROBLEM_SET")
               for line in out.splitlines())


def test_check_asks_for_the_set_when_the_transcript_could_be_either(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DERIVE_CACHE", str(tmp_path / "cache"))
    write_course_set(tmp_path / "sets" / "course")
    write_course_set(tmp_path / "sets" / "course2", name="course2")
    transcript = tmp_path / "chat.md"
    transcript.write_text(COURSE_TRANSCRIPT)
    code, _, err = run_in_process(monkeypatch, capsys, "check", str(transcript), "--bank", str(tmp_path / "sets"))
    assert code == 2 and "--problems" in err and "'course' or 'course2'" in err
    code, _, err = run_in_process(monkeypatch, capsys, "check", str(transcript), "--bank", str(tmp_path / "sets"),
                                  "--problems", "nope")
    assert code == 2 and "unknown problem set 'nope'" in err


def test_every_command_that_takes_a_problem_documents_bank():
    from click.testing import CliRunner

    for command in ("list", "solve", "verify", "grade", "check"):
        result = CliRunner().invoke(cli.cli, [command, "--help"])
        assert result.exit_code == 0 and "--bank DIRECTORY" in result.output, command
