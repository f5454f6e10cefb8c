"""Feedback for each student of a graded run, as one TeX document: their answers, the verdicts, the solutions.

Per student: each answer exactly as written, what was read, the verdict, the points and the feedback,
then the worked solution (for their own instance of a varied part) of every part where they lost points.
Students are separated by page breaks; one student's document is the same call with one id.
Everything read from the run is untrusted and escaped (``graders.reports.verdict_tex``).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from derive.bank.schema import Part
from derive.typeset.document import document
from derive.typeset.escape import untrusted_text
from derive.typeset.solutions import derivation_block, variant_line
from graders.batch.export import latest_rows
from graders.batch.store import Run
from graders.reports.verdict_tex import verdict_tex

PartLookup = Callable[[str, "str | None"], "Part | None"]  # (part id, variant key) -> the built part, if known


@dataclass(frozen=True)
class FeedbackOptions:
    """How the feedback document is titled, and whether wrong parts get their worked solution."""

    title: str = "Feedback"
    solutions: bool = True
    page_limit: int = 5000


def rows_by_student(run: Run) -> dict[str, list[dict]]:
    """Each student's last row per (part, slot), read from the run once, students sorted."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in latest_rows(run):
        grouped[row["student"]].append(row)
    return dict(sorted(grouped.items()))


def _lost_points(rows: Sequence[dict]) -> bool:
    return any(row["verdict"] is None or row["verdict"]["points"] < row["verdict"]["max_points"] for row in rows)


def _worked_solution(part: Part, rows: Sequence[dict]) -> str:
    """The part's chains up to the last one a missed slot names: a later chain builds on the earlier ones
    (an instance on its general result, a constant on the expectation it normalises)."""
    wrong = {row["slot"] for row in rows if row["verdict"] is None
             or row["verdict"]["points"] < row["verdict"]["max_points"]}
    named = {slot.derivation for slot in part.slots if slot.name in wrong}
    titles = [chain.title for chain in part.derivations]
    last = max((titles.index(title) for title in named if title in titles), default=len(titles) - 1)
    chains = part.derivations if None in named else part.derivations[:last + 1]
    if not chains:
        return ""
    return "\n\n".join([r"\subsubsection*{Worked solution}", *[derivation_block(chain) for chain in chains]])


def _part_block(part_id: str, rows: Sequence[dict], part: Part | None, options: FeedbackOptions) -> str:
    earned = sum(row["verdict"]["points"] for row in rows if row["verdict"])
    available = sum(row["verdict"]["max_points"] for row in rows if row["verdict"])
    title = f"{part_id}  {part.title}" if part is not None else part_id
    blocks = [rf"\subsection*{{{untrusted_text(title, 200)}\hfill {earned:g}/{available:g}}}"]
    if part is not None and part.variant is not None and part.variant.key:
        blocks.append(variant_line(part))
    for row in rows:
        if row["verdict"] is None:
            blocks.append(rf"\textbf{{{untrusted_text(row['slot'], 80)}}}: not graded yet (run "
                          r"\texttt{derive batch} again to finish the run).")
            continue
        blocks.append(verdict_tex(row["verdict"], row["slot"], written=row["answer"]))
    if options.solutions and part is not None and _lost_points(rows):
        blocks.append(_worked_solution(part, rows))
    return "\n\n".join(block for block in blocks if block)


def student_section(student: str, rows: Sequence[dict], part_for: PartLookup, part_order: Sequence[str],
                    options: FeedbackOptions) -> str:
    """One student's feedback: a heading with the total, then a block per part in the set's order."""
    by_part: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_part[row["part"]].append(row)
    rank = {part: position for position, part in enumerate(part_order)}
    ordered = sorted(by_part, key=lambda part: (rank.get(part, len(rank)), part))
    earned = sum(row["verdict"]["points"] for row in rows if row["verdict"])
    available = sum(row["verdict"]["max_points"] for row in rows if row["verdict"])
    review = sum(1 for row in rows if row["verdict"] and row["verdict"]["status"] in ("needs_review", "error"))
    blocks = [rf"\section*{{{untrusted_text(student, 120)}}}",
              rf"\addcontentsline{{toc}}{{section}}{{{untrusted_text(student, 120)}}}",
              rf"\textbf{{Total: {earned:g} of {available:g} points}}"
              + (rf"; {review} answer{'s' if review != 1 else ''} left for a person to review" if review else "")]
    for part_id in ordered:
        part_rows = by_part[part_id]
        blocks.append(_part_block(part_id, part_rows, part_for(part_id, part_rows[0]["variant"]), options))
    return "\n\n".join(blocks)


def feedback_latex(rows_of: Mapping[str, Sequence[dict]], students: Sequence[str], part_for: PartLookup,
                   part_order: Sequence[str] = (), options: FeedbackOptions = FeedbackOptions()) -> str:
    """The feedback document for ``students`` (keys of ``rows_by_student``), a page break between them."""
    missing = [student for student in students if student not in rows_of]
    if missing:
        raise KeyError(f"no rows for student {missing[0]!r} in this run")
    sections = [student_section(student, rows_of[student], part_for, part_order, options) for student in students]
    return document(options.title, "\n\n\\clearpage\n".join(sections), page_limit=options.page_limit,
                    running_head=options.title)
