"""Reading a class's submissions: long and wide forms, CSV, TSV and JSON Lines, and every way a file goes wrong."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from graders.batch.submissions import SubmissionsError, read_submissions

PARTS = {"hw3/5c": ("loaddisk_ns",), "hw3/1b": ("expected_rms_sq", "constant")}


def check(part: str, slot: str):
    part_id = part if part in PARTS else f"hw3/{part}" if f"hw3/{part}" in PARTS else None
    if part_id is None:
        return None, f"'{part}' is not a known part"
    return (part_id, None) if slot in PARTS[part_id] else (None, f"{part_id} has no slot '{slot}'")


def read(text: str | bytes, name: str = "class.csv"):
    return read_submissions(text.encode() if isinstance(text, str) else text, name, check)


def test_long_csv_with_aliases_variant_and_row_ids():
    rows, refused = read("Student ID,Problem,Slot,Response,Variant,id\n"
                         "alice,hw3/5c,loaddisk_ns,50 ns,,r1\n"
                         'bob,5c,loaddisk_ns,"t \\le 50, say",bob@x,r2\n')
    assert not refused
    assert [(r.student, r.part, r.slot, r.answer, r.variant, r.row_id, r.line) for r in rows] == [
        ("alice", "hw3/5c", "loaddisk_ns", "50 ns", None, "r1", 2),
        ("bob", "hw3/5c", "loaddisk_ns", "t \\le 50, say", "bob@x", "r2", 3)]


def test_tsv_and_json_lines_read_the_same_rows():
    tsv, _ = read("student\tpart\tslot\tanswer\nalice\thw3/5c\tloaddisk_ns\t50\n", "class.tsv")
    jsonl, _ = read(json.dumps({"student": "alice", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": "50"}) + "\n",
                    "class.jsonl")
    assert [(r.student, r.part, r.slot, r.answer) for r in tsv] == [(r.student, r.part, r.slot, r.answer)
                                                                   for r in jsonl] == [("alice", "hw3/5c",
                                                                                        "loaddisk_ns", "50")]


def test_wide_form_has_one_column_per_part_slot_and_skips_blank_cells():
    rows, refused = read("email,timestamp,hw3/5c.loaddisk_ns,1b.constant\n"
                         "alice@x,9:00,50,\\sqrt{\\pi/2}/d_1\n"
                         "bob@x,9:05,,1/d_1\n")
    assert not refused
    assert [(r.student, r.part, r.slot, r.answer, r.line) for r in rows] == [
        ("alice@x", "hw3/5c", "loaddisk_ns", "50", 2), ("alice@x", "hw3/1b", "constant", "\\sqrt{\\pi/2}/d_1", 2),
        ("bob@x", "hw3/1b", "constant", "1/d_1", 3)]
    assert len({r.row_id for r in rows}) == 3


def test_bad_rows_are_refused_with_their_line_numbers_and_the_rest_is_read():
    rows, refused = read("student,part,slot,answer\n"
                         "alice,hw3/5c,loaddisk_ns,50\n"
                         "bob,hw3/5c,loaddisk_ns\n"          # a field short
                         ",hw3/5c,loaddisk_ns,50\n"          # no student
                         "carol,hw3/9z,foo,1\n"              # unknown part
                         "dave,hw3/1b,nope,1\n"              # unknown slot
                         "erin,hw3/5c,loaddisk_ns,40\n")
    assert [r.student for r in rows] == ["alice", "erin"]
    assert [(r.line, r.reason.split(":")[0] if ":" in r.reason else r.reason) for r in refused][:2] == [
        (3, "line 3 has 3 fields; the header has 4"), (4, "line 4 names no student")]
    assert [r.line for r in refused] == [3, 4, 5, 6]
    assert "'hw3/9z' is not a known part" in refused[2].reason and "no slot 'nope'" in refused[3].reason


def test_bytes_that_are_not_utf8_refuse_their_row_only():
    rows, refused = read(b"student,part,slot,answer\nalice,hw3/5c,loaddisk_ns,5\xff0\nbob,hw3/5c,loaddisk_ns,50\n")
    assert [r.student for r in rows] == ["bob"] and refused[0].line == 2 and "not UTF-8" in refused[0].reason


def test_a_broken_quote_refuses_the_rest_of_the_file_with_a_line_number():
    rows, refused = read('student,part,slot,answer\nalice,hw3/5c,loaddisk_ns,50\nbob,hw3/5c,loaddisk_ns,"50\n')
    assert [r.student for r in rows] == ["alice"] and refused and refused[0].line == 3


@pytest.mark.parametrize("text, name, message", [
    ("", "class.csv", "is empty"),
    ("\n\n", "class.csv", "is empty"),
    ("student,part,slot,answer\nalice,hw3/5c,loaddisk_ns,50\n", "class.jsonl", "named as JSON Lines"),
    ('{"student": "a"}\n', "class.csv", "first line is a JSON object"),
    ("name,score\nalice,3\n", "class.csv", "a long form has student, part, slot, answer"),
])
def test_a_file_that_is_not_submissions_is_one_clear_error(text, name, message):
    with pytest.raises(SubmissionsError, match=message):
        read(text, name)


def test_json_lines_that_are_not_objects_are_refused():
    rows, refused = read('{"student": "a", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": "50"}\n[1, 2]\n'
                         '{"student": "b", "part": "hw3/5c", "slot": "loaddisk_ns", "answer": 50}\nnot json\n',
                         "class.jsonl")
    assert [(r.student, r.answer) for r in rows] == [("a", "50"), ("b", "50")]
    assert [r.line for r in refused] == [2, 4]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["class.csv", "class.tsv", "class.jsonl", "class"]))
def test_any_bytes_give_rows_refusals_or_one_clear_error(data, name):
    try:
        rows, refused = read(b"student,part,slot,answer\n" + data, name)
    except SubmissionsError:
        return
    assert all(row.student and row.part in PARTS for row in rows)
    assert all(refusal.line >= 2 and refusal.reason for refusal in refused)
