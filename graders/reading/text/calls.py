"""How the text parser hands a function call to a table of call handlers (Maxima's), and what they hand back."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from graders.reading.text.values import ValueBuilder

__all__ = ["ASSUMED", "OPTION", "CallHandler", "FunctionName", "Handler"]

OPTION = object()  # an argument 'name: value', read and handed on so that the handler can drop it
ASSUMED = object()  # what a fact such as assume(a > 0) is worth as an item of a sequence


@dataclass(frozen=True)
class FunctionName:
    """A function passed by its name, as the first argument of map(sin, [1, 2])."""

    name: str


Handler = Callable[[ValueBuilder, str, int, list], sp.Basic]  # (values, name, column, arguments) -> value


@dataclass(frozen=True)
class CallHandler:
    """How the parser reads the arguments of one function, and the handler that gives the call's value."""

    fewest: int
    most: int
    handler: Handler
    options: bool = False  # arguments 'name: value' are read and handed on as OPTION
    downcase: bool = False  # the names in the arguments are read in lower case
    fact: bool = False  # read only as a leading item of a sequence, where it states facts and gives ASSUMED
    takes_function: Callable[[str], bool] | None = None  # which names may come first bare, as in map(sin, list)
