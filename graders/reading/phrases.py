"""Growth stated in words: "quadratically in d_1, independent of d_2" -> exponents per dimension."""
from __future__ import annotations

import re
from typing import Mapping

import sympy as sp

from derive.growth.asymptotics import Theta

from graders.reading.names import name_key

_WORD_EXPONENTS = [
    (r"independent|does not depend|doesn'?t depend|not depend|constant|no dependence|unaffected", sp.S.Zero),
    (r"inversely", sp.S.NegativeOne),
    (r"square[- ]root|sqrt", sp.Rational(1, 2)),
    (r"linear(ly)?|proportional(ly)?|directly", sp.S.One),
    (r"quadratic(ally)?|squared?\b", sp.Integer(2)),
    (r"cubic(ally)?|cubed?\b", sp.Integer(3)),
]
_DIMENSION = r"(?:d_?\{?\d+\}?|d[₀-₉]+|n_?\{?\\?ell\}?|n_?\{?l\}?|[a-zA-Z](?:_?\{?\w+\}?)?)"
_CLAUSE = re.compile(
    r"(?P<word>" + "|".join(w for w, _ in _WORD_EXPONENTS) + r")[^,;.]*?"
    r"(?:in|with|of|on|to|as|wrt)\s+(?:the\s+)?(?:input\s+|output\s+)?(?:dimension\s+|width\s+)?"
    r"\$?\\?(?P<dim>" + _DIMENSION + r")\$?",
    re.IGNORECASE,
)


def growth_from_words(text: str, dims: Mapping[str, sp.Symbol]) -> sp.Expr | None:
    """``Theta(d_1^2)`` for "quadratically in d_1, independent of d_2"; None when no clause names a dimension."""
    exponents = exponents_from_words(text, dims)
    if not exponents:
        return None
    return Theta(sp.Mul(*(symbol**exponent for symbol, exponent in exponents.items())))


def exponents_from_words(text: str, dims: Mapping[str, sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """The exponent each dimension named in a growth clause gets; a negated clause ("not quadratic") gives none."""
    by_key = {name_key(name): symbol for name, symbol in dims.items()}
    exponents: dict[sp.Symbol, sp.Expr] = {}
    for match in _CLAUSE.finditer(text):
        before = text[max(0, match.start() - 12): match.start()].lower()
        if re.search(r"\bnot\s*$|n't\s*$", before) and not match.group("word").lower().startswith(("depend",
                                                                                                   "independent")):
            continue
        symbol = by_key.get(name_key(match.group("dim").replace("\\ell", "ell")))
        if symbol is None or symbol in exponents:
            continue
        word = match.group("word").lower()
        for pattern, exponent in _WORD_EXPONENTS:
            if re.fullmatch(pattern, word, re.IGNORECASE) or re.match(pattern, word, re.IGNORECASE):
                exponents[symbol] = exponent
                break
    return exponents


_CONSTANT = re.compile(r"\b(?:constant|fixed|unchanged|does not (?:change|depend|scale|grow)|doesn'?t (?:change|depend|"
                       r"scale|grow)|independent of (?:the )?(?:width|size|dimension)s?|width[- ]independent)\b",
                       re.IGNORECASE)


def says_constant(text: str) -> bool:
    """Whether the text calls the quantity constant (the same at every size), without naming a dimension."""
    match = _CONSTANT.search(text)
    return match is not None and not re.search(r"\bnot\s*$|n't\s*$", text[max(0, match.start() - 12):match.start()])
