"""Prose is never a formula: refusing a text that spells ordinary words before any reader makes a product of them.

Readers turn every letter into a variable, so "consistent with the multi-output case" reads as a product of
letters (LaTeX) or of names (plain text), and a grade of it is confidently wrong.  The rule looks at the raw
text in one linear pass: runs of letters outside command names, outside the argument of a command that
names something (``\\mathrm{ns}``, ``\\operatorname{Var}``, ``\\mathbb{E}``, ``\\begin{cases}``) and outside
subscripts and superscripts (``d_{out}``); ``\\text{}`` arguments are read, since words hide there too.  A
run is a word when it is in ``ENGLISH_WORDS`` and is no formula name (a Greek letter, a function of a
reader's tables, a Maxima keyword) and no part of a name the problem declares.  The text is prose when it
holds a word that is not a connective ("for all", "and", "where" join conditions and lists), or a heading:
a run of three letters or more before a colon outside brackets ("Answer: 4", "Soucis : 2,74").

Examples:
    >>> find_prose("consistent with the multi-output case").words
    ('consistent', 'the', 'multi', 'output', 'case')
    >>> find_prose("Soucis : 2,74").heading
    'Soucis'
    >>> find_prose(r"\\operatorname{Var}(x) \\text{ for all } x > 0") is None
    True
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from graders.reading.errors import ProseError
from graders.reading.latex import GRAMMAR_FUNCTIONS
from graders.reading.maxima import DECLARED, MAXIMA_CALLS, PREDICATES
from graders.reading.notation import GREEK, GREEK_COMMANDS
from graders.reading.prose_words import CONNECTIVES, ENGLISH_WORDS
from graders.reading.text.functions import CONSTANTS, FUNCTIONS, GROWTH, PLAIN, ROOTS
from graders.reading.text.grammar import KEYWORDS

__all__ = ["MATH_NAMES", "Prose", "ProseError", "Run", "find_prose", "letter_runs", "refuse_prose"]

# Names formulas use that are also spelled like words, in lower case: never counted as words.
MATH_NAMES = frozenset(name.lower().lstrip("%") for name in (
    *GREEK_COMMANDS, *GRAMMAR_FUNCTIONS, *MAXIMA_CALLS, *DECLARED, *PREDICATES, *CONSTANTS, *FUNCTIONS, *GROWTH,
    *PLAIN, *ROOTS, *KEYWORDS,
    *"""rms var cov corr std prob det trace rank dim ker span deg lim sup inf arg diag matrix transpose sum prod
    mod gcd lcm binom binomial erf erfc softmax relu sigmoid argmax argmin norm mean round root sign
    solve limit set list union intersect setminus exp log ln sqrt abs max min floor ceil true false""".split()))

# Commands whose braced argument is a name, a unit, an environment or a colour, not text to read.
_NAMING_COMMANDS = frozenset("""mathrm mathit mathbf mathsf mathtt mathcal mathbb mathfrak mathscr boldsymbol bm
operatorname variable begin end color textcolor label tag ref eqref unit si SI hspace vspace""".split())
_SCRIPTS = "_^"
_WORD_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_HEADING_LETTERS = 3  # "Answer:", "Soucis :"; a shorter run ("a:b") is a ratio or Maxima's assignment
_SHOWN = 80  # characters of the text quoted back in the feedback
_NAMED = 6  # words named in the feedback


@dataclass(frozen=True)
class Run:
    """A run of letters the readers would read as variables: its text, and whether a colon follows it at the
    top level (a heading)."""

    text: str
    heading: bool


@dataclass(frozen=True)
class Prose:
    """Why a text is prose: the words it spells, and its heading before a colon ("" when none)."""

    words: tuple[str, ...]
    heading: str = ""


def _is_letter(char: str) -> bool:
    """A letter of a word: any alphabet's letter but Greek, which formulas use one at a time."""
    return char.isalpha() and char not in GREEK


def _group_end(text: str, start: int) -> int:
    """The index after the brace group opening at ``start`` (escaped braces skipped), or the end of the text."""
    depth, position = 0, start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        depth += (char == "{") - (char == "}")
        position += 1
        if depth == 0:
            break
    return position


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _after_command(text: str, start: int) -> int:
    """The index after ``\\name`` at ``start``, and after its argument when the command names something."""
    name = start
    while name < len(text) and text[name] == "\\":
        name += 1  # \\left: TeX escaped once more (JSON, Python strings) is still the command
    end = name
    while end < len(text) and text[end].isascii() and text[end].isalpha():
        end += 1
    if end == name:
        return min(name + 1, len(text))  # an escaped character: \{ \, \$, or a line break \\
    if text[name:end] not in _NAMING_COMMANDS:
        return end
    position = _skip_spaces(text, end + (text[end:end + 1] == "*"))
    return _group_end(text, position) if text[position:position + 1] == "{" else end


def _after_script(text: str, start: int) -> int:
    """The index after the subscript or superscript whose ``_`` or ``^`` is at ``start``."""
    position = _skip_spaces(text, start + 1)
    if text[position:position + 1] == "{":
        return _group_end(text, position)
    if text[position:position + 1] == "\\":
        return _after_command(text, position)
    end = position
    while end < len(text) and text[end] in _WORD_LETTERS:
        end += 1
    return end  # d_out, x_1, x^2: the whole name or number; a bracket, x^(n+1), is left to the scan


def letter_runs(text: str) -> Iterator[Run]:
    """The runs of letters of ``text`` that a reader would read as variables, left to right, in one pass."""
    position, depth = 0, 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position = _after_command(text, position)
        elif char in _SCRIPTS:
            position = _after_script(text, position)
        elif _is_letter(char):
            end = position
            while end < len(text) and _is_letter(text[end]):
                end += 1
            after = _skip_spaces(text, end)
            heading = depth == 0 and text[after:after + 1] == ":" and text[after + 1:after + 2] != "="
            if text[end:end + 1] != "_":  # make_less_ineq, fan_in, x_max: the head of a name, not a word
                yield Run(text[position:end], heading)
            position = end
        else:
            depth += (char in "([{") - (char in ")]}")
            position += 1


def _name_parts(names: Iterable[str]) -> frozenset[str]:
    """Every run of letters in the declared names, in lower case: "learning rate" spares "learning" and "rate"."""
    parts = set()
    for name in names:
        parts.update(unicodedata.normalize("NFKC", run.text).lower() for run in letter_runs(name.replace("_", " ")))
        parts.add("".join(char for char in name if _is_letter(char)).lower())
    return frozenset(parts)


def find_prose(text: str, names: Iterable[str] = ()) -> Prose | None:
    """Why ``text`` is words rather than a formula, or None when it may be a formula."""
    spared = _name_parts(names)
    words, heading = [], ""
    for run in letter_runs(text):
        key = unicodedata.normalize("NFKC", run.text).lower()  # 𝑡ℎ𝑒: a PDF prints $the$ in math italic
        if key in MATH_NAMES or key in spared:
            continue
        if key in ENGLISH_WORDS and key not in CONNECTIVES and run.text not in words:
            words.append(run.text)
        heading = heading or (run.text if run.heading and len(key) >= _HEADING_LETTERS else "")
    if not words and not heading:
        return None
    return Prose(tuple(words), heading)


def refuse_prose(text: str, names: Iterable[str] = ()) -> None:
    """Raise ``ProseError`` when ``text`` is words rather than a formula, saying which words."""
    found = find_prose(text, names)
    if found is None:
        return
    shown = " ".join(text.split())
    shown = shown if len(shown) <= _SHOWN else shown[:_SHOWN - 1] + "…"
    reasons = []
    if found.words:
        named = ", ".join(found.words[:_NAMED]) + (", ..." if len(found.words) > _NAMED else "")
        reasons.append(f"the word{'s' if len(found.words) > 1 else ''} {named}")
    if found.heading and found.heading not in found.words:
        reasons.append(f"the heading '{found.heading}:'")
    raise ProseError(f"it reads as words, not a formula: \"{shown}\" has {' and '.join(reasons)}; write the "
                     "formula alone, with any explanation outside the answer", found.words)
