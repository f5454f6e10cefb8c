"""A checked transcript as a TeX document: the summary, then per part its slots' statuses and every attempt.

The same report as the Markdown one (``transcript.as_markdown``), typeset: the model's text printed
literally, what was read set as math only when it is a formula our printers could have made.
"""
from __future__ import annotations

from derive.typeset.document import document
from derive.typeset.escape import prose, untrusted_text
from graders.reports.verdict_tex import status_tex, verdict_tex
from graders.transcripts.results import TranscriptResult


def _slot_table(part) -> str:
    rows = [rf"\texttt{{{untrusted_text(slot, 80)}}} & {status_tex(first)} & {status_tex(final)} & {count} \\"
            for slot, (first, final, count) in part.slot_statuses().items()]
    return "\n".join([r"\begin{longtable}{@{}llll@{}}",
                      r"\toprule \textbf{slot} & \textbf{first try} & \textbf{final} & \textbf{attempts}\\ \midrule",
                      *rows, r"\bottomrule", r"\end{longtable}"])


def transcript_latex(result: TranscriptResult) -> str:
    """The report of ``derive check --format latex``: a complete, compilable document."""
    summary = result.summary()
    slots = summary["slots"]
    blocks = [rf"{{\sffamily\bfseries\LARGE Transcript check}}\par\medskip",
              rf"\texttt{{{untrusted_text(result.transcript, 300)}}}\par\medskip",
              rf"\textbf{{First try correct:}} {summary['first_try_correct']}/{slots} slots\quad "
              rf"\textbf{{Final correct:}} {summary['final_correct']}/{slots}\quad "
              rf"\textbf{{Not answered:}} {summary['not_answered']}\quad "
              rf"\textbf{{Needs review:}} {summary['needs_review']}\quad "
              rf"{summary['parts']} parts, {summary['attempts']} attempts"]
    if result.unassigned:
        blocks.append(rf"{result.unassigned} model turns answered no known part.")
    for part in result.parts:
        blocks += [rf"\section*{{{untrusted_text(part.part, 80)}\quad {prose(part.title)}}}",
                   rf"First try: {status_tex(part.first_try)}\qquad Final: {status_tex(part.final)}",
                   _slot_table(part)]
        for attempt in part.attempts:
            blocks.append(rf"\subsection*{{Attempt {attempt.attempt} (line {attempt.line})}}")
            if not attempt.verdicts:
                blocks.append("No answer to a slot of this part was found in this attempt.")
            blocks += [verdict_tex(verdict.to_json(), verdict.slot) for verdict in attempt.verdicts]
    return document(f"Transcript check: {result.transcript}", "\n\n".join(blocks))
