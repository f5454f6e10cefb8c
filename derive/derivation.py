"""Derivations: chains of justified equalities, every link checked (like a Lean ``calc`` block)."""
from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from derive.render.derivations import derivation_latex
from derive.equality import Comparison, EqualityConfig, check_equal
from derive.rules import Rule
from derive.source_location import author_location
from derive.sums import tidy_indices
from derive.symbols import as_expr


class DerivationError(Exception):
    """A chain its author wrote that does not hold; ``location`` is the author's ``file:line`` that added the step."""

    location: str | None = None


class StepCheckError(DerivationError, AssertionError):
    """A derivation step that the engine could not verify."""

    def __init__(self, title: str, number: int, rule: str, before: sp.Expr, after: sp.Expr, check: Comparison,
                 location: str | None = None):
        self.title, self.number, self.rule = title, number, rule
        self.before, self.after, self.check, self.location = before, after, check, location
        super().__init__(
            f"{title}: step {number} ({rule}) is not an equality ({check.outcome}, {check.method}"
            f"{': ' + check.detail if check.detail else ''})\n  before: {before}\n  after:  {after}"
        )


class UnusableStepError(DerivationError, ValueError):
    """A step that cannot be taken at all: a rule that changes nothing, an equation with no single solution."""

    def __init__(self, message: str, location: str | None = None):
        self.location = location
        super().__init__(message)


@dataclass(frozen=True)
class Step:
    """One link of the chain: the new expression, the rule that produced it, and its check."""

    expr: sp.Expr
    rule: str
    justification: str
    check: Comparison | None = None


@dataclass
class Derivation:
    r"""``quantity = start = step_1 = ... = result``, each ``=`` verified when the step is added.

    Examples:
        >>> import sympy as sp
        >>> from derive import Expectation, dimension, gaussian_vector, index, sum_over
        >>> from derive import rules as R
        >>> d, k = dimension("d"), index("k")
        >>> x = gaussian_vector("x", d)
        >>> chain = Derivation("example", r"\mathbb{E}[(\sum_k x_k)^2]", Expectation(sum_over(x[k], k, d) ** 2))
        >>> chain.apply(R.EXPAND_SQUARE, R.SPLIT_DIAGONAL, R.LINEARITY, R.INDEPENDENCE, R.MOMENTS, R.COUNT).result
        d
        >>> chain.step(d**2, "wrong", "not an equality")
        Traceback (most recent call last):
        ...
        derive.derivation.StepCheckError: example: step 7 (wrong) is not an equality (different, ...
    """

    title: str
    quantity: str  # LaTeX of what is being derived, e.g. r"\mathbb{E}[\mathrm{RMS}^2(y)]"
    start: sp.Expr
    start_justification: str = "definition"
    config: EqualityConfig = field(default_factory=EqualityConfig)
    steps: list[Step] = field(default_factory=list)
    location: str | None = field(default=None, compare=False, repr=False)  # the author's file:line

    def __post_init__(self) -> None:
        if self.location is None:
            self.location = author_location(2)
        self.steps.append(Step(tidy_indices(as_expr(self.start)), "definition", self.start_justification))

    @property
    def result(self) -> sp.Expr:
        """The last expression of the chain: the derived closed form."""
        return self.steps[-1].expr

    def step(self, expr: sp.Expr, rule: str, justification: str) -> "Derivation":
        """Append ``= expr`` after checking it equals the current result."""
        expr = tidy_indices(as_expr(expr))
        check = check_equal(self.result, expr, self.config)
        if not check.equal:
            raise StepCheckError(self.title, len(self.steps), rule, self.result, expr, check, author_location(2))
        self.steps.append(Step(expr, rule, justification, check))
        return self

    def apply(self, *rules: Rule) -> "Derivation":
        """Apply each rule to the current result as one checked step per rule."""
        for rule in rules:
            after = rule(self.result)
            if after == self.result:
                raise UnusableStepError(
                    f"in derivation '{self.title}', rule '{rule.name}' does not apply to {self.result}",
                    author_location(2))
            self.step(after, rule.name, rule.justification)
        return self

    def instantiate(self, values: dict, justification: str) -> "Derivation":
        """Substitute given values (e.g. N = 10) into the result, as a recorded step."""
        value = sp.simplify(self.result.xreplace({k: as_expr(v) for k, v in values.items()}))
        check = check_equal(self.result.xreplace(values), value, self.config)
        if not check.equal:
            raise StepCheckError(self.title, len(self.steps), "instantiate", self.result, value, check,
                                 author_location(2))
        self.steps.append(Step(value, "instantiate", justification, check))
        return self

    def given(self, condition: sp.Basic, justification: str) -> "Derivation":
        """Use a standing assumption: take the piecewise branch that holds under ``condition``, or, for
        equations ``lhs = rhs`` (one ``Eq`` or several), write ``rhs`` for ``lhs`` (``sum_i y_i = 1``, a definition)."""
        if isinstance(condition, (sp.Equality, tuple, list)):
            return self._substitute(condition, justification)
        holding = sp.Piecewise((1, condition), (0, True)).args[0].cond  # written the way Piecewise writes it
        value = self.result.replace(
            lambda e: isinstance(e, sp.Piecewise),
            lambda e: next((branch for branch, cond in e.args if cond == holding), e),
        )
        if value == self.result:
            raise UnusableStepError(
                f"in derivation '{self.title}', no branch of the result is taken under {condition}",
                author_location(2))
        check = check_equal(self.result.xreplace({holding: sp.true}), value, self.config)
        if not check.equal:
            raise StepCheckError(self.title, len(self.steps), "given", self.result, value, check, author_location(2))
        self.steps.append(Step(value, "given", justification, check))
        return self

    def _substitute(self, equations, justification: str) -> "Derivation":
        equations = [equations] if isinstance(equations, sp.Equality) else list(equations)
        hypothesis = {as_expr(eq.lhs): as_expr(eq.rhs) for eq in equations}
        value = self.result.xreplace(hypothesis)
        if value == self.result:  # e^{z_j} e^{z_m} / S^2 holds p_j = e^{z_j}/S only algebraically
            value = self.result.subs(list(hypothesis.items()), simultaneous=True)
        if value == self.result:
            raise UnusableStepError(
                f"in derivation '{self.title}', {', '.join(sp.sstr(lhs) for lhs in hypothesis)} does not occur in the "
                "result", author_location(3))
        # The step is the hypothesis itself, used once: nothing else is claimed.
        check = Comparison("equal", "hypothesis", "; ".join(f"{sp.sstr(k)} = {sp.sstr(v)}" for k, v in hypothesis.items()))
        self.steps.append(Step(value, "given", justification, check))
        return self

    def _repr_latex_(self) -> str:
        return "$$" + derivation_latex(self) + "$$"


def solve_for(title: str, unknown: sp.Symbol, condition: Derivation, rhs: sp.Expr,
              config: EqualityConfig | None = None) -> Derivation:
    """Solve ``condition.result = rhs`` for a positive ``unknown`` and check by substitution.

    The returned derivation starts from the solved value and records the
    substitution check as its justification.
    """
    config = config or condition.config
    solutions = [s for s in sp.solve(sp.Eq(condition.result, rhs), unknown) if s.is_positive is not False]
    if len(solutions) != 1:
        raise UnusableStepError(
            f"in derivation '{title}', expected one admissible solution for {unknown}, got {solutions}",
            author_location(2))
    value = sp.simplify(solutions[0])
    substituted_lhs = condition.start.xreplace({unknown: value})
    substituted_rhs = as_expr(rhs).xreplace({unknown: value})
    start_check = check_equal(substituted_lhs, substituted_rhs, config)
    if not start_check.equal:
        raise StepCheckError(title, 0, "solve", substituted_lhs, substituted_rhs, start_check, author_location(2))
    quantity = sp.latex(unknown)
    derivation = Derivation(
        title, quantity, value,
        f"the only positive root of: {condition.title} = {sp.sstr(rhs)}; substituted back, the equation holds",
        config,
    )
    derivation.steps[0] = Step(derivation.steps[0].expr, "solve", derivation.steps[0].justification, start_check)
    return derivation
