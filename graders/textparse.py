"""Read answers typed as plain text, pasted Unicode, or STACK's Maxima syntax into SymPy.

The answer is untrusted data: it is tokenized (``graders.texttokens``) and read by a
precedence-climbing (Pratt) parser that builds SymPy objects with their constructors;
no string ever reaches eval, exec, sympify or parse_expr.

Grammar decisions, loosest binding first:

* ``,`` separates items: several top-level items, ``(a, b)`` and ``[a, b]`` give a Tuple,
  ``{a, b}`` a FiniteSet.
* ``A ≈ B`` reads as ``A``: the exact form is kept and the decimal approximation dropped.
* ``or``, ``and``, ``not`` (Maxima logic) join conditions (relations, true/false, symbols).
* Relations ``= == < > <= >= ≤ ≥ != ≠ #`` are unevaluated; a chain ``a < x <= b`` is
  the And of its links.
* ``+ -``, then ``* / × · ÷`` and implicit multiplication at the same level, left to
  right: ``1/2x`` is x/2, as in SymPy and most calculators.
* Unary minus, then ``^ **`` and superscripts (right-associative: ``-x^2`` is -(x^2),
  ``2^-3`` is 1/8), then postfix ``!`` and Maxima's ``!!``; ``50%`` is 1/2.
* ``√`` and ``∛`` take the next atom only: ``√2·x`` is sqrt(2)*x and ``√x²`` is (√x)².
  A named function without parentheses takes a power-level argument: ``sin x^2`` is
  sin(x^2), ``log n + 1`` is log(n) + 1.

Function-call policy for ``name(...)``: known functions (``sqrt``, ``log``, ``sin``...)
and the growth classes (``Theta``/``Θ``, ``O``, ``Omega``/``Ω``) are always called.
Another name written flush against ``(`` is an undefined SymPy Function when it is
f, g, h, p, F, G or a word of two or more ASCII letters (``integerp(3)``); anything else
multiplies: ``d1(d1-1)``, ``x(1+x)``, ``fan_in(2)``, ``sigma(1-p)``, ``f (x)``.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.logic.boolalg import Boolean

from derive.asymptotics import BigO, BigOmega, Theta
from graders.texttokens import (GREEK_NAMES, LOG10_2, ParseError, Token, TooLargeError, binomial_digits,
                                int_from_digits, power_digits, tokenize)

__all__ = ["TextParseConfig", "ParseError", "TooLargeError", "parse_text"]


@dataclass(frozen=True)
class TextParseConfig:
    """Limits that keep a hostile answer cheap to refuse."""

    max_length: int = 20_000
    max_depth: int = 100
    max_digits: int = 10_000
    max_factorial: int = 1000


APPROX, OR, AND, NOT, REL, ADD, MUL, FUNC_ARG, POW, POSTFIX = 5, 10, 20, 25, 30, 40, 50, 55, 60, 70
RELATIONS = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, "<=": sp.Le, ">=": sp.Ge, "!=": sp.Ne}
INFIX = {"+": ADD, "-": ADD, "*": MUL, "/": MUL, "^": POW, "~": APPROX, "!": POSTFIX, "!!": POSTFIX,
         **dict.fromkeys(RELATIONS, REL)}
INFIX = {op: (bp, op) for op, bp in INFIX.items()}
CLOSERS = {"(": ")", "[": "]", "{": "}", "⌊": "⌋", "⌈": "⌉"}
IMPLICIT_STARTS = {"(", "sqrt", "cbrt", "root4", "⌊", "⌈"}
ROOTS = {"sqrt": 2, "cbrt": 3, "root4": 4}
CONSTANTS = {
    "pi": sp.pi, "%pi": sp.pi, "%e": sp.E, "%i": sp.I, "inf": sp.oo, "infinity": sp.oo,
    "minf": -sp.oo, "%phi": sp.GoldenRatio, "%gamma": sp.EulerGamma,
}
KEYWORDS = {"and", "or", "not", "true", "false"}
GROWTH = {"Theta": Theta, "O": BigO, "Omega": BigOmega}
FUNCTION_LETTERS = set("fghpFG")
PLAIN = {  # functions SymPy may evaluate freely; the others go through the size checks
    "exp": sp.exp, "ln": sp.log, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sec": sp.sec,
    "csc": sp.csc, "cot": sp.cot, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan, "sinh": sp.sinh,
    "cosh": sp.cosh, "tanh": sp.tanh, "abs": sp.Abs, "sign": sp.sign, "sgn": sp.sign,
    "floor": sp.floor, "ceiling": sp.ceiling, "ceil": sp.ceiling,
    "log10": lambda x: sp.log(x, 10), "lg": lambda x: sp.log(x, 10), "log2": lambda x: sp.log(x, 2),
    "log": sp.log, "max": sp.Max, "min": sp.Min,
}
FUNCTIONS = {**dict.fromkeys(PLAIN, (1, 1)), "log": (1, 2), "max": (1, 1000), "min": (1, 1000),
             "sqrt": (1, 1), "cbrt": (1, 1), "factorial": (1, 1), "binomial": (2, 2)}  # (fewest, most) arguments


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
    def __init__(self, tokens: list[Token], config: TextParseConfig):
        self.tokens, self.config = tokens, config
        self.pos, self.depth = 0, -1  # the whole answer is level 0
        self.bars = 0  # open |...| in the current bracket; a '|' after an operand closes one

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
        base, exponent = self.expr_only(base, col), self.expr_only(exponent, col)
        if power_digits(base, exponent) > self.config.max_digits:
            raise self.too_large("This power", col)
        return self.sized(self.make(col, sp.Pow, base, exponent), col)

    def factorial(self, n: sp.Basic, col: int, double: bool = False) -> sp.Expr:
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
            kind = "+" if op in ("+", "-") else "*" if op in ("*", "/", "implicit") else ""
            if run and kind != run_kind:
                left, run = self.close_run(run_kind, run, run_col), []
            if not kind:
                left = self.led(left, tok, op, bp)
                continue
            if not run:
                run, run_kind, run_col = [self.expr_only(left, tok.col)], kind, tok.col
            if op == "implicit":
                if tok.kind == "num" and self.tokens[self.pos - 1].kind == "num":
                    raise self.fail("Two numbers follow each other without an operator", tok.col)
            else:
                self.advance()
            right = self.expr_only(self.expr(bp), tok.col)
            if op == "-":
                right = self.make(tok.col, sp.Mul, sp.S.NegativeOne, right)
            elif op == "/":
                right = self.power(right, sp.S.NegativeOne, tok.col)
            run.append(right)
        self.depth -= 1
        return self.close_run(run_kind, run, run_col) if run else left

    def close_run(self, kind: str, run: list[sp.Expr], col: int) -> sp.Expr:
        return self.sized(self.make(col, sp.Add if kind == "+" else sp.Mul, *run), col)

    def infix(self, tok: Token) -> tuple[int, str]:
        """Binding power and operator of ``tok`` read after an operand (0: it ends the operand)."""
        if tok.kind == "sup":
            return POW, "sup"
        if tok.kind == "num":
            return MUL, "implicit"
        if tok.kind == "name":
            return {"and": (AND, "and"), "or": (OR, "or"), "not": (0, "")}.get(tok.text, (MUL, "implicit"))
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
        if op in ("and", "or"):
            right = self.condition(self.expr(bp), tok.col)
            return self.make(tok.col, sp.And if op == "and" else sp.Or, self.condition(left, tok.col), right)
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
        value = self.number(Token("num", body, tok.col)) if body.isdigit() else sp.Symbol(body)
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
        if tok.kind == "op" and text in ("-", "+"):
            value = self.expr_only(self.expr(MUL), tok.col)
            return self.make(tok.col, sp.Mul, sp.S.NegativeOne, value) if text == "-" else value
        if tok.kind == "op" and text in CLOSERS:
            items = self.items(tok)
            if text == "[":
                return sp.Tuple(*items)
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

    def sequence(self) -> list[sp.Basic]:
        """One or more comma-separated expressions."""
        items = [self.expr(0)]
        while self.at(","):
            self.advance()
            items.append(self.expr(0))
        return items

    def items(self, opener: Token) -> list[sp.Basic]:
        """The comma-separated items after ``opener``, through its closing bracket."""
        close = CLOSERS[opener.text]
        saved, self.bars = self.bars, 0
        items = [] if self.at(close) else self.sequence()
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
            return self.make(tok.col, sp.Function(name), *self.call_args(tok, 1, 1000))
        return sp.Symbol(name)

    def call_args(self, tok: Token, fewest: int, most: int) -> list[sp.Basic]:
        opener = self.advance()
        args = self.items(opener)
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
        args = [self.expr_only(arg, col) for arg in args]
        if name in PLAIN:
            value = self.make(col, PLAIN[name], *args)
        elif name in ROOTS:
            value = self.power(args[0], sp.Rational(1, ROOTS[name]), col)
        else:
            value = self.factorial(args[0], col) if name == "factorial" else self.binomial(*args, col)
        return self.sized(value, col) if exponent is None else self.power(value, exponent, col)


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
    try:
        items = parser.sequence()
    except RecursionError:  # only reachable when a caller raises max_depth far above 100
        raise TooLargeError("The answer nests too deeply to read at column 1.") from None
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.fail(f"Unexpected {_describe(tok)}", tok.col)
    return items[0] if len(items) == 1 else sp.Tuple(*items)
