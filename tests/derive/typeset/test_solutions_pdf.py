"""``derive pdf``: the hw3 worked solutions as a user makes them, read back from the PDF's text and TeX's log."""
from __future__ import annotations

import io
import pathlib
import re

import pytest
from pypdf import PdfReader

from derive.bank.discovery import discover
from derive.render.expressions import expr_text
from derive.typeset.compile import overfull_boxes
from typeset_helpers import ascii_words, has_phrase, latexmk, pdf_text, run_derive, squeezed

OVERFULL_TOLERANCE_PT = 1.0


@pytest.fixture(scope="module")
def bank():
    return discover()


@pytest.fixture(scope="module")
def hw3(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hw3pdf")
    done = run_derive(folder, "pdf", "hw3", "-o", "hw3.pdf", "--samples", "2000")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"wrote hw3\.pdf \(\d+ pages; TeX took [\d.]+ s\)\n", done.stdout)
    return ascii_words(pdf_text(folder / "hw3.pdf"))


def _prose_chunks(statement: str) -> list[str]:
    text = re.sub(r"\$\$.+?\$\$|\$[^$]+\$|`[^`]*`", "\x00", statement, flags=re.S).replace("*", "")
    return [chunk for chunk in text.split("\x00") if len(squeezed(chunk)) >= 20]


def test_every_statement_is_in_the_pdf(hw3, bank):
    for part_id in bank.problem_set("hw3").part_ids():
        part = bank.instance(part_id)
        assert ascii_words(part.title) in hw3, part_id
        for chunk in _prose_chunks(part.statement):
            assert ascii_words(chunk) in hw3, (part_id, chunk)


def test_every_step_justification_is_in_the_pdf(hw3, bank):
    for part_id in bank.problem_set("hw3").part_ids():
        for derivation in bank.instance(part_id).derivations:
            assert ascii_words(derivation.title) in hw3, derivation.title
            for step in derivation.steps:
                assert has_phrase(hw3, step.justification), (part_id, step.justification)


def test_every_reference_answer_is_in_the_pdf(hw3, bank):
    for part_id in bank.problem_set("hw3").part_ids():
        for slot in bank.instance(part_id).slots:
            if slot.key_points:
                assert all(ascii_words(point.label) in hw3 for point in slot.key_points), slot.name
            else:
                plain = expr_text(slot.reference) + (f" {slot.unit}" if slot.unit else "")
                assert has_phrase(hw3, plain), (part_id, slot.name, plain)


def test_the_pdf_says_what_was_verified(hw3):
    assert re.search(r"(\d+)of\1stepsverified", hw3)
    assert re.search(r"confirmedindependently:\d+checks,\d+MonteCarlosimulations\(2,000sampleseach", hw3)
    assert re.search(r"\d+replaysandpointwisechecks", hw3)  # hw3/5's replays, counted apart
    assert "allpassed" in hw3 and "FAIL" not in hw3
    assert hw3.count("pass") >= 60


def test_one_students_variant_shows_their_numbers(tmp_path, bank):
    published = bank.instance("hw3/5c").slot("loaddisk_ns").reference
    key = next(f"student-{n:03d}" for n in range(100)
               if bank.build_part("hw3/5c", f"student-{n:03d}").slot("loaddisk_ns").reference != published)
    done = run_derive(tmp_path, "pdf", "hw3/5c", "--variant", key, "-o", "5c.pdf", "--no-figures")
    assert done.returncode == 0, done.stderr
    text = squeezed(pdf_text(tmp_path / "5c.pdf"))
    values = bank.variant_of("hw3/5c", key)
    assert squeezed(f"Variant {key}: {values.describe()}") in text
    assert squeezed(f"for variant {key}") in text
    answer = bank.build_part("hw3/5c", key).slot("loaddisk_ns")
    assert squeezed(f"{expr_text(answer.reference)} {answer.unit}") in text
    assert squeezed(f"{expr_text(published)} {answer.unit}") not in text


def test_key_only_is_an_answer_key_without_the_worked_steps(tmp_path):
    done = run_derive(tmp_path, "pdf", "hw3/1a", "hw3/5a", "--key-only", "-o", "key.pdf")
    assert done.returncode == 0, done.stderr
    text = squeezed(pdf_text(tmp_path / "key.pdf"))
    assert "Answerkey" in text and "Workedsolution" not in text and "Evidence" not in text


def _has_raster_images(pdf: bytes) -> bool:
    for page in PdfReader(io.BytesIO(pdf)).pages:
        objects = page.get("/Resources", {}).get("/XObject", {})
        if any(objects[name].get_object().get("/Subtype") == "/Image" for name in objects):
            return True
    return False


def test_latex_format_writes_a_complete_document_and_vector_figures(tmp_path):
    done = run_derive(tmp_path, "pdf", "hw3/1a", "hw3/1b", "--format", "latex", "-o", "sol.tex", "--samples", "500")
    assert done.returncode == 0, done.stderr
    figures = sorted(tmp_path.glob("sol-figure-*.pdf"))
    assert len(figures) == 4 and f"and {len(figures)} figures beside it" in done.stdout
    for figure in figures:
        data = figure.read_bytes()
        assert data.startswith(b"%PDF") and not _has_raster_images(data)
        assert figure.name in (tmp_path / "sol.tex").read_text()
    run, log = latexmk(tmp_path / "sol.tex")
    assert run.returncode == 0, log[-2000:]
    assert max(overfull_boxes(log), default=0) <= OVERFULL_TOLERANCE_PT
    assert not _has_raster_images((tmp_path / "sol.pdf").read_bytes())
    no_figures = run_derive(tmp_path, "pdf", "hw3/1a", "--format", "latex", "-o", "bare.tex", "--no-figures",
                            "--samples", "500")
    assert no_figures.returncode == 0 and not list(tmp_path.glob("bare-figure-*"))
    assert "Evidence" in (tmp_path / "bare.tex").read_text()  # the evidence tabulated, not drawn


@pytest.mark.slow
def test_every_hw3_part_compiles_with_latexmk_without_errors_or_overfull_lines(tmp_path, bank):
    from derive.simulation.records import VerifyConfig
    from derive.typeset.solutions import SolutionOptions, solutions_document

    config = VerifyConfig(samples=500)
    for part_id in bank.problem_set("hw3").part_ids():
        part = bank.build_part(part_id)
        document = solutions_document([part], {part.id: part.verify(config)}, SolutionOptions(title=part_id), config)
        folder = tmp_path / part_id.replace("/", "-")
        folder.mkdir()
        for name, data in document.files.items():
            (folder / name).write_bytes(data)
        (folder / "part.tex").write_text(document.source, encoding="utf-8")
        run, log = latexmk(folder / "part.tex")
        assert run.returncode == 0, (part_id, log[-2000:])
        assert "LaTeX Warning: Reference" not in log and "Error" not in run.stdout, part_id
        assert max(overfull_boxes(log), default=0) <= OVERFULL_TOLERANCE_PT, part_id


def test_solve_latex_is_a_complete_document(tmp_path):
    done = run_derive(tmp_path, "solve", "hw3/4a", "--format", "latex")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\\documentclass") and done.stdout.rstrip().endswith("\\end{document}")
    (tmp_path / "4a.tex").write_text(done.stdout, encoding="utf-8")
    run, log = latexmk(tmp_path / "4a.tex")
    assert run.returncode == 0, log[-2000:]


def test_usage_errors_are_one_sentence(tmp_path):
    cases = [(["pdf", "-o", "x.pdf"], "name what to typeset"),
             (["pdf", "hw3/1a", "--student", "s1", "-o", "x.pdf"], "give --feedback RUN.sqlite"),
             (["pdf", "hw3/nope", "-o", "x.pdf"], "hw3/nope"),
             (["pdf", "hw3/5a", "--timeout", "nan", "-o", "x.pdf"], "is not between 1 and 3600 seconds"),
             (["pdf", "hw3/5a", "--page-limit", "0", "-o", "x.pdf"], "Invalid value for '--page-limit'")]
    for args, message in cases:
        done = run_derive(tmp_path, *args)
        assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_without_tex_pdf_says_how_to_install_it_and_latex_still_works(tmp_path):
    import sys

    bare_path = str(pathlib.Path(sys.executable).parent)  # the venv's commands only: no pdflatex
    done = run_derive(tmp_path, "pdf", "hw3/5a", "--no-figures", "-o", "x.pdf", env={"PATH": bare_path})
    assert done.returncode == 1 and "pdflatex was not found" in done.stderr and "apt-get install" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    latex = run_derive(tmp_path, "pdf", "hw3/5a", "--format", "latex", "-o", "x.tex", env={"PATH": bare_path})
    assert latex.returncode == 0 and (tmp_path / "x.tex").read_text().startswith("\\documentclass")
