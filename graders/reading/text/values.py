"""Building the SymPy values of one reading of a text answer: size checks before SymPy evaluates, [...] lists."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import sympy as sp
from sympy.logic.boolalg import Boolean

from graders.reading.errors import TextParseError, TextTooLargeError
from graders.reading.text.functions import PLAIN, ROOTS
from graders.reading.text.sizes import LOG10_2, binomial_digits, int_from_digits, power_digits

__all__ = ["TextParseConfig", "ValueBuilder"]


@dataclass(frozen=True)
class TextParseConfig:
    """Limits that keep a hostile answer cheap to refuse."""

    max_length: int = 20_000
    max_depth: int = 100
    max_digits: int = 10_000
    max_factorial: int = 1000


def _kind(value: sp.Basic) -> str:
    if isinstance(value, sp.Tuple):
        return "A list"
    if isinstance(value, sp.Set):
        return "A set"
    if isinstance(value, sp.core.relational.Relational):
        return "A relation"
    return "A condition" if isinstance(value, Boolean) else "This part"


class ValueBuilder:
    """Every value of one reading is built here, so every result passes the size checks before SymPy sees it."""

    def __init__(self, config: TextParseConfig):
        self.config = config
        self.lists: dict[int, sp.Tuple] = {}  # the [...] lists (by id, kept alive): they broadcast
        self.assumed: dict[str, dict[str, bool]] = {}  # facts from assume(...) and declare(...)
        self.downcase = 0  # inside exdowncase(...)
        self.set_operands = 0  # SymPy simplifies unions and intersections in quadratic time or worse

    def fail(self, message: str, col: int) -> TextParseError:
        """The error for ``message`` at column ``col``."""
        return TextParseError(f"{message} at column {col}.")

    def make(self, col: int, ctor: Callable[..., sp.Basic], *args: object, **kwargs: object) -> sp.Basic:
        """``ctor(*args, **kwargs)``; SymPy's refusal becomes a TextParseError at ``col``."""
        try:
            return ctor(*args, **kwargs)
        except TextParseError:
            raise
        except (TypeError, ValueError, AttributeError, ArithmeticError, NotImplementedError):
            raise self.fail("These operands cannot be combined", col) from None

    def expr_only(self, value: sp.Basic, col: int) -> sp.Expr:
        """``value``, which must be an expression (not a set, relation or condition)."""
        if not isinstance(value, sp.Expr):
            raise self.fail(f"{_kind(value)} cannot be used in arithmetic", col)
        return value

    def is_list(self, value: object) -> bool:
        """Whether ``value`` was read as a [...] list."""
        return self.lists.get(id(value)) is value

    def listed(self, items: Iterable[sp.Basic]) -> sp.Tuple:
        """A [...] list of ``items``, marked so that arithmetic broadcasts over it."""
        value = sp.Tuple(*items)
        self.lists[id(value)] = value
        return value

    def arith(self, value: sp.Basic, col: int) -> sp.Basic:
        """An operand of arithmetic: an expression, or a [...] list of them."""
        return value if self.is_list(value) else self.expr_only(value, col)

    def lift(self, col: int, build: Callable[..., sp.Basic], *args: sp.Basic) -> sp.Basic:
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
        """The symbol ``name``, with the facts assumed or declared for it."""
        if self.downcase:
            name = name.lower()
        facts = self.assumed.get(name)
        return self.make(col, sp.Symbol, name, **facts) if facts else sp.Symbol(name)

    def undefined(self, name: str, col: int, args: list[sp.Basic]) -> sp.Basic:
        """The undefined function ``name`` applied to ``args``: a call the reader does not work out."""
        return self.make(col, sp.Function(name), *args)

    def condition(self, value: sp.Basic, col: int) -> sp.Basic:
        """``value``, which must be a condition for 'and', 'or' and 'not'."""
        if not isinstance(value, Boolean):
            raise self.fail("'and', 'or' and 'not' need conditions such as x < 1", col)
        return value

    def too_large(self, what: str, col: int) -> TextTooLargeError:
        """The error for a result of more than max_digits digits."""
        return TextTooLargeError(f"{what} would have more than {self.config.max_digits} digits at column {col}.")

    def sized(self, value: sp.Basic, col: int) -> sp.Basic:
        """Refuse a result whose exact coefficients outgrew max_digits (long products)."""
        for term in value.args if isinstance(value, sp.Add) else (value,):
            coeff = term.as_coeff_Mul()[0] if isinstance(term, sp.Expr) else None
            if isinstance(coeff, sp.Rational) and \
                    max(coeff.p.bit_length(), coeff.q.bit_length()) * LOG10_2 > self.config.max_digits:
                raise self.too_large("This number", col)
        return value

    def power(self, base: sp.Basic, exponent: sp.Basic, col: int) -> sp.Expr:
        """``base^exponent``, refused when its digits would exceed max_digits."""
        if self.is_list(base) or self.is_list(exponent):
            return self.lift(col, lambda b, e: self.power(b, e, col), base, exponent)
        base, exponent = self.expr_only(base, col), self.expr_only(exponent, col)
        if power_digits(base, exponent) > self.config.max_digits:
            raise self.too_large("This power", col)
        return self.sized(self.make(col, sp.Pow, base, exponent), col)

    def factorial(self, n: sp.Basic, col: int, double: bool = False) -> sp.Expr:
        """``n!`` or ``n!!``, of a number at most max_factorial."""
        if self.is_list(n):
            return self.lift(col, lambda m: self.factorial(m, col, double), n)
        n = self.expr_only(n, col)
        builder = sp.factorial2 if double else sp.factorial
        if not isinstance(n, sp.Number):
            return self.make(col, builder, n, evaluate=False)
        if n.is_finite and abs(n) > self.config.max_factorial:
            raise TextTooLargeError(f"The factorial at column {col} is of a number above {self.config.max_factorial}.")
        return self.make(col, builder, n)

    def binomial(self, n: sp.Basic, k: sp.Basic, col: int) -> sp.Expr:
        """``binomial(n, k)``, refused when its digits would exceed max_digits."""
        if binomial_digits(n, k) > self.config.max_digits:
            raise self.too_large("This binomial coefficient", col)
        return self.make(col, sp.binomial, n, k)

    def number(self, literal: str, col: int) -> sp.Number:
        """The exact Integer or the Float of a number literal, within max_digits."""
        mantissa, _, exponent = literal.lower().partition("e")
        if sum(c.isdigit() for c in mantissa) > self.config.max_digits or \
                exponent and len(exponent.lstrip("+-")) > 9 or \
                exponent and abs(int(exponent)) > self.config.max_digits:
            # SymPy builds a decimal's exact value first: 1e99999999999 would exhaust memory.
            raise TextTooLargeError(f"The number at column {col} has more than {self.config.max_digits} digits.")
        if "." in literal or exponent:
            return sp.Float(literal)
        return sp.Integer(int_from_digits(literal))

    def superscript(self, text: str, col: int) -> sp.Expr:
        """The exponent a run of superscripts writes: a signed number or a single letter (x⁻¹, xⁿ)."""
        sign = text[:1] if text[:1] in "+-" else ""
        body = text[len(sign):]
        if not (body.isdigit() or len(body) == 1 and body.isalpha()):
            raise self.fail("This superscript cannot be read", col)
        value = self.number(body, col) if body.isdigit() else self.symbol(body, col)
        return -value if sign == "-" else value

    def multinomial(self, n: sp.Basic, ks: sp.Tuple, col: int) -> sp.Expr:
        """Maxima's binomial(n, [k1, k2, ...]): n! / (k1! k2! ...)."""
        denominator = [self.factorial(k, col) for k in ks.args]
        return self.sized(self.make(col, sp.Mul, self.factorial(n, col),
                                    *(self.power(d, sp.S.NegativeOne, col) for d in denominator)), col)

    def known_function(self, name: str, args: list[sp.Basic], col: int) -> sp.Basic:
        """A function of ``graders.reading.text.functions`` applied to ``args``, elementwise over [...] lists."""
        if name == "binomial" and self.is_list(args[1]):
            return self.multinomial(args[0], args[1], col)
        args = [self.expr_only(arg, col) if name in ("max", "min") else self.arith(arg, col) for arg in args]
        if name in PLAIN:
            return self.lift(col, lambda *xs: self.sized(self.make(col, PLAIN[name], *xs), col), *args)
        if name in ROOTS:
            return self.power(args[0], sp.Rational(1, ROOTS[name]), col)
        if name == "factorial":
            return self.factorial(args[0], col)
        return self.lift(col, lambda n, k: self.binomial(n, k, col), *args)
