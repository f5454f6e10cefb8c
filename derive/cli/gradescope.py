"""``derive gradescope``: build the autograder zip for a problem set, and run inside Gradescope's autograder."""
from __future__ import annotations

import pathlib

import click

from derive.cli.registry import summary

from derive.bank.errors import BankError
from derive.cli.common import MAX_ANSWER_SECONDS, Seconds, bank_option, open_bank, resolve_targets


@click.group(short_help=summary("gradescope"))
def gradescope() -> None:
    """Grade on Gradescope: 'build' the autograder zip, which calls 'run' for every submission."""


@gradescope.command("build")
@click.argument("targets", metavar="SET_OR_PARTS", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The zip to write.")
@click.option("--timeout", type=Seconds(0.1, MAX_ANSWER_SECONDS), default=5.0, show_default=True,
              help="Seconds allowed per answer.")
@click.option("--visibility", type=click.Choice(["visible", "hidden", "after_due_date", "after_published"]),
              default="visible", show_default=True, help="When students see their results.")
@bank_option
def build(targets: tuple[str, ...], output: str, timeout: float, visibility: str, bank_dirs: tuple[str, ...]) -> None:
    """Write the autograder zip for a set (or some of its parts): upload it as a Gradescope autograder."""
    from graders.batch.gradescope import AutograderConfig
    from graders.batch.packaging import build_autograder

    bank = open_bank(bank_dirs)
    parts = resolve_targets(bank, targets)
    names = {part_id.partition("/")[0] for part_id in parts}
    if len(names) != 1:
        raise click.UsageError("an autograder grades one problem set; name parts of one set.")
    name = names.pop()
    found = bank.found(name)
    own_folder = None if found.origin.startswith("entry point") else found.source
    written = build_autograder(pathlib.Path(output), AutograderConfig(name, tuple(parts), timeout, visibility),
                               own_folder)
    click.echo(f"wrote {output} ({len(written)} files): {len(parts)} parts of {name}; upload it as the assignment's "
               f"autograder (Gradescope: Configure Autograder, zip file upload).")


@gradescope.command("run")
@click.option("--root", default="/autograder", show_default=True, type=click.Path(file_okay=False),
              help="Gradescope's autograder folder: source/, submission/ and results/ are inside it.")
@bank_option
def run(root: str, bank_dirs: tuple[str, ...]) -> None:
    """Grade the submission in ROOT/submission and write ROOT/results/results.json (run_autograder calls this)."""
    from graders.batch.gradescope import CONFIG_NAME, grade_submission, write_results

    folder = pathlib.Path(root)
    if not (folder / "source" / CONFIG_NAME).is_file():
        raise click.UsageError(f"{folder / 'source' / CONFIG_NAME} is missing; build the zip with "
                               f"'derive gradescope build'.")
    try:
        results = grade_submission(folder, open_bank(bank_dirs))
    except BankError as error:
        raise click.UsageError(str(error)) from None
    path = write_results(folder, results)
    click.echo(f"wrote {path}: {results['score']:g} points")
