"""Reading the files users give: regular files (or standard input) only, bounded by what was read, and JSON Lines
taken apart line by line so that one bad line costs only itself.

A device (``/dev/zero``) reports size 0 and never ends, and a named pipe with no writer blocks forever, so a
file's kind is checked before it is opened and its size is counted on the bytes read, never on ``stat()``.
"""
from __future__ import annotations

import codecs
import json
import math
import os
import stat
import sys
from dataclasses import dataclass
from typing import Iterator

MAX_LINE_CHARS = 1_000_000  # one JSON line; a longer one is that line's error, not the file's


class UserFileError(ValueError):
    """A file that cannot be read at all; one sentence."""


def read_user_file(path: str, limit: int, what: str = "file") -> bytes:
    """The bytes of ``path`` ('-' for standard input), refusing anything but a regular file and more than ``limit``
    bytes (counted on what was read)."""
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            raise UserFileError(f"cannot read the {what} {path}: {error.strerror or error}.") from None
        if not stat.S_ISREG(mode):
            raise UserFileError(f"the {what} {path} is not a regular file (a device, pipe or folder); pass its "
                                f"content on standard input with '-' instead.")
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise UserFileError(f"cannot read the {what} {path}: {error.strerror or error}.") from None
    if len(data) > limit:
        raise UserFileError(f"the {what} {'on standard input' if path == '-' else path} is over the "
                            f"{megabytes(limit)} limit; split it into smaller files.")
    return data


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line of a JSON Lines file: its object, or why it is not one."""

    number: int
    row: dict | None
    problem: str = ""  # "" when ``row`` is usable


def json_lines(data: bytes) -> Iterator[JsonLine]:
    """Each non-blank line as a JSON object or a one-line reason: bytes that are not UTF-8, text that is not JSON
    (or nests too deeply, or holds NaN or Infinity), a value that is not an object, a lone surrogate."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    for number, raw in enumerate(data.split(b"\n"), 1):
        raw = raw.rstrip(b"\r")
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield JsonLine(number, None, f"has bytes that are not UTF-8 (at byte {error.start})")
            continue
        if len(line) > MAX_LINE_CHARS:
            yield JsonLine(number, None, f"is {len(line):,} characters long, over the {MAX_LINE_CHARS:,} limit")
            continue
        try:
            row = json.loads(line, parse_constant=_refuse_constant)
        except RecursionError:
            yield JsonLine(number, None, "nests too deeply to be read")
            continue
        except ValueError as error:
            yield JsonLine(number, None, f"is not JSON ({str(error).split(':')[0]})")
            continue
        if not isinstance(row, dict):
            yield JsonLine(number, None, f"is a JSON {_kind(row)}, not an object")
            continue
        surrogate = next((key for key, value in row.items() if _has_lone_surrogate(key) or
                          (isinstance(value, str) and _has_lone_surrogate(value))), None)
        if surrogate is not None:
            yield JsonLine(number, None, f"has text that is not valid Unicode (a lone surrogate in {surrogate!r})")
            continue
        yield JsonLine(number, row)


def string_field(row: dict, name: str, default: str | None = None) -> str:
    """``row[name]`` as text: a string, or a number (an id written ``7``); anything else is an input error."""
    if name not in row:
        if default is not None:
            return default
        raise ValueError(f'"{name}" is missing')
    value = row[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and name == "id":
        return str(value)
    raise ValueError(f'"{name}" must be a string, not {_kind(value)}')


def megabytes(size: int) -> str:
    """A byte count in MB, as a person would say it."""
    if size < 1024 * 1024:
        return f"{size} bytes"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON value")


def _has_lone_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "number" if not isinstance(value, float) or math.isfinite(value) else "non-finite number"
    return {dict: "object", list: "array", str: "string"}.get(type(value), type(value).__name__)
