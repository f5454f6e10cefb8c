"""hw3: RMS norms under SignGD, muP and the spectral condition, gradient estimators, tensor rematerialisation."""
from __future__ import annotations

from derive import problem_set

from . import q1, q3, q4, q5

PROBLEM_SET = problem_set("hw3", "Deep learning homework 3", q1, q3, q4, q5)
