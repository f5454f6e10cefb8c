"""The wider reading of a slot: the passage of the model's turn that answers it as a whole.

A model often states an answer over several statements: an explanation whose points sit in different
paragraphs, or a bound derived over three displays under one heading while its last line only states the
result.  The chosen unit is graded first; the passage is graded too, and is taken only when it is correct
and the unit alone is not.  A passage therefore never turns an answer wrong, and a passage that makes
every point but also states a misconception is not taken.

- a rubric slot's passage is the model's whole answer to the part (its lines, rows and displays);
- a claims slot's passage is every statement under headings that name the slot ("### The upper bounds").
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from derive.bank.schema import Slot

from graders.transcripts.answer_units import Unit
from graders.transcripts.statements import flat

_WHOLE = ("line", "row", "display")  # claims repeat their line; a list repeats its bullets; declines answer nothing


def names_in_section(slot: Slot, unit: Unit) -> bool:
    """Whether the headings above ``unit`` name ``slot`` by one of its cues."""
    return bool(unit.section) and any(re.search(cue, flat(unit.section), re.I) for cue in slot.cues)


def passage(slot: Slot, kind: str, found: Sequence[Unit], reading: Callable[[Unit], str | None]) -> tuple[str, str] | None:
    """The passage answering ``slot`` as (text to grade, text as written), or None when there is none.

    ``reading`` gives what the grader reads from one unit for this slot (None: nothing).
    """
    if kind == "prose":
        pieces = [unit for unit in found if unit.kind in _WHOLE]
        text = "\n".join(unit.text for unit in pieces)
        return (text, text) if len(pieces) > 1 else None
    if kind == "claims":
        pieces = [(unit, reading(unit)) for unit in found
                  if unit.kind in _WHOLE and names_in_section(slot, unit)]
        pieces = [(unit, read) for unit, read in pieces if read]
        if len(pieces) < 2:
            return None
        return ", ".join(read for _, read in pieces), "\n".join(unit.text for unit, _ in pieces)
    return None
