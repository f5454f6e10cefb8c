"""The commands, by name: where each is defined and the one-line summary ``derive --help`` lists.

``derive --help`` prints this table without importing the commands (which load SymPy), so it starts
in a fraction of the time; a command's module is imported when the command runs or shows its own help.
Each command takes its ``short_help`` from here, so the list and the command never disagree.
"""
from __future__ import annotations

COMMANDS: dict[str, tuple[str, str, str]] = {  # name -> (module, attribute, summary)
    "list": ("derive.cli.sets", "list_command", "List the problem parts and where each set came from."),
    "new": ("derive.cli.sets", "new", "Write a working problem set to edit."),
    "solve": ("derive.cli.sets", "solve", "Derive parts step by step, every step checked."),
    "verify": ("derive.cli.sets", "verify", "Confirm every closed form by simulation or replay."),
    "pdf": ("derive.cli.pdf", "pdf", "Typeset worked solutions, or a run's feedback, as PDF."),
    "grade": ("derive.cli.grading", "grade", "Grade an answer to one slot of a part, explained."),
    "compare": ("derive.cli.grading", "compare", "Decide whether an answer states the reference's answer."),
    "check": ("derive.cli.grading", "check", "Grade every attempt in a chat transcript, part by part."),
    "batch": ("derive.cli.classes", "batch", "Grade a class's submissions into a resumable run."),
    "export": ("derive.cli.classes", "export", "Write a run's gradebook, verdicts or report."),
    "gradescope": ("derive.cli.gradescope", "gradescope", "Build or run the Gradescope autograder."),
}


def summary(name: str) -> str:
    """The one-line summary of the command ``name``."""
    return COMMANDS[name][2]
