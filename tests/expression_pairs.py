"""Random formulas, printed the ways people and printers write them, and perturbed copies that differ.

Used by the property tests (``tests/graders/test_roundtrip_properties.py``) and by
``benchmarks/false_accept_bench.py``, which reports the false-accept rate per million pairs.
Whether a perturbation really changed the formula is decided by SymPy at exact random points,
independently of the grader under test.
"""
from __future__ import annotations

import random
import re

import sympy as sp

SYMBOLS = sp.symbols("x y a b", real=True)
FUNCTIONS = (sp.sin, sp.cos, sp.exp, sp.log, sp.sqrt)


def random_formula(rng: random.Random, depth: int = 3) -> sp.Expr:
    """A defined formula over x, y, a, b with small integers, fractions, powers and a few functions (a draw
    that divides by zero, such as ``(x - x)^{-1}``, is drawn again)."""
    while True:
        formula = _random_formula(rng, depth)
        if not formula.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            return formula


def _random_formula(rng: random.Random, depth: int) -> sp.Expr:
    if depth == 0 or rng.random() < 0.25:
        return rng.choice([*SYMBOLS, sp.Integer(rng.randint(1, 9)), sp.Rational(rng.randint(1, 9), rng.randint(2, 9))])
    kind = rng.choice(["add", "add", "mul", "mul", "div", "pow", "function"])
    left, right = _random_formula(rng, depth - 1), _random_formula(rng, depth - 1)
    if kind == "add":
        return left + right if rng.random() < 0.7 else left - right
    if kind == "mul":
        return left * right
    if kind == "div":
        return left / right if right != 0 else left
    if kind == "pow":
        return left ** rng.choice([2, 3, -1, sp.Rational(1, 2)])
    function = rng.choice(FUNCTIONS)
    argument = left ** 2 + 1 if function in (sp.log, sp.sqrt) else left  # stay inside the real domain
    return function(argument)


def styled_latex(expr: sp.Expr, rng: random.Random) -> str:
    """``expr`` as LaTeX in one of the styles people and printers use."""
    # Not fold_short_frac: its "x / 4 y" means x/(4y) to SymPy and x y/4 to most readers.
    text = sp.latex(expr, mul_symbol=rng.choice([None, "dot", "times"]), ln_notation=rng.random() < 0.3)
    if rng.random() < 0.3:
        text = text.replace(r"\frac", r"\dfrac")
    if rng.random() < 0.3:
        text = text.replace(r"\left(", "(").replace(r"\right)", ")")
    if rng.random() < 0.3:
        text = re.sub(r"(?<=[+-]) ", r"\\, ", text)
    if rng.random() < 0.2:
        text = f"${text}$"
    return text


def styled_text(expr: sp.Expr, rng: random.Random) -> str:
    """``expr`` in plain text: ``^`` or ``**`` for powers, optional spaces, ``e`` and ``i`` as people write them."""
    text = re.sub(r"\bE\b", "e", re.sub(r"\bI\b", "i", str(expr)))
    if rng.random() < 0.6:
        text = text.replace("**", "^")
    if rng.random() < 0.3:
        text = text.replace(" ", "")
    return text


def perturbed(expr: sp.Expr, rng: random.Random) -> sp.Expr | None:
    """A small change of ``expr`` (a coefficient, a sign, an exponent, a function), or None if none applies."""
    nodes = [node for node in sp.preorder_traversal(expr)]
    choices = []
    numbers = [n for n in nodes if isinstance(n, sp.Integer) and n != 0 or isinstance(n, sp.Rational) and n.q != 1]
    if numbers:
        choices.append(("number", rng.choice(numbers)))
    powers = [n for n in nodes if isinstance(n, sp.Pow)]
    if powers:
        choices.append(("exponent", rng.choice(powers)))
    functions = [n for n in nodes if isinstance(n, (sp.sin, sp.cos, sp.exp, sp.log))]
    if functions:
        choices.append(("function", rng.choice(functions)))
    symbols = sorted(expr.free_symbols, key=str)
    if symbols:
        choices.append(("symbol", rng.choice(symbols)))
    choices.append(("sign", None))
    kind, node = rng.choice(choices)
    if kind == "number":
        return expr.xreplace({node: node + 1})
    if kind == "exponent":
        return expr.xreplace({node: node.base ** (node.exp + 1)})
    if kind == "function":
        swap = {sp.sin: sp.cos, sp.cos: sp.sin, sp.exp: sp.sinh, sp.log: sp.exp}[node.func]
        return expr.xreplace({node: swap(*node.args)})
    if kind == "symbol":
        others = [s for s in SYMBOLS if s != node]
        return expr.xreplace({node: rng.choice(others)})
    return -expr if expr != 0 else None


def really_differs(left: sp.Expr, right: sp.Expr, rng: random.Random, points: int = 6) -> bool:
    """Whether two formulas differ at some exact random point where both are finite and real (SymPy decides)."""
    for _ in range(points):
        point = {s: sp.Rational(rng.randint(-40, 40), rng.randint(1, 9)) for s in SYMBOLS}
        try:
            a, b = sp.N(left.xreplace(point), 30), sp.N(right.xreplace(point), 30)
        except (TypeError, ValueError, ZeroDivisionError):
            continue
        if not (a.is_finite and b.is_finite and a.is_real and b.is_real):
            continue
        if abs(a - b) > 1e-12 * max(1, abs(a), abs(b)):
            return True
    return False
