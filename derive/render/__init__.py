"""Rendering: expressions, derivations and parts as text, LaTeX, Markdown and JSON.

``expressions`` (the printers), ``derivations`` (one chain), ``parts`` (a worked solution).  Which
formats a command offers is the output-format table of the graders' reports, read by the command line.
"""
