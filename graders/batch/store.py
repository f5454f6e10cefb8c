"""A grading run in one SQLite file (WAL): every answer row, every distinct answer's verdict, and what it was graded
against.

Rows are added in one transaction per submissions file, and verdicts in one transaction per chunk,
so a process killed at any moment leaves a consistent run; running the same command again adds
nothing twice and grades only what has no current verdict. A verdict is current while the answer
key it was graded against (its fingerprint) and the grader version are unchanged.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Iterable, Iterator

from graders.batch.submissions import Refusal, Submission
from graders.verdict import Verdict

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    digest TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, rows INTEGER NOT NULL,
    refused INTEGER NOT NULL, added REAL NOT NULL);
CREATE TABLE IF NOT EXISTS rows (
    seq INTEGER PRIMARY KEY, source TEXT NOT NULL REFERENCES sources(digest), line INTEGER NOT NULL,
    row_id TEXT NOT NULL, student TEXT NOT NULL, part TEXT NOT NULL, slot TEXT NOT NULL, variant TEXT,
    instance TEXT NOT NULL, answer TEXT NOT NULL, answer_key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS rows_by_answer ON rows (part, slot, instance, answer_key);
CREATE INDEX IF NOT EXISTS rows_by_student ON rows (student, part, slot);
CREATE TABLE IF NOT EXISTS refusals (
    source TEXT NOT NULL, line INTEGER NOT NULL, student TEXT, reason TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS verdicts (
    part TEXT NOT NULL, slot TEXT NOT NULL, instance TEXT NOT NULL, answer_key TEXT NOT NULL,
    key_fingerprint TEXT NOT NULL, grader_version TEXT NOT NULL, verdict TEXT NOT NULL,
    graded_at REAL NOT NULL, gradings INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (part, slot, instance, answer_key));
"""


class RunError(ValueError):
    """A file that is not a grading run, or a run made by an incompatible version; one sentence."""


@dataclass(frozen=True)
class AnswerGroup:
    """One distinct answer to one slot of one instance: graded once for every row that gave it."""

    part: str
    slot: str
    instance: str
    answer_key: str
    answer: str  # the first row's text, as written


class Run:
    """An open grading run."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL survives a killed process
            self.db.executescript(SCHEMA)
            stored = self.db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as error:
            raise RunError(f"{path} is not a grading run ({error}).") from None
        if stored is None:
            self.db.execute("INSERT INTO meta VALUES ('schema', ?), ('created', ?)", (SCHEMA_VERSION, str(time.time())))
        elif stored[0] != SCHEMA_VERSION:
            raise RunError(f"{path} was written by another version of derive (run format {stored[0]}); start a new "
                           f"run file.")

    def close(self) -> None:
        """Close the database (the run stays on disk)."""
        self.db.close()

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def has_source(self, digest: str) -> bool:
        """Whether a submissions file with this content was already added."""
        return self.db.execute("SELECT 1 FROM sources WHERE digest = ?", (digest,)).fetchone() is not None

    def add_source(self, digest: str, name: str, kind: str, rows: Iterable[tuple[Submission, str, str]],
                   refusals: Iterable[Refusal]) -> None:
        """Add one file's rows (each with its instance and normalised answer) and refusals, all or nothing."""
        rows, refusals = list(rows), list(refusals)
        with self._transaction():
            self.db.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                            (digest, name, kind, len(rows), len(refusals), time.time()))
            self.db.executemany(
                "INSERT INTO rows (source, line, row_id, student, part, slot, variant, instance, answer, answer_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(digest, row.line, row.row_id, row.student, row.part, row.slot, row.variant, instance, row.answer,
                  answer_key) for row, instance, answer_key in rows])
            self.db.executemany("INSERT INTO refusals VALUES (?, ?, ?, ?)",
                                [(digest, refusal.line, refusal.student, refusal.reason) for refusal in refusals])

    def refusals(self, digest: str) -> list[tuple[int, str]]:
        """(line, reason) of every refused row of one file."""
        return self.db.execute("SELECT line, reason FROM refusals WHERE source = ? ORDER BY line", (digest,)).fetchall()

    def slot_instances(self) -> list[tuple[str, str, str, str | None]]:
        """Every (part, slot, instance, a variant key selecting it) that rows answer."""
        return self.db.execute("SELECT part, slot, instance, MIN(variant) FROM rows GROUP BY part, slot, instance "
                               "ORDER BY MIN(seq)").fetchall()

    def pending(self, part: str, slot: str, fingerprint: str, version: str,
                instance: str | None = None) -> list[AnswerGroup]:
        """The distinct answers to a slot (one instance of it, when given) without a current verdict, most
        frequent first."""
        one_instance = " AND r.instance = ?" if instance is not None else ""  # keeps the index on instance
        found = self.db.execute(
            "SELECT r.instance, r.answer_key, MIN(r.answer) FROM rows r "
            "LEFT JOIN verdicts v ON v.part = r.part AND v.slot = r.slot AND v.instance = r.instance "
            "AND v.answer_key = r.answer_key AND v.key_fingerprint = ? AND v.grader_version = ? "
            f"WHERE r.part = ? AND r.slot = ?{one_instance} AND v.part IS NULL "
            "GROUP BY r.instance, r.answer_key ORDER BY COUNT(*) DESC, MIN(r.seq)",
            (fingerprint, version, part, slot, *((instance,) if instance is not None else ()))).fetchall()
        return [AnswerGroup(part, slot, found_instance, key, answer) for found_instance, key, answer in found]

    def previous(self, group: AnswerGroup) -> Verdict | None:
        """The verdict this answer had before (graded against an older key), if any."""
        row = self.db.execute("SELECT verdict FROM verdicts WHERE part = ? AND slot = ? AND instance = ? AND "
                              "answer_key = ?", (group.part, group.slot, group.instance, group.answer_key)).fetchone()
        return Verdict.from_json(json.loads(row[0])) if row else None

    def record(self, graded: Iterable[tuple[AnswerGroup, Verdict]], fingerprint_of: dict, version: str) -> None:
        """Store verdicts, one transaction for the lot (a chunk): kept whole or not at all."""
        now = time.time()
        with self._transaction():
            self.db.executemany(
                "INSERT INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) "
                "ON CONFLICT (part, slot, instance, answer_key) DO UPDATE SET key_fingerprint = excluded.key_fingerprint, grader_version = excluded.grader_version, "
                "verdict = excluded.verdict, graded_at = excluded.graded_at, gradings = gradings + 1",
                [(group.part, group.slot, group.instance, group.answer_key,
                  fingerprint_of[(group.part, group.slot, group.instance)], version,
                  json.dumps(verdict.to_json()), now) for group, verdict in graded])

    def graded_rows(self, source: str | None = None) -> Iterator[dict]:
        """Every row (of one source, when given) with its verdict (None while ungraded), in the order added."""
        query = ("SELECT r.seq, r.line, r.row_id, r.student, r.part, r.slot, r.variant, r.instance, r.answer, "
                 "r.answer_key, v.verdict FROM rows r LEFT JOIN verdicts v ON v.part = r.part AND "
                 "v.slot = r.slot AND v.instance = r.instance AND v.answer_key = r.answer_key "
                 + ("WHERE r.source = ? " if source else "") + "ORDER BY r.seq")
        names = ("seq", "line", "row_id", "student", "part", "slot", "variant", "instance", "answer", "answer_key",
                 "verdict")
        for values in self.db.execute(query, (source,) if source else ()):
            row = dict(zip(names, values))
            row["verdict"] = json.loads(row["verdict"]) if row["verdict"] else None
            yield row

    def counts(self) -> dict[str, int]:
        """Rows, refused rows, distinct answers and verdicts in the run."""
        return {"rows": self._count("SELECT COUNT(*) FROM rows"),
                "refused": self._count("SELECT COUNT(*) FROM refusals"),
                "distinct": self._count("SELECT COUNT(*) FROM (SELECT DISTINCT part, slot, instance, answer_key "
                                        "FROM rows)"),
                "verdicts": self._count("SELECT COUNT(*) FROM verdicts")}

    def _count(self, query: str) -> int:
        return self.db.execute(query).fetchone()[0]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
