"""The hand-written transcript corpus: each chat in every form it is exported in, and its scoring.

``tests/fixtures/transcripts/corpus/NN_name.md`` is a chat; ``NN_name.expected.jsonl`` is what a careful
grader reads in it, one row per (part, slot, attempt) with ``correct``, ``incorrect`` or ``not_answered``.
``rendered/`` holds the same chat printed to PDF (through Chromium with KaTeX, and through TeX) and the
text pypdf and pdftotext pull out of each PDF (``tests/fixtures/render_corpus.py`` makes them).
A report is scored against the table: parts found, slots accounted for, rows agreeing, and confident
wrong verdicts (a right answer graded ``incorrect``, a wrong or missing one graded ``correct``).
"""
from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass, field

from graders.transcripts.check import TranscriptCheckConfig, check_transcript
from graders.transcripts.load import TranscriptText, load_transcript
from graders.transcripts.results import TranscriptResult

CORPUS = pathlib.Path(__file__).resolve().parent / "fixtures" / "transcripts" / "corpus"
RENDERED = CORPUS / "rendered"
# each form: the file suffix after the chat's name
FORMS = {"markdown": ".md", "chromium-pdf": ".chromium.pdf", "tex-pdf": ".tex.pdf",
         "chromium-pypdf": ".chromium.pypdf.txt", "chromium-pdftotext": ".chromium.pdftotext.txt",
         "tex-pypdf": ".tex.pypdf.txt", "tex-pdftotext": ".tex.pdftotext.txt"}
UNDECIDED = ("needs_review", "unparseable", "error")


def names() -> list[str]:
    """The corpus chats, by name (``01_chatgpt_web_signgd``)."""
    return sorted(path.name.removesuffix(".md") for path in CORPUS.glob("[0-9][0-9]_*.md"))


def form_path(name: str, form: str) -> pathlib.Path:
    """The file holding chat ``name`` in ``form``."""
    return (CORPUS if form == "markdown" else RENDERED) / (name + FORMS[form])


def expected_rows(name: str) -> list[dict]:
    """The careful grader's table for chat ``name``."""
    return [json.loads(line) for line in (CORPUS / f"{name}.expected.jsonl").read_text().splitlines() if line.strip()]


@dataclass
class Score:
    """How a report compares with the careful grader's table."""

    parts_expected: int = 0
    parts_found: int = 0
    slots: int = 0
    slots_accounted: int = 0
    rows: int = 0
    agreeing: int = 0
    undecided: int = 0
    confident_wrong: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        """Count ``other``'s chat into this total."""
        for name in ("parts_expected", "parts_found", "slots", "slots_accounted", "rows", "agreeing", "undecided"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.confident_wrong += other.confident_wrong
        self.misses += other.misses

    def line(self) -> str:
        """The score as one line of a table."""
        return (f"parts {self.parts_found}/{self.parts_expected}  slots {self.slots_accounted}/{self.slots}  "
                f"agree {self.agreeing}/{self.rows}  undecided {self.undecided}  "
                f"confident-wrong {len(self.confident_wrong)}")


def check_file(path: pathlib.Path, parts: dict, workers: int = 1) -> tuple[TranscriptText, TranscriptResult]:
    """Load and check one transcript file as ``derive check`` does."""
    loaded = load_transcript(path)
    result = check_transcript(path.name, loaded.text, parts, TranscriptCheckConfig(workers=workers),
                              [(turn.speaker, turn.text) for turn in loaded.labelled_turns],
                              linearised=loaded.linearised)
    return loaded, result


def _agrees(expected: str, status: str) -> bool:
    if expected == "correct":
        return status == "correct"
    if expected == "incorrect":
        return status in ("incorrect", "partial")
    return status == "not_answered"


def _confidently_wrong(expected: str, status: str) -> bool:
    return (expected == "correct" and status == "incorrect") or (expected != "correct" and status == "correct")


def score(result: TranscriptResult, rows: list[dict]) -> Score:
    """The report of one chat scored against its expected table."""
    found = {(part.part, verdict.slot, attempt.attempt): verdict.status
             for part in result.parts for attempt in part.attempts for verdict in attempt.verdicts}
    reported = {part.part: part for part in result.parts}
    outcome = Score()
    expected_parts = sorted({row["part"] for row in rows})
    outcome.parts_expected = len(expected_parts)
    outcome.parts_found = sum(part in reported for part in expected_parts)
    for part in expected_parts:
        if part in reported:
            statuses = reported[part].slot_statuses()
            declared = reported[part].slots
            outcome.slots += len(declared)
            outcome.slots_accounted += sum(slot in statuses for slot in declared)
    for row in rows:
        key = (row["part"], row["slot"], row["attempt"])
        status = found.get(key, "not_answered")
        outcome.rows += 1
        where = f"{row['part']}/{row['slot']}#{row['attempt']}: expected {row['verdict']}, got {status}"
        if _agrees(row["verdict"], status):
            outcome.agreeing += 1
            continue
        if status in UNDECIDED:
            outcome.undecided += 1
        if _confidently_wrong(row["verdict"], status):
            outcome.confident_wrong.append(where)
        outcome.misses.append(where)
    return outcome
