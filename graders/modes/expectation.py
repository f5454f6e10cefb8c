"""Grading answers about expectations under sampling laws (mode ``expectation``) and samplers (mode ``law``).

An expectation answer is compared with the reference in the engine's standard form
(change of variables to N(0, I), Stein's lemma, ``f`` kept undefined); when the forms
differ, concrete test functions decide, and a constant factor between the two is named
in the feedback.  A sampler ``(g, p)`` is right when ``g(z, theta)`` with ``z ~ p`` has the
required law: for an affine map of a Gaussian, the same mean and covariance.
"""
from __future__ import annotations

from typing import Mapping

import sympy as sp

from derive.bank.schema import SamplingForm, Slot
from derive.equality import Comparison
from derive.gradients.concrete import check_with_test_functions
from derive.gradients.nodes import ExpectationUnder, IsotropicNormal, Sampler, SamplingLaw
from derive.gradients.standard_form import STANDARD, STANDARD_VARIABLE, laws_of, same_standard_form, standard_form
from derive.render.expressions import expr_latex
from graders.modes.base import GradingMode, VerdictMaker, not_equal
from graders.reading.expectation.reader import (ExpectationAnswer, ExpectationReadError, Notation, Statement,
                                                read_expectation_answer)
from graders.reading.extract import strip_math_delimiters
from graders.verdict import Verdict

_EXPRESSION_KINDS = ("gradient", "objective", "integrand", "value")


def notation_for(form: SamplingForm) -> Notation:
    """The reader's notation from the slot's declared sampling form."""
    return Notation(symbols=form.symbols, parameter_aliases=form.parameter_aliases, families=form.families,
                    default_laws=form.default_laws)


def read(answer: str, form: SamplingForm) -> ExpectationAnswer:
    """Read an answer in the slot's notation (math delimiters and boxes stripped)."""
    return read_expectation_answer(strip_math_delimiters(answer.strip()), notation_for(form))


def grade_expectation_or_law(slot: Slot, answer: str, declared: Mapping[str, sp.Symbol],
                             verdict: VerdictMaker) -> Verdict:
    """Grade ``answer`` for an ``expectation`` or ``law`` slot."""
    form = slot.sampling
    if form is None:
        return verdict(status="error", score=0.0, interpreted="", method="read",
                       feedback="This slot declares no sampling notation; it cannot be graded.")
    try:
        reading = read(answer, form)
    except ExpectationReadError as error:
        reason = "too large to read" if error.too_large else "could not be read"
        return verdict(status="unparseable", score=0.0, interpreted="", method="read",
                       feedback=f"The answer {reason}: {error}")
    if slot.mode == "law":
        return _grade_law(slot, form, reading, verdict)
    return _grade_expectation(slot, form, reading, verdict)


def _grade_expectation(slot: Slot, form: SamplingForm, reading: ExpectationAnswer, verdict: VerdictMaker) -> Verdict:
    statements = [s for s in reading.statements if s.kind in _EXPRESSION_KINDS and isinstance(s.value, sp.Expr)]
    if not statements:
        return verdict(status="unparseable", score=0.0, interpreted=reading.latex(), method="read",
                       feedback="No expression for the gradient was found.")
    statement = statements[-1]  # the last one written is the final answer
    interpreted = _statement_latex(statement)
    value = statement.value
    if statement.kind == "integrand" or (statement.kind == "value" and not value.has(ExpectationUnder)):
        if form.integrand_law is None:
            return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="expectation",
                           feedback="Write the whole expectation: "
                                    "the law the variable is drawn from is part of the answer.")
        value = ExpectationUnder(value, form.integrand_variable, form.integrand_law)
    if statement.kind == "objective":
        alternate = next((a for a in slot.alternates if a.answers == "objective"), None)
        if alternate is None:
            return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="equation",
                           feedback="This gives F itself; the question asks for its gradient.")
        outcome = compare_expectations(value, alternate.expr)
        if outcome.equal:
            status = "correct" if alternate.score >= 1 else "partial"
            return verdict(status=status, score=alternate.score, interpreted=interpreted,
                           method=f"alternate:{outcome.method}",
                           feedback=("Correct. " if status == "correct" else "") + alternate.note)
        return _not_equal(outcome, value, alternate.expr, interpreted, verdict)
    outcome = compare_expectations(value, slot.reference)
    if outcome.equal:
        wrong = _off_form(value, form)
        if wrong is not None:
            return verdict(status="partial", score=form.wrong_law_score, interpreted=interpreted,
                           method=f"{outcome.method}+form",
                           feedback=f"{form.wrong_law_note} Read: an expectation over ${wrong}$.")
        return verdict(status="correct", score=1.0, interpreted=interpreted, method=outcome.method,
                       feedback="Correct." + _how(outcome, value))
    return _not_equal(outcome, value, slot.reference, interpreted, verdict)


def compare_expectations(answer: sp.Expr, reference: sp.Expr) -> Comparison:
    """Equal in standard form, else decided by test functions."""
    try:
        if same_standard_form(standard_form(answer), standard_form(reference)):
            return Comparison("equal", "expectation:standard-form")
    except (ValueError, TypeError, NotImplementedError):
        pass  # forms the rules cannot bring together are still compared numerically below
    decision, detail = check_with_test_functions(answer, reference)
    return Comparison(decision, "expectation:test-functions", detail)


def _how(outcome: Comparison, answer: sp.Expr) -> str:
    if outcome.method != "expectation:standard-form":
        return ""
    if any(isinstance(law, IsotropicNormal) for law in laws_of(answer)):
        return " Equal after a change of variables to z ~ N(0, I) and Stein's lemma."
    return " The integrands agree with f and the density kept general."


def _off_form(answer: sp.Expr, form: SamplingForm) -> str | None:
    """The law written, when it is not the one the question asks for."""
    if form.required_law is None:
        return None
    for law in laws_of(answer):
        if not _same_law(law, form.required_law):
            return expr_latex(law)
    return None


def _same_law(first: SamplingLaw, second: SamplingLaw) -> bool:
    if isinstance(first, IsotropicNormal) and isinstance(second, IsotropicNormal):
        return sp.simplify(first.mean - second.mean) == 0 and sp.simplify(first.variance - second.variance) == 0
    return first == second


def _not_equal(outcome: Comparison, answer: sp.Expr, reference: sp.Expr, interpreted: str,
               verdict: VerdictMaker) -> Verdict:
    return not_equal(outcome, interpreted, verdict, lambda: _diagnosis(answer, reference))


def _diagnosis(answer: sp.Expr, reference: sp.Expr) -> str:
    """Name a constant factor between answer and reference, or a lost score factor."""
    try:
        mine, theirs = standard_form(answer), standard_form(reference)
    except (ValueError, TypeError, NotImplementedError):
        return "Not equal to the expected gradient; recheck the derivation."
    a, b = mine.bodies.get(STANDARD, sp.S.Zero), theirs.bodies.get(STANDARD, sp.S.Zero)
    if set(mine.bodies) != set(theirs.bodies) and STANDARD not in mine.bodies:
        return "The expectation is taken under a different law from the one the gradient needs."
    if a != 0 and b != 0:
        ratio = sp.simplify(a / b)
        if not ratio.has(STANDARD_VARIABLE) and not ratio.atoms(sp.Subs, sp.Function):
            if ratio == -1:
                return "The sign is flipped: the answer is minus the gradient."
            return (f"Off by a constant factor: the answer is ${expr_latex(ratio)}$ times the gradient "
                    "(check the 1/sigma or 1/sigma^2 from the change of variables).")
        if not a.atoms(sp.Subs) and a.has(sp.Function):
            return ("This is a multiple of an expectation of f itself, not its gradient: the factor z (or x - mu) "
                    "from the score is missing.")
    return "Not equal to the expected gradient; recheck the derivation."


def _statement_latex(statement: Statement) -> str:
    value = expr_latex(statement.value) if isinstance(statement.value, sp.Basic) else str(statement.value)
    return f"{statement.lhs_latex} = {value}" if statement.lhs_latex else value


def _grade_law(slot: Slot, form: SamplingForm, reading: ExpectationAnswer, verdict: VerdictMaker) -> Verdict:
    samplers = [s for s in reading.statements if s.kind == "sampler"]
    laws = [s for s in reading.statements if s.kind == "base_law"]
    interpreted = reading.latex()
    if not samplers:
        return verdict(status="unparseable", score=0.0, interpreted=interpreted, method="read",
                       feedback="No sampler was found: write g(z, theta) = ... and p(z) = ... .")
    transform = samplers[-1].value
    variable = form.symbols.get("z", sp.Symbol("z", real=True))
    if not laws:
        return verdict(status="needs_review", score=0.0, interpreted=interpreted, method="law",
                       feedback="The sampler g is given but not the law p(z) of z; a person should look.")
    sampler = Sampler(transform, variable, laws[-1].value, form.parameter)
    interpreted = expr_latex(sampler)
    required = form.required_law
    induced = sampler.induced_law()
    if induced is None:
        return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="law",
                       feedback="g(z, theta) is not an affine map of a Gaussian variable z, so it cannot have the law "
                       f"${expr_latex(required)}$.")
    mean_ok = sp.simplify(induced.mean - required.mean) == 0
    variance_ok = sp.simplify(induced.variance - required.variance) == 0
    if mean_ok and variance_ok:
        return verdict(status="correct", score=1.0, interpreted=interpreted, method="law:mean-covariance",
                       feedback=f"Correct: g(z, theta) with z ~ p has law ${expr_latex(induced)}$, as required.")
    problems = []
    if not mean_ok:
        problems.append(f"its mean is ${expr_latex(induced.mean)}$, not ${expr_latex(required.mean)}$")
    if not variance_ok:
        problems.append(f"its covariance is ${_covariance(induced)}$, not ${_covariance(required)}$ "
                        "(check the variance of p(z) or the scale in g)")
    return verdict(status="incorrect", score=0.0, interpreted=interpreted, method="law:mean-covariance",
                   feedback=f"g(z, theta) with z ~ p has law ${expr_latex(induced)}$: " + "; ".join(problems) + ".")


def _covariance(law: IsotropicNormal) -> str:
    return "I" if law.variance == 1 else expr_latex(law.variance) + r"\,I"


MODE = GradingMode("expectation", "expectations with a sampling law, compared after a change of variables to a "
                   "standard variable (Stein's lemma relates score-function and pathwise forms)",
                   answer_kind="expectation", grade=grade_expectation_or_law)
