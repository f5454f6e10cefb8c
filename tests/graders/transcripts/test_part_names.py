"""Part names as a set declares them and as people write them, on generated ids and spellings."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graders.transcripts.part_names import canonical_part, mentioned_part
from graders.transcripts.segment import segment

numbers = st.integers(min_value=1, max_value=40).map(str)
sub_parts = st.sampled_from(["a", "b", "c", "d", "e", "i", "ii", "iii", "iv", "v"])
labels = st.sampled_from(["Question ", "Problem ", "Q", "Q ", "question ", "Exercise "])


def styled(number: str, sub: str, style: int) -> str:
    """One part key in one of a set's house styles."""
    return [f"{number}{sub}", f"{number}({sub})", f"q{number}{sub}", f"{number}.{sub}"][style]


@st.composite
def declared_and_written(draw):
    """A part key in one house style, a sibling key of the same question, and the part as a person writes it."""
    number, sub = draw(numbers), draw(sub_parts)
    sibling = draw(sub_parts.filter(lambda other: other != sub))
    style = draw(st.integers(min_value=0, max_value=3))
    label = draw(labels)
    written = draw(st.sampled_from([f"{label}{number}({sub})", f"{label}{number} ({sub})", f"{label}{number}{sub}",
                                    f"{label}{number}, part {sub}", f"{label}{number} part ({sub})",
                                    f"{number}({sub})", f"{number}) ({sub})"]))
    return styled(number, sub, style), styled(number, sibling, style), written


@settings(max_examples=200, deadline=None)
@given(declared_and_written())
def test_a_part_is_found_however_it_is_written(case):
    key, sibling, written = case
    assert mentioned_part(f"Now let's do {written}, please.", [sibling, key]) == key


@settings(max_examples=100, deadline=None)
@given(numbers, sub_parts, labels)
def test_a_whole_question_key_needs_its_label(number, sub, label):
    key = f"q{number}"
    assert mentioned_part(f"Let's do {label}{number} now.", [key]) == key
    assert mentioned_part(f"The answer is {number} units.", [key]) is None  # a bare number is a number


@settings(max_examples=60, deadline=None)
@given(numbers, sub_parts)
def test_spellings_of_one_part_share_a_canonical_form(number, sub):
    forms = {canonical_part(s) for s in (f"{number}{sub}", f"{number}({sub})", f"Q{number}({sub})",
                                         f"Question {number} part {sub}", f"{number}) ({sub})")}
    assert len(forms) == 1


def test_attempts_are_counted_per_declared_part():
    text = ("Please do Q10.\n\nGreat — **Q10**: the sum is $55$.\n\nLet me know.\n\nNot quite, redo Q10.\n\n"
            "You're right — **Q10**: the sum is $55$.\n\nLet me know.\n\nNow 2 (iii).\n\n"
            "Sure — **Problem 2 (iii)**: it is $d$.\n\nLet me know.\n")
    turns = segment(text, ["q10", "2(iii)"]).turns
    assert [(turn.part, turn.attempt) for turn in turns] == [("q10", 1), ("q10", 2), ("2(iii)", 1)]
