"""The sample transcript's Q1 and Q5 answers, graded from their clean LaTeX, get a careful grader's verdicts."""
from __future__ import annotations

import functools
import json
import pathlib

import pytest

import problems
from graders.grade import grade_slot

EXPECTED = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "transcripts" / "gpt4o_hw3.expected.jsonl"
GRADABLE_PARTS = {"1a", "1b", "5a", "5b", "5c"}


def rows() -> list[dict]:
    if not EXPECTED.exists():
        return []
    return [row for row in map(json.loads, EXPECTED.read_text().splitlines()) if row["part"] in GRADABLE_PARTS]


@functools.lru_cache(maxsize=None)
def part(part_id: str):
    return problems.build_part(part_id)


@pytest.mark.skipif(not EXPECTED.exists(), reason="the shared transcripts folder is not beside the repository")
@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['part']}-{r['slot']}-{r['attempt']}")
def test_verdict_matches_the_careful_grader(row):
    p = part("hw3/" + row["part"])
    verdict = grade_slot(p.id, p.slot(row["slot"]), row["pred_latex"], p.symbols)
    assert (verdict.status == "correct") == row["verdict"], verdict
