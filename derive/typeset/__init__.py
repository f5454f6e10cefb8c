"""Typesetting by TeX: worked-solution documents, their figures, untrusted text made safe, and the compile.

``escape`` (student text printed literally, math checked against an allowlist), ``document`` (the preamble
and the page frame), ``solutions`` (a part's worked solution and answer key), ``figures`` (the Monte Carlo
evidence as vector PDF), ``compile`` (pdflatex in a locked-down temporary folder, with time and page limits).
"""
