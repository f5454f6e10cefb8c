"""Reading claims about norms, as in ``\\text{RMS}(h_\\ell(x)) = \\Theta(1),\\ \\|W_\\ell\\|_* = \\Theta(1)``.

The norms (RMS, Euclidean, spectral, RMS-to-RMS) of a layer's features and weights, and the growth
classes, are cut out of the text first and replaced by placeholder symbols, so the LaTeX grammar only
ever sees ordinary formulas in the widths.  ``A, B \\le X`` claims ``A \\le X`` and ``B \\le X``; a chain
``a \\le b = c`` claims ``a \\le b`` and ``b = c``.  Nothing is evaluated and every scan is linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import sympy as sp

from derive.growth.asymptotics import BigO, BigOmega, Theta
from derive.growth.norms import Claims, EuclideanNorm, Feature, RMSNorm, RMSOperatorNorm, SpectralNorm, Weight

from graders.reading.config import ReadConfig
from graders.reading.errors import ClaimsReadError, ReadError
from graders.reading.extract import strip_math_delimiters
from graders.reading.formulas import read_formula
from graders.reading.guard import guard_answer
from graders.reading.latex import normalize_latex
from graders.reading.names import bind_symbols, name_key, substitute_bindings
from graders.reading.notation import GREEK, IMPLIES, SUBSCRIPT_TEXT

__all__ = ["ClaimsConfig", "ClaimsReadError", "read_claims"]

@dataclass(frozen=True)
class ClaimsConfig:
    """Limits for reading one answer."""

    max_length: int = 20_000
    max_depth: int = 100
    max_claims: int = 40
    max_quantities: int = 60  # norms and growth classes together


_UNICODE = [("‖", r"\|"), ("∥", r"\|"), ("≤", r"\le "), ("≥", r"\ge "),
            *((letter, f"\\{GREEK[letter]} ") for letter in "ΘΩΔ"), ("ℓ", r"\ell "), ("→", r"\to ")]
_ROOT = re.compile(r"√\s*(?:\(([^()]*)\)|([A-Za-z](?:_\{[^{}]*\}|_\\?[A-Za-z0-9]+)?))")  # √n_\ell, √(n/m)
_SEPARATORS = re.compile(r"\\q?quad(?![A-Za-z])|\\text\s*\{\s*(?:and|,|;)?\s*\}|(?<![A-Za-z\\])and(?![A-Za-z])")
_SPACES = re.compile(r"\\[ ,;:!](?![A-Za-z])")
_HEAD = re.compile(
    r"(?P<bar>\\\|)"
    r"|(?P<rms>\\(?:text|mathrm|mathsf|textrm)\s*\{\s*RMS\s*\}|(?<![A-Za-z\\])RMS(?![A-Za-z]))"
    r"|(?P<growth>\\Theta|\\Omega|\\mathcal\s*\{\s*O\s*\}|\\mathrm\s*\{\s*O\s*\}|(?<![A-Za-z\\])O)(?=\s*\()"
)
_GROWTH = {r"\Theta": Theta, r"\Omega": BigOmega}
_POWER = re.compile(r"\s*\^\s*(?:\{\s*(\d)\s*\}|(\d))")
_OBJECT = re.compile(
    r"(?P<delta>\\Delta|\\delta)?\s*(?:\\(?:mathbf|boldsymbol|bm|mathit|vec)\s*\{\s*)?(?P<letter>[hW])\s*\}?\s*"
    r"(?:_\s*(?:\{(?P<sub>[^{}]*)\}|(?P<subcmd>\\ell)(?![A-Za-z])|(?P<subchar>[A-Za-z0-9])))?\s*"
    r"(?:\^\s*\{?\s*\(\s*(?P<sup>[^()]*?)\s*\)\s*\}?)?\s*(?:\([^()]*\))?"
)
_RELATION = re.compile(
    r"(?P<le>\\(?:leqslant|leq|le|lesssim)(?![A-Za-z])|<=)"
    r"|(?P<ge>\\(?:geqslant|geq|ge|gtrsim)(?![A-Za-z])|>=)"
    r"|(?P<eq>\\(?:asymp|simeq|sim|approx|eqsim)(?![A-Za-z])|≍|∼|≈|=)"
    r"|(?P<lt>\\lt(?![A-Za-z])|<)|(?P<gt>\\gt(?![A-Za-z])|>)"
)
_RELATIONALS = {"le": sp.Le, "ge": sp.Ge, "eq": sp.Eq, "lt": sp.Lt, "gt": sp.Gt}
_ITEMS = re.compile(r"[,;]")
_OPENERS, _CLOSERS = "{([", "})]"


def read_claims(raw: str, declared: Mapping[str, sp.Symbol] | None = None, config: ClaimsConfig = ClaimsConfig(),
                bindings: Mapping[sp.Symbol, sp.Expr] | None = None) -> Claims:
    """Read a list of claims about norms into ``Claims``; raise ClaimsReadError when impossible."""
    guard_answer(raw, config.max_length, config.max_depth, ClaimsReadError)
    text = strip_math_delimiters(raw)
    for char, replacement in _UNICODE:
        text = text.replace(char, replacement)
    text = re.sub(r"[₀-₉]+", lambda m: "_{" + m.group(0).translate(SUBSCRIPT_TEXT) + "}", text)
    text = _ROOT.sub(lambda m: r"\sqrt{" + (m.group(1) or m.group(2)) + "}", text)
    text = _split(text, IMPLIES)[-1][0]  # "Condition 1 \Rightarrow <claims>": the claims come last
    text = normalize_latex(_SPACES.sub(" ", _SEPARATORS.sub(";", text)))
    text, table = _cut_quantities(text, declared or {}, config)
    claims: list[sp.Basic] = []
    waiting: list[sp.Basic] = []  # "A, B \le X": subjects still waiting for their relation
    for item, _ in _split(text, _ITEMS):
        if not item.strip():
            continue
        chain = _split(item, _RELATION)
        members = [_formula(member, table, declared or {}, bindings or {}, config) for member, _ in chain]
        if len(members) == 1:
            waiting.append(members[0])
            continue
        relations = [relation for _, relation in chain[:-1]]
        for subject in waiting:
            claims.append(_RELATIONALS[relations[0]](subject, members[1], evaluate=False))
        waiting = []
        claims += [_RELATIONALS[r](a, b, evaluate=False) for r, a, b in zip(relations, members, members[1:])]
        if len(claims) > config.max_claims:
            raise ClaimsReadError(f"the answer makes more than {config.max_claims} claims", too_large=True)
    if waiting:
        raise ClaimsReadError(f"'{sp.latex(waiting[0])}' is not compared with anything (write e.g. = \\Theta(1))")
    if not claims:
        raise ClaimsReadError("no claim was found (write e.g. \\text{RMS}(h_\\ell) = \\Theta(1))")
    return Claims(*claims)


def _split(text: str, pattern: re.Pattern) -> list[tuple[str, str | None]]:
    """Pieces of ``text`` between matches of ``pattern`` outside brackets, each with the name of the match after it."""
    pieces, depth, start, position = [], 0, 0, 0
    while position < len(text):
        char = text[position]
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth -= 1
        elif depth == 0:
            match = pattern.match(text, position)
            if match and match.end() > position:
                pieces.append((text[start:position], match.lastgroup))
                start = position = match.end()
                continue
        position += 1
    pieces.append((text[start:], None))
    return pieces


def _cut_quantities(text: str, declared, config: ClaimsConfig) -> tuple[str, dict[str, sp.Basic]]:
    """Replace every norm and growth class by a placeholder symbol; return the text and what each stands for."""
    pieces, table, position = [], {}, 0
    for _ in range(config.max_length):
        head = _HEAD.search(text, position)
        if head is None:
            break
        pieces.append(text[position:head.start()])
        if head.group("bar"):
            node, position = _norm(text, head.end())
            name = f"QTY_{len(table)}"
        elif head.group("rms"):
            node, position = _rms(text, head.end())
            name = f"QTY_{len(table)}"
        else:
            node, position = _growth(text, head, declared, config)
            name = f"GRW_{len(table)}"
        table[name_key(name)] = node  # the grammar spells QTY_1 but QTY_{10}: compare keys
        pieces.append(" \\mathrm{%s}_{%s} " % tuple(name.split("_")))  # no braces: {x} would read as a set
        if len(table) > config.max_quantities:
            raise ClaimsReadError(f"the answer names more than {config.max_quantities} norms and orders", True)
    pieces.append(text[position:])
    return "".join(pieces), table


def _balanced(text: str, start: int, opener: str, closer: str) -> int:
    """The index just after the bracket that closes the one opened at ``start``."""
    depth = 0
    for position in range(start, len(text)):
        if text[position] == opener:
            depth += 1
        elif text[position] == closer:
            depth -= 1
            if depth == 0:
                return position + 1
    raise ClaimsReadError(f"a '{opener}' at column {start + 1} is never closed")


def _subject(text: str) -> Feature | Weight:
    match = _OBJECT.fullmatch(text.strip())
    if match is None:
        raise ClaimsReadError(f"'{text.strip()[:60]}' is not a layer's features h_\\ell or weights W_\\ell")
    layer = match.group("sub") or match.group("subcmd") or match.group("subchar") or match.group("sup") or r"\ell"
    layer = re.sub(r"\\(?:text|mathrm)\s*\{([^{}]*)\}", r"\1", layer)
    layer = re.sub(r"\\ell(?![A-Za-z])", "l", layer).replace(" ", "")
    offset = re.fullmatch(r"[lL]([+-]\d{1,2})?", layer)
    if offset is None:
        raise ClaimsReadError(f"the layer '{layer}' is not \\ell or \\ell - k")
    kind = Feature if match.group("letter") == "h" else Weight
    return kind(int(offset.group(1) or 0), bool(match.group("delta")))


def _script(text: str, position: int) -> tuple[str, int]:
    """The script after ``_`` or ``^`` at ``position``: braced, a command, or one character."""
    while position < len(text) and text[position] == " ":
        position += 1
    if position >= len(text):
        raise ClaimsReadError("a norm ends with an empty subscript or superscript")
    if text[position] == "{":
        end = _balanced(text, position, "{", "}")
        return text[position + 1:end - 1], end
    command = re.match(r"\\[A-Za-z]+", text[position:])
    end = position + (command.end() if command else 1)
    return text[position:end], end


def _norm(text: str, start: int) -> tuple[sp.Basic, int]:
    """``\\|subject\\|`` with an optional subscript (which norm) and superscript (a power), in either order."""
    close = text.find(r"\|", start)
    if close < 0:
        raise ClaimsReadError(r"an opening \| has no closing \|")
    subject = _subject(text[start:close])
    position, scripts = close + 2, {}
    while True:
        mark = re.match(r"\s*([_^])", text[position:])
        if mark is None or mark.group(1) in scripts:
            break
        scripts[mark.group(1)], position = _script(text, position + mark.end())
    node = _norm_kind(subject, scripts.get("_", ""))
    power = scripts.get("^", "1").strip()
    if not power.isdigit():
        raise ClaimsReadError(f"the power '{power}' of a norm is not a whole number")
    return node ** int(power), position


def _norm_kind(subject: Feature | Weight, subscript: str) -> sp.Basic:
    key = re.sub(r"\\(?:text|mathrm|operatorname|mathsf)\s*", "", subscript)
    key = re.sub(r"\\(?:to|rightarrow|mapsto)(?![A-Za-z])|-+>|-", ">", key)
    key = re.sub(r"[\s{}]", "", key).replace(r"\ast", "*").lower()
    if isinstance(subject, Feature):
        kinds = {"": EuclideanNorm, "2": EuclideanNorm, "l2": EuclideanNorm, r"\ell2": EuclideanNorm,
                 "rms": RMSNorm}
    else:
        kinds = {"": SpectralNorm, "2": SpectralNorm, "*": SpectralNorm, "op": SpectralNorm, "spec": SpectralNorm,
                 "2>2": SpectralNorm, "l2>l2": SpectralNorm, "rms>rms": RMSOperatorNorm}
    if key not in kinds:
        raise ClaimsReadError(f"the norm _{{{subscript}}} of {subject} is not one these claims compare "
                              "(use _2, _*, RMS or RMS \\to RMS)")
    return kinds[key](subject)


def _rms(text: str, start: int) -> tuple[sp.Basic, int]:
    """``RMS(subject)``, ``RMS^2(subject)``."""
    power = _POWER.match(text, start)
    position = power.end() if power else start
    opening = re.compile(r"\s*\(").match(text, position)
    if opening is None:
        raise ClaimsReadError("RMS must be applied to features, as in RMS(h_\\ell)")
    end = _balanced(text, opening.end() - 1, "(", ")")
    subject = _subject(text[opening.end():end - 1])
    if not isinstance(subject, Feature):
        raise ClaimsReadError("RMS applies to features; for weights use \\|W_\\ell\\|_{RMS \\to RMS}")
    exponent = int(power.group(1) or power.group(2)) if power else 1
    return RMSNorm(subject) ** exponent, end


def _read_config(config: ClaimsConfig, declared: Mapping[str, sp.Symbol]) -> ReadConfig:
    """The formula readers' limits, with the declared names (never read as words)."""
    return ReadConfig(config.max_length, config.max_depth, names=frozenset(declared))


def _growth(text: str, head: re.Match, declared, config: ClaimsConfig) -> tuple[sp.Basic, int]:
    """``\\Theta(..)``, ``O(..)``, ``\\Omega(..)`` with its argument read on its own."""
    opening = text.index("(", head.end())
    end = _balanced(text, opening, "(", ")")
    inner = text[opening + 1:end - 1]
    if r"\|" in inner or "RMS" in inner:
        raise ClaimsReadError("a growth class of a norm cannot be compared; write the norm outside it")
    try:
        argument = bind_symbols(read_formula(inner, _read_config(config, declared)), declared)
    except ReadError as error:
        raise ClaimsReadError(f"could not read the growth class '{inner[:60]}': {error}", error.too_large) from error
    kind = _GROWTH.get(head.group("growth"), BigO)
    return kind(argument), end


def _formula(text: str, table: dict[str, sp.Basic], declared, bindings, config: ClaimsConfig) -> sp.Basic:
    if not text.strip():
        raise ClaimsReadError("a relation has an empty side")
    try:
        value = read_formula(text, _read_config(config, declared))
    except ReadError as error:
        raise ClaimsReadError(f"could not read '{text.strip()[:60]}': {error}", error.too_large) from error
    placeholders = {symbol: table[name_key(symbol.name)] for symbol in value.free_symbols
                    if isinstance(symbol, sp.Symbol) and name_key(symbol.name) in table}
    return substitute_bindings(bind_symbols(value.xreplace(placeholders), declared), bindings)
