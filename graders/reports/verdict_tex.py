"""A verdict typeset for a PDF: what was written (literally), what was read, the reference, the verdict, why.

Everything that came from an answer is untrusted: the written text is escaped character by character, and
a formula (what was read, the reference) is set as math only when it passes the allowlist of
``derive.typeset.escape.safe_math``; otherwise its characters are shown as text.
"""
from __future__ import annotations

from typing import Mapping

from derive.typeset.escape import math_or_text, untrusted_text

_STATUS = {"correct": r"\textcolor{green!45!black}{\checkmark\ correct}",
           "partial": r"\textcolor{orange!80!black}{partial}",
           "incorrect": r"\textcolor{red!70!black}{\texttimes\ incorrect}",
           "needs_review": r"\textcolor{orange!80!black}{needs review}",
           "unparseable": r"\textcolor{orange!80!black}{unparseable}",
           "error": r"\textcolor{red!70!black}{error}",
           "not_answered": r"\textcolor{gray}{not answered}",
           "unanswered": r"\textcolor{gray}{not answered}"}


def status_tex(status: str) -> str:
    """A verdict status, coloured (an unknown status printed literally)."""
    return r"\status{" + _STATUS.get(status, untrusted_text(str(status), 40)) + "}"


def _points(value: object) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else untrusted_text(str(value), 20)


def verdict_tex(verdict: Mapping[str, object], heading: str, written: str | None = None) -> str:
    """One verdict (its ``to_json`` dict) as a small table under ``heading`` (plain text, escaped)."""
    written = written if written is not None else str(verdict.get("raw") or "")
    read = str(verdict.get("interpreted_as") or "")
    reference = str(verdict.get("reference") or "")
    rows = [
        (r"written", rf"\texttt{{{untrusted_text(written)}}}" if written else r"\emph{(nothing)}"),
        (r"read as", math_or_text(read) if read else r"\emph{nothing could be read; the text is shown above}"),
        (r"expected", math_or_text(reference) if reference else "---"),
        (r"feedback", untrusted_text(str(verdict.get("feedback") or ""), 3000)),
        (r"decided by", rf"\texttt{{{untrusted_text(str(verdict.get('method') or ''), 80)}}}"),
    ]
    body = "\n".join(rf"{{\footnotesize\sffamily {label}}} & {value} \\" for label, value in rows)
    title = (rf"\textbf{{{untrusted_text(heading, 200)}}}\quad {status_tex(str(verdict.get('status')))}\quad "
             rf"{_points(verdict.get('points', 0))}/{_points(verdict.get('max_points', 0))} pts")
    return "\n".join([
        r"\begin{longtable}{@{}>{\raggedright\arraybackslash}p{0.13\textwidth}"
        r">{\raggedright\arraybackslash}p{0.83\textwidth}@{}}",
        rf"\multicolumn{{2}}{{@{{}}l}}{{{title}}}\\*[2pt]",
        body,
        r"\end{longtable}",
    ])
