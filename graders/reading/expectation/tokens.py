"""Tokens of answers about expectations under sampling laws, written in LaTeX, Unicode or plain text."""
from __future__ import annotations

from dataclasses import dataclass

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.numbers import check_literal
from graders.reading.notation import (DIVISION_SIGNS, EXPONENT_SUPERSCRIPTS, GREEK, GREEK_COMMANDS, GREEK_NAMES,
                                      MINUS_SIGNS, NAME_SUBSCRIPTS, PRIMES, TIMES_SIGNS, plain_letter)

__all__ = ["ExpectationToken", "is_token", "located", "tokenize_expectation"]


@dataclass(frozen=True)
class ExpectationToken:
    """One token: kind is 'num', 'name', 'func', 'cmd', 'op', 'open', 'close' or 'sep'."""

    kind: str
    text: str
    col: int


def is_token(token: ExpectationToken | None, kind: str, text: str | None = None) -> bool:
    """Whether ``token`` exists and has this kind (and text)."""
    return token is not None and token.kind == kind and (text is None or token.text == text)


def located(message: str, token: ExpectationToken | None) -> ExpectationReadError:
    """An error whose message ends with the column of ``token``."""
    return ExpectationReadError(message + (f" at column {token.col}" if token is not None else ""))


_DIGITS = frozenset("0123456789")
_DECIMAL_POINTS = frozenset("." + d for d in "0123456789")
_SKIPPED = {",", ";", "!", " ", ":", ">", "enspace", "thinspace", "medspace", "thickspace", "left", "right",
            "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr",
            "middle", "displaystyle", "textstyle", "boxed", "mathop", "limits", "nolimits", "[", "]", "(", ")"}
_FUNCTIONS = {name: ("func", name) for name in ("log", "ln", "exp", "sin", "cos", "tan")}
_COMMANDS = {
    "frac": ("cmd", "frac"), "dfrac": ("cmd", "frac"), "tfrac": ("cmd", "frac"), "cfrac": ("cmd", "frac"),
    "sqrt": ("cmd", "sqrt"), "nabla": ("cmd", "nabla"), "partial": ("cmd", "partial"), "sim": ("cmd", "sim"),
    "top": ("cmd", "top"), "intercal": ("cmd", "top"), "cdot": ("op", "*"), "times": ("op", "*"),
    "ast": ("op", "*"), "div": ("op", "/"), "quad": ("sep", "quad"), "qquad": ("sep", "quad"),
    "\\": ("sep", "newline"), "{": ("open", r"\{"), "}": ("close", r"\}"), "|": ("op", "|"),
    "vert": ("op", "|"), "mid": ("op", "|"), "coloneqq": ("op", "="), "pi": ("name", "pi"), **_FUNCTIONS,
}
_WORDS = {
    "and": ("sep", "and"), "where": ("sep", "and"), "nabla": ("cmd", "nabla"), "grad": ("cmd", "nabla"),
    "sqrt": ("cmd", "sqrt"), "Normal": ("cmd", "N"), "pi": ("name", "pi"), **_FUNCTIONS,
    **{name: ("name", name) for name in GREEK_NAMES},
}
_LAW_STARTS = ("N", "p", "q", "\\mathcal", "\\mathscr", "\\operatorname", "\\mathrm", "𝒩")
_FONTS = {"mathbb", "mathbf", "mathrm", "operatorname", "mathcal", "mathscr", "text", "textrm", "mathit",
          "mathsf", "boldsymbol", "bm", "textbf", "textit"}
_UPRIGHT = {"mathrm", "operatorname", "text", "textrm", "mathit", "textbf", "textit"}
_SEPARATOR_TEXT = {"and", "where", "with", "for", ""}
_UNICODE = {
    "∇": ("cmd", "nabla"), "∂": ("cmd", "partial"), "∼": ("cmd", "sim"),
    "⊤": ("cmd", "top"), "ᵀ": ("cmd", "top"), "√": ("cmd", "sqrt"), **dict.fromkeys(DIVISION_SIGNS, ("op", "/")),
    **dict.fromkeys(TIMES_SIGNS, ("op", "*")), **dict.fromkeys(MINUS_SIGNS, ("op", "-")),
    **{c: ("op", c) for c in "+-*/^_=,|"}, ";": ("op", ","),
    **{c: ("open", c) for c in "([{"}, **{c: ("close", c) for c in ")]}"},
}


class _Lexer:
    """One left-to-right pass; only a font's short argument is lexed apart, so nesting stays shallow."""

    def __init__(self, src: str, words: frozenset[str]):
        self.src, self.i, self.tokens = src, 0, []
        self.words: dict[str, list[str]] = {}  # multi-letter words by their first letter
        for word in sorted(words | set(_WORDS), key=len, reverse=True):
            if len(word) > 1 and word.isascii() and word.isalpha():
                self.words.setdefault(word[0], []).append(word)
        self.known = words
        self.bullets = "\n" in src

    def emit(self, kind: str, text: str, col: int) -> None:
        """Add a token found at the 0-based index ``col``."""
        self.tokens.append(ExpectationToken(kind, text, col + 1))

    def run(self) -> list[ExpectationToken]:
        """The tokens of the whole text."""
        self._line_start()
        while self.i < len(self.src):
            self._step()
        return self.tokens

    def _letters_end(self, j: int) -> int:
        """The index just past the run of ASCII letters that starts at ``j``."""
        while j < len(self.src) and self.src[j].isascii() and self.src[j].isalpha():
            j += 1
        return j

    def _spaces_end(self, j: int, spaces: str = " ") -> int:
        """The index just past the run of ``spaces`` that starts at ``j``."""
        while j < len(self.src) and self.src[j] in spaces:
            j += 1
        return j

    def _line_start(self) -> None:
        """Skip a list bullet ('- ', '* ', '• ') at the start of a line of a multi-line answer."""
        j = self._spaces_end(self.i, " \t")
        if self.bullets and self.src[j:j + 2] in ("- ", "* ", "• "):
            self.i = j + 2

    def _step(self) -> None:
        """Read the token (or skip the character) at the current index."""
        src, i = self.src, self.i
        c = src[i]
        if c == "\n":
            self.emit("sep", "newline", i)
            self.i += 1
            self._line_start()
        elif c.isspace() or c in "$&\u200b\ufeff":
            self.i += 1
        elif c == "\\":
            self._command()
        elif c in _DIGITS or src[i:i + 2] in _DECIMAL_POINTS:
            self._number()
        elif c.isascii() and c.isalpha():
            self._word()
        elif c in GREEK:
            self.emit("name", GREEK[c], i)
            self.i += 1
        elif c in EXPONENT_SUPERSCRIPTS or c in NAME_SUBSCRIPTS:
            superscript = c in EXPONENT_SUPERSCRIPTS
            self._script(EXPONENT_SUPERSCRIPTS if superscript else NAME_SUBSCRIPTS, "^" if superscript else "_")
        elif c in PRIMES:
            for _ in PRIMES[c]:
                self.emit("op", "'", i)
            self.i += 1
        elif src.startswith("**", i) or src.startswith(":=", i):
            self.emit("op", "^" if c == "*" else "=", i)
            self.i += 2
        elif c == "~":
            self._tilde()
        elif c in _UNICODE or c == ".":
            self.emit(*_UNICODE.get(c, ("op", c)), i)
            self.i += 1
        else:
            raise ExpectationReadError(f"unexpected character {c!r} at column {i + 1}")

    def _tilde(self) -> None:
        """``x~N(0, 1)`` samples x; elsewhere ``~`` is TeX's unbreakable space."""
        rest = self.src[self.i + 1:self.i + 40].lstrip(" ")
        if self.tokens and self.tokens[-1].kind == "name" and rest.startswith(_LAW_STARTS):
            self.emit("cmd", "sim", self.i)
        self.i += 1

    def _number(self) -> None:
        """A decimal literal, checked for its size."""
        start = j = self.i
        while j < len(self.src) and (self.src[j] in _DIGITS or self.src[j:j + 2] in _DECIMAL_POINTS):
            j += 1
        text = self.src[start:j]
        check_literal(text, start + 1)
        self.emit("num", text, start)
        self.i = j

    def _word(self) -> None:
        """A run of letters: known words whole, anything else one letter at a time (``sigmaz`` is sigma z)."""
        start, j = self.i, self._letters_end(self.i)
        word, k = self.src[start:j], 0
        while k < len(word):
            piece = next((w for w in self.words.get(word[k], ()) if word.startswith(w, k)), word[k])
            self.emit(*_WORDS.get(piece, ("name", piece)), start + k)
            k += len(piece)
        self.i = j

    def _script(self, table: dict[str, str], op: str) -> None:
        """``σ²`` and ``x₁₂`` as ``^{2}`` and ``_{12}``."""
        start = j = self.i
        while j < len(self.src) and self.src[j] in table:
            j += 1
        self.emit("op", op, start)
        self.emit("open", "{", start)
        self.tokens.extend(_Lexer("".join(table[c] for c in self.src[start:j]), frozenset()).run())
        self.emit("close", "}", j - 1)
        self.i = j

    def _command(self) -> None:
        """A backslash command: spacing and sizing are skipped, fonts read their argument."""
        start = self.i
        j = self._letters_end(start + 1)
        if j == start + 1:
            j = min(start + 2, len(self.src))
        name, self.i = self.src[start + 1:j], j
        if name in _SKIPPED:
            if name in ("left", "right") or name.startswith(("big", "Big")):
                self._skip_char(".")
        elif name in ("begin", "end"):
            self._font_argument()
        elif name in _FONTS:
            self._font(name, start)
        elif name in _COMMANDS:
            self.emit(*_COMMANDS[name], start)
        elif name in GREEK_COMMANDS:
            self.emit("name", name[3:] if name.startswith("var") else name, start)
        else:
            raise ExpectationReadError(f"the command \\{name} at column {start + 1} is not supported here")

    def _skip_char(self, char: str) -> None:
        """Skip ``char`` when it comes next, after spaces (the ``.`` of ``\\left.``)."""
        j = self._spaces_end(self.i)
        if self.src[j:j + 1] == char:
            self.i = j + 1

    def _font_argument(self) -> str | None:
        """The text of a font command's argument; None when it holds braces (read it as a group then)."""
        self.i = self._spaces_end(self.i)
        if self.i >= len(self.src):
            raise ExpectationReadError("a font command at the end of the answer has no argument")
        if self.src[self.i] == "{":
            close = self.src.find("}", self.i)
            nested = self.src.find("{", self.i + 1, max(close, 0))
            if close < 0 or nested >= 0:
                return None
            content, self.i = self.src[self.i + 1:close], close + 1
            return content.strip().rstrip("*").strip()
        if self.src[self.i] == "\\":
            j = self._letters_end(self.i + 1)
            content, self.i = self.src[self.i:j], j
            return content
        self.i += 1
        return self.src[self.i - 1]

    def _font(self, font: str, start: int) -> None:
        """A font command: ``\\mathbb{E}``, ``\\mathcal{N}``, ``\\mathbb{1}``, ``\\text{and}``, ``\\mathbf{x}``..."""
        content = self._font_argument()
        if content is None:
            return  # the braces that follow are read as an ordinary group
        if font in ("text", "textrm") and (content.lower() in _SEPARATOR_TEXT or not content.isalpha()):
            self.emit("sep", "and", start)
        elif content == "E":
            self.emit("cmd", "E", start)
        elif content == "N" and font in ("mathcal", "mathscr") or content == "Normal":
            self.emit("cmd", "N", start)
        elif content in ("I", "1") and font in ("mathbb", "mathbf", "mathrm", "boldsymbol", "bm"):
            self.emit("name", "I", start)
        elif font in _UPRIGHT and content.isascii() and content.isalpha() and content not in _WORDS:
            self.emit("name", content, start)
        else:
            self.tokens.extend(ExpectationToken(t.kind, t.text, start + 1) for t in _Lexer(content, self.known).run())


def _simplify(tokens: list[ExpectationToken]) -> list[ExpectationToken]:
    """``{T}`` is ``T``; transposes are dropped, since vectors are read one coordinate at a time."""
    out: list[ExpectationToken] = []
    for token in tokens:
        out.append(token)
        if len(out) >= 3 and out[-1].text == "}" and out[-3].text == "{" and out[-3].kind == "open":
            out[-3:] = [out[-2]]
    kept: list[ExpectationToken] = []
    for token in out:
        if token.text == "top" or (token.kind == "name" and token.text == "T" and kept and kept[-1].text == "^"):
            if kept and kept[-1].text == "^":
                kept.pop()
            continue
        kept.append(token)
    return kept


def tokenize_expectation(text: str, words: frozenset[str] = frozenset()) -> list[ExpectationToken]:
    """The tokens of ``text``; ``words`` are extra multi-letter names read whole in plain text."""
    src = "".join(plain_letter(c) for c in text)
    return _simplify(_Lexer(src, words).run())
