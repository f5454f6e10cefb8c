"""Statements are Markdown with LaTeX math (``$\\sigma^2$``); a terminal shows them in Unicode, TeX as they are.

Examples:
    >>> statement_text(r"Find $\\mathbb{E}[\\|x\\|^2]$ for $x \\sim N(0, \\sigma^2 I_{d_1})$.")
    'Find 𝔼[‖x‖²] for x ~ N(0, σ² I_d₁).'
    >>> statement_latex("The `fwd` op costs 20% of t_fwd; layers $1, \\\\dots, N$.")
    'The \\\\texttt{fwd} op costs 20\\\\% of t\\\\_fwd; layers $1, \\\\dots, N$.'
"""
from __future__ import annotations

import re

_MATH = re.compile(r"(\$\$.+?\$\$|\$[^$]+\$)", re.S)
GREEK_LETTERS = {  # TeX's name -> the letter (omicron has no TeX command: it is the Latin o)
    **dict(zip("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho varsigma "
               "sigma tau upsilon phi chi psi omega".split(), "αβγδεζηθικλμνξοπρςστυφχψω")),
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ",
    "Psi": "Ψ", "Omega": "Ω",
}
_SYMBOLS = {
    **GREEK_LETTERS, "varepsilon": "ε", "ell": "ℓ", "nabla": "∇", "partial": "∂", "infty": "∞", "sum": "Σ",
    "prod": "Π", "int": "∫", "in": "∈", "notin": "∉", "sim": "~", "times": "×", "cdot": "·", "cdots": "⋯",
    "dots": "…", "ldots": "…", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "to": "→",
    "approx": "≈", "propto": "∝", "mid": "|", "|": "‖", "top": "ᵀ", "langle": "⟨", "rangle": "⟩", "circ": "∘",
    "odot": "⊙", "otimes": "⊗", "pm": "±", "sqrt": "√", "log": "log", "exp": "exp", "max": "max", "min": "min",
}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7", "dot": "\u0307"}
_BLACKBOARD = {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ", "P": "ℙ", "Q": "ℚ", "C": "ℂ"}
_SUPERSCRIPT = dict(zip("0123456789+-=()nijkTt", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵀᵗ"))
_SUBSCRIPT = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_TEXT_SPECIALS = {"\\": r"\textbackslash{}", "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}",
                  "~": r"\textasciitilde{}", "{": r"\{", "}": r"\}", "$": r"\$", "·": r"$\cdot$", "…": r"\dots{}"}


def _script(body: str, table: dict[str, str], mark: str) -> str:
    if body and all(char in table for char in body):
        return "".join(table[char] for char in body)
    return mark + body if re.fullmatch(r"[\w₀-₉′']+", body) else f"{mark}({body})"


def math_text(tex: str) -> str:
    """One math formula in Unicode, as far as plain characters go (``\\sigma^2`` -> ``σ²``)."""
    text = re.sub(r"\\(?:mathbb|mathbf|mathrm|mathcal|operatorname|text|textrm|mathit|boldsymbol)\{([^{}]*)\}",
                  lambda m: "".join(_BLACKBOARD.get(ch, ch) for ch in m.group(1)) if m.group(0).startswith(
                      r"\mathbb") else m.group(1), tex)
    for _ in range(3):  # inside out: \frac{1}{\sqrt{d}} -> \frac{1}{√d} -> 1/√d
        text = re.sub(r"\\sqrt\{([^{}]*)\}", lambda m: f"√{_grouped(m.group(1))}", text)
        text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", lambda m: f"{_grouped(m.group(1))}/{_grouped(m.group(2))}",
                      text)
    text = re.sub(r"\\(hat|bar|tilde|vec|dot)\{(\w)\}", lambda m: m.group(2) + _ACCENTS[m.group(1)], text)
    text = text.replace(r"\{", "\x00").replace(r"\}", "\x01")  # literal braces survive the group removal
    text = re.sub(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])", "", text)
    text = re.sub(r"\\[,;!:]|\\quad|\\qquad|~", " ", text)
    text = re.sub(r"\\([A-Za-z]+|\|)", lambda m: _SYMBOLS.get(m.group(1), m.group(1)), text)
    for _ in range(2):  # inner scripts first: I_{d_1} -> I_{d₁} -> I_d₁
        text = re.sub(r"_(\w)(?![\w{])|_\{([^{}]*)\}", lambda m: _script(m.group(1) or m.group(2), _SUBSCRIPT, "_"),
                      text)
        text = re.sub(r"\^(\w)(?!\w)|\^\{([^{}]*)\}", lambda m: _script(m.group(1) or m.group(2), _SUPERSCRIPT, "^"),
                      text)
    return text.replace("{", "").replace("}", "").replace("^ᵀ", "ᵀ").replace("\x00", "{").replace("\x01", "}")


def _grouped(text: str) -> str:
    return text if re.fullmatch(r"[\w.\\√]+", text) else f"({text})"


def statement_text(markdown: str) -> str:
    """A statement for a terminal: math in Unicode, Markdown's code marks dropped."""
    parts = _MATH.split(markdown)
    return "".join(math_text(part.strip("$")) if index % 2 else part.replace("`", "")
                   for index, part in enumerate(parts))


def text_latex(text: str) -> str:
    r"""Plain text for TeX: every character TeX would read as a command or as math printed as itself.

    Examples:
        >>> print(text_latex(r"50% of t_fwd, \input{x} & $5"))
        50\% of t\_fwd, \textbackslash{}input\{x\} \& \$5
    """
    return "".join(_TEXT_SPECIALS.get(char, char) for char in text)


def statement_latex(markdown: str) -> str:
    """A statement for a TeX document: math kept as written, the text around it escaped, ``code`` typewritten."""
    parts = _MATH.split(markdown)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        for number, piece in enumerate(re.split(r"(`[^`]*`)", part)):
            escaped = text_latex(piece[1:-1] if number % 2 else piece)
            out.append(rf"\texttt{{{escaped}}}" if number % 2 else escaped)
    return "".join(out)
