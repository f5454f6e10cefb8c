r"""A worked-solution document: per part the statement, each checked chain, the answer key and the evidence.

A chain is a two-column table: the equalities on the left, aligned on ``=``, each with its rule, its
justification and a check mark naming the method that verified it in a margin column that wraps.  The
answer key lists each slot's reference, the other forms accepted and the points.  The evidence is every
simulation or replay that confirmed a closed form, with a figure per slot that was simulated.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from derive.bank.schema import Part, Slot
from derive.render.expressions import expr_latex, expr_text
from derive.simulation.records import VerifyConfig, VerifyRecord
from derive.typeset.escape import prose, statement_tex, untrusted_text
from derive.typeset.document import TexDocument, document, title_page
from derive.typeset.figures import evidence_figure

_MATH_WIDTH = r"0.58\textwidth"
_NOTE_WIDTH = r"0.36\textwidth"


@dataclass(frozen=True)
class SolutionOptions:
    """What a worked-solution document shows, and how it is titled."""

    title: str = "Worked solutions"
    subtitle: str = ""
    figures: bool = True  # the Monte Carlo evidence drawn, not only tabulated
    key_only: bool = False  # statements and the answer key, no worked steps or evidence (to hand out)
    page_limit: int = 2000


def _note(step) -> str:
    note = rf"\textbf{{{prose(step.rule)}}}: {prose(step.justification)}"
    if step.check is not None:
        mark = r"\verified" if step.check.equal else r"\failed"
        note += rf" {mark}{{{prose(step.check.method)}}}"
    return note


def derivation_block(derivation) -> str:
    """One chain as aligned equalities, with each step's rule, justification and check in a margin column."""
    rows = [rf"\multicolumn{{2}}{{@{{}}l}}{{\textbf{{{prose(derivation.title)}}}}}\\*"]
    for number, step in enumerate(derivation.steps):
        left = rf"\fitmathin{{\linewidth}}{{{derivation.quantity}}}\\*" if number == 0 else ""
        body = rf"\hspace*{{1.2em}}\fitmathin{{\dimexpr\linewidth-1.2em\relax}}{{= {expr_latex(step.expr)}}}"
        rows.append(rf"{left}{body} & {_note(step)} \\")
    table = "\n".join(rows)
    return (rf"\begin{{longtable}}{{@{{}}>{{\raggedright\arraybackslash}}m{{{_MATH_WIDTH}}}"
            rf"@{{\hspace{{0.03\textwidth}}}}>{{\raggedright\arraybackslash\footnotesize}}m{{{_NOTE_WIDTH}}}@{{}}}}"
            "\n"
            f"{table}\n\\end{{longtable}}")


def name_latex(name: str) -> str:
    """An identifier in typewriter type that may break after its underscores (``expected_rms_sq``)."""
    return r"{\small\texttt{" + untrusted_text(name, 200).replace(r"\_", r"\_\allowbreak{}") + "}}"


def _points(value: float) -> str:
    return f"{value:g}"


def _reference_cell(slot: Slot) -> str:
    if slot.key_points:
        items = "".join(rf"\item {prose(point.label)}" for point in slot.key_points)
        return (r"{\footnotesize makes each point:\vspace{-0.6\baselineskip}"
                rf"\begin{{itemize}}\setlength{{\itemsep}}{{0pt}}{items}\end{{itemize}}}}")
    unit = rf" {prose(slot.unit)}" if slot.unit else ""
    plain = untrusted_text(expr_text(slot.reference) + (f" {slot.unit}" if slot.unit else ""), 400)
    return rf"\fitmath{{{expr_latex(slot.reference)}}}{unit}\newline{{\scriptsize\texttt{{{plain}}}}}"


def _accepted_cell(slot: Slot) -> str:
    forms = []
    for alternate in slot.alternates:
        score = "" if alternate.score >= 1 else rf" \emph{{({alternate.score:g} credit)}}"
        forms.append(rf"\fitmath{{{expr_latex(alternate.expr)}}}{score}\newline"
                     rf"{{\scriptsize {prose(alternate.note)}}}")
    mistakes = len(slot.misconceptions)
    if mistakes:
        forms.append(rf"{{\scriptsize {mistakes} known mistake{'s' if mistakes != 1 else ''} recognised, with "
                     rf"feedback}}")
    return r"\newline ".join(forms) if forms else r"{\scriptsize ---}"


def answer_key(part: Part) -> str:
    """The part's slots: name and mode, the reference, the other accepted forms, and the points."""
    rows = [rf"{name_latex(slot.name)}\newline{{\scriptsize {prose(slot.mode)}}} & "
            rf"{_reference_cell(slot)} & {_accepted_cell(slot)} & {_points(slot.points)} \\"
            for slot in part.slots]
    return "\n".join([
        r"\begin{longtable}{@{}L{0.17\textwidth}L{0.37\textwidth}L{0.33\textwidth}R{0.04\textwidth}@{}}",
        r"\toprule \textbf{slot} & \textbf{reference} & \textbf{also accepted} & \textbf{pts}\\ \midrule\endhead",
        *rows,
        r"\bottomrule", r"\end{longtable}",
    ])


def _number(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "---"
    return f"{value:.5g}"


def _evidence_row(record: VerifyRecord) -> str:
    where = ", ".join(f"{name} = {value:g}" if isinstance(value, (int, float)) else f"{name} = {value}"
                      for name, value in record.dims.items())
    if record.method == "monte-carlo":
        found = rf"{_number(record.mc_mean)}\,$\pm$\,{2 * record.mc_stderr:.2g}"
    else:
        found = _number(record.mc_mean)
    result = r"\verified{pass}" if record.passed else r"\failed{}"
    return (rf"{name_latex(record.slot)} & {prose(record.method)} & {prose(where)} & "
            rf"{record.samples:,} & {_number(record.expected)} & {found} & {result} \\")


def evidence_table(records: Sequence[VerifyRecord]) -> str:
    """Every simulation or replay of a part: where, how many samples, the closed form, what was found."""
    return "\n".join([
        r"{\footnotesize",
        r"\begin{longtable}{@{}L{0.17\textwidth}L{0.1\textwidth}L{0.17\textwidth}R{0.07\textwidth}"
        r"R{0.09\textwidth}R{0.16\textwidth}l@{}}",
        r"\toprule \textbf{slot} & \textbf{method} & \textbf{where} & \textbf{samples} & \textbf{closed form} & "
        r"\textbf{found} (${}\pm 2$\,s.e.) & \\ \midrule\endhead",
        *[_evidence_row(record) for record in records],
        r"\bottomrule", r"\end{longtable}}",
    ])


def _evidence(part: Part, records: Sequence[VerifyRecord], figures: Mapping[str, str]) -> str:
    blocks = [r"\subsection*{Evidence}",
              "Each closed form below was confirmed independently of its derivation: by a seeded Monte Carlo "
              "run (the mean within the band of standard errors), by a replay of the process it counts, or "
              "pointwise on random draws."]
    for slot, name in figures.items():
        blocks.append(r"\begin{center}" rf"\includegraphics[width=0.86\textwidth]{{{name}}}\\"
                      rf"{{\footnotesize Slot {name_latex(slot)}: the closed form and the simulated "
                      r"means with two-standard-error bars.}\end{center}")
    blocks.append(evidence_table(records))
    return "\n\n".join(blocks)


def variant_line(part: Part) -> str:
    """The values of the instance a part was built for, as a paragraph (empty without variants)."""
    if part.variant is None:
        return ""
    whose = f"Variant {part.variant.key}" if part.variant.key else "Published values"
    return rf"\textbf{{{prose(whose)}:}} {prose(part.variant.describe())}"


def part_section(part: Part, records: Sequence[VerifyRecord] = (), figures: Mapping[str, str] | None = None,
                 key_only: bool = False) -> str:
    """One part: heading, statement, the checked chains (unless ``key_only``), the answer key, the evidence."""
    blocks = [rf"\section*{{{prose(part.id)}\quad {prose(part.title)}}}",
              rf"\addcontentsline{{toc}}{{section}}{{{prose(part.id)}\quad {prose(part.title)}}}",
              variant_line(part), statement_tex(part.statement)]
    if not key_only:
        blocks.append(r"\subsection*{Worked solution}")
        blocks += [derivation_block(derivation) for derivation in part.derivations]
    blocks += [r"\subsection*{Answer key}", answer_key(part)]
    if records and not key_only:
        blocks.append(_evidence(part, records, figures or {}))
    return "\n\n".join(block for block in blocks if block)


def _summary(parts: Sequence[Part], records: Mapping[str, Sequence[VerifyRecord]], config: VerifyConfig | None,
             key_only: bool) -> list[str]:
    steps = sum(len(d.steps) - 1 for part in parts for d in part.derivations)
    checked = sum(1 for part in parts for d in part.derivations for step in d.steps[1:]
                  if step.check is not None and step.check.equal)
    lines = [rf"{len(parts)} part{'s' if len(parts) != 1 else ''}, "
             rf"{sum(len(part.slots) for part in parts)} answer slots, "
             rf"{sum(slot.points for part in parts for slot in part.slots):g} points."]
    if not key_only:
        lines.append(rf"Every equality in the worked solutions was checked when its step was added: {checked} of "
                     rf"{steps} steps verified, each marked \verified{{method}} with the method that verified it "
                     r"(symbolic simplification, or exact identity testing at random rational points).")
    flat = [record for part_records in records.values() for record in part_records]
    if flat and config is not None:
        failed = sum(not record.passed for record in flat)
        verdict = "all passed" if not failed else rf"\textbf{{{failed} FAILED}}"
        simulated = sum(record.method == "monte-carlo" for record in flat)
        derivatives = sum(record.method == "finite-differences" for record in flat)
        others = len(flat) - simulated - derivatives
        kinds = [rf"{simulated} Monte Carlo simulations ({config.samples:,} samples each, seed {config.seed}, "
                 rf"band {config.band:g} standard errors)"] if simulated else []
        kinds += [f"{derivatives} finite-difference checks of derivatives"] if derivatives else []
        kinds += [f"{others} replays and pointwise checks"] if others else []
        lines.append(rf"Every closed form about random quantities was confirmed independently: {len(flat)} checks, "
                     rf"{'; '.join(kinds)}: {verdict}.")
    return lines


def solutions_document(parts: Sequence[Part], records: Mapping[str, Sequence[VerifyRecord]] | None = None,
                       options: SolutionOptions = SolutionOptions(), config: VerifyConfig | None = None) -> TexDocument:
    """The whole document for ``parts``: a title page, a contents list, then a section per part."""
    records = records or {}
    files: dict[str, bytes] = {}
    sections = []
    for part in parts:
        part_records = [] if options.key_only else list(records.get(part.id, ()))
        figures: dict[str, str] = {}
        if options.figures:
            by_slot: dict[str, list[VerifyRecord]] = defaultdict(list)
            for record in part_records:
                by_slot[record.slot].append(record)
            for slot, slot_records in by_slot.items():
                figure = evidence_figure(slot_records)
                if figure is not None:
                    name = f"figure-{len(files) + 1}.pdf"
                    files[name] = figure
                    figures[slot] = name
        sections.append(part_section(part, part_records, figures, options.key_only))
    subtitle = options.subtitle or ("Answer key" if options.key_only else "Worked solutions, every step verified")
    front = title_page(options.title, subtitle, _summary(parts, records, config, options.key_only)
                       + [r"\vspace{1cm}\small\tableofcontents"])
    body = "\n\n\\clearpage\n".join(sections)
    source = document(options.title, body, page_limit=options.page_limit, title_page=front)
    return TexDocument(source=source, files=files)


def solutions_latex(parts: Sequence[Part]) -> str:
    """The worked solutions of ``parts`` as one complete document, without the simulations (``derive solve``)."""
    title = parts[0].id.split("/")[0] if parts else "Worked solutions"
    return solutions_document(parts, options=SolutionOptions(title=title, figures=False)).source
