"""The ``derive`` command line: the composition root that wires the engine, the graders and the problem sets."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Callable, Iterable

import click

from derive.bank.discovery import BANK_PATH_VARIABLE, Bank, discover
from derive.bank.errors import AuthoringError, BankError
from derive.answer_files import answers_from_file
from derive.bank.schema import Part
from derive.render.records import records_table
from derive.simulation.records import VerifyConfig


def _open_bank(bank_dirs: tuple[str, ...]) -> Bank:
    """The problem sets of installed packages, of DERIVE_BANK and of every ``--bank`` folder."""
    try:
        return discover(bank_dirs)
    except BankError as error:
        raise click.UsageError(str(error)) from None


def _resolve(bank: Bank, targets: tuple[str, ...]) -> list[str]:
    """Expand ``hw3`` to its parts and check every id exists."""
    try:
        return bank.resolve(targets)
    except BankError as error:
        raise click.UsageError(str(error)) from None


def _build(bank: Bank, part_id: str, variant: str | None = None) -> Part:
    """One part, built for ``variant``; a slot naming no grading mode is the author's mistake, like a bad step."""
    from graders.modes.registry import MODES

    try:
        part = bank.build_part(part_id, variant)
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


_variant_option = click.option(
    "--variant", metavar="KEY",
    help="A student id or seed: use that student's numbers for parts with variants (the same key always gives "
         "the same numbers).")

_bank_option = click.option(
    "--bank", "bank_dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
    help=f"A folder holding a problem set, or folders of them, to load (their code runs) besides the installed "
         f"sets and those on {BANK_PATH_VARIABLE}; may be repeated.")


class _TableChoice(click.Choice):
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


def _pair_modes() -> Iterable[str]:
    from graders.modes.registry import pair_modes

    return pair_modes()


def _formats_for(kind: str) -> Callable[[], Iterable[str]]:
    def names() -> Iterable[str]:
        from graders.reports.formats import formats_for

        return formats_for(kind)

    return names


def _render(name: str, kind: str, result: object) -> str:
    from graders.reports.formats import render

    return render(name, kind, result)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Verified derivations and symbolic auto-grading for math-heavy courses."""
    ctx.obj = {"debug": debug}


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@_bank_option
def list_command(as_json: bool, bank_dirs: tuple[str, ...]) -> None:
    """List the problem parts in the bank, with where each problem set came from.

    Sets come from installed packages' derive.problem_sets entry points (skipped when
    DERIVE_NO_ENTRY_POINTS=1), the folders on DERIVE_BANK, and every --bank folder.
    """
    bank = _open_bank(bank_dirs)
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


@cli.command("new")
@click.argument("name")
@click.option("--bank", "bank_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="The folder to write the set into (created when missing); name it with --bank or DERIVE_BANK "
                   "to use the set.")
@click.option("--title", help="The set's title (default: 'NAME problems').")
def new(name: str, bank_dir: str, title: str | None) -> None:
    """Write a working problem set NAME to edit: one part, a checked derivation, a slot, a Monte Carlo check and
    a test. Never overwrites: an existing NAME folder is an error."""
    from derive.bank.template import write_skeleton

    try:
        written = write_skeleton(bank_dir, name, title)
    except (ValueError, FileExistsError, OSError) as error:
        raise click.UsageError(str(error)) from None
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: derive verify {name} --bank {bank_dir}   (the guide: docs/authoring.md)")


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--format", "fmt", type=_TableChoice(_formats_for("solution")), default="text",
              show_default=True, help="Output format of the worked solution.")
@_variant_option
@_bank_option
def solve(targets: tuple[str, ...], fmt: str, variant: str | None, bank_dirs: tuple[str, ...]) -> None:
    """Derive PROBLEM (e.g. hw3/1b, or hw3 for every part) step by step, every step checked."""
    bank = _open_bank(bank_dirs)
    parts = [_build(bank, pid, variant) for pid in _resolve(bank, targets)]
    click.echo(_render(fmt, "solution", parts))


@cli.command()
@click.argument("targets", nargs=-1)
@click.option("--samples", type=click.IntRange(min=100), default=VerifyConfig.samples, show_default=True,
              help="Monte Carlo samples per check (at least 100, so a band of standard errors means something).")
@click.option("--seed", type=click.IntRange(min=0), default=VerifyConfig.seed, show_default=True,
              help="Seed of the simulations (a non-negative integer).")
@click.option("--band", type=click.FloatRange(min=0, min_open=True), default=VerifyConfig.band, show_default=True,
              help="Accept a closed form within this many standard errors of the simulated mean.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@_variant_option
@_bank_option
def verify(targets: tuple[str, ...], samples: int, seed: int, band: float, as_json: bool, variant: str | None,
           bank_dirs: tuple[str, ...]) -> None:
    """Confirm every closed form of PROBLEM(s) by simulation (all parts when none is given).

    Every derivation step is checked as the parts are built; a step that does not follow, or a slot
    that cannot be graded, is reported with its file and line, and the exit code is 1. So is a
    failed simulation.
    """
    bank = _open_bank(bank_dirs)
    config = VerifyConfig(samples=samples, seed=seed, band=band)
    part_ids = _resolve(bank, targets)
    records = []
    show_bar = not as_json and sys.stderr.isatty()
    with click.progressbar(part_ids, label="verifying", file=sys.stderr, show_pos=True,
                           hidden=not show_bar) as bar:
        for part_id in bar:
            records += _build(bank, part_id, variant).verify(config)
    passed = sum(r.passed for r in records)
    if as_json:
        click.echo(json.dumps({"checks": [asdict(r) for r in records], "passed": passed,
                               "failed": len(records) - passed}, indent=2))
        _exit_if_failed(passed, len(records))
        return
    click.echo(records_table(records))
    click.echo(f"{passed} passed, {len(records) - passed} failed")
    _exit_if_failed(passed, len(records))


def _exit_if_failed(passed: int, total: int) -> None:
    if passed < total:
        raise click.exceptions.Exit(1)


def _read_text_option(value: str) -> str:
    return sys.stdin.read() if value == "-" else value


def _print_verdicts(verdicts: list, as_json: bool, as_list: bool = False) -> None:
    if as_list:  # --answers: always a JSON list in input order, whatever the count
        from graders.reports.verdicts import verdicts_list_json

        click.echo(verdicts_list_json(verdicts))
        return
    click.echo(_render("json" if as_json else "text", "verdicts", verdicts))


@cli.command()
@click.argument("problem")
@click.option("--slot", "slot_name", help="The answer slot to grade (see 'derive solve PROBLEM').")
@click.option("--answer", help="The answer text (LaTeX, plain or Unicode); '-' reads standard input.")
@click.option("--answers", "answers_file", type=click.Path(exists=True, dir_okay=False),
              help='A JSON Lines file of {"slot", "answer"} objects; prints a JSON list of verdicts in input order.')
@click.option("--timeout", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="Seconds allowed per answer; a slower answer is left undecided.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@_variant_option
@_bank_option
def grade(problem: str, slot_name: str | None, answer: str | None, answers_file: str | None, timeout: float,
          as_json: bool, variant: str | None, bank_dirs: tuple[str, ...]) -> None:
    """Grade an answer to one slot of PROBLEM (e.g. hw3/1b), explaining the verdict."""
    from graders.grading import GradeConfig
    from graders.workers.pool import Grader
    from graders.verdict import Verdict

    if (answer is None) == (answers_file is None):
        raise click.UsageError("give either --slot with --answer, or --answers FILE.")
    if answer is not None and not slot_name:
        raise click.UsageError("--answer needs --slot; run 'derive solve PROBLEM' to see the slots.")
    bank = _open_bank(bank_dirs)
    try:
        part_id = bank.resolve_one(problem)
    except BankError as error:
        raise click.UsageError(str(error)) from None
    part = _build(bank, part_id, variant)
    if answer is not None:
        try:
            part.slot(slot_name)
        except KeyError as error:
            raise click.UsageError(str(error).strip("'\"")) from error
        rows = [(slot_name, None, _read_text_option(answer))]
    else:
        rows = answers_from_file(answers_file, part)
    with Grader(GradeConfig(timeout=timeout)) as grader:
        good = [(part.slot(name), text) for name, error, text in rows if error is None]
        graded = iter(grader.grade_many(part.id, good, part.symbols))
    verdicts = []
    for name, error, _ in rows:
        if error is None:
            verdicts.append(next(graded).for_variant(part.variant))
        else:
            points = next((slot.points for slot in part.slots if slot.name == name), 0.0)
            verdicts.append(Verdict(problem=part.id, slot=name, status="error", score=0.0, points=0.0,
                                    max_points=points, method="input", feedback=error))
    _print_verdicts(verdicts, as_json, as_list=answers_file is not None)


@cli.command(context_settings={"ignore_unknown_options": True})  # so that '-1' is an answer, not an option
@click.argument("reference", required=False)
@click.argument("answer", required=False)
@click.option("--mode", type=_TableChoice(_pair_modes), default="auto", show_default=True,
              help="How to compare; auto picks by the shape of the reference (see docs/modes.md).")
@click.option("--pairs", "pairs_file", type=click.Path(exists=True, dir_okay=False),
              help='A JSON Lines file of {"id", "gold", "pred"}; prints one verdict a line, in input order.')
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes for --pairs.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=2.0, show_default=True,
              help="Seconds allowed per pair; a slower pair is left undecided.")
@click.option("--no-extract", is_flag=True, help="Compare the answer as given, without finding its final answer.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def compare(reference: str | None, answer: str | None, mode: str, pairs_file: str | None, workers: int,
            timeout: float, no_extract: bool, as_json: bool) -> None:
    """Decide whether ANSWER (a formula or a whole response) states the same answer as REFERENCE."""
    from graders.grading import GradeConfig
    from graders.pairs import PairConfig
    from graders.verdict import Verdict
    from graders.workers.pool import Grader

    if (pairs_file is None) == (reference is None or answer is None):
        raise click.UsageError("give REFERENCE and ANSWER, or --pairs FILE.")
    config = PairConfig(mode=mode, extract=not no_extract)
    if pairs_file is None:
        with Grader(GradeConfig(timeout=timeout)) as grader:
            verdict = grader.compare_many([("1", _read_text_option(reference), _read_text_option(answer))], config)
        _print_verdicts(verdict, as_json)
        return
    triples, problems_by_position = [], {}
    with open(pairs_file, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                triples.append((str(row.get("id", number)), str(row["gold"]), str(row["pred"])))
            except (ValueError, KeyError, AttributeError, TypeError) as error:
                reason = f"missing {error}" if isinstance(error, KeyError) else "not a JSON object"
                problems_by_position[len(triples) + len(problems_by_position)] = (
                    f"line {number}", f'line {number} is not a usable {{"id", "gold", "pred"}} pair ({reason}).')
    with Grader(GradeConfig(timeout=timeout), workers=workers) as grader:
        graded = iter(grader.compare_many(triples, config))
    for position in range(len(triples) + len(problems_by_position)):
        if position in problems_by_position:
            identifier, message = problems_by_position[position]
            verdict = Verdict(problem="compare", slot=identifier, status="error", score=0.0, points=0.0,
                              max_points=1.0, method="input", feedback=message)
        else:
            verdict = next(graded)
        click.echo(_render("jsonl", "verdicts", [verdict]))


@cli.command()
@click.argument("transcript", type=click.Path(exists=True, dir_okay=False))
@click.option("--problems", "problem_set",
              help="The problem set the transcript works through (default: the one set known, or the one the "
                   "transcript's part ids and wording match).")
@click.option("--format", "fmt", type=_TableChoice(_formats_for("transcript")), default="markdown",
              show_default=True, help="Report format.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds allowed to grade one answer before it is left for review.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes grading in parallel.")
@_bank_option
def check(transcript: str, problem_set: str | None, fmt: str, timeout: float, workers: int,
          bank_dirs: tuple[str, ...]) -> None:
    """Grade every attempt in a chat transcript (Markdown, PDF text or PDF), part by part."""
    from graders.transcripts.check import TranscriptCheckConfig, check_transcript
    from graders.transcripts.load import TranscriptError, load_transcript
    from graders.transcripts.segment import mentioned_parts

    bank = _open_bank(bank_dirs)
    if problem_set is not None and problem_set not in bank.names():
        raise click.UsageError(f"unknown problem set '{problem_set}'; run 'derive list' to see them.")
    try:
        loaded = load_transcript(transcript)
    except TranscriptError as error:
        raise click.UsageError(str(error)) from None
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        problem_set = problem_set or bank.identify(loaded.text, mentioned_parts)
    except BankError as error:
        raise click.UsageError(str(error)) from None
    parts = bank.built_parts(problem_set)
    result = check_transcript(transcript, loaded.text, parts, TranscriptCheckConfig(timeout=timeout, workers=workers),
                              [(turn.speaker, turn.text) for turn in loaded.labelled_turns],
                              linearised=loaded.linearised)
    click.echo(_render(fmt, "transcript", result))


def main() -> None:
    """Entry point: usage errors exit 2, internal errors exit 1 with one line (traceback with --debug)."""
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
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
