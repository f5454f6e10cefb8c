"""Commands for a whole class: grade submissions into a run, export what the run holds."""
from __future__ import annotations

import contextlib
import sys

import click

from derive.cli.registry import summary

from derive.cli.common import MAX_ANSWER_SECONDS, Seconds, bank_option, open_bank, scheduler_option
from derive.user_files import UserFileError, read_user_file

MAX_SHOWN_REFUSALS = 20


def read_input(path: str, limit: int) -> bytes:
    """The bytes of ``path`` ('-' for standard input), a regular file of at most ``limit`` bytes."""
    try:
        return read_user_file(path, limit, "submissions file")
    except UserFileError as error:
        raise click.UsageError(str(error)) from None


@click.command(short_help=summary("batch"))
@click.argument("submissions", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--run", "run_path", required=True, type=click.Path(dir_okay=False),
              help="The run's SQLite file: created when missing; the same command again finishes an interrupted "
                   "run, and regrades only the answers whose key changed.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes grading in parallel.")
@click.option("--timeout", type=Seconds(0.1, MAX_ANSWER_SECONDS), default=2.0, show_default=True,
              help="Seconds allowed per distinct answer; a slower one is left for review.")
@click.option("--quiet", is_flag=True, help="Print nothing but errors and refused rows.")
@scheduler_option
@bank_option
def batch(submissions: str, run_path: str, workers: int, timeout: float, quiet: bool, scheduler: str | None,
          bank_dirs: tuple[str, ...]) -> None:
    """Grade a class's SUBMISSIONS into a run ('-' reads standard input).

    SUBMISSIONS is CSV, TSV or JSON Lines, long form (columns student, part, slot, answer; optional
    variant and id) or wide form (student, then one column per part.slot such as hw3/5c.loaddisk_ns).
    Identical answers to a slot are graded once. A row that cannot be read is refused with its line
    number, and the exit code is 1 when any row was refused.
    """
    from graders.batch.executors import ExecutorError
    from graders.batch.grading import BatchConfig, BatchReport, Instances, add_submissions
    from graders.batch.store import Run, RunError
    from graders.batch.submissions import MAX_BYTES, SubmissionsError

    bank = open_bank(bank_dirs)
    data = read_input(submissions, MAX_BYTES)
    instances, report = Instances(bank), BatchReport()
    try:
        run = Run(run_path)
    except RunError as error:
        raise click.UsageError(str(error)) from None
    with run:
        try:
            add_submissions(run, data, "standard input" if submissions == "-" else submissions, instances, report)
        except SubmissionsError as error:
            raise click.UsageError(str(error)) from None
        for refusal in report.refused[:MAX_SHOWN_REFUSALS]:
            click.echo(f"refused: {refusal.reason}", err=True)
        if len(report.refused) > MAX_SHOWN_REFUSALS:
            click.echo(f"refused: ... and {len(report.refused) - MAX_SHOWN_REFUSALS} more rows", err=True)
        try:
            _grade_with_progress(run, instances, BatchConfig(workers=workers, timeout=timeout, scheduler=scheduler),
                                 report, quiet)
        except ExecutorError as error:
            raise click.UsageError(str(error)) from None
        counts = run.counts()
    if not quiet:
        rate = report.graded / report.seconds if report.seconds > 0 else 0.0
        added = "no new rows (this file was added before)" if report.already_added else f"{report.rows} rows added"
        click.echo(f"{run_path}: {added}; {counts['rows']} rows, {counts['distinct']} distinct answers; graded "
                   f"{report.graded} in {report.seconds:.1f} s ({rate:.1f}/s); regraded {report.regraded} against a "
                   f"changed key, {report.changed} changed; {len(report.refused)} rows refused")
    if report.refused:
        raise click.exceptions.Exit(1)


def _grade_with_progress(run, instances, config, report, quiet: bool) -> None:
    from graders.batch.grading import grade_pending

    if quiet or not sys.stderr.isatty():
        grade_pending(run, instances, config, report)
        return
    with contextlib.ExitStack() as stack:
        bars = []  # the bar's length is known only once the pending answers are counted

        def start(total: int) -> None:
            bars.append(stack.enter_context(click.progressbar(length=total, label="grading", file=sys.stderr,
                                                              show_pos=True, show_eta=True)))

        grade_pending(run, instances, config, report, on_start=start, progress=lambda done: bars[0].update(done))


EXPORT_FORMATS = {"gradebook": "one row per student: each slot's points, part totals, the total (CSV)",
                  "verdicts": "every row's verdict with its id and student echoed (JSON Lines)",
                  "report": "per slot: scores, the most common wrong answers, answers to review (Markdown)",
                  "html": "the report as one HTML page with typeset formulas, readable offline"}


@click.command("export", short_help=summary("export"))
@click.argument("run_path", metavar="RUN", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="gradebook", show_default=True,
              help="; ".join(f"{name}: {summary}" for name, summary in EXPORT_FORMATS.items()) + ".")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write ('-' for standard output).")
@bank_option
def export(run_path: str, fmt: str, output: str, bank_dirs: tuple[str, ...]) -> None:
    """Write what the run RUN holds: a gradebook, the verdicts, or a report of what the class got wrong."""
    from graders.batch import export as exports
    from graders.batch.html import ReportError, report_html
    from graders.batch.store import Run, RunError

    order = open_bank(bank_dirs).part_ids()  # the sets' own part order for columns and sections
    writers = {"gradebook": exports.gradebook_csv, "verdicts": lambda run, _: exports.verdicts_jsonl(run),
               "report": exports.report_markdown, "html": report_html}
    try:
        with Run(run_path) as run:
            text = writers[fmt](run, order)
    except (RunError, ReportError) as error:
        raise click.UsageError(str(error)) from None
    if output == "-":
        click.echo(text, nl=False)
        return
    with open(output, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    click.echo(f"wrote {output}", err=True)
