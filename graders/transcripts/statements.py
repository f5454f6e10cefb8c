"""What a formula in a model's text claims: the statement a chain ends with, and the quantity its left side names.

A model writes ``c^2 d_1 = 1 \\Longrightarrow c = d_1^{-1/2} = \\frac{1}{\\sqrt{d_1}} \\approx ...``: the working, then
the claim.  The claim is what follows the last implication, with the steps of its chain and a closing
approximation left out (``c = \\frac{1}{\\sqrt{d_1}}``).  Its left side names what it gives: the slot's variable,
its description, one of its cues, or another quantity (a norm, an expectation, a function of
something), whose value is then not this slot's answer.
"""
from __future__ import annotations

import re

from derive.bank.schema import Slot

from graders.reading.notation import IMPLIES
from graders.transcripts.math_spans import MATH

COMPUTED = re.compile(r"\\(?:cdot|times|sqrt|frac|tfrac|dfrac|sum|prod)(?![A-Za-z])|(?<![\[({_^])\s[-+*/]\s")


def top_level_equals(formula: str) -> list[int]:
    """Where ``formula`` has an equals sign outside brackets and braces (not in <=, >=, :=, ==)."""
    depth, found = 0, []
    for index, char in enumerate(formula):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == "=" and depth == 0 and formula[index - 1:index] not in ("<", ">", ":", "=", "!") \
                and formula[index + 1:index + 2] != "=":
            found.append(index)
    return found


def ends_of_chain(formula: str) -> str:
    """A chain ``A = B = C`` as the claim it ends with, ``A = C`` (the steps between are working);
    a formula's closing full stop or comma dropped."""
    formula = re.sub(r"(?:\\[,;!]|\\quad|\s)*[.,;]\s*$", "", formula.strip())
    boxed = re.fullmatch(r"\\boxed\s*\{(.*)\}", formula, re.S)
    if boxed and balanced(boxed.group(1)):
        formula = boxed.group(1).strip()
    formula = IMPLIES.split(formula)[-1].strip()  # "c^2 d_1 = 1 \Longrightarrow c = ...": the conclusion
    formula = re.split(r"\\approx|≈", formula)[0].strip() if "=" in formula else formula  # "≈ 1.25/d_1" is an aside
    signs = top_level_equals(formula)
    if len(signs) < 2 or not balanced(formula):
        return formula  # a formula whose brackets do not pair up is read (and refused) whole
    return f"{formula[:signs[0]].strip()} = {formula[signs[-1] + 1:].strip()}"


def balanced(formula: str) -> bool:
    """Whether every bracket and brace of ``formula`` closes, in order."""
    depth = 0
    for char in formula:
        depth += (char in "([{") - (char in ")]}")
        if depth < 0:
            return False
    return depth == 0


_COMPOUND = re.compile(r"\\\||\\[lr]Vert|\|\||\\(?:mathrm|operatorname|text|mathbb)\s*\{|\b[A-Za-z]{2,}\s*[\[(]")


def names_other(formula: str) -> bool:
    """An equation whose left side names a quantity of its own (a norm, an expectation, a function of
    something), so its right side is that quantity's value, not this slot's."""
    signs = top_level_equals(formula)
    if not signs:
        return False
    side = formula[:signs[0]]
    return not COMPUTED.search(side) and bool(_COMPOUND.search(side))


def names_slot(slot: Slot, side: str) -> bool:
    """Whether one side of an equation names the slot: its variable ("c"), or one of its cues."""
    if COMPUTED.search(side):
        return False
    if slot.variable is not None and side.strip() == str(slot.variable):
        return True
    written = signature(side)
    if len(written) >= 3 and written in signature(slot.description):
        return True  # the slot's own description: "E[(sum_k x_k)^2]"
    return any(re.search(cue, flat(side), re.I) for cue in slot.cues)


def signature(text: str) -> str:
    """Letters and digits of a formula or description, TeX's wrappers left out, to compare the two."""
    return re.sub(r"[^A-Za-z0-9]", "", re.sub(r"\\(?:mathbb|mathrm|mathcal|text|operatorname|left|right|[bB]ig+[lr]?)",
                                              "", text))


def torn(text: str) -> bool:
    """Whether a formula of ``text`` is glued to the words around it ("$\\Theta$(d $1^2$)", "E$[S]$"): pieces of
    one formula, some typeset and some not, that no reading of one piece can stand for."""
    for span in MATH.finditer(text):
        if span.group(0).startswith(("$$", "\\[", "\\(")):
            continue
        before, after = text[max(0, span.start() - 1):span.start()], text[span.end():span.end() + 1]
        if (before and (before.isalnum() or before in "([")) or (after and (after.isalnum() or after in "([^_")):
            return True
    return False


def flat(text: str) -> str:
    """Text with TeX's wrappers taken off, so a cue for "RMS^2" finds ``\\text{RMS}^2``."""
    return re.sub(r"\\(?:text|mathrm|operatorname|mathbf|textbf|mathit)\s*\{([^{}]*)\}", r"\1", text).replace("$", "")
