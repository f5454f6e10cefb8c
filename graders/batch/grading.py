"""Grading a class into a run: add the submissions, then grade each distinct answer once, chunk by chunk.

Every chunk of verdicts is committed on its own, so an interrupted run loses at most the chunk in
hand, and the same command finishes it. Before grading, each slot's answer key is fingerprinted;
verdicts graded against another key or grader version are graded again, and the report says how
many of them changed.
"""
from __future__ import annotations

import contextlib
import hashlib
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

from derive.bank.discovery import Bank
from derive.bank.schema import Part
from graders.batch.keys import answer_key, grader_version, slot_fingerprint
from graders.batch.store import AnswerGroup, Run
from graders.batch.submissions import Refusal, SlotCheck, read_submissions
from graders.grading import GradeConfig
from graders.batch.executors import Job, executor


@dataclass(frozen=True)
class BatchConfig:
    """How a class is graded: worker processes, seconds per answer, and answers per committed chunk."""

    workers: int = 1
    timeout: float = 2.0
    chunk: int = 48
    scheduler: str | None = None  # a Dask scheduler's address: grade the chunks on that cluster


@dataclass
class BatchReport:
    """What one ``derive batch`` did."""

    rows: int = 0
    refused: list[Refusal] = field(default_factory=list)
    already_added: bool = False
    graded: int = 0  # distinct answers graded by this call
    regraded: int = 0  # of those, answers graded before against another key or grader version
    changed: int = 0  # of those, verdicts whose status, points or feedback changed
    seconds: float = 0.0


class Instances:
    """Built parts by (part id, instance): each published part once (from the cache), each variant once."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._built: dict[tuple[str, str], Part] = {}
        self._checked: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def instance_of(self, part_id: str, variant: str | None) -> str:
        """The instance a row answers: '' for a part without variants, else its values as JSON."""
        chosen = self.bank.variant_of(part_id, variant)
        return "" if chosen is None else chosen.identity()

    def part(self, part_id: str, instance: str, variant: str | None) -> Part:
        """The part for one instance, built once."""
        if (part_id, instance) not in self._built:
            self._built[(part_id, instance)] = self.bank.instance(part_id, variant)
        return self._built[(part_id, instance)]

    def slot_check(self) -> SlotCheck:
        """Resolve a part as written (``hw3/5c``, or ``5c`` when one set has it) and check its slot exists."""
        ids = self.bank.part_ids()

        def check(part: str, slot: str) -> tuple[str | None, str | None]:
            if (part, slot) not in self._checked:  # a class asks the same few questions thousands of times
                self._checked[(part, slot)] = resolve(part, slot)
            return self._checked[(part, slot)]

        def resolve(part: str, slot: str) -> tuple[str | None, str | None]:
            matches = [part] if part in ids else [pid for pid in ids if pid.partition("/")[2] == part]
            if len(matches) != 1:
                how = "names parts of several sets; write the set too" if matches else "is not a known part"
                return None, f"'{part}' {how} (run 'derive list')"
            names = [known.name for known in self.bank.instance(matches[0]).slots]
            if slot not in names:
                return None, f"{matches[0]} has no slot '{slot}' (slots: {', '.join(names)})"
            return matches[0], None

        return check


def add_submissions(run: Run, data: bytes, name: str, instances: Instances, report: BatchReport) -> None:
    """Add a submissions file to the run once (the same content again adds nothing) and note what was refused."""
    digest = hashlib.sha256(data).hexdigest()
    if run.has_source(digest):
        report.already_added = True
        report.refused = [Refusal(line, reason) for line, reason in run.refusals(digest)]
        return
    submissions, refusals = read_submissions(data, name, instances.slot_check())
    rows = [(row, instances.instance_of(row.part, row.variant), answer_key(row.answer)) for row in submissions]
    run.add_source(digest, name, "submissions", rows, refusals)
    report.rows, report.refused = len(rows), sorted(refusals, key=lambda refusal: refusal.line)


def grade_pending(run: Run, instances: Instances, config: BatchConfig, report: BatchReport,
                  on_start: Callable[[int], None] = lambda total: None,
                  progress: Callable[[int], None] = lambda done: None) -> None:
    """Grade every distinct answer without a current verdict.

    ``on_start`` hears how many there are, ``progress`` how many each committed chunk held.
    """
    started = time.perf_counter()
    version = grader_version()
    work: list[tuple[Part, AnswerGroup]] = []
    fingerprints: dict[tuple[str, str, str], str] = {}
    for part_id, slot_name, instance, variant in run.slot_instances():
        part = instances.part(part_id, instance, variant)
        slot = next((slot for slot in part.slots if slot.name == slot_name), None)
        if slot is None:
            continue  # the key no longer has this slot; its rows stay ungraded and are reported as such
        fingerprint = slot_fingerprint(slot, part.symbols)
        fingerprints[(part_id, slot_name, instance)] = fingerprint
        work += [(part, group) for group in run.pending(part_id, slot_name, fingerprint, version, instance)]
    on_start(len(work))
    chunks = list(_chunks(work, config.chunk))
    jobs = [Job(part.id, [(part.slot(group.slot), group.answer) for group in chunk], part.symbols)
            for part, chunk in chunks]
    with contextlib.closing(executor(GradeConfig(timeout=config.timeout), config.workers, config.scheduler)) as runner:
        for index, verdicts in runner.grade(jobs):
            part, chunk = chunks[index]
            graded = [(group, verdict.for_variant(part.variant)) for group, verdict in zip(chunk, verdicts)]
            for group, verdict in graded:
                before = run.previous(group)
                if before is not None:
                    report.regraded += 1
                    report.changed += (before.status, before.points, before.feedback) != (
                        verdict.status, verdict.points, verdict.feedback)
            run.record(graded, fingerprints, version)
            report.graded += len(chunk)
            progress(len(chunk))
    report.seconds = time.perf_counter() - started


def _chunks(work: list[tuple[Part, AnswerGroup]], size: int) -> Iterator[tuple[Part, list[AnswerGroup]]]:
    """Consecutive answers of one part instance, at most ``size`` at a time."""
    chunk: list[AnswerGroup] = []
    current: Part | None = None
    for part, group in work:
        if chunk and (part is not current or len(chunk) == size):
            yield current, chunk
            chunk = []
        current = part
        chunk.append(group)
    if chunk:
        yield current, chunk
