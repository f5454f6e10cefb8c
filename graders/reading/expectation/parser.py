"""The recursive-descent reader of one formula of a sampling answer into the engine's SymPy nodes."""
from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from derive.gradients.nodes import BaseDensity, ExpectationUnder, IsotropicNormal, SamplingLaw

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.cursor import Cursor, top_level
from graders.reading.expectation.notation import CALLED_LETTERS, Context
from graders.reading.expectation.numbers import checked_power, checked_product, checked_quotient, rational
from graders.reading.expectation.tokens import ExpectationToken, is_token, located

# General LaTeX readers take ``f(a+b)`` for a product and ``\mathbb{E}`` for a symbol, hence a reader of its
# own.  Every SymPy object is built with a constructor, so no text is ever evaluated.  Vectors are read one
# coordinate at a time, as the engine models them: the identity matrix is 1.

_U = sp.Dummy("u", real=True)  # one fixed point variable, so equal gradients compare equal
_LEADS = frozenset({"frac", "sqrt", "nabla", "partial", "E"})  # commands that begin a factor
_ELEMENTARY = {"log": sp.log, "ln": sp.log, "exp": sp.exp, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan}


def _gradient_of(operand: sp.Expr, variable: sp.Symbol | None) -> sp.Expr:
    """``\\nabla_v X``: the gradient of ``f`` at ``A`` when X is ``f(A)`` read that way, else d/dv by the chain rule."""
    if isinstance(operand, AppliedUndef) and len(operand.args) == 1:
        point = operand.args[0]
        if variable is None or point == variable or variable not in point.free_symbols:
            return operand.func(_U).diff(_U).subs(_U, point)
    if variable is None:
        raise ExpectationReadError("write the variable of this gradient as a subscript, as in \\nabla_\\mu")
    return sp.diff(operand, variable)


class Parser(Cursor):
    """Recursive descent over one token list, with the problem's notation at hand."""

    def __init__(self, tokens: list[ExpectationToken], ctx: Context, depth: int = 0):
        super().__init__(tokens, ctx.config.max_depth, depth)
        self.ctx = ctx

    def child(self, tokens: list[ExpectationToken]) -> Parser:
        """A parser for a slice (a subscript, a fraction's part) one level deeper."""
        if not tokens:
            raise located("something is missing", self.peek())
        return Parser(tokens, self.ctx, self.deeper())

    def probe(self, tokens: list[ExpectationToken]) -> Parser:
        """A parser for a slice at this same level, to try reading it a particular way."""
        return Parser(tokens, self.ctx, self.depth)

    def expr(self) -> sp.Expr:
        """Sums and differences of terms (added at once: repeated ``+`` is quadratic in SymPy)."""
        terms = [self.term()]
        while self.at("op", "+") or self.at("op", "-"):
            negative = self.next().text == "-"
            term = self.term()
            terms.append(-term if negative else term)
        return sp.Add(*terms)

    def term(self) -> sp.Expr:
        """Products, quotients, implicit products and evaluation bars ``|_{x=A}``."""
        factors = [self.unary()]
        while True:
            if self.accept("op", "*"):
                factors.append(self.unary())
            elif self.accept("op", "/"):
                factors.append(checked_quotient(sp.Integer(1), self.unary()))
            elif self.at("op", "|") and self.at("op", "_", 1):
                self.pos += 2
                pairs = self.child(self.script_tokens()).whole(Parser.assignments)
                factors = [checked_product(factors).subs(pairs, simultaneous=True)]
            elif self.starts_factor():
                factors.append(self.power())
            else:
                return checked_product(factors)

    def starts_factor(self) -> bool:
        """Whether the token ahead can begin a factor of an implicit product."""
        token = self.peek()
        if token is None:
            return False
        return token.kind in ("num", "name", "func", "open") or (token.kind == "cmd" and token.text in _LEADS)

    def unary(self) -> sp.Expr:
        """A signed power."""
        if self.at("op", "-") or self.at("op", "+"):
            negative = self.next().text == "-"
            value = self.descend(self.unary)
            return -value if negative else value
        return self.power()

    def power(self) -> sp.Expr:
        """An atom, raised to a power written after ``^``."""
        base = self.atom()
        if not self.accept("op", "^"):
            return base
        return checked_power(base, self.descend(self.unary))

    def atom(self) -> sp.Expr:
        """A number, a bracketed group, a name or call, or a construct led by a command."""
        token = self.peek()
        if token is None:
            raise ExpectationReadError("the answer stops in the middle of a formula")
        if token.kind == "num":
            return rational(self.next().text)
        if token.kind == "open":
            return self.group()
        if token.kind == "func":
            return self.elementary()
        if is_token(token, "op", "|"):
            return self.absolute()
        if token.kind == "cmd" and token.text in _LEADS:
            return {"frac": self.fraction, "sqrt": self.root, "nabla": self.gradient, "partial": self.gradient,
                    "E": self.expectation}[token.text]()
        if token.kind == "name":
            if self.ctx.means_expectation(token) and (self.at("op", "_", 1) or self.at("open", None, 1)):
                return self.expectation()
            return self.name()
        if is_token(token, "cmd", "N"):
            raise located("a law such as \\mathcal{N}(a, b) can only follow \\sim", token)
        raise located(f"unexpected {token.text!r}", token)

    def group(self) -> sp.Expr:
        """``( .. )``, ``[ .. ]``, ``{ .. }`` or ``\\{ .. \\}``."""
        opener = self.next()
        value = self.descend(self.expr)
        self.expect_close(opener)
        return value

    def absolute(self) -> sp.Expr:
        """``| .. |``."""
        self.next()
        value = self.descend(self.expr)
        if not self.accept("op", "|"):
            raise located("the absolute value is not closed", self.peek())
        return sp.Abs(value)

    def elementary(self) -> sp.Expr:
        """``\\log``, ``\\ln``, ``\\exp``, ``\\sin``..., applied to the next factor."""
        name = self.next().text
        subscript = self.subscript() if name == "log" else None
        base = self.child(subscript).whole(Parser.expr) if subscript is not None else None
        argument = self.descend(self.power)
        value = _ELEMENTARY[name](argument)
        return checked_quotient(value, sp.log(base)) if base is not None else value

    def fraction(self) -> sp.Expr:
        """``\\frac{a}{b}``, or the derivative operators ``\\frac{\\partial}{\\partial\\mu}``, ``\\frac{d}{d\\mu}``."""
        self.next()
        derivative = self.derivative_fraction()
        if derivative is not None:
            return derivative
        self.split_digits()
        numerator = self.argument()
        self.split_digits()
        return checked_quotient(numerator, self.argument())

    def split_digits(self) -> None:
        """TeX gives an unbraced argument one character: ``\\frac12`` is 1/2, so split a run of digits."""
        token = self.peek()
        if token is not None and token.kind == "num" and len(token.text) > 1 and token.text.isdigit():
            head = ExpectationToken("num", token.text[0], token.col)
            tail = ExpectationToken("num", token.text[1:], token.col + 1)
            self.tokens[self.pos:self.pos + 1] = [head, tail]

    def argument(self) -> sp.Expr:
        """A command's argument: a braced group (which counts its own level) or a single atom."""
        return self.group() if self.at("open", "{") else self.descend(self.atom)

    def leibniz(self) -> tuple[sp.Symbol, list[ExpectationToken]] | None:
        """After ``\\frac``: ``{\\partial X}{\\partial v}`` (or ``d``) as (v, X's tokens); None, unread, otherwise."""
        start = self.pos
        numerator = self.script_tokens() if self.peek() is not None else []
        denominator = self.script_tokens() if self.peek() is not None else []
        lead = numerator[0] if numerator else None
        if not (is_token(lead, "cmd", "partial") or (is_token(lead, "name", "d") and not self.ctx.declared("d"))) \
                or len(denominator) < 2 or not is_token(denominator[0], lead.kind, lead.text):
            self.pos = start
            return None
        return self.child(denominator[1:]).whole(Parser.symbol), numerator[1:]

    def derivative_fraction(self) -> sp.Expr | None:
        """The derivative a fraction writes in Leibniz's notation, or None for an ordinary fraction."""
        parts = self.leibniz()
        if parts is None:
            return None
        variable, numerator = parts
        operand = self.child(numerator).whole(Parser.expr) if numerator else self.descend(self.power)
        return _gradient_of(operand, variable)

    def root(self) -> sp.Expr:
        """``\\sqrt{a}`` or ``\\sqrt[n]{a}``."""
        self.next()
        degree = self.group() if self.at("open", "[") else sp.Integer(2)
        radicand = self.argument()
        return checked_power(radicand, checked_quotient(sp.Integer(1), degree))

    def gradient(self) -> sp.Expr:
        """``\\nabla_v X`` or ``\\partial_v X``: the gradient of the next factor only."""
        self.next()
        variable = self.operator_variable()
        return _gradient_of(self.descend(self.power), variable)

    def operator_variable(self) -> sp.Symbol | None:
        """The variable in the subscript of ``\\nabla_v`` or ``\\partial_v``, None without a subscript."""
        subscript = self.subscript()
        return self.child(subscript).whole(Parser.symbol) if subscript is not None else None

    def symbol(self) -> sp.Symbol:
        """A variable name, possibly subscripted (``\\mu``, ``x_1``)."""
        token = self.next()
        if token.kind != "name":
            raise located(f"expected a variable, not {token.text!r}", token)
        value = self.subscripted(token.text) if self.at("op", "_") else self.ctx.resolve(token.text)
        if not isinstance(value, sp.Symbol):
            raise located(f"{token.text} is not a variable", token)
        return value

    def subscripted(self, name: str, parts: list[ExpectationToken] | None = None) -> sp.Expr:
        """``x_1``, ``\\mu_{0}``: a name whose subscript holds only letters and digits."""
        if parts is None:
            self.next()
            parts = self.script_tokens()
        if not all(part.kind in ("name", "num") for part in parts):
            raise located(f"the subscript of {name} should be a plain name", parts[0] if parts else None)
        return self.ctx.resolve(f"{name}_{''.join(part.text for part in parts)}")

    def assignments(self) -> dict[sp.Symbol, sp.Expr]:
        """``x = A, y = B`` under an evaluation bar."""
        pairs = {}
        while True:
            variable = self.symbol()
            if not self.accept("op", "="):
                raise located("an evaluation bar needs x = value", self.peek())
            pairs[variable] = self.descend(self.expr)
            if not self.accept("op", ","):
                return pairs

    def name(self) -> sp.Expr:
        """A name: the identity, a symbol, a function call, a derivative ``f'(A)`` or a density ``p_\\theta(x)``."""
        name = self.next().text
        if name == "I" and not self.ctx.declared("I"):
            self.subscript()  # I_k: the size does not matter coordinate by coordinate
            return sp.Integer(1)
        if name not in CALLED_LETTERS and name not in self.ctx.families:
            return self.subscripted(name) if self.at("op", "_") else self.ctx.resolve(name)
        subscript = self.subscript()
        primes = 0
        while self.accept("op", "'"):
            primes += 1
        if self.at("open", "{") and self.at("open", "(", 1):
            return self.call(name, subscript, primes, self.child(self.script_tokens()).whole(Parser.arguments))
        if not self.at("open", "("):
            if primes or (subscript is not None and self.ctx.is_density(name)):
                raise located(f"{name} needs its argument in parentheses", self.peek())
            return self.ctx.resolve(name) if subscript is None else self.subscripted(name, subscript)
        return self.call(name, subscript, primes, self.arguments())

    def arguments(self) -> list[sp.Expr]:
        """The comma-separated arguments of a call (SymPy's LaTeX braces them: ``f{\\left(x\\right)}``)."""
        opener = self.next()
        values = [self.descend(self.expr)]
        # "p(x | theta)" and "p(x; theta)" name a density's parameter after its point
        while self.accept("op", ",") or self.accept("op", "|") or self.accept("sep", ";") or self.accept("op", ";"):
            values.append(self.descend(self.expr))
        self.expect_close(opener)
        return values

    def call(self, name: str, subscript: list[ExpectationToken] | None, primes: int, args: list[sp.Expr]) -> sp.Expr:
        """``f(A)``, ``g_\\theta(z)`` (the subscript is a last argument), ``f''(A)``, ``p_m(x)``, ``p(z)``."""
        if self.ctx.is_density(name):
            if primes or not 1 <= len(args) <= 2 or (len(args) == 2 and subscript is not None):
                raise ExpectationReadError(f"the density {name} takes one point (and its parameter: p(x | theta))")
            if len(args) == 2:
                return self.ctx.family_law(name, args[1]).density(args[0])
            if subscript is None and name == "p":
                return BaseDensity(args[0])
            law = self.ctx.family_law(name, self.parameter(subscript) if subscript else None)
            return law.density(args[0])
        if subscript is not None:
            args = [*args, self.child(subscript).whole(Parser.expr)]
        function = sp.Function(name)
        if not primes:
            return function(*args)
        if len(args) != 1:
            raise ExpectationReadError(f"{name}' is read only with one argument")
        return function(_U).diff(_U, primes).subs(_U, args[0])

    def parameter(self, tokens: list[ExpectationToken]) -> sp.Expr:
        """A family's parameter: ``\\theta``, ``0``, or ``\\mu=0`` (the value after the sign)."""
        equals = top_level(tokens, "op", "=")
        return self.child(tokens[equals[-1] + 1:] if equals else tokens).whole(Parser.expr)

    def law(self) -> SamplingLaw:
        """``\\mathcal{N}(a, b)``, ``N(a, b)``, ``p_m``, ``p(z)`` or ``p``."""
        token = self.peek()
        if (is_token(token, "cmd", "N") or is_token(token, "name", "N")) and self.at("open", "(", 1):
            return self.normal()
        if is_token(token, "name") and self.ctx.is_density(token.text):
            self.next()
            subscript = self.subscript()
            parameter = self.parameter(subscript) if subscript is not None else None
            if self.at("open", "("):
                self.arguments()  # p_\theta(x) names the law with its point
            return self.ctx.family_law(token.text, parameter)
        raise located("expected a law such as \\mathcal{N}(\\mu, \\sigma^2 I) or p_\\theta", token)

    def normal(self) -> IsotropicNormal:
        """``\\mathcal{N}(mean, variance)``."""
        self.next()
        opener = self.next()
        mean = self.descend(self.expr)
        if not self.accept("op", ","):
            raise located("a normal law needs a mean and a variance", self.peek())
        variance = self.descend(self.expr)
        self.expect_close(opener)
        return IsotropicNormal(mean, variance)

    def sampled_by(self, tokens: list[ExpectationToken], sim: int) -> tuple[sp.Symbol, SamplingLaw]:
        """``VAR \\sim LAW``, split at the index ``sim`` of its ``\\sim``."""
        return self.child(tokens[:sim]).whole(Parser.symbol), self.child(tokens[sim + 1:]).whole(Parser.law)

    def sampling(self, tokens: list[ExpectationToken]) -> tuple[sp.Symbol | None, SamplingLaw | None]:
        """An expectation's subscript: ``x \\sim LAW``, a variable alone, or a law alone."""
        if not tokens:
            return None, None  # E_{}[...]: nothing said; the defaults decide
        sims = top_level(tokens, "cmd", "sim")
        if sims:
            return self.sampled_by(tokens, sims[0])
        first, last = tokens[0], tokens[-1]
        if is_token(first, "name") and first.text != "N" and not self.ctx.is_density(first.text) \
                and last.kind != "close":
            return self.child(tokens).whole(Parser.symbol), None
        return None, self.child(tokens).whole(Parser.law)

    def expectation(self) -> ExpectationUnder:
        """``\\mathbb{E}_{x \\sim LAW}[body]``; a missing variable or law comes from the problem's defaults."""
        token = self.next()
        variable = law = None
        subscript = self.subscript()
        if subscript is not None:
            variable, law = self.sampling(subscript)
            if variable is not None and law is None and self.accept("cmd", "sim"):
                law = self.law()
        body = self.group() if self.at("open") else self.descend(self.term)
        if variable is None:
            variable = self.sampled_variable(body, token)
        if law is None:
            law = self.ctx.default_laws.get(variable)
            if law is None:
                raise located(f"say which law {variable} is drawn from, as in {variable} \\sim \\mathcal{{N}}(0, I)",
                              token)
        return ExpectationUnder(body, variable, law)

    def sampled_variable(self, body: sp.Expr, token: ExpectationToken) -> sp.Symbol:
        """The one variable with a default law that occurs in ``body``."""
        found = [symbol for symbol in self.ctx.default_laws if symbol in body.free_symbols]
        if len(found) != 1:
            raise located("say which variable this expectation is over, as in \\mathbb{E}_{z}", token)
        return found[0]
