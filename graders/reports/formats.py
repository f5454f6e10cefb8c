"""The output formats: one table that ``derive solve``, ``derive grade``/``compare`` and ``derive check`` read.

A format names a way of printing and gives a renderer for each kind of result it can print: a
worked solution (``solution``), graded verdicts (``verdicts``), a checked transcript
(``transcript``).  Each command offers the formats that can print its kind.  Adding a format is
one module with its render functions plus one line in ``_FORMATS``.  A ``typeset`` format's renderer
gives a complete TeX document, which the command compiles to PDF and writes to a file.

Examples:
    >>> formats_for("solution")
    ['text', 'markdown', 'latex', 'json']
    >>> formats_for("transcript")
    ['markdown', 'latex', 'pdf', 'json', 'csv']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, Sequence

from derive.bank.schema import Part
from derive.render import parts
from derive.typeset.solutions import solutions_latex
from graders.reports import transcript, transcript_tex, verdicts
from graders.transcripts.results import TranscriptResult
from graders.verdict import Verdict

Kind = Literal["solution", "verdicts", "transcript"]


@dataclass(frozen=True)
class OutputFormat:
    """A named way of printing, and its renderer for each kind of result it can print."""

    name: str
    summary: str
    solution: Callable[[Sequence[Part]], str] | None = None
    verdicts: Callable[[Sequence[Verdict]], str] | None = None
    transcript: Callable[[TranscriptResult], str] | None = None
    typeset: bool = False  # the renderer gives TeX to compile; the command writes the PDF to a file

    def renderer(self, kind: Kind) -> Callable:
        """The function that prints a result of ``kind``; a format without one is not offered for it."""
        render = getattr(self, kind)
        if render is None:
            raise KeyError(f"the {self.name} format does not print a {kind}")
        return render


_FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "for a terminal: numbered chains, a block per verdict",
                 solution=parts.parts_text, verdicts=verdicts.verdicts_text),
    OutputFormat("markdown", "display math; a summary and a table per part for transcripts",
                 solution=parts.parts_markdown, transcript=transcript.as_markdown),
    OutputFormat("latex", "a complete document to compile with pdflatex", solution=solutions_latex,
                 transcript=transcript_tex.transcript_latex),
    OutputFormat("pdf", "typeset by TeX, written to the file -o names", transcript=transcript_tex.transcript_latex,
                 typeset=True),
    OutputFormat("json", "one document, as in docs/json-outputs.md", solution=parts.parts_json,
                 verdicts=verdicts.verdicts_json, transcript=transcript.as_json_text),
    OutputFormat("jsonl", "one verdict object a line", verdicts=verdicts.verdicts_jsonl),
    OutputFormat("csv", "one row per verdict, safe to open in a spreadsheet", transcript=transcript.as_csv),
)

OUTPUT_FORMATS: dict[str, OutputFormat] = {output.name: output for output in _FORMATS}


def formats_for(kind: Kind) -> list[str]:
    """The names of the formats that print a result of ``kind``, in table order."""
    return [name for name, output in OUTPUT_FORMATS.items() if getattr(output, kind) is not None]


def render(name: str, kind: Kind, result: object) -> str:
    """``result`` printed in the format called ``name``."""
    return OUTPUT_FORMATS[name].renderer(kind)(result)
