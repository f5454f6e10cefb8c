"""Answers spread over a passage, sections named by their headings, refusals, conclusions and restatements."""
from __future__ import annotations

import pytest

from bank import problem_bank
from graders.transcripts.answer_units import units
from graders.transcripts.check import check_transcript
from graders.transcripts.config import TranscriptConfig
from graders.transcripts.speakers import labelled_turns
from graders.transcripts.segment import ModelTurn, paragraphs


@pytest.fixture(scope="module")
def parts() -> dict:
    return problem_bank().built_parts("hw3")


def verdicts(parts: dict, text: str, part: str) -> dict:
    """Slot -> verdict of the first attempt at ``part``."""
    turns = [(turn.speaker, turn.text) for turn in labelled_turns(text, TranscriptConfig())]
    result = check_transcript("chat", text, parts, labelled=turns)
    found = {p.part: p for p in result.parts}
    return {v.slot: v for v in found[part].attempts[0].verdicts}


def chat(*turns: str) -> str:
    """A labelled chat: user and model turns alternating, user first."""
    return "\n\n".join(f"{'User' if i % 2 == 0 else 'Assistant'}:\n{body}" for i, body in enumerate(turns))


OBSERVATION_SPREAD = chat(
    "Part 3a: what do the plots of Figure 1 show about width?",
    "**Axes.** The x-axis is $\\log_2 \\eta$.\n\n"
    "**What the plots say about width**\n\n"
    "*SP (left).* The best learning rate moves as the width grows, so a learning rate tuned on a narrow model is "
    "wrong for a wide one. The widest networks become unstable and end up with a higher loss.\n\n"
    "*μP (right).* The optimum stays at the same learning rate for every width, and the wider network reaches a "
    "lower training loss.\n\n"
    "**Takeaway.** Under μP you can tune on a small model and transfer the learning rate.")


def test_an_explanation_spread_over_paragraphs_is_read_as_a_whole(parts):
    found = verdicts(parts, OBSERVATION_SPREAD, "3a")
    assert found["observation"].status == "correct"
    assert found["observation"].method == "rubric:passage"
    assert "SP (left)" in found["observation"].raw


def test_a_passage_stating_a_misconception_is_not_taken(parts):
    text = OBSERVATION_SPREAD.replace("The optimum stays at the same learning rate for every width",
                                      "Under μP the optimum also shifts with width, less than in SP")
    assert verdicts(parts, text, "3a")["observation"].status != "correct"


def test_a_passage_missing_a_point_leaves_the_unit_verdict(parts):
    text = OBSERVATION_SPREAD.replace(", and the wider network reaches a lower training loss", "")
    found = verdicts(parts, text, "3a")["observation"]
    assert found.status == "needs_review" and found.method == "rubric"


UPPER_BOUNDS = chat(
    "Part 3c: restate Condition 1 with RMS norms and show the norm bounds.",
    "### Condition 1 in RMS form\n\n"
    "The operator norm from RMS to RMS is\n"
    "$$\\|A\\|_{\\mathrm{RMS}\\to\\mathrm{RMS}} = \\sqrt{\\frac{n_{\\ell-1}}{n_\\ell}}\\,\\|A\\|_*,$$\n"
    "so Condition 1 becomes\n"
    "$$\\|W_\\ell\\|_{\\mathrm{RMS}\\to\\mathrm{RMS}} = \\Theta(1), \\qquad "
    "\\|\\Delta W_\\ell\\|_{\\mathrm{RMS}\\to\\mathrm{RMS}} = \\Theta(1).$$\n\n"
    "### The upper bounds\n\n"
    "**Features.** Since $h_\\ell = W_\\ell h_{\\ell-1}$,\n\n"
    "$$\\|h_\\ell\\|_2 \\le \\|W_\\ell\\|_*\\,\\|h_{\\ell-1}\\|_2 = \\Theta\\Big(\\sqrt{\\tfrac{n_\\ell}{n_{\\ell-1}}}\\Big)"
    "\\cdot\\Theta(\\sqrt{n_{\\ell-1}}) = \\Theta(\\sqrt{n_\\ell}).$$\n\n"
    "**Feature updates.** By the triangle inequality,\n\n"
    "$$\\|\\Delta h_\\ell\\|_2 \\le \\|\\Delta W_\\ell\\|_*\\|h_{\\ell-1}\\|_2 + \\|W_\\ell\\|_*\\|\\Delta h_{\\ell-1}\\|_2"
    " + \\|\\Delta W_\\ell\\|_*\\|\\Delta h_{\\ell-1}\\|_2 = \\Theta(\\sqrt{n_\\ell}).$$\n\n"
    "### Summary\n\n"
    "| item | statement |\n|---|---|\n"
    "| upper bounds | $\\|h_\\ell\\|_2,\\ \\|\\Delta h_\\ell\\|_2 \\le \\Theta(\\sqrt{n_\\ell})$ |\n\n"
    "For the matching lower bounds the paper adds one more assumption; I don't want to misquote it from memory.")


def test_a_bound_derived_under_its_heading_is_read_from_the_whole_section(parts):
    found = verdicts(parts, UPPER_BOUNDS, "3c")["norm_upper_bound"]
    assert found.status == "correct" and found.method == "claims:passage"
    assert "triangle" not in found.read_from and r"\|\Delta h_\ell\|_2 \le" in found.read_from


def test_the_display_after_so_is_the_conclusion(parts):
    found = verdicts(parts, UPPER_BOUNDS, "3c")["condition1_rms"]
    assert found.status == "correct"
    assert r"W_\ell" in found.read_from and "A" not in found.read_from.split("=")[0]


def test_a_question_the_model_declines_is_not_answered(parts):
    found = verdicts(parts, UPPER_BOUNDS, "3c")["lower_bound_assumption"]
    assert found.status == "not_answered" and found.method == "find:declined"
    assert "misquote" in found.raw


def test_a_refusal_about_another_question_declines_nothing(parts):
    text = UPPER_BOUNDS.replace("For the matching lower bounds the paper adds one more assumption",
                                "About the figure in part (a)")
    assert verdicts(parts, text, "3c")["lower_bound_assumption"].method != "find:declined"


def test_sections_follow_headings_and_run_in_headings():
    turn = ModelTurn(paragraphs("### The upper bounds\n\n**Features.** Since $h = W h$,\n\n$$a = b$$\n\n"
                                "## Next\n\nplain text $x = 1$ here"))
    found = {unit.text[:12]: unit.section for unit in units(turn)}
    assert found["**Features.*"] == "The upper bounds / Features"
    assert found["$$a = b$$"] == "The upper bounds / Features"
    assert found["plain text $"] == "Next"


def test_a_paragraph_under_a_run_in_heading_is_not_a_remark():
    turn = ModelTurn(paragraphs("*SP (left).* A learning rate tuned on a narrow model is wrong for a wide one."))
    assert [unit.kind for unit in units(turn)] == ["line"]


def test_a_summary_restating_an_expectation_without_its_subscript_is_read_where_it_is_in_full(parts):
    text = chat(
        "Problem 4 (c): now as an expectation over p_0 = N(0, sigma^2 I)",
        "Substituting $\\epsilon = \\sigma z$:\n\n"
        "$$\\nabla_\\mu F(\\mu) = \\frac{1}{\\sigma}\\,\\mathbb{E}_{\\epsilon\\sim\\mathcal N(0,\\sigma^2 I)}"
        "\\left[\\epsilon\\, f(\\mu+\\epsilon)\\right]$$\n\n"
        "**Summary**\n\n| part | gradient |\n|---|---|\n"
        "| (c) | $\\frac{1}{\\sigma}\\mathbb{E}[\\epsilon f(\\mu+\\epsilon)]$ |")
    found = verdicts(parts, text, "4c")["grad_p0"]
    assert found.status == "incorrect"  # 1/sigma where 1/sigma^2 belongs: read, not "say what E is over"
    assert r"\epsilon\sim" in found.read_from
