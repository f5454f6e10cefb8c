"""Problem sets found in entry points, DERIVE_BANK folders and --bank folders, with any part ids they declare."""
from __future__ import annotations

import dataclasses
import os
import re
import sys

import pytest

from bank import COURSE_TRANSCRIPT, write_course_set
from derive.bank import Bank, BankError, FoundSet, PartEntry, ProblemSet, discover, entry_point_sets, folder_sets
from derive.bank.errors import AuthoringError
from derive.bank import cache
from graders.transcripts.part_names import canonical_part, mentioned_part, mentioned_parts
from graders.transcripts.segment import segment

NO_ENTRY_POINTS = {"DERIVE_NO_ENTRY_POINTS": "1"}


@pytest.fixture
def course(tmp_path):
    return write_course_set(tmp_path / "sets" / "course")


def test_a_set_package_is_loaded_under_a_private_name_with_its_origin(course):
    [found] = folder_sets(course, "--bank")
    assert found.problem_set.name == "course" and list(found.problem_set.parts) == ["q10", "2(iii)"]
    assert found.origin == f"--bank {course.resolve()}" and found.source == course.resolve()
    module = sys.modules[found.problem_set.parts["q10"].build.spec.fill.__module__]
    assert module.__name__.startswith("_derive_bank_") and module.__name__.endswith(".parts")  # relative import
    assert "course" not in sys.modules


def test_a_folder_of_sets_on_derive_bank_and_bank_dirs(tmp_path):
    write_course_set(tmp_path / "first" / "course")
    write_course_set(tmp_path / "second" / "course2", name="course2")
    (tmp_path / "first" / "__pycache__").mkdir()  # not a package: skipped
    environ = {**NO_ENTRY_POINTS, "DERIVE_BANK": str(tmp_path / "first") + os.pathsep}
    bank = discover([tmp_path / "second"], environ)
    assert bank.names() == ["course", "course2"]
    assert bank.origin("course") == f"DERIVE_BANK {(tmp_path / 'first' / 'course').resolve()}"
    assert bank.origin("course2").startswith("--bank ")


def test_parts_titles_and_targets(course):
    bank = discover([course], NO_ENTRY_POINTS)
    assert bank.part_ids() == ["course/q10", "course/2(iii)"]
    assert bank.title("course/2(iii)") == "Second moment of a sum of Gaussians"
    assert bank.resolve(("course",)) == bank.resolve(("course/q10", "course/2(iii)/")) == bank.part_ids()
    with pytest.raises(BankError, match="unknown problem 'course/1a'"):
        bank.resolve(("course/1a",))


def test_built_parts_carry_checked_derivations_and_both_kinds_of_slot(course):
    bank = discover([course], NO_ENTRY_POINTS)
    for part_id, numeric in [("course/q10", 55), ("course/2(iii)", 4)]:
        part = bank.build_part(part_id)
        assert part.id == part_id
        assert all(step.check.equal for derivation in part.derivations for step in derivation.steps[1:])
        assert {slot.mode for slot in part.slots} == {"exact", "numeric"}
        assert part.slot("value").reference == numeric


def test_installed_entry_points_and_the_opt_out():
    assert "hw3" in Bank(entry_point_sets()).names()
    assert discover(environ={}).origin("hw3") == "entry point problems.hw3:PROBLEM_SET"
    assert discover(environ=NO_ENTRY_POINTS).names() == []


@pytest.mark.parametrize("target, message", [
    ("nowhere_to_be_found:PROBLEM_SET", "could not be loaded (ModuleNotFoundError"),
    ("os:sep", "gives a str, not a ProblemSet"),
])
def test_a_broken_entry_point_is_reported_and_can_be_skipped(tmp_path, monkeypatch, target, message):
    info = tmp_path / "brokenpkg-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: brokenpkg\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[derive.problem_sets]\nbroken = {target}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(BankError, match=re.escape(f"entry point {target}") + ".*" + re.escape(message)):
        discover(environ={})
    assert discover(environ=NO_ENTRY_POINTS).names() == []


def test_a_derive_bank_entry_that_is_not_a_folder(tmp_path):
    with pytest.raises(BankError, match="DERIVE_BANK names .*missing, which is not a folder"):
        discover(environ={**NO_ENTRY_POINTS, "DERIVE_BANK": str(tmp_path / "missing")})


def test_a_users_hw3_folder_never_shadows_the_installed_one(tmp_path):
    write_course_set(tmp_path / "hw3", name="mine")
    bank = discover([tmp_path / "hw3"], {})
    assert {"hw3", "mine"} <= set(bank.names())
    import problems.hw3

    assert problems.hw3.PROBLEM_SET.name == "hw3" and bank.problem_set("hw3") is problems.hw3.PROBLEM_SET


def test_two_sets_with_one_name_are_an_error_naming_both_origins(tmp_path):
    first = write_course_set(tmp_path / "a" / "course")
    second = write_course_set(tmp_path / "b" / "course")
    with pytest.raises(BankError) as error:
        discover([second], {**NO_ENTRY_POINTS, "DERIVE_BANK": str(first)})
    message = str(error.value)
    assert f"DERIVE_BANK {first.resolve()}" in message and f"--bank {second.resolve()}" in message
    assert discover([first, first], NO_ENTRY_POINTS).names() == ["course"]  # one folder named twice is one set


@pytest.mark.parametrize("init, message", [
    (None, "it has no __init__.py"),
    ('"""Nothing here."""\n', "its __init__.py defines no PROBLEM_SET"),
    ("PROBLEM_SET = 3\n", "gives a int, not a ProblemSet"),
    ("raise RuntimeError('broken set')\n", "could not be loaded (RuntimeError: broken set)"),
])
def test_a_folder_that_is_not_a_set_is_one_clear_sentence(tmp_path, init, message):
    folder = tmp_path / "notes"
    folder.mkdir()
    if init is not None:
        (folder / "__init__.py").write_text(init)
    with pytest.raises(BankError, match=message.replace("(", r"\(").replace(")", r"\)")) as error:
        discover([folder], NO_ENTRY_POINTS)
    assert str(error.value).count(". ") == 0 and str(error.value).endswith(".")


def test_a_part_must_build_under_its_own_id(tmp_path):
    # a set written without @part, straight from PartEntry and Part, may get its ids wrong
    built = discover([write_course_set(tmp_path / "course")], NO_ENTRY_POINTS).build_part("course/q10")
    renamed = PartEntry("Sum", lambda: dataclasses.replace(built, id="q10"))
    bank = Bank([FoundSet(ProblemSet("other", "Other", {"q10": renamed}), "a test")])
    with pytest.raises(AuthoringError, match="in part other/q10: builds a Part whose id is 'q10'"):
        bank.build_part("other/q10")


def test_the_cache_sees_an_external_set_change(tmp_path):
    folder = write_course_set(tmp_path / "course")
    before = cache._set_fingerprint(folder)
    assert before != cache._fingerprint()
    (folder / "parts.py").write_text((folder / "parts.py").read_text().replace("n = 10", "n = ten"))
    assert cache._set_fingerprint(folder) != before
    hw3 = discover(environ={}).found("hw3").source
    assert cache._set_fingerprint(hw3) == cache._fingerprint()  # the bundled sets are part of the shared sources


def test_the_cache_file_is_named_by_set(tmp_path, monkeypatch, course):
    monkeypatch.setenv("DERIVE_CACHE", str(tmp_path / "cache"))
    bank = discover([course], NO_ENTRY_POINTS)
    parts = bank.built_parts("course")
    assert list(parts) == ["q10", "2(iii)"] and parts["q10"].slot("value").reference == 55
    [stored] = (tmp_path / "cache").glob("*.pickle")
    assert stored.name.startswith("course-")


@pytest.mark.parametrize("text, key", [
    ("Q10", "q10"), ("q 10", "q10"), ("Question 10", "q10"), ("**Q10.**", "q10"),
    ("2(iii)", "2(iii)"), ("2 (iii)", "2(iii)"), ("Problem 2 (iii)", "2(iii)"), ("2) (iii)", "2(iii)"),
    ("2(III)", "2(iii)"), ("3.1b", "3.1b"), ("3.1(b)", "3.1b"), ("Question 3.1 part b", "3.1b"),
    ("the answer is 10", None), ("Q100", None), ("2(ii)", None), ("13.1b", None), ("3.1", None),
])
def test_mentions_of_declared_keys(text, key):
    assert mentioned_part(text, ["q10", "2(iii)", "3.1b"]) == key


def test_canonical_part_names():
    assert {canonical_part(name) for name in ("1b", "1(b)", "Q1(b)", "1) (b)", "Question 1 part b")} == {"1b"}
    assert canonical_part("2(iii)") == canonical_part("Problem 2 (iii)") == "2iii"
    assert canonical_part("3.1(b)") == "3.1b" and canonical_part("q10") == "10"


def test_segmentation_finds_attempts_at_q10_and_2iii():
    result = segment(COURSE_TRANSCRIPT, ["q10", "2(iii)"])
    assert [(turn.part, turn.attempt) for turn in result.turns] == [("q10", 1), ("2(iii)", 1)]
    assert "55" in result.attempts("q10")[0].text and "d = 4" in result.attempts("2(iii)")[0].text


def test_a_sub_part_heading_after_its_question():
    text = "Go.\n\nSure — **Problem 2**\n\n### (ii)\n\n$x = 1$\n\n### (iii)\n\n$x = 2$\n"
    assert [turn.part for turn in segment(text, ["2(ii)", "2(iii)"]).turns] == ["2(ii)", "2(iii)"]


def test_the_set_of_a_transcript_is_inferred(tmp_path, monkeypatch):
    monkeypatch.setenv("DERIVE_CACHE", str(tmp_path / "cache"))
    course = write_course_set(tmp_path / "course")
    bank = discover([course], {})
    assert bank.identify(COURSE_TRANSCRIPT, mentioned_parts) == "course"
    assert bank.identify("Great — **Question 1(a)**: the expected squared RMS norm of a dense layer is d_1.\n"
                         "Now 4b, the gradient as an expectation over a standard normal.", mentioned_parts) == "hw3"
    with pytest.raises(BankError, match="no known problem set matches"):
        bank.identify("Hello there.", mentioned_parts)
    assert discover([course], NO_ENTRY_POINTS).identify("Hello there.", mentioned_parts) == "course"


def test_an_ambiguous_transcript_asks_for_the_set(tmp_path, monkeypatch):
    monkeypatch.setenv("DERIVE_CACHE", str(tmp_path / "cache"))
    write_course_set(tmp_path / "sets" / "course")
    write_course_set(tmp_path / "sets" / "course2", name="course2")
    bank = discover([tmp_path / "sets"], NO_ENTRY_POINTS)
    with pytest.raises(BankError, match="'course' or 'course2'; name one with --problems"):
        bank.identify(COURSE_TRANSCRIPT, mentioned_parts)
