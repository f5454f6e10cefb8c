"""Property tests: any formula, printed in any usual style, reads back equal; a perturbed copy never does.

The formulas and styles come from ``tests/expression_pairs.py``; ``benchmarks/false_accept_bench.py``
runs the same generator at scale and reports the false-accept rate per million pairs.
"""
from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from expression_pairs import perturbed, random_formula, really_differs, styled_latex, styled_text
from graders import compare

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
# DERIVE_PROPERTY_EXAMPLES=1000 for a longer search than the suite's default
SETTINGS = settings(max_examples=int(os.environ.get("DERIVE_PROPERTY_EXAMPLES", "120")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(SEEDS, st.sampled_from(["latex", "text"]))
def test_a_formula_printed_two_ways_reads_back_equal(seed, answer_style):
    rng = random.Random(seed)
    formula = random_formula(rng)
    printer = styled_latex if answer_style == "latex" else styled_text
    verdict = compare(styled_latex(formula, rng), printer(formula, rng), timeout=10)
    assert verdict.status in ("correct", "needs_review"), (formula, verdict.interpreted_as, verdict.feedback)


@SETTINGS
@given(SEEDS)
def test_a_perturbed_formula_is_never_accepted(seed):
    rng = random.Random(seed)
    formula = random_formula(rng)
    changed = perturbed(formula, rng)
    assume(changed is not None and really_differs(formula, changed, random.Random(seed + 1)))
    verdict = compare(styled_latex(formula, rng), styled_latex(changed, rng), timeout=10)
    assert verdict.status != "correct", (formula, changed, verdict.method)


def _grouped(number: int, separator: str) -> str:
    digits = f"{abs(number):,}".replace(",", separator)
    return ("-" if number < 0 else "") + digits


@SETTINGS
@given(st.integers(min_value=-10**9, max_value=10**9), st.sampled_from([",", r"\,", " "]),
       st.sampled_from(["", r"\text{ ns}", r"\,\mathrm{ns}", " ns"]))
def test_numbers_with_thousands_separators_and_units_read_back_equal(number, separator, unit):
    written = _grouped(number, separator) + unit
    verdict = compare(f"{number}{' ns' if unit else ''}", written, timeout=10)
    assert verdict.status == "correct", (written, verdict.interpreted_as, verdict.feedback)


@SETTINGS
@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_a_changed_digit_is_never_accepted(number, delta):
    position = 10 ** (len(str(number)) // 2)
    changed = number + delta * position
    assert compare(str(number), _grouped(changed, ","), timeout=10).status != "correct"
