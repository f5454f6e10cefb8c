"""The readers of one formula, in the order an answer tries them, and reading a formula with the first that can.

``FORMULA_READERS`` is the table: adding a notation for formulas is one module with an entry function
``(text, ReadConfig) -> sympy.Basic`` that raises a ``ReadError`` when it cannot read, plus one line here.
A reader with a ``recognises`` test is tried first when the text looks written for it and last otherwise;
readers without one keep their place in between, in table order.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import sympy as sp

from graders.reading.config import ReadConfig
from graders.reading.errors import ReadError, TooLargeError, UndefinedValueError
from graders.reading.guard import check_size
from graders.reading.latex import LatexConfig, looks_like_latex, parse_latex
from graders.reading.prose import refuse_prose
from graders.reading.text.parser import TextParseConfig, parse_text

__all__ = ["FORMULA_READERS", "Reader", "clear_read_cache", "read_formula", "read_formula_with", "readers_for"]


@dataclass(frozen=True)
class Reader:
    """One notation reader: its name (a Reading's ``syntax``), what it reads, and its entry function."""

    name: str
    description: str
    read: Callable[..., Any]
    recognises: Callable[[str], bool] | None = None  # whether a text looks written in this notation


def read_latex_formula(text: str, config: ReadConfig) -> sp.Basic:
    """One LaTeX formula, within the configured length and nesting."""
    return parse_latex(text, LatexConfig(config.max_length, config.max_depth))


def read_text_formula(text: str, config: ReadConfig) -> sp.Basic:
    """One formula typed as plain text, Unicode or Maxima, within the configured limits."""
    return parse_text(text, TextParseConfig(max_length=config.max_length, max_depth=config.max_depth,
                                            max_digits=config.max_digits))


FORMULA_READERS: tuple[Reader, ...] = (
    Reader("latex", "LaTeX, normalised, then read by latex2sympy2-extended's grammar", read_latex_formula,
           recognises=looks_like_latex),
    Reader("text", "plain text, pasted Unicode and STACK's Maxima syntax, read by our own parser",
           read_text_formula),
)


def readers_for(text: str | None) -> list[Reader]:
    """The formula readers in the order to try them on ``text``; with no text to judge by (None), the
    readers that have a ``recognises`` test come first."""
    ahead, between, behind = [], [], []
    for reader in FORMULA_READERS:
        if reader.recognises is None:
            between.append(reader)
        elif text is None or reader.recognises(text):
            ahead.append(reader)
        else:
            behind.append(reader)
    return ahead + between + behind


def _evaluate_arithmetic(expr: sp.Basic) -> sp.Basic:
    """Rebuild +, *, ^ with evaluation on (safe once sizes are checked): ``(-1)*2*(1/pi)`` -> ``-2/pi``."""
    if isinstance(expr, bool):  # the grammar decides {1} \subseteq {1, 2} itself, as a Python bool
        return sp.true if expr else sp.false
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.rows, expr.cols, [_evaluate_arithmetic(e) for e in expr])
    if not isinstance(expr, sp.Basic):
        raise ValueError(f"the reading is not a formula ({type(expr).__name__})")
    if not expr.args or isinstance(expr, (sp.Symbol, sp.Indexed)):
        return expr
    args = [_evaluate_arithmetic(a) for a in expr.args]
    if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)):
        return expr.func(*args)
    if isinstance(expr, sp.core.relational.Relational):  # evaluating 3 = 3 would leave just True
        return expr.func(*args, evaluate=False)
    try:
        return expr.func(*args)
    except (TypeError, ValueError):
        return expr


def read_formula_with(text: str, config: ReadConfig, readers: Sequence[Reader]) -> tuple[sp.Basic, str]:
    """The value of one formula and the name of the first of ``readers`` that read it; raise ReadError when
    none can (with the first reader's complaint), or at once when one refuses the formula for its size, and
    ProseError, before any reader, when the text spells ordinary words (``graders.reading.prose``).

    Each distinct (text, limits, readers) is read once per process: a sweep's references recur on every
    line, and reading is a pure function of these (the cache holds SymPy's immutable values or the error).
    """
    text = text.strip()
    if not text:
        raise ReadError("the answer is empty")
    if len(text) > _CACHED_LENGTH:
        return _read_formula(text, config, tuple(readers))
    outcome = _cached_read(text, config, tuple(readers))
    if isinstance(outcome, ReadError):
        raise outcome
    return outcome


_CACHED_LENGTH = 2000  # longer texts are rare and would crowd the cache
_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _cached_read(text: str, config: ReadConfig, readers: tuple[Reader, ...]) -> tuple[sp.Basic, str] | ReadError:
    try:
        return _read_formula(text, config, readers)
    except ReadError as error:
        error.__traceback__ = None  # kept without its frames
        return error


def clear_read_cache() -> None:
    """Forget every formula read so far (a benchmark's second pass then pays every parse again)."""
    _cached_read.cache_clear()


def _read_formula(text: str, config: ReadConfig, readers: Sequence[Reader]) -> tuple[sp.Basic, str]:
    refuse_prose(text, config.names)  # before any reader: each would read the words as variables
    errors = []
    for reader in readers:
        try:
            value = reader.read(text, config)
            check_size(value, config.max_digits)
            value = _evaluate_arithmetic(value)
        except TooLargeError as error:
            raise ReadError(str(error), too_large=True) from error
        except ValueError as error:  # a reader's ReadError, or SymPy's refusal of what it built
            errors.append(str(error))
            continue
        if isinstance(value, sp.Basic) and value.has(sp.zoo, sp.nan):
            raise UndefinedValueError(f"it is undefined (it reads as {_undefined_kind(value)}), so it equals nothing")
        return value, reader.name
    raise ReadError(errors[0] if errors else "could not read the answer")


def _undefined_kind(value: sp.Basic) -> str:
    return "0/0 or another indeterminate form" if value.has(sp.nan) else "a division by zero"


def read_formula(text: str, config: ReadConfig = ReadConfig()) -> sp.Basic:
    """One formula without a relation or unit, read as LaTeX, else as plain text; raise ReadError when impossible."""
    return read_formula_with(text, config, readers_for(None))[0]
