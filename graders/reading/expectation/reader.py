"""Read answers about expectations under sampling laws into statements whose values are the engine's nodes."""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from graders.reading.errors import ExpectationReadError
from graders.reading.expectation.limits import ExpectationReadConfig, check_text
from graders.reading.expectation.notation import Context, Notation
from graders.reading.expectation.statements import Statement, read_statement, split_statements
from graders.reading.expectation.tokens import tokenize_expectation

__all__ = ["Notation", "ExpectationAnswer", "ExpectationReadConfig", "ExpectationReadError", "Statement",
           "read_expectation_answer"]


@dataclass(frozen=True)
class ExpectationAnswer:
    """The statements of an answer, in source order."""

    statements: tuple[Statement, ...]

    def latex(self) -> str:
        """The statements written back as LaTeX, joined by commas."""
        parts = []
        for statement in self.statements:
            value = sp.latex(statement.value)
            if statement.kind == "base_law":
                parts.append(rf"{statement.lhs_latex or 'z'} \sim {value}")
            else:
                parts.append(f"{statement.lhs_latex} = {value}" if statement.lhs_latex else value)
        return ", ".join(parts)


def read_expectation_answer(text: str, notation: Notation,
                         config: ExpectationReadConfig = ExpectationReadConfig()) -> ExpectationAnswer:
    """Read an answer's statements about expectations under sampling laws, in source order."""
    if not isinstance(text, str):
        raise ExpectationReadError("the answer must be text")
    check_text(text, config)
    statements = _read_statements(text, Context(notation, config))
    if not statements:
        raise ExpectationReadError("the answer is empty")
    for statement in statements:
        if statement.value.has(sp.zoo, sp.nan):
            raise ExpectationReadError("the answer has an undefined value (a division by zero or a log of zero)")
    return ExpectationAnswer(tuple(statements))


def _read_statements(text: str, ctx: Context) -> list[Statement]:
    """The statements of ``text``, with SymPy's and Python's own failures reported as reading errors."""
    try:
        return [read_statement(part, ctx) for part in split_statements(tokenize_expectation(text, ctx.words))]
    except ExpectationReadError:
        raise
    except RecursionError as error:
        raise ExpectationReadError("the answer nests too deeply to read", too_large=True) from error
    except (TypeError, ValueError, ArithmeticError) as error:
        raise ExpectationReadError(f"could not read the answer: {str(error)[:160]}") from error

