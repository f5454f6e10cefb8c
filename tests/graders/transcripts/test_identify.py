"""Which part a user's turn asks about: named, a sub-part alone, "next", or matched by its wording."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bank import problem_bank
from graders.transcripts.identify import identify, profile


@pytest.fixture(scope="module")
def profiles() -> dict:
    parts = problem_bank().built_parts("hw3")
    return {key: profile(key, part.title, part.statement, [slot.description for slot in part.slots],
                         [cue for slot in part.slots for cue in slot.cues]) for key, part in parts.items()}


@pytest.mark.parametrize("prompt, previous, part, confidence", [
    ("Can you do problem 1 part a?", None, "1a", "sure"),
    ("Q4(c) please", "4b", "4c", "sure"),
    ("ok now part b", "1a", "1b", "sure"),
    ("(c)", "4b", "4c", "sure"),
    ("great, let's move on to the next one", "5a", "5b", "likely"),
    ("next question is on tensor rematerialization", "4e", "5a", "likely"),
    ("what about the loadmem count?", "5a", "5b", "likely"),
    ("and the break-even disk time?", "5b", "5c", "likely"),
    ("what's on the x axis of those plots?", None, "3a", "likely"),
    ("wait, that's not right, you dropped the cross terms", "1b", "1b", "likely"),
    ("hmm are you sure?", "4d", "4d", "likely"),
])
def test_the_part_a_prompt_asks_about(profiles, prompt, previous, part, confidence):
    found = identify(prompt, previous, profiles)
    assert (found.part, found.confidence) == (part, confidence), found
    assert found.found_by


def test_a_pasted_statement_finds_its_part(profiles):
    statement = problem_bank().built_parts("hw3")["1b"].statement
    assert identify("Here is the next question:\n\n" + statement, "1a", profiles).part == "1b"


def test_a_reference_back_is_not_a_request_for_that_sub_part(profiles):
    prompt = ("You got the variance wrong, and your g should be a function of z and theta. Remember this is for "
              "the special case of parts (b) and (c). Can you determine what g and p(z) are for the special case?")
    assert identify(prompt, "4e", profiles).part == "4e"


def test_a_turn_that_fits_several_parts_equally_is_left_undecided(profiles):
    found = identify("Each use of a stored activation counts, and each fwd takes 20 ns.", "1a", profiles)
    assert found.part is None and found.confidence == "ambiguous" and len(found.candidates) >= 2


def test_with_nothing_named_and_nothing_under_way_no_part_is_guessed(profiles):
    assert identify("hi! can you help me with my homework?", None, profiles).part is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_known_part_or_none(text):
    parts = problem_bank().built_parts("hw3")
    found_profiles = {key: profile(key, part.title, part.statement, [], []) for key, part in parts.items()}
    found = identify(text, "1a", found_profiles)
    assert found.part is None or found.part in parts
    assert found.confidence in ("sure", "likely", "ambiguous", "none")
