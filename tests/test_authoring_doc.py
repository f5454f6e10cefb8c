"""docs/authoring.md is run, not just read: its set is written out, listed, solved, verified and graded."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
DERIVE = pathlib.Path(sys.executable).with_name("derive")


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "authoring.md").read_text(), re.S)


def derive(tmp_path: pathlib.Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    environment.update({"DERIVE_CACHE": str(tmp_path / "cache"), **(env or {})})
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env=environment)


def test_the_guides_set_works_as_written(tmp_path):
    init, moments = python_blocks()
    package = tmp_path / "courses" / "mycourse"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(init)
    (package / "moments.py").write_text(moments)
    bank = ["--bank", str(tmp_path / "courses")]

    listed = json.loads(derive(tmp_path, "list", "--json", *bank).stdout)["problems"]
    assert {"problem": "mycourse/q1", "set": "mycourse"}.items() <= next(
        row for row in listed if row["problem"] == "mycourse/q1").items()

    solved = json.loads(derive(tmp_path, "solve", "mycourse/q1", "--format", "json", *bank).stdout)
    assert solved["slots"][0]["reference_sympy"] == "d"
    assert all(step["check"] is None or step["check"]["verdict"] == "equal" for step in solved["steps"])

    verified = json.loads(derive(tmp_path, "verify", "mycourse", "--samples", "2000", "--json", *bank).stdout)
    assert verified["failed"] == 0 and verified["passed"] == 3

    right = json.loads(derive(tmp_path, "grade", "mycourse/q1", "--slot", "moment", "--answer", "d", "--json",
                              *bank).stdout)
    wrong = json.loads(derive(tmp_path, "grade", "mycourse/q1", "--slot", "moment", "--answer", "d^2", "--json",
                              env={"DERIVE_BANK": str(tmp_path / "courses")}).stdout)
    assert right["status"] == "correct"
    assert wrong["status"] == "incorrect" and wrong["method"].startswith("misconception") and "d^2" in wrong["feedback"]
