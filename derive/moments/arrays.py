"""Random arrays as ordinary SymPy nodes: ``x[k]`` is an entry of an i.i.d. array.

A random array is an ``IndexedBase`` whose label is a :class:`RandomLabel`, a
Symbol that also carries the law of every entry.  Because the label is an atom,
substitution and rebuilding keep the law, and the rest of SymPy (sums, abs,
sign, printing) works on entries unchanged.
"""
from __future__ import annotations

import sympy as sp

from derive.moments.laws import STANDARD_NORMAL, Law


class RandomLabel(sp.Symbol):
    """The name of a random array, carrying the law of its i.i.d. entries."""

    __slots__ = ("law",)

    def __new__(cls, name: str, law: Law = STANDARD_NORMAL, **assumptions):
        cls._sanitize(assumptions, cls)
        obj = sp.Symbol.__xnew__(cls, name, **assumptions)
        obj.law = law
        return obj

    def __getnewargs_ex__(self):
        return ((self.name, self.law), self._assumptions_orig)

    def _xreplace(self, rule):
        # A law's parameters are symbols too: solving for sigma, or a student's p = 0.3, reaches the law.
        if self in rule:
            return rule[self], True
        law = self.law.substituted(rule) if rule and self.law.parameters & rule.keys() else self.law
        if law is self.law:
            return self, False
        return RandomLabel(self.name, law, **self._assumptions_orig), True

    def _hashable_content(self):
        # The law's name, not the law object: SymPy sorts hashable contents, and names order.
        return sp.Symbol._hashable_content(self) + (self.law.name,)


def random_array(name: str, shape: tuple[sp.Expr, ...], law: Law = STANDARD_NORMAL) -> sp.IndexedBase:
    """An array of the given symbolic shape with i.i.d. entries of ``law``."""
    return sp.IndexedBase(RandomLabel(name, law, real=True), shape=shape, real=True)


def gaussian_vector(name: str, dim: sp.Expr) -> sp.IndexedBase:
    """A vector with i.i.d. N(0, 1) entries.

    Examples:
        >>> from derive import dimension, expectation, index
        >>> x = gaussian_vector("x", dimension("d"))
        >>> k = index("k")
        >>> expectation(x[k] ** 4), is_random(x[k])
        (3, True)
    """
    return random_array(name, (dim,), STANDARD_NORMAL)


def gaussian_matrix(name: str, rows: sp.Expr, cols: sp.Expr) -> sp.IndexedBase:
    """A matrix with i.i.d. N(0, 1) entries."""
    return random_array(name, (rows, cols), STANDARD_NORMAL)


def fixed_vector(name: str, dim: sp.Expr, nonzero: bool = True) -> sp.IndexedBase:
    """A given (non-random) real vector; entries are nonzero unless said otherwise."""
    # nonzero=False would tell SymPy the entries are zero; "may be zero" is simply not saying nonzero.
    assumptions = {"nonzero": True} if nonzero else {}
    return sp.IndexedBase(name, shape=(dim,), real=True, **assumptions)


def is_random_array(base: sp.Basic) -> bool:
    """Whether ``base`` is the IndexedBase of a random array."""
    return isinstance(base, sp.IndexedBase) and isinstance(base.label, RandomLabel)


def is_random_entry(node: sp.Basic) -> bool:
    """Whether ``node`` is an entry ``x[k]`` of a random array."""
    return isinstance(node, sp.Indexed) and is_random_array(node.base)


def random_entries(expr: sp.Basic) -> set[sp.Indexed]:
    """All random-array entries that occur in ``expr``."""
    return {node for node in expr.atoms(sp.Indexed) if is_random_entry(node)}


def random_arrays(expr: sp.Basic) -> set[sp.IndexedBase]:
    """All random arrays that occur in ``expr``."""
    return {entry.base for entry in random_entries(expr)}


def is_random(expr: sp.Basic) -> bool:
    """Whether ``expr`` depends on any random entry."""
    return any(is_random_entry(node) for node in sp.preorder_traversal(expr))


def fixed_arrays(expr: sp.Basic) -> set[sp.IndexedBase]:
    """Non-random arrays (given vectors) that occur in ``expr``."""
    return {node.base for node in expr.atoms(sp.Indexed) if not is_random_entry(node)}
