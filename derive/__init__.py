"""derive: verified derivations (checked step chains, exact expectations, Monte Carlo) for grading.

The authoring API, what a problem set is written with:

=====================  ==============================================================================
symbols                ``dimension``, ``index``, ``scale``, ``sum_over``
random quantities      ``gaussian_vector``, ``gaussian_matrix``, ``random_array``, ``fixed_vector``, laws
                       (``STANDARD_NORMAL``, ``RADEMACHER``, ``bernoulli``, ``normal``, ``mean_variance``,
                       ``finite_law``), ``relu``, ``linear_recurrence``
exact expectations     ``Expectation`` and ``Variance`` (nodes), ``expectation`` (by set partitions of the indices)
checked chains         ``Derivation`` (every ``=`` verified), ``solve_for``, ``rules`` (named rules)
growth                 ``Theta``, ``growth_class``
a problem set          ``problem_set`` of the ``@part`` functions of its modules, each filling a
                       ``PartBuilder``; ``Variants`` for per-student numbers; ``Alternate``,
                       ``Misconception``, ``KeyPoint``, ``SamplingForm``; ``near``, ``rubric_reference``
lower level            ``ProblemSet``, ``PartEntry``, ``Part``, ``Slot`` (what the builder assembles)
simulation             ``VerifyConfig``, ``VerifyRecord``, ``monte_carlo_records``, ``identity_records``
finding sets           ``discover`` (entry points, ``DERIVE_BANK``, ``--bank`` folders) -> ``Bank``
=====================  ==============================================================================

Examples:
    >>> from derive import dimension, expectation, gaussian_vector, index, sum_over
    >>> d, k = dimension("d"), index("k")
    >>> expectation(sum_over(gaussian_vector("x", d)[k] ** 2, k, d))
    d
"""
from derive.lazy_exports import lazy_exports
import os

# Our matrices are small and many: a threaded BLAS spends longer handing work between threads than computing
# (one 256x128 SVD took 250 ms instead of 1 ms on a busy 2-core machine). Set before numpy loads; a value the
# user chose is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# The authoring API is loaded on first use (PEP 562), so that ``derive --help`` and the worker processes
# pay only for what they touch: name -> the module that defines it.
_EXPORTS = {
    "dimension": "derive.symbols", "index": "derive.symbols", "scale": "derive.symbols", "sum_over": "derive.symbols",
    "gaussian_vector": "derive.moments.arrays", "gaussian_matrix": "derive.moments.arrays",
    "random_array": "derive.moments.arrays", "fixed_vector": "derive.moments.arrays",
    "RADEMACHER": "derive.moments.laws", "STANDARD_NORMAL": "derive.moments.laws", "Law": "derive.moments.laws",
    "bernoulli": "derive.moments.parametric_laws", "normal": "derive.moments.parametric_laws",
    "mean_variance": "derive.moments.parametric_laws", "finite_law": "derive.moments.parametric_laws",
    "relu": "derive.moments.functions", "ReLU": "derive.moments.functions", "Variance": "derive.moments.variance",
    "linear_recurrence": "derive.recurrences", "LinearRecurrence": "derive.recurrences",
    "Expectation": "derive.moments.expectation", "expectation": "derive.moments.expectation",
    "NotPolynomialError": "derive.moments.expectation",
    "Derivation": "derive.derivation", "StepCheckError": "derive.derivation", "solve_for": "derive.derivation",
    "rules": None,  # a module: derive.rules
    "Theta": "derive.growth.asymptotics", "growth_class": "derive.growth.asymptotics",
    "ProblemSet": "derive.bank.schema", "PartEntry": "derive.bank.schema", "Part": "derive.bank.schema",
    "Slot": "derive.bank.schema", "Alternate": "derive.bank.schema", "Misconception": "derive.bank.schema",
    "KeyPoint": "derive.bank.schema", "SamplingForm": "derive.bank.schema",
    "VerifyConfig": "derive.simulation.records", "VerifyRecord": "derive.simulation.records",
    "near": "derive.bank.authoring", "rubric_reference": "derive.bank.authoring",
    "monte_carlo_records": "derive.simulation.records", "identity_records": "derive.simulation.records",
    "discover": "derive.bank.discovery", "Bank": "derive.bank.discovery", "BankError": "derive.bank.errors",
    "AuthoringError": "derive.bank.errors",
    "part": "derive.bank.builder", "PartBuilder": "derive.bank.builder", "problem_set": "derive.bank.builder",
    "Variants": "derive.bank.variants", "Variant": "derive.bank.variants",
}
__all__ = list(_EXPORTS)


__getattr__, __dir__ = lazy_exports('derive', _EXPORTS)
