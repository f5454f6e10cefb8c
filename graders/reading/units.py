"""Units of time in numeric answers: read them off the end of an answer and convert exactly."""
from __future__ import annotations

import re

import sympy as sp

# Seconds per unit, exact.
SECONDS = {
    "s": sp.Integer(1), "sec": sp.Integer(1), "second": sp.Integer(1), "seconds": sp.Integer(1),
    "ms": sp.Rational(1, 10**3), "millisecond": sp.Rational(1, 10**3), "milliseconds": sp.Rational(1, 10**3),
    "us": sp.Rational(1, 10**6), "μs": sp.Rational(1, 10**6), "µs": sp.Rational(1, 10**6),
    "microsecond": sp.Rational(1, 10**6), "microseconds": sp.Rational(1, 10**6),
    "ns": sp.Rational(1, 10**9), "nanosecond": sp.Rational(1, 10**9), "nanoseconds": sp.Rational(1, 10**9),
    "ps": sp.Rational(1, 10**12), "min": sp.Integer(60), "minutes": sp.Integer(60), "h": sp.Integer(3600),
    "hours": sp.Integer(3600),
}

_UNIT_NAMES = sorted(SECONDS, key=len, reverse=True)
_TRAILING_UNIT = re.compile(
    r"(?:\\[,;:! ]|\\quad|\s|~)*"
    r"(?:\\(?:text|mathrm|textrm|operatorname|mathit)\s*\{\s*(?P<wrapped>(?:\\mu\s*|μ|µ)?[a-zA-Zμµ]+)\s*\}"
    r"|(?<![A-Za-z_^\\])(?P<bare>(?:\\mu\s*|\\mu\{\}\s*|μ|µ)(?:s|\\mathrm\{s\}|\\text\{s\})|[a-zA-Zμµ]+))"
    r"\s*[.,;]?\s*\$*\s*$"
)


def split_unit(text: str) -> tuple[str, str | None]:
    """``'50\\,\\text{ns}'`` -> ``('50', 'ns')``; text without a known trailing unit is returned whole."""
    match = _TRAILING_UNIT.search(text)
    if not match:
        return text, None
    raw = match.group("wrapped") or match.group("bare")
    unit = re.sub(r"\\mu\s*|\\mu\{\}\s*", "μ", raw)
    unit = re.sub(r"\\(mathrm|text)\{s\}", "s", unit).replace(" ", "")
    if unit.startswith("μ") and len(unit) > 1:
        unit = "μ" + unit[1:]
    if unit not in SECONDS:
        return text, None
    value = text[: match.start()].strip()
    if not value or value.endswith(("=", "\\le", "\\leq", "<", "\\ge", "\\geq", ">", "/", "*", "^", "+", "-",
                                    "(", "\\cdot", "\\times", "\\frac")):
        return text, None  # "(2s^2 - 25)/s": the letter is an operand, not a unit
    if match.group("bare") and re.search(rf"(?<![A-Za-z\\]){re.escape(raw)}(?![A-Za-z])", value):
        return text, None  # "6s - 25 s"? the same letter is a variable elsewhere in the answer
    return value, unit


def convert(value: sp.Expr, unit: str | None, target: str) -> sp.Expr:
    """``value unit`` expressed in ``target`` units (a missing unit is taken to be the target's)."""
    if unit is None or unit == target:
        return value
    return value * SECONDS[unit] / SECONDS[target]
