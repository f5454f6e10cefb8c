"""Commands that grade: one part's answers, (reference, answer) pairs, and whole chat transcripts."""
from __future__ import annotations

import json
import sys

import click

from derive.cli.registry import summary

from derive.answer_files import AnswersFileError, answers_from_file
from derive.bank.errors import BankError
from derive.cli.common import (MAX_ANSWER_SECONDS, MAX_INPUT_BYTES, Seconds, TableChoice, bank_option, build_part,
                               format_names, open_bank, pair_mode_names, print_verdicts, read_text_option, render,
                               scheduler_option, variant_option)
from derive.user_files import UserFileError, read_user_file


@click.command(short_help=summary("grade"))
@click.argument("problem")
@click.option("--slot", "slot_name", help="The answer slot to grade (see 'derive solve PROBLEM').")
@click.option("--answer", help="The answer text (LaTeX, plain or Unicode); '-' reads standard input.")
@click.option("--answers", "answers_file", type=click.Path(allow_dash=True),
              help='A JSON Lines file of {"slot", "answer"} objects (- for standard input); prints a JSON list of '
                   'verdicts in input order. A bad line becomes that line\'s error verdict.')
@click.option("--timeout", type=Seconds(0.1, MAX_ANSWER_SECONDS), default=2.0, show_default=True,
              help="Seconds allowed per answer; a slower answer is left undecided.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@variant_option
@bank_option
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
    bank = open_bank(bank_dirs)
    try:
        part_id = bank.resolve_one(problem)
    except BankError as error:
        raise click.UsageError(str(error)) from None
    part = build_part(bank, part_id, variant, for_grading=True)
    if answer is not None:
        try:
            part.slot(slot_name)
        except KeyError as error:
            raise click.UsageError(str(error).strip("'\"")) from error
        rows = [(slot_name, None, read_text_option(answer))]
    else:
        try:
            rows = answers_from_file(read_user_file(answers_file, MAX_INPUT_BYTES, "answers file"), part, answers_file)
        except (AnswersFileError, UserFileError) as error:
            raise click.UsageError(str(error)) from None
    with Grader(GradeConfig(timeout=timeout), warm=answers_file is not None) as grader:
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
    print_verdicts(verdicts, as_json, as_list=answers_file is not None)
    if any(error is not None for _, error, _ in rows):
        raise click.exceptions.Exit(1)  # every verdict is printed, and the exit code says a line was refused


@click.command(short_help=summary("compare"), context_settings={"ignore_unknown_options": True})  # so that '-1' is an answer, not an option
@click.argument("reference", required=False)
@click.argument("answer", required=False)
@click.option("--mode", type=TableChoice(pair_mode_names), default="auto", show_default=True,
              help="How to compare; auto picks by the shape of the reference (see docs/modes.md).")
@click.option("--pairs", "pairs_file", type=click.Path(allow_dash=True),
              help='A JSON Lines file of {"id", "gold", "pred"} strings (- for standard input); prints one verdict '
                   'a line, in input order. A bad line becomes that line\'s error verdict.')
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes for --pairs.")
@click.option("--timeout", type=Seconds(0.1, MAX_ANSWER_SECONDS), default=2.0, show_default=True,
              help="Seconds allowed per pair; a slower pair is left undecided.")
@click.option("--no-extract", is_flag=True, help="Compare the answer as given, without finding its final answer.")
@click.option("--run", "run_path", type=click.Path(dir_okay=False),
              help="With --pairs: keep the verdicts in this SQLite run, so that an interrupted sweep is finished by "
                   "the same command and identical pairs are compared once.")
@scheduler_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def compare(reference: str | None, answer: str | None, mode: str, pairs_file: str | None, workers: int,
            timeout: float, no_extract: bool, run_path: str | None, scheduler: str | None, as_json: bool) -> None:
    """Decide whether ANSWER (a formula or a whole response) states the same answer as REFERENCE.

    Options may come before or after REFERENCE and ANSWER. A REFERENCE or ANSWER that looks like an option
    (--help, --pairs=FILE) goes after '--', where nothing is read as an option: derive compare -- 1 --help.
    """
    from graders.grading import GradeConfig
    from graders.pairs import PairConfig
    from graders.workers.pool import Grader

    if pairs_file is not None and (reference is not None or answer is not None):
        raise click.UsageError("give REFERENCE and ANSWER, or --pairs FILE, not both (an answer that looks like "
                               "an option goes after '--').")
    if pairs_file is None and (reference is None or answer is None):
        raise click.UsageError("give REFERENCE and ANSWER, or --pairs FILE.")
    if (run_path is not None or scheduler is not None) and pairs_file is None:
        raise click.UsageError("--run and --scheduler are for a sweep of --pairs; give --pairs FILE too.")
    if scheduler is not None and run_path is None:
        raise click.UsageError("--scheduler keeps its results in a run; give --run RUN.sqlite too.")
    config = PairConfig(mode=mode, extract=not no_extract)
    if pairs_file is None:
        with Grader(GradeConfig(timeout=timeout)) as grader:
            verdict = grader.compare_many([("1", read_text_option(reference), read_text_option(answer))], config)
        print_verdicts(verdict, as_json)
        return
    from graders.batch.pairs_run import grade_pairs, read_pairs, streamed

    try:
        data = read_user_file(pairs_file, MAX_INPUT_BYTES, "pairs file")
    except UserFileError as error:
        raise click.UsageError(str(error)) from None
    if run_path is None:
        pairs, refusals = read_pairs(data)
        with Grader(GradeConfig(timeout=timeout), workers=workers, warm=True) as grader:
            for verdict in streamed(lambda items: grader.compare_many(items, config), pairs, refusals,
                                    chunk=16 * workers):
                _print_pair_verdict(verdict)
        return
    else:
        from graders.batch.executors import ExecutorError
        from graders.batch.grading import BatchConfig, BatchReport
        from graders.batch.store import Run, RunError

        sweep = BatchConfig(workers=workers, timeout=timeout, scheduler=scheduler)
        try:
            with Run(run_path) as run:
                verdicts = grade_pairs(run, data, pairs_file, config, sweep, BatchReport())
        except (RunError, ExecutorError) as error:
            raise click.UsageError(str(error)) from None
    for verdict in verdicts:
        _print_pair_verdict(verdict)


def _print_pair_verdict(verdict) -> None:
    """One line of JSON, as soon as it is known; the pair's id echoed as "id" (null for a line that was no pair)."""
    click.echo(json.dumps({"id": None if verdict.method == "input" else verdict.slot, **verdict.to_json()},
                          ensure_ascii=False))
    sys.stdout.flush()


@click.command(short_help=summary("check"))
@click.argument("transcript", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--problems", "problem_set",
              help="The problem set the transcript works through (default: the one set known, or the one the "
                   "transcript's part ids and wording match).")
@click.option("--format", "fmt", type=TableChoice(format_names("transcript")), default="markdown",
              show_default=True, help="Report format.")
@click.option("--timeout", type=Seconds(0.1, MAX_ANSWER_SECONDS), default=5.0, show_default=True,
              help="Seconds allowed to grade one answer before it is left for review.")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=1, show_default=True,
              help="Worker processes grading in parallel.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file instead of printing it (needed for --format pdf).")
@variant_option
@bank_option
def check(transcript: str, problem_set: str | None, fmt: str, timeout: float, workers: int, output: str | None,
          variant: str | None, bank_dirs: tuple[str, ...]) -> None:
    """Grade every attempt in a chat transcript (Markdown, PDF text or PDF), part by part.

    TRANSCRIPT is a file, or - to read the chat from standard input; its content, not its name, decides how
    it is read.
    """
    from graders.reports.formats import OUTPUT_FORMATS

    from graders.transcripts.check import TranscriptCheckConfig, check_transcript
    from graders.transcripts.load import TranscriptConfig, TranscriptError, load_transcript, read_transcript_text
    from graders.transcripts.part_names import mentioned_parts

    typeset = OUTPUT_FORMATS[fmt].typeset
    if typeset and output is None:
        raise click.UsageError(f"--format {fmt} writes a file: give -o FILE.{fmt}.")
    bank = open_bank(bank_dirs)
    if problem_set is not None and problem_set not in bank.names():
        raise click.UsageError(f"unknown problem set '{problem_set}'; run 'derive list' to see them.")
    try:
        if transcript == "-":
            limit = TranscriptConfig().max_bytes
            loaded = read_transcript_text(click.get_binary_stream("stdin").read(limit + 1), name="standard input")
        else:
            loaded = load_transcript(transcript)
    except TranscriptError as error:
        raise click.UsageError(str(error)) from None
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        problem_set = problem_set or bank.identify(loaded.text, mentioned_parts)
    except BankError as error:
        raise click.UsageError(str(error)) from None
    parts = bank.built_parts(problem_set) if variant is None else {
        key: build_part(bank, f"{problem_set}/{key}", variant, for_grading=True)
        for key in bank.problem_set(problem_set).parts}
    result = check_transcript("standard input" if transcript == "-" else transcript, loaded.text, parts, TranscriptCheckConfig(timeout=timeout, workers=workers),
                              [(turn.speaker, turn.text) for turn in loaded.labelled_turns],
                              linearised=loaded.linearised)
    result.source = loaded.detected
    report = render(fmt, "transcript", result)
    if typeset:
        from derive.cli.pdf import write_typeset
        from derive.typeset.compile import CompileConfig
        from derive.typeset.document import TexDocument

        click.echo(write_typeset(TexDocument(report), output, "pdf", CompileConfig()))
    elif output is not None:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(report)
        click.echo(f"wrote {output}")
    else:
        click.echo(report)


