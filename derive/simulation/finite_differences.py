"""Checking a derived derivative against central finite differences at seeded random points.

The derivative is an expression with free indices (``p_j - y_j``, or ``p_j delta_jm - p_j p_m``); the
function is differentiated numerically in one entry of a vector (``z_m``), at every index value of a
small concrete size. Arrays not supplied are drawn as standard normals.
"""
from __future__ import annotations

import itertools
from typing import Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from derive.equality import expand_sums
from derive.simulation.records import VerifyConfig, VerifyRecord
from derive.symbols import as_expr

_STEP = 1e-5
_TOLERANCE = 1e-6

Fixed = Mapping[sp.IndexedBase, np.ndarray] | Callable[[Mapping[sp.Symbol, int], np.random.Generator], Mapping]


def _indices(expr: sp.Expr) -> list[sp.Symbol]:
    return sorted((s for s in expr.free_symbols if s.is_integer and not s.is_positive), key=str)


def _arrays(exprs: Sequence[sp.Expr]) -> list[sp.IndexedBase]:
    return sorted({b for e in exprs for b in e.atoms(sp.IndexedBase)}, key=lambda b: str(b.label))


def _values(arrays, dims, fixed: Fixed | None, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Values by array name: substituting the sizes rebuilds the arrays, so names are what stays the same."""
    supplied = {str(base.label): values for base, values in
                dict(fixed(dims, rng) if callable(fixed) else (fixed or {})).items()}
    out = {}
    for base in arrays:
        shape = tuple(int(as_expr(d).xreplace(dims)) for d in base.shape)
        name = str(base.label)
        out[name] = np.asarray(supplied[name], dtype=float) if name in supplied else rng.standard_normal(shape)
    return out


def _evaluate(expr: sp.Expr, values: dict[str, np.ndarray]) -> float:
    entries = {e: sp.Float(float(values[str(e.base.label)][tuple(int(i) - 1 for i in e.indices)]), 30)
               for e in expr.atoms(sp.Indexed)}
    return float(expr.xreplace(entries).doit().evalf(30))


def finite_difference_records(problem: str, slot: str, function: sp.Expr, derivative: sp.Expr, entry: sp.Indexed,
                              dims_list: Sequence[Mapping[sp.Symbol, int]], config: VerifyConfig,
                              fixed: Fixed | None = None) -> list[VerifyRecord]:
    """Compare ``derivative`` with the central difference of ``function`` in ``entry`` at every index value."""
    records = []
    (position,) = entry.indices
    for offset, dims in enumerate(dims_list):
        rng = np.random.default_rng(config.seed + offset)
        concrete_f = expand_sums(function.xreplace(dims))
        concrete_d = expand_sums(derivative.xreplace(dims))
        arrays = _arrays([concrete_f, concrete_d])
        values = _values(arrays, dims, fixed, rng)
        size = int(entry.base.shape[0].xreplace(dims))
        indices = _indices(concrete_d)
        worst, scale = 0.0, 1.0
        for chosen in itertools.product(range(1, size + 1), repeat=len(indices)):
            at = dict(zip(indices, map(sp.Integer, chosen)))
            moved = int(at[position])
            shifted = []
            for sign in (1, -1):
                nudged = {b: v.copy() for b, v in values.items()}
                nudged[str(entry.base.label)][moved - 1] += sign * _STEP
                shifted.append(_evaluate(concrete_f.xreplace(at), nudged))
            numeric = (shifted[0] - shifted[1]) / (2 * _STEP)
            exact = _evaluate(concrete_d.xreplace(at), values)
            worst, scale = max(worst, abs(numeric - exact)), max(scale, abs(exact))
        records.append(VerifyRecord(
            problem=problem, slot=slot, closed_form=str(derivative), dims={str(k): int(v) for k, v in dims.items()},
            samples=size ** len(indices), mc_mean=worst, mc_stderr=0.0, passed=worst <= _TOLERANCE * scale,
            method="finite-differences", expected=0.0, expression=derivative,
        ))
    return records
