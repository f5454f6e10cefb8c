"""One line, several answers: lines cut into claims, each slot graded from the statement that names it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bank import problem_bank
from graders.transcripts.answer_units import Unit, label_of
from graders.transcripts.check import check_transcript
from graders.transcripts.claims import clauses, split_claims


@pytest.fixture(scope="module")
def parts() -> dict:
    return problem_bank().built_parts("hw3")


def line(text: str) -> Unit:
    return Unit(text, "", (), False, False, 0, "line")


@pytest.mark.parametrize("text, pieces", [
    (r"$E[RMS^2(y)] = d_1$, linear in $d_1$, and $c = 1/\sqrt{d_1}$.",
     [r"$E[RMS^2(y)] = d_1$", r"linear in $d_1$", r"$c = 1/\sqrt{d_1}$."]),
    (r"linear in $d_1$ and independent of $d_2$", [r"linear in $d_1$, independent of $d_2$"]),  # one growth rate
    (r"each of $x_1, x_2$ is $N(0,1)$", [r"each of $x_1, x_2$ is $N(0,1)$"]),  # commas inside math stay
    (r"the constant is $c = 1/\sqrt{d_1}$", [r"the constant is $c = 1/\sqrt{d_1}$"]),
])
def test_clauses(text, pieces):
    assert clauses(text) == pieces


def test_a_line_stating_three_things_answers_three_slots(parts):
    text = ("Can you do 1a?\n\nGreat — here it is.\n\n**Answer:** $\\mathbb{E}[\\mathrm{RMS}^2(y)] = d_1$, linear in "
            "$d_1$ and independent of $d_2$, and $c = 1/\\sqrt{d_1}$.\n\nLet me know.\n")
    verdicts = {v.slot: v for v in check_transcript("chat", text, parts).parts[0].attempts[0].verdicts}
    assert {slot: v.status for slot, v in verdicts.items()} == {
        "expected_rms_sq": "correct", "scaling": "correct", "constant": "correct"}
    assert verdicts["constant"].read_from.startswith("c = ")


def test_a_wrong_claim_is_graded_wrong_and_the_others_right(parts):
    text = ("Can you do 1a?\n\nSure — $\\mathbb{E}[\\mathrm{RMS}^2(y)] = d_1 d_2$, quadratic in the dimensions, "
            "and $c = 1/\\sqrt{d_1}$.\n\nLet me know.\n")
    statuses = {v.slot: v.status for v in check_transcript("chat", text, parts).parts[0].attempts[0].verdicts}
    # "quadratic in the dimensions" names none of the part's dimensions: no growth rate is read from it
    assert statuses == {"expected_rms_sq": "incorrect", "scaling": "not_answered", "constant": "correct"}


def test_the_equation_naming_the_slot_is_read_not_the_last_formula(parts):
    text = ("Can you do 1b?\n\nSure — we get $\\mathbb{E}[\\mathrm{RMS}^2(y')] = d_1 + \\frac{2}{\\pi}d_1(d_1-1)$ "
            "from $d_1$ diagonal terms and $d_1(d_1-1)$ cross terms.\n\nLet me know.\n")
    verdicts = {v.slot: v for v in check_transcript("chat", text, parts).parts[0].attempts[0].verdicts}
    assert verdicts["expected_rms_sq"].status == "correct"


def test_an_aside_about_another_part_is_not_this_parts_answer(parts):
    text = ("Do 4d.\n\nSure — for a general family, "
            "$$\\nabla_\\theta F(\\theta) = \\mathbb{E}_{x \\sim p_\\theta}[f(x)\\nabla_\\theta \\log p_\\theta(x)].$$\n\n"
            "For the Gaussian this gives back the 4a expression $\\mathbb{E}_{x\\sim p_\\theta}[f(x)(x-\\theta)]$.\n\n"
            "Let me know.\n")
    verdict = check_transcript("chat", text, parts).parts[0].attempts[0].verdicts[0]
    assert verdict.status == "correct", verdict


def test_every_slot_of_a_part_is_accounted_for(parts):
    text = "Do 1b.\n\nSure — the scaling is quadratic in $d_1$, i.e. $\\Theta(d_1^2)$.\n\nLet me know.\n"
    part = check_transcript("chat", text, parts).parts[0]
    assert part.slot_statuses() == {"expected_rms_sq": ("not_answered", "not_answered", 0),
                                    "scaling": ("correct", "correct", 1),
                                    "constant": ("not_answered", "not_answered", 0)}
    assert part.final == "partial" and part.first_try == "partial"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([r"$a = 1$", r"linear in $d_1$", "so", "and", ",", ";", "the value is", r"$x$",
                                 "words here", r"$\frac{1}{2}$", "."]), max_size=12))
def test_claims_keep_every_formula(pieces):
    text = " ".join(pieces)
    found = split_claims([line(text)])
    formulas_in = text.count("$")
    assert sum(unit.text.count("$") for unit in found if unit.kind == "claim") in (0, formulas_in)
    assert [unit.position for unit in found] == list(range(len(found)))


def test_math_without_delimiters_is_cut_into_its_statements():
    text = "So Θ(d_1²) (quadratic), still no d_2. For the constant: E[RMS(c y')] = c·E[S] = 1 ⇒ c = √(π/2)/d_1."
    assert clauses(text) == ["So Θ(d_1²) (quadratic), still no d_2",
                             "For the constant: E[RMS(c y')] = c·E[S] = 1 ⇒ c = √(π/2)/d_1."]
    assert label_of(text) == ""  # the colon after a sentence ends no label
