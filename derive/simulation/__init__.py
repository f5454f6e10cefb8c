"""Simulation: seeded, vectorised Monte Carlo of random expressions, estimator checks, and the records.

``montecarlo`` (evaluating random SymPy expressions by sampling), ``estimators`` (gradient estimators
in k dimensions against an exactly derived gradient), ``records`` (``derive verify``'s check records).
"""
