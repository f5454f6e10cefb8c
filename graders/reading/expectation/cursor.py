"""A cursor over a sampling answer's tokens that bounds nesting, and lookups of top-level tokens."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.tokens import ExpectationToken, is_token, located

T = TypeVar("T")
OPEN_CLOSE = {"(": ")", "[": "]", "{": "}", r"\{": r"\}"}


def depth_change(token: ExpectationToken) -> int:
    """How ``token`` changes the bracket depth: +1 opens, -1 closes, 0 otherwise."""
    return (token.kind == "open") - (token.kind == "close")


def top_level(tokens: list[ExpectationToken], kind: str, text: str | None = None) -> list[int]:
    """Indices of the tokens of this kind (and text) outside every bracket."""
    depth, found = 0, []
    for index, token in enumerate(tokens):
        depth += depth_change(token)
        if depth == 0 and is_token(token, kind, text):
            found.append(index)
    return found


def split_at(tokens: list[ExpectationToken], at: list[int]) -> list[list[ExpectationToken]]:
    """The slices of ``tokens`` between the indices ``at``."""
    bounds = [-1, *at, len(tokens)]
    return [tokens[a + 1:b] for a, b in zip(bounds, bounds[1:])]


class Cursor:
    """A position in a token list, and the nesting depth spent so far (recursion is bounded by it)."""

    def __init__(self, tokens: list[ExpectationToken], max_depth: int, depth: int = 0):
        self.tokens, self.max_depth, self.pos, self.depth = tokens, max_depth, 0, depth

    def peek(self, offset: int = 0) -> ExpectationToken | None:
        """The token ``offset`` places ahead, or None past the end."""
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def at(self, kind: str, text: str | None = None, offset: int = 0) -> bool:
        """Whether the token ahead has this kind (and text)."""
        return is_token(self.peek(offset), kind, text)

    def accept(self, kind: str, text: str | None = None) -> bool:
        """Consume the token ahead when it has this kind (and text); say whether it did."""
        if not self.at(kind, text):
            return False
        self.pos += 1
        return True

    def next(self) -> ExpectationToken:
        """Consume one token."""
        token = self.peek()
        if token is None:
            raise ExpectationReadError("the answer stops in the middle of a formula")
        self.pos += 1
        return token

    def deeper(self) -> int:
        """The depth one level below this one, refused past the configured limit."""
        if self.depth >= self.max_depth:
            raise ExpectationReadError(f"the answer nests more than {self.max_depth} levels deep", too_large=True)
        return self.depth + 1

    def descend(self, method: Callable[..., T], *args: Any) -> T:
        """Call ``method`` one nesting level deeper."""
        self.depth = self.deeper()
        try:
            return method(*args)
        finally:
            self.depth -= 1

    def whole(self, method: Callable[..., T]) -> T:
        """Run the unbound method ``method`` on this cursor and insist that it read every token."""
        result = method(self)
        if self.peek() is not None:
            raise located(f"unexpected {self.peek().text!r}", self.peek())
        return result

    def expect_close(self, opener: ExpectationToken) -> None:
        """Consume the bracket that closes ``opener``."""
        if not self.accept("close", OPEN_CLOSE[opener.text]):
            raise located(f"the bracket {opener.text!r} opened at column {opener.col} is not closed", self.peek())

    def subscript(self) -> list[ExpectationToken] | None:
        """The tokens of a subscript ``_s`` or ``_{..}`` when one comes next, else None."""
        return self.script_tokens() if self.accept("op", "_") else None

    def script_tokens(self) -> list[ExpectationToken]:
        """The tokens of a subscript or command argument: one token, or a braced group."""
        if not self.at("open", "{"):
            return [self.next()]
        depth = 0
        for index in range(self.pos, len(self.tokens)):
            depth += depth_change(self.tokens[index])
            if depth == 0:
                if self.tokens[index].text != "}":
                    break
                start, self.pos = self.pos, index + 1
                return self.tokens[start + 1:index]
        raise located("the brace is not closed", self.peek())
