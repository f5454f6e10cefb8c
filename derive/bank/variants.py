"""Per-student variants: a part's parameters, their domains and constraints, and the instance a key selects.

A variant is chosen from the valid assignments by a hash of the set's name, the parameter names and
the key (a student id or a seed), so the same student always gets the same numbers, in any process,
and parts that share one ``Variants`` (5a, 5b, 5c) give a student the same numbers in each.
"""
from __future__ import annotations

import fractions
import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

import sympy as sp

from derive.moments.arrays import is_random_array

from derive.bank.errors import AuthoringError
from derive.source_location import author_location
from derive.symbols import as_expr

MAX_ASSIGNMENTS = 1_000_000  # a domain product beyond this is a mistake, not a problem to enumerate
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


@dataclass(frozen=True)
class Variant:
    """One instance of a part: the key that chose it (None for the published numbers) and its values."""

    key: str | None
    values: Mapping[str, sp.Expr]
    units: Mapping[str, str] = field(default_factory=dict)

    def describe(self, names: Iterable[str] | None = None) -> str:
        """``N = 12, c = 4, t_fwd = 30 ns``: the values (of ``names``, default all) as a student reads them."""
        wanted = set(self.values if names is None else names)
        return ", ".join(f"{name} = {value}" + (f" {self.units[name]}" if name in self.units else "")
                         for name, value in self.values.items() if name in wanted)

    def substitute(self, expr: sp.Basic) -> sp.Basic:
        """``expr`` with every symbol named like a parameter replaced by this variant's value."""
        # A law's parameters (p of Bernoulli(p)) are symbols of the expression too, though not free ones.
        laws = {s for base in expr.atoms(sp.IndexedBase) if is_random_array(base) for s in base.label.law.parameters}
        mapping = {symbol: self.values[symbol.name] for symbol in expr.free_symbols | laws
                   if isinstance(symbol, sp.Symbol) and symbol.name in self.values}
        return expr.xreplace(mapping) if mapping else expr

    def fill(self, template: str) -> str:
        """``template`` with each ``{{name}}`` replaced by the value of parameter ``name``."""
        def value(match: re.Match) -> str:
            name = match.group(1)
            if name not in self.values:
                known = ", ".join(self.values) or "none"
                raise AuthoringError(f"the statement uses {{{{{name}}}}}, which is not a parameter "
                                     f"(parameters: {known})")
            return str(self.values[name])

        return _PLACEHOLDER.sub(value, template)

    def identity(self) -> str:
        """The values as canonical JSON: two keys that select the same numbers select the same instance."""
        return json.dumps(self.to_json()["values"], sort_keys=True)

    def to_json(self) -> dict:
        """``{"key": ..., "values": {...}}``: integers as numbers, fractions as text such as ``"1/2"``."""
        return {"key": self.key, "values": {name: _json_number(value) for name, value in self.values.items()},
                **({"units": dict(self.units)} if self.units else {})}


def _json_number(value: sp.Expr) -> int | float | str:
    if value.is_Integer:
        return int(value)
    if value.is_Float:
        return float(value)
    return str(value)


def plain_number(value: sp.Expr) -> int | fractions.Fraction | float:
    """A value as Python arithmetic knows it, for the author's constraint and replays."""
    if value.is_Integer:
        return int(value)
    if value.is_Rational:
        return fractions.Fraction(int(value.p), int(value.q))
    return float(value)


class Variants:
    """A part's parameters: each one's domain, a constraint tying them together, and the published values.

    Examples:
        >>> space = Variants(N=(8, 10, 12), c=range(2, 7), where=lambda N, c: N % c == 0,
        ...                  default={"N": 10, "c": 5})
        >>> len(space.assignments()), space.default().describe()
        (8, 'N = 10, c = 5')
        >>> space.choose("hw3", "alice@example.edu") == space.choose("hw3", "alice@example.edu")
        True
    """

    def __init__(self, *, default: Mapping[str, object], where: Callable[..., bool] | None = None,
                 units: Mapping[str, str] | None = None, **domains: Iterable[object]) -> None:
        self.location = author_location(2)
        try:
            self.domains = {name: tuple(_exact(value) for value in values) for name, values in domains.items()}
            self.defaults = {name: _exact(value) for name, value in default.items()}
        except TypeError as error:
            raise AuthoringError(f"a parameter value must be a number ({error})", self.location) from None
        self.where = where
        self.units = dict(units or {})
        self._assignments: list[dict[str, sp.Expr]] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The parameter names, in the order they were declared."""
        return tuple(self.domains)

    def _fail(self, message: str) -> AuthoringError:
        return AuthoringError(message, self.location)

    def assignments(self) -> list[dict[str, sp.Expr]]:
        """Every valid assignment of values to the parameters, in a fixed order."""
        if self._assignments is None:
            size = 1
            for name, values in self.domains.items():
                if not values:
                    raise self._fail(f"parameter {name} has an empty domain")
                size *= len(values)
            if size > MAX_ASSIGNMENTS:
                raise self._fail(f"the parameters have {size} combinations; at most {MAX_ASSIGNMENTS} are enumerated")
            valid = []
            for values in itertools.product(*self.domains.values()):
                assignment = dict(zip(self.domains, values))
                if self.where is None or self._holds(assignment):
                    valid.append(assignment)
            if not valid:
                raise self._fail(f"no values of {', '.join(self.domains)} satisfy the constraint: the variant "
                                 f"domain is empty")
            self._assignments = valid
        return self._assignments

    def _holds(self, assignment: Mapping[str, sp.Expr]) -> bool:
        try:
            return bool(self.where(**{name: plain_number(value) for name, value in assignment.items()}))
        except Exception as error:  # noqa: BLE001 - the author's constraint failed: say where and on what
            raise self._fail(f"the constraint failed on {_described(assignment)} "
                             f"({type(error).__name__}: {error})") from error

    def default(self) -> Variant:
        """The published instance (no key): the values the statement was written for."""
        if set(self.defaults) != set(self.domains):
            raise self._fail(f"the default names {', '.join(self.defaults) or 'nothing'}, but the parameters are "
                             f"{', '.join(self.domains)}")
        values = {name: self.defaults[name] for name in self.domains}
        if values not in self.assignments():
            raise self._fail(f"the default values {_described(values)} are not a valid variant")
        return Variant(None, values, self.units)

    def choose(self, set_name: str, key: str) -> Variant:
        """The instance for ``key``: a hash of the set name, the parameter names and the key picks it."""
        key = str(key).strip()
        if not key:
            raise ValueError("a variant key is a non-empty student id or seed")
        assignments = self.assignments()
        seed = "\x1f".join([set_name, ",".join(self.domains), key]).encode()
        index = int.from_bytes(hashlib.sha256(seed).digest()[:8], "big") % len(assignments)
        return Variant(key, dict(assignments[index]), self.units)

    def others(self, own: Variant) -> list[Variant]:
        """Every other valid instance, the published one first, for telling a student whose numbers they used."""
        published = self.default()
        rest = [Variant(None, values, self.units) for values in self.assignments()
                if values != dict(own.values) and values != dict(published.values)]
        return ([published] if dict(published.values) != dict(own.values) else []) + rest


def _exact(value: object) -> sp.Expr:
    """A parameter value as an exact number: a float such as 0.25 is the decimal it shows, 1/4."""
    number = as_expr(value)
    return sp.Rational(repr(float(number))) if number.is_Float else number


def _described(values: Mapping[str, sp.Expr]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in values.items())
