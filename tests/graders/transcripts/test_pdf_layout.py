"""PDF transcripts read glyph by glyph: math rebuilt as LaTeX from TeX and KaTeX PDFs, prose left as prose.

The TeX and Chromium+KaTeX PDFs are made at test time (pdflatex; node with the project's KaTeX and
headless Chromium) and skipped, saying why, when a tool is missing.  Rebuilt formulas are compared
with the ones typeset by reading both with the project's formula reader, so ``d_{1}`` and ``d_1``
agree; a formula the reader cannot read is compared as normalised LaTeX.
"""
from __future__ import annotations

import io
import json
import pathlib
import re
import shutil
import subprocess
import time

import pytest
from pypdf import PdfReader, PdfWriter

from graders.reading.formulas import read_formula
from graders.transcripts.config import TranscriptConfig
from graders.transcripts.formats import TRANSCRIPT_FORMATS, Extracted, as_extracted, reason
from graders.transcripts.pdf import PdfTextError, extract_pdf_text, read_pdf
from graders.transcripts.pdf_glyphs import Glyph, PageGlyphs, Shape, font_info
from graders.transcripts.pdf_layout import RAW_CLOSE, RAW_OPEN, page_layout

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "transcripts"
FORMULAS = [
    r"\frac{1}{\sqrt{d_1}}",
    r"\mathbb{E}[\text{RMS}^2(y)] = d_1",
    r"d_1 + \frac{2}{\pi} d_1 (d_1 - 1)",
    r"\sum_{k=1}^{d_1} |x_k|",
    r"\mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2 I)}\left[\frac{f(x)(x-\mu)}{\sigma^2}\right]",
    r"\Theta(d_1^2)",
    r"y_j^2",
    r"\sqrt{\pi/2}\,/\,d_1",
    r"50\,\text{ns}",
    r"k \neq l",
    r"\nabla_\mu \log p_\mu(x)",
]
TEX_TEXT_ONLY = {r"50\,\text{ns}"}  # TeX prints it in its text font only: indistinguishable from prose "50 ns"
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$")
PROSE = ("Plain words stay plain: see https://example.com/a_b?x=1 for the details of it. A chat's paragraphs run "
         "over several lines, so the text column is as wide as the page lets it be, and a display formula stands "
         "in the middle of it.")


def formulas(text: str) -> list[str]:
    """The $..$ and $$..$$ spans of a text, in order."""
    return [m.group(1) or m.group(2) for m in MATH.finditer(text)]


def normalised(latex: str) -> str:
    """LaTeX without spacing commands, \\left/\\right and braces around one-character scripts."""
    latex = re.sub(r"\\(left|right)(?![A-Za-z])|\\[,;!]|\s+", "", latex).replace(r"\neq", r"\ne")
    return re.sub(r"([_^])\{(\\[A-Za-z]+|\w)\}", r"\1\2", latex)


def same_formula(rebuilt: str, typeset: str) -> bool:
    """Whether a rebuilt formula reads as the typeset one (by the formula reader, else as normalised LaTeX)."""
    if normalised(rebuilt) == normalised(typeset):
        return True
    try:
        return read_formula(rebuilt) == read_formula(typeset)
    except Exception:  # the reader cannot read the typeset formula either: compare the strings only
        return False


def run(command: list[str], cwd: pathlib.Path, what: str) -> None:
    """Run a tool, failing with its output when it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{what} failed: {done.stdout[-2000:]}{done.stderr[-2000:]}"


def tex_pdf(folder: pathlib.Path, body: str) -> bytes:
    """A LaTeX article set by pdflatex, with Unicode maps for its math fonts (as chat exports made by TeX have)."""
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed ('make tex' installs it)")
    source = (r"\documentclass[11pt]{article}\usepackage[a4paper,margin=2.5cm]{geometry}\usepackage{cmap}"
              r"\usepackage{amsmath,amssymb}\input{glyphtounicode}\pdfgentounicode=1\setlength{\parindent}{0pt}"
              "\n\\begin{document}\n" + body + "\n\\end{document}\n")
    (folder / "chat.tex").write_text(source, encoding="utf-8")
    run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "chat.tex"], folder, "pdflatex")
    return (folder / "chat.pdf").read_bytes()


def katex_pdf(folder: pathlib.Path, paragraphs: list[tuple[str, list[str]]]) -> bytes:
    """An HTML page whose formulas KaTeX typesets (inline, then display), printed to PDF by headless Chromium."""
    from graders.batch.html import ReportError, katex_dist

    try:
        dist = katex_dist()
    except ReportError as exc:
        pytest.skip(str(exc))
    for tool in ("node", "chromium"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed ('make install browser' installs it)")
    (folder / "input.json").write_text(json.dumps(paragraphs), encoding="utf-8")
    script = """
const katex = require(process.argv[1]); const fs = require('fs');
const paragraphs = JSON.parse(fs.readFileSync('input.json', 'utf8'));
let body = '';
for (const [prose, tex] of paragraphs) {
  body += '<p>' + prose + tex.map(t => ' ' + katex.renderToString(t) + ' and so on.').join('') + '</p>';
  tex.forEach(t => { body += katex.renderToString(t, {displayMode: true}); });
}
fs.writeFileSync('chat.html', '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="'
  + process.argv[2] + '"><style>body{font-family:sans-serif;max-width:40em}</style></head><body>' + body
  + '</body></html>');
"""
    run(["node", "-e", script, str(dist / "katex.js"), (dist / "katex.min.css").as_uri()], folder, "KaTeX")
    run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--print-to-pdf=chat.pdf", "chat.html"], folder, "chromium")
    return (folder / "chat.pdf").read_bytes()


@pytest.fixture(scope="module")
def tex_text(tmp_path_factory) -> str:
    body = "\n\n".join(f"Formula {k}: ${f}$ as said.\n\\[ {f} \\]" for k, f in enumerate(FORMULAS))
    return read_pdf(tex_pdf(tmp_path_factory.mktemp("tex"), PROSE.replace("_", r"\_") + "\n\n" + body)).text


@pytest.fixture(scope="module")
def katex_text(tmp_path_factory) -> str:
    paragraphs = [(PROSE, [])] + [(f"Formula {k}:", [f]) for k, f in enumerate(FORMULAS)]
    return read_pdf(katex_pdf(tmp_path_factory.mktemp("katex"), paragraphs)).text


def found_formulas(text: str, number: int) -> list[str]:
    """The formulas on the inline line of formula ``number`` and on the display line after it."""
    lines = [line for line in text.split("\n") if line.strip() and not line.startswith("--- Page")]
    k = next(n for n, line in enumerate(lines) if line.startswith(f"Formula {number}:"))
    return formulas(lines[k]) + formulas(lines[k + 1])


# --- Formulas rebuilt from TeX and KaTeX PDFs ------------------------------------------------------

@pytest.mark.parametrize("number", range(len(FORMULAS)))
def test_tex_formulas_are_rebuilt_inline_and_displayed(tex_text, number):
    typeset = FORMULAS[number]
    if typeset in TEX_TEXT_ONLY:
        line = next(line for line in tex_text.split("\n") if line.startswith(f"Formula {number}:"))
        assert formulas(line) == [] and "50 ns" in line
        return
    found = found_formulas(tex_text, number)
    assert len(found) == 2, found
    assert all(same_formula(f, typeset) for f in found), (found, typeset)


@pytest.mark.parametrize("number", range(len(FORMULAS)))
def test_katex_formulas_are_rebuilt_inline_and_displayed(katex_text, number):
    found = found_formulas(katex_text, number)
    assert len(found) == 2, found
    assert all(same_formula(f, FORMULAS[number]) for f in found), (found, FORMULAS[number])


def test_a_display_formula_is_on_a_line_of_its_own(tex_text, katex_text):
    for text in (tex_text, katex_text):
        displays = [line for line in text.split("\n") if line.startswith("$$")]
        assert len(displays) >= len(FORMULAS) - 1 and all(line.endswith("$$") for line in displays)


def test_prose_stays_prose(tex_text, katex_text):
    for text in (tex_text, katex_text):
        line = next(line for line in text.split("\n") if line.startswith("Plain words"))
        assert "$" not in line and "https://example.com/a_b?x=1" in line and "paragraphs" in text


def test_the_excerpt_export_has_its_boxed_answer_rebuilt():
    result = read_pdf((FIXTURES / "gpt4o_hw3_excerpt.pdf").read_bytes())
    assert result.layout and result.formulas > 40 and result.raw == 0 and result.warnings == ()
    boxed = next(f for f in formulas(result.text) if f.startswith(r"\boxed"))
    assert normalised(boxed) == normalised(r"\boxed{\nabla_\mu F(\mu)=\mathbb{E}_{x\sim\mathcal{N}(\mu,\sigma^2I)}"
                                           r"[\frac{f(x)(x-\mu)}{\sigma^2}]}")
    assert any(normalised(f).endswith(r"\alpha=\frac{1}{\sqrt{d_1}}") for f in formulas(result.text))
    assert "**Me:** We are going to work" in result.text and "\n**ChatGPT:**\n" in result.text  # bold, as it is set
    assert "ready for **Question 5(b)**." in result.text


# --- Plain PDFs, hostile PDFs, limits ----------------------------------------------------------

def test_a_pdf_without_math_fonts_is_read_as_before(tmp_path):
    raw = tex_pdf(tmp_path, PROSE.replace("_", r"\_") + "\n\nA second paragraph, with no formula at all.")
    result = read_pdf(raw)
    old = "\n--- Page 2 ---\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    assert not result.layout and result.text == old and extract_pdf_text(raw) == (old, ())


def test_garbage_after_the_signature_is_refused_cleanly():
    with pytest.raises(PdfTextError, match="could not be read as a PDF"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 8)


def test_an_encrypted_pdf_is_refused_cleanly():
    writer = PdfWriter(clone_from=FIXTURES / "gpt4o_hw3_excerpt.pdf")
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PdfTextError, match="is encrypted"):
        read_pdf(buffer.getvalue(), "chat.pdf")


def test_reading_stops_at_the_time_limit(monkeypatch):
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr("graders.transcripts.pdf.time.monotonic", lambda: next(clock))
    result = read_pdf((FIXTURES / "gpt4o_hw3_excerpt.pdf").read_bytes(), max_seconds=15)
    assert result.pages == 1 and any("pages from 2 on not read" in w for w in result.warnings)


@pytest.mark.slow
def test_a_thirty_page_chat_is_read_quickly(tmp_path):
    source = (FIXTURES / "gpt4o_hw3_excerpt.tex").read_text(encoding="utf-8")
    head, rest = source.split(r"\begin{document}", 1)
    body = rest.split(r"\end{document}", 1)[0]
    (tmp_path / "long.tex").write_text(head + r"\begin{document}" + body * 6 + r"\end{document}", encoding="utf-8")
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed ('make tex' installs it)")
    run(["pdflatex", "-interaction=nonstopmode", "long.tex"], tmp_path, "pdflatex")
    raw = (tmp_path / "long.pdf").read_bytes()
    started = time.process_time()
    result = read_pdf(raw)
    assert result.pages >= 25 and result.layout
    assert time.process_time() - started < 3.0


# --- The pdf format ----------------------------------------------------------------------------

def test_the_pdf_format_says_its_math_is_delimited_and_why():
    raw = (FIXTURES / "gpt4o_hw3_excerpt.pdf").read_bytes()
    pdf = TRANSCRIPT_FORMATS["pdf"]
    extracted = pdf.extract(raw, TranscriptConfig(), "chat.pdf")
    assert isinstance(extracted, Extracted) and extracted.linearised is False and pdf.paged
    text, warnings = extracted  # unpacks as (text, warnings), as extract results did before
    assert text == extracted.text and warnings == ()
    why = reason(pdf, raw, TranscriptConfig(), extracted)
    assert why.startswith("starts with %PDF-; 5 pages; math rebuilt from glyph layout on ")
    assert as_extracted(("x", ())) == Extracted("x", ())


# --- Layout rules on hand-made pages -------------------------------------------------------------

def glyph(char: str, font: str, size: float, x: float, base: float, width: float | None = None) -> Glyph:
    """One glyph of a hand-made page."""
    return Glyph(char, font_info(font), size, x, x + (width or 0.5 * size), base, ord(char[0]) if char else 0)


def word(text: str, font: str, size: float, x: float, base: float) -> list[Glyph]:
    """A word of a hand-made page, letters side by side."""
    return [glyph(ch, font, size, x + 0.5 * size * k, base) for k, ch in enumerate(text)]


def page(glyphs: list[Glyph], shapes: list[Shape] = ()) -> str:
    """A hand-made page's text."""
    return page_layout(PageGlyphs(glyphs, list(shapes), 600, 800)).text


def test_a_bar_with_math_centred_above_and_below_is_a_fraction():
    glyphs = word("Take", "LiberationSans", 10, 10, 100) + [
        glyph("x", "CMMI10", 10, 40, 100), glyph("=", "CMR10", 10, 48, 100),
        glyph("1", "CMR7", 7, 62.25, 104.5, 3.5), glyph("n", "CMMI7", 7, 62.25, 96.5, 3.5)]
    assert page(glyphs, [Shape("rule", 60, 102.3, 68, 102.7)]) == r"Take $x=\frac{1}{n}$"


def test_a_bar_with_math_off_centre_above_it_is_kept_as_raw_text():
    glyphs = [glyph("x", "CMMI10", 10, 40, 100), glyph("=", "CMR10", 10, 48, 100),
              glyph("1", "CMR7", 7, 60, 104.5, 3.5), glyph("n", "CMMI7", 7, 68.25, 96.5, 3.5)]
    text = page(glyphs, [Shape("rule", 60, 102.3, 80, 102.7)])
    assert RAW_OPEN in text and RAW_CLOSE in text and r"\frac" not in text
    assert all(RAW_OPEN not in f for f in formulas(text))  # raw text is never inside $..$


def test_raised_and_lowered_smaller_glyphs_are_scripts_of_their_base():
    glyphs = [glyph("y", "KaTeX_Math-Italic", 14, 100, 200), glyph("j", "KaTeX_Math-Italic", 10, 107, 196.5),
              glyph("2", "KaTeX_Main-Regular", 10, 107, 205)]
    assert formulas(page(glyphs)) == ["y_j^2"]


def test_words_in_a_prose_font_never_become_math():
    glyphs = word("sin", "LiberationSans", 10, 10, 100) + word("x", "LiberationSans", 10, 30, 100)
    assert page(glyphs) == "sin x"


def test_a_word_hyphenated_by_tex_is_rejoined():
    glyphs = word("exam-", "CMR10", 10, 10, 100) + word("ple", "CMR10", 10, 10, 86) + word("text", "CMR10", 10, 40, 86)
    assert page(glyphs) == "example\ntext"
