"""Comparing a (reference, answer) pair with no problem bank: what an evaluation pipeline calls."""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

import sympy as sp
from sympy.logic.boolalg import BooleanAtom

from derive.equality import Comparison
from graders.modes import order
from graders.modes.equivalence import GROWTH_NODES, CompareConfig, compare_numeric
from graders.modes.objects import (compare_objects, is_condition, propositional, same_condition, truth,
                                  truth_of_condition, truth_or)
from graders.modes.registry import MODES, pair_modes
from graders.reading.answer import Reading, read_answer
from graders.reading.config import ReadConfig
from graders.reading.errors import ReadError, UndefinedValueError
from graders.reading.units import convert
from graders.verdict import Verdict



@dataclass(frozen=True)
class PairConfig:
    """How a pair is compared."""

    mode: str = "auto"  # or one of graders.modes.registry.pair_modes()
    read: ReadConfig = field(default_factory=lambda: ReadConfig(units=True))
    # Evaluation suites accept answers rounded to two significant digits (0.33 for 1/3); grading wants three.
    compare: CompareConfig = field(default_factory=lambda: CompareConfig(min_exact_digits=2))
    extract: bool = True  # find the final answer inside a whole response first

    def __post_init__(self) -> None:
        if self.mode not in pair_modes():
            raise ValueError(f"unknown comparison mode {self.mode!r}; use one of: {', '.join(pair_modes())}")


def final_answer_text(text: str, extract: bool = True) -> str:
    """The final answer inside a response (last \\boxed{}, "final answer is", last formula), else the text."""
    if not extract:
        return text
    from graders.reading.extract import extract_candidates

    candidates = extract_candidates(text)
    if not candidates:
        return text
    best = candidates[0]
    if best.source == "boxed":
        # Several boxed answers joined only by "and", commas or spacing are one answer: \boxed{1} and \boxed{2}.
        boxed = sorted((c for c in candidates if c.source == "boxed"), key=lambda c: c.start)
        group = [best]
        for previous in reversed([c for c in boxed if c.end <= best.start]):
            between = text[previous.end: group[0].start]
            if not _JOINER.fullmatch(between):
                break
            group.insert(0, previous)
        if len(group) > 1:
            joined = ", ".join(c.text for c in group)
            if all("=" in c.text for c in group):
                return joined  # named values: the reader turns "k = 45, n = 2" into their set
            return r"\{" + joined + r"\}"  # a set: the order of the boxes is not an order
    return best.text


def _plain(text: str) -> str:
    text = re.sub(r"\\(text|textbf|mathrm|mathbf|textit)\s*\{([^{}]*)\}", r"\2", text)
    return re.sub(r"[\s$()\\{}.]", "", text)


_JOINER = re.compile(r"[\s}$,;]*(\\quad|\\qquad|\\text\{[^{}]{0,40}\}|\\,|[A-Za-z]{1,12}|,|;|\s|\$)*"
                     r"[\s$]*\\(boxed|fbox)\s*\{?")
_MAXIMA_NOUNS = re.compile(r"\bnoun(and|or|not)\b")  # Maxima's inert forms mean the same logic
_NUMBER = re.compile(r"-?\d+(\.\d+)?(/\d+)?")
_PROSE = re.compile(r"([A-Za-zÀ-ÿ]{2,}[\s,.:;]+){3}")
_NUMBER_IN_PROSE = re.compile(r"(?<![A-Za-z])(?:-?\d{1,3}(?:[,\s]\d{3})+(?:\.\d+)?|-?\d+(?:[.,]\d+)?(?:/\d+)?)"
                              r"(?![\d,.]\d)")


def _bracket(text: str) -> str | None:
    """The bracket around the whole answer: ``(`` for a tuple, ``{`` for a set."""
    text = re.sub(r"^[\s$]+|[\s$.]+$", "", text).replace("\\{", "{").replace("\\}", "}")
    text = re.sub(r"^\\left|\\right(?=.$)", "", text)
    pairs = {"(": ")", "{": "}", "[": "]"}
    if len(text) < 2 or text[0] not in pairs or text[-1] != pairs[text[0]]:
        return None
    depth = 0
    for position, char in enumerate(text):
        depth += 1 if char == text[0] else -1 if char == pairs[text[0]] else 0
        if depth == 0 and position < len(text) - 1:
            return None  # "(a, b), (c, d)": the first bracket closes early
    return text[0]


def _last_number(text: str) -> str | None:
    found = _NUMBER_IN_PROSE.findall(text)
    return normalize_number_text(found[-1].strip(), single_number_expected=True) if found else None


_PERCENT = re.compile(r"\s*(\\%|%|\\text\{\s*\\?%\s*\}|\s(percent|percentage)\b\.?)\s*$", re.I)
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
# Digits in groups of three, one separator throughout (12,345 or SI's 12\,345 or 12 345), then maybe a unit.
_GROUPED_NUMBER = re.compile(
    r"(?P<number>-?[1-9]\d{0,2}(?P<separator>,|\\,| )\d{3}(?:(?P=separator)\d{3})*(?:\.\d+)?)"
    r"(?P<unit>(?:\s*(?:\\[,;: ]|~)*\s*(?:\\(?:text|mathrm|textrm)\s*\{[^{}]*\}|[A-Za-zμµ]+))?)")


def normalize_number_text(text: str, single_number_expected: bool) -> str:
    """Percent signs, thousands separators and decimal commas, as people write numbers (a unit may follow)."""
    text = _PERCENT.sub("", text.strip())
    compact = re.sub(r"\\!\s*", "", text).strip()  # "32,\! 349": the negative space joins the groups
    grouped = _GROUPED_NUMBER.fullmatch(compact)
    if grouped is not None:
        return grouped.group("number").replace(grouped.group("separator"), "") + grouped.group("unit")
    if single_number_expected and _DECIMAL_COMMA.fullmatch(compact):
        return compact.replace(",", ".")
    return text


def _names_unknown(lhs: sp.Basic) -> bool:
    """``x``, ``f(x)``, ``|AB|``, ``NO/BO``, ``(p, q)`` name what is asked; ``a + 3z`` states a condition."""
    if isinstance(lhs, sp.Add):
        return False
    numbers = [n for n in lhs.atoms(sp.Number) if abs(n) != 1]
    return not numbers


def _whole(reading: Reading) -> sp.Basic:
    """The reading as one object: an equation or bound keeps its left side."""
    if reading.lhs is None:
        return reading.value
    if reading.relation:
        op = {"<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}[reading.relation]
        return op(reading.lhs, reading.value, evaluate=False)
    return sp.Eq(reading.lhs, reading.value, evaluate=False)


def _compare_readings(answer: Reading, reference: Reading, mode: str, config: PairConfig) -> Comparison:
    digits = answer.decimals
    if reference.unit or answer.unit:
        target = reference.unit or answer.unit
        left, right = convert(answer.value, answer.unit, target), convert(reference.value, reference.unit, target)
        return compare_numeric(left, right, config.compare, digits)
    chosen = MODES.get(mode)
    if chosen is not None and chosen.compare_readings is not None:
        return chosen.compare_readings(answer, reference, config.compare)
    if isinstance(reference.value, GROWTH_NODES):
        return order.compare_readings(answer, reference, config.compare)
    if answer.lhs is not None and reference.lhs is not None and not answer.relation and not reference.relation:
        if answer.lhs == reference.lhs:
            same_value = compare_objects(answer.value, reference.value, digits, config.compare)
            lone_unknown = isinstance(answer.lhs, sp.Symbol) and answer.lhs not in \
                (answer.value.free_symbols | reference.value.free_symbols)
            if same_value.equal or (lone_unknown and same_value.outcome == "different"):
                return same_value  # y = A and y = B, y in neither: the same condition exactly when A = B
        return same_condition(_whole(answer), _whole(reference), config.compare)
    if is_condition(answer.value) or is_condition(reference.value) or truth(answer.value) is not None \
            or truth(reference.value) is not None:
        left, right = truth_or(_whole(answer)), truth_or(_whole(reference))
        if left == right:
            return Comparison("equal", "condition:syntactic")
        if isinstance(left, BooleanAtom) or isinstance(right, BooleanAtom):
            return truth_of_condition(left, right)
        by_truth_table = propositional(left, right)
        if by_truth_table is not None and by_truth_table.equal:
            return by_truth_table  # letters may hide arithmetic (x > 2 is not x <= 2): only "equal" is final
        as_sets = compare_objects(left, right, digits, config.compare)
        if as_sets.equal or as_sets.method == "condition:points":
            return as_sets  # equal sets, or a value of the variable that satisfies one condition only
        solved = same_condition(left, right, config.compare)
        return solved if solved.outcome != "undecided" else as_sets
    # A reference "x = 11" names its unknown: compare values.  A reference equation or bound that is a
    # condition ("a + 3z = 0", "x < 1") is compared as a condition.
    named = reference.lhs is not None and reference.relation is None and _names_unknown(reference.lhs)
    if named or reference.lhs is None:
        answer_named = answer.relation is None and (answer.lhs is None or _names_unknown(answer.lhs))
        left = answer.value if answer_named else _whole(answer)
        if named and isinstance(answer.lhs, sp.Symbol) and isinstance(reference.lhs, sp.Symbol) \
                and answer.lhs != reference.lhs and answer.relation is None:
            return Comparison("different", "equation", f"the answer gives {answer.lhs}, not {reference.lhs}")
        return compare_objects(left, reference.value, digits, config.compare)
    return compare_objects(_whole(answer), _whole(reference), digits, config.compare)


def compare_pair(identifier: str, gold: str, pred: str, config: PairConfig = PairConfig()) -> Verdict:
    """A verdict on whether ``pred`` states the same answer as ``gold``; never raises for a bad answer."""
    started = time.perf_counter()
    try:
        return _compare_pair(identifier, gold, pred, config, started)
    except Exception as error:  # noqa: BLE001 - objects SymPy cannot combine must still get a verdict
        message = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return Verdict(problem="compare", slot=identifier, status="error", score=0.0, points=0.0, max_points=1.0,
                       reference=gold[:300], method="error", feedback=f"This pair could not be compared ({message}).",
                       elapsed_ms=(time.perf_counter() - started) * 1000, raw=_shown(pred))


def _compare_pair(identifier: str, gold: str, pred: str, config: PairConfig, started: float) -> Verdict:

    def verdict(*, status: str, interpreted: str, reference: str, method: str, feedback: str) -> Verdict:
        score = 1.0 if status == "correct" else 0.0
        return Verdict(problem="compare", slot=identifier, status=status, score=score, points=score, max_points=1.0,
                       interpreted_as=interpreted, reference=reference, method=method, feedback=feedback,
                       elapsed_ms=(time.perf_counter() - started) * 1000, raw=_shown(pred))

    gold_text, pred_text = final_answer_text(gold, config.extract), final_answer_text(pred, config.extract)
    gold_text, pred_text = _MAXIMA_NOUNS.sub(r"\1", gold_text), _MAXIMA_NOUNS.sub(r"\1", pred_text)
    gold_text = normalize_number_text(gold_text, single_number_expected=True)
    if config.extract and _NUMBER.fullmatch(gold_text.strip()) and _PROSE.search(pred_text):
        pred_text = _last_number(pred_text) or pred_text  # "... which is 1,000.99€": the number the prose ends on
    pred_text = normalize_number_text(pred_text, single_number_expected=bool(re.fullmatch(r"\s*-?[\d.]+\s*",
                                                                                         gold_text)))
    try:
        reference = read_answer(gold_text, None, config.read)
    except UndefinedValueError as error:
        return verdict(status="error", interpreted="", reference=gold_text, method="read:undefined",
                       feedback=f"The reference cannot be compared: {error}.")
    except ReadError as error:
        if _plain(gold_text) and _plain(gold_text) == _plain(pred_text):
            return verdict(status="correct", interpreted=pred_text, reference=gold_text, method="text",
                           feedback="Same text as the reference.")
        return verdict(status="error", interpreted="", reference=gold_text, method="read",
                       feedback=f"The reference could not be read: {error}")
    try:
        answer = read_answer(pred_text, None, config.read)
    except ReadError as error:
        reason = "is too large to compute" if error.too_large else "could not be read"
        undefined = isinstance(error, UndefinedValueError)
        return verdict(status="unparseable", interpreted="", reference=reference.latex(),
                       method="read:undefined" if undefined else "read",
                       feedback=f"The answer cannot be compared: {error}." if undefined else
                       f"The answer {reason}: {error}")
    reference, answer = _constants(reference), _constants(answer)
    reference = _with_answer_assumptions(reference, answer)
    if config.extract and _NUMBER.fullmatch(gold_text.strip()) and not answer.value.is_number \
            and _PROSE.search(pred):
        # An answer that is not a number where a number is asked: take the number the response ends on.
        last = _last_number(pred)
        if last is not None:
            try:
                answer = read_answer(last, None, config.read)
            except ReadError:
                pass
    outcome = _compare_readings(answer, reference, config.mode, config)
    if outcome.equal and {_bracket(gold_text), _bracket(pred_text)} == {"(", "{"}:
        outcome = Comparison("different", "collection", "an ordered tuple and a set are different answers")
    if outcome.equal:
        return verdict(status="correct", interpreted=answer.latex(), reference=reference.latex(),
                       method=outcome.method, feedback="Equivalent to the reference.")
    if outcome.outcome == "undecided":
        if _plain(gold_text) == _plain(pred_text):
            return verdict(status="correct", interpreted=answer.latex(), reference=reference.latex(),
                           method="text", feedback="Same text as the reference.")
        return verdict(status="needs_review", interpreted=answer.latex(), reference=reference.latex(),
                       method=outcome.method,
                       feedback=f"Could not decide ({outcome.detail}); a person should look.")
    return verdict(status="incorrect", interpreted=answer.latex(), reference=reference.latex(), method=outcome.method,
                   feedback=f"Not equivalent to the reference{' (' + outcome.detail + ')' if outcome.detail else ''}.")


def _with_answer_assumptions(reference: Reading, answer: Reading) -> Reading:
    """An answer that declares ``a > 0`` (STACK's assume) speaks of the reference's ``a``."""
    declared = {s.name: s for s in answer.value.free_symbols if isinstance(s, sp.Symbol) and s.assumptions0
                and s.assumptions0 != sp.Symbol(s.name).assumptions0}
    if not declared:
        return reference
    mapping = {s: declared[s.name] for s in reference.value.free_symbols
               if isinstance(s, sp.Symbol) and s.name in declared and s != declared[s.name]}
    if not mapping:
        return reference
    return _substituted(reference, mapping)


def _constants(reading: Reading) -> Reading:
    """With no declared symbols, a lone ``e`` is Euler's number and a lone ``i`` the imaginary unit."""
    names = {s.name: s for s in reading.value.free_symbols if isinstance(s, sp.Symbol)}
    if reading.lhs is not None:
        names.update({s.name: s for s in reading.lhs.free_symbols if isinstance(s, sp.Symbol)})
    mapping = {symbol: value for name, value in (("e", sp.E), ("i", sp.I)) if (symbol := names.get(name))}
    if not mapping:
        return reading
    return _substituted(reading, mapping)


def _substituted(reading: Reading, mapping: dict) -> Reading:
    """The reading with symbols replaced in its value and its left side."""
    lhs = None if reading.lhs is None else reading.lhs.xreplace(mapping)
    return replace(reading, value=reading.value.xreplace(mapping), lhs=lhs)


def _shown(pred: str) -> str:
    """The answer as quoted back in the verdict, bounded."""
    return pred if len(pred) <= 300 else pred[:300] + "..."


def compare_pair_task(identifier: str, gold: str, pred: str, config: PairConfig) -> Verdict:
    """Worker entry point: the verdict, sent back to the parent process."""
    return compare_pair(identifier, gold, pred, config)
