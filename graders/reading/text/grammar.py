"""The grammar of plain-text, Unicode and Maxima answers: binding powers and what each notation means.

Grammar decisions, loosest binding first:

* Maxima's subscripted name ``a[1]`` or ``epsilon[k]`` is one symbol of that name (as in Maxima, not
  ``a_1``); ``E[X]`` and ``P[A]`` keep their brackets.
* ``,`` separates items: several top-level items, ``(a, b)`` and ``[a, b]`` give a Tuple,
  ``{a, b}`` a FiniteSet.  A ``[...]`` list takes part in arithmetic elementwise, as in
  Maxima (``[1, 2]*x``, ``sin([1, 2]*%pi)``); a ``(a, b)`` tuple does not.
* ``A ≈ B`` reads as ``A``: the exact form is kept and the decimal approximation dropped.
* ``implies``, then ``or``, ``xor``, ``xnor``, ``nor``, then ``and``, ``nand``, then ``not``
  (Maxima and STACK logic) join conditions (relations, true/false, symbols).
* Relations ``= == < > <= >= ≤ ≥ != ≠ #`` are unevaluated; a chain ``a < x <= b`` is
  the And of its links.
* ``+ -`` and ``± ∓`` (Maxima ``#pm#``), then ``* / × · ÷`` and implicit multiplication at
  the same level, left to right: ``1/2x`` is x/2, as in SymPy and most calculators.
  An answer with ``±`` is read twice, once with + and once with -, and is the FiniteSet of the
  two values (the Or of two conditions): every ``±`` in it shares the sign and ``∓`` takes the
  other one, so ``cos(x ± y) = cos x cos y ∓ sin x sin y``.
* Unary minus, then ``^ **`` and superscripts (right-associative: ``-x^2`` is -(x^2),
  ``2^-3`` is 1/8), then postfix ``!`` and Maxima's ``!!``; ``50%`` is 1/2.
* ``√`` and ``∛`` take the next atom only: ``√2·x`` is sqrt(2)*x and ``√x²`` is (√x)².
  A named function without parentheses takes a power-level argument: ``sin x^2`` is
  sin(x^2), ``log n + 1`` is log(n) + 1.

Function-call policy for ``name(...)``: known functions (``sqrt``, ``log``, ``sin``...)
and the growth classes (``Theta``/``Θ``, ``O``, ``Omega``/``Ω``) are always called; the
functions of a table of call handlers (Maxima's, ``graders.reading.maxima``) only when
written flush against ``(``.  Another name written flush against ``(`` is an undefined SymPy
Function when it is f, g, h, p, F, G or a word of two or more ASCII letters (``lowesttermsp(x)``), or when
it has several arguments (``scientific_notation(1500, 3)``: a product has no commas);
anything else multiplies: ``d1(d1-1)``, ``x(1+x)``, ``fan_in(2)``, ``sigma(1-p)``, ``f (x)``.
A quote directly before a function name (Maxima's noun form ``'diff(...)``) is ignored.
"""
from __future__ import annotations

import sympy as sp

APPROX, IMPLICATION, OR, AND, NOT, REL, ADD, MUL, FUNC_ARG, POW, POSTFIX = 5, 8, 10, 20, 25, 30, 40, 50, 55, 60, 70
RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
INFIX = {"+": ADD, "-": ADD, "±": ADD, "∓": ADD, "*": MUL, "/": MUL, "^": POW, "~": APPROX, "!": POSTFIX,
         "!!": POSTFIX, **dict.fromkeys(RELATIONS, REL)}
INFIX = {op: (bp, op) for op, bp in INFIX.items()}
CLOSERS = {"(": ")", "[": "]", "{": "}", "⌊": "⌋", "⌈": "⌉"}
IMPLICIT_STARTS = {"(", "sqrt", "cbrt", "root4", "⌊", "⌈"}
LOGIC = {"and": (AND, sp.And), "nand": (AND, sp.Nand), "or": (OR, sp.Or), "nor": (OR, sp.Nor),
         "xor": (OR, sp.Xor), "xnor": (OR, sp.Equivalent), "implies": (IMPLICATION, sp.Implies)}
KEYWORDS = {*LOGIC, "not", "true", "false"}
