"""docs/authoring.md is run, not just read: its files are written, its commands run, its outputs checked."""
from __future__ import annotations

import dataclasses
import inspect
import os
import pathlib
import re
import shlex
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "authoring.md"
DERIVE = pathlib.Path(sys.executable).with_name("derive")
BLOCK = re.compile(r"(?:<!-- (?P<note>[^>]*?) -->\n)?```(?P<language>\w+)\n(?P<body>.*?)```", re.S)


@dataclasses.dataclass
class Block:
    language: str
    body: str
    note: str


def blocks() -> list[Block]:
    return [Block(m["language"], m["body"], m["note"] or "") for m in BLOCK.finditer(GUIDE.read_text())]


def environment(tmp_path: pathlib.Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    return {**env, "DERIVE_CACHE": str(tmp_path / "cache"), **(extra or {})}


def normalised(text: str) -> str:
    return " ".join(text.split())


def run_guide(tmp_path: pathlib.Path) -> list[tuple[str, str]]:
    """Do what the guide says, block by block; returns (command, output) for every shell command run."""
    outputs: list[tuple[str, str]] = []
    last_output = ""
    for block in blocks():
        if block.language == "python" and block.note.startswith("file:"):
            path = tmp_path / block.note.removeprefix("file:").strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.body)
        elif block.language == "python":
            extra = dict(item.split("=", 1) for item in block.note.removeprefix("run with:").split()) \
                if block.note.startswith("run with:") else {}
            done = subprocess.run([sys.executable, "-c", block.body], capture_output=True, text=True, cwd=tmp_path,
                                  env=environment(tmp_path, extra), timeout=300)
            assert done.returncode == 0, f"python block failed:\n{block.body}\n{done.stderr}"
        elif block.language == "shell":
            expected = int(block.note.removeprefix("exit:").strip()) if block.note.startswith("exit:") else 0
            last_output = ""
            for line in block.body.strip().splitlines():
                command = shlex.split(line)
                assert command[0] == "derive", f"the guide's shell blocks run derive only: {line}"
                done = subprocess.run([str(DERIVE), *command[1:]], capture_output=True, text=True, cwd=tmp_path,
                                      env=environment(tmp_path), timeout=300)
                assert done.returncode == expected, f"{line} exited {done.returncode}:\n{done.stdout}{done.stderr}"
                last_output += done.stdout + done.stderr
                outputs.append((line, done.stdout + done.stderr))
        elif block.language == "text":
            for line in block.body.strip().splitlines():
                assert normalised(line) in normalised(last_output), f"the guide shows {line!r}; the output was:\n" \
                                                                    f"{last_output}"
    return outputs


@pytest.fixture(scope="module")
def guide_run(tmp_path_factory) -> tuple[pathlib.Path, list[tuple[str, str]]]:
    folder = tmp_path_factory.mktemp("guide")
    return folder, run_guide(folder)


def test_every_block_of_the_guide_does_what_it_says(guide_run):
    folder, outputs = guide_run
    commands = [command for command, _ in outputs]
    assert "derive new starter --bank courses" in commands and (folder / "courses" / "starter").is_dir()
    assert any(command.startswith("derive verify oops") for command in commands)


def test_the_generated_starter_set_passes_its_own_tests(guide_run):
    folder, _ = guide_run
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder / "courses" /
                                                                                              "starter")],
                          capture_output=True, text=True, cwd=folder, env=environment(folder), timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_verify_counts_every_check_of_the_guides_set(guide_run):
    _, outputs = guide_run
    verified = next(output for command, output in outputs if command == "derive verify mycourse --bank courses")
    # q1: 3 + 2 Monte Carlo checks; q2: 2 replays + the published instance; q3: none
    assert "8 passed, 0 failed" in verified


def _reference_names(heading: str) -> set[str]:
    section = GUIDE.read_text().split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `(?:p\.)?(\w+)", section, re.M))


def test_the_reference_lists_every_rule_law_mode_slot_option_and_builder_method():
    import derive.gradients.rules
    import derive.moments.laws
    import derive.moments.parametric_laws
    import derive.rules
    from derive.bank.builder import PartBuilder
    from derive.bank.schema import Slot
    from graders.modes.registry import MODES

    rules = {name for module in (derive.rules, derive.gradients.rules) for name, value in vars(module).items()
             if isinstance(value, derive.rules.Rule)}
    laws = {name for name, value in vars(derive.moments.laws).items() if isinstance(value, derive.moments.laws.Law)}
    laws |= {name for name, value in vars(derive.moments.parametric_laws).items() if inspect.isfunction(value)
             and value.__module__ == "derive.moments.parametric_laws" and not name.startswith("_")}
    options = {field.name for field in dataclasses.fields(Slot)} - {"name", "mode", "reference", "description"}
    methods = {name for name, value in vars(PartBuilder).items() if callable(value) and not name.startswith("_")}
    assert _reference_names("Rules") == rules
    assert _reference_names("Laws") == laws
    assert _reference_names("Modes") == set(MODES)
    assert _reference_names("Slot options") == options
    assert _reference_names("Builder methods") == methods
