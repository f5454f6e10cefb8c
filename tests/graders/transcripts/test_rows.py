"""The sample transcript's Q1, Q3, Q4 and Q5 answers, graded from their clean LaTeX, get a careful grader's verdicts."""
from __future__ import annotations

import json
import pathlib

import pytest

from graders.grading import grade_slot
from bank import part

EXPECTED = pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "transcripts" / "gpt4o_hw3.expected.jsonl"
GRADABLE_PARTS = {"1a", "1b", "1c", "3a", "3b", "3c", "4a", "4b", "4c", "4d", "4e", "5a", "5b", "5c"}


def rows() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return [row for row in map(json.loads, EXPECTED.read_text().splitlines()) if row["part"] in GRADABLE_PARTS]


@pytest.mark.skipif(not EXPECTED.exists(), reason="the shared transcripts folder is not beside the repository")
@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['part']}-{r['slot']}-{r['attempt']}")
def test_verdict_matches_the_careful_grader(row):
    p = part("hw3/" + row["part"])
    verdict = grade_slot(p.id, p.slot(row["slot"]), row["pred_latex"], p.symbols)
    assert (verdict.status == "correct") == row["verdict"], verdict


@pytest.mark.skipif(not EXPECTED.exists(), reason="the shared transcripts folder is not beside the repository")
def test_4c_over_the_standard_normal_is_partial_for_its_form():
    row = next(r for r in rows() if r["part"] == "4c")
    p = part("hw3/4c")
    verdict = grade_slot(p.id, p.slot("grad_p0"), row["pred_latex"], p.symbols)
    assert verdict.status == "partial" and 0 < verdict.score < 1
    assert "p_0" in verdict.feedback and "N(0, I)" in verdict.feedback


@pytest.mark.skipif(not EXPECTED.exists(), reason="the shared transcripts folder is not beside the repository")
def test_3c_feature_bounds_read_as_condition_1_are_called_out():
    row = next(r for r in rows() if r["part"] == "3c" and r["slot"] == "condition1_rms")
    p = part("hw3/3c")
    verdict = grade_slot(p.id, p.slot("condition1_rms"), row["pred_latex"], p.symbols)
    assert verdict.status == "incorrect" and "features" in verdict.feedback and "weights" in verdict.feedback


@pytest.mark.skipif(not EXPECTED.exists(), reason="the shared transcripts folder is not beside the repository")
def test_3c_norm_bound_without_the_operator_norm_step_is_not_accepted():
    row = next(r for r in rows() if r["part"] == "3c" and r["slot"] == "norm_upper_bound")
    p = part("hw3/3c")
    verdict = grade_slot(p.id, p.slot("norm_upper_bound"), row["pred_latex"], p.symbols)
    assert verdict.status in ("needs_review", "incorrect") and "operator norm" in verdict.feedback
