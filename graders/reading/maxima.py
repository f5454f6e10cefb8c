"""STACK's Maxima functions in text answers: simplifiers, predicates, sets, calculus, assume and declare.

The text parser (``graders.reading.text.parser``) inherits ``MaximaCalls`` and reads a name of
``MAXIMA_CALLS`` through it only when the name is written flush against ``(``.  STACK's
AlgEquiv compares values, so a function that changes only the form of its argument is the
identity here:

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
* ``diff``, ``sum``, ``product`` and ``taylor`` are worked out (orders and degrees up to
  ``MAX_CALCULUS_ORDER``, numeric limits up to ``MAX_TERMS`` terms); ``int`` stays an Integral.
"""
from __future__ import annotations

import math

import sympy as sp
from sympy.logic.boolalg import BooleanAtom

from graders.reading.text.functions import FUNCTIONS, PLAIN
from graders.reading.text.tokens import Token, TooLargeError, describe, log10_abs
from graders.reading.text.values import ValueBuilder

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


class MaximaCalls(ValueBuilder):
    """The Maxima part of the parser in ``graders.reading.text.parser``.

    It reads arguments with the parser's ``call_args``, ``expr``, ``advance``, ``at`` and ``peek``,
    and leaves calls it cannot work out to the parser's ``undefined``.
    """

    tokens: list[Token]
    pos: int
    bars: int
    set_operands: int  # SymPy simplifies unions and intersections in quadratic time or worse

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
            raise self.fail(f"Expected ')' to close the '(' from column {opener.col}, found {describe(self.peek())}",
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
