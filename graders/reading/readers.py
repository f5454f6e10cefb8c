"""The table of every notation reader: its name, what it reads, and its entry function.

Readers of one formula come first, from ``FORMULA_READERS`` (``graders.reading.formulas``), which
``read_answer`` consults in order; they sit in a table of their own because the claims reader
reads its formulas with them.  Maxima's functions are read inside text answers: the text reader
consults their table of call handlers, and the entry here looks one up.  The readers of whole
answers of one kind are chosen by the grading mode that reads them.  Adding a notation of formulas is
one module plus one line in ``FORMULA_READERS``; a notation with a grammar of its own comes with its
mode and is listed here.
"""
from __future__ import annotations

from graders.reading.claims import read_claims
from graders.reading.expectation.reader import read_expectation_answer
from graders.reading.formulas import FORMULA_READERS, Reader
from graders.reading.maxima import maxima_function

__all__ = ["READERS", "Reader"]

READERS: tuple[Reader, ...] = (
    *FORMULA_READERS,
    Reader("maxima", "STACK's Maxima functions (ratsimp, diff, assume...) called inside text answers",
           maxima_function),
    Reader("expectation", "statements about expectations under sampling laws, E_{x~p}[f(x)] and their gradients",
           read_expectation_answer),
    Reader("claims", "claims about the norms of a layer's features and weights, RMS(h_l) = Theta(1)", read_claims),
)

