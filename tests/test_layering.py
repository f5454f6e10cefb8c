"""The engine imports neither the problem bank nor the graders; only derive/cli.py wires them."""
from __future__ import annotations

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def imported_modules(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_engine_does_not_import_problems_or_graders():
    for path in (ROOT / "derive").glob("*.py"):
        if path.name == "cli.py":
            continue
        assert not imported_modules(path) & {"problems", "graders"}, path.name


def test_engine_subpackages_and_problem_sets_import_neither_graders_nor_the_bundled_sets():
    for path in (ROOT / "derive").rglob("*.py"):
        if path.name != "cli.py":
            assert not imported_modules(path) & {"problems", "graders"}, path
    for path in (ROOT / "problems").rglob("*.py"):
        assert "graders" not in imported_modules(path), path


def called_names(path: pathlib.Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.id if isinstance(func, ast.Name) else getattr(func, "attr", ""))
    return names


def builtin_calls(path: pathlib.Path) -> set[str]:
    return {node.func.id for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def test_no_string_evaluation_anywhere():
    for folder in ("derive", "problems", "graders"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not builtin_calls(path) & {"eval", "exec", "compile", "__import__"}, path
            assert not called_names(path) & {"parse_expr", "eval_expr"}, path


def test_graders_never_sympify():
    # The engine builds expressions from trusted objects; the graders only ever see untrusted text.
    for path in (ROOT / "graders").rglob("*.py"):
        assert "sympify" not in called_names(path), path


def test_engine_builds_expressions_and_refuses_text():
    import pytest

    from derive.symbols import as_expr

    assert as_expr(3) == 3 and as_expr(0.5) == 0.5
    with pytest.raises(TypeError):
        as_expr("__import__('os')")
