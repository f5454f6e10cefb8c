"""Named rewriting rules: each turns one expression into an equal one, and says why.

Rules are general (they apply anywhere in any expression); a Derivation
applies them one at a time and checks every link independently, so a rule
never has to be trusted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from derive.moments.expectation import Expectation, expectation
from derive.moments.arrays import is_random, is_random_entry, random_entries
from derive.moments.functions import rectified_as_abs
from derive.moments.variance import Variance, variance_definition, variance_of_independent_sum
from derive.recurrences import geometric_series, unroll
from derive.sums import DistinctSum, bound_limits, collapse_kronecker


@dataclass(frozen=True)
class Rule:
    """A named rewrite with its one-line justification."""

    name: str
    justification: str
    transform: Callable[[sp.Expr], sp.Expr]

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        return self.transform(expr)


def _primed(symbol: sp.Symbol, taken: set[str]) -> sp.Symbol:
    name = symbol.name
    while name in taken:
        name += "'"
    taken.add(name)
    return sp.Symbol(name, **symbol.assumptions0)


def _names(expr: sp.Expr) -> set[str]:
    names = {s.name for s in expr.free_symbols if isinstance(s, sp.Symbol)}
    for node in sp.preorder_traversal(expr):
        names |= {i.name for i in bound_limits(node)}
    return names


def expand_powers_of_sums(expr: sp.Expr) -> sp.Expr:
    """``(sum_k a_k)^n -> sum_k sum_k' ... a_k a_k' ...`` with a fresh index per copy."""
    taken = _names(expr)

    def expand(power: sp.Pow) -> sp.Expr:
        base, n = power.args
        (idx, lower, upper), = base.limits
        copies, limits = [], []
        for _ in range(int(n)):
            fresh = _primed(idx, taken) if copies else idx
            copies.append(base.function.xreplace({idx: fresh}))
            limits.append((fresh, lower, upper))
        return sp.Sum(sp.Mul(*copies), *limits)

    return expr.replace(
        lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.Sum) and len(e.base.limits) == 1
        and e.exp.is_Integer and e.exp > 1,
        expand,
    )


def split_sign_of_products(expr: sp.Expr) -> sp.Expr:
    """``sign(ab) = sign(a) sign(b)`` for real a, b."""
    return expr.replace(
        lambda e: isinstance(e, sp.sign) and isinstance(e.args[0], sp.Mul),
        lambda e: sp.Mul(*(sp.sign(f) for f in e.args[0].args)),
    )


def _never_zero(atom: sp.Expr) -> bool:
    """Nonzero by assumption, or a random entry whose law puts no mass at 0."""
    return bool(atom.is_nonzero) or (is_random_entry(atom) and atom.base.label.law.never_zero)


def sign_algebra(expr: sp.Expr) -> sp.Expr:
    """``sign(t) t = |t|`` and ``sign(t)^2 = 1`` (t is nonzero, or a continuous atom: nonzero a.s.)."""
    def simplify_product(mul: sp.Mul) -> sp.Expr:
        factors = list(sp.Mul.make_args(mul))
        powers: dict[sp.Basic, list] = {}
        rest = []
        for factor in factors:
            base, exponent = factor.as_base_exp()
            if isinstance(base, sp.sign):
                powers.setdefault(base.args[0], [0, 0])[0] += exponent
            elif is_random_entry(base) or base.is_nonzero:
                powers.setdefault(base, [0, 0])[1] += exponent
            else:
                rest.append(factor)
        out = []
        for atom, (sign_power, power) in powers.items():
            if sign_power and power and sign_power.is_Integer and power.is_Integer:
                # sign(t)^s t^p = sign(t)^(s+p) |t|^p
                total = int(sign_power + power) % 2
                out.append(sp.Abs(atom) ** power * (sp.sign(atom) if total else 1))
            elif getattr(sign_power, "is_Integer", False) and _never_zero(atom):
                out.append(sp.sign(atom) ** (int(sign_power) % 2) * atom**power)
            else:
                out.append(sp.sign(atom) ** sign_power * atom**power)
        return sp.Mul(*out, *rest)

    return expr.replace(lambda e: isinstance(e, sp.Mul) and e.has(sp.sign), simplify_product).replace(
        lambda e: isinstance(e, sp.Pow) and isinstance(e.base, sp.sign) and e.exp.is_Integer and e.exp % 2 == 0
        and _never_zero(e.base.args[0]),
        lambda e: sp.S.One,
    )


def pull_constants_out_of_sums(expr: sp.Expr) -> sp.Expr:
    """``sum_j c a_j = c sum_j a_j`` and ``sum_j c = n c`` when c does not depend on j."""
    def pull(node: sp.Sum) -> sp.Expr:
        summand, limits = node.function, list(node.limits)
        bound_here = {limit[0] for limit in limits}
        if any((lower.free_symbols | upper.free_symbols) & bound_here for _, lower, upper in limits):
            return node  # a triangular range: counting it is not a product of lengths
        bound = {limit[0] for limit in limits}
        kept, moved = [], []
        for factor in sp.Mul.make_args(summand):
            (moved if not (factor.free_symbols & bound) else kept).append(factor)
        outside = sp.Mul(*moved)
        inner = sp.Mul(*kept)
        remaining = []
        for idx, lower, upper in limits:
            if inner.has(idx):
                remaining.append((idx, lower, upper))
            else:
                outside *= upper - lower + 1
        return outside * (sp.Sum(inner, *remaining) if remaining else inner)

    return expr.replace(lambda e: isinstance(e, sp.Sum), pull)


def linearity_of_expectation(expr: sp.Expr) -> sp.Expr:
    """``E[a X + b Y] = a E[X] + b E[Y]`` and ``E[sum_k X_k] = sum_k E[X_k]``."""
    def push(node: Expectation) -> sp.Expr:
        inner = node.arg
        if isinstance(inner, sp.Add):
            return sp.Add(*(push(Expectation(a)) for a in inner.args))
        if isinstance(inner, sp.Sum):
            return sp.Sum(push(Expectation(inner.function)), *inner.limits)
        if isinstance(inner, DistinctSum):
            return DistinctSum(push(Expectation(inner.summand)), inner.indices, inner.lower, inner.upper)
        if isinstance(inner, sp.Mul):
            constant = sp.Mul(*(f for f in inner.args if not is_random(f)))
            random_part = sp.Mul(*(f for f in inner.args if is_random(f)))
            if constant != 1:
                return constant * push(Expectation(random_part))
        if not is_random(inner):
            return inner
        return Expectation(inner)

    return expr.replace(lambda e: isinstance(e, Expectation), push)


def split_diagonal(expr: sp.Expr) -> sp.Expr:
    """``sum_{k,k'} a_{kk'} = sum_k a_{kk} + sum_{k != k'} a_{kk'}`` over one range."""
    def same_range_pair(node: sp.Sum) -> tuple[int, int] | None:
        limits = node.limits
        for a in range(len(limits)):
            for b in range(a + 1, len(limits)):
                if limits[a][1:] == limits[b][1:]:
                    return a, b
        return None

    def split(node: sp.Sum) -> sp.Expr:
        a, b = same_range_pair(node)
        (i, lo, hi), (j, _, _) = node.limits[a], node.limits[b]
        outer = [limit for n, limit in enumerate(node.limits) if n not in (a, b)]
        diagonal = sp.Sum(node.function.xreplace({j: i}), (i, lo, hi))
        off = DistinctSum(node.function, (i, j), lo, hi)
        inner = diagonal + off
        return sp.Sum(inner, *outer) if outer else inner

    return expr.replace(lambda e: isinstance(e, sp.Sum) and same_range_pair(e) is not None, split)


def _provably_distinct(a: sp.Indexed, b: sp.Indexed, distinct: set[frozenset]) -> bool:
    if a.base != b.base:
        return True
    for i, j in zip(a.indices, b.indices):
        if i != j and (frozenset((i, j)) in distinct or (i.is_Integer and j.is_Integer)):
            return True
    return False


def factor_independent(expr: sp.Expr) -> sp.Expr:
    """``E[f(X) g(Y)] = E[f(X)] E[g(Y)]`` for entries that are distinct, hence independent."""
    def visit(node: sp.Basic, distinct: set[frozenset]) -> sp.Basic:
        rebound = set(bound_limits(node))
        if rebound:  # an inner sum that rebinds an index ends what was known about it
            distinct = {pair for pair in distinct if not pair & rebound}
        if isinstance(node, DistinctSum):
            pairs = {frozenset((i, j)) for i in node.indices for j in node.indices if i != j}
            distinct = distinct | pairs
        if isinstance(node, Expectation):
            return _factor(node, distinct)
        if not node.args:
            return node
        return node.func(*(visit(a, distinct) for a in node.args))

    def _factor(node: Expectation, distinct) -> sp.Expr:
        factors = list(sp.Mul.make_args(node.arg))
        groups: list[tuple[set, list]] = []
        for factor in factors:
            entries = random_entries(factor)
            merged_entries, merged_factors = set(entries), [factor]
            for group in list(groups):
                if any(not _provably_distinct(a, b, distinct) for a in entries for b in group[0]):
                    merged_entries |= group[0]
                    merged_factors += group[1]
                    groups.remove(group)
            groups.append((merged_entries, merged_factors))
        if len(groups) <= 1:
            return node
        return sp.Mul(*(Expectation(sp.Mul(*fs)) if ents else sp.Mul(*fs) for ents, fs in groups))

    return visit(expr, set())


def moment_table(expr: sp.Expr) -> sp.Expr:
    """Replace expectations and variances of one entry (``E[x^2] = 1``, ``Var[g_i] = s^2``) by the law's moments."""
    return expr.replace(
        lambda e: isinstance(e, (Expectation, Variance)) and len(random_entries(e.arg)) == 1,
        lambda e: e.doit(deep=False) if isinstance(e, Variance) else expectation(e.arg),
    )


def count_terms(expr: sp.Expr) -> sp.Expr:
    """Sums of terms that do not depend on their indices count the index tuples."""
    return expr.replace(
        lambda e: isinstance(e, (sp.Sum, DistinctSum)) and not any(
            (e.function if isinstance(e, sp.Sum) else e.summand).has(i) for i in bound_limits(e)
        ),
        lambda e: e.doit(deep=False),
    )


def evaluate_expectations(expr: sp.Expr) -> sp.Expr:
    """Evaluate every expectation with the set-partition method."""
    return expr.replace(lambda e: isinstance(e, Expectation), lambda e: expectation(e.arg))


EXPAND_SQUARE = Rule("expand the power", "a power of a sum is a sum over one index per factor", expand_powers_of_sums)
SPLIT_SIGN = Rule("sign of a product", "sign(ab) = sign(a) sign(b) for real a, b", split_sign_of_products)
SIGN_ALGEBRA = Rule("sign algebra", "sign(t) t = |t|, and sign(t)^2 = 1 since t != 0 (almost surely)", sign_algebra)
PULL_CONSTANTS = Rule("linearity of sums",
                      "factors free of an index leave its sum; a constant summand counts the range",
                      pull_constants_out_of_sums)
LINEARITY = Rule("linearity of expectation", "E is linear: it passes through sums and constant factors",
                 linearity_of_expectation)
SPLIT_DIAGONAL = Rule("split diagonal", "the pairs (k, k') split into k = k' and k != k'", split_diagonal)
INDEPENDENCE = Rule("independence", "distinct entries are independent, so E of a product factors", factor_independent)
MOMENTS = Rule("moment table", "moments of one atom from its law: E[t^2] = 1, E|t| = sqrt(2/pi), E[t] = 0, ...", moment_table)
COUNT = Rule("count index tuples",
             "a summand free of its indices counts the index tuples: n for one index, n(n-1) for a distinct pair",
             count_terms)
EVALUATE = Rule("set-partition expectation",
                "enumerate index coincidences; falling-factorial counts times moments", evaluate_expectations)
EXPAND = Rule("simplify", "expand and collect", lambda e: sp.expand(e))
FACTOR = Rule("simplify", "factor", lambda e: sp.factor(e))


def sum_of_integers(expr: sp.Expr) -> sp.Expr:
    """``sum_{r=a}^{b} r = (a + b)(b - a + 1)/2`` (Gauss), for the innermost index of a sum."""
    def gauss(node: sp.Sum) -> sp.Expr:
        (idx, lower, upper), *outer = node.limits
        total = (lower + upper) * (upper - lower + 1) / 2
        return sp.Sum(total, *outer) if outer else total

    return expr.replace(lambda e: isinstance(e, sp.Sum) and e.function == e.limits[0][0], gauss)


COUNT_GAUSS = Rule("sum of integers", "1 + 2 + ... + n = n(n+1)/2", sum_of_integers)


def differentiate(expr: sp.Expr) -> sp.Expr:
    """Carry out every derivative; a sum is differentiated term by term (``d z_i / d z_j = delta_ij``)."""
    done = expr.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
    return done.replace(lambda e: isinstance(e, sp.Sum) and e.function == 0, lambda e: sp.S.Zero)


VARIANCE = Rule("variance", "Var[X] = E[X^2] - E[X]^2", variance_definition)
VARIANCE_OF_SUM = Rule("variances add", "independent terms: Var[sum_i c_i X_i + b] = sum_i c_i^2 Var[X_i]",
                       variance_of_independent_sum)
RELU = Rule("rectifier", "ReLU(t)^n = |t|^n (1 + sign t)/2 for n >= 1: t^n where t > 0, else 0", rectified_as_abs)
UNROLL = Rule("unroll", "m_t = a m_{t-1} + u_t with m_0 given is a^t m_0 + sum_{s=1}^t a^{t-s} u_s", unroll)
GEOMETRIC = Rule("geometric series", "sum_{s=0}^{n-1} c r^s = c (1 - r^n)/(1 - r) for r != 1", geometric_series)
DIFFERENTIATE = Rule("differentiate", "term by term; d z_i / d z_j = delta_ij", differentiate)
KRONECKER = Rule("Kronecker delta", "sum_i f(i) delta_ij = f(j) for j in the range of i (else 0)",
                 collapse_kronecker)
