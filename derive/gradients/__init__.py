"""The E_{x~p} calculus: expectations under a sampling law with ``f`` undefined, and their gradients.

``nodes`` (``ExpectationUnder``, laws with densities, scores, samplers), ``rules`` (log-derivative
trick, change of variables, pathwise gradient, Stein's lemma), ``concrete`` (checking such identities
with concrete test functions and quadrature), ``standard_form`` (the canonical form graders compare).
"""
