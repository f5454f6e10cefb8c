"""Problems, parts and answer slots: what a problem module declares and the tools read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

from derive.bank.variants import Variant, Variants
from derive.derivation import Derivation
from derive.gradients.nodes import SamplingLaw
from derive.simulation.records import VerifyConfig, VerifyRecord
from derive.source_location import author_location

# A grading mode's name ("exact", "numeric", ...). The graders keep the one table of modes
# (graders/modes/registry.py); the engine only carries the name, and the layering tests check
# that every slot of every discovered problem set names a registered mode.
Mode = str


@dataclass(frozen=True)
class Alternate:
    """Another accepted answer, with its own score and a note for the student."""

    expr: sp.Expr
    score: float
    note: str
    mode: Mode | None = None
    answers: str | None = None  # the left side this alternate answers, e.g. "objective" for F(mu) = ...


@dataclass(frozen=True)
class Misconception:
    """A known wrong answer (an expression, or a named predicate) and the feedback it earns."""

    message: str
    score: float = 0.0
    expr: sp.Expr | None = None
    predicate: str | None = None  # e.g. "same-order": right growth, wrong constant


@dataclass(frozen=True)
class KeyPoint:
    """One point a conceptual (rubric) answer must make, recognised by phrase patterns."""

    label: str  # shown in feedback, e.g. "every output has the same magnitude"
    patterns: tuple[str, ...]  # regular expressions, case-insensitive; any one shows the point is made
    contradictions: tuple[str, ...] = ()  # statements of the opposite; any one makes the answer incorrect


@dataclass(frozen=True)
class SamplingForm:
    """How an answer about expectations is read, and the form the question asks for.

    ``families`` says what ``p_m`` means (``p_0`` is ``families["p"](0)``); ``default_laws`` gives the
    law of ``E_z[...]`` written without one; an answer naming only the integrand (``g(x) = ...``) means
    ``E_{integrand_variable ~ integrand_law}[g(x)]``.  When ``required_law`` is set, the right value
    written over another law earns ``wrong_law_score`` and ``wrong_law_note``.
    """

    parameter: sp.Symbol
    symbols: Mapping[str, sp.Symbol]
    parameter_aliases: Mapping[str, str] = field(default_factory=dict)
    families: Mapping[str, Callable[[sp.Expr], SamplingLaw]] = field(default_factory=dict)
    default_laws: Mapping[str, SamplingLaw] = field(default_factory=dict)
    integrand_variable: sp.Symbol | None = None
    integrand_law: SamplingLaw | None = None
    required_law: SamplingLaw | None = None
    wrong_law_score: float = 0.5
    wrong_law_note: str = ""


@dataclass(frozen=True)
class Slot:
    """One gradable answer of a part."""

    name: str
    mode: Mode
    reference: sp.Expr
    description: str
    points: float = 1.0
    alternates: tuple[Alternate, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    unit: str | None = None
    variable: sp.Expr | None = None  # the left side an answer may name, e.g. c in "c = ..."
    asymptotic_in: sp.Symbol | None = None
    derivation: str | None = None  # title of the derivation that produced the reference
    sampling: SamplingForm | None = None  # for the expectation and law modes
    key_points: tuple[KeyPoint, ...] = ()  # for the rubric mode
    bindings: Mapping[sp.Symbol, sp.Expr] = field(default_factory=dict)  # names the question defines (z = sum|x_k|)
    cues: tuple[str, ...] = ()  # regular expressions marking transcript text about this slot ("scal", "multiply")
    location: str | None = field(default=None, compare=False, repr=False)  # the author's file:line

    def __post_init__(self) -> None:
        if not isinstance(self.mode, str) or not self.mode:
            raise ValueError(f"slot {self.name}: the mode must be a mode's name, e.g. 'exact'")
        if self.location is None:
            object.__setattr__(self, "location", author_location(2))


@dataclass
class Part:
    """A problem part: statement, checked derivations, answer slots, and simulation checks."""

    id: str
    title: str
    statement: str
    derivations: list[Derivation]
    slots: list[Slot]
    simulations: list[Callable[[VerifyConfig], list[VerifyRecord]]] = field(default_factory=list)
    symbols: dict[str, sp.Symbol] = field(default_factory=dict)
    variant: Variant | None = None  # the instance's values, for a part that declares variants
    location: str | None = None  # the author's file:line of the part

    def slot(self, name: str) -> Slot:
        """The slot called ``name``."""
        for slot in self.slots:
            if slot.name == name:
                return slot
        known = ", ".join(s.name for s in self.slots)
        raise KeyError(f"{self.id} has no slot {name!r} (slots: {known})")

    def verify(self, config: VerifyConfig = VerifyConfig()) -> list[VerifyRecord]:
        """Run every simulation check of this part."""
        return [record for simulation in self.simulations for record in simulation(config)]


@dataclass(frozen=True)
class PartEntry:
    """A part's title, known without running anything, and the function that derives it.

    A part with ``variants`` is built for one ``Variant`` (``build(variant)``); without, by ``build()``.
    """

    title: str
    build: Callable[..., Part]
    variants: Variants | None = None


@dataclass(frozen=True)
class ProblemSet:
    """A named collection of parts, each built on demand by running its derivations."""

    name: str
    title: str
    parts: dict[str, PartEntry]

    def part_ids(self) -> list[str]:
        """Ids such as ``hw3/1b``, in order."""
        return [f"{self.name}/{key}" for key in self.parts]
