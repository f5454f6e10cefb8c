"""Comparing a (reference, answer) pair with no problem bank: what an evaluation pipeline calls."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import sympy as sp

from .compare import GROWTH_NODES, CompareConfig, Comparison, compare_exact, compare_numeric, compare_order
from .reading import Reading, ReadConfig, ReadError, read_answer
from .units import convert
from .verdict import Verdict

MODES = ("auto", "exact", "numeric", "order", "relation", "equation")


@dataclass(frozen=True)
class PairConfig:
    """How a pair is compared."""

    mode: str = "auto"
    read: ReadConfig = field(default_factory=lambda: ReadConfig(units=True))
    compare: CompareConfig = field(default_factory=CompareConfig)
    extract: bool = True  # find the final answer inside a whole response first


def answer_text(text: str, extract: bool = True) -> str:
    """The final answer inside a response (last \\boxed{}, "final answer is", last formula), else the text."""
    if not extract:
        return text
    from .extract import final_answer

    candidate = final_answer(text)
    return candidate.text if candidate is not None else text


def _plain(text: str) -> str:
    text = re.sub(r"\\(text|textbf|mathrm|mathbf|textit)\s*\{([^{}]*)\}", r"\2", text)
    return re.sub(r"[\s$()\\{}.]", "", text).lower()


def _collection(expr: sp.Basic) -> list | None:
    if isinstance(expr, (sp.Tuple, tuple, list)):
        return list(expr)
    if isinstance(expr, sp.FiniteSet):
        return list(expr.args)
    return None


def _compare_values(answer: Reading, reference: Reading, mode: str, config: PairConfig) -> Comparison:
    left, right = answer.value, reference.value
    if reference.unit or answer.unit:
        target = reference.unit or answer.unit
        left, right = convert(left, answer.unit, target), convert(right, reference.unit, target)
        mode = "numeric" if mode == "auto" else mode
    left_items, right_items = _collection(left), _collection(right)
    if left_items is not None or right_items is not None:
        return _compare_collections(left, right, left_items, right_items, answer, config)
    if isinstance(left, sp.Interval) or isinstance(right, sp.Interval):
        return Comparison("equal" if left == right else "different", "interval")
    if mode == "numeric":
        return compare_numeric(left, right, config.compare, answer.decimal_digits)
    if mode == "order" or isinstance(right, GROWTH_NODES):
        dims = sorted(left.free_symbols | right.free_symbols, key=str)
        return compare_order(left, right, dims)
    if isinstance(left, sp.logic.boolalg.Boolean) or isinstance(right, sp.logic.boolalg.Boolean):
        return Comparison("equal" if left == right else "different", "exact:logic")
    return compare_exact(left, right, config.compare, answer.decimal_digits)


def _compare_collections(left, right, left_items, right_items, answer: Reading, config) -> Comparison:
    if left_items is None or right_items is None or len(left_items) != len(right_items):
        return Comparison("different", "collection", "a different number of items")
    ordered = not (isinstance(left, sp.FiniteSet) or isinstance(right, sp.FiniteSet))
    remaining = list(right_items)
    for position, item in enumerate(left_items):
        candidates = [remaining[position]] if ordered else remaining
        match = next((c for c in candidates if compare_exact(sp.sympify(item), sp.sympify(c), config.compare,
                                                             answer.decimal_digits).equal), None)
        if match is None:
            return Comparison("different", "collection", f"item {position + 1} does not match")
        if not ordered:
            remaining.remove(match)
    return Comparison("equal", "collection:" + ("ordered" if ordered else "unordered"))


def _relation_outcome(answer: Reading, reference: Reading, config: PairConfig) -> Comparison | None:
    """Bounds: both sides must be the same kind of bound on the same value."""
    if not (answer.relation or reference.relation):
        return None
    if answer.relation != reference.relation:
        return Comparison("different", "relation", "a different kind of bound")
    return _compare_values(answer, reference, "auto", config)


def compare_pair(identifier: str, gold: str, pred: str, config: PairConfig = PairConfig()) -> Verdict:
    """A verdict on whether ``pred`` states the same answer as ``gold``."""
    started = time.perf_counter()

    def verdict(status, interpreted, reference, method, feedback) -> Verdict:
        score = 1.0 if status == "correct" else 0.0
        return Verdict("compare", identifier, status, score, score, 1.0, interpreted, reference, method, feedback,
                       (time.perf_counter() - started) * 1000, pred if len(pred) <= 300 else pred[:300] + "...")

    gold_text, pred_text = answer_text(gold, config.extract), answer_text(pred, config.extract)
    try:
        reference = read_answer(gold_text, None, config.read)
    except ReadError as error:
        if _plain(gold_text) and _plain(gold_text) == _plain(pred_text):
            return verdict("correct", pred_text, gold_text, "text", "Same text as the reference.")
        return verdict("error", "", gold_text, "read", f"The reference could not be read: {error}")
    try:
        answer = read_answer(pred_text, None, config.read)
    except ReadError as error:
        reason = "is too large to compute" if error.too_large else "could not be read"
        return verdict("unparseable", "", reference.latex(), "read", f"The answer {reason}: {error}")
    outcome = _relation_outcome(answer, reference, config) or _compare_values(answer, reference, config.mode, config)
    if outcome.outcome == "different" and reference.lhs is not None and answer.lhs is not None \
            and isinstance(reference.lhs, sp.Symbol) and reference.lhs != answer.lhs:
        outcome = Comparison("different", outcome.method, f"the answer names {answer.lhs}, not {reference.lhs}")
    if outcome.equal:
        return verdict("correct", answer.latex(), reference.latex(), outcome.method, "Equivalent to the reference.")
    if outcome.outcome == "undecided":
        return verdict("needs_review", answer.latex(), reference.latex(), outcome.method,
                       f"Could not decide ({outcome.detail}); a person should look.")
    if _plain(gold_text) == _plain(pred_text):
        return verdict("correct", answer.latex(), reference.latex(), "text", "Same text as the reference.")
    return verdict("incorrect", answer.latex(), reference.latex(), outcome.method,
                   f"Not equivalent to the reference{' (' + outcome.detail + ')' if outcome.detail else ''}.")


def compare_pair_task(identifier: str, gold: str, pred: str, config: PairConfig) -> dict:
    """Worker entry point: the verdict as a JSON dict."""
    return compare_pair(identifier, gold, pred, config).to_json()
