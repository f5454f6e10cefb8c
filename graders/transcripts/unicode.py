"""Unicode math in text extracted from PDFs, rewritten as LaTeX-ish text where the reading is unambiguous.

A symbol whose reading is not clear (a root whose operand could stop at several places)
is left as it is, so a later stage can show it raw instead of guessing.
"""
from __future__ import annotations

import re
import unicodedata

from graders.reading.notation import GREEK, SUBSCRIPTS, SUPERSCRIPTS

__all__ = ["map_unicode_math", "unicode_math_count"]

# Single characters read as a control word; a space follows when a letter comes next.
_WORDS = {
    "∇": "nabla", "∼": "sim", "≤": "le", "≥": "ge", "≦": "le", "≧": "ge", "⩽": "le", "⩾": "ge",
    "∈": "in", "∉": "notin", "∋": "ni", "×": "times", "·": "cdot", "⋅": "cdot", "∙": "cdot",
    "∑": "sum", "∏": "prod", "∫": "int", "∂": "partial", "∞": "infty", "≈": "approx", "≃": "simeq",
    "≠": "ne", "≡": "equiv", "±": "pm", "∓": "mp", "∝": "propto", "→": "to", "⟶": "to",
    "←": "leftarrow", "⇒": "Rightarrow", "⟹": "Rightarrow", "⇔": "Leftrightarrow", "↦": "mapsto",
    "⊤": "top", "⊥": "perp", "ℓ": "ell", "∆": "Delta", "∀": "forall", "∃": "exists",
    "⊂": "subset", "⊆": "subseteq", "∪": "cup", "∩": "cap", "∘": "circ", "⊙": "odot",
    "⊗": "otimes", "⊕": "oplus", "⟨": "langle", "⟩": "rangle", "≪": "ll", "≫": "gg",
    "⌊": "lfloor", "⌋": "rfloor", "⌈": "lceil", "⌉": "rceil", "∅": "emptyset", "¬": "neg",
    "∧": "wedge", "∨": "vee", "†": "dagger",
}
_PLAIN = {"−": "-", "∥": r"\|", "‖": r"\|", "∣": "|", "∗": "*", "′": "'", "″": "''", "‴": "'''"}
_SUP_RUN = re.compile("[" + "".join(SUPERSCRIPTS) + "]+")
_SUB_RUN = re.compile("[" + "".join(SUBSCRIPTS) + "]+")
# LaTeX has no \omicron: an omicron is written o, so it is left as it is.  Σ is decided by _word_for.
_LATEX_GREEK = {letter: name for letter, name in GREEK.items() if name != "omicron" and letter != "Σ"}
# Σ is the sum sign unless what follows shows a matrix or a set: "N(0, Σ)", "Σ = ...", "Σ⁻¹".
_SIGMA_AS_NAME = re.compile(r"[ \t]*(?:$|[)\],;=^∈∼≤≥≈])", re.M)
_STYLES = (("DOUBLE-STRUCK", "mathbb"), ("SCRIPT", "mathcal"), ("FRAKTUR", "mathfrak"), ("BLACK-LETTER", "mathfrak"))
_ROOT = "√"
_ROOT_TOKEN = re.compile(
    r"[ \t]?(?P<tok>\d+(?:\.\d+)?|[A-Za-z](?:_\{\w+\}|_\w|\d+)?|\\[A-Za-z]+(?:_\{\w+\}|_\w|\d+)?)"
    r"(?=[ \t]*(?:$|[)\]},;.:=<>|$]|\\(?:le|ge|in|sim|approx|ne|to|Rightarrow)\b))",
    re.M,
)
_RELATIONS = r"\\(?:le|ge|in|sim|approx|ne|to|Rightarrow|cdot|times|pm)\b"
_ROOT_TERMINATOR = re.compile(r"$|[\s)\]},;.:=<>|$+\-*/^]|\\(?![A-Za-z])|" + _RELATIONS, re.M)
_BRACKETS = {"(": ")", "[": "]", "{": "}"}
_LETTERLIKE = re.compile("[\u2100-\u214f\U0001d400-\U0001d7ff]")
_SYMBOL = re.compile("[" + re.escape("".join({**_WORDS, **_PLAIN, **_LATEX_GREEK, "Σ": ""})) + "]")
_EVIDENCE = re.compile("[" + re.escape("√πµμσθΘΣ∑∇∼≤≥∈∥‖−∂∞≈ℝ" + "".join(SUPERSCRIPTS) + "".join(SUBSCRIPTS))
                       + "\U0001d400-\U0001d7ff]")


def unicode_math_count(text: str) -> int:
    """How many characters of the text are Unicode math symbols that LaTeX would have spelt out."""
    return len(_EVIDENCE.findall(text))


def map_unicode_math(text: str) -> str:
    """Rewrite unambiguous Unicode math as LaTeX-ish text; leave everything else as it is."""
    text = _LETTERLIKE.sub(lambda m: _letterlike(m.group()), text)
    text = _SUP_RUN.sub(lambda m: _script("^", m.group(), SUPERSCRIPTS), text)
    text = _SUB_RUN.sub(lambda m: _script("_", m.group(), SUBSCRIPTS), text)
    text = _symbols(text)
    return _roots(text)


def _letterlike(ch: str) -> str:
    """A mathematical alphanumeric (𝑥, 𝜇, 𝔼, 𝒩, ℝ) as a plain character or a \\mathbb-style command."""
    if ch in _WORDS:
        return ch
    plain = unicodedata.normalize("NFKC", ch)
    if len(plain) != 1 or plain == ch:
        return ch
    name = unicodedata.name(ch, "")
    for marker, command in _STYLES:
        if marker in name and "CAPITAL" in name and plain.isascii():
            return f"\\{command}{{{plain}}}"
    return plain


def _script(mark: str, run: str, table: dict[str, str]) -> str:
    """A run of super- or subscript characters as ^x or ^{xy}; a lone ᵀ is a transpose."""
    body = "".join(table[ch] for ch in run)
    if mark == "^" and body == "T":
        return r"^\top"
    return f"{mark}{body}" if len(body) == 1 else f"{mark}{{{body}}}"


def _symbols(text: str) -> str:
    """Replace single symbols and Greek letters, spacing a control word off a following letter."""
    return _SYMBOL.sub(_symbol, text)


def _symbol(match: re.Match[str]) -> str:
    """One symbol's replacement."""
    ch, text, end = match.group(), match.string, match.end()
    word = _word_for(ch, text, end - 1)
    if word is None:
        return _PLAIN.get(ch, ch)
    following = text[end:end + 1]
    return "\\" + word + (" " if following.isascii() and following.isalpha() else "")


def _word_for(ch: str, text: str, i: int) -> str | None:
    """The control word for one character, or None when it has none."""
    if ch == "Σ":
        return "Sigma" if _SIGMA_AS_NAME.match(text, i + 1) else "sum"
    return _WORDS.get(ch) or _LATEX_GREEK.get(ch)


def _roots(text: str) -> str:
    """√ followed by a clear operand becomes \\sqrt{...}; any other √ stays as it is."""
    return "\n".join(_roots_in_line(line) if _ROOT in line else line for line in text.split("\n"))


def _roots_in_line(line: str) -> str:
    """The roots of one line rewritten where their operand is clear."""
    pairs = _bracket_pairs(line)
    out: list[str] = []
    i = 0
    while (j := line.find(_ROOT, i)) >= 0:
        out.append(line[i:j])
        operand, end = _root_operand(line, j + 1, pairs)
        out.append(_ROOT if operand is None else f"\\sqrt{{{operand}}}")
        i = end
    out.append(line[i:])
    return "".join(out)


def _root_operand(line: str, start: int, pairs: dict[int, int]) -> tuple[str | None, int]:
    """The operand of a root sign at start and where it ends, or (None, start) when unclear."""
    pos = start + 1 if line[start:start + 1] in (" ", "\t") else start
    if line[pos:pos + 1] in _BRACKETS:
        close = pairs.get(pos)
        if close is not None and _ROOT_TERMINATOR.match(line, close + 1):
            return line[pos + 1:close], close + 1
        return None, start
    m = _ROOT_TOKEN.match(line, start)
    return (m.group("tok"), m.end()) if m else (None, start)


def _bracket_pairs(line: str) -> dict[int, int]:
    """Where each bracket of the line that gets closed is closed, in one pass."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for k, ch in enumerate(line):
        if ch in _BRACKETS:
            stack.append(k)
        elif ch in ")]}":
            if stack and _BRACKETS[line[stack[-1]]] == ch:
                pairs[stack.pop()] = k
            else:
                stack.clear()
    return pairs
