"""What a run holds, out: a gradebook CSV, the verdicts as JSON Lines, and a per-slot report of what the class got
wrong.

A student who answered a slot more than once (a later file, a later line) is graded by their last
answer, as a gradebook would keep the last submission.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from graders.batch.store import Run

SHOWN_WRONG = 10  # most common wrong answers per slot in the report


def latest_rows(run: Run) -> list[dict]:
    """Each student's last row per (part, slot), in the order the rows were added."""
    latest: dict[tuple[str, str, str], dict] = {}
    for row in run.graded_rows():
        latest[(row["student"], row["part"], row["slot"])] = row
    return sorted(latest.values(), key=lambda row: row["seq"])


def _slot_order(rows: Iterable[dict], order: Sequence[str]) -> list[tuple[str, str]]:
    """(part, slot) pairs in the set's part order, then first appearance."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        seen.setdefault((row["part"], row["slot"]), row["seq"])
    rank = {part: position for position, part in enumerate(order)}
    return sorted(seen, key=lambda pair: (rank.get(pair[0], len(rank)), pair[0], seen[pair]))


def gradebook_csv(run: Run, part_order: Sequence[str] = ()) -> str:
    """One row per student: each slot's points, each part's total, the total and what it is out of."""
    rows = latest_rows(run)
    slots = _slot_order(rows, part_order)
    parts = list(dict.fromkeys(part for part, _ in slots))
    maximum = {(row["part"], row["slot"]): row["verdict"]["max_points"] for row in rows if row["verdict"]}
    points: dict[str, dict[tuple[str, str], float]] = defaultdict(dict)
    review: Counter[str] = Counter()
    for row in rows:
        verdict = row["verdict"]
        points[row["student"]][(row["part"], row["slot"])] = verdict["points"] if verdict else 0.0
        review[row["student"]] += bool(verdict and verdict["status"] in ("needs_review", "error"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *(f"{part}.{slot}" for part, slot in slots), *(f"{part} total" for part in parts),
                     "total", "max_total", "needs_review"])
    max_total = sum(maximum.get(pair, 0.0) for pair in slots)
    for student in sorted(points):
        earned = points[student]
        cells = ["" if pair not in earned else _number(earned[pair]) for pair in slots]
        totals = [_number(sum(value for (part, _), value in earned.items() if part == name)) for name in parts]
        writer.writerow([student, *cells, *totals, _number(sum(earned.values())), _number(max_total),
                         review[student]])
    return out.getvalue()


def _number(value: float) -> str:
    return f"{value:g}"


def verdicts_jsonl(run: Run) -> str:
    """Every row's verdict, one JSON object a line, with the row's own id, line and student echoed."""
    lines = []
    for row in run.graded_rows():
        verdict = dict(row["verdict"] or {"status": "pending", "feedback": "Not graded yet: run derive batch again."})
        if verdict.get("variant"):
            verdict["variant"] = {**verdict["variant"], "key": row["variant"]}
        lines.append(json.dumps({"id": row["row_id"], "student": row["student"], "line": row["line"],
                                 "part": row["part"], "slot": row["slot"], "answer": row["answer"], **verdict},
                                ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")


@dataclass
class WrongAnswer:
    """One distinct wrong (or undecided) answer: as first written, how many gave it, and what they were told."""

    answer: str
    interpreted_as: str
    count: int
    status: str
    feedback: str


@dataclass
class SlotSummary:
    """How a class did on one slot."""

    part: str
    slot: str
    reference: str
    max_points: float
    answered: int = 0
    statuses: Counter = field(default_factory=Counter)
    scores: Counter = field(default_factory=Counter)
    wrong: list[WrongAnswer] = field(default_factory=list)
    review: list[WrongAnswer] = field(default_factory=list)


def slot_summaries(run: Run, part_order: Sequence[str] = ()) -> list[SlotSummary]:
    """Per slot: statuses, the score distribution, the most common wrong answers, the answers left for review."""
    rows = latest_rows(run)
    summaries: dict[tuple[str, str], SlotSummary] = {}
    groups: dict[tuple[str, str], dict[str, WrongAnswer]] = defaultdict(dict)
    for row in rows:
        verdict = row["verdict"] or {"status": "pending", "score": 0.0, "max_points": 0.0, "reference": "",
                                     "feedback": "not graded yet", "interpreted_as": ""}
        key = (row["part"], row["slot"])
        summary = summaries.setdefault(key, SlotSummary(row["part"], row["slot"], verdict.get("reference", ""),
                                                        verdict.get("max_points", 0.0)))
        summary.answered += 1
        summary.statuses[verdict["status"]] += 1
        summary.scores[round(verdict.get("score", 0.0), 2)] += 1
        if verdict["status"] != "correct":
            found = groups[key].setdefault(row["answer_key"] + "\x00" + verdict["status"], WrongAnswer(
                row["answer"], verdict.get("interpreted_as", ""), 0, verdict["status"], verdict.get("feedback", "")))
            found.count += 1
    for key, summary in summaries.items():
        ranked = sorted(groups[key].values(), key=lambda wrong: -wrong.count)
        summary.wrong = [wrong for wrong in ranked if wrong.status in ("incorrect", "partial", "unparseable",
                                                                        "error")][:SHOWN_WRONG]
        summary.review = [wrong for wrong in ranked if wrong.status in ("needs_review", "pending")]
    return [summaries[pair] for pair in _slot_order(rows, part_order)]


def report_markdown(run: Run, part_order: Sequence[str] = ()) -> str:
    """The per-slot report as Markdown (formulas in ``$...$``)."""
    lines = [f"# Class report: {run.path}", ""]
    for summary in slot_summaries(run, part_order):
        statuses = ", ".join(f"{status} {count}" for status, count in summary.statuses.most_common())
        lines += [f"## {summary.part} · {summary.slot}", "", f"Reference: ${summary.reference}$ · "
                  f"{summary.answered} answers · {statuses}", "", "| score | answers |", "| --- | --- |"]
        lines += [f"| {score:g} | {count} |" for score, count in sorted(summary.scores.items())]
        if summary.wrong:
            lines += ["", "Most common wrong answers:", "", "| answers | written | read as | status | feedback |",
                      "| --- | --- | --- | --- | --- |"]
            lines += [f"| {wrong.count} | `{_cell(wrong.answer)}` | ${_cell(wrong.interpreted_as)}$ | {wrong.status} "
                      f"| {_cell(wrong.feedback)} |" for wrong in summary.wrong]
        if summary.review:
            lines += ["", "Left for a person to review:", ""]
            lines += [f"- {wrong.count} × `{_cell(wrong.answer)}`: {_cell(wrong.feedback)}" for wrong in summary.review]
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|").replace("`", "'")[:300]
