"""derive: verified derivations (checked step chains, exact expectations, Monte Carlo) for grading."""
from .derivation import Derivation, StepCheckError, solve_for
from .expectation import Expectation, NotPolynomialError, expectation
from .laws import RADEMACHER, STANDARD_NORMAL
from .random import fixed_vector, gaussian_matrix, gaussian_vector, random_array
from .symbols import dimension, index, scale, sum_over

__all__ = [
    "Derivation", "StepCheckError", "solve_for", "Expectation", "NotPolynomialError", "expectation",
    "RADEMACHER", "STANDARD_NORMAL", "fixed_vector", "gaussian_matrix", "gaussian_vector", "random_array",
    "dimension", "index", "scale", "sum_over",
]
