"""Each kind of extension is one new module plus one line in one table; here each is added and used end to end.

The "module" is written in the test (a few functions), and the "line" is the table entry the test adds
with ``monkeypatch``; nothing else is touched, so a dispatch that bypassed its table would fail here.
"""
from __future__ import annotations

import json
import re

import sympy as sp
from click.testing import CliRunner

from derive.bank.schema import Part, Slot
from derive.equality import Comparison
from graders import compare, grade
from graders.modes import registry
from graders.modes.base import GradingMode
from graders.reading import formulas
from graders.reading.errors import ReadError
from graders.reading.formulas import Reader
from graders.reports import formats as output_formats
from graders.reports.formats import OutputFormat
from graders.transcripts import formats as transcript_formats
from graders.transcripts.formats import TranscriptFormat
from graders.transcripts.load import read_transcript_text


# -- a grading mode: "parity" accepts any whole number of the reference's parity -----------------------------
def compare_parity(reading, expected, slot, declared, config) -> Comparison:
    value = reading.value
    if not (isinstance(value, sp.Integer) and isinstance(expected, sp.Integer)):
        return Comparison("undecided", "parity", "parity is defined for whole numbers")
    return Comparison("equal" if (value - expected) % 2 == 0 else "different", "parity")


PARITY = GradingMode("parity", "a whole number of the same parity", answer_kind="number", compare=compare_parity)


def test_a_new_grading_mode_is_one_module_and_one_line(monkeypatch):
    monkeypatch.setitem(registry.MODES, "parity", PARITY)
    part = Part(id="demo/p1", title="Parity", statement="Name an even number.", derivations=[],
                slots=[Slot("even", "parity", sp.Integer(2), "an even number")])
    assert grade(part, "even", "40").status == "correct"
    assert grade(part, "even", "41").status == "incorrect"
    assert grade(part, "even", "x").status == "needs_review"
    from graders.transcripts.answers import answer_kind

    assert answer_kind(part.slot("even")) == "number"  # the transcript checker asks the table, not the name
    monkeypatch.setitem(registry.MODES, "parity", GradingMode(**{**PARITY.__dict__, "for_pairs": True}))
    assert "parity" in registry.pair_modes()


# -- a notation reader: Roman numerals ------------------------------------------------------------------------
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def read_roman(text: str, config) -> sp.Integer:
    if not re.fullmatch(r"[IVXLC]{1,12}", text.strip()):
        raise ReadError("not a Roman numeral")
    values = [ROMAN[c] for c in text.strip()]
    return sp.Integer(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))


def test_a_new_reader_is_one_module_and_one_line(monkeypatch):
    assert compare("14", "XIV").status != "correct"
    roman = Reader("roman", "Roman numerals", read_roman, recognises=lambda t: bool(re.fullmatch(r"[IVXLC]+", t)))
    monkeypatch.setattr(formulas, "FORMULA_READERS", (roman, *formulas.FORMULA_READERS))
    assert compare("14", "XIV").status == "correct"
    assert compare("14", "XVI").status == "incorrect"
    assert compare("x^2", "x \\cdot x").status == "correct"  # the other readers still come after it


# -- a transcript format: a JSON Lines chat export ({"role", "content"} a line) --------------------------------
def looks_like_chat_json(text, config) -> bool:
    return isinstance(text, str) and text.lstrip().startswith('{"role"')


def chat_json_text(text, config, name):
    speakers = {"user": "User", "assistant": "Assistant"}
    turns = [json.loads(line) for line in text.splitlines() if line.strip()]
    return "\n\n".join(f"{speakers.get(t['role'], 'User')}: {t['content']}" for t in turns), ()


def test_a_new_transcript_format_is_one_module_and_one_line(monkeypatch):
    chat = TranscriptFormat("chat-jsonl", "a JSON Lines chat export", (".jsonl",), False, looks_like_chat_json,
                            chat_json_text)
    monkeypatch.setattr(transcript_formats, "TRANSCRIPT_FORMATS", {"chat-jsonl": chat,
                                                                   **transcript_formats.TRANSCRIPT_FORMATS})
    export = '{"role": "user", "content": "Do 5a."}\n{"role": "assistant", "content": "There are $20$ fwd ops."}\n'
    loaded = read_transcript_text(export)
    assert loaded.source == "chat-jsonl" and not loaded.linearised
    assert [(turn.speaker, turn.text) for turn in loaded.labelled_turns] == [
        ("user", "Do 5a."), ("model", "There are $20$ fwd ops.")]


# -- an output format: a worked solution as HTML --------------------------------------------------------------
def parts_html(parts) -> str:
    return "\n".join(f"<section><h2>{part.id}: {part.title}</h2><p>{part.statement}</p></section>" for part in parts)


def test_a_new_output_format_is_one_module_and_one_line(monkeypatch):
    from derive.cli import cli

    monkeypatch.setitem(output_formats.OUTPUT_FORMATS, "html", OutputFormat("html", "a page",
                                                                           solution=parts_html))
    result = CliRunner().invoke(cli, ["solve", "hw3/5b", "--format", "html"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<section><h2>hw3/5b: ")
    assert "html" not in output_formats.formats_for("transcript")  # offered only where it can print
