"""Norms of a layered network's features and weights, the widths they scale with, and claims about them.

Layer ``\\ell`` has width ``n_\\ell``; its features ``h_\\ell`` live in ``R^{n_\\ell}`` and its weights
``W_\\ell`` map ``R^{n_{\\ell-1}}`` to ``R^{n_\\ell}``.  Every norm used in the spectral-condition
argument reduces to the Euclidean norm of a vector or the spectral norm of a matrix times a power of
the widths: ``RMS(v) = ||v||_2 / sqrt(dim v)`` and ``||W||_{RMS->RMS} = sqrt(n_in / n_out) ||W||_*``.
"""
from __future__ import annotations

import sympy as sp

from derive.symbols import dimension


def layer_latex(offset: int) -> str:
    """``\\ell``, ``\\ell-1``, ``\\ell+1``: the layer ``offset`` steps from layer ``\\ell``."""
    return r"\ell" if offset == 0 else rf"\ell{offset:+d}"


def width(offset: int = 0) -> sp.Symbol:
    """The width ``n_\\ell`` (offset 0) or ``n_{\\ell-1}`` (offset -1) as a positive integer dimension."""
    return dimension(r"n_\ell" if offset == 0 else rf"n_{{{layer_latex(offset)}}}")


class _LayerObject(sp.Expr):
    """A vector or matrix of layer ``\\ell + offset``, or its change after one update (``change`` = 1)."""

    is_commutative = True
    letter = ""

    def __new__(cls, offset: int = 0, change: bool = False):
        return sp.Expr.__new__(cls, sp.Integer(offset), sp.Integer(int(bool(change))))

    @property
    def offset(self) -> int:
        return int(self.args[0])

    @property
    def change(self) -> bool:
        return bool(self.args[1])

    def _latex(self, printer) -> str:
        subscript = layer_latex(self.offset)
        subscript = subscript if self.offset == 0 else "{" + subscript + "}"
        return (r"\Delta " if self.change else "") + f"{self.letter}_{subscript}"

    def _sympystr(self, printer) -> str:
        layer = "l" if self.offset == 0 else f"{{l{self.offset:+d}}}"
        return ("Δ" if self.change else "") + f"{self.letter}_{layer}"

    _derive_text = _sympystr


class Feature(_LayerObject):
    """The features ``h_\\ell(x)`` (or ``\\Delta h_\\ell(x)``), a vector of width ``n_\\ell``."""

    letter = "h"

    @property
    def size(self) -> sp.Symbol:
        return width(self.offset)


class Weight(_LayerObject):
    """The weights ``W_\\ell`` (or ``\\Delta W_\\ell``), mapping width ``n_{\\ell-1}`` to ``n_\\ell``."""

    letter = "W"

    @property
    def fan_in(self) -> sp.Symbol:
        return width(self.offset - 1)

    @property
    def fan_out(self) -> sp.Symbol:
        return width(self.offset)


class _Norm(sp.Function):
    nargs = 1
    template = ""
    text_template = ""

    def _latex(self, printer, exp=None) -> str:
        body = self.template % printer._print(self.args[0])
        return body if exp is None else rf"{{{body}}}^{{{exp}}}"

    def _derive_text(self, printer) -> str:
        return self.text_template % printer._print(self.args[0])


class RMSNorm(_Norm):
    """``RMS(v) = ||v||_2 / sqrt(dim v)``: the typical size of one coordinate."""

    template = r"\mathrm{RMS}\left(%s\right)"
    text_template = "RMS(%s)"


class EuclideanNorm(_Norm):
    """``||v||_2``."""

    template = r"\left\|%s\right\|_2"
    text_template = "‖%s‖_2"


class SpectralNorm(_Norm):
    """``||W||_*``: the largest singular value."""

    template = r"\left\|%s\right\|_*"
    text_template = "‖%s‖_op"  # the text printer turns "*" into a product dot


class RMSOperatorNorm(_Norm):
    """``||W||_{RMS->RMS}``: the most a matrix can grow the RMS norm of its input."""

    template = r"\left\|%s\right\|_{\mathrm{RMS}\to\mathrm{RMS}}"
    text_template = "‖%s‖_RMS→RMS"


NORMS = (RMSNorm, EuclideanNorm, SpectralNorm, RMSOperatorNorm)


def euclidean_form(expr: sp.Basic) -> sp.Basic:
    """Rewrite RMS norms as Euclidean norms and RMS-to-RMS norms as spectral norms, times powers of widths."""
    def rewrite(node: sp.Basic) -> sp.Basic:
        subject = node.args[0]
        if isinstance(node, RMSNorm) and isinstance(subject, Feature):
            return EuclideanNorm(subject) / sp.sqrt(subject.size)
        if isinstance(node, RMSOperatorNorm) and isinstance(subject, Weight):
            return SpectralNorm(subject) * sp.sqrt(subject.fan_in / subject.fan_out)
        return node

    return expr.replace(lambda e: isinstance(e, (RMSNorm, RMSOperatorNorm)), rewrite)


class Claims(sp.Tuple):
    """Statements about norms (``RMS(h_\\ell) = Theta(1)``, ``||h_\\ell||_2 <= ||W_\\ell||_* ||h_{\\ell-1}||_2``),
    all made at once."""

    def _latex(self, printer) -> str:
        return r",\quad ".join(printer._print(claim) for claim in self.args)

    def _derive_text(self, printer) -> str:
        return "; ".join(f"{printer._print(c.lhs)} {_TEXT_RELATIONS[c.rel_op]} {printer._print(c.rhs)}"
                         for c in self.args)


_TEXT_RELATIONS = {"==": "=", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}
