"""derive: verified derivations (checked step chains, exact expectations, Monte Carlo) for grading."""
import os

# Our matrices are small and many: a threaded BLAS spends longer handing work between threads than computing
# (one 256x128 SVD took 250 ms instead of 1 ms on a busy 2-core machine). Set before numpy loads; a value the
# user chose is kept.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from derive.derivation import Derivation, StepCheckError, solve_for
from derive.moments.expectation import Expectation, NotPolynomialError, expectation
from derive.moments.laws import RADEMACHER, STANDARD_NORMAL
from derive.moments.arrays import fixed_vector, gaussian_matrix, gaussian_vector, random_array
from derive.symbols import dimension, index, scale, sum_over

__all__ = [
    "Derivation", "StepCheckError", "solve_for", "Expectation", "NotPolynomialError", "expectation",
    "RADEMACHER", "STANDARD_NORMAL", "fixed_vector", "gaussian_matrix", "gaussian_vector", "random_array",
    "dimension", "index", "scale", "sum_over",
]
