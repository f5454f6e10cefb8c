"""``derive check --format pdf|latex``: the transcript report typeset, with the model's text printed literally."""
from __future__ import annotations

import json
import pathlib

from typeset_helpers import ascii_words, pdf_text, run_derive, squeezed

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "fixtures" / "transcripts"

HOSTILE_CHAT = r"""Solve question 1a of the homework.

## 1(a) Expected squared RMS norm

The expected squared RMS norm is $\mathbb{E}[\mathrm{RMS}^2(y)] = d_1 \input{/etc/passwd} \def\x{\x}\x$ and so
$$c = \frac{1}{\sqrt{d_1}} \write18{touch CANARY} \catcode`\^^5c=0 }}{{$$

Next, 5a: how many fwd operations?

For 5a the count is $\def\x{\x}\x 20$, or written out: ^^5c^^5cinput{/etc/passwd}.
"""


def test_the_excerpt_report_as_pdf_matches_the_json_report(tmp_path):
    excerpt = str(FIXTURES / "gpt4o_hw3_excerpt.md")
    done = run_derive(tmp_path, "check", excerpt, "--format", "pdf", "-o", "report.pdf")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote report.pdf (")
    as_json = json.loads(run_derive(tmp_path, "check", excerpt, "--format", "json").stdout)
    text = ascii_words(pdf_text(tmp_path / "report.pdf"))
    summary = as_json["summary"]
    assert f"Firsttrycorrect:{summary['first_try_correct']}/{summary['slots']}slots" in text
    for part in as_json["parts"]:
        assert ascii_words(f"{part['part']} {part['title']}") in text
        for attempt in part["attempts"]:
            assert f"Attempt{attempt['attempt']}(line{attempt['line']})" in text
            for verdict in attempt["verdicts"]:
                assert ascii_words(verdict["slot"]) in text


def test_a_hostile_transcript_is_typeset_literally_and_reads_no_file(tmp_path):
    chat = tmp_path / "chat.md"
    chat.write_text(HOSTILE_CHAT, encoding="utf-8")
    done = run_derive(tmp_path, "check", "chat.md", "--problems", "hw3", "--format", "pdf", "-o", "chat.pdf")
    assert done.returncode == 0, done.stderr
    raw = pdf_text(tmp_path / "chat.pdf")
    assert "root:" not in raw and not (tmp_path / "CANARY").exists()
    text = squeezed(raw)
    for literal in (r"\input{/etc/passwd}", r"\write18{touchCANARY}", r"\catcode`\^^5c=0", r"\def\x{\x}\x"):
        assert squeezed(literal) in text, literal


def test_latex_and_a_file_for_the_text_formats(tmp_path):
    excerpt = str(FIXTURES / "gpt4o_hw3_excerpt.md")
    latex = run_derive(tmp_path, "check", excerpt, "--format", "latex")
    assert latex.returncode == 0 and latex.stdout.startswith("\\documentclass")
    written = run_derive(tmp_path, "check", excerpt, "--format", "markdown", "-o", "report.md")
    assert written.returncode == 0 and written.stdout == "wrote report.md\n"
    assert (tmp_path / "report.md").read_text().startswith("# Transcript check")
