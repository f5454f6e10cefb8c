"""Named rewriting rules (derive.rules), DistinctSum and tidy_indices.

Each rule is applied to a small example; the test asserts the exact rewritten form and that the
rewrite is an equality according to check_equal (the check a Derivation makes).
"""
from __future__ import annotations

import pytest
import sympy as sp

from derive import rules as R
from derive.equality import check_equal
from derive.derivation import Derivation, StepCheckError
from derive.moments.expectation import Expectation
from derive.moments.arrays import fixed_vector, gaussian_vector
from derive.sums import DistinctSum, bound_limits, tidy_indices
from derive.symbols import dimension, index, scale, sum_over


pi = sp.pi
d, d2 = dimension("d"), dimension("d_2")
N, cc = dimension("N"), dimension("c")
j, k, kp, kpp = index("j"), index("k"), index("k'"), index("k''")
r, s = index("r"), index("s")
c = scale("c")
x, y = gaussian_vector("x", d), gaussian_vector("y", d)
g = fixed_vector("g", d2)


def assert_equal_rewrite(before, after):
    check = check_equal(before, after)
    assert check.equal, (before, after, check)


# ------------------------------------------------------------------------------ expand_powers_of_sums


def test_expand_square_of_a_sum():
    before = sum_over(sp.Abs(x[k]), k, d) ** 2
    after = R.expand_powers_of_sums(before)
    assert after == sp.Sum(sp.Abs(x[k]) * sp.Abs(x[kp]), (k, 1, d), (kp, 1, d))
    assert_equal_rewrite(before, after)


def test_expand_cube_uses_one_fresh_index_per_copy():
    before = sum_over(x[k], k, d) ** 3
    after = R.expand_powers_of_sums(before)
    assert after == sp.Sum(x[k] * x[kp] * x[kpp], (k, 1, d), (kp, 1, d), (kpp, 1, d))
    assert_equal_rewrite(before, after)


def test_expand_avoids_names_already_taken():
    before = sum_over(x[k], k, d) ** 2 * sum_over(y[kp] ** 2, kp, d)
    after = R.expand_powers_of_sums(before)
    assert after == sp.Sum(x[k] * x[kpp], (k, 1, d), (kpp, 1, d)) * sum_over(y[kp] ** 2, kp, d)
    assert_equal_rewrite(before, after)


def test_expand_leaves_powers_of_non_sums_alone():
    before = x[k] ** 2 + sp.Sum(x[k], (k, 1, d))
    assert R.expand_powers_of_sums(before) == before


# ------------------------------------------------------------------------------ signs


def test_split_sign_of_products():
    before = sp.sign(x[k] * g[j])
    after = R.split_sign_of_products(before)
    assert after == sp.sign(x[k]) * sp.sign(g[j])
    assert_equal_rewrite(before, after)


def test_split_sign_inside_a_sum():
    before = sum_over(sp.sign(x[k] * g[j]) * x[k], k, d)
    after = R.split_sign_of_products(before)
    assert after == sum_over(sp.sign(x[k]) * sp.sign(g[j]) * x[k], k, d)
    assert_equal_rewrite(before, after)


@pytest.mark.parametrize("before, expected", [
    (sp.sign(x[k]) * sp.sign(g[j]) * x[k], sp.Abs(x[k]) * sp.sign(g[j])),   # sign(t) t = |t|
    (sp.sign(g[j]) ** 2 * x[k], x[k]),                                       # sign(g)^2 = 1, g nonzero
    (sp.sign(x[k]) ** 2, sp.S.One),                                          # continuous atom: nonzero a.s.
    (sp.sign(x[k]) * x[k] ** 3, sp.Abs(x[k]) ** 3),
    (sp.sign(x[k]) / x[k], 1 / sp.Abs(x[k])),
    (sp.sign(x[k]) ** 3 * y[k], sp.sign(x[k]) * y[k]),
], ids=["sign_t_times_t", "sign_g_squared", "sign_x_squared", "sign_times_cube", "sign_over_t", "sign_cubed"])
def test_sign_algebra(before, expected):
    after = R.sign_algebra(before)
    assert after == expected
    assert_equal_rewrite(before, after)


def test_sign_algebra_leaves_abs_and_unrelated_factors():
    before = sp.sign(x[k]) * sp.Abs(y[k])
    assert R.sign_algebra(before) == before


def test_sign_algebra_keeps_square_of_sign_of_a_possibly_zero_symbol():
    z = sp.Symbol("z", real=True)
    assert R.sign_algebra(sp.sign(z) ** 2) == sp.sign(z) ** 2


# ------------------------------------------------------------------------------ sums


@pytest.mark.parametrize("before, expected", [
    (sp.Sum(sp.sign(g[j]) * sp.Abs(x[k]), (k, 1, d)), sp.sign(g[j]) * sum_over(sp.Abs(x[k]), k, d)),
    (sp.Sum(c, (k, 1, d)), c * d),
    (sp.Sum(sp.Abs(x[k]) ** 2 / d2, (j, 1, d2)), x[k] ** 2),
    (sp.Sum(c * x[j], (k, 1, d), (j, 1, d2)), c * d * sp.Sum(x[j], (j, 1, d2))),
    (sp.Sum(c * x[k], (k, 2, d)), c * sp.Sum(x[k], (k, 2, d))),
], ids=["factor_free_of_k", "constant_summand", "counts_the_range", "multiple_limits", "lower_limit_two"])
def test_pull_constants_out_of_sums(before, expected):
    after = R.pull_constants_out_of_sums(before)
    assert after == expected
    assert_equal_rewrite(before, after)


def test_pull_constants_with_a_triangular_range():
    before = sp.Sum(c, (k, 1, j), (j, 1, d))
    after = R.pull_constants_out_of_sums(before)
    assert j not in after.free_symbols, after
    assert after == before or sp.simplify(after.doit() - c * d * (d + 1) / 2) == 0


def test_a_derivation_never_records_the_faulty_triangular_rewrite():
    # The rule above is wrong on triangular sums, but a Derivation never trusts a rule: it either refuses
    # the step (today: the check cannot instantiate the escaped index) or records a correct one.
    derivation = Derivation("t", "t", sp.Sum(x[j], (k, 1, j), (j, 1, d)), "def")
    try:
        derivation.apply(R.PULL_CONSTANTS)
    except StepCheckError as error:
        assert error.check.outcome != "equal"
        assert len(derivation.steps) == 1
    except ValueError:  # the rule declines triangular ranges
        assert len(derivation.steps) == 1
    else:
        assert j not in derivation.result.free_symbols


def test_split_diagonal():
    before = sp.Sum(x[k] * x[kp], (k, 1, d), (kp, 1, d))
    after = R.split_diagonal(before)
    assert after == sp.Sum(x[k] ** 2, (k, 1, d)) + DistinctSum(x[k] * x[kp], (k, kp), 1, d)
    assert_equal_rewrite(before, after)


def test_split_diagonal_keeps_other_ranges_outside():
    before = sp.Sum(g[j] * x[k] * x[kp], (k, 1, d), (kp, 1, d), (j, 1, d2))
    after = R.split_diagonal(before)
    assert after == sp.Sum(sp.Sum(g[j] * x[k] ** 2, (k, 1, d)) + DistinctSum(g[j] * x[k] * x[kp], (k, kp), 1, d),
                           (j, 1, d2))
    assert_equal_rewrite(before, after)


def test_split_diagonal_needs_two_indices_over_one_range():
    before = sp.Sum(g[j] * x[k], (k, 1, d), (j, 1, d2))
    assert R.split_diagonal(before) == before


# ------------------------------------------------------------------------------ expectations


def test_linearity_of_expectation():
    before = Expectation(2 * sum_over(x[k] ** 2, k, d) + c + DistinctSum(x[k] * x[kp], (k, kp), 1, d))
    after = R.linearity_of_expectation(before)
    assert after == (2 * sum_over(Expectation(x[k] ** 2), k, d) + c
                     + DistinctSum(Expectation(x[k] * x[kp]), (k, kp), 1, d))
    assert_equal_rewrite(before, after)


def test_linearity_pulls_index_dependent_constants_out():
    before = Expectation(sp.Sum(g[k] * x[k] ** 2, (k, 1, d)))
    after = R.linearity_of_expectation(before)
    assert after == sp.Sum(g[k] * Expectation(x[k] ** 2), (k, 1, d))


def test_factor_independent_under_a_distinct_sum():
    before = DistinctSum(Expectation(sp.Abs(x[k]) * sp.Abs(x[kp])), (k, kp), 1, d)
    after = R.factor_independent(before)
    assert after == DistinctSum(Expectation(sp.Abs(x[k])) * Expectation(sp.Abs(x[kp])), (k, kp), 1, d)
    assert_equal_rewrite(before, after)


def test_factor_independent_does_not_factor_under_a_plain_double_sum():
    # k may equal k' here, so x_k and x_k' are not independent: E[x_k x_k'] != E[x_k] E[x_k'] on the diagonal.
    before = sp.Sum(Expectation(x[k] * x[kp]), (k, 1, d), (kp, 1, d))
    assert R.factor_independent(before) == before
    wrongly_factored = sp.Sum(Expectation(x[k]) * Expectation(x[kp]), (k, 1, d), (kp, 1, d))
    assert check_equal(before, wrongly_factored).outcome == "different"


def test_factor_independent_different_arrays_and_constants():
    before = Expectation(3 * x[k] ** 2 * y[k] ** 2)
    after = R.factor_independent(before)
    assert after == 3 * Expectation(x[k] ** 2) * Expectation(y[k] ** 2)
    assert_equal_rewrite(before, after)


def test_factor_independent_same_entry_stays_together():
    before = DistinctSum(Expectation(x[k] ** 2 * sp.Abs(x[k]) * x[kp] ** 2), (k, kp), 1, d)
    after = R.factor_independent(before)
    assert after == DistinctSum(Expectation(x[k] ** 2 * sp.Abs(x[k])) * Expectation(x[kp] ** 2), (k, kp), 1, d)
    assert_equal_rewrite(before, after)


def test_factor_independent_respects_shadowing():
    before = DistinctSum(sp.Sum(Expectation(x[k] * x[kp]), (k, 1, d)), (k, kp), 1, d)
    assert R.factor_independent(before) == before


@pytest.mark.parametrize("before, expected", [
    (Expectation(x[k] ** 2), 1),
    (Expectation(x[k] ** 4), 3),
    (Expectation(sp.Abs(x[k])), sp.sqrt(2) / sp.sqrt(pi)),
    (Expectation(x[k]), 0),
    (Expectation(sp.Abs(x[k])) * Expectation(sp.Abs(x[kp])), 2 / pi),
    (sp.Sum(Expectation(x[k] ** 2), (k, 1, d)), sp.Sum(1, (k, 1, d))),
])
def test_moment_table(before, expected):
    after = R.moment_table(before)
    assert after == expected
    assert_equal_rewrite(before, after)


def test_moment_table_leaves_products_of_entries_alone():
    before = Expectation(x[k] * y[k])
    assert R.moment_table(before) == before


def test_evaluate_expectations():
    before = Expectation(sum_over(x[k], k, d) ** 4) + 1
    after = R.evaluate_expectations(before)
    assert after == 3 * d**2 + 1


# ------------------------------------------------------------------------------ counting


@pytest.mark.parametrize("before, expected", [
    (sp.Sum(1, (k, 1, d)), d),
    (sp.Sum(c, (k, 1, d)), c * d),
    (DistinctSum(2 / pi, (k, kp), 1, d), 2 * d * (d - 1) / pi),
    (DistinctSum(c, (k, kp, kpp), 1, d), c * d * (d - 1) * (d - 2)),
    (sp.Sum(1, (k, 1, j), (j, 1, d)), d**2 / 2 + d / 2),
], ids=["ones", "constant", "distinct_pairs", "distinct_triples", "triangular"])
def test_count_terms(before, expected):
    after = R.count_terms(before)
    assert sp.expand(after - expected) == 0
    assert_equal_rewrite(before, after)


def test_count_terms_leaves_index_dependent_sums():
    before = sp.Sum(x[k], (k, 1, d)) + sp.Sum(c, (k, 1, d))
    assert R.count_terms(before) == sp.Sum(x[k], (k, 1, d)) + c * d


def test_sum_of_integers():
    before = sp.Sum(k, (k, 1, d))
    after = R.sum_of_integers(before)
    assert after == d * (d + 1) / 2
    assert_equal_rewrite(before, after)


def test_sum_of_integers_inner_index_of_a_double_sum():
    before = sum_over(sum_over(r, r, cc - 1), s, N / cc)
    after = R.sum_of_integers(before)
    assert after == sp.Sum(cc * (cc - 1) / 2, (s, 1, N / cc))
    assert R.count_terms(after) == N * (cc - 1) / 2
    # N/c need not be an integer for check_equal; check at N = c m instead.
    m = dimension("m")
    assert_equal_rewrite(before.xreplace({N: cc * m}), after.xreplace({N: cc * m}))


def test_sum_of_integers_from_another_lower_limit():
    before = sp.Sum(k, (k, 3, d))
    after = R.sum_of_integers(before)
    assert sp.expand(after - (d + 3) * (d - 2) / 2) == 0
    assert_equal_rewrite(before, after)


# ------------------------------------------------------------------------------ DistinctSum


def test_distinct_sum_doit_at_concrete_bounds():
    xx = gaussian_vector("x", 3)
    total = DistinctSum(xx[k] * xx[kp], (k, kp), 1, 3).doit()
    assert total == 2 * (xx[1] * xx[2] + xx[1] * xx[3] + xx[2] * xx[3])
    assert DistinctSum(k * kp, (k, kp), 1, 3).doit() == 2 * (1 * 2 + 1 * 3 + 2 * 3)
    assert DistinctSum(k, (k, kp, kpp), 1, 2).doit() == 0  # no three distinct values in 1..2
    # 6 ordered pairs of distinct values in 2..4; each value sits in each slot twice: 2 * 2 * (2 + 3 + 4)
    assert DistinctSum(k + kp, (k, kp), 2, 4).doit() == 36


def test_distinct_sum_index_free_summand_is_a_falling_factorial():
    assert DistinctSum(c, (k, kp), 1, d).doit() == c * d * (d - 1)
    assert DistinctSum(c, (k, kp, kpp), 1, d).doit() == c * d * (d - 1) * (d - 2)
    assert DistinctSum(sp.S.One, (k, kp), 2, d).doit() == (d - 1) * (d - 2)
    assert DistinctSum(sp.S.One, (k, kp), 1, 5).doit() == 20


def test_distinct_sum_symbolic_stays_unevaluated():
    node = DistinctSum(x[k] * x[kp], (k, kp), 1, d)
    assert node.doit() == node
    assert node.free_symbols == {d, x.label}
    assert k not in node.free_symbols and kp not in node.free_symbols
    assert node.indices == (k, kp) and node.lower == 1 and node.upper == d and node.length == d
    assert bound_limits(node) == [k, kp]


def test_distinct_sum_printing():
    node = DistinctSum(x[k] * x[kp], (k, kp), 1, d)
    assert r"k \neq k'" in sp.latex(node)
    assert str(node) == "DistinctSum(x[k']*x[k], (k, k'), 1, d)"
    assert "distinct" in sp.latex(DistinctSum(c, (k, kp, kpp), 1, d))


# ------------------------------------------------------------------------------ tidy_indices


def test_tidy_indices_renames_dummies_to_readable_names():
    k1 = sp.Dummy("k12", integer=True)
    k2 = sp.Dummy("k13", integer=True)
    before = sp.Sum(x[k1] * x[k2], (k1, 1, d), (k2, 1, d))
    after = tidy_indices(before)
    assert not after.atoms(sp.Dummy)
    assert after == sp.Sum(x[k] * x[kp], (k, 1, d), (kp, 1, d))
    assert_equal_rewrite(before, after)


def test_tidy_indices_avoids_free_names_and_keeps_user_symbols():
    k1 = sp.Dummy("k7", integer=True)
    before = sp.Sum(x[k1] * x[k], (k1, 1, d))  # k is free here
    after = tidy_indices(before)
    assert after == sp.Sum(x[kp] * x[k], (kp, 1, d))
    named = sp.Sum(x[k] ** 2, (k, 1, d))
    assert tidy_indices(named) is named  # nothing to rename


def test_tidy_indices_inside_distinct_sums():
    a1 = sp.Dummy("j3", integer=True)
    a2 = sp.Dummy("j4", integer=True)
    after = tidy_indices(DistinctSum(x[a1] * x[a2], (a1, a2), 1, d))
    assert after == DistinctSum(x[j] * x[index("j'")], (j, index("j'")), 1, d)
