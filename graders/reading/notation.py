"""The notation every reader shares: Unicode scripts, Greek letters, function letters, signs and arrows."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["DIVISION_SIGNS", "EXPONENT_SUPERSCRIPTS", "FUNCTION_LETTERS", "GREEK", "GREEK_COMMANDS", "GREEK_NAMES",
           "IMPLIES", "MINUS_SIGNS", "NAME_SUBSCRIPTS", "PRIMES", "SUBSCRIPTS", "SUBSCRIPT_TEXT", "SUPERSCRIPTS",
           "TIMES_SIGNS", "plain_letter"]

SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵏˣʸᵐᵀᵗᵈᵖᵃᵇᶜʲˡʳˢᵘᵛʷᶻ", "0123456789+-=()nikxymTtdpabcjlrsuvwz"))
SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼᵣᵤᵥ", "0123456789+-=()aeoxhklmnpstijruv"))
# A formula reader takes a run of superscripts for an exponent: the transpose ᵀ and the signs = ( ) never are one.
EXPONENT_SUPERSCRIPTS = {char: plain for char, plain in SUPERSCRIPTS.items() if plain not in "=()T"}
# A formula reader takes a run of subscripts for the end of a name, and names hold only letters and digits.
NAME_SUBSCRIPTS = {char: plain for char, plain in SUBSCRIPTS.items() if plain.isalnum()}
SUBSCRIPT_TEXT = str.maketrans(SUBSCRIPTS)  # for str.translate: "d₁₂" -> "d12"

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi", "ϖ": "pi",
    "ρ": "rho", "ϱ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi", "ϕ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta",
    "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega",
}
# Capitals that look like Latin letters have no character of their own above, but are still Greek names.
GREEK_NAMES = frozenset(GREEK.values()) | {"Alpha", "Beta", "Epsilon", "Eta", "Mu", "Tau"}
GREEK_COMMANDS = GREEK_NAMES | {"var" + name for name in ("sigma", "theta", "epsilon", "phi", "rho", "pi")}

FUNCTION_LETTERS = frozenset("fFgGhpq")  # single letters that name a function when written f(x)

MINUS_SIGNS = "−–—‐‑‒﹣"
TIMES_SIGNS = "×·⋅∙∗✕⨯"
DIVISION_SIGNS = "÷∕⁄"
PRIMES = {"'": "'", "’": "'", "′": "'", "″": "''"}

IMPLIES = re.compile(r"\\(?:Rightarrow|implies|Longrightarrow|longrightarrow)(?![A-Za-z])|⇒|⟹|=>")


def plain_letter(char: str) -> str:
    """A full-width or math-alphabet character (𝔼, 𝒩, 𝐱, ｘ) as its plain letter; any other character unchanged."""
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E or 0x1D400 <= code <= 0x1D7FF:
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1:  # one character for one keeps every column where the reader typed it
            return folded
    return char
