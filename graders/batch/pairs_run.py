"""An evaluation sweep as a run: (id, reference, model output) pairs graded once per distinct pair, resumably.

The same run file and the same guarantees as a class: a killed sweep is finished by the same
command, identical pairs are compared once, and each pair's verdict echoes its id.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass
from typing import Callable

from graders.batch.grading import BatchConfig, BatchReport
from graders.batch.keys import answer_key, grader_version
from graders.batch.store import Run
from graders.batch.submissions import BAD_TEXT, Refusal, Submission
from graders.grading import GradeConfig
from graders.pairs import PairConfig
from graders.verdict import Verdict
from graders.batch.executors import Job, executor

PART = "compare"  # the rows of a sweep: part "compare", slot the mode, instance the reference


@dataclass(frozen=True)
class Pair:
    """One line of a pairs file."""

    line: int
    row_id: str
    gold: str
    pred: str


def read_pairs(data: bytes) -> tuple[list[Pair], list[Refusal]]:
    """Each JSON line's (id, gold, pred), or its refusal."""
    pairs, refusals = [], []
    text = data.decode("utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            pair = Pair(number, str(row.get("id", number)), str(row["gold"]), str(row["pred"]))
            if any(BAD_TEXT.search(text) for text in (pair.row_id, pair.gold, pair.pred)):
                refusals.append(Refusal(number, f"line {number} has text that is not valid UTF-8 (a lone surrogate)."))
                continue
            pairs.append(pair)
        except (ValueError, KeyError, AttributeError, TypeError, RecursionError) as error:
            reason = f"missing {error}" if isinstance(error, KeyError) else "not a JSON object"
            refusals.append(Refusal(number, f'line {number} is not a usable {{"id", "gold", "pred"}} pair ({reason}).'))
    return pairs, refusals


def _fingerprint(config: PairConfig) -> str:
    return hashlib.sha256(repr(config).encode()).hexdigest()[:16]


def grade_pairs(run: Run, data: bytes, name: str, config: PairConfig, batch: BatchConfig, report: BatchReport,
                progress: Callable[[int], None] = lambda done: None) -> list[Verdict]:
    """Add the pairs (once), grade what has no current verdict, and return every line's verdict in input order."""
    started = time.perf_counter()
    digest = hashlib.sha256(data + repr(config).encode()).hexdigest()
    slot = f"{config.mode}{'' if config.extract else ':as-given'}"
    if run.has_source(digest):
        report.already_added = True
    else:
        pairs, refusals = read_pairs(data)
        rows = [(Submission(pair.line, pair.row_id, "", PART, slot, pair.pred), pair.gold, answer_key(pair.pred))
                for pair in pairs]
        run.add_source(digest, name, "pairs", rows, refusals)
        report.rows = len(rows)
    version, fingerprint = grader_version(), _fingerprint(config)
    work = run.pending(PART, slot, fingerprint, version)
    chunks = [work[start:start + batch.chunk] for start in range(0, len(work), batch.chunk)]
    jobs = [Job(PART, [(group.answer_key[:40], group.instance, group.answer) for group in chunk], pair_config=config)
            for chunk in chunks]
    with contextlib.closing(executor(GradeConfig(timeout=batch.timeout), batch.workers, batch.scheduler)) as runner:
        for index, verdicts in runner.grade(jobs):
            chunk = chunks[index]
            run.record(list(zip(chunk, verdicts)), {(PART, slot, group.instance): fingerprint for group in chunk},
                       version)
            report.graded += len(chunk)
            progress(len(chunk))
    report.seconds = time.perf_counter() - started
    return _in_order(run, digest)


def in_line_order(graded: list[tuple[int, Verdict]], refusals: list[Refusal]) -> list[Verdict]:
    """Verdicts of graded lines and error verdicts of refused ones, in line order."""
    refused = [(refusal.line, Verdict(problem=PART, slot=f"line {refusal.line}", status="error", score=0.0,
                                      points=0.0, max_points=1.0, method="input", feedback=refusal.reason))
               for refusal in refusals]
    return [verdict for _, verdict in sorted(graded + refused, key=lambda item: item[0])]


def _in_order(run: Run, digest: str) -> list[Verdict]:
    """Every line of one file, graded or refused, in line order, with each pair's own id and text."""
    lines: list[tuple[int, Verdict]] = []
    for row in run.graded_rows(digest):
        verdict = Verdict.from_json(row["verdict"]) if row["verdict"] else Verdict(
            problem=PART, slot=row["row_id"], status="needs_review", score=0.0, points=0.0, max_points=1.0,
            method="pending", feedback="Not graded yet: run the same command again.")
        lines.append((row["line"], Verdict.from_json({**verdict.to_json(), "slot": row["row_id"],
                                                      "raw": row["answer"][:200]})))
    refusals = [Refusal(line, reason) for line, reason in run.refusals(digest)]
    return in_line_order(lines, refusals)
