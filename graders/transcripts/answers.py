"""Which unit of a model turn answers which slot, and the text the grader reads from it.

A unit is matched to a slot by what it says it is about (the slot's cues in its label, in the
left side of its last formula, or anywhere in it) and by the form the slot expects (a growth
class for an order slot, an expectation for an expectation slot, a sampler for a law slot, a
number for a numeric one).  A unit goes to the slot it names most clearly; among a slot's units,
named ones beat unnamed ones, then a final-answer section, then boxed or bold, then the one naming it
more clearly, then the later one.
The choice never looks at the reference: a wrong answer is found as readily as a right one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from derive.bank.schema import Slot

from graders.modes.registry import mode_named
from graders.transcripts.identify import stems
from graders.reading.notation import IMPLIES, SUBSCRIPTS
from graders.transcripts.statements import COMPUTED, ends_of_chain, flat, names_other, names_slot, torn
from graders.transcripts.answer_units import FINAL_HEADING, GROWTH_WORDS, STATED_GROWTH, Unit
from graders.transcripts.math_spans import MATH, formulas
from graders.transcripts.passages import names_in_section, passage

# a number, not the 5 of a part name ("5a", "5(b)"), with the time unit written after it
_NUMBER = re.compile(r"(?<![\w^_])(\d+(?:\.\d+)?)(?:\s{0,3}\\?,?\s{0,3}(ns|ms|µs|us|s)\b|(?![a-zA-Z(]))")
_UNIT_AFTER = re.compile(r"^\s{0,3}\\?,?\s{0,3}(?:\\(?:text|mathrm)\{\s{0,3})?(ns|ms|µs|us|s)\b")


@dataclass(frozen=True)
class SlotAnswer:
    """A unit chosen as the answer to a slot, and the text the grader reads (None: shown raw, not read)."""

    slot: Slot
    unit: Unit
    answer: str | None
    unreadable: str = ""  # why the text cannot be trusted (layout lost in a PDF), when answer is None
    declined: bool = False  # the model said it would not answer (the unit quotes it)
    passage: tuple[str, str] | None = None  # the wider reading (passages.py): text to grade, text as written


_LOST_FRACTION = re.compile(r"\d\s{0,3}(\\sqrt|√)|[-+*/=(]$|^[-+*/=,;)]")
_FLAT_SCRIPT = re.compile(r"(?<![\w\\])(\\?[A-Za-z]+)(\d+)\b")


def linearised_trouble(text: str, names: set[str]) -> str:
    """Why a formula taken from a PDF's text layer cannot be read safely, or "" when it can."""
    if _LOST_FRACTION.search(text):
        return "a fraction bar was lost when the PDF's text was extracted"
    for match in _FLAT_SCRIPT.finditer(text):
        if (match.group(1) + match.group(2)).lstrip("\\") not in names:
            return f"'{match.group(0)}' may be a flattened superscript or subscript"
    return ""


# a side of an equation that computes rather than names: operators outside brackets, roots, fractions
_HYPOTHESIS = re.compile(r"\b(?:assum(?:e|es|ed|ing)|suppose|supposing|given that|induct(?:ion)? hypothesis)\b", re.I)


def answer_kind(slot: Slot) -> str:
    """What a unit must hold to answer ``slot``, as its mode declares (graders/modes/registry.py)."""
    return mode_named(slot.mode).answer_kind


def _pdf_value(slot: Slot, unit: Unit) -> str | None:
    """In text without math delimiters, the statement's value: the words after its last "is", "=", "by" or ":"."""
    body = _clause(slot, unit.body).strip().rstrip(".")
    kind = answer_kind(slot)
    if kind == "growth":
        return body if GROWTH_WORDS.search(body) else None
    if kind == "prose":
        return body if len(body) >= 15 else None
    if kind == "number":
        return _numeric_text(body, [], slot.unit is not None)
    if kind in ("expectation", "sampler"):
        return None  # their notation does not survive a PDF's text layer well enough to read
    pieces = re.split(r"\bis\b|=|\bby\b|:|\bbe\b", body)
    value = pieces[-1].strip() if len(pieces) > 1 else ""
    return value if re.search(r"\w", value) and len(value) < 80 else None


def _cue_score(slot: Slot, unit: Unit) -> int:
    cues = [re.compile(cue, re.I) for cue in slot.cues]
    if not cues:
        return 0
    last = unit.math[-1] if unit.math else ""
    last = IMPLIES.split(last)[-1]
    lhs = last.split("=")[0] + "=" if "=" in last else ""
    if COMPUTED.search(lhs):
        lhs = ""  # "\sqrt{a/b} \cdot \eta\sqrt{ab} = ..." computes something; it names no quantity
    # an equation's left side names its quantity; naming it with more of the slot's cues is more specific
    named = min(2, sum(bool(c.search(flat(lhs))) for c in cues))
    if slot.variable is not None and lhs.rstrip("= ").strip() == str(slot.variable):
        named = 2
    score = 4 * any(c.search(flat(unit.label)) for c in cues) + 3 * named
    # a label sharing words with the slot's description ("Adam LR (hidden)" for "Adam learning rate of hidden
    # weights") names it more precisely than one that only matches a cue
    score += min(2, len(stems(unit.label) & stems(slot.description))) if unit.label else 0
    score += 2 * any(c.search(flat(unit.text)) for c in cues)
    if score and _CONCLUSION.match(unit.label):
        score += 2  # "..., so Condition 1 becomes": the display after it is what the reasoning arrives at
    return score or int(names_in_section(slot, unit))  # under a heading that names it ("### The upper bounds")


_CONCLUSION = re.compile(r"^\W{0,3}(?:so|thus|hence|therefore|which gives|this gives)\b", re.I)


def _clause(slot: Slot, text: str) -> str:
    """The clause of a sentence that answers this slot ("SP is constant (1), while muP ... 1/fan_in")."""
    clauses = [c for c in re.split(r"\bwhile\b|\bwhereas\b|;", text) if c.strip()]
    if len(clauses) < 2 or not slot.cues:
        return text
    cues = [re.compile(cue, re.I) for cue in slot.cues]
    named = [c for c in clauses if any(cue.search(c) for cue in cues)]
    return named[-1] if len(named) == 1 or named else text


def answer_text(slot: Slot, unit: Unit, linearised: bool = False) -> str | None:
    """What the grader should read from ``unit`` for ``slot``, or None when the unit has no such answer."""
    kind = answer_kind(slot)
    if unit.kind == "decline":
        return ""  # chosen only when it names the slot; the slot is then reported not answered
    if unit.kind == "list" and kind not in ("sampler", "expectation"):
        return None  # a list block only matters when one answer spans its items (a sampler and its law)
    if unit.split and kind not in ("claims", "prose", "sampler"):
        return None  # a line stating several things answers through its claims, one statement each
    if unit.kind == "claim" and kind in ("claims", "prose"):
        return None  # these read the whole line
    if linearised and not unit.math:
        return _pdf_value(slot, unit)
    if kind != "prose" and unit.kind != "display" and unit.text.rstrip(" *_").endswith(":"):
        return None  # "Under $\mu P$, the Adam learning rate is:" leads in to the answer below it
    if kind != "prose" and _HYPOTHESIS.search(MATH.split(unit.text, 1)[0] if unit.math else ""):
        return None  # "assuming ... holds at layer l-1, i.e. ...": what is supposed, not what is found
    body = _clause(slot, unit.body)
    math = formulas(body) or list(unit.math if unit.kind == "display" else [])
    if kind == "growth":
        if not STATED_GROWTH.search(body) or not _about_dimensions(slot, body):
            return None
        stated = [formula for formula in math if re.search(r"\\Theta|Θ|\bO\(|\\mathcal\{O\}", formula)]
        stated = stated or re.findall(r"(?:Θ|\bO)\([^()]{1,60}\)", body)  # plain Unicode: "So Θ(d_1²)"
        return stated[-1] if stated else re.sub(r"\$+", " ", body).strip()
    if kind == "number":
        return _numeric_text(body, math, slot.unit is not None)
    if kind == "expectation":
        matching = [m for m in math if re.search(r"\\mathbb\{E\}|\bE_|𝔼|\\mathop", m)]
        return matching[-1] if matching else None
    if kind == "sampler":
        joined = ", ".join(math)
        has_map = re.search(r"\bg\s*(\([^()]*\)|_\{?\\?\w+\}?\([^()]*\))\s*=|\bx\s*=", joined)
        has_law = re.search(r"(\\sim|∼)\s*(\\mathcal\{?N|N\b|𝒩)|\bp\s*\(\s*z\s*\)\s*=", joined)
        return joined if has_map and has_law else None
    if kind == "prose":  # an explanation keeps what it is about ("Lower bounds: i.i.d. random weights")
        return (f"{unit.label}: {body}" if unit.label and unit.kind == "row" else body) if len(body) >= 15 else None
    if kind == "claims" and math:
        return ", ".join(math)  # one claim per formula: "RMS(h) = Theta(1)", "RMS(dh) = Theta(1)"
    if not math:
        return _plain_value(slot, unit, body)
    # an equation whose left side names this slot's quantity is the answer, wherever it sits in the unit
    named = [formula for formula in math if "=" in formula and names_slot(slot, formula.split("=")[0])]
    last = ends_of_chain(named[-1] if named else math[-1])
    if kind == "formula" and not named and names_other(last) and not names_slot(slot, last.split("=")[0]):
        return None  # "||ΔW||_{RMS→RMS} = η fan_in" gives another quantity, however the words around it read
    if kind == "formula" and re.search(r"\\Theta|\bO\(|Θ", last):
        return None
    return last


def _plain_value(slot: Slot, unit: Unit, body: str) -> str | None:
    """An answer written without math: "Adam LR = 1", "constant (1)", or the words after a named label."""
    plain = re.sub(r"\*\*|\*|`", "", body)
    if slot.variable is not None:
        # "... = 1 ⇒ c = √(π/2)/d_1.": the value the slot's own variable is given, to the end of the statement
        named = list(re.finditer(rf"(?<![\w\\]){re.escape(str(slot.variable))}\s{{0,3}}=\s{{0,3}}([^=⇒;]+?)\s*\.?\s*$",
                                 plain))
        if named:
            return named[-1].group(1).strip()
    # "Adam LR = 1 for hidden weights", but not the 1 of "... = 1 ⇒ c = ..." or "= 1/d_1"
    stated = re.search(r"=\s*(-?\d+(?:\.\d+)?)\b(?!\s*(?:⇒|=>|=|→|\\Rightarrow|\\implies|[-+*/^.\d]\S))", plain) or re.search(r"\((-?\d+(?:\.\d+)?)\)", plain)
    if stated:
        return stated.group(1)
    if unit.label and any(re.search(cue, unit.label, re.I) for cue in slot.cues):
        return plain.strip()
    return None


def _numeric_text(body: str, math: list[str], unit_wanted: bool = False) -> str | None:
    """The stated number: the last one written, or the last one with a unit when the slot has a unit, with a
    bound or formula kept when the number sits inside one ("$\\leq 50$ ns")."""
    body = _WORD_NUMBER.sub(lambda match: str(_WORD_NUMBERS[match.group(0).lower()]), body)
    numbers = list(_NUMBER.finditer(body))
    if not numbers:
        return math[-1] if math and re.search(r"\d", math[-1]) else None
    with_unit = [m for m in numbers if m.group(2) or _UNIT_AFTER.match(_after_math(body, m.end()))]
    chosen = (with_unit if unit_wanted and with_unit else numbers)[-1]
    for span in MATH.finditer(body):
        if span.start() <= chosen.start() < span.end():
            inner = next(g for g in span.groups() if g is not None).strip()
            unit = _UNIT_AFTER.match(body[span.end():])
            return f"{inner} {unit.group(1)}" if unit else inner
    return chosen.group(1) + (f" {chosen.group(2)}" if chosen.group(2) else "")


_WORD_NUMBERS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
# a count written as a word before what it counts ("ten loadmem ops"), not "one of the layers"
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_WORD_NUMBERS) + r")\b(?=\s{1,3}[a-z]{2,}\s{0,3}(?:ops?|operations?|"
                          r"loads?|calls?|steps?|times?|recomputations?|fwds?|loadmems?|ns)\b)", re.I)


def _after_math(body: str, position: int) -> str:
    """The text after ``position``, past a closing ``$``."""
    return body[position:].lstrip("$")


def choose_answers(slots: list[Slot], found: list[Unit], linearised: bool = False,
                   names: set[str] = frozenset()) -> list[SlotAnswer]:
    """One candidate per slot that the turn answers; ``linearised`` text (from a PDF) is read more warily."""
    fits = {(slot.name, unit.position): answer_text(slot, unit, linearised) for slot in slots for unit in found}
    scores = {(slot.name, unit.position): _cue_score(slot, unit) for slot in slots for unit in found}
    best_for_unit = {unit.position: max((scores[(s.name, unit.position)] for s in slots
                                         if fits[(s.name, unit.position)] is not None), default=0)
                     for unit in found}
    chosen = []
    for slot in slots:
        eligible = [unit for unit in found if fits[(slot.name, unit.position)] is not None
                    and scores[(slot.name, unit.position)] >= best_for_unit[unit.position]]
        named = [unit for unit in eligible if scores[(slot.name, unit.position)] > 0]
        pool = named or ([unit for unit in eligible if _unnamed_allowed(slot, unit, len(slots))])
        wider = None if linearised else passage(slot, answer_kind(slot), found,
                                                lambda u, name=slot.name: fits[(name, u.position)])
        if not pool:
            if linearised and len(slots) == 1:
                chosen += _shown_raw(slot, found)
            elif wider is not None:  # no statement names it, but the answer as a whole may make its points
                chosen.append(SlotAnswer(slot, found[0], None, passage=wider))
            continue
        # in a final-answer section the first statement is the answer and later ones are commentary;
        # elsewhere the last statement is the model's latest word
        unit = max(pool, key=lambda u: (u.final, u.boxed, scores[(slot.name, u.position)],
                                        -u.position if u.final else u.position))
        answer = fits[(slot.name, unit.position)]
        if answer_kind(slot) == "expectation" and answer and not _SUBSCRIPTED_E.search(answer):
            unit, answer = _fuller_statement(unit, answer, [(u, fits[(slot.name, u.position)]) for u in pool])
        if unit.kind == "decline":
            chosen.append(SlotAnswer(slot, unit, None, declined=True))
            continue
        if "⟦" in unit.text:  # the PDF reader could not rebuild part of this text: never read as something else
            chosen.append(SlotAnswer(slot, unit, None, "part of this text could not be rebuilt from the PDF's "
                                                       "layout (marked ⟦ ⟧)"))
            continue
        if answer_kind(slot) in ("formula", "number", "growth", "expectation") and torn(unit.text):
            chosen.append(SlotAnswer(slot, unit, None, "its formula is cut into pieces by the text around it "
                                                       "(as when a PDF's math is only partly typeset)"))
            continue
        if linearised and not unit.math:
            trouble = linearised_trouble(unit.text, names)
            if trouble:
                chosen.append(SlotAnswer(slot, unit, None, trouble))
                continue
        chosen.append(SlotAnswer(slot, unit, answer, passage=wider if wider and wider[0] != answer else None))
    return chosen


_SUBSCRIPTED_E = re.compile(r"(?:\\mathbb\{E\}|\bE|𝔼)\s*_")
_DECORATION = re.compile(r"\\(?:left|right|big|Big|bigg|Bigg)(?![A-Za-z])|\\[,;:! ]|\s+")
_E_SUBSCRIPT = re.compile(r"((?:\\mathbb\{E\}|\bE|𝔼))\s*_(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?\w+)")


def _bare(formula: str) -> str:
    """A formula's value with its expectations' subscripts and spacing dropped, to tell a restatement."""
    value = ends_of_chain(formula).split("=")[-1]
    return _DECORATION.sub("", _E_SUBSCRIPT.sub(r"\1", value))


def _fuller_statement(unit: Unit, answer: str, pool: list[tuple[Unit, str | None]]) -> tuple[Unit, str]:
    """An expectation restated without saying what it is over ("a summary table's $\\frac{1}{\\sigma}\\mathbb{E}[..]$")
    is read from where the same formula is stated in full, with its subscript, if the turn has one."""
    fuller = [(other, text) for other, text in pool if other is not unit and text and _SUBSCRIPTED_E.search(text)
              and _bare(text) == _bare(answer)]
    return fuller[-1] if fuller else (unit, answer)


def _shown_raw(slot: Slot, found: list[Unit]) -> list[SlotAnswer]:
    """A part's only slot, answered in a final section whose text lost its math: report it raw."""
    final = [unit for unit in found if unit.final and unit.kind != "list" and not FINAL_HEADING.search(unit.text)]
    if not final:
        return []
    return [SlotAnswer(slot, final[0], None, "the formula could not be rebuilt from the PDF's text layer")]


def _about_dimensions(slot: Slot, text: str) -> bool:
    """Whether a growth statement is about the slot's dimensions ("quadratically in $d_1$", "\\Theta(d_1^2)"),
    not about something else that grows ("its effect grows with the fan-in")."""
    if re.search(r"\\Theta|Θ|\bO\(|\\mathcal\{O\}", text):
        return True
    names = [str(symbol) for symbol in getattr(slot.reference, "free_symbols", ())]
    return not names or any(re.search(_symbol_pattern(name), text) for name in names)


def _symbol_pattern(name: str) -> str:
    """How a dimension's name is written: d_1, d_{1}, d1, d₁."""
    base, _, index = name.partition("_")
    if not index:
        return rf"(?<![A-Za-z\\]){re.escape(base)}(?![A-Za-z])"
    subscript = index.translate(str.maketrans({plain: char for char, plain in SUBSCRIPTS.items()}))
    return rf"(?<![A-Za-z\\]){re.escape(base)}(?:\s{{0,2}}_?\s{{0,2}}\{{?\s{{0,2}}{re.escape(index)}\s{{0,2}}\}}?|{subscript})"


def _unnamed_allowed(slot: Slot, unit: Unit, slot_count: int) -> bool:
    """Without a cue, only a distinctive form (or a part with one slot) identifies the slot: an expectation,
    a sampler, or a growth rate stated as such ("linear in $d_1$")."""
    kind = answer_kind(slot)
    if unit.kind == "decline":
        return False  # a refusal counts only for the question it names
    if kind == "growth":
        return True  # a growth rate stated as such is distinctive (answer_text asks for one)
    return kind in ("expectation", "sampler") or slot_count == 1
