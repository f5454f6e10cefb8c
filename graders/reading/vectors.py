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


def _name(vectors: Iterable[str], after_letter: bool = False, before_letter: bool = False) -> str:
    """A vector's name, not inside a longer name or a command, and not a subscript (``\\nabla_z``);
    ``after_letter`` and ``before_letter`` allow a letter right before or after it, as in ``pp^\\top``."""
    names = "|".join(re.escape(v) for v in vectors)
    before = r"(?<!_)(?<!_\{)" if after_letter else r"(?<![A-Za-z\\])(?<!_)(?<!_\{)"
    after = r"(?![0-9_'])" if before_letter else (r"(?![A-Za-z0-9_])" if after_letter else r"(?![A-Za-z0-9_'])")
    return rf"{before}({names}){after}"


_TRANSPOSE = (r"(?:\s*\^\s*(?:\{\s*(?:\\!\s*)?)?(?:\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?|\\mathrm\s*\{?\s*T\s*\}?"
              r"|\\rm\s*T|T|t)(?:\s*\})?|ᵀ|')")
_PRODUCT = r"(?:\s|\\[,;: ]|\\cdot|\*|·)*"
_DIAG = (r"(?<![A-Za-z])(?:\\operatorname\s*\{\s*[dD]iag\s*\}|\\mathrm\s*\{\s*[dD]iag\s*\}|\\text\s*\{\s*[dD]iag\s*\}"
         r"|\\diag|[dD]iag)")
_SOFTMAX = r"(?:\\operatorname\s*\{\s*softmax\s*\}|\\mathrm\s*\{\s*softmax\s*\}|\\text\s*\{\s*softmax\s*\}|softmax)"
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\s*\{\s*([A-Za-z])\s*\}|\\(?:mathbf|boldsymbol|vec)\s+([A-Za-z])")
_IDENTITY = r"(?<![A-Za-z\\])(?:\\(?:mathbb|mathbf|mathrm)\s*\{\s*I\s*\}|I)(?:_\{[^{}]*\}|_[A-Za-z0-9])?(?![A-Za-z0-9_])"
_NORM_OPEN = r"(?:\\\||\\lVert|\\Vert|\|\||‖)"
_NORM_CLOSE = r"(?:\\\||\\rVert|\\Vert|\|\||‖)"
_SIZING = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)\s*(?=[(|)]|\\[|lrV]|‖)")
_UNICODE_SUBSCRIPT_TWO = re.compile(r"₂")
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
    text = _UNICODE_SUBSCRIPT_TWO.sub("_2", _SIZING.sub("", text))
    vectors = "|".join(re.escape(v) for v in frame.vectors)
    text = re.sub(rf"(?<![A-Za-z\\])\{{\s*({vectors})\s*\}}(?=\s*\^)", r"\1", text)  # {p}^\top
    # a Kronecker delta typed as a word or a Greek letter, so the LaTeX reader takes it as one symbol
    text = re.sub(r"(?<![A-Za-z\\])(?:delta|δ)(?=\s*_)", r"\\delta", text)
    name, second = _name(frame.vectors), _name(frame.vectors, after_letter=True)
    first = _name(frame.vectors, before_letter=True)
    text = _norms(text, frame, name)
    if len(frame.indices) == 2:
        row, column = frame.indices
        text = re.sub(rf"{_DIAG}\s*\(\s*{name}\s*\)",
                      lambda m: rf"({_entry(m.group(1), row)} \delta_{{{row}{column}}})", text)
        text = re.sub(rf"{first}{_PRODUCT}{second}{_TRANSPOSE}",
                      lambda m: rf"({_entry(m.group(1), row)} {_entry(m.group(2), column)})", text)
        text = re.sub(rf"{name}\s*(?:\\otimes|⊗)\s*{name}",
                      lambda m: rf"({_entry(m.group(1), row)} {_entry(m.group(2), column)})", text)
        text = re.sub(_IDENTITY, rf"\\delta_{{{row}{column}}}", text)
    # an inner product is a number in any frame: x^T x, x \cdot x
    text = re.sub(rf"{name}{_TRANSPOSE}{_PRODUCT}{second}|{name}\s*(?:\\cdot|·)\s*{name}",
                  lambda m: _inner(m, text, frame), text)
    if len(frame.indices) == 1:
        (own,) = frame.indices
        text = re.sub(rf"{_SOFTMAX}\s*\(\s*{name}\s*\)(?:\s*_\s*(?:\{{\s*([A-Za-z])\s*\}}|([A-Za-z])))?",
                      lambda m: _softmax(m.group(1), m.group(2) or m.group(3) or own, text, frame), text)
        text = re.sub(rf"{name}\s*(?:\\odot|\\circ|⊙)\s*{name}",
                      lambda m: rf"({_entry(m.group(1), own)} {_entry(m.group(2), own)})", text)
        text = re.sub(rf"{name}(?!\s*_)", lambda m: _bare_vector(m, own), text)
    return whole_ranges(text)


def _inner(match: re.Match, text: str, frame: IndexFrame) -> str:
    first, second = [group for group in match.groups() if group]
    spare = _spare(text, frame)
    return rf"\left(\sum_{{{spare}}} {_entry(first, spare)} {_entry(second, spare)}\right)"


def _bare_vector(match: re.Match, index: str) -> str:
    """A vector's name as its entry, except inside a norm left as written (``\\|x\\|_\\infty``)."""
    before = match.string[:match.start()].rstrip()
    if before.endswith(("\\|", "||", "‖", "\\lVert", "\\Vert")):
        return match.group(0)
    return _entry(match.group(1), index)


def _softmax(vector: str, index: str, text: str, frame: IndexFrame) -> str:
    spare = _spare(text + index, frame)
    return rf"\frac{{e^{{{_entry(vector, index)}}}}}{{\sum_{{{spare}}} e^{{{_entry(vector, spare)}}}}}"


def _norms(text: str, frame: IndexFrame, name: str) -> str:
    """``\\|x\\|^2``, ``\\|x\\|_2^2``, ``\\|x\\|^2_2`` as a sum of squares, ``\\|x\\|`` as its square root, ``\\|x\\|_1`` as a
    sum of absolute values; other norms are left as written."""
    def norm(match: re.Match) -> str:
        vector, first, square, second = match.groups()
        subscripts = [s.strip("{} ") for s in (first, second) if s]
        kind = subscripts[0] if subscripts else "2"
        if kind not in ("1", "2") or len(subscripts) > 1:
            return match.group(0)
        spare = _spare(text, frame)
        entry = _entry(vector, spare)
        if kind == "1":
            total = rf"\left(\sum_{{{spare}}} \left|{entry}\right|\right)"
            return total + (square or "")
        squares = rf"\sum_{{{spare}}} {entry}^{{2}}"
        return rf"\left({squares}\right)" if square else rf"\sqrt{{{squares}}}"

    square = r"(\s*(?:\^\s*(?:\{\s*2\s*\}|2)|²))?"
    subscript = r"(?:\s*_\s*(\{[^{}]*\}|\\[A-Za-z]+|\w))?"
    return re.sub(rf"{_NORM_OPEN}\s*{name}\s*{_NORM_CLOSE}{subscript}{square}{subscript}", norm, text)


_DELTA = re.compile(r"(?:\\?delta|δ)_\{?\s*([A-Za-z])\s*,?\s*([A-Za-z])\s*\}?")


def kronecker_deltas(expr: sp.Basic, indices: Mapping[str, sp.Symbol]) -> sp.Basic:
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
            if _is_whole(upper):
                lengths = {entry.base.shape[position] for entry in node.function.atoms(sp.Indexed)
                           if entry.base.shape for position, i in enumerate(entry.indices) if i == index}
                if len(lengths) != 1:
                    return node
                upper = lengths.pop()
            limits.append((index, lower, upper))
        return sp.Sum(node.function, *limits)

    return expr.replace(lambda e: isinstance(e, sp.Sum), fill)


def unfilled_range(expr: sp.Basic) -> bool:
    """Whether a sum written without its range was left so: its index addresses no vector of the problem."""
    return isinstance(expr, sp.Basic) and any(_is_whole(upper) for node in expr.atoms(sp.Sum)
                                              for _, _, upper in node.limits)


def _is_whole(upper: sp.Basic) -> bool:
    return isinstance(upper, sp.Symbol) and upper.name.replace("\\mathrm{", "").rstrip("}") == WHOLE_RANGE


_SUBSCRIPTED = re.compile(r"\\?[A-Za-z]+\s*_\s*\{?\s*([A-Za-z](?:\s*,?\s*[A-Za-z])*)\s*\}?")


def indices_named_by(lhs: sp.Basic, ordered: tuple[sp.Symbol, ...]) -> dict[str, sp.Symbol]:
    """``H_{ij} = ...`` names the entry's indices on its left: i is the reference's first index, j its second."""
    parts = _SUBSCRIPTED.fullmatch(lhs.name) if isinstance(lhs, sp.Symbol) else None
    letters = re.findall(r"[A-Za-z]", parts.group(1)) if parts else []
    if not ordered or len(letters) != len(ordered) or len(set(letters)) != len(letters):
        return {}
    return dict(zip(letters, ordered))


def foreign_indices(expr: sp.Basic, known: set[sp.Symbol]) -> set[sp.Symbol]:
    """Free symbols an answer uses as indices (of entries, of Kronecker deltas) that the reference does not."""
    if not isinstance(expr, sp.Basic):
        return set()
    used = {i for entry in expr.atoms(sp.Indexed) for i in entry.indices if isinstance(i, sp.Symbol)}
    used |= {a for delta in expr.atoms(sp.KroneckerDelta) for a in delta.args if isinstance(a, sp.Symbol)}
    return {symbol for symbol in used & expr.free_symbols if symbol not in known}
