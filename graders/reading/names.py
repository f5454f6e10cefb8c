"""Matching the names an answer uses to the symbols a problem declares."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

import sympy as sp

from derive.growth.asymptotics import BigO, BigOmega, Theta

from graders.reading.notation import SUBSCRIPT_TEXT

_GROWTH = {"theta": Theta, "Theta": Theta, "O": BigO, "Omega": BigOmega, "omega": BigOmega}


def name_key(name: str) -> str:
    """A spelling-insensitive key: ``d_1``, ``d_{1}``, ``d1`` and ``d₁`` all give ``d1``."""
    name = unicodedata.normalize("NFKC", name).translate(SUBSCRIPT_TEXT)
    name = re.sub(r"\\(mathrm|text|operatorname|mathit)\b", "", name)
    return re.sub(r"[\s_{}\\]", "", name)


def bind_symbols(expr: sp.Basic, declared: Mapping[str, sp.Symbol], products: bool = True) -> sp.Basic:
    """Replace the answer's symbols by the declared symbols (with their assumptions) they name; with
    ``products``, a declared symbol before parentheses is a product (not for a left side: ``c(d_1) = ...``)."""
    by_key = {name_key(name): symbol for name, symbol in declared.items()}
    replacements = {}
    for symbol in expr.free_symbols:
        if not isinstance(symbol, sp.Symbol):
            continue
        target = by_key.get(name_key(symbol.name))
        if target is not None and target is not symbol:
            replacements[symbol] = target
        elif target is None and symbol.name in ("pi", "\\pi"):
            replacements[symbol] = sp.pi
        elif target is None and _juxtaposed(symbol.name, by_key):
            # "np" in plain text, with n and p declared and np not: the product, as LaTeX's grammar reads it
            replacements[symbol] = sp.Mul(*(by_key[letter] for letter in symbol.name))
    expr = expr.xreplace(replacements) if replacements else expr
    return _growth_functions(_products_not_calls(expr, by_key) if products else expr)


def _juxtaposed(name: str, by_key: Mapping[str, sp.Symbol]) -> bool:
    return 1 < len(name) <= 4 and name.isalpha() and all(isinstance(by_key.get(letter), sp.Symbol) for letter in name)


def _products_not_calls(expr: sp.Basic, by_key: Mapping[str, sp.Symbol]) -> sp.Basic:
    """``p(1-p)`` read as a call of a function ``p`` is the product ``p (1 - p)`` when ``p`` is a declared symbol."""
    def factors(name: str) -> list[sp.Symbol] | None:
        if isinstance(by_key.get(name_key(name)), sp.Symbol):
            return [by_key[name_key(name)]]
        return [by_key[letter] for letter in name] if _juxtaposed(name, by_key) else None  # np(1-p)

    return expr.replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef) and len(e.args) == 1
        and factors(e.func.__name__) is not None,
        lambda e: sp.Mul(*factors(e.func.__name__)) * e.args[0],
    )


def _growth_functions(expr: sp.Basic) -> sp.Basic:
    """``\\Theta(x)`` read as an undefined function becomes the engine's Theta node."""
    def convert(node):
        name = node.func.__name__.lstrip("\\")
        return _GROWTH[name](*node.args) if len(node.args) == 1 else node

    return expr.replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func.__name__.lstrip("\\") in _GROWTH,
        convert,
    )


def substitute_bindings(expr: sp.Basic, bindings: Mapping[sp.Symbol, sp.Expr]) -> sp.Basic:
    """Replace names the question defines (``z`` for ``sum_k |x_k|``) by what they stand for."""
    if not bindings or not isinstance(expr, sp.Basic):
        return expr
    by_key = {name_key(symbol.name): value for symbol, value in bindings.items()}
    replacements = {symbol: by_key[name_key(symbol.name)] for symbol in expr.free_symbols
                    if isinstance(symbol, sp.Symbol) and name_key(symbol.name) in by_key}
    return expr.xreplace(replacements) if replacements else expr


_ENTRY_NAME = re.compile(r"([A-Za-z])_\{?([A-Za-z])\}?")


def bind_entries(expr: sp.Basic, arrays: Iterable[sp.IndexedBase], indices: Mapping[str, sp.Symbol] | None = None
                 ) -> sp.Basic:
    """Write the answer's ``x_k`` (one symbol to the reader) as the entry ``x[k]`` of the problem's vector ``x``,
    indexed by the answer's own ``k`` (the variable of its sum, when it has one), else by the reference's ``k``."""
    by_name = {str(base.label): base for base in arrays}
    bound = {str(var): var for node in expr.atoms(sp.Sum, sp.Product) for var in node.variables}
    replacements = {}
    for symbol in expr.free_symbols:
        parts = _ENTRY_NAME.fullmatch(symbol.name) if isinstance(symbol, sp.Symbol) else None
        if parts and parts.group(1) in by_name:
            index = bound.get(parts.group(2)) or (indices or {}).get(parts.group(2)) or sp.Symbol(parts.group(2))
            replacements[symbol] = by_name[parts.group(1)][index]
    return expr.xreplace(replacements) if replacements else expr


_WRAPPER = r"\\(?:text|mathrm|mathit|operatorname|textit|mathsf)\s*\{\s*"
_COMPOUND = re.compile(r"([A-Za-z]{2,})_\{?([A-Za-z0-9]+)\}?")


def protect_compound_names(text: str, declared: Mapping[str, sp.Symbol]) -> str:
    """In LaTeX, write a declared multi-letter name (``fan_in``, ``fan_{in}``) as one symbol, so the grammar does
    not read it as the product ``f a n``; names already wrapped in ``\\text{}``/``\\mathrm{}`` are left alone."""
    for name in declared:
        parts = _COMPOUND.fullmatch(re.sub(r"\\_", "_", name))
        if parts is None:
            continue
        base, sub = map(re.escape, parts.groups())
        pattern = re.compile(rf"({_WRAPPER})?(?<![A-Za-z\\]){base}\s*\\?_\s*(?:\{{\s*{sub}\s*\}}|{sub})(?![A-Za-z0-9])")
        symbol = rf"\mathrm{{{parts.group(1)}{parts.group(2)}}}"
        text = pattern.sub(lambda m: m.group(0) if m.group(1) else symbol, text)
    return text
