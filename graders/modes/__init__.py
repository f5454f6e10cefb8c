"""Grading modes: one module per mode, and ``registry``, the only list of them.

``equivalence`` and ``objects`` hold the comparisons the value modes share (exact, numeric,
asymptotic, order; collections, sets, conditions); ``base`` says what a mode is.
"""
