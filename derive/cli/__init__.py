"""The ``derive`` command line: the composition root that wires the engine, the graders and the problem sets.

Only this package imports both ``derive`` and ``graders`` (and, through discovery, the problem sets).
"""
from __future__ import annotations

import sys

import click

from derive.bank.errors import AuthoringError
from derive.cli.classes import batch, export
from derive.cli.gradescope import gradescope
from derive.cli.grading import check, compare, grade
from derive.cli.pdf import pdf
from derive.cli.sets import list_command, new, solve, verify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Verified derivations and symbolic auto-grading for math-heavy courses."""
    ctx.obj = {"debug": debug}


for _command in (list_command, new, solve, verify, pdf, grade, compare, check, batch, export, gradescope):
    cli.add_command(_command)


def main() -> None:
    """Entry point: usage errors exit 2, internal errors exit 1 with one line (traceback with --debug)."""
    debug = "--debug" in sys.argv[1:]
    try:
        code = cli.main(standalone_mode=False)  # a command's click.exceptions.Exit(n) comes back as n here
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except AuthoringError as error:  # the problem set's mistake, said like a compiler: file:line: error: ...
        if debug:
            raise
        click.echo(str(error), err=True)
        sys.exit(1)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except Exception as error:  # noqa: BLE001 - the one place that turns any failure into a clean exit
        if debug:
            raise
        click.echo(f"error: {error.__class__.__name__}: {str(error).splitlines()[0] if str(error) else ''}",
                   err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
