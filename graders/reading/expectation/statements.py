"""Statements of a sampling answer: splitting the tokens into statements, and saying what each states."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from derive.gradients.nodes import ExpectationUnder, SamplingLaw

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.cursor import depth_change, split_at, top_level
from graders.reading.expectation.notation import CALLED_LETTERS, OBJECTIVE_NAMES, Context
from graders.reading.expectation.parser import Parser
from graders.reading.expectation.tokens import ExpectationToken, is_token, located

_NAMED_HEADS = CALLED_LETTERS | OBJECTIVE_NAMES


@dataclass(frozen=True)
class Statement:
    """One statement of the answer: what it states (kind) and the value it gives."""

    kind: str
    value: sp.Basic
    lhs_latex: str = ""


class _LeftSide(NamedTuple):
    """A left side ``[\\nabla_v] NAME[_s][(args)]``: whether it is differentiated, v, NAME, s and args."""

    operator: bool
    variable: sp.Symbol | None
    name: str
    subscript: sp.Expr | None
    args: list[sp.Expr] | None


def split_statements(tokens: list[ExpectationToken]) -> list[list[ExpectationToken]]:
    """Split at top-level separators and commas; inside brackets a separator is only spacing."""
    parts: list[list[ExpectationToken]] = [[]]
    depth = 0
    for token in tokens:
        depth += depth_change(token)
        if depth < 0:
            raise located(f"the bracket {token.text!r} closes nothing", token)
        if depth == 0 and (token.kind == "sep" or is_token(token, "op", ",")):
            parts.append([])
        elif token.kind != "sep":
            parts[-1].append(token)
    if depth > 0:
        raise ExpectationReadError("a bracket is opened and never closed")
    for part in parts:
        while part and is_token(part[-1], "op", "."):
            part.pop()  # the full stop of a sentence
    return [part for part in parts if part]


def read_statement(tokens: list[ExpectationToken], ctx: Context) -> Statement:
    """One statement: ``LHS = RHS`` (chains keep the first and last members), ``VAR \\sim LAW`` or a value."""
    parser = Parser(tokens, ctx)
    equals = top_level(tokens, "op", "=")
    sims = top_level(tokens, "cmd", "sim")
    # ``E_x ~ N(..)[..]`` is an expectation, not the statement ``x ~ N(..)``
    if sims and not equals and not ctx.means_expectation(tokens[0]):
        variable, law = parser.sampled_by(tokens, sims[0])
        return Statement("base_law", law, sp.latex(variable))
    if sims and equals and sims[0] < equals[0] and not ctx.means_expectation(tokens[0]):
        # ``z \sim p(z) = N(0, I)``: the density is named on the way to its law
        named = _lhs_shape(tokens[sims[0] + 1:equals[0]], parser)
        if named is not None and named.name == "p" and not named.operator and len(equals) == 1:
            variable = parser.child(tokens[:sims[0]]).whole(Parser.symbol)
            return Statement("base_law", parser.child(tokens[equals[0] + 1:]).whole(Parser.law), sp.latex(variable))
    members = split_at(tokens, equals)
    if any(not member for member in members):
        raise located("each side of '=' needs something", tokens[equals[0]])
    if len(members) == 1:
        return Statement("value", parser.whole(Parser.expr))
    return _classify(members[0], members[-1], parser)


def _classify(lhs: list[ExpectationToken], rhs: list[ExpectationToken], parser: Parser) -> Statement:
    """Say what the left side names: a gradient, the objective, an integrand, a sampler or a base law."""
    shape = _lhs_shape(lhs, parser)
    if shape is None or (shape.operator and shape.name not in OBJECTIVE_NAMES):
        return _expression_statement(lhs, rhs, parser)
    if shape.name == "p" and not shape.operator:
        return _base_law_statement(shape, lhs, rhs, parser)
    value = parser.child(rhs).whole(Parser.expr)
    call = _call_latex(shape, parser.ctx)
    if shape.operator:
        return Statement("gradient", value, f"{_nabla_latex(shape)} {call}")
    if shape.name in OBJECTIVE_NAMES:
        return Statement("objective", value, call)
    return Statement(_sampler_or_integrand(shape, value, parser.ctx), value, call)


def _base_law_statement(shape: _LeftSide, lhs: list[ExpectationToken], rhs: list[ExpectationToken],
                        parser: Parser) -> Statement:
    """``p(z) = LAW`` states the base law; ``p(z) = formula`` is read as an expression statement."""
    law = _law_or_none(rhs, parser) if shape.subscript is None and len(shape.args or []) <= 1 else None
    if law is None:
        return _expression_statement(lhs, rhs, parser)
    return Statement("base_law", law, sp.latex(shape.args[0] if shape.args else parser.ctx.resolve("z")))


def _call_latex(shape: _LeftSide, ctx: Context) -> str:
    """The left side's ``NAME_s(args)`` written back as LaTeX."""
    head = shape.name if shape.name in _NAMED_HEADS else sp.latex(ctx.resolve(shape.name))
    call = head + (f"_{{{sp.latex(shape.subscript)}}}" if shape.subscript is not None else "")
    return call + (f"({', '.join(sp.latex(a) for a in shape.args)})" if shape.args else "")


def _nabla_latex(shape: _LeftSide) -> str:
    """The gradient operator of the left side, subscripted by its variable (or else its first argument)."""
    parameter = shape.variable if shape.variable is not None else (shape.args[0] if shape.args else None)
    return rf"\nabla_{{{sp.latex(parameter)}}}" if parameter is not None else r"\nabla"


def _law_or_none(tokens: list[ExpectationToken], parser: Parser) -> SamplingLaw | None:
    """The law ``tokens`` write, or None when they write something else (a density formula)."""
    try:
        return parser.child(tokens).whole(Parser.law)
    except ExpectationReadError:
        return None


def _sampler_or_integrand(shape: _LeftSide, value: sp.Expr, ctx: Context) -> str:
    """``g(z, \\theta)``, ``g_\\theta(z)``, ``g(z)`` and ``x = ..`` are samplers; ``g(x)`` is an integrand."""
    has_expectation = value.has(ExpectationUnder)
    base, args = ctx.base_variables, shape.args
    if shape.name not in CALLED_LETTERS:
        return "sampler" if not has_expectation and value.free_symbols & base else "value"
    if shape.subscript is not None or len(args or []) >= 2 or (args and args[0] in base):
        return "sampler"
    if not args and not has_expectation and value.free_symbols & base:
        return "sampler"
    return "value" if has_expectation else "integrand"


def _is_derivative(token: ExpectationToken | None) -> bool:
    """Whether ``token`` is ``\\nabla`` or ``\\partial``."""
    return is_token(token, "cmd", "nabla") or is_token(token, "cmd", "partial")


def _strip_operator(tokens: list[ExpectationToken],
                    parser: Parser) -> tuple[bool, sp.Symbol | None, list[ExpectationToken]] | None:
    """A leading ``\\nabla_v`` or Leibniz fraction as (whether one leads, v, the rest); None for other fractions."""
    if tokens and _is_derivative(tokens[0]):
        probe = parser.probe(tokens)
        probe.next()
        variable = probe.operator_variable()
        return True, variable, tokens[probe.pos:]
    if tokens and is_token(tokens[0], "cmd", "frac"):
        probe = parser.probe(tokens)
        probe.next()
        parts = probe.leibniz()
        if parts is None or (parts[1] and probe.pos < len(tokens)):
            return None
        variable, inner = parts
        return True, variable, inner or tokens[probe.pos:]
    return False, None, tokens


def _lhs_shape(tokens: list[ExpectationToken], parser: Parser) -> _LeftSide | None:
    """The left side ``[\\nabla_v] NAME[_s][(args)]``, or None for any other left side."""
    stripped = _strip_operator(tokens, parser)
    if stripped is None:
        return None
    operator, variable, rest = stripped
    if not rest or not is_token(rest[0], "name"):
        return None
    probe = parser.probe(rest)
    name = probe.next().text
    subscript_tokens = probe.subscript()
    subscript = probe.child(subscript_tokens).whole(Parser.expr) if subscript_tokens is not None else None
    args = probe.arguments() if probe.at("open", "(") else None
    if probe.peek() is not None:
        return None
    if not operator and name not in _NAMED_HEADS and (subscript is not None or args):
        return None
    return _LeftSide(operator, variable, name, subscript, args)


def _expression_statement(lhs: list[ExpectationToken], rhs: list[ExpectationToken], parser: Parser) -> Statement:
    """A left side that is an expression: a gradient or an objective when it holds an expectation."""
    left = parser.child(lhs).whole(Parser.expr)
    value = parser.child(rhs).whole(Parser.expr)
    kind = "value"
    if left.has(ExpectationUnder):
        kind = "gradient" if any(_is_derivative(token) for token in lhs) else "objective"
    return Statement(kind, value, sp.latex(left))
