"""Convert the LaTeX parsing tests of latex2sympy2_extended into data: latex2sympy2_extended.jsonl.

Usage: python benchmarks/suites/convert_latex2sympy2.py GIT_DIR [OUT]

GIT_DIR is a (bare) clone of huggingface/latex2sympy2_extended; the test files are read from its HEAD
with ``git show``, so the commit in every row is the commit read. The tests build their cases in loops,
format strings and pytest parametrizations, so each test module is run, with stand-ins for the
library, for pytest and for ``tests.context.assert_equal``: every call that would parse a string
records a row instead (a row under ``pytest.raises`` is a string the library refuses). The expected
expressions are SymPy objects built by the test's own code; only their ``srepr`` is kept. The
library's code is not run and not copied; its tests are MIT-licensed and each row names its source.

Left out, and counted: calls of the normalisation API (``normalize_latex``), which test the library's
text clean-up rather than parsing; cases that pass ``variables`` (a configuration our reader does not
have); repeats of an earlier row of the same file. Cases commented out in the test source are never run,
so never converted.
"""
from __future__ import annotations

import ast
import contextlib
import itertools
import json
import pathlib
import subprocess
import sys
import types
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import sympy as sp

REPOSITORY = "huggingface/latex2sympy2_extended"
OUT = pathlib.Path(__file__).resolve().parent / "latex2sympy2_extended.jsonl"
HELPERS = "tests/context.py"
NEEDS_CONFIGURATION = "passes configuration our reader does not have (variables, options)"
NORMALISATION = "tests the normalisation API, not parsing"
REPEAT = "repeats an earlier row of the same file"


@dataclass
class Case:
    """One recorded call: a string, what it should read as (or that it is refused), where it was made."""

    file: str
    line: int
    latex: str
    expected: Any = None  # a SymPy object, when the test gives one
    same_reading_as: str | None = None  # when the test compares with the library's reading of another string
    parses: bool = True
    skipped: str | None = None  # why the case is left out, or None


class Recorder:
    """Stand-ins for the library's entry points that record each call as a Case."""

    def __init__(self) -> None:
        """Start with no cases, outside every ``pytest.raises``."""
        self.cases: list[Case] = []
        self.file = ""
        self.written: dict[str, int] = {}  # where each string literal of the current file is first written
        self.refusing = 0

    def _where(self, latex: str) -> int:
        """The line where ``latex`` is written in the test file, else the line of the call that built it."""
        if latex in self.written:
            return self.written[latex]
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename != self.file:
            frame = frame.f_back
        return frame.f_lineno if frame is not None else 0

    def record(self, latex: str, **fields: Any) -> None:
        """Add a case made at the current line of the current file."""
        self.cases.append(Case(self.file, self._where(latex), latex, parses=not self.refusing, **fields))

    def assert_equal(self, latex: str, expr: Any, symbolically: bool = False, variables: dict | None = None) -> None:
        """Stand-in for ``tests.context.assert_equal``: record (latex, expr)."""
        skipped = NEEDS_CONFIGURATION if variables else None
        self.record(latex, expected=None if self.refusing else expr, skipped=skipped)

    def latex2sympy(self, latex: str, *args: Any, **kwargs: Any) -> Any:
        """Stand-in for ``latex2sympy``: refused strings are recorded at once, others when compared."""
        if args or kwargs:
            self.record(latex, skipped=NEEDS_CONFIGURATION)
            return _Anything()
        if self.refusing:
            self.record(latex)
            return _Anything()
        return _Parsed(self, latex)

    def normalize_latex(self, text: str, config: Any = None) -> Any:
        """Stand-in for the normalisation API: counted, not converted."""
        self.record(text, skipped=NORMALISATION)
        return _Anything()

    @contextlib.contextmanager
    def raises(self, *exceptions: Any, **kwargs: Any) -> Iterator[None]:
        """Stand-in for ``pytest.raises``: calls inside it are strings the library refuses."""
        self.refusing += 1
        try:
            yield
        finally:
            self.refusing -= 1


class _Anything:
    """Equal to everything, so that a test's own assertions pass."""

    def __eq__(self, other: object) -> bool:
        """Always equal."""
        return True

    __hash__ = object.__hash__


class _Parsed:
    """The stand-in reading of a string; comparing two of them records the pair."""

    def __init__(self, recorder: Recorder, latex: str) -> None:
        """Remember the string and where to record."""
        self.recorder, self.latex = recorder, latex

    def __eq__(self, other: object) -> bool:
        """Record that this string must read as ``other`` does."""
        if isinstance(other, _Parsed):
            self.recorder.record(self.latex, same_reading_as=other.latex)
        else:
            self.recorder.record(self.latex, expected=other)
        return True

    __hash__ = object.__hash__


def git_show(git_dir: str, path: str) -> str:
    """The text of ``path`` at HEAD of the repository in ``git_dir``."""
    return subprocess.run(["git", "-C", git_dir, "show", f"HEAD:{path}"], check=True, capture_output=True,
                          text=True).stdout


def listed_test_files(git_dir: str) -> list[str]:
    """The test modules of the repository, in name order."""
    names = subprocess.run(["git", "-C", git_dir, "ls-tree", "-r", "--name-only", "HEAD", "tests"], check=True,
                           capture_output=True, text=True).stdout.split()
    return sorted(name for name in names if name.endswith("_test.py"))


def stand_in_modules(recorder: Recorder, git_dir: str) -> dict[str, types.ModuleType]:
    """Modules the tests import, with the library, pytest and ``assert_equal`` replaced by the recorder."""
    library = types.ModuleType("latex2sympy2_extended")
    library.latex2sympy = recorder.latex2sympy
    inner = types.ModuleType("latex2sympy2_extended.latex2sympy2")
    inner.latex2sympy = recorder.latex2sympy
    normalization = types.ModuleType("latex2sympy2_extended.math_normalization")
    normalization.normalize_latex = recorder.normalize_latex
    normalization.NormalizationConfig = lambda **options: options
    pytest = types.ModuleType("pytest")
    pytest.raises = recorder.raises
    pytest.mark = types.SimpleNamespace(parametrize=_parametrize)
    modules = {"latex2sympy2_extended": library, "latex2sympy2_extended.latex2sympy2": inner,
               "latex2sympy2_extended.math_normalization": normalization, "pytest": pytest,
               "tests": types.ModuleType("tests")}
    context = types.ModuleType("tests.context")
    with _modules(modules):  # the helpers (_Add, get_simple_examples, ...) are the tests' own code
        exec(compile(git_show(git_dir, HELPERS), HELPERS, "exec"), context.__dict__)
    context.assert_equal = recorder.assert_equal
    modules["tests.context"] = context
    return modules


def _parametrize(argnames: str, argvalues: list) -> Callable:
    """Stand-in for ``pytest.mark.parametrize``: keep the parameters on the function."""
    def mark(function: Callable) -> Callable:
        """Attach one parametrization."""
        function.parameters = [*getattr(function, "parameters", []), (argnames, list(argvalues))]
        return function
    return mark


@contextlib.contextmanager
def _modules(modules: dict[str, types.ModuleType]) -> Iterator[None]:
    """Put ``modules`` in ``sys.modules`` for the duration, restoring what was there."""
    saved = {name: sys.modules.get(name) for name in modules}
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


def _calls(parameters: list[tuple[str, list]]) -> Iterator[dict[str, Any]]:
    """Every combination of the parametrizations, as keyword arguments."""
    grids = []
    for argnames, argvalues in parameters:
        names = [name.strip() for name in argnames.split(",")]
        grids.append([dict(zip(names, value if len(names) > 1 else (value,))) for value in argvalues])
    for combination in itertools.product(*grids):
        yield {key: value for part in combination for key, value in part.items()}


class _Metafunc:
    """Stand-in for pytest's metafunc, for modules that parametrize in ``pytest_generate_tests``."""

    def __init__(self, cls: type) -> None:
        """Collect parametrizations for the tests of ``cls``."""
        self.cls, self.parameters = cls, []

    def parametrize(self, argnames: str, argvalues: list) -> None:
        """Keep one parametrization."""
        self.parameters.append((argnames, list(argvalues)))


def run_module(recorder: Recorder, git_dir: str, path: str, modules: dict[str, types.ModuleType]) -> None:
    """Run every test of the module at ``path``, recording the cases it makes."""
    namespace: dict[str, Any] = {"__name__": path}
    source = git_show(git_dir, path)
    recorder.file = path
    recorder.written = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            recorder.written[node.value] = min(node.lineno, recorder.written.get(node.value, node.lineno))
    with _modules(modules):
        exec(compile(source, path, "exec"), namespace)
        for name, item in list(namespace.items()):
            if name.startswith("test_") and callable(item):
                for kwargs in _calls(getattr(item, "parameters", [])):
                    item(**kwargs)
            elif name.startswith("Test") and isinstance(item, type):
                metafunc = _Metafunc(item)
                namespace["pytest_generate_tests"](metafunc)
                for method in (m for m in vars(item) if m.startswith("test_")):
                    for kwargs in _calls(metafunc.parameters):
                        getattr(item(), method)(**kwargs)


def as_sympy(value: Any) -> sp.Basic:
    """A test's expected value as a SymPy object (matrices immutable, numbers and booleans sympified)."""
    if isinstance(value, sp.MatrixBase):
        return sp.ImmutableMatrix(value)
    return value if isinstance(value, sp.Basic) else sp.sympify(value)


def rows(cases: list[Case], commit: str) -> tuple[list[dict], Counter, Counter]:
    """The JSON rows of the kept cases, with counts of the cases left out and of rows per file."""
    out, seen, left_out, per_file = [], set(), Counter(), Counter()
    numbers = Counter()
    for case in cases:
        if case.skipped:
            left_out[case.skipped] += 1
            continue
        expected = as_sympy(case.expected) if case.parses and case.same_reading_as is None else None
        srepr = None if expected is None else sp.srepr(expected)
        key = (case.file, case.latex, srepr, case.same_reading_as, case.parses)
        if key in seen:
            left_out[REPEAT] += 1
            continue
        seen.add(key)
        kind = "good" if case.parses else "bad"
        numbers[kind] += 1
        per_file[(case.file, kind)] += 1
        out.append({"id": f"l2s2-{kind}-{numbers[kind]:03d}", "file": case.file, "line": case.line,
                    "source": f"{REPOSITORY}, {case.file}", "commit": commit, "latex": case.latex,
                    "expected_latex": None if expected is None else sp.latex(expected),
                    "expected_srepr": srepr, "same_reading_as": case.same_reading_as, "parses": case.parses})
    return out, left_out, per_file


def main(argv: list[str]) -> None:
    """Read the tests from the clone named in ``argv``, write the JSON Lines file, print a summary."""
    git_dir = argv[1]
    out_path = pathlib.Path(argv[2]) if len(argv) > 2 else OUT
    commit = subprocess.run(["git", "-C", git_dir, "rev-parse", "HEAD"], check=True, capture_output=True,
                            text=True).stdout.strip()
    recorder = Recorder()
    modules = stand_in_modules(recorder, git_dir)
    files = listed_test_files(git_dir)
    for path in files:
        run_module(recorder, git_dir, path, modules)
    converted, left_out, per_file = rows(recorder.cases, commit)
    out_path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in converted))
    print(f"{REPOSITORY} at {commit}: {len(recorder.cases)} cases recorded, {len(converted)} rows written "
          f"to {out_path.name}")
    for file in files:
        print(f"  {file}: {per_file[(file, 'good')]} good, {per_file[(file, 'bad')]} bad")
    kinds = Counter(row["parses"] for row in converted)
    print(f"  total: {kinds[True]} good, {kinds[False]} bad")
    for reason in (NEEDS_CONFIGURATION, NORMALISATION, REPEAT):
        print(f"  left out, {reason}: {left_out[reason]}")


if __name__ == "__main__":
    main(sys.argv)
