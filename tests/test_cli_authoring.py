"""Writing a set from the command line: derive new, per-student variants, and authoring errors like a compiler's."""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

DERIVE = pathlib.Path(sys.executable).with_name("derive")


def derive(cwd: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("DERIVE_BANK", "PYTHONPATH")}
    environment["DERIVE_CACHE"] = str(cwd / ".cache")
    return subprocess.run([str(DERIVE), *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=environment)


@pytest.fixture
def starter(tmp_path) -> pathlib.Path:
    done = derive(tmp_path, "new", "course", "--bank", "sets", "--title", "My course")
    assert done.returncode == 0, done.stderr
    return tmp_path


def test_a_new_set_works_as_generated_outside_the_repository(starter):
    bank = ("--bank", "sets")
    listed = json.loads(derive(starter, "list", "--json", *bank).stdout)["problems"]
    assert {"problem": "course/q1", "set": "course", "variants": []}.items() <= next(
        row for row in listed if row["set"] == "course").items()
    solved = json.loads(derive(starter, "solve", "course/q1", "--format", "json", *bank).stdout)
    assert solved["slots"][0]["reference_sympy"] == "d" and "variant" not in solved
    assert all(step["check"] is None or step["check"]["verdict"] == "equal" for step in solved["steps"])
    verified = derive(starter, "verify", "course", "--samples", "2000", "--json", *bank)
    assert verified.returncode == 0 and json.loads(verified.stdout)["failed"] == 0
    right = json.loads(derive(starter, "grade", "course/q1", "--slot", "moment", "--answer", "d", "--json",
                              *bank).stdout)
    assert right["status"] == "correct"
    tested = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "sets/course"],
                            capture_output=True, text=True, cwd=starter, timeout=300,
                            env={**os.environ, "DERIVE_CACHE": str(starter / ".cache")})
    assert tested.returncode == 0 and "2 passed" in tested.stdout, tested.stdout + tested.stderr


def test_new_refuses_to_overwrite_and_to_take_a_bad_name(starter):
    before = (starter / "sets" / "course" / "moments.py").read_text()
    again = derive(starter, "new", "course", "--bank", "sets")
    assert again.returncode == 2 and "already exists" in again.stderr and "nothing was written" in again.stderr
    assert (starter / "sets" / "course" / "moments.py").read_text() == before
    bad = derive(starter, "new", "../escape")
    assert bad.returncode == 2 and "cannot name a problem set" in bad.stderr
    assert not (starter.parent / "escape").exists()


def _break(starter: pathlib.Path, old: str, new: str) -> pathlib.Path:
    module = starter / "sets" / "course" / "moments.py"
    text = module.read_text()
    assert old in text
    module.write_text(text.replace(old, new))
    return module


def _line_of(module: pathlib.Path, fragment: str) -> int:
    return next(number for number, line in enumerate(module.read_text().splitlines(), 1) if fragment in line)


def test_a_step_that_does_not_follow_is_one_error_naming_file_part_step_and_both_sides(starter):
    module = _break(starter, '    p.slot("moment"',
                    '    moment.step(d**2, "my shortcut", "by eye")\n    p.slot("moment"')
    done = derive(starter, "verify", "course", "--bank", "sets")
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    first, before, after = done.stderr.strip().splitlines()
    assert first.startswith(f"sets/course/moments.py:{_line_of(module, 'my shortcut')}: error: in part course/q1: "
                            f"in derivation 'q1: second moment', step 7 (my shortcut) does not follow")
    assert before.split() == ["before:", "d"] and after.split() == ["after:", "d**2"]


@pytest.mark.parametrize("old, new, message", [
    ('"moment", "exact", moment', '"moment", "exactt", moment',
     r"slot 'moment' has mode 'exactt', which is not a grading mode \(modes: exact, "),
    ('"moment", "exact", moment', '"moment", "exact", d',
     r"slot 'moment' has a reference \(d\) that no derivation"),
    ("rules.MOMENTS, rules.COUNT)", "rules.MOMENTS, rules.COUNT, rules.COUNT)",
     r"in derivation 'q1: second moment', rule 'count index tuples' does not apply to d"),
    ('    p.monte_carlo', '    undefined_name()\n    p.monte_carlo', r"NameError: name 'undefined_name' is not defined"),
])
def test_other_authoring_mistakes_read_the_same_way(starter, old, new, message):
    _break(starter, old, new)
    for command in (("verify", "course"), ("solve", "course/q1"), ("grade", "course/q1", "--slot", "moment",
                                                                      "--answer", "d")):
        done = derive(starter, *command, "--bank", "sets")
        assert done.returncode == 1 and "Traceback" not in done.stderr, (command, done.stderr)
        assert re.match(r"sets/course/moments\.py:\d+: error: in part course/q1: " + message, done.stderr), done.stderr


def test_a_variant_domain_with_no_valid_value_is_an_authoring_error(starter):
    _break(starter, "from derive import", "from derive import Variants\nfrom derive import")
    _break(starter, '@part("q1", "Second moment of a sum of Gaussians", r"""',
           'EMPTY = Variants(m=(3, 5), where=lambda m: m % 2 == 0, default={"m": 3})\n\n\n'
           '@part("q1", "Second moment of a sum of Gaussians", variants=EMPTY, statement=r"""')
    done = derive(starter, "verify", "course", "--bank", "sets")
    assert done.returncode == 1
    assert re.match(r"sets/course/moments\.py:\d+: error: in part course/q1: no values of m satisfy the constraint",
                    done.stderr), done.stderr


def test_a_statement_placeholder_that_is_no_parameter_is_an_authoring_error(starter):
    _break(starter, "find $", "find {{k}} and $")
    done = derive(starter, "solve", "course/q1", "--bank", "sets")
    assert done.returncode == 1 and "error: in part course/q1: the statement uses {{k}}" in done.stderr


def test_solve_and_grade_take_a_students_variant(tmp_path):
    solved = json.loads(derive(tmp_path, "solve", "hw3/5c", "--variant", "bob@example.edu", "--format",
                               "json").stdout)
    assert solved["variant"] == {"key": "bob@example.edu", "values": {"N": 20, "c": 4, "t_fwd": 20, "t_mem": 5},
                                 "units": {"t_fwd": "ns", "t_mem": "ns"}}
    assert solved["slots"][0]["reference_sympy"] == "35" and "A 20-layer network" in solved["statement"]
    text = derive(tmp_path, "solve", "hw3/5c", "--variant", "bob@example.edu").stdout
    assert "variant bob@example.edu: N = 20, c = 4, t_fwd = 20 ns, t_mem = 5 ns" in text
    right = json.loads(derive(tmp_path, "grade", "hw3/5c", "--slot", "loaddisk_ns", "--answer", "35 ns", "--variant",
                              "bob@example.edu", "--json").stdout)
    assert right["status"] == "correct" and right["variant"]["key"] == "bob@example.edu"
    published = json.loads(derive(tmp_path, "grade", "hw3/5c", "--slot", "loaddisk_ns", "--answer", "50",
                                  "--variant", "bob@example.edu", "--json").stdout)
    assert published["status"] == "incorrect"
    assert "not for your values (c = 4, t_fwd = 20 ns, t_mem = 5 ns)" in published["feedback"]
    unvaried = json.loads(derive(tmp_path, "grade", "hw3/1b", "--slot", "expected_rms_sq", "--answer", "d_1",
                                 "--variant", "bob@example.edu", "--json").stdout)
    assert "variant" not in unvaried  # a part without variants is the same for every student
    verified = derive(tmp_path, "verify", "hw3/5a", "--variant", "bob@example.edu", "--json")
    checks = json.loads(verified.stdout)["checks"]
    assert verified.returncode == 0 and {"N": 20, "c": 4}.items() <= checks[-1]["dims"].items()


def test_a_failed_check_makes_verify_exit_1(starter):
    _break(starter, "[{d: 1}, {d: 5}, {d: 20}]", "[{d: 1}, {d: 5}, {d: 20}], fixed=None)\n    p.monte_carlo("
                    "\"moment\", sum_over(x[k], k, d) ** 2, d + 1, [{d: 3}]")
    done = derive(starter, "verify", "course", "--bank", "sets", "--samples", "2000")
    assert done.returncode == 1 and "3 passed, 1 failed" in done.stdout and "FAIL" in done.stdout
    as_json = derive(starter, "verify", "course", "--bank", "sets", "--samples", "2000", "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["failed"] == 1


def test_mistakes_found_while_loading_the_set_also_exit_1_with_their_line(starter):
    _break(starter, '@part("q1",', 'TWIN = part("q1", "Twin", "x")(lambda p: None)\n\n\n@part("q1",')
    done = derive(starter, "list", "--bank", "sets")
    assert done.returncode == 1, done.stderr
    assert re.match(r"sets/course/__init__\.py:\d+: error: two parts of 'course' have the key 'q1'", done.stderr) or \
        re.match(r"sets/course/moments\.py:\d+: error: two parts of 'course' have the key 'q1'", done.stderr), done.stderr


def test_a_placeholder_error_names_the_parts_line(starter):
    _break(starter, "find $", "find {{k}} and $")
    done = derive(starter, "solve", "course/q1", "--bank", "sets")
    assert re.match(r"sets/course/moments\.py:\d+: error: in part course/q1: the statement uses \{\{k\}\}", done.stderr)


def test_numbers_with_fractions_read_and_print_exactly(starter):
    _break(starter, "from derive import", "from derive import Variants\nfrom derive import")
    _break(starter, '@part("q1", "Second moment of a sum of Gaussians", r"""',
           'SCALES = Variants(s=(0.25, 0.5, 2), default={"s": 0.5})\n\n\n'
           '@part("q1", "Second moment of a sum of Gaussians", variants=SCALES, statement=r"""\nWith $s = {{s}}$: ')
    solved = json.loads(derive(starter, "solve", "course/q1", "--bank", "sets", "--format", "json").stdout)
    assert solved["variant"] == {"key": None, "values": {"s": "1/2"}} and "$s = 1/2$" in solved["statement"]


def test_verify_can_check_every_instance_a_student_may_be_given(tmp_path):
    done = derive(tmp_path, "verify", "hw3/5b", "--all-variants", "--json")
    assert done.returncode == 0, done.stderr
    checks = json.loads(done.stdout)["checks"]
    instances = {check["problem"] for check in checks}
    assert len(instances) == 21 * 9 and all(check["passed"] for check in checks)  # (N, c) pairs x t_fwd x t_mem
    assert "hw3/5b (N = 24, c = 12, t_fwd = 30 ns, t_mem = 15 ns)" in instances
    both = derive(tmp_path, "verify", "hw3/5b", "--all-variants", "--variant", "bob")
    assert both.returncode == 2 and "not both" in both.stderr
