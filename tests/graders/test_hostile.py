"""Hostile answers: each ends within the limit with a clear status, nothing runs, other answers survive."""
from __future__ import annotations

import pathlib
import time

import pytest

from graders.grading import GradeConfig
from graders.workers.pool import Grader
from bank import part

CANARY = pathlib.Path("/tmp/derive-canary-must-not-exist")
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def grader():
    with Grader(GradeConfig(timeout=TIMEOUT), workers=2) as pool:
        yield pool


HOSTILE = {
    "python call": f"__import__('os').system('touch {CANARY}')",
    "attribute chain": "().__class__.__bases__[0].__subclasses__()",
    "lambda": "lambda: __import__('os').system('true')",
    "eval": f"eval(\"open('{CANARY}', 'w')\")",
    "tower of tens": r"10^{10^{10}}",
    "tower of nines": r"9^{9^{9^{9}}}",
    "plain tower": "9^9^9^9",
    "huge factorial": "1000000000!",
    "latex factorial": r"(10^{9})!",
    "nested parentheses": "(" * 600 + "1" + ")" * 600,
    "nested braces": r"\frac{" * 300 + "1" + "}{2}" * 300,
    "megabyte": "1+" * 500_000 + "1",
    "input file": r"\input{/etc/passwd}",
    "include file": r"\include{/etc/shadow}",
    "def loop": r"\def\x{\x}\x",
    "newcommand": r"\newcommand{\a}{\a}\a",
    "write18": r"\immediate\write18{touch /tmp/derive-canary-must-not-exist}",
    "unbalanced": r"\frac{1}{\sqrt{d_1}",
    "unicode look-alikes": "ｄ₁ + 𝟐/π",
    "cyrillic": "dі(1−2/π)",
    "control characters": "d_1\x00\x07\x1b[31m",
    "empty": "",
    "whitespace": "   \n\t ",
    "deep subscripts": "d" + "_{d" * 500 + "}" * 500,
}


def test_hostile_answers_end_with_a_clear_status(grader):
    p = part("hw3/1b")
    slot = p.slot("expected_rms_sq")
    items = [(slot, text) for text in HOSTILE.values()] + [(slot, r"d_1+\frac{2}{\pi}d_1(d_1-1)")]
    started = time.monotonic()
    verdicts = grader.grade_many(p.id, items, p.symbols)
    elapsed = time.monotonic() - started
    for (name, _), verdict in zip(HOSTILE.items(), verdicts):
        assert verdict.status in {"unparseable", "incorrect", "needs_review", "error"}, (name, verdict)
        assert verdict.feedback, name
    assert verdicts[-1].status == "correct"  # the honest answer after them still gets its grade
    assert not CANARY.exists()
    # Every answer had its own limit; the whole batch is bounded by that, not by the slowest computation.
    assert elapsed < (TIMEOUT + 1) * len(items)


def test_size_refusals_say_why(grader):
    p = part("hw3/5a")
    slot = p.slot("fwd_ops")
    verdicts = grader.grade_many(p.id, [(slot, r"10^{10^{10}}"), (slot, "1000000000!"), (slot, "1+" * 500_000)],
                                 p.symbols)
    assert [v.status for v in verdicts] == ["unparseable"] * 3
    assert all("too large" in v.feedback or "limit" in v.feedback for v in verdicts)


def test_file_reading_tex_is_refused_by_name(grader):
    p = part("hw3/1a")
    verdict = grader.grade(p.id, p.slot("constant"), r"\input{/etc/passwd}", p.symbols)
    assert verdict.status == "unparseable" and r"\input" in verdict.feedback


def test_a_worker_timeout_is_undecided_not_incorrect():
    p = part("hw3/1b")
    # A millisecond is far less than reading and comparing a text never read before takes (texts already read
    # are cached, and a forked worker inherits the cache), so this one must time out.
    fresh = rf"\frac{{\sqrt{{\pi/2}}}}{{d_1}} + 0 \cdot {time.time_ns()}"
    with Grader(GradeConfig(timeout=0.001)) as grader:
        verdicts = grader.grade_many(p.id, [(p.slot("constant"), fresh)] * 2, p.symbols)
    for verdict in verdicts:
        assert verdict.status == "needs_review" and verdict.method == "timeout" and verdict.reference
        assert "undecided" in verdict.feedback
