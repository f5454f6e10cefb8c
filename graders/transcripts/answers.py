"""Which unit of a model turn answers which slot, and the text the grader reads from it.

A unit is matched to a slot by what it says it is about (the slot's cues in its label, in the
left side of its last formula, or anywhere in it) and by the form the slot expects (a growth
class for an order slot, an expectation for an expectation slot, a sampler for a law slot, a
number for a numeric one).  A unit goes to the slot it names most clearly; among a slot's units,
named ones beat unnamed ones, then a final-answer section, then boxed, then the later one.
The choice never looks at the reference: a wrong answer is found as readily as a right one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from derive.bank.schema import Slot

from graders.modes.registry import mode_named
from graders.transcripts.answer_units import FINAL_HEADING, MATH, Unit, formulas

_GROWTH_WORDS = re.compile(r"\b(linear(ly)?|quadratic(ally)?|cubic(ally)?|constant|independent of|proportional|"
                           r"grows?|scales?)\b|\\Theta|\bO\(|\\Omega|Θ", re.I)
_NUMBER = re.compile(r"(?<![\w^_])(\d+(?:\.\d+)?)(?:\s{0,3}\\?,?\s{0,3}(ns|ms|µs|us|s)\b)?")
_UNIT_AFTER = re.compile(r"^\s{0,3}\\?,?\s{0,3}(?:\\(?:text|mathrm)\{\s{0,3})?(ns|ms|µs|us|s)\b")


@dataclass(frozen=True)
class SlotAnswer:
    """A unit chosen as the answer to a slot, and the text the grader reads (None: shown raw, not read)."""

    slot: Slot
    unit: Unit
    answer: str | None
    unreadable: str = ""  # why the text cannot be trusted (layout lost in a PDF), when answer is None


_LOST_FRACTION = re.compile(r"\d\s{0,3}(\\sqrt|√)|[-+*/=(]$|^[-+*/=,;)]")
_FLAT_SCRIPT = re.compile(r"(?<![\w\\])(\\?[A-Za-z]+)(\d+)\b")


def linearised_trouble(text: str, names: set[str]) -> str:
    """Why a formula taken from a PDF's text layer cannot be read safely, or "" when it can."""
    if _LOST_FRACTION.search(text):
        return "a fraction bar was lost when the PDF's text was extracted"
    for match in _FLAT_SCRIPT.finditer(text):
        if (match.group(1) + match.group(2)).lstrip("\\") not in names:
            return f"'{match.group(0)}' may be a flattened superscript or subscript"
    return ""


def answer_kind(slot: Slot) -> str:
    """What a unit must hold to answer ``slot``, as its mode declares (graders/modes/registry.py)."""
    return mode_named(slot.mode).answer_kind


def _pdf_value(slot: Slot, unit: Unit) -> str | None:
    """In text without math delimiters, the statement's value: the words after its last "is", "=", "by" or ":"."""
    body = _clause(slot, unit.body).strip().rstrip(".")
    kind = answer_kind(slot)
    if kind == "growth":
        return body if _GROWTH_WORDS.search(body) else None
    if kind == "prose":
        return body if len(body) >= 15 else None
    if kind == "number":
        return _numeric_text(body, [], slot.unit is not None)
    if kind in ("expectation", "sampler"):
        return None  # their notation does not survive a PDF's text layer well enough to read
    pieces = re.split(r"\bis\b|=|\bby\b|:|\bbe\b", body)
    value = pieces[-1].strip() if len(pieces) > 1 else ""
    return value if re.search(r"\w", value) and len(value) < 80 else None


def _flat(text: str) -> str:
    """Text with TeX's wrappers taken off, so a cue for "RMS^2" finds ``\\text{RMS}^2``."""
    return re.sub(r"\\(?:text|mathrm|operatorname|mathbf|textbf|mathit)\s*\{([^{}]*)\}", r"\1", text).replace("$", "")


def _cue_score(slot: Slot, unit: Unit) -> int:
    cues = [re.compile(cue, re.I) for cue in slot.cues]
    if not cues:
        return 0
    last = unit.math[-1] if unit.math else ""
    lhs = re.split(r"\\Rightarrow|\\implies|⇒", last)[-1].split("=")[0] if "=" in last else ""
    score = 4 * any(c.search(_flat(unit.label)) for c in cues) + 3 * any(c.search(_flat(lhs)) for c in cues)
    return score + 2 * any(c.search(_flat(unit.text)) for c in cues)


def _clause(slot: Slot, text: str) -> str:
    """The clause of a sentence that answers this slot ("SP is constant (1), while muP ... 1/fan_in")."""
    clauses = [c for c in re.split(r"\bwhile\b|\bwhereas\b|;", text) if c.strip()]
    if len(clauses) < 2 or not slot.cues:
        return text
    cues = [re.compile(cue, re.I) for cue in slot.cues]
    named = [c for c in clauses if any(cue.search(c) for cue in cues)]
    return named[-1] if len(named) == 1 or named else text


def answer_text(slot: Slot, unit: Unit, linearised: bool = False) -> str | None:
    """What the grader should read from ``unit`` for ``slot``, or None when the unit has no such answer."""
    kind = answer_kind(slot)
    if unit.kind == "list" and kind not in ("sampler", "expectation"):
        return None  # a list block only matters when one answer spans its items (a sampler and its law)
    if linearised and not unit.math:
        return _pdf_value(slot, unit)
    body = _clause(slot, unit.body)
    math = formulas(body) or list(unit.math if unit.kind == "display" else [])
    if kind == "growth":
        if not _GROWTH_WORDS.search(body):
            return None
        return re.sub(r"\$+", " ", body).strip()
    if kind == "number":
        return _numeric_text(body, math, slot.unit is not None)
    if kind == "expectation":
        matching = [m for m in math if re.search(r"\\mathbb\{E\}|\bE_|𝔼|\\mathop", m)]
        return matching[-1] if matching else None
    if kind == "sampler":
        joined = ", ".join(math)
        has_map = re.search(r"\bg\s*(\([^()]*\)|_\{?\\?\w+\}?\([^()]*\))\s*=|\bx\s*=", joined)
        has_law = re.search(r"(\\sim|∼)\s*(\\mathcal\{?N|N\b|𝒩)|\bp\s*\(\s*z\s*\)\s*=", joined)
        return joined if has_map and has_law else None
    if kind == "prose":
        return body if len(body) >= 15 else None
    if kind == "claims" and math:
        return ", ".join(math)  # one claim per formula: "RMS(h) = Theta(1)", "RMS(dh) = Theta(1)"
    if not math:
        return _plain_value(slot, unit, body)
    last = math[-1]
    if kind == "formula" and re.search(r"\\Theta|\bO\(|Θ", last):
        return None
    return last


def _plain_value(slot: Slot, unit: Unit, body: str) -> str | None:
    """An answer written without math: "Adam LR = 1", "constant (1)", or the words after a named label."""
    plain = re.sub(r"\*\*|\*|`", "", body)
    stated = re.search(r"=\s*(-?\d+(?:\.\d+)?)\b", plain) or re.search(r"\((-?\d+(?:\.\d+)?)\)", plain)
    if stated:
        return stated.group(1)
    if unit.label and any(re.search(cue, unit.label, re.I) for cue in slot.cues):
        return plain.strip()
    return None


def _numeric_text(body: str, math: list[str], unit_wanted: bool = False) -> str | None:
    """The stated number: the last one written, or the last one with a unit when the slot has a unit, with a
    bound or formula kept when the number sits inside one ("$\\leq 50$ ns")."""
    numbers = list(_NUMBER.finditer(body))
    if not numbers:
        return math[-1] if math and re.search(r"\d", math[-1]) else None
    with_unit = [m for m in numbers if m.group(2) or _UNIT_AFTER.match(_after_math(body, m.end()))]
    chosen = (with_unit if unit_wanted and with_unit else numbers)[-1]
    for span in MATH.finditer(body):
        if span.start() <= chosen.start() < span.end():
            inner = next(g for g in span.groups() if g is not None).strip()
            unit = _UNIT_AFTER.match(body[span.end():])
            return f"{inner} {unit.group(1)}" if unit else inner
    return chosen.group(1) + (f" {chosen.group(2)}" if chosen.group(2) else "")


def _after_math(body: str, position: int) -> str:
    """The text after ``position``, past a closing ``$``."""
    return body[position:].lstrip("$")


def choose_answers(slots: list[Slot], found: list[Unit], linearised: bool = False,
                   names: set[str] = frozenset()) -> list[SlotAnswer]:
    """One candidate per slot that the turn answers; ``linearised`` text (from a PDF) is read more warily."""
    fits = {(slot.name, unit.position): answer_text(slot, unit, linearised) for slot in slots for unit in found}
    scores = {(slot.name, unit.position): _cue_score(slot, unit) for slot in slots for unit in found}
    best_for_unit = {unit.position: max((scores[(s.name, unit.position)] for s in slots
                                         if fits[(s.name, unit.position)] is not None), default=0)
                     for unit in found}
    chosen = []
    for slot in slots:
        eligible = [unit for unit in found if fits[(slot.name, unit.position)] is not None
                    and scores[(slot.name, unit.position)] >= best_for_unit[unit.position]]
        named = [unit for unit in eligible if scores[(slot.name, unit.position)] > 0]
        pool = named or ([unit for unit in eligible if _unnamed_allowed(slot, len(slots))])
        if not pool:
            if linearised and len(slots) == 1:
                chosen += _shown_raw(slot, found)
            continue
        # in a final-answer section the first statement is the answer and later ones are commentary;
        # elsewhere the last statement is the model's latest word
        unit = max(pool, key=lambda u: (u.final, scores[(slot.name, u.position)], u.boxed,
                                        -u.position if u.final else u.position))
        answer = fits[(slot.name, unit.position)]
        if linearised and not unit.math:
            trouble = linearised_trouble(unit.text, names)
            if trouble:
                chosen.append(SlotAnswer(slot, unit, None, trouble))
                continue
        chosen.append(SlotAnswer(slot, unit, answer))
    return chosen


def _shown_raw(slot: Slot, found: list[Unit]) -> list[SlotAnswer]:
    """A part's only slot, answered in a final section whose text lost its math: report it raw."""
    final = [unit for unit in found if unit.final and unit.kind != "list" and not FINAL_HEADING.search(unit.text)]
    if not final:
        return []
    return [SlotAnswer(slot, final[0], None, "the formula could not be rebuilt from the PDF's text layer")]


def _unnamed_allowed(slot: Slot, slot_count: int) -> bool:
    """Without a cue, only a distinctive form (or a part with one slot) identifies the slot."""
    return answer_kind(slot) in ("expectation", "sampler") or slot_count == 1
