"""Variants: valid assignments only, a deterministic choice per key, and mistakes named at the author's line."""
from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import given, settings, strategies as st

from derive.bank.errors import AuthoringError
from derive.bank.variants import Variant, Variants

NETWORKS = Variants(N=(8, 10, 12, 16), c=range(2, 17), where=lambda N, c: N % c == 0 and 1 < c < N,
                    default={"N": 10, "c": 5})


def test_only_assignments_meeting_the_constraint_are_variants():
    assignments = NETWORKS.assignments()
    assert all(int(a["N"]) % int(a["c"]) == 0 and 1 < a["c"] < a["N"] for a in assignments)
    assert {"N": 12, "c": 4} in assignments and {"N": 10, "c": 3} not in assignments
    assert len(assignments) == 2 + 2 + 4 + 3


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=40).filter(str.strip))
def test_a_key_always_selects_the_same_valid_variant(key):
    first, second = NETWORKS.choose("hw3", key), NETWORKS.choose("hw3", key)
    assert first == second and dict(first.values) in NETWORKS.assignments()
    assert first.key == key.strip()


def test_keys_spread_over_the_variants_and_the_set_name_matters():
    chosen = {tuple(NETWORKS.choose("hw3", str(seed)).values.values()) for seed in range(200)}
    assert len(chosen) == len(NETWORKS.assignments())
    differ = sum(NETWORKS.choose("hw3", str(seed)) != NETWORKS.choose("hw4", str(seed)) for seed in range(50))
    assert differ > 25


def test_the_default_is_the_published_instance():
    published = NETWORKS.default()
    assert published.key is None and published.describe() == "N = 10, c = 5"
    assert published not in NETWORKS.others(published)
    others = NETWORKS.others(NETWORKS.choose("hw3", "x"))
    assert others[0].values == published.values or NETWORKS.choose("hw3", "x").values == published.values


def test_values_fill_a_statement_and_substitute_by_name():
    variant = Variant("k", {"N": sp.Integer(12), "sigma_w": sp.Rational(1, 2)}, {"N": "layers"})
    assert variant.fill(r"A {{N}}-layer net, $\sigma_w = {{ sigma_w }}$") == r"A 12-layer net, $\sigma_w = 1/2$"
    N, sigma = sp.Symbol("N", positive=True), sp.Symbol("sigma_w")
    assert variant.substitute(N * sigma) == 6
    assert variant.to_json() == {"key": "k", "values": {"N": 12, "sigma_w": "1/2"}, "units": {"N": "layers"}}
    assert variant.describe(["N"]) == "N = 12 layers"
    with pytest.raises(AuthoringError, match=r"\{\{M\}\}, which is not a parameter"):
        variant.fill("{{M}} layers")


def test_an_empty_domain_is_an_authoring_error_at_the_declaring_line():
    empty = Variants(N=(3, 5, 7), c=(2, 4), where=lambda N, c: N % c == 0, default={"N": 3, "c": 2})
    with pytest.raises(AuthoringError, match=r"test_variants\.py:\d+: error: no values of N, c satisfy"):
        empty.assignments()


def test_a_default_outside_the_domain_or_naming_other_parameters_is_refused():
    with pytest.raises(AuthoringError, match="are not a valid variant"):
        Variants(N=(8, 10), default={"N": 9}).default()
    with pytest.raises(AuthoringError, match="the default names M"):
        Variants(N=(8, 10), default={"M": 8}).default()


def test_a_failing_constraint_names_the_values_it_failed_on():
    broken = Variants(N=(0, 2), where=lambda N: 10 // N > 1, default={"N": 2})
    with pytest.raises(AuthoringError, match=r"constraint failed on N = 0 \(ZeroDivisionError"):
        broken.assignments()


def test_a_huge_product_of_domains_is_refused_not_enumerated():
    with pytest.raises(AuthoringError, match="combinations"):
        Variants(a=range(1000), b=range(1000), c=range(10), default={"a": 0, "b": 0, "c": 0}).assignments()


def test_an_empty_key_is_refused():
    with pytest.raises(ValueError):
        NETWORKS.choose("hw3", "   ")
