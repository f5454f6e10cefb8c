"""What the commands share: opening the bank, building a part, the table-backed choices, printing verdicts."""
from __future__ import annotations

import math
from typing import Callable, Iterable

import click

from derive.bank.discovery import BANK_PATH_VARIABLE, Bank, discover
from derive.bank.errors import AuthoringError, BankError
from derive.bank.schema import Part
from derive.user_files import UserFileError, read_user_file


def open_bank(bank_dirs: tuple[str, ...]) -> Bank:
    """The problem sets of installed packages, of DERIVE_BANK and of every ``--bank`` folder."""
    try:
        return discover(bank_dirs)
    except AuthoringError:
        raise  # the set's own mistake: exit 1 with its file and line, not a usage error
    except BankError as error:
        raise click.UsageError(str(error)) from None


def resolve_targets(bank: Bank, targets: tuple[str, ...]) -> list[str]:
    """Expand ``hw3`` to its parts and check every id exists."""
    try:
        return bank.resolve(targets)
    except BankError as error:
        raise click.UsageError(str(error)) from None


def build_part(bank: Bank, part_id: str, variant: str | None = None, for_grading: bool = False) -> Part:
    """One part, built for ``variant`` (from the cache, without simulations, when only grading needs it).

    A slot naming no grading mode is the author's mistake, reported like a step that does not follow.
    """
    from graders.modes.registry import MODES

    try:
        part = bank.instance(part_id, variant) if for_grading else bank.build_part(part_id, variant)
    except AuthoringError:
        raise
    except BankError as error:
        raise click.UsageError(str(error)) from None
    for slot in part.slots:
        for mode in [slot.mode, *(alternate.mode for alternate in slot.alternates if alternate.mode)]:
            if mode not in MODES:
                raise AuthoringError(f"slot '{slot.name}' has mode '{mode}', which is not a grading mode (modes: "
                                     f"{', '.join(MODES)})", slot.location, part.id)
    return part


variant_option = click.option(
    "--variant", metavar="KEY",
    help="A student id or seed: use that student's numbers for parts with variants (the same key always gives "
         "the same numbers).")

scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS",
    help="Grade on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) instead of local workers; "
         "needs pip install 'derive[dask]'. The run file stays on this machine.")

bank_option = click.option(
    "--bank", "bank_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
    help=f"A folder holding a problem set, or folders of them, to load (their code runs) besides the installed "
         f"sets and those on {BANK_PATH_VARIABLE}; may be repeated.")


class Seconds(click.ParamType):
    """A finite number of seconds within what a worker can be given (``inf``, ``nan`` and ``1e9`` are refused)."""

    name = "seconds"

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        if not math.isfinite(seconds) or not self.low <= seconds <= self.high:
            self.fail(f"{value!r} is not between {self.low:g} and {self.high:g} seconds.", param, ctx)
        return seconds

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return f"SECONDS {self.low:g}..{self.high:g}"


MAX_INPUT_BYTES = 256 * 2**20  # a pairs or answers file: a large evaluation sweep, not a device's endless bytes
MAX_ANSWER_SECONDS = 600.0  # one answer's limit: far beyond any answer worth grading, within a worker's clock


class TableChoice(click.Choice):
    """A choice among the names of a graders' table, read only when needed, so ``derive --help`` stays fast."""

    def __init__(self, load_names: Callable[[], Iterable[str]]) -> None:
        self._load_names = load_names
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._load_names())  # the table as it is now (an extension may have added a line)

    @choices.setter
    def choices(self, value: Iterable[str]) -> None:
        pass  # set by click.Choice.__init__; the table decides


def pair_mode_names() -> Iterable[str]:
    from graders.modes.registry import pair_modes

    return pair_modes()


def format_names(kind: str) -> Callable[[], Iterable[str]]:
    def names() -> Iterable[str]:
        from graders.reports.formats import formats_for

        return formats_for(kind)

    return names


def render(name: str, kind: str, result: object) -> str:
    from graders.reports.formats import render

    return render(name, kind, result)



def read_text_option(value: str) -> str:
    """The option's text, or standard input's for '-' (bounded like any file a user gives)."""
    if value != "-":
        return value
    try:
        return read_user_file("-", MAX_INPUT_BYTES, "answer").decode("utf-8", errors="surrogateescape")
    except UserFileError as error:
        raise click.UsageError(str(error)) from None


def print_verdicts(verdicts: list, as_json: bool, as_list: bool = False) -> None:
    if as_list:  # --answers: always a JSON list in input order, whatever the count
        from graders.reports.verdicts import verdicts_list_json

        click.echo(verdicts_list_json(verdicts))
        return
    click.echo(render("json" if as_json else "text", "verdicts", verdicts))


