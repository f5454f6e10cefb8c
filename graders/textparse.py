"""Read answers typed as plain text, pasted Unicode, or STACK's Maxima syntax into SymPy.

The answer is untrusted data: it is tokenized (``graders.texttokens``) and read by a
precedence-climbing (Pratt) parser that builds SymPy objects with their constructors;
no string ever reaches eval, exec, sympify or parse_expr.

Grammar decisions, loosest binding first:

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
and the growth classes (``Theta``/``Θ``, ``O``, ``Omega``/``Ω``) are always called.
The Maxima functions below are known only when written flush against ``(``.
Another name written flush against ``(`` is an undefined SymPy Function when it is
f, g, h, p, F, G or a word of two or more ASCII letters (``lowesttermsp(x)``); anything else
multiplies: ``d1(d1-1)``, ``x(1+x)``, ``fan_in(2)``, ``sigma(1-p)``, ``f (x)``.
A quote directly before a function name (Maxima's noun form ``'diff(...)``) is ignored.

Maxima functions (STACK's AlgEquiv compares values, so a function that changes only the form
of its argument is the identity here):

* ``ratsimp``, ``expand``, ``factor``, ``trigsimp``, ``radcan``, ``rectform``, ``float``,
  ``ev(e, simp, numer, radexpand:all)``... (``PASS_THROUGH``) give their first argument;
  further arguments and ``name: value`` options are read and dropped.  ``ev`` with an
  equation among its arguments (a substitution) stays an undefined function.
* ``root(x)`` is sqrt(x) and ``root(x, n)`` is x^(1/n); ``lg(x)`` is log10 and ``lg(x, b)``
  log base b; ``signum``, ``cosec``, ``cosech``, ``arcsinh``... are their SymPy functions.
* ``exdowncase(e)`` is ``e`` with its variable names in lower case.
* ``integerp``, ``numberp``, ``floatnump``, ``ratnump``, ``evenp``, ``oddp`` of a number are
  true or false (of an expression with variables they stay undefined).
* ``round`` (halves to even) and ``significantfigures(x, n)`` (halves away from zero) of a
  number; ``stackunits(v, u)`` is v*u; ``binomial(n, [k1, k2...])`` the multinomial coefficient;
  ``map(f, list)`` for a known f; intervals ``oo, oc, co, cc`` and ``%union``, ``%intersection``.
* ``(assume(a > 0), e)`` and ``(declare(n, integer), e)`` are Maxima sequences worth ``e``; the
  facts are recorded on the symbols read after them (``a`` positive, ``n`` integer).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp
from sympy.logic.boolalg import Boolean, BooleanAtom

from derive.asymptotics import BigO, BigOmega, Theta
from graders.texttokens import (GREEK_NAMES, LOG10_2, ParseError, Token, TooLargeError, binomial_digits,
                                int_from_digits, log10_abs, power_digits, tokenize)

__all__ = ["TextParseConfig", "ParseError", "TooLargeError", "parse_text"]


@dataclass(frozen=True)
class TextParseConfig:
    """Limits that keep a hostile answer cheap to refuse."""

    max_length: int = 20_000
    max_depth: int = 100
    max_digits: int = 10_000
    max_factorial: int = 1000


APPROX, IMPLIES, OR, AND, NOT, REL, ADD, MUL, FUNC_ARG, POW, POSTFIX = 5, 8, 10, 20, 25, 30, 40, 50, 55, 60, 70
RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
INFIX = {"+": ADD, "-": ADD, "±": ADD, "∓": ADD, "*": MUL, "/": MUL, "^": POW, "~": APPROX, "!": POSTFIX,
         "!!": POSTFIX, **dict.fromkeys(RELATIONS, REL)}
INFIX = {op: (bp, op) for op, bp in INFIX.items()}
CLOSERS = {"(": ")", "[": "]", "{": "}", "⌊": "⌋", "⌈": "⌉"}
IMPLICIT_STARTS = {"(", "sqrt", "cbrt", "root4", "⌊", "⌈"}
ROOTS = {"sqrt": 2, "cbrt": 3, "root4": 4}
CONSTANTS = {
    "pi": sp.pi, "%pi": sp.pi, "%e": sp.E, "%i": sp.I, "inf": sp.oo, "infinity": sp.oo,
    "minf": -sp.oo, "%phi": sp.GoldenRatio, "%gamma": sp.EulerGamma,
}
LOGIC = {"and": (AND, sp.And), "nand": (AND, sp.Nand), "or": (OR, sp.Or), "nor": (OR, sp.Nor),
         "xor": (OR, sp.Xor), "xnor": (OR, sp.Equivalent), "implies": (IMPLIES, sp.Implies)}
KEYWORDS = {*LOGIC, "not", "true", "false"}
GROWTH = {"Theta": Theta, "O": BigO, "Omega": BigOmega}
FUNCTION_LETTERS = set("fghpFG")
PLAIN = {  # functions SymPy may evaluate freely; the others go through the size checks
    "exp": sp.exp, "ln": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec,
    "csc": sp.csc, "cot": sp.cot, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "sinh": sp.sinh,
    "cosh": sp.cosh, "tanh": sp.tanh, "abs": sp.Abs, "sign": sp.sign, "sgn": sp.sign,
    "floor": sp.floor, "ceiling": sp.ceiling, "ceil": sp.ceiling, "signum": sp.sign, "cosec": sp.csc,
    "csch": sp.csch, "cosech": sp.csch, "sech": sp.sech, "coth": sp.coth, "acot": sp.acot, "asec": sp.asec,
    "acsc": sp.acsc, "arccot": sp.acot, "arcsec": sp.asec, "arccsc": sp.acsc, "asinh": sp.asinh,
    "acosh": sp.acosh, "atanh": sp.atanh, "arcsinh": sp.asinh, "arccosh": sp.acosh, "arctanh": sp.atanh,
    "arsinh": sp.asinh, "arcosh": sp.acosh, "artanh": sp.atanh, "acoth": sp.acoth, "asech": sp.asech,
    "acsch": sp.acsch, "atan2": sp.atan2,
    "log10": lambda x: sp.log(x, 10), "lg": lambda x, base=10: sp.log(x, base), "log2": lambda x: sp.log(x, 2),
    "log": sp.log, "max": sp.Max, "min": sp.Min,
}
FUNCTIONS = {**dict.fromkeys(PLAIN, (1, 1)), "log": (1, 2), "lg": (1, 2), "atan2": (2, 2), "max": (1, 1000),
             "min": (1, 1000), "sqrt": (1, 1), "cbrt": (1, 1), "factorial": (1, 1),
             "binomial": (2, 2)}  # (fewest, most) arguments
# Maxima simplifiers and conversions that change the form of their first argument, not its value.
PASS_THROUGH = frozenset({
    "ratsimp", "fullratsimp", "radcan", "expand", "ratexpand", "factor", "gfactor", "factorsum", "partfrac",
    "multthru", "xthru", "combine", "rootscontract", "trigsimp", "trigexpand", "trigreduce", "trigrat",
    "trigeval", "logcontract", "logexpand", "exponentialize", "demoivre", "rectform", "polarform", "rat",
    "ratdisrep", "ev", "float", "bfloat", "simplify", "fullsimplify", "boolean_form",
    "stackeq",  # STACK's "= e" of a reasoning step; AlgEquiv compares e
})
PREDICATES = frozenset({"integerp", "numberp", "floatnump", "ratnump", "evenp", "oddp"})
INTERVALS = {"oo": (True, True), "oc": (True, False), "co": (False, True), "cc": (False, False)}
MAXIMA_CALLS = {  # known only when written flush against '(': (fewest, most) arguments
    **dict.fromkeys(PASS_THROUGH, (1, 1000)), **dict.fromkeys(PREDICATES, (1, 1)),
    **dict.fromkeys(INTERVALS, (2, 2)), "root": (1, 2), "exdowncase": (1, 1), "round": (1, 1),
    "significantfigures": (2, 2), "stackunits": (2, 2), "map": (2, 2), "%union": (1, 1000),
    "%intersection": (1, 1000), "diff": (1, 41), "noundiff": (1, 41), "sum": (4, 4), "product": (4, 4),
    "int": (2, 4), "integrate": (2, 4), "taylor": (4, 4),
}
MAX_CALCULUS_ORDER = 20  # derivatives, Taylor degrees
MAX_TERMS = 1000  # terms of a sum or product with numeric limits
DECLARED = {"integer": "integer", "even": "even", "odd": "odd", "rational": "rational",
            "irrational": "irrational", "real": "real", "imaginary": "imaginary"}
MAX_SET_OPERANDS = 20  # in all the %union and %intersection of one answer
OPTION = object()  # a 'name: value' option, read inside the arguments of a Maxima function and dropped
ASSUMED = object()  # an assume(...) or declare(...) item of a Maxima sequence


def _derivative(expr: sp.Expr, *spec: sp.Expr) -> sp.Expr:
    """diff(f, x), diff(f, x, n), diff(f, x, n, y, m): the derivative, worked out."""
    variables, position = [], 0
    while position < len(spec):
        variable, order = spec[position], sp.S.One
        if position + 1 < len(spec) and spec[position + 1].is_Integer:
            order, position = spec[position + 1], position + 2
        else:
            position += 1
        if not isinstance(variable, sp.Symbol) or not 0 <= order <= MAX_CALCULUS_ORDER:
            raise ValueError("diff needs a variable and an order of at most %d" % MAX_CALCULUS_ORDER)
        variables += [variable] * int(order)
    return sp.diff(expr, *variables) if variables else expr


def _bounded_limits(index: sp.Expr, lower: sp.Expr, upper: sp.Expr) -> tuple:
    if not isinstance(index, sp.Symbol):
        raise ValueError("the index of a sum or product must be a name")
    count = upper - lower
    if count.is_number and count > MAX_TERMS:
        raise TooLargeError(f"A sum or product of more than {MAX_TERMS} terms is not computed.")
    return index, lower, upper


def _sum(term: sp.Expr, index: sp.Expr, lower: sp.Expr, upper: sp.Expr) -> sp.Expr:
    return sp.Sum(term, _bounded_limits(index, lower, upper)).doit()


def _product(term: sp.Expr, index: sp.Expr, lower: sp.Expr, upper: sp.Expr) -> sp.Expr:
    return sp.Product(term, _bounded_limits(index, lower, upper)).doit()


def _integral(integrand: sp.Expr, variable: sp.Expr, *limits: sp.Expr) -> sp.Expr:
    """Left unevaluated: integrating can take unbounded time; comparison renames the bound variable."""
    if not isinstance(variable, sp.Symbol) or len(limits) == 1:
        raise ValueError("int needs a variable, and either no limits or both")
    return sp.Integral(integrand, (variable, *limits))


def _taylor(expr: sp.Expr, variable: sp.Expr, point: sp.Expr, degree: sp.Expr) -> sp.Expr:
    if not isinstance(variable, sp.Symbol) or not (degree.is_Integer and 0 <= degree <= MAX_CALCULUS_ORDER):
        raise ValueError("taylor needs a variable and a degree of at most %d" % MAX_CALCULUS_ORDER)
    return sp.series(expr, variable, point, int(degree) + 1).removeO()


CALCULUS = {"diff": _derivative, "noundiff": _derivative, "sum": _sum, "product": _product, "int": _integral,
            "integrate": _integral, "taylor": _taylor}


def _kind(value: sp.Basic) -> str:
    if isinstance(value, sp.Tuple):
        return "A list"
    if isinstance(value, sp.Set):
        return "A set"
    if isinstance(value, sp.core.relational.Relational):
        return "A relation"
    return "A condition" if isinstance(value, Boolean) else "This part"


def _describe(tok: Token) -> str:
    if tok.kind == "end":
        return "the end of the answer"
    return "a superscript" if tok.kind == "sup" else repr(tok.text)


class _Parser:
    def __init__(self, tokens: list[Token], config: TextParseConfig, sign: int = 1):
        self.tokens, self.config = tokens, config
        self.pos, self.depth = 0, -1  # the whole answer is level 0
        self.bars = 0  # open |...| in the current bracket; a '|' after an operand closes one
        self.sign, self.signs = sp.Integer(sign), 0  # the value of ± in this reading; how many were read
        self.lists: dict[int, sp.Tuple] = {}  # the [...] lists (by id, kept alive): they broadcast
        self.assumed: dict[str, dict[str, bool]] = {}  # facts from assume(...) and declare(...)
        self.downcase = 0  # inside exdowncase(...)
        self.set_operands = 0  # SymPy simplifies unions and intersections in quadratic time or worse

    # -- token stream ----------------------------------------------------------
    def peek(self) -> Token:
        return self.tokens[self.pos]

    def advance(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += tok.kind != "end"
        return tok

    def at(self, text: str) -> bool:
        tok = self.tokens[self.pos]
        return tok.kind == "op" and tok.text == text

    def fail(self, message: str, col: int) -> ParseError:
        return ParseError(f"{message} at column {col}.")

    # -- building, with the checks SymPy needs before it evaluates -----------------
    def make(self, col: int, ctor, *args, **kwargs) -> sp.Basic:
        try:
            return ctor(*args, **kwargs)
        except ParseError:
            raise
        except (TypeError, ValueError, AttributeError, ArithmeticError, NotImplementedError):
            raise self.fail("These operands cannot be combined", col) from None

    def expr_only(self, value: sp.Basic, col: int) -> sp.Expr:
        if not isinstance(value, sp.Expr):
            raise self.fail(f"{_kind(value)} cannot be used in arithmetic", col)
        return value

    def is_list(self, value: object) -> bool:
        return self.lists.get(id(value)) is value

    def listed(self, items) -> sp.Tuple:
        value = sp.Tuple(*items)
        self.lists[id(value)] = value
        return value

    def arith(self, value: sp.Basic, col: int) -> sp.Basic:
        """An operand of arithmetic: an expression, or a [...] list of them."""
        return value if self.is_list(value) else self.expr_only(value, col)

    def lift(self, col: int, build, *args: sp.Basic) -> sp.Basic:
        """``build(*args)``, elementwise over the [...] lists among ``args`` (Maxima's listarith)."""
        lists = [arg for arg in args if self.is_list(arg)]
        if not lists:
            return build(*(self.expr_only(arg, col) for arg in args))
        size = len(lists[0])
        if any(len(other) != size for other in lists):
            raise self.fail("Lists of different lengths cannot be combined", col)
        return self.listed(self.lift(col, build, *(arg.args[i] if self.is_list(arg) else arg for arg in args))
                           for i in range(size))

    def symbol(self, name: str, col: int) -> sp.Symbol:
        if self.downcase:
            name = name.lower()
        facts = self.assumed.get(name)
        return self.make(col, sp.Symbol, name, **facts) if facts else sp.Symbol(name)

    def condition(self, value: sp.Basic, col: int) -> sp.Basic:
        if not isinstance(value, Boolean):
            raise self.fail("'and', 'or' and 'not' need conditions such as x < 1", col)
        return value

    def too_large(self, what: str, col: int) -> TooLargeError:
        return TooLargeError(f"{what} would have more than {self.config.max_digits} digits at column {col}.")

    def sized(self, value: sp.Basic, col: int) -> sp.Basic:
        """Refuse a result whose exact coefficients outgrew max_digits (long products)."""
        for term in value.args if isinstance(value, sp.Add) else (value,):
            coeff = term.as_coeff_Mul()[0] if isinstance(term, sp.Expr) else None
            if isinstance(coeff, sp.Rational) and \
                    max(coeff.p.bit_length(), coeff.q.bit_length()) * LOG10_2 > self.config.max_digits:
                raise self.too_large("This number", col)
        return value

    def power(self, base: sp.Basic, exponent: sp.Basic, col: int) -> sp.Expr:
        if self.is_list(base) or self.is_list(exponent):
            return self.lift(col, lambda b, e: self.power(b, e, col), base, exponent)
        base, exponent = self.expr_only(base, col), self.expr_only(exponent, col)
        if power_digits(base, exponent) > self.config.max_digits:
            raise self.too_large("This power", col)
        return self.sized(self.make(col, sp.Pow, base, exponent), col)

    def factorial(self, n: sp.Basic, col: int, double: bool = False) -> sp.Expr:
        if self.is_list(n):
            return self.lift(col, lambda m: self.factorial(m, col, double), n)
        n = self.expr_only(n, col)
        builder = sp.factorial2 if double else sp.factorial
        if not isinstance(n, sp.Number):
            return self.make(col, builder, n, evaluate=False)
        if n.is_finite and abs(n) > self.config.max_factorial:
            raise TooLargeError(f"The factorial at column {col} is of a number above {self.config.max_factorial}.")
        return self.make(col, builder, n)

    def binomial(self, n: sp.Basic, k: sp.Basic, col: int) -> sp.Expr:
        if binomial_digits(n, k) > self.config.max_digits:
            raise self.too_large("This binomial coefficient", col)
        return self.make(col, sp.binomial, n, k)

    def number(self, tok: Token) -> sp.Number:
        mantissa, _, exponent = tok.text.lower().partition("e")
        if sum(c.isdigit() for c in mantissa) > self.config.max_digits or \
                exponent and len(exponent.lstrip("+-")) > 9 or \
                exponent and abs(int(exponent)) > self.config.max_digits:
            # SymPy builds a decimal's exact value first: 1e99999999999 would exhaust memory.
            raise TooLargeError(f"The number at column {tok.col} has more than {self.config.max_digits} digits.")
        if "." in tok.text or exponent:
            return sp.Float(tok.text)
        return sp.Integer(int_from_digits(tok.text))

    # -- Pratt core ------------------------------------------------------------------
    def enter(self) -> None:
        """Count one level of nesting; all recursion passes through here, so the stack stays small."""
        self.depth += 1
        if self.depth > self.config.max_depth:
            col = self.tokens[self.pos - 1].col if self.pos else 1  # the bracket or operator that opened it
            raise TooLargeError(f"The answer nests deeper than {self.config.max_depth} levels at column {col}.")

    def expr(self, rbp: int) -> sp.Basic:
        """Read an expression whose operators all bind tighter than ``rbp``."""
        self.enter()
        left = self.operand(self.advance())
        run: list[sp.Expr] = []  # an n-ary sum or product, built once (1+1+...+1 stays linear)
        run_kind, run_col = "", 0
        while True:
            tok = self.peek()
            bp, op = self.infix(tok)
            if bp <= rbp:
                break
            kind = "+" if op in ("+", "-", "±", "∓") else "*" if op in ("*", "/", "implicit") else ""
            if run and kind != run_kind:
                left, run = self.close_run(run_kind, run, run_col), []
            if not kind:
                left = self.led(left, tok, op, bp)
                continue
            if not run:
                run, run_kind, run_col = [self.arith(left, tok.col)], kind, tok.col
            if op == "implicit":
                if tok.kind == "num" and self.tokens[self.pos - 1].kind == "num":
                    raise self.fail("Two numbers follow each other without an operator", tok.col)
            else:
                self.advance()
            right = self.arith(self.expr(bp), tok.col)
            if op in ("-", "±", "∓"):
                right = self.negate(right, tok.col, op)
            elif op == "/":
                right = self.power(right, sp.S.NegativeOne, tok.col)
            run.append(right)
        self.depth -= 1
        return self.close_run(run_kind, run, run_col) if run else left

    def close_run(self, kind: str, run: list[sp.Basic], col: int) -> sp.Basic:
        ctor = sp.Add if kind == "+" else sp.Mul
        return self.lift(col, lambda *terms: self.sized(self.make(col, ctor, *terms), col), *run)

    def negate(self, value: sp.Basic, col: int, op: str = "-") -> sp.Basic:
        """``-value``; for ``±`` and ``∓`` the sign of this reading of the answer."""
        factor = sp.S.NegativeOne
        if op in ("±", "∓"):
            self.signs += 1
            factor = self.sign if op == "±" else -self.sign
        return self.lift(col, lambda v: self.make(col, sp.Mul, factor, v), value)

    def infix(self, tok: Token) -> tuple[int, str]:
        """Binding power and operator of ``tok`` read after an operand (0: it ends the operand)."""
        if tok.kind == "sup":
            return POW, "sup"
        if tok.kind == "num":
            return MUL, "implicit"
        if tok.kind == "name":
            if tok.text in LOGIC:
                return LOGIC[tok.text][0], tok.text
            return (0, "") if tok.text == "not" else (MUL, "implicit")
        if tok.kind != "op":
            return 0, ""
        if tok.text == "|":
            return (0, "") if self.bars else (MUL, "implicit")
        return INFIX.get(tok.text, (MUL, "implicit") if tok.text in IMPLICIT_STARTS else (0, ""))

    def led(self, left: sp.Basic, tok: Token, op: str, bp: int) -> sp.Basic:
        """Apply the non-arithmetic infix or postfix operator ``tok`` to ``left``."""
        self.advance()
        if op == "^":
            return self.power(left, self.expr(POW - 1), tok.col)  # right-associative
        if op == "sup":
            return self.power(left, self.superscript(tok), tok.col)
        if op in ("!", "!!"):
            return self.factorial(left, tok.col, double=op == "!!")
        if op == "~":
            self.expr(APPROX)  # the approximation after ≈ must be well formed, and is dropped
            return left
        if op in LOGIC:
            right = self.condition(self.expr(bp), tok.col)
            return self.make(tok.col, LOGIC[op][1], self.condition(left, tok.col), right)
        links, prev = [], self.expr_only(left, tok.col)
        while True:
            right = self.expr_only(self.expr(REL), tok.col)
            links.append(self.make(tok.col, RELATIONS[tok.text], prev, right, evaluate=False))
            prev, tok = right, self.peek()
            if not (tok.kind == "op" and tok.text in RELATIONS):
                break
            self.advance()
        return links[0] if len(links) == 1 else self.make(tok.col, sp.And, *links)

    def superscript(self, tok: Token) -> sp.Expr:
        sign = tok.text[:1] if tok.text[:1] in "+-" else ""
        body = tok.text[len(sign):]
        if not (body.isdigit() or len(body) == 1 and body.isalpha()):
            raise self.fail("This superscript cannot be read", tok.col)
        value = self.number(Token("num", body, tok.col)) if body.isdigit() else self.symbol(body, tok.col)
        return -value if sign == "-" else value

    def operand(self, tok: Token) -> sp.Basic:
        """Read the operand that starts with ``tok``."""
        if tok.kind == "num":
            value = self.number(tok)
            if self.at("%"):
                value = self.make(self.advance().col, sp.Mul, value, sp.Rational(1, 100))
            return value
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "end":
            raise self.fail("The answer ends where a value is expected", tok.col)
        text = tok.text
        if tok.kind == "op" and text in ("-", "+", "±", "∓"):
            value = self.arith(self.expr(MUL), tok.col)
            return value if text == "+" else self.negate(value, tok.col, text)
        if tok.kind == "op" and text in CLOSERS:
            items = self.items(tok, facts=text == "(")
            if text == "[":
                return self.listed(items)
            if text == "{":
                return self.make(tok.col, sp.FiniteSet, *items, evaluate=False) if items else sp.S.EmptySet
            if not items:
                raise self.fail("Empty brackets hold no value", tok.col)
            if text != "(":
                if len(items) != 1:
                    raise self.fail("Floor and ceiling brackets hold one value", tok.col)
                return self.make(tok.col, sp.floor if text == "⌊" else sp.ceiling, self.expr_only(items[0], tok.col))
            return items[0] if len(items) == 1 else sp.Tuple(*items)
        if tok.kind == "op" and text == "|":
            self.bars += 1
            inner = self.expr_only(self.expr(0), tok.col)
            if not self.at("|"):
                raise self.fail(f"The '|' opened at column {tok.col} is not closed before {_describe(self.peek())}",
                                self.peek().col)
            self.advance()
            self.bars -= 1
            return self.make(tok.col, sp.Abs, inner)
        if tok.kind == "op" and text in ROOTS:
            self.enter()
            radicand = self.operand(self.advance())
            self.depth -= 1
            return self.power(radicand, sp.Rational(1, ROOTS[text]), tok.col)
        if tok.kind == "sup":
            raise self.fail("A superscript needs something before it", tok.col)
        raise self.fail(f"Unexpected {_describe(tok)}", tok.col)

    def sequence(self, facts: bool = False, options: bool = False) -> list[sp.Basic]:
        """One or more comma-separated expressions.

        In a Maxima sequence (the whole answer, or ``(...)``) leading ``assume(...)`` and
        ``declare(...)`` items are read as facts and dropped: ``(assume(a > 0), e)`` is ``e``.
        With ``options``, an item ``name: value`` is read and dropped.
        """
        items = []
        while True:  # one loop, no helper: each bracket level costs as few Python frames as before
            tok = self.peek()
            if facts and tok.kind == "name" and tok.call and tok.text in ("assume", "declare"):
                self.advance()
                items.append(self.assumption(tok))
            else:
                items.append(self.expr(0))
                if options and self.at(":"):
                    self.advance()
                    self.expr(0)
                    items[-1] = OPTION
            if not self.at(","):
                break
            self.advance()
        if facts and any(item is ASSUMED for item in items):
            col = self.peek().col
            if items[-1] is ASSUMED:
                raise self.fail("assume(...) and declare(...) need a value after them", col)
            if any(item is not ASSUMED for item in items[:-1]):
                raise self.fail("assume(...) and declare(...) come first, then one value", col)
            items = items[-1:]
        return items

    def assumption(self, tok: Token) -> object:
        """Record the facts of assume(a > 0, ...) or declare(n, integer, ...) for the symbols read later."""
        args = self.call_args(tok, 1 if tok.text == "assume" else 2, 1000)
        facts: list[tuple[sp.Basic, str]] = []
        if tok.text == "declare":
            for names, prop in zip(args[::2], args[1::2]):
                if isinstance(prop, sp.Symbol) and prop.name in DECLARED:
                    facts += [(name, DECLARED[prop.name]) for name in (names.args if isinstance(names, sp.Tuple)
                                                                       else (names,))]
        else:
            for arg in args:
                for relation in arg.args if isinstance(arg, sp.And) else (arg,):
                    facts += _sign_facts(relation)
        for name, fact in facts:
            if isinstance(name, sp.Symbol):
                merged = {**self.assumed.get(name.name, {}), fact: True}
                self.make(tok.col, sp.Symbol, name.name, **merged)  # contradictory facts are refused here
                self.assumed[name.name] = merged
        return ASSUMED

    def items(self, opener: Token, facts: bool = False, options: bool = False) -> list[sp.Basic]:
        """The comma-separated items after ``opener``, through its closing bracket."""
        close = CLOSERS[opener.text]
        saved, self.bars = self.bars, 0
        items = [] if self.at(close) else self.sequence(facts, options)
        tok = self.peek()
        if not self.at(close):
            raise self.fail(f"Expected '{close}' to close the '{opener.text}' from column {opener.col}, "
                            f"found {_describe(tok)}", tok.col)
        self.advance()
        self.bars = saved
        return items

    def name(self, tok: Token) -> sp.Basic:
        name = tok.text
        if name in ("true", "false"):
            return sp.true if name == "true" else sp.false
        if name == "not":
            return self.make(tok.col, sp.Not, self.condition(self.expr(NOT), tok.col))
        if name in KEYWORDS:
            raise self.fail(f"'{name}' needs a condition before it", tok.col)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if tok.call and name in MAXIMA_CALLS:
            return self.maxima(tok)
        if name.startswith("%"):
            raise self.fail(f"Unknown Maxima constant {name!r}", tok.col)
        if name in GROWTH and self.at("("):
            args = self.call_args(tok, 1, 1)
            return self.make(tok.col, GROWTH[name], self.expr_only(args[0], tok.col))
        if name in FUNCTIONS:
            return self.function(tok)
        base = name.rstrip("'")
        if tok.call and (base in FUNCTION_LETTERS or len(base) > 1 and base.isascii() and base.isalpha()
                         and base not in GREEK_NAMES and base not in CONSTANTS):
            return self.undefined(tok, self.call_args(tok, 1, 1000))
        return self.symbol(name, tok.col)

    def undefined(self, tok: Token, args: list[sp.Basic]) -> sp.Basic:
        return self.make(tok.col, sp.Function(tok.text), *args)

    def call_args(self, tok: Token, fewest: int, most: int, options: bool = False) -> list[sp.Basic]:
        opener = self.advance()
        args = self.items(opener, options=options)
        if not args:
            raise self.fail(f"The parentheses after '{tok.text}' are empty", opener.col)
        if not fewest <= len(args) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise self.fail(f"'{tok.text}' takes {wanted} argument(s), not {len(args)},", tok.col)
        return args

    def function(self, tok: Token) -> sp.Basic:
        """A known function, called as f(x), f x, or f²(x) meaning f(x)²."""
        name, col = tok.text, tok.col
        exponent = None
        if self.peek().kind == "sup":
            sup = self.advance()
            if sup.text.startswith("-"):
                raise self.fail(f"'{name}' with a negative superscript is ambiguous; write arc{name} or 1/{name}",
                                sup.col)
            exponent = self.superscript(sup)
        fewest, most = FUNCTIONS[name]
        args = self.call_args(tok, fewest, most) if self.at("(") else [self.expr(FUNC_ARG)]
        if len(args) < fewest:
            raise self.fail(f"'{name}' takes {fewest} arguments in parentheses", col)
        if name == "binomial" and self.is_list(args[1]):
            value = self.multinomial(args[0], args[1], col)
        else:
            args = [self.expr_only(arg, col) if name in ("max", "min") else self.arith(arg, col) for arg in args]
            if name in PLAIN:
                value = self.lift(col, lambda *xs: self.sized(self.make(col, PLAIN[name], *xs), col), *args)
            elif name in ROOTS:
                value = self.power(args[0], sp.Rational(1, ROOTS[name]), col)
            elif name == "factorial":
                value = self.factorial(args[0], col)
            else:
                value = self.lift(col, lambda n, k: self.binomial(n, k, col), *args)
        return self.sized(value, col) if exponent is None else self.power(value, exponent, col)

    def multinomial(self, n: sp.Basic, ks: sp.Tuple, col: int) -> sp.Expr:
        """Maxima's binomial(n, [k1, k2, ...]): n! / (k1! k2! ...)."""
        denominator = [self.factorial(k, col) for k in ks.args]
        return self.sized(self.make(col, sp.Mul, self.factorial(n, col),
                                    *(self.power(d, sp.S.NegativeOne, col) for d in denominator)), col)

    # -- Maxima's functions -------------------------------------------------------------
    def maxima(self, tok: Token) -> sp.Basic:
        """A Maxima function of ``MAXIMA_CALLS``, written flush against '('."""
        name, col = tok.text, tok.col
        if name == "map":
            mapped = self.map_call(tok)
            if mapped is not None:
                return mapped
        if name == "exdowncase":
            self.downcase += 1
            args = self.call_args(tok, 1, 1)
            self.downcase -= 1
            return args[0]
        fewest, most = MAXIMA_CALLS[name]
        args = self.call_args(tok, fewest, most, options=name in PASS_THROUGH)
        if name in PASS_THROUGH:
            if args[0] is OPTION:
                raise self.fail(f"'{name}' needs a value before its options", col)
            values = [arg for arg in args if arg is not OPTION]
            if name == "ev" and any(not isinstance(arg, (sp.Symbol, BooleanAtom)) for arg in values[1:]):
                return self.undefined(tok, values)  # ev(e, x = 2) substitutes: not read
            return args[0]
        if name in PREDICATES:
            truth = _predicate(name, args[0])
            return self.undefined(tok, args) if truth is None else sp.true if truth else sp.false
        if name in INTERVALS:
            lo, hi = (self.expr_only(arg, col) for arg in args)
            return self.make(col, sp.Interval, lo, hi, *INTERVALS[name])
        if name in ("%union", "%intersection"):
            if not all(isinstance(arg, sp.Set) for arg in args):
                raise self.fail(f"'{name}' joins sets and intervals", col)
            self.set_operands += len(args)
            if self.set_operands > MAX_SET_OPERANDS:
                raise TooLargeError(f"The answer joins more than {MAX_SET_OPERANDS} sets at column {col}.")
            return self.make(col, sp.Union if name == "%union" else sp.Intersection, *args)
        if name == "root":
            args = [self.arith(arg, col) for arg in args]
            exponent = sp.Rational(1, 2) if len(args) == 1 else self.power(args[1], sp.S.NegativeOne, col)
            return self.power(args[0], exponent, col)
        if name in CALCULUS:
            return self.sized(self.make(col, CALCULUS[name], *(self.expr_only(arg, col) for arg in args)), col)
        if name == "stackunits":
            return self.sized(self.make(col, sp.Mul, *(self.expr_only(arg, col) for arg in args)), col)
        if name == "round":
            value = _round_half_even(args[0], self.config.max_digits)
        elif name == "significantfigures":
            value = _significant(args[0], args[1], self.config.max_digits)
        else:
            value = None  # map of a function it does not know
        return self.undefined(tok, args) if value is None else value

    def map_call(self, tok: Token) -> sp.Basic | None:
        """map(f, list) for a known one-argument f: f on every item; None when not of that form."""
        ahead = self.tokens[self.pos + 1:self.pos + 3]
        if len(ahead) < 2 or ahead[0].kind != "name" or not (ahead[1].kind == "op" and ahead[1].text == ","):
            return None
        name = ahead[0].text
        if not (name in PASS_THROUGH or name in PLAIN and FUNCTIONS[name][0] == 1):
            return None
        opener, _, _ = self.advance(), self.advance(), self.advance()
        saved, self.bars = self.bars, 0
        target = self.expr(0)
        if not self.at(")"):
            raise self.fail(f"Expected ')' to close the '(' from column {opener.col}, found {_describe(self.peek())}",
                            self.peek().col)
        self.advance()
        self.bars = saved
        if name in PASS_THROUGH:
            return target

        def apply(value: sp.Basic) -> sp.Basic:
            return self.lift(tok.col, lambda v: self.sized(self.make(tok.col, PLAIN[name], v), tok.col), value)

        if isinstance(target, sp.FiniteSet):
            return self.make(tok.col, sp.FiniteSet, *(apply(item) for item in target.args))
        if isinstance(target, sp.Tuple):
            return self.listed(apply(item) for item in target.args)
        return apply(target)


def parse_text(text: str, config: TextParseConfig = TextParseConfig()) -> sp.Basic:
    """Read an answer typed as plain text, Unicode or Maxima syntax into a SymPy object."""
    if not isinstance(text, str):
        raise ParseError("The answer must be text, found something else at column 1.")
    if len(text) > config.max_length:
        raise TooLargeError(f"The answer has {len(text)} characters, more than the limit of "
                            f"{config.max_length}, at column {config.max_length + 1}.")
    tokens = tokenize(text)
    if tokens[0].kind == "end":
        raise ParseError("The answer is empty at column 1.")
    parser = _Parser(tokens, config)
    value = _read(parser)
    if not parser.signs:
        return value
    other = _read(_Parser(tokens, config, sign=-1))  # the same answer with - for every ±
    if other == value:
        return value
    if isinstance(value, Boolean) and isinstance(other, Boolean):
        return sp.Or(value, other)
    return sp.FiniteSet(value, other)


def _read(parser: _Parser) -> sp.Basic:
    try:
        items = parser.sequence(facts=True)
    except RecursionError:  # only reachable when a caller raises max_depth far above 100
        raise TooLargeError("The answer nests too deeply to read at column 1.") from None
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.fail(f"Unexpected {_describe(tok)}", tok.col)
    return items[0] if len(items) == 1 else sp.Tuple(*items)


def _sign_facts(relation: sp.Basic) -> list[tuple[sp.Basic, str]]:
    """What assume(relation) says about the sign of a symbol: a > 0 -> positive, x >= 0 -> nonnegative..."""
    if not isinstance(relation, (sp.Gt, sp.Ge, sp.Lt, sp.Le, sp.Ne)):
        return []
    lhs, rhs, kind = relation.lhs, relation.rhs, type(relation)
    if isinstance(lhs, sp.Number) and isinstance(rhs, sp.Symbol):  # 0 < a is a > 0
        flipped = {sp.Gt: sp.Lt, sp.Ge: sp.Le, sp.Lt: sp.Gt, sp.Le: sp.Ge, sp.Ne: sp.Ne}
        lhs, rhs, kind = rhs, lhs, flipped[kind]
    if not (isinstance(lhs, sp.Symbol) and isinstance(rhs, sp.Number) and rhs.is_finite and rhs.is_real):
        return []
    fact = {sp.Gt: "positive" if rhs >= 0 else None, sp.Ge: "positive" if rhs > 0 else "nonnegative" if rhs == 0
            else None, sp.Lt: "negative" if rhs <= 0 else None, sp.Le: "negative" if rhs < 0 else "nonpositive"
            if rhs == 0 else None, sp.Ne: "nonzero" if rhs == 0 else None}[kind]
    return [(lhs, fact)] if fact else []


def _predicate(name: str, value: sp.Basic) -> bool | None:
    """Maxima's integerp, numberp... of a number (None for an expression with variables)."""
    if not isinstance(value, sp.Expr) or not value.is_number:
        return None
    literal = isinstance(value, sp.Number) and value.is_finite
    if name == "integerp":
        return isinstance(value, sp.Integer)
    if name == "numberp":
        return literal
    if name == "floatnump":
        return isinstance(value, sp.Float)
    if name == "ratnump":
        return isinstance(value, sp.Rational)
    return isinstance(value, sp.Integer) and int(value) % 2 == (0 if name == "evenp" else 1)


def _exact(value: sp.Basic, max_digits: int) -> sp.Rational | None:
    """The exact rational value of a finite real number literal that is not too large."""
    if not (isinstance(value, (sp.Rational, sp.Float)) and value.is_finite) or \
            value != 0 and abs(log10_abs(value)) > max_digits:
        return None
    return value if isinstance(value, sp.Rational) else sp.Rational(value)


def _round_half_even(value: sp.Basic, max_digits: int) -> sp.Integer | None:
    """Maxima's round: the nearest integer, halves to the even one."""
    exact = _exact(value, max_digits)
    if exact is None:
        return None
    whole, twice_rest = divmod(2 * exact.p + exact.q, 2 * exact.q)  # floor(x + 1/2)
    return sp.Integer(whole - 1 if twice_rest == 0 and whole % 2 else whole)


def _significant(value: sp.Basic, digits: sp.Basic, max_digits: int) -> sp.Float | None:
    """STACK's significantfigures(x, n): x rounded to n significant digits, halves away from zero."""
    exact = _exact(value, max_digits)
    if exact is None or not (isinstance(digits, sp.Integer) and 0 < digits <= 1000):
        return None
    if exact == 0:
        return sp.Float(0)
    size = abs(exact)
    lead = math.floor(log10_abs(size))  # 10^lead <= size < 10^(lead + 1), after the exact corrections
    while size >= sp.Integer(10) ** (lead + 1):
        lead += 1
    while size < sp.Integer(10) ** lead:
        lead -= 1
    scaled = size * sp.Integer(10) ** (int(digits) - 1 - lead)
    kept = (2 * scaled.p + scaled.q) // (2 * scaled.q)  # floor(scaled + 1/2)
    rounded = kept * sp.Integer(10) ** (lead + 1 - int(digits))
    return sp.Float(rounded if exact > 0 else -rounded, max(int(digits), 15))
