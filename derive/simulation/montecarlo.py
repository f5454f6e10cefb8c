"""Seeded, vectorised, memory-bounded Monte Carlo evaluation of random SymPy expressions.

An expression is evaluated for a whole chunk of samples at once into a
*labelled array*: an ndarray whose axis 0 is the sample axis (length 1 when
the value does not depend on the draws) and whose other axes are labelled by
the summation indices still free in the subexpression.  ``Sum`` binds its index
to an axis and reduces over it, so no Python loop runs per sample or per index.

Streams: the generator ``np.random.default_rng(seed)`` first draws the given
(non-random) arrays that ``fixed`` does not supply, as standard normals (nonzero
almost surely), then spawns one child stream per random array (sorted by name).
Every chunk draws ``law.sample(child, (chunk, *shape), values)`` once per array, so the
draws, and hence the mean up to rounding, do not depend on ``chunk_size``.
Indices are 1-based: the entry ``x[k]`` with ``k = 1`` is the first one.
"""
from __future__ import annotations

import string
from dataclasses import dataclass
from functools import reduce
from typing import Callable, Mapping

import numpy as np
import sympy as sp

from derive.moments.arrays import is_random, is_random_array
from derive.moments.functions import ReLU
from derive.recurrences import LinearRecurrence
from derive.symbols import as_expr


@dataclass(frozen=True)
class MonteCarloResult:
    """Sample mean of an expression and its standard error."""

    mean: float
    stderr: float
    samples: int
    seed: int
    max_abs: float = 0.0  # the largest |value| drawn: a pointwise identity needs it to be ~0, not just the mean


@dataclass(frozen=True)
class MonteCarloCheck:
    """Whether a Monte Carlo mean agrees with a closed form within ``band`` standard errors."""

    closed_form_value: float
    result: MonteCarloResult
    band: float
    passed: bool
    z_score: float


@dataclass(frozen=True)
class _Labelled:
    data: np.ndarray  # axis 0: samples; then one axis per label, in order
    labels: tuple[sp.Symbol, ...]


_UNARY: dict[type, Callable[[np.ndarray], np.ndarray]] = {
    sp.Abs: np.abs, sp.sign: np.sign, sp.exp: np.exp, sp.log: np.log, ReLU: lambda a: np.maximum(a, 0.0),
}


@dataclass
class _Context:
    values: Mapping[sp.Symbol, float | int]
    arrays: dict[sp.IndexedBase, np.ndarray]  # random: (chunk, *shape); given: (1, *shape)
    ranges: dict[sp.Symbol, tuple[int, int]]  # summation index -> inclusive (lo, hi)


def _expand(a: _Labelled, labels: tuple[sp.Symbol, ...]) -> np.ndarray:
    """View of ``a.data`` with axes in ``labels`` order, size 1 where a label is absent."""
    present = [lab for lab in labels if lab in a.labels]
    data = a.data.transpose([0] + [a.labels.index(lab) + 1 for lab in present])
    sizes = iter(data.shape[1:])
    return data.reshape([data.shape[0]] + [next(sizes) if lab in a.labels else 1 for lab in labels])


def _combine(args: list[_Labelled], op: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> _Labelled:
    labels = tuple(dict.fromkeys(lab for a in args for lab in a.labels))
    return _Labelled(reduce(op, (_expand(a, labels) for a in args)), labels)


def _constant_int(expr: sp.Expr, ctx: _Context, what: str) -> int:
    """An integer that must not depend on the draws or on any summation index."""
    expr = as_expr(expr)
    if is_random(expr):
        raise TypeError(f"{what} {expr} must not be random")
    val = _evaluate_node(expr, ctx)
    if val.labels or val.data.size != 1:
        raise TypeError(f"{what} {expr} must not depend on random entries or summation indices")
    out = float(val.data.reshape(()))
    if out != round(out):
        raise ValueError(f"{what} {expr} evaluates to the non-integer {out}")
    return int(round(out))


def _shape(base: sp.IndexedBase, ctx: _Context) -> tuple[int, ...]:
    if base.shape is None:
        raise ValueError(f"array {base} has no shape")
    return tuple(_constant_int(dim, ctx, f"dimension of {base}") for dim in base.shape)


def _entry(node: sp.Indexed, ctx: _Context) -> _Labelled:
    arr = ctx.arrays[node.base]
    idx = node.indices
    bound = [i for i in idx if isinstance(i, sp.Symbol) and i in ctx.ranges]
    if len(bound) == len(set(bound)) and all(i in bound or not (i.free_symbols & ctx.ranges.keys()) for i in idx):
        # Fast path: distinct bare indices and constants are basic slices, i.e. views.
        key: list[slice | int] = [slice(None)]
        for axis, i in enumerate(idx, start=1):
            lo, hi = ctx.ranges[i] if i in bound else (_constant_int(i, ctx, f"index of {node}"),) * 2
            if lo <= hi and not (1 <= lo and hi <= arr.shape[axis]):
                raise IndexError(f"{node}: index {i} runs over {lo}..{hi}, outside 1..{arr.shape[axis]}")
            key.append(slice(lo - 1, hi) if i in bound else lo - 1)
        return _Labelled(arr[tuple(key)], tuple(bound))
    # General path (W[k, k], x[k + 1], x[j + k]): integer positions broadcast over the index grid.
    pos = [_evaluate_node(i, ctx) for i in idx]
    if any(p.data.shape[0] != 1 for p in pos):
        raise TypeError(f"{node}: indices must not be random")
    labels = tuple(dict.fromkeys(lab for p in pos for lab in p.labels))
    grid = tuple(max(0, ctx.ranges[lab][1] - ctx.ranges[lab][0] + 1) for lab in labels)
    key = [slice(None)]
    for axis, p in enumerate(pos, start=1):
        flat = np.broadcast_to(_expand(p, labels)[0], grid)
        ints = np.rint(flat).astype(np.intp)
        if flat.size and (np.any(ints != flat) or ints.min() < 1 or ints.max() > arr.shape[axis]):
            raise IndexError(f"{node}: index {idx[axis - 1]} leaves the integers 1..{arr.shape[axis]}")
        key.append(ints - 1)
    return _Labelled(arr[tuple(key)], labels)


def _sum(node: sp.Sum, ctx: _Context) -> _Labelled:
    ranges = dict(ctx.ranges)
    own = {limit[0] for limit in node.limits}
    repeats: list[int] = []
    seen: set[sp.Symbol] = set()
    for limit in node.limits:
        if len(limit) != 3:
            raise TypeError(f"sum {node} needs explicit bounds (k, lower, upper)")
        k, a, b = limit
        if (a.free_symbols | b.free_symbols) & (own | ctx.ranges.keys()):
            raise TypeError(f"sum {node}: bounds depending on summation indices are not supported")
        bounds = (_constant_int(a, ctx, "sum bound"), _constant_int(b, ctx, "sum bound"))
        if k in seen:
            # SymPy flattens Sum(Sum(f, (k, ..)), (k, ..)): the repeat sums a k-free value.
            repeats.append(max(0, bounds[1] - bounds[0] + 1))
        else:
            ranges[k] = bounds
            seen.add(k)
    inner = _Context(ctx.values, ctx.arrays, ranges)
    factors = [_evaluate_node(f, inner) for f in sp.Mul.make_args(node.function)]
    labels = tuple(dict.fromkeys(lab for f in factors for lab in f.labels))
    letter = dict(zip(labels, string.ascii_letters))
    kept = tuple(lab for lab in labels if lab not in own)
    # Contracting the factors directly never materialises their broadcast product (e.g. W[j,k]*x[k]).
    spec = ",".join("..." + "".join(letter[lab] for lab in f.labels) for f in factors)
    data = np.einsum(spec + "->..." + "".join(letter[lab] for lab in kept), *(f.data for f in factors), optimize=True)
    for count in repeats + [max(0, ranges[k][1] - ranges[k][0] + 1) for k in own if k not in labels]:
        data = data * count
    return _Labelled(np.asarray(data, dtype=np.float64), kept)


def _evaluate_node(node: sp.Basic, ctx: _Context) -> _Labelled:
    if node.is_Number or isinstance(node, sp.NumberSymbol):
        if not node.is_real:
            raise TypeError(f"non-real number {node} is not supported")
        return _Labelled(np.array([float(node)]), ())
    if isinstance(node, sp.Symbol):
        if node in ctx.ranges:
            lo, hi = ctx.ranges[node]
            return _Labelled(np.arange(lo, hi + 1, dtype=np.float64)[None], (node,))
        if node in ctx.values:
            return _Labelled(np.array([float(ctx.values[node])]), ())
        raise ValueError(f"no value given for symbol {node}")
    if isinstance(node, sp.Indexed):
        return _entry(node, ctx)
    if isinstance(node, sp.Add):
        return _combine([_evaluate_node(a, ctx) for a in node.args], np.add)
    if isinstance(node, sp.Mul):
        return _combine([_evaluate_node(a, ctx) for a in node.args], np.multiply)
    if isinstance(node, sp.Pow):
        base, exp = node.args
        if exp.is_Integer:
            b = _evaluate_node(base, ctx)
            return _Labelled(b.data ** int(exp), b.labels)
        if exp == sp.S.Half:
            b = _evaluate_node(base, ctx)
            return _Labelled(np.sqrt(b.data), b.labels)
        return _combine([_evaluate_node(base, ctx), _evaluate_node(exp, ctx)], np.power)
    if isinstance(node, sp.Sum):
        return _sum(node, ctx)
    if isinstance(node, LinearRecurrence):
        return _recurrence(node, ctx)
    if isinstance(node, sp.KroneckerDelta):
        return _combine([_evaluate_node(a, ctx) for a in node.args], lambda p, q: (p == q).astype(np.float64))
    func = _UNARY.get(type(node))
    if func is not None and len(node.args) == 1:
        arg = _evaluate_node(node.args[0], ctx)
        return _Labelled(func(arg.data), arg.labels)
    if node.free_symbols <= ctx.values.keys() - ctx.ranges.keys():
        # Deterministic leftovers such as gamma((d + 1)/2) in a closed form: let SymPy evaluate them.
        num = node.xreplace({s: as_expr(ctx.values[s]) for s in node.free_symbols}).evalf()
        if num.is_number and num.is_real:
            return _Labelled(np.array([float(num)]), ())
    raise TypeError(f"Monte Carlo cannot evaluate {type(node).__name__} node: {node}")


def _recurrence(node: LinearRecurrence, ctx: _Context) -> _Labelled:
    """Step through ``m_s = a m_{s-1} + u_s`` for every draw at once: the recursion, not its unrolled sum."""
    value = _evaluate_node(node.initial, ctx)
    coefficient = _evaluate_node(node.coefficient, ctx)
    for step in range(1, _constant_int(node.steps, ctx, f"number of steps of {node}") + 1):
        increment = _evaluate_node(node.increment(sp.Integer(step)), ctx)
        value = _combine([_combine([coefficient, value], np.multiply), increment], np.add)
    return value


def _check_symbols(exprs: list[sp.Expr], values: Mapping[sp.Symbol, float | int]) -> None:
    """Raise ValueError naming the first free symbol without a value."""
    bases = {b for e in exprs for b in e.atoms(sp.IndexedBase)}
    needed = {s for e in exprs for s in e.free_symbols if isinstance(s, sp.Symbol)}
    needed |= {s for b in bases for dim in (b.shape or ()) for s in as_expr(dim).free_symbols}
    needed -= {b.label for b in bases}
    needed |= {s for b in bases if is_random_array(b) for s in b.label.law.parameters}  # p of Bernoulli(p)
    missing = sorted((s for s in needed if s not in values), key=str)
    if missing:
        named = {str(s) for s in values}
        hint = " (a symbol of that name is given, but with other assumptions)" if str(missing[0]) in named else ""
        raise ValueError(f"no value given for symbol {missing[0]}{hint}")


def _given_arrays(exprs: list[sp.Expr], ctx: _Context, fixed: Mapping[sp.IndexedBase, np.ndarray] | None,
                  rng: np.random.Generator) -> dict[sp.IndexedBase, np.ndarray]:
    """Values of the non-random arrays: from ``fixed`` (by base, else by name), else standard normal draws."""
    supplied = dict(fixed or {})
    by_name = {str(b.label): v for b, v in supplied.items()}
    bases = {b for e in exprs for b in e.atoms(sp.IndexedBase) if not is_random_array(b)}
    out = {}
    for base in sorted(bases, key=lambda b: str(b.label)):
        given = supplied.get(base, by_name.get(str(base.label)))
        if given is None:
            out[base] = rng.standard_normal(_shape(base, ctx))
        else:
            out[base] = np.asarray(given, dtype=np.float64)
            if base.shape is not None and out[base].shape != _shape(base, ctx):
                raise ValueError(f"fixed array {base} has shape {out[base].shape}, expected {_shape(base, ctx)}")
    return out


def _per_sample(expr: sp.Expr, ctx: _Context, chunk: int) -> np.ndarray:
    val = _evaluate_node(expr, ctx)
    if val.labels:
        raise TypeError(f"index {val.labels[0]} is free in {expr}; bind it with a Sum or give it a value")
    return np.broadcast_to(val.data.reshape(-1), (chunk,))


MAX_CHUNK_ELEMENTS = 4_000_000  # entries of one random array per chunk: 32 MB of float64


def simulate(expr: sp.Expr, values: Mapping[sp.Symbol, float | int], *, samples: int = 20000, seed: int = 0,
             chunk_size: int = 4096, fixed: Mapping[sp.IndexedBase, np.ndarray] | None = None) -> MonteCarloResult:
    """Estimate E[expr] from ``samples`` seeded draws, ``chunk_size`` samples at a time."""
    if samples < 1 or chunk_size < 1:
        raise ValueError("samples and chunk_size must be positive")
    expr = as_expr(expr)
    _check_symbols([expr], values)
    rng = np.random.default_rng(seed)
    ctx = _Context(values, {}, {})
    ctx.arrays.update({b: a[None] for b, a in _given_arrays([expr], ctx, fixed, rng).items()})
    randoms = sorted({b for b in expr.atoms(sp.IndexedBase) if is_random_array(b)},
                     key=lambda b: (str(b.label), repr(b.label.law), str(b.shape)))
    if not randoms:
        value = float(_per_sample(expr, ctx, 1)[0])
        return MonteCarloResult(value, 0.0, samples, seed, abs(value))
    shapes = [_shape(b, ctx) for b in randoms]
    streams = rng.spawn(len(randoms))
    # Large arrays get smaller chunks so memory stays bounded; the draws do not depend on the chunking.
    per_sample = max(int(np.prod(shape, dtype=np.int64)) for shape in shapes) or 1
    chunk_size = max(1, min(chunk_size, MAX_CHUNK_ELEMENTS // per_sample))
    # Chan et al. merging of per-chunk (count, mean, M2): stable and independent of the chunking.
    count, mean, m2, max_abs = 0, 0.0, 0.0, 0.0
    while count < samples:
        chunk = min(chunk_size, samples - count)
        for base, shape, stream in zip(randoms, shapes, streams):
            ctx.arrays[base] = base.label.law.sample(stream, (chunk, *shape), ctx.values)
        vals = _per_sample(expr, ctx, chunk)
        max_abs = max(max_abs, float(np.abs(vals).max()))
        c_mean = float(vals.mean())
        c_m2 = float(np.square(vals - c_mean).sum())
        total = count + chunk
        delta = c_mean - mean
        mean += delta * chunk / total
        m2 += c_m2 + delta * delta * count * chunk / total
        count = total
    stderr = float(np.sqrt(m2 / (samples - 1) / samples)) if samples > 1 else float("nan")
    return MonteCarloResult(float(mean), stderr, samples, seed, max_abs)


def confirm(expr: sp.Expr, closed_form: sp.Expr, values: Mapping[sp.Symbol, float | int], *, samples: int = 20000,
            seed: int = 0, band: float = 4.0, chunk_size: int = 4096,
            fixed: Mapping[sp.IndexedBase, np.ndarray] | None = None) -> MonteCarloCheck:
    """Check that the Monte Carlo mean of ``expr`` matches ``closed_form`` within ``band`` standard errors."""
    closed_form = as_expr(closed_form)
    _check_symbols([closed_form], values)
    if any(is_random_array(b) for b in closed_form.atoms(sp.IndexedBase)):
        raise ValueError(f"closed form {closed_form} must not be random")
    expr = as_expr(expr)
    _check_symbols([expr], values)
    # Both sides must see the same given arrays; supplying them all leaves the random streams unchanged.
    given = _given_arrays([expr, closed_form], _Context(values, {}, {}), fixed, np.random.default_rng(seed))
    exact = simulate(closed_form, values, samples=1, seed=seed, fixed=given).mean
    result = simulate(expr, values, samples=samples, seed=seed, chunk_size=chunk_size, fixed=given)
    gap = result.mean - exact
    passed = abs(gap) <= band * result.stderr + 1e-9 * max(1.0, abs(exact))
    if result.stderr > 0:
        z = gap / result.stderr
    else:
        z = 0.0 if gap == 0 else float(np.copysign(np.inf, gap))
    return MonteCarloCheck(exact, result, band, bool(passed), float(z))
