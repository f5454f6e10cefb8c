"""Estimates of how many digits a number or a result has, made without building anything big."""
from __future__ import annotations

import math

import sympy as sp

LOG10_2 = math.log10(2)


def log10_int(n: int) -> float:
    """log10 |n|, -inf for 0."""
    return math.log10(abs(n)) if n else -math.inf


def log10_abs(num: sp.Number) -> float:
    """log10 |num| without building anything big (-inf for zero or non-finite numbers)."""
    if isinstance(num, sp.Rational):
        return log10_int(num.p) - log10_int(num.q)
    if isinstance(num, sp.Float) and num.is_finite and num._mpf_[1]:
        _, _, exponent, bits = num._mpf_
        return (exponent + bits) * LOG10_2
    return -math.inf


def magnitude(num: sp.Number) -> float:
    """Digits per unit of exponent when num is raised to a power (0 for 0, +-1, infinities)."""
    if isinstance(num, sp.Rational):
        return max(log10_int(num.p), log10_int(num.q), 0.0)
    return abs(log10_abs(num)) if isinstance(num, sp.Float) and num.is_finite and num else 0.0


def power_digits(base: sp.Expr, exponent: sp.Expr) -> float:
    """About how many digits SymPy may compute for base**exponent (0 when nothing numeric grows)."""
    if not (isinstance(exponent, sp.Number) and exponent.is_finite and exponent):
        return 0.0
    # SymPy distributes a numeric power into (2x)^n and (√2)^n, so every number in the base counts.
    numbers = [base] if isinstance(base, sp.Number) else base.atoms(sp.Number)
    size = max((magnitude(n) for n in numbers), default=0.0)
    return 10 ** min(log10_abs(exponent) + math.log10(size), 300) if size > 0 else 0.0


def binomial_digits(n: sp.Expr, k: sp.Expr) -> float:
    """About how many digits SymPy computes for binomial(n, k) (0 when it stays symbolic)."""
    if not (isinstance(n, sp.Number) and isinstance(k, sp.Integer) and n.is_finite):
        return 0.0
    kk = abs(int(k))
    if isinstance(n, sp.Integer) and 0 <= int(k) <= int(n):
        kk = min(kk, int(n) - kk)  # C(n, k) <= (e n / k)^k
        return kk * (log10_int(int(n)) - log10_int(kk) + 0.44) if kk else 0.0
    return kk * (magnitude(n) + log10_int(kk + 1) + 1)


def int_from_digits(digits: str) -> int:
    """int() of a long digit string, in chunks below Python's int/str conversion cap."""
    value = 0
    for start in range(0, len(digits), 4000):
        chunk = digits[start:start + 4000]
        value = value * 10 ** len(chunk) + int(chunk)
    return value
