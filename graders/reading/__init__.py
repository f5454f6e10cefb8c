"""Readers of answers in LaTeX, plain text, Unicode and Maxima; their table is ``graders.reading.readers``."""
