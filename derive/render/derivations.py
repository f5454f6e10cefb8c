"""Rendering derivations: plain text, LaTeX ``align*``, Markdown and JSON-ready dicts.

A derivation is read through its attributes only (``title``, ``quantity``, ``steps``), so this module
does not import the class and the engine's derivation module may print itself with it.
"""
from __future__ import annotations

from typing import Protocol, Sequence

from derive.render.expressions import expr_latex, expr_text
from derive.render.statements import text_latex


class Chain(Protocol):
    """What a printer needs of a derivation: a title, the quantity derived, and the checked steps."""

    title: str
    quantity: str
    steps: Sequence


def _quantity_text(quantity: str) -> str:
    text = quantity
    for latex, plain in ((r"\mathbb{E}", "E"), (r"\mathrm", ""), (r"\operatorname", ""), (r"\cdot", "·"),
                         (r"\partial", "∂"), (r"\,", " "), (r"\|", "‖"), ("\\", "")):
        text = text.replace(latex, plain)
    return text.replace("{", "").replace("}", "")


def derivation_text(derivation: Chain) -> str:
    """Numbered lines ``= expression    [rule] justification``."""
    lines = [f"{derivation.title}", f"  {_quantity_text(derivation.quantity)}"]
    for number, step in enumerate(derivation.steps):
        check = f" ✓ {step.check.method}" if step.check else ""
        lines.append(f"  {number:>2}. = {expr_text(step.expr)}")
        lines.append(f"        [{step.rule}] {step.justification}{check}")
    return "\n".join(lines)


def derivation_latex(derivation: Chain) -> str:
    """An ``align*`` environment with one justified line per step."""
    rows = []
    for number, step in enumerate(derivation.steps):
        left = derivation.quantity if number == 0 else ""
        note = text_latex(f"{step.rule}: {step.justification}")
        rows.append(rf"{left} &= {expr_latex(step.expr)} && \text{{{note}}}")
    return "\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}"


def derivation_markdown(derivation: Chain) -> str:
    """A Markdown list with display math, one justified step per item."""
    lines = [f"**{derivation.title}**", "", f"$${derivation.quantity}$$", ""]
    for number, step in enumerate(derivation.steps):
        check = f" (checked: {step.check.method})" if step.check else ""
        lines.append(f"{number}. $= {expr_latex(step.expr)}$ — *{step.rule}*: {step.justification}{check}")
    return "\n".join(lines)


def derivation_json(derivation: Chain) -> dict:
    """A JSON-ready dict of the derivation and its checked steps."""
    return {
        "title": derivation.title,
        "quantity": derivation.quantity,
        "result_latex": expr_latex(derivation.result),
        "result_sympy": str(derivation.result),
        "steps": [step_json(step) for step in derivation.steps],
    }


def step_json(step) -> dict:
    """A JSON-ready dict of one step."""
    return {
        "latex": expr_latex(step.expr),
        "sympy": str(step.expr),
        "rule": step.rule,
        "justification": step.justification,
        "check": None if step.check is None else {"verdict": step.check.outcome, "method": step.check.method,
                                                   "detail": step.check.detail},
    }


