"""Verdicts of ``derive grade`` and ``derive compare``: a block of text per verdict, or JSON."""
from __future__ import annotations

import json
from typing import Sequence

from graders.verdict import Verdict


def verdicts_text(verdicts: Sequence[Verdict]) -> str:
    """Status and points, then what was read, the reference, the method and the feedback."""
    lines = []
    for verdict in verdicts:
        lines += [f"{verdict.problem} {verdict.slot}: {verdict.status} ({verdict.points:g}/{verdict.max_points:g})",
                  f"  read as:   {verdict.interpreted_as or '-'}",
                  f"  reference: {verdict.reference or '-'}",
                  f"  method:    {verdict.method}",
                  f"  feedback:  {verdict.feedback}"]
    return "\n".join(lines)


def verdicts_json(verdicts: Sequence[Verdict]) -> str:
    """One JSON document: the verdict object for one verdict, a list for several."""
    documents = [v.to_json() for v in verdicts]
    return json.dumps(documents[0] if len(documents) == 1 else documents, indent=2, ensure_ascii=False)


def verdicts_list_json(verdicts: Sequence[Verdict]) -> str:
    """One JSON document that is always a list, in input order (``--answers``, even for one answer)."""
    return json.dumps([v.to_json() for v in verdicts], indent=2, ensure_ascii=False)


def verdicts_jsonl(verdicts: Sequence[Verdict]) -> str:
    """One verdict object a line (``--pairs``)."""
    return "\n".join(json.dumps(v.to_json(), ensure_ascii=False) for v in verdicts)
