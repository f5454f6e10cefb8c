"""Tokens of answers typed as plain text, pasted Unicode, or STACK's Maxima syntax."""
from __future__ import annotations

from dataclasses import dataclass

from graders.reading.errors import TextParseError
from graders.reading.notation import (DIVISION_SIGNS, EXPONENT_SUPERSCRIPTS, GREEK, MINUS_SIGNS, NAME_SUBSCRIPTS,
                                      PRIMES, TIMES_SIGNS, plain_letter)

__all__ = ["TextToken", "describe", "tokenize_text"]


@dataclass(frozen=True)
class TextToken:
    """One token: kind is 'num', 'name', 'sup', 'op' or 'end'; col is 1-based."""

    kind: str
    text: str
    col: int
    call: bool = False  # a name written flush against '(' (the function-call policy needs it)


# Longest spellings first so that '**' is not read as two '*'.
OPERATORS = [
    ("#pm#", "±"), ("#mp#", "∓"),  # Maxima's plus-or-minus, before '#' (not equal)
    ("**", "^"), ("<=", "<="), (">=", ">="), ("==", "="), ("!=", "!="), ("!!", "!!"),
    ("+", "+"), ("-", "-"), ("*", "*"), ("/", "/"), ("^", "^"), ("!", "!"), ("=", "="),
    ("<", "<"), (">", ">"), ("#", "!="), ("(", "("), (")", ")"), ("[", "["), ("]", "]"),
    ("{", "{"), ("}", "}"), (",", ","), ("|", "|"), (":", ":"),
]
UNICODE_OPERATORS = {
    **dict.fromkeys(MINUS_SIGNS, "-"), **dict.fromkeys(TIMES_SIGNS, "*"),
    **dict.fromkeys(DIVISION_SIGNS, "/"), "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "≠": "!=",
    "≈": "~", "≃": "~", "±": "±", "∓": "∓", "√": "sqrt", "∛": "cbrt", "∜": "root4",
    "⌊": "⌊", "⌋": "⌋", "⌈": "⌈", "⌉": "⌉",
}
IGNORED = frozenset("\u200b\u200c\u200d\u2060\ufeff")
DIGITS = frozenset("0123456789")
LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
WORD = LETTERS | DIGITS | {"_"}


def _blank(char: str) -> bool:
    return char.isspace() or char in IGNORED


def _unexpected(char: str, index: int) -> TextParseError:
    return TextParseError(f"Unexpected character {char!r} at column {index + 1}.")


def tokenize_text(text: str) -> list[TextToken]:
    """The tokens of ``text``, ending with an 'end' token; a final '.', ';' or '$' is dropped."""
    src = "".join(plain_letter(c) for c in text)
    end = len(src)
    while end and _blank(src[end - 1]):
        end -= 1
    if end and src[end - 1] in ".;$":  # Maxima's terminators, or the full stop of a sentence
        end -= 1
    tokens: list[TextToken] = []
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
            tokens.append(TextToken("num", src[i:stop], i + 1))
            i = stop
            if i < end and src[i] == "%" and not (i + 1 < end and src[i + 1].isascii() and src[i + 1].isalpha()):
                tokens.append(TextToken("op", "%", i + 1))
                i += 1
            continue
        if c.isascii() and c.isalpha() or c in GREEK or c == "%":
            i = _name(src, i, end, tokens)
            continue
        if c == "'" and _quoted_call(src, i, end):
            i += 1  # Maxima's noun form 'diff(...), 'root(...): the quote changes no value
            continue
        if c == "∞":
            tokens.append(TextToken("name", "inf", i + 1))
            i += 1
            continue
        if c in EXPONENT_SUPERSCRIPTS:
            start = i
            while i < end and src[i] in EXPONENT_SUPERSCRIPTS:
                i += 1
            tokens.append(TextToken("sup", "".join(EXPONENT_SUPERSCRIPTS[s] for s in src[start:i]), start + 1))
            continue
        if c in UNICODE_OPERATORS:
            tokens.append(TextToken("op", UNICODE_OPERATORS[c], i + 1))
            i += 1
            continue
        for spelling, canonical in OPERATORS:
            if src.startswith(spelling, i):
                tokens.append(TextToken("op", canonical, i + 1))
                i += len(spelling)
                break
        else:
            raise _unexpected(c, i)
    tokens.append(TextToken("end", "", end + 1))
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


def _name(src: str, i: int, end: int, tokens: list[TextToken]) -> int:
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
            raise TextParseError(f"The subscript braces at column {i + 1} must hold only letters and digits.")
        name, i = name + src[i + 1:close], close + 1
    if name.endswith("_"):
        raise TextParseError(f"The name at column {start + 1} ends with '_' and no subscript.")
    if i < end and src[i] in NAME_SUBSCRIPTS:
        name += "_"
        while i < end and src[i] in NAME_SUBSCRIPTS:
            name, i = name + NAME_SUBSCRIPTS[src[i]], i + 1
    i, name = _maxima_subscript(src, i, end, name)
    while i < end and src[i] in PRIMES:
        name, i = name + PRIMES[src[i]], i + 1
    tokens.append(TextToken("name", name, start + 1, call=i < end and src[i] == "("))
    return i


# Names whose bracket is an argument, not a subscript: E[X] is an expectation, P[A] a probability.
_BRACKET_OPERATORS = frozenset({"E", "Var", "Cov", "P", "Pr", "Prob", "V"})


def _maxima_subscript(src: str, i: int, end: int, name: str) -> tuple[int, str]:
    """Maxima's subscripted name ``epsilon[0]``, ``A[k]`` (one index, digits or one word, flush against the
    name) is one symbol of that name: as in Maxima, ``x[1]`` is neither ``x_1`` nor ``x1``.  Other brackets
    are left alone."""
    if i >= end or src[i] != "[" or name in _BRACKET_OPERATORS or name.startswith("%"):
        return i, name
    close = _scan(src, i + 1, end, WORD - {"_"})
    if close == i + 1 or close >= end or src[close] != "]":
        return i, name
    return close + 1, f"{name}[{src[i + 1:close]}]"


def describe(tok: TextToken) -> str:
    """How an error message names ``tok``."""
    if tok.kind == "end":
        return "the end of the answer"
    return "a superscript" if tok.kind == "sup" else repr(tok.text)
