"""Commands about problem sets: list them, write a new one, solve and verify their parts."""
from __future__ import annotations

import dataclasses
import json
import sys

import click

from derive.cli.registry import summary

from derive.bank.errors import BankError
from derive.cli.common import (TableChoice, bank_option, build_part, format_names, open_bank, render,
                               resolve_targets, variant_option)
from derive.render.records import records_table
from derive.simulation.records import VerifyConfig


@click.command("list", short_help=summary("list"))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@bank_option
def list_command(as_json: bool, bank_dirs: tuple[str, ...]) -> None:
    """List the problem parts in the bank, with where each problem set came from.

    Sets come from installed packages' derive.problem_sets entry points (skipped when
    DERIVE_NO_ENTRY_POINTS=1), the folders on DERIVE_BANK, and every --bank folder.
    """
    bank = open_bank(bank_dirs)
    rows = []
    for name in bank.names():
        for part_id in bank.problem_set(name).part_ids():
            space = bank.variants(part_id)
            rows.append({"problem": part_id, "set": name, "title": bank.title(part_id), "origin": bank.origin(name),
                         "variants": list(space.names) if space else []})
    if as_json:
        click.echo(json.dumps({"problems": rows}, indent=2))
        return
    id_width = max([10] + [len(row["problem"]) for row in rows])
    titles = [row["title"] + (f" [varies {', '.join(row['variants'])}]" if row["variants"] else "") for row in rows]
    title_width = max((len(title) for title in titles), default=0)
    for row, title in zip(rows, titles):
        click.echo(f"{row['problem']:<{id_width}} {title:<{title_width}}  {row['origin']}")


@click.command("new", short_help=summary("new"))
@click.argument("name")
@click.option("--bank", "bank_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The folder to write the set into (created when missing); name it with --bank or DERIVE_BANK "
                   "to use the set.")
@click.option("--title", help="The set's title (default: 'NAME problems').")
def new(name: str, bank_dir: str, title: str | None) -> None:
    """Write a working problem set NAME to edit: one part, a checked derivation, a slot, a Monte Carlo check and
    a test. Never overwrites: an existing NAME folder is an error."""
    from derive.bank.discovery import discover
    from derive.bank.template import write_skeleton

    try:
        known = discover().names()
    except BankError:
        known = []
    if name in known:
        raise click.UsageError(f"a problem set named '{name}' is already installed or on DERIVE_BANK; choose "
                               f"another name (two sets cannot share one).")
    try:
        written = write_skeleton(bank_dir, name, title)
    except (ValueError, FileExistsError, OSError) as error:
        raise click.UsageError(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: derive verify {name} --bank {bank_dir}   (the guide: docs/authoring.md)")


@click.command(short_help=summary("solve"))
@click.argument("targets", nargs=-1, required=True)
@click.option("--format", "fmt", type=TableChoice(format_names("solution")), default="text",
              show_default=True, help="Output format of the worked solution.")
@variant_option
@bank_option
def solve(targets: tuple[str, ...], fmt: str, variant: str | None, bank_dirs: tuple[str, ...]) -> None:
    """Derive PROBLEM (e.g. hw3/1b, or hw3 for every part) step by step, every step checked."""
    bank = open_bank(bank_dirs)
    parts = [build_part(bank, pid, variant) for pid in resolve_targets(bank, targets)]
    click.echo(render(fmt, "solution", parts))


@click.command(short_help=summary("verify"))
@click.argument("targets", nargs=-1)
@click.option("--samples", type=click.IntRange(min=100), default=VerifyConfig.samples, show_default=True,
              help="Monte Carlo samples per check (at least 100, so a band of standard errors means something).")
@click.option("--seed", type=click.IntRange(min=0), default=VerifyConfig.seed, show_default=True,
              help="Seed of the simulations (a non-negative integer).")
@click.option("--band", type=click.FloatRange(min=0, min_open=True), default=VerifyConfig.band, show_default=True,
              help="Accept a closed form within this many standard errors of the simulated mean.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@variant_option
@click.option("--all-variants", is_flag=True,
              help="Derive and check every instance a student may be given, not only the published one.")
@bank_option
def verify(targets: tuple[str, ...], samples: int, seed: int, band: float, as_json: bool, variant: str | None,
           all_variants: bool, bank_dirs: tuple[str, ...]) -> None:
    """Confirm every closed form of PROBLEM(s) by simulation (all parts when none is given).

    Every derivation step is checked as the parts are built; a step that does not follow, or a slot
    that cannot be graded, is reported with its file and line, and the exit code is 1. So is a
    failed simulation.
    """
    if variant is not None and all_variants:
        raise click.UsageError("give --variant KEY or --all-variants, not both.")
    bank = open_bank(bank_dirs)
    config = VerifyConfig(samples=samples, seed=seed, band=band)
    jobs = [(part_id, None) for part_id in resolve_targets(bank, targets)]
    if all_variants:
        jobs = [(part_id, instance) for part_id, _ in jobs for instance in _instances(bank, part_id)]
    records = []
    show_bar = not as_json and sys.stderr.isatty()
    with click.progressbar(jobs, label="verifying", file=sys.stderr, show_pos=True, hidden=not show_bar) as bar:
        for part_id, instance in bar:
            if instance is None:
                records += build_part(bank, part_id, variant).verify(config)
                continue
            built = bank.build_part(part_id, instance)
            records += [dataclasses.replace(record, problem=f"{record.problem} ({instance.describe()})")
                        for record in built.verify(config)]
    passed = sum(r.passed for r in records)
    if as_json:
        click.echo(json.dumps({"checks": [record.to_json() for record in records], "passed": passed,
                               "failed": len(records) - passed}, indent=2))
        _exit_if_failed(passed, len(records))
        return
    click.echo(records_table(records))
    click.echo(f"{passed} passed, {len(records) - passed} failed")
    _exit_if_failed(passed, len(records))


def _instances(bank, part_id: str) -> list:
    """Every instance of a part with variants (or just the published part)."""
    from derive.bank.variants import Variant

    space = bank.variants(part_id)
    if space is None:
        return [None]
    return [Variant(None, values, space.units) for values in space.assignments()]


def _exit_if_failed(passed: int, total: int) -> None:
    if passed < total:
        raise click.exceptions.Exit(1)


