"""The ``derive`` command line: the composition root that wires the engine, the graders and the problem sets.

Only this package imports both ``derive`` and ``graders`` (and, through discovery, the problem sets).
"""
from __future__ import annotations

import sys

import click

import importlib
import os

from derive.bank.errors import AuthoringError
from derive.cli.registry import COMMANDS


class LazyGroup(click.Group):
    """A group whose commands are imported when one runs: the list in ``--help`` comes from the registry."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS and name not in self.commands:
            module, attribute, _ = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2] if name in COMMANDS else self.commands[name].get_short_help_str())
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Verified derivations and symbolic auto-grading for math-heavy courses."""
    ctx.obj = {"debug": debug}


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


def run() -> None:
    """The ``derive`` program: ``main``, then an exit without tearing the interpreter down.

    Freeing SymPy's caches object by object takes longer than most commands (0.2-0.3 s). Every command
    has closed its files, runs and workers by then; the output streams are flushed here. (``main`` itself
    raises ``SystemExit`` as usual, for callers in the same process.)
    """
    for stream in (sys.stdout, sys.stderr):  # output never fails on content: what the terminal cannot encode
        if hasattr(stream, "reconfigure"):      # (a byte that was not UTF-8 in an answer) is written escaped
            stream.reconfigure(errors="backslashreplace")
    try:
        main()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if done.code is not None and not isinstance(done.code, int):
            print(done.code, file=sys.stderr)
        _finish(code)


def _finish(code: int) -> None:
    processes = sys.modules.get("multiprocessing")
    if processes is not None and processes.active_children():
        sys.exit(code)  # a worker still running: let the interpreter's exit handlers stop it
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        code = code or 1  # a closed pipe: the output did not all arrive
    os._exit(code)
