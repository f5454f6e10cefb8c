"""A class's answers in: long form (a row per answer) or wide form (a row per student), as CSV, TSV or JSON Lines.

Columns are recognised by header (``student``, ``part``, ``slot``, ``answer``, optional ``variant``
and ``id``; or ``student`` and one column per ``part.slot``). A row that cannot be read is refused
with its line number and never graded; nothing in a submission is ever evaluated.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

MAX_BYTES = 256 * 1024 * 1024  # a class export is megabytes; more is a wrong file, not a class
MAX_FIELD = 100_000  # characters in one cell; the grader bounds answers far below this anyway
ALIASES = {
    "student": ("student", "student_id", "studentid", "sid", "email", "user", "user_id", "username", "learner"),
    "part": ("part", "problem", "question", "part_id", "problem_id"),
    "slot": ("slot", "field", "blank", "answer_slot"),
    "answer": ("answer", "response", "submission", "value", "text"),
    "variant": ("variant", "variant_key", "seed"),
    "id": ("id", "row_id", "row"),
}
LONG_COLUMNS = ("student", "part", "slot", "answer")
# bytes that were not UTF-8 (kept by surrogateescape), a lone surrogate from a JSON escape, or NUL: none can be stored
BAD_TEXT = re.compile(r"[\ud800-\udfff\x00]")


class SubmissionsError(ValueError):
    """The whole file cannot be read as submissions; the message is one sentence saying why and what to do."""


@dataclass(frozen=True)
class Submission:
    """One answer of one student to one slot, with where it came from (``line``) and the row id to echo."""

    line: int
    row_id: str
    student: str
    part: str
    slot: str
    answer: str
    variant: str | None = None


@dataclass(frozen=True)
class Refusal:
    """A row that was not graded, and why."""

    line: int
    reason: str
    student: str | None = None


# (part as written, slot) -> (part id, None) when known, else (None, why not)
SlotCheck = Callable[[str, str], tuple[str | None, str | None]]


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "_", header.strip().lower()).strip("_")


def _role(header: str) -> str | None:
    key = _key(header)
    return next((role for role, names in ALIASES.items() if key in names), None)


def _decoded(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise SubmissionsError(f"{name} is larger than {MAX_BYTES // 2**20} MiB; split the class into several files.")
    return data.decode("utf-8-sig", errors="surrogateescape")


def sniff_format(text: str, name: str) -> str:
    """``jsonl``, ``tsv`` or ``csv``: from the file's suffix, checked against its first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise SubmissionsError(f"{name} is empty: there are no submissions to grade.")
    looks_json = first.lstrip().startswith("{")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("jsonl", "ndjson", "json") and not looks_json:
        looks = "" if first.lstrip().startswith("[") else f" (it looks like {'TSV' if chr(9) in first else 'CSV'})"
        raise SubmissionsError(f"{name} is named as JSON Lines, but its first line is not a JSON object{looks}.")
    if suffix in ("csv", "tsv") and looks_json:
        raise SubmissionsError(f"{name} is named as {suffix.upper()}, but its first line is a JSON object; "
                               f"rename it .jsonl.")
    if looks_json:
        return "jsonl"
    return "tsv" if suffix == "tsv" or (suffix != "csv" and "\t" in first) else "csv"


def read_submissions(data: bytes, name: str, check: SlotCheck) -> tuple[list[Submission], list[Refusal]]:
    """Every answer row of a submissions file, and every refused row with its reason."""
    text = _decoded(data, name)
    form = sniff_format(text, name)
    records = _json_records(text) if form == "jsonl" else _table_records(text, "\t" if form == "tsv" else ",", name)
    header = next(records)
    if isinstance(header, Refusal):
        raise SubmissionsError(f"{name}: {header.reason}")
    return _rows(header, records, name, check)


Record = tuple[int, dict[str, str]] | Refusal


def _json_records(text: str) -> Iterator[list[str] | Record]:
    """The union of the objects' keys as a header, then each line as (line number, fields)."""
    parsed: list[Record] = []
    keys: dict[str, None] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError) as error:
            parsed.append(Refusal(number, f"line {number} is not JSON ({type(error).__name__})"))
            continue
        if not isinstance(row, dict):
            parsed.append(Refusal(number, f"line {number} is a JSON {type(row).__name__}, not an object"))
            continue
        fields = {str(key): value if isinstance(value, str) else json.dumps(value) for key, value in row.items()
                  if value is not None}
        keys.update(dict.fromkeys(fields))
        parsed.append((number, fields))
    yield list(keys)
    yield from parsed


def _table_records(text: str, delimiter: str, name: str) -> Iterator[list[str] | Record]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise SubmissionsError(f"{name}: the header line cannot be read ({error}).") from None
    yield [cell.strip() for cell in header]
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Refusal(start, f"line {start} is not well-formed {'TSV' if delimiter == chr(9) else 'CSV'} "
                                 f"({error})")
            if "field larger than field limit" not in str(error):
                return  # the reader cannot resynchronise after a broken quote: the rest is refused with it
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            yield Refusal(start, f"line {start} has {len(cells)} fields; the header has {len(header)}")
            continue
        yield start, dict(zip((cell.strip() for cell in header), cells))


def _rows(header: list[str], records: Iterable[Record], name: str,
          check: SlotCheck) -> tuple[list[Submission], list[Refusal]]:
    roles = {column: _role(column) for column in header}
    by_role = {role: column for column, role in roles.items() if role}
    if all(role in by_role for role in LONG_COLUMNS):
        wide = {}
    else:
        wide = {column: _wide_column(column, check) for column in header if not roles[column]}
        wide = {column: target for column, target in wide.items() if target}
        if "student" not in by_role or not wide:
            expected = ", ".join(ALIASES[role][0] for role in LONG_COLUMNS)
            raise SubmissionsError(f"{name}: the columns {', '.join(header) or '(none)'} are not submissions; a long "
                                   f"form has {expected} (and optionally variant, id), a wide form has student and "
                                   f"one column per part.slot, such as hw3/5c.loaddisk_ns.")
    submissions: list[Submission] = []
    refusals: list[Refusal] = []
    for record in records:
        if isinstance(record, Refusal):
            refusals.append(record)
            continue
        number, fields = record
        student = fields.get(by_role.get("student", ""), "").strip()
        bad = next((value for value in fields.values() if BAD_TEXT.search(value)), None)
        if bad is not None:
            refusals.append(Refusal(number, f"line {number} has bytes that are not UTF-8 text",
                                    None if BAD_TEXT.search(student) else student or None))
            continue
        if not student:
            refusals.append(Refusal(number, f"line {number} names no student"))
            continue
        variant = fields.get(by_role.get("variant", ""), "").strip() or None
        row_id = fields.get(by_role.get("id", ""), "").strip() or str(number)
        if wide:
            submissions += [Submission(number, f"{row_id}:{column}", student, part, slot, fields[column], variant)
                            for column, (part, slot) in wide.items() if fields.get(column, "").strip()]
            continue
        part, slot = fields.get(by_role["part"], "").strip(), fields.get(by_role["slot"], "").strip()
        part_id, problem = check(part, slot)
        if part_id is None:
            refusals.append(Refusal(number, f"line {number}: {problem}", student))
            continue
        submissions.append(Submission(number, row_id, student, part_id, slot, fields.get(by_role["answer"], ""),
                                      variant))
    return submissions, refusals


def _wide_column(column: str, check: SlotCheck) -> tuple[str, str] | None:
    """``hw3/5c.loaddisk_ns`` (or ``5c.loaddisk_ns`` when one set is known) as (part id, slot)."""
    part, dot, slot = column.strip().rpartition(".")
    if not dot or not part or not slot:
        return None
    part_id, _ = check(part, slot)
    return (part_id, slot) if part_id else None
