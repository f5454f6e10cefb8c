"""Read answers typed as plain text, pasted Unicode, or STACK's Maxima syntax into SymPy.

The answer is untrusted data: it is tokenized (``graders.reading.text.tokens``) and read by a
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
The Maxima functions (``graders.reading.maxima``) are known only when written flush against ``(``.
Another name written flush against ``(`` is an undefined SymPy Function when it is
f, g, h, p, F, G or a word of two or more ASCII letters (``lowesttermsp(x)``); anything else
multiplies: ``d1(d1-1)``, ``x(1+x)``, ``fan_in(2)``, ``sigma(1-p)``, ``f (x)``.
A quote directly before a function name (Maxima's noun form ``'diff(...)``) is ignored.

Known functions and constants are tabled in ``graders.reading.text.functions``; values are built, with
their size checks, by ``graders.reading.text.values``.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.logic.boolalg import Boolean

from graders.reading.maxima import ASSUMED, MAXIMA_CALLS, OPTION, MaximaCalls
from graders.reading.text.functions import CONSTANTS, FUNCTION_LETTERS, FUNCTIONS, GROWTH, PLAIN, ROOTS
from graders.reading.text.tokens import GREEK_NAMES, ParseError, Token, TooLargeError, describe, tokenize

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
LOGIC = {"and": (AND, sp.And), "nand": (AND, sp.Nand), "or": (OR, sp.Or), "nor": (OR, sp.Nor),
         "xor": (OR, sp.Xor), "xnor": (OR, sp.Equivalent), "implies": (IMPLIES, sp.Implies)}
KEYWORDS = {*LOGIC, "not", "true", "false"}


class _Parser(MaximaCalls):
    """One reading of an answer: the grammar here, building in ``ValueBuilder``, Maxima in ``MaximaCalls``."""

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
                raise self.fail(f"The '|' opened at column {tok.col} is not closed before {describe(self.peek())}",
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
        raise self.fail(f"Unexpected {describe(tok)}", tok.col)

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

    def items(self, opener: Token, facts: bool = False, options: bool = False) -> list[sp.Basic]:
        """The comma-separated items after ``opener``, through its closing bracket."""
        close = CLOSERS[opener.text]
        saved, self.bars = self.bars, 0
        items = [] if self.at(close) else self.sequence(facts, options)
        tok = self.peek()
        if not self.at(close):
            raise self.fail(f"Expected '{close}' to close the '{opener.text}' from column {opener.col}, "
                            f"found {describe(tok)}", tok.col)
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
        raise parser.fail(f"Unexpected {describe(tok)}", tok.col)
    return items[0] if len(items) == 1 else sp.Tuple(*items)

