"""The work one answer may cost: size estimates checked before expensive steps, a deadline as the last resort.

Expensive steps (factoring, simplifying, solving) are skipped, deterministically, when the expression
they would work on is too large: ``expanded_terms`` estimates how many terms full expansion gives
(``(x - a)^6000`` has 6,001) without expanding.  So an answer that finishes normally gets the same
verdict on a busy machine as on an idle one.  ``deadline`` is the wall-clock backstop for what the
estimates miss; in-process it interrupts the calling (main) thread with a signal, the same limit the
command line's worker processes enforce by killing the worker.
"""
from __future__ import annotations

import contextlib
import math
import signal
import threading
from typing import Iterator

import sympy as sp

MAX_EXPANDED_TERMS = 4000  # beyond this, factoring or simplifying is left undone: the comparison says so


class DeadlineExceeded(BaseException):
    """Grading one answer ran past its wall-clock limit.  A BaseException, like KeyboardInterrupt, so that the
    ``except Exception`` around SymPy's fragile steps cannot swallow it and carry on."""


def expanded_terms(expr: sp.Basic, cap: int = 10 * MAX_EXPANDED_TERMS) -> int:
    """An upper estimate of the number of terms ``sp.expand(expr)`` would produce, at most ``cap``.

    Examples:
        >>> x, a = sp.symbols("x a")
        >>> expanded_terms((x - a) ** 6000), expanded_terms((x + 1) * (x + 2)), expanded_terms(x)
        (6001, 4, 1)
    """
    if isinstance(expr, sp.Add):
        return min(cap, sum(expanded_terms(term, cap) for term in expr.args))
    if isinstance(expr, sp.Mul):
        total = 1
        for factor in expr.args:
            total = min(cap, total * expanded_terms(factor, cap))
        return total
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and int(expr.exp) > 1:
        base = expanded_terms(expr.base, cap)
        if base <= 1:
            return 1
        exponent = int(expr.exp)
        if exponent > 100_000:
            return cap
        # multinomial count: monomials of degree n in k terms, C(n + k - 1, k - 1)
        return min(cap, math.comb(exponent + base - 1, base - 1))
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer and int(expr.exp) < -1:
        return expanded_terms(expr.base ** -expr.exp, cap)
    return 1


def within_budget(*exprs: sp.Basic) -> bool:
    """Whether expanding each of ``exprs`` stays within ``MAX_EXPANDED_TERMS``."""
    return all(expanded_terms(expr) <= MAX_EXPANDED_TERMS for expr in exprs if isinstance(expr, sp.Basic))


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``DeadlineExceeded`` in this block after ``seconds`` of wall-clock time (main thread, POSIX only;
    elsewhere, and with ``None``, the block runs unbounded and only the size estimates hold)."""
    usable = (seconds is not None and math.isfinite(seconds) and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))  # never override a caller's own timer
    if not usable:
        yield
        return

    def expire(signum, frame):  # noqa: ARG001 - a signal handler's signature
        raise DeadlineExceeded(f"grading did not finish within {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
