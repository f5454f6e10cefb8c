"""derive check: whole transcripts graded part by part, attempt by attempt, and reported."""
from __future__ import annotations

import csv
import io
import json
import pathlib

import pytest

from graders.transcripts.check import check_transcript
from graders.transcripts.results import summarise
from graders.reports.transcript import CSV_COLUMNS, as_csv, as_json, as_markdown
from graders.transcripts.load import load_transcript

ROOT = pathlib.Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "transcripts"
FIXTURES = ROOT / "tests" / "fixtures" / "transcripts"
needs_shared = pytest.mark.skipif(not SHARED.exists(), reason="the shared transcripts folder is not beside the repository")


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    import os

    from bank import problem_bank

    os.environ["DERIVE_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    return problem_bank().built_parts("hw3")


def check_file(path: pathlib.Path, parts):
    loaded = load_transcript(path)
    return check_transcript(path.name, loaded.text, parts, labelled=[(t.speaker, t.text) for t in loaded.labelled_turns],
                            linearised=loaded.linearised)


def verdict_table(result) -> dict:
    return {(p.part, v.slot, a.attempt): v for p in result.parts for a in p.attempts for v in a.verdicts}


@needs_shared
def test_sample_transcript_agrees_with_the_careful_grader(parts):
    result = check_file(SHARED / "gpt4o_hw3.md", parts)
    found = verdict_table(result)
    rows = [json.loads(line) for line in (SHARED / "gpt4o_hw3.expected.jsonl").read_text().splitlines()]
    disagreements = []
    for row in rows:
        verdict = found.get((row["part"], row["slot"], row["attempt"]))
        if verdict is None or (verdict.status == "correct") != row["verdict"]:
            disagreements.append((row["part"], row["slot"], row["attempt"], verdict and verdict.status))
    print(f"agreement {len(rows) - len(disagreements)}/{len(rows)}; disagreements: {disagreements}")
    assert len(rows) - len(disagreements) >= 31
    assert found[("4c", "grad_p0", 1)].status == "partial"
    assert all(v.raw for v in found.values())  # every verdict shows the text it was read from


@needs_shared
def test_reviewer_remarks_are_never_graded(parts):
    result = check_file(SHARED / "gpt4o_hw3.md", parts)
    raws = [v.raw for v in verdict_table(result).values()]
    for remark in ("Correct Answer first", "Did a lot of math", "With guidance, got the right answer", "Correct!",
                   "You had the right answer"):
        assert not any(remark in raw for raw in raws), remark


def test_pdf_export_is_segmented_like_its_source_and_agrees_where_readable(parts):
    source = check_file(FIXTURES / "gpt4o_hw3_excerpt.md", parts)
    for rendering in ("gpt4o_hw3_excerpt.pdf", "gpt4o_hw3_excerpt.txt"):
        extracted = check_file(FIXTURES / rendering, parts)
        assert [(p.part, [a.attempt for a in p.attempts]) for p in extracted.parts] == \
            [(p.part, [a.attempt for a in p.attempts]) for p in source.parts]
        theirs, ours = verdict_table(source), verdict_table(extracted)
        survived = {k: v for k, v in ours.items() if v.status not in ("unparseable", "needs_review")}
        assert len(survived) >= 3
        assert all(theirs[k].status == v.status for k, v in survived.items()), rendering
        lost = [v for v in ours.values() if v.status == "unparseable"]
        assert all(v.raw and ("Not graded" in v.feedback or "could not be read" in v.feedback) for v in lost)
        if rendering.endswith(".pdf"):  # the PDF's layout rebuilds its formulas: every verdict survives
            assert {k: v.status for k, v in ours.items()} == {k: v.status for k, v in theirs.items()}
        else:  # its text layer alone does not
            assert lost


@pytest.mark.parametrize("name", ["sample_linearised_q1", "sample_linearised_q45"])
def test_linearised_samples_have_their_parts_and_attempts(name, parts):
    expected = json.loads((FIXTURES / f"{name}.json").read_text())
    result = check_file(FIXTURES / f"{name}.txt", parts)
    assert [(p.part, [a.attempt for a in p.attempts]) for p in result.parts] == \
        [(p["part"], p["attempts"]) for p in expected["parts"]]


def test_linearised_text_is_never_guessed(parts):
    result = check_file(FIXTURES / "sample_linearised_q1.txt", parts)
    flattened = [v for v in verdict_table(result).values() if "RMS2" in v.raw]
    assert flattened and all(v.status == "unparseable" and not v.read_from for v in flattened)


def test_a_second_attempt_after_a_reprompt_is_graded_apart(parts):
    result = check_file(FIXTURES / "sample_linearised_q45.txt", parts)
    table = verdict_table(result)
    # text from a PDF lost its layout: a wrong-looking reading is left for a person, never marked wrong
    first = table[("5a", "fwd_ops", 1)]
    assert first.status == "needs_review" and first.method.startswith("pdf-text:")
    assert "differs from the reference" in first.feedback
    assert table[("5a", "fwd_ops", 2)].status == "correct"
    part = next(p for p in result.parts if p.part == "5a")
    assert (part.first_try, part.final) == ("needs_review", "correct")


def test_hostile_answers_in_a_transcript_do_not_stop_the_batch(parts):
    text = ("Go.\n\nGreat — **Question 5(a)**.\n\n$$\\boxed{10^{10^{10^{10}}}}$$\n\nLet me know.\n\nRedo 5a.\n\n"
            "Sure — **Question 5(a)** again.\n\n$$\\input{/etc/passwd}$$\n\nLet me know.\n\nAgain, 5a.\n\n"
            "Absolutely — **Question 5(a)**.\n\nFinal answer:\n\n$20$ fwd ops.\n\nLet me know.\n")
    result = check_transcript("hostile", text, parts)
    statuses = [v.status for a in result.parts[0].attempts for v in a.verdicts]
    assert statuses[-1] == "correct"
    assert all(s in ("unparseable", "incorrect", "needs_review", "correct") for s in statuses)


@needs_shared
def test_reports_in_three_formats(parts):
    result = check_file(SHARED / "gpt4o_hw3.md", parts)
    document = as_json(result)
    assert set(document) == {"transcript", "source", "parts", "ambiguous_turns", "summary"}
    first = document["parts"][0]
    assert {"part", "attempts", "slots", "first_try", "final"} <= set(first)
    assert {"found_by", "confidence"} <= set(first["attempts"][0])
    assert set(first["slots"]) == {"expected_rms_sq", "scaling", "constant"}  # every slot, answered or not
    assert first["attempts"][0]["attempt"] == 1 and "raw" in first["attempts"][0]["verdicts"][0]
    summary = document["summary"]
    assert summary["final_correct"] >= summary["first_try_correct"] > 0
    markdown = as_markdown(result)
    assert markdown.startswith("# Transcript check")
    assert "| slot | first try | final | attempts |" in markdown and "**First try correct:**" in markdown
    assert "## 4c" in markdown and "partial" in markdown
    rows = list(csv.DictReader(io.StringIO(as_csv(result))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == sum(len(a.verdicts) for p in result.parts for a in p.attempts)


def test_part_status_summarises_its_slots():
    assert summarise(["correct", "correct"]) == "correct"
    assert summarise(["correct", "incorrect"]) == "partial"
    assert summarise(["incorrect", "unparseable"]) == "incorrect"
    assert summarise(["needs_review", "correct"]) == "needs_review"
    assert summarise([]) == "unanswered"


def test_numbers_stated_in_words_beat_earlier_formulas(parts):
    text = ("Go.\n\nGreat — **Question 5(a)**.\n\nEach segment recomputes $4+3+2+1 = 10$ layers, so the total is "
            "20 fwd operations.\n\nLet me know.\n\nNow 5c.\n\nSure — **Question 5(c)**.\n\nThere are $10$ disk "
            "loads, so each loaddisk must take at most 50 ns.\n")
    table = verdict_table(check_transcript("words", text, parts))
    assert table[("5a", "fwd_ops", 1)].status == "correct"
    assert table[("5c", "loaddisk_ns", 1)].status == "correct"


def test_csv_cells_never_run_as_formulas(parts):
    text = "Go.\n\nGreat — **Question 5(a)**.\n\n=HYPERLINK(\"http://x\") 20 fwd operations.\n"
    rows = list(csv.DictReader(io.StringIO(as_csv(check_transcript("csv", text, parts)))))
    assert rows and all(not value.startswith("=") for row in rows for value in row.values() if value)


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    from bank import problem_bank
    from derive.bank import cache

    hw3 = problem_bank().problem_set("hw3")
    monkeypatch.setenv("DERIVE_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "_fingerprint", lambda: "test")
    (tmp_path / "hw3-test.pickle").write_bytes(b"c__builtin__\nint\n(S'x'\ntR.")
    (tmp_path / "hw3-test.pickle").chmod(0o600)
    tmp_path.chmod(0o700)
    parts = cache.built_parts(hw3)
    assert list(parts) == list(hw3.parts)
    assert cache.built_parts(hw3).keys() == parts.keys()
