"""Every stage that reads a transcript before the workers grows linearly with its text: runs of each delimiter and
pattern the readers know, a quarter megabyte and a megabyte long, take about four times as long, not sixteen.

Only ratios of sizes are compared, never absolute times; the better of two runs is taken against noise.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bank import problem_bank
from graders.transcripts.answer_units import units
from graders.transcripts.answers import choose_answers
from graders.transcripts.claims import split_claims
from graders.transcripts.load import read_transcript_text
from graders.transcripts.part_names import refers_elsewhere
from graders.transcripts.segment import segment

RUNS = ["\\(", "\\[", "$", "$$", "\\]", "**", "|", "`", "#", "⟦", "{", "(", "_", "^", "\\frac{", "a, ", ". ",
        "\\begin{", "User: ", "\n"]
SMALL, LARGE = 250_000, 1_000_000


@pytest.fixture(scope="module")
def parts() -> dict:
    return problem_bank().built_parts("hw3")


def _read_before_grading(text: str, parts: dict) -> None:
    """What ``derive check`` does to a transcript before any answer reaches a worker."""
    loaded = read_transcript_text(text.encode("utf-8"))
    found = segment(loaded.text, list(parts), [(turn.speaker, turn.text) for turn in loaded.labelled_turns])
    for turn in found.turns:
        own = [unit for unit in split_claims(units(turn)) if not refers_elsewhere(unit.text, turn.part, list(parts))]
        choose_answers(parts[turn.part].slots, own)


def _seconds(run: str, size: int, parts: dict) -> float:
    text = "User: do 1a\n\nAssistant:\nSure — here is 1a.\n\n" + run * (size // len(run)) + "\n"
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        _read_before_grading(text, parts)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("run", RUNS)
def test_a_megabyte_run_costs_four_times_a_quarter_megabyte(run, parts):
    small, large = _seconds(run, SMALL, parts), _seconds(run, LARGE, parts)
    # linear is 4; anything that rescans per position (quadratic) is 16 or more
    assert large / max(small, 1e-3) < 8, f"{run!r}: {small:.2f} s then {large:.2f} s"


def test_an_unclosed_run_of_openers_finds_no_formula():
    from graders.transcripts.math_spans import MATH, PATTERN

    for opener in ("\\(", "\\[", "$$"):
        text = opener * 3000
        assert [m.span() for m in MATH.finditer(text)] == [m.span() for m in PATTERN.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["$", "$$", "\\", "\\[", "\\]", "\\(", "\\)", "a", " ", "\n", "\\$", "x^2"]),
                max_size=40).map("".join))
def test_the_one_pass_scan_finds_what_the_pattern_finds(text):
    from graders.transcripts.math_spans import MATH, PATTERN

    assert [(m.span(), m.groups()) for m in MATH.finditer(text)] == \
        [(m.span(), m.groups()) for m in PATTERN.finditer(text)]
