"""Rubric grading: key points found, missing or contradicted, with negations and word order taken into account."""
from __future__ import annotations

import pathlib

import pytest
import sympy as sp

from derive.bank.authoring import near, rubric_reference
from derive.bank.schema import KeyPoint, Slot
from graders.grading import grade_slot
from graders.modes.rubric import find, plain_text
from bank import part

TRANSCRIPT = pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "transcripts" / "gpt4o_hw3.md"
POINTS = (
    KeyPoint("the optimum shifts", (near(r"optim\w*|best", r"shift\w*|mov\w*"),)),
    KeyPoint("inputs align with the weights", (near(r"align\w*", r"singular|weights?"),),
             contradictions=(near(r"orthogonal", r"singular|weights?"),)),
)
SLOT = Slot("why", "rubric", rubric_reference(POINTS), "a conceptual answer", key_points=POINTS)


def grade(answer: str, slot: Slot = SLOT, part_id: str = "hw3/3c"):
    return grade_slot(part_id, slot, answer, {})


def test_near_matches_either_order_within_a_sentence():
    pattern = near("optimum", "shifts")
    assert find([pattern], "the optimum shifts") and find([pattern], "it shifts, the optimum")
    assert not find([pattern], "the optimum is fixed. The curve shifts")


@pytest.mark.parametrize("text,found", [
    ("the inputs are orthogonal to the top singular vectors", True),
    ("the inputs are not orthogonal to the top singular vectors", False),
    ("inputs aren't orthogonal to the weights", False),
    ("singular vectors that are never orthogonal", False),
])
def test_a_negated_statement_is_not_the_statement(text, found):
    assert bool(find([near(r"orthogonal", r"singular|weights?")], text)) is found


def test_a_negation_inside_the_match_counts_unless_the_pattern_asks_for_it():
    text = "under muP the optimum does not shift"
    assert find([near(r"optim\w*", r"shift")], text) is None
    assert find([r"does(?:n't| not) shift"], text) is not None


def test_plain_text_drops_markup():
    text = plain_text(r"**The** $\mu P$ optimum is $\text{stable}$ across $d_{2}$ and d₁")
    assert text == "The muP optimum is stable across d_2 and d_1"


def test_every_point_made_is_correct():
    verdict = grade("The best learning rate moves with width; the inputs align with the top singular vectors of W.")
    assert verdict.status == "correct" and verdict.score == 1 and verdict.method == "rubric"


def test_some_points_missing_needs_review_and_lists_them():
    verdict = grade("Wider networks shift their optimum.")
    assert verdict.status == "needs_review"
    assert "found: the optimum shifts" in verdict.feedback
    assert "Missing: inputs align with the weights" in verdict.feedback


def test_a_contradiction_is_incorrect_and_quoted():
    verdict = grade("The optimum shifts, because the inputs are orthogonal to the singular vectors.")
    assert verdict.status == "incorrect"
    assert "inputs align with the weights" in verdict.feedback and "orthogonal" in verdict.feedback


def test_long_text_is_shown_truncated():
    verdict = grade("The optimum shifts. " * 100)
    assert verdict.interpreted_as.endswith("…") and len(verdict.interpreted_as) <= 300


@pytest.mark.parametrize("answer", ["", "   ", "x" * 1_000_000])
def test_empty_or_huge_answers_are_unparseable(answer):
    assert grade(answer).status == "unparseable"


def test_reference_prints_the_key_points():
    reference = rubric_reference(POINTS)
    assert str(reference) == "the optimum shifts; inputs align with the weights"
    assert sp.latex(reference) == r"\text{the optimum shifts; inputs align with the weights}"
    assert sp.latex(rubric_reference([KeyPoint("sum over d_1", ())])) == r"\text{sum over d\_1}"


def test_3c_assumption_of_iid_activations_is_not_accepted():
    p = part("hw3/3c")
    slot = p.slot("lower_bound_assumption")
    answer = r"\text{all coordinates of } h_\ell(x), \Delta h_\ell(x) \text{ contribute equally (i.i.d. activations)}"
    assert grade_slot(p.id, slot, answer, p.symbols).status == "needs_review"
    aligned = "h_{l-1} is aligned with the top singular directions of W_l (and of Delta W_l), not orthogonal to them"
    assert grade_slot(p.id, slot, aligned, p.symbols).status == "correct"
    orthogonal = "the inputs are orthogonal to the top singular vectors of W_l"
    assert grade_slot(p.id, slot, orthogonal, p.symbols).status == "incorrect"


@pytest.mark.skipif(not TRANSCRIPT.exists(), reason="the shared transcripts folder is not beside the repository")
def test_1c_explanation_in_the_transcript_makes_every_point():
    lines = TRANSCRIPT.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "Why does this only depend on" in line)
    end = next(i for i, line in enumerate(lines) if i > start and "Final Answer" in line)
    p = part("hw3/1c")
    verdict = grade_slot(p.id, p.slot("explanation"), "\n".join(lines[start:end]), p.symbols)
    assert verdict.status == "correct", verdict.feedback


def test_1c_explanation_that_d2_matters_is_incorrect():
    p = part("hw3/1c")
    verdict = grade_slot(p.id, p.slot("explanation"), "RMS(y') depends on d_2: there are d_2 outputs.", p.symbols)
    assert verdict.status == "incorrect" and "d_2" in verdict.feedback


@pytest.mark.parametrize("answer,status", [
    ("Under SP the optimal learning rate shifts as width grows and wider networks are not always better; under muP "
     "the optimum stays put across widths and wider networks reach a lower loss.", "correct"),
    ("Under SP the best learning rate moves with width; under muP the optimum is stable across widths.",
     "needs_review"),
    ("Under muP the optimal learning rate shifts with width.", "incorrect"),
])
def test_3a_observation(answer, status):
    p = part("hw3/3a")
    assert grade_slot(p.id, p.slot("observation"), answer, p.symbols).status == status
