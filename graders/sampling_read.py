"""Reading answers about expectations under sampling laws into the engine's SymPy nodes.

``\\nabla_\\mu F(\\mu) = \\mathbb{E}_{x \\sim \\mathcal{N}(\\mu, \\sigma^2 I)}[f(x)(x-\\mu)/\\sigma^2]`` becomes a
"gradient" statement whose value is an ``ExpectationUnder`` node.  General LaTeX readers take ``f(a+b)``
for a product and ``\\mathbb{E}`` for a symbol, so this is a small recursive-descent reader of its own.
Every SymPy object is built with a constructor; no text is ever evaluated.  Vectors are read one
coordinate at a time, as the engine models them: transposes are dropped and the identity matrix is 1.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from derive.sampling import BaseDensity, BaseLaw, DensityFamily, ExpectationUnder, IsotropicNormal, SamplingLaw

from .names import name_key
from .sampling_tokens import (Cursor, SamplingReadConfig, SamplingReadError, Token, check_text, checked_power,
                              checked_product, checked_quotient, is_token, located, rational, split_at,
                              split_statements, tokenize, top_level)

__all__ = ["Notation", "SamplingAnswer", "SamplingReadConfig", "SamplingReadError", "Statement",
           "read_sampling_answer"]

_U = sp.Dummy("u", real=True)  # one fixed point variable, so equal gradients compare equal
FUNCTION_LETTERS = frozenset("fFghpq")
OBJECTIVE_NAMES = frozenset("FJL")
_LEADS = frozenset({"frac", "sqrt", "nabla", "partial", "E"})  # commands that begin a factor
_ELEMENTARY = {"log": sp.log, "ln": sp.log, "exp": sp.exp, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan}


@dataclass(frozen=True)
class Notation:
    """What names mean in this problem."""

    symbols: Mapping[str, sp.Symbol]
    parameter_aliases: Mapping[str, str] = field(default_factory=dict)
    families: Mapping[str, Callable[[sp.Expr], SamplingLaw]] = field(default_factory=dict)
    default_laws: Mapping[str, SamplingLaw] = field(default_factory=dict)


@dataclass(frozen=True)
class Statement:
    """One statement of the answer: what it states (kind) and the value it gives."""

    kind: str
    value: sp.Basic
    lhs_latex: str = ""


@dataclass(frozen=True)
class SamplingAnswer:
    """The statements of an answer, in source order."""

    statements: tuple[Statement, ...]

    def latex(self) -> str:
        """The statements written back as LaTeX, joined by commas."""
        parts = []
        for statement in self.statements:
            value = sp.latex(statement.value)
            if statement.kind == "base_law":
                parts.append(rf"{statement.lhs_latex or 'z'} \sim {value}")
            else:
                parts.append(f"{statement.lhs_latex} = {value}" if statement.lhs_latex else value)
        return ", ".join(parts)


class _Context:
    """The notation turned into lookups, shared by every parser of one answer."""

    def __init__(self, notation: Notation, config: SamplingReadConfig):
        self.config = config
        self.by_key = {name_key(name): symbol for name, symbol in notation.symbols.items()}
        self.aliases = {name_key(name): target for name, target in notation.parameter_aliases.items()}
        self.families = dict(notation.families)
        self.default_laws = {self.resolve(name): law for name, law in notation.default_laws.items()}
        self.base_variables = {self.resolve("z")} | {s for s, law in self.default_laws.items() if not law.free_symbols}
        self.words = frozenset(notation.symbols) | frozenset(notation.parameter_aliases)

    def declared(self, name: str) -> bool:
        """Whether the problem gives ``name`` a meaning of its own."""
        return name_key(name) in self.by_key or name_key(name) in self.aliases

    def resolve(self, name: str) -> sp.Expr:
        """The symbol ``name`` stands for: declared, aliased, a constant, or a fresh real symbol."""
        key = name_key(name)
        if key in self.aliases:
            name = self.aliases[key]
            key = name_key(name)
        if key in self.by_key:
            return self.by_key[key]
        if name in ("pi", "e"):
            return sp.pi if name == "pi" else sp.E
        return sp.Symbol(name, real=True)

    def family_law(self, name: str, parameter: sp.Expr | None) -> SamplingLaw:
        """``p_m`` as a law: the problem's family, an arbitrary family, or the base law ``p``."""
        family = self.families.get(name)
        if parameter is None:
            if name != "p":
                raise SamplingReadError(f"the family {name} needs its parameter, as in {name}_\\theta")
            return BaseLaw()
        if family is None:
            if name != "p":
                raise SamplingReadError(f"{name} is not a family of laws in this problem")
            return DensityFamily(parameter)
        law = family(parameter)
        if not isinstance(law, SamplingLaw):
            raise SamplingReadError(f"the family {name} does not give a law")
        return law


def _gradient_of(operand: sp.Expr, variable: sp.Symbol | None) -> sp.Expr:
    """``\\nabla_v X``: the gradient of ``f`` at ``A`` when X is ``f(A)`` read that way, else d/dv by the chain rule."""
    if isinstance(operand, AppliedUndef) and len(operand.args) == 1:
        point = operand.args[0]
        if variable is None or point == variable or variable not in point.free_symbols:
            return operand.func(_U).diff(_U).subs(_U, point)
    if variable is None:
        raise SamplingReadError("write the variable of this gradient as a subscript, as in \\nabla_\\mu")
    return sp.diff(operand, variable)


class _Parser(Cursor):
    """Recursive descent over one token list, with the problem's notation at hand."""

    def __init__(self, tokens: list[Token], ctx: _Context, depth: int = 0):
        super().__init__(tokens, ctx.config.max_depth, depth)
        self.ctx = ctx

    def child(self, tokens: list[Token]) -> _Parser:
        """A parser for a slice (a subscript, a fraction's part) one level deeper."""
        if not tokens:
            raise located("something is missing", self.peek())
        return _Parser(tokens, self.ctx, self.deeper())

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
            if self.at("op", "*"):
                self.next()
                factors.append(self.unary())
            elif self.at("op", "/"):
                self.next()
                factors.append(checked_quotient(sp.Integer(1), self.unary()))
            elif self.at("op", "|") and self.at("op", "_", 1):
                self.pos += 2
                pairs = self.child(self.script_tokens()).whole(_Parser.assignments)
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
        if not self.at("op", "^"):
            return base
        self.next()
        return checked_power(base, self.descend(self.unary))

    def atom(self) -> sp.Expr:
        """A number, a bracketed group, a name or call, or a construct led by a command."""
        token = self.peek()
        if token is None:
            raise SamplingReadError("the answer stops in the middle of a formula")
        if token.kind == "num":
            return rational(self.next().text)
        if token.kind == "open":
            return self.group()
        if token.kind == "func":
            return self.elementary()
        if is_token(token, "op", "|"):
            self.next()
            value = self.descend(self.expr)
            if not self.at("op", "|"):
                raise located("the absolute value is not closed", self.peek())
            self.next()
            return sp.Abs(value)
        if token.kind == "cmd" and token.text in _LEADS:
            return {"frac": self.fraction, "sqrt": self.root, "nabla": self.gradient, "partial": self.gradient,
                    "E": self.expectation}[token.text]()
        if token.kind == "name":
            if token.text == "E" and not self.ctx.declared("E") and (self.at("op", "_", 1) or self.at("open", None, 1)):
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

    def elementary(self) -> sp.Expr:
        """``\\log``, ``\\ln``, ``\\exp``, ``\\sin``..., applied to the next factor."""
        name = self.next().text
        base = None
        if name == "log" and self.at("op", "_"):
            self.next()
            base = self.child(self.script_tokens()).whole(_Parser.expr)
        argument = self.descend(self.power)
        value = _ELEMENTARY[name](argument)
        return checked_quotient(value, sp.log(base)) if base is not None else value

    def fraction(self) -> sp.Expr:
        """``\\frac{a}{b}``, or the derivative operators ``\\frac{\\partial}{\\partial\\mu}``, ``\\frac{d}{d\\mu}``."""
        self.next()
        derivative = self.derivative_fraction()
        if derivative is not None:
            return derivative
        numerator = self.argument()
        return checked_quotient(numerator, self.argument())

    def argument(self) -> sp.Expr:
        """A command's argument: a braced group (which counts its own level) or a single atom."""
        return self.group() if self.at("open", "{") else self.descend(self.atom)

    def derivative_fraction(self) -> sp.Expr | None:
        """The derivative a fraction writes in Leibniz's notation, or None for an ordinary fraction."""
        parts = _leibniz(self)
        if parts is None:
            return None
        variable, numerator = parts
        operand = self.child(numerator).whole(_Parser.expr) if numerator else self.descend(self.power)
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
        variable = None
        if self.at("op", "_"):
            self.next()
            variable = self.child(self.script_tokens()).whole(_Parser.symbol)
        return _gradient_of(self.descend(self.power), variable)

    def symbol(self) -> sp.Symbol:
        """A variable name, possibly subscripted (``\\mu``, ``x_1``)."""
        token = self.next()
        if token.kind != "name":
            raise located(f"expected a variable, not {token.text!r}", token)
        value = self.subscripted(token.text) if self.at("op", "_") else self.ctx.resolve(token.text)
        if not isinstance(value, sp.Symbol):
            raise located(f"{token.text} is not a variable", token)
        return value

    def subscripted(self, name: str, parts: list[Token] | None = None) -> sp.Expr:
        """``x_1``, ``\\mu_{0}``: a name whose subscript holds only letters and digits."""
        if parts is None:
            self.next()
            parts = self.script_tokens()
        if not all(part.kind in ("name", "num") for part in parts):
            raise located(f"the subscript of {name} should be a plain name", parts[0] if parts else None)
        return self.ctx.resolve(f"{name}_{''.join(part.text for part in parts)}")

    def assignments(self) -> dict:
        """``x = A, y = B`` under an evaluation bar."""
        pairs = {}
        while True:
            variable = self.symbol()
            if not self.at("op", "="):
                raise located("an evaluation bar needs x = value", self.peek())
            self.next()
            pairs[variable] = self.descend(self.expr)
            if not self.at("op", ","):
                return pairs
            self.next()

    def name(self) -> sp.Expr:
        """A name: the identity, a symbol, a function call, a derivative ``f'(A)`` or a density ``p_\\theta(x)``."""
        token = self.next()
        name = token.text
        if name == "I" and not self.ctx.declared("I"):
            if self.at("op", "_"):
                self.next()
                self.script_tokens()  # I_k: the size does not matter coordinate by coordinate
            return sp.Integer(1)
        is_function = name in FUNCTION_LETTERS or name in self.ctx.families
        if not is_function:
            return self.subscripted(name) if self.at("op", "_") else self.ctx.resolve(name)
        subscript = None
        if self.at("op", "_"):
            self.next()
            subscript = self.script_tokens()
        primes = 0
        while self.at("op", "'"):
            self.next()
            primes += 1
        if self.at("open", "{") and self.at("open", "(", 1):
            return self.call(name, subscript, primes, self.child(self.script_tokens()).whole(_Parser.arguments))
        if not self.at("open", "("):
            if primes or (subscript is not None and (name == "p" or name in self.ctx.families)):
                raise located(f"{name} needs its argument in parentheses", self.peek())
            return self.ctx.resolve(name) if subscript is None else self.subscripted(name, subscript)
        return self.call(name, subscript, primes, self.arguments())

    def arguments(self) -> list[sp.Expr]:
        """The comma-separated arguments of a call (SymPy's LaTeX braces them: ``f{\\left(x\\right)}``)."""
        opener = self.next()
        values = [self.descend(self.expr)]
        while self.at("op", ","):
            self.next()
            values.append(self.descend(self.expr))
        self.expect_close(opener)
        return values

    def call(self, name: str, subscript: list[Token] | None, primes: int, args: list[sp.Expr]) -> sp.Expr:
        """``f(A)``, ``g_\\theta(z)`` (the subscript is a last argument), ``f''(A)``, ``p_m(x)``, ``p(z)``."""
        if name == "p" or name in self.ctx.families:
            if len(args) != 1 or primes:
                raise SamplingReadError(f"the density {name} takes one point")
            if subscript is None and name == "p":
                return BaseDensity(args[0])
            law = self.ctx.family_law(name, self.parameter(subscript) if subscript else None)
            return law.density(args[0])
        if subscript is not None:
            args = [*args, self.child(subscript).whole(_Parser.expr)]
        function = sp.Function(name)
        if not primes:
            return function(*args)
        if len(args) != 1:
            raise SamplingReadError(f"{name}' is read only with one argument")
        return function(_U).diff(_U, primes).subs(_U, args[0])

    def parameter(self, tokens: list[Token]) -> sp.Expr:
        """A family's parameter: ``\\theta``, ``0``, or ``\\mu=0`` (the value after the sign)."""
        equals = top_level(tokens, lambda t: is_token(t, "op", "="))
        return self.child(tokens[equals[-1] + 1:] if equals else tokens).whole(_Parser.expr)

    def law(self) -> SamplingLaw:
        """``\\mathcal{N}(a, b)``, ``N(a, b)``, ``p_m``, ``p(z)`` or ``p``."""
        token = self.peek()
        if (is_token(token, "cmd", "N") or is_token(token, "name", "N")) and self.at("open", "(", 1):
            self.next()
            opener = self.next()
            mean = self.descend(self.expr)
            if not self.at("op", ","):
                raise located("a normal law needs a mean and a variance", self.peek())
            self.next()
            variance = self.descend(self.expr)
            self.expect_close(opener)
            return IsotropicNormal(mean, variance)
        if is_token(token, "name") and (token.text == "p" or token.text in self.ctx.families):
            self.next()
            parameter = None
            if self.at("op", "_"):
                self.next()
                parameter = self.parameter(self.script_tokens())
            if self.at("open", "("):
                self.arguments()  # p_\theta(x) names the law with its point
            return self.ctx.family_law(token.text, parameter)
        raise located("expected a law such as \\mathcal{N}(\\mu, \\sigma^2 I) or p_\\theta", token)

    def sampling(self, tokens: list[Token]) -> tuple[sp.Symbol | None, SamplingLaw | None]:
        """An expectation's subscript: ``x \\sim LAW``, a variable alone, or a law alone."""
        sims = top_level(tokens, lambda t: is_token(t, "cmd", "sim"))
        if sims:
            return (self.child(tokens[:sims[0]]).whole(_Parser.symbol),
                    self.child(tokens[sims[0] + 1:]).whole(_Parser.law))
        first, last = tokens[0], tokens[-1]
        if is_token(first, "name") and first.text not in ("N", "p", *self.ctx.families) and last.kind != "close":
            return self.child(tokens).whole(_Parser.symbol), None
        return None, self.child(tokens).whole(_Parser.law)

    def expectation(self) -> ExpectationUnder:
        """``\\mathbb{E}_{x \\sim LAW}[body]``; a missing variable or law comes from the problem's defaults."""
        token = self.next()
        variable = law = None
        if self.at("op", "_"):
            self.next()
            variable, law = self.sampling(self.script_tokens())
            if variable is not None and law is None and self.at("cmd", "sim"):
                self.next()
                law = self.law()
        if self.at("open"):
            body = self.group()
        else:
            body = self.descend(self.term)
        if variable is None:
            variable = self.sampled_variable(body, token)
        if law is None:
            law = self.ctx.default_laws.get(variable)
            if law is None:
                raise located(f"say which law {variable} is drawn from, as in {variable} \\sim \\mathcal{{N}}(0, I)",
                             token)
        return ExpectationUnder(body, variable, law)

    def sampled_variable(self, body: sp.Expr, token: Token) -> sp.Symbol:
        """The one variable with a default law that occurs in ``body``."""
        found = [symbol for symbol in self.ctx.default_laws if symbol in body.free_symbols]
        if len(found) != 1:
            raise located("say which variable this expectation is over, as in \\mathbb{E}_{z}", token)
        return found[0]


def _statement(tokens: list[Token], ctx: _Context) -> Statement:
    """One statement: ``LHS = RHS`` (chains keep the first and last members), ``VAR \\sim LAW`` or a value."""
    parser = _Parser(tokens, ctx)
    equals = top_level(tokens, lambda t: is_token(t, "op", "="))
    sims = top_level(tokens, lambda t: is_token(t, "cmd", "sim"))
    if sims and not equals and not _leads_expectation(tokens, ctx):
        variable = parser.child(tokens[:sims[0]]).whole(_Parser.symbol)
        return Statement("base_law", parser.child(tokens[sims[0] + 1:]).whole(_Parser.law), sp.latex(variable))
    members = split_at(tokens, equals)
    if any(not member for member in members):
        raise located("each side of '=' needs something", tokens[equals[0]])
    if len(members) == 1:
        return Statement("value", parser.whole(_Parser.expr))
    return _classify(members[0], members[-1], parser)


def _leads_expectation(tokens: list[Token], ctx: _Context) -> bool:
    """Whether ``tokens`` open with an expectation (plain ``E_x ~ N(..)[..]`` is not a statement ``x ~ N``)."""
    return is_token(tokens[0], "cmd", "E") or (is_token(tokens[0], "name", "E") and not ctx.declared("E"))


def _classify(lhs: list[Token], rhs: list[Token], parser: _Parser) -> Statement:
    """Say what the left side names: a gradient, the objective, an integrand, a sampler or a base law."""
    shape = _lhs_shape(lhs, parser)
    if shape is None:
        return _expression_statement(lhs, rhs, parser)
    operator, variable, name, subscript, args = shape
    if name == "p" and not operator:
        law = _law_or_none(rhs, parser) if subscript is None and len(args or []) <= 1 else None
        if law is None:
            return _expression_statement(lhs, rhs, parser)
        return Statement("base_law", law, sp.latex(args[0] if args else parser.ctx.resolve("z")))
    if operator and name not in OBJECTIVE_NAMES:
        return _expression_statement(lhs, rhs, parser)
    value = parser.child(rhs).whole(_Parser.expr)
    head = name if name in FUNCTION_LETTERS | OBJECTIVE_NAMES else sp.latex(parser.ctx.resolve(name))
    call = head + (f"_{{{sp.latex(subscript)}}}" if subscript is not None else "")
    call += f"({', '.join(sp.latex(a) for a in args)})" if args else ""
    if operator:
        parameter = variable if variable is not None else (args[0] if args else None)
        nabla = rf"\nabla_{{{sp.latex(parameter)}}}" if parameter is not None else r"\nabla"
        return Statement("gradient", value, f"{nabla} {call}")
    if name in OBJECTIVE_NAMES:
        return Statement("objective", value, call)
    return Statement(_sampler_or_integrand(name, subscript, args, value, parser.ctx), value, call)


def _law_or_none(tokens: list[Token], parser: _Parser) -> SamplingLaw | None:
    """The law ``tokens`` write, or None when they write something else (a density formula)."""
    try:
        return parser.child(tokens).whole(_Parser.law)
    except SamplingReadError:
        return None


def _sampler_or_integrand(name: str, subscript, args, value: sp.Expr, ctx: _Context) -> str:
    """``g(z, \\theta)``, ``g_\\theta(z)``, ``g(z)`` and ``x = ..`` are samplers; ``g(x)`` is an integrand."""
    has_expectation = value.has(ExpectationUnder)
    base = ctx.base_variables
    if name not in FUNCTION_LETTERS:
        return "sampler" if not has_expectation and value.free_symbols & base else "value"
    if subscript is not None or len(args or []) >= 2 or (args and args[0] in base):
        return "sampler"
    if not args and not has_expectation and value.free_symbols & base:
        return "sampler"
    return "value" if has_expectation else "integrand"


def _lhs_shape(tokens: list[Token], parser: _Parser):
    """``[\\nabla_v] NAME[_s][(args)]`` as (operator, v, NAME, s, args), or None for any other left side."""
    operator, variable, rest = False, None, tokens
    if rest and (is_token(rest[0], "cmd", "nabla") or is_token(rest[0], "cmd", "partial")):
        operator, probe = True, _Parser(rest, parser.ctx, parser.depth)
        probe.next()
        if probe.at("op", "_"):
            probe.next()
            variable = probe.child(probe.script_tokens()).whole(_Parser.symbol)
        rest = rest[probe.pos:]
    elif rest and is_token(rest[0], "cmd", "frac"):
        probe = _Parser(rest, parser.ctx, parser.depth)
        probe.next()
        parts = _leibniz(probe)
        if parts is None or (parts[1] and probe.pos < len(rest)):
            return None
        operator, (variable, inner) = True, parts
        rest = inner or rest[probe.pos:]
    if not rest or not is_token(rest[0], "name"):
        return None
    probe = _Parser(rest, parser.ctx, parser.depth)
    name = probe.next().text
    subscript = args = None
    if probe.at("op", "_"):
        probe.next()
        subscript = probe.child(probe.script_tokens()).whole(_Parser.expr)
    if probe.at("open", "("):
        args = probe.arguments()
    if probe.peek() is not None:
        return None
    if not operator and name not in FUNCTION_LETTERS | OBJECTIVE_NAMES and (subscript is not None or args):
        return None
    return operator, variable, name, subscript, args


def _leibniz(parser: _Parser) -> tuple[sp.Symbol, list[Token]] | None:
    """After ``\\frac``: ``{\\partial X}{\\partial v}`` (or ``d``) as (v, X's tokens); None, unread, otherwise."""
    start = parser.pos
    numerator = parser.script_tokens() if parser.peek() is not None else []
    denominator = parser.script_tokens() if parser.peek() is not None else []
    lead = numerator[0] if numerator else None
    if not (is_token(lead, "cmd", "partial") or (is_token(lead, "name", "d") and not parser.ctx.declared("d"))) \
            or len(denominator) < 2 or not is_token(denominator[0], lead.kind, lead.text):
        parser.pos = start
        return None
    return parser.child(denominator[1:]).whole(_Parser.symbol), numerator[1:]


def _expression_statement(lhs: list[Token], rhs: list[Token], parser: _Parser) -> Statement:
    """A left side that is an expression: a gradient or an objective when it holds an expectation."""
    left = parser.child(lhs).whole(_Parser.expr)
    value = parser.child(rhs).whole(_Parser.expr)
    kind = "value"
    if left.has(ExpectationUnder):
        differentiated = any(is_token(t, "cmd", "nabla") or is_token(t, "cmd", "partial") for t in lhs)
        kind = "gradient" if differentiated else "objective"
    return Statement(kind, value, sp.latex(left))


def read_sampling_answer(text: str, notation: Notation,
                         config: SamplingReadConfig = SamplingReadConfig()) -> SamplingAnswer:
    """Read an answer's statements about expectations under sampling laws, in source order."""
    if not isinstance(text, str):
        raise SamplingReadError("the answer must be text")
    check_text(text, config)
    ctx = _Context(notation, config)
    try:
        statements = [_statement(part, ctx) for part in split_statements(tokenize(text, ctx.words))]
    except SamplingReadError:
        raise
    except RecursionError as error:
        raise SamplingReadError("the answer nests too deeply to read", too_large=True) from error
    except (TypeError, ValueError, ArithmeticError) as error:
        raise SamplingReadError(f"could not read the answer: {str(error)[:160]}") from error
    if not statements:
        raise SamplingReadError("the answer is empty")
    for statement in statements:
        if statement.value.has(sp.zoo, sp.nan):
            raise SamplingReadError("the answer has an undefined value (a division by zero or a log of zero)")
    return SamplingAnswer(tuple(statements))
