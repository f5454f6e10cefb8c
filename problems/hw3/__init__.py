"""hw3: RMS norms under SignGD, muP and the spectral condition, gradient estimators, tensor rematerialisation."""
from __future__ import annotations

from derive import PartEntry, ProblemSet

from . import q1, q3, q4, q5

PROBLEM_SET = ProblemSet(
    name="hw3",
    title="Deep learning homework 3",
    parts={
        "1a": PartEntry(q1.TITLE_1A, q1.build_1a),
        "1b": PartEntry(q1.TITLE_1B, q1.build_1b),
        "1c": PartEntry(q1.TITLE_1C, q1.build_1c),
        "3a": PartEntry(q3.TITLE_3A, q3.build_3a),
        "3b": PartEntry(q3.TITLE_3B, q3.build_3b),
        "3c": PartEntry(q3.TITLE_3C, q3.build_3c),
        "4a": PartEntry(q4.TITLE_4A, q4.build_4a),
        "4b": PartEntry(q4.TITLE_4B, q4.build_4b),
        "4c": PartEntry(q4.TITLE_4C, q4.build_4c),
        "4d": PartEntry(q4.TITLE_4D, q4.build_4d),
        "4e": PartEntry(q4.TITLE_4E, q4.build_4e),
        "5a": PartEntry(q5.TITLE_5A, q5.build_5a),
        "5b": PartEntry(q5.TITLE_5B, q5.build_5b),
        "5c": PartEntry(q5.TITLE_5C, q5.build_5c),
    },
)
