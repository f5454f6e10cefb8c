r"""Text from answers and transcripts, typeset as text and never read as TeX.

Anything a student or a model wrote is untrusted: ``\input{/etc/passwd}``, ``\write18``, ``\catcode``,
``^^5c`` or an unbalanced brace must print as the characters they are.  ``untrusted_text`` escapes every
character TeX treats specially, spells out characters the fonts lack as ``[U+XXXX]``, lets a long run
without spaces break, and cuts a huge text with a note.  ``safe_math`` decides whether a formula our own
printers produced (from a student's answer) may be typeset as math: only allowlisted commands, balanced
braces, bounded length; anything else is shown as text.

Examples:
    >>> print(untrusted_text(r"\input{/etc} ^^5c 50%"))
    \textbackslash{}input\{/etc\} \textasciicircum{}\textasciicircum{}5c 50\%
    >>> safe_math(r"\frac{1}{\sqrt{d_{1}}}"), safe_math(r"\input{x}"), safe_math(r"x^{2")
    (True, False, False)
"""
from __future__ import annotations

import re
import unicodedata

from derive.render.statements import GREEK_LETTERS, statement_latex, text_latex

TEXT_LIMIT = 2000  # characters of one answer shown before it is cut with a note
BREAK_EVERY = 16  # a run this long without a space may break, so a line of symbols cannot run off the page
MATH_LIMIT = 1500  # longer formulas are shown as text: TeX could not fit them on a line anyway

_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%", "_": r"\_",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}", '"': r"\textquotedbl{}", "`": r"\textasciigrave{}", "'": r"\textquotesingle{}",
    "-": "-{}",  # no en or em dash ligature: "--" stays two hyphens
}
_GREEK_COMMANDS = {name: letter for name, letter in GREEK_LETTERS.items() if name != "omicron"}
_MATH_CHARS = {
    **{letter: "\\" + name for name, letter in _GREEK_COMMANDS.items()}, "ο": "o",
    "ϕ": r"\phi", "ε": r"\varepsilon", "ϵ": r"\epsilon",
    "∑": r"\sum", "∏": r"\prod", "∫": r"\int", "√": r"\surd", "∞": r"\infty", "∂": r"\partial", "∇": r"\nabla",
    "≤": r"\le", "≥": r"\ge", "≠": r"\ne", "≈": r"\approx", "∝": r"\propto", "∈": r"\in", "∉": r"\notin",
    "→": r"\to", "←": r"\leftarrow", "⇒": r"\Rightarrow", "⇔": r"\Leftrightarrow", "↦": r"\mapsto",
    "×": r"\times", "÷": r"\div", "·": r"\cdot", "⋅": r"\cdot", "∘": r"\circ", "⊙": r"\odot", "⊗": r"\otimes",
    "±": r"\pm", "∓": r"\mp", "−": "-", "∀": r"\forall", "∃": r"\exists", "∅": r"\emptyset", "∩": r"\cap",
    "∪": r"\cup", "⊂": r"\subset", "⊆": r"\subseteq", "‖": r"\|", "⟨": r"\langle", "⟩": r"\rangle",
    "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "ℤ": r"\mathbb{Z}", "𝔼": r"\mathbb{E}", "ℓ": r"\ell", "∼": r"\sim",
    "≡": r"\equiv", "⊤": r"\top", "ᵀ": r"^{\top}", "′": r"'", "…": r"\dots", "⋯": r"\cdots", "°": r"^{\circ}",
}
_SCRIPTS = {**{ch: ("^", str(i)) for i, ch in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")},
            **{ch: ("_", str(i)) for i, ch in enumerate("₀₁₂₃₄₅₆₇₈₉")},
            "⁺": ("^", "+"), "⁻": ("^", "-"), "ⁿ": ("^", "n"), "ⁱ": ("^", "i"), "ᵗ": ("^", "t"),
            "₊": ("_", "+"), "₋": ("_", "-"), "ᵢ": ("_", "i"), "ⱼ": ("_", "j"), "ₖ": ("_", "k"), "ₙ": ("_", "n")}
_TEXT_CHARS = {"–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "\u00a0": r"\nobreakspace{}",
               "€": "EUR",
               "✓": r"\checkmark{}", "✔": r"\checkmark{}", "✗": r"\texttimes{}", "✅": r"\checkmark{}",
               "❌": r"\texttimes{}"}


def _latin_letter(char: str) -> bool:
    """A letter with an accent the T1 fonts carry (Latin-1 and Latin Extended-A)."""
    return 0xC0 <= ord(char) <= 0x17F and unicodedata.category(char).startswith("L")


def _character(char: str) -> str:
    if char in _SPECIALS:
        return _SPECIALS[char]
    if " " <= char <= "~":
        return char
    if char in _MATH_CHARS:
        return rf"\ensuremath{{{_MATH_CHARS[char]}}}"
    if char in _SCRIPTS:
        mark, body = _SCRIPTS[char]
        return rf"\ensuremath{{{mark}{{{body}}}}}"
    if char in _TEXT_CHARS:
        return _TEXT_CHARS[char]
    if _latin_letter(char):
        return char
    return rf"\textsf{{[U+{ord(char):04X}]}}"  # a control character, a lone surrogate, or a glyph we lack


def unicode_safe(tex: str) -> str:
    """TeX of our own with every non-ASCII character spelled the way pdflatex's fonts can print it."""
    return "".join(char if char.isascii() else _character(char) for char in tex)


def prose(text: str) -> str:
    """Text we wrote (a title, a justification, feedback), escaped for TeX with its Unicode spelled out."""
    return unicode_safe(text_latex(text))


def statement_tex(markdown: str) -> str:
    """A statement (Markdown with math) for TeX: ``*emphasis*`` and ``**bold**`` kept, Unicode spelled out."""
    tex = statement_latex(markdown)
    pieces = re.split(r"(\$\$.+?\$\$|\$[^$]+\$)", tex, flags=re.S)
    for index in range(0, len(pieces), 2):
        pieces[index] = re.sub(r"\*\*([^*\n]+?)\*\*", r"\\textbf{\1}", pieces[index])
        pieces[index] = re.sub(r"(?<![\w*])\*([^*\s][^*\n]*?)\*(?![\w*])", r"\\emph{\1}", pieces[index])
    return unicode_safe("".join(pieces))


def untrusted_text(text: str, limit: int = TEXT_LIMIT) -> str:
    """``text`` as TeX that prints it character for character, cut after ``limit`` characters with a note."""
    shown = text if len(text) <= limit else text[:limit]
    pieces, run = [], 0
    for char in shown:
        if char == "\n":
            pieces.append(r"\newline{}")
            run = 0
            continue
        if char in " \t\r\f\v":
            pieces.append(" ")
            run = 0
            continue
        pieces.append(_character(char))
        run += 1
        if run % BREAK_EVERY == 0:
            pieces.append(r"\allowbreak{}")
    if len(text) > limit:
        pieces.append(rf" \textit{{[cut: {len(text):,} characters in all, the first {limit:,} shown]}}")
    return re.sub(r"(\\newline\{\}\s*){3,}", r"\\newline{}\\newline{}", "".join(pieces))


_ALLOWED_COMMANDS = frozenset((
    *_GREEK_COMMANDS, "varepsilon", "vartheta", "varphi", "varrho", "varpi", "Upsilon",
    "frac", "dfrac", "tfrac", "sqrt", "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
    "Bigl", "Bigr", "cdot", "times", "div", "pm", "mp", "sum", "prod", "int", "oint", "lim", "limits", "log",
    "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "max", "min", "sup",
    "inf", "det", "operatorname", "mathrm", "mathbb", "mathbf", "mathcal", "mathit", "mathsf", "boldsymbol",
    "text", "textrm", "infty", "partial", "nabla", "leq", "geq", "le", "ge", "neq", "ne", "approx", "sim",
    "simeq", "propto", "equiv", "in", "notin", "to", "mapsto", "rightarrow", "leftarrow", "Rightarrow",
    "Leftrightarrow", "odot", "otimes", "circ", "top", "dots", "ldots", "cdots", "vdots", "ddots", "vert",
    "lvert", "rvert", "Vert", "lVert", "rVert", "lfloor", "rfloor", "lceil", "rceil", "langle", "rangle", "hat",
    "bar", "tilde", "vec", "dot", "ddot", "overline", "underline", "widehat", "widetilde", "quad", "qquad",
    "binom", "displaystyle", "textstyle", "ell", "forall", "exists", "emptyset", "cap", "cup", "subset",
    "subseteq", "mid", "perp", "prime", "lnot", "land", "lor", "neg", "wedge", "vee", "setminus", "star", "ast",
    "bullet", "checkmark", "begin", "end", "matrix", "pmatrix", "bmatrix", "cases", "not", "delta", "mathrm",
))
_ENVIRONMENTS = frozenset(("matrix", "pmatrix", "bmatrix", "vmatrix", "cases"))


def safe_math(latex: str) -> bool:
    """Whether ``latex`` may be typeset as math: allowlisted commands only, balanced groups, bounded size."""
    if not latex or len(latex) > MATH_LIMIT or any(char in latex for char in "#%$@\x00") or "^^" in latex:
        return False
    if not latex.isascii() or re.search(r"[\^_]\s*($|[\^_}&])", latex):
        return False  # a script with nothing to raise is a TeX error, not a formula
    for name in re.findall(r"\\([A-Za-z]+)", latex):
        if name not in _ALLOWED_COMMANDS:
            return False
    for environment in re.findall(r"\\(?:begin|end)\s*\{([^{}]*)\}", latex):
        if environment not in _ENVIRONMENTS:
            return False
    if re.search(r"\\(?:begin|end)(?!\s*\{)", latex):
        return False
    depth = 0
    for token in re.finditer(r"\\.|[{}]", latex):
        if token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
        if depth < 0 or depth > 40:
            return False
    if depth != 0:
        return False
    lefts, rights = len(re.findall(r"\\left(?![A-Za-z])", latex)), len(re.findall(r"\\right(?![A-Za-z])", latex))
    in_environment = bool(re.search(r"\\begin\{", latex))
    if not in_environment and ("&" in latex.replace(r"\&", "") or "\\\\" in latex):
        return False  # column and row separators only inside a matrix or cases
    return lefts == rights


def math_or_text(latex: str) -> str:
    """A formula as inline math when ``safe_math`` allows it, otherwise its characters as typewriter text."""
    if safe_math(latex):
        return rf"\fitmath{{{latex}}}"
    return rf"\texttt{{{untrusted_text(latex, 400)}}}"
