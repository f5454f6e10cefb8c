"""Where the author wrote something: the first line outside the engine on the call stack, for error messages."""
from __future__ import annotations

import os
import pathlib
import sys

_ENGINE = str(pathlib.Path(__file__).resolve().parent) + os.sep
_LIBRARIES = (os.sep + "sympy" + os.sep, os.sep + "importlib" + os.sep, "<frozen ")


def author_location(skip: int = 1) -> str | None:
    """``file:line`` of the nearest caller outside ``derive`` (and outside SymPy and the import machinery).

    Messages about a problem set name the author's line, not ours, as a compiler names the source line.
    """
    frame = sys._getframe(skip)
    while frame is not None:
        if is_authors(frame.f_code.co_filename):
            return f"{shown_path(frame.f_code.co_filename)}:{frame.f_lineno}"
        frame = frame.f_back
    return None


def is_authors(filename: str) -> bool:
    """Whether code in ``filename`` is a problem set's (or a user's), not the engine's or a library's."""
    return not filename.startswith(_ENGINE) and not any(part in filename for part in _LIBRARIES)


def shown_path(filename: str) -> str:
    """A path as a person would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(filename) if not os.path.relpath(filename).startswith("..") else filename
    except ValueError:  # another drive on Windows
        return filename
