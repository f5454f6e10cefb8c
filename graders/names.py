"""Matching the names an answer uses to the symbols a problem declares."""
from __future__ import annotations

import re
import unicodedata
from typing import Mapping

import sympy as sp

from derive.asymptotics import BigO, BigOmega, Theta

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜ", "0123456789aeoxhklmnpst")
_GROWTH = {"theta": Theta, "Theta": Theta, "O": BigO, "Omega": BigOmega, "omega": BigOmega}


def name_key(name: str) -> str:
    """A spelling-insensitive key: ``d_1``, ``d_{1}``, ``d1`` and ``d₁`` all give ``d1``."""
    name = unicodedata.normalize("NFKC", name).translate(_SUBSCRIPTS)
    name = re.sub(r"\\(mathrm|text|operatorname|mathit)\b", "", name)
    return re.sub(r"[\s_{}\\]", "", name)


def bind_symbols(expr: sp.Basic, declared: Mapping[str, sp.Symbol]) -> sp.Basic:
    """Replace the answer's symbols by the declared symbols (with their assumptions) they name."""
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
    expr = expr.xreplace(replacements) if replacements else expr
    return _growth_functions(expr)


def _growth_functions(expr: sp.Basic) -> sp.Basic:
    """``\\Theta(x)`` read as an undefined function becomes the engine's Theta node."""
    def convert(node):
        name = node.func.__name__.lstrip("\\")
        return _GROWTH[name](*node.args) if len(node.args) == 1 else node

    return expr.replace(
        lambda e: isinstance(e, sp.core.function.AppliedUndef) and e.func.__name__.lstrip("\\") in _GROWTH,
        convert,
    )
