"""Deciding whether two expressions are equal: simplification, then exact identity testing.

Identity testing instantiates every dimension with small integers, expands
every sum, evaluates every expectation by brute force over the concrete atoms
(an independent route from the set-partition method), gives the remaining
symbols random rational values that respect their assumptions, and compares
exactly.  A single exact mismatch disproves the identity; agreement at every
point is strong evidence of it.
"""
from __future__ import annotations

import itertools
import random as _random
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from derive.moments.expectation import Expectation
from derive.moments.functions import rectified_as_abs
from derive.moments.variance import Variance
from derive.recurrences import LinearRecurrence
from derive.moments.arrays import is_random_entry, random_entries
from derive.gradients.concrete import involves_sampling, check_with_test_functions
from derive.sums import coinciding_indices
from derive.symbols import as_expr

Decision = Literal["equal", "different", "undecided"]
_WIDE_DIMENSION = 12
_SINGULAR_RETRIES = 3
_SIMPLIFY_OPS = 60


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two expressions, and how it was decided."""

    outcome: Decision
    method: str
    detail: str = ""

    @property
    def equal(self) -> bool:
        return self.outcome == "equal"


@dataclass(frozen=True)
class EqualityConfig:
    """How hard identity testing tries (``max_dimension`` bounds the brute-forced expectations)."""

    points: int = 8
    max_dimension: int = 6
    seed: int = 20261123
    simplify: bool = True


def check_equal(lhs: sp.Expr, rhs: sp.Expr, config: EqualityConfig = EqualityConfig()) -> Comparison:
    """Decide ``lhs == rhs`` for all admissible values of the symbols."""
    lhs, rhs = as_expr(lhs), as_expr(rhs)
    if lhs == rhs:
        return Comparison("equal", "syntactic")
    if involves_sampling(lhs) or involves_sampling(rhs):
        verdict, detail = check_with_test_functions(lhs, rhs, seed=config.seed)
        return Comparison(verdict, "test-functions", detail)
    concrete = not _needs_instantiation(lhs) and not _needs_instantiation(rhs)
    if concrete and config.simplify:
        try:
            if sp.simplify(lhs - rhs) == 0:
                return Comparison("equal", "simplify")
        except (TypeError, ValueError, NotImplementedError):
            pass
    return identity_test(lhs, rhs, config)


def _needs_instantiation(expr: sp.Expr) -> bool:
    return bool(expr.atoms(sp.Sum, Expectation, Variance, LinearRecurrence)) or bool(random_entries(expr)) \
        or _has_distinct_sums(expr)


def _has_distinct_sums(expr: sp.Expr) -> bool:
    return any(getattr(node, "is_distinct_sum", False) for node in sp.preorder_traversal(expr))


def identity_test(lhs: sp.Expr, rhs: sp.Expr, config: EqualityConfig = EqualityConfig()) -> Comparison:
    """Compare at random admissible points, with expectations evaluated by brute force; where a Kronecker
    delta compares two indices, also with the two made equal (random indices seldom coincide)."""
    for merge in coinciding_indices(lhs, rhs):
        case = identity_test(lhs.xreplace(merge), rhs.xreplace(merge), config)
        if not case.equal:
            shown = ", ".join(f"{a} = {b}" for a, b in merge.items())
            return Comparison(case.outcome, case.method, f"{case.detail} (where {shown})")
    return _random_points(lhs, rhs, config)


def _random_points(lhs: sp.Expr, rhs: sp.Expr, config: EqualityConfig) -> Comparison:
    rng = _random.Random(config.seed)
    dimensions = sorted(
        (s for s in (lhs.free_symbols | rhs.free_symbols) if s.is_integer and s.is_positive and not is_random_entry(s)),
        key=str,
    )
    # Brute-force expectations cost d^(number of indices); without them, larger dimensions are cheap and catch
    # differences that vanish at small sizes (a falling factorial d(d-1)...(d-6) is zero up to d = 6).
    expensive = bool(lhs.atoms(Expectation) or rhs.atoms(Expectation))
    largest = config.max_dimension if expensive else max(config.max_dimension, _WIDE_DIMENSION)
    assignments = _dimension_assignments(dimensions, config, rng, largest)
    undecided = 0
    for dims in assignments:
        try:
            left = _concretize(lhs, dims)
            right = _concretize(rhs, dims)
        except (NotImplementedError, ValueError, TypeError) as error:
            return Comparison("undecided", "random-points", f"could not instantiate: {error}")
        for _ in range(_SINGULAR_RETRIES):  # a point where a side is 0/0 (r = 1 in (1 - r^n)/(1 - r)) says nothing
            outcome = _compare_at_random_values(left, right, rng)
            if outcome is not None:
                break
        if outcome is False:
            shown = ", ".join(f"{k}={v}" for k, v in dims.items())
            return Comparison("different", "random-points", f"sides differ at {shown or 'a random point'}")
        if outcome is None:
            undecided += 1
    if undecided:
        return Comparison("undecided", "random-points", f"{undecided} of {len(assignments)} points inconclusive")
    sizes = sorted({v for dims in assignments for v in dims.values()})
    detail = f"{len(assignments)} random points" + (f", dimensions in {sizes}" if sizes else "")
    return Comparison("equal", "random-points", detail)


def _compare_at_random_values(left: sp.Expr, right: sp.Expr, rng: _random.Random) -> bool | None:
    # plain symbols first: an entry x[i] with a symbolic index must become x[3] before entries get values
    values = _random_values({s for s in left.free_symbols | right.free_symbols if isinstance(s, sp.Symbol)}, rng)
    left, right = left.xreplace(values), right.xreplace(values)
    entries = _random_values(left.free_symbols | right.free_symbols | _entries(left) | _entries(right), rng)
    return _exact_compare(left.xreplace(entries), right.xreplace(entries))


def _entries(expr: sp.Expr) -> set[sp.Basic]:
    return set(expr.atoms(sp.Indexed))


def _dimension_assignments(symbols, config: EqualityConfig, rng: _random.Random, largest: int) -> list[dict]:
    """Small dimensions (brute force must stay cheap), always including all-equal ones (d_1 = d_2 cases)."""
    if not symbols:
        return [{}] * config.points
    sizes = range(1, largest + 1)
    everything = list(itertools.product(sizes, repeat=len(symbols)))
    equal = [(size,) * len(symbols) for size in (1, 2, largest)]
    if len(everything) <= config.points:
        chosen = everything
    else:
        chosen = list(dict.fromkeys(equal + rng.sample(everything, config.points)))
    return [dict(zip(symbols, values)) for values in chosen]


def _concretize(expr: sp.Expr, dims: dict) -> sp.Expr:
    expr = expr.xreplace({s: sp.Integer(v) for s, v in dims.items()})
    expr = expr.replace(lambda e: isinstance(e, LinearRecurrence), lambda e: e.doit())  # run it, do not unroll it
    expr = expand_sums(expr)
    expr = expr.replace(lambda e: isinstance(e, Variance), lambda e: e.definition())
    # derivatives go before the random values: a value cannot stand where a variable of differentiation is
    expr = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return expr.replace(lambda e: isinstance(e, Expectation), lambda e: brute_force_expectation(e.arg))


def expand_sums(expr: sp.Expr) -> sp.Expr:
    """Write out every sum whose limits are concrete integers, innermost first."""
    def expand_one(node):
        node = node.func(*[expand_sums(a) for a in node.args]) if node.args else node
        if isinstance(node, sp.Sum) and all(lo.is_Integer and hi.is_Integer for _, lo, hi in node.limits):
            terms = [node.function]
            for idx, lower, upper in node.limits:  # limits run innermost first
                lower, upper, sign = int(lower), int(upper), 1
                if upper < lower:  # Karr's convention, as SymPy: sum_{a}^{b} = -sum_{b+1}^{a-1}
                    lower, upper, sign = upper + 1, lower - 1, -1
                values = [sp.Integer(v) for v in range(lower, upper + 1)]
                terms = [sign * term.xreplace({idx: v}) for term in terms for v in values]
            return sp.Add(*terms)
        return node.doit(deep=False)

    return expr.replace(lambda e: isinstance(e, sp.Sum) or getattr(e, "is_distinct_sum", False), expand_one)


def brute_force_expectation(expr: sp.Expr) -> sp.Expr:
    """E[expr] for an expression over finitely many concrete entries, monomial by monomial."""
    expr = _split_abs_sign(sp.expand(rectified_as_abs(expand_sums(expr))))
    expr = sp.expand(expr)
    total = sp.S.Zero
    for monomial in sp.Add.make_args(expr):
        value = sp.S.One
        per_entry: dict[sp.Indexed, list[int]] = {}
        for factor in sp.Mul.make_args(monomial):
            base, exponent = factor.as_base_exp()
            target = None
            if is_random_entry(base):
                target, slot = base, 0
            elif isinstance(base, (sp.Abs, sp.sign)) and is_random_entry(base.args[0]):
                target, slot = base.args[0], 1 if isinstance(base, sp.Abs) else 2
            if target is None:
                if random_entries(factor):
                    raise NotImplementedError(f"cannot evaluate E[{factor}] by enumeration")
                value *= factor
                continue
            if not exponent.is_Integer:
                raise NotImplementedError(f"non-integer power {factor}")
            per_entry.setdefault(target, [0, 0, 0])[slot] += int(exponent)
        for entry, (a, b, c) in per_entry.items():
            value *= entry.base.label.law.mixed_moment(a, b, c)
        total += value
    return total


def _split_abs_sign(expr: sp.Expr) -> sp.Expr:
    """|ab| -> |a||b| and sign(ab) -> sign(a)sign(b), valid for real factors."""
    def split(node):
        arg = node.args[0]
        if isinstance(arg, sp.Mul):
            return sp.Mul(*(node.func(part) for part in arg.args))
        return node

    return expr.replace(lambda e: isinstance(e, (sp.Abs, sp.sign)) and isinstance(e.args[0], sp.Mul), split)


def _random_values(symbols, rng: _random.Random) -> dict:
    """Random values that respect each symbol's assumptions and each random entry's law (never zero)."""
    values = {}
    for symbol in sorted(symbols, key=str):
        if is_random_entry(symbol):
            values[symbol] = symbol.base.label.law.exact_sample(rng)
            continue
        magnitude = sp.Rational(rng.randint(1, 97), rng.randint(1, 13))
        if symbol.is_integer:
            magnitude = sp.Integer(rng.randint(1, 5))
        if symbol.is_positive or symbol.is_nonnegative:
            values[symbol] = magnitude
        elif symbol.is_negative or symbol.is_nonpositive:
            values[symbol] = -magnitude
        elif symbol.is_real or symbol.is_integer or isinstance(symbol, sp.Indexed):
            values[symbol] = magnitude if rng.random() < 0.5 else -magnitude
        else:  # no assumptions: a complex number, so |z|^2 = z^2 is caught
            values[symbol] = magnitude + sp.I * sp.Rational(rng.randint(1, 97), rng.randint(1, 13))
    return values


def _exact_compare(left: sp.Expr, right: sp.Expr) -> bool | None:
    if any(side.has(sp.nan, sp.zoo) for side in (left, right)):
        return None  # 0/0 at this point (e.g. (d^2 - 1)/(d - 1) at d = 1): no evidence either way
    difference = sp.expand(left - right)
    if difference == 0:
        return True
    # A difference with symbols left, or small enough to simplify quickly, gets an exact try first; a large
    # numeric one (sums of exponentials at a random point) goes straight to 60-digit evaluation.
    functions = difference.atoms(sp.Function) - difference.atoms(sp.Abs, sp.sign)
    if difference.free_symbols or (functions and sp.count_ops(difference) <= _SIMPLIFY_OPS):
        try:
            difference = sp.simplify(difference)
        except (TypeError, ValueError, NotImplementedError):
            return None
        if difference == 0:
            return True
        if difference.free_symbols:
            return None
    numeric = difference.evalf(60)
    if not numeric.is_number:
        return None
    try:
        magnitude = abs(complex(numeric))
        scale = max(1.0, abs(complex(sp.N(left, 30))), abs(complex(sp.N(right, 30))))
    except (TypeError, ValueError):
        return None
    if magnitude <= 1e-40 * scale:
        return True
    return False
