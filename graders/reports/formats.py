"""The tables of output formats for graded results: one for transcript reports, one for verdicts.

``derive check --format`` offers exactly the names in ``REPORT_FORMATS``.  Adding a format is one
module with a render function plus one line here.

Examples:
    >>> list(REPORT_FORMATS)
    ['markdown', 'json', 'csv']
"""
from __future__ import annotations

from derive.render.formats import OutputFormat, format_table
from graders.reports import transcript, verdicts

REPORT_FORMATS: dict[str, OutputFormat] = format_table(
    OutputFormat("markdown", ".md", "a summary, a table per part, every verdict with what was read",
                 transcript.as_markdown),
    OutputFormat("json", ".json", "the contract of docs/json-outputs.md", transcript.as_json_text),
    OutputFormat("csv", ".csv", "one row per verdict, safe to open in a spreadsheet", transcript.as_csv),
)

VERDICT_FORMATS: dict[str, OutputFormat] = format_table(
    OutputFormat("text", ".txt", "a block per verdict for a terminal", verdicts.verdicts_text),
    OutputFormat("json", ".json", "the verdict object, or a list of them (docs/verdict.md)", verdicts.verdicts_json),
    OutputFormat("json-list", ".json", "a list of verdict objects in input order", verdicts.verdicts_list_json),
    OutputFormat("jsonl", ".jsonl", "one verdict object a line", verdicts.verdicts_jsonl),
)
