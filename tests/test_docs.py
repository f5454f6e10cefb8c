"""The documentation cannot rot: docstring examples run, the front door documents itself, the docs match the tables."""
from __future__ import annotations

import doctest
import importlib
import inspect
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def modules_with_examples() -> list[str]:
    """Dotted names of the engine and grader modules whose docstrings hold ``>>>`` examples."""
    names = []
    for package in ("derive", "graders"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>>" in path.read_text():
                parts = path.relative_to(ROOT).with_suffix("").parts
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.parametrize("name", modules_with_examples())
def test_docstring_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0, f"{result.failed} of {result.attempted} examples failed"


def test_the_front_door_is_small_and_every_function_on_it_has_an_example():
    import graders

    assert {"compare", "grade", "Verdict"} <= set(graders.__all__) and len(graders.__all__) <= 10
    for name in graders.__all__:
        item = getattr(graders, name)
        assert inspect.getdoc(item), name
        if inspect.isfunction(item):
            assert ">>>" in inspect.getdoc(item) and "Args:" in inspect.getdoc(item), name


def test_the_front_door_compares_as_documented():
    from graders import compare

    assert compare(r"\frac{1}{2}", "0.5").status == "correct"
    with pytest.raises(TypeError, match="unknown option"):
        compare("1", "1", tolerance=3)


def test_every_registered_mode_is_documented():
    from graders.modes.registry import MODES

    text = (ROOT / "docs" / "modes.md").read_text()
    missing = [name for name in MODES if f"| `{name}` |" not in text]
    assert not missing, missing


def test_every_transcript_format_is_documented():
    from graders.transcripts.formats import TRANSCRIPT_FORMATS

    text = (ROOT / "docs" / "transcripts.md").read_text()
    assert all(f"| `{name}` |" in text for name in TRANSCRIPT_FORMATS)


def test_the_docs_link_to_documents_that_exist():
    import re

    for path in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([\w.-]+\.md)\)", path.read_text()):
            assert (ROOT / "docs" / target).is_file(), f"{path.name} links to a missing {target}"
