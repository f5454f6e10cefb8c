"""The answer files the command line reads: JSON Lines of ``{"slot", "answer"}``, one answer a line."""
from __future__ import annotations

import json

from derive.bank.schema import Part


class AnswersFileError(ValueError):
    """A file that is not an answers file at all; one sentence."""


def answers_from_file(path: str, part: Part) -> list[tuple[str, str | None, str]]:
    """(slot name, error or None, answer) per JSON line; a bad line becomes an error verdict later."""
    rows = []
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            if not rows and not line.lstrip().startswith("{"):
                raise AnswersFileError(f"{path} is not JSON Lines of {{\"slot\", \"answer\"}} (line {number} is not "
                                       f"a JSON object); to grade a class's CSV, use derive batch.")
            row = None
            try:
                row = json.loads(line)
                slot, answer = row["slot"], row["answer"]
                if not isinstance(slot, str) or not isinstance(answer, str):
                    raise TypeError("slot and answer must be strings")
                part.slot(slot)
                rows.append((slot, None, answer))
            except (ValueError, KeyError, TypeError) as error:
                name = row.get("slot") if isinstance(row, dict) and isinstance(row.get("slot"), str) else None
                problem = str(error).strip("'\"")
                rows.append((name or f"line {number}", f"line {number} is not a usable answer: {problem}", ""))
    return rows
