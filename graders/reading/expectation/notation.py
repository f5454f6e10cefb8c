"""What names mean in a sampling problem: its notation, and the lookups the reader makes in it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import sympy as sp

from derive.gradients.nodes import BaseLaw, DensityFamily, SamplingLaw

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.limits import ExpectationReadConfig
from graders.reading.expectation.tokens import ExpectationToken, is_token
from graders.reading.names import name_key
from graders.reading.notation import FUNCTION_LETTERS

# G is left out: this reader has always read G(x) as the product of G and x, and graded answers rely on it.
CALLED_LETTERS = FUNCTION_LETTERS - {"G"}
OBJECTIVE_NAMES = frozenset("FJL")


@dataclass(frozen=True)
class Notation:
    """What names mean in this problem."""

    symbols: Mapping[str, sp.Symbol]
    parameter_aliases: Mapping[str, str] = field(default_factory=dict)
    families: Mapping[str, Callable[[sp.Expr], SamplingLaw]] = field(default_factory=dict)
    default_laws: Mapping[str, SamplingLaw] = field(default_factory=dict)


class Context:
    """The notation turned into lookups, shared by every parser of one answer."""

    def __init__(self, notation: Notation, config: ExpectationReadConfig):
        self.config = config
        self.by_key = {name_key(name): symbol for name, symbol in notation.symbols.items()}
        self.aliases = {name_key(name): target for name, target in notation.parameter_aliases.items()}
        self.families = dict(notation.families)
        self.default_laws = {self.resolve(name): law for name, law in notation.default_laws.items()}
        self.base_variables = {self.resolve("z")} | {s for s, law in self.default_laws.items() if not law.free_symbols}
        self.words = frozenset(notation.symbols) | frozenset(notation.parameter_aliases)

    def declared(self, name: str) -> bool:
        """Whether the problem gives ``name`` a meaning of its own."""
        return name_key(name) in self.by_key or name_key(name) in self.aliases

    def is_density(self, name: str) -> bool:
        """Whether ``name`` writes a density: the base density ``p`` or one of the problem's families."""
        return name == "p" or name in self.families

    def means_expectation(self, token: ExpectationToken) -> bool:
        """Whether ``token`` is the expectation operator: ``\\mathbb{E}``, or ``E`` when the problem leaves it free."""
        return is_token(token, "cmd", "E") or (is_token(token, "name", "E") and not self.declared("E"))

    def resolve(self, name: str) -> sp.Expr:
        """The symbol ``name`` stands for: declared, aliased, a constant, or a fresh real symbol."""
        key = name_key(name)
        if key in self.aliases:
            name = self.aliases[key]
            key = name_key(name)
        if key in self.by_key:
            return self.by_key[key]
        if name in ("pi", "e"):
            return sp.pi if name == "pi" else sp.E
        return sp.Symbol(name, real=True)

    def family_law(self, name: str, parameter: sp.Expr | None) -> SamplingLaw:
        """``p_m`` as a law: the problem's family, an arbitrary family, or the base law ``p``."""
        family = self.families.get(name)
        if parameter is None:
            if name != "p":
                raise ExpectationReadError(f"the family {name} needs its parameter, as in {name}_\\theta")
            return BaseLaw()
        if family is None:
            if name != "p":
                raise ExpectationReadError(f"{name} is not a family of laws in this problem")
            return DensityFamily(parameter)
        law = family(parameter)
        if not isinstance(law, SamplingLaw):
            raise ExpectationReadError(f"the family {name} does not give a law")
        return law
