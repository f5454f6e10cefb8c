"""Gradescope: the autograder zip, a submission graded in a folder laid out like /autograder, results.json valid."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import zipfile

import jsonschema
import pytest

from bank import write_course_set
from graders.batch.gradescope import read_answers

DERIVE = pathlib.Path(sys.executable).with_name("derive")
SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[3] / "docs" / "gradescope-results.schema.json")
                    .read_text())


def derive(cwd: pathlib.Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=600, cwd=cwd,
                          env={**environment, **(env or {})})


def autograder_root(tmp_path: pathlib.Path, archive: pathlib.Path, answers: dict[str, str],
                    email: str | None = None) -> pathlib.Path:
    """A folder laid out as Gradescope lays out /autograder: source/ unzipped, submission/, metadata."""
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(root / "source")
    (root / "submission").mkdir(parents=True)
    for name, text in answers.items():
        (root / "submission" / name).write_text(text)
    if email:
        (root / "submission_metadata.json").write_text(json.dumps({"users": [{"email": email, "id": 7,
                                                                               "name": "A Student"}]}))
    return root


def test_the_zip_has_gradescopes_layout_and_runs_a_submission(tmp_path):
    built = derive(tmp_path, "gradescope", "build", "hw3/5c", "hw3/1b", "-o", "autograder.zip")
    assert built.returncode == 0, built.stderr
    with zipfile.ZipFile(tmp_path / "autograder.zip") as archive:
        names = archive.namelist()
        mode = archive.getinfo("run_autograder").external_attr >> 16
        config = json.loads(archive.read("derive-autograder.json"))
    assert {"setup.sh", "run_autograder", "derive-src/pyproject.toml", "derive-src/graders/grading.py",
            "derive-src/problems/hw3/q5.py"} <= set(names)
    assert mode & 0o111 and config == {"set": "hw3", "parts": ["hw3/5c", "hw3/1b"], "timeout": 5.0,
                                       "visibility": "visible"}
    root = autograder_root(tmp_path, tmp_path / "autograder.zip",
                           {"answers.json": json.dumps({"hw3/5c": {"loaddisk_ns": "35 ns"},
                                                        "hw3/1b": {"constant": r"\sqrt{\pi/2}/d_1",
                                                                   "scaling": "quadratically in d_1",
                                                                   "typo": "1"}})},
                           email="bob@example.edu")  # bob's variant: 35 ns
    done = derive(tmp_path, "gradescope", "run", "--root", str(root))
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    tests = {test["name"]: test for test in results["tests"]}
    assert tests["hw3/5c loaddisk_ns"]["score"] == 1.0 and tests["hw3/5c loaddisk_ns"]["status"] == "passed"
    assert tests["hw3/1b expected_rms_sq"]["score"] == 0 and "No answer" in tests["hw3/1b expected_rms_sq"]["output"]
    assert results["score"] == 3.0 and "no slot named typo" in results["output"]


def test_a_set_from_a_folder_travels_in_the_zip(tmp_path):
    write_course_set(tmp_path / "sets" / "course")
    env = {"DERIVE_CACHE": str(tmp_path / "cache")}
    built = derive(tmp_path, "gradescope", "build", "course", "-o", "ag.zip", "--bank", "sets", env=env)
    assert built.returncode == 0, built.stderr
    root = autograder_root(tmp_path, tmp_path / "ag.zip", {"answers.md": "## course/q10\nclosed_form: n(n+1)/2\n"
                                                                          "- value: 55\n"})
    assert "--bank /autograder/source/sets/course" in (root / "source" / "run_autograder").read_text()
    done = derive(tmp_path, "gradescope", "run", "--root", str(root), "--bank", str(root / "source" / "sets" /
                                                                                   "course"), env=env)
    assert done.returncode == 0, done.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    assert [test["score"] for test in results["tests"]] == [1.0, 1.0, 0.0, 0.0] and results["score"] == 2.0


def test_a_submission_without_an_answers_file_scores_zero_and_says_why(tmp_path):
    assert derive(tmp_path, "gradescope", "build", "hw3/5c", "-o", "ag.zip").returncode == 0
    root = autograder_root(tmp_path, tmp_path / "ag.zip", {"notes.txt": "I forgot"})
    assert derive(tmp_path, "gradescope", "run", "--root", str(root)).returncode == 0
    results = json.loads((root / "results" / "results.json").read_text())
    jsonschema.validate(results, SCHEMA)
    assert results["score"] == 0 and "answers.json, answers.md or answers.tex" in results["output"]


def test_run_outside_an_autograder_folder_is_a_usage_error(tmp_path):
    done = derive(tmp_path, "gradescope", "run", "--root", str(tmp_path))
    assert done.returncode == 2 and "derive-autograder.json is missing" in done.stderr


@pytest.mark.parametrize("name, text", [
    ("answers.json", json.dumps({"hw3/5c": {"loaddisk_ns": "50"}, "hw3/1b": {"constant": r"\frac{1}{d_1}"}})),
    ("answers.md", "# Answers\n\n## hw3/5c\n\nloaddisk_ns: 50\n\n## hw3/1b\n- `constant`: \\frac{1}{d_1}\n"),
    ("answers.tex", "\\answer{hw3/5c}{loaddisk_ns}{50}\n\\answer{hw3/1b} {constant} {\\frac{1}{d_1}}\n"),
])
def test_the_three_answer_formats_read_the_same(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    assert read_answers(tmp_path) == {"hw3/5c": {"loaddisk_ns": "50"}, "hw3/1b": {"constant": r"\frac{1}{d_1}"}}


def test_the_schema_refuses_what_gradescope_would():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"tests": [{"name": "x", "max_score": 1}]}, SCHEMA)  # no score anywhere
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"score": 1, "visibility": "everyone"}, SCHEMA)
