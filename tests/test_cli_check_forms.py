"""``derive check`` reads a chat by its content: the same chat as .md, .txt, on standard input, or as PDF."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

CORPUS = pathlib.Path(__file__).resolve().parent / "fixtures" / "transcripts" / "corpus"
CHAT = "02_claude_inline_labels_q1a_q5"


def check(cwd: pathlib.Path, argument: str, stdin: bytes | None = None) -> dict:
    """The JSON report of ``derive check ARGUMENT``."""
    done = subprocess.run([sys.executable, "-m", "derive", "check", argument, "--format", "json"], cwd=cwd,
                          input=stdin, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def verdicts(report: dict) -> dict:
    return {(part["part"], v["slot"], attempt["attempt"]): v["status"]
            for part in report["parts"] for attempt in part["attempts"] for v in attempt["verdicts"]}


def test_the_same_chat_by_any_name_or_on_standard_input_is_read_alike(tmp_path):
    text = (CORPUS / f"{CHAT}.md").read_bytes()
    (tmp_path / "chat.txt").write_bytes(text)
    (tmp_path / "chat.pdf.md").write_bytes(text)  # a misleading name
    reports = [check(tmp_path, "chat.txt"), check(tmp_path, "chat.pdf.md"), check(tmp_path, "-", stdin=text)]
    assert all(report["source"].startswith("markdown: ") for report in reports)
    assert verdicts(reports[0]) == verdicts(reports[1]) == verdicts(reports[2])
    assert reports[2]["transcript"] == "standard input"


def test_a_pdf_on_standard_input_is_read_through_its_layout(tmp_path):
    pdf = (CORPUS / "rendered" / f"{CHAT}.chromium.pdf").read_bytes()
    from_stdin = check(tmp_path, "-", stdin=pdf)
    assert from_stdin["source"].startswith("pdf: starts with %PDF-") and "math rebuilt" in from_stdin["source"]
    markdown = check(tmp_path, str(CORPUS / f"{CHAT}.md"))
    survived = {key: status for key, status in verdicts(from_stdin).items() if status not in ("needs_review", "unparseable")}
    assert survived and all(verdicts(markdown).get(key) == status for key, status in survived.items())
