"""The answer files the command line reads: JSON Lines of ``{"slot", "answer"}``, one answer a line."""
from __future__ import annotations

from derive.bank.schema import Part
from derive.user_files import json_lines, string_field


class AnswersFileError(ValueError):
    """A file that is not an answers file at all; one sentence."""


def answers_from_file(data: bytes, part: Part, name: str = "the answers file") -> list[tuple[str, str | None, str]]:
    """(slot name, error or None, answer) per JSON line; a bad line, of whatever kind, becomes that line's error
    verdict later and the others are graded."""
    first = next((line for line in data.split(b"\n") if line.strip()), b"")
    if first and not first.lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        raise AnswersFileError(f"{name} is not JSON Lines of {{\"slot\", \"answer\"}} (its first line is not a JSON "
                               f"object); to grade a class's CSV, use derive batch.")
    rows: list[tuple[str, str | None, str]] = []
    for line in json_lines(data):
        number = line.number
        if line.row is None:
            rows.append((f"line {number}", f"line {number} is not a usable answer: it {line.problem}", ""))
            continue
        named = line.row.get("slot") if isinstance(line.row.get("slot"), str) else None
        try:
            slot, answer = string_field(line.row, "slot"), string_field(line.row, "answer")
            part.slot(slot)
        except (ValueError, KeyError) as error:
            rows.append((named or f"line {number}", f"line {number} is not a usable answer: {str(error).strip(chr(39))}",
                         ""))
            continue
        rows.append((slot, None, answer))
    return rows
