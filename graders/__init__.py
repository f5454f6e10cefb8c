"""graders: read answers (LaTeX, plain text, Unicode, Maxima) and decide whether they state the reference.

The front door is two verbs and one result:

========================================  ==================================================
``compare(reference, answer, **options)``  a (reference, answer) pair, no problem bank needed
``grade(part, slot, answer)``              one answer to one slot of a derived part
``Verdict``                                status, score, what was read, method, feedback
========================================  ==================================================

Configs: ``PairConfig`` (how ``compare`` reads and compares), ``GradeConfig`` (limits and
tolerances of ``grade``), ``ReadConfig`` and ``CompareConfig`` inside them.  Everything else is
grouped by purpose: ``reading/`` (one reader per notation), ``modes/`` (one module per grading
mode, and their registry), ``transcripts/``, ``reports/`` and ``workers/``.
"""
from derive.lazy_exports import lazy_exports

# Loaded on first use (PEP 562): the command line reads the output-format and mode tables under this
# package without paying for every reader: name -> the module that defines it.
_EXPORTS = {
    "compare": "graders.api", "grade": "graders.api", "Verdict": "graders.verdict",
    "PairConfig": "graders.pairs", "GradeConfig": "graders.grading", "ReadConfig": "graders.reading.config",
    "CompareConfig": "graders.modes.equivalence",
}
__all__ = ["compare", "grade", "Verdict", "PairConfig", "GradeConfig", "ReadConfig", "CompareConfig"]


__getattr__, __dir__ = lazy_exports('graders', _EXPORTS)
