"""Grading one answer against one slot: read, compare by the slot's mode, then alternates and misconceptions."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace
from typing import Mapping

import sympy as sp

from derive.bank.schema import Misconception, Slot
from derive.equality import Comparison
from derive.growth.asymptotics import Theta
from derive.render.expressions import expr_latex
from graders.modes.equivalence import GROWTH_NODES, CompareConfig, compare_order
from graders.modes.base import not_equal
from graders.modes.order import dimensions
from graders.modes.registry import mode_named
from graders.reading.answer import Reading, read_answer
from graders.reading.config import ReadConfig
from graders.reading.errors import ReadError
from graders.reading.names import bind_entries, substitute_bindings
from graders.reading.phrases import exponents_from_words, says_constant
from graders.reading.vectors import (IndexFrame, fill_whole_ranges, foreign_indices, index_frame, indices_named_by,
                                     kronecker_deltas, to_index_notation, unfilled_range)
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


def _compare(mode: str, reading: Reading, expected: sp.Expr, slot: Slot, declared,
             config: GradeConfig) -> Comparison:
    comparison = mode_named(mode).compare
    if comparison is None:  # a mode that reads its own notation cannot judge a common reading
        return Comparison("undecided", mode, f"mode {mode} does not compare read values")
    return comparison(reading, expected, slot, declared, config.compare)


def grade_slot(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol],
               config: GradeConfig = GradeConfig()) -> Verdict:
    """Grade ``answer`` for ``slot``; never raises for a bad answer (the status says what went wrong)."""
    started = time.perf_counter()
    try:
        return _grade(problem, slot, answer, declared, config, started)
    except Exception as error:  # noqa: BLE001 - an answer SymPy cannot combine must still get a verdict
        message = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return Verdict(problem=problem, slot=slot.name, status="error", score=0.0, points=0.0,
                       max_points=slot.points, reference=_latex(slot.reference, slot.unit), method="error",
                       feedback=f"This answer could not be compared with the reference ({message}).",
                       elapsed_ms=(time.perf_counter() - started) * 1000)


def _grade(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol], config: GradeConfig,
           started: float) -> Verdict:
    reference_latex = _latex(slot.reference, slot.unit)

    def verdict(*, status: str, score: float, interpreted: str, method: str, feedback: str) -> Verdict:
        return Verdict(problem=problem, slot=slot.name, status=status, score=score,
                       points=round(score * slot.points, 4), max_points=slot.points, interpreted_as=interpreted,
                       reference=reference_latex, method=method, feedback=feedback,
                       elapsed_ms=(time.perf_counter() - started) * 1000)

    mode = mode_named(slot.mode)
    if mode.grade is not None:
        return mode.grade(slot, answer, declared, verdict)
    read_config = ReadConfig(config.read.max_length, config.read.max_depth, config.read.max_digits,
                             units=slot.unit is not None or mode.answer_kind == "number")
    reading = None
    takes_growth = mode.answer_kind == "growth" or any(mode_named(a.mode).answer_kind == "growth"
                                                       for a in slot.alternates if a.mode)
    unread: ReadError | None = None
    names = _slot_names(slot, declared)
    try:
        reading = read_answer(to_index_notation(answer, names.frame) if names.frame else answer, declared, read_config)
    except ReadError as error:
        if not takes_growth or error.too_large:
            reason = "too large to compute" if error.too_large else "could not be read"
            return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                           feedback=f"The answer {reason}: {error}")
        unread = error  # words may still state a growth rate ("constant in width")
    growth = None
    if takes_growth:
        growth = _growth_reading(answer, reading, declared, read_config) or reading
    if mode.answer_kind != "growth" and reading is None:
        if growth is None:
            return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                           feedback=f"The answer could not be read: {unread}")
        reading = growth
    if mode.answer_kind == "growth":
        hedge = _hedged_growth(answer, declared, read_config)
        if hedge:
            return verdict(status="needs_review", score=0.0, interpreted=hedge, method="order:hedge",
                           feedback=f"Two different growth rates are offered ({hedge}); a hedge is not graded as "
                                    "either of them: state one.")
        reading = growth
        if reading is None:
            return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                           feedback="Could not find a growth rate: "
                                    "write e.g. \\Theta(d_1^2) or 'quadratically in d_1'.")
    reading, growth = _bound_names(reading, slot, names), _bound_names(growth, slot, names)
    foreign = foreign_indices(reading.value, names.known)
    own = {s for s in names.integers.values() if not s.is_positive}  # the reference's indices, not its dimensions
    if len(foreign) == 1 and len(own) == 1 and not (reading.value.free_symbols & own):
        # p_i - y_i for the entry p_j - y_j: one index, renamed
        reading = replace(reading, value=reading.value.xreplace({foreign.pop(): own.pop()}))
    if foreign:
        named = ", ".join(sorted(map(str, foreign)))
        return verdict(status="needs_review", score=0.0, interpreted=reading.latex(), method="read:indices",
                       feedback=f"The answer uses the index {named}, which the question does not name; a person should "
                                "check which entry is meant (or write it as H_{jm} = ..., with the question's indices).")
    if unfilled_range(reading.value):
        return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                       feedback="A sum is written without its range, and its index runs over no vector of the "
                                "problem: write its limits (\\sum_{k=1}^{n}).")
    interpreted = reading.latex()
    if reading.lhs is not None and reading.relation is None:
        named = _named_quantity(reading, slot, declared)
        if isinstance(named, str):
            return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="equation", feedback=named)
        reading = named

    if reading.relation and not mode.accepts_bounds:
        main = Comparison("different", slot.mode, "a bound was given where a value is asked for")
    else:
        main = _compare(slot.mode, reading, slot.reference, slot, declared, config)
    if main.equal:
        return verdict(status="correct", score=1.0, interpreted=interpreted, method=main.method,
                       feedback="Correct." + _notes(slot, reading, main))
    for alternate in slot.alternates:
        alternate_mode = alternate.mode or slot.mode
        if mode_named(alternate_mode).accepts_bounds != bool(reading.relation):
            continue
        read_as = growth if mode_named(alternate_mode).answer_kind == "growth" and growth is not None else reading
        outcome = _compare(alternate_mode, read_as, alternate.expr, slot, declared, config)
        if outcome.equal:
            status = "correct" if alternate.score >= 1 else "partial"
            return verdict(status=status, score=alternate.score, interpreted=interpreted,
                           method=f"alternate:{outcome.method}",
                           feedback=("Correct. " if status == "correct" else "") + alternate.note)
    for misconception in slot.misconceptions if not reading.relation or mode.accepts_bounds else ():
        # a known wrong value does not describe a bound: "t <= 20" is not the answer 20
        outcome = _misconception(misconception, reading, slot, declared, config)
        if outcome is not None and outcome.equal:
            status = "partial" if misconception.score > 0 else "incorrect"
            return verdict(status=status, score=misconception.score, interpreted=interpreted,
                           method=f"misconception:{outcome.method}",
                           feedback=misconception.message)
    return not_equal(main, interpreted, verdict, lambda: _incorrect_feedback(slot, main))


@dataclass(frozen=True)
class _SlotNames:
    """What a slot's reference, alternates and misconceptions name, worked out once per answer."""

    arrays: frozenset[sp.IndexedBase]
    integers: Mapping[str, sp.Symbol]  # free integer symbols by name: indices and dimensions
    known: frozenset[sp.Symbol]  # every free symbol
    frame: IndexFrame | None  # their vectors and free indices, for vector notation


def _slot_names(slot: Slot, declared: Mapping[str, sp.Symbol]) -> _SlotNames:
    named = (slot.reference, *(a.expr for a in slot.alternates), *(m.expr for m in slot.misconceptions))
    references = [expr for expr in named if isinstance(expr, sp.Basic)]
    known = frozenset(s for expr in references for s in expr.free_symbols)
    return _SlotNames(frozenset(entry.base for expr in references for entry in expr.atoms(sp.Indexed)),
                      {str(s): s for s in known if isinstance(s, sp.Symbol) and s.is_integer}, known,
                      index_frame(references, declared))


def _bound_names(reading: Reading | None, slot: Slot, names: _SlotNames) -> Reading | None:
    """The reading with the names the question defines (``z = sum_k |x_k|``) replaced by what they stand for,
    ``x_k`` read as the entry ``x[k]`` of a vector the reference uses, ``delta_{jm}`` as a Kronecker delta, and
    a sum written without its range run over the axis it indexes. An entry named on the left (``H_{ij} = ...``)
    names its indices: the answer's i and j are the reference's row and column indices."""
    if reading is None or not (slot.bindings or names.arrays):
        return reading
    ordered = tuple(names.integers[n] for n in names.frame.indices if n in names.integers) if names.frame else ()
    indices = {**names.integers, **indices_named_by(reading.lhs, ordered)}

    def bind(expr: sp.Basic) -> sp.Basic:
        bound = bind_entries(substitute_bindings(expr, slot.bindings), names.arrays, indices)
        return fill_whole_ranges(kronecker_deltas(bound, indices)) if isinstance(bound, sp.Basic) else bound

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


_HEDGE_JOIN = re.compile(r"\\text\s*\{\s*or\s*\}|\\lor\b|\bor\b|,|;|\band\b|\\q?quad\b")


def _hedged_growth(answer: str, declared, config: ReadConfig) -> str:
    """The growth rates of an answer offering two different ones ("\\Theta(d_1) \\text{ or } 0", "\\Theta(d_1),
    d_1^2"), joined by "or" for the report; "" when it states at most one."""
    pieces = [piece.strip(" $") for piece in _HEDGE_JOIN.split(answer)[:_MAX_HEDGE_PIECES]]
    if sum(bool(piece) for piece in pieces) < 2:
        return ""
    dims = sorted((s for s in declared.values() if s.is_integer and s.is_positive), key=str)
    stated: list[tuple[str, sp.Expr]] = []
    for piece in filter(None, pieces):
        value = _read_quietly(piece, declared, config)
        inner = value.args[0] if isinstance(value, GROWTH_NODES) else value
        if isinstance(inner, sp.Expr) and inner.free_symbols <= set(dims) and (inner.free_symbols or inner.is_number):
            stated.append((piece, value))
    for index, (piece, value) in enumerate(stated):
        for other, other_value in stated[index + 1:]:
            if not compare_order(value, other_value, dims).equal:
                return f"{piece} or {other}"
    return ""


_MAX_HEDGE_PIECES = 8


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
    if (wanted is not None and not isinstance(wanted, sp.Symbol) and isinstance(lhs, sp.Symbol)
            and lhs in wanted.free_symbols):
        # sigma^2 is asked for and sigma = sqrt(2/n) is given: the answer for sigma^2 is its square
        return replace(reading, value=wanted.xreplace({lhs: reading.value}), lhs=wanted)
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
        dims = dimensions(slot, declared)
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
    if mode_named(slot.mode).answer_kind == "growth":
        return f"The growth rate is wrong ({comparison.detail})."
    detail = f" ({comparison.detail})" if comparison.detail else ""
    return f"Not equal to the expected answer{detail}; recheck the derivation."


def grade_task(problem: str, slot: Slot, answer: str, declared: Mapping[str, sp.Symbol],
               config: GradeConfig) -> Verdict:
    """Worker entry point: the verdict, sent back to the parent process."""
    return grade_slot(problem, slot, answer, declared, config)

