"""Grading one answer against one slot: read, compare by the slot's mode, then alternates and misconceptions."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Mapping

import sympy as sp

from derive.bank.schema import Misconception, Slot

from graders.modes.equivalence import GROWTH_NODES, CompareConfig, Comparison, compare_asymptotic, compare_exact, compare_numeric, \
    compare_order
from derive.growth.asymptotics import Theta
from derive.render.derivations import expr_latex

from graders.modes.claims import grade_claims
from graders.reading.names import substitute_bindings
from graders.reading.phrases import exponents_from_words, says_constant
from graders.modes.rubric import grade_rubric
from graders.modes.expectation import grade_sampling
from graders.reading.answer import Reading, ReadConfig, ReadError, read_answer
from graders.reading.units import convert
from graders.verdict import Verdict


@dataclass(frozen=True)
class GradeConfig:
    """Limits and tolerances for grading one answer."""

    timeout: float = 2.0
    read: ReadConfig = field(default_factory=ReadConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)


def _latex(expr: sp.Basic, unit: str | None = None) -> str:
    text = expr_latex(expr)
    return text + (rf"\,\mathrm{{{unit}}}" if unit else "")


def _dimensions(slot: Slot, declared: Mapping[str, sp.Symbol]) -> list[sp.Symbol]:
    reference = slot.reference.args[0] if isinstance(slot.reference, GROWTH_NODES) else slot.reference
    dims = [s for s in declared.values() if s.is_integer and s.is_positive]
    return [d for d in dims if d in reference.free_symbols] + [d for d in dims if d not in reference.free_symbols]


def _compare(mode: str, reading: Reading, expected: sp.Expr, slot: Slot, declared, config: GradeConfig) -> Comparison:
    value = reading.value
    if mode == "numeric":
        return compare_numeric(convert(value, reading.unit, slot.unit) if slot.unit else value, expected,
                               config.compare, reading.decimals)
    if mode == "order":
        inner = value.args[0] if isinstance(value, GROWTH_NODES) else value
        unknown = inner.free_symbols - set(declared.values()) if isinstance(inner, sp.Basic) else set()
        if unknown:  # a word read as a symbol ("banana") must not pass for a constant
            names = ", ".join(sorted(str(s) for s in unknown))
            return Comparison("different", "order", f"the growth is written in {names}, which the question does not "
                                                   "define")
        return compare_order(value, expected, _dimensions(slot, declared))
    if mode == "asymptotic":
        return compare_asymptotic(value, expected, slot.asymptotic_in)
    if mode == "relation":
        if reading.relation not in ("<=", "<"):
            return Comparison("different", "relation", f"a bound '{reading.relation}' points the wrong way")
        bound = convert(value, reading.unit, slot.unit) if slot.unit else value
        return compare_numeric(bound, expected, config.compare, reading.decimals)
    if isinstance(value, GROWTH_NODES) and not isinstance(expected, GROWTH_NODES):
        return Comparison("different", "exact", "a growth class was given where a value is asked for")
    return compare_exact(value, expected, config.compare, reading.decimals)


def grade_slot(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol],
               config: GradeConfig = GradeConfig()) -> Verdict:
    """Grade ``answer`` for ``slot``; never raises for a bad answer (the status says what went wrong)."""
    started = time.perf_counter()
    try:
        return _grade(problem, slot, answer, declared, config, started)
    except Exception as error:  # noqa: BLE001 - an answer SymPy cannot combine must still get a verdict
        message = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return Verdict(problem, slot.name, "error", 0.0, 0.0, slot.points, "", _latex(slot.reference, slot.unit),
                       "error", f"This answer could not be compared with the reference ({message}).",
                       (time.perf_counter() - started) * 1000)


def _grade(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol], config: GradeConfig,
           started: float) -> Verdict:
    reference_latex = _latex(slot.reference, slot.unit)

    def verdict(status, score, interpreted, method, feedback) -> Verdict:
        return Verdict(problem, slot.name, status, score, round(score * slot.points, 4), slot.points, interpreted,
                       reference_latex, method, feedback, (time.perf_counter() - started) * 1000)

    if slot.mode in ("expectation", "law"):
        return grade_sampling(slot, answer, verdict)
    if slot.mode == "rubric":
        return grade_rubric(slot, answer, verdict)
    if slot.mode == "claims":
        return grade_claims(slot, answer, declared, verdict)
    read_config = ReadConfig(config.read.max_length, config.read.max_depth, config.read.max_digits,
                             units=slot.unit is not None or slot.mode in ("numeric", "relation"))
    reading = None
    try:
        reading = read_answer(answer, declared, read_config)
    except ReadError as error:
        if slot.mode != "order" or error.too_large:
            reason = "too large to compute" if error.too_large else "could not be read"
            return verdict("unparseable", 0.0, "", "read", f"The answer {reason}: {error}")
    growth = None
    if slot.mode == "order" or any(a.mode == "order" for a in slot.alternates):
        growth = _growth_reading(answer, reading, declared, read_config) or reading
    if slot.mode == "order":
        reading = growth
        if reading is None:
            return verdict("unparseable", 0.0, "", "read",
                           "Could not find a growth rate: write e.g. \\Theta(d_1^2) or 'quadratically in d_1'.")
    reading, growth = _bound_names(reading, slot), _bound_names(growth, slot)
    interpreted = reading.latex()
    if reading.lhs is not None and reading.relation is None:
        named = _named_quantity(reading, slot, declared)
        if isinstance(named, str):
            return verdict("incorrect", 0.0, interpreted, "equation", named)
        reading = named

    if reading.relation and slot.mode != "relation":
        main = Comparison("different", slot.mode, "a bound was given where a value is asked for")
    else:
        main = _compare(slot.mode, reading, slot.reference, slot, declared, config)
    if main.equal:
        return verdict("correct", 1.0, interpreted, main.method, "Correct." + _notes(slot, reading, main))
    for alternate in slot.alternates:
        alternate_mode = alternate.mode or slot.mode
        if (alternate_mode == "relation") != bool(reading.relation):
            continue
        read_as = growth if alternate_mode == "order" and growth is not None else reading
        outcome = _compare(alternate_mode, read_as, alternate.expr, slot, declared, config)
        if outcome.equal:
            status = "correct" if alternate.score >= 1 else "partial"
            return verdict(status, alternate.score, interpreted, f"alternate:{outcome.method}",
                           ("Correct. " if status == "correct" else "") + alternate.note)
    for misconception in slot.misconceptions:
        outcome = _misconception(misconception, reading, slot, declared, config)
        if outcome is not None and outcome.equal:
            status = "partial" if misconception.score > 0 else "incorrect"
            return verdict(status, misconception.score, interpreted, f"misconception:{outcome.method}",
                           misconception.message)
    if main.outcome == "undecided":
        return verdict("needs_review", 0.0, interpreted, main.method,
                       f"Could not decide whether this equals the reference ({main.detail}); a person should look.")
    return verdict("incorrect", 0.0, interpreted, main.method, _incorrect_feedback(slot, main))


def _bound_names(reading: Reading | None, slot: Slot) -> Reading | None:
    """The reading with the names the question defines (``z = sum_k |x_k|``) replaced by what they stand for."""
    if reading is None or not slot.bindings:
        return reading

    def bind(expr: sp.Basic) -> sp.Basic:
        return substitute_bindings(expr, slot.bindings)

    return replace(reading, value=bind(reading.value), lhs=None if reading.lhs is None else bind(reading.lhs),
                   steps=tuple(bind(s) for s in reading.steps))


def _growth_reading(answer: str, reading: Reading | None, declared, config: ReadConfig) -> Reading | None:
    """A formula for the growth (``\\Theta(d_1^2)``, ``d_1^2``), completed by words for the dimensions it leaves
    out ("..., independent of d_2"); or words alone."""
    dims = {s for s in declared.values() if s.is_integer and s.is_positive}
    formula = None
    head = re.split(r",|;|\band\b|\(\s*(?:does|no|independent|for|since)|\\text|\\quad|\bwhich\b|\bsince\b", answer)[0]
    stated = re.search(r"\b(?:like|as|(?<!inversely )proportional to|order)\s+\$?([^,;$]+?)\$?(?:[,;.]|\s+and\b|$)",
                       answer)
    candidates = ((reading.value,) if reading is not None else ()) + (_read_quietly(head, declared, config),)
    if stated:
        candidates += (_read_quietly(stated.group(1), declared, config),)  # "grows like d_1^2 and ..."
    for candidate in candidates:
        inner = candidate.args[0] if isinstance(candidate, GROWTH_NODES) else candidate
        if isinstance(inner, sp.Expr) and inner.free_symbols and inner.free_symbols <= dims:
            formula = candidate
            break
    words = exponents_from_words(answer, declared)
    if formula is None and not words and says_constant(answer):
        return Reading(value=Theta(sp.S.One), syntax="words")  # "constant": the same at every size
    if formula is None:
        return Reading(value=Theta(sp.Mul(*(d**e for d, e in words.items()))), syntax="words") if words else None
    inner = formula.args[0] if isinstance(formula, GROWTH_NODES) else formula
    extra = sp.Mul(*(d**e for d, e in words.items() if d not in inner.free_symbols))
    if extra == 1:
        return Reading(value=formula, syntax="latex")
    return Reading(value=type(formula)(inner * extra) if isinstance(formula, GROWTH_NODES) else Theta(inner * extra),
                   syntax="latex+words")


def _read_quietly(text: str, declared, config: ReadConfig) -> sp.Basic | None:
    try:
        return read_answer(text, declared, config).value
    except ReadError:
        return None


def _named_quantity(reading: Reading, slot: Slot, declared) -> Reading | str:
    """Use the left side of ``lhs = value``: solve ``c^2 = 1/d_1`` for c, and refuse an answer naming another
    declared quantity (``d_2 = ...`` where c is asked for). Returns the reading to grade, or feedback."""
    lhs = reading.lhs
    wanted = slot.variable
    if wanted is not None and lhs != wanted and isinstance(lhs, sp.Expr) and lhs.has(wanted):
        solutions = [s for s in sp.solve(sp.Eq(lhs, reading.value), wanted) if s.is_positive is not False]
        if len(solutions) == 1:
            return replace(reading, value=solutions[0], lhs=wanted)
        return reading
    if isinstance(lhs, sp.Symbol) and lhs in set(declared.values()) and lhs != wanted:
        asked = f"; this slot asks for {wanted}" if wanted is not None else ""
        return f"The answer gives {lhs}, not the quantity asked for{asked} ({slot.description})."
    return reading


def _misconception(rule: Misconception, reading: Reading, slot: Slot, declared, config) -> Comparison | None:
    if rule.expr is not None:
        return _compare("numeric" if slot.mode == "numeric" else "exact", reading, rule.expr, slot, declared, config)
    if rule.predicate == "same-order":
        dims = _dimensions(slot, declared)
        if isinstance(reading.value, GROWTH_NODES) or not dims:
            return None
        point = {dim: 7 for dim in dims}
        same_sign = (reading.value.xreplace(point) * slot.reference.xreplace(point)).is_positive
        if not same_sign:
            return None  # a negative constant is wrong, not merely missing its factor
        return compare_order(reading.value, slot.reference, dims)
    return None


def _notes(slot: Slot, reading: Reading, comparison: Comparison) -> str:
    notes = []
    if comparison.method.startswith("exact:decimal"):
        notes.append("Equal to the digits given; an exact form is better.")
    if slot.unit and reading.unit is None and slot.mode == "numeric":
        notes.append(f"No unit was given; read as {slot.unit}.")
    if "upper bound" in comparison.detail:
        notes.append("O(.) is only an upper bound; Theta(.) states the growth exactly.")
    return (" " + " ".join(notes)) if notes else ""


def _incorrect_feedback(slot: Slot, comparison: Comparison) -> str:
    if slot.mode == "order":
        return f"The growth rate is wrong ({comparison.detail})."
    detail = f" ({comparison.detail})" if comparison.detail else ""
    return f"Not equal to the expected answer{detail}; recheck the derivation."


def grade_task(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol],
               config: GradeConfig) -> dict:
    """Worker entry point: grade and return the verdict as JSON (cheap to send back)."""
    return grade_slot(problem, slot, answer, declared, config).to_json()

