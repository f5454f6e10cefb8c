"""Exact expectations of polynomials in i.i.d. atoms over symbolic-length sums.

The method (docs/architecture.md): write the expression as a sum of terms, each a
product of factors under a multiple sum.  For every term, enumerate the set
partitions of its summation indices (one partition per index family, i.e. per
range).  Each block is one distinct index value; the number of injective
assignments of blocks to values is a falling factorial of the range length.
Inside a block the factors of one atom multiply into a single moment
``E[|t|^p sign(t)^q]`` of the atom's law, and distinct atoms are independent.
Given (non-random) arrays indexed by the blocks are summed with the
injectivity constraint removed by Moebius inversion on the partition lattice.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import sympy as sp
from sympy.utilities.iterables import multiset_partitions

from derive.moments.arrays import is_random, is_random_entry
from derive.moments.functions import ReLU, rectified_as_abs
from derive.symbols import as_expr, fresh_index

MAX_TERM_INDICES = 10  # Bell(10) = 115975 partitions per term: past that the method is not the right tool.


class NotPolynomialError(ValueError):
    """The expression is not a polynomial in abs/sign/powers of random entries."""


class Expectation(sp.Expr):
    """``E[expr]``: an unevaluated expectation; ``.doit()`` computes it exactly."""

    is_commutative = True

    def __new__(cls, arg: sp.Expr):
        arg = as_expr(arg)
        return sp.Expr.__new__(cls, arg)

    @property
    def arg(self) -> sp.Expr:
        return self.args[0]

    def doit(self, **hints) -> sp.Expr:
        inner = self.arg.doit(**hints) if hints.get("deep", True) else self.arg
        return expectation(inner)

    def _eval_is_real(self):
        return self.arg.is_real

    def _latex(self, printer) -> str:
        return r"\mathbb{E}\left[%s\right]" % printer._print(self.arg)

    def _sympystr(self, printer) -> str:
        return "E[%s]" % printer._print(self.arg)

    def _pretty(self, printer):
        return printer._print_Function(sp.Function("E")(self.arg))


@dataclass(frozen=True)
class Term:
    """``sum over indices of prod(factors)``: one summand of the normal form."""

    indices: tuple[tuple[sp.Symbol, sp.Expr, sp.Expr], ...]
    factors: tuple[sp.Expr, ...]

    def times(self, other: "Term") -> "Term":
        return Term(self.indices + other.indices, self.factors + other.factors)


def expectation(expr: sp.Expr) -> sp.Expr:
    """The exact expectation of ``expr`` (a polynomial in abs/sign/powers of random entries).

    Examples:
        >>> import sympy as sp
        >>> from derive import dimension, gaussian_vector, index, sum_over
        >>> d, k = dimension("d"), index("k")
        >>> x = gaussian_vector("x", d)
        >>> expectation(sum_over(x[k], k, d) ** 4)
        3*d**2
        >>> sp.factor(expectation(sum_over(sp.Abs(x[k]), k, d) ** 2))
        d*(2*d - 2 + pi)/pi
    """
    expr = as_expr(expr)
    if not is_random(expr):
        return expr
    total = sp.Add(*(_term_expectation(term) for term in normal_form(expr)))
    return sp.expand(total)


def normal_form(expr: sp.Expr) -> list[Term]:
    """Expand ``expr`` into terms: a product of atom factors under a multiple sum each."""
    expr = as_expr(expr)
    if not is_random(expr):
        return [Term((), (expr,))]
    if isinstance(expr, sp.Add):
        return [term for arg in expr.args for term in normal_form(arg)]
    if isinstance(expr, sp.Mul):
        return _product([normal_form(arg) for arg in expr.args])
    if isinstance(expr, sp.Sum):
        return _sum_terms(expr)
    if isinstance(expr, sp.Pow):
        return _power_terms(expr)
    if isinstance(expr, (sp.Abs, sp.sign)):
        return _abs_sign_terms(expr)
    if isinstance(expr, ReLU) and is_random_entry(expr.args[0]):
        return normal_form(rectified_as_abs(expr))
    if is_random_entry(expr):
        return [Term((), (expr,))]
    raise NotPolynomialError(
        f"cannot take the expectation of {expr}: only sums, products and integer powers "
        "of random entries and of their abs and sign are supported"
    )


def _product(term_lists: list[list[Term]]) -> list[Term]:
    result = [Term((), ())]
    for terms in term_lists:
        result = [left.times(right) for left in result for right in terms]
    return result


def _sum_terms(expr: sp.Sum) -> list[Term]:
    if any(len(limit) != 3 for limit in expr.limits):
        raise NotPolynomialError(f"sum {expr} needs explicit lower and upper limits")
    # Fresh names for every bound index, also inside the limits, so a triangular range is caught below.
    renames = {idx: fresh_index(str(idx)) for idx, _, _ in expr.limits}
    bound = [(renames[idx], lower.xreplace(renames), upper.xreplace(renames)) for idx, lower, upper in expr.limits]
    for _, lower, upper in bound:
        if is_random(lower) or is_random(upper):
            raise NotPolynomialError(f"sum {expr} has random limits")
        if (lower.free_symbols | upper.free_symbols) & set(renames.values()):
            raise NotPolynomialError(f"sum {expr} has limits that depend on another summation index")
    summand = expr.function.xreplace(renames)
    return [Term(tuple(bound) + term.indices, term.factors) for term in normal_form(summand)]


def _power_terms(expr: sp.Pow) -> list[Term]:
    base, exponent = expr.args
    if is_random(exponent) or not (exponent.is_Integer and exponent > 0):
        raise NotPolynomialError(f"cannot take the expectation of {expr}: exponent must be a positive integer")
    if _is_atom_factor(base):
        return [Term((), (expr,))]
    # Each copy of the base gets its own bound indices: (sum_k a_k)^2 = sum_k sum_k' a_k a_k'.
    return _product([normal_form(base) for _ in range(int(exponent))])


def _abs_sign_terms(expr: sp.Expr) -> list[Term]:
    func, (arg,) = type(expr), expr.args
    if is_random_entry(arg):
        return [Term((), (expr,))]
    if isinstance(arg, sp.Mul):  # |ab| = |a||b| and sign(ab) = sign(a) sign(b) for reals
        return _product([normal_form(func(part)) for part in arg.args])
    if isinstance(arg, sp.Pow) and arg.exp.is_Integer and arg.exp > 0:
        return normal_form(func(arg.base) ** arg.exp)
    raise NotPolynomialError(f"cannot take the expectation of {expr}: abs and sign must apply to single entries")


def _is_atom_factor(expr: sp.Expr) -> bool:
    if is_random_entry(expr):
        return True
    return isinstance(expr, (sp.Abs, sp.sign)) and is_random_entry(expr.args[0])


def _atom_exponents(factor: sp.Expr) -> tuple[sp.Indexed, int, int, int] | None:
    """``(entry, a, b, c)`` with factor = t^a |t|^b sign(t)^c, or None if deterministic."""
    if not is_random(factor):
        return None
    base, exponent = factor.as_base_exp()
    if not exponent.is_Integer:
        raise NotPolynomialError(f"non-integer power {factor} of a random entry")
    n = int(exponent)
    if is_random_entry(base):
        return base, n, 0, 0
    if isinstance(base, sp.Abs) and is_random_entry(base.args[0]):
        return base.args[0], 0, n, 0
    if isinstance(base, sp.sign) and is_random_entry(base.args[0]):
        return base.args[0], 0, 0, n
    raise NotPolynomialError(f"unsupported random factor {factor}")


def _families(indices) -> dict[tuple[sp.Expr, sp.Expr], list[sp.Symbol]]:
    families: dict[tuple[sp.Expr, sp.Expr], list[sp.Symbol]] = {}
    for idx, lower, upper in indices:
        families.setdefault((lower, upper), []).append(idx)
    return families


def _check_slots(term: Term, families) -> None:
    """Indices of different ranges must never address the same slot of one array.

    An entry may also carry free (unbound) indices, as in ``E[x_k^2]`` for a
    given k, provided no other entry of that array could coincide with it.
    """
    family_of = {idx: key for key, members in families.items() for idx in members}
    slot_family: dict[tuple[sp.Basic, int], tuple] = {}
    entries_by_array: dict[sp.Basic, set] = {}
    for factor in term.factors:
        for entry in factor.atoms(sp.Indexed):
            if is_random_entry(entry):
                entries_by_array.setdefault(entry.base, set()).add(entry)
    for base, entries in entries_by_array.items():
        for entry in entries:
            for position, idx in enumerate(entry.indices):
                others = [other.indices[position] for other in entries]
                concrete = all(i.is_Integer for i in others)  # distinct integers are distinct entries
                if idx not in family_of and not concrete and any(i != idx for i in others):
                    # A given index (not summed over) is fine only if every entry shares it there;
                    # otherwise whether two entries coincide is not determined.
                    raise NotPolynomialError(
                        f"entry {entry} has an index that is not summed over ({idx}), so it may or may not "
                        f"coincide with the other entries of {base}"
                    )
                if idx in family_of:
                    key = (base, position)
                    if slot_family.setdefault(key, family_of[idx]) != family_of[idx]:
                        raise NotPolynomialError(f"indices with different ranges address {base} slot {position}")


def _set_partitions(items: list) -> list[list[list]]:
    if not items:
        return [[]]
    return [list(map(list, p)) for p in multiset_partitions(items)]


def _term_expectation(term: Term) -> sp.Expr:
    if len(term.indices) > MAX_TERM_INDICES:
        raise NotPolynomialError(
            f"a term with {len(term.indices)} summation indices is past the supported degree ({MAX_TERM_INDICES})"
        )
    families = _families(term.indices)
    _check_slots(term, families)
    keys = list(families)
    total = sp.S.Zero
    for choice in itertools.product(*(_set_partitions(families[key]) for key in keys)):
        representative = {}
        blocks_by_family = {}
        for key, partition in zip(keys, choice):
            blocks_by_family[key] = [block[0] for block in partition]
            for block in partition:
                for idx in block:
                    representative[idx] = block[0]
        factors = [factor.xreplace(representative) for factor in term.factors]
        moment = _moment_of_atoms(factors)
        if moment == 0:
            continue
        deterministic = sp.Mul(*(f for f in factors if not is_random(f)))
        total += moment * _injective_sum(deterministic, blocks_by_family)
    return total


def _moment_of_atoms(factors: list[sp.Expr]) -> sp.Expr:
    exponents: dict[sp.Indexed, list[int]] = {}
    for factor in factors:
        parsed = _atom_exponents(factor)
        if parsed is None:
            continue
        entry, a, b, c = parsed
        acc = exponents.setdefault(entry, [0, 0, 0])
        acc[0] += a
        acc[1] += b
        acc[2] += c
    moment = sp.S.One
    for entry, (a, b, c) in exponents.items():
        try:
            value = entry.base.label.law.mixed_moment(a, b, c)
        except ValueError as error:  # a moment the law does not declare
            raise NotPolynomialError(str(error)) from error
        if value == 0:
            return sp.S.Zero
        moment *= value
    return moment


def _injective_sum(summand: sp.Expr, blocks_by_family) -> sp.Expr:
    """Sum of ``summand`` over assignments of distinct values to the blocks of each family."""
    result = summand
    for (lower, upper), blocks in blocks_by_family.items():
        length = upper - lower + 1
        used = [b for b in blocks if result.has(b)]
        if not used:
            result = result * sp.ff(length, len(blocks))
            continue
        # Moebius inversion: sum over injective maps = sum over partitions sigma of the blocks of
        # mu(0, sigma) times the unrestricted sum with the blocks of sigma merged.
        merged_total = sp.S.Zero
        for sigma in _set_partitions(blocks):
            mobius = sp.Mul(*((-1) ** (len(c) - 1) * math.factorial(len(c) - 1) for c in sigma))
            merge = {b: c[0] for c in sigma for b in c}
            merged = result.xreplace(merge)
            free_count = 0
            limits = []
            for cls in sigma:
                if merged.has(cls[0]):
                    limits.append((cls[0], lower, upper))
                else:
                    free_count += 1
            term = sp.Sum(merged, *limits) if limits else merged
            merged_total += mobius * length**free_count * term
        result = merged_total
    return result

