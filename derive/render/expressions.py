"""Printing expressions: LaTeX and one-line plain text that read like the blackboard."""
from __future__ import annotations

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter



def _gradient_parts(expr: sp.Basic) -> tuple[sp.Basic, sp.Basic | None, sp.Basic] | None:
    """``(function, wrt, point)`` when ``expr`` is a gradient: ``grad f(A)`` has wrt None."""
    if isinstance(expr, sp.Subs) and isinstance(expr.expr, sp.Derivative) and len(expr.variables) == 1:
        inner = expr.expr
        if len(inner.variables) == 1 and inner.variables[0] == expr.variables[0] and len(inner.expr.args) == 1:
            return inner.expr.func, None, expr.point[0]
    if isinstance(expr, sp.Derivative) and len(expr.variable_count) == 1 and expr.variable_count[0][1] == 1:
        wrt = expr.variables[0]
        if not isinstance(wrt, sp.Symbol) and len(expr.expr.args) == 1 and expr.expr.args[0] == wrt:
            return expr.expr.func, None, wrt  # d f(g) / d g: the gradient of f at g
        return expr.expr, wrt, None
    return None


class _LatexPrinter(LatexPrinter):
    """LaTeX with gradients written as nabla f(A) and nabla_theta."""

    def _print_Subs(self, expr: sp.Subs) -> str:
        parts = _gradient_parts(expr)
        if parts is None:
            return super()._print_Subs(expr)
        function, _, point = parts
        return rf"\nabla {self._print(function)}\left({self._print(point)}\right)"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        parts = _gradient_parts(expr)
        if parts is None:
            return super()._print_Derivative(expr)
        body, wrt, point = parts
        if wrt is None:
            return rf"\nabla {self._print(body)}\left({self._print(point)}\right)"
        return rf"\nabla_{{{self._print(wrt)}}} {self.parenthesize(body, PRECEDENCE['Mul'])}"


def expr_latex(expr: sp.Expr) -> str:
    """LaTeX of an expression, with products written as the reader expects."""
    return _LatexPrinter({"mul_symbol": None}).doprint(expr)


class _TextPrinter(StrPrinter):
    """Plain text that reads like the blackboard: Σ_{k=1}^{d_1}, x_k, |x_k|, E[...]."""

    printmethod = "_derive_text"

    def _print_Pow(self, expr: sp.Pow) -> str:
        if isinstance(expr.base, sp.Sum) or getattr(expr.base, "is_distinct_sum", False):
            return f"({self._print(expr.base)})^{self.parenthesize(expr.exp, PRECEDENCE['Pow'])}"
        return super()._print_Pow(expr).replace("**", "^")

    def _print_Expectation(self, expr) -> str:
        return f"E[{self._print(expr.args[0])}]"

    def _print_Mul(self, expr: sp.Mul) -> str:
        return super()._print_Mul(expr).replace("*", "·")

    def _print_Sum(self, expr: sp.Sum) -> str:
        ranges = "".join(f"Σ_{{{self._print(i)}=1..{self._print(b)}}} " if a == 1 else
                         f"Σ_{{{self._print(i)}={self._print(a)}..{self._print(b)}}} "
                         for i, a, b in reversed(expr.limits))
        return ranges + self.parenthesize(expr.function, PRECEDENCE["Mul"])

    def _print_DistinctSum(self, expr) -> str:
        names = "≠".join(self._print(i) for i in expr.indices)
        return f"Σ_{{{names}}} " + self.parenthesize(expr.summand, PRECEDENCE["Mul"])

    def _print_Indexed(self, expr: sp.Indexed) -> str:
        indices = ",".join(self._print(i) for i in expr.indices)
        return f"{self._print(expr.base.label)}_{indices if len(expr.indices) == 1 else '{' + indices + '}'}"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Subs(self, expr: sp.Subs) -> str:
        parts = _gradient_parts(expr)
        if parts is None:
            return super()._print_Subs(expr)
        return f"∇{self._print(parts[0])}({self._print(parts[2])})"

    def _print_KroneckerDelta(self, expr) -> str:
        return f"δ_{{{self._print(expr.args[0])},{self._print(expr.args[1])}}}"

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        branches = [f"{self._print(value)} if {self._print(cond)}" if cond is not sp.true else
                    f"{self._print(value)} otherwise" for value, cond in expr.args]
        return "{" + "; ".join(branches) + "}"

    def _print_Derivative(self, expr: sp.Derivative) -> str:
        parts = _gradient_parts(expr)
        if parts is None:
            return super()._print_Derivative(expr)
        body, wrt, point = parts
        if wrt is None:
            return f"∇{self._print(body)}({self._print(point)})"
        return f"∇_{self._print(wrt)} {self.parenthesize(body, PRECEDENCE['Mul'])}"


def expr_text(expr: sp.Expr) -> str:
    """A one-line plain-text form of an expression."""
    return _TextPrinter().doprint(expr)
