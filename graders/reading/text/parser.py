"""Read answers typed as plain text, pasted Unicode, or STACK's Maxima syntax into SymPy.

The answer is untrusted data: it is tokenized (``graders.reading.text.tokens``) and read by a
precedence-climbing (Pratt) parser that builds SymPy objects with their constructors;
no string ever reaches eval, exec, sympify or parse_expr.

The grammar (binding powers, and each decision about what a notation means) is tabled in
``graders.reading.text.grammar``. Known functions and constants are tabled in ``graders.reading.text.functions``; a
``ValueBuilder`` (``graders.reading.text.values``) builds every value, with its size checks.
"""
from __future__ import annotations

from typing import Mapping

import sympy as sp
from sympy.logic.boolalg import Boolean

from graders.reading.errors import TextParseError, TextTooLargeError, TooLargeError
from graders.reading.maxima import MAXIMA_CALLS
from graders.reading.notation import GREEK_NAMES
from graders.reading.text.calls import ASSUMED, OPTION, CallHandler, FunctionName
from graders.reading.text.functions import CALLED_LETTERS, CONSTANTS, FUNCTIONS, GROWTH, ROOTS
from graders.reading.text.grammar import (APPROX, CLOSERS, FUNC_ARG, IMPLICIT_STARTS, INFIX, KEYWORDS, LOGIC, MUL, NOT,
                                          POW, REL, RELATIONS)
from graders.reading.text.tokens import TextToken, describe, tokenize_text
from graders.reading.text.values import TextParseConfig, ValueBuilder

__all__ = ["ParseError", "TextParseConfig", "TooLargeError", "parse_text"]

ParseError = TextParseError  # the name callers of the text reader have always caught

class _Parser:
    """One reading of an answer: the grammar; values are built by ``values``, calls of ``calls`` by their handlers."""

    def __init__(self, tokens: list[TextToken], config: TextParseConfig, calls: Mapping[str, CallHandler],
                 sign: int = 1):
        self.tokens, self.config, self.calls = tokens, config, calls
        self.values = ValueBuilder(config)
        self.pos, self.depth = 0, -1  # the whole answer is level 0
        self.bars = 0  # open |...| in the current bracket; a '|' after an operand closes one
        self.sign, self.signs = sp.Integer(sign), 0  # the value of ± in this reading; how many were read

    # -- token stream ----------------------------------------------------------
    def peek(self) -> TextToken:
        """The token ahead."""
        return self.tokens[self.pos]

    def advance(self) -> TextToken:
        """Consume the token ahead (never past the end) and return it."""
        tok = self.tokens[self.pos]
        self.pos += tok.kind != "end"
        return tok

    def at(self, text: str) -> bool:
        """Whether the token ahead is the operator ``text``."""
        tok = self.tokens[self.pos]
        return tok.kind == "op" and tok.text == text

    # -- Pratt core ------------------------------------------------------------------
    def enter(self) -> None:
        """Count one level of nesting; all recursion passes through here, so the stack stays small."""
        self.depth += 1
        if self.depth > self.config.max_depth:
            col = self.tokens[self.pos - 1].col if self.pos else 1  # the bracket or operator that opened it
            raise TextTooLargeError(f"The answer nests deeper than {self.config.max_depth} levels at column "
                                    f"{col}.")

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
                run, run_kind, run_col = [self.values.arith(left, tok.col)], kind, tok.col
            if op == "implicit":
                if tok.kind == "num" and self.tokens[self.pos - 1].kind == "num":
                    raise self.values.fail("Two numbers follow each other without an operator", tok.col)
            else:
                self.advance()
            right = self.values.arith(self.expr(bp), tok.col)
            if op in ("-", "±", "∓"):
                right = self.negate(right, tok.col, op)
            elif op == "/":
                right = self.values.power(right, sp.S.NegativeOne, tok.col)
            run.append(right)
        self.depth -= 1
        return self.close_run(run_kind, run, run_col) if run else left

    def close_run(self, kind: str, run: list[sp.Basic], col: int) -> sp.Basic:
        """The sum or product of a run of terms or factors, built at once."""
        ctor, values = (sp.Add if kind == "+" else sp.Mul), self.values
        return values.lift(col, lambda *terms: values.sized(values.make(col, ctor, *terms), col), *run)

    def negate(self, value: sp.Basic, col: int, op: str = "-") -> sp.Basic:
        """``-value``; for ``±`` and ``∓`` the sign of this reading of the answer."""
        factor = sp.S.NegativeOne
        if op in ("±", "∓"):
            self.signs += 1
            factor = self.sign if op == "±" else -self.sign
        return self.values.lift(col, lambda v: self.values.make(col, sp.Mul, factor, v), value)

    def infix(self, tok: TextToken) -> tuple[int, str]:
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

    def led(self, left: sp.Basic, tok: TextToken, op: str, bp: int) -> sp.Basic:
        """Apply the non-arithmetic infix or postfix operator ``tok`` to ``left``."""
        self.advance()
        if op == "^":
            return self.values.power(left, self.expr(POW - 1), tok.col)  # right-associative
        if op == "sup":
            return self.values.power(left, self.values.superscript(tok.text, tok.col), tok.col)
        if op in ("!", "!!"):
            return self.values.factorial(left, tok.col, double=op == "!!")
        if op == "~":
            self.expr(APPROX)  # the approximation after ≈ must be well formed, and is dropped
            return left
        if op in LOGIC:
            right = self.values.condition(self.expr(bp), tok.col)
            return self.values.make(tok.col, LOGIC[op][1], self.values.condition(left, tok.col), right)
        links, prev = [], self.values.expr_only(left, tok.col)
        while True:
            right = self.values.expr_only(self.expr(REL), tok.col)
            links.append(self.values.make(tok.col, RELATIONS[tok.text], prev, right, evaluate=False))
            prev, tok = right, self.peek()
            if not (tok.kind == "op" and tok.text in RELATIONS):
                break
            self.advance()
        return links[0] if len(links) == 1 else self.values.make(tok.col, sp.And, *links)

    def operand(self, tok: TextToken) -> sp.Basic:
        """Read the operand that starts with ``tok``."""
        if tok.kind == "num":
            value = self.values.number(tok.text, tok.col)
            if self.at("%"):
                value = self.values.make(self.advance().col, sp.Mul, value, sp.Rational(1, 100))
            return value
        if tok.kind == "name":
            return self.name(tok)
        if tok.kind == "end":
            raise self.values.fail("The answer ends where a value is expected", tok.col)
        text = tok.text
        if tok.kind == "op" and text in ("-", "+", "±", "∓"):
            value = self.values.arith(self.expr(MUL), tok.col)
            return value if text == "+" else self.negate(value, tok.col, text)
        if tok.kind == "op" and text in CLOSERS:
            items = self.items(tok, facts=text == "(")
            if text == "[":
                return self.values.listed(items)
            if text == "{":
                return self.values.make(tok.col, sp.FiniteSet, *items, evaluate=False) if items else sp.S.EmptySet
            if not items:
                raise self.values.fail("Empty brackets hold no value", tok.col)
            if text != "(":
                if len(items) != 1:
                    raise self.values.fail("Floor and ceiling brackets hold one value", tok.col)
                rounding = sp.floor if text == "⌊" else sp.ceiling
                return self.values.make(tok.col, rounding, self.values.expr_only(items[0], tok.col))
            return items[0] if len(items) == 1 else sp.Tuple(*items)
        if tok.kind == "op" and text == "|":
            self.bars += 1
            inner = self.values.expr_only(self.expr(0), tok.col)
            if not self.at("|"):
                raise self.values.fail(f"The '|' opened at column {tok.col} is not closed before "
                                       f"{describe(self.peek())}", self.peek().col)
            self.advance()
            self.bars -= 1
            return self.values.make(tok.col, sp.Abs, inner)
        if tok.kind == "op" and text in ROOTS:
            self.enter()
            radicand = self.operand(self.advance())
            self.depth -= 1
            return self.values.power(radicand, sp.Rational(1, ROOTS[text]), tok.col)
        if tok.kind == "sup":
            raise self.values.fail("A superscript needs something before it", tok.col)
        raise self.values.fail(f"Unexpected {describe(tok)}", tok.col)

    def sequence(self, facts: bool = False, options: bool = False) -> list[sp.Basic]:
        """One or more comma-separated expressions.

        In a Maxima sequence (the whole answer, or ``(...)``) leading ``assume(...)`` and
        ``declare(...)`` items are read as facts and dropped: ``(assume(a > 0), e)`` is ``e``.
        With ``options``, an item ``name: value`` is read and dropped.
        """
        items = []
        while True:  # one loop, no helper: deep nesting must cost as few Python frames as possible
            tok = self.peek()
            handler = self.calls.get(tok.text) if facts and tok.kind == "name" and tok.call else None
            if handler is not None and handler.fact:
                self.advance()
                items.append(self.call(tok, handler))
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
                raise self.values.fail("assume(...) and declare(...) need a value after them", col)
            if any(item is not ASSUMED for item in items[:-1]):
                raise self.values.fail("assume(...) and declare(...) come first, then one value", col)
            items = items[-1:]
        return items

    def items(self, opener: TextToken, facts: bool = False, options: bool = False) -> list[sp.Basic]:
        """The comma-separated items after ``opener``, through its closing bracket."""
        close = CLOSERS[opener.text]
        saved, self.bars = self.bars, 0
        items = [] if self.at(close) else self.sequence(facts, options)
        tok = self.peek()
        if not self.at(close):
            raise self.values.fail(f"Expected '{close}' to close the '{opener.text}' from column {opener.col}, "
                                   f"found {describe(tok)}", tok.col)
        self.advance()
        self.bars = saved
        return items

    def name(self, tok: TextToken) -> sp.Basic:
        """A name: a keyword, a constant, a call (known, of the table, or undefined) or a symbol."""
        name = tok.text
        if name in ("true", "false"):
            return sp.true if name == "true" else sp.false
        if name == "not":
            return self.values.make(tok.col, sp.Not, self.values.condition(self.expr(NOT), tok.col))
        if name in KEYWORDS:
            raise self.values.fail(f"'{name}' needs a condition before it", tok.col)
        if name in CONSTANTS:
            return CONSTANTS[name]
        handler = self.calls.get(name) if tok.call else None
        if handler is not None and not handler.fact:
            return self.call(tok, handler)
        if name.startswith("%"):
            raise self.values.fail(f"Unknown Maxima constant {name!r}", tok.col)
        if name in GROWTH and self.at("("):
            args = self.call_args(tok, 1, 1)
            return self.values.make(tok.col, GROWTH[name], self.values.expr_only(args[0], tok.col))
        if name in FUNCTIONS:
            return self.function(tok)
        base = name.rstrip("'")
        if tok.call and self.several_arguments():  # scientific_notation(1500, 3) calls; a product has no commas
            return self.values.undefined(name, tok.col, self.call_args(tok, 2, 1000))
        if tok.call and (base in CALLED_LETTERS or len(base) > 1 and base.isascii() and base.isalpha()
                         and base not in GREEK_NAMES and base not in CONSTANTS):
            return self.values.undefined(name, tok.col, self.call_args(tok, 1, 1000))
        return self.values.symbol(name, tok.col)

    def several_arguments(self) -> bool:
        """Whether the bracket ahead holds a comma at its own level."""
        depth = 0
        for tok in self.tokens[self.pos:]:
            if tok.kind == "op" and tok.text in CLOSERS:
                depth += 1
            elif tok.kind == "op" and tok.text in CLOSERS.values():
                depth -= 1
                if depth == 0:
                    return False
            elif tok.kind == "op" and tok.text == "," and depth == 1:
                return True
            elif tok.kind == "end":
                return False
        return False

    def call(self, tok: TextToken, handler: CallHandler) -> sp.Basic:
        """A call of a table's function: its arguments read as ``handler`` says, its value from ``handler``."""
        args = self.function_and_value(handler) if handler.takes_function is not None else None
        if args is None:
            self.values.downcase += handler.downcase
            args = self.call_args(tok, handler.fewest, handler.most, options=handler.options)
            self.values.downcase -= handler.downcase
        return handler.handler(self.values, tok.text, tok.col, args)

    def function_and_value(self, handler: CallHandler) -> list | None:
        """``[f, value]`` after a call's name, for an ``f`` the handler takes bare; None, unread, otherwise."""
        ahead = self.tokens[self.pos + 1:self.pos + 3]
        if len(ahead) < 2 or ahead[0].kind != "name" or not (ahead[1].kind == "op" and ahead[1].text == ",") \
                or not handler.takes_function(ahead[0].text):
            return None
        opener, function, _ = self.advance(), self.advance(), self.advance()
        saved, self.bars = self.bars, 0
        value = self.expr(0)
        if not self.at(")"):
            raise self.values.fail(f"Expected ')' to close the '(' from column {opener.col}, "
                                   f"found {describe(self.peek())}", self.peek().col)
        self.advance()
        self.bars = saved
        return [FunctionName(function.text), value]

    def call_args(self, tok: TextToken, fewest: int, most: int, options: bool = False) -> list[sp.Basic]:
        """The bracketed arguments of the call ``tok``, between ``fewest`` and ``most`` of them."""
        opener = self.advance()
        args = self.items(opener, options=options)
        if not args:
            raise self.values.fail(f"The parentheses after '{tok.text}' are empty", opener.col)
        if not fewest <= len(args) <= most:
            wanted = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise self.values.fail(f"'{tok.text}' takes {wanted} argument(s), not {len(args)},", tok.col)
        return args

    def function(self, tok: TextToken) -> sp.Basic:
        """A known function, called as f(x), f x, or f²(x) meaning f(x)²."""
        name, col, values = tok.text, tok.col, self.values
        exponent = None
        if self.peek().kind == "sup":
            sup = self.advance()
            if sup.text.startswith("-"):
                raise values.fail(f"'{name}' with a negative superscript is ambiguous; write arc{name} or "
                                       f"1/{name}", sup.col)
            exponent = self.values.superscript(sup.text, sup.col)
        fewest, most = FUNCTIONS[name]
        args = self.call_args(tok, fewest, most) if self.at("(") else [self.expr(FUNC_ARG)]
        if len(args) < fewest:
            raise values.fail(f"'{name}' takes {fewest} arguments in parentheses", col)
        value = values.known_function(name, args, col)
        return values.sized(value, col) if exponent is None else values.power(value, exponent, col)


def parse_text(text: str, config: TextParseConfig = TextParseConfig(),
               calls: Mapping[str, CallHandler] = MAXIMA_CALLS) -> sp.Basic:
    """Read an answer typed as plain text, Unicode or Maxima syntax into a SymPy object; ``calls`` are the
    functions, Maxima's by default, whose calls their handlers read."""
    if not isinstance(text, str):
        raise TextParseError("The answer must be text, found something else at column 1.")
    if len(text) > config.max_length:
        raise TextTooLargeError(f"The answer has {len(text)} characters, more than the limit of "
                                f"{config.max_length}, at column {config.max_length + 1}.")
    tokens = tokenize_text(text)
    if tokens[0].kind == "end":
        raise TextParseError("The answer is empty at column 1.")
    parser = _Parser(tokens, config, calls)
    value = _read(parser)
    if not parser.signs:
        return value
    other = _read(_Parser(tokens, config, calls, sign=-1))  # the same answer with - for every ±
    if other == value:
        return value
    if isinstance(value, Boolean) and isinstance(other, Boolean):
        return sp.Or(value, other)
    return sp.FiniteSet(value, other)


def _read(parser: _Parser) -> sp.Basic:
    try:
        items = parser.sequence(facts=True)
    except RecursionError:  # only reachable when a caller raises max_depth far above 100
        raise TextTooLargeError("The answer nests too deeply to read at column 1.") from None
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.values.fail(f"Unexpected {describe(tok)}", tok.col)
    return items[0] if len(items) == 1 else sp.Tuple(*items)

