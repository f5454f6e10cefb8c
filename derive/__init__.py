"""derive: verified derivations (checked step chains, exact expectations, Monte Carlo) for grading.

The authoring API, what a problem set is written with:

=====================  ==============================================================================
symbols                ``dimension``, ``index``, ``scale``, ``sum_over``
random quantities      ``gaussian_vector``, ``gaussian_matrix``, ``random_array``, ``fixed_vector``, laws
exact expectations     ``Expectation`` (a node), ``expectation`` (by set partitions of the indices)
checked chains         ``Derivation`` (every ``=`` verified), ``solve_for``, ``rules`` (named rules)
growth                 ``Theta``, ``growth_class``
a problem set          ``ProblemSet``, ``PartEntry``, ``Part``, ``Slot``, ``Alternate``, ``Misconception``,
                       ``KeyPoint``, ``SamplingForm``; ``near``, ``rubric_reference`` for rubric slots
simulation             ``VerifyConfig``, ``CheckRecord``, ``monte_carlo_records``, ``identity_records``
finding sets           ``discover`` (entry points, ``DERIVE_BANK``, ``--bank`` folders) -> ``Bank``
=====================  ==============================================================================

Examples:
    >>> from derive import dimension, expectation, gaussian_vector, index, sum_over
    >>> d, k = dimension("d"), index("k")
    >>> expectation(sum_over(gaussian_vector("x", d)[k] ** 2, k, d))
    d
"""
import os

# Our matrices are small and many: a threaded BLAS spends longer handing work between threads than computing
# (one 256x128 SVD took 250 ms instead of 1 ms on a busy 2-core machine). Set before numpy loads; a value the
# user chose is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from derive import rules  # noqa: E402 - after the BLAS settings
from derive.bank.authoring import near, rubric_reference  # noqa: E402
from derive.bank.discovery import Bank, BankError, discover  # noqa: E402
from derive.bank.schema import (Alternate, CheckRecord, KeyPoint, Misconception, Part, PartEntry,  # noqa: E402
                                ProblemSet, SamplingForm, Slot, VerifyConfig)
from derive.derivation import Derivation, StepCheckError, solve_for  # noqa: E402
from derive.growth.asymptotics import Theta, growth_class  # noqa: E402
from derive.moments.arrays import fixed_vector, gaussian_matrix, gaussian_vector, random_array  # noqa: E402
from derive.moments.expectation import Expectation, NotPolynomialError, expectation  # noqa: E402
from derive.moments.laws import RADEMACHER, STANDARD_NORMAL  # noqa: E402
from derive.simulation.records import identity_records, monte_carlo_records  # noqa: E402
from derive.symbols import dimension, index, scale, sum_over  # noqa: E402

__all__ = [
    "dimension", "index", "scale", "sum_over",
    "gaussian_vector", "gaussian_matrix", "random_array", "fixed_vector", "RADEMACHER", "STANDARD_NORMAL",
    "Expectation", "expectation", "NotPolynomialError",
    "Derivation", "StepCheckError", "solve_for", "rules",
    "Theta", "growth_class",
    "ProblemSet", "PartEntry", "Part", "Slot", "Alternate", "Misconception", "KeyPoint", "SamplingForm",
    "near", "rubric_reference",
    "VerifyConfig", "CheckRecord", "monte_carlo_records", "identity_records",
    "discover", "Bank", "BankError",
]
