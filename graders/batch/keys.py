"""What a verdict depends on: the answer key of its slot (a fingerprint), the grader's code, and the answer as
normalised for grouping.

A slot's fingerprint covers everything grading reads: mode, reference, points, alternates,
misconceptions, unit, variable, bindings, key points, sampling form, and the names the part
declares. Fixing a typo in a reference or adding an alternate changes it, so only that slot's
answers are graded again.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import pathlib
import re
from typing import Mapping

import sympy as sp

from derive.bank.cache import source_digest
from derive.bank.schema import Slot

_GRADERS = pathlib.Path(__file__).resolve().parents[1]
_PROBE = sp.Symbol("probe")


def _stable(value: object) -> str:
    """A description of ``value`` that is the same in every process (no addresses, no set order)."""
    if isinstance(value, sp.Basic):
        return sp.srepr(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f"{field.name}={_stable(getattr(value, field.name))}" for field in dataclasses.fields(value)
                  if field.name != "location")
        return f"{type(value).__name__}({', '.join(fields)})"
    if isinstance(value, Mapping):
        return "{" + ", ".join(sorted(f"{_stable(key)}: {_stable(item)}" for key, item in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_stable(item) for item in value) + "]"
    if callable(value) and not isinstance(value, type):
        try:  # a law family such as p_m: described by what it gives
            return f"{getattr(value, '__qualname__', type(value).__name__)}->{_stable(value(_PROBE))}"
        except Exception:  # noqa: BLE001 - a callable that takes something else is named, not called
            return getattr(value, "__qualname__", type(value).__name__)
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def slot_fingerprint(slot: Slot, declared: Mapping[str, sp.Symbol]) -> str:
    """A short hash of everything that decides how answers to ``slot`` are graded."""
    described = _stable(dataclasses.replace(slot, cues=())) + _stable(dict(declared))
    return hashlib.sha256(described.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def grader_version() -> str:
    """The package version and a hash of the graders' code: a change to how answers are read regrades them."""
    try:
        version = importlib.metadata.version("derive")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    return f"{version}+{source_digest(_GRADERS)}"


_DELIMITERS = re.compile(r"^\s*(?:\$\$((?:(?!\$\$).)*)\$\$|\$([^$]*)\$|\\\(((?:(?!\\\)).)*)\\\)"
                         r"|\\\[((?:(?!\\\]).)*)\\\])\s*$", re.S)


def answer_key(answer: str) -> str:
    """The answer with runs of white space made one space and outer math delimiters dropped: equal keys are
    graded once. Nothing inside is rewritten, so two answers that read differently never share a key."""
    text = " ".join(answer.split())
    match = _DELIMITERS.match(text)
    if match:
        text = next(group for group in match.groups() if group is not None).strip()
    return text



