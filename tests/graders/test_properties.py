"""Properties of the front door and the mode registry, on inputs generated rather than chosen."""
from __future__ import annotations

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bank import part
from graders import Verdict, compare, grade
from graders.modes.registry import MODES
from graders.verdict import STATUSES

x, y = sp.symbols("x y")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

coefficients = st.integers(min_value=-9, max_value=9)
polynomials = st.builds(lambda a, b, c, d: sp.expand((a * x + b) * (c * x + d * y)), coefficients, coefficients,
                        coefficients, coefficients)

verdicts = st.builds(
    Verdict, problem=st.text(max_size=12), slot=st.text(max_size=12), status=st.sampled_from(STATUSES),
    score=st.floats(0, 1), points=st.floats(0, 10), max_points=st.floats(0, 10), interpreted_as=st.text(max_size=30),
    reference=st.text(max_size=30), method=st.text(max_size=20), feedback=st.text(max_size=40),
    elapsed_ms=st.floats(0, 1e5), raw=st.none() | st.text(max_size=30), read_from=st.none() | st.text(max_size=30))


@SETTINGS
@given(verdicts)
def test_a_verdict_survives_its_json(verdict):
    again = Verdict.from_json(verdict.to_json())
    assert (again.problem, again.slot, again.status, again.feedback, again.raw, again.read_from) == \
        (verdict.problem, verdict.slot, verdict.status, verdict.feedback, verdict.raw, verdict.read_from)
    assert abs(again.score - verdict.score) <= 1e-4


@SETTINGS
@given(polynomials)
def test_a_polynomial_equals_its_factored_form_and_not_its_successor(polynomial):
    factored = sp.latex(sp.factor(polynomial))
    expanded = sp.latex(polynomial)
    assert compare(expanded, factored).status == "correct"
    assert compare(expanded, sp.latex(polynomial + 1)).status == "incorrect"


@SETTINGS
@given(polynomials, st.sampled_from(["the answer is $\\boxed{%s}$.", "So we get $$%s$$", "Final answer: $%s$"]))
def test_the_final_answer_is_found_in_a_response(polynomial, template):
    response = template % sp.latex(sp.factor(polynomial))
    assert compare(sp.latex(polynomial), response).status == "correct"


# One slot of each registered mode in the bundled set: grading any text through the registry returns a
# verdict with a known status, never an exception.
SLOTS_BY_MODE = {
    "exact": ("hw3/1b", "expected_rms_sq"), "numeric": ("hw3/5c", "loaddisk_ns"), "order": ("hw3/1b", "scaling"),
    "expectation": ("hw3/4c", "grad_p0"), "law": ("hw3/4e", "special_case_g_pz"), "claims": ("hw3/3c", "condition1_rms"),
    "rubric": ("hw3/1c", "explanation"),
}
answers = st.text(alphabet=st.sampled_from(list("d_1^{}()+-*/=\\fracsqrtpi 0123456789xzE[]~N,<>|")), max_size=24)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(SLOTS_BY_MODE)), answers)
def test_any_text_gets_a_verdict_in_every_mode(mode, text):
    part_id, slot = SLOTS_BY_MODE[mode]
    built = part(part_id)
    assert built.slot(slot).mode == mode
    verdict = grade(built, slot, text)
    assert verdict.status in STATUSES and verdict.feedback
    assert verdict.max_points == built.slot(slot).points


# Modes no bundled slot uses, exercised through ``compare`` with a reference of their kind.
REFERENCES_BY_PAIR_MODE = {"system": "[x + y = 3, x - y = 1]"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(REFERENCES_BY_PAIR_MODE)), answers)
def test_any_text_gets_a_verdict_in_every_pair_mode(mode, text):
    verdict = compare(REFERENCES_BY_PAIR_MODE[mode], text, mode=mode)
    assert verdict.status in STATUSES and verdict.feedback


def test_the_property_tests_cover_most_modes():
    covered = set(SLOTS_BY_MODE) | set(REFERENCES_BY_PAIR_MODE)
    assert covered <= set(MODES) and len(covered) >= len(MODES) - 3
