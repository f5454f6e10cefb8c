"""A part's worked solution (statement, derivations, answer slots) as text, Markdown and JSON (LaTeX: derive.typeset)."""
from __future__ import annotations

import json

from derive.bank.schema import Part, Slot
from derive.render.derivations import derivation_json, derivation_markdown, derivation_text
from derive.render.expressions import expr_latex, expr_text
from derive.render.statements import statement_text


def slot_json(slot: Slot) -> dict:
    """A slot as in ``derive solve --format json`` (docs/json-outputs.md)."""
    return {"slot": slot.name, "mode": slot.mode, "reference_latex": expr_latex(slot.reference),
            "reference_sympy": str(slot.reference), "unit": slot.unit, "points": slot.points,
            "description": slot.description}


def part_json(part: Part) -> dict:
    """A part as a JSON-ready dict: every step flattened in order, then per derivation, then the slots."""
    steps = []
    for derivation in part.derivations:
        for step in derivation_json(derivation)["steps"]:
            steps.append({**step, "derivation": derivation.title})
    document = {"problem": part.id, "title": part.title, "statement": part.statement, "steps": steps,
                "derivations": [derivation_json(d) for d in part.derivations],
                "slots": [slot_json(slot) for slot in part.slots]}
    if part.variant is not None:
        document["variant"] = part.variant.to_json()
    return document


def _variant_line(part: Part) -> list[str]:
    if part.variant is None:
        return []
    whose = f"variant {part.variant.key}" if part.variant.key else "published values"
    return [f"{whose}: {part.variant.describe()}", ""]


def parts_json(parts: list[Part]) -> str:
    """One JSON document: the part's object, or a list of them for several parts."""
    documents = [part_json(p) for p in parts]
    return json.dumps(documents[0] if len(documents) == 1 else documents, indent=2)


def parts_text(parts: list[Part]) -> str:
    """Plain text for a terminal: the statement, each numbered chain with its rules, then the slots."""
    blocks = []
    for part in parts:
        lines = [f"{part.id}  {part.title}", "", *_variant_line(part), statement_text(part.statement), ""]
        lines += [derivation_text(d) + "\n" for d in part.derivations]
        lines.append("Answer slots:")
        for slot in part.slots:
            unit = f" {slot.unit}" if slot.unit else ""
            lines.append(f"  {slot.name:<16} {slot.mode:<9} {expr_text(slot.reference)}{unit}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def parts_markdown(parts: list[Part]) -> str:
    """Markdown with display math: a heading per part, a list per chain, a table of slots."""
    blocks = []
    for part in parts:
        lines = [f"## {part.id}: {part.title}", "", *_variant_line(part), part.statement, ""]
        lines += [derivation_markdown(d) + "\n" for d in part.derivations]
        lines += ["| slot | mode | reference |", "| --- | --- | --- |"]
        lines += [f"| {s.name} | {s.mode} | ${expr_latex(s.reference)}${' ' + s.unit if s.unit else ''} |"
                  for s in part.slots]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
