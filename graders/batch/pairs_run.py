"""An evaluation sweep as a run: (id, reference, model output) pairs graded once per distinct pair, resumably.

The same run file and the same guarantees as a class: a killed sweep is finished by the same
command, identical pairs are compared once, and each pair's verdict echoes its id.
"""
from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass
from typing import Callable, Iterator

from derive.user_files import json_lines, string_field

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
    """Each JSON line's (id, gold, pred), or its refusal: one bad line, of whatever kind, costs only itself."""
    pairs, refusals = [], []
    usable = 'is not a usable {"id", "gold", "pred"} pair'
    for line in json_lines(data):
        number = line.number
        if line.row is None:
            refusals.append(Refusal(number, f"line {number} {usable}: it {line.problem}."))
            continue
        try:
            pair = Pair(number, string_field(line.row, "id", str(number)), string_field(line.row, "gold"),
                        string_field(line.row, "pred"))
        except ValueError as error:
            refusals.append(Refusal(number, f"line {number} {usable}: {error}."))
            continue
        if any(BAD_TEXT.search(text) for text in (pair.row_id, pair.gold, pair.pred)):
            refusals.append(Refusal(number, f"line {number} {usable}: it holds a NUL character."))
            continue
        pairs.append(pair)
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


def streamed(compare_many: Callable[[list[tuple[str, str, str]]], list[Verdict]], pairs: list[Pair],
             refusals: list[Refusal], chunk: int = 64) -> Iterator[Verdict]:
    """Every line's verdict in line order, given out as each chunk of pairs is graded (so a long sweep's output
    grows as it goes, and what was printed survives an interruption)."""
    waiting = sorted(refusals, key=lambda refusal: refusal.line)
    for start in range(0, len(pairs), chunk):
        batch = pairs[start:start + chunk]
        verdicts = compare_many([(pair.row_id, pair.gold, pair.pred) for pair in batch])
        last = batch[-1].line
        graded = [(pair.line, verdict) for pair, verdict in zip(batch, verdicts)]
        due = [refusal for refusal in waiting if refusal.line <= last]
        waiting = waiting[len(due):]
        yield from in_line_order(graded, due)
    yield from in_line_order([], waiting)


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
