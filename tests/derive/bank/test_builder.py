"""The part builder: chains named after their part, slots tied to their chains, checks scheduled, sets collected."""
from __future__ import annotations

import types

import pytest
import sympy as sp

from derive import (Derivation, Expectation, PartBuilder, Variants, dimension, gaussian_vector, index, part,
                    problem_set, rules, sum_over)
from derive.bank.errors import AuthoringError
from derive.bank.validation import check_part
from derive.simulation.records import VerifyConfig

n, d, k = dimension("n"), dimension("d"), index("k")
x = gaussian_vector("x", d)
SIZES = Variants(n=(3, 4, 5), default={"n": 4})


@part("a", "Sum of integers", r"Find $1 + \dots + {{n}}$.", variants=SIZES)
def sum_part(p: PartBuilder) -> None:
    general = p.derive("sum", "S_n", sum_over(k, k, n), "definition", rules.COUNT_GAUSS)
    value = p.instantiate(general)
    p.slot("value", "numeric", value, "the sum")
    p.replay("value", lambda n: sum(range(1, n + 1)), general, [{n: 10}])


@part("b", "Second moment", r"Find $\mathbb{E}[(\sum_k x_k)^2]$.")
def moment_part(p: PartBuilder) -> None:
    moment = p.derive("moment", "M", Expectation(sum_over(x[k], k, d) ** 2), "definition", rules.EXPAND_SQUARE,
                      rules.SPLIT_DIAGONAL, rules.LINEARITY, rules.INDEPENDENCE, rules.MOMENTS, rules.COUNT)
    p.slot("moment", "exact", moment, "E[(sum_k x_k)^2]")
    p.monte_carlo("moment", sum_over(x[k], k, d) ** 2, moment, [{d: 3}])


MODULE = types.SimpleNamespace(sum_part=sum_part, moment_part=moment_part)


def test_a_part_is_built_with_its_chains_slots_and_checks():
    built = moment_part.build("demo")
    assert built.id == "demo/b" and built.derivations[0].title == "b: moment"
    assert built.slot("moment").derivation == "b: moment" and built.slot("moment").reference == d
    assert built.symbols == {"d": d}
    records = built.verify(VerifyConfig(samples=2000))
    assert len(records) == 1 and records[0].passed
    assert check_part("demo/b", built) is built


def test_a_variant_part_fills_its_statement_instantiates_and_replays_its_own_values():
    published = sum_part.build("demo")
    assert published.statement == r"Find $1 + \dots + 4$." and published.slot("value").reference == 10
    assert [chain.title for chain in published.derivations] == ["a: sum", "a: sum for n = 4"]
    chosen = SIZES.choose("demo", "pupil")
    built = sum_part.build("demo", chosen)
    value = int(chosen.values["n"])
    assert built.slot("value").reference == value * (value + 1) // 2
    records = built.verify(VerifyConfig())
    assert [record.dims for record in records] == [{"n": 10}, {"n": value}] and all(r.passed for r in records)
    assert all(record.method == "replay" for record in records)
    others = [m for m in built.slot("value").misconceptions if "not for your values" in m.message]
    assert len(others) == 2 and all(f"not for your values (n = {value})" in m.message for m in others)
    general = built.slot("value").alternates[-1]
    assert general.expr == n * (n + 1) / 2 and general.score == 1 and general.mode == "exact"


def test_problem_set_collects_parts_in_the_order_they_are_written():
    collected = problem_set("demo", "Demo", MODULE)
    assert list(collected.parts) == ["a", "b"]
    assert collected.parts["a"].variants is SIZES and collected.parts["b"].variants is None
    assert collected.parts["b"].title == "Second moment"
    assert collected.parts["b"].build().id == "demo/b"


def test_two_parts_with_one_key_and_a_set_without_parts_are_refused():
    twin = part("a", "Twin", "text")(lambda p: None)
    with pytest.raises(AuthoringError, match="two parts of 'demo' have the key 'a'"):
        problem_set("demo", "Demo", MODULE, types.SimpleNamespace(twin=twin))
    with pytest.raises(AuthoringError, match="has no parts"):
        problem_set("demo", "Demo", types.SimpleNamespace())


def test_a_bad_part_key_is_refused_where_it_is_written():
    with pytest.raises(AuthoringError, match=r"test_builder\.py:\d+: error: a part key"):
        part("a/b", "Bad", "text")


def test_a_part_without_slots_or_with_a_typed_in_reference_is_an_authoring_error():
    empty = part("e", "Empty", "text")(lambda p: None)
    with pytest.raises(AuthoringError, match="declares no answer slot"):
        empty.build("demo")

    def typed(p: PartBuilder) -> None:
        p.slot("answer", "exact", sp.Integer(3), "three")

    built = part("t", "Typed", "text")(typed).build("demo")
    with pytest.raises(AuthoringError, match=r"test_builder\.py:\d+: error: in part demo/t: slot 'answer' has a "
                                             r"reference \(3\) that no derivation produced"):
        check_part("demo/t", built)


def test_a_slot_naming_a_chain_outside_its_part_is_refused():
    def stray(p: PartBuilder) -> None:
        elsewhere = Derivation("x: elsewhere", "S", sum_over(k, k, n)).apply(rules.COUNT_GAUSS)
        p.slot("total", "exact", elsewhere.result, "total", derivation=elsewhere.title)

    built = part("s", "Stray", "text")(stray).build("demo")
    with pytest.raises(AuthoringError, match="names the derivation 'x: elsewhere', which is not one of this part's"):
        check_part("demo/s", built)


def test_instantiate_without_a_parameter_is_an_authoring_error():
    def no_parameter(p: PartBuilder) -> None:
        chain = p.derive("sum", "S_n", sum_over(k, k, n), "definition", rules.COUNT_GAUSS)
        p.instantiate(chain)

    with pytest.raises(AuthoringError, match="has no parameter to instantiate"):
        part("i", "Instantiate", "text")(no_parameter).build("demo")
