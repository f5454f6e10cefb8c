"""Rendering: expressions, derivations and parts as text, LaTeX, Markdown and JSON.

``expressions`` (the printers), ``derivations`` (one chain), ``parts`` (a worked solution), and
``formats`` (the table of output formats ``derive solve --format`` offers).
"""
