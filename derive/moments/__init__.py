"""The i.i.d. moment calculus: laws of scalar atoms, random arrays as SymPy nodes, exact expectations.

``laws`` (N(0,1), Rademacher: moments and samplers), ``arrays`` (``x[k]`` is an entry of an i.i.d.
array whose label carries its law), ``expectation`` (expectations of polynomials in entries over
symbolic-length sums, by set partitions of the summation indices).
"""
