"""Transcripts: load a chat export (``formats`` is the table), segment it, find each slot's answer, grade.

``load`` -> ``segment`` (turns, parts, attempts) -> ``answer_units`` (lines, tables, formulas) -> ``answers``
(which unit answers which slot) -> ``check`` (grading and the per-part summary).
"""
