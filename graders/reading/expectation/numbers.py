"""Number literals of sampling answers as exact rationals, and the size checks before SymPy computes."""
from __future__ import annotations

import math

import sympy as sp

from graders.reading.errors import ExpectationReadError

MAX_DIGITS = 50
MAX_EXPONENT = 1000
MAX_RESULT_DIGITS = 10_000
_LOG10_2 = math.log10(2)


def check_literal(text: str, column: int) -> None:
    """Refuse a number literal with two decimal points or too many digits (``column`` is 1-based)."""
    if text.count(".") > 1:
        raise ExpectationReadError(f"the number at column {column} has two decimal points")
    if len(text) > MAX_DIGITS:
        raise ExpectationReadError(f"the number at column {column} has more than {MAX_DIGITS} digits",
                                too_large=True)


def rational(text: str) -> sp.Rational:
    """A decimal literal as an exact rational (the lexer has capped its length)."""
    whole, _, decimals = text.partition(".")
    return sp.Rational(int(whole + decimals or "0"), 10 ** len(decimals))


def _digits(expr: sp.Basic) -> float:
    """An upper estimate of the digits in the numbers of ``expr`` (what multiplying them out costs)."""
    return sum((abs(n.p).bit_length() + n.q.bit_length()) * _LOG10_2 for n in expr.atoms(sp.Rational))


def _too_large() -> ExpectationReadError:
    """The error for a result whose numbers would be too large to compute."""
    return ExpectationReadError("the answer holds a number too large to compute", too_large=True)


def checked_product(factors: list[sp.Expr]) -> sp.Expr:
    """The product of ``factors``, refused when its numbers together would be too large to compute."""
    if len(factors) > 1 and sum(_digits(factor) for factor in factors) > MAX_RESULT_DIGITS:
        raise _too_large()
    return sp.Mul(*factors)


def checked_power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """``base ** exponent``, refusing exponents or results too large to compute."""
    if exponent.is_number:
        try:
            size = abs(complex(exponent.evalf(15)))
        except (TypeError, ValueError, OverflowError):
            size = math.inf
        if not size <= MAX_EXPONENT:
            raise ExpectationReadError(f"exponents above {MAX_EXPONENT} are not accepted", too_large=True)
        if _digits(base) * size > MAX_RESULT_DIGITS:
            raise _too_large()
    return sp.Pow(base, exponent)


def checked_quotient(numerator: sp.Expr, denominator: sp.Expr) -> sp.Expr:
    """``numerator / denominator``; a zero denominator is refused."""
    if denominator == 0:
        raise ExpectationReadError("the answer divides by zero")
    return numerator / denominator
