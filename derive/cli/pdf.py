"""``derive pdf``: worked-solution documents of parts, or feedback for the students of a graded run."""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import click

from derive.cli.registry import summary

from derive.cli.common import Seconds, bank_option, build_part, open_bank, resolve_targets, variant_option
from derive.simulation.records import VerifyConfig
from derive.typeset.compile import CompileConfig, TexCompileError, TexMissingError, compile_latex
from derive.typeset.document import TexDocument


def write_typeset(document: TexDocument, output: str, fmt: str, config: CompileConfig) -> str:
    """Write ``document`` as a PDF (compiled) or as its .tex with the figures beside it; say what was written."""
    if fmt == "latex":
        return write_tex(document, Path(output))
    try:
        compiled = compile_latex(document.source, document.files, config)
    except TexMissingError as error:
        raise click.ClickException(str(error)) from None
    except TexCompileError as error:
        raise click.ClickException(f"the PDF could not be made: {error}.") from None
    path = compiled.write(output)
    pages = f"{compiled.pages} page{'s' if compiled.pages != 1 else ''}"
    return f"wrote {path} ({pages}; TeX took {compiled.seconds:.1f} s)"


def write_tex(document: TexDocument, path: Path) -> str:
    """The .tex at ``path`` and each figure beside it as ``<stem>-<name>``, the source naming them so."""
    source = document.source
    path.parent.mkdir(parents=True, exist_ok=True)
    for name, data in document.files.items():
        beside = f"{path.stem}-{name}"
        path.with_name(beside).write_bytes(data)
        source = source.replace("{" + name + "}", "{" + beside + "}")
    path.write_text(source, encoding="utf-8")
    figures = f" and {len(document.files)} figure{'s' if len(document.files) != 1 else ''} beside it" \
        if document.files else ""
    return f"wrote {path}{figures}"


@click.command("pdf", short_help=summary("pdf"))
@click.argument("targets", nargs=-1)
@click.option("-o", "--output", required=True, type=click.Path(),
              help="The file to write (FILE.pdf, or FILE.tex with --format latex); with --each-student, a folder.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "latex"]), default="pdf", show_default=True,
              help="pdf compiles with pdflatex; latex writes the complete .tex (and its figures) to compile yourself.")
@variant_option
@click.option("--no-figures", is_flag=True, help="Tabulate the Monte Carlo evidence without drawing it.")
@click.option("--key-only", is_flag=True,
              help="Statements and the answer key only, without the worked steps or the evidence (to hand out).")
@click.option("--samples", type=click.IntRange(min=100), default=VerifyConfig.samples, show_default=True,
              help="Monte Carlo samples per check shown as evidence.")
@click.option("--seed", type=click.IntRange(min=0), default=VerifyConfig.seed, show_default=True,
              help="Seed of the simulations.")
@click.option("--feedback", "run_path", type=click.Path(exists=True, dir_okay=False),
              help="A run graded by 'derive batch': write each student's feedback instead of worked solutions.")
@click.option("--student", "students", multiple=True,
              help="With --feedback: only this student (may be repeated).")
@click.option("--each-student", is_flag=True,
              help="With --feedback: one PDF per student, named after them, in the folder -o names.")
@click.option("--timeout", type=Seconds(1, 3600), default=300, show_default=True,
              help="Seconds allowed to TeX for one document.")
@click.option("--page-limit", type=click.IntRange(min=1, max=100000), default=2000, show_default=True,
              help="Stop a document longer than this many pages.")
@bank_option
def pdf(targets: tuple[str, ...], output: str, fmt: str, variant: str | None, no_figures: bool, key_only: bool,
        samples: int, seed: int, run_path: str | None, students: tuple[str, ...], each_student: bool,
        timeout: float, page_limit: int, bank_dirs: tuple[str, ...]) -> None:
    """Typeset worked solutions of TARGETS (a set such as hw3, or parts such as hw3/5c), every step verified.

    Each part gets its statement, its derivations as chains of checked equalities (the rule, the
    justification and the method that verified each step beside it), the answer key, and the Monte
    Carlo evidence for each closed form. With --feedback RUN.sqlite, the document is each student's
    answers, verdicts and feedback, with the worked solution of every part they lost points on.
    """
    limits = CompileConfig(timeout=timeout, page_limit=page_limit)
    if run_path is not None:
        if targets or variant or no_figures or key_only:
            raise click.UsageError("--feedback makes feedback from a run: give no TARGETS, --variant, --no-figures "
                                   "or --key-only with it.")
        _feedback(run_path, students, each_student, output, fmt, limits, bank_dirs)
        return
    if students or each_student:
        raise click.UsageError("--student and --each-student choose students of a run; give --feedback RUN.sqlite.")
    if not targets:
        raise click.UsageError("name what to typeset (e.g. 'derive pdf hw3 -o hw3.pdf'), or give --feedback RUN.")
    from derive.typeset.solutions import SolutionOptions, solutions_document

    bank = open_bank(bank_dirs)
    part_ids = resolve_targets(bank, targets)
    config = VerifyConfig(samples=samples, seed=seed)
    parts, records = [], {}
    show_bar = sys.stderr.isatty()
    with click.progressbar(part_ids, label="deriving and checking", file=sys.stderr, hidden=not show_bar) as bar:
        for part_id in bar:
            part = build_part(bank, part_id, variant)
            parts.append(part)
            if not key_only:
                records[part.id] = part.verify(config)
    sets = list(dict.fromkeys(part_id.split("/")[0] for part_id in part_ids))
    title = bank.problem_set(sets[0]).title if len(sets) == 1 else ", ".join(sets)
    subtitle = "Answer key" if key_only else "Worked solutions, every step verified"
    if variant is not None:
        subtitle += f", for variant {variant}"
    options = SolutionOptions(title=title, subtitle=subtitle, figures=not no_figures, key_only=key_only,
                              page_limit=page_limit)
    document = solutions_document(parts, records, options, config)
    click.echo(write_typeset(document, output, fmt, limits))
    failed = sum(not record.passed for part_records in records.values() for record in part_records)
    if failed:
        click.echo(f"warning: {failed} simulation check{'s' if failed != 1 else ''} failed; the document marks "
                   f"them FAIL.", err=True)
        raise click.exceptions.Exit(1)


def _feedback(run_path: str, students: tuple[str, ...], each_student: bool, output: str, fmt: str,
              limits: CompileConfig, bank_dirs: tuple[str, ...]) -> None:
    from derive.bank.errors import BankError
    from graders.batch.feedback import FeedbackOptions, feedback_latex, rows_by_student
    from graders.batch.store import Run, RunError

    bank = open_bank(bank_dirs)
    built: dict[tuple[str, str | None], object] = {}

    def part_for(part_id: str, key: str | None):
        if (part_id, key) not in built:
            try:
                built[(part_id, key)] = bank.instance(part_id, key)  # from the cache: no simulations needed
            except BankError:
                built[(part_id, key)] = None  # a part the bank no longer has: verdicts without a solution
        return built[(part_id, key)]

    order = bank.part_ids()
    try:
        run = Run(run_path)
    except RunError as error:
        raise click.UsageError(str(error)) from None
    with run:
        rows_of = rows_by_student(run)
    unknown = [student for student in students if student not in rows_of]
    if unknown:
        raise click.UsageError(f"no student '{unknown[0]}' in {run_path}; it has {len(rows_of)} students.")
    chosen = list(students) or list(rows_of)
    if not chosen:
        raise click.UsageError(f"{run_path} holds no graded rows; grade with 'derive batch' first.")
    if not each_student:
        options = FeedbackOptions(title=f"Feedback: {Path(run_path).stem}", page_limit=limits.page_limit)
        click.echo(write_typeset(TexDocument(feedback_latex(rows_of, chosen, part_for, order, options)), output, fmt,
                                 limits))
        return
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    for student in chosen:
        options = FeedbackOptions(title=f"Feedback for {student}", page_limit=limits.page_limit)
        source = feedback_latex(rows_of, [student], part_for, order, options)
        name = _file_name(student) + (".pdf" if fmt == "pdf" else ".tex")
        click.echo(write_typeset(TexDocument(source), str(folder / name), fmt, limits))


def _file_name(student: str) -> str:
    """A student id as a safe file name: letters, digits and ``. - _ @ +`` kept, the rest '_' (then a hash of the
    id, so two ids never share a file)."""
    safe = re.sub(r"[^A-Za-z0-9._@+-]", "_", student).strip("._")[:80] or "student"
    return safe if safe == student else f"{safe}-{hashlib.sha256(student.encode()).hexdigest()[:8]}"
