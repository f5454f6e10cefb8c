"""Confirming closed forms by simulation, as records for ``derive verify``, and how hard it simulates."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Mapping, Sequence

import numpy as np
import sympy as sp

from derive.simulation.montecarlo import confirm, simulate
from derive.symbols import as_expr


@dataclass(frozen=True)
class VerifyConfig:
    """How hard ``derive verify`` simulates."""

    samples: int = 20000
    seed: int = 0
    band: float = 4.0


@dataclass(frozen=True)
class VerifyRecord:
    """One confirmation of a closed form by simulation (Monte Carlo or exhaustive enumeration)."""

    problem: str
    slot: str
    closed_form: str
    dims: dict
    samples: int
    mc_mean: float
    mc_stderr: float
    passed: bool
    method: str = "monte-carlo"
    expected: float | None = None  # the closed form's value at these dimensions, when it has one
    expression: sp.Expr | None = field(default=None, compare=False, repr=False)  # the closed form, for plots

    def to_json(self) -> dict:
        """A JSON-ready dict (as in ``derive verify --json``); the expression is kept out, its text is there."""
        data = asdict(self)
        del data["expression"]
        return data


def monte_carlo_records(problem: str, slot: str, random_expr: sp.Expr, closed_form: sp.Expr,
                        dims_list: Sequence[Mapping[sp.Symbol, int]], config: VerifyConfig,
                        fixed: Mapping[sp.IndexedBase, np.ndarray] | None = None) -> list[VerifyRecord]:
    """Simulate ``random_expr`` at each set of dimensions and compare its mean with ``closed_form``."""
    records = []
    for offset, dims in enumerate(dims_list):
        check = confirm(random_expr, closed_form, dims, samples=config.samples, seed=config.seed + offset,
                        band=config.band, fixed=fixed)
        records.append(VerifyRecord(
            problem=problem, slot=slot, closed_form=str(closed_form),
            dims={str(k): int(v) if float(v).is_integer() else float(v) for k, v in dims.items()},
            samples=check.result.samples, mc_mean=check.result.mean, mc_stderr=check.result.stderr,
            passed=check.passed, method="monte-carlo", expected=float(check.closed_form_value), expression=as_expr(closed_form),
        ))
    return records


def identity_records(problem: str, slot: str, lhs: sp.Expr, rhs: sp.Expr,
                     dims_list: Sequence[Mapping[sp.Symbol, int]], config: VerifyConfig) -> list[VerifyRecord]:
    """A pointwise identity between random expressions: the difference must vanish on every draw, not on average."""
    records = []
    for offset, dims in enumerate(dims_list):
        difference = simulate(lhs - rhs, dims, samples=config.samples, seed=config.seed + offset)
        size = simulate(rhs, dims, samples=config.samples, seed=config.seed + offset).max_abs
        records.append(VerifyRecord(
            problem=problem, slot=slot, closed_form=f"{rhs} (every draw)",
            dims={str(k): int(v) for k, v in dims.items()}, samples=difference.samples,
            mc_mean=difference.mean, mc_stderr=difference.stderr,
            passed=difference.max_abs <= 1e-9 * max(1.0, size), method="pointwise", expected=0.0,
        ))
    return records
