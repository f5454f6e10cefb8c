"""The grading modes: the only list of them, read by grading, ``derive compare --mode`` and transcripts.

Adding a mode is one module that defines a ``GradingMode`` plus one line in ``_MODES``.

Examples:
    >>> mode_named("numeric").answer_kind
    'number'
    >>> pair_modes()[:3]
    ('auto', 'exact', 'equation')
"""
from __future__ import annotations

from graders.modes import (asymptotic, claims, equation, exact, expectation, law, numeric, order, relation, rubric,
                           system)
from graders.modes.base import GradingMode

_MODES: tuple[GradingMode, ...] = (
    exact.MODE,
    equation.MODE,
    numeric.MODE,
    relation.MODE,
    asymptotic.MODE,
    order.MODE,
    system.MODE,
    expectation.MODE,
    law.MODE,
    claims.MODE,
    rubric.MODE,
)

MODES: dict[str, GradingMode] = {mode.name: mode for mode in _MODES}


class UnknownModeError(KeyError):
    """A slot or a request names a mode that is not registered."""

    def __str__(self) -> str:
        return f"unknown grading mode {self.args[0]!r}; the modes are: {', '.join(MODES)}"


def mode_named(name: str) -> GradingMode:
    """The registered mode called ``name``; raises ``UnknownModeError`` naming the known ones."""
    try:
        return MODES[name]
    except KeyError:
        raise UnknownModeError(name) from None


def pair_modes() -> tuple[str, ...]:
    """What ``derive compare --mode`` offers: ``auto`` (chosen by the reference's shape), then the pair modes."""
    return ("auto",) + tuple(name for name, mode in MODES.items() if mode.for_pairs)
