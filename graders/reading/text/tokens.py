"""Tokens of answers typed as plain text, pasted Unicode, or STACK's Maxima syntax; number sizes."""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

import sympy as sp

from graders.reading import guard


class ParseError(ValueError):
    """The answer is not in the grammar; the message is one sentence naming the column."""


class TooLargeError(ParseError, guard.TooLargeError):
    """The answer, its nesting, or a number in it is beyond the configured limits."""


@dataclass(frozen=True)
class Token:
    """One token: kind is 'num', 'name', 'sup', 'op' or 'end'; col is 1-based."""

    kind: str
    text: str
    col: int
    call: bool = False  # a name written flush against '(' (the function-call policy needs it)


GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi",
    "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta",
    "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega",
}
GREEK_NAMES = frozenset(GREEK.values()) | {"Alpha", "Beta", "Epsilon", "Eta", "Mu", "Tau"}
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱᵏˣʸᵐ", "0123456789+-nikxym"))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", "0123456789aeoxhklmnpstijruv"))
# Longest spellings first so that '**' is not read as two '*'.
OPERATORS = [
    ("#pm#", "±"), ("#mp#", "∓"),  # Maxima's plus-or-minus, before '#' (not equal)
    ("**", "^"), ("<=", "<="), (">=", ">="), ("==", "="), ("!=", "!="), ("!!", "!!"),
    ("+", "+"), ("-", "-"), ("*", "*"), ("/", "/"), ("^", "^"), ("!", "!"), ("=", "="),
    ("<", "<"), (">", ">"), ("#", "!="), ("(", "("), (")", ")"), ("[", "["), ("]", "]"),
    ("{", "{"), ("}", "}"), (",", ","), ("|", "|"), (":", ":"),
]
UNICODE_OPERATORS = {
    **dict.fromkeys("−–—‐‑‒﹣", "-"), **dict.fromkeys("×·⋅∙∗✕⨯", "*"),
    **dict.fromkeys("÷∕⁄", "/"), "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "≠": "!=",
    "≈": "~", "≃": "~", "±": "±", "∓": "∓", "√": "sqrt", "∛": "cbrt", "∜": "root4",
    "⌊": "⌊", "⌋": "⌋", "⌈": "⌈", "⌉": "⌉",
}
PRIMES = {"'": "'", "’": "'", "′": "'", "″": "''"}
LOG10_2 = math.log10(2)
IGNORED = frozenset("\u200b\u200c\u200d\u2060\ufeff")
DIGITS = frozenset("0123456789")
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
WORD = LETTERS | DIGITS | {"_"}


def _fold(char: str) -> str:
    """Full-width and math-alphabet letters pasted from rich text, as their plain letter."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E or 0x1D400 <= code <= 0x1D7FF:
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:  # keeps every column where the reader typed it
            return folded
    return char


def _blank(char: str) -> bool:
    return char.isspace() or char in IGNORED


def _unexpected(char: str, index: int) -> ParseError:
    return ParseError(f"Unexpected character {char!r} at column {index + 1}.")


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an 'end' token; a final '.', ';' or '$' is dropped."""
    src = "".join(_fold(c) for c in text)
    end = len(src)
    while end and _blank(src[end - 1]):
        end -= 1
    if end and src[end - 1] in ".;$":  # Maxima's terminators, or the full stop of a sentence
        end -= 1
    tokens: list[Token] = []
    i = 0
    while i < end:
        c = src[i]
        if _blank(c):
            i += 1
            continue
        stop = _number_end(src, i, end)
        if stop > i:
            if c == "." and i and (src[i - 1] in WORD or src[i - 1] in ")]"):
                raise _unexpected(".", i)  # attribute access such as x.y or x.5
            if stop < end and src[stop] == ".":
                raise _unexpected(".", stop)
            tokens.append(Token("num", src[i:stop], i + 1))
            i = stop
            if i < end and src[i] == "%" and not (i + 1 < end and src[i + 1].isascii() and src[i + 1].isalpha()):
                tokens.append(Token("op", "%", i + 1))
                i += 1
            continue
        if c.isascii() and c.isalpha() or c in GREEK or c == "%":
            i = _name(src, i, end, tokens)
            continue
        if c == "'" and _quoted_call(src, i, end):
            i += 1  # Maxima's noun form 'diff(...), 'root(...): the quote changes no value
            continue
        if c == "∞":
            tokens.append(Token("name", "inf", i + 1))
            i += 1
            continue
        if c in SUPERSCRIPTS:
            start = i
            while i < end and src[i] in SUPERSCRIPTS:
                i += 1
            tokens.append(Token("sup", "".join(SUPERSCRIPTS[s] for s in src[start:i]), start + 1))
            continue
        if c in UNICODE_OPERATORS:
            tokens.append(Token("op", UNICODE_OPERATORS[c], i + 1))
            i += 1
            continue
        for spelling, canonical in OPERATORS:
            if src.startswith(spelling, i):
                tokens.append(Token("op", canonical, i + 1))
                i += len(spelling)
                break
        else:
            raise _unexpected(c, i)
    tokens.append(Token("end", "", end + 1))
    return tokens


def _quoted_call(src: str, i: int, end: int) -> bool:
    """A quote directly before a function name written flush against '(' (Maxima's noun form)."""
    if i + 1 >= end or not (src[i + 1].isascii() and src[i + 1].isalpha()):
        return False
    stop = _scan(src, i + 1, end, WORD)
    return stop < end and src[stop] == "("


def _scan(src: str, i: int, end: int, allowed: frozenset[str]) -> int:
    while i < end and src[i] in allowed:
        i += 1
    return i


def _number_end(src: str, i: int, end: int) -> int:
    """The index after the number literal at ``i`` (``i`` itself when there is none)."""
    j = _scan(src, i, end, DIGITS)
    if j < end and src[j] == ".":
        k = _scan(src, j + 1, end, DIGITS)
        if j == i and k == j + 1:
            return i  # a lone '.'
        j = k
    if j == i:
        return i
    if j < end and src[j] in "eE":  # 5e-8; but 2e alone is 2 times e
        k = j + 2 if j + 1 < end and src[j + 1] in "+-" else j + 1
        if _scan(src, k, end, DIGITS) > k:
            j = _scan(src, k, end, DIGITS)
    return j


def _name(src: str, i: int, end: int, tokens: list[Token]) -> int:
    """Read one identifier at ``i`` into ``tokens``; returns the index after it."""
    start = i
    if src[i] == "%":  # Maxima constants: %pi, %e, %i
        i = _scan(src, i + 1, end, LETTERS)
        if i == start + 1:
            raise _unexpected("%", start)
    elif src[i] in GREEK:
        # A Greek letter stands alone (2πr is 2*pi*r), but may carry digits or a _suffix.
        i = _scan(src, i + 1, end, DIGITS)
        if i < end and src[i] == "_":
            i = _scan(src, i, end, WORD)
    else:
        i = _scan(src, i, end, WORD)
        word = src[start:i]
        for prefix in ("ln", "log", "exp", "sqrt", "sin", "cos", "tan"):
            if word.startswith(prefix) and word[len(prefix):].isdigit() and word not in ("log2", "log10"):
                i = start + len(prefix)  # ln2 is ln(2): nobody names a variable ln2
    name = GREEK.get(src[start], src[start]) + src[start + 1:i]
    if name.endswith("_") and i < end and src[i] == "{":
        close = _scan(src, i + 1, end, WORD - {"_"})
        if close == i + 1 or close >= end or src[close] != "}":
            raise ParseError(f"The subscript braces at column {i + 1} must hold only letters and digits.")
        name, i = name + src[i + 1:close], close + 1
    if name.endswith("_"):
        raise ParseError(f"The name at column {start + 1} ends with '_' and no subscript.")
    if i < end and src[i] in SUBSCRIPTS:
        name += "_"
        while i < end and src[i] in SUBSCRIPTS:
            name, i = name + SUBSCRIPTS[src[i]], i + 1
    while i < end and src[i] in PRIMES:
        name, i = name + PRIMES[src[i]], i + 1
    tokens.append(Token("name", name, start + 1, call=i < end and src[i] == "("))
    return i


def describe(tok: Token) -> str:
    """How an error message names ``tok``."""
    if tok.kind == "end":
        return "the end of the answer"
    return "a superscript" if tok.kind == "sup" else repr(tok.text)


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
