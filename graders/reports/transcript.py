"""Reports of a checked transcript: JSON (the contract of docs/json-outputs.md), Markdown for instructors, CSV."""
from __future__ import annotations

import csv
import io
import json

from graders.transcripts.results import TranscriptResult

_MARK = {"correct": "✅ correct", "partial": "🟡 partial", "incorrect": "❌ incorrect", "needs_review": "👀 needs review",
         "unparseable": "❓ unparseable", "error": "⚠️ error", "not_answered": "➖ not answered",
         "unanswered": "➖ not answered"}
CSV_COLUMNS = ("part", "attempt", "slot", "status", "score", "max_points", "method", "interpreted_as", "reference",
               "feedback", "raw")


def as_json(result: TranscriptResult) -> dict:
    """The JSON document of ``derive check --format json``."""
    return {
        "transcript": result.transcript,
        "source": result.source,
        "parts": [{"part": part.part, "title": part.title,
                   "attempts": [{"attempt": a.attempt, "line": a.line, "found_by": a.found_by,
                                 "confidence": a.confidence, "verdicts": [v.to_json() for v in a.verdicts]}
                                for a in part.attempts],
                   "slots": {slot: {"first_try": first, "final": final, "attempts": count}
                             for slot, (first, final, count) in part.slot_statuses().items()},
                   "first_try": part.first_try, "final": part.final} for part in result.parts],
        "ambiguous_turns": [{"line": turn.line, "candidates": list(turn.candidates), "reason": turn.reason,
                             "prompt": turn.prompt} for turn in result.ambiguous],
        "summary": result.summary(),
    }


def as_json_text(result: TranscriptResult) -> str:
    """``as_json`` serialised, one document."""
    return json.dumps(as_json(result), indent=2, ensure_ascii=False)


def _spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet will not run as a formula (text starting with = + - @ is quoted)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_csv(result: TranscriptResult) -> str:
    """One row per verdict; cells that a spreadsheet would read as formulas are quoted."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for part in result.parts:
        for attempt in part.attempts:
            for verdict in attempt.verdicts:
                row = {**verdict.to_json(), "part": part.part, "attempt": attempt.attempt}
                writer.writerow({key: _spreadsheet_safe(value) for key, value in row.items()})
    return buffer.getvalue()


def _cell(text: str, limit: int = 160) -> str:
    """Text that cannot break a Markdown table: no pipes, no newlines, bounded length."""
    flat = " ".join(str(text).split()).replace("|", "\\|").replace("`", "'").replace("<", "&lt;")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def as_markdown(result: TranscriptResult) -> str:
    """A report an instructor reads: a summary, a table per part, then every verdict with what was read."""
    summary = result.summary()
    slots = summary["slots"]
    lines = [f"# Transcript check: {result.transcript}", "",
             f"**First try correct:** {summary['first_try_correct']}/{slots} slots · "
             f"**Final correct:** {summary['final_correct']}/{slots} · "
             f"**Not answered:** {summary['not_answered']} · "
             f"**Needs review:** {summary['needs_review']} · "
             f"{summary['parts']} parts, {summary['attempts']} attempts", ""]
    if result.source:
        lines += [f"Read as: {result.source}", ""]
    for turn in result.ambiguous:
        lines += [f"**Not graded: the model turn at line {turn.line} could be about "
                  f"{' or '.join(turn.candidates)}** ({turn.reason}); the user asked: `{_cell(turn.prompt, 200)}`", ""]
    for part in result.parts:
        lines += [f"## {part.part}: {part.title}", "",
                  f"First try: {_MARK.get(part.first_try, part.first_try)} · Final: {_MARK.get(part.final, part.final)}",
                  "", "| slot | first try | final | attempts |", "| --- | --- | --- | --- |"]
        for slot, (first, final, count) in part.slot_statuses().items():
            lines.append(f"| {slot} | {_MARK.get(first, first)} | {_MARK.get(final, final)} | {count} |")
        lines.append("")
        for attempt in part.attempts:
            lines.append(f"<details><summary>Attempt {attempt.attempt} (line {attempt.line})</summary>")
            lines.append("")
            if attempt.found_by:
                lines += [f"Part found: {_cell(attempt.found_by)} ({attempt.confidence}).", ""]
            if not attempt.verdicts:
                lines += ["No answer to a slot of this part was found in this attempt.", ""]
            for verdict in attempt.verdicts:
                lines += [f"- **{verdict.slot}**: {_MARK.get(verdict.status, verdict.status)} "
                          f"({verdict.points:g}/{verdict.max_points:g}, {verdict.method})",
                          f"  - written: `{_cell(verdict.raw or '', 300)}`",
                          f"  - read as: ${verdict.interpreted_as}$" if verdict.interpreted_as else
                          "  - read as: (nothing could be read; shown raw above)",
                          f"  - expected: ${verdict.reference}$",
                          f"  - feedback: {verdict.feedback}"]
            lines += ["", "</details>", ""]
    return "\n".join(lines)
