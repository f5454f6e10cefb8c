"""STACK's Maxima functions in text answers: simplifiers, predicates, sets, calculus, assume and declare.

``MAXIMA_CALLS`` is a table of call handlers (``graders.reading.text.calls``): the text parser
(``graders.reading.text.parser``) looks a name up in it only when the name is written flush
against ``(``, reads the arguments as the entry says, and hands them to the entry's handler.
STACK's AlgEquiv compares values, so a function that changes only the form of its argument is
the identity here:

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

from graders.reading.errors import TextTooLargeError
from graders.reading.text.calls import ASSUMED, OPTION, CallHandler, FunctionName
from graders.reading.text.functions import FUNCTIONS, PLAIN
from graders.reading.text.sizes import log10_abs
from graders.reading.text.values import ValueBuilder

__all__ = ["MAXIMA_CALLS", "maxima_function"]

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
MAX_CALCULUS_ORDER = 20  # derivatives, Taylor degrees
MAX_TERMS = 1000  # terms of a sum or product with numeric limits
DECLARED = {"integer": "integer", "even": "even", "odd": "odd", "rational": "rational",
            "irrational": "irrational", "real": "real", "imaginary": "imaginary"}
MAX_SET_OPERANDS = 20  # in all the %union and %intersection of one answer


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
        raise TextTooLargeError(f"A sum or product of more than {MAX_TERMS} terms is not computed.")
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


def _pass_through(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """A simplifier or conversion: its first argument; ``ev`` with a substitution stays undefined."""
    if args[0] is OPTION:
        raise values.fail(f"'{name}' needs a value before its options", col)
    kept = [arg for arg in args if arg is not OPTION]
    if name == "ev" and any(not isinstance(arg, (sp.Symbol, BooleanAtom)) for arg in kept[1:]):
        return values.undefined(name, col, kept)  # ev(e, x = 2) substitutes: not read
    return args[0]


def _predicate_call(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """integerp, numberp...: true or false of a number, undefined of an expression with variables."""
    truth = _predicate(name, args[0])
    return values.undefined(name, col, args) if truth is None else sp.true if truth else sp.false


def _interval(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """oo(a, b), oc(a, b), co(a, b), cc(a, b): open and closed intervals."""
    lo, hi = (values.expr_only(arg, col) for arg in args)
    return values.make(col, sp.Interval, lo, hi, *INTERVALS[name])


def _set_operation(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """%union(...) and %intersection(...) of sets and intervals, within MAX_SET_OPERANDS per answer."""
    if not all(isinstance(arg, sp.Set) for arg in args):
        raise values.fail(f"'{name}' joins sets and intervals", col)
    values.set_operands += len(args)
    if values.set_operands > MAX_SET_OPERANDS:
        raise TextTooLargeError(f"The answer joins more than {MAX_SET_OPERANDS} sets at column {col}.")
    return values.make(col, sp.Union if name == "%union" else sp.Intersection, *args)


def _root(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """root(x) is sqrt(x); root(x, n) is x^(1/n)."""
    args = [values.arith(arg, col) for arg in args]
    exponent = sp.Rational(1, 2) if len(args) == 1 else values.power(args[1], sp.S.NegativeOne, col)
    return values.power(args[0], exponent, col)


def _calculus(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """diff, sum, product, taylor worked out; int left as an Integral."""
    return values.sized(values.make(col, CALCULUS[name], *(values.expr_only(arg, col) for arg in args)), col)


def _stackunits(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """stackunits(v, u): the value times its unit."""
    return values.sized(values.make(col, sp.Mul, *(values.expr_only(arg, col) for arg in args)), col)


def _rounding(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """round(x) and significantfigures(x, n) of a number; undefined of anything else."""
    if name == "round":
        value = _round_half_even(args[0], values.config.max_digits)
    else:
        value = _significant(args[0], args[1], values.config.max_digits)
    return values.undefined(name, col, args) if value is None else value


def _identity(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """exdowncase(e): e, whose names the parser has already read in lower case."""
    return args[0]


def _mappable(name: str) -> bool:
    """Whether map(name, list) is worked out: a simplifier, or a known function of one argument."""
    return name in PASS_THROUGH or name in PLAIN and FUNCTIONS[name][0] == 1


def _map(values: ValueBuilder, name: str, col: int, args: list) -> sp.Basic:
    """map(f, list) for a known one-argument f: f on every item; any other map stays undefined."""
    function, target = args
    if not isinstance(function, FunctionName):
        return values.undefined(name, col, args)
    if function.name in PASS_THROUGH:
        return target

    def apply(value: sp.Basic) -> sp.Basic:
        return values.lift(col, lambda v: values.sized(values.make(col, PLAIN[function.name], v), col), value)

    if isinstance(target, sp.FiniteSet):
        return values.make(col, sp.FiniteSet, *(apply(item) for item in target.args))
    if isinstance(target, sp.Tuple):
        return values.listed(apply(item) for item in target.args)
    return apply(target)


def _assume(values: ValueBuilder, name: str, col: int, args: list) -> object:
    """assume(a > 0, ...): the sign facts of its relations, recorded for the symbols read later."""
    facts: list[tuple[sp.Basic, str]] = []
    for arg in args:
        for relation in arg.args if isinstance(arg, sp.And) else (arg,):
            facts += _sign_facts(relation)
    return _record(values, col, facts)


def _declare(values: ValueBuilder, name: str, col: int, args: list) -> object:
    """declare(n, integer, ...): the declared properties, recorded for the symbols read later."""
    facts: list[tuple[sp.Basic, str]] = []
    for names, prop in zip(args[::2], args[1::2]):
        if isinstance(prop, sp.Symbol) and prop.name in DECLARED:
            facts += [(symbol, DECLARED[prop.name]) for symbol in (names.args if isinstance(names, sp.Tuple)
                                                                   else (names,))]
    return _record(values, col, facts)


def _record(values: ValueBuilder, col: int, facts: list[tuple[sp.Basic, str]]) -> object:
    """Merge ``facts`` into what is assumed of each symbol; contradictory facts are refused."""
    for symbol, fact in facts:
        if isinstance(symbol, sp.Symbol):
            merged = {**values.assumed.get(symbol.name, {}), fact: True}
            values.make(col, sp.Symbol, symbol.name, **merged)
            values.assumed[symbol.name] = merged
    return ASSUMED

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


# Known only when written flush against '(': the parser reads (fewest, most) arguments, then calls the handler.
MAXIMA_CALLS: dict[str, CallHandler] = {
    **dict.fromkeys(PASS_THROUGH, CallHandler(1, 1000, _pass_through, options=True)),
    **dict.fromkeys(PREDICATES, CallHandler(1, 1, _predicate_call)),
    **dict.fromkeys(INTERVALS, CallHandler(2, 2, _interval)),
    "root": CallHandler(1, 2, _root), "exdowncase": CallHandler(1, 1, _identity, downcase=True),
    "round": CallHandler(1, 1, _rounding), "significantfigures": CallHandler(2, 2, _rounding),
    "stackunits": CallHandler(2, 2, _stackunits), "map": CallHandler(2, 2, _map, takes_function=_mappable),
    "%union": CallHandler(1, 1000, _set_operation), "%intersection": CallHandler(1, 1000, _set_operation),
    "diff": CallHandler(1, 41, _calculus), "noundiff": CallHandler(1, 41, _calculus),
    "sum": CallHandler(4, 4, _calculus), "product": CallHandler(4, 4, _calculus),
    "int": CallHandler(2, 4, _calculus), "integrate": CallHandler(2, 4, _calculus),
    "taylor": CallHandler(4, 4, _calculus),
    # Facts, read only as the leading items of a sequence: (assume(a > 0), e) is e.
    "assume": CallHandler(1, 1000, _assume, fact=True), "declare": CallHandler(2, 1000, _declare, fact=True),
}


def maxima_function(name: str) -> CallHandler | None:
    """How the text reader reads a call of the Maxima function ``name``; None when Maxima has no such function."""
    return MAXIMA_CALLS.get(name)
