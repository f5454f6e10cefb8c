"""The Monte Carlo evidence of one slot as a vector figure: the closed form against the simulated means.

When the closed form depends on at most one of the dimensions that were varied, it is drawn as a curve
over that dimension (log-scaled when the values tried span a factor of ten or more); otherwise each
setting tried is one position on the axis.  Simulated means carry two-standard-error bars.
"""
from __future__ import annotations

import io
import math
import re
from typing import Sequence

import numpy as np
import sympy as sp

from derive.simulation.records import VerifyRecord

FIGURE_SIZE = (5.8, 2.5)  # inches; the page's text is about 6.7 inches wide


def _curve_dimension(records: Sequence[VerifyRecord]) -> tuple[str | None, bool]:
    """The varied dimension to draw the closed form over, and whether a curve can be drawn at all."""
    names = list(records[0].dims)
    varying = [name for name in names if len({repr(r.dims.get(name)) for r in records}) > 1]
    expression = records[0].expression
    if expression is None or any(r.expression != expression for r in records):
        return (varying[0] if len(varying) == 1 else None), False
    free = {symbol.name for symbol in expression.free_symbols}
    used = [name for name in varying if name in free]
    if len(used) > 1 or not free <= set(names):
        return None, False
    # checks of one slot may name different dimensions (a general check beside this student's instance)
    axis = used[0] if used else (max(varying, key=lambda n: len({repr(r.dims.get(n)) for r in records}))
                                 if varying else None)
    numeric = axis is not None and all(isinstance(r.dims.get(axis), (int, float)) for r in records)
    return (axis, True) if numeric else (None, False)


def _curve(records: Sequence[VerifyRecord], axis: str) -> tuple[np.ndarray, np.ndarray, bool] | None:
    values = [float(r.dims[axis]) for r in records]
    low, high = min(values), max(values)
    logarithmic = low > 0 and high / low >= 10
    xs = np.geomspace(low, high, 200) if logarithmic else np.linspace(low, high, 200)
    expression = records[0].expression
    fixed = {symbol: records[0].dims[symbol.name] for symbol in expression.free_symbols if symbol.name != axis}
    variable = next((s for s in expression.free_symbols if s.name == axis), sp.Dummy(axis))
    try:
        function = sp.lambdify(variable, expression.xreplace(fixed), "numpy")
        ys = np.broadcast_to(np.asarray(function(xs), dtype=float), xs.shape)
    except (TypeError, ValueError, ZeroDivisionError, NameError):
        return None
    return (xs, ys, logarithmic) if np.all(np.isfinite(ys)) else None


def _math_name(name: str) -> str:
    """A dimension's name as matplotlib math when it is a plain subscripted name (``d_1``)."""
    if re.fullmatch(r"[A-Za-z]+(_[A-Za-z0-9]+)?", name):
        head, _, tail = name.partition("_")
        return f"${head}_{{{tail}}}$" if tail else f"${head}$"
    return name


def _label(record: VerifyRecord) -> str:
    return ", ".join(f"{_math_name(name)}={value:g}" if isinstance(value, (int, float)) else f"{_math_name(name)}={value}"
                     for name, value in record.dims.items())


def evidence_figure(records: Sequence[VerifyRecord], ylabel: str = "mean") -> bytes | None:
    """A vector PDF of the closed form and the simulated means of ``records``; None when nothing was simulated."""
    simulated = [r for r in records if r.method == "monte-carlo" and r.expected is not None
                 and math.isfinite(r.mc_mean) and math.isfinite(r.expected)]
    if not simulated:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=FIGURE_SIZE)
    axes = figure.add_subplot()
    axis, curved = _curve_dimension(simulated)
    curve = _curve(simulated, axis) if curved and axis else None
    means = np.array([r.mc_mean for r in simulated])
    bars = 2 * np.array([r.mc_stderr for r in simulated])
    if curve is not None:
        xs, ys, logarithmic = curve
        positions = np.array([float(r.dims[axis]) for r in simulated])
        axes.plot(xs, ys, color="#1f4e9a", linewidth=1.4, label="closed form")
        if logarithmic:
            axes.set_xscale("log")
            if ys.min() > 0 and ys.max() / ys.min() >= 10 and np.all(means - bars > 0):
                axes.set_yscale("log")  # a power law is a straight line
        from matplotlib.ticker import NullLocator

        axes.xaxis.set_minor_locator(NullLocator())
        axes.set_xticks(sorted(set(positions)), [f"{value:g}" for value in sorted(set(positions))])
        axes.set_xlabel(_math_name(axis))
    else:
        positions = np.arange(len(simulated), dtype=float)
        axes.plot(positions, [r.expected for r in simulated], color="#1f4e9a", linewidth=1.0, marker="o",
                  markerfacecolor="white", label="closed form")
        axes.set_xticks(positions, [_label(r) for r in simulated], fontsize=7,
                        rotation=20 if len(simulated) > 3 else 0)
        axes.set_xlim(-0.5, len(simulated) - 0.5)
    axes.errorbar(positions, means, yerr=bars, fmt="s", markersize=3.5, color="#c2410c", capsize=3, linewidth=1.0,
                  label=f"simulated mean ± 2 s.e. ({simulated[0].samples:,} samples)")
    axes.set_ylabel(ylabel)
    axes.grid(True, linewidth=0.3, alpha=0.6)
    axes.legend(fontsize=7, frameon=False, loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf", metadata={"CreationDate": None, "Creator": "derive"})
    return buffer.getvalue()
