"""Comparing a (reference, answer) pair with no problem bank: what an evaluation pipeline calls."""
from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import BooleanAtom

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
    from .extract import extract_candidates

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
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
_SPACED_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}( \d{3})+(\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")


def normalize_number_text(text: str, single_number_expected: bool) -> str:
    """Percent signs, thousands separators and decimal commas, as people write numbers."""
    text = _PERCENT.sub("", text.strip())
    compact = re.sub(r"\\!\s*", "", text).strip()  # "32,\! 349": the negative space joins the groups
    if _THOUSANDS.fullmatch(compact) or _SPACED_THOUSANDS.fullmatch(compact):
        return re.sub(r"[, ]", "", compact)
    if single_number_expected and _DECIMAL_COMMA.fullmatch(compact):
        return compact.replace(",", ".")
    return text


def _as_matrix(expr):
    if isinstance(expr, sp.MatrixExpr) and not isinstance(expr, sp.MatrixBase):
        try:
            expr = expr.doit()  # A + B, A B with explicit matrices: work them out
        except Exception:  # noqa: BLE001 - shapes that do not fit leave the expression as it is
            return None
    return expr if isinstance(expr, sp.MatrixBase) else None


def _subjects(expr: sp.Basic) -> set:
    """The non-numeric sides of the relations in a condition."""
    relations = [node for node in sp.preorder_traversal(expr) if isinstance(node, sp.core.relational.Relational)]
    sides = set()
    for relation in relations:
        sides |= {side for side in relation.args if not getattr(side, "is_number", False)}
    return sides


def _as_set(expr: sp.Basic):
    """Intervals, unions, and conditions on one variable (``-2 <= x <= 7``, ``x \\in [a, b]``) as sets."""
    if isinstance(expr, (sp.Interval, sp.Union)):
        return expr
    if isinstance(expr, sp.Eq) and isinstance(expr.rhs, (sp.Interval, sp.Union)):
        return expr.rhs
    relational = isinstance(expr, (sp.And, sp.Or)) or (isinstance(expr, sp.core.relational.Relational)
                                                      and not isinstance(expr, (sp.Eq, sp.Ne)))
    if relational and len(_subjects(expr)) == 1 and isinstance(next(iter(_subjects(expr))), AppliedUndef):
        expr = expr.xreplace({next(iter(_subjects(expr))): sp.Symbol("subject")})  # 0 < f(x) < 1 bounds f(x)
    if relational and len(expr.free_symbols) == 1:
        (symbol,) = expr.free_symbols
        real = sp.Symbol(symbol.name, real=True)
        try:
            return expr.xreplace({symbol: real}).as_set()
        except Exception:  # noqa: BLE001 - as_set gives up on hard conditions; then it is not a set
            return None
    return None


def _relation_parts(expr: sp.Basic):
    """``a < b`` -> (b - a, "strict"); equations -> (lhs - rhs, "eq"); else None."""
    if not isinstance(expr, sp.core.relational.Relational) or not all(isinstance(side, sp.Expr) for side in expr.args):
        return None
    if isinstance(expr, sp.Eq):
        return expr.lhs - expr.rhs, "eq"
    if isinstance(expr, sp.Ne):
        return expr.lhs - expr.rhs, "ne"
    if isinstance(expr, (sp.Lt, sp.StrictLessThan)):
        return expr.rhs - expr.lhs, "strict"
    if isinstance(expr, (sp.Gt, sp.StrictGreaterThan)):
        return expr.lhs - expr.rhs, "strict"
    if isinstance(expr, (sp.Le, sp.LessThan)):
        return expr.rhs - expr.lhs, "weak"
    if isinstance(expr, (sp.Ge, sp.GreaterThan)):
        return expr.lhs - expr.rhs, "weak"
    return None


def _same_relation(left, right, config: PairConfig) -> Comparison:
    """Equivalent conditions: the normalised sides differ by a constant factor (positive for inequalities)."""
    (a, kind_a), (b, kind_b) = _relation_parts(left), _relation_parts(right)
    if kind_a != kind_b:
        return Comparison("different", "relation", "a different kind of relation")
    if b == 0 or a == 0:
        return Comparison("equal" if a == b else "different", "relation")
    values = []
    rng = random.Random(config.compare.seed)
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    for _ in range(6):
        point = {s: sp.Rational(rng.randint(11, 997), rng.randint(7, 131)) for s in symbols}
        try:
            value = complex(sp.N((a / b).xreplace(point), 20))
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        values.append(value)
    if not values or any(abs(v - values[0]) > 1e-12 * max(1.0, abs(values[0])) for v in values):
        return Comparison("different", "relation", "the conditions are not multiples of each other")
    if kind_a not in ("eq", "ne") and values[0].real <= 0:
        return Comparison("different", "relation", "the inequality points the other way")
    return Comparison("equal", "relation", "the same condition, rescaled")


def _compare_objects(left, right, digits, config: PairConfig) -> Comparison:
    """Recursive equivalence of values, collections, sets, conditions and matrices."""
    left_matrix, right_matrix = _as_matrix(left), _as_matrix(right)
    if left_matrix is not None or right_matrix is not None:
        if left_matrix is None or right_matrix is None or left_matrix.shape != right_matrix.shape:
            return Comparison("different", "matrix", "a different shape")
        for a, b in zip(left_matrix, right_matrix):
            item = _compare_objects(a, b, digits, config)
            if not item.equal:
                return Comparison(item.outcome, "matrix", "an entry differs")
        return Comparison("equal", "matrix")
    if isinstance(left, sp.Interval) and isinstance(right, sp.Tuple) and len(right) == 2 and left.left_open \
            and left.right_open:
        left = sp.Tuple(left.start, left.end)  # "(a, b)" is a pair as often as an open interval
    if isinstance(right, sp.Interval) and isinstance(left, sp.Tuple) and len(left) == 2 and right.left_open \
            and right.right_open:
        right = sp.Tuple(right.start, right.end)
    left_set, right_set = _as_set(left), _as_set(right)
    if isinstance(right_set, sp.Interval) and right_set.left_open and right_set.right_open \
            and isinstance(left, sp.Tuple) and len(left) == 2:
        left_set = sp.Interval.open(*left)  # "(a, b)" for the condition a < x < b
    if left_set is not None and right_set is not None:
        return _compare_sets(left_set, right_set, digits, config)
    if isinstance(left, sp.Tuple) and isinstance(right, (sp.Interval, sp.Union)):
        return Comparison("different", "interval", "a list was given where an interval is asked for")
    left_items, right_items = _collection(left), _collection(right)
    if left_items is not None or right_items is not None:
        if left_items is None or right_items is None or len(left_items) != len(right_items):
            return Comparison("different", "collection", "a different number of items")
        unordered = isinstance(left, sp.FiniteSet) or isinstance(right, sp.FiniteSet)
        return _match_items(left_items, right_items, unordered, digits, config)
    if _relation_parts(left) is not None and _relation_parts(right) is not None:
        return _same_relation(left, right, config)
    if isinstance(left, sp.logic.boolalg.Boolean) or isinstance(right, sp.logic.boolalg.Boolean):
        return Comparison("equal" if left == right else "different", "exact:logic")
    return compare_exact(left, right, config.compare, digits)


def _compare_sets(left, right, digits, config) -> Comparison:
    if isinstance(left, sp.FiniteSet) and isinstance(right, sp.FiniteSet):
        return _match_items(list(left.args), list(right.args), True, digits, config)
    if type(left) is not type(right):
        return Comparison("different", "set", "a different kind of set")
    if isinstance(left, sp.Interval):
        if (left.left_open, left.right_open) != (right.left_open, right.right_open):
            return Comparison("different", "interval", "open and closed ends differ")
        ends = _match_items([left.start, left.end], [right.start, right.end], False, digits, config)
        return Comparison(ends.outcome, "interval", ends.detail)
    if isinstance(left, sp.Union) and len(left.args) == len(right.args):
        for a, b in zip(left.args, right.args):
            part = _compare_sets(a, b, digits, config)
            if not part.equal:
                return part
        return Comparison("equal", "set")
    return Comparison("equal" if left == right else "different", "set")


def _match_items(left_items, right_items, unordered, digits, config) -> Comparison:
    remaining = list(right_items)
    for position, item in enumerate(left_items):
        candidates = remaining if unordered else [remaining[position]]
        match = next((c for c in candidates if _compare_objects(item, c, digits, config).equal), None)
        if match is None:
            return Comparison("different", "collection", f"item {position + 1} does not match")
        if unordered:
            remaining.remove(match)
    return Comparison("equal", "collection:" + ("unordered" if unordered else "ordered"))


def _collection(expr: sp.Basic) -> list | None:
    if isinstance(expr, (sp.Tuple, tuple, list)):
        return list(expr)
    if isinstance(expr, sp.FiniteSet):
        return list(expr.args)
    return None


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


def _truth(expr: sp.Basic) -> bool | None:
    """True for "all", "x = x", "true"; False for "none", "1 = 2", "false"; else None."""
    if expr in (sp.true, sp.false):
        return bool(expr)
    if isinstance(expr, sp.Symbol) and expr.name in ("all", "none"):
        return expr.name == "all"
    if isinstance(expr, sp.core.relational.Relational) and all(isinstance(a, sp.Expr) for a in expr.args):
        if expr.lhs == expr.rhs:
            return isinstance(expr, (sp.Eq, sp.Le, sp.Ge))
        if expr.lhs.is_number and expr.rhs.is_number:
            try:
                return bool(expr.func(expr.lhs, expr.rhs))
            except TypeError:
                return None
    return None


def _truth_of_condition(left: sp.Basic, right: sp.Basic) -> Comparison:
    """``x > 1 or x < 3`` is always true; ``x > 1 and x < -1`` never is."""
    atom, condition = (left, right) if isinstance(left, BooleanAtom) else (right, left)
    if isinstance(condition, BooleanAtom) or len(condition.free_symbols) != 1:
        return Comparison("equal" if atom == condition else "different", "condition:truth")
    solutions = _as_set(condition)
    if solutions is None:
        return Comparison("undecided", "condition:truth", "could not solve the condition")
    holds = solutions == sp.S.Reals if atom == sp.true else solutions == sp.S.EmptySet
    return Comparison("equal" if holds else "different", "condition:truth")


def _truth_or(expr: sp.Basic) -> sp.Basic:
    truth = _truth(expr)
    return expr if truth is None else sp.true if truth else sp.false


def _propositional(left: sp.Basic, right: sp.Basic) -> Comparison | None:
    """Formulas of propositional letters: equivalent when their difference is unsatisfiable."""
    def letters_only(expr):
        return isinstance(expr, sp.logic.boolalg.Boolean) and not expr.atoms(sp.core.relational.Relational) \
            and all(isinstance(s, sp.Symbol) for s in expr.free_symbols)

    left, right = _relations_as_letters(left, right)
    if not (letters_only(left) and letters_only(right)) or len(left.free_symbols | right.free_symbols) > 12:
        return None
    same = not sp.logic.inference.satisfiable(sp.Xor(left, right))
    return Comparison("equal" if same else "different", "logic:truth-table")


def _relations_as_letters(*formulas: sp.Basic) -> list[sp.Basic]:
    """Replace each relation by a letter, the same letter for ``B = C`` and ``C = B``, ``a < b`` and ``b > a``."""
    if not all(isinstance(f, sp.logic.boolalg.BooleanFunction) for f in formulas):
        return list(formulas)
    letters: dict[tuple, sp.Symbol] = {}

    def key(relation) -> tuple:
        difference, kind = _relation_parts(relation)
        difference = sp.expand(difference)
        if kind in ("eq", "ne"):
            return kind, min(str(difference), str(-difference))
        return kind, str(difference)

    replaced = []
    for formula in formulas:
        mapping = {}
        for node in sp.preorder_traversal(formula):
            if _relation_parts(node) is not None:
                mapping[node] = letters.setdefault(key(node), sp.Symbol(f"relation_{len(letters)}"))
        replaced.append(formula.xreplace(mapping))
    return replaced


def _or_of_equations_as_product(expr: sp.Basic) -> sp.Basic:
    """``a = 0 or b = 0`` has the zeros of ``a b = 0``."""
    if isinstance(expr, sp.Or) and all(isinstance(part, sp.Eq) for part in expr.args):
        return sp.Eq(sp.Mul(*(part.lhs - part.rhs for part in expr.args)), 0, evaluate=False)
    return expr


def _is_condition(expr: sp.Basic) -> bool:
    return isinstance(expr, (sp.And, sp.Or, sp.Not)) or (
        isinstance(expr, sp.core.relational.Relational) and all(isinstance(a, sp.Expr) for a in expr.args))


def _solutions(condition: sp.Basic, symbol: sp.Symbol):
    """The set of real ``symbol`` values satisfying an equation, an inequality, or and/or of them."""
    real = sp.Symbol(symbol.name, real=True)
    condition = condition.xreplace({symbol: real})
    if isinstance(condition, sp.Eq):
        return sp.solveset(condition.lhs - condition.rhs, real, domain=sp.S.Reals)
    if isinstance(condition, sp.Or):
        return sp.Union(*(_solutions(part, real) for part in condition.args))
    if isinstance(condition, sp.And) and all(isinstance(part, sp.Eq) for part in condition.args):
        return sp.Intersection(*(_solutions(part, real) for part in condition.args))
    return condition.as_set()


def _same_condition(left: sp.Basic, right: sp.Basic, config: PairConfig) -> Comparison:
    """Equivalent conditions: rescaled sides, or the same solution set in their one unknown."""
    left, right = _or_of_equations_as_product(left), _or_of_equations_as_product(right)
    if _relation_parts(left) is not None and _relation_parts(right) is not None:
        rescaled = _same_relation(left, right, config)
        if rescaled.equal:
            return rescaled
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    if len(symbols) != 1:
        # Several unknowns: solve both for the same one, when each gives it explicitly.
        for symbol in symbols:
            try:
                a, b = sp.solve(_as_equation(left), symbol), sp.solve(_as_equation(right), symbol)
            except Exception:  # noqa: BLE001 - solve raises on what it cannot do
                continue
            if a and b and len(a) == len(b):
                items = _match_items(list(a), list(b), True, None, config)
                return Comparison(items.outcome, "condition:solved", f"solved for {symbol}")
        return Comparison("different", "condition", "the conditions differ")
    try:
        left_set, right_set = _solutions(left, symbols[0]), _solutions(right, symbols[0])
    except Exception:  # noqa: BLE001 - solveset and as_set give up on hard conditions
        return Comparison("undecided", "condition", "could not solve the conditions")
    same = sp.simplify(sp.Complement(left_set, right_set)) == sp.S.EmptySet and \
        sp.simplify(sp.Complement(right_set, left_set)) == sp.S.EmptySet
    return Comparison("equal" if same else "different", "condition:solution-set")


def _as_equation(expr: sp.Basic) -> sp.Expr:
    return expr.lhs - expr.rhs if isinstance(expr, sp.Eq) else expr


def _compare_readings(answer: Reading, reference: Reading, mode: str, config: PairConfig) -> Comparison:
    digits = answer.decimal_digits
    if reference.unit or answer.unit:
        target = reference.unit or answer.unit
        left, right = convert(answer.value, answer.unit, target), convert(reference.value, reference.unit, target)
        return compare_numeric(left, right, config.compare, digits)
    if mode == "numeric":
        return compare_numeric(answer.value, reference.value, config.compare, digits)
    if mode == "order" or isinstance(reference.value, GROWTH_NODES):
        dims = sorted(answer.value.free_symbols | reference.value.free_symbols, key=str)
        return compare_order(answer.value, reference.value, dims)
    if answer.lhs is not None and reference.lhs is not None and not answer.relation and not reference.relation:
        if answer.lhs == reference.lhs:
            same_value = _compare_objects(answer.value, reference.value, digits, config)
            if same_value.equal:
                return same_value
        return _same_condition(_whole(answer), _whole(reference), config)
    if _is_condition(answer.value) or _is_condition(reference.value) or _truth(answer.value) is not None \
            or _truth(reference.value) is not None:
        left, right = _truth_or(_whole(answer)), _truth_or(_whole(reference))
        if left == right:
            return Comparison("equal", "condition:syntactic")
        if isinstance(left, BooleanAtom) or isinstance(right, BooleanAtom):
            return _truth_of_condition(left, right)
        propositional = _propositional(left, right)
        if propositional is not None:
            return propositional
        as_sets = _compare_objects(left, right, digits, config)
        if as_sets.equal:
            return as_sets
        solved = _same_condition(left, right, config)
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
        return _compare_objects(left, reference.value, digits, config)
    return _compare_objects(_whole(answer), _whole(reference), digits, config)


def compare_pair(identifier: str, gold: str, pred: str, config: PairConfig = PairConfig()) -> Verdict:
    """A verdict on whether ``pred`` states the same answer as ``gold``."""
    started = time.perf_counter()

    def verdict(status, interpreted, reference, method, feedback) -> Verdict:
        score = 1.0 if status == "correct" else 0.0
        return Verdict("compare", identifier, status, score, score, 1.0, interpreted, reference, method, feedback,
                       (time.perf_counter() - started) * 1000, pred if len(pred) <= 300 else pred[:300] + "...")

    gold_text, pred_text = answer_text(gold, config.extract), answer_text(pred, config.extract)
    gold_text, pred_text = _MAXIMA_NOUNS.sub(r"\1", gold_text), _MAXIMA_NOUNS.sub(r"\1", pred_text)
    gold_text = normalize_number_text(gold_text, single_number_expected=True)
    if config.extract and _NUMBER.fullmatch(gold_text.strip()) and _PROSE.search(pred_text):
        pred_text = _last_number(pred_text) or pred_text  # "... which is 1,000.99€": the number the prose ends on
    pred_text = normalize_number_text(pred_text, single_number_expected=bool(re.fullmatch(r"\s*-?[\d.]+\s*",
                                                                                         gold_text)))
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
    reference, answer = _constants(reference), _constants(answer)
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
        return verdict("correct", answer.latex(), reference.latex(), outcome.method, "Equivalent to the reference.")
    if outcome.outcome == "undecided":
        if _plain(gold_text) == _plain(pred_text):
            return verdict("correct", answer.latex(), reference.latex(), "text", "Same text as the reference.")
        return verdict("needs_review", answer.latex(), reference.latex(), outcome.method,
                       f"Could not decide ({outcome.detail}); a person should look.")
    return verdict("incorrect", answer.latex(), reference.latex(), outcome.method,
                   f"Not equivalent to the reference{' (' + outcome.detail + ')' if outcome.detail else ''}.")


def _constants(reading: Reading) -> Reading:
    """With no declared symbols, a lone ``e`` is Euler's number and a lone ``i`` the imaginary unit."""
    names = {s.name: s for s in reading.value.free_symbols if isinstance(s, sp.Symbol)}
    if reading.lhs is not None:
        names.update({s.name: s for s in reading.lhs.free_symbols if isinstance(s, sp.Symbol)})
    mapping = {symbol: value for name, value in (("e", sp.E), ("i", sp.I)) if (symbol := names.get(name))}
    if not mapping:
        return reading
    return Reading(value=reading.value.xreplace(mapping),
                   lhs=None if reading.lhs is None else reading.lhs.xreplace(mapping), relation=reading.relation,
                   unit=reading.unit, syntax=reading.syntax, steps=reading.steps,
                   decimal_digits=reading.decimal_digits)


def compare_pair_task(identifier: str, gold: str, pred: str, config: PairConfig) -> dict:
    """Worker entry point: the verdict as a JSON dict."""
    return compare_pair(identifier, gold, pred, config).to_json()
