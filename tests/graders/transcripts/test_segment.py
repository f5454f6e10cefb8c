"""Segmenting chat transcripts into model turns, parts and attempts."""
from __future__ import annotations

import pathlib

import pytest

from graders.transcripts.part_names import mentioned_part
from graders.transcripts.segment import paragraphs, segment
from graders.transcripts.answer_units import units

PARTS = ["1a", "1b", "1c", "3a", "3b", "3c", "4a", "4b", "4c", "4d", "4e", "5a", "5b", "5c"]
SAMPLE = pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "transcripts" / "gpt4o_hw3.md"

CHAT = """Please solve question 1a first.

Great — let's begin with **Question 1(a)**.

The answer is $d_1$.

Let me know when you're ready to move on.

Correct first try

Nice, now do 1b

Sure — here is **Question 1(b)**.

$$\\mathbb{E}[z^2] = d_1$$

Let me know if you want more.

Close, but recompute the second moment.

You're right — thanks for catching that!

$$\\mathbb{E}[z^2] = d_1 + \\frac{2}{\\pi} d_1 (d_1 - 1)$$

Let me know when you're ready for Question 1c.
"""


def test_paragraphs_keep_line_numbers():
    found = paragraphs("a\nb\n\n\nc")
    assert [(p.text, p.line) for p in found] == [("a\nb", 1), ("c", 5)]


@pytest.mark.parametrize("text, part", [
    ("Question 1(b)", "1b"), ("### 1(b) Expected", "1b"), ("1) (b)", "1b"), ("4 (e)", "4e"),
    ("let's do 4c", "4c"), ("**Question 4(e)** again", "4e"), ("question 3b?", "3b"), ("part 5(a)", "5a"),
])
def test_part_mentions(text, part):
    assert mentioned_part(text, set(PARTS)) == part


def test_unknown_parts_are_not_mentioned():
    assert mentioned_part("Question 9(z) and 2x", set(PARTS)) is None


def test_reprompts_start_new_attempts_and_remarks_stay_out():
    result = segment(CHAT, PARTS)
    assert [(t.part, t.attempt) for t in result.turns] == [("1a", 1), ("1b", 1), ("1b", 2)]
    second = result.turns[2]
    assert "Close, but recompute" in second.prompt
    assert all("Correct first try" not in t.text for t in result.turns)


def test_a_heading_for_another_part_splits_a_turn():
    text = "Go.\n\nSure — answers below.\n\n## 1(a)\n\n$d_1$\n\n## 1(b)\n\n$2 d_1$\n"
    result = segment(text, PARTS)
    assert [(t.part, t.attempt) for t in result.turns] == [("1a", 1), ("1b", 1)]


def test_reviewer_annotations_are_not_answer_units():
    text = "Go.\n\nGreat — **Question 5(a)**.\n\nNice steps shown,  \nclear to understand,  \n4o got this  \n\n" \
           "20 forward (fwd) operations are invoked.\n"
    turn = segment(text, PARTS).turns[0]
    assert [u.text for u in units(turn) if "4o" in u.text] == []
    assert any("20 forward" in u.text for u in units(turn))


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared transcripts folder is not beside the repository")
def test_sample_transcript_parts_and_attempts():
    result = segment(SAMPLE.read_text(encoding="utf-8"), PARTS)
    counts = {}
    for turn in result.turns:
        counts[turn.part] = turn.attempt
    assert counts == {"1a": 1, "1b": 3, "1c": 1, "3a": 2, "3b": 2, "3c": 1, "4a": 1, "4b": 1, "4c": 1, "4d": 1,
                      "4e": 4, "5a": 1, "5b": 1, "5c": 1}
    fourth = result.attempts("4e")[3]
    assert "You had the right answer" in fourth.prompt  # a person's re-prompt with math is not the model's
    assert all("You had the right answer" not in u.text for t in result.turns for u in units(t))


def test_a_reply_without_an_offer_still_ends_at_a_reprompt():
    text = ("Do 4b.\n\nSure — **Question 4(b)**.\n\n$$E_z[f(\\mu+\\sigma z) z]$$\n\nHope this helps!\n\n"
            "Not quite, the scale is missing. Redo 4b.\n\nYou're right — corrected:\n\n"
            "$$E_z[f(\\mu+\\sigma z) z/\\sigma]$$\n")
    assert [(t.part, t.attempt) for t in segment(text, PARTS).turns] == [("4b", 1), ("4b", 2)]


def test_a_reply_opening_with_a_bold_question_is_the_models():
    text = ("Now 5b please.\n\nTo count the loadmem operations in **Question 5(b)**, go layer by layer.\n\n"
            "$\\boxed{12}$\n\nLet me know.\n\nNo, recount 5b.\n\nYou're right — $\\boxed{10}$.\n")
    assert [(t.part, t.attempt) for t in segment(text, PARTS).turns] == [("5b", 1), ("5b", 2)]


@pytest.mark.parametrize("text, part", [
    ("Sure — Q4(c) now.", "4c"), ("Great — building on 4(b), let's do **Question 4(c)**", "4c"),
])
def test_the_part_named_as_a_question_wins(text, part):
    assert mentioned_part(text, set(PARTS)) == part


def test_pathological_blank_runs_are_segmented_promptly():
    import subprocess
    import sys

    code = ("from graders.transcripts.segment import segment; "
            "segment('Great — ' + ' \\t' * 4000 + 'x\\n\\n' + ' \\t' * 20000 + '4(a)', ['4a'])")
    # a generous bound that only a catastrophic (cubic) backtrack would exceed
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_pipe_tables_are_rows():
    text = "Go.\n\nGreat — **Question 1(b)**.\n\n| slot | answer |\n|---|---|\n| Scaling | $\\Theta(d_1^2)$ |\n"
    found = units(segment(text, PARTS).turns[0])
    rows = [u for u in found if u.kind == "row"]
    assert rows and rows[-1].label == "Scaling" and rows[-1].body == "$\\Theta(d_1^2)$"


def test_a_reviewer_verdict_with_math_is_not_an_answer():
    text = ("Go.\n\nSure — **Question 4(c)**.\n\n$$\\mathbb{E}_{z}[\\nabla f(\\mu+\\sigma z)]$$\n\n"
            "Partial: asked over $x \\sim p_0$, i.e. $\\mathbb{E}_{x\\sim p_0}[\\nabla f(\\mu+x)]$\n")
    texts = [u.text for u in units(segment(text, PARTS).turns[0])]
    assert not any("Partial" in t for t in texts) and any("nabla f(\\mu+\\sigma z)" in t for t in texts)


UNLABELLED_REPROMPT = ("e: give g and p(z) for the special case of b and c\n\n## Problem 4 (e)\n\nFor (b) the sampler is $g(z,\\theta) = \\theta + \\sigma z$ and $p(z)$ is either "
                       "$\\mathcal{N}(0, I)$ or $\\mathcal{N}(0, \\sigma^2 I)$.\n\n"
                       "which one though? with g = theta + sigma z\n\n"
                       "Fair — that was sloppy. It has to be $\\mathcal{N}(0, I)$.\n")


def test_a_lowercase_question_between_answers_is_the_persons():
    turns = segment(UNLABELLED_REPROMPT, PARTS).turns
    assert [(t.part, t.attempt) for t in turns] == [("4e", 1), ("4e", 2)]
    assert turns[1].prompt.startswith("which one though?")


def test_a_reprompt_joined_to_the_paragraphs_around_it_is_still_cut_out():
    joined = UNLABELLED_REPROMPT.replace("$.\n\nwhich", "$.\nwhich").replace("sigma z\n\nFair", "sigma z\nFair")
    turns = segment(joined, PARTS).turns
    assert [(t.part, t.attempt) for t in turns] == [("4e", 1), ("4e", 2)]
    assert all("which one" not in p.text for t in turns for p in t.paragraphs)


def test_a_lowercase_line_without_a_question_stays_the_models():
    text = UNLABELLED_REPROMPT.replace("which one though? with g = theta + sigma z",
                                      "where $\\nabla_\\theta g$ is the Jacobian of $g$")
    assert [(t.part, t.attempt) for t in segment(text, PARTS).turns] == [("4e", 1)]


def test_a_table_row_naming_a_part_is_not_a_heading():
    text = ("Do 1b.\n\nSure — here it is.\n\n## Q1(b)\n\nThe answer is $d_1 + \\frac{2}{\\pi}d_1(d_1-1)$.\n"
            "| Q1(a) | $d_1$ |\n| Q1(b) | $d_1^2$ |\n")
    assert [(t.part, t.attempt) for t in segment(text, PARTS).turns] == [("1b", 1)]
