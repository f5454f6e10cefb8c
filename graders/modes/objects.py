"""Comparing answer objects: numbers, collections, sets and intervals, matrices, conditions and logic."""
from __future__ import annotations

import random

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.logic.boolalg import BooleanAtom

from graders.budget import within_budget
from graders.modes.equivalence import CompareConfig, Comparison, compare_exact
from graders.modes.real_sets import condition_set, same_set

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
            return condition_set(expr.xreplace({symbol: real}), real)
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


def _same_relation(left, right, config: CompareConfig) -> Comparison:
    """Equivalent conditions: the normalised sides differ by a constant factor (positive for inequalities)."""
    (a, kind_a), (b, kind_b) = _relation_parts(left), _relation_parts(right)
    if kind_a != kind_b:
        return Comparison("different", "relation", "a different kind of relation")
    if b == 0 or a == 0:
        return Comparison("equal" if a == b else "different", "relation")
    values = []
    rng = random.Random(config.seed)
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


_WITNESS_POINTS = tuple(sp.Rational(n, 4) for n in range(-81, 82, 3)) + (sp.Integer(-1000), sp.Integer(1000))


def _condition_witness(left: sp.Basic, right: sp.Basic) -> str | None:
    """A value of the one variable where two conditions on it disagree (``x = 3/4 satisfies one only``), found
    by testing points before solving either condition, which costs far more; None when none is found."""
    conditions = (sp.And, sp.Or, sp.core.relational.Relational)
    if not (isinstance(left, conditions) and isinstance(right, conditions)) or isinstance(left, sp.Eq) \
            or isinstance(right, sp.Eq):
        return None
    variables = left.free_symbols | right.free_symbols
    if len(variables) != 1:
        return None
    (variable,) = variables
    for value in _WITNESS_POINTS:
        try:
            truths = left.xreplace({variable: value}), right.xreplace({variable: value})
        except (TypeError, ValueError):
            return None
        if all(isinstance(truth, BooleanAtom) for truth in truths) and truths[0] != truths[1]:
            return f"{variable} = {value} satisfies {'the answer' if truths[0] else 'the reference'} only"
    return None


def compare_objects(left, right, digits, config: CompareConfig) -> Comparison:
    """Recursive equivalence of values, collections, sets, conditions and matrices."""
    if left == right and not isinstance(left, sp.MatrixBase):  # undefined values never get here (reading refuses them)
        return Comparison("equal", "exact:syntactic")
    left_matrix, right_matrix = _as_matrix(left), _as_matrix(right)
    if left_matrix is not None or right_matrix is not None:
        if left_matrix is None or right_matrix is None or left_matrix.shape != right_matrix.shape:
            return Comparison("different", "matrix", "a different shape")
        for a, b in zip(left_matrix, right_matrix):
            item = compare_objects(a, b, digits, config)
            if not item.equal:
                return Comparison(item.outcome, "matrix", "an entry differs")
        return Comparison("equal", "matrix")
    if isinstance(left, sp.Interval) and isinstance(right, sp.Tuple) and len(right) == 2 and left.left_open \
            and left.right_open:
        left = sp.Tuple(left.start, left.end)  # "(a, b)" is a pair as often as an open interval
    if isinstance(right, sp.Interval) and isinstance(left, sp.Tuple) and len(left) == 2 and right.left_open \
            and right.right_open:
        right = sp.Tuple(right.start, right.end)
    witness = _condition_witness(left, right)
    if witness is not None:
        return Comparison("different", "condition:points", witness)
    right_set = _as_set(right)  # solving an inequality is costly: the answer's only matters against a set
    left_set = _as_set(left) if right_set is not None or isinstance(right, sp.Tuple) else None
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
    logic = (sp.logic.boolalg.BooleanFunction, BooleanAtom)  # not Boolean: every Symbol is one of those
    if isinstance(left, logic) or isinstance(right, logic):
        return Comparison("equal" if left == right else "different", "exact:logic")
    return compare_exact(left, right, config, digits)


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
        match = next((c for c in candidates if compare_objects(item, c, digits, config).equal), None)
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


def truth(expr: sp.Basic) -> bool | None:
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


def truth_of_condition(left: sp.Basic, right: sp.Basic) -> Comparison:
    """``x > 1 or x < 3`` is always true; ``x > 1 and x < -1`` never is."""
    atom, condition = (left, right) if isinstance(left, BooleanAtom) else (right, left)
    if isinstance(condition, sp.Set):  # "all" is every real number, "none" no number
        holds = condition == (sp.S.Reals if atom == sp.true else sp.S.EmptySet)
        return Comparison("equal" if holds else "different", "condition:truth")
    letters = _relations_as_letters(condition)[0]
    if isinstance(letters, sp.logic.boolalg.BooleanFunction) and not letters.atoms(sp.core.relational.Relational) \
            and len(letters.free_symbols) <= 12 and len(condition.free_symbols) != 1:
        satisfiable = bool(sp.logic.inference.satisfiable(letters if atom == sp.false else sp.Not(letters)))
        return Comparison("different" if satisfiable else "equal", "logic:truth-table")
    if isinstance(condition, BooleanAtom) or len(condition.free_symbols) != 1:
        return Comparison("equal" if atom == condition else "different", "condition:truth")
    solutions = _as_set(condition)
    if solutions is None:
        return Comparison("undecided", "condition:truth", "could not solve the condition")
    holds = solutions == sp.S.Reals if atom == sp.true else solutions == sp.S.EmptySet
    return Comparison("equal" if holds else "different", "condition:truth")


def truth_or(expr: sp.Basic) -> sp.Basic:
    """The expression, or true/false when its truth is already known."""
    value = truth(expr)
    return expr if value is None else sp.true if value else sp.false


def propositional(left: sp.Basic, right: sp.Basic) -> Comparison | None:
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


def is_condition(expr: sp.Basic) -> bool:
    """Whether ``expr`` states a condition (a relation between expressions, or a logical combination)."""
    return isinstance(expr, (sp.And, sp.Or, sp.Not)) or (
        isinstance(expr, sp.core.relational.Relational) and all(isinstance(a, sp.Expr) for a in expr.args))


def _solutions(condition: sp.Basic, symbol: sp.Symbol):
    """The set of real ``symbol`` values satisfying an equation, an inequality, or and/or of them."""
    real = sp.Symbol(symbol.name, real=True)
    return condition_set(condition.xreplace({symbol: real}), real)


def _plain_equations(expr: sp.Basic) -> sp.Basic:
    """``x = {a, b}`` (from ``a ± b``) is ``x = a or x = b``; ``|u| = |v|`` is ``u^2 = v^2`` for reals."""
    def rewrite(node):
        if isinstance(node, sp.Eq) and isinstance(node.rhs, sp.FiniteSet):
            return sp.Or(*(sp.Eq(node.lhs, value, evaluate=False) for value in node.rhs.args))
        if isinstance(node, sp.Eq) and isinstance(node.lhs, sp.Abs) and isinstance(node.rhs, sp.Abs):
            return sp.Eq(node.lhs.args[0] ** 2, node.rhs.args[0] ** 2, evaluate=False)
        return node

    return expr.replace(lambda node: isinstance(node, sp.Eq), rewrite)


def same_condition(left: sp.Basic, right: sp.Basic, config: CompareConfig) -> Comparison:
    """Equivalent conditions: rescaled sides, or the same solution set in their one unknown."""
    left, right = _plain_equations(left), _plain_equations(right)
    left, right = _or_of_equations_as_product(left), _or_of_equations_as_product(right)
    if _relation_parts(left) is not None and _relation_parts(right) is not None:
        rescaled = _same_relation(left, right, config)
        if rescaled.equal:
            return rescaled
    if isinstance(left, sp.Eq) and isinstance(right, sp.Eq):
        # Equations: the same factors with the same multiplicities, up to constants. (x - 2)^2 = 0 counts
        # its root twice, and a x = a y also allows a = 0: neither is x = 2 or x = y.
        if not within_budget(_as_equation(left), _as_equation(right)):
            return Comparison("undecided", "condition:budget", "the equations are too large to factor within the "
                                                               "work budget")
        left_factors, right_factors = _factors(_as_equation(left)), _factors(_as_equation(right))
        if left_factors is not None and right_factors is not None:
            same = left_factors == right_factors
            return Comparison("equal" if same else "different", "condition:factors",
                              "" if same else "the equations have different factors or multiplicities")
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    if len(symbols) != 1:
        return Comparison("different", "condition", "the conditions differ")
    if not within_budget(*(_as_equation(side) for side in (left, right) if isinstance(side, sp.Rel))):
        return Comparison("undecided", "condition:budget", "the conditions are too large to solve within the "
                                                           "work budget")
    try:
        left_set, right_set = _solutions(left, symbols[0]), _solutions(right, symbols[0])
    except Exception:  # noqa: BLE001 - solveset and as_set give up on hard conditions
        return Comparison("undecided", "condition", "could not solve the conditions")
    same = same_set(left_set, right_set)
    return Comparison("equal" if same else "different", "condition:solution-set")


def _factors(expr: sp.Expr) -> dict | None:
    """Irreducible factors (normalised up to sign) with multiplicities; None when not a rational function."""
    try:
        numerator = sp.together(expr).as_numer_denom()[0]
        _, factors = sp.factor_list(sp.expand(numerator))
    except Exception:  # noqa: BLE001 - factor_list refuses what is not a polynomial in its generators
        return None
    normalised: dict = {}
    for factor, multiplicity in factors:
        if factor.is_number:
            continue
        if factor.could_extract_minus_sign():
            factor = -factor
        normalised[factor] = normalised.get(factor, 0) + multiplicity
    return normalised


def _as_equation(expr: sp.Basic) -> sp.Expr:
    return expr.lhs - expr.rhs if isinstance(expr, sp.Eq) else expr
