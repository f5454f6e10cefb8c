"""Vector and matrix notation read as index notation, for slots whose reference is written with entries.

A reference such as ``p_j - y_j`` or ``p_j delta_jm - p_j p_m`` is an entry of a vector or a matrix. Students
write the whole object: ``p - y``, ``\\operatorname{diag}(p) - pp^\\top``, ``p \\odot y``, ``\\|x\\|^2``,
``\\sum_k x_k^2`` without its range. Before the grammar reads the answer, those spellings are written as
the entry the reference names (row index first, in the order the part declares its indices), so the
comparison is the ordinary one. Only names that are vectors of the problem are touched, and a rule that
needs a matrix entry is applied only when the reference has two free indices.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import sympy as sp

WHOLE_RANGE = "wholerange"  # the upper limit of a sum written without its range, until the array is known
_WHOLE = rf"\mathrm{{{WHOLE_RANGE}}}"
_SPARE_INDICES = "ilrsuvabcq"


@dataclass(frozen=True)
class IndexFrame:
    """The vectors a slot's reference uses (by name) and its free indices, row first."""

    vectors: tuple[str, ...]
    indices: tuple[str, ...]


def index_frame(references: Iterable[sp.Basic], declared: Mapping[str, sp.Symbol]) -> IndexFrame | None:
    """The frame of a slot from its reference and alternates; None when they use no array."""
    entries = {entry for expr in references if isinstance(expr, sp.Basic) for entry in expr.atoms(sp.Indexed)}
    vectors = sorted({str(entry.base.label) for entry in entries if len(entry.indices) == 1
                      if len(str(entry.base.label)) == 1})
    if not vectors:
        return None
    free = {s for expr in references if isinstance(expr, sp.Basic) for s in expr.free_symbols}
    used = {i for entry in entries for i in entry.indices if isinstance(i, sp.Symbol) and i in free}
    order = [symbol for symbol in declared.values() if symbol in used]
    order += sorted(used - set(order), key=str)
    return IndexFrame(tuple(vectors), tuple(str(symbol) for symbol in order))


def _name(vectors: Iterable[str]) -> str:
    names = "|".join(re.escape(v) for v in vectors)
    return rf"(?<![A-Za-z\\])({names})(?![A-Za-z0-9_'])"


def _first(vectors: Iterable[str]) -> str:
    """A vector name that may be followed at once by another (``pp^\\top``)."""
    return rf"(?<![A-Za-z\\])({'|'.join(re.escape(v) for v in vectors)})"


def _second(vectors: Iterable[str]) -> str:
    """A vector name right after another (``pp^\\top``): only what follows it is checked."""
    return rf"({'|'.join(re.escape(v) for v in vectors)})(?![A-Za-z0-9_'])"


_TRANSPOSE = r"\s*\^\s*(?:\{\s*)?(?:\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?|\\mathrm\s*\{?\s*T\s*\}?|T)(?:\s*\})?"
_DIAG = r"(?:\\operatorname\s*\{\s*diag\s*\}|\\mathrm\s*\{\s*diag\s*\}|\\text\s*\{\s*diag\s*\}|\\diag|diag)"
_SOFTMAX = r"(?:\\operatorname\s*\{\s*softmax\s*\}|\\mathrm\s*\{\s*softmax\s*\}|\\text\s*\{\s*softmax\s*\}|softmax)"
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\s*\{\s*([A-Za-z])\s*\}|\\(?:mathbf|boldsymbol|vec)\s+([A-Za-z])")
_NORM_OPEN = r"(?:\\\||\\lVert|\\Vert|\|\|)"
_NORM_CLOSE = r"(?:\\\||\\rVert|\\Vert|\|\|)"
_UNRANGED_SUM = re.compile(r"\\sum\s*_\s*(?:\{\s*([A-Za-z])\s*\}|([A-Za-z]))(?!\s*\^)")


def _spare(text: str, frame: IndexFrame) -> str:
    return next(letter for letter in _SPARE_INDICES if letter not in frame.indices and not re.search(
        rf"(?<![A-Za-z\\]){letter}(?![A-Za-z])", text))


def _entry(vector: str, index: str) -> str:
    return f"{vector}_{{{index}}}"


def whole_ranges(text: str) -> str:
    """``\\sum_k`` with no range is a sum over the whole axis: its limit is filled in once the array is known."""
    return _UNRANGED_SUM.sub(lambda m: rf"\sum_{{{m.group(1) or m.group(2)}=1}}^{{{_WHOLE}}}", text)


def to_index_notation(text: str, frame: IndexFrame) -> str:
    """``text`` with the frame's vectors and matrices written as the reference's entry."""
    text = _BOLD.sub(lambda m: (m.group(1) or m.group(2)) if (m.group(1) or m.group(2)) in frame.vectors
                     else m.group(0), text)
    text = re.sub(r"\\left\s*([(|])|\\right\s*([)|])", lambda m: m.group(1) or m.group(2), text)
    name = _name(frame.vectors)
    text = _norms(text, frame, name)
    if len(frame.indices) == 2:
        row, column = frame.indices
        text = re.sub(rf"{_DIAG}\s*\(\s*{name}\s*\)",
                      lambda m: rf"({_entry(m.group(1), row)} \delta_{{{row}{column}}})", text)
        text = re.sub(rf"{_first(frame.vectors)}(?:\\[,;: ]|\\cdot|\s)*{_second(frame.vectors)}{_TRANSPOSE}",
                      lambda m: rf"({_entry(m.group(1), row)} {_entry(m.group(2), column)})", text)
        text = re.sub(rf"{name}\s*\\otimes\s*{name}",
                      lambda m: rf"({_entry(m.group(1), row)} {_entry(m.group(2), column)})", text)
        text = re.sub(r"(?<![A-Za-z\\])I(?:_\{?[A-Za-z0-9]\}?)?(?![A-Za-z0-9_])", rf"\\delta_{{{row}{column}}}", text)
    if len(frame.indices) == 1:
        (own,) = frame.indices
        text = re.sub(rf"{_SOFTMAX}\s*\(\s*{name}\s*\)(?:\s*_\s*(?:\{{\s*([A-Za-z])\s*\}}|([A-Za-z])))?",
                      lambda m: _softmax(m.group(1), m.group(2) or m.group(3) or own, text, frame), text)
        text = re.sub(rf"{name}\s*(?:\\odot|\\circ)\s*{name}",
                      lambda m: rf"({_entry(m.group(1), own)} {_entry(m.group(2), own)})", text)
        text = re.sub(rf"{name}(?!\s*_)", lambda m: _bare_vector(m, own), text)
    return whole_ranges(text)


def _bare_vector(match: re.Match, index: str) -> str:
    """A vector's name as its entry, except inside a norm left as written (``\\|x\\|_1``)."""
    before = match.string[:match.start()].rstrip()
    if before.endswith(("\\|", "||", "\\lVert", "\\Vert")):
        return match.group(0)
    return _entry(match.group(1), index)


def _softmax(vector: str, index: str, text: str, frame: IndexFrame) -> str:
    spare = _spare(text + index, frame)
    return rf"\frac{{e^{{{_entry(vector, index)}}}}}{{\sum_{{{spare}}} e^{{{_entry(vector, spare)}}}}}"


def _norms(text: str, frame: IndexFrame, name: str) -> str:
    """``\\|x\\|^2`` and ``\\|x\\|_2^2`` as a sum of squares, ``\\|x\\|`` as its square root."""
    def norm(match: re.Match) -> str:
        if match.group(2) and match.group(2).strip("{} ") != "2":
            return match.group(0)  # \|x\|_1, \|x\|_\infty: another norm, left as written
        spare = _spare(text, frame)
        squares = rf"\sum_{{{spare}}} {_entry(match.group(1), spare)}^{{2}}"
        return rf"\left({squares}\right)" if match.group(3) else rf"\sqrt{{{squares}}}"

    square = r"\s*\^\s*(?:\{\s*2\s*\}|2)"
    subscript = r"(?:\s*_\s*(\{[^{}]*\}|\\[A-Za-z]+|\w))?"
    return re.sub(rf"{_NORM_OPEN}\s*{name}\s*{_NORM_CLOSE}{subscript}({square})?", norm, text)


_DELTA = re.compile(r"\\?delta_\{?\s*([A-Za-z])\s*,?\s*([A-Za-z])\s*\}?")


def entries_and_deltas(expr: sp.Basic, indices: Mapping[str, sp.Symbol]) -> sp.Basic:
    """``delta_{jm}`` (one symbol to the reader) as the Kronecker delta of the indices it names."""
    bound = {str(var): var for node in expr.atoms(sp.Sum) for var in node.variables}
    known = {**indices, **bound}
    replacements = {}
    for symbol in expr.free_symbols:
        parts = _DELTA.fullmatch(symbol.name) if isinstance(symbol, sp.Symbol) else None
        if parts and parts.group(1) in known and parts.group(2) in known:
            replacements[symbol] = sp.KroneckerDelta(known[parts.group(1)], known[parts.group(2)])
    return expr.xreplace(replacements) if replacements else expr


def fill_whole_ranges(expr: sp.Basic) -> sp.Basic:
    """A sum read with no range runs over the axis its index addresses (``\\sum_l e^{z_l}``: l = 1..K)."""
    def fill(node: sp.Sum) -> sp.Basic:
        limits = []
        for index, lower, upper in node.limits:
            if isinstance(upper, sp.Symbol) and upper.name.replace("\\mathrm{", "").rstrip("}") == WHOLE_RANGE:
                lengths = {entry.base.shape[position] for entry in node.function.atoms(sp.Indexed)
                           if entry.base.shape for position, i in enumerate(entry.indices) if i == index}
                if len(lengths) != 1:
                    return node
                upper = lengths.pop()
            limits.append((index, lower, upper))
        return sp.Sum(node.function, *limits)

    return expr.replace(lambda e: isinstance(e, sp.Sum), fill)
