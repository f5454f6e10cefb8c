"""Transcripts load from Markdown, from text extracted from PDF exports, and from PDF files, as one normalised text."""
from __future__ import annotations

import io
import json
import pathlib
import random

import pytest
from pypdf import PdfWriter

from graders.transcripts.pdf import extract_pdf_text
from graders.transcripts.load import (TranscriptConfig, TranscriptError, Turn, load_transcript,
                                     read_transcript_text)

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "transcripts"
SAMPLES = ["sample_linearised_q1", "sample_linearised_q45"]


def sidecar(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.json").read_text(encoding="utf-8"))


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def excerpt_pdf() -> PdfWriter:
    return PdfWriter(clone_from=FIXTURES / "gpt4o_hw3_excerpt.pdf")


def pdf_text(text: str) -> str:
    return read_transcript_text(text, "pdf-text").text


# --- Markdown ------------------------------------------------------------------------------------

def test_markdown_export_keeps_its_text_and_has_no_labels():
    path = FIXTURES / "gpt4o_hw3_excerpt.md"
    loaded = load_transcript(path)
    assert loaded.source == "markdown"
    assert loaded.text == path.read_text(encoding="utf-8")
    assert loaded.labelled_turns == () and loaded.warnings == ()
    assert r"$$\boxed{\nabla_\mu F(\mu) = \mathbb{E}_{x \sim \mathcal{N}(\mu, \sigma^2 I)}" in loaded.text


def test_bom_and_crlf_are_normalised():
    path = FIXTURES / "gpt4o_hw3_excerpt_bom_crlf.md"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") > 50
    loaded = load_transcript(path)
    assert loaded.source == "markdown"
    assert "\r" not in loaded.text and "\ufeff" not in loaded.text
    assert loaded.text.startswith("We are going to work on solving this deep learning homework.")
    assert (FIXTURES / "gpt4o_hw3_excerpt.md").read_text(encoding="utf-8").startswith(loaded.text)


def test_line_ends_and_control_characters():
    loaded = read_transcript_text(b"a\rb\x00c\x07\td\x1b[0m\r\ne\x7f\x0cf\xc2\x85g", "markdown")
    assert loaded.text == "a\nbc\td[0m\nef\ng"
    assert read_transcript_text("\ufeffx\u2028y").text == "x\ny"


def test_markdown_keeps_unicode_math_as_it_is():
    assert read_transcript_text("µ and π and √x ≤ 1", "markdown").text == "µ and π and √x ≤ 1"


# --- Text extracted from PDF exports -------------------------------------------------------------

def test_extracted_text_loses_page_markers_headers_footers_and_stray_controls():
    raw = (FIXTURES / "gpt4o_hw3_excerpt.txt").read_text(encoding="utf-8")
    assert "--- Page 3 ---" in raw and "Exported conversation Page 2" in raw and "\x88" in raw
    loaded = load_transcript(FIXTURES / "gpt4o_hw3_excerpt.txt")
    assert loaded.source == "pdf-text"
    for furniture in ("--- Page", "Exported conversation", "Shared chat", "\x88", "\x14"):
        assert furniture not in loaded.text
    assert len(loaded.warnings) == 2 and all("running header or footer" in w for w in loaded.warnings)


@pytest.mark.parametrize("stem", SAMPLES)
def test_page_marker_cutting_a_formula_is_removed_and_the_formula_rejoined(stem):
    expected = sidecar(stem)
    raw = (FIXTURES / f"{stem}.txt").read_text(encoding="utf-8")
    assert raw.count("--- Page ") == expected["page_markers"]
    loaded = load_transcript(FIXTURES / f"{stem}.txt")
    assert loaded.source == expected["source"]
    assert "--- Page" not in loaded.text and " of 3" not in loaded.text
    assert expected["rejoined"] in loaded.text.split("\n")


def test_running_header_is_dropped_at_page_edges_only():
    loaded = load_transcript(FIXTURES / "sample_linearised_q45.txt")
    assert "hw3 — chat export" not in loaded.text
    assert any("hw3 — chat export" in w for w in loaded.warnings)
    body = "\n".join(f"line {k}" for k in range(1, 8))
    pages = [f"Course notes\n{body}\nCourse notes\n{body}\nfooter {n} / 4" for n in range(1, 5)]
    text = pdf_text("\n\f".join(pages))
    assert "footer" not in text and not text.startswith("Course notes")
    assert text.count("Course notes") == 4 and text.count("line 7") == 8


def test_few_pages_keep_repeated_lines():
    assert pdf_text("Intro\nx\n--- Page 2 ---\nIntro\ny") == "Intro\nx\nIntro\ny"


@pytest.mark.parametrize("raw, expected", [
    ("E[z2] = d1 +\n--- Page 2 ---\n2/π d12", r"E[z2] = d1 + 2/\pi d12"),
    ("f(x)(x −\nPage 3 of 12\n--- Page 4 ---\nµ)/σ2", r"f(x)(x - \mu)/\sigma2"),
    ("α = (1\fd1)", r"\alpha = (1 d1)"),
    ("y = a\n--- Page 2 ---\n+ b", "y = a + b"),
    ("It ends here.\n--- Page 2 ---\nNext page.", "It ends here.\nNext page."),
    ("It ends here.\n\n--- Page 2 ---\nNew paragraph.", "It ends here.\n\nNew paragraph."),
    ("Final answers:\nPage 1 of 2\n- first", "Final answers:\n- first"),
    ("\n\nTitle\n---\n--- Page 2 ---\n- item", "\n\nTitle\n---\n- item"),
])
def test_page_boundaries(raw, expected):
    assert pdf_text(raw) == expected


@pytest.mark.parametrize("stem", SAMPLES)
def test_linearised_math_is_kept_for_a_later_stage(stem):
    linearised = sidecar(stem)["linearised"]
    text = load_transcript(FIXTURES / f"{stem}.txt").text
    for fragment in linearised["broken_fractions"] + linearised["flattened_scripts"] + linearised["unclear_roots"]:
        assert fragment in text


@pytest.mark.parametrize("raw, expected", [
    ("√d1", r"\sqrt{d1}"),
    ("1/√d1.", r"1/\sqrt{d1}."),
    ("E|x| = √(2/π),", r"E|x| = \sqrt{2/\pi},"),
    ("√2 = 1.41", r"\sqrt{2} = 1.41"),
    ("√π", r"\sqrt{\pi}"),
    ("√d1(1 − 2/π)", r"√d1(1 - 2/\pi)"),
    ("√2π", r"√2\pi"),
    ("√x + y", "√x + y"),
    ("π µ μ σ θ Θ ∇ ∼ ≤ ≥ ∈ ∥ × · −", r"\pi \mu \mu \sigma \theta \Theta \nabla \sim \le \ge \in \| \times \cdot -"),
    ("Σk |xk|", r"\sum k |xk|"),
    ("x ∼ N(0, Σ)", r"x \sim N(0, \Sigma)"),
    ("Σ ∈ Rd×d", r"\Sigma \in Rd\times d"),
    ("nℓ and ℓ2", r"n\ell and \ell2"),
    ("πx + σy", r"\pi x + \sigma y"),
    ("2πσ²", r"2\pi\sigma^2"),
    ("Θ(d₁²)", r"\Theta(d_1^2)"),
    ("x₁₂ σ⁻¹ Wᵀ", r"x_{12} \sigma^{-1} W^\top"),
    ("‖y‖² ≈ d", r"\|y\|^2 \approx d"),
    ("𝔼[𝑥] ∈ ℝ, 𝒩(0, 1)", r"\mathbb{E}[x] \in \mathbb{R}, \mathcal{N}(0, 1)"),
    ("d2 1 and d12 and d_1^2", "d2 1 and d12 and d_1^2"),
])
def test_unicode_math_becomes_latex_where_unambiguous(raw, expected):
    assert pdf_text(raw) == expected


# --- Speaker labels ------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", SAMPLES)
def test_labelled_turns_of_the_samples(stem):
    expected = sidecar(stem)
    turns = load_transcript(FIXTURES / f"{stem}.txt").labelled_turns
    assert [turn.speaker for turn in turns] == expected["speakers"]
    assert all(turn.text for turn in turns)
    assert not any(turn.text.startswith(tuple(expected["labels"].values())) for turn in turns)


def test_labelled_turns_of_the_sample_q1():
    turns = load_transcript(FIXTURES / "sample_linearised_q1.txt").labelled_turns
    assert turns[2] == Turn("user", "Nice, you may move on to Question 1b")
    assert turns[3].text.startswith("Question 1(b): expected RMS norm")
    assert turns[3].text.endswith("Let me know when you'd like me to proceed to Question 1c.")


@pytest.mark.parametrize("raw, expected", [
    ("You said:\nhi\nChatGPT said:\nhello", [("user", "hi"), ("model", "hello")]),
    ("**User:** hi\n**Assistant:** yo", [("user", "hi"), ("model", "yo")]),
    ("Title\n\nMe: q\nClaude 3.5 Sonnet: a\nGPT-4o mini: b", [(None, "Title"), ("user", "q"), ("model", "a"),
                                                             ("model", "b")]),
    ("## ChatGPT:\nanswer\nME: ok", [("model", "answer"), ("user", "ok")]),
])
def test_label_styles(raw, expected):
    turns = read_transcript_text(raw, "pdf-text").labelled_turns
    assert [(turn.speaker, turn.text) for turn in turns] == expected


def test_lines_that_are_not_labels():
    assert read_transcript_text("Note: x\nMeaning: y\nThe user: z\nModel: 3 layers", "pdf-text").labelled_turns == ()


# --- PDF files -----------------------------------------------------------------------------------

def test_pdf_text_layer_has_the_boxed_4a_formula_and_the_labels():
    raw, warnings = extract_pdf_text((FIXTURES / "gpt4o_hw3_excerpt.pdf").read_bytes())
    assert warnings == ()
    boxed = raw[raw.index("Final boxed answer:"):][:300]
    # the math is rebuilt from the glyphs' layout: the boxed formula comes back as LaTeX
    assert r"\boxed{\nabla_{\mu}F(\mu)=\mathbb{E}_{x\sim\mathcal{N}(\mu,\sigma^2 I)}" in boxed
    assert r"\frac{f(x)(x-\mu)}{\sigma^2}" in boxed
    loaded = load_transcript(FIXTURES / "gpt4o_hw3_excerpt.pdf")
    assert loaded.source == "pdf" and not loaded.linearised and "math rebuilt" in loaded.reason
    assert [turn.speaker for turn in loaded.labelled_turns] == sidecar("gpt4o_hw3_excerpt")["speakers"]
    assert loaded.labelled_turns[2] == Turn("user", "Nice, let’s go to 4a")
    assert loaded.text.count("**ChatGPT:**") == 3 and loaded.text.lstrip().startswith("**Me:** We are going to work")


def test_pdf_and_its_extracted_text_load_alike():
    from_pdf = load_transcript(FIXTURES / "gpt4o_hw3_excerpt.pdf")
    from_text = load_transcript(FIXTURES / "gpt4o_hw3_excerpt.txt")
    assert from_text.source == "pdf-text"
    assert [t.speaker for t in from_pdf.labelled_turns] == [t.speaker for t in from_text.labelled_turns]
    assert from_pdf.warnings == from_text.warnings


def test_pdf_bytes_are_detected_whatever_the_name(tmp_path):
    path = tmp_path / "chat.md"
    path.write_bytes((FIXTURES / "gpt4o_hw3_excerpt.pdf").read_bytes())
    assert load_transcript(path).source == "pdf"


def test_an_empty_page_is_reported():
    writer = excerpt_pdf()
    writer.insert_blank_page(index=1)
    loaded = read_transcript_text(pdf_bytes(writer))
    assert "page 2: text layer empty" in loaded.warnings
    assert "Let me know when you’re ready for **Question 5(b)**." in loaded.text  # bold in the PDF


def test_pdf_with_an_empty_user_password_is_read():
    writer = excerpt_pdf()
    writer.encrypt("", owner_password="owner")
    assert read_transcript_text(pdf_bytes(writer)).source == "pdf"


# --- Format detection ----------------------------------------------------------------------------

@pytest.mark.parametrize("content, source", [
    ("Plain chat with $x^2$ math.\n\nThanks!", "markdown"),
    ("One line.\n--- Page 2 ---\nTwo.", "pdf-text"),
    ("Me: hello\nChatGPT: hi", "markdown"),  # speaker labels are no mark of a PDF: chat apps print them too
    ("You said:\nq\n\nChatGPT said:\n$E[y] = d_1$ and $c = 1/\\sqrt{d_1}$, so $x$.", "markdown"),
    ("E[∥y∥2] = d2 · d1 so σ ∼ √d1 ≤ π", "pdf-text"),
    ("Costs ≤ 3 euros.", "markdown"),
])
def test_txt_format_detection(tmp_path, content, source):
    path = tmp_path / "chat.txt"
    path.write_text(content, encoding="utf-8")
    assert load_transcript(path).source == source


def test_the_content_decides_not_the_suffix(tmp_path):
    """A .markdown file holding a PDF's text (page markers, Unicode math) is read as PDF text, and a .txt
    holding a Markdown chat as Markdown; each says why."""
    extracted = tmp_path / "chat.markdown"
    extracted.write_text("Me: x ∼ N(0, σ²)\n--- Page 2 ---\nok", encoding="utf-8")
    loaded = load_transcript(extracted)
    assert loaded.source == "pdf-text" and "page markers" in loaded.reason
    chat = tmp_path / "chat.txt"
    chat.write_text("Me: what is 1a?\n\nChatGPT: $E[y] = d_1$, $c = 1/\\sqrt{d_1}$, $\\Theta(d_1)$.", encoding="utf-8")
    loaded = load_transcript(chat)
    assert loaded.source == "markdown" and not loaded.linearised and "3 formulas" in loaded.detected


# --- Errors --------------------------------------------------------------------------------------

def error_for(path_or_raw, **kwargs) -> str:
    with pytest.raises(TranscriptError) as caught:
        if isinstance(path_or_raw, pathlib.Path):
            load_transcript(path_or_raw, **kwargs)
        else:
            read_transcript_text(path_or_raw, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.endswith(".")
    return message


def test_missing_file(tmp_path):
    assert "no transcript file at" in error_for(tmp_path / "nowhere.md")


def test_folder(tmp_path):
    assert "is a folder" in error_for(tmp_path)


def test_empty_file(tmp_path):
    path = tmp_path / "chat.md"
    path.write_bytes(b"")
    assert error_for(path) == "chat.md is empty: give a file with the chat's text."
    path.write_bytes(b"\xef\xbb\xbf \r\n\t\r\n")
    assert "chat.md has no text" in error_for(path)


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    assert "huge.txt is over the 20 MB limit" in error_for(path)  # counted on what was read, not on stat()
    assert "over the 1 MB limit" in error_for(b"x" * (1024 * 1024 + 1), config=TranscriptConfig(max_bytes=1024 * 1024))


def test_encrypted_pdf(tmp_path):
    writer = excerpt_pdf()
    writer.encrypt("secret")
    path = tmp_path / "chat.pdf"
    path.write_bytes(pdf_bytes(writer))
    assert "chat.pdf is encrypted" in error_for(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes(random.Random(7).randbytes(4096))
    assert "neither UTF-8 text nor a PDF" in error_for(path)


def test_binary_that_happens_to_be_utf8():
    assert "looks like binary data" in error_for(bytes(range(0, 32)) * 40)


def test_utf16_text():
    assert "UTF-16" in error_for("Me: hi".encode("utf-16"))


def test_pdf_without_a_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(writer))
    assert "scan.pdf has no text layer" in error_for(path)


def test_broken_pdf():
    assert "could not be read as a PDF" in error_for(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\n%%EOF")


def test_pdf_suffix_without_pdf_content(tmp_path):
    path = tmp_path / "chat.pdf"
    path.write_text("Me: hi", encoding="utf-8")
    assert "chat.pdf is not a PDF" in error_for(path)


def test_unknown_source_hint_is_a_programming_error():
    with pytest.raises(ValueError, match="source_hint"):
        read_transcript_text("x", "html")
