"""Building SymPy values for the text parser: size checks before SymPy evaluates, and Maxima's [...] lists."""
from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp
from sympy.logic.boolalg import Boolean

from graders.reading.text.tokens import (LOG10_2, ParseError, Token, TooLargeError, binomial_digits, int_from_digits,
                                power_digits)

if TYPE_CHECKING:
    from graders.reading.text.parser import TextParseConfig


def _kind(value: sp.Basic) -> str:
    if isinstance(value, sp.Tuple):
        return "A list"
    if isinstance(value, sp.Set):
        return "A set"
    if isinstance(value, sp.core.relational.Relational):
        return "A relation"
    return "A condition" if isinstance(value, Boolean) else "This part"


class ValueBuilder:
    """Constructors of the parser in ``graders.reading.text.parser``, mixed into it; they refuse oversized results."""

    config: TextParseConfig
    lists: dict[int, sp.Tuple]  # the [...] lists (by id, kept alive): they broadcast
    assumed: dict[str, dict[str, bool]]  # facts from assume(...) and declare(...)
    downcase: int  # inside exdowncase(...)

    def fail(self, message: str, col: int) -> ParseError:
        """The error for ``message`` at column ``col``."""
        return ParseError(f"{message} at column {col}.")

    def make(self, col: int, ctor, *args, **kwargs) -> sp.Basic:
        """``ctor(*args, **kwargs)``; SymPy's refusal becomes a ParseError at ``col``."""
        try:
            return ctor(*args, **kwargs)
        except ParseError:
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

    def listed(self, items) -> sp.Tuple:
        """A [...] list of ``items``, marked so that arithmetic broadcasts over it."""
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
        """The symbol ``name``, with the facts assumed or declared for it."""
        if self.downcase:
            name = name.lower()
        facts = self.assumed.get(name)
        return self.make(col, sp.Symbol, name, **facts) if facts else sp.Symbol(name)

    def condition(self, value: sp.Basic, col: int) -> sp.Basic:
        """``value``, which must be a condition for 'and', 'or' and 'not'."""
        if not isinstance(value, Boolean):
            raise self.fail("'and', 'or' and 'not' need conditions such as x < 1", col)
        return value

    def too_large(self, what: str, col: int) -> TooLargeError:
        """The error for a result of more than max_digits digits."""
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
            raise TooLargeError(f"The factorial at column {col} is of a number above {self.config.max_factorial}.")
        return self.make(col, builder, n)

    def binomial(self, n: sp.Basic, k: sp.Basic, col: int) -> sp.Expr:
        """``binomial(n, k)``, refused when its digits would exceed max_digits."""
        if binomial_digits(n, k) > self.config.max_digits:
            raise self.too_large("This binomial coefficient", col)
        return self.make(col, sp.binomial, n, k)

    def number(self, tok: Token) -> sp.Number:
        """The exact Integer or the Float of a number token, within max_digits."""
        mantissa, _, exponent = tok.text.lower().partition("e")
        if sum(c.isdigit() for c in mantissa) > self.config.max_digits or \
                exponent and len(exponent.lstrip("+-")) > 9 or \
                exponent and abs(int(exponent)) > self.config.max_digits:
            # SymPy builds a decimal's exact value first: 1e99999999999 would exhaust memory.
            raise TooLargeError(f"The number at column {tok.col} has more than {self.config.max_digits} digits.")
        if "." in tok.text or exponent:
            return sp.Float(tok.text)
        return sp.Integer(int_from_digits(tok.text))

    def multinomial(self, n: sp.Basic, ks: sp.Tuple, col: int) -> sp.Expr:
        """Maxima's binomial(n, [k1, k2, ...]): n! / (k1! k2! ...)."""
        denominator = [self.factorial(k, col) for k in ks.args]
        return self.sized(self.make(col, sp.Mul, self.factorial(n, col),
                                    *(self.power(d, sp.S.NegativeOne, col) for d in denominator)), col)
