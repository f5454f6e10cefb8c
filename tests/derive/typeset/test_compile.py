"""pdflatex as ``derive`` runs it: locked to its temporary folder, stopped by time and page limits, errors said plainly."""
from __future__ import annotations

import pathlib

import pytest

from derive.typeset.compile import (INSTALL_HINT, CompileConfig, TexCompileError, TexMissingError, compile_latex,
                                    overfull_boxes, tex_error)
from derive.typeset.document import document
from derive.typeset.escape import untrusted_text
from typeset_helpers import pdf_text, squeezed


def _raw(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


def test_a_document_compiles_and_reports_its_pages(tmp_path):
    compiled = compile_latex(document("Title", "one\\clearpage two"))
    assert compiled.pdf.startswith(b"%PDF") and compiled.pages == 2 and compiled.overfull_pt == ()
    path = compiled.write(tmp_path / "sub" / "out.pdf")
    assert "two" in pdf_text(path)


def test_tex_cannot_read_files_outside_its_folder_even_when_asked_directly():
    for target in ("/etc/passwd", "../../../../../../etc/passwd", "/etc/hostname"):
        with pytest.raises(TexCompileError) as failure:
            compile_latex(_raw(rf"\input{{{target}}}"))
        assert "not found" in str(failure.value) and "root:" not in failure.value.log


def test_tex_cannot_write_outside_its_folder_nor_run_commands(tmp_path):
    canary = tmp_path / "ran"
    with pytest.raises(TexCompileError, match="can't write"):
        compile_latex(_raw(rf"\immediate\openout5={tmp_path}/evil.tex \immediate\write5{{x}}"))
    compile_latex(_raw(rf"\immediate\write18{{touch {canary}}}x"))  # shell escape is off: written to the log only
    assert not canary.exists() and not (tmp_path / "evil.tex").exists()


def test_the_page_limit_stops_a_runaway_document():
    with pytest.raises(TexCompileError, match="page limit"):
        compile_latex(document("t", "\\clearpage x" * 50, page_limit=5))


def test_the_time_limit_stops_a_loop():
    with pytest.raises(TexCompileError, match="longer than the limit of 2 s"):
        compile_latex(_raw(r"\def\spin{\spin}\spin"), config=CompileConfig(timeout=2))


def test_a_failed_compile_is_one_sentence_with_the_line():
    with pytest.raises(TexCompileError) as failure:
        compile_latex(_raw("fine\n\\undefinedcommand"))
    assert str(failure.value) == "TeX stopped at line 4 of the document: Undefined control sequence"
    assert "\n" not in str(failure.value)


def test_an_error_in_a_part_names_its_section():
    with pytest.raises(TexCompileError) as failure:
        compile_latex(document("t", "\\section*{mycourse/1a\\quad Moments}\nfine\n\n$\\notacommand$"))
    assert str(failure.value).endswith("Undefined control sequence (in the section 'mycourse/1a Moments')")


def test_limits_must_be_finite():
    for bad in ({"timeout": float("nan")}, {"timeout": float("inf")}, {"timeout": 0}, {"page_limit": 0}):
        with pytest.raises(ValueError):
            CompileConfig(**bad)


def test_figures_beside_the_document_are_plain_names_only():
    with pytest.raises(ValueError):
        compile_latex(_raw("x"), {"../escape.pdf": b""})


def test_without_pdflatex_the_error_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(TexMissingError) as missing:
        compile_latex(_raw("x"))
    assert str(missing.value) == INSTALL_HINT and "apt-get install" in INSTALL_HINT


def test_hostile_text_prints_literally_in_a_real_pdf(tmp_path):
    hostile = [r"\input{/etc/passwd}", r"\write18{rm -rf /}", r"\catcode`\^^5c=12", r"\def\x{\x}\x", "^^5c",
               "}}{{", "$$ % & # _ ~", r"\end{document}", "σ² ∑ ∫ ≤ \u4e2d", "\x00\x1b"]
    body = "\n\n".join(rf"\texttt{{{untrusted_text(text)}}}" for text in hostile)
    body += "\n\n" + untrusted_text("\\(" * 32000)  # a long run with no space still wraps
    path = compile_latex(document("hostile", body)).write(tmp_path / "h.pdf")
    text = squeezed(pdf_text(path))
    for literal in hostile[:8]:
        assert squeezed(literal) in text, literal
    assert "root:x:0:0" not in pdf_text(path)
    assert "[U+4E2D]" in text and "[cut:64,000charactersinall,thefirst2,000shown]" in text


def test_log_readers():
    log = "Overfull \\hbox (12.5pt too wide) in paragraph\nOverfull \\vbox (3.0pt too high) has occurred"
    assert overfull_boxes(log) == (12.5, 3.0)
    assert tex_error("! LaTeX Error: File `x.sty' not found.\n\nl.7 \\usepackage") == \
        "TeX stopped at line 7 of the document: LaTeX Error: File `x.sty' not found"


def test_random_strings_over_every_special_character_compile_and_read_back(tmp_path):
    import random

    generator = random.Random(12)
    ascii_printable = [chr(code) for code in range(33, 127)] + [" "]
    anything = ascii_printable + ["\n", "\t", "\x00", "\x7f", "é", "σ", "²", "∫", "\u4e2d", "\ud800", "—", "\u00a0"]
    readable = ["".join(generator.choice(ascii_printable) for _ in range(generator.randint(1, 80))) for _ in range(200)]
    mixed = ["".join(generator.choice(anything) for _ in range(generator.randint(1, 120))) for _ in range(200)]
    body = "\n\n".join(rf"\texttt{{{untrusted_text(text)}}}" for text in readable + mixed)
    path = compile_latex(document("random", body)).write(tmp_path / "random.pdf")
    text = squeezed(pdf_text(path))
    for original in readable:
        assert squeezed(original) in text, original
