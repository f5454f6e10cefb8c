"""The hand-written corpus of chats, in every form they are exported in, against the careful grader's tables.

Each chat (tests/fixtures/transcripts/corpus/) is checked as Markdown, as the PDF files Chromium (with KaTeX)
and TeX print, and as the text pypdf and pdftotext pull out of those PDFs.  In every form: no confident
wrong verdict (a right answer graded incorrect, or a wrong or missing one graded correct), every slot of
every part found accounted for, and every part found.  Where the math survives, most verdicts agree.
"""
from __future__ import annotations

import pytest

from bank import problem_bank
from transcript_corpus import FORMS, Score, check_file, expected_rows, form_path, names, score

CHATS = names()


@pytest.fixture(scope="module")
def hw3_parts() -> dict:
    return problem_bank().built_parts("hw3")


def test_the_corpus_is_whole():
    assert len(CHATS) >= 12
    for name in CHATS:
        rows = expected_rows(name)
        assert rows and {row["verdict"] for row in rows} <= {"correct", "incorrect", "not_answered"}
        for form in FORMS:
            assert form_path(name, form).exists(), f"{name} has no {form} rendering: run tests/fixtures/render_corpus.py"


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("name", CHATS)
def test_never_confidently_wrong_and_every_slot_accounted_for(name, form, hw3_parts):
    _, result = check_file(form_path(name, form), hw3_parts)
    outcome = score(result, expected_rows(name))
    assert outcome.confident_wrong == [], outcome.confident_wrong
    assert outcome.slots_accounted == outcome.slots
    for part in result.parts:  # a part's status counts every slot it declares
        assert set(part.slot_statuses()) == set(part.slots)


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("name", CHATS)
def test_every_part_is_found(name, form, hw3_parts):
    _, result = check_file(form_path(name, form), hw3_parts)
    outcome = score(result, expected_rows(name))
    assert outcome.parts_found == outcome.parts_expected, outcome.misses


# Where the formulas survive the export (Markdown, and PDFs read through their glyph layout), the verdicts the
# checker gives agree with the careful grader's at least 90% of the time; the other rows are left undecided
# (needs_review, unparseable), never wrong.  Over all rows, 90% where nothing of the math was lost (Markdown,
# Chromium's PDF); TeX's PDF typesets the chats' plain Unicode math too, and some of it is left undecided.
@pytest.mark.parametrize("form, floor", [("markdown", 0.90), ("chromium-pdf", 0.90), ("tex-pdf", 0.80)])
def test_agreement_where_the_math_survives(form, floor, hw3_parts):
    total = Score()
    for name in CHATS:
        total.add(score(check_file(form_path(name, form), hw3_parts)[1], expected_rows(name)))
    assert total.agreeing / total.rows >= floor, total.line()
    assert total.agreeing / (total.rows - total.undecided) >= 0.90, total.line()
