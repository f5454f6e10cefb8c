"""Hostile input on every channel of the command line: a clear verdict per item or one usage error, never a hang,
a lost batch or a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

GOOD = b'{"id": "a", "gold": "x", "pred": "x"}\n'
BAD_PAIR_LINES = [
    b'{"id": "u", "gold": "x\xff", "pred": "x"}',  # bytes that are not UTF-8
    b'{"id": "s", "gold": "\\ud800", "pred": "1"}',  # a lone surrogate escape
    b"[" * 100_000 + b"]" * 100_000,  # nested past any recursion limit
    b'{"id": "n", "gold": null, "pred": null}',  # not strings: never compared "equal to themselves"
    b'{"id": "l", "gold": [1], "pred": [1]}',
    b'{"id": "f", "gold": NaN, "pred": NaN}',
    b'{"id": "o", "gold": {"a": 1}, "pred": {"a": 1}}',
    b"\xff\xfe not json at all",
]


def run(*args: str, stdin: bytes | None = None, env: dict | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], input=stdin, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def test_every_bad_pairs_line_is_its_own_error_and_the_batch_goes_on(tmp_path):
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_bytes(GOOD + b"\n".join(BAD_PAIR_LINES) + b"\n" + GOOD.replace(b'"a"', b'"z"'))
    result = run("compare", "--pairs", str(pairs))
    verdicts = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [v["status"] for v in verdicts] == ["correct"] + ["error"] * len(BAD_PAIR_LINES) + ["correct"]
    assert all(v["method"] == "input" and v["feedback"].startswith(f"line {i} ")
               for i, v in enumerate(verdicts[1:-1], 2))
    assert "must be a string, not null" in verdicts[4]["feedback"]
    assert b"Traceback" not in result.stderr


def test_every_bad_answers_line_is_its_own_error(tmp_path):
    answers = tmp_path / "answers.jsonl"
    answers.write_bytes(b'{"slot": "constant", "answer": "1"}\n' + b'{"slot": "constant", "answer": "\\ud800"}\n'
                        + b"[" * 100_000 + b"\n" + b'{"slot": "constant", "answer": null}\n'
                        + b'{"slot": "constant", "answer": "c = 1/\\\\sqrt{d_1}"}\n')
    result = run("grade", "hw3/1a", "--answers", str(answers))
    verdicts = json.loads(result.stdout)
    assert [v["status"] for v in verdicts] == ["incorrect", "error", "error", "error", "correct"]
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["compare", "--pairs"], ["grade", "hw3/1a", "--answers"], ["check"]])
def test_special_files_are_refused_at_once(args, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for special in ("/dev/zero", str(fifo)):
        result = run(*args, special, timeout=30)  # a read of /dev/zero fills memory; a pipe with no writer blocks
        assert result.returncode == 2
        assert b"not a regular file" in result.stderr


def test_standard_input_is_read_within_its_limit():
    result = run("compare", "--pairs", "-", stdin=GOOD)
    assert json.loads(result.stdout)["status"] == "correct"


@pytest.mark.parametrize("value", ["inf", "nan", "1e9", "-1", "0", "soon"])
def test_timeouts_the_workers_cannot_use_are_usage_errors(value):
    result = run("compare", "1", "1", "--timeout", value)
    assert result.returncode == 2 and b"seconds" in result.stderr


def test_answers_that_look_like_options_go_after_the_separator():
    assert run("compare", "1", "--pairs=/etc/passwd").returncode == 2  # not read as a pairs file
    verdict = json.loads(run("compare", "--json", "--", "1", "--help").stdout)
    assert verdict["status"] != "correct" and verdict["reference"] == "1"


def test_a_strict_terminal_gets_every_verdict_escaped():
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    text = run("compare", "1", "x\udcffy", env=strict)  # an argv byte that was not UTF-8
    assert text.returncode == 0 and b"unparseable" in text.stdout
    as_json = run("compare", "--json", "1", "x\udcffy", env=strict)
    assert json.loads(as_json.stdout)["status"] == "unparseable"


def test_integers_past_pythons_printing_limit_are_compared():
    huge = "9" * 5000
    assert json.loads(run("compare", "--json", "1", huge).stdout)["status"] == "incorrect"
    assert json.loads(run("compare", "--json", huge, huge).stdout)["status"] == "correct"


def test_a_malformed_pdf_is_one_usage_error_without_library_noise(tmp_path):
    broken = tmp_path / "chat.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    result = run("check", str(broken))
    assert result.returncode == 2
    assert [line for line in result.stderr.decode().splitlines() if line.strip()][-1].startswith("Error: ")
    assert b"EOF marker" not in result.stderr


def test_pairs_verdicts_are_given_out_chunk_by_chunk_in_line_order():
    from graders.batch.pairs_run import read_pairs, streamed
    from graders.verdict import Verdict

    lines = [b'{"id": "p%d", "gold": "1", "pred": "1"}' % n if n % 3 else b"not json" for n in range(10)]
    pairs, refusals = read_pairs(b"\n".join(lines))
    batches: list[int] = []

    def compare_many(items):
        batches.append(len(items))
        return [Verdict(problem="compare", slot=row_id, status="correct", score=1.0, points=1.0, max_points=1.0,
                        method="exact", feedback="")
                for row_id, _, _ in items]

    out = streamed(compare_many, pairs, refusals, chunk=2)
    first = [next(out) for _ in range(3)]  # line 1 refused, lines 2 and 3 graded: given out before the rest
    assert batches == [2] and [v.slot for v in first] == ["line 1", "p1", "p2"]
    rest = list(out)
    assert [v.slot for v in first + rest] == [("p%d" % n if n % 3 else f"line {n + 1}") for n in range(10)]
