"""What can go wrong with a problem set, said the way a compiler says it: ``file:line: part: what and why``."""
from __future__ import annotations

import traceback

from derive.source_location import is_authors, shown_path


class BankError(Exception):
    """A problem set that cannot be found, loaded or told apart from another; the message is one sentence."""


class AuthoringError(BankError):
    """A mistake in a problem set's code: a step that does not follow, a slot or variant that cannot work.

    The message reads like a compiler's: ``file:line: error: in part hw3/1a: what is wrong``, with
    details (both sides of a step) on indented lines below.
    """

    def __init__(self, message: str, location: str | None = None, part_id: str | None = None) -> None:
        self.location, self.part_id, self.problem = location, part_id, message
        where = f"{location}: error: " if location else "error: "
        super().__init__(where + (f"in part {part_id}: " if part_id else "") + message)

    def in_part(self, part_id: str) -> "AuthoringError":
        """The same mistake, now also naming the part it was found in."""
        return self if self.part_id else AuthoringError(self.problem, self.location, part_id)


def authoring_error(part_id: str, error: BaseException) -> AuthoringError:
    """The authoring error that ``error``, raised while building ``part_id``, means for the set's author."""
    from derive.derivation import DerivationError, StepCheckError  # here: the command line imports this module

    if isinstance(error, AuthoringError):
        return error.in_part(part_id)
    if isinstance(error, StepCheckError):
        check = error.check
        why = f"{check.outcome}, by {check.method}" + (f": {check.detail}" if check.detail else "")
        verdict = "could not be verified" if check.outcome == "undecided" else "does not follow"
        message = (f"in derivation '{error.title}', step {error.number} ({error.rule}) {verdict} ({why})\n"
                   f"  before: {error.before}\n  after:  {error.after}")
        return AuthoringError(message, error.location, part_id)
    if isinstance(error, DerivationError):
        return AuthoringError(str(error), error.location, part_id)
    frames = traceback.extract_tb(error.__traceback__)
    inside = "" if not frames or is_authors(frames[-1].filename) else (
        " (raised inside derive or a library it uses, called from this line; 'derive --debug ...' shows where)")
    return AuthoringError(f"{type(error).__name__}: {error}{inside}", _raised_at(error), part_id)


def _raised_at(error: BaseException) -> str | None:
    """The last line of the author's own code in the traceback of ``error``."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if is_authors(frame.filename)]
    return f"{shown_path(frames[-1].filename)}:{frames[-1].lineno}" if frames else None

