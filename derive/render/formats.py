"""Output formats: what a format is, and the table of formats a worked solution prints in.

``derive solve --format`` offers exactly the names in ``SOLUTION_FORMATS``; the reports of graded
answers keep their own table of the same ``OutputFormat`` shape (``graders/reports/formats.py``).
Adding a format is one module with a render function plus one line in its table.

Examples:
    >>> sorted(SOLUTION_FORMATS)
    ['json', 'latex', 'markdown', 'text']
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from derive.render import parts

Rendered = TypeVar("Rendered")


@dataclass(frozen=True)
class OutputFormat(Generic[Rendered]):
    """A named way of printing one kind of result, with the file suffix it is saved under."""

    name: str
    suffix: str
    summary: str
    render: Callable[[Rendered], str]


def format_table(*formats: OutputFormat) -> dict[str, OutputFormat]:
    """A table by name; two formats with one name are a mistake in the table itself."""
    table: dict[str, OutputFormat] = {}
    for output_format in formats:
        if output_format.name in table:
            raise ValueError(f"output format {output_format.name!r} is listed twice")
        table[output_format.name] = output_format
    return table


SOLUTION_FORMATS: dict[str, OutputFormat] = format_table(
    OutputFormat("text", ".txt", "numbered chains for a terminal", parts.parts_text),
    OutputFormat("latex", ".tex", "align* blocks with the justifications", parts.parts_latex),
    OutputFormat("markdown", ".md", "a list per chain with display math", parts.parts_markdown),
    OutputFormat("json", ".json", "the contract of docs/json-outputs.md", parts.parts_json),
)
