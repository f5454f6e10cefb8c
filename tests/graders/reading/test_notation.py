"""The readers share one notation table, one family of errors, one table of readers, and import no circle."""
from __future__ import annotations

import ast
import importlib
import inspect
import pathlib

import pytest
import sympy as sp

from graders.reading import notation
from graders.reading.answer import read_answer
from graders.reading.errors import ReadError, TooLargeError
from graders.reading.formulas import FORMULA_READERS, Reader
from graders.reading.readers import READERS

ROOT = pathlib.Path(__file__).resolve().parents[3]
GRADERS = ROOT / "graders"
READING = GRADERS / "reading"
NOTATION = "graders/reading/notation.py"

# Each shared table, under the names a copy of it would take.
SHARED_TABLES = ("SUBSCRIPTS", "SUPERSCRIPTS", "IMPLIES", "FUNCTION_LETTERS", "GREEK", "GREEK_NAMES",
                 "GREEK_COMMANDS", "MINUS_SIGNS", "TIMES_SIGNS", "DIVISION_SIGNS", "PRIMES")
# Copies allowed outside the notation module: none.
KNOWN_COPIES: set[tuple[str, str]] = set()


def relative(path: pathlib.Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def module_name(path: pathlib.Path, root: pathlib.Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def parsed(folder: pathlib.Path) -> dict[pathlib.Path, ast.Module]:
    return {path: ast.parse(path.read_text()) for path in sorted(folder.rglob("*.py"))}


def table_definitions(trees: dict[pathlib.Path, ast.Module]) -> dict[str, list[str]]:
    """Where each shared table is assigned, by its name without a leading underscore."""
    found: dict[str, list[str]] = {name: [] for name in SHARED_TABLES}
    for path, tree in trees.items():
        for node in ast.walk(tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and name.id.lstrip("_") in found:
                        found[name.id.lstrip("_")].append(relative(path))
    return found


# -- one notation table -------------------------------------------------------------------------------

def test_each_shared_table_is_defined_once_in_the_notation_module():
    found = table_definitions(parsed(GRADERS))
    for table, places in found.items():
        places = [place for place in places if (place, table) not in KNOWN_COPIES]
        assert places == [NOTATION], f"{table} is defined in {places}"


def test_the_table_scan_finds_a_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text('_SUBSCRIPTS = str.maketrans("₀₁", "01")\nGREEK: dict = {}\n')
    found = table_definitions({copy: ast.parse(copy.read_text())})
    assert len(found["SUBSCRIPTS"]) == 1 and len(found["GREEK"]) == 1


def literal_copies(trees: dict[pathlib.Path, ast.Module]) -> list[str]:
    """String literals outside the notation module that spell out a table under some other name."""
    alphabets = {"subscripts": (set(notation.SUBSCRIPTS), 5), "superscripts": (set(notation.SUPERSCRIPTS), 5),
                 "Greek letters": (set(notation.GREEK), 10)}
    copies = []
    for path, tree in trees.items():
        if relative(path) == NOTATION:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for what, (alphabet, most) in alphabets.items():
                    if len(set(node.value) & alphabet) >= most and (relative(path), what) not in KNOWN_LITERALS:
                        copies.append(f"{relative(path)}:{node.lineno} spells out {what}")
    return copies


KNOWN_LITERALS: set[tuple[str, str]] = set()


def test_no_literal_spells_out_a_table_under_another_name():
    assert literal_copies(parsed(GRADERS)) == []


def test_the_literal_scan_finds_a_copy(tmp_path):
    copy = tmp_path / "copy.py"
    copy.write_text('DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")\n')
    assert len(literal_copies({copy: ast.parse(copy.read_text())})) == 1


def test_narrower_views_are_drawn_from_the_shared_tables():
    assert set(notation.EXPONENT_SUPERSCRIPTS.items()) < set(notation.SUPERSCRIPTS.items())
    assert set(notation.NAME_SUBSCRIPTS.items()) < set(notation.SUBSCRIPTS.items())
    assert "ᵀ" not in notation.EXPONENT_SUPERSCRIPTS and "₊" not in notation.NAME_SUBSCRIPTS
    assert "d₁₂".translate(notation.SUBSCRIPT_TEXT) == "d12"
    assert [notation.IMPLIES.search(text) is not None for text in (r"a \implies b", "a ⇒ b", r"\impliesx")] == \
        [True, True, False]


# -- one error family ----------------------------------------------------------------------------------

def test_there_is_one_class_named_too_large_error():
    places = [relative(path) for path, tree in parsed(GRADERS).items() for node in ast.walk(tree)
              if isinstance(node, ast.ClassDef) and node.name == "TooLargeError"]
    assert places == ["graders/reading/errors.py"]


def reading_modules() -> list[str]:
    return [module_name(path) for path in sorted(READING.rglob("*.py"))]


def test_every_error_of_the_readers_is_a_read_error():
    errors = []
    for name in reading_modules():
        module = importlib.import_module(name)
        errors += [cls for _, cls in inspect.getmembers(module, inspect.isclass)
                   if cls.__module__ == name and issubclass(cls, BaseException)]
    assert len(errors) >= 6
    assert [cls.__qualname__ for cls in errors if not issubclass(cls, ReadError)] == []


def test_too_large_errors_keep_their_flag_and_their_class():
    assert TooLargeError("x").too_large and not ReadError("x").too_large and ReadError("x", True).too_large
    with pytest.raises(ReadError) as caught:
        read_answer("10^(10^10)")
    assert caught.value.too_large


def compares_class_names(tree: ast.Module) -> list[int]:
    """The lines that compare ``type(x).__name__`` with something: telling classes apart by their names."""
    lines = []
    for compare in (node for node in ast.walk(tree) if isinstance(node, ast.Compare)):
        for node in ast.walk(compare):
            if isinstance(node, ast.Attribute) and node.attr == "__name__" and isinstance(node.value, ast.Call) \
                    and isinstance(node.value.func, ast.Name) and node.value.func.id == "type":
                lines.append(node.lineno)
    return lines


def test_no_reader_tells_errors_apart_by_their_class_name():
    assert compares_class_names(ast.parse('if type(error).__name__ == "TooLargeError":\n    pass\n')) == [1]
    for path, tree in parsed(READING).items():
        assert compares_class_names(tree) == [], relative(path)


# -- one table of readers ------------------------------------------------------------------------------------

def test_the_reader_table_lists_every_notation_once():
    names = [reader.name for reader in READERS]
    assert names[:len(FORMULA_READERS)] == [reader.name for reader in FORMULA_READERS]
    assert names == ["latex", "text", "maxima", "expectation", "claims"]
    for reader in READERS:
        assert callable(reader.read) and reader.description and "\n" not in reader.description


def read_roman(text: str, config: object) -> sp.Basic:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    digits = [values[char] for char in text]
    return sp.Integer(sum(-d if d < e else d for d, e in zip(digits, digits[1:] + [0])))


def test_read_answer_consults_the_table(monkeypatch):
    roman = Reader("roman", "Roman numerals", read_roman, recognises=lambda text: set(text) <= set("IVXL"))
    monkeypatch.setattr("graders.reading.formulas.FORMULA_READERS", (*FORMULA_READERS, roman))
    reading = read_answer("XLII")
    assert reading.value == 42 and reading.syntax == "roman"
    assert read_answer("x^2").syntax == "text" and read_answer(r"\frac{1}{2}").syntax == "latex"
