"""Gradescope's autograder: read a student's answers from ``submission/``, grade them, write ``results/results.json``.

The layout and the results schema are Gradescope's (see docs/classes.md; the schema we check
against is docs/gradescope-results.schema.json). A student's answers come as ``answers.json``
(``{"hw3/5c": {"loaddisk_ns": "50"}}``), ``answers.md`` (a ``## hw3/5c`` heading, then
``loaddisk_ns: 50`` lines) or ``answers.tex`` (``\\answer{hw3/5c}{loaddisk_ns}{50}``). Nothing in
them is evaluated.
"""
from __future__ import annotations

import json
import pathlib
import re
import time
from dataclasses import dataclass
from typing import Mapping

from derive.bank.discovery import Bank
from graders.grading import GradeConfig
from graders.verdict import Verdict
from graders.workers.pool import Grader

CONFIG_NAME = "derive-autograder.json"
MAX_SUBMISSION_BYTES = 2 * 1024 * 1024
Answers = dict[str, dict[str, str]]


class SubmissionFormatError(ValueError):
    """A submission that cannot be read; the message is shown to the student."""


@dataclass(frozen=True)
class AutograderConfig:
    """What the instructor's zip says to grade: the set, its parts, the timeout, and who sees the results."""

    set_name: str
    parts: tuple[str, ...]
    timeout: float = 5.0
    visibility: str = "visible"

    @classmethod
    def read(cls, path: pathlib.Path) -> "AutograderConfig":
        """The config written by ``derive gradescope build``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["set"], tuple(data["parts"]), float(data.get("timeout", 5.0)),
                   data.get("visibility", "visible"))

    def to_json(self) -> dict:
        """The config as written into the zip."""
        return {"set": self.set_name, "parts": list(self.parts), "timeout": self.timeout,
                "visibility": self.visibility}


def _read(path: pathlib.Path) -> str:
    with path.open("rb") as handle:
        data = handle.read(MAX_SUBMISSION_BYTES + 1)
    if len(data) > MAX_SUBMISSION_BYTES:
        raise SubmissionFormatError(f"{path.name} is larger than {MAX_SUBMISSION_BYTES // 2**20} MiB.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionFormatError(f"{path.name} is not UTF-8 text.") from None


def _from_json(text: str) -> Answers:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise SubmissionFormatError("answers.json is not valid JSON.") from None
    if not isinstance(data, dict) or not all(isinstance(slots, dict) for slots in data.values()):
        raise SubmissionFormatError('answers.json must be an object of objects: {"hw3/5c": {"loaddisk_ns": "50"}}.')
    return {str(part): {str(slot): answer if isinstance(answer, str) else json.dumps(answer)
                        for slot, answer in slots.items()} for part, slots in data.items()}


def _from_markdown(text: str) -> Answers:
    answers: Answers = {}
    part = None
    for line in text.splitlines():
        heading = re.match(r"^#{1,6}\s+(\S+)\s*$", line)
        if heading:
            part = heading.group(1)
            answers.setdefault(part, {})
            continue
        entry = re.match(r"^\s*(?:[-*]\s+)?`?([A-Za-z_][\w]*)`?\s*:\s*(.*?)\s*$", line)
        if entry and part is not None:
            answers[part][entry.group(1)] = entry.group(2)
    return {part: slots for part, slots in answers.items() if slots}  # a title heading holds no answers


def _balanced(text: str, start: int) -> tuple[str, int] | None:
    """The contents of the brace group opening at ``start`` and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth, index = 0, start
    while index < len(text):
        if text[index] == "\\":
            index += 2  # an escaped brace, \{ or \}, does not open or close a group
            continue
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1:index], index + 1
        index += 1
    return None


def _from_tex(text: str) -> Answers:
    answers: Answers = {}
    for match in re.finditer(r"\\answer\s*(?=\{)", text):
        groups, position = [], match.end()
        for _ in range(3):
            found = _balanced(text, position)
            if found is None:
                break
            groups.append(found[0])
            position = found[1]
            while position < len(text) and text[position].isspace():
                position += 1
        if len(groups) == 3:
            answers.setdefault(groups[0].strip(), {})[groups[1].strip()] = groups[2].strip()
    return answers


def read_answers(submission: pathlib.Path) -> Answers:
    """The student's answers by part and slot, from the first of answers.json, answers.md, answers.tex."""
    readers = {"answers.json": _from_json, "answers.md": _from_markdown, "answers.tex": _from_tex}
    for name, reader in readers.items():
        if (submission / name).is_file():
            return reader(_read(submission / name))
    raise SubmissionFormatError("No answers file was found: submit answers.json, answers.md or answers.tex.")


def student_key(root: pathlib.Path) -> str | None:
    """The submitter's email from Gradescope's submission_metadata.json: it picks their variant."""
    try:
        users = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8")).get("users") or []
        return str(users[0].get("email") or users[0].get("id")) if users else None
    except (OSError, ValueError, AttributeError, IndexError, TypeError):
        return None


def _test(verdict: Verdict, visibility: str) -> dict:
    shown = [verdict.feedback]
    if verdict.interpreted_as:
        shown.append(f"Read as: {verdict.interpreted_as}")
    return {"name": f"{verdict.problem} {verdict.slot}", "score": round(verdict.points, 4),
            "max_score": verdict.max_points, "status": "passed" if verdict.status == "correct" else "failed",
            "output": "\n".join(shown), "visibility": visibility,
            "extra_data": {"status": verdict.status, "method": verdict.method}}


def grade_submission(root: pathlib.Path, bank: Bank) -> dict:
    """Grade ``root/submission`` as the zip's config says and return the results.json document."""
    started = time.perf_counter()
    config = AutograderConfig.read(root / "source" / CONFIG_NAME)
    try:
        answers = read_answers(root / "submission")
    except SubmissionFormatError as error:
        return {"score": 0.0, "output": str(error), "visibility": config.visibility, "tests": [],
                "execution_time": round(time.perf_counter() - started, 3)}
    key = student_key(root)
    tests, notes = [], []
    with Grader(GradeConfig(timeout=config.timeout)) as grader:
        for part_id in config.parts:
            part = bank.instance(part_id, key)
            given = answers.get(part_id) or answers.get(part_id.partition("/")[2]) or {}
            unknown = sorted(set(given) - {slot.name for slot in part.slots})
            if unknown:
                notes.append(f"{part_id}: no slot named {', '.join(unknown)} (slots: "
                             f"{', '.join(slot.name for slot in part.slots)}).")
            items = [(slot, given[slot.name]) for slot in part.slots if slot.name in given]
            graded = iter(grader.grade_many(part.id, items, part.symbols))
            for slot in part.slots:
                verdict = next(graded).for_variant(part.variant) if slot.name in given else Verdict(
                    problem=part.id, slot=slot.name, status="incorrect", score=0.0, points=0.0,
                    max_points=slot.points, method="missing", feedback="No answer was submitted for this slot.")
                tests.append(_test(verdict, config.visibility))
    total = sum(test["score"] for test in tests)
    out_of = sum(test["max_score"] for test in tests)
    summary = f"{total:g} of {out_of:g} points." + (" " + " ".join(notes) if notes else "")
    return {"score": round(total, 4), "output": summary, "visibility": config.visibility,
            "stdout_visibility": "hidden", "execution_time": round(time.perf_counter() - started, 3), "tests": tests}


def write_results(root: pathlib.Path, results: Mapping) -> pathlib.Path:
    """Write ``root/results/results.json``."""
    path = root / "results" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return path
