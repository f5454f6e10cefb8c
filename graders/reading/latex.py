"""Reading LaTeX answers: our own normalisation and limits, then latex2sympy2-extended's grammar."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorStrategy import BailErrorStrategy
from latex2sympy2_extended.latex2sympy2 import ConversionConfig, _Latex2Sympy
from latex2sympy2_extended.math_normalization import NormalizationConfig
from latex2sympy2_extended.math_normalization import normalize_latex as grammar_normalize

from graders.reading.errors import LatexError, TooLargeError
from graders.reading.notation import GREEK_COMMANDS

__all__ = ["GRAMMAR_FUNCTIONS", "LatexConfig", "LatexError", "check_latex", "looks_like_latex", "normalize_latex",
           "parse_latex"]


@dataclass(frozen=True)
class LatexConfig:
    """Limits applied before the grammar sees the text."""

    max_length: int = 20_000
    max_depth: int = 100


# Commands that read files, write files or define macros: an answer never needs them.
_FORBIDDEN = re.compile(
    r"\\(input|include|includegraphics|def|edef|gdef|xdef|let|newcommand|renewcommand|providecommand|"
    r"write|immediate|openin|openout|read|readline|catcode|csname|expandafter|usepackage|loop|special|"
    r"directlua|verbatiminput|lstinputlisting|documentclass|begin\{filecontents)\b"
)
_REPLACEMENTS = [
    (re.compile(r"\\[dt]frac\b"), r"\\frac"),
    (re.compile(r"\\operatorname\*?\{([^{}]*)\}"), lambda match: _operator_name(match.group(1))),
    (re.compile(r"\\left\s*\.|\\right\s*\."), " "),
    (re.compile(r"\\(left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)\b\s*"), ""),
    (re.compile(r"\\[lr]?vert(?![a-zA-Z])"), "|"),  # not \b: in \rvert_2 the subscript follows at once
    (re.compile(r"\\[lr]?Vert(?![a-zA-Z])"), r"\\|"),
    (re.compile(r"\\(,|;|:|!|>|quad|qquad|enspace|thinspace|medspace|thickspace)(?![a-zA-Z])"), " "),
    (re.compile(r"~"), " "),
    (re.compile(r"\\displaystyle\b|\\textstyle\b"), ""),
    (re.compile(r"\\log(?![a-zA-Z_])(?!\s*_)"), r"\\ln"),  # an unsubscripted log is natural, not base 10
]


# Functions the grammar reads as commands (\floor, \arcsinh, ...): \operatorname{floor} means the same.
GRAMMAR_FUNCTIONS = frozenset(
    "sin cos tan csc sec cot arcsin arccos arctan arccsc arcsec arccot sinh cosh tanh csch sech coth arsinh arcosh "
    "artanh arcsinh arccosh arctanh exp ln log floor ceil gcd lcm max min".split())


def _operator_name(name: str) -> str:
    r"""``\operatorname{floor}`` as the grammar's ``\floor``; another name as upright text, a name of its own."""
    name = name.strip()
    return rf"\{name} " if name in GRAMMAR_FUNCTIONS else rf"\mathrm{{{name}}}"


_INTEGER_FUNCTION = re.compile(r"\\(gcd|lcm)\s*\(")
_COMMAND = re.compile(r"\\[A-Za-z]+")
_NUMBER_EXPONENT = re.compile(r"(?<=\d)[eE][+-]?\d")  # 1E20 is a number, not a letter


def _integer_functions_of_letters(text: str) -> str:
    r"""``\gcd(x, y)`` of unknown integers stays a function nobody evaluated (the grammar would take SymPy's
    polynomial gcd, 1, and accept a wrong answer); of numbers it is computed."""
    if not _INTEGER_FUNCTION.search(text):
        return text
    closing = _matching_brackets(text, "(", ")")  # one pass, so a hostile run of "\gcd(" stays linear
    pieces, position = [], 0
    for match in _INTEGER_FUNCTION.finditer(text):
        end = closing.get(match.end() - 1)
        arguments = _NUMBER_EXPONENT.sub("", _COMMAND.sub("", text[match.end():end])) if end is not None else ""
        if re.search(r"[A-Za-z]", arguments):
            pieces.append(text[position:match.start()] + rf"\mathrm{{{match.group(1)}}}(")
            position = match.end()
    return "".join(pieces) + text[position:]


def _matching_brackets(text: str, opening: str, closing: str) -> dict[int, int]:
    r"""For each ``opening`` that is closed, the index of its ``closing``, in one pass (escaped ``\{`` included,
    as the grammar pairs it)."""
    opened, pairs = [], {}
    for index, char in enumerate(text):
        if char == opening:
            opened.append(index)
        elif char == closing and opened:
            pairs[opened.pop()] = index
    return pairs


def looks_like_latex(text: str) -> bool:
    """Backslash commands, braces after ^ or _, or TeX spacing mean LaTeX."""
    return bool(re.search(r"\\[a-zA-Z]|[\^_]\{|\\[,;!]", text))


_SHELL_SUBSTITUTION = re.compile(r"(?<!\\)\$[({]")
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def check_latex(text: str, config: LatexConfig = LatexConfig()) -> None:
    """Refuse oversized, too deeply nested, or file/macro-touching LaTeX before parsing."""
    if len(text) > config.max_length:
        raise TooLargeError(f"the answer is {len(text)} characters long; the limit is {config.max_length}")
    forbidden = _FORBIDDEN.search(text)
    if forbidden:
        raise LatexError(f"the TeX command {forbidden.group(0)} is not accepted in an answer")
    if _SHELL_SUBSTITUTION.search(text) and len(_UNESCAPED_DOLLAR.findall(text)) % 2:
        raise LatexError("'$(' or '${' without a closing '$' is a shell command, not a formula")
    depth = deepest = 0
    for char in text:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    if deepest > config.max_depth:
        raise TooLargeError(f"the answer nests brackets {deepest} deep; the limit is {config.max_depth}")


def normalize_latex(text: str) -> str:
    """Rewrite spellings the grammar does not know into ones it does."""
    for pattern, replacement in _REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return _integer_functions_of_letters(_unbrace_arguments(text)).strip().rstrip(".,;").strip()


_FUNCTION_HEAD = re.compile(r"\\(?:a?(?:sin|cos|tan|sec|csc|cot)h?|arc(?:sin|cos|tan)|ln|log|exp)(?![A-Za-z])"
                            r"(?:\s*[\^_](?:\{[^{}]*\}|\w))*\s*\{")


def _closing(text: str, start: int, opening: str, closing: str) -> int:
    """The index of the bracket closing the one at ``start``, or -1."""
    depth = 0
    for position in range(start, len(text)):
        depth += text[position] == opening
        depth -= text[position] == closing
        if depth == 0:
            return position
    return -1


def _unbrace_arguments(text: str) -> str:
    r"""``\sin{(y)} / x`` (SymPy's own printing) is sin(y)/x: a function's braced, parenthesised argument loses
    its braces, or the grammar would take everything after the function as its argument."""
    position = 0
    while (match := _FUNCTION_HEAD.search(text, position)) is not None:
        brace = match.end() - 1
        end = _closing(text, brace, "{", "}")
        inner = text[brace + 1:end].strip() if end > 0 else ""
        if inner.startswith("(") and _closing(inner, 0, "(", ")") == len(inner) - 1:
            text = text[:brace] + inner + text[end + 1:]
        position = brace + 1
    return text


_NORMALIZATION = NormalizationConfig(basic_latex=True, units=False, malformed_operators=True, nits=True,
                                     boxed="last", equations=False)
_CONVERSION = ConversionConfig(lowercase_symbols=False, interpret_as_mixed_fractions=False)


def parse_latex(text: str, config: LatexConfig = LatexConfig()) -> sp.Basic:
    """Parse one LaTeX formula into an unevaluated-where-it-matters SymPy tree."""
    check_latex(text, config)
    normalized = normalize_latex(text)
    if not normalized:
        raise LatexError("the answer is empty")
    try:
        result = _two_stage_parse(grammar_normalize(normalized, _NORMALIZATION))
    except RecursionError as error:
        raise TooLargeError("the answer nests too deeply to read") from error
    except Exception as error:  # the grammar raises many exception types; all mean "could not read"
        message = str(error).splitlines()[0] if str(error) else error.__class__.__name__
        raise LatexError(f"could not read the LaTeX: {message[:160]}") from error
    if result is None or isinstance(result, (list, tuple, str)):
        raise LatexError("could not read the LaTeX as one formula")
    return result


class _FastPredictionConverter(_Latex2Sympy):
    """latex2sympy2-extended's converter with ANTLR's SLL prediction, which caches its decisions and stops at
    the first syntax error instead of recovering."""

    def create_parser(self, latex_str):  # noqa: ANN001, ANN201 - the library's signature
        parser = super().create_parser(latex_str)
        parser._interp.predictionMode = PredictionMode.SLL
        parser._errHandler = BailErrorStrategy()
        return parser


def _two_stage_parse(normalized: str) -> sp.Basic:
    """ANTLR's two-stage parse: SLL prediction first (about three times faster), the grammar's full LL
    prediction only when SLL fails, whose result or error is then the one reported.  SLL reads the text
    with each powered letter braced (``x^{2}`` as ``{x}^{2}``), which SLL can predict and LL reads the same;
    where SLL succeeds it builds the tree LL builds on the text as written (checked on the suites' and the
    generated formulas by the tests)."""
    try:
        return _FastPredictionConverter(config=_CONVERSION).parse(_braced_power_bases(normalized))
    except RecursionError:
        raise
    except Exception:  # noqa: BLE001 - any SLL failure is retried with full prediction
        return _Latex2Sympy(config=_CONVERSION).parse(normalized)


# A lone letter or Greek command with a superscript: the grammar's letter-with-script rules are ambiguous to
# SLL prediction (x^2 always needs the slow LL stage), a braced group's power is not.
_POWERED_LETTER = re.compile(r"(?<![\\A-Za-z_'])([A-Za-z]|\\[A-Za-z]+)(?![A-Za-z'])(?=\s*\^)")


def _braced_power_bases(text: str) -> str:
    """``2x^{2} + \\theta^2`` as ``2{x}^{2} + {\\theta}^2``; a power followed by ``(`` or ``^`` is left alone
    (``f^{2}(x)`` is a power of a call, ``{f}^{2}(x)`` a product; ``a^b^c`` groups to the right), and so is
    ``e``, whose power is read as exp."""
    if "_" in text:  # names are built from the subscript's text, and {x}^{2}_{i} would drop the subscript
        return text
    closing = None
    pieces, position = [], 0
    for match in _POWERED_LETTER.finditer(text):
        base = match.group(1)
        if base == "e" or base.startswith("\\") and base[1:] not in GREEK_COMMANDS:
            continue  # e^{x} has a rule of its own (exp)
        caret = text.index("^", match.end())
        exponent_end = caret + 1
        while exponent_end < len(text) and text[exponent_end] == " ":
            exponent_end += 1
        if exponent_end < len(text) and text[exponent_end] == "{":
            closing = closing if closing is not None else _matching_brackets(text, "{", "}")
            if exponent_end not in closing:
                continue
            exponent_end = closing[exponent_end] + 1
        elif exponent_end < len(text) and text[exponent_end] == "\\":
            command = _COMMAND.match(text, exponent_end)
            exponent_end += len(command.group(0)) if command else 1
        else:
            exponent_end += 1
        following = exponent_end
        while following < len(text) and text[following] == " ":
            following += 1
        if text[following:following + 1] in ("(", "^"):
            continue
        pieces.append(text[position:match.start()] + "{" + base + "}")
        position = match.end()
    return "".join(pieces) + text[position:]
