"""The comparisons the value modes share: each returns a Comparison (equal, different or undecided) and its method."""
from __future__ import annotations

import random
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.core.function import AppliedUndef

from derive.equality import Comparison, expand_sums
from derive.growth.asymptotics import BigO, BigOmega, Theta, growth_exponent
from derive.sums import coinciding_indices
from graders.budget import within_budget
from graders.modes.cases import short_sums_written_out

@dataclass(frozen=True)
class CompareConfig:
    """Tolerances and effort."""

    points: int = 6
    seed: int = 7
    digits: int = 30
    rel_tol: float = 1e-9  # numeric mode
    abs_tol: float = 0.0
    simplify: bool = True
    min_exact_digits: int = 3  # fewer significant digits cannot stand for an exact value


@dataclass(frozen=True)
class Decimals:
    """What the decimals an answer wrote can claim: for each literal, its significant digits and half a unit
    in its last place, relative to it (0.363 claims 0.0005/0.363)."""

    literals: tuple[tuple[float, int, float], ...]  # (value, significant digits, relative half-ulp)

    def within(self, expr: sp.Basic) -> tuple[int, float]:
        """Fewest digits and loosest tolerance among the literals that occur in ``expr``."""
        values = [float(node) for node in sp.preorder_traversal(expr) if isinstance(node, sp.Float)]
        used = [(digits, tol) for value, digits, tol in self.literals
                if any(abs(abs(value) - abs(v)) <= 1e-12 * max(1.0, abs(v)) for v in values)] or \
            [(digits, tol) for _, digits, tol in self.literals]
        return min(d for d, _ in used), max(t for _, t in used)


MIN_NUMERIC_DIGITS = 2  # a rounded number needs two significant digits to claim a value


def _has_float(expr: sp.Basic) -> bool:
    return any(isinstance(node, sp.Float) for node in sp.preorder_traversal(expr))


def _sample_value(symbol: sp.Symbol, rng: random.Random, negative: bool) -> sp.Expr:
    """A value in the symbol's whole domain: a symbol not declared positive is a real number of either sign,
    so every other point is negative (where ``(a^b)^c`` and ``a^(bc)``, or ``log(ab)`` and ``log a + log b``,
    part ways)."""
    may_be_negative = not (symbol.is_positive or symbol.is_nonnegative)
    if symbol.is_integer:
        value = sp.Integer(rng.randint(2, 40))
        return -value if negative and may_be_negative else value
    # Magnitudes below and above 1, so formulas like log((1 - x)/(1 + x)) get points inside their domain.
    value = rng.choice([sp.Rational(rng.randint(1, 97), 101), sp.Rational(rng.randint(11, 997), rng.randint(7, 131))])
    return -value if negative and may_be_negative else value


EXACT_TOLERANCE = 1e-20  # relative, for formulas without decimals: far above the 30 digits each side is worth


def _numeric(expr: sp.Basic, digits: int) -> mpmath.mpc | None:
    """A finite value as an mpmath number: its exponent range is unbounded, so 10^4300 stays finite."""
    if not isinstance(expr, sp.Expr):
        return None
    try:
        value = sp.N(expr, digits)
        real, imaginary = value.as_real_imag()
        if not (real.is_Number and imaginary.is_Number) or not (real.is_finite and imaginary.is_finite):
            return None
        return mpmath.mpc(sp.Float(real, digits)._mpf_, sp.Float(imaginary, digits)._mpf_)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, RecursionError, AttributeError):
        return None


def _is_real(value: mpmath.mpc) -> bool:
    return abs(value.imag) <= 1e-12 * max(1, abs(value))


def _largest_term(expr: sp.Basic, digits: int) -> mpmath.mpf:
    values = [_numeric(term, digits) for term in sp.Add.make_args(expr)] if isinstance(expr, sp.Add) else []
    return max((abs(v) for v in values if v is not None), default=mpmath.mpf(0))


def _close(a: mpmath.mpc, b: mpmath.mpc, rel: float) -> bool:
    """Relative closeness: 2e-9 and 1e-9 differ although both are tiny."""
    return abs(a - b) <= rel * max(abs(a), abs(b))


def _same_up_to_bound_names(left: sp.Expr, right: sp.Expr) -> bool:
    """``int f(x) dx`` and ``int f(t) dt``: rename the bound variables to shared placeholders and compare."""
    def canonical(expr: sp.Expr) -> sp.Expr:
        counter = iter(range(10_000))

        def rename(node):
            limits = node.limits
            mapping = {limit[0]: sp.Symbol(f"_bound{next(counter)}") for limit in limits}
            return node.xreplace(mapping)

        return expr.replace(lambda e: isinstance(e, (sp.Integral, sp.Sum, sp.Product)), rename)

    return canonical(left) == canonical(right)


def _names_any_function(name: str) -> bool:
    """``f``, ``F``, ``g_1``, ``h'``: a letter (with a subscript or primes) names an arbitrary function."""
    return len(name.split("_")[0].rstrip("'")) == 1 and name[0].isalpha()


def _with_sample_functions(answer: sp.Expr, reference: sp.Expr, rng: random.Random) -> tuple[sp.Expr, sp.Expr]:
    """Both sides with each arbitrary function (``F(k-3)``, ``f'(x)``) replaced by one random smooth function of
    its arguments, the same on both sides (``f'`` by its derivative), so that they can be evaluated at points:
    sides that differ for this function differ as formulas, and sides equal for every function agree for this
    one.  Left alone, and so undecided, when the reading is doubtful (``f`` also used as a variable, ``F(x)``
    beside ``F(x, y)``) or when the function is under an integral or a sum (quadrature would cost more than
    it tells)."""
    calls = answer.atoms(AppliedUndef) | reference.atoms(AppliedUndef)
    if not calls:
        return answer, reference
    if any(not _names_any_function(call.func.__name__) for call in calls):
        return answer, reference  # scientific_notation(1500, 3) is someone's function we do not know, not any f
    if any(node.has(AppliedUndef) for side in (answer, reference) for node in side.atoms(sp.Integral, sp.Sum, sp.Product)):
        return answer, reference
    arities: dict[str, set[int]] = {}
    for call in calls:
        arities.setdefault(call.func.__name__.rstrip("'"), set()).add(len(call.args))
    variable_names = {symbol.name for symbol in answer.free_symbols | reference.free_symbols}
    if variable_names & set(arities) or any(len(sizes) != 1 for sizes in arities.values()) \
            or _differentials_read_as_variables(variable_names):
        return answer, reference
    samples = {name: _sample_function(next(iter(sizes)), rng) for name, sizes in sorted(arities.items())}

    def sample_call(call: AppliedUndef) -> sp.Expr:
        name = call.func.__name__
        variables, body = samples[name.rstrip("'")]
        order = len(name) - len(name.rstrip("'"))
        if order and len(variables) != 1:
            raise ValueError("a prime on a function of several variables")
        return sp.Lambda(variables, sp.diff(body, variables[0], order) if order else body)(*call.args)

    def instantiate(expr: sp.Expr) -> sp.Expr:
        expr = expr.replace(lambda node: isinstance(node, AppliedUndef), sample_call)
        return expr.replace(lambda node: isinstance(node, sp.Derivative), lambda node: node.doit())

    try:
        return instantiate(answer), instantiate(reference)
    except Exception:  # noqa: BLE001 - a derivative SymPy cannot work out leaves the sides unevaluable
        return answer, reference


def _summed_entries(expr: sp.Expr) -> set[sp.Basic]:
    """Entries ``x[k]`` indexed by a sum's variable, with their arrays' names: they get a value per entry once the
    sum is written out, never one value for all (which would make sum_k x_k^2 equal (sum_k x_k)^2 / d)."""
    found: set[sp.Basic] = set()
    for node in expr.atoms(sp.Sum):
        for entry in node.function.atoms(sp.Indexed):
            if set(entry.indices) & set(node.variables):
                found |= {entry, entry.base.label}
    return found


def _entries_written_out(left: sp.Expr, right: sp.Expr, rng: random.Random) -> tuple[sp.Expr, sp.Expr, dict]:
    """Both sides with their sums (now of concrete length) written out, and a random value for every entry."""
    left, right = expand_sums(left), expand_sums(right)
    if left.atoms(sp.Sum) or right.atoms(sp.Sum):
        raise ValueError("a sum whose length is not a number")
    entries = sorted(left.atoms(sp.Indexed) | right.atoms(sp.Indexed),
                     key=lambda e: (str(e.base), tuple(int(i) if i.is_Integer else -1 for i in e.indices)))
    values = {entry: _sample_value(entry, rng, negative=rng.random() < 0.5) for entry in entries}
    return left.xreplace(values), right.xreplace(values), values


def _differentials_read_as_variables(names: set[str]) -> bool:
    """``d`` or ``dx`` beside ``x`` among the variables: a derivative (``\\frac{d^2}{dx^2} f``) was read as a
    product, so the reading is in doubt."""
    return "d" in names or any(name.startswith("d") and name[1:] in names for name in names)


def _sample_function(arity: int, rng: random.Random) -> tuple[tuple[sp.Dummy, ...], sp.Expr]:
    """A random smooth function of ``arity`` variables, exp of a linear form plus a quadratic, as (variables, body)."""
    variables = sp.symbols(f"u0:{arity}", cls=sp.Dummy)
    weights = [sp.Rational(rng.randint(2, 9), rng.randint(2, 9)) for _ in range(2 * arity + 1)]
    body = sp.exp(sum(w * v for w, v in zip(weights, variables)) / 3) + weights[-1] + sum(
        w * v ** 2 for w, v in zip(weights[arity:], variables))
    return variables, body


def compare_exact(answer: sp.Expr, reference: sp.Expr, config: CompareConfig = CompareConfig(),
                  decimals: Decimals | None = None) -> Comparison:
    """Equal for every admissible value of the symbols; decimals count to the digits written."""
    if answer == reference:
        return Comparison("equal", "exact:syntactic")
    if not (isinstance(answer, sp.Expr) and isinstance(reference, sp.Expr)):
        return Comparison("different", "exact", "a value and a condition (or set) are different kinds of answer")
    if answer in (sp.oo, -sp.oo, sp.zoo) or reference in (sp.oo, -sp.oo, sp.zoo):
        return Comparison("different", "exact:infinity", "a different infinity or a finite value")
    if answer.has(sp.Integral, sp.Sum, sp.Product) and _same_up_to_bound_names(answer, reference):
        return Comparison("equal", "exact:syntactic", "the same up to the name of a bound variable")
    tolerance = EXACT_TOLERANCE
    method = "exact"
    if _has_float(answer) or _has_float(reference):
        method = "exact:decimal"
        as_written = answer.replace(lambda e: isinstance(e, sp.Float), lambda e: sp.Rational(str(e)))
        if not _has_float(reference) and compare_exact(as_written, reference, config).equal:
            return Comparison("equal", method, "the decimals are exact")  # 0.5 is 1/2 exactly
        digits, tolerance = decimals.within(answer) if decimals is not None and decimals.literals else (15, 1e-12)
        if digits < config.min_exact_digits and not _has_float(reference):
            return Comparison("different", method, f"{digits} significant digit"
                              f"{'s' if digits > 1 else ''} cannot stand for the exact value")
    for merge in coinciding_indices(answer, reference):
        # j and m drawn at random almost never coincide: the j = m case is compared on its own
        case = compare_exact(answer.xreplace(merge), reference.xreplace(merge), config, decimals)
        if case.outcome == "different":
            shown = ", ".join(f"{a} = {b}" for a, b in merge.items())
            return Comparison("different", case.method, f"{case.detail} (where {shown})")
    symbols = sorted(answer.free_symbols | reference.free_symbols, key=str)
    rng = random.Random(config.seed)
    agreed = evaluated = gaps = 0  # gaps: points whose exact difference was found not zero
    real_formulas = not (answer.has(sp.I) or reference.has(sp.I))
    decided_by = f"{method}:random-points" if symbols else f"{method}:numeric"
    evaluable_answer, evaluable_reference = _with_sample_functions(answer, reference, random.Random(config.seed + 1))
    unknowns_left = evaluable_answer.has(AppliedUndef) or evaluable_reference.has(AppliedUndef)
    summed = _summed_entries(answer) | _summed_entries(reference)
    for index in range(0 if unknowns_left else 2 * config.points if symbols else 1):
        if evaluated >= config.points:
            break
        point = {s: _sample_value(s, rng, negative=index % 2 == 1) for s in symbols if s not in summed}
        try:
            left_expr = short_sums_written_out(evaluable_answer.xreplace(point))
            right_expr = short_sums_written_out(evaluable_reference.xreplace(point))
            if summed:
                left_expr, right_expr, entries = _entries_written_out(left_expr, right_expr, rng)
                point |= entries
        except (TypeError, ValueError):  # e.g. a number put where a bound variable was (d/dx, int dx)
            continue
        if left_expr.is_Rational and right_expr.is_Rational:  # a rational function at a rational point: exact
            evaluated += 1
            if left_expr != right_expr:
                return Comparison("different", decided_by, _differ(point, _numeric(left_expr, config.digits),
                                                                   _numeric(right_expr, config.digits),
                                                                   exact_sides=(left_expr, right_expr)))
            agreed += 1
            continue
        left, right = _numeric(left_expr, config.digits), _numeric(right_expr, config.digits)
        if left is None or right is None:
            continue
        with mpmath.workdps(config.digits + 5):  # each side has 30 correct digits: keep them in the difference
            difference = left - right
        if real_formulas and _is_real(left) != _is_real(right):
            return Comparison("different", decided_by, _differ(point, left, right, "one side is real and the other "
                                                                                   "is not"))
        evaluated += 1
        if real_formulas and not _is_real(left) and _log_branches(difference, tolerance, left, right):
            agreed += 1  # both outside the reals, apart only by 2*pi*i*k: a logarithm's branches, no difference
            continue
        # Scale by the largest term, so cancellation inside one side (sin^2 + cos^2 - 1) is not a difference,
        # while two tiny but different values (2^-99, 2^-98) still are. The terms are evaluated only when needed.
        scale = max(abs(left), abs(right))
        if abs(difference) > tolerance * scale:
            scale = max(scale, _largest_term(left_expr, config.digits), _largest_term(right_expr, config.digits))
        if abs(difference) > tolerance * scale:
            return Comparison("different", decided_by, _differ(point, left, right, exact_sides=(left_expr, right_expr)))
        if tolerance == EXACT_TOLERANCE and 0 <= gaps < 2:
            # y - e^{64} and b - e^{64} agree to 26 digits; their difference, evaluated on its own, does not.
            # Two points must show it; a zero difference anywhere ends the search.
            # A constant has one point: its exact difference decides (17\sqrt{5} - 10^{-25}, 1 + e^{-10^4}).
            gaps = gaps + 1 if _certainly_nonzero(left_expr - right_expr, 50 if symbols else _CONSTANT_DIGITS) else -1
            if gaps == 2 or (gaps == 1 and not symbols):
                return Comparison("different", decided_by, _differ(point, left, right, "values differ beneath a "
                                                                   "much larger common term", (left_expr, right_expr)))
        agreed += 1
    if evaluated and (agreed >= min(3, config.points) or not symbols):
        return Comparison("equal", decided_by,
                          f"{agreed} point{'s' if agreed > 1 else ''} agree" if symbols else "values agree")
    if config.simplify and not within_budget(answer, reference):
        return Comparison("undecided", "exact:budget", "too large to simplify within the work budget")
    if config.simplify:
        # An integral of an unknown function has no closed form: working it out only burns the time limit.
        closed_forms = not any(node.has(AppliedUndef) for node in (answer - reference).atoms(sp.Integral))
        try:
            if sp.simplify(answer - reference, doit=closed_forms) == 0:
                return Comparison("equal", "exact:simplify")
        except Exception:  # noqa: BLE001 - simplify fails in many ways on odd input; that only means undecided
            pass
    unknown = sorted({call.func.__name__ for call in (answer.atoms(AppliedUndef) | reference.atoms(AppliedUndef))
                      if not _names_any_function(call.func.__name__)})
    if unknown:
        return Comparison("undecided", "exact", f"{', '.join(unknown)} is not a function the grader knows")
    return Comparison("undecided", "exact", "could not evaluate either side")


def compare_numeric(answer: sp.Expr, reference: sp.Expr, config: CompareConfig = CompareConfig(),
                    decimals: Decimals | None = None) -> Comparison:
    """Equal within the tolerance, its edge included; without a stated tolerance (looser than the default),
    also within half a unit of the last decimal place written (3.14 for pi), which a stated one replaces."""
    left, right = _numeric(answer, config.digits), _numeric(reference, config.digits)
    if left is None or right is None:
        return Comparison("undecided", "numeric", "not a number")
    shown = f"{_show(left)} vs {_show(right)}"
    edge = 1 + 1e-12  # 0.95 is within 5% of 1 whatever the binary rounding of 0.95
    if abs(left - right) <= config.abs_tol * edge or _close(left, right, config.rel_tol * edge):
        return Comparison("equal", "numeric", shown)
    if config.abs_tol > 0 or config.rel_tol > CompareConfig.rel_tol:
        return Comparison("different", "numeric", f"{shown}, outside the tolerance")
    digits, tolerance = decimals.within(answer) if decimals is not None and decimals.literals else (15, 0.0)
    if digits >= MIN_NUMERIC_DIGITS and abs(left - right) < tolerance * abs(left):
        return Comparison("equal", "numeric:decimal", shown + " (to the digits given)")
    return Comparison("different", "numeric", shown)


_CONSTANT_DIGITS = 400  # a constant is evaluated once: look deep (2^{10^{-100}} - 1 needs over 100 digits)


def _certainly_nonzero(gap: sp.Expr, digits: int = 50) -> bool:
    """Whether an exact difference at a point is certainly not zero: SymPy's evalf, which adapts its
    precision to the difference itself up to ``digits``, finds digits in it (a zero comes back as 0 or with 1
    bit). Never SymPy's ``is_zero``: it may work out minimal polynomials for minutes."""
    if gap.has(sp.Integral, sp.Sum, sp.Product, sp.Derivative, sp.Limit):
        return False  # quadrature at ever higher precision: seconds for a sum to a non-integer bound
    try:
        value = sp.N(gap, 15, maxn=digits)  # a zero comes back after 50 digits; common terms cancel before
    except Exception:  # noqa: BLE001 - an unevaluable gap proves nothing
        return False
    parts = [part for part in value.as_real_imag() if part != 0]
    return bool(parts) and all(part.is_Number and (not part.is_Float or part._prec >= 30) for part in parts)


_POINT_SHOWN = 6  # values of a point named in feedback; a written-out sum has one per entry


def _differ(point: dict, left: mpmath.mpc, right: mpmath.mpc, how: str = "values differ",
            exact_sides: tuple[sp.Expr, sp.Expr] | None = None) -> str:
    """Where and how two sides part: ``values differ at x=3/4: 1.5 vs 2``, with their difference when they
    look alike to six digits."""
    shown = list(point.items())
    where = ", ".join(f"{symbol}={value}" for symbol, value in shown[:_POINT_SHOWN])
    where += f", … ({len(shown) - _POINT_SHOWN} more)" if len(shown) > _POINT_SHOWN else ""
    shown_left, shown_right = _show(left), _show(right)
    if shown_left == shown_right and exact_sides is not None:
        shown_right += f", a difference of {sp.N(exact_sides[0] - exact_sides[1], 3)}"
    return f"{how}{' at ' + where if where else ''}: {shown_left} vs {shown_right}"


def _log_branches(difference: mpmath.mpc, tolerance: float, *values: mpmath.mpc) -> bool:
    """Whether two non-real values differ by a non-zero multiple of 2*pi*i and nothing else."""
    turns = difference.imag / (2 * mpmath.pi)
    nearest = mpmath.nint(turns)
    scale = max([abs(value) for value in values] + [mpmath.mpf(1)])
    return nearest != 0 and abs(turns - nearest) <= 1e-9 and abs(difference.real) <= max(tolerance, 1e-12) * scale


def _show(value: mpmath.mpc) -> str:
    if _is_real(value):
        return mpmath.nstr(value.real, 6)
    return mpmath.nstr(value, 6)


def compare_asymptotic(answer: sp.Expr, reference: sp.Expr, dim: sp.Symbol) -> Comparison:
    """Equal leading behaviour: answer / reference -> 1 as ``dim`` grows."""
    try:
        ratio = sp.limit(answer / reference, dim, sp.oo)
    except Exception:  # noqa: BLE001 - limit() raises assorted errors on hard input
        return Comparison("undecided", "asymptotic", "the limit could not be computed")
    if ratio == 1:
        return Comparison("equal", "asymptotic", f"ratio -> 1 as {dim} -> oo")
    return Comparison("different", "asymptotic", f"ratio -> {ratio} as {dim} -> oo")


GROWTH_NODES = (Theta, BigO, BigOmega)


def growth_exponents(expr: sp.Expr, dims: list[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """Exponent of each dimension in the growth of ``expr`` (Theta/O/Omega unwrapped)."""
    if isinstance(expr, GROWTH_NODES):
        expr = expr.args[0]
    return {dim: growth_exponent(expr, dim) for dim in dims}


def compare_order(answer: sp.Expr, reference: sp.Expr, dims: list[sp.Symbol]) -> Comparison:
    """Same growth class in every named dimension."""
    try:
        wanted = growth_exponents(reference, dims)
        given = growth_exponents(answer, dims)
    except Exception:  # noqa: BLE001
        return Comparison("undecided", "order", "the growth could not be computed")
    wrong = [f"{dim}: {given[dim]} instead of {wanted[dim]}" for dim in dims if sp.simplify(given[dim] - wanted[dim]) != 0]
    if wrong:
        return Comparison("different", "order", "; ".join(wrong))
    bound = {BigO: " (O gives only an upper bound)", BigOmega: " (Omega gives only a lower bound)"}
    return Comparison("equal", "order", "same exponents" + bound.get(type(answer), ""))
