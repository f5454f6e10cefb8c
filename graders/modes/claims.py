"""Grading claims about norms (mode ``claims``): each claim becomes a bound on one norm, compared subject by subject.

Every norm is first rewritten as a Euclidean norm (features) or a spectral norm (weights) times a power of
the widths, so ``RMS(h_\\ell) = Theta(1)``, ``||h_\\ell||_2 = Theta(sqrt(n_\\ell))`` and
``||h_\\ell||^2 = Theta(n_\\ell)`` are one bound.  A chain through a product of norms
(``||h_\\ell||_2 <= ||W_\\ell||_* ||h_{\\ell-1}||_2 = ...``) gives a bound *via* those norms; a reference
bound with weights in its route must be reached through one of them, so the right order without the
operator-norm step is not enough.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp

from derive.growth.asymptotics import BigO, BigOmega, Theta, growth_exponent
from derive.growth.norms import Claims, EuclideanNorm, SpectralNorm, Weight, euclidean_form
from derive.bank.schema import Slot
from derive.render.expressions import expr_text

from graders.reading.claims import ClaimsReadError, read_claims
from graders.modes.base import GradingMode, VerdictMaker
from graders.verdict import Verdict

_DIRECTIONS = {"Equality": "=", "LessThan": "<=", "StrictLessThan": "<=", "GreaterThan": ">=",
               "StrictGreaterThan": ">="}
_FLIP = {"=": "=", "<=": ">=", ">=": "<="}


class ClaimsError(ValueError):
    """A claim that was read but cannot be turned into a bound (e.g. an order in an unknown symbol)."""


@dataclass(frozen=True)
class Bound:
    """``||subject|| <= / >= Theta(prod width^exponent)`` for a Euclidean (features) or spectral (weights) norm."""

    subject: sp.Basic
    directions: frozenset
    exponents: tuple  # ((width, exponent), ...) sorted by name, zero exponents left out
    via: frozenset = frozenset()  # the features and weights whose norms the bound was reached through
    route: str = ""  # the claims it came from, as text


@dataclass
class _Analysis:
    bounds: list[Bound] = field(default_factory=list)
    subjects: set = field(default_factory=set)


def analyse(claims: Claims, dims: set[sp.Symbol]) -> _Analysis:
    """All bounds the claims state or chain together, and every subject they mention."""
    result = _Analysis()
    norms: dict[sp.Symbol, sp.Basic] = {}
    facts, links = [], []
    for claim in claims.args:
        direction = _DIRECTIONS.get(type(claim).__name__)
        if direction is None:
            raise ClaimsError(f"'{expr_text(claim)}' is not a comparison")
        (left, left_kinds), (right, right_kinds) = _side(claim.lhs, norms), _side(claim.rhs, norms)
        kinds = left_kinds | right_kinds
        left_norms, right_norms = _norm_symbols(left, norms), _norm_symbols(right, norms)
        if not left_norms and right_norms:
            left, right, direction, left_norms, right_norms = right, left, _FLIP[direction], right_norms, left_norms
        text = expr_text(Claims(claim))
        if left_norms and right_norms:
            links.append((left, direction, right, text))
        elif left_norms:
            directions = _combine(direction, kinds)
            if directions:
                facts.append((left, directions, right, text))
    result.subjects = {norms[s].args[0] for s in norms}
    for left, directions, order, text in facts:
        if len(_norm_symbols(left, norms)) == 1:
            result.bounds.append(_bound(left, directions, order, norms, dims, frozenset(), text))
    stated = {b.subject: b for b in result.bounds if b.directions == {"<=", ">="}}
    for left, direction, product, text in links:
        if len(_norm_symbols(left, norms)) != 1:
            continue
        via = frozenset(norms[s].args[0] for s in _norm_symbols(product, norms))
        routes = [(directions, order, f"{text}; {fact_text}") for key, directions, order, fact_text in facts
                  if sp.expand(key - product) == 0]
        if not routes and all(norms[s].args[0] in stated for s in _norm_symbols(product, norms)):
            # every factor's order is stated elsewhere in the answer: the product's order follows
            orders = {s: sp.Mul(*(d**e for d, e in stated[norms[s].args[0]].exponents)) for s in
                      _norm_symbols(product, norms)}
            routes = [(frozenset({"<=", ">="}), product.xreplace(orders), text)]
        for directions, order, route in routes:
            chained = directions if direction == "=" else frozenset({direction}) & directions
            if chained:
                result.bounds.append(_bound(left, chained, order, norms, dims, via, route))
    return result


def _side(expr: sp.Basic, norms: dict) -> tuple[sp.Expr, frozenset]:
    """The side with every norm as a positive symbol and growth classes unwrapped, and the growth kinds used."""
    expr = euclidean_form(expr)
    kinds = frozenset(type(node).__name__ for node in sp.preorder_traversal(expr) if isinstance(node, (Theta, BigO,
                                                                                                      BigOmega)))
    expr = expr.replace(lambda e: isinstance(e, (Theta, BigO, BigOmega)), lambda e: e.args[0])

    def symbol(node: sp.Basic) -> sp.Symbol:
        name = sp.Symbol(f"‖{node.args[0]}‖", positive=True)
        norms[name] = node
        return name

    expr = expr.replace(lambda e: isinstance(e, (EuclideanNorm, SpectralNorm)), symbol)
    return expr, kinds


def _norm_symbols(expr: sp.Expr, norms: dict) -> set[sp.Symbol]:
    return {s for s in expr.free_symbols if s in norms}


def _combine(direction: str, kinds: frozenset) -> frozenset:
    """What ``norm <rel> Theta/O/Omega(g)`` says: "=" with Theta both ways, "<=" with O, and so on."""
    sides = {"=": {"<=", ">="}, "<=": {"<="}, ">=": {">="}}[direction]
    if "BigO" in kinds:
        sides &= {"<="}
    if "BigOmega" in kinds:
        sides &= {">="}
    return frozenset(sides)


def _bound(left: sp.Expr, directions: frozenset, order: sp.Expr, norms: dict, dims: set, via: frozenset,
           text: str) -> Bound:
    """Solve ``c * N^p * widths (rel) order`` for the one norm N."""
    (symbol,) = _norm_symbols(left, norms)
    power = sp.Poly(left, symbol).degree() if left.is_polynomial(symbol) else None
    if not power:
        raise ClaimsError(f"'{text}' is not a power of one norm")
    rest = sp.simplify(left / symbol**power)
    if rest.free_symbols & set(norms):
        raise ClaimsError(f"'{text}' is not a power of one norm")
    alone = sp.powsimp(sp.expand_power_base((order / rest) ** sp.Rational(1, power), force=True), force=True)
    return Bound(norms[symbol].args[0], directions, _exponents(alone, dims, text), via, text)


def _exponents(order: sp.Expr, dims: set[sp.Symbol], text: str) -> tuple:
    unknown = order.free_symbols - dims
    if unknown:
        names = ", ".join(sorted(str(s) for s in unknown))
        raise ClaimsError(f"'{text}' gives an order in {names}, which is not a width of the network")
    exponents = {}
    for factor, power in order.as_powers_dict().items():
        if factor.is_number:
            continue
        if factor not in dims or not power.is_number:
            exponents = {dim: growth_exponent(order, dim) for dim in order.free_symbols}  # not a monomial
            break
        exponents[factor] = exponents.get(factor, 0) + power
    return tuple(sorted(((dim, e) for dim, e in exponents.items() if e != 0), key=lambda pair: str(pair[0])))


@dataclass
class Match:
    """How an answer's bounds meet the reference's, subject by subject."""

    met: list = field(default_factory=list)
    weaker: list = field(default_factory=list)  # right order, only one direction of a Theta
    unjustified: list = field(default_factory=list)  # right bound, not reached through the required norms
    wrong: list = field(default_factory=list)  # (reference, answer): another order in the same direction
    missing: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.weaker or self.unjustified or self.wrong or self.missing)


def match(reference: list[Bound], answer: list[Bound]) -> Match:
    """Compare the answer's bounds with every reference bound."""
    result = Match()
    for wanted in _strongest(reference):
        same = [b for b in answer if b.subject == wanted.subject]
        right_order = [b for b in same if b.exponents == wanted.exponents]
        both_ways = [b for b in right_order if wanted.directions <= b.directions]
        required = {s for s in wanted.via if isinstance(s, Weight)}
        justified = [b for b in both_ways if not required or b.via & required]
        if justified:
            result.met.append(wanted)
        elif both_ways:
            result.unjustified.append(wanted)
        elif right_order:
            result.weaker.append(wanted)
        elif any(b.directions & wanted.directions for b in same):
            result.wrong.append((wanted, next(b for b in same if b.directions & wanted.directions)))
        else:
            result.missing.append(wanted)
    return result


def _strongest(bounds: list[Bound]) -> list[Bound]:
    """One reference bound per subject: the one with a route when there is one."""
    chosen: dict = {}
    for bound in bounds:
        if bound.subject not in chosen or (bound.via and not chosen[bound.subject].via):
            chosen[bound.subject] = bound
    return list(chosen.values())


def grade_claims(slot: Slot, answer: str, declared: Mapping[str, sp.Symbol], verdict: VerdictMaker) -> Verdict:
    """Grade ``answer`` for a ``claims`` slot: main reference, then alternates, misconceptions, and what is off."""
    try:
        claims = read_claims(answer, declared, bindings=slot.bindings)
    except ClaimsReadError as error:
        reason = "is too large to read" if error.too_large else "could not be read"
        return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                       feedback=f"The answer {reason}: {error}")
    interpreted = sp.latex(claims)
    dims = {s for s in declared.values() if s.is_integer and s.is_positive}
    try:
        given = analyse(claims, dims)
    except ClaimsError as error:
        return verdict(status="unparseable", score=0.0, interpreted=interpreted, method="claims",
                       feedback=f"The claims could not be compared: {error}")
    main = match(analyse(slot.reference, dims).bounds, given.bounds)
    if main.complete:
        return verdict(status="correct", score=1.0, interpreted=interpreted, method="claims", feedback="Correct.")
    for alternate in slot.alternates:
        if match(analyse(alternate.expr, dims).bounds, given.bounds).complete:
            status = "correct" if alternate.score >= 1 else "partial"
            return verdict(status=status, score=alternate.score, interpreted=interpreted, method="alternate:claims",
                           feedback=("Correct. " if status == "correct" else "") + alternate.note)
    for misconception in slot.misconceptions:
        if isinstance(misconception.expr, Claims):
            known = match(analyse(misconception.expr, dims).bounds, given.bounds)
            if not (known.wrong or known.missing):
                status = "partial" if misconception.score > 0 else "incorrect"
                return verdict(status=status, score=misconception.score, interpreted=interpreted,
                               method="misconception:claims", feedback=misconception.message)
    return _shortfall(main, given, interpreted, verdict)


def _shortfall(main: Match, given: _Analysis, interpreted: str, verdict: VerdictMaker) -> Verdict:
    """The verdict for an answer that does not meet the reference, and what to fix."""
    wanted = main.met + main.weaker + main.unjustified + [w for w, _ in main.wrong] + main.missing
    if main.wrong:
        reference, answer = main.wrong[0]
        return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="claims",
                       feedback=f"Wrong order for {_name(reference.subject)}: the answer gives {_order(answer)}, "
                       f"expected {_order(reference)}.")
    if main.unjustified:
        subjects = _names(b.subject for b in main.unjustified)
        weights = _names({s for b in main.unjustified for s in b.via if isinstance(s, Weight)})
        return verdict(status="needs_review", score=0.0, interpreted=interpreted, method="claims",
                       feedback=f"The bounds on {subjects} have the right order but are stated, not derived: they "
                                f"must come through the operator norm of {weights}, as in "
                                f"{main.unjustified[0].route}.")
    if main.met or main.weaker:
        score = (len(main.met) + 0.5 * len(main.weaker)) / max(len(wanted), 1)
        notes = [f"only one direction of the Theta for {_name(b.subject)}" for b in main.weaker]
        notes += [f"nothing about {_name(b.subject)}" for b in main.missing]
        return verdict(status="partial", score=score, interpreted=interpreted, method="claims",
                       feedback="Partly right: " + "; ".join(notes) + ".")
    asked = {b.subject for b in wanted}
    if given.subjects and not (given.subjects & asked):
        return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="claims",
                       feedback=f"These are claims about {_names(given.subjects)}; the question asks about "
                                f"{_names(asked)}.")
    return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="claims",
                   feedback=f"No bound on {_names(asked)} was found; expected e.g. {_order(wanted[0])}.")


def _name(subject: sp.Basic) -> str:
    return expr_text(subject)


def _names(subjects) -> str:
    return ", ".join(sorted(_name(s) for s in subjects))


def _order(bound: Bound) -> str:
    norm = "‖{}‖_op" if isinstance(bound.subject, Weight) else "‖{}‖_2"
    growth = expr_text(sp.Mul(*(dim**e for dim, e in bound.exponents))) if bound.exponents else "1"
    relation = "=" if bound.directions == {"<=", ">="} else ("≤" if "<=" in bound.directions else "≥")
    return f"{norm.format(_name(bound.subject))} {relation} Θ({growth})"


MODE = GradingMode("claims", "statements about norms, compared as bounds on one norm (RMS(h) = Theta(1) is "
                   "||h||_2 = Theta(sqrt(n)))", answer_kind="claims", grade=grade_claims)
