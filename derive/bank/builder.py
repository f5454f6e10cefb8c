"""Writing a part compactly: ``@part`` on a function that fills a ``PartBuilder``, and ``problem_set`` to collect them.

The builder names each chain after its part (``1b: ...``), ties every slot to the chain that derived
its reference, schedules the Monte Carlo and replay checks, and, for a part with variants, substitutes
the student's values and adds "that is another student's answer" feedback. Registration is by
decoration: a set lists its modules once, and each part's key, title and builder live beside its code.
"""
from __future__ import annotations

import inspect
import textwrap
from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Iterable, Mapping, Sequence

import sympy as sp

from derive.bank.errors import AuthoringError
from derive.bank.schema import Alternate, Misconception, Part, PartEntry, ProblemSet, Slot
from derive.bank.variants import Variant, Variants, plain_number
from derive.derivation import Derivation, solve_for
from derive.rules import Rule
from derive.simulation.records import VerifyConfig, VerifyRecord, identity_records, monte_carlo_records
from derive.simulation.finite_differences import finite_difference_records
from derive.source_location import author_location
from derive.symbols import as_expr

Check = Callable[[VerifyConfig], list[VerifyRecord]]
MAX_VARIANT_MISCONCEPTIONS = 40  # other students' answers recognised per slot; more only slows a wrong answer


class PartBuilder:
    """What a part function fills in: chains (each ``=`` checked), slots graded against them, and checks.

    ``given`` holds this instance's parameter values (empty for a part without variants).
    """

    def __init__(self, part_id: str, variant: Variant | None, variants: Variants | None) -> None:
        self.id = part_id
        self.key = part_id.rpartition("/")[2]
        self.variant = variant
        self.given: Mapping[str, sp.Expr] = dict(variant.values) if variant else {}
        self._variants = variants
        self.derivations: list[Derivation] = []
        self.slots: list[Slot] = []
        self.checks: list[Check] = []
        # an instantiated chain's result before substitution, so that its slots accept the general formula
        # and recognise other students' values; keyed by identity, as chains are mutable
        self._general: dict[int, sp.Expr] = {}
        self.parameter_symbols: dict[str, sp.Symbol] = {}  # parameters a chain used: answers may name them

    # chains ------------------------------------------------------------------------------------------------

    def derive(self, what: str, quantity: str, start: sp.Expr, justification: str = "definition",
               *rules: Rule) -> Derivation:
        """A chain ``quantity = start = ...`` titled ``<key>: what``, one checked step per rule."""
        chain = Derivation(f"{self.key}: {what}", quantity, start, justification, location=author_location(2))
        chain.apply(*rules)
        return self.show(chain)

    def solve(self, what: str, unknown: sp.Symbol, condition: Derivation, rhs: object) -> Derivation:
        """The positive ``unknown`` with ``condition = rhs``, checked by substituting it back."""
        return self.show(solve_for(f"{self.key}: {what}", unknown, condition, rhs))

    def instantiate(self, general: Derivation, what: str | None = None) -> Derivation:
        """``general``'s result at this instance's values (``N = 10, c = 5``), as a checked step of a new chain."""
        self.show(general)
        symbols = {symbol.name: symbol for symbol in general.result.free_symbols if isinstance(symbol, sp.Symbol)}
        values = {symbols[name]: value for name, value in self.given.items() if name in symbols}  # declared order
        if not values:
            raise AuthoringError(f"'{general.title}' has no parameter to instantiate (parameters: "
                                 f"{', '.join(self.given) or 'none'})", author_location(2), self.id)
        self.parameter_symbols.update({symbol.name: symbol for symbol in values})
        described = self.variant.describe(symbol.name for symbol in values)
        title = f"{general.title} for {described}" if what is None else f"{self.key}: {what}"
        chain = Derivation(title, general.quantity, general.result, f"general result ({general.title})",
                           location=author_location(2))
        chain.instantiate(values, described + (" (this student's values)" if self.variant and self.variant.key
                                               else " (the values given)"))
        self._general[id(chain)] = general.result
        return self.show(chain)

    def show(self, chain: Derivation) -> Derivation:
        """Add a chain built elsewhere to the part's worked solution (once)."""
        if all(chain is not known for known in self.derivations):
            self.derivations.append(chain)
        return chain

    # slots -------------------------------------------------------------------------------------------------

    def slot(self, name: str, mode: str, reference: Derivation | sp.Basic, description: str,
             **options: object) -> Slot:
        """An answer slot; a ``Derivation`` as reference grades against its result and names it as the source."""
        if isinstance(reference, Derivation):
            self.show(reference)
            options.setdefault("derivation", reference.title)
            general = self._general.get(id(reference))
            reference = reference.result
            if general is not None:
                options["alternates"] = self._with_general(general, reference, tuple(options.get("alternates", ())))
                options["misconceptions"] = self._with_instances(tuple(options.get("misconceptions", ())))
            if general is not None and self._variants is not None and self.variant and self.variant.key:
                options["misconceptions"] = (tuple(options.get("misconceptions", ()))
                                             + self._other_variants(general, reference))
        made = Slot(name, mode, reference, description, location=author_location(2), **options)
        self.slots.append(made)
        return made

    def _with_general(self, general: sp.Expr, own: sp.Expr, alternates: tuple[Alternate, ...]) -> tuple:
        """The general formula is right for every instance: accept it (exactly), saying what it is here."""
        if general == own or any(alternate.expr == general for alternate in alternates):
            return alternates
        names = [symbol.name for symbol in general.free_symbols if isinstance(symbol, sp.Symbol)]
        note = f"The general formula {sp.sstr(general)}; with {self.variant.describe(names)} it is {sp.sstr(own)}."
        return alternates + (Alternate(general, 1.0, note, "exact"),)

    def _with_instances(self, misconceptions: tuple[Misconception, ...]) -> tuple[Misconception, ...]:
        """A misconception written with the parameters (1/d_k) also catches its value here (1/64)."""
        instances = []
        for misconception in misconceptions:
            if misconception.expr is None:
                continue
            value = self._at_given(misconception.expr)
            if value != misconception.expr and all(value != known.expr for known in misconceptions + tuple(instances)):
                instances.append(Misconception(misconception.message, misconception.score, expr=value))
        return misconceptions + tuple(instances)

    def _other_variants(self, general: sp.Expr, own: sp.Expr) -> tuple[Misconception, ...]:
        """Feedback for an answer that fits other values: the student's own values are named."""
        names = {symbol.name for symbol in general.free_symbols if isinstance(symbol, sp.Symbol)}
        seen, found = {own}, []
        for other in self._variants.others(self.variant):
            value = sp.simplify(other.substitute(general))
            if value in seen:
                continue
            seen.add(value)
            found.append(Misconception(f"This matches the answer for {other.describe(names)}, not for your values "
                                       f"({self.variant.describe(names)}); check that you used yours.", 0.0,
                                       expr=value))
            if len(found) == MAX_VARIANT_MISCONCEPTIONS:
                break
        return tuple(found)

    # checks ------------------------------------------------------------------------------------------------

    def monte_carlo(self, slot: str, random_expr: sp.Expr, closed_form: Derivation | sp.Expr,
                    dims: Sequence[Mapping[sp.Symbol, int]], *, general: bool = False, **options: object) -> None:
        """Check that the simulated mean of ``random_expr`` matches ``closed_form`` at each set of ``dims``.

        In a part with variants the check runs at this instance's values; ``general=True`` checks the
        general formula at the ``dims`` given instead."""
        if general:
            random_expr, expected = random_expr, _result(closed_form)
        else:
            random_expr, expected = self._at_given(random_expr), self._at_given(_result(closed_form))
        self.checks.append(lambda config: monte_carlo_records(self.id, slot, random_expr, expected, dims, config,
                                                              **options))

    def pointwise(self, slot: str, lhs: sp.Expr, rhs: Derivation | sp.Expr,
                  dims: Sequence[Mapping[sp.Symbol, int]]) -> None:
        """Check that two random expressions agree on every simulated draw, not only on average."""
        lhs, rhs = self._at_given(lhs), self._at_given(_result(rhs))
        self.checks.append(lambda config: identity_records(self.id, slot, lhs, rhs, dims, config))

    def finite_differences(self, slot: str, function: sp.Expr, derivative: Derivation | sp.Expr, entry: sp.Indexed,
                           dims: Sequence[Mapping[sp.Symbol, int]], fixed: object = None) -> None:
        """Check a derived derivative in ``entry`` (``z[m]``) against central differences of ``function``."""
        function, derivative = self._at_given(function), self._at_given(_result(derivative))
        self.checks.append(lambda config: finite_difference_records(self.id, slot, function, derivative, entry, dims,
                                                                    config, fixed))

    def replay(self, slot: str, run: Callable[..., object], closed_form: Derivation | sp.Expr,
               cases: Iterable[Mapping[sp.Symbol, int]]) -> None:
        """Check ``closed_form`` against ``run`` (a literal replay, e.g. counting operations) case by case.

        ``run`` is called with the case's values and this instance's, by name; this instance's own
        values are always among the cases.
        """
        formula = _result(closed_form)
        wanted = set(inspect.signature(run).parameters)
        cases = [{str(name): value for name, value in case.items()} for case in cases]
        used = wanted | {symbol.name for symbol in formula.free_symbols if isinstance(symbol, sp.Symbol)}
        own = {name: value for name, value in self.given.items() if name in used}
        if own and not any(all(case.get(name) == value for name, value in own.items()) for case in cases):
            cases.append(own)
        self.checks.append(lambda config: [_replay_record(self.id, slot, run, formula, case, self.given, wanted)
                                           for case in cases])

    def check(self, run: Check) -> None:
        """A check of the author's own: a function of the ``VerifyConfig`` returning ``VerifyRecord``s."""
        self.checks.append(run)

    def _at_given(self, expr: sp.Basic) -> sp.Basic:
        return self.variant.substitute(expr) if self.variant else expr


def _result(chain_or_expr: Derivation | sp.Expr) -> sp.Expr:
    return chain_or_expr.result if isinstance(chain_or_expr, Derivation) else chain_or_expr


def _replay_record(part_id: str, slot: str, run: Callable[..., object], formula: sp.Expr,
                   case: Mapping[str, int], given: Mapping[str, sp.Expr], wanted: set[str]) -> VerifyRecord:
    values = {**given, **{name: as_expr(value) for name, value in case.items()}}
    replayed = sp.nsimplify(run(**{name: plain_number(value) for name, value in values.items() if name in wanted}))
    predicted = formula.xreplace({symbol: values[symbol.name] for symbol in formula.free_symbols
                                  if isinstance(symbol, sp.Symbol) and symbol.name in values})
    dims = {name: int(value) if values[name].is_Integer else float(values[name]) for name, value in case.items()}
    return VerifyRecord(part_id, slot, str(formula), dims,
                        1, float(replayed), 0.0, bool(sp.simplify(predicted - replayed) == 0), method="replay",
                        expected=float(predicted), expression=formula)


@dataclass(frozen=True)
class PartSpec:
    """A part as declared by ``@part``: key, title, statement and the function that fills its builder."""

    key: str
    title: str
    statement: str
    fill: Callable[[PartBuilder], None]
    variants: Variants | None
    symbols: Mapping[str, sp.Symbol] | None
    location: str | None

    def build(self, set_name: str, variant: Variant | None = None) -> Part:
        """Run the part's function for ``variant`` (the published values when None) and assemble the part."""
        if self.variants is not None and variant is None:
            variant = self.variants.default()
        builder = PartBuilder(f"{set_name}/{self.key}", variant, self.variants)
        self.fill(builder)
        if not builder.slots:
            raise AuthoringError("the part declares no answer slot", self.location)
        try:
            statement = (variant or Variant(None, {})).fill(textwrap.dedent(self.statement).strip())
        except AuthoringError as error:
            raise AuthoringError(error.problem, self.location) from None
        symbols = dict(self.symbols) if self.symbols is not None else _declared(builder.slots)
        for name, symbol in builder.parameter_symbols.items():
            symbols.setdefault(name, symbol)
        return Part(id=builder.id, title=self.title, statement=statement, derivations=builder.derivations,
                    slots=builder.slots, simulations=builder.checks, symbols=symbols, variant=variant,
                    location=self.location)


def _declared(slots: Iterable[Slot]) -> dict[str, sp.Symbol]:
    """The names an answer may use, when the part does not list them: the free symbols of its references."""
    found: dict[str, sp.Symbol] = {}
    for slot in slots:
        if isinstance(slot.reference, sp.Basic):
            for symbol in sorted(slot.reference.free_symbols, key=str):
                if type(symbol) is sp.Symbol:
                    found.setdefault(symbol.name, symbol)
        if isinstance(slot.variable, sp.Symbol):
            found.setdefault(slot.variable.name, slot.variable)
    return found


def part(key: str, title: str, statement: str, *, variants: Variants | None = None,
         symbols: Mapping[str, sp.Symbol] | None = None) -> Callable[[Callable[[PartBuilder], None]], PartSpec]:
    """Declare a part: ``@part("1b", "Title", r"Statement in Markdown with $\\LaTeX$")`` on ``def f(p): ...``.

    The statement may use ``{{name}}`` for a parameter's value. ``symbols`` maps the names an answer
    may use to symbols (default: the free symbols of the slots' references).
    """
    if not isinstance(key, str) or not key.strip() or "/" in key or key != key.strip():
        raise AuthoringError(f"a part key is non-empty text without '/' or surrounding spaces, not {key!r}",
                             author_location(2))
    location = author_location(2)

    def declare(fill: Callable[[PartBuilder], None]) -> PartSpec:
        return PartSpec(key, title, statement, fill, variants, symbols, location)

    return declare


def problem_set(name: str, title: str, *modules: ModuleType) -> ProblemSet:
    """The set of every ``@part`` in ``modules``, in module order and then in the order they are written."""
    specs: list[PartSpec] = []
    for module in modules:
        found = [value for value in vars(module).values() if isinstance(value, PartSpec)
                 and value.fill.__module__ == getattr(module, "__name__", value.fill.__module__)]  # not re-exports
        specs += sorted(found, key=lambda spec: spec.fill.__code__.co_firstlineno)
    if not specs:
        raise AuthoringError(f"problem set '{name}' has no parts: decorate a function with @part in one of its "
                             f"modules", author_location(2))
    parts: dict[str, PartEntry] = {}
    for spec in specs:
        if spec.key in parts:
            raise AuthoringError(f"two parts of '{name}' have the key '{spec.key}'", spec.location)
        parts[spec.key] = PartEntry(spec.title, _Build(spec, name), spec.variants)
    return ProblemSet(name=name, title=title, parts=parts)


@dataclass(frozen=True)
class _Build:
    """``spec.build`` bound to its set's name, with the spec in reach (tests look up the part's function)."""

    spec: PartSpec
    set_name: str

    def __call__(self, variant: Variant | None = None) -> Part:
        return self.spec.build(self.set_name, variant)
