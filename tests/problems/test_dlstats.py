"""dlstats: written through the public authoring API only; every reference derived, checked and confirmed."""
from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest
import sympy as sp

import derive
from bank import part, problem_bank
from derive.bank.variants import Variants

SET = pathlib.Path(__file__).resolve().parents[2] / "problems" / "dlstats"
PARTS = ["dlstats/attention", "dlstats/he_init", "dlstats/dropout", "dlstats/adam", "dlstats/softmax",
         "dlstats/sample_mean"]
ALLOWED_MODULES = {"sympy", "__future__", "itertools", "math", "fractions"}


def test_part_modules_import_only_the_public_authoring_api():
    for path in sorted(SET.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                assert all(alias.name.split(".")[0] in ALLOWED_MODULES for alias in node.names), path.name
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # the set's own modules, from its __init__
                    assert path.name == "__init__.py", path.name
                    continue
                if node.module == "derive":
                    unknown = [alias.name for alias in node.names if alias.name not in derive.__all__]
                    assert not unknown, (path.name, unknown)
                else:
                    assert node.module in ALLOWED_MODULES, (path.name, node.module)


def test_the_set_lists_its_parts_in_order():
    assert [pid for pid in problem_bank().part_ids() if pid.startswith("dlstats/")] == PARTS


@pytest.mark.parametrize("part_id", PARTS)
def test_every_step_is_checked_and_every_reference_is_a_derivation_result(part_id):
    built = part(part_id)
    results = {d.title: d.result for d in built.derivations}
    for derivation in built.derivations:
        for step in derivation.steps[1:]:
            assert step.check is not None and step.check.equal, (derivation.title, step.rule)
    for slot in built.slots:
        assert results[slot.derivation] == slot.reference, slot.name


def test_closed_forms():
    def reference(part_id, slot):
        return part(part_id).slot(slot).reference

    assert reference("dlstats/attention", "mean") == 0
    assert reference("dlstats/attention", "variance") == 64 and reference("dlstats/attention", "scale") == sp.Rational(1, 8)
    assert sp.simplify(reference("dlstats/he_init", "relu_mean") - 1 / sp.sqrt(2 * sp.pi)) == 0
    assert reference("dlstats/he_init", "relu_second") == sp.Rational(1, 2)
    assert reference("dlstats/he_init", "weight_variance") == sp.Rational(2, 256)
    assert reference("dlstats/sample_mean", "value") == sp.Rational(21, 40000)
    adam = reference("dlstats/adam", "variance")
    assert str(adam) == "s**2*(1 - beta)*(1 - beta**(2*t))/(beta + 1)"


@pytest.mark.parametrize("part_id", ["dlstats/attention", "dlstats/he_init", "dlstats/sample_mean"])
def test_parts_one_two_and_six_give_students_their_own_numbers(part_id):
    bank = problem_bank()
    assert isinstance(bank.variants(part_id), Variants)
    keys = ("ada@example.edu", "bob@example.edu", "cy@example.edu", "dee@example.edu", "eve@example.edu")
    instances = {key: bank.build_part(part_id, variant=key) for key in keys}
    values = {tuple(sorted(built.variant.values.items())) for built in instances.values()}
    assert len(values) > 1
    for built in instances.values():  # each student's references are derived at their own values
        for derivation in built.derivations:
            assert all(step.check.equal for step in derivation.steps[1:])


def _derive(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], capture_output=True, text=True, timeout=600)


def test_solve_and_verify_pass_through_the_command_line():
    solved = _derive("solve", "dlstats")
    assert solved.returncode == 0, solved.stderr
    assert "p_j - y_j" in solved.stdout.replace("·", "") or "p_j - y_j" in solved.stdout
    verified = _derive("verify", "dlstats")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert " 0 failed" in verified.stdout and "finite-differences" not in verified.stderr
    for method in ("FAIL",):
        assert method not in verified.stdout
